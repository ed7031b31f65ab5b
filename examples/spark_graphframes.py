"""The tables of `reggraph export parquet` in Spark: the 2-hop
neighbourhood of a node (edges walked either way) and the length of the
shortest path between two nodes, with Spark SQL DataFrames; and with
GraphFrames (its `src`/`dst`/`id` columns are what `export parquet`
writes) when the graphframes package is importable.

    reggraph export parquet -o out/
    python examples/spark_graphframes.py out/ --two-hop mistral-ai \
        --path arthur-mensch eu-ai-act

Needs pyspark and a Java 17 runtime; prints the answers as JSON.
"""

import argparse
import json
import os
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--two-hop", metavar="ID", required=True)
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"), required=True)
    parser.add_argument("--max-depth", type=int, default=30)
    args = parser.parse_args()

    started = time.monotonic()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("reggraph")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    nodes = spark.read.parquet(os.path.join(args.folder, "nodes.parquet"))
    edges = spark.read.parquet(os.path.join(args.folder, "edges.parquet"))

    # Edges either way.
    both = edges.select("src", "dst").union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))

    one = both.where(F.col("src") == args.two_hop).select(F.col("dst").alias("n")).distinct()
    two = both.join(one, both.src == one.n).select(F.col("dst").alias("n"))
    two_hop = sorted(
        r.n for r in one.union(two).distinct().where(F.col("n") != args.two_hop).collect()
    )

    # Breadth-first search from FROM, one join per level.
    start, end = args.path
    seen = spark.createDataFrame([(start,)], ["n"])
    frontier = seen
    length = None
    for depth in range(1, args.max_depth + 1):
        frontier = (
            both.join(frontier, both.src == frontier.n)
            .select(F.col("dst").alias("n"))
            .distinct()
            .join(seen, "n", "left_anti")
            .cache()
        )
        if frontier.count() == 0:
            break
        if frontier.where(F.col("n") == end).count() > 0:
            length = depth
            break
        seen = seen.union(frontier).cache()

    answer = {
        "nodes": nodes.count(),
        "edges": edges.count(),
        "two_hop": two_hop,
        "shortest_path_length": length,
        "spark": spark.version,
    }

    try:
        from graphframes import GraphFrame
    except ImportError as error:
        answer["graphframes"] = f"not importable: {error}"
    else:
        # The Python package needs GraphFrames' jar on Spark's classpath
        # (spark.jars.packages=io.graphframes:graphframes-spark4_2.13:...).
        try:
            graph = GraphFrame(nodes, edges)
            paths = graph.bfs(f"id = '{start}'", f"id = '{end}'", maxPathLength=args.max_depth)
            answer["graphframes_bfs_paths"] = paths.count()
        except Exception as error:  # py4j's errors carry the JVM's message
            answer["graphframes"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"

    answer["seconds"] = round(time.monotonic() - started, 1)
    spark.stop()
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
