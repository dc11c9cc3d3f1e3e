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

import math
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from lunr import __TARGET_JS_VERSION__ as LUNR_VERSION  # "2.3.9": the lunr.js that loads the shards

from generator.search.text import first_unit, term_hash, units

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
    """Return, per term id, its shard (hash of its ``shard_key`` modulo ``shards``) and its rank in JavaScript order."""
    shard = np.fromiter((term_hash(shard_key(t)) % shards for t in table.terms), dtype=np.int32, count=len(table.terms))
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


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"   # one character: 6 bits
_B64_BYTES = np.frombuffer(B64.encode("ascii"), dtype=np.uint8)
_B64_VALUE = {c: i for i, c in enumerate(B64)}
MAX_PREFIX = 63                       # longest shared prefix one front-coding character can say (UTF-16 units)
MANTISSA = 256                        # weight codes: 8 bits of mantissa below a leading one, relative error <= 1/512


def shard_key(term: str) -> str:
    """Return what picks a term's shard: its first unit, so one shard holds a unit's vocabulary and postings.

    A facet ("#y:2023") is keyed by itself: all facets share their first unit ("y") and each
    holds a posting per document of its year, paper or county.
    """
    return term if term.startswith("#") else first_unit(term)


def weight_codes(weights: np.ndarray) -> np.ndarray:
    """Return the 12-bit code of each Lunr weight (3 decimals): thousandths below 512 exactly, else a
    small float (exponent, 8 mantissa bits) within 1/512 of the weight (``weight_of_code`` reads it)."""
    milli = np.rint(np.asarray(weights, dtype=np.float64) * 1000).astype(np.int64)
    bits = np.frexp(np.maximum(milli, 1).astype(np.float64))[1].astype(np.int64)   # bit length
    shift = np.maximum(bits - 9, 0)
    mantissa = (milli + np.where(shift > 0, 1 << np.maximum(shift - 1, 0), 0)) >> shift
    carry = mantissa >= 2 * MANTISSA                                                 # rounded up to 512
    shift, mantissa = shift + carry, np.where(carry, MANTISSA, mantissa)
    codes = np.where(milli < 2 * MANTISSA, milli, shift * MANTISSA + mantissa)
    if len(codes) and codes.max() >= 64 * 64:
        raise ValueError(f"a search weight too large for its code: {weights.max()}")
    return codes


def weight_of_code(code: int) -> float:
    """Return the weight a 12-bit code stands for (search.js ``weightOf`` does the same integer steps)."""
    if code < MANTISSA:
        return code / 1000
    return ((MANTISSA + (code & (MANTISSA - 1))) << ((code >> 8) - 1)) / 1000


def varints(values: np.ndarray) -> str:
    """Return non-negative integers as base-64 varints: 5 bits per character, the sixth set on all but the last."""
    values = np.asarray(values, dtype=np.int64)
    sizes = np.ones(len(values), dtype=np.int64)
    for k in range(1, 7):
        sizes += values >= (1 << (5 * k))
    ends = np.cumsum(sizes)
    place = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - sizes, sizes)
    digits = (np.repeat(values, sizes) >> (5 * place)) & 31
    digits |= np.where(place < np.repeat(sizes, sizes) - 1, 32, 0)
    return _B64_BYTES[digits].tobytes().decode("ascii")


def fixed_pairs(codes: np.ndarray) -> str:
    """Return 12-bit codes as two base-64 characters each (high six bits first)."""
    pairs = np.stack(((codes >> 6) & 63, codes & 63), axis=1).reshape(-1)
    return _B64_BYTES[pairs].tobytes().decode("ascii")


def front_coded(terms: list[str]) -> str:
    """Return sorted terms one a line, each as one character (units shared with the previous term) + the rest."""
    lines, previous = [], ""
    for term in terms:
        shared = 0
        for a, b in zip(previous, term):
            if a != b:
                break
            shared += 1
        while len(term[:shared].encode("utf-16-le")) // 2 > MAX_PREFIX:
            shared -= 1
        lines.append(B64[len(term[:shared].encode("utf-16-le")) // 2] + term[shared:])
        previous = term
    return "\n".join(lines)


def _stream(plan: ShardPlan, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the varint values (per term its field mask; per field the count, then document gaps) and the
    weight codes of one shard's postings (``rows`` in term, field, document order)."""
    table = plan.table
    term, field, doc = table.term[rows], table.field[rows].astype(np.int64), table.doc[rows].astype(np.int64)
    new_term = np.ones(len(rows), dtype=bool)
    new_term[1:] = term[1:] != term[:-1]
    new_group = new_term.copy()
    new_group[1:] |= field[1:] != field[:-1]
    gaps = doc.copy()
    gaps[1:] -= np.where(new_group[1:], 0, doc[:-1] + 1)
    group_starts = np.flatnonzero(new_group)
    term_starts = np.flatnonzero(new_term)
    tokens = 1 + new_group + new_term
    ends = np.cumsum(tokens)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    out[ends - 1] = gaps
    out[ends[group_starts] - 2] = np.diff(np.append(group_starts, len(rows)))
    out[ends[term_starts] - 3] = np.bitwise_or.reduceat(1 << field, term_starts) if len(rows) else []
    return out, weight_codes(posting_weights(table, plan.stats, rows))


def shard_data(plan: ShardPlan, k: int) -> list[str]:
    """Return shard ``k`` compact: [terms front-coded, varints (field masks, counts, document gaps), weight codes].

    Terms are in JavaScript order (their Lunr ``_index`` is their place); a term's postings are
    its fields in index order, each the count and the gaps between ascending document numbers
    (the first gap is the number itself), one weight code per posting in the same order.
    ``lunr_index`` turns it back into what ``lunr.Index.load`` reads.
    """
    table, rows = plan.table, plan.by_shard[plan.bounds[k]:plan.bounds[k + 1]]
    if len(table.fields) > 6:
        raise ValueError("a field mask is one base-64 character: at most 6 fields")
    doc, field, rank = table.doc[rows], table.field[rows], plan.rank[table.term[rows]]
    term_rows = rows[np.lexsort((doc, field, rank))]        # term rank, field, document
    ordered = [table.terms[t] for t in dict.fromkeys(table.term[term_rows].tolist())]
    values, codes = _stream(plan, term_rows)
    return [front_coded(ordered), varints(values), fixed_pairs(codes)]


def decoded_terms(text: str) -> list[str]:
    """Return the terms of a front-coded list (``front_coded``)."""
    terms: list[str] = []
    previous = ""
    for line in text.split("\n") if text else []:
        units = previous.encode("utf-16-le")[:2 * _B64_VALUE[line[0]]].decode("utf-16-le")
        previous = units + line[1:]
        terms.append(previous)
    return terms


def read_varint(text: str, at: int) -> tuple[int, int]:
    """Return the varint (``varints``) that starts at ``at`` in ``text``, and where the next one starts."""
    value, shift = 0, 0
    while True:
        digit = _B64_VALUE[text[at]]
        at += 1
        value |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            return value, at


def decoded_shard(data: list[str], field_names: list[str]) -> list[tuple[str, dict[str, dict[int, float]]]]:
    """Return each term of a compact shard with {field: {document number: weight}} (what search.js decodes)."""
    terms, stream, codes = data
    at, weight_at, out = 0, 0, []

    def varint() -> int:
        nonlocal at
        value, at = read_varint(stream, at)
        return value

    for term in decoded_terms(terms):
        mask, fields = varint(), {}
        for f, name in enumerate(field_names):
            if mask >> f & 1:
                docs, doc = {}, -1
                for _ in range(varint()):
                    doc += varint() + 1
                    docs[doc] = weight_of_code(_B64_VALUE[codes[weight_at]] << 6 | _B64_VALUE[codes[weight_at + 1]])
                    weight_at += 2
                fields[name] = docs
        out.append((term, fields))
    return out


def lunr_index(data: list[str], field_names: list[str]) -> dict:
    """Return a compact shard as the serialised Lunr 2.3.9 index ``lunr.Index.load`` reads (as search.js builds it)."""
    vectors: dict[str, list] = {}
    inverted = []
    for i, (term, fields) in enumerate(decoded_shard(data, field_names)):
        posting: dict = {}
        for name, docs in fields.items():
            posting[name] = {document_ref(doc): {} for doc in docs}
            for doc, weight in docs.items():
                vectors.setdefault(f"{name}/{document_ref(doc)}", []).extend((i, weight))
        inverted.append([term, {**posting, "_index": i}])
    return {"version": LUNR_VERSION, "fields": list(field_names), "fieldVectors": list(vectors.items()),
            "invertedIndex": inverted, "pipeline": []}


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
