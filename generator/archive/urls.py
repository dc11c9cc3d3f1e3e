"""The one place that knows every URL and output path of the site.

Paths are relative to the site root and always name a file (``county/index.html``, never
``county/``), because under ``file://`` a link to a folder does not open its index.
Templates get ``link(path)`` bound to the page being rendered, which turns a site path
into a relative URL, so the site works under any sub-path and offline.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
import zlib
from dataclasses import dataclass
from urllib.parse import quote

# A page file name is kept as its URL slug unless it holds a character that breaks a link or a file
# name somewhere: '#' (a fragment), '\\', '~' (kept for escaped slugs, so the two never collide),
# characters Windows refuses, and control, format (bidi overrides, zero-width), unassigned or
# private-use characters; or it starts with '.', '-' or a space, or ends with '.' or a space.
_UNSAFE_CHAR = re.compile(r'[#\\~<>:"|?*\x00-\x1f\x7f]')
MAX_SLUG_BYTES = 150                 # file names stay far below the usual 255-byte limit
RESERVED_STEMS = {"index": "index_"}  # p/index.html is the pages index


def _is_safe(stem: str) -> bool:
    """Return True if ``stem`` can be a URL slug and a file name as it is."""
    return (bool(stem) and not _UNSAFE_CHAR.search(stem) and stem[0] not in ".- " and stem[-1] not in ". "
            and len(stem.encode("utf-8", "surrogatepass")) <= MAX_SLUG_BYTES
            and not any(unicodedata.category(c) in _UNSAFE_CATEGORIES or (c.isspace() and c != " ") for c in stem))


_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def page_slug(name: str) -> str:
    """Return the default URL slug of a page file: its stem when that is safe in a URL and a file name,
    else a cleaned stem with ``~`` and a hash of the whole name (``a#b.txt`` → ``a-b~3f2a…``).

    Deterministic and injective: different names never share a slug (``index.txt`` → ``index_``,
    ``index_.txt`` → ``index_~…``).
    """
    stem = name[:-4] if name.endswith(".txt") else name
    if stem in RESERVED_STEMS:
        return RESERVED_STEMS[stem]
    if _is_safe(stem) and stem not in RESERVED_STEMS.values():
        return stem
    cleaned = "".join("-" if not _is_safe(c) else c for c in stem).strip("-. ")[:40] or "page"
    return f"{cleaned}~{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


# Short Latin slugs of the papers the archive knows; any other paper gets "paper-<crc32>".
PAPER_SLUGS = {"菏泽日报": "hzrb", "牡丹晚报": "mdwb", "济宁日报": "jnrb"}
UNKNOWN_PAPER = "unknown"
PERSON_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u00b7]{1,8}")   # names kept readable in URLs


def paper_slug(paper: str | None) -> str:
    """Return the URL slug of a paper ("hzrb"), "unknown" for an unknown paper."""
    if not paper:
        return UNKNOWN_PAPER
    return PAPER_SLUGS.get(paper) or f"paper-{zlib.crc32(paper.encode('utf-8')):08x}"


def person_slug(name: str) -> str:
    """Return the file stem of a person's page: the name itself when it is plain Han text, else a checksum."""
    if PERSON_NAME.fullmatch(name):
        return name
    return f"x{zlib.crc32(name.encode('utf-8', 'surrogatepass')):08x}"


@dataclass(frozen=True)
class URLs:
    """Builds site paths and the links between them."""

    base_url: str | None = None        # e.g. "https://user.github.io/archive/"; None when unknown
    # page file name -> its permanent slug (from the registry); names not listed get ``page_slug(name)``
    page_slugs: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def _slugs(self) -> dict[str, str]:
        """Return the page slugs as a dict."""
        return dict(self.page_slugs)

    def site_wide(self) -> "URLs":
        """Return these URLs without the page slugs: what every page's render depends on (its own
        printed page's path aside), so adding a page does not change the render key of the others."""
        return URLs(base_url=self.base_url)

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

    def printed_page(self, source: str, part: int = 1) -> str:
        """Return the path of the view of one printed page, from its file name (through its permanent slug);
        ``part`` > 1 for the further files of a huge page's view (``p/<slug>~part2.html``: '~part' ends no slug).

        A page file named ``index.txt`` gets ``p/index_.html``: ``p/index.html`` is the pages index.
        """
        slug = self._slugs.get(source) or page_slug(source)
        return self.page_path(slug if part == 1 else f"{slug}~part{part}")

    def page_path(self, slug: str) -> str:
        """Return the path of the printed page (or of the redirect) with URL slug ``slug``."""
        return f"p/{slug}.html"

    def pages_index(self) -> str:
        """Return the path of the list of all printed pages."""
        return "p/index.html"

    def pages_year(self, year: str | None) -> str:
        """Return the path of the list of one year's printed pages (None: undated), for large archives.

        A folder of its own: printed pages are ``p/<file stem>.html``, so no page file can take it.
        """
        return f"p/years/{year or 'undated'}.html"

    def papers_index(self) -> str:
        """Return the path of the list of papers."""
        return "paper/index.html"

    def paper(self, paper: str | None) -> str:
        """Return the path of a paper's page: its calendar of issues."""
        return f"paper/{paper_slug(paper)}.html"

    def issue(self, paper: str | None, date: str) -> str:
        """Return the path of one issue (a paper on a full ``YYYY-MM-DD`` date): its printed pages."""
        return f"paper/{paper_slug(paper)}/{date}.html"

    def person(self, paper: str | None, name: str) -> str:
        """Return the path of the page of a person named in bylines of one paper."""
        return f"person/{paper_slug(paper)}/{person_slug(name)}.html"

    def people_index(self) -> str:
        """Return the path of the list of people named in bylines."""
        return "person/index.html"

    def feed(self) -> str:
        """Return the path of the Atom feed of the newest items."""
        return "feed.xml"

    def county_feed(self, slug: str) -> str:
        """Return the path of the Atom feed of a county's newest items."""
        return f"county/{slug}.xml"

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
