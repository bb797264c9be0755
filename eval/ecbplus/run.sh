#!/usr/bin/env bash
# Incident clustering on ECB+ dev (shared/data/ecbplus beside the repository),
# through the engine's own streaming path (`consilience eval clusters`, the
# code `ingest` runs). Cross-checks the Rust scores with the set's eval.py
# and fails when BCubed F1 falls below the floor in baseline.json, or when a
# shuffled order moves it by more than the allowed spread.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/eval/common.sh"
data="$(shared_data ecbplus dev.jsonl "${ECBPLUS_DATA:-}")"
cd "$root"
cargo build --release -p consilience
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/release/consilience"
pred="$(mktemp -t consilience-ecb-pred.XXXXXX.jsonl)"
"$bin" eval clusters "$data/dev.jsonl" --pred "$pred" --json > "$pred.scores.json"
python3 "$data/eval.py" "$data/dev.jsonl" "$pred"
"$bin" eval clusters "$data/dev.jsonl" --shuffle "${SHUFFLE_SEED:-7}" --json > "$pred.shuffled.json"
python3 - "$here/baseline.json" "$pred.scores.json" "$pred.shuffled.json" <<'PY'
import json, sys
base = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2])); t = json.load(open(sys.argv[3]))
f1, f1s = s["bcubed_f1"], t["bcubed_f1"]
print(f"BCubed P {s['bcubed_p']:.4f} R {s['bcubed_r']:.4f} F1 {f1:.4f} (floor {base['bcubed_f1_floor']}); "
      f"pairwise F1 {s['pair_f1']:.4f}; ARI {s['ari']:.4f}; shuffled F1 {f1s:.4f}")
ok = f1 >= base["bcubed_f1_floor"] and abs(f1 - f1s) <= base["max_shuffle_delta"]
sys.exit(0 if ok else 1)
PY
