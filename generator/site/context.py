"""What every page shares: the template environment, the archive's lookups (``Site``) and the
renderer that gives each template its base context (``Renderer``).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.archive.urls import URLs
from generator.infer.meta import date_year
from generator.model import Archive, County, Item, Page
from generator.site.filters import (
    REPAIR_LABELS,
    correction_parts,
    date_sort_key,
    display_title,
    first_sentence,
    format_date,
    issue_date,
    machine_date,
    repair_detail,
    repair_summary,
    show,
    visible,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SITE_TITLE = "菏泽报纸档案"
PER_PAGE = 50
PAGES_PER_LIST = 300         # more printed pages than this: the pages index lists years, one page per year
NEWEST_ON_HOME = 20
NEWEST_PAGES_ON_HOME = 20    # the home page lists these; all printed pages are on the pages index
NAV = (("home", "首页"), ("papers_index", "报纸"), ("county_index", "县区"), ("pages_index", "版面"),
       ("people_index", "作者"), ("search", "搜索"), ("about", "关于"))
HEADLINE_IN_LABEL = 16       # characters of a page's first headline that name a page with no printed page name


def make_env(templates: Path = TEMPLATES) -> jinja2.Environment:
    """Return the jinja environment: autoescape on for every template, strict undefined."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(typeset=show, issue_date=issue_date, visible=visible, date=format_date, machine_date=machine_date,
                       first_sentence=first_sentence, title=display_title, repairs=repair_summary, repair_detail=repair_detail,
                       repair_label=lambda kind: REPAIR_LABELS.get(kind, kind), correction=correction_parts)
    return env


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
        """Return a short human name of a printed page: paper, date and page name (or its first headline)."""
        parts = [page.paper, format_date(page.date) if page.date else None, self.page_name(page)]
        return " · ".join(p for p in parts if p)

    @staticmethod
    def page_name(page: Page) -> str:
        """Return the printed page's name ("A2 要闻") when known, else its banner or first headline in 「」."""
        if page.page_name:
            return page.page_name
        lead = page.banner or next((i.display_title() for i in page.items), "")
        lead = lead if len(lead) <= HEADLINE_IN_LABEL else lead[:HEADLINE_IN_LABEL - 1] + "…"
        return f"「{lead}」版" if lead else "版次不详"


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


def newest_pages(pages) -> list[Page]:
    """Return printed pages newest first (unknown dates last), ties in file order."""
    ordered = sorted(pages, key=lambda p: p.source)
    return sorted(ordered, key=lambda p: date_sort_key(p.date), reverse=True)


def page_year(page: Page) -> str | None:
    """Return the year of a printed page ("2023"), or None when its date has none."""
    return date_year(page.date)
