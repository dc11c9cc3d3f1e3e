"""The posting-table shard builder: lunr.py's rounding, the compact shard format, shards lunr can load, order lunr.js needs."""
from __future__ import annotations

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


NAMES = [name for name, _ in FIELDS]


def _shard(docs, shards=1, k=0):
    """Return shard ``k`` of ``docs`` decoded into the dict lunr.js would load."""
    plan = search_index.plan_shards(search_index.posting_table(docs, FIELDS), shards)
    return search_index.lunr_index(search_index.shard_data(plan, k), NAMES)


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
        for term, posting in _shard(DOCS, 4, k)["invertedIndex"]:
            found += [(term, field, ref) for field, refs in posting.items() if field != "_index" for ref in refs]
    assert len(found) == len(set(found)) == len(table.term)


def test_the_typical_query_is_the_most_frequent_word():
    counts = search_index.term_document_counts(search_index.posting_table(DOCS, FIELDS), ("t", "s", "b"))
    assert counts["学堂"] == 2 and "#c:a" not in counts
    assert search_index.most_frequent_word(counts) in {"学堂", "小荷", "养老", "服务"}


def test_weight_codes_keep_every_weight_within_1_in_512():
    weights = np.arange(0, 300_000) / 1000                  # every 3-decimal weight up to 300
    codes = search_index.weight_codes(weights)
    assert codes.max() < 64 * 64                            # two base-64 characters
    decoded = np.array([search_index.weight_of_code(int(c)) for c in codes])
    assert np.all(np.abs(decoded - weights) <= weights / 512 + 1e-12)
    assert np.array_equal(decoded[:256], weights[:256])     # below 0.256 exactly
    assert np.all(np.diff(decoded) >= 0)                    # order kept (ties only)


@pytest.mark.parametrize("values", [[0], [31, 32, 33], [1023, 1024, 2 ** 30 - 1, 2 ** 31], list(range(0, 5000, 7))])
def test_varints_read_back(values):
    text = search_index.varints(np.array(values))
    assert set(text) <= set(search_index.B64)
    read, at = [], 0
    while at < len(text):
        value, at = search_index.read_varint(text, at)
        read.append(value)
    assert read == values


def test_front_coded_terms_read_back_across_surrogates_and_long_prefixes():
    long = "乡" * 70
    terms = sorted(["5g", "乡情", "乡情贷", long, long + "村", "𠀀甲", "𠀀乙", "#c:dingtao", "#y:2023"],
                   key=lambda t: t.encode("utf-16-be"))
    assert search_index.decoded_terms(search_index.front_coded(terms)) == terms


def test_a_compact_shard_holds_every_posting_with_its_quantised_weight():
    table = search_index.posting_table(DOCS, FIELDS)
    plan = search_index.plan_shards(table, 1)
    exact = search_index.weights(table)
    want = {(table.terms[t], NAMES[f], d): search_index.weight_of_code(int(c))
            for t, f, d, c in zip(table.term, table.field, table.doc, search_index.weight_codes(exact))}
    got = {(term, name, doc): w for term, fields in search_index.decoded_shard(search_index.shard_data(plan, 0), NAMES)
           for name, docs in fields.items() for doc, w in docs.items()}
    assert got == want and len(got) == len(table.term)


def test_a_unit_and_its_words_share_a_shard_and_facets_are_keyed_whole():
    assert search_index.shard_key("乡情贷") == search_index.shard_key("乡") == "乡"
    assert search_index.shard_key("93.02%") == "93.02%"
    assert search_index.shard_key("#y:2023") == "#y:2023"
