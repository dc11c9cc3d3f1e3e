"""Search tokens cache: each item's jieba terms, kept on disk so a rebuild re-tokenises only new text.

Tokenising every item with jieba is most of the search stage. An entry holds the term lists of
one item's tokenised texts (title, kicker+subtitle, body) under a key of exactly what jieba's
output depends on:

* the texts themselves, the code fingerprint (``cache.current_fingerprint``) and jieba's version
  (its dictionary and HMM model);
* the extra words (people's and county names) **that occur in the item's text**, each with the
  frequency the search tokenizer gave it. jieba only looks up substrings of the text it cuts, so
  names found only elsewhere in the archive cannot change this item's terms: an added page with
  a new name does not change the key of items that do not contain that name...
* ...except through the tokenizer's total frequency, which jieba's route scoring divides by
  (``log(freq) - log(total)`` per word) and which every added word increases. It is part of the
  key, so a new name anywhere re-tokenises every item (exact, but slow); see ``context``.

Everything lives in one file per code version, ``<cache dir>/search-tokens/<fingerprint>.pickle``,
rewritten (atomically) with only the entries this build used, so it never grows without end.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Sequence

from .cache import current_fingerprint
from .search_text import _tokenizer, normalize

FOLDER = "search-tokens"
FORMAT = "1"            # bump if the layout of an entry changes

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
        self.file = self.folder / f"{fingerprint[:24]}.pickle"
        self.shared = context(words, fingerprint)
        self.weighted = tokenizer_state(words)[1]
        self.entries = self._load()
        self.used: dict[str, Tokens] = {}
        self.hits = self.misses = 0

    def _load(self) -> dict[str, Tokens]:
        """Return the stored entries, or {} when there are none or the file is damaged."""
        try:
            with self.file.open("rb") as handle:
                entries = pickle.load(handle)
        except Exception:          # missing, truncated or foreign: start empty
            return {}
        return entries if isinstance(entries, dict) else {}

    def key(self, texts: Sequence[str]) -> str:
        """Return the key of one item's texts."""
        return entry_key(texts, self.weighted, self.shared)

    def get(self, key: str) -> Tokens | None:
        """Return the cached term lists under ``key``, or None."""
        tokens = self.entries.get(key)
        if tokens is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = tokens
        return tokens

    def put(self, key: str, tokens: Tokens) -> None:
        """Remember ``tokens`` under ``key`` for ``save``."""
        self.used[key] = tokens

    def save(self) -> None:
        """Write the entries used by this build (nothing if they are the stored ones); drop other versions."""
        if self.folder.is_dir():
            for child in self.folder.iterdir():
                if child.suffix == ".pickle" and child != self.file:
                    child.unlink(missing_ok=True)
        if self.used.keys() == self.entries.keys():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(self.used, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.file)
