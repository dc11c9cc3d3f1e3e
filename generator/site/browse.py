"""Browsing by paper, issue and person: who printed what, when, and who wrote it.

Pure groupings of the archive (``papers``, ``issues_of``, ``people``) and the pages made from
them: the list of papers, a paper's page (its calendar: years, months, the days with an issue),
an issue page (its printed pages in page order, with their articles), the list of people and a
person's page (their items, newest first).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from generator.model import Item, Page
from generator.site.context import Renderer, Site, newest_pages, page_year
from generator.site.filters import date_sort_key

FULL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PAGE_NUMBER = re.compile(r"([A-Za-z]*)(\d+)")
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
UNKNOWN_PAPER = "报名不详"


@dataclass(frozen=True)
class Issue:
    """One issue: a paper's printed pages of one full date, in page order."""

    paper: str | None
    date: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Person:
    """Someone named in the bylines of one paper, with their items newest first."""

    name: str
    paper: str | None
    roles: tuple[str, ...]
    items: tuple[Item, ...]


def page_order(page: Page) -> tuple:
    """Return the sort key of a page inside its issue: printed page number (A2 before A10) when known, then file."""
    match = PAGE_NUMBER.search(page.page_name or "")
    number = (0, match[1].upper(), int(match[2])) if match else (1, "", 0)
    return (*number, page.page_name or "", page.source)


def paper_order(paper: str | None) -> tuple[bool, str]:
    """Return the sort key of papers: by name, the unknown paper last."""
    return (paper is None, paper or "")


def papers(pages) -> list[str | None]:
    """Return every paper that has a page, sorted by name (unknown last)."""
    return sorted({p.paper for p in pages}, key=paper_order)


def issues_of(pages, paper: str | None) -> list[Issue]:
    """Return the issues of ``paper`` (pages with a full date), oldest first."""
    by_date: dict[str, list[Page]] = {}
    for page in pages:
        if page.paper == paper and page.date and FULL_DATE.fullmatch(page.date):
            by_date.setdefault(page.date, []).append(page)
    return [Issue(paper, date, tuple(sorted(by_date[date], key=page_order))) for date in sorted(by_date)]


def undated_pages(pages, paper: str | None) -> list[Page]:
    """Return the pages of ``paper`` without a full date (no issue page can hold them), in file order."""
    return sorted((p for p in pages if p.paper == paper and not (p.date and FULL_DATE.fullmatch(p.date))),
                  key=lambda p: p.source)


def month_grid(year: int, month: int, days: dict[int, str]) -> list[list[tuple[int, str | None] | None]]:
    """Return the weeks of a month (Monday first): (day, issue path or None) per day, None outside the month."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        weeks.append([(day, days.get(day)) if day else None for day in week])
    return weeks


def calendar_years(issues: list[Issue], urls) -> list[dict]:
    """Return the calendar of a paper's issues: years (newest first) → months with an issue → weeks of days."""
    by_month: dict[tuple[int, int], dict[int, str]] = {}
    for issue in issues:
        year, month, day = (int(x) for x in FULL_DATE.fullmatch(issue.date).groups())
        by_month.setdefault((year, month), {})[day] = urls.issue(issue.paper, issue.date)
    years: dict[int, list[dict]] = {}
    for (year, month), days in sorted(by_month.items()):
        years.setdefault(year, []).append({"month": month, "count": len(days), "weeks": month_grid(year, month, days)})
    return [{"year": year, "months": months, "count": sum(m["count"] for m in months)}
            for year, months in sorted(years.items(), reverse=True)]


def people(items) -> list[Person]:
    """Return everyone named in bylines and credits, one per (paper, name), sorted by paper then name."""
    found: dict[tuple[str | None, str], list[tuple[Item, str]]] = {}
    for item in items:
        for person in item.authors:
            if person.name:
                found.setdefault((item.paper, person.name), []).append((item, person.role))
    out = []
    for (paper, name), entries in sorted(found.items(), key=lambda kv: (paper_order(kv[0][0]), kv[0][1])):
        items_seen = list(dict.fromkeys(item for item, _ in entries))
        roles = tuple(dict.fromkeys(role for _, role in entries if role))
        out.append(Person(name, paper, roles, tuple(Site.newest(items_seen))))
    return out


def namesakes(everyone: list[Person]) -> dict[str, list[Person]]:
    """Return, per name, the people of that name (one per paper)."""
    by_name: dict[str, list[Person]] = {}
    for person in everyone:
        by_name.setdefault(person.name, []).append(person)
    return by_name


# --- pages ------------------------------------------------------------------------

def render_papers_index(r: Renderer) -> dict[str, str]:
    """Return the list of papers with their counts of issues and pages."""
    pages = r.site.archive.pages
    rows = [(paper, len(issues_of(pages, paper)), sum(p.paper == paper for p in pages)) for paper in papers(pages)]
    path = r.urls.papers_index()
    return {path: r.page("papers_index.html", path, "papers_index", rows=rows)}


def render_paper(r: Renderer, paper: str | None) -> dict[str, str]:
    """Return a paper's page: the calendar of its issues and its pages without a full date."""
    pages = r.site.archive.pages
    issues = issues_of(pages, paper)
    path = r.urls.paper(paper)
    return {path: r.page("paper.html", path, "papers_index", paper=paper or UNKNOWN_PAPER,
                         years=calendar_years(issues, r.urls), issues=len(issues),
                         undated=[(p, r.site.page_label(p)) for p in undated_pages(pages, paper)],
                         weekdays=WEEKDAYS)}


def render_issue(r: Renderer, issue: Issue, previous: Issue | None, following: Issue | None) -> dict[str, str]:
    """Return an issue page: its printed pages in page order, each with its articles."""
    path = r.urls.issue(issue.paper, issue.date)
    return {path: r.page("issue.html", path, "papers_index", issue=issue, paper=issue.paper or UNKNOWN_PAPER,
                         year=issue.date[:4], previous=previous, following=following,
                         pages=[(p, r.site.page_name(p)) for p in issue.pages])}


def render_issues(r: Renderer, paper: str | None) -> dict[str, str]:
    """Return the pages of every issue of ``paper``, each linked to the one before and after."""
    issues = issues_of(r.site.archive.pages, paper)
    files = {}
    for n, issue in enumerate(issues):
        files.update(render_issue(r, issue, issues[n - 1] if n else None, issues[n + 1] if n + 1 < len(issues) else None))
    return files


def render_people(r: Renderer) -> dict[str, str]:
    """Return the list of people and a page per person (same name in two papers: two pages that name each other)."""
    everyone = people(r.site.archive.items)
    same = namesakes(everyone)
    files = {}
    for person in everyone:
        path = r.urls.person(person.paper, person.name)
        others = [p for p in same[person.name] if p.paper != person.paper]
        files[path] = r.page("person.html", path, "people_index", person=person, others=others,
                             paper=person.paper or UNKNOWN_PAPER, unknown=UNKNOWN_PAPER)
    groups: dict[str | None, list[Person]] = {}
    for person in everyone:
        groups.setdefault(person.paper, []).append(person)
    path = r.urls.people_index()
    files[path] = r.page("people_index.html", path, "people_index", groups=list(groups.items()),
                         unknown=UNKNOWN_PAPER, shared={n for n, ps in same.items() if len(ps) > 1})
    return files


def render_browse(r: Renderer) -> dict[str, str]:
    """Return every page of browsing by paper, issue and person."""
    files = render_papers_index(r)
    for paper in papers(r.site.archive.pages):
        files.update(render_paper(r, paper))
        files.update(render_issues(r, paper))
    files.update(render_people(r))
    return files


def pages_by_year(pages) -> list[tuple[str | None, list[Page]]]:
    """Return printed pages grouped by year (newest first, undated last), each year by paper, date and page order."""
    years: dict[str | None, list[Page]] = {}
    for page in newest_pages(pages):
        years.setdefault(page_year(page), []).append(page)
    return [(year, sorted(group, key=lambda p: (paper_order(p.paper), date_sort_key(p.date), page_order(p))))
            for year, group in years.items()]

