"""Lunr shards built straight from a posting table: lunr.py's BM25 weights, without its objects.

lunr.py's ``Builder`` keeps a dict per posting and a Vector per field of every document: at
100,000 items that is tens of millions of Python objects, minutes of CPU and gigabytes of memory.
Here the postings of the whole archive are one set of numpy arrays (term, document, field, term
frequency); weights are computed with the same expression, in the same floating-point order and
with the same rounding as lunr.py (``tests/test_search_index.py`` compares the two), and each
shard is written as the JSON ``lunr.Index.load`` reads (lunr.js 2.3.9's serialisation: version,
fields, fieldVectors, invertedIndex, pipeline).

Within a shard a term's ``_index`` is its rank in JavaScript string order, so the inverted index
is already sorted and every field vector lists its terms in ascending ``_index`` (lunr.js'
vectors require it). Field vectors with no term in the shard are left out, as are the fields of
a posting with no document.
"""
from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
from lunr import __TARGET_JS_VERSION__ as LUNR_VERSION  # "2.3.9": the lunr.js that loads the shards

from generator.search.text import term_hash, units

K1, B = 1.2, 0.75                     # lunr's BM25 defaults (lunr.py Builder._k1, _b)
GROUP_STEP = 1 << 22                  # postings grouped by shard in one numpy pass: bounds the temporaries


def document_ref(number: int) -> str:
    """Return the short Lunr document reference of document ``number`` (base 36)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


@dataclass(frozen=True, eq=False)
class Postings:
    """Every (term, document, field) of the archive with its term frequency, and field lengths."""

    fields: tuple[tuple[str, float], ...]   # (name, boost) in index order
    terms: tuple[str, ...]                  # term id -> term
    term: np.ndarray                        # per posting: term id (int32)
    doc: np.ndarray                         # per posting: document number (int32)
    field: np.ndarray                       # per posting: field number (int8)
    tf: np.ndarray                          # per posting: occurrences of the term in that field (int32)
    lengths: np.ndarray                     # (documents, fields): terms per field (int64)

    @property
    def documents(self) -> int:
        """Return the number of documents."""
        return len(self.lengths)

    @classmethod
    def of_arrays(cls, fields: tuple[tuple[str, float], ...], terms: Iterable[str], term: array, doc: array,
                  field: array, tf: array, lengths: array) -> "Postings":
        """Return the table over the growable arrays of its columns (shared, not copied)."""
        return cls(fields=fields, terms=tuple(terms), term=np.frombuffer(term, dtype=np.int32),
                   doc=np.frombuffer(doc, dtype=np.int32), field=np.frombuffer(field, dtype=np.int8),
                   tf=np.frombuffer(tf, dtype=np.int32),
                   lengths=np.frombuffer(lengths, dtype=np.int64).reshape(-1, len(fields)))


def posting_table(docs: Iterable[dict], fields: tuple[tuple[str, float], ...]) -> Postings:
    """Return the postings of ``docs`` (dicts of field name -> list of terms; numbered in order).

    Each document's term lists are counted and dropped as they come, so ``docs`` may be a
    generator that never holds the whole archive's terms at once.
    """
    ids: dict[str, int] = {}
    term_ids, doc_ids, field_ids, tfs, lengths = array("i"), array("i"), array("b"), array("i"), array("q")
    for number, doc in enumerate(docs):
        for f, (name, _) in enumerate(fields):
            terms = doc.get(name) or ()
            lengths.append(len(terms))
            if not terms:
                continue
            counts = Counter(terms)
            term_ids.extend([ids.setdefault(term, len(ids)) for term in counts])
            tfs.extend(counts.values())
            doc_ids.extend([number] * len(counts))
            field_ids.extend([f] * len(counts))
    return Postings.of_arrays(fields, ids, term_ids, doc_ids, field_ids, tfs, lengths)


def _python_round3(values: np.ndarray) -> np.ndarray:
    """Return ``values`` rounded to 3 decimals exactly as Python's ``round(x, 3)`` (lunr.py's rounding).

    numpy rounds x*1000 in binary, which can differ from Python's correctly rounded result near a
    tie; those few values are rounded again by Python.
    """
    scaled = values * 1000.0
    fraction = scaled - np.floor(scaled)
    fraction -= 0.5
    near_tie = np.flatnonzero(np.abs(fraction, out=fraction) < 1e-6)
    del fraction
    rounded = np.rint(scaled, out=scaled)
    rounded /= 1000.0
    for i in near_tie:
        rounded[i] = round(float(values[i]), 3)
    return rounded


@dataclass(frozen=True, eq=False)
class Statistics:
    """What a posting's weight depends on beyond the posting itself: the whole archive's counts."""

    idf: np.ndarray            # per term id: lunr's BM25 idf
    averages: np.ndarray       # per field: average terms per document
    boosts: np.ndarray         # per field: boost


def statistics(table: Postings) -> Statistics:
    """Return the archive-wide figures of the BM25 weights of ``table``."""
    count = table.documents
    averages = table.lengths.sum(axis=0) / max(1, count)
    df = np.bincount(table.term, minlength=len(table.terms))          # (field, document) pairs per term
    idf_of = {int(n): math.log(1 + abs((count - int(n) + 0.5) / (int(n) + 0.5))) for n in np.unique(df)}
    idf = np.vectorize(idf_of.__getitem__, otypes=[np.float64])(df) if len(df) else np.zeros(0)
    return Statistics(idf=idf, averages=averages, boosts=np.array([boost for _, boost in table.fields], dtype=np.float64))


def posting_weights(table: Postings, stats: Statistics, rows: np.ndarray) -> np.ndarray:
    """Return the Lunr weight of the postings ``rows``: BM25 with lunr.py's expression, boost and rounding.

    lunr.py computes ``idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf) * boost``
    per posting; here the same IEEE operations run in place on arrays (swapping the operands of
    one + or * gives the same double). Each weight depends only on its posting and ``stats``, so
    a shard's weights are computed when it is serialised and the archive's are never held at once.
    """
    field, tf = table.field[rows], table.tf[rows]
    denominator = table.lengths[table.doc[rows], field].astype(np.float64)
    denominator /= stats.averages[field]                               # length / average
    denominator *= B
    denominator += 1 - B
    denominator *= K1
    denominator += tf                                                  # ... + tf
    score = stats.idf[table.term[rows]]
    score *= (K1 + 1) * tf.astype(np.float64)
    score /= denominator
    score *= stats.boosts[field]
    return _python_round3(score)


def weights(table: Postings) -> np.ndarray:
    """Return every posting's Lunr weight (``posting_weights`` of the whole table)."""
    return posting_weights(table, statistics(table), np.arange(len(table.term)))


def _js_key(term: str) -> bytes:
    """Return the sort key that orders terms as JavaScript compares strings (UTF-16 code units)."""
    return term.encode("utf-16-be")


def term_shards(table: Postings, shards: int) -> tuple[np.ndarray, np.ndarray]:
    """Return, per term id, its shard (term hash modulo ``shards``) and its rank in JavaScript order."""
    shard = np.fromiter((term_hash(t) % shards for t in table.terms), dtype=np.int32, count=len(table.terms))
    order = sorted(range(len(table.terms)), key=lambda i: _js_key(table.terms[i]))
    rank = np.empty(len(table.terms), dtype=np.int32)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
    return shard, rank


@dataclass(frozen=True, eq=False)
class ShardPlan:
    """The postings grouped by shard, ready to serialise one shard at a time."""

    table: Postings
    stats: Statistics
    rank: np.ndarray           # per term id: rank in JavaScript order (among all terms)
    by_shard: np.ndarray       # posting numbers (int32), shard by shard, ascending within a shard
    bounds: np.ndarray         # by_shard[bounds[k]:bounds[k+1]] are shard k's postings
    refs: tuple[str, ...]      # document number -> Lunr reference

    @property
    def shards(self) -> int:
        """Return the number of shards."""
        return len(self.bounds) - 1


def plan_shards(table: Postings, shards: int) -> ShardPlan:
    """Return the archive's postings grouped for serialising ``shards`` shards.

    Only the grouping is archive-wide (one int32 per posting); each shard's orders and weights
    are computed when it is serialised, so a 10,000-page archive needs no sorted copies or
    weights of all its postings at once.
    """
    shard, rank = term_shards(table, shards)
    by_shard, bounds = _grouped(shard, table.term, shards)
    return ShardPlan(table=table, stats=statistics(table), rank=rank, by_shard=by_shard, bounds=bounds,
                     refs=tuple(document_ref(n) for n in range(table.documents)))


def _grouped(shard: np.ndarray, term: np.ndarray, shards: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (posting numbers grouped by their term's shard, stable; the group bounds), GROUP_STEP postings at a time."""
    steps = range(0, len(term), GROUP_STEP)
    counts = sum((np.bincount(shard[term[i:i + GROUP_STEP]], minlength=shards) for i in steps),
                 np.zeros(shards, dtype=np.int64))
    bounds = np.concatenate(([0], np.cumsum(counts)))
    cursor, grouped = bounds[:-1].copy(), np.empty(len(term), dtype=np.int32)
    for i in steps:
        keys = shard[term[i:i + GROUP_STEP]]
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        within = np.arange(len(ordered)) - np.searchsorted(ordered, ordered)     # place among equal keys
        grouped[cursor[ordered] + within] = order + i
        cursor += np.bincount(keys, minlength=shards)
    return grouped, bounds


def _runs(keys: list) -> Iterator[tuple[int, int]]:
    """Return the (start, end) of each run of equal adjacent keys."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            yield start, i
            start = i


def _inverted_index(plan: ShardPlan, rows: np.ndarray, local: dict[int, int]) -> str:
    """Return the invertedIndex JSON of one shard's postings (``rows`` in term, field, document order)."""
    table, names = plan.table, [name for name, _ in plan.table.fields]
    terms, fields, docs = table.term[rows].tolist(), table.field[rows].tolist(), table.doc[rows].tolist()
    out = []
    for start, end in _runs(terms):
        parts = []
        for f_start, f_end in _runs(fields[start:end]):
            refs = ",".join(f'"{plan.refs[d]}":{{}}' for d in docs[start + f_start:start + f_end])
            parts.append(f'"{names[fields[start + f_start]]}":{{{refs}}}')
        term = table.terms[terms[start]]
        out.append(f'[{json.dumps(term, ensure_ascii=False)},{{{",".join(parts)},"_index":{local[terms[start]]}}}]')
    return "[" + ",".join(out) + "]"


def _field_vectors(plan: ShardPlan, rows: np.ndarray, local: dict[int, int]) -> str:
    """Return the fieldVectors JSON of one shard's postings (``rows`` in document, field, term order)."""
    table, names = plan.table, [name for name, _ in plan.table.fields]
    keys = (table.doc[rows].astype(np.int64) * len(names) + table.field[rows]).tolist()
    terms, scores = table.term[rows].tolist(), posting_weights(table, plan.stats, rows).tolist()
    out = []
    for start, end in _runs(keys):
        doc, field = divmod(keys[start], len(names))
        elements = ",".join(f"{local[terms[i]]},{scores[i]!r}" for i in range(start, end))
        out.append(f'["{names[field]}/{plan.refs[doc]}",[{elements}]]')
    return "[" + ",".join(out) + "]"


def shard_json(plan: ShardPlan, k: int) -> str:
    """Return shard ``k`` as the JSON text of a serialised Lunr index."""
    table, rows = plan.table, plan.by_shard[plan.bounds[k]:plan.bounds[k + 1]]
    doc, field, rank = table.doc[rows], table.field[rows], plan.rank[table.term[rows]]
    term_rows = rows[np.lexsort((doc, field, rank))]        # term rank, field, document
    doc_rows = rows[np.lexsort((rank, field, doc))]         # document, field, term rank
    shard_terms = np.unique(plan.table.term[term_rows])
    ordered = shard_terms[np.argsort(plan.rank[shard_terms], kind="stable")].tolist()
    local = {term: i for i, term in enumerate(ordered)}
    fields = json.dumps([name for name, _ in plan.table.fields])
    return (f'{{"version":"{LUNR_VERSION}","fields":{fields},'
            f'"fieldVectors":{_field_vectors(plan, doc_rows, local)},'
            f'"invertedIndex":{_inverted_index(plan, term_rows, local)},"pipeline":[]}}')


def term_document_counts(table: Postings, field_names: Iterable[str]) -> dict[str, int]:
    """Return, for each term with a posting in one of ``field_names``, its number of postings there."""
    wanted = [f for f, (name, _) in enumerate(table.fields) if name in set(field_names)]
    mask = np.isin(table.field, wanted)
    counts = np.bincount(table.term[mask], minlength=len(table.terms))
    return {table.terms[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def most_frequent_word(counts: dict[str, int]) -> str:
    """Return the term of two or more units with the most postings (ties: the later term in code order)."""
    best, best_count = "", -1
    for term, count in counts.items():
        if (count, term) > (best_count, best) and len(units(term)) >= 2:
            best, best_count = term, count
    return best
