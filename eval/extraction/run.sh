#!/usr/bin/env bash
# Extraction quality and speed on the Zyte article-extraction benchmark
# (shared/data/extraction beside the repository). Builds the extract_eval
# example in release, runs it, scores with evaluate.py, and fails when F1
# falls below the floor in baseline.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/eval/common.sh"
data="$(shared_data extraction html "${EXTRACTION_DATA:-}")"
pred="${PRED:-$(mktemp -t consilience-extract-pred.XXXXXX.jsonl)}"
cd "$root"
cargo build --release -p consilience-extract --example extract_eval
target="${CARGO_TARGET_DIR:-$root/target}"
"$target/release/examples/extract_eval" "$data" "$pred"
scores="$(python3 "$data/evaluate.py" "$pred" --n-bootstrap "${N_BOOTSTRAP:-200}")"
echo "$scores"
python3 - "$here/baseline.json" "$scores" <<'PY'
import json, sys
floor = json.load(open(sys.argv[1]))["f1_floor"]
f1 = float(sys.argv[2].splitlines()[1].split()[1])
print(f"F1 {f1:.4f} (floor {floor})")
sys.exit(0 if f1 >= floor else 1)
PY
