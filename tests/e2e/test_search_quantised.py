"""Compact shards rank like the exact index: quantised weights against lunr.py's exact weights.

The shards store each posting's weight as a 12-bit code within 1/512 of the weight lunr.py's
builder gives it (``shards.weight_codes``); before issue 16 the shards held the exact weights
(3 decimals). A document's score is a sum of weights, so it too is within 1/512 of its exact
score, and two documents can change places only when their exact scores are within 2/512 of the
larger. The tolerance, for every query of the query set (tests/search_queries.yaml) and the
benchmark's queries, on the seeds and on a generated archive:

- the same documents are found;
- the first ten are the same documents in the same order, except that the document at a place
  may be another one whose exact score is within 2/512 of the exact score of the one it replaces
  (and that matched the same way: in a title, outside the byline).

The reference is the same files and the same query code (``query.py``) with every weight
replaced by the exact weight of the posting table (``shards.posting_weights``: lunr.py's
expression and rounding, what the shards held before).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import copy_seeds

from generator.archive import corrections
from generator.archive.urls import URLs
from generator.search import build as search
from generator.search import query as search_query
from generator.search.shards import document_ref, posting_weights, statistics
from tests.search_queryset import load_queries

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402
import run as bench_run  # noqa: E402

TOLERANCE = 2 / 512          # relative difference of exact scores under which two documents may swap
QUERIES = list(dict.fromkeys([q["q"] for q in load_queries()] + bench_run.QUERIES))


def archive_of(seeds: Path, registry: Path):
    """Return the archive and URLs ``build.py`` makes of ``seeds`` (its stages up to search, in-process)."""
    import build
    from generator import stages
    args = build.parse_args(["--seeds", str(seeds), "--registry", str(registry), "--workers", "1"])
    inputs = build.read_inputs(args)
    pages, _ = stages.process_pages(inputs.sources, workers=1)
    permanent = build.permanent_ids(inputs, pages)
    fixed = corrections.apply_fixes(permanent.pages, inputs.fixes, permanent.registry, permanent.redirects,
                                    inputs.fixes_name)
    urls = URLs(page_slugs=tuple(sorted(permanent.slugs.items())))
    return build.make_archive(inputs, permanent, fixed), urls


def exact_cache(files: dict, archive) -> dict:
    """Return a query cache whose shards hold the exact weights of the archive's posting table."""
    table = search.tokenise(archive, search.searchable_items(archive)).table
    names = [name for name, _ in table.fields]
    weights = posting_weights(table, statistics(table), np.arange(len(table.term)))
    exact = {(table.terms[t], names[f], document_ref(d)): float(w)
             for t, f, d, w in zip(table.term.tolist(), table.field.tolist(), table.doc.tolist(), weights)}
    cache: dict = {}
    loaded = search_query.Loaded(files, cache)
    for path in (p for p in sorted(files) if p.startswith("search/index-")):
        loaded.get(path, remember=False)
        quantised = search_query._tables(files_value(files, path), names)
        tables = {term: {f: {ref: exact[(term, f, ref)] for ref in refs} for f, refs in fields.items()}
                  for term, fields in quantised.items()}
        words = {term for term, fields in tables.items() if any(f in fields for f in search_query.WORD_FIELDS)}
        cache[("decoded", path)] = (tables, words)
    return cache


def files_value(files: dict, path: str):
    """Return the value a search file assigns."""
    return search_query._load(files[path])


@pytest.fixture(scope="module", params=["seeds", "generated"])
def both(request, tmp_path_factory) -> tuple[dict, dict]:
    """Return the search files of an archive and a query cache of its exact weights."""
    folder = tmp_path_factory.mktemp(request.param)
    seeds = folder / "seeds"
    if request.param == "seeds":
        copy_seeds(seeds)
    else:
        generate.Generator().write_archive(seeds, 60)
    archive, urls = archive_of(seeds, folder / "permalinks.json")
    files = search.build_search(archive, urls)
    return files, exact_cache(files, archive)


def _ranked(files: dict, query: str, cache: dict) -> tuple[list[str], dict]:
    """Return the result urls of ``query`` in rank order and {url: score} by the loaded shards."""
    records, loaded = search_query.search(files, query, cache=cache)
    scores = search_query.query_scores(loaded, query) or {}
    by_url = {files_url(loaded, ref): score for ref, score in scores.items()}
    return [r[0] for r in records], by_url


def files_url(loaded, ref: str) -> str:
    """Return the result url of document ``ref``."""
    return search_query._record(loaded, ref, False)[0]


def test_quantised_shards_find_the_same_documents_in_the_same_order_within_the_tolerance(both):
    files, exact = both
    quantised_cache: dict = {}
    problems, swapped, checked = [], 0, 0
    for query in QUERIES:
        ours, _ = _ranked(files, query, quantised_cache)
        reference, scores = _ranked(files, query, exact)
        if set(ours) != set(reference):
            problems.append(f"{query!r}: {len(ours)} documents, exact index {len(reference)}")
            continue
        for place, (got, want) in enumerate(zip(ours[:10], reference[:10])):
            checked += 1
            if got == want:
                continue
            swapped += 1
            (a, *flags_a), (b, *flags_b) = scores[got], scores[want]
            if flags_a != flags_b or abs(a - b) > TOLERANCE * max(a, b):
                problems.append(f"{query!r} place {place + 1}: {got} (exact {a}) instead of {want} (exact {b})")
    print(f"\n{checked} places of the first ten compared, {swapped} near-ties swapped")
    assert problems == [], problems
    assert checked > 100 and swapped <= checked // 20       # swaps are rare near-ties, not the rule
