#!/usr/bin/env bash
# Geoparsing evaluation: analyses every gold text of shared/data/geo/ with
# `consilience analyze --jsonl` (the analysis `ingest` runs, places included) and scores the
# places with geo_eval.py. Exits 1 when F1 or acc@161 falls below the floors in baseline.json.
# Needs assets/gazetteer.tsv (scripts/setup-gazetteer makes it) and ../shared/data/geo/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. "$ROOT/eval/common.sh"
DATA="$(shared_data geo geo_eval.py "${GEO_DATA:-}")"
OUT="${GEO_OUT:-$ROOT/eval/out/geo}"
mkdir -p "$OUT"
scripts/setup-gazetteer >/dev/null
cargo build --release -q -p consilience
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/consilience"
fail=0
for name in lgl tr_news; do
  # the gold lines carry "id" and "text"; the analysis lines "id" and "places"
  "$BIN" analyze --jsonl "$DATA/$name.jsonl" > "$OUT/$name.pred.jsonl"
  res="$(python3 "$DATA/geo_eval.py" "$DATA/$name.jsonl" "$OUT/$name.pred.jsonl")"
  echo "$name: $res"
  python3 - "$ROOT/eval/geo/baseline.json" "$name" "$res" <<'PY' || fail=1
import json, re, sys
floors = json.load(open(sys.argv[1]))[sys.argv[2]]
m = re.search(r"F1 ([0-9.]+) acc@161 ([0-9.]+)", sys.argv[3])
f1, acc = float(m.group(1)), float(m.group(2))
bad = [f"{k} {v:.3f} < floor {floors[k]}" for k, v in (("f1", f1), ("acc161", acc)) if v < floors[k]]
for b in bad:
    print(f"  REGRESSION {sys.argv[2]}: {b}")
sys.exit(1 if bad else 0)
PY
done
exit $fail
