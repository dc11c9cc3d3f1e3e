"""In a real browser, from file:// and under /archive/ over HTTP: papers → calendar → issue →
printed page → article; an article's byline → the person's page; every article's citation meta
tags against the open data; RIS and BibTeX made in the page."""
from __future__ import annotations

import pytest

from generator.text.typography import typeset
from tests.opendata_helpers import load_articles

pytestmark = pytest.mark.browser


def click(page, selector: str) -> str:
    """Click the first element matching ``selector``, wait for the next page and return its URL."""
    page.locator(selector).first.click()
    page.wait_for_load_state("load")
    return page.url


def base_of(origin: str, built_site, site_http) -> str:
    """Return the site's root URL for ``origin``."""
    return built_site.as_uri() + "/" if origin == "file" else site_http


@pytest.mark.parametrize("origin", ["file", "http"])
def test_calendar_issue_printed_page_article(origin, built_site, site_http, watched_page):
    base = base_of(origin, built_site, site_http)
    watch = watched_page(base)
    page = watch.page
    page.goto(base + "index.html")
    click(page, "nav[aria-label='主导航'] a:text-is('报纸')")
    assert page.locator("h1").inner_text() == "报纸"
    click(page, "main a:text-is('菏泽日报')")
    assert "2023 年 4 月" in page.locator("table.cal caption").all_inner_texts()[-1]
    issue_url = click(page, "table.cal td.has a[aria-label='2023年4月23日']")
    assert issue_url.endswith("paper/hzrb/2023-04-23.html")
    assert "菏泽日报 2023年4月23日" in page.locator("h1").inner_text()
    headline = page.locator(".issue-items a").first.inner_text()
    click(page, ".issue-page h2 a")
    assert page.locator(".printed-list a").first.inner_text() == headline     # same page, page order
    article_url = click(page, ".printed-list a")
    assert "/a/" in article_url and page.locator("h1").inner_text() == headline
    crumbs = page.locator(".crumbs a").all_inner_texts()
    assert crumbs[:4] == ["首页", "报纸", "菏泽日报", "2023年4月23日"]
    click(page, ".crumbs a:text-is('2023年4月23日')")
    assert page.url == issue_url
    assert watch.problems == []


@pytest.mark.parametrize("origin", ["file", "http"])
def test_person_page_from_a_byline(origin, built_site, site_http, watched_page):
    base = base_of(origin, built_site, site_http)
    articles = [a for a in load_articles(built_site) if any(p["name"] == "胡德光" for p in a["authors"])]
    watch = watched_page(base)
    page = watch.page
    page.goto(base + articles[0]["url"])
    click(page, ".facts .person a:text-is('胡德光')")
    assert page.locator("h1").inner_text() == "胡德光"
    assert "菏泽日报记者" in page.locator(".intro").inner_text()
    listed = page.locator(".entry-title a").all_inner_texts()
    assert len(listed) == len(articles) == 4
    assert set(listed) == {typeset(a["title"]) for a in articles}
    assert watch.problems == []


def meta_of(page) -> dict[str, list[str]]:
    """Return the page's meta tags with a name, name → contents in order."""
    pairs = page.evaluate("Array.from(document.querySelectorAll('meta[name]'), m => [m.name, m.content])")
    found: dict[str, list[str]] = {}
    for name, content in pairs:
        found.setdefault(name, []).append(content)
    return found


def test_citation_meta_tags_on_every_article_match_the_open_data(built_site, site_http, watched_page):
    watch = watched_page(site_http)
    for item in load_articles(built_site):
        watch.page.goto(site_http + item["url"])
        meta = meta_of(watch.page)
        names = [p["name"] for p in item["authors"]]
        assert meta["citation_author"] if names else "citation_author" not in meta
        assert meta.get("citation_author", []) == names
        assert meta["citation_title"] == [watch.page.locator("h1").inner_text()]
        if item["title"]:
            assert meta["citation_title"] == [typeset(item["title"])]
        assert meta["citation_publication_date"] == [item["date"].replace("-", "/")]
        assert meta["citation_journal_title"] == [item["paper"]]
        assert meta["citation_public_url"] == [item["url"]]
        assert all(name.startswith("citation_") for name in meta if name != "viewport"), "one copy of each fact: no DC.* twins"
    assert watch.problems == []


def test_ris_and_bibtex_are_made_from_the_page(built_site, site_http, watched_page):
    item = next(a for a in load_articles(built_site) if len(a["authors"]) == 2)
    watch = watched_page(site_http)
    watch.page.goto(site_http + item["url"])
    assert watch.page.locator(".cite-tools").is_visible()
    ris = watch.page.evaluate("window.ArchiveCite.ris()")
    assert ris.startswith("TY  - NEWS\r\n") and ris.rstrip().endswith("ER  -")
    assert [line[6:] for line in ris.split("\r\n") if line.startswith("AU  - ")] == [p["name"] for p in item["authors"]]
    assert f"UR  - {site_http}{item['url']}" in ris and f"JF  - {item['paper']}" in ris and f"PB  - {item['paper']}" in ris
    bibtex = watch.page.evaluate("window.ArchiveCite.bibtex()")
    assert bibtex.startswith("@article{" + item["id"] + ",")
    assert " and ".join(p["name"] for p in item["authors"]) in bibtex
    with watch.page.expect_download() as download:
        watch.page.get_by_role("button", name="下载 RIS").click()
    assert download.value.suggested_filename == f"{item['id']}.ris"
    watch.page.get_by_role("button", name="复制引文").click()
    watch.page.wait_for_function("document.querySelector('.cite-done').textContent.length > 0")
    assert watch.problems == []
