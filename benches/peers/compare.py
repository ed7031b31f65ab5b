"""Ask reggraph and other graph tools the same questions on one generated
folder, check that they give the same answers, and print one table.

Usage (see run.sh):
  compare.py DATA_DIR QUERY_TIMING_BINARY REGGRAPH_BINARY WORK_DIR

The peers (networkx, rustworkx, igraph, Kuzu and LadybugDB, Kuzu's
maintained fork) load the folder's JSON twin (DATA_DIR/twin.json);
reggraph loads the RON files (in process, `examples/query_timing`) or its
warm snapshot (the real command, fresh process). The questions:
  - the 2-hop neighbourhood (edges either way) of an ordinary node (the
    one a third of the way through the sorted ids) and of the hub (the
    node with the most edges, either way; the smallest id on a tie),
  - the shortest path length (edges either way) from the first to the
    last generated node.

Every peer runs in processes of its own, so that its peak memory is its
own (the maximum resident set size of that process, from /usr/bin/time):
  - in process: one process loads, then answers each question in batches;
    a query's time is the median over 15 batches of the mean time per
    call in a batch (the machine is shared and noisy);
  - fresh process: a new process that opens or loads what it needs,
    answers one question and exits, timed whole (wall clock) as a user
    would wait for it. networkx, rustworkx and igraph keep nothing on
    disk, so theirs loads the twin; Kuzu and LadybugDB open the database
    built once beforehand (their load); reggraph runs the command on its
    warm snapshot. Median of FRESH_RUNS runs (default 5; the peers that
    load the twin: LOADING_FRESH_RUNS, default 1).

The script fails (exit 1) if any peer's answer differs from reggraph's
(node sets of the neighbourhoods, path length).

Environment: PEERS (comma-separated subset of networkx, rustworkx, igraph,
kuzu, ladybug; default all), FRESH_RUNS, LOADING_FRESH_RUNS,
REGGRAPH_CACHE_DIR (passed on to reggraph).
"""

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ALL_PEERS = ["networkx", "rustworkx", "igraph", "kuzu", "ladybug"]
LOADING = {"networkx", "rustworkx", "igraph"}
MODULES = {"kuzu": "kuzu", "ladybug": "real_ladybug"}
BATCHES = 15


def median_time(call, runs: int) -> float:
    """The median over 15 batches of the mean time of one call in `runs`
    calls (the same method as query_timing)."""
    means = []
    for _ in range(BATCHES):
        started = time.perf_counter()
        for _ in range(runs):
            call()
        means.append((time.perf_counter() - started) / runs)
    return statistics.median(means)


def batch_size(call) -> int:
    """Enough calls per batch for a batch to take about 20 ms (1 to 200)."""
    started = time.perf_counter()
    call()
    once = time.perf_counter() - started
    return max(1, min(200, int(0.02 / max(once, 1e-9))))


def read_twin(data: str):
    with open(os.path.join(data, "twin.json"), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- workers
# Each runs in a process of its own and prints one JSON document.


def questions(data: str) -> dict:
    """The ids the questions are about, from the twin."""
    twin = read_twin(data)
    degree = {node["id"]: 0 for node in twin["nodes"]}
    for edge in twin["edges"]:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    ids = sorted(degree)
    hub = min(degree, key=lambda node: (-degree[node], node))
    return {
        "nodes": len(twin["nodes"]),
        "edges": len(twin["edges"]),
        "ordinary": ids[len(ids) // 3],
        "hub": hub,
        "hub_degree": degree[hub],
        "first": twin["nodes"][0]["id"],
        "last": twin["nodes"][-1]["id"],
    }


class NetworkX:
    """The twin in a MultiDiGraph with every attribute, as a researcher
    would load it; questions on its undirected view."""

    def __init__(self, data: str):
        import networkx as nx

        self.nx = nx
        twin = read_twin(data)
        graph = nx.MultiDiGraph()
        for node in twin["nodes"]:
            graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
        for edge in twin["edges"]:
            graph.add_edge(edge["from"], edge["to"], **edge)
        del twin
        self.graph = graph
        self.undirected = graph.to_undirected(as_view=True)

    def two_hop(self, centre: str) -> set:
        return set(self.nx.single_source_shortest_path_length(self.undirected, centre, cutoff=2))

    def path_length(self, first: str, last: str):
        try:
            return self.nx.shortest_path_length(self.undirected, first, last)
        except self.nx.NetworkXNoPath:
            return None


class RustworkX:
    """Node ids as payloads of a PyDiGraph (multigraph, edge kinds as
    payloads), then its undirected copy (part of the load): rustworkx has
    no undirected view, and no bounded BFS, so the 2-hop walks
    `neighbors` twice from Python."""

    def __init__(self, data: str):
        import rustworkx as rx

        self.rx = rx
        twin = read_twin(data)
        graph = rx.PyDiGraph(multigraph=True)
        ids = [node["id"] for node in twin["nodes"]]
        self.index = dict(zip(ids, graph.add_nodes_from(ids)))
        index = self.index
        graph.add_edges_from(
            [(index[e["from"]], index[e["to"]], e["kind"]) for e in twin["edges"]]
        )
        del twin
        self.ids = ids
        self.graph = graph.to_undirected(multigraph=True)

    def two_hop(self, centre: str) -> set:
        start = self.index[centre]
        seen = {start}
        layer = [start]
        for _ in range(2):
            following = []
            for node in layer:
                for other in self.graph.neighbors(node):
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
            layer = following
        return {self.ids[i] for i in seen}

    def path_length(self, first: str, last: str):
        source, target = self.index[first], self.index[last]
        paths = self.rx.graph_dijkstra_shortest_paths(self.graph, source, target=target)
        return len(paths[target]) - 1 if target in paths else None


class IGraph:
    """A directed igraph Graph from index pairs, ids and kinds as
    attributes; questions with mode="all"."""

    def __init__(self, data: str):
        import igraph as ig

        twin = read_twin(data)
        ids = [node["id"] for node in twin["nodes"]]
        self.index = {node: i for i, node in enumerate(ids)}
        index = self.index
        self.graph = ig.Graph(
            n=len(ids),
            edges=[(index[e["from"]], index[e["to"]]) for e in twin["edges"]],
            directed=True,
            vertex_attrs={"id": ids, "kind": [node["kind"] for node in twin["nodes"]]},
            edge_attrs={"kind": [e["kind"] for e in twin["edges"]]},
        )
        del twin
        self.ids = ids

    def two_hop(self, centre: str) -> set:
        found = self.graph.neighborhood(self.index[centre], order=2, mode="all")
        return {self.ids[i] for i in found}

    def path_length(self, first: str, last: str):
        path = self.graph.get_shortest_path(self.index[first], self.index[last], mode="all")
        return len(path) - 1 if path else None


TWO_HOP = (
    "MATCH (a:Node {id: $id})-[:Link*1..2]-(b:Node) RETURN DISTINCT b.id"
)
SHORTEST = (
    "MATCH (a:Node {id: $from})-[e:Link* SHORTEST 1..30]-(b:Node {id: $to}) "
    "RETURN length(e)"
)


def build_database(module: str, data: str, directory: str) -> dict:
    """Kuzu's or LadybugDB's load: the twin written as CSV (ids, kinds)
    and bulk-copied (COPY FROM) into a new on-disk database."""
    db_module = __import__(MODULES[module])
    started = time.perf_counter()
    twin = read_twin(data)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    nodes_csv = os.path.join(directory, "nodes.csv")
    edges_csv = os.path.join(directory, "edges.csv")
    with open(nodes_csv, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        for node in twin["nodes"]:
            out.writerow([node["id"], node["kind"]])
    with open(edges_csv, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        for edge in twin["edges"]:
            out.writerow([edge["from"], edge["to"], edge["kind"]])
    del twin
    csv_seconds = time.perf_counter() - started
    database = db_module.Database(os.path.join(directory, "db"))
    connection = db_module.Connection(database)
    connection.execute("CREATE NODE TABLE Node(id STRING, kind STRING, PRIMARY KEY (id))")
    connection.execute("CREATE REL TABLE Link(FROM Node TO Node, kind STRING)")
    connection.execute(f"COPY Node FROM '{nodes_csv}' (HEADER=false)")
    connection.execute(f"COPY Link FROM '{edges_csv}' (HEADER=false)")
    connection.close()
    database.close()
    os.remove(nodes_csv)
    os.remove(edges_csv)
    return {"load_seconds": time.perf_counter() - started, "csv_seconds": csv_seconds}


class Cypher:
    """Kuzu or LadybugDB: the database built by build_database, opened
    read-only; the questions in Cypher, with parameters."""

    def __init__(self, module: str, directory: str):
        db_module = __import__(MODULES[module])
        self.database = db_module.Database(os.path.join(directory, "db"), read_only=True)
        self.connection = db_module.Connection(self.database)

    def rows(self, query, parameters: dict) -> list:
        result = self.connection.execute(query, parameters)
        rows = []
        while result.has_next():
            rows.append(result.get_next())
        return rows

    def two_hop(self, centre: str) -> set:
        return {row[0] for row in self.rows(TWO_HOP, {"id": centre})} | {centre}

    def path_length(self, first: str, last: str):
        rows = self.rows(SHORTEST, {"from": first, "to": last})
        return rows[0][0] if rows else None


def open_peer(peer: str, data: str, directory: str):
    if peer == "networkx":
        return NetworkX(data)
    if peer == "rustworkx":
        return RustworkX(data)
    if peer == "igraph":
        return IGraph(data)
    return Cypher(peer, directory)


def in_process(peer: str, data: str, directory: str, q: dict) -> dict:
    """Load (or open), then time each question in batches."""
    started = time.perf_counter()
    tool = open_peer(peer, data, directory)
    opened = time.perf_counter() - started
    answers, times = {}, {}
    for name in ["ordinary", "hub"]:
        answers[name] = sorted(tool.two_hop(q[name]))
        call = lambda: tool.two_hop(q[name])  # noqa: E731
        times[name] = median_time(call, batch_size(call))
    answers["path"] = tool.path_length(q["first"], q["last"])
    call = lambda: tool.path_length(q["first"], q["last"])  # noqa: E731
    times["path"] = median_time(call, batch_size(call))
    return {"open_seconds": opened, "answers": answers, "times": times}


def fresh(peer: str, data: str, directory: str, q: dict, question: str) -> dict:
    """Open or load, answer one question once."""
    tool = open_peer(peer, data, directory)
    if question == "path":
        return {"answer": tool.path_length(q["first"], q["last"])}
    return {"answer": sorted(tool.two_hop(q[question]))}


def worker(argv: list) -> int:
    kind = argv[0]
    if kind == "questions":
        result = questions(argv[1])
    elif kind == "build":
        result = build_database(argv[1], argv[2], argv[3])
    elif kind == "in-process":
        result = in_process(argv[1], argv[2], argv[3], json.loads(argv[4]))
    elif kind == "fresh":
        result = fresh(argv[1], argv[2], argv[3], json.loads(argv[4]), argv[5])
    else:
        raise SystemExit(f"unknown worker {kind}")
    json.dump(result, sys.stdout)
    return 0


# ------------------------------------------------------------ orchestrator


def run(argv: list, env=None, capture=True) -> dict:
    """Run one process; its wall time, its own peak RSS (MiB) and its
    stdout (parsed as JSON when `capture`). The peak comes from
    /usr/bin/time: Linux counts a child's peak from the process that
    forked it (at exec, the forking process's peak is carried over), so
    wait4 here would report at least this script's own size."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        process = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", peak.name, *argv],
            stdout=out if capture else subprocess.DEVNULL, env=env,
        )
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
        kib = peak.read().split()
    result = {"wall": wall, "peak_mib": int(kib[-1]) / 1024 if kib else None,
              "status": process.returncode}
    if capture and process.returncode == 0 and text.strip():
        result["output"] = json.loads(text)
    return result


def self_worker(*args: str) -> list:
    return [sys.executable, os.path.abspath(__file__), "--worker", *args]


def show_time(seconds) -> str:
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def show_memory(mib) -> str:
    if mib is None:
        return "-"
    return f"{mib / 1024:.2f} GiB" if mib >= 1024 else f"{mib:.0f} MiB"


def main() -> int:
    if sys.argv[1:2] == ["--worker"]:
        return worker(sys.argv[2:])
    data, timing_binary, reggraph, work = sys.argv[1:5]
    peers = [p for p in os.environ.get("PEERS", ",".join(ALL_PEERS)).split(",") if p]
    fresh_runs = int(os.environ.get("FRESH_RUNS", "5"))
    loading_fresh_runs = int(os.environ.get("LOADING_FRESH_RUNS", "1"))
    os.makedirs(work, exist_ok=True)

    got = run(self_worker("questions", data))
    q = got["output"]
    qjson = json.dumps(q)
    print(f"nodes: {q['nodes']}, edges: {q['edges']}; ordinary node {q['ordinary']}, "
          f"hub {q['hub']} ({q['hub_degree']} edges), path {q['first']} .. {q['last']}",
          flush=True)

    # reggraph in process: loads the RON files, then the same batches.
    got = run([timing_binary, data, q["ordinary"], q["first"], q["last"], q["hub"]])
    if got["status"] != 0:
        raise SystemExit("query_timing failed")
    ours = got["output"]
    hoods = {h["centre"]: h for h in ours["neighbourhoods"]}
    expected = {
        "ordinary": sorted(hoods[q["ordinary"]]["nodes"]),
        "hub": sorted(hoods[q["hub"]]["nodes"]),
        "path": ours["path_length"],
    }
    columns = {"reggraph": {
        "load": ours["load_seconds"], "load_mib": got["peak_mib"],
        "ordinary": hoods[q["ordinary"]]["seconds"], "hub": hoods[q["hub"]]["seconds"],
        "path": ours["path_seconds"],
    }}
    print(f"reggraph: 2-hop {len(expected['ordinary'])} / {len(expected['hub'])} nodes, "
          f"path length {expected['path']}", flush=True)

    # reggraph fresh process: the real commands on the warm snapshot.
    env = dict(os.environ)
    base = [reggraph, "--data", data]
    warm = run(base + ["check"], env=env, capture=False)
    if warm["status"] != 0:
        raise SystemExit("reggraph check failed: the data should be clean")
    commands = {
        "ordinary": ["neighbors", q["ordinary"], "--depth", "2"],
        "hub": ["neighbors", q["hub"], "--depth", "2"],
        "path": ["path", q["first"], q["last"]],
    }
    failed = []
    for name, command in commands.items():
        got = run(base + command + ["--format", "json"], env=env)
        answer = got["output"]
        if name == "path":
            found = answer["paths"][0]["length"] if answer["paths"] else None
        else:
            found = sorted({answer["centre"]["id"]} | {
                n["node"]["id"] for layer in answer["layers"] for n in layer["nodes"]})
        if found != expected[name]:
            failed.append(f"reggraph {name} (command)")
        runs = [run(base + command, env=env, capture=False) for _ in range(fresh_runs)]
        columns["reggraph"][f"fresh_{name}"] = statistics.median(r["wall"] for r in runs)
        columns["reggraph"][f"fresh_{name}_mib"] = max(r["peak_mib"] for r in runs)

    print(f"reggraph: {json.dumps(columns['reggraph'])}", flush=True)

    for peer in peers:
        directory = os.path.join(work, peer)
        column = {}
        if peer in MODULES:
            got = run(self_worker("build", peer, data, directory))
            if got["status"] != 0:
                raise SystemExit(f"{peer}: building the database failed")
            column["load"] = got["output"]["load_seconds"]
            column["load_mib"] = got["peak_mib"]
        got = run(self_worker("in-process", peer, data, directory, qjson))
        if got["status"] != 0:
            raise SystemExit(f"{peer}: in-process run failed")
        result = got["output"]
        if peer in LOADING:
            column["load"] = result["open_seconds"]
            column["load_mib"] = got["peak_mib"]
        for name in ["ordinary", "hub", "path"]:
            column[name] = result["times"][name]
            if result["answers"][name] != expected[name]:
                failed.append(f"{peer} {name}")
        print(f"{peer}: in process done (answers "
              f"{'agree' if not any(f.startswith(peer + ' ') for f in failed) else 'DIFFER'})",
              flush=True)
        count = loading_fresh_runs if peer in LOADING else fresh_runs
        for name in ["ordinary", "hub", "path"] if count else []:
            if peer in LOADING and name == "ordinary":
                continue  # the load dominates; the hub and the path tell it
            runs = [run(self_worker("fresh", peer, data, directory, qjson, name))
                    for _ in range(count)]
            if any(r["status"] != 0 for r in runs):
                raise SystemExit(f"{peer}: fresh process failed")
            if runs[0]["output"]["answer"] != expected[name]:
                failed.append(f"{peer} {name} (fresh)")
            column[f"fresh_{name}"] = statistics.median(r["wall"] for r in runs)
            column[f"fresh_{name}_mib"] = max(r["peak_mib"] for r in runs)
        columns[peer] = column
        print(f"{peer}: {json.dumps(column)}", flush=True)

    names = [p for p in peers] + ["reggraph"]
    hub_size, ordinary_size = len(expected["hub"]), len(expected["ordinary"])
    rows = [
        ("load", "load", show_time),
        ("peak memory, load", "load_mib", show_memory),
        (f"2-hop, ordinary node ({ordinary_size} nodes)", "ordinary", show_time),
        (f"2-hop, hub ({hub_size} nodes)", "hub", show_time),
        (f"shortest path ({expected['path']} edges)", "path", show_time),
        ("fresh process: 2-hop, ordinary", "fresh_ordinary", show_time),
        ("fresh process: 2-hop, hub", "fresh_hub", show_time),
        ("fresh process: shortest path", "fresh_path", show_time),
        ("fresh process: peak memory (hub)", "fresh_hub_mib", show_memory),
    ]
    print()
    print(f"{q['nodes']:,} nodes, {q['edges']:,} edges; ratio = peer / reggraph")
    print()
    print("| | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for label, key, fmt in rows:
        cells = []
        mine = columns["reggraph"].get(key)
        for name in names:
            value = columns[name].get(key)
            cell = fmt(value)
            if name != "reggraph" and value is not None and mine:
                cell += f" ({value / mine:.1f}x)"
            cells.append(cell)
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    print("raw:", json.dumps(columns))
    if failed:
        print("ANSWERS DIFFER from reggraph's: " + ", ".join(failed), file=sys.stderr)
        return 1
    print("all answers equal reggraph's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
