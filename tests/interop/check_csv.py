"""Loads a folder written by `reggraph export csv` into Kuzu (its fork
`real_ladybug`, or `kuzu`) or DuckDB, asks the graph questions in the
engine's own language, and prints the answers and the records as the
engine read them back, as JSON on stdout.

The load statements here are the ones docs/interop.md documents.
Exits non-zero with a message on any problem."""

import argparse
import importlib
import json
import os
import sys

import graph_answers

DELIMITER = "\x1f"

# The columns of each file, in order, with the engine type each is read as.
# List columns are read as text and split on the delimiter.
NODES = [
    ("id", "STRING"), ("label", "STRING"), ("kind", "STRING"), ("name", "STRING"),
    ("aliases", "LIST"), ("description", "STRING"), ("tags", "LIST"),
    ("date", "STRING"), ("date_precision", "STRING"),
    ("period_start", "STRING"), ("period_start_precision", "STRING"),
    ("period_end", "STRING"), ("period_end_precision", "STRING"),
    ("valid_from", "DATE"), ("valid_to", "DATE"),
    ("jurisdiction", "STRING"), ("status", "STRING"), ("current_status", "STRING"),
    ("sources", "LIST"), ("quote", "STRING"),
]
EDGES = [
    ("src", "STRING"), ("dst", "STRING"), ("type", "STRING"), ("id", "STRING"),
    ("kind", "STRING"),
    ("date", "STRING"), ("date_precision", "STRING"),
    ("period_start", "STRING"), ("period_start_precision", "STRING"),
    ("period_end", "STRING"), ("period_end_precision", "STRING"),
    ("valid_from", "DATE"), ("valid_to", "DATE"),
    ("amount", "INT64"), ("amount_value", "INT64"), ("currency", "STRING"),
    ("amount_status", "STRING"), ("sources", "LIST"), ("quote", "STRING"), ("note", "STRING"),
]
MILESTONES = [
    ("id", "STRING"), ("label", "STRING"), ("regulation", "STRING"), ("stage", "STRING"),
    ("date", "STRING"), ("date_precision", "STRING"), ("first_day", "DATE"),
    ("last_day", "DATE"), ("actual", "BOOLEAN"), ("note", "STRING"), ("sources", "LIST"),
]
SOURCES = [
    ("id", "STRING"), ("label", "STRING"), ("title", "STRING"), ("publisher", "STRING"),
    ("type", "STRING"), ("published", "STRING"), ("published_precision", "STRING"),
    ("published_first_day", "DATE"), ("published_last_day", "DATE"),
    ("url", "STRING"), ("language", "STRING"), ("note", "STRING"),
]
TABLES = {"nodes": NODES, "edges": EDGES, "milestones": MILESTONES, "sources": SOURCES}


def fail(message):
    print(f"check_csv: {message}", file=sys.stderr)
    sys.exit(1)


def check_header(folder, table, columns):
    """The header must name the columns in this order (Neo4j syntax)."""
    with open(os.path.join(folder, f"{table}.csv"), encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\n").split(",")
    names = []
    for cell in header:
        name, _, _ = cell.partition(":")
        if not name:  # :LABEL, :TYPE, :START_ID(Node), :END_ID(Node)
            name = {":LABEL": "label", ":TYPE": "type", ":START_ID(Node)": "src",
                    ":END_ID(Node)": "dst"}.get(cell, cell)
        names.append(name)
    expected = [c for c, _ in columns]
    if names != expected:
        fail(f"{table}.csv: header {header} names {names}, expected {expected}")


# ---- Kuzu (real_ladybug or kuzu) -------------------------------------------------

def kuzu_type(t):
    return "STRING[]" if t == "LIST" else t


def kuzu_value(name, t):
    if t == "LIST":
        return f"CASE WHEN {name} IS NULL THEN CAST([] AS STRING[]) ELSE string_split({name}, '{DELIMITER}') END"
    if t == "STRING":
        return name
    return f"CAST({name} AS {t})"


def kuzu_load(module, folder):
    """Kuzu reads `name:type` headers as its own column types, so each file
    is read with its columns named (all as text), then converted."""
    kuzu = importlib.import_module(module)
    db = kuzu.Database(":memory:")
    con = kuzu.Connection(db)

    def ddl(columns, skip=0, primary=True):
        parts = []
        for i, (name, t) in enumerate(columns[skip:]):
            extra = " PRIMARY KEY" if primary and i == 0 else ""
            parts.append(f"{name} {kuzu_type(t)}{extra}")
        return ", ".join(parts)

    def copy(table, file, columns):
        path = os.path.join(folder, file).replace("'", "\\'")
        text = ", ".join(f"{name} STRING" for name, _ in columns)
        values = ", ".join(kuzu_value(name, t) for name, t in columns)
        con.execute(
            f"COPY {table} FROM (LOAD WITH HEADERS ({text}) FROM '{path}' "
            f"(header=true, parallel=false) RETURN {values})"
        )

    con.execute(f"CREATE NODE TABLE Node({ddl(NODES)})")
    con.execute(f"CREATE NODE TABLE Milestone({ddl(MILESTONES)})")
    con.execute(f"CREATE NODE TABLE Source({ddl(SOURCES)})")
    con.execute(f"CREATE REL TABLE Edge(FROM Node TO Node, {ddl(EDGES, skip=2, primary=False)})")
    copy("Node", "nodes.csv", NODES)
    copy("Milestone", "milestones.csv", MILESTONES)
    copy("Source", "sources.csv", SOURCES)
    copy("Edge", "edges.csv", EDGES)
    return con


def kuzu_rows(con, query, params=None):
    result = con.execute(query, params or {})
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def kuzu_answers(con, centre, start, end):
    two_hop = sorted(
        r[0]
        for r in kuzu_rows(
            con,
            "MATCH (a:Node {id: $id})-[:Edge*1..2]-(b:Node) WHERE b.id <> $id "
            "RETURN DISTINCT b.id",
            {"id": centre},
        )
    )
    paths = kuzu_rows(
        con,
        "MATCH p = (a:Node {id: $a})-[:Edge* ALL SHORTEST 1..30]-(b:Node {id: $b}) "
        "RETURN properties(nodes(p), 'id')",
        {"a": start, "b": end},
    )
    shortest = sorted({tuple(r[0]) for r in paths})
    return two_hop, [list(p) for p in shortest]


def kuzu_records(con):
    def table(query, columns):
        return [dict(zip(columns, r)) for r in kuzu_rows(con, query)]

    nodes = table(
        "MATCH (n:Node) RETURN " + ", ".join(f"n.{c}" for c, _ in NODES), [c for c, _ in NODES]
    )
    edge_props = [c for c, _ in EDGES[2:]]
    edges = table(
        "MATCH (a:Node)-[e:Edge]->(b:Node) RETURN a.id, b.id, "
        + ", ".join(f"e.{c}" for c in edge_props),
        ["src", "dst"] + edge_props,
    )
    milestones = table(
        "MATCH (m:Milestone) RETURN " + ", ".join(f"m.{c}" for c, _ in MILESTONES),
        [c for c, _ in MILESTONES],
    )
    sources = table(
        "MATCH (s:Source) RETURN " + ", ".join(f"s.{c}" for c, _ in SOURCES),
        [c for c, _ in SOURCES],
    )
    return {"nodes": nodes, "edges": edges, "milestones": milestones, "sources": sources}


# ---- DuckDB ---------------------------------------------------------------------

def duckdb_type(t):
    return {"STRING": "VARCHAR", "LIST": "VARCHAR", "INT64": "BIGINT"}.get(t, t)


def duckdb_load(folder):
    import duckdb

    con = duckdb.connect()
    for table, columns in TABLES.items():
        path = os.path.join(folder, f"{table}.csv")
        types = "{" + ", ".join(f"'{c}': '{duckdb_type(t)}'" for c, t in columns) + "}"
        values = ", ".join(
            f"coalesce(string_split({c}, chr(31)), []) AS {c}" if t == "LIST" else c
            for c, t in columns
        )
        con.execute(
            f"CREATE TABLE {table} AS SELECT {values} FROM read_csv($path, header = true, "
            f"delim = ',', quote = '\"', escape = '\"', columns = {types})",
            {"path": path},
        )
    return con


def duckdb_records(con):
    out = {}
    for table, columns in TABLES.items():
        names = [c for c, _ in columns]
        rows = con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
        out[table] = [dict(zip(names, r)) for r in rows]
    return out


# ---- both -----------------------------------------------------------------------

def plain(value):
    """Engine values as JSON: days as YYYY-MM-DD, lists as lists (a missing
    list is an empty one)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--engine", choices=["real_ladybug", "kuzu", "duckdb"], required=True)
    parser.add_argument("--two-hop", metavar="ID", required=True)
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"), required=True)
    parser.add_argument("--records", action="store_true", help="print every record read back")
    args = parser.parse_args()

    for table, columns in TABLES.items():
        check_header(args.folder, table, columns)
    try:
        if args.engine == "duckdb":
            con = duckdb_load(args.folder)
            two_hop = graph_answers.two_hop(con, args.two_hop)
            paths = graph_answers.shortest_paths(con, *args.path)
            records = duckdb_records(con) if args.records else None
        else:
            con = kuzu_load(args.engine, args.folder)
            two_hop, paths = kuzu_answers(con, args.two_hop, *args.path)
            records = kuzu_records(con) if args.records else None
    except Exception as error:  # the engine's own message, with its kind
        fail(f"{args.engine}: {type(error).__name__}: {error}")

    answer = {"engine": args.engine, "two_hop": two_hop, "shortest_paths": paths}
    if records is not None:
        answer["records"] = {
            table: sorted(
                ({k: plain(v) for k, v in row.items()} for row in rows),
                key=lambda r: r["id"],
            )
            for table, rows in records.items()
        }
    json.dump(answer, sys.stdout, ensure_ascii=False, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
