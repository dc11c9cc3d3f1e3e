"""Search tokens cache: each item's jieba terms, kept on disk so a rebuild re-tokenises only new text.

Tokenising every item with jieba is most of the search stage. An entry holds, for each of one
item's tokenised texts (title, kicker+subtitle, body), its terms already counted
(``search_postings.counted``: the distinct terms as one newline-joined string, how often each
occurs as int32 bytes, and their numbers), what the posting table needs and quick to load. It is stored under a key of
exactly what jieba's output depends on:

* the texts themselves, the code fingerprint (``cache.current_fingerprint``), the tokenizer
  (``rjieba`` or ``jieba``) and its version, and jieba's version (its dictionary and HMM model);
* the extra words (people's and county names) **that occur in the item's text**, each with the
  frequency the search tokenizer gave it. jieba only looks up substrings of the text it cuts, and
  ``jieba_dict.with_words`` weighs each extra word against the base dictionary alone and keeps
  the base total, so names found only elsewhere in the archive cannot change this item's terms:
  an added page with a new name re-tokenises only the items that contain that name.

Computing that key means typesetting the item's texts and searching them for every name, most of
the cost of an unchanged item. So a second table remembers, under a *source key* (the hash of the
item's raw fields, the shared part of the keys and the whole weighted name list, see
``TokenCache.source_key``), which entry key those fields gave: when neither the item nor any name
changed, the entry is found from the raw fields alone (``find_sources``). The names found in the
text stay the only ones in the entry key itself, so a new name still re-tokenises only the items
that contain it (the others miss the remembered key, compute theirs, and find their entry).

Everything lives in one SQLite file per code version, ``<cache dir>/search-tokens/<fingerprint>.sqlite``
(the standard library's sqlite3, in WAL mode): entries are read and written a batch at a time, so
a build of 100,000 items never holds every item's terms in memory. Forked tokenising workers read
through their own connection (``get_many`` opens one per process) while the build writes new
entries, which the build commits a batch at a time (``commit``); a text that occurs twice in
batches in flight at once may be tokenised twice on a cold build. ``save`` deletes the entries this
build did not use, so the file never grows without end; a damaged file is started afresh.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Iterator, Sequence

from generator.infra.cache import current_fingerprint
from generator.search.postings import Counted
from generator.search.text import TOKENIZERS, jieba_tokenizer, normalize, tokenizer_version

FOLDER = "search-tokens"
FORMAT = "5"            # bump if the layout of an entry changes

Counts = tuple[Counted, ...]                   # per tokenised text of an item (``search_postings.counted``)


def tokenizer_state(words: Sequence[str]) -> tuple[int, list[tuple[str, int]]]:
    """Return the search tokenizer's total frequency and each extra word with its frequency."""
    tokenizer = jieba_tokenizer(tuple(sorted(set(words))))
    return tokenizer.total, [(word, tokenizer.FREQ[word]) for word in sorted(set(words))]


def context(words: Sequence[str], fingerprint: str, tokenizer: str = TOKENIZERS[0]) -> str:
    """Return the part of every key shared by all items: format, code, tokenizer and jieba versions, total frequency."""
    total, _ = tokenizer_state(words)
    return f"{FORMAT}:{fingerprint}:{tokenizer_version(tokenizer)}:{total}"


def local_words(texts: Sequence[str], weighted: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Return the extra words (with frequency) that occur in the normalised ``texts``: the only ones jieba can use."""
    joined = normalize("\n".join(texts))
    return [pair for pair in weighted if pair[0] in joined]


def entry_key(texts: Sequence[str], weighted: Sequence[tuple[str, int]], shared: str) -> str:
    """Return the cache key of one item's texts under the given tokenizer."""
    identity = [shared, local_words(texts, weighted), list(texts)]
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()


class TokenCache:
    """Finds and stores the counted terms of items' texts; ``save`` keeps only the entries used."""

    def __init__(self, directory: Path, words: Sequence[str], fingerprint: str | None = None,
                 tokenizer: str = TOKENIZERS[0]):
        fingerprint = fingerprint or current_fingerprint()
        self.folder = Path(directory) / FOLDER
        self.file = self.folder / f"{fingerprint[:24]}.sqlite"
        self.shared = context(words, fingerprint, tokenizer)
        self.weighted = tokenizer_state(words)[1]
        names = json.dumps([self.shared, self.weighted], ensure_ascii=False)
        self.words_id = hashlib.sha256(names.encode("utf-8")).hexdigest()
        self.used: set[str] = set()
        self.used_sources: set[str] = set()
        self.hits = self.misses = 0
        self._db = self._open()
        self._owner = os.getpid()
        self._reader: sqlite3.Connection | None = None     # a forked worker's own connection

    def _open(self) -> sqlite3.Connection:
        """Return the connection to this version's file, started afresh when it is damaged."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.file)
                db.execute("PRAGMA journal_mode=WAL")       # workers read while the build writes
                db.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
                db.execute("CREATE TABLE IF NOT EXISTS sources (source TEXT PRIMARY KEY, key TEXT) WITHOUT ROWID")
                db.execute("SELECT count(*) FROM tokens").fetchone()
                return db
            except sqlite3.DatabaseError:     # truncated or foreign: a killed build or another tool
                db.close()
                self.file.unlink(missing_ok=True)
        raise sqlite3.DatabaseError(f"{self.file}: cannot create the search tokens cache; delete the folder")

    def key(self, texts: Sequence[str]) -> str:
        """Return the key of one item's texts."""
        return entry_key(texts, self.weighted, self.shared)

    def _connection(self) -> sqlite3.Connection:
        """Return the connection of this process: the build's own, or a forked worker's reader."""
        if os.getpid() == self._owner:
            return self._db
        if self._reader is None:                        # a connection must not cross a fork
            self._reader = sqlite3.connect(self.file)
        return self._reader

    def source_key(self, source: object) -> str:
        """Return the source key of an item's raw fields ``source`` (any JSON value they make its texts from)."""
        return hashlib.sha256(json.dumps([self.words_id, source], ensure_ascii=False).encode("utf-8")).hexdigest()

    def find_sources(self, sources: Sequence[str]) -> dict[str, tuple[str, Counts]]:
        """Return {source key: (entry key, counted terms)} of the ``sources`` remembered, recording nothing."""
        rows = self._rows_in("SELECT s.source, s.key, t.value FROM sources s JOIN tokens t ON t.key = s.key "
                             "WHERE s.source IN ({})", sources)
        return {source: (key, unpack(value)) for source, key, value in rows}

    def _rows_in(self, query: str, values: Sequence[str]) -> Iterator[tuple]:
        """Yield the rows of ``query`` whose ``IN ({})`` is filled with ``values``, 500 at a time (SQLite's limit)."""
        db = self._connection()
        for start in range(0, len(values), 500):
            part = list(values[start:start + 500])
            yield from db.execute(query.format(",".join("?" * len(part))), part)

    def remember(self, pairs: dict[str, str]) -> None:
        """Store {source key: entry key}, and record the source keys as used."""
        self._db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?)", pairs.items())
        self.used_sources.update(pairs)

    def commit(self) -> None:
        """Commit what was stored so far: workers see it, and the write-ahead log stays small."""
        self._db.commit()

    def find(self, keys: Sequence[str]) -> dict[str, Counts]:
        """Return {key: counted terms} of the ``keys`` found in the cache, recording nothing (safe in a worker)."""
        rows = self._rows_in("SELECT key, value FROM tokens WHERE key IN ({})", keys)
        return {key: unpack(value) for key, value in rows}

    def get_many(self, keys: Sequence[str]) -> dict[str, Counts]:
        """Return {key: counted terms} of the ``keys`` found in the cache, recorded as used."""
        found = self.find(keys)
        self.mark_used(found, len(found), len(set(keys) - found.keys()))
        return found

    def mark_used(self, keys, hits: int = 0, misses: int = 0, sources=()) -> None:
        """Record entry ``keys`` and source keys ``sources`` as used by this build (kept by ``save``), with counts."""
        self.used.update(keys)
        self.used_sources.update(sources)
        self.hits += hits
        self.misses += misses

    def get(self, key: str) -> Counts | None:
        """Return the cached counted terms under ``key``, or None."""
        return self.get_many([key]).get(key)

    def put_many(self, entries: dict[str, Counts | bytes]) -> None:
        """Store counted terms (or their pickle, made by ``pack``) under their keys."""
        self._db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?)",
                             [(k, v if isinstance(v, bytes) else pack(v)) for k, v in entries.items()])
        self.used.update(entries)

    def put(self, key: str, counts: Counts) -> None:
        """Store ``counts`` under ``key``."""
        self.put_many({key: counts})

    def save(self) -> None:
        """Commit, delete the entries this build did not use, and drop the files of other versions."""
        self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
        self._db.execute("DELETE FROM tokens WHERE key NOT IN (SELECT key FROM used)")
        self._db.execute("DELETE FROM used")
        self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used_sources))
        self._db.execute("DELETE FROM sources WHERE source NOT IN (SELECT key FROM used)")
        self._db.execute("DROP TABLE used")
        self._db.commit()
        self._db.close()
        if self._reader is not None:
            self._reader.close()
        for child in self.folder.iterdir():
            if child != self.file and child.suffix in (".sqlite", ".pickle", ".tmp"):
                child.unlink(missing_ok=True)


def pack(counts: Counts) -> bytes:
    """Return the stored form of an entry (a worker packs it, the build only writes the bytes)."""
    return pickle.dumps(counts, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(value: bytes) -> Counts:
    """Return the counted terms of a stored entry."""
    return pickle.loads(value)
