"""Reads an `export gexf` file with networkx and checks it against the
`export json` of the same selection: a dynamic graph, every node and edge
present with the same attribute values and types as GraphML's
(check_graphml.py's mapping), the label (a node's name, an edge's kind),
each edge's id, and a spell (valid_from, valid_to) on every dated node and
edge, none on an undated one; an open period's spell has no `end`. The
sources and schema are read from <meta><description>.

Prints a JSON summary on stdout; exits 1 with every difference on stderr.
"""

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx

from check_graphml import compare, edge_attributes, milestones_by_regulation, node_attributes

NS = "{http://gexf.net/1.3}"


def spells(record):
    if "valid_from" not in record:
        return None
    return [(record["valid_from"], record.get("valid_to"))]


def read_spells(data):
    # networkx reads a missing `end` as the string "None" (str(None)); the
    # XML itself is checked for it to be absent.
    if "spells" not in data:
        return None
    return [(s, None if e == "None" else e) for s, e in data["spells"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gexf", required=True, help="the export gexf file")
    parser.add_argument("--json", required=True, help="the export json of the same selection")
    args = parser.parse_args()

    with open(args.json, encoding="utf-8") as f:
        document = json.load(f)
    graph = nx.read_gexf(args.gexf)
    problems = []
    if graph.graph.get("mode") != "dynamic":
        problems.append(f"graph mode {graph.graph.get('mode')!r}, not dynamic")
    pairs = Counter((e["from"], e["to"]) for e in document["edges"])
    parallel = sum(c for c in pairs.values() if c > 1)
    want_type = nx.MultiDiGraph if parallel else nx.DiGraph
    if type(graph) is not want_type:
        problems.append(f"read as {type(graph).__name__}, expected {want_type.__name__}")

    root = ET.parse(args.gexf).getroot()
    description = root.find(f"{NS}meta/{NS}description")
    try:
        meta = json.loads(description.text if description is not None else "null")
    except ValueError as error:
        meta = None
        problems.append(f"<meta><description> is not JSON: {error}")
    if meta != {"schema": document["schema"], "sources": document["sources"]}:
        problems.append(f"<meta><description> differs from the JSON export's schema and sources: {meta!r}")
    open_ends = 0
    for spell in root.iter(f"{NS}spell"):
        if "end" not in spell.attrib:
            open_ends += 1
    want_open = sum(
        1 for r in document["nodes"] + document["edges"] if "valid_from" in r and "valid_to" not in r
    )
    if open_ends != want_open:
        problems.append(f"{open_ends} spells without an end, expected {want_open} (open periods)")

    milestones = milestones_by_regulation(document)
    checked = 0
    with_spells = 0
    ids = {n["id"] for n in document["nodes"]}
    if set(graph.nodes) != ids:
        problems.append(
            f"nodes differ: missing {sorted(ids - set(graph.nodes))[:10]}, "
            f"extra {sorted(set(graph.nodes) - ids)[:10]}"
        )
    for node in document["nodes"]:
        if node["id"] not in graph:
            continue
        what = f"node {node['id']!r}"
        data = graph.nodes[node["id"]]
        checked += compare(
            what, data, node_attributes(node, milestones.get(node["id"], [])), problems,
            ignore=("label", "spells"),
        )
        if data.get("label") != node["name"]:
            problems.append(f"{what}: label {data.get('label')!r}, expected {node['name']!r}")
        if read_spells(data) != spells(node):
            problems.append(f"{what}: spells {data.get('spells')!r}, expected {spells(node)!r}")
        with_spells += "spells" in data

    if graph.is_multigraph():
        read = {k: (u, v, d) for u, v, k, d in graph.edges(keys=True, data=True)}
    else:
        read = {d.get("id"): (u, v, d) for u, v, d in graph.edges(data=True)}
    if graph.number_of_edges() != len(document["edges"]) or set(read) != {e["id"] for e in document["edges"]}:
        problems.append(
            f"edges differ: {graph.number_of_edges()} read, {len(document['edges'])} expected; "
            f"missing {sorted({e['id'] for e in document['edges']} - set(read))[:10]}"
        )
    for edge in document["edges"]:
        if edge["id"] not in read:
            continue
        what = f"edge {edge['id']!r}"
        u, v, data = read[edge["id"]]
        if (u, v) != (edge["from"], edge["to"]):
            problems.append(f"{what}: from {u!r} to {v!r}")
        checked += compare(what, data, edge_attributes(edge), problems, ignore=("label", "spells", "id"))
        if data.get("id") != edge["id"]:
            problems.append(f"{what}: id {data.get('id')!r}")
        if data.get("label") != edge["kind"]:
            problems.append(f"{what}: label {data.get('label')!r}, expected {edge['kind']!r}")
        if read_spells(data) != spells(edge):
            problems.append(f"{what}: spells {data.get('spells')!r}, expected {spells(edge)!r}")
        with_spells += "spells" in data

    if problems:
        print(f"{len(problems)} problems reading {args.gexf} with networkx:", file=sys.stderr)
        for p in problems[:50]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    json.dump(
        {
            "graph": type(graph).__name__,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "parallel_edges": parallel,
            "with_spells": with_spells,
            "open_spells": open_ends,
            "values_checked": checked,
            "sources": len(meta["sources"]),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
