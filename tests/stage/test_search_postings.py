"""Pre-counted postings: the table merged from counted batches equals the one counted from whole documents."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from generator.archive.urls import URLs
from generator.search import build as search
from generator.search.postings import PostingTableBuilder, count_batch, counted, terms_of, with_terms
from generator.search.shards import posting_table
from tests.stage.test_search import sample_archive


def postings(table) -> dict[tuple[str, int, int], int]:
    """Return {(term, document, field): tf} of a posting table (term ids replaced by the terms)."""
    return {(table.terms[t], d, f): tf for t, d, f, tf in
            zip(table.term.tolist(), table.doc.tolist(), table.field.tolist(), table.tf.tolist())}


def test_counted_batches_give_the_postings_and_lengths_of_whole_documents():
    archive = sample_archive()
    expected = posting_table(search.documents(archive), search.FIELDS)
    items = search.searchable_items(archive)
    got, records, _ = search.tokenise(archive, items, URLs())
    assert [json.loads(r)[1] for r in records] == [search.display_title(item) for item in items]   # in archive order
    assert postings(got) == postings(expected) and len(got.term) == len(expected.term)
    assert got.lengths.tolist() == expected.lengths.tolist()
    assert {"#y:2023", "#c:dingtao", "乡情"} <= set(got.terms)


@pytest.mark.parametrize("batches", [[[0, 1, 2]], [[0], [1, 2]], [[0, 1], [2]]])
def test_batch_boundaries_do_not_change_the_table(batches):
    # Real seed words: a title term repeated in the body, a name in the subtitle field.
    fields = [({"乡情贷": 1, "助力": 1}, {"郭保存": 1}, {"乡情贷": 2, "农民": 1}, {}, {"#y:2023": 1}, {"记者": 1}),
              ({"养老": 1}, {}, {"养老": 3, "服务": 1}, {"养老": 1}, {}, {}),
              ({}, {}, {}, {}, {"#y:2024": 1}, {})]
    docs = [[counted(Counter(counts).elements()) for counts in doc] for doc in fields]
    builder = PostingTableBuilder(search.FIELDS)
    for numbers in batches:
        builder.add(count_batch(((n, docs[n]) for n in numbers), len(search.FIELDS)))
    table = builder.table()
    assert postings(table)[("养老", 1, 2)] == 3 and postings(table)[("乡情贷", 0, 2)] == 2
    assert len(table.term) == 12 and table.lengths.tolist()[0] == [2, 1, 3, 0, 1, 1]
    assert table.lengths.tolist()[2] == [0, 0, 0, 0, 1, 0] and len(set(table.terms)) == len(table.terms)


@pytest.mark.parametrize("terms, extra, expected", [
    (["养老", "服务", "养老"], [], {"养老": 2, "服务": 1}),
    (["养老", "服务", "养老"], ["郭保存", "养老"], {"养老": 3, "服务": 1, "郭保存": 1}),
    ([], ["武霏"], {"武霏": 1}),
    ([], [], {}),
])
def test_counted_fields_keep_every_occurrence(terms, extra, expected):
    field = with_terms(counted(terms), extra)
    assert terms_of(field) == expected and field[3] == len(terms) + len(extra)
    assert list(terms_of(field)) == list(expected)                 # first occurrence order
