"""The search index: jieba terms weighted as one Lunr index (lunr.js 2.3.9), in compact shards.

Layout under ``search/`` (each file a script assigning one global, so it loads from ``file://``):

* ``manifest.js`` – counts, field names, shard count, record run size, county/year/paper
  filters, a small traditional→simplified map, the archive's most frequent word.
* ``index-K.js`` – the terms whose first unit (a facet: the whole term) hashes to K, in the
  compact format of ``shards.shard_data``: front-coded terms, document gaps as base-64 varints,
  each posting's weight as a 12-bit code within 1/512 of the weight lunr.py's builder gives it in
  one index of the whole archive. The browser decodes the postings of each term a query asks
  about into the serialised index ``lunr.Index.load`` reads. A shard is also the query segmenter's vocabulary of its units (the
  terms with a posting in a word field), so a query loads one shard per distinct unit and
  nothing else to find and rank its documents. Summing per-term weights across shards ranks like
  one big index. The shards are written from one posting table (``shards``: numpy arrays, not
  lunr.py's per-posting objects), on every core.
* ``docs-K.js`` – what a result shows (url, title, paper, date, counties, text for the snippet),
  for a fixed-size run of documents: only the runs of the results on screen are loaded.

Shard and run sizes trade files against bytes: bigger means fewer files in the site but more
bytes per first query (it loads about one shard per query character and up to ten runs).
``POSTINGS_PER_SHARD`` and ``DOC_BYTES_PER_CHUNK`` were picked on the benchmark's archives
(bench/README.md, issue 16): 0.13 search files per article and a first query under Pagefind's
raw bytes on the 1,000-page archive (about half its gzip bytes).

Tokenising (``tokenise``) runs on every core: each worker takes a batch of items, finds their
counted terms in the tokens cache (``search_cache``) or has jieba cut them, counts every
document's fields (``search_postings``) and makes the result records; the build only merges the
counted batches into the posting table. Postings leave out fields with no document (search.js
only asks Lunr about fields a term has).
"""
from __future__ import annotations

import json
import math
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from generator.archive.urls import URLs, paper_slug
from generator.infer.meta import date_sort_key, date_year
from generator.infra.parallel import inherited, inherited_value, pool_iter
from generator.model import Archive, County, Item
from generator.search.cache import Counts, TokenCache, pack
from generator.search.postings import BatchPostings, Counted, PostingTableBuilder, count_batch, counted, with_terms
from generator.search.shards import (
    Postings,
    document_ref,
    most_frequent_word,
    plan_shards,
    shard_data,
    term_document_counts,
)
from generator.search.text import (
    clean_terms,
    TOKENIZERS,
    normalize,
    segmenter,
    title_bigrams,
    tokenize,
    traditional_map,
)
from generator.text.visible import visible
from generator.text.typography import typeset

FIELDS = (("t", 10), ("s", 3), ("b", 1), ("g", 5), ("f", 1), ("y", 1))   # title, kicker/subtitle/people, body,
#                                                                           title bigrams, facets, byline and credit
WORD_FIELDS = ("t", "s", "b", "y")                               # fields whose terms the query segmenter may use
POSTINGS_PER_SHARD = 8_000                  # about 26 KB of compact shard on average (3.3 bytes a posting with its terms)
DOC_BYTES_PER_CHUNK = 18_000                # records hold each item's whole text (snippets, phrase checks)
GLOBAL = "ARCHIVE_SEARCH_"
BATCH = 256                 # items per tokenising task
SHARD_TASKS = 16            # shard-serialising tasks (a few in flight at once: their output is held until written)


def display_title(item: Item) -> str:
    """Return the title a result shows: the item's display title, typeset like its page."""
    return typeset(item.display_title())


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
    return date_year(item.date)


def _county_slugs(item: Item, counties: dict[str, County]) -> list[str]:
    """Return the slugs of the item's counties that the archive knows."""
    return [counties[name].slug for name in item.counties if name in counties]


def item_texts(item: Item) -> tuple[str, str, str, str]:
    """Return the texts of an item that jieba tokenises: title, kicker+subtitle, body (with captions), byline+credit.

    The byline has a field of its own so that a word found only there (牡丹 in 牡丹晚报全媒体记者)
    ranks below a match in the text.
    """
    return (typeset(item.title or ""), typeset(" ".join(filter(None, (item.kicker, item.subtitle)))),
            typeset("\n".join(item.body_texts())), typeset(" ".join(filter(None, (item.byline, item.credit)))))


def text_tokens(texts: tuple[str, ...], words: list[str], tokenizer: str = TOKENIZERS[0]) -> tuple[list[str], ...]:
    """Return the index terms of each of an item's texts, cut by ``tokenizer`` (``search_text.TOKENIZERS``)."""
    return tuple(tokenize(text, words, tokenizer) for text in texts)


def document(item: Item, number: int, words: list[str], counties: dict[str, County]) -> dict:
    """Return the Lunr document of one item: a pre-tokenised list of terms per field."""
    title, heads, body, byline = text_tokens(item_texts(item), words)
    return {
        "id": document_ref(number),
        "t": list(title),
        "s": list(heads) + _people_terms(item),
        "b": list(body),
        "g": title_bigrams(display_title(item)),             # what the result list shows as title
        "f": _facets(item, counties),
        "y": list(byline),
    }


def _people_terms(item: Item) -> list[str]:
    """Return the index terms of the item's people's names (field "s" beside kicker and subtitle)."""
    return [term for name in _people(item) for term in clean_terms(name)]


def _facets(item: Item, counties: dict[str, County]) -> list[str]:
    """Return the filter terms of an item (field "f"): "#c:<county slug>", "#y:<year>" and "#p:<paper slug>"."""
    facets = [f"#c:{slug}" for slug in _county_slugs(item, counties)]
    return facets + [f"#y:{year}" for year in [_year(item)] if year] + [f"#p:{paper_slug(item.paper)}"]


def result_record(item: Item, urls: URLs) -> list:
    """Return what one result shows: [link from the search page, title, paper, date, counties, text, authors],
    its texts shown like the article page (invisible and bidi characters as [U+XXXX]).

    The text is the item's whole text (kicker, subtitle, body, captions): the snippet shows the
    passage that matched, wherever it is, and a quoted phrase is checked against it.
    """
    text = "\n".join(filter(None, (item.kicker, item.subtitle, *item.body_texts())))
    return [urls.relative(urls.search(), urls.article(item.id)), typeset(visible(item.display_title())),
            item.paper or "", item.date or "", list(item.counties), typeset(visible(text)),
            "、".join(visible(name) for name in _people(item))]


def searchable_items(archive: Archive) -> list[Item]:
    """Return the items that get a search entry (those with a permanent id), oldest first, undated first.

    Document numbers follow this order, so the browser sorts results by date by their numbers
    alone, without loading anything more; items of the same date keep archive order.
    """
    return sorted((item for item in archive.items if item.id), key=lambda item: date_sort_key(item.date))


def text_counts(texts: tuple[str, ...], words: list[str], tokenizer: str) -> Counts:
    """Return each of an item's texts' index terms counted (what the tokens cache keeps)."""
    return tuple(counted(terms) for terms in text_tokens(texts, words, tokenizer))


def field_counts(item: Item, counts: Counts, counties: dict[str, County]) -> tuple[Counted, ...]:
    """Return the counted terms of each index field (``FIELDS`` order) of ``document``, from its texts' counts."""
    title, heads, body, byline = counts
    return (title, with_terms(heads, _people_terms(item)), body, counted(title_bigrams(display_title(item))),
            counted(_facets(item, counties)), byline)




def item_source(item: Item) -> list:
    """Return the raw fields ``item_texts`` makes an item's texts from (what a source key hashes)."""
    return [item.title, item.kicker, item.subtitle, [b.text for b in item.body], list(item.captions), item.byline,
            item.credit]


def _cached_counts(items: list[Item], cache: TokenCache) -> tuple[list, dict[str, str], list[str]]:
    """Return each item's (entry key, cached counts or None, texts or None), source keys to remember, those found.

    An item whose raw fields (and the names) are unchanged is found by its source key, without
    typesetting its texts; the others get their entry key computed and looked up.
    """
    sources = [cache.source_key(item_source(item)) for item in items]
    remembered = cache.find_sources(sources)
    entries = [remembered.get(source, (None, None)) + (None,) for source in sources]
    missing = [i for i, (key, _, _) in enumerate(entries) if key is None]
    for i in missing:
        texts = item_texts(items[i])
        entries[i] = (cache.key(texts), None, texts)
    found = cache.find([entries[i][0] for i in missing])
    for i in missing:
        key, _, texts = entries[i]
        entries[i] = (key, found.get(key), texts)
    return entries, {sources[i]: entries[i][0] for i in missing}, list(remembered)


class TokenisedBatch(NamedTuple):
    """What a tokenising worker hands back for a run of items."""

    postings: BatchPostings
    fresh: dict[str, bytes]        # new cache entries {entry key: packed counts}
    sources: dict[str, str]        # source keys to remember {source key: entry key}
    found: list[str]               # source keys found
    keys: list[str]                # entry keys used
    tokenised: int                 # items tokenised by jieba
    records: list[str]             # each item's result record (JSON), when asked for


class Tokenised(NamedTuple):
    """The tokenising stage's output: the archive's postings and result records."""

    table: Postings
    records: list[str]             # each item's result record (JSON), when asked for
    tokenised: int                 # items tokenised by jieba (the others came from the cache)


def _tokenise_batch(task: tuple[int, int]) -> TokenisedBatch:
    """Return items ``start`` to ``end - 1`` counted, and their result records (run in a worker).

    Cached counts are read here too, so both cores share the work of an unchanged archive.
    """
    start, end = task
    items, words, counties, cache, urls, tokenizer = inherited_value("tokenising")
    batch_items = items[start:end]
    if cache:
        entries, sources, found = _cached_counts(batch_items, cache)
    else:
        entries, sources, found = [(None, None, item_texts(item)) for item in batch_items], {}, []
    counted_texts, fresh = [], {}
    for key, counts, texts in entries:
        if counts is None:
            counts = text_counts(texts, words, tokenizer)
            if cache:
                fresh[key] = pack(counts)
        counted_texts.append(counts)
    postings = count_batch(((start + i, field_counts(item, counts, counties))
                            for i, (item, counts) in enumerate(zip(batch_items, counted_texts))), len(FIELDS))
    records = [json.dumps(result_record(item, urls), ensure_ascii=False, separators=(",", ":"))
               for item in batch_items] if urls else []
    return TokenisedBatch(postings, fresh, sources, found, [key for key, _, _ in entries] if cache else [],
                          sum(counts is None for _, counts, _ in entries), records)


def tokenise(archive: Archive, items: list[Item], urls: URLs | None = None, cache_dir: Path | None = None,
             workers: int | None = None, tokenizer: str = TOKENIZERS[0]) -> Tokenised:
    """Return the posting table of ``items``, their result records (with ``urls``) and how many were tokenised.

    The tokenising stage, on every core: workers take a batch of items each, read the cache,
    tokenise the missing items, count every document's terms and make the result records; this
    process stores the new entries and merges the counted batches, so no more than a few batches
    of terms are in memory at once.
    """
    words = extra_words(archive)
    cache = TokenCache(cache_dir, words, tokenizer=tokenizer) if cache_dir is not None else None
    segmenter(tuple(sorted(set(words))), tokenizer)     # loaded once here, inherited by the forked workers
    builder, tokenised, records = PostingTableBuilder(FIELDS), 0, []
    tasks = [(start, min(len(items), start + BATCH)) for start in range(0, len(items), BATCH)]
    with inherited("tokenising", (items, words, {c.name: c for c in archive.counties}, cache, urls, tokenizer)):
        for batch in pool_iter(_tokenise_batch, tasks, 1 if len(items) <= BATCH else workers):
            if cache:
                cache.put_many(batch.fresh)
                cache.remember(batch.sources)
                cache.mark_used(batch.keys, len(batch.keys) - batch.tokenised, batch.tokenised, batch.found)
                cache.commit()
            builder.add(batch.postings)
            tokenised += batch.tokenised
            records += batch.records
    if cache:
        cache.save()
    return Tokenised(builder.table(), records, tokenised)




def documents(archive: Archive) -> list[dict]:
    """Return the Lunr document of every searchable item (what ``tokenise`` counts; for tests)."""
    words = extra_words(archive)
    counties = {c.name: c for c in archive.counties}
    return [document(item, i, words, counties) for i, item in enumerate(searchable_items(archive))]


def _shard_scripts(task: tuple[int, int]) -> list[str]:
    """Return the scripts of shards ``first`` to ``last - 1`` of the plan being built (in a worker process)."""
    first, last = task
    plan = inherited_value("shard plan")
    return [_js(f"INDEX_{k}", shard_data(plan, k)) for k in range(first, last)]


def build_shards(table: Postings, shards: int, workers: int | None = None) -> Iterator[str]:
    """Return the script of every shard, serialised on up to ``workers`` processes (they inherit the plan)."""
    step = max(1, math.ceil(shards / SHARD_TASKS))
    tasks = [(i, min(shards, i + step)) for i in range(0, shards, step)]
    with inherited("shard plan", plan_shards(table, shards)):
        for batch in pool_iter(_shard_scripts, tasks, workers):
            yield from batch


def _script(name: str, json_text: str) -> str:
    """Return a script assigning the JSON text ``json_text`` to ``window.<GLOBAL><name>``."""
    return f"window.{GLOBAL}{name}={json_text};\n"


def _js(name: str, value) -> str:
    """Return a script assigning ``value`` (as compact JSON) to ``window.<GLOBAL><name>``."""
    return _script(name, json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def vocabulary(word_counts: dict[str, int]) -> list[str]:
    """Return the terms the query segmenter may use (those in a word field of some document), sorted."""
    return sorted(word_counts)


def _count(total: int, per_part: int) -> int:
    """Return how many parts of about ``per_part`` hold ``total``."""
    return max(1, math.ceil(total / per_part))


def small_traditional_map(terms: Iterable[str]) -> dict[str, str]:
    """Return the traditional→simplified pairs whose simplified character occurs in ``terms``."""
    used = {char for term in terms for char in term}
    return {trad: simp for trad, simp in sorted(traditional_map().items()) if simp in used}


def manifest(archive: Archive, items: list[Item], sizes: dict, terms: list[str]) -> dict:
    """Return what the browser needs before loading any shard."""
    counties = {c.name: c for c in archive.counties}
    county_counts = Counter(slug for item in items for slug in _county_slugs(item, counties))
    year_counts = Counter(year for item in items for year in [_year(item)] if year)
    paper_counts = Counter(item.paper for item in items)
    by_slug = {c.slug: c for c in archive.counties}
    return {
        "format": 2, "documents": len(items), "fields": [name for name, _ in FIELDS], **sizes,
        "counties": [[slug, by_slug[slug].name, n] for slug, n in sorted(county_counts.items())],
        "years": [[year, n] for year, n in sorted(year_counts.items(), reverse=True)],
        "papers": [[paper_slug(paper), paper or "报名不详", n]
                   for paper, n in sorted(paper_counts.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))],
        "traditional": "".join(t + s for t, s in small_traditional_map(terms).items()),
    }


def iter_search(archive: Archive, urls: URLs, cache_dir: Path | None = None, stats: dict | None = None,
                workers: int | None = None, tokenizer: str = TOKENIZERS[0]) -> Iterator[tuple[str, str]]:
    """Yield the search files as (site path, content): manifest, vocabulary buckets, shards, result records.

    With ``cache_dir`` (the build's cache folder) items whose text is unchanged are not tokenised
    again; the files are the same byte for byte (``search_cache`` says what a key holds). Shards
    are yielded as they are serialised, so the build never holds the whole index. ``workers``:
    processes for tokenising and shards (default every CPU, like ``build.py --workers``); ``tokenizer``:
    ``rjieba`` or ``jieba`` (``build.py --tokenizer``), the same files either way.
    """
    started = time.perf_counter()
    items = searchable_items(archive)
    table, records, tokenised_items = tokenise(archive, items, urls, cache_dir, workers, tokenizer)
    tokenised = time.perf_counter()
    word_counts = term_document_counts(table, WORD_FIELDS)
    terms = vocabulary(word_counts)
    record_bytes = sum(len(r.encode("utf-8")) for r in records)
    sizes = {"shards": _count(len(table.term), POSTINGS_PER_SHARD),
             "docChunk": max(1, DOC_BYTES_PER_CHUNK * max(1, len(records)) // max(1, record_bytes))}
    yield urls.search_data("manifest.js"), _js("MANIFEST", {
        **manifest(archive, items, sizes, terms), "example": most_frequent_word(word_counts)})
    chunk = sizes["docChunk"]
    for k in range(0, max(1, len(records)), chunk):
        run = "[" + ",".join(records[k:k + chunk]) + "]"
        yield urls.search_data(f"docs-{k // chunk}.js"), _script(f"DOCS_{k // chunk}", run)
    del records, word_counts, terms
    for k, script in enumerate(build_shards(table, sizes["shards"], workers)):
        yield urls.search_data(f"index-{k}.js"), script
    if stats is not None:       # filled in for the benchmark's timings once every file was yielded
        stats.update(search_items=len(items), search_tokenised=tokenised_items, postings=len(table.term),
                     tokenise_s=round(tokenised - started, 3), index_s=round(time.perf_counter() - tokenised, 3))


def build_search(archive: Archive, urls: URLs, cache_dir: Path | None = None, stats: dict | None = None,
                 workers: int | None = None, tokenizer: str = TOKENIZERS[0]) -> dict[str, str]:
    """Return the search files {site path: content} (``iter_search``, collected)."""
    return dict(iter_search(archive, urls, cache_dir, stats, workers, tokenizer))


def first_search_bytes(files: dict[str, str | bytes]) -> int:
    """Return the bytes a reader downloads for a first search (page, scripts, the files one query loads).

    The query is the archive's most frequent term of two or more characters, a pessimistic
    "typical" first search; see ``search_query.files_for_query``.
    """
    from generator.search.query import files_for_query, typical_query
    return sum(_size(files[path]) for path in files_for_query(files, typical_query(files)))


def _size(content: str | bytes) -> int:
    """Return the size in bytes of a file's content."""
    return len(content.encode("utf-8")) if isinstance(content, str) else len(content)
