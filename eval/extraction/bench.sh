#!/usr/bin/env bash
# Extract-stage throughput on the Zyte article-extraction benchmark
# (shared/data/extraction beside the repository): the engine's full extract
# stage (decode, parse, body, title, dates, outlet, author, URL, language) on
# one thread, and — where Python's trafilatura is importable — trafilatura on
# the same pages in the same run, one process, extraction only; then the
# ratio. Pages are decompressed into memory before timing; the best of
# ROUNDS rounds counts, by thread CPU time (per core, steady on a shared
# machine) and by wall time.
#
# Python: $TRAF_PYTHON, else .cache/trafvenv/bin/python, else python3.
# (python3 -m venv .cache/trafvenv && .cache/trafvenv/bin/pip install trafilatura lxml_html_clean)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${EXTRACTION_DATA:-$root/../shared/data/extraction}"
if [ ! -d "$data/html" ]; then
  echo "no benchmark data at $data (set EXTRACTION_DATA)" >&2
  exit 2
fi
cd "$root"
cargo build --release -q -p consilience-extract --example extract_bench
target="${CARGO_TARGET_DIR:-$root/target}"
engine="$("$target/release/examples/extract_bench" "$data" "${ROUNDS:-5}")"
echo "$engine" | head -n -1
py="${TRAF_PYTHON:-}"
if [ -z "$py" ]; then
  if [ -x "$root/.cache/trafvenv/bin/python" ]; then py="$root/.cache/trafvenv/bin/python"; else py=python3; fi
fi
if ! "$py" -c "import trafilatura" 2>/dev/null; then
  echo "trafilatura not importable by $py: no comparison (set TRAF_PYTHON)"
  exit 0
fi
traf="$("$py" "$here/bench_trafilatura.py" "$data" "${TRAF_ROUNDS:-2}")"
echo "$traf" | head -n -1
python3 - "$(echo "$engine" | tail -n 1)" "$(echo "$traf" | tail -n 1)" <<'PY'
import json, sys
e, t = json.loads(sys.argv[1]), json.loads(sys.argv[2])
c = e["pages_per_s_cpu"] / t["pages_per_s_cpu"]
w = e["pages_per_s_wall"] / t["pages_per_s_wall"]
print(f"ratio engine/trafilatura: {c:.1f}x per core (CPU time), {w:.1f}x (wall)")
PY
