"""The posting table built from pre-counted batches: tokenising workers count, the build only merges.

Counting every document's terms (a Counter per field, a dict lookup per posting) in the build
process took most of the search stage's tokenising part once jieba's terms came from the cache
(54 s of 10,000 pages). Here each tokenising worker turns its batch of documents, given as
{term: occurrences} per field, into compact arrays numbered by the batch's own vocabulary
(``count_batch``); the build maps each batch's distinct terms to archive-wide ids once and appends
the arrays (``PostingTableBuilder``). The table holds the same postings and field lengths as
``search_index.posting_table`` of the same documents; term ids may be numbered differently, which
no written file depends on (shards order terms by their JavaScript rank).
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np

from .search_index import Postings

FieldCounts = Sequence[Mapping[str, int]]        # per index field: {term: occurrences}


@dataclass(frozen=True, eq=False)
class BatchPostings:
    """The postings of a run of documents, with term ids local to the batch."""

    terms: list[str]           # local term id -> term
    term: array                # per posting: local term id ('i')
    doc: array                 # per posting: document number in the archive ('i')
    field: array               # per posting: field number ('b')
    tf: array                  # per posting: occurrences ('i')
    lengths: array             # per document and field: terms in the field ('q'), row by row


def count_batch(documents: Iterable[tuple[int, FieldCounts]]) -> BatchPostings:
    """Return the postings of (document number, counts per field) pairs, numbered by the batch's vocabulary."""
    local: dict[str, int] = {}
    term, doc, field, tf, lengths = array("i"), array("i"), array("b"), array("i"), array("q")
    for number, fields in documents:
        for f, counts in enumerate(fields):
            lengths.append(sum(counts.values()))
            if not counts:
                continue
            term.extend([local.setdefault(t, len(local)) for t in counts])
            tf.extend(counts.values())
            doc.extend([number] * len(counts))
            field.extend([f] * len(counts))
    return BatchPostings(terms=list(local), term=term, doc=doc, field=field, tf=tf, lengths=lengths)


class PostingTableBuilder:
    """Merges batches, in document order, into one posting table with archive-wide term ids."""

    def __init__(self, fields: tuple[tuple[str, float], ...]):
        self.fields = fields
        self.ids: dict[str, int] = {}
        self.term, self.doc, self.field, self.tf, self.lengths = array("i"), array("i"), array("b"), array("i"), array("q")

    def add(self, batch: BatchPostings) -> None:
        """Append a batch's postings, its terms renumbered archive-wide (one lookup per distinct term)."""
        ids = self.ids
        mapping = np.fromiter((ids.setdefault(t, len(ids)) for t in batch.terms), dtype=np.int32, count=len(batch.terms))
        if batch.term:
            self.term.frombytes(mapping[np.frombuffer(batch.term, dtype=np.int32)].tobytes())
        self.doc.extend(batch.doc)
        self.field.extend(batch.field)
        self.tf.extend(batch.tf)
        self.lengths.extend(batch.lengths)

    def table(self) -> Postings:
        """Return the posting table of every batch added (the arrays are shared, not copied)."""
        return Postings(fields=self.fields, terms=tuple(self.ids), term=np.frombuffer(self.term, dtype=np.int32),
                        doc=np.frombuffer(self.doc, dtype=np.int32), field=np.frombuffer(self.field, dtype=np.int8),
                        tf=np.frombuffer(self.tf, dtype=np.int32),
                        lengths=np.frombuffer(self.lengths, dtype=np.int64).reshape(-1, len(self.fields)))
