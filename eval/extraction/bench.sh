#!/usr/bin/env bash
# Extract-stage throughput on the Zyte article-extraction benchmark
# (shared/data/extraction beside the repository): the engine's full extract
# stage (decode, parse, body, title, dates, outlet, author, URL, language) on
# one thread, and — where Python's trafilatura is importable — trafilatura on
# the same pages in the same run, one process, extraction only; then the
# ratio. Pages are decompressed into memory before timing; the best of
# ROUNDS rounds counts, by thread CPU time (per core, steady on a shared
# machine) and by wall time. Engine and trafilatura take turns, PAIRS times.
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
py="${TRAF_PYTHON:-}"
if [ -z "$py" ]; then
  if [ -x "$root/.cache/trafvenv/bin/python" ]; then py="$root/.cache/trafvenv/bin/python"; else py=python3; fi
fi
if ! "$py" -c "import trafilatura" 2>/dev/null; then
  engine="$("$target/release/examples/extract_bench" "$data" "${ROUNDS:-5}")"
  echo "$engine" | head -n -1
  echo "trafilatura not importable by $py: no comparison (set TRAF_PYTHON)"
  exit 0
fi
# The two run in turns, PAIRS times (engine, trafilatura, engine, …), so that
# both sides see the same machine load; each pair's ratio is printed, then the
# ratio of the best of each side and the lowest pair ratio.
results="$(mktemp -t consilience-bench.XXXXXX)"
for pair in $(seq "${PAIRS:-3}"); do
  engine="$("$target/release/examples/extract_bench" "$data" "${ROUNDS:-5}")"
  traf="$("$py" "$here/bench_trafilatura.py" "$data" "${TRAF_ROUNDS:-2}")"
  echo "pair $pair"
  echo "$engine" | head -n -1 | sed 's/^/  /'
  echo "$traf" | head -n -1 | sed 's/^/  /'
  echo "$(echo "$engine" | tail -n 1) $(echo "$traf" | tail -n 1)" >> "$results"
done
python3 - "$results" <<'PY'
import json, sys
pairs = []
for line in open(sys.argv[1]):
    dec = json.JSONDecoder()
    e, i = dec.raw_decode(line)
    t, _ = dec.raw_decode(line[i:].lstrip())
    pairs.append((e, t))
for n, (e, t) in enumerate(pairs, 1):
    print(f"pair {n}: engine/trafilatura {e['pages_per_s_cpu'] / t['pages_per_s_cpu']:.1f}x per core (CPU time), "
          f"{e['pages_per_s_wall'] / t['pages_per_s_wall']:.1f}x (wall)")
best = lambda side, k: max(p[side][k] for p in pairs)
c = best(0, "pages_per_s_cpu") / best(1, "pages_per_s_cpu")
w = best(0, "pages_per_s_wall") / best(1, "pages_per_s_wall")
low = min(e["pages_per_s_cpu"] / t["pages_per_s_cpu"] for e, t in pairs)
print(f"ratio engine/trafilatura, best of each side: {c:.1f}x per core (CPU time), {w:.1f}x (wall); "
      f"lowest pair {low:.1f}x (CPU time)")
PY
rm -f "$results"
