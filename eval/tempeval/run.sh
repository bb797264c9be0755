#!/usr/bin/env bash
# TempEval-3 (TBAQ-cleaned: TimeBank + AQUAINT) evaluation of the time expressions of
# `consilience analyze --jsonl` (the analysis `ingest` runs), each document anchored at its
# creation time (--published), scored with the task scorer; exits 1 when
# value F1 or relaxed F1 falls below the floors in baseline.json.
#
# Usage: eval/tempeval/run.sh [DATA_DIR]   (default: ../shared/data/tempeval3 beside the repo)
# Env:   CARGO_TARGET_DIR as usual; OUT (default target/tempeval) for the work files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/eval/common.sh"
data="$(shared_data tempeval3 timex_eval.py "${1:-}")"
out="${OUT:-$root/target/tempeval}"
mkdir -p "$out/gold"
# the scorer reads one folder of .tml files: link TimeBank and AQUAINT into one
rm -f "$out"/gold/*.tml
for f in "$data"/TBAQ-cleaned/*/*.tml; do ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$out/gold/"; done

(cd "$root" && cargo build --quiet --release -p consilience)
target="${CARGO_TARGET_DIR:-$root/target}"
python3 "$data/timex_eval.py" text --gold "$out/gold" > "$out/docs.jsonl"
python3 -c 'import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        d = json.loads(line)
        print(json.dumps({"id": d["doc"], "text": d["text"], "published": (d.get("dct") or "")[:10] or None}))' \
    "$out/docs.jsonl" > "$out/analyze.jsonl"
"$target/release/consilience" analyze --jsonl "$out/analyze.jsonl" > "$out/analysis.jsonl"
python3 -c 'import json, sys
for line in open(sys.argv[1]):
    a = json.loads(line)
    for t in a["times"]:
        print(json.dumps({"doc": a["id"], **t}, ensure_ascii=False))' "$out/analysis.jsonl" > "$out/pred.jsonl"
python3 "$data/timex_eval.py" score --gold "$out/gold" --pred "$out/pred.jsonl" --json "$out/score.json"

python3 - "$out/score.json" "$here/baseline.json" <<'PY'
import json, sys
score = json.load(open(sys.argv[1]))
floor = json.load(open(sys.argv[2]))
got = {"value_f1": 100 * score["value_f1"], "relaxed_f1": 100 * score["relaxed"]["f1"]}
bad = [k for k in ("value_f1", "relaxed_f1") if got[k] < floor[k]]
print("floors:", ", ".join(f"{k} {got[k]:.2f} >= {floor[k]}" for k in ("value_f1", "relaxed_f1")))
if bad:
    print("tempeval: below floor:", ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
