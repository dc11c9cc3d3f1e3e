"""The archive's HTML pages, rendered with jinja2 templates from ``templates/``.

``render_site(archive, urls)`` is pure: it returns {site path: content} and writes nothing.
Every template gets ``link(path)`` bound to the page being rendered (relative links, so the
site works under any sub-path and from ``file://``) and autoescapes everything: page text is
hostile input.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape as xml_escape

import jinja2
import markdown
from markupsafe import Markup

from generator.archive.urls import URLs
from generator.infer.meta import date_year
from generator.infra.parallel import inherited, inherited_value, pool_iter
from generator.infra.writer import Unchanged
from generator.model import Archive, County, Item, Page, Redirect
from generator.site.render_cache import RenderRecord
from generator.text.typography import typeset

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SITE_TITLE = "菏泽报纸档案"
PER_PAGE = 50
PAGES_PER_LIST = 300         # more printed pages than this: the pages index lists years, one page per year
NEWEST_ON_HOME = 20
NEWEST_PAGES_ON_HOME = 20    # the home page lists these; all printed pages are on the pages index

REPAIR_LABELS = {
    "join": "合并断行",
    "duplicate_removed": "删除重复段落",
    "overlap_removed": "删除断行处重复文字",
    "caption_moved": "移回图片说明",
    "typography": "规范标点",
    "whitespace": "删除多余空白",
}
NAV = (("home", "首页"), ("county_index", "县区"), ("pages_index", "版面"), ("search", "搜索"), ("about", "关于"))
# Unicode "format" characters (category Cf: zero-width, bidi controls, BOM...), invisible when printed.
FORMAT_CHARS = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
                          "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                          "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


# --- display helpers (also jinja filters) -------------------------------------------

# Code points HTML forbids: controls other than tab, line feed, form feed and carriage return; noncharacters.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                             + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(1, 17))
                             + "\ud800-\udfff]")


def _label(match: re.Match) -> str:
    """Return the visible stand-in of one invisible or forbidden character."""
    return f"[U+{ord(match.group()):04X}]"


def visible(text: str | None) -> str:
    """Return ``text`` with invisible characters (zero-width, bidi and other controls) shown as [U+XXXX]."""
    if not text:
        return ""
    return FORMAT_CHARS.sub(_label, FORBIDDEN_CHARS.sub(_label, text))


def show(text: str | None) -> str:
    """Return display text: full-width punctuation, invisible controls made visible (escaped later)."""
    return typeset(visible(text))


def format_date(date: str | None) -> str:
    """Return a date as Chinese readers write it: 2023年4月24日, 2023年4月, 4月24日."""
    if not date:
        return "日期不详"
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date) or re.fullmatch(r"--(\d{2})-(\d{2})", date)
    if not match:
        return date
    parts = [p for p in match.groups() if p]
    units = ("年", "月", "日") if len(date) >= 4 and date[0].isdigit() else ("月", "日")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units))


def machine_date(date: str | None) -> str | None:
    """Return the value for a <time datetime> attribute, or None when the date is not valid HTML."""
    if date and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):    # the Nu checker refuses year-less "--MM-DD"
        return date
    return None


def date_sort_key(date: str | None) -> str:
    """Return a key that sorts dates oldest first, unknown and year-less dates before dated ones."""
    if not date:
        return ""
    return "0000" + date[1:] if date.startswith("--") else date


def first_sentence(item: Item, limit: int = 80) -> str:
    """Return the item's first sentence (the template filter)."""
    return item.first_sentence(limit)


def display_title(item: Item) -> str:
    """Return the item's display title (the template filter)."""
    return item.display_title()


def repair_summary(repairs) -> str:
    """Return '合并断行 2 处，删除重复段落 1 处' for a list of repairs, in first-seen order."""
    counts: dict[str, int] = {}
    for repair in repairs:
        counts[repair.kind] = counts.get(repair.kind, 0) + 1
    return "，".join(f"{REPAIR_LABELS.get(kind, kind)} {n} 处" for kind, n in counts.items())


def json_ld(data: dict) -> Markup:
    """Return JSON for a <script> element: '<', '>' and '&' escaped so page text cannot end the script."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def make_env(templates: Path = TEMPLATES) -> jinja2.Environment:
    """Return the jinja environment: autoescape on for every template, strict undefined."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(typeset=show, visible=visible, date=format_date, machine_date=machine_date,
                       first_sentence=first_sentence, title=display_title, repairs=repair_summary,
                       repair_label=lambda kind: REPAIR_LABELS.get(kind, kind))
    return env


# --- the site's structure -------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    """Lookups that several page types share."""

    archive: Archive
    urls: URLs
    counties: dict[str, County]            # full name → county
    items_by_id: dict[str, Item]
    pages_by_source: dict[str, Page]
    by_county: dict[str, list[Item]]       # county name → its items, newest first

    @classmethod
    def of(cls, archive: Archive, urls: URLs) -> "Site":
        """Return the lookups for ``archive``."""
        by_county: dict[str, list[Item]] = {}
        for item in archive.items:
            for name in dict.fromkeys(item.counties):
                by_county.setdefault(name, []).append(item)
        return cls(archive, urls, {c.name: c for c in archive.counties},
                   {i.id: i for i in archive.items if i.id}, {p.source: p for p in archive.pages},
                   {name: cls.newest(items) for name, items in by_county.items()})

    @staticmethod
    def newest(items) -> list[Item]:
        """Return items newest first (unknown dates last), ties in page and printed order."""
        ordered = sorted(items, key=lambda i: (i.source, i.position))
        return sorted(ordered, key=lambda i: date_sort_key(i.date), reverse=True)

    def county_items(self, county: County) -> list[Item]:
        """Return the items about ``county``, newest first."""
        return self.by_county.get(county.name, [])

    def item_counties(self, item: Item) -> list[County]:
        """Return the counties of an item that have pages, main first."""
        return [self.counties[name] for name in item.counties if name in self.counties]

    def page_label(self, page: Page) -> str:
        """Return a short human name of a printed page: paper, date and page name (or file number)."""
        stem = Path(page.source).stem
        parts = [page.paper, format_date(page.date) if page.date else None]
        parts.append(page.page_name or f"版面 {stem.split('_')[0] if '_' in stem else stem}")
        return " · ".join(p for p in parts if p)


class Renderer:
    """Renders each page type with the shared base context."""

    def __init__(self, site: Site, env: jinja2.Environment):
        self.site = site
        self.env = env
        self.urls = site.urls
        self._links: dict[str, dict[str, str]] = {}

    def linker(self, path: str):
        """Return ``urls.linker(path)``, memoised per folder (links depend only on the page's folder)."""
        folder = posixpath.dirname(path)
        cache = self._links.setdefault(folder, {})

        def link(to_path: str) -> str:
            if to_path not in cache:
                cache[to_path] = self.urls.relative(path, to_path)
            return cache[to_path]
        return link

    def base(self, path: str, section: str | None = None) -> dict:
        """Return the context every template gets."""
        urls = self.urls
        nav = [{"path": getattr(urls, name)(), "label": label, "current": name == section} for name, label in NAV]
        return {"site_title": SITE_TITLE, "link": self.linker(path), "urls": urls, "path": path,
                "nav": nav, "canonical": urls.absolute(path), "base_url": urls.base_url,
                "stylesheet": urls.asset("style.css")}

    def page(self, template: str, path: str, section: str | None = None, **context) -> str:
        """Return the rendered template for the page at ``path``."""
        return self.env.get_template(template).render(**self.base(path, section), **context)


# --- page types ----------------------------------------------------------------------------

def newest_pages(pages) -> list[Page]:
    """Return printed pages newest first (unknown dates last), ties in file order."""
    ordered = sorted(pages, key=lambda p: p.source)
    return sorted(ordered, key=lambda p: date_sort_key(p.date), reverse=True)


def render_home(r: Renderer) -> dict[str, str]:
    """Return the home page: newest items, counties with counts, the newest printed pages."""
    site = r.site
    counties = [(c, len(site.county_items(c))) for c in site.archive.counties]
    newest = site.newest(site.archive.items)[:NEWEST_ON_HOME]
    pages = [(p, site.page_label(p)) for p in newest_pages(site.archive.pages)[:NEWEST_PAGES_ON_HOME]]
    path = r.urls.home()
    return {path: r.page("index.html", path, "home", newest=newest, counties=counties, pages=pages,
                         page_count=len(site.archive.pages), total=len(site.archive.items))}


def citation(item: Item, urls: URLs) -> str:
    """Return a GB/T 7714 style citation: authors. title[N]. paper, date. URL (absolute when known)."""
    path = urls.article(item.id)
    url = urls.absolute(path) or path
    authors = ", ".join(p.name for p in item.authors)
    date = (item.date or "日期不详").lstrip("-") + ("（推断）" if item.date and item.date_inferred else "")
    head = f"{visible(authors)}. " if authors else ""
    return f"{head}{show(display_title(item))}[N]. {show(item.paper) or '报名不详'}, {date}. {url}"


def article_json_ld(item: Item, urls: URLs) -> Markup:
    """Return schema.org NewsArticle JSON-LD for ``item``."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": show(display_title(item)),
            "inLanguage": "zh-CN"}
    if item.subtitle:
        data["alternativeHeadline"] = show(item.subtitle)
    if machine_date(item.date):
        data["datePublished"] = item.date
    if item.authors:
        data["author"] = [{"@type": "Person", "name": visible(p.name), "jobTitle": visible(p.role)} for p in item.authors]
    if item.paper:
        data["publisher"] = {"@type": "Organization", "name": show(item.paper)}
    if item.counties:
        data["contentLocation"] = [{"@type": "Place", "name": name} for name in item.counties]
    url = urls.absolute(urls.article(item.id))
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    return json_ld(data)


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
                         counties=site.item_counties(item), previous=previous, following=following,
                         citation=citation(item, r.urls), json_ld=article_json_ld(item, r.urls),
                         description=first_sentence(item, 120), removed=removed_texts(item),
                         og_url=r.urls.absolute(path))}


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
    """Return the list of all counties, grouped by city, with item counts."""
    groups: dict[str, list] = {}
    for county in r.site.archive.counties:
        groups.setdefault(county.city, []).append((county, len(r.site.county_items(county))))
    path = r.urls.county_index()
    return {path: r.page("county_index.html", path, "county_index", groups=list(groups.items()))}


def render_printed_page(r: Renderer, page: Page) -> dict[str, str]:
    """Return the view of one printed page: its items in printed order and its raw text."""
    path = r.urls.printed_page(page.source)
    return {path: r.page("printed_page.html", path, "pages_index", page=page, label=r.site.page_label(page),
                         counties={i.id: r.site.item_counties(i) for i in page.items})}


def page_year(page: Page) -> str | None:
    """Return the year of a printed page ("2023"), or None when its date has none."""
    return date_year(page.date)


def render_pages_index(r: Renderer) -> dict[str, str]:
    """Return the list of all printed pages; past PAGES_PER_LIST, a list of years and one list per year."""
    all_pages = r.site.archive.pages
    path = r.urls.pages_index()
    if len(all_pages) <= PAGES_PER_LIST:
        pages = [(p, r.site.page_label(p)) for p in all_pages]
        return {path: r.page("pages_index.html", path, "pages_index", pages=pages, years=[], total=None, heading=None)}
    years: dict[str | None, list[Page]] = {}
    for page in newest_pages(all_pages):
        years.setdefault(page_year(page), []).append(page)
    links = [(year, r.urls.pages_year(year), len(pages)) for year, pages in years.items()]
    files = {path: r.page("pages_index.html", path, "pages_index", pages=[], years=links, total=len(all_pages),
                          heading=None)}
    for year, pages in years.items():
        year_path = r.urls.pages_year(year)
        files[year_path] = r.page("pages_index.html", year_path, "pages_index",
                                  heading=f"{year} 年的版面" if year else "日期不详的版面",
                                  pages=[(p, r.site.page_label(p)) for p in pages], years=links, total=None)
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


def render_search(r: Renderer, templates: Path) -> dict[str, str]:
    """Return the search page from templates/search.html (owned by search), if it exists."""
    if not (templates / "search.html").exists():
        return {}
    path = r.urls.search()
    return {path: r.page("search.html", path, "search")}


SITEMAP_MAX_URLS = 50_000    # the sitemap protocol's limit per file (sitemaps.org)
SITEMAP_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(root: str, entry: str, locations: list[str]) -> str:
    """Return a sitemap XML document: ``root`` (urlset or sitemapindex) with one ``entry`` per location."""
    lines = [f"  <{entry}><loc>{xml_escape(loc)}</loc></{entry}>" for loc in locations]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SITEMAP_XMLNS}">\n'
            + "\n".join(lines) + f"\n</{root}>\n")


def render_sitemap(site: Site, max_urls: int | None = None) -> dict[str, str]:
    """Return sitemap.xml listing every live page, when the site's URL is known.

    Past ``max_urls`` (default SITEMAP_MAX_URLS) URLs, sitemap.xml is a sitemap index of
    sitemap-1.xml, sitemap-2.xml, ... holding at most ``max_urls`` URLs each.
    """
    urls = site.urls
    if not urls.base_url:
        return {}
    paths = [urls.home(), urls.county_index(), urls.pages_index(), urls.about()]
    if len(site.archive.pages) > PAGES_PER_LIST:
        paths += [urls.pages_year(year) for year in dict.fromkeys(page_year(p) for p in newest_pages(site.archive.pages))]
    paths += [urls.article(item.id) for item in site.archive.items]
    for county in site.archive.counties:
        count = max(1, -(-len(site.county_items(county)) // PER_PAGE))
        paths += [urls.county(county.slug, n) for n in range(1, count + 1)]
    paths += [urls.printed_page(page.source) for page in site.archive.pages]
    limit = max_urls or SITEMAP_MAX_URLS
    locations = [urls.absolute(p) for p in paths]
    if len(locations) <= limit:
        return {urls.sitemap(): sitemap_xml("urlset", "url", locations)}
    chunks = {urls.sitemap(n): locations[start:start + limit]
              for n, start in enumerate(range(0, len(locations), limit), start=1)}
    files = {name: sitemap_xml("urlset", "url", chunk) for name, chunk in chunks.items()}
    files[urls.sitemap()] = sitemap_xml("sitemapindex", "sitemap", [urls.absolute(name) for name in chunks])
    return files


def copy_assets(urls: URLs, templates: Path) -> dict[str, bytes]:
    """Return every file under templates/assets/, at its asset path."""
    folder = templates / "assets"
    if not folder.is_dir():
        return {}
    return {urls.asset(p.relative_to(folder).as_posix()): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


PAGES_PER_TASK = 20          # printed pages (with their articles) rendered per worker task
PageFiles = tuple[str | None, list[tuple[str, str | Unchanged]]]   # render key, (site path, content)*


def printed_page_files(r: Renderer, page: Page) -> list[tuple[str, str]]:
    """Return the view of one printed page and the pages of its articles, as (site path, content)."""
    files = list(render_printed_page(r, page).items())
    for index in range(len(page.items)):
        files += render_article(r, page, index).items()
    return files


def page_render_key(r: Renderer, record: RenderRecord, page: Page) -> str:
    """Return the render key of a printed page's files: the page, its items' counties, the URLs."""
    return record.key(page, [r.site.item_counties(item) for item in page.items], r.urls)


def _render_printed_pages(task: tuple[int, int]) -> list[PageFiles]:
    """Return the files of printed pages ``first`` to ``last - 1``, those unchanged since the last build as markers."""
    first, last = task
    r, record = inherited_value("rendering")
    out: list[PageFiles] = []
    for page in r.site.archive.pages[first:last]:
        key = page_render_key(r, record, page) if record is not None else None
        kept = record.unchanged(key) if key is not None else None
        if kept is not None:
            out.append((key, [(path, Unchanged(record.previous / path)) for path in kept]))
        else:
            out.append((key, printed_page_files(r, page)))
    return out


def iter_site(archive: Archive, urls: URLs, templates: Path = TEMPLATES, workers: int | None = None,
              record: RenderRecord | None = None) -> Iterator[tuple[str, str | bytes | Unchanged]]:
    """Yield every page and asset of the site as (site path, content), articles rendered on every core.

    Pages are yielded as they are rendered, so the build writes them out without holding the
    whole site in memory; the output does not depend on ``workers``. With a ``record`` of the
    last build, the files of a printed page whose render key and files are unchanged come as
    ``Unchanged`` markers (the writer links them from the previous site) instead of being rendered.
    """
    site = Site.of(archive, urls)
    r = Renderer(site, make_env(templates))
    yield ".nojekyll", ""
    yield from render_home(r).items()
    count = len(archive.pages)
    tasks = [(first, min(count, first + PAGES_PER_TASK)) for first in range(0, count, PAGES_PER_TASK)]
    if record is not None:
        record.begin(templates)
    with inherited("rendering", (r, record)):
        for batch in pool_iter(_render_printed_pages, tasks, workers):
            for key, files in batch:
                if record is not None:
                    record.use(key, [path for path, _ in files], reused=isinstance(files[0][1], Unchanged))
                yield from files
    for county in archive.counties:
        yield from render_county(r, county).items()
    for part in (render_county_index(r), render_pages_index(r), render_about(r, templates), render_not_found(r),
                 render_search(r, templates)):
        yield from part.items()
    for redirect in archive.redirects:
        yield from render_redirect(r, redirect).items()
    yield from render_sitemap(site).items()
    yield from copy_assets(urls, templates).items()


def render_site(archive: Archive, urls: URLs, templates: Path = TEMPLATES) -> dict[str, str | bytes]:
    """Return every page and asset of the site, keyed by site path."""
    return dict(iter_site(archive, urls, templates))
