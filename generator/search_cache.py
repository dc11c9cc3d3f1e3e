"""Search tokens cache: each item's jieba terms, kept on disk so a rebuild re-tokenises only new text.

Tokenising every item with jieba is most of the search stage. An entry holds the term lists of
one item's tokenised texts (title, kicker+subtitle, body) under a key of exactly what jieba's
output depends on:

* the texts themselves, the code fingerprint (``cache.current_fingerprint``) and jieba's version
  (its dictionary and HMM model);
* the extra words (people's and county names) **that occur in the item's text**, each with the
  frequency the search tokenizer gave it. jieba only looks up substrings of the text it cuts, and
  ``jieba_dict.with_words`` weighs each extra word against the base dictionary alone and keeps
  the base total, so names found only elsewhere in the archive cannot change this item's terms:
  an added page with a new name re-tokenises only the items that contain that name.

Everything lives in one SQLite file per code version, ``<cache dir>/search-tokens/<fingerprint>.sqlite``
(the standard library's sqlite3): entries are read and written a batch at a time, so a build of
100,000 items never holds every item's terms in memory. ``save`` deletes the entries this build
did not use, so the file never grows without end; a damaged file is started afresh.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
from pathlib import Path
from typing import Sequence

from .cache import current_fingerprint
from .search_text import _tokenizer, normalize

FOLDER = "search-tokens"
FORMAT = "2"            # bump if the layout of an entry changes

Tokens = tuple[list[str], ...]


def tokenizer_state(words: Sequence[str]) -> tuple[int, list[tuple[str, int]]]:
    """Return the search tokenizer's total frequency and each extra word with its frequency."""
    tokenizer = _tokenizer(tuple(sorted(set(words))))
    return tokenizer.total, [(word, tokenizer.FREQ[word]) for word in sorted(set(words))]


def context(words: Sequence[str], fingerprint: str) -> str:
    """Return the part of every key shared by all items: format, code, jieba version, total frequency."""
    import jieba
    total, _ = tokenizer_state(words)
    return f"{FORMAT}:{fingerprint}:{jieba.__version__}:{total}"


def local_words(texts: Sequence[str], weighted: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Return the extra words (with frequency) that occur in the normalised ``texts``: the only ones jieba can use."""
    joined = normalize("\n".join(texts))
    return [pair for pair in weighted if pair[0] in joined]


def entry_key(texts: Sequence[str], weighted: Sequence[tuple[str, int]], shared: str) -> str:
    """Return the cache key of one item's texts under the given tokenizer."""
    identity = [shared, local_words(texts, weighted), list(texts)]
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()


class TokenCache:
    """Finds and stores the term lists of items' texts; ``save`` keeps only the entries used."""

    def __init__(self, directory: Path, words: Sequence[str], fingerprint: str | None = None):
        fingerprint = fingerprint or current_fingerprint()
        self.folder = Path(directory) / FOLDER
        self.file = self.folder / f"{fingerprint[:24]}.sqlite"
        self.shared = context(words, fingerprint)
        self.weighted = tokenizer_state(words)[1]
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        """Return the connection to this version's file, started afresh when it is damaged."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.file)
                db.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
                db.execute("SELECT count(*) FROM tokens").fetchone()
                return db
            except sqlite3.DatabaseError:     # truncated or foreign: a killed build or another tool
                db.close()
                self.file.unlink(missing_ok=True)
        raise sqlite3.DatabaseError(f"{self.file}: cannot create the search tokens cache; delete the folder")

    def key(self, texts: Sequence[str]) -> str:
        """Return the key of one item's texts."""
        return entry_key(texts, self.weighted, self.shared)

    def get_many(self, keys: Sequence[str]) -> dict[str, Tokens]:
        """Return {key: term lists} of the ``keys`` found in the cache."""
        found: dict[str, Tokens] = {}
        for start in range(0, len(keys), 500):          # SQLite's limit on parameters per statement
            part = list(keys[start:start + 500])
            rows = self._db.execute(f"SELECT key, value FROM tokens WHERE key IN ({','.join('?' * len(part))})", part)
            found.update((key, pickle.loads(value)) for key, value in rows)
        self.used.update(found)
        self.hits += len(found)
        self.misses += len(set(keys) - found.keys())
        return found

    def get(self, key: str) -> Tokens | None:
        """Return the cached term lists under ``key``, or None."""
        return self.get_many([key]).get(key)

    def put_many(self, entries: dict[str, Tokens]) -> None:
        """Store term lists under their keys."""
        self._db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?)",
                             [(k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in entries.items()])
        self.used.update(entries)

    def put(self, key: str, tokens: Tokens) -> None:
        """Store ``tokens`` under ``key``."""
        self.put_many({key: tokens})

    def save(self) -> None:
        """Commit, delete the entries this build did not use, and drop the files of other versions."""
        self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
        self._db.execute("DELETE FROM tokens WHERE key NOT IN (SELECT key FROM used)")
        self._db.execute("DROP TABLE used")
        self._db.commit()
        self._db.close()
        for child in self.folder.iterdir():
            if child != self.file and child.suffix in (".sqlite", ".pickle", ".tmp"):
                child.unlink(missing_ok=True)
