"""The search page in Chromium, from file:// and over HTTP under /archive/: the query set, links,
bad queries, the URL and the back button, filters, and the JS segmenter against the Python one."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from generator.search import query as search_query
from generator.search.shards import decoded_shard, document_ref, shard_key
from generator.search.text import chunks, normalize, segmentations, term_hash
from tests.conftest import seed_text
from tests.search_queryset import judge, load_queries, matches, site_files

pytestmark = pytest.mark.browser

QUERIES = load_queries()
BAD_QUERIES = ["", "   ", "定" * 5000, "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "*", "~",
               "^", ":", "+", "-", '"定陶', "定陶*", "定陶~2", "title:定陶", "+定陶 -养老", "^定陶", "(", "\\", "%"]
WAIT_DONE = "() => document.getElementById('search-results').getAttribute('aria-busy') === 'false'"


def real_problems(watch) -> list[str]:
    """Return the page's problems, less requests aborted because the test navigated away (favicon)."""
    return [p for p in watch.problems if not (p.startswith("failed:") and p.endswith("net::ERR_ABORTED"))]


def base_urls(built_site, site_http) -> dict[str, str]:
    """Return the two ways of opening the built site."""
    return {"file": built_site.as_uri() + "/", "http": site_http}


def submit(page, query: str) -> None:
    """Type ``query`` into the search page's box, submit, and wait until the search is done."""
    page.evaluate("document.getElementById('search-results').removeAttribute('aria-busy')")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(WAIT_DONE, timeout=15000)


def all_results(page) -> list[tuple[str, str]]:
    """Return (title, href) of every result, pressing "more" until all are shown."""
    while page.is_visible("#search-more"):
        count = page.locator(".search-result").count()
        page.click("#search-more")
        page.wait_for_function(f"() => document.querySelectorAll('.search-result').length > {count}")
    links = page.locator(".search-result h2 a")
    return [(links.nth(i).text_content(), links.nth(i).get_attribute("href")) for i in range(links.count())]


@pytest.mark.parametrize("mode", ["file", "http"])
def test_query_set_in_the_browser(mode, built_site, site_http, watched_page, capsys):
    base = base_urls(built_site, site_http)[mode]
    watch = watched_page(base)
    page = watch.page
    page.goto(base + "search.html")
    files = site_files(built_site)
    cache: dict = {}
    found = total = 0
    problems: list[str] = []
    links: list[tuple[str, str]] = []
    for query in QUERIES:
        submit(page, query["q"])
        results = all_results(page)
        titles = [title for title, _ in results]
        hits, expected, issues = judge(query, titles)
        found, total, problems = found + hits, total + expected, problems + issues
        python_titles = [r[1] for r in search_query.search(files, query["q"], cache=cache)[0]]
        if titles != python_titles:
            problems.append(f"{query['q']!r}: browser {titles[:5]} != Python {python_titles[:5]}")
        for wanted in query.get("expect", [])[:1]:
            links += [(wanted, href) for title, href in results if matches(wanted, title)][:1]
    with capsys.disabled():
        print(f"\nsearch recall in Chromium over {mode}: {found}/{total} = {found / total:.1%} over {len(QUERIES)} queries")
    for wanted, href in links:
        page.goto(base + href)
        heading = page.text_content("h1") or ""
        if not matches(wanted, heading + page.title()):
            problems.append(f"link {href} for {wanted!r} opened {heading!r}")
    assert problems == []
    assert real_problems(watch) == []


def test_bad_queries_give_a_message_and_no_error(built_site, watched_page):
    base = built_site.as_uri() + "/"
    watch = watched_page(base)
    page = watch.page
    page.on("dialog", lambda d: watch.problems.append(f"dialog: {d.message}"))
    page.goto(base + "search.html")
    for query in BAD_QUERIES:
        submit(page, query)
        status = page.text_content("#search-status")
        assert status.strip(), query
        assert page.locator("#search-results script, #search-results img, #search-status *").count() == 0
    submit(page, "定" * 5000)
    assert "前 100 个字" in page.text_content("#search-status")
    assert watch.problems == []


def test_result_text_is_inserted_as_text(built_site, watched_page):
    base = built_site.as_uri() + "/"
    watch = watched_page(base)
    page = watch.page
    page.goto(base + "search.html?q=" + quote("定陶"))
    page.wait_for_function(WAIT_DONE)
    page.evaluate("""() => Object.keys(window).filter(k => k.startsWith('ARCHIVE_SEARCH_DOCS_')).forEach(k =>
        window[k].forEach(doc => { doc[1] = '<img src=x onerror="window.pwned=1">定陶' + doc[1];
                                   doc[5] = '<b>定陶</b><script>window.pwned=2</script>' + doc[5]; }))""")
    submit(page, "定陶")
    assert page.locator(".search-result").count() > 0
    assert page.locator("#search-results img, #search-results b, #search-results script").count() == 0
    assert "<img src=x" in page.text_content(".search-result h2")
    assert "<b>" in page.text_content(".search-snippet")
    assert page.locator(".search-result mark").count() > 0
    assert page.evaluate("window.pwned") is None
    assert watch.problems == []


def test_query_lives_in_the_url_and_the_back_button_works(built_site, site_http, watched_page):
    watch = watched_page(site_http)
    page = watch.page
    page.goto(site_http + "search.html?q=" + quote("马拉松"))
    page.wait_for_function(WAIT_DONE)
    assert page.input_value("#search-q") == "马拉松"
    first = page.text_content("#search-results")
    assert "马拉松" in first
    submit(page, "乡情贷")
    assert "q=" + quote("乡情贷") in page.url
    page.go_back()
    page.wait_for_function("() => document.getElementById('search-q').value === '马拉松'")
    page.wait_for_function(WAIT_DONE)
    assert page.text_content("#search-results") == first
    assert watch.problems == []


@pytest.mark.parametrize("mode", ["file", "http"])
def test_header_form_of_every_page_searches(mode, built_site, site_http, watched_page):
    base = base_urls(built_site, site_http)[mode]
    watch = watched_page(base)
    page = watch.page
    page.goto(base + "index.html")
    page.fill("#site-search-q", "仿山镇")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_function(WAIT_DONE)
    assert page.input_value("#search-q") == "仿山镇"
    assert page.locator(".search-result mark").first.text_content() == "仿山镇"
    assert watch.problems == []


def test_filters_by_county_and_year(built_site, watched_page):
    base = built_site.as_uri() + "/"
    watch = watched_page(base)
    page = watch.page
    page.goto(base + "search.html")
    submit(page, "工作")
    everything = page.locator(".search-meta").all_text_contents()
    year = page.locator("#search-year option").nth(1).get_attribute("value")
    page.select_option("#search-year", year)
    submit(page, "工作")
    metas = [m for m in page.locator(".search-meta").all_text_contents()]
    assert metas and all(year in m for m in metas) and len(metas) <= len(everything)
    assert "year=" + year in page.url
    county = page.locator("#search-county option").nth(1)
    name = county.text_content().split("（")[0]
    page.select_option("#search-year", "")
    page.select_option("#search-county", county.get_attribute("value"))
    submit(page, "工作")
    metas = page.locator(".search-meta").all_text_contents()
    assert all(name in m for m in metas)
    assert watch.problems == []


def test_the_javascript_segmenter_agrees_with_the_python_one(built_site, watched_page):
    base = built_site.as_uri() + "/"
    page = watched_page(base).page
    page.goto(base + "search.html")
    files = site_files(built_site)
    vocab = sorted(search_query.vocabulary_from_files(files))
    text = normalize(seed_text("000")[:3000] + "５Ｇ 93.02% 12341 ABC-def")
    runs = chunks(text)
    python = {"chunks": runs, "hash": [term_hash(w) for w in vocab[:300]],
              "segments": [segmentations(run, set(vocab)) for run in runs]}
    browser = page.evaluate("""([text, raw, vocab]) => {
        const S = window.ArchiveSearch, set = new Set(vocab), has = w => set.has(w);
        const runs = S.chunks(S.normalize(raw));
        return {chunks: runs, hash: vocab.slice(0, 300).map(S.termHash),
                segments: runs.map(run => S.segmentations(run, has))};
    }""", [text, seed_text("000")[:3000] + "５Ｇ 93.02% 12341 ABC-def", vocab])
    assert browser == python


def test_the_javascript_shard_decoder_reads_what_the_python_one_reads(built_site, watched_page):
    """Every term of every shard of the seed build, decoded and loaded by lunr.js: the same postings, weights
    and words as the Python decoder."""
    base = built_site.as_uri() + "/"
    page = watched_page(base).page
    page.goto(base + "search.html?q=" + quote("定陶"))
    page.wait_for_function(WAIT_DONE, timeout=15000)          # lunr.js and the manifest are loaded
    files = site_files(built_site)
    names = search_query._load(files["search/manifest.js"])["fields"]
    shards = [search_query._load(c) for p, c in sorted(files.items()) if p.startswith("search/index-")]
    python = {"postings": [sorted([term, f, document_ref(doc), w] for term, fields in decoded_shard(data, names)
                                  for f, docs in fields.items() for doc, w in docs.items()) for data in shards],
              "words": [sorted(term for term, fields in decoded_shard(data, names)
                               if any(f in fields for f in search_query.WORD_FIELDS)) for data in shards],
              "keys": [shard_key(t) for t in ["乡情贷", "5g", "93.02%", "#y:2023", "𠀀甲"]]}
    browser = page.evaluate("""([shards, names]) => {
        const S = window.ArchiveSearch, scanned = shards.map(data => S.scanShard(data, names));
        const postings = scanned.map(shard => {
            const out = [];
            for (const term of shard.terms) {
                const index = S.termIndex(shard, term), posting = index.invertedIndex[term];
                for (const f of names) for (const ref of Object.keys(posting[f] || {})) {
                    const v = index.fieldVectors[f + "/" + ref], at = v.positionForIndex(posting._index);
                    out.push([term, f, ref, v.elements[at + 1]]);
                }
            }
            return out;
        });
        return {postings: postings, words: scanned.map(shard => [...shard.words]),
                keys: ["乡情贷", "5g", "93.02%", "#y:2023", "𠀀甲"].map(S.shardKey)};
    }""", [shards, names])
    assert len(python["postings"]) > 1 and sum(map(len, python["postings"])) > 1000
    browser["postings"] = [sorted(map(list, postings)) for postings in browser["postings"]]
    browser["words"] = [sorted(words) for words in browser["words"]]
    assert browser == python
