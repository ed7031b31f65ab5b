"""Runs an `export cypher` script in FalkorDB (embedded, falkordblite) and
checks it against the `export json` of the same selection.

The script is Neo4j 5 Cypher, one statement per line; FalkorDB takes its
constraints through a redis command instead, so every statement runs but
the `CREATE CONSTRAINT` lines, and this makes FalkorDB's own (an index,
then `GRAPH.CONSTRAINT CREATE ... UNIQUE`). The script runs twice: the
second run must create nothing. Then: node, relationship, milestone and
source counts, every property equal to the JSON record's, and the answers
to the 2-hop neighbourhood and the shortest paths asked for, printed as
JSON on stdout. Exits non-zero with a message on any problem.
"""

import argparse
import datetime
import json
import os
import sys
import shutil
import tempfile

from redislite.falkordb_client import FalkorDB


def fail(message: str) -> None:
    print(f"check_cypher: {message}", file=sys.stderr)
    sys.exit(1)


def statements(path: str) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("//"):
                continue
            if not line.endswith(";"):
                fail(f"{path}:{number}: a statement that does not end its line with ;")
            if line.startswith("CREATE CONSTRAINT "):
                continue
            out.append(line[:-1])
    return out


def bounds(props: dict, key: str, precision: str, value: dict | None) -> None:
    if value is not None:
        props[key] = value["text"]
        props[precision] = value["precision"]


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def time(props: dict, record: dict) -> None:
    bounds(props, "date", "date_precision", record.get("date"))
    period = record.get("period")
    if period:
        bounds(props, "period_start", "period_start_precision", period["start"])
        bounds(props, "period_end", "period_end_precision", period.get("end"))
    if record.get("valid_from"):
        props["valid_from"] = day(record["valid_from"])
    if record.get("valid_to"):
        props["valid_to"] = day(record["valid_to"])


def optional(props: dict, record: dict, *keys: str) -> None:
    for key in keys:
        if record.get(key) is not None:
            props[key] = record[key]


def expected_node(n: dict) -> dict:
    props = {"id": n["id"], "kind": n["kind"], "name": n["name"], "aliases": n["aliases"],
             "tags": n["tags"], "sources": n["sources"]}
    optional(props, n, "description", "jurisdiction", "status", "current_status", "quote")
    time(props, n)
    return props


def expected_edge(e: dict) -> dict:
    props = {"id": e["id"], "kind": e["kind"], "sources": e["sources"]}
    optional(props, e, "quote", "note")
    time(props, e)
    amount = e.get("amount")
    if amount:
        props["amount"] = amount["value"]
        props["amount_minor_units"] = amount["minor_units"]
        props["currency"] = amount["currency"]
        props["amount_status"] = amount["status"]
    return props


def expected_milestone(m: dict) -> dict:
    props = {"id": m["id"], "regulation": m["regulation"], "stage": m["stage"],
             "actual": m["actual"], "sources": m["sources"],
             "valid_from": day(m["date"]["first_day"]), "valid_to": day(m["date"]["last_day"])}
    bounds(props, "date", "date_precision", m["date"])
    optional(props, m, "note")
    return props


def expected_source(s: dict) -> dict:
    props = {"id": s["id"], "title": s["title"]}
    optional(props, s, "publisher", "url", "language", "note")
    if s.get("type") is not None:
        props["type"] = s["type"]
    if s.get("published"):
        bounds(props, "published", "published_precision", s["published"])
        props["published_from"] = day(s["published"]["first_day"])
        props["published_to"] = day(s["published"]["last_day"])
    return props


def label(kind: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in kind.split("-"))


def compare(what: str, got: dict, want: dict, problems: list) -> None:
    if got != want:
        keys = sorted(set(got) | set(want))
        diff = {k: (got.get(k), want.get(k)) for k in keys if got.get(k) != want.get(k)}
        problems.append(f"{what}: (in FalkorDB, in the JSON) differ: {diff!r}")


def run_script(graph, script: list[str]) -> tuple[int, int]:
    nodes = relationships = 0
    for number, statement in enumerate(script, 1):
        try:
            result = graph.query(statement)
        except Exception as error:  # noqa: BLE001 - FalkorDB raises ResponseError
            fail(f"statement {number} failed: {error}\n{statement[:300]}")
        nodes += int(result.nodes_created)
        relationships += int(result.relationships_created)
    return nodes, relationships


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("script", help="the export cypher script")
    parser.add_argument("--json", required=True, help="export json of the same selection")
    parser.add_argument("--two-hop", help="a node id: print the ids 2 hops away")
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"),
                        help="print every shortest path between two node ids")
    parser.add_argument("--once", action="store_true",
                        help="run the script once only (no second, idempotence run)")
    args = parser.parse_args()

    with open(args.json, encoding="utf-8") as handle:
        records = json.load(handle)
    script = statements(args.script)

    folder = tempfile.mkdtemp(prefix="check-cypher-")
    db = FalkorDB(os.path.join(folder, "graph.rdb"))
    try:
        graph = db.select_graph("reggraph")
        for name in ("Node", "Milestone", "Source"):
            graph.query(f"CREATE INDEX FOR (n:{name}) ON (n.id)")
            db.execute_command("GRAPH.CONSTRAINT", "CREATE", "reggraph", "UNIQUE", "NODE",
                               name, "PROPERTIES", "1", "id")

        created = run_script(graph, script)
        want_nodes = len(records["nodes"]) + len(records["milestones"]) + len(records["sources"])
        want_rels = len(records["edges"]) + len(records["milestones"])
        if created != (want_nodes, want_rels):
            fail(f"the script created {created} nodes and relationships, not {(want_nodes, want_rels)}")
        again = (0, 0) if args.once else run_script(graph, script)
        if again != (0, 0):
            fail(f"running the script again created {again[0]} nodes and {again[1]} relationships")

        def query(text: str, params: dict | None = None) -> list:
            return graph.query(text, params or {}).result_set

        problems: list[str] = []
        counts = {
            "nodes": query("MATCH (n:Node) RETURN count(n)")[0][0],
            "edges": query("MATCH (:Node)-[r]->(:Node) RETURN count(r)")[0][0],
            "milestones": query("MATCH (:Node)-[:HAS_MILESTONE]->(m:Milestone) RETURN count(m)")[0][0],
            "sources": query("MATCH (n:Source) RETURN count(n)")[0][0],
        }
        for key, value in counts.items():
            if value != len(records[key]):
                problems.append(f"{value} {key} in FalkorDB, {len(records[key])} in the JSON")

        nodes = {row[0]: (row[1], row[2]) for row in
                 query("MATCH (n:Node) RETURN n.id, labels(n), properties(n)")}
        for n in records["nodes"]:
            got = nodes.get(n["id"])
            if got is None:
                problems.append(f"node {n['id']} missing")
                continue
            if sorted(got[0]) != sorted(["Node", label(n["kind"])]):
                problems.append(f"node {n['id']}: labels {got[0]}")
            compare(f"node {n['id']}", got[1], expected_node(n), problems)

        edges = {row[0]: row[1:] for row in query(
            "MATCH (a:Node)-[r]->(b:Node) RETURN r.id, a.id, type(r), b.id, properties(r)")}
        for e in records["edges"]:
            got = edges.get(e["id"])
            if got is None:
                problems.append(f"edge {e['id']} missing")
                continue
            a, kind, b, props = got
            if (a, b) != (e["from"], e["to"]) or kind != e["kind"].upper().replace("-", "_"):
                problems.append(f"edge {e['id']}: ({a})-[:{kind}]->({b})")
            compare(f"edge {e['id']}", props, expected_edge(e), problems)

        milestones = {row[0]: row[1] for row in query("MATCH (m:Milestone) RETURN m.id, properties(m)")}
        for m in records["milestones"]:
            compare(f"milestone {m['id']}", milestones.get(m["id"], {}), expected_milestone(m), problems)
        sources = {row[0]: row[1] for row in query("MATCH (s:Source) RETURN s.id, properties(s)")}
        for s in records["sources"]:
            compare(f"source {s['id']}", sources.get(s["id"], {}), expected_source(s), problems)
        if problems:
            fail(f"{len(problems)} problems:\n" + "\n".join(problems[:30]))

        answer: dict = {"counts": counts}
        if args.two_hop:
            params = {"id": args.two_hop}
            one = {r[0] for r in query("MATCH (:Node {id: $id})--(m:Node) RETURN DISTINCT m.id", params)}
            two = {r[0] for r in query(
                "MATCH (:Node {id: $id})--(:Node)--(n:Node) RETURN DISTINCT n.id", params)}
            answer["two_hop"] = sorted((one | two) - {args.two_hop})
        if args.path:
            rows = query(
                "MATCH (a:Node {id: $from}), (b:Node {id: $to}) "
                "WITH a, b MATCH p = allShortestPaths((a)-[*]-(b)) "
                "RETURN [n IN nodes(p) | n.id], [n IN nodes(p) | 'Node' IN labels(n)]",
                {"from": args.path[0], "to": args.path[1]},
            )
            paths = sorted({tuple(r[0]) for r in rows if all(r[1])})
            answer["shortest_paths"] = [list(p) for p in paths]
        print(json.dumps(answer, ensure_ascii=False, sort_keys=True))
    finally:
        db.close()
        # The database folder goes with the check: nothing is left in /tmp.
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
