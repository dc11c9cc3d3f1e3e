"""The archive's HTML pages, rendered with jinja2 templates from ``templates/``.

``render_site(archive, urls)`` is pure: it returns {site path: content} and writes nothing.
Every template gets ``link(path)`` bound to the page being rendered (relative links, so the
site works under any sub-path and from ``file://``) and autoescapes everything: page text is
hostile input.

The page kinds are in ``pages``, what they share in ``context``, the template filters in
``filters``, the sitemap and assets in ``sitemap``; this module renders them all, printed pages
on every core.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from generator.archive.urls import URLs
from generator.infra.parallel import inherited, inherited_value, pool_iter
from generator.infra.writer import Unchanged
from generator.model import Archive, Page
from generator.site.browse import render_browse
from generator.site.feeds import render_feeds
from generator.site.minify import minify_html
from generator.site.context import TEMPLATES, Renderer, Site, make_env
from generator.site.pages import (
    render_about,
    render_article,
    render_county,
    render_county_index,
    render_home,
    render_not_found,
    render_page_redirect,
    render_pages_index,
    render_printed_page,
    render_redirect,
    render_search,
)
from generator.site.render_cache import RenderRecord
from generator.site.sitemap import copy_assets, render_sitemap

PAGES_PER_TASK = 20          # printed pages (with their articles) rendered per worker task
PageFiles = tuple[str | None, list[tuple[str, str | Unchanged]]]   # render key, (site path, content)*


def printed_page_files(r: Renderer, page: Page) -> list[tuple[str, str]]:
    """Return the view of one printed page and the pages of its articles, as (site path, content)."""
    files = list(render_printed_page(r, page).items())
    for index in range(len(page.items)):
        files += render_article(r, page, index).items()
    return list(lean(files))


def lean(files: Iterable[tuple[str, str | bytes]]) -> Iterator[tuple[str, str | bytes]]:
    """Yield the files with every HTML page minified (``minify.minify_html``); others as they are."""
    for path, content in files:
        yield path, minify_html(content) if path.endswith(".html") and isinstance(content, str) else content


def page_render_key(r: Renderer, record: RenderRecord, page: Page) -> str:
    """Return the render key of a printed page's files: the page, its items' counties, the URLs."""
    return record.key(page, [r.site.item_counties(item) for item in page.items], r.urls.site_wide(),
                      r.urls.printed_page(page.source))


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
    yield from lean(render_home(r).items())
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
        yield from lean(render_county(r, county).items())
    for part in (render_county_index(r), render_pages_index(r), render_browse(r), render_about(r, templates),
                 render_not_found(r), render_search(r, templates)):
        yield from lean(part.items())
    for redirect in archive.redirects:
        yield from lean(render_redirect(r, redirect).items())
    for moved in archive.page_redirects:
        yield from lean(render_page_redirect(r, moved).items())
    yield from render_feeds(site).items()
    yield from render_sitemap(site).items()
    yield from copy_assets(urls, templates).items()


def render_site(archive: Archive, urls: URLs, templates: Path = TEMPLATES) -> dict[str, str | bytes]:
    """Return every page and asset of the site, keyed by site path."""
    return dict(iter_site(archive, urls, templates))
