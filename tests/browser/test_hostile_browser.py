"""In a real browser, hostile page text shows as text in every view; no script runs, no dialog opens."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import run_build, serve

from tests.opendata_helpers import load_articles

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile" / "hostile.txt"
SUB = "archive"
SHOWN = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% include %}",
         "</script>", "javascript:alert(", "安全\u200b测试", "\u202e标记"]
HOSTILE_QUERIES = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}",
                   "javascript:alert(1)", "</script><script>alert(1)</script>", "安全\u202e测试"]


def unlabel(text: str) -> str:
    """Return shown text with [U+XXXX] labels (how render shows invisible characters) turned back."""
    return re.sub(r"\[U\+([0-9A-F]{4,6})\]", lambda m: chr(int(m.group(1), 16)), text)


@pytest.fixture(scope="module")
def hostile_http(tmp_path_factory):
    """Return (base URL, site folder) of the hostile page's build served under /archive/."""
    base = tmp_path_factory.mktemp("hostile-browser")
    seeds = base / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURE, seeds / "hostile.txt")
    out = base / "www" / SUB
    assert run_build(seeds, out) == 0
    with serve(out.parent) as url:
        yield f"{url}/{SUB}/", out


def open_watched(watched_page, url: str, prefix: str):
    """Return (watch, dialogs) after loading ``url`` with every dialog recorded and dismissed."""
    watch = watched_page(prefix)
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    watch.page.on("dialog", on_dialog)
    watch.page.add_init_script("window.__ran = []; ['alert','confirm','prompt'].forEach(function (n) {"
                               " var f = window[n]; window[n] = function (m) { window.__ran.push(n + ':' + m);"
                               " return f.apply(window, arguments); }; });")
    watch.page.goto(url)
    watch.page.wait_for_load_state("load")
    return watch, dialogs


def hostile_views(site: Path) -> list[str]:
    """Return the site paths of every view holding hostile text: articles, counties, printed page, home."""
    articles = load_articles(site)
    counties = sorted(p.relative_to(site).as_posix() for p in (site / "county").glob("*.html"))
    return ["index.html", "p/hostile.html", *counties, *(a["url"] for a in articles)]


@pytest.fixture(scope="module")
def visits(browser, hostile_http) -> dict[str, dict]:
    """Return, per hostile view, what a reader's browser saw: text, dialogs, code run, problems."""
    from conftest import PageWatch
    base, site = hostile_http
    seen = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        for path in hostile_views(site):
            watch, dialogs = open_watched(lambda prefix: PageWatch(context.new_page(), prefix), base + path, base)
            seen[path] = {"text": unlabel(watch.page.inner_text("body")), "dialogs": dialogs,
                          "ran": watch.page.evaluate("window.__ran"),
                          "injected_img": watch.page.locator("img[src='x']").count(),
                          "problems": list(watch.problems)}
            watch.page.close()
    finally:
        context.close()
    return seen


def test_views_run_no_injected_code(visits):
    ran = {path: (v["dialogs"], v["ran"], v["injected_img"]) for path, v in visits.items()
           if v["dialogs"] or v["ran"] or v["injected_img"]}
    assert ran == {}, f"injected code ran or an injected element exists: {ran}"


def test_views_show_hostile_text(visits):
    seen = " ".join(v["text"] for v in visits.values())
    missing = [s for s in SHOWN if s not in seen]
    assert missing == [], f"hostile strings not visible in any view: {missing}"
    printed = visits["p/hostile.html"]["text"]
    assert [s for s in SHOWN if s not in printed] == [], "the printed page does not show all hostile text"


def test_views_make_no_failed_or_outside_request(visits):
    problems = {path: v["problems"] for path, v in visits.items() if v["problems"]}
    assert problems == {}


def test_search_results_show_hostile_titles_as_text(watched_page, hostile_http):
    base, _ = hostile_http
    watch, dialogs = open_watched(watched_page, base + "search.html?q=" + quote("安全测试"), base)
    watch.page.wait_for_function("document.body.innerText.indexOf('alert(1)') >= 0", timeout=15000)
    text = unlabel(watch.page.inner_text("body"))
    for title_part in ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}"]:
        assert title_part in text, f"search results do not show {title_part!r}"
    assert dialogs == [] and watch.page.evaluate("window.__ran") == []
    assert watch.page.locator("img[src='x']").count() == 0
    assert watch.problems == []


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_run_nothing(watched_page, hostile_http, query):
    base, _ = hostile_http
    watch, dialogs = open_watched(watched_page, base + "search.html?q=" + quote(query), base)
    watch.page.wait_for_timeout(800)
    assert dialogs == [] and watch.page.evaluate("window.__ran") == [], f"query {query!r} ran code"
    assert watch.page.locator("img[src='x']").count() == 0
    assert watch.problems == [], watch.problems


def test_file_url_views_run_nothing(watched_page, hostile_http):
    _, site = hostile_http
    prefix = site.as_uri() + "/"
    for path in ["p/hostile.html", "search.html?q=" + quote("安全测试")]:
        watch, dialogs = open_watched(watched_page, prefix + path, prefix)
        watch.page.wait_for_timeout(500)
        assert dialogs == [] and watch.page.evaluate("window.__ran") == [], path
        assert watch.problems == [], f"{path}: {watch.problems}"
