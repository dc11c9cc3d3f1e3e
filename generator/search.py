"""The search index: jieba terms in a Lunr index (lunr.py → lunr.js 2.3.9), split into shards.

Layout under ``search/`` (each file a script assigning one global, so it loads from ``file://``):

* ``manifest.js`` – counts, shard sizes, county/year filters, a small traditional→simplified map.
* ``vocab-K.js`` – the searchable terms, bucketed by the hash of their first unit: the browser
  loads the buckets of the query's units and segments the query against them.
* ``index-K.js`` – a serialized Lunr index holding the terms whose hash falls in shard K, with
  the field vectors of those terms only. Field vectors hold global BM25 weights (one index is
  built, then split), and a single-term Lunr query scores a document by exactly that weight,
  so summing per-term scores across shards gives the same ranking as one big index.
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
from collections import Counter
from typing import Iterable

from lunr.builder import Builder

from .model import Archive, County, Item
from .search_text import (clean_terms, first_unit, normalize, term_hash, title_bigrams, tokenize,
                          traditional_map)
from .typography import typeset
from .urls import URLs

FIELDS = (("t", 10), ("s", 3), ("b", 1), ("g", 5), ("f", 1))   # title, kicker/subtitle/people, body, title bigrams, facets
WORD_FIELDS = ("t", "s", "b")                                    # fields whose terms the query segmenter may use
POSTINGS_PER_SHARD = 4000
VOCAB_BYTES_PER_BUCKET = 24_000
DOC_BYTES_PER_CHUNK = 40_000
GLOBAL = "ARCHIVE_SEARCH_"


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


def document(item: Item, number: int, words: list[str], counties: dict[str, County]) -> dict:
    """Return the Lunr document of one item: a pre-tokenised list of terms per field."""
    people = [term for name in _people(item) for term in clean_terms(name)]
    body = [b.text for b in item.body] + list(item.captions) + [item.byline or "", item.credit or ""]
    facets = [f"#c:{slug}" for slug in _county_slugs(item, counties)]
    facets += [f"#y:{year}" for year in [_year(item)] if year]
    return {
        "id": _ref(number),
        "t": tokenize(typeset(item.title or ""), words),
        "s": tokenize(typeset(" ".join(filter(None, (item.kicker, item.subtitle)))), words) + people,
        "b": tokenize(typeset("\n".join(body)), words),
        "g": title_bigrams(item.title or ""),
        "f": facets,
    }


def result_record(item: Item, urls: URLs) -> list:
    """Return what one result shows: [link from the search page, title, paper, date, counties, snippet text]."""
    text = "\n".join(filter(None, (item.kicker, item.subtitle, *(b.text for b in item.body), *item.captions)))
    return [urls.relative(urls.search(), urls.article(item.id)), display_title(item), item.paper or "", item.date or "",
            list(item.counties), typeset(text)]


def searchable_items(archive: Archive) -> list[Item]:
    """Return the items that get a search entry: those with a permanent id, in archive order."""
    return [item for item in archive.items if item.id]


def build_lunr(archive: Archive) -> dict:
    """Return the serialized Lunr index of the whole archive (empty pipelines: no English stemming)."""
    builder = Builder()                      # no trimmer, stop-word filter or stemmer: they break CJK
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    words = extra_words(archive)
    counties = {c.name: c for c in archive.counties}
    for number, item in enumerate(searchable_items(archive)):
        builder.add(document(item, number, words, counties))
    return builder.build().serialize()


def _js(name: str, value) -> str:
    """Return a script assigning ``value`` (as compact JSON) to ``window.<name>``."""
    return f"window.{GLOBAL}{name}=" + json.dumps(value, ensure_ascii=False, separators=(",", ":")) + ";\n"


def _js_order(term: str) -> bytes:
    """Return the sort key that orders terms as JavaScript compares strings (UTF-16 code units)."""
    return term.encode("utf-16-be")


def split_index(serialized: dict, shards: int) -> list[dict]:
    """Return ``shards`` Lunr indexes, each with the terms hashed to it and their field-vector weights."""
    shard_of_index = {}
    parts = [{"version": serialized["version"], "fields": serialized["fields"], "fieldVectors": [],
              "invertedIndex": [], "pipeline": []} for _ in range(shards)]
    for term, posting in sorted(serialized["invertedIndex"], key=lambda pair: _js_order(pair[0])):
        shard = term_hash(term) % shards
        shard_of_index[posting["_index"]] = shard
        kept = {field: docs for field, docs in posting.items() if field == "_index" or docs}
        parts[shard]["invertedIndex"].append([term, kept])
    for ref, elements in serialized["fieldVectors"]:
        split: dict[int, list] = {}
        for i in range(0, len(elements), 2):
            split.setdefault(shard_of_index[elements[i]], []).extend(elements[i:i + 2])
        for shard, values in sorted(split.items()):
            parts[shard]["fieldVectors"].append([ref, values])
    return parts


def vocabulary(serialized: dict) -> list[str]:
    """Return the terms the query segmenter may use: those with a document in a word field."""
    return sorted(term for term, posting in serialized["invertedIndex"]
                  if any(posting.get(field) for field in WORD_FIELDS))


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


def build_search(archive: Archive, urls: URLs) -> dict[str, str | bytes]:
    """Return the search files: manifest, vocabulary buckets, index shards and result records."""
    items = searchable_items(archive)
    serialized = build_lunr(archive)
    postings = sum(len(elements) // 2 for _, elements in serialized["fieldVectors"])
    terms = vocabulary(serialized)
    records = [result_record(item, urls) for item in items]
    record_bytes = sum(len(json.dumps(r, ensure_ascii=False).encode("utf-8")) for r in records)
    sizes = {"shards": _count(postings, POSTINGS_PER_SHARD),
             "vocabBuckets": _count(sum(len(t.encode("utf-8")) + 1 for t in terms), VOCAB_BYTES_PER_BUCKET),
             "docChunk": max(1, DOC_BYTES_PER_CHUNK * max(1, len(records)) // max(1, record_bytes))}
    files: dict[str, str | bytes] = {
        urls.search_data("manifest.js"): _js("MANIFEST", manifest(archive, items, sizes, terms))}
    for k, part in enumerate(split_index(serialized, sizes["shards"])):
        files[urls.search_data(f"index-{k}.js")] = _js(f"INDEX_{k}", part)
    for k, words in enumerate(vocab_buckets(terms, sizes["vocabBuckets"])):
        files[urls.search_data(f"vocab-{k}.js")] = _js(f"VOCAB_{k}", words)
    chunk = sizes["docChunk"]
    for k in range(0, max(1, len(records)), chunk):
        files[urls.search_data(f"docs-{k // chunk}.js")] = _js(f"DOCS_{k // chunk}", records[k:k + chunk])
    return files


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
