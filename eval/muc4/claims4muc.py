"""MUC-4 role fillers from `consilience analyze --jsonl` output.

Reads analysis lines ({"id", "claims": [...]}) and writes the scorer's prediction
form, {docid: {role: [[mention], ...]}}: the claims of the five role fields that are
not background figures, grouped into entities by their normalised value (as fusion
groups them), each entity written with its first mention as it stands in the text.
Claims about another attack in the same text (`other_event`) count: MUC-4 templates
cover every attack a text reports.

Usage: claims4muc.py ANALYSIS.jsonl > PRED.json
"""
import json
import sys

ROLES = {
    "perpetrator_individual": "PerpInd",
    "perpetrator_organization": "PerpOrg",
    "target_physical": "Target",
    "target_human": "Victim",
    "weapon": "Weapon",
}

out = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    a = json.loads(line)
    roles = {role: [] for role in ROLES.values()}
    seen = {role: set() for role in ROLES.values()}
    for c in a["claims"]:
        role = ROLES.get(c["field"])
        if role is None or c["background"]:
            continue
        n = c.get("normalized")
        key = n if isinstance(n, str) else c["value"].lower()
        if key not in seen[role]:
            seen[role].add(key)
            roles[role].append([c["value"]])
    out[a["id"]] = roles
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
