"""Reads an `export graphml` file with networkx and checks it against the
`export json` of the same selection: every node and edge present, with the
same attribute values and types (docs/interop.md, "GraphML"), parallel
edges apart under their ids, the sources and schema as graph data.

Prints a JSON summary on stdout; exits 1 with every difference on stderr.
The expected attributes (`node_attributes`, `edge_attributes`) are the
documented mapping, also used by check_gexf.py.
"""

import argparse
import json
import sys
from collections import Counter

import networkx as nx

# Attributes holding a JSON text: compared after parsing.
JSON_ATTRIBUTES = {"aliases", "tags", "sources", "milestones"}


def time_attributes(record):
    out = {}
    if "date" in record:
        out["date"] = record["date"]["text"]
        out["date_precision"] = record["date"]["precision"]
    if "period" in record:
        start = record["period"]["start"]
        out["period_start"] = start["text"]
        out["period_start_precision"] = start["precision"]
        end = record["period"].get("end")
        if end is not None:
            out["period_end"] = end["text"]
            out["period_end_precision"] = end["precision"]
    for day in ("valid_from", "valid_to"):
        if day in record:
            out[day] = record[day]
    return out


def node_attributes(node, milestones):
    out = {
        "kind": node["kind"],
        "name": node["name"],
        "aliases": node["aliases"],
        "tags": node["tags"],
        "sources": node["sources"],
    }
    for field in ("description", "jurisdiction", "status", "current_status", "quote"):
        if field in node:
            out[field] = node[field]
    out.update(time_attributes(node))
    if milestones:
        out["milestones"] = milestones
    return out


def edge_attributes(edge):
    out = {"kind": edge["kind"], "sources": edge["sources"]}
    out.update(time_attributes(edge))
    if "amount" in edge:
        amount = edge["amount"]
        out["amount_value"] = amount["value"]
        out["amount_minor_units"] = amount["minor_units"]
        out["currency"] = amount["currency"]
        out["amount_status"] = amount["status"]
    for field in ("quote", "note"):
        if field in edge:
            out[field] = edge[field]
    return out


def milestones_by_regulation(document):
    by = {}
    for m in document["milestones"]:
        by.setdefault(m["regulation"], []).append(m)
    return by


def compare(what, read, expected, problems, ignore=()):
    """`read` (networkx's attribute dict) against `expected`, values and
    Python types (str for text and JSON, int for amounts)."""
    checked = 0
    for name in sorted(set(read) | set(expected)):
        if name in ignore:
            continue
        if name not in read:
            problems.append(f"{what}: attribute `{name}` missing (expected {expected[name]!r})")
            continue
        if name not in expected:
            problems.append(f"{what}: unexpected attribute `{name}` = {read[name]!r}")
            continue
        value, want = read[name], expected[name]
        if name in JSON_ATTRIBUTES:
            if not isinstance(value, str):
                problems.append(f"{what}: `{name}` is {type(value).__name__}, not a JSON string")
                continue
            try:
                value = json.loads(value)
            except ValueError as error:
                problems.append(f"{what}: `{name}` is not JSON ({error}): {value!r}")
                continue
        elif type(value) is not type(want):
            problems.append(
                f"{what}: `{name}` read as {type(value).__name__} {value!r}, "
                f"expected {type(want).__name__} {want!r}"
            )
            continue
        if value != want:
            problems.append(f"{what}: `{name}` = {value!r}, expected {want!r}")
        checked += 1
    return checked


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graphml", required=True, help="the export graphml file")
    parser.add_argument("--json", required=True, help="the export json of the same selection")
    args = parser.parse_args()

    with open(args.json, encoding="utf-8") as f:
        document = json.load(f)
    graph = nx.read_graphml(args.graphml, force_multigraph=True)
    problems = []
    if not isinstance(graph, nx.MultiDiGraph):
        problems.append(f"read as {type(graph).__name__}, not a MultiDiGraph")

    if graph.graph.get("schema") != document["schema"]:
        problems.append(f"graph `schema` = {graph.graph.get('schema')!r}")
    try:
        sources = json.loads(graph.graph.get("sources", "null"))
    except ValueError as error:
        sources = None
        problems.append(f"graph `sources` is not JSON: {error}")
    if sources != document["sources"]:
        problems.append(f"graph `sources` differ from the JSON export's: {sources!r}")

    milestones = milestones_by_regulation(document)
    checked = 0
    ids = {n["id"] for n in document["nodes"]}
    if set(graph.nodes) != ids:
        problems.append(
            f"nodes differ: missing {sorted(ids - set(graph.nodes))[:10]}, "
            f"extra {sorted(set(graph.nodes) - ids)[:10]}"
        )
    for node in document["nodes"]:
        if node["id"] in graph:
            checked += compare(
                f"node {node['id']!r}",
                graph.nodes[node["id"]],
                node_attributes(node, milestones.get(node["id"], [])),
                problems,
            )

    read_edges = {(u, v, k) for u, v, k in graph.edges(keys=True)}
    want_edges = {(e["from"], e["to"], e["id"]) for e in document["edges"]}
    if read_edges != want_edges or graph.number_of_edges() != len(document["edges"]):
        problems.append(
            f"edges differ ({graph.number_of_edges()} read, {len(document['edges'])} expected): "
            f"missing {sorted(want_edges - read_edges)[:10]}, extra {sorted(read_edges - want_edges)[:10]}"
        )
    for edge in document["edges"]:
        key = (edge["from"], edge["to"], edge["id"])
        if key in read_edges:
            checked += compare(f"edge {edge['id']!r}", graph.edges[key], edge_attributes(edge), problems)

    pairs = Counter((u, v) for u, v, _ in read_edges)
    if problems:
        print(f"{len(problems)} problems reading {args.graphml} with networkx:", file=sys.stderr)
        for p in problems[:50]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    json.dump(
        {
            "graph": type(graph).__name__,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "parallel_edges": sum(c for c in pairs.values() if c > 1),
            "values_checked": checked,
            "sources": len(sources),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
