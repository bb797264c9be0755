#!/usr/bin/env bash
# Copy families on ECB+ dev texts (shared/data/ecbplus beside the repository):
# the copy benchmark (crates/copies/examples/copy_bench.rs) derives copies of
# a sample of reports the way the web makes them and scores family
# membership. Fails when a figure falls below its floor in baseline.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/eval/common.sh"
data="$(shared_data ecbplus dev.jsonl "${ECBPLUS_DATA:-}")"
cd "$root"
cargo build --release -p consilience-copies --example copy_bench
target="${CARGO_TARGET_DIR:-$root/target}"
summary="$(mktemp -t consilience-copies.XXXXXX.json)"
SUMMARY="$summary" "$target/release/examples/copy_bench" "$data/dev.jsonl" | grep -E '^(  [A-Z][a-zA-Z]+:|truth|  family|  independent)'
python3 - "$here/baseline.json" "$summary" <<'PY'
import json, sys
floors = json.load(open(sys.argv[1]))["floors"]
got = json.load(open(sys.argv[2]))
low = []
for path, floor in floors.items():
    value = got
    for key in path.split("."):
        value = value[key]
    mark = "ok" if value >= floor else "BELOW FLOOR"
    print(f"{path}: {value:.4f} (floor {floor}) {mark}")
    if value < floor:
        low.append(path)
sys.exit(1 if low else 0)
PY
