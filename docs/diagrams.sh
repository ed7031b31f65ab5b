#!/bin/sh
# Regenerates the diagrams README.md shows, from the bundled data.
# The SVGs are drawn by Graphviz when it is installed (as for the committed
# ones), else by the embedded engine. tests/diagrams.rs fails when the
# committed files no longer match the data.
set -eu
cd "$(dirname "$0")/.."
run() { cargo run --quiet --release -- "$@"; }
run export dot --around mistral-ai --depth 2 -o docs/mistral-ai-2-hops.dot
run render --around mistral-ai --depth 2 -o docs/mistral-ai-2-hops.svg
run export dot --timeline --since 2023-06-01 --until 2023-06-30 -o docs/june-2023-timeline.dot
run render --timeline --since 2023-06-01 --until 2023-06-30 -o docs/june-2023-timeline.svg
