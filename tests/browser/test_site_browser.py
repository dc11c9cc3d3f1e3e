"""In a real browser: home → county → article → printed page, from file:// and under /archive/ over HTTP."""
from __future__ import annotations

import pytest
from conftest import SEEDS

from tests.opendata_helpers import load_articles

pytestmark = pytest.mark.browser

PHONE = (375, 812)


def follow_reader_path(watch, start: str) -> list[str]:
    """Walk home → county → article → printed page by clicking; return the URLs visited."""
    page = watch.page
    page.goto(start)
    visited = [page.url]
    assert page.locator("h1").first.inner_text().strip()
    page.locator(".county-list a").first.click()
    page.wait_for_load_state("load")
    visited.append(page.url)
    county = page.locator("h1").inner_text()
    page.locator(".entry-title a").first.click()
    page.wait_for_load_state("load")
    visited.append(page.url)
    assert county in page.locator(".facts").inner_text()
    page.locator(".neighbours .up a").click()
    page.wait_for_load_state("load")
    visited.append(page.url)
    source = page.locator("dt:text('原始文件') + dd").inner_text().strip()
    original = (SEEDS / source).read_text(encoding="utf-8")
    assert page.locator("pre").text_content() == original      # the archival source, to the last newline
    return visited


def assert_styled(page) -> None:
    """Fail unless the stylesheet was applied (a broken relative link leaves the page unstyled)."""
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(251, 250, 246)", background


@pytest.mark.parametrize("origin", ["file", "http"])
def test_reader_path_loads_cleanly(origin, built_site, site_http, watched_page):
    base = built_site.as_uri() + "/" if origin == "file" else site_http
    watch = watched_page(base)
    visited = follow_reader_path(watch, base + "index.html")
    assert [u.split("/")[-2] for u in visited[1:]] == ["county", "a", "p"]
    assert all(u.startswith(base) for u in visited)
    assert_styled(watch.page)
    assert watch.problems == []


def test_search_form_in_the_header_opens_the_search_page_with_the_query(site_http, watched_page):
    watch = watched_page(site_http)
    watch.page.goto(site_http + "county/index.html")
    box = watch.page.get_by_role("searchbox", name="搜索文章")
    box.fill("定陶")
    box.press("Enter")
    watch.page.wait_for_load_state("load")
    assert watch.page.url.startswith(site_http + "search.html?q=")
    assert watch.problems == []


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(site_http, watched_page):
    watch = watched_page(site_http)
    watch.page.goto(site_http + "index.html")
    watch.page.keyboard.press("Tab")
    assert watch.page.evaluate("document.activeElement.className") == "skip"
    assert watch.page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0   # visible when focused
    watch.page.keyboard.press("Enter")
    assert watch.page.url.endswith("#main")


def page_types(site) -> dict[str, str]:
    """Return one site path per page type."""
    items = load_articles(site)
    longest = max(items, key=lambda i: sum(len(b["text"]) for b in i["body"]))
    county = sorted(p.name for p in (site / "county").glob("*.html") if p.name != "index.html")[0]
    return {"home": "index.html", "article": longest["url"], "county": f"county/{county}",
            "counties": "county/index.html", "printed": sorted((site / "p").glob("0*.html"))[0].relative_to(site).as_posix(),
            "pages": "p/index.html", "about": "about.html", "404": "404.html"}


def test_no_page_scrolls_sideways_on_a_phone(built_site, site_http, watched_page):
    watch = watched_page(site_http, *PHONE)
    for name, path in page_types(built_site).items():
        watch.page.goto(site_http + path, wait_until="networkidle")   # no request cut short by the next page
        width = watch.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE[0], f"{name} ({path}) is {width}px wide on a {PHONE[0]}px phone"
    assert watch.problems == []


def test_article_text_has_a_comfortable_measure_on_desktop(built_site, site_http, watched_page):
    watch = watched_page(site_http)
    watch.page.goto(site_http + page_types(built_site)["article"])
    size = watch.page.evaluate("parseFloat(getComputedStyle(document.querySelector('.story-body p')).fontSize)")
    width = watch.page.evaluate("document.querySelector('.story-body p').getBoundingClientRect().width")
    assert 24 <= width / size <= 42, f"{width / size:.0f} characters per line"
