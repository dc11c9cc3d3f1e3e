"""Hostile text in a page is shown as text everywhere and can never run as code or template."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_build

from generator.text.typography import typeset
from tests.opendata_helpers import load_articles

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "hostile.txt"
PAGE_STEM = "hostile"

# Each string must come out of the build as visible text, unchanged.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)'",
    "{{ 7*7 }}",
    "{% include %}",
    "{# 注释 #}",
    "${alert(1)}`",
    "</script><script>alert(1)</script>",
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">点我</a>',
    "]]>",
    "<!-- 注释 -->",
    "&amp;x",
    "&lt;script&gt;x",
    "安全\u200b测试",
    "零宽\u200c字符\u200d与\u200f从右向左\u202e标记\u202c",
    "字节顺序标记\ufeff",
]
TITLE_STRINGS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}",
                 "{% include %}", "</script>", "javascript:alert(1)", "零宽\u200c字符"]


def squash(text: str) -> str:
    """Return text with runs of whitespace collapsed to one space, as a browser shows it."""
    return re.sub(r"\s+", " ", text).strip()


def unlabel(text: str) -> str:
    """Return shown text with [U+XXXX] labels (how render shows invisible characters) turned back."""
    return re.sub(r"\[U\+([0-9A-F]{4,6})\]", lambda m: chr(int(m.group(1), 16)), text)


class Page(HTMLParser):
    """What a browser would make of one HTML file: visible text, scripts, attributes."""

    HIDDEN = {"script", "style", "template", "head", "title", "noscript"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.elements: list[tuple[str, dict]] = []
        self._stack: list[str] = []
        self._script: dict | None = None
        self._script_text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script, self._script_text = attributes, []
        if tag not in {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "base", "col"}:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        elif not self.HIDDEN.intersection(self._stack):
            self.text.append(data)

    @property
    def visible(self) -> str:
        """Return the text a reader sees; invisible characters may be shown as [U+XXXX] labels."""
        return unlabel(squash(" ".join(self.text)))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """Return the output folder of a build of the hostile page alone."""
    base = tmp_path_factory.mktemp("hostile")
    seeds = base / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURE, seeds / f"{PAGE_STEM}.txt")
    out = base / "site"
    assert run_build(seeds, out) == 0
    return out


@pytest.fixture(scope="module")
def articles(hostile_site) -> list[dict]:
    return load_articles(hostile_site)


@pytest.fixture(scope="module")
def pages(hostile_site) -> dict[str, Page]:
    """Return every HTML file of the hostile build, parsed, keyed by site path."""
    return {p.relative_to(hostile_site).as_posix(): Page(p.read_text(encoding="utf-8"))
            for p in sorted(hostile_site.rglob("*.html"))}


def item_strings(article: dict) -> list[str]:
    """Return every display string of an articles.json record."""
    return [s for s in (article["kicker"], article["title"], article["subtitle"], article["byline"],
                        article["credit"], *(b["text"] for b in article["body"]), *article["captions"]) if s]


def test_fixture_strings_survive_display_typography():
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    for string in HOSTILE:
        assert any(string in typeset(line) for line in lines), f"fixture problem: {string!r}"


def test_every_hostile_string_reaches_the_data_intact(articles):
    data = "\n".join(s for a in articles for s in item_strings(a))
    missing = [s for s in HOSTILE if s not in data]
    assert missing == [], f"hostile strings lost or altered by the pipeline: {missing}"


@pytest.mark.parametrize("string", HOSTILE)
def test_article_views_show_hostile_text_as_text(articles, pages, string):
    shown = [a["url"] for a in articles if any(string in s for s in item_strings(a))]
    assert shown, f"no item holds {string!r}"
    for url in shown:
        assert squash(string) in pages[url].visible, f"{url} does not show {string!r} as text"


@pytest.mark.parametrize("string", HOSTILE)
def test_printed_page_shows_hostile_text_as_text(pages, string):
    view = pages[f"p/{PAGE_STEM}.html"].visible
    assert squash(string) in view, f"printed page does not show {string!r} (in its items or raw text)"


def test_county_views_list_hostile_titles_as_text(articles, pages):
    county_text = " ".join(p.visible for path, p in pages.items() if path.startswith("county/"))
    placed = [a for a in articles if a["counties"] and a["title"]]
    assert placed, "no hostile item was placed in a county"
    for article in placed:
        title = squash(typeset(article["title"]))
        assert title in county_text, f"no county page shows the title {title!r}"


def test_hostile_titles_are_shown_on_the_printed_page_and_home(articles, pages):
    titles = [squash(typeset(a["title"])) for a in articles if a["title"]]
    assert any(any(s in t for s in TITLE_STRINGS) for t in titles), "titles lost their hostile text"
    printed = pages[f"p/{PAGE_STEM}.html"].visible
    for title in titles:
        assert title in printed


def test_no_injected_element_or_attribute_anywhere(pages):
    problems = []
    for path, page in pages.items():
        for tag, attributes in page.elements:
            if tag == "img" and attributes.get("src") == "x":
                problems.append(f"{path}: injected <img src=x>")
            for name, value in attributes.items():
                if name.startswith("on") and "alert" in value:
                    problems.append(f"{path}: injected {name}= on <{tag}>")
                if name in {"href", "src", "action", "formaction"} and \
                        value.strip().lower().replace("\x00", "").startswith("javascript:"):
                    problems.append(f"{path}: javascript: URL in <{tag} {name}>")
            if tag == "a" and attributes.get("href", "").startswith("javascript"):
                problems.append(f"{path}: injected link")
    assert problems == []


def test_no_script_holds_hostile_code(pages):
    problems = []
    for path, page in pages.items():
        for attributes, code in page.scripts:
            kind = attributes.get("type", "").lower()
            if kind in {"application/ld+json", "application/json"}:
                try:
                    json.loads(code)
                except ValueError as error:
                    problems.append(f"{path}: {kind} block broken (a '</script>' ended it early?): {error}")
            elif "alert(" in code:
                problems.append(f"{path}: inline script contains injected code: {code[:120]!r}")
    assert problems == []


def test_citation_title_carries_the_title_and_survives_script_end_tags(articles, hostile_site):
    checked = 0
    for article in articles:
        page = Page((hostile_site / article["url"]).read_text(encoding="utf-8"))
        titles = [a["content"] for tag, a in page.elements if tag == "meta" and a.get("name") == "citation_title"]
        assert len(titles) == 1, f"{article['url']}: not one citation_title"
        if article["title"] and "</script>" in article["title"]:
            assert typeset(article["title"]) == titles[0] or article["title"] == titles[0]
            checked += 1
    assert checked >= 1, "no item title with </script> reached a citation_title tag"


def test_templates_are_never_evaluated_on_text(pages):
    joined = " ".join(p.visible for p in pages.values())
    assert "{{ 7*7 }}" in joined
    assert "安全测试 49 与" not in joined and "模板语法49" not in joined


def test_inline_scripts_still_parse_as_javascript(pages, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: the dev setup installs it for axe-core (npm)")
    for path, page in pages.items():
        for n, (attributes, code) in enumerate(page.scripts):
            if attributes.get("src") or attributes.get("type", "").lower() not in {"", "text/javascript", "module"}:
                continue
            script = tmp_path / f"{path.replace('/', '_')}_{n}.{'mjs' if attributes.get('type') == 'module' else 'js'}"
            script.write_text(code, encoding="utf-8")
            result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
            assert result.returncode == 0, f"{path}: inline script {n} no longer parses: {result.stderr[:400]}"


def test_search_data_keeps_hostile_text_as_data(hostile_site):
    files = [p for p in (hostile_site / "search").rglob("*") if p.is_file()]
    assert files, "no search data was built"
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    for path in files:
        if path.suffix == ".js":
            node = shutil.which("node")
            result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
            assert result.returncode == 0, f"{path.name} does not parse: {result.stderr[:400]}"
    assert "alert(1)" in text or "alert\\u00281" in text or "\\u003cscript" in text.lower(), \
        "hostile titles missing from the search data"


def test_control_characters_are_recorded_and_never_reach_a_page(hostile_site):
    pages = json.loads((hostile_site / "data" / "pages.json").read_text(encoding="utf-8"))
    removed = "".join(r["removed"] for p in pages for r in p["repairs"])
    assert all(ch in removed for ch in "\x07\x08\x1b"), "control characters dropped without a record"
    for path in hostile_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        found = sorted({hex(ord(ch)) for ch in html if ch in "\x07\x08\x1b"})
        assert found == [], f"{path.relative_to(hostile_site)} contains control characters {found}"


def test_search_results_show_invisible_characters_as_labels_like_article_pages(hostile_site):
    records = "\n".join(p.read_text(encoding="utf-8") for p in (hostile_site / "search").glob("docs-*.js"))
    assert records, "no search result records were built"
    raw = sorted({f"U+{ord(c):04X}" for c in records if c in "\u200b\u200c\u200d\u200f\u202c\u202e\ufeff"})
    assert raw == [], f"search results hold invisible characters {raw}"
    assert "[U+202E]" in records, "the bidi override is not shown as a label"
