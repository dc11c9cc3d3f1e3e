"""The page kinds: home, article, county, county index, printed page, pages index, about, 404,
redirect and search; each returns {site path: HTML}.
"""
from __future__ import annotations

import bisect

from pathlib import Path

import markdown
from markupsafe import Markup

from generator.archive.urls import URLs
from generator.model import County, Item, Page, Redirect
from generator.site.cite import citation_meta, gbt7714
from generator.site.context import (
    NEWEST_ON_HOME,
    NEWEST_PAGES_ON_HOME,
    PAGES_PER_LIST,
    PER_PAGE,
    Renderer,
    Site,
    newest_pages,
)
from generator.site.filters import REPAIR_LABELS

VIEW_PART_CHARS = 1_000_000      # raw characters per file of a printed page's view (about 3 MB of HTML)


def render_home(r: Renderer) -> dict[str, str]:
    """Return the home page: newest items, counties with counts, the newest printed pages."""
    site = r.site
    counties = [(c, len(site.county_items(c))) for c in site.archive.counties]
    newest = site.newest(site.archive.items)[:NEWEST_ON_HOME]
    pages = [(p, site.page_label(p)) for p in newest_pages(site.archive.pages)[:NEWEST_PAGES_ON_HOME]]
    path = r.urls.home()
    return {path: r.page("index.html", path, "home", newest=newest, counties=counties, pages=pages,
                         page_count=len(site.archive.pages), total=len(site.archive.items))}


def removed_texts(item: Item) -> list[tuple[str, str]]:
    """Return (label, text) for each repair that took text out of the item."""
    return [(REPAIR_LABELS.get(r.kind, r.kind), r.removed) for r in item.repairs if r.removed]


def render_article(r: Renderer, page: Page, index: int) -> dict[str, str]:
    """Return the page of the article or photo printed at ``index`` on ``page``."""
    site = r.site
    item = page.items[index]
    path = r.urls.article(item.id)
    previous = page.items[index - 1] if index else None
    following = page.items[index + 1] if index + 1 < len(page.items) else None
    return {path: r.page("article.html", path, None, item=item, page=page, page_label=site.page_label(page),
                         page_name=site.page_name(page),
                         counties=site.item_counties(item), previous=previous, following=following,
                         citation=gbt7714(item, page, r.urls), meta_tags=citation_meta(item, page, r.urls),
                         removed=removed_texts(item))}


def _siblings(site: Site, county: County) -> list[County]:
    """Return the other counties of the same city, in index order: the county's neighbours."""
    return [c for c in site.archive.counties if c.city == county.city and c.slug != county.slug]


def render_county(r: Renderer, county: County) -> dict[str, str]:
    """Return every page of a county's listing, PER_PAGE items each, newest first."""
    items = r.site.county_items(county)
    chunks = [items[n:n + PER_PAGE] for n in range(0, len(items), PER_PAGE)] or [[]]
    counties = list(r.site.archive.counties)
    index = counties.index(county)
    previous = counties[index - 1] if index else None
    following = counties[index + 1] if index + 1 < len(counties) else None
    files = {}
    for number, chunk in enumerate(chunks, 1):
        path = r.urls.county(county.slug, number)
        pager = {"number": number, "count": len(chunks),
                 "previous": r.urls.county(county.slug, number - 1) if number > 1 else None,
                 "next": r.urls.county(county.slug, number + 1) if number < len(chunks) else None}
        files[path] = r.page("county.html", path, "county_index", county=county, items=chunk, total=len(items),
                             pager=pager, siblings=_siblings(r.site, county), previous=previous,
                             following=following, first=(number - 1) * PER_PAGE + 1)
    return files


def render_county_index(r: Renderer) -> dict[str, str]:
    """Return the list of every county of the archive's region, grouped by city, with item counts (0: 暂无);
    the cities under their province when the archive spans several provinces."""
    groups: dict[str, list] = {}
    known = {c.name for c in r.site.archive.counties}
    region = r.site.archive.region or r.site.archive.counties
    for county in (*region, *(c for c in r.site.archive.counties if c not in region)):
        count = len(r.site.county_items(county)) if county.name in known else 0
        groups.setdefault(county.city, []).append((county, count, county.name in known))
    towns = [(county, has_page) for counties in groups.values() for county, _, has_page in counties if county.towns]
    provinces = by_province(groups)
    path = r.urls.county_index()
    return {path: r.page("county_index.html", path, "county_index", groups=list(groups.items()), towns=towns,
                         provinces=provinces if len(provinces) > 1 else None)}


def by_province(groups: dict[str, list]) -> list[tuple[str, list]]:
    """Return [(province, [(city, counties)])] in the cities' order, a province once (at its first city)."""
    provinces: dict[str, list] = {}
    for city, counties in groups.items():
        provinces.setdefault(counties[0][0].province, []).append((city, counties))
    return list(provinces.items())


def view_parts(page: Page, part_chars: int = VIEW_PART_CHARS) -> list[tuple[tuple[Item, ...], str, int]]:
    """Return the printed page's view cut into parts of whole lines, each about ``part_chars`` of raw text,
    with the items that start in it and its first line: one part for any ordinary page, so no view file
    grows with a huge one."""
    if len(page.raw) <= part_chars:
        return [(page.items, page.raw, 1)]
    cuts, start = [], 0                                  # (first line, raw text) per part
    line = 1
    while start < len(page.raw):
        end = page.raw.find("\n", start + part_chars)
        end = len(page.raw) if end < 0 else end + 1
        cuts.append((line, page.raw[start:end]))
        line += page.raw.count("\n", start, end)
        start = end
    firsts = [first for first, _ in cuts]
    items: list[list[Item]] = [[] for _ in cuts]
    for item in page.items:
        where = bisect.bisect_right(firsts, item.lines[0] if item.lines else 1) - 1
        items[max(where, 0)].append(item)
    return [(tuple(part_items), raw, first) for part_items, (first, raw) in zip(items, cuts)]


def raw_marked(items: tuple[Item, ...], raw: str, first_line: int = 1) -> list[tuple[tuple[Item, ...], str]]:
    """Return the raw text cut before each item's first line, with the items that start there.

    The printed-page view shows the raw text once and marks where each article begins in it (issue 16:
    the view listed every item's kicker, byline and lead beside the raw text that holds them)."""
    starts: dict[int, list[Item]] = {}
    for item in items:
        if item.lines:
            starts.setdefault(min(item.lines), []).append(item)
    lines = raw.split("\n")                              # "\n" only: str.splitlines also cuts at \x1c, \u2028, …
    pieces: list[tuple[tuple[Item, ...], list[str]]] = [((), [])]
    for number, line in enumerate(lines, first_line):
        if number in starts:
            pieces.append((tuple(starts[number]), []))
        pieces[-1][1].append(line)
    texts = ["\n".join(chunk) for _, chunk in pieces]
    texts = [text + "\n" for text in texts[:-1]] + texts[-1:]
    return [(marks, text) for (marks, _), text in zip(pieces, texts) if marks or text]


def line_span(item: Item) -> str:
    """Return the source lines an item was made from as a reader reads them: "3–18", "7"."""
    if not item.lines:
        return ""
    low, high = min(item.lines), max(item.lines)
    return str(low) if low == high else f"{low}–{high}"


def render_printed_page(r: Renderer, page: Page) -> dict[str, str]:
    """Return the view of one printed page: its items in printed order and its raw text, each article's
    start marked in it (in parts if huge)."""
    parts = view_parts(page)
    paths = [r.urls.printed_page(page.source, n) for n in range(1, len(parts) + 1)]
    return {path: r.page("printed_page.html", path, "pages_index", page=page, label=r.site.page_label(page),
                         page_name=r.site.page_name(page), line_span=line_span,
                         items=items, raw=raw_marked(items, raw, first), parts=paths if len(parts) > 1 else [],
                         part=n)
            for n, (path, (items, raw, first)) in enumerate(zip(paths, parts), 1)}




def render_pages_index(r: Renderer) -> dict[str, str]:
    """Return the list of all printed pages by year, paper and date; past PAGES_PER_LIST, one list per year."""
    from generator.site.browse import pages_by_year
    all_pages = r.site.archive.pages
    path = r.urls.pages_index()
    groups = [(year, [(p, r.site.page_label(p)) for p in pages]) for year, pages in pages_by_year(all_pages)]
    if len(all_pages) <= PAGES_PER_LIST:
        return {path: r.page("pages_index.html", path, "pages_index", groups=groups, years=[], total=None, heading=None)}
    links = [(year, r.urls.pages_year(year), len(pages)) for year, pages in groups]
    files = {path: r.page("pages_index.html", path, "pages_index", groups=[], years=links, total=len(all_pages),
                          heading=None)}
    for year, pages in groups:
        year_path = r.urls.pages_year(year)
        files[year_path] = r.page("pages_index.html", year_path, "pages_index",
                                  heading=f"{year} 年的版面" if year else "日期不详的版面",
                                  groups=[(year, pages)], years=links, total=None)
    return files


def render_about(r: Renderer, templates: Path) -> dict[str, str]:
    """Return the about page, from templates/about.md."""
    source = templates / "about.md"
    text = source.read_text(encoding="utf-8") if source.exists() else "# 关于本站\n"
    html = Markup(markdown.markdown(text, extensions=["tables"], output_format="html"))
    path = r.urls.about()
    return {path: r.page("about.html", path, "about", content=html)}


def render_not_found(r: Renderer) -> dict[str, str]:
    """Return 404.html (with a <base> when the site's URL is known, since it is served at any depth)."""
    path = r.urls.not_found()
    return {path: r.page("404.html", path, None, base_href=r.urls.base_url)}


def render_redirect(r: Renderer, redirect: Redirect) -> dict[str, str]:
    """Return the page of an id that moved (meta refresh + link + canonical) or was withdrawn."""
    path = r.urls.article(redirect.id)
    successor = r.site.items_by_id.get(redirect.successor) if redirect.successor else None
    if successor is None:
        return {path: r.page("withdrawn.html", path, None, redirect=redirect)}
    target = r.urls.article(successor.id)
    context = r.base(path)
    context["canonical"] = r.urls.absolute(target) or context["link"](target)
    return {path: r.env.get_template("redirect.html").render(**context, redirect=redirect, successor=successor,
                                                              target=target)}


def render_page_redirect(r: Renderer, moved) -> dict[str, str]:
    """Return the page left at the URL of a printed page that moved (meta refresh + link) or was removed."""
    path = r.urls.page_path(moved.slug)
    target = r.urls.page_path(moved.successor) if moved.successor else r.urls.pages_index()
    context = r.base(path)
    context["canonical"] = r.urls.absolute(target) or context["link"](target)
    return {path: r.env.get_template("page_redirect.html").render(**context, moved=moved, target=target)}


def render_search(r: Renderer, templates: Path) -> dict[str, str]:
    """Return the search page from templates/search.html (owned by search), if it exists."""
    if not (templates / "search.html").exists():
        return {}
    path = r.urls.search()
    return {path: r.page("search.html", path, "search")}
