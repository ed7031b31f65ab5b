"""Run the same queries in networkx and reggraph on one generated folder.

Usage: compare.py DATA_DIR QUERY_TIMING_BINARY (see run.sh).

networkx loads the folder's JSON twin into a MultiDiGraph; reggraph loads
the RON files. Both then answer, in process and excluding the load:
  - the 2-hop neighbourhood (edges either way) of the node a third of the
    way through the sorted ids,
  - the shortest path length (edges either way) between the first and the
    last generated nodes.
Query times are the median over 15 batches of the mean time per call in a
batch (the machine is shared and noisy). The script fails if the answers
differ, then prints times and ratios.
"""

import json
import resource
import statistics
import subprocess
import sys
import time

import networkx as nx


def median_time(call, batches: int = 15, runs: int = 20) -> float:
    """The median over `batches` of the mean time of one call in `runs`
    calls: the machine is shared and noisy (the same method as
    query_timing)."""
    means = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(runs):
            try:
                call()
            except nx.NetworkXNoPath:
                pass
        means.append((time.perf_counter() - started) / runs)
    return statistics.median(means)


def main() -> int:
    data, timing_binary = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    with open(f"{data}/twin.json", encoding="utf-8") as f:
        records = json.load(f)
    graph = nx.MultiDiGraph()
    for node in records["nodes"]:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in records["edges"]:
        graph.add_edge(edge["from"], edge["to"], **edge)
    nx_load = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ids = sorted(graph.nodes)
    centre = ids[len(ids) // 3]
    first = records["nodes"][0]["id"]
    last = records["nodes"][-1]["id"]
    del records
    undirected = graph.to_undirected(as_view=True)

    near = nx.single_source_shortest_path_length(undirected, centre, cutoff=2)
    nx_neighbors = median_time(
        lambda: nx.single_source_shortest_path_length(undirected, centre, cutoff=2)
    )
    try:
        length = nx.shortest_path_length(undirected, first, last)
    except nx.NetworkXNoPath:
        length = None
    nx_path = median_time(lambda: nx.shortest_path_length(undirected, first, last))

    out = subprocess.run(
        [timing_binary, data, centre, first, last],
        check=True, capture_output=True, text=True,
    ).stdout
    ours = json.loads(out)

    same_nodes = set(near) == set(ours["neighbors"])
    same_length = length == ours["path_length"]
    print(f"nodes: {len(ids)}, edges: {graph.number_of_edges()}")
    print(f"2-hop neighbourhood of {centre}: networkx {len(near)} nodes, reggraph {len(ours['neighbors'])} nodes, same set: {same_nodes}")
    print(f"shortest path {first} .. {last}: networkx {length}, reggraph {ours['path_length']}, same: {same_length}")
    def show(seconds: float) -> str:
        return f"{seconds * 1000:10.2f}ms" if seconds >= 0.01 else f"{seconds * 1e6:10.2f}µs"

    print(f"{'':24}{'networkx':>12}{'reggraph':>12}{'ratio':>10}")
    for name, theirs, mine in [
        ("load", nx_load, ours["load_seconds"]),
        ("neighbors --depth 2", nx_neighbors, ours["neighbors_seconds"]),
        ("path", nx_path, ours["path_seconds"]),
    ]:
        print(f"{name:24}{show(theirs)}{show(mine)}{theirs / max(mine, 1e-9):9.1f}x")
    print(f"networkx peak memory: {peak_mb:.0f} MiB")
    return 0 if same_nodes and same_length else 1


if __name__ == "__main__":
    sys.exit(main())
