#!/usr/bin/env bash
# MUC-4 role-filler evaluation (perpetrator individual / organisation, physical and human
# targets, weapons) of the analyser's claims. Analyses every document of dev.json with
# `consilience analyze --jsonl` (the analysis `ingest` runs), turns the claims into role
# fillers (claims4muc.py), scores the predictions with the task scorer
# (CEAF-REE strict, as GRIT reports it), and exits 1 when micro F1 falls below the floor
# in baseline.json.
#
# Usage: eval/muc4/run.sh [DATA_DIR]   (default: ../shared/data/muc4 beside the repo)
# Env:   CARGO_TARGET_DIR as usual; OUT (default target/muc4) for the work files;
#        SPLIT (default dev) picks DATA_DIR/$SPLIT.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/eval/common.sh"
data="$(shared_data muc4 muc4_eval.py "${1:-}")"
split="${SPLIT:-dev}"
out="${OUT:-$root/target/muc4}"
mkdir -p "$out"
[ -f "$root/assets/gazetteer.tsv" ] || "$root/scripts/setup-gazetteer" >/dev/null || true
(cd "$root" && cargo build --quiet --release -p consilience)
target="${CARGO_TARGET_DIR:-$root/target}"
python3 -c 'import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        d = json.loads(line)
        print(json.dumps({"id": d["docid"], "text": d["doctext"]}))' "$data/$split.json" > "$out/$split.docs.jsonl"
"$target/release/consilience" analyze --jsonl "$out/$split.docs.jsonl" > "$out/$split.analysis.jsonl"
python3 "$here/claims4muc.py" "$out/$split.analysis.jsonl" > "$out/$split.pred.json"
python3 "$data/muc4_eval.py" --gold "$data/$split.json" --pred "$out/$split.pred.json" --json "$out/$split.score.json"

[ "$split" = dev ] || exit 0
python3 - "$out/$split.score.json" "$here/baseline.json" <<'PY'
import json, sys
score = json.load(open(sys.argv[1]))
floor = json.load(open(sys.argv[2]))
got = 100 * score["strict"]["micro_avg"]["f1"]
print(f"floor: micro_f1 {got:.2f} >= {floor['micro_f1']}")
if got < floor["micro_f1"]:
    print("muc4: below floor: micro_f1", file=sys.stderr)
    sys.exit(1)
PY
