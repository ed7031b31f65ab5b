#!/bin/sh
# Whole commands on a warm snapshot of a generated folder (issue #18's
# questions): the median wall time of RUNS runs and the largest peak
# resident memory (`/usr/bin/time`), output to /dev/null unless said.
# README's "Warm commands at a million nodes" table quotes these.
#
#   sh benches/warm.sh [NODES] [RUNS]      # default 1000000 5
#   DATA=DIR sh benches/warm.sh 1000000    # an existing generated folder
#
# The hub is the node of highest degree (`stats` finds it); "ordinary" is
# person-0, the first generated node; the path goes from it to the last
# generated node.
set -eu
cd "$(dirname "$0")/.."
nodes=${1:-1000000}
runs=${2:-5}
bin=${BIN:-target/release/reggraph}
data=${DATA:-target/bench-data/$nodes-5-7-v2}
[ -n "${BIN:-}" ] || cargo build --release -q
if [ ! -f "$data/twin.json" ]; then
    "$bin" generate --nodes "$nodes" --edges-per-node 5 --seed 7 -o "$data"
fi
cache=${REGGRAPH_CACHE_DIR:-$(mktemp -d)}
export REGGRAPH_CACHE_DIR="$cache"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf 'first check (cold unless a snapshot is there): '
/usr/bin/time -f '%e s, %M KiB' "$bin" --data "$data" check 2>&1 >/dev/null | tail -1
last=$(tail -c 4000 "$data/nodes/$(ls "$data/nodes" | tail -1)" | grep -o 'id: "[^"]*"' | tail -1 | sed 's/id: "//; s/"//')
hub=$("$bin" --data "$data" stats --top 1 --format json | sed -n 's/.*"by_degree": *\[ *{ *"node": *{ *"id": *"\([^"]*\)".*/\1/p' | head -1)
[ -n "$hub" ] || hub=$("$bin" --data "$data" stats --top 1 | awk '/most connected actors/ {getline; getline; print $1; exit}')
echo "hub: $hub; path: person-0 -> $last"
measure() {
    target=$1
    shift
    i=0
    : > "$out/times"
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f '%e %M' -o "$out/time" "$bin" --data "$data" "$@" > "$target" 2>"$out/stderr" || true
        cat "$out/time" >> "$out/times"
        i=$((i + 1))
    done
    median=$(cut -d' ' -f1 "$out/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    peak=$(cut -d' ' -f2 "$out/times" | sort -n | tail -1)
    lines=$(wc -l < "$target" 2>/dev/null || echo 0)
    printf '%-60s %8s s %8s MiB %9s lines\n' "$*" "$median" "$((peak / 1024))" "$lines"
}
measure /dev/null show person-0
measure /dev/null check
measure /dev/null path person-0 "$last"
measure /dev/null neighbors person-0 --depth 2
measure /dev/null neighbors "$hub" --depth 2
measure "$out/hub.txt" neighbors "$hub" --depth 2
measure /dev/null neighbors "$hub" --depth 2 --format json
measure /dev/null export dot --around person-0 --depth 2
measure /dev/null list --kind person
measure /dev/null timeline --since 2023-01-01 --until 2023-12-31
measure /dev/null money --by funder
measure /dev/null stats --top 10

# The first commands after an edit of one file (issue #18, item 5): an
# edge added to the first edges file (a copy of its first edge, with a
# note). They answer from the snapshot and that file's new records, the
# file read and checked again and no other; the file is put back after.
file="$data/edges/$(ls "$data/edges" | head -1)"
cp -p "$file" "$out/original.ron"
trap 'cp -p "$out/original.ron" "$file"; rm -rf "$out"' EXIT
awk '
    /^        \($/ && !seen { copying = 1 }
    copying { record = record $0 "\n"; if ($0 ~ /^            sources:/) record = substr(record, 1, length(record) - length($0) - 1) "            note: \"said again\",\n" $0 "\n" }
    copying && /^        \),$/ { copying = 0; seen = 1 }
    { lines[NR] = $0 }
    /^    \],$/ { close_at = NR }
    END { for (i = 1; i <= NR; i++) { if (i == close_at) printf "%s", record; print lines[i] } }
' "$out/original.ron" > "$file"
echo "after an edit of $(basename "$file") ($(wc -c < "$file") bytes):"
measure /dev/null show person-0
measure /dev/null check
measure /dev/null path person-0 "$last"
measure /dev/null neighbors person-0 --depth 2
measure /dev/null export dot --around person-0 --depth 2
measure /dev/null stats --top 10
