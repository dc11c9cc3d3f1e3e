"""The posting-table shard builder: lunr.py's rounding, shards lunr can load, order lunr.js needs."""
from __future__ import annotations

import json
import random

import numpy as np
import pytest
from lunr.index import Index

from generator.search import shards as search_index
from generator.search.build import FIELDS


@pytest.mark.parametrize("value", [0.0005, 0.0015, 1.2345, 2.5, 3.0004999, 7.1235, 0.1 + 0.2, 12.3455, 1e-9, 99.9995])
def test_rounding_matches_python_round_on_ties_and_near_ties(value):
    assert search_index._python_round3(np.array([value]))[0] == round(value, 3)


def test_rounding_matches_python_round_on_random_weights():
    rng = random.Random(5)
    values = [rng.uniform(0, 40) for _ in range(20000)] + [rng.randrange(0, 40000) / 1000 + 0.0005 for _ in range(2000)]
    assert search_index._python_round3(np.array(values)).tolist() == [round(v, 3) for v in values]


# Real seed words (001: 小荷学堂, 002: 仿山镇), repeated to give term frequencies above one.
DOCS = [{"t": ["小荷", "学堂"], "b": ["小荷", "学堂", "暑期", "学堂"], "f": ["#c:a"]},
        {"t": ["仿山镇"], "s": ["刘天宇"], "b": ["仿山", "仿山镇", "养老", "服务"]},
        {"b": ["养老", "服务", "养老"], "g": ["养老"]}]


def _shard(docs, shards=1, k=0):
    """Return shard ``k`` of ``docs`` as the dict lunr.js would load."""
    plan = search_index.plan_shards(search_index.posting_table(docs, FIELDS), shards)
    return json.loads(search_index.shard_json(plan, k))


def test_a_shard_loads_in_lunr_and_finds_its_documents():
    index = Index.load(_shard(DOCS))      # search.js asks only about the fields a term has
    assert {r["ref"] for r in index.search("b:养老")} == {"1", "2"}
    assert [r["ref"] for r in index.search("t:学堂")] == ["0"]


def test_terms_are_in_javascript_order_and_vectors_ascend():
    shard = _shard(DOCS)
    terms = [term for term, _ in shard["invertedIndex"]]
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))
    assert [posting["_index"] for _, posting in shard["invertedIndex"]] == list(range(len(terms)))
    for _, elements in shard["fieldVectors"]:
        assert elements[::2] == sorted(elements[::2])


def test_every_posting_lands_in_exactly_one_shard():
    table = search_index.posting_table(DOCS, FIELDS)
    plan = search_index.plan_shards(table, 4)
    found = []
    for k in range(4):
        for term, posting in json.loads(search_index.shard_json(plan, k))["invertedIndex"]:
            found += [(term, field, ref) for field, refs in posting.items() if field != "_index" for ref in refs]
    assert len(found) == len(set(found)) == len(table.term)


def test_the_typical_query_is_the_most_frequent_word():
    counts = search_index.term_document_counts(search_index.posting_table(DOCS, FIELDS), ("t", "s", "b"))
    assert counts["学堂"] == 2 and "#c:a" not in counts
    assert search_index.most_frequent_word(counts) in {"学堂", "小荷", "养老", "服务"}
