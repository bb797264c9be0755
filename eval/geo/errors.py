#!/usr/bin/env python3
"""Error analysis for eval/geo/run.sh: lists misses, wrong resolutions and false hits.

Usage: errors.py GOLD.jsonl PRED.jsonl [miss|wrong|false|all] [limit]
Each line: kind, document id, the text around the name with the name in [brackets], the gold
place (name, lat/lon) and the prediction (name, admin1, country, feature, km off).
Nothing is written; the output is for reading (data stays in ../shared/data)."""
import json, math, sys
from collections import Counter


def km(a, b, c, d):
    r = math.radians
    x = math.sin(r(c - a) / 2) ** 2 + math.cos(r(a)) * math.cos(r(c)) * math.sin(r(d - b) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(x)))


gold = {}
texts = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    texts[d["id"]] = d["text"]
    gold[d["id"]] = [p for p in d.get("places", []) if p.get("lat") is not None]
pred = {}
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    pred[d["id"]] = [p for p in d.get("places", []) if p.get("lat") is not None]
what = sys.argv[3] if len(sys.argv) > 3 else "all"
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 10**9


def ctx(t, s, e, w=50):
    return (t[max(0, s - w):s] + "[" + t[s:e] + "]" + t[e:e + w]).replace("\n", " ")


rows = []
counts = Counter()
for doc, gp in gold.items():
    t = texts[doc]
    pp = pred.get(doc, [])
    used = set()
    for g in gp:
        hits = [i for i, p in enumerate(pp) if p["start"] < g["end"] and g["start"] < p["end"]]
        if not hits:
            counts["miss"] += 1
            rows.append(("miss", doc, ctx(t, g["start"], g["end"]), f"gold {g['name']} ({g.get('fcode')}) {g['lat']:.2f},{g['lon']:.2f}"))
            continue
        best = min(hits, key=lambda i: km(g["lat"], g["lon"], pp[i]["lat"], pp[i]["lon"]))
        p = pp[best]
        d = km(g["lat"], g["lon"], p["lat"], p["lon"])
        used.update(hits)
        if d > 161:
            counts["wrong"] += 1
            rows.append(("wrong", doc, ctx(t, g["start"], g["end"]),
                         f"gold {g['name']} {g['lat']:.2f},{g['lon']:.2f} | pred {p.get('name')}, {p.get('admin1')}, {p.get('country')} [{p.get('feature')}] {d:.0f} km"))
    for i, p in enumerate(pp):
        if i in used:
            continue
        counts["false"] += 1
        rows.append(("false", doc, ctx(t, p["start"], p["end"]), f"pred {p.get('name')}, {p.get('admin1')}, {p.get('country')} [{p.get('feature')}]"))
n = 0
for r in rows:
    if what != "all" and r[0] != what:
        continue
    print("\t".join(r))
    n += 1
    if n >= limit:
        break
print(dict(counts), file=sys.stderr)
