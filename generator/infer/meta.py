"""Paper and date of each page and item: inferred from the text, or from seeds/<stem>.yaml.

The dumps carry no metadata, so everything here is an inference unless the page's metadata
file says otherwise (then ``*_inferred`` is False). The signals, strongest first:

Paper
  1. a paper named in a byline: ``牡丹晚报全媒体记者 武霏`` -> 牡丹晚报 (any ``…日报|晚报`` before
     ``全媒体记者|记者|通讯员``);
  2. a county dateline: ``本报嘉祥讯`` -> the daily of that county's city (嘉祥县 is in 济宁市 ->
     济宁日报): county pages are printed by the city daily;
  3. a plain ``本报讯`` on a page whose places lie in one city -> that city's daily (菏泽日报).
Date (ISO 8601, partial when that is all the text supports, None when nothing)
  * year: the year the page names most often (``2023“世界地球日”``, ``2020年上半年``,
    ``启动2024年…``); ties go to the later year;
  * month and day: the article datelines, i.e. ``4月23日下午,`` / ``7月24日,`` near the start of an
    article's lead, or opening a paragraph or photo caption (``5月17日济宁市…集中开工活动举行``);
    ``将于5月7日鸣枪开跑`` (no comma follows) and ``4月22日是第54个“世界地球日”`` are not.
    The issue date is taken as the latest dateline on the page (12月30日 and 1月2日 on one page:
    1月2日, with the latest year named). A dateline is the event date;
    the issue is usually that day or the next, so the value stays marked as inferred.
  * A found date that is no calendar day is dropped (2月30日); 2月29日 in a year without one keeps
    only month and day (``--02-29``).
  * Items share their page's date and paper.
Metadata (``seeds/<stem>.yaml``: paper, date, page) wins and sets ``*_inferred`` False; dates may be
written 2023-04-24, 2023-4-5, 2023/04/05, 2023年4月5日, 2023-04 or 2023; anything else is reported
as a warning naming the file and the date is inferred instead. ``page`` is never inferred.
"""
from __future__ import annotations

import datetime
import functools
import re
from collections import Counter
from dataclasses import replace

from generator.infer.places import COUNTY_DATELINE, load_gazetteer
from generator.model import BuildWarning, Item, Page, SourcePage
from generator.parse.metadata import metadata_date
from generator.text.chars import HAN

NAMED_PAPER_RE = re.compile(rf"([{HAN}]{{2,4}}(?:日报|晚报|都市报))(?:全媒体)?(?:记者|通讯员|首席记者)")
PLAIN_DATELINE_RE = re.compile(r"本报讯")
# a year not inside a longer number; the look-behind comes last so the scan can skip to [12] fast
YEAR_RE = re.compile(r'((?:19[5-9]|20\d)\d)(?<!\d\d\d\d\d)(?=年|“|")')
DAYTIME = "(?:上午|下午|中午|晚上|晚|早上|凌晨|傍晚|夜间|夜)?"
DATELINE_RE = re.compile(rf"(?<!\d)(1[0-2]|[1-9])月([12]\d|3[01]|[1-9])日{DAYTIME}(?=[,，、])")
LEADING_DATE_RE = re.compile(r"^\s*(1[0-2]|[1-9])月([12]\d|3[01]|[1-9])日(?![是为至到起前后以])")
BYLINE_REACH = 40            # an unsplit byline sits in the first 40 characters of a lead
DATELINE_REACH = 80          # a lead's dateline comes within its first 80 characters


def date_year(date: str | None) -> str | None:
    """Return the year of an ISO date ("2023-04-24" or "2023" -> "2023"), None when it has none ("--04-24")."""
    return date[:4] if date and re.match(r"\d{4}", date) else None


# --- paper -------------------------------------------------------------------

def byline_texts(page: Page) -> list[str]:
    """Return where papers are named: bylines, credits and the start of leads and captions."""
    texts = []
    for item in page.items:
        texts += [t for t in (item.byline, item.credit) if t]
        texts += [t[:BYLINE_REACH] for t in (*(b.text for b in item.body[:1]), *item.captions)]
    return texts


def paper_signals(texts: list[str]) -> list[tuple[int, str]]:
    """Return (strength, paper) for every paper signal in the texts (3 named, 2 county dateline)."""
    signals = []
    for text in texts:
        signals += [(3, m.group(1)) for m in NAMED_PAPER_RE.finditer(text)]
        for m in COUNTY_DATELINE.finditer(text):
            city = _place_cities().get(m.group(1))
            if city:
                signals.append((2, city_daily(city)))
    return signals


@functools.lru_cache(maxsize=1)
def _place_cities() -> dict[str, str]:
    """Return county full and short name -> city, focus cities first (嘉祥 -> 济宁市)."""
    cities: dict[str, str] = {}
    for county in load_gazetteer().counties:
        cities.setdefault(county.name, county.city)
        cities.setdefault(county.short, county.city)
    return cities


def city_daily(city: str) -> str:
    """Return the name of a city's daily paper (济宁市 -> 济宁日报)."""
    return city.removesuffix("市") + "日报"


def page_city(page: Page) -> str | None:
    """Return the one city that the page's assigned counties lie in, or None if several or none."""
    cities = {_place_cities().get(name) for item in page.items for name in item.counties}
    return cities.pop() if len(cities) == 1 else None


def infer_paper(page: Page) -> str | None:
    """Return the paper the page's text points at (rules in the module docstring), or None."""
    texts = byline_texts(page)
    signals = paper_signals(texts)
    if signals:
        best = max(s for s, _ in signals)
        return Counter(p for s, p in signals if s == best).most_common(1)[0][0]
    if any(PLAIN_DATELINE_RE.search(t) for t in texts):
        city = page_city(page)
        return city_daily(city) if city else None
    return None


# --- date --------------------------------------------------------------------

def year_counts(text: str) -> Counter:
    """Return how often the text names each year."""
    return Counter(int(y) for y in YEAR_RE.findall(text))


def infer_year(text: str) -> int | None:
    """Return the year the text names most often (later year on ties), or None."""
    years = year_counts(text)
    return max(years, key=lambda y: (years[y], y)) if years else None


def item_datelines(item: Item) -> list[tuple[int, int]]:
    """Return (month, day) of the item's datelines: early in its lead, or opening any paragraph or caption."""
    texts = item.lead_texts()
    found = []
    for number, text in enumerate(texts):
        match = LEADING_DATE_RE.match(text)
        if not match and number < 2:
            match = DATELINE_RE.search(text, 0, DATELINE_REACH + 10)
            match = match if match and match.start() <= DATELINE_REACH else None
        if match and real_day(int(match.group(1)), int(match.group(2))):
            found.append((int(match.group(1)), int(match.group(2))))
    return found


def real_day(month: int, day: int) -> bool:
    """Return True if the month and day exist in some year (2月29日 yes, 2月30日 no)."""
    return real_date(2000, month, day)


def real_date(year: int, month: int, day: int) -> bool:
    """Return True if the date exists."""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def latest_dateline(datelines: list[tuple[int, int]]) -> tuple[tuple[int, int], bool]:
    """Return the latest (month, day) and whether the datelines cross a new year (12月 and 1月)."""
    months = {m for m, _ in datelines}
    wraps = any(m >= 11 for m in months) and any(m <= 2 for m in months)
    latest = max(datelines, key=lambda d: (d[0] + 12 if wraps and d[0] <= 2 else d[0], d[1]))
    return latest, wraps and latest[0] <= 2


def infer_date(page: Page) -> str | None:
    """Return the page's issue date as ISO (full or partial) from years and datelines, or None."""
    years = year_counts(page.raw)
    year = max(years, key=lambda y: (years[y], y)) if years else None
    datelines = [d for item in page.items for d in item_datelines(item)]
    if not datelines:
        return f"{year:04d}" if year else None
    (month, day), new_year = latest_dateline(datelines)
    if new_year and years:
        year = max(years)          # a page from early January names the new year
    if year and not real_date(year, month, day):
        year = None                # 2月29日 in a year that has none: the year guess is wrong
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


# --- the stage ---------------------------------------------------------------

def infer_meta(page: Page, source: SourcePage) -> Page:
    """Return the page with paper, date and page name set on it and on every item."""
    warnings = list(page.warnings)
    paper, given = source.meta_value("paper") or None, source.meta_value("date") or None
    date = metadata_date(given) if given else None
    if given and date is None:
        warnings.append(BuildWarning(source.name, None, f"metadata date {given!r} is not a date like "
                                     "2023-04-24, 2023-04 or 2023: ignored, date inferred from the text"))
    paper_inferred, date_inferred = paper is None, date is None
    paper = infer_paper(page) if paper is None else paper
    date = infer_date(page) if date is None else date
    items = tuple(replace(item, paper=paper, date=date, date_inferred=date_inferred)
                  for item in page.items)
    return replace(page, items=items, paper=paper, paper_inferred=paper_inferred, date=date,
                   date_inferred=date_inferred, page_name=source.meta_value("page") or None,
                   warnings=tuple(warnings))


def date_sort_key(date: str | None) -> str:
    """Return a key that sorts dates oldest first, unknown and year-less dates before dated ones."""
    if not date:
        return ""
    return "0000" + date[1:] if date.startswith("--") else date
