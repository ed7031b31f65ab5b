#!/bin/sh
# Whole `export FORMAT` commands on a generated folder: wall time and peak
# resident memory (`/usr/bin/time`), on a warm cache (the snapshot is
# written first by `show`), each format RUNS times (default 1), the
# outputs' sizes. README's "Exports" table quotes these.
#
#   sh benches/exports.sh [NODES] [RUNS]     # default 1000000 1
set -eu
cd "$(dirname "$0")/.."
nodes=${1:-1000000}
runs=${2:-1}
bin=target/release/reggraph
data=target/bench-data/exports-$nodes
out=target/bench-data/exports-$nodes-out
cargo build --release -q
if [ ! -d "$data" ]; then
    "$bin" generate --nodes "$nodes" --edges-per-node 5 --seed 7 -o "$data"
fi
cache=$(mktemp -d)
export REGGRAPH_CACHE_DIR="$cache"
trap 'rm -rf "$cache"' EXIT
"$bin" --data "$data" show person-0 >/dev/null
rm -rf "$out"
mkdir -p "$out"
printf '%-10s %10s %12s %12s\n' format seconds peak_MiB output_MB
for format in json jsonl graphml gexf csv cypher rdf ftm parquet; do
    case $format in
        csv|parquet) target=$out/$format ;;
        *) target=$out/graph.$format ;;
    esac
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f '%e %M' -o "$out/time" "$bin" --data "$data" export "$format" -o "$target" 2>"$out/stderr" || { echo "export $format failed:"; cat "$out/stderr"; exit 1; }
        read -r seconds kib < "$out/time"
        size=$(du -sb "$target" | cut -f1)
        printf '%-10s %10s %12s %12s\n' "$format" "$seconds" "$((kib / 1024))" "$((size / 1000000))"
        i=$((i + 1))
    done
done
