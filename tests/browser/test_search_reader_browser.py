"""Search as archive readers use it, in Chromium from file:// and under /archive/ over HTTP: quoted
phrases, a shared link with filters and order, results in the site's style, fitting messages."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from generator.search import query as search_query
from tests.opendata_helpers import load_articles
from tests.search_queryset import site_files

pytestmark = pytest.mark.browser

WAIT_DONE = "() => document.getElementById('search-results').getAttribute('aria-busy') === 'false'"
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def open_search(watch, base: str, params: str):
    """Open the search page at ``params`` (a shared link) and wait until its search is done."""
    watch.page.goto(base + "search.html?" + params)
    watch.page.wait_for_function(WAIT_DONE, timeout=15000)
    return watch.page


def result_links(page) -> list[str]:
    """Return the article paths of the results shown, in order."""
    return [h.split("/")[-1] for h in page.locator(".search-result h2 a").evaluate_all("as => as.map(a => a.href)")]


@pytest.mark.parametrize("origin", ["file", "http"])
def test_quoted_phrase_must_occur_as_written(origin, built_site, site_http, watched_page):
    base = built_site.as_uri() + "/" if origin == "file" else site_http
    watch = watched_page(base)
    page = open_search(watch, base, "q=" + quote('"技师学院"'))
    found = page.locator(".search-result h2").all_inner_texts()
    assert found and all("技师学院" in t for t in found) or page.locator(".search-snippet mark").count()
    assert "技师学院" in page.locator(".search-snippet").first.inner_text()
    page = open_search(watch, base, "q=" + quote('"学院技师"'))
    assert page.locator(".search-result").count() == 0
    assert "引号" in page.locator("#search-status").inner_text()
    page = open_search(watch, base, "q=" + quote("学院技师"))              # without quotes: words in any order
    assert page.locator(".search-result").count() >= 1
    assert watch.problems == []


@pytest.mark.parametrize("origin", ["file", "http"])
def test_shared_link_with_filters_and_date_order(origin, built_site, site_http, watched_page):
    base = built_site.as_uri() + "/" if origin == "file" else site_http
    files = site_files(built_site)
    expected, _ = search_query.search(files, "工作", county="dingtao", paper="hzrb", sort="date")
    assert len(expected) >= 2
    watch = watched_page(base)
    page = open_search(watch, base, "q=%E5%B7%A5%E4%BD%9C&paper=hzrb&county=dingtao&sort=date")
    assert page.input_value("#search-q") == "工作"
    assert page.input_value("#search-county") == "dingtao" and page.input_value("#search-paper") == "hzrb"
    assert page.input_value("#search-sort") == "date" and page.input_value("#search-year") == ""
    county_option = page.locator("#search-county option:checked").inner_text()
    assert county_option.startswith("定陶区（")                      # the name, not the raw slug
    assert page.locator("#search-year option").count() > 1
    assert result_links(page)[:10] == [r[0].split("/")[-1] for r in expected][:10]
    metas = page.locator(".search-meta").all_inner_texts()
    dates = [CHINESE_DATE.search(m).group() for m in metas]
    assert all(m.startswith("菏泽日报 · ") and "定陶区" in m for m in metas)
    as_numbers = [tuple(int(x) for x in re.findall(r"\d+", d)) for d in dates]
    assert as_numbers == sorted(as_numbers, reverse=True), "newest first"
    page.reload()
    page.wait_for_function(WAIT_DONE, timeout=15000)
    assert page.input_value("#search-county") == "dingtao" and page.locator(".search-result").count() == len(metas)
    assert watch.problems == []


def deep_word(built_site) -> tuple[dict, str]:
    """Return the longest article and a word of its last paragraph found nowhere in its first 480 characters."""
    from generator.search.text import tokenize
    files = site_files(built_site)
    article = max(load_articles(built_site), key=lambda a: sum(len(b["text"]) for b in a["body"]))
    head = "".join(b["text"] for b in article["body"])[:480]
    vocabulary = search_query.vocabulary_from_files(files)
    for word in sorted(set(tokenize(article["body"][-1]["text"])) & vocabulary, key=len, reverse=True):
        records, _ = search_query.search(files, word)
        if len(word) > 1 and word not in head and article["url"].split("/")[-1] in [r[0].split("/")[-1] for r in records]:
            return article, word
    raise AssertionError("no deep word in the longest seed article")


def test_results_show_authors_and_the_matching_passage_deep_in_an_article(built_site, watched_page):
    base = built_site.as_uri() + "/"
    article, word = deep_word(built_site)
    watch = watched_page(base)
    page = open_search(watch, base, "q=" + quote(article["authors"][0]["name"]))
    meta = page.locator(".search-meta").first.inner_text()
    assert article["authors"][0]["name"] in meta and CHINESE_DATE.search(meta)
    page = open_search(watch, base, "q=" + quote(word))
    index = result_links(page).index(article["url"].split("/")[-1])
    snippet = page.locator(".search-snippet").nth(index)
    assert snippet.locator("mark").count() >= 1 and snippet.inner_text().startswith("…")
    assert watch.problems == []


def test_zero_results_message_fits_the_query(built_site, watched_page):
    base = built_site.as_uri() + "/"
    watch = watched_page(base)
    page = open_search(watch, base, "q=" + quote("潜水艇"))
    one_word = page.locator("#search-status").inner_text()
    assert "潜水艇" in one_word and "减少检索词" not in one_word
    page = open_search(watch, base, "q=" + quote("潜水艇 牡丹"))
    assert "减少检索词" in page.locator("#search-status").inner_text()
    assert watch.problems == []
