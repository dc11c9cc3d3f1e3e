"""The search index: jieba terms in a Lunr index (lunr.py → lunr.js 2.3.9), split into shards.

Layout under ``search/`` (each file a script assigning one global, so it loads from ``file://``):

* ``manifest.js`` – counts, shard sizes, county/year filters, a small traditional→simplified map.
* ``vocab-K.js`` – the searchable terms, bucketed by the hash of their first unit: the browser
  loads the buckets of the query's units and segments the query against them.
* ``index-K.js`` – a serialized Lunr index holding the terms whose hash falls in shard K. Each
  shard is built by lunr.py from the documents cut down to its terms, with the field lengths and
  document count of the whole archive, so its weights are those of one global index; a
  single-term Lunr query scores a document by exactly that weight, so summing per-term scores
  across shards ranks like one big index. Memory and time per shard stay small; items are
  tokenised and shards built on every core (``parallel.pool_map``), with identical output.
* ``docs-K.js`` – what a result shows (url, title, paper, date, counties, text for the snippet),
  for a fixed-size run of documents: only the runs of the results on screen are loaded.

A query loads the manifest, the vocabulary buckets of its units, the shards of its terms and the
document runs of the results shown; shard counts grow with the archive, so the bytes of a first
query stay near constant. Postings leave out fields with no document (search.js only asks Lunr
about fields a term has).
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf as Idf
from lunr.vector import Vector

from .model import Archive, County, Item
from .parallel import pool_map
from .search_cache import TokenCache
from .search_text import (clean_terms, first_unit, normalize, term_hash, title_bigrams, tokenize,
                          traditional_map)
from .typography import typeset
from .urls import URLs

FIELDS = (("t", 10), ("s", 3), ("b", 1), ("g", 5), ("f", 1))   # title, kicker/subtitle/people, body, title bigrams, facets
WORD_FIELDS = ("t", "s", "b")                                    # fields whose terms the query segmenter may use
POSTINGS_PER_SHARD = 2500
VOCAB_BYTES_PER_BUCKET = 24_000
DOC_BYTES_PER_CHUNK = 12_000
SNIPPET_SOURCE_CHARS = 1200                 # text kept per result for its snippet
GLOBAL = "ARCHIVE_SEARCH_"
BATCH = 256                 # items per tokenising task
SHARD_TASKS = 16            # shard-building tasks (each gets one copy of the statistics)


def _ref(number: int) -> str:
    """Return the short Lunr document reference of document ``number`` (base 36)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def display_title(item: Item) -> str:
    """Return the title a result shows: the headline, else the first caption (photos)."""
    text = item.title or (item.captions[0] if item.captions else "") or "（无标题）"
    return typeset(text)


def _people(item: Item) -> list[str]:
    """Return the names of the item's authors and photographers."""
    return [person.name for person in item.authors if person.name]


def extra_words(archive: Archive) -> list[str]:
    """Return the words jieba must keep whole: people's names and county names of the archive."""
    words = {name for item in archive.items for name in _people(item)}
    words.update(c.name for c in archive.counties)
    words.update(c.short for c in archive.counties)
    return sorted(w for w in words if len(normalize(w)) >= 2)


def _year(item: Item) -> str | None:
    """Return the item's year ("2023"), or None when its date has none."""
    return item.date[:4] if item.date and re.match(r"\d{4}", item.date) else None


def _county_slugs(item: Item, counties: dict[str, County]) -> list[str]:
    """Return the slugs of the item's counties that the archive knows."""
    return [counties[name].slug for name in item.counties if name in counties]


def item_texts(item: Item) -> tuple[str, str, str]:
    """Return the texts of an item that jieba tokenises: title, kicker+subtitle, body (with captions, byline, credit)."""
    body = [b.text for b in item.body] + list(item.captions) + [item.byline or "", item.credit or ""]
    return (typeset(item.title or ""), typeset(" ".join(filter(None, (item.kicker, item.subtitle)))),
            typeset("\n".join(body)))


def text_tokens(texts: tuple[str, ...], words: list[str]) -> tuple[list[str], ...]:
    """Return the index terms of each of an item's texts."""
    return tuple(tokenize(text, words) for text in texts)


def document(item: Item, number: int, words: list[str], counties: dict[str, County],
             tokens: tuple[list[str], ...] | None = None) -> dict:
    """Return the Lunr document of one item: a pre-tokenised list of terms per field.

    ``tokens`` are the item's ``text_tokens`` when already known (from the tokens cache).
    """
    title, heads, body = tokens if tokens is not None else text_tokens(item_texts(item), words)
    people = [term for name in _people(item) for term in clean_terms(name)]
    facets = [f"#c:{slug}" for slug in _county_slugs(item, counties)]
    facets += [f"#y:{year}" for year in [_year(item)] if year]
    return {
        "id": _ref(number),
        "t": list(title),
        "s": list(heads) + people,
        "b": list(body),
        "g": title_bigrams(display_title(item)),             # what the result list shows as title
        "f": facets,
    }


def result_record(item: Item, urls: URLs) -> list:
    """Return what one result shows: [link from the search page, title, paper, date, counties, snippet text]."""
    text = "\n".join(filter(None, (item.kicker, item.subtitle, *(b.text for b in item.body), *item.captions)))
    return [urls.relative(urls.search(), urls.article(item.id)), display_title(item), item.paper or "", item.date or "",
            list(item.counties), typeset(text)[:SNIPPET_SOURCE_CHARS]]


def searchable_items(archive: Archive) -> list[Item]:
    """Return the items that get a search entry: those with a permanent id, in archive order."""
    return [item for item in archive.items if item.id]


class ShardBuilder(Builder):
    """A lunr.py builder for one shard that weighs terms with the whole archive's statistics.

    Each shard sees only its own terms of each document, so field lengths, their averages and
    the document count come from the whole archive: the weights are those of one global index.
    """

    def __init__(self, stats: "Stats"):
        super().__init__()
        self.stats = stats
        self.ref("id")
        for name, boost in FIELDS:
            self.field(name, boost=boost)

    def add(self, doc, attributes=None):
        """Add a pre-tokenised document exactly as lunr.py's ``Builder.add`` would here, only faster.

        lunr.py wraps each term in a Token with a deep-copied metadata dict and runs the (empty)
        pipeline over them; with no metadata and no pipeline the index it builds is the same.
        """
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        postings = self.inverted_index
        for field_name in self._fields:
            terms = [str(term).lower() if term else "" for term in doc.get(field_name) or ()]
            if not terms:           # lunr.py would make an empty vector, which build_shard drops
                continue
            field_ref = str(FieldRef(doc_ref, field_name))
            counts = self.field_term_frequencies[field_ref] = defaultdict(int)
            self.field_lengths[field_ref] = len(terms)
            for term in terms:
                counts[term] += 1
                posting = postings.get(term)
                if posting is None:
                    posting = postings[term] = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                posting[field_name].setdefault(doc_ref, {})

    def _create_field_vectors(self):
        """Make each field's vector with lunr.py's BM25 arithmetic (same expression, same rounding), faster."""
        k1, b, count = self._k1, self._b, self.document_count
        idf_of: dict[str, float] = {}
        boosts = {name: field.boost for name, field in self._fields.items()}
        self.field_vectors = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            field_name = field_ref.split("/", 1)[0]
            length, average = self.field_lengths[field_ref], self.average_field_length[field_name]
            pairs = []
            for term, tf in frequencies.items():
                posting = self.inverted_index[term]
                idf = idf_of.get(term)
                if idf is None:
                    idf = idf_of[term] = Idf(posting, count)
                score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf)
                score *= boosts[field_name]
                pairs.append((posting["_index"], round(score, 3)))
            self.field_vectors[field_ref] = Vector([x for pair in sorted(pairs) for x in pair])

    def _create_token_set(self):
        """Skip lunr.py's token set: ``serialize`` does not write it and building it is slow."""
        self.token_set = None

    def _calculate_average_field_lengths(self):
        """Use the whole archive's average field lengths (lunr.py would average this shard's)."""
        self.average_field_length = dict(self.stats.average_lengths)

    def build(self):
        """Return the shard's index, scored as if it held every term of every document."""
        self.document_count = self.stats.documents
        for field_ref in self.field_lengths:
            self.field_lengths[field_ref] = self.stats.lengths[field_ref]
        return super().build()


class Stats:
    """Field lengths, their averages and the document count of the whole archive."""

    def __init__(self, documents: list[dict]):
        self.documents = len(documents)
        self.lengths = {f"{name}/{doc['id']}": len(doc[name]) for doc in documents for name, _ in FIELDS}
        self.average_lengths = {name: sum(len(doc[name]) for doc in documents) / max(1, len(documents))
                                for name, _ in FIELDS}


def _token_batch(task: tuple) -> list[tuple[list[str], ...]]:
    """Return the term lists of a batch of items' texts (run in a worker process)."""
    texts, words = task
    return [text_tokens(t, words) for t in texts]


def item_tokens(items: list[Item], words: list[str], cache_dir: Path | None = None) -> list[tuple[list[str], ...]]:
    """Return every item's term lists (the tokenising stage, on every core), reusing cached ones."""
    texts = [item_texts(item) for item in items]
    cache = TokenCache(cache_dir, words) if cache_dir is not None else None
    keys = [cache.key(t) for t in texts] if cache else []
    tokens = [cache.get(k) for k in keys] if cache else [None] * len(items)
    missing = [i for i, found in enumerate(tokens) if found is None]
    tasks = [(tuple(texts[i] for i in missing[j:j + BATCH]), words) for j in range(0, len(missing), BATCH)]
    computed = (found for batch in pool_map(_token_batch, tasks) for found in batch)
    for i, found in zip(missing, computed):
        tokens[i] = found
        if cache:
            cache.put(keys[i], found)
    if cache:
        cache.save()
    build_search.last_stats = {"search_items": len(items), "search_tokenised": len(missing)}
    return tokens  # type: ignore[return-value]


def documents(archive: Archive, cache_dir: Path | None = None) -> list[dict]:
    """Return the Lunr documents of every searchable item (tokens from ``cache_dir`` when given)."""
    words = extra_words(archive)
    counties = {c.name: c for c in archive.counties}
    items = searchable_items(archive)
    tokens = item_tokens(items, words, cache_dir)
    return [document(item, i, words, counties, found) for i, (item, found) in enumerate(zip(items, tokens))]


def shard_documents(docs: list[dict], shards: int) -> list[list[dict]]:
    """Return, per shard, each document cut down to the terms whose hash falls in that shard.

    A cut-down document leaves out the fields with no term in the shard (``ShardBuilder.add``
    skips them, as lunr.py's empty vectors are dropped anyway).
    """
    parts: list[list[dict]] = [[] for _ in range(shards)]
    shard_of: dict[str, int] = {}
    for doc in docs:
        split: dict[int, dict] = {}
        for name, _ in FIELDS:
            for term in doc[name]:
                k = shard_of.get(term)
                if k is None:
                    k = shard_of[term] = term_hash(term) % shards
                fields = split.get(k)
                if fields is None:
                    split[k] = {name: [term]}
                elif name in fields:
                    fields[name].append(term)
                else:
                    fields[name] = [term]
        for k, fields in sorted(split.items()):
            parts[k].append({"id": doc["id"], **fields})
    return parts


def _shard_batch(task: tuple) -> list[str]:
    """Return the scripts of a run of shards (run in a worker process)."""
    first, parts, stats = task
    return [_js(f"INDEX_{first + i}", build_shard(docs, stats)) for i, docs in enumerate(parts)]


def build_shards(docs: list[dict], shards: int) -> list[str]:
    """Return the script of every shard, built on every core in runs that share one copy of the stats."""
    stats = Stats(docs)
    parts = shard_documents(docs, shards)
    step = max(1, math.ceil(shards / SHARD_TASKS))
    tasks = [(i, parts[i:i + step], stats) for i in range(0, shards, step)]
    return [script for batch in pool_map(_shard_batch, tasks) for script in batch]


def build_shard(docs: list[dict], stats: Stats) -> dict:
    """Return one shard's serialized Lunr index (empty pipelines: no English trimmer or stemmer)."""
    builder = ShardBuilder(stats)              # no trimmer, stop-word filter or stemmer: they break CJK
    for doc in docs:
        builder.add(doc)
    serialized = builder.build().serialize()
    serialized["invertedIndex"] = [
        [term, {f: refs for f, refs in posting.items() if f == "_index" or refs}]
        for term, posting in sorted(serialized["invertedIndex"], key=lambda pair: _js_order(pair[0]))]
    serialized["fieldVectors"] = [pair for pair in serialized["fieldVectors"] if pair[1]]
    return serialized


def _js(name: str, value) -> str:
    """Return a script assigning ``value`` (as compact JSON) to ``window.<name>``."""
    return f"window.{GLOBAL}{name}=" + json.dumps(value, ensure_ascii=False, separators=(",", ":")) + ";\n"


def _js_order(term: str) -> bytes:
    """Return the sort key that orders terms as JavaScript compares strings (UTF-16 code units)."""
    return term.encode("utf-16-be")


def vocabulary(docs: list[dict]) -> list[str]:
    """Return the terms the query segmenter may use: those in a word field of some document."""
    return sorted({term for doc in docs for name in WORD_FIELDS for term in doc[name]})


def _count(total: int, per_part: int) -> int:
    """Return how many parts of about ``per_part`` hold ``total``."""
    return max(1, math.ceil(total / per_part))


def vocab_buckets(terms: list[str], buckets: int) -> list[str]:
    """Return the vocabulary split by the hash of each term's first unit, one newline-joined string each."""
    parts: list[list[str]] = [[] for _ in range(buckets)]
    for term in terms:
        parts[term_hash(first_unit(term)) % buckets].append(term)
    return ["\n".join(part) for part in parts]


def small_traditional_map(terms: Iterable[str]) -> dict[str, str]:
    """Return the traditional→simplified pairs whose simplified character occurs in ``terms``."""
    used = {char for term in terms for char in term}
    return {trad: simp for trad, simp in sorted(traditional_map().items()) if simp in used}


def manifest(archive: Archive, items: list[Item], sizes: dict, terms: list[str]) -> dict:
    """Return what the browser needs before loading any shard."""
    counties = {c.name: c for c in archive.counties}
    county_counts = Counter(slug for item in items for slug in _county_slugs(item, counties))
    year_counts = Counter(year for item in items for year in [_year(item)] if year)
    by_slug = {c.slug: c for c in archive.counties}
    return {
        "format": 1, "documents": len(items), **sizes,
        "counties": [[slug, by_slug[slug].name, n] for slug, n in sorted(county_counts.items())],
        "years": [[year, n] for year, n in sorted(year_counts.items(), reverse=True)],
        "traditional": "".join(t + s for t, s in small_traditional_map(terms).items()),
    }


def build_search(archive: Archive, urls: URLs, cache_dir: Path | None = None) -> dict[str, str | bytes]:
    """Return the search files: manifest, vocabulary buckets, index shards and result records.

    With ``cache_dir`` (the build's cache folder) items whose text is unchanged are not tokenised
    again; the files are the same byte for byte (``search_cache`` says what a key holds).
    """
    items = searchable_items(archive)
    docs = documents(archive, cache_dir)
    postings = sum(len(set(doc[name])) for doc in docs for name, _ in FIELDS)
    terms = vocabulary(docs)
    records = [result_record(item, urls) for item in items]
    record_bytes = sum(len(json.dumps(r, ensure_ascii=False).encode("utf-8")) for r in records)
    sizes = {"shards": _count(postings, POSTINGS_PER_SHARD),
             "vocabBuckets": _count(sum(len(t.encode("utf-8")) + 1 for t in terms), VOCAB_BYTES_PER_BUCKET),
             "docChunk": max(1, DOC_BYTES_PER_CHUNK * max(1, len(records)) // max(1, record_bytes))}
    files: dict[str, str | bytes] = {
        urls.search_data("manifest.js"): _js("MANIFEST", manifest(archive, items, sizes, terms))}
    for k, script in enumerate(build_shards(docs, sizes["shards"])):
        files[urls.search_data(f"index-{k}.js")] = script
    for k, words in enumerate(vocab_buckets(terms, sizes["vocabBuckets"])):
        files[urls.search_data(f"vocab-{k}.js")] = _js(f"VOCAB_{k}", words)
    chunk = sizes["docChunk"]
    for k in range(0, max(1, len(records)), chunk):
        files[urls.search_data(f"docs-{k // chunk}.js")] = _js(f"DOCS_{k // chunk}", records[k:k + chunk])
    return files


build_search.last_stats = {}


def first_search_bytes(files: dict[str, str | bytes]) -> int:
    """Return the bytes a reader downloads for a first search (page, scripts, the files one query loads).

    The query is the archive's most frequent term of two or more characters, a pessimistic
    "typical" first search; see ``search_query.files_for_query``.
    """
    from .search_query import files_for_query, typical_query
    return sum(_size(files[path]) for path in files_for_query(files, typical_query(files)))


def _size(content: str | bytes) -> int:
    """Return the size in bytes of a file's content."""
    return len(content.encode("utf-8")) if isinstance(content, str) else len(content)
