"""How an article is cited: Highwire ``citation_*`` meta tags (what Zotero, Google Scholar and
other reference managers read) and a GB/T 7714 reference, all from the item and its page.

RIS and BibTeX are not written per article: ``templates/assets/cite.js`` makes them in the
reader's browser from these meta tags. They are the page's one machine-readable copy of its facts
(issue 16: Dublin Core twins, JSON-LD and og: tags repeated each of them, about 700 bytes a page).
"""
from __future__ import annotations

import re

from generator.archive.urls import URLs
from generator.model import Item, Page
from generator.site.filters import show, visible

ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def citation_date(date: str | None) -> str | None:
    """Return the date as Highwire writes it ("2023/04/23", "2023/04", "2023"), None without a year."""
    return date.replace("-", "/") if date and ISO_DATE.fullmatch(date) else None


def article_url(item: Item, urls: URLs) -> str:
    """Return the article's permanent URL: absolute with a base URL, else its site path."""
    path = urls.article(item.id)
    return urls.absolute(path) or path


def citation_meta(item: Item, page: Page, urls: URLs) -> list[tuple[str, str]]:
    """Return the (name, content) Highwire citation_* meta tags of an article (the paper is its publisher too)."""
    title, paper, date = show(item.display_title()), show(item.paper), citation_date(item.date)
    url = article_url(item, urls)
    authors = [visible(p.name) for p in item.authors if p.name]
    tags = [("citation_title", title), *(("citation_author", a) for a in authors)]
    tags += [("citation_publication_date", date)] if date else []
    tags += [("citation_journal_title", paper)] if paper else []
    tags += [("citation_firstpage", show(page.page_name))] if page.page_name else []
    return tags + [("citation_public_url", url)]          # language: <html lang>


def gbt7714(item: Item, page: Page, urls: URLs) -> str:
    """Return the GB/T 7714-2015 reference of a newspaper article: 作者. 题名[N]. 报名, 日期(版次). URL."""
    authors = ", ".join(visible(p.name) for p in item.authors if p.name)
    head = f"{authors}. " if authors else ""
    date = (item.date or "出版日期不详").lstrip("-")
    where = f"({show(page.page_name)})" if page.page_name else ""
    return f"{head}{show(item.display_title())}[N]. {show(item.paper) or '报名不详'}, {date}{where}. {article_url(item, urls)}."
