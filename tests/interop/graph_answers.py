"""Graph questions asked in DuckDB SQL, shared by check_csv.py and
check_parquet.py: the 2-hop neighbourhood of a node and every shortest
path between two nodes, edges walked either way, over a table `edges`
with `src` and `dst` columns and a table `nodes` with `id`."""

MAX_DEPTH = 64


def two_hop(con, centre):
    rows = con.execute(
        """
        WITH u AS (SELECT src AS a, dst AS b FROM edges
                   UNION ALL SELECT dst AS a, src AS b FROM edges),
             one AS (SELECT DISTINCT b AS n FROM u WHERE a = $centre),
             two AS (SELECT DISTINCT u.b AS n FROM u JOIN one ON u.a = one.n)
        SELECT DISTINCT n FROM (SELECT n FROM one UNION SELECT n FROM two)
        WHERE n <> $centre ORDER BY n
        """,
        {"centre": centre},
    ).fetchall()
    return [r[0] for r in rows]


def shortest_paths(con, start, end):
    """Every shortest path from start to end as a list of ids, sorted.
    Distances from both ends by breadth-first search (recursive CTEs);
    the paths walk only nodes on some shortest path."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE u AS
            SELECT src AS a, dst AS b FROM edges WHERE src <> dst
            UNION SELECT dst AS a, src AS b FROM edges WHERE src <> dst
        """
    )
    for name, origin in (("dist_from", start), ("dist_to", end)):
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {name} AS
            WITH RECURSIVE bfs(n, d) USING KEY (n) AS (
                SELECT $origin, 0
                UNION
                SELECT u.b, bfs.d + 1 FROM bfs JOIN u ON u.a = bfs.n
                LEFT JOIN recurring.bfs AS seen ON seen.n = u.b
                WHERE seen.n IS NULL AND bfs.d < {MAX_DEPTH}
            )
            SELECT n, d FROM bfs
            """,
            {"origin": origin},
        )
    found = con.execute("SELECT d FROM dist_from WHERE n = $end", {"end": end}).fetchone()
    if found is None:
        return []
    length = found[0]
    rows = con.execute(
        """
        WITH RECURSIVE on_path AS (
            SELECT f.n, f.d FROM dist_from f JOIN dist_to t ON f.n = t.n
            WHERE f.d + t.d = $length
        ),
        walk(n, d, path) AS (
            SELECT $start, 0, [$start]
            UNION ALL
            SELECT u.b, walk.d + 1, list_append(walk.path, u.b)
            FROM walk JOIN u ON u.a = walk.n
            JOIN on_path p ON p.n = u.b AND p.d = walk.d + 1
        )
        SELECT DISTINCT path FROM walk WHERE n = $end AND d = $length ORDER BY path
        """,
        {"start": start, "end": end, "length": length},
    ).fetchall()
    return sorted(list(r[0]) for r in rows)
