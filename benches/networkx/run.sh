#!/bin/sh
# Side-by-side with networkx, the tool researchers would otherwise script.
#
#   sh benches/networkx/run.sh [NODES]      (default 100000; 5 edges per node)
#
# Installs networkx in a virtual environment under target/, generates the
# data folder (and its JSON twin) if needed, runs the same 2-hop
# neighbourhood and shortest-path queries in both tools, checks that the
# answers agree (same node set, same path length) and prints the times and
# ratios.
set -eu
cd "$(dirname "$0")/../.."
NODES=${1:-100000}
VENV=target/networkx-venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check networkx==3.4.2
cargo build --release --quiet --example query_timing
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release
DATA=target/bench-data/$NODES-5-7-v2
if [ ! -f "$DATA/.complete" ]; then
    "$BIN/reggraph" generate --nodes "$NODES" --edges-per-node 5 --seed 7 -o "$DATA"
    touch "$DATA/.complete"
fi
exec "$VENV/bin/python" benches/networkx/compare.py "$DATA" "$BIN/examples/query_timing"
