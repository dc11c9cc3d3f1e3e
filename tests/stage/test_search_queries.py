"""The query set (tests/search_queries.yaml) over the search files of the real seed build."""
from __future__ import annotations

import pytest

from generator.search import build as search
from generator.search import query as search_query
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


def _all_records(files: dict) -> list[list]:
    """Return every result record of the build, in document order."""
    paths = sorted((p for p in files if p.startswith("search/docs-")), key=lambda p: int(p[12:-3]))
    return [record for path in paths for record in search_query._load(files[path])]


def test_runs_of_every_title_find_their_item(seed_files):
    """Any run of two or more characters of a shown title finds that item (every other start)."""
    from generator.search.text import chunks, normalize
    cache: dict = {}
    misses = []
    for url, title, *_ in _all_records(seed_files):
        for run in chunks(normalize(title)):
            for size in range(2, min(len(run), 8) + 1):
                for start in range(0, len(run) - size + 1, 2):
                    query = "".join(run[start:start + size])
                    records, _ = search_query.search(seed_files, query, cache=cache)
                    if url not in [r[0] for r in records]:
                        misses.append((query, title))
    assert misses == []


def test_words_of_every_item_find_it(seed_files):
    """Query segmentation is consistent with the index on the real build (40 words per item)."""
    import random

    from generator.search.text import tokenize
    cache: dict = {}
    misses = []
    vocabulary = search_query.vocabulary_from_files(seed_files)   # the build also knew names: compare on its words
    for number, (url, title, _, _, _, text, _) in enumerate(_all_records(seed_files)):
        words = [w for w in sorted(set(tokenize(title + "\n" + text)) & vocabulary) if len(w) > 1]
        for word in random.Random(number).sample(words, min(40, len(words))):
            records, _ = search_query.search(seed_files, word, cache=cache)
            if url not in [r[0] for r in records]:
                misses.append((word, title))
    assert misses == []
