"""The query set (tests/search_queries.yaml) over the search files of the real seed build."""
from __future__ import annotations

import pytest

from generator import search, search_query
from tests.search_queryset import judge, load_queries, site_files

QUERIES = load_queries()


@pytest.fixture(scope="module")
def seed_files(built_site) -> dict:
    """Return the search page, assets and index files of the seed build."""
    return site_files(built_site)


def test_query_set_is_big_and_varied():
    kinds = {q["kind"] for q in QUERIES}
    assert len(QUERIES) >= 40
    assert {"person", "place", "organisation", "number", "title", "two words", "traditional", "no result"} <= kinds


def test_every_query_with_a_known_answer_finds_it(seed_files, capsys):
    cache: dict = {}
    found = total = 0
    problems = []
    for query in QUERIES:
        records, _ = search_query.search(seed_files, query["q"], cache=cache)
        hits, expected, issues = judge(query, [r[1] for r in records])
        found, total, problems = found + hits, total + expected, problems + issues
    with capsys.disabled():
        print(f"\nsearch recall (Python, same algorithm as search.js): {found}/{total} = {found / total:.1%}"
              f" over {len(QUERIES)} queries")
    assert problems == []


def test_first_search_stays_small(seed_files):
    size = search.first_search_bytes(seed_files)
    index = sum(len(c.encode("utf-8")) for p, c in seed_files.items() if p.startswith("search/"))
    assert size < 2 * 1024 * 1024
    assert "search/manifest.js" in search_query.files_for_query(seed_files, "定陶")
    assert index > 0
