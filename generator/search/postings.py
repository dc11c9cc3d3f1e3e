"""The posting table built from pre-counted batches: tokenising workers count, the build only merges.

Counting every document's terms (a Counter per field, a dict lookup per posting) in the build
process took most of the search stage's tokenising part once jieba's terms came from the cache
(54 s of 10,000 pages). Here each field of a document is kept counted (``counted``: its distinct terms as one string,
their occurrences as bytes; the tokens cache stores the same), and each tokenising worker turns
its batch of documents into compact arrays numbered by the batch's own vocabulary
(``count_batch``); the build maps each batch's distinct terms to archive-wide ids once and appends
the arrays (``PostingTableBuilder``). The table holds the same postings and field lengths as
``search_index.posting_table`` of the same documents; term ids may be numbered differently, which
no written file depends on (shards order terms by their JavaScript rank).
"""
from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from generator.search.shards import Postings

Counted = tuple[str, bytes, int, int]   # one field: distinct terms newline-joined, int32 occurrences, distinct, total
FieldCounts = Sequence[Counted]          # per index field


def counted(terms: Iterable[str]) -> Counted:
    """Return ``terms`` counted (distinct terms in order of first occurrence; a term never holds a newline)."""
    return _packed(Counter(terms))


def _packed(counts: dict[str, int]) -> Counted:
    """Return {term: occurrences} as a ``Counted``."""
    return "\n".join(counts), array("i", counts.values()).tobytes(), len(counts), sum(counts.values())


def terms_of(field: Counted) -> dict[str, int]:
    """Return {term: occurrences} of a counted field."""
    joined, times, distinct, _ = field
    counts = array("i")
    counts.frombytes(times)
    return dict(zip(joined.split("\n"), counts)) if distinct else {}


def with_terms(field: Counted, terms: list[str]) -> Counted:
    """Return ``field`` with ``terms`` counted in as well (new terms after the old ones, like one Counter)."""
    if not terms:
        return field
    merged = Counter(terms_of(field))
    merged.update(terms)
    return _packed(merged)


@dataclass(frozen=True, eq=False)
class BatchPostings:
    """The postings of a run of documents, with term ids local to the batch."""

    terms: list[str]           # local term id -> term
    term: np.ndarray           # per posting: local term id (int32)
    doc: np.ndarray            # per posting: document number in the archive (int32)
    field: np.ndarray          # per posting: field number (int8)
    tf: np.ndarray             # per posting: occurrences (int32)
    lengths: np.ndarray        # (documents, fields): terms in the field (int64)


def count_batch(documents: Iterable[tuple[int, FieldCounts]], fields: int) -> BatchPostings:
    """Return the postings of (document number, counted terms per field) pairs, numbered by the batch's vocabulary.

    The per-posting work runs in C (one join and split, ``dict.fromkeys``, ``map``, numpy); Python
    loops only over documents and fields.
    """
    numbers, runs = [], []
    for number, counted_fields in documents:
        numbers.append(number)
        runs.extend(counted_fields)
    every = "\n".join([run[0] for run in runs if run[2]]).split("\n") if any(run[2] for run in runs) else []
    vocabulary = list(dict.fromkeys(every))
    local = dict(zip(vocabulary, range(len(vocabulary))))
    repeat = np.fromiter((run[2] for run in runs), dtype=np.int64, count=len(runs))
    return BatchPostings(
        terms=vocabulary, term=np.frombuffer(array("i", map(local.__getitem__, every)), dtype=np.int32),
        doc=np.repeat(np.repeat(np.asarray(numbers, dtype=np.int32), fields), repeat),
        field=np.repeat(np.tile(np.arange(fields, dtype=np.int8), len(numbers)), repeat),
        tf=np.frombuffer(b"".join([run[1] for run in runs]), dtype=np.int32),
        lengths=np.fromiter((run[3] for run in runs), dtype=np.int64, count=len(runs)).reshape(-1, fields))


class PostingTableBuilder:
    """Merges batches, in document order, into one posting table with archive-wide term ids."""

    def __init__(self, fields: tuple[tuple[str, float], ...]):
        self.fields = fields
        self.ids: dict[str, int] = {}
        self.term, self.doc, self.field = array("i"), array("i"), array("b")
        self.tf, self.lengths = array("i"), array("q")

    def add(self, batch: BatchPostings) -> None:
        """Append a batch's postings, its terms renumbered archive-wide (one lookup per distinct term)."""
        ids = self.ids
        mapping = np.fromiter((ids.setdefault(t, len(ids)) for t in batch.terms), dtype=np.int32,
                              count=len(batch.terms))
        self.term.frombytes(mapping[batch.term].tobytes())
        self.doc.frombytes(batch.doc.tobytes())
        self.field.frombytes(batch.field.tobytes())
        self.tf.frombytes(batch.tf.tobytes())
        self.lengths.frombytes(batch.lengths.tobytes())

    def table(self) -> Postings:
        """Return the posting table of every batch added (the arrays are shared, not copied)."""
        return Postings.of_arrays(self.fields, self.ids, self.term, self.doc, self.field, self.tf, self.lengths)
