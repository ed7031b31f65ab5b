#!/bin/sh
# Side-by-side with the tools researchers would otherwise script or load the
# data into: networkx, rustworkx, igraph, Kuzu and LadybugDB (Kuzu's
# maintained fork).
#
#   sh benches/peers/run.sh [NODES]      (default 100000; 5 edges per node)
#
# Installs the pinned Python packages (requirements.txt) in a virtual
# environment under target/, generates the data folder (and its JSON twin)
# if needed, warms reggraph's snapshot, runs the same 2-hop neighbourhood
# and shortest-path questions in every tool (each in processes of its own),
# checks that every answer equals reggraph's (same node sets, same path
# length; exit 1 if not) and prints one markdown table: load, peak memory,
# in-process and fresh-process times, with ratios to reggraph.
#
# Environment: DATA (a folder made by `reggraph generate ... --seed 7` with
# its twin.json, instead of generating one), REGGRAPH (the binary for the
# fresh-process runs, instead of this tree's release build),
# REGGRAPH_CACHE_DIR (default target/peers-cache), PEERS, FRESH_RUNS,
# LOADING_FRESH_RUNS (see compare.py).
set -eu
cd "$(dirname "$0")/../.."
NODES=${1:-100000}
VENV=target/peers-venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r benches/peers/requirements.txt
cargo build --release --quiet --example query_timing
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release
REGGRAPH=${REGGRAPH:-$BIN/reggraph}
if [ -z "${DATA:-}" ]; then
    DATA=target/bench-data/$NODES-5-7-v2
    if [ ! -f "$DATA/.complete" ]; then
        "$BIN/reggraph" generate --nodes "$NODES" --edges-per-node 5 --seed 7 -o "$DATA"
        touch "$DATA/.complete"
    fi
fi
export REGGRAPH_CACHE_DIR=${REGGRAPH_CACHE_DIR:-$PWD/target/peers-cache}
"$REGGRAPH" --data "$DATA" check > /dev/null
exec "$VENV/bin/python" benches/peers/compare.py "$DATA" "$BIN/examples/query_timing" \
    "$REGGRAPH" "target/peers-work/$(basename "$DATA")"
