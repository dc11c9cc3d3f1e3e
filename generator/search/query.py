"""The browser's query algorithm (templates/assets/search.js) in Python, run over the built files.

Used by tests (query set, consistency with the index) and by ``search.first_search_bytes`` to know
which files a query loads. Matching and ranking follow search.js: every chunk of the query is
required; a chunk matches a document through any of its segmentations (all words present in a
word field) or through its title bigrams; a document's score is the sum of the Lunr weights of
the matched terms (best alternative per chunk); title matches rank first, documents matched only
in their byline last. A phrase in quotes must also occur as written in the document's title or
text (checked in the result records of the first MAX_PHRASE_CHECKS candidates). Filters: county,
year, paper. Sort "date" orders by document number, which is date order (newest first).
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field

from generator.archive.urls import URLs
from generator.search.shards import decoded_shard, document_ref, shard_key
from generator.search.text import chunks, normalize, phrase_key, quoted_phrases, segmentations, term_hash, to_simplified

MAX_QUERY_CHARS = 100
MAX_BIGRAM_UNITS = 16               # longer chunks are not looked up as title runs (too many shards)
RESULTS_SHOWN = 10                  # results on the first screen (search.js PAGE_SIZE)
TITLE_FIELDS = ("t", "g")
WORD_FIELDS = ("t", "s", "b", "y")
BYLINE_FIELDS = ("y",)              # a match only here ranks below every match in the text
MAX_PHRASE_CHECKS = 300             # candidates whose records are loaded to check a quoted phrase


def _load(content: str | bytes):
    """Return the JSON value a search script assigns to its global."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


@dataclass
class Loaded:
    """The search files a query has loaded so far, read from the built files (parsed once per cache)."""

    files: dict
    cache: dict = field(default_factory=dict)
    paths: set = field(default_factory=set)
    urls: URLs = field(default_factory=URLs)

    def get(self, path: str, remember: bool = True):
        """Return the value of the search file ``path``; ``remember`` records it as downloaded."""
        if remember:
            self.paths.add(path)
        if path not in self.cache:
            self.cache[path] = _load(self.files[path])
        return self.cache[path]

    def manifest(self) -> dict:
        """Return the manifest."""
        return self.get(self.urls.search_data("manifest.js"))

    def vocab(self, unit: str) -> set[str]:
        """Return the words starting with ``unit`` (the terms of its shard with a posting in a word field)."""
        return self._decoded(unit)[1]

    def shard(self, term: str) -> dict:
        """Return {term: {field: {ref: weight}}} of the shard that holds ``term``."""
        return self._decoded(shard_key(term))[0]

    def _decoded(self, key: str) -> tuple[dict, set[str]]:
        """Return the tables and the vocabulary of the shard of ``key`` (a ``shard_key``), decoded once."""
        manifest = self.manifest()
        path = self.urls.search_data(f"index-{term_hash(key) % manifest['shards']}.js")
        data = self.get(path)
        if ("decoded", path) not in self.cache:
            tables = _tables(data, manifest["fields"])
            words = {term for term, fields in tables.items() if any(f in fields for f in WORD_FIELDS)}
            self.cache[("decoded", path)] = (tables, words)
        return self.cache[("decoded", path)]


def _tables(data: list[str], field_names: list[str]) -> dict:
    """Return {term: {field: {ref: weight}}} of one compact shard."""
    return {term: {f: {document_ref(doc): weight for doc, weight in docs.items()} for f, docs in fields.items()}
            for term, fields in decoded_shard(data, field_names)}


def prepare(query: str, table: dict[str, str]) -> str:
    """Return the query shortened, in simplified characters, normalised."""
    return normalize(to_simplified(query[:MAX_QUERY_CHARS], table))


def _traditional(manifest: dict) -> dict[str, str]:
    """Return the manifest's traditional→simplified map."""
    pairs = manifest["traditional"]
    return {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}


def alternatives(run: list[str], loaded: Loaded) -> list[tuple[str, list[str]]]:
    """Return (kind, terms) ways a chunk can match: word segmentations, then title bigrams."""
    vocab = set().union(*(loaded.vocab(unit) for unit in dict.fromkeys(run)))
    found = [("words", words) for words in segmentations(run, vocab) if all(w in vocab for w in words)]
    if 2 <= len(run) <= MAX_BIGRAM_UNITS:
        found.append(("bigrams", ["".join(run[i:i + 2]) for i in range(len(run) - 1)]))
    return found


Score = tuple[float, bool, bool]     # Lunr score, matched in a title, matched outside the byline


def _weights(term: str, fields: tuple[str, ...], loaded: Loaded) -> dict[str, Score]:
    """Return {ref: (score, in title, outside the byline)} for one term over ``fields``."""
    postings = loaded.shard(term).get(term, {})
    out: dict[str, Score] = {}
    for f in fields:
        for ref, weight in postings.get(f, {}).items():
            score, title, text = out.get(ref, (0.0, False, False))
            out[ref] = (score + weight, title or f in TITLE_FIELDS, text or f not in BYLINE_FIELDS)
    return out


def match_chunk(run: list[str], loaded: Loaded) -> dict[str, Score]:
    """Return {ref: (score, title hit, text hit)} of the documents matching one chunk."""
    best: dict[str, Score] = {}
    for kind, terms in alternatives(run, loaded):
        fields = ("g",) if kind == "bigrams" else WORD_FIELDS
        per_term = [_weights(term, fields, loaded) for term in terms]
        common = set.intersection(*(set(w) for w in per_term)) if per_term else set()
        for ref in common:
            score = sum(w[ref][0] for w in per_term)
            title = any(w[ref][1] for w in per_term)
            text = any(w[ref][2] for w in per_term)
            old = best.get(ref, (0.0, False, False))
            best[ref] = (max(old[0], score), old[1] or title, old[2] or text)
    return best


def query_scores(loaded: Loaded, query: str) -> dict[str, Score] | None:
    """Return {ref: score} of the documents matching every chunk of ``query`` (None: nothing searchable in it)."""
    runs = chunks(prepare(query, _traditional(loaded.manifest())))
    if not runs:
        return None
    scores: dict[str, Score] | None = None
    for run in runs:
        matched = match_chunk(run, loaded)
        scores = matched if scores is None else {
            ref: (scores[ref][0] + matched[ref][0], scores[ref][1] or matched[ref][1], scores[ref][2] or matched[ref][2])
            for ref in scores.keys() & matched.keys()}
    return scores


def search(files: dict, query: str, county: str = "", year: str = "", cache: dict | None = None,
           paper: str = "", sort: str = "relevance") -> tuple[list[list], Loaded]:
    """Return the result records of ``query`` in rank order (or newest first), and what was loaded to find them."""
    loaded = Loaded(files, {} if cache is None else cache)
    table = _traditional(loaded.manifest())
    scores = query_scores(loaded, query)
    if scores is None:
        return [], loaded
    for facet in [f"#c:{county}" if county else "", f"#y:{year}" if year else "", f"#p:{paper}" if paper else ""]:
        if facet:
            allowed = _weights(facet, ("f",), loaded)
            scores = {ref: s for ref, s in scores.items() if ref in allowed}
    ranked = sorted(scores, key=lambda ref: (not scores[ref][1], not scores[ref][2], -round(scores[ref][0], 6),
                                             int(ref, 36)))
    phrases = [phrase_key(prepare(p, table)) for p in quoted_phrases(query)]
    if phrases:
        ranked = [ref for ref in ranked[:MAX_PHRASE_CHECKS] if _has_phrases(_record(loaded, ref, True), phrases)]
    if sort == "date":
        ranked.sort(key=lambda ref: -int(ref, 36))
    return [_record(loaded, ref, n < RESULTS_SHOWN) for n, ref in enumerate(ranked)], loaded


def _record(loaded: Loaded, ref: str, remember: bool) -> list:
    """Return the result record of document ``ref`` (``remember``: the browser downloads its file)."""
    number, chunk = int(ref, 36), loaded.manifest()["docChunk"]
    return loaded.get(loaded.urls.search_data(f"docs-{number // chunk}.js"), remember=remember)[number % chunk]


def _has_phrases(record: list, phrases: list[str]) -> bool:
    """Return whether every quoted phrase occurs in a result's title or text."""
    key = phrase_key(normalize(record[1] + "\n" + record[5]))
    return all(phrase in key for phrase in phrases)


def files_for_query(files: dict, query: str) -> list[str]:
    """Return the site paths a reader's browser loads to run ``query`` from the search page."""
    _, loaded = search(files, query)
    page_path = URLs().search()
    page = files.get(page_path, "")
    page = page.decode("utf-8") if isinstance(page, bytes) else page
    return sorted({page_path, *_page_scripts_and_styles(page_path, page), *loaded.paths} & set(files))


def _page_scripts_and_styles(page_path: str, page: str) -> list[str]:
    """Return the site paths of the scripts, styles and icons the page loads (lunr.js via data-lunr)."""
    refs = re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+)"', page)
    refs += re.findall(r'data-lunr="([^"#?]+)"', page)
    return [posixpath.normpath(posixpath.join(posixpath.dirname(page_path), ref)) for ref in refs]


def typical_query(files: dict) -> str:
    """Return the archive's most frequent vocabulary word of two or more characters (the manifest's example)."""
    return Loaded(files).manifest().get("example", "")


def vocabulary_from_files(files: dict) -> set[str]:
    """Return every word the query segmenter may use (terms of the shards with a posting in a word field)."""
    prefix, names = URLs().search_data("index-"), Loaded(files).manifest()["fields"]
    return {term for path, c in files.items() if path.startswith(prefix)
            for term, fields in decoded_shard(_load(c), names) if any(f in fields for f in WORD_FIELDS)}

