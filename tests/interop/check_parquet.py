"""Reads a folder written by `reggraph export parquet`: checks each file's
column types with pyarrow (dates date32, amounts int64, lists
list<string>, ids not null), then loads the files into DuckDB and asks
it the 2-hop neighbourhood of a node and every shortest path between
two nodes (edges either way), and reads every record back. Prints the
answers as JSON on stdout; exits non-zero with a message on any problem."""

import argparse
import json
import os
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

import graph_answers

S, D, L, B, I = pa.string(), pa.date32(), pa.list_(pa.field("item", pa.string(), nullable=False)), pa.bool_(), pa.int64()
TIME = [("date", S), ("date_precision", S), ("period_start", S), ("period_start_precision", S),
        ("period_end", S), ("period_end_precision", S), ("valid_from", D), ("valid_to", D)]
SCHEMAS = {
    "nodes": [("id", S), ("label", S), ("kind", S), ("name", S), ("aliases", L),
              ("description", S), ("tags", L)] + TIME
             + [("jurisdiction", S), ("status", S), ("current_status", S), ("sources", L), ("quote", S)],
    "edges": [("src", S), ("dst", S), ("type", S), ("id", S), ("kind", S)] + TIME
             + [("amount", I), ("amount_value", I), ("currency", S), ("amount_status", S),
                ("sources", L), ("quote", S), ("note", S)],
    "milestones": [("id", S), ("label", S), ("regulation", S), ("stage", S), ("date", S),
                   ("date_precision", S), ("first_day", D), ("last_day", D), ("actual", B),
                   ("note", S), ("sources", L)],
    "sources": [("id", S), ("label", S), ("title", S), ("publisher", S), ("type", S),
                ("published", S), ("published_precision", S), ("published_first_day", D),
                ("published_last_day", D), ("url", S), ("language", S), ("note", S)],
}
# Columns every record has, declared not null (lists are never null either).
NOT_NULL = {
    "nodes": {"id", "label", "kind", "name", "aliases", "tags", "sources"},
    "edges": {"src", "dst", "type", "id", "kind", "sources"},
    "milestones": {"id", "label", "regulation", "stage", "date", "date_precision",
                   "first_day", "last_day", "actual", "sources"},
    "sources": {"id", "label", "title"},
}


def fail(message):
    print(f"check_parquet: {message}", file=sys.stderr)
    sys.exit(1)


def check_types(folder):
    for table, columns in SCHEMAS.items():
        schema = pq.read_schema(os.path.join(folder, f"{table}.parquet"))
        got = [(f.name, f.type) for f in schema]
        if got != columns:
            fail(f"{table}.parquet: columns {got}, expected {columns}")
        nullable = {f.name for f in schema if f.nullable}
        expected = {c for c, _ in columns} - NOT_NULL[table]
        if nullable != expected:
            fail(f"{table}.parquet: nullable columns {sorted(nullable)}, expected {sorted(expected)}")


def plain(value):
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
    parser.add_argument("--two-hop", metavar="ID", required=True)
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"), required=True)
    parser.add_argument("--records", action="store_true", help="print every record read back")
    args = parser.parse_args()

    check_types(args.folder)
    con = duckdb.connect()
    try:
        for table in SCHEMAS:
            path = os.path.join(args.folder, f"{table}.parquet").replace("'", "''")
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{path}')")
        answer = {
            "two_hop": graph_answers.two_hop(con, args.two_hop),
            "shortest_paths": graph_answers.shortest_paths(con, *args.path),
        }
        if args.records:
            answer["records"] = {}
            for table, columns in SCHEMAS.items():
                names = [c for c, _ in columns]
                rows = con.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY id").fetchall()
                answer["records"][table] = [
                    {n: plain(v) for n, v in zip(names, row)} for row in rows
                ]
    except duckdb.Error as error:
        fail(f"duckdb: {type(error).__name__}: {error}")
    json.dump(answer, sys.stdout, ensure_ascii=False, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
