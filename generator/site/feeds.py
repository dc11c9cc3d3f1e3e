"""Atom feeds (RFC 4287) of the newest items: one for the whole archive, one per county.

Entries are items with a full date, newest first. Links are relative to the feed (resolved
against its own URL, as RFC 4287 allows) unless the site's base URL is known, then absolute; an
entry's id is its absolute URL when known, else a name-based UUID of its permanent path (ids must
be absolute IRIs and must not change). ``updated`` is the newest entry's date: no build time, so
two builds are identical.
"""
from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from generator.model import County, Item
from generator.site.context import SITE_TITLE, Site
from generator.site.filters import issue_date, show, visible

FEED_ENTRIES = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01"


def feed_items(items) -> list[Item]:
    """Return the newest FEED_ENTRIES items with a full date, newest first."""
    return [item for item in Site.newest(items) if issue_date(item.date)][:FEED_ENTRIES]


def atom_time(date: str) -> str:
    """Return a day as an Atom date-time: midnight in China (UTC+8)."""
    return f"{date}T00:00:00+08:00"


def entry_id(site: Site, path: str) -> str:
    """Return the permanent id of a feed or entry: its absolute URL, else a UUID named by its site path."""
    return site.urls.absolute(path) or uuid.uuid5(uuid.NAMESPACE_URL, path).urn


def entry_xml(site: Site, feed_path: str, item: Item) -> str:
    """Return one <entry>: id, title, updated, link, authors, the paper and the first sentence."""
    path = site.urls.article(item.id)
    href = site.urls.absolute(path) or site.urls.relative(feed_path, path)
    authors = "".join(f"<author><name>{escape(visible(p.name))}</name></author>" for p in item.authors if p.name)
    summary = " · ".join(filter(None, (show(item.paper), item.first_sentence(120) and show(item.first_sentence(120)))))
    return (f"<entry><id>{escape(entry_id(site, path))}</id><title>{escape(show(item.display_title()))}</title>"
            f"<updated>{atom_time(item.date)}</updated><link rel=\"alternate\" type=\"text/html\" href={quoteattr(href)}/>"
            f"{authors}<summary>{escape(summary)}</summary></entry>")


def feed_xml(site: Site, feed_path: str, page_path: str, title: str, items) -> str:
    """Return an Atom feed of ``items`` at ``feed_path``, about the HTML page ``page_path``."""
    entries = feed_items(items)
    updated = atom_time(entries[0].date if entries else EPOCH)
    html = site.urls.absolute(page_path) or site.urls.relative(feed_path, page_path)
    me = site.urls.absolute(feed_path) or site.urls.relative(feed_path, feed_path)
    head = (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM_NS}" xml:lang="zh-CN">\n'
            f"<id>{escape(entry_id(site, feed_path))}</id><title>{escape(title)}</title><updated>{updated}</updated>\n"
            f"<author><name>{escape(SITE_TITLE)}</name></author>"
            f'<link rel="self" type="application/atom+xml" href={quoteattr(me)}/>'
            f'<link rel="alternate" type="text/html" href={quoteattr(html)}/>\n')
    return head + "".join(entry_xml(site, feed_path, item) + "\n" for item in entries) + "</feed>\n"


def render_feeds(site: Site) -> dict[str, str]:
    """Return the site-wide feed and one feed per county, keyed by site path."""
    urls = site.urls
    files = {urls.feed(): feed_xml(site, urls.feed(), urls.home(), f"{SITE_TITLE} · 最新文章", site.archive.items)}
    for county in site.archive.counties:
        files[urls.county_feed(county.slug)] = county_feed(site, county)
    return files


def county_feed(site: Site, county: County) -> str:
    """Return the Atom feed of a county's newest items."""
    urls = site.urls
    return feed_xml(site, urls.county_feed(county.slug), urls.county(county.slug),
                    f"{SITE_TITLE} · {county.name}", site.county_items(county))
