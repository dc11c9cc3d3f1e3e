"""Floors for the parser on pages composed from the real-article corpus, MEASURE papers only (issue 14).

The floors sit a little below what the parser achieved when they were set (bench/README.md has the
table): a change that makes segmentation worse on papers it was not tuned on fails here. Needs the
corpus at ../shared/corpus/articles.json beside the repository (or $BENCH_CORPUS).
"""
from __future__ import annotations

import pytest

from bench.corpus.__main__ import DEFAULT_CORPUS, compose_all, score_all

SEEDS = [1, 2, 3, 4, 5]
FLOORS = {                      # metric -> lowest share of MEASURE articles / cases allowed
    "items exact": 0.37,        # 39.3% when set (37.1% the round before)
    "kind": 0.87,               # 90.0% (87.4% the round before)
    "boundaries": 0.63,         # 66.2%
    "title": 0.67,              # 70.2%
    "byline": 0.70,             # 73.5%
    "paragraphs": 0.63,         # 66.5%
    "captions": 0.83,           # 86.4%
    "county": 0.61,             # 64.7%
    "paragraphs intact": 0.84,  # 86.7%
    "captions recognised": 0.86,    # 89.9%
    "cuts joined": 0.87,        # 90.3%
    "leaks removed": 0.85,      # 95.2% (20 of 21: one more miss is 90.5%)
}
FALSE_JOIN_CEILING = 0.13       # false joins / joins made (10.0% when set)


@pytest.fixture(scope="module")
def measure():
    if not DEFAULT_CORPUS.is_file():
        pytest.skip(f"corpus not found at {DEFAULT_CORPUS} (set BENCH_CORPUS)")
    pages = compose_all(DEFAULT_CORPUS, SEEDS)
    return score_all({"measure": pages["measure"]})["measure"]


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_measure_figures_stay_above_their_floors(measure, metric):
    assert measure.ratio(metric) >= FLOORS[metric], f"{metric}: {measure.counts[metric]}"


def test_measure_pages_lose_no_text_and_make_few_false_joins(measure):
    assert measure.counts["chars lost"][0] == 0 and measure.counts["chars invented"][0] == 0
    made = measure.counts["joins made"][0]
    assert measure.counts["false joins"][0] <= FALSE_JOIN_CEILING * made
