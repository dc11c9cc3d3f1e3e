"""The one place that knows every URL and output path of the site.

Paths are relative to the site root and always name a file (``county/index.html``, never
``county/``), because under ``file://`` a link to a folder does not open its index.
Templates get ``link(path)`` bound to the page being rendered, which turns a site path
into a relative URL, so the site works under any sub-path and offline.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote


@dataclass(frozen=True)
class URLs:
    """Builds site paths and the links between them."""

    base_url: str | None = None        # e.g. "https://user.github.io/archive/"; None when unknown

    # --- site paths -------------------------------------------------------------
    def home(self) -> str:
        """Return the home page path."""
        return "index.html"

    def article(self, item_id: str) -> str:
        """Return the permanent path of an article or photo item."""
        return f"a/{item_id}.html"

    def county(self, slug: str, page: int = 1) -> str:
        """Return the path of one page of a county's listing."""
        return f"county/{slug}.html" if page == 1 else f"county/{slug}-{page}.html"

    def county_index(self) -> str:
        """Return the path of the list of all counties."""
        return "county/index.html"

    def printed_page(self, source: str) -> str:
        """Return the path of the view of one printed page, from its file name.

        A page file named ``index.txt`` gets ``p/index_.html``: ``p/index.html`` is the pages index.
        """
        stem = PurePosixPath(source).stem
        return f"p/{stem}_.html" if stem == "index" else f"p/{stem}.html"

    def pages_index(self) -> str:
        """Return the path of the list of all printed pages."""
        return "p/index.html"

    def pages_year(self, year: str | None) -> str:
        """Return the path of the list of one year's printed pages (None: undated), for large archives.

        A folder of its own: printed pages are ``p/<file stem>.html``, so no page file can take it.
        """
        return f"p/years/{year or 'undated'}.html"

    def search(self) -> str:
        """Return the search page path."""
        return "search.html"

    def about(self) -> str:
        """Return the about page path."""
        return "about.html"

    def not_found(self) -> str:
        """Return the 404 page path."""
        return "404.html"

    def sitemap(self, part: int | None = None) -> str:
        """Return the path of sitemap.xml, or of its ``part``-th file when it is a sitemap index."""
        return "sitemap.xml" if part is None else f"sitemap-{part}.xml"

    def asset(self, name: str) -> str:
        """Return the path of a static asset (CSS, JS, licence)."""
        return f"assets/{name}"

    def data(self, name: str) -> str:
        """Return the path of an open-data file."""
        return f"data/{name}"

    def search_data(self, name: str) -> str:
        """Return the path of a search index file."""
        return f"search/{name}"

    # --- links ------------------------------------------------------------------
    def relative(self, from_path: str, to_path: str) -> str:
        """Return the relative, percent-encoded URL from the page at ``from_path`` to ``to_path``."""
        fragment = ""
        if "#" in to_path:
            to_path, fragment = to_path.split("#", 1)
            fragment = "#" + fragment
        start = posixpath.dirname(from_path) or "."
        return quote(posixpath.relpath(to_path, start)) + fragment

    def absolute(self, path: str) -> str | None:
        """Return the absolute URL of a site path, or None when no base URL was given."""
        if not self.base_url:
            return None
        return self.base_url.rstrip("/") + "/" + quote(path)

    def linker(self, from_path: str):
        """Return a function that makes links from the page at ``from_path``."""
        return lambda to_path: self.relative(from_path, to_path)
