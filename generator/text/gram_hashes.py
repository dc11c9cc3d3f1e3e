"""CRC-32 hashes of the character n-grams of many texts at once, with numpy.

``GramHasher(size, char_rule).many(texts)`` returns, per text, the sorted distinct
``zlib.crc32(gram.encode("utf-8"))`` of its ``size``-grams, where a text's characters are first
filtered and mapped by ``char_rule`` (which characters count, and how they are normalised): the
same values as hashing each gram in Python, at a fraction of the cost.

CRC-32 is affine over GF(2). With ``R(m)`` the register after feeding ``m`` to a zero register,
``crc32(m) = R(m) ^ crc32(bytes(len(m)))`` and ``R(a + b) = shift(R(a), len(b)) ^ R(b)``, where
``shift(r, n)`` feeds ``n`` zero bytes. So the hash of the gram ``xyz`` is
``shift(R(x), |y|+|z|) ^ shift(R(y), |z|) ^ R(z) ^ crc32(bytes(|x|+|y|+|z|))``: a few table
lookups per gram, with tables made once per distinct character.
"""
from __future__ import annotations

import functools
import zlib
from typing import Callable

import numpy as np

MAX_UTF8 = 4                     # bytes per character in UTF-8
BATCH_CHARS = 1 << 21            # characters hashed per numpy pass: bounds the temporary arrays
UNICODE_SIZE = 0x110000
SKIP, SPECIAL = "skip", "special"
CharRule = Callable[[str], str]  # a character -> itself normalised, SKIP, or SPECIAL (use the plain definition)


def alnum_lowercase(char: str) -> str:
    """Return the rule of permalink shingles: letters and digits only, lowercased.

    A character whose lowercase is not one character or depends on its neighbours (``İ``, ``Σ``)
    is SPECIAL: a text holding one is hashed by the plain definition.
    """
    if not char.isalnum():
        return SKIP
    lowered = char.lower()
    return SPECIAL if len(lowered) != 1 or char == "\u03a3" else lowered


def not_space(char: str) -> str:
    """Return the rule of duplicate shingles: every character but whitespace, as printed."""
    if char.isspace():
        return SKIP
    return SPECIAL if "\ud800" <= char <= "\udfff" else char    # a lone surrogate cannot be UTF-8


def _shift(register: int, zeros: int) -> int:
    """Return the CRC-32 register after feeding ``zeros`` zero bytes to ``register``."""
    return ~zlib.crc32(bytes(zeros), ~register & 0xFFFFFFFF) & 0xFFFFFFFF


class GramHasher:
    """Hashes ``size``-grams of texts under one character rule; its tables grow as characters are met."""

    def __init__(self, size: int, char_rule: CharRule):
        self.size, self.char_rule = size, char_rule
        self.max_shift = (size - 1) * MAX_UTF8
        self.zero_crc = np.array([zlib.crc32(bytes(n)) for n in range(size * MAX_UTF8 + 1)], dtype=np.uint32)
        self.known = np.zeros(UNICODE_SIZE, dtype=bool)
        self.kept = np.zeros(UNICODE_SIZE, dtype=bool)
        self.special = np.zeros(UNICODE_SIZE, dtype=bool)
        self.row = np.zeros(UNICODE_SIZE, dtype=np.int32)                  # kept character -> its row below
        self.length = np.zeros(1, dtype=np.int32)                          # per row: UTF-8 length
        self.registers = np.zeros(self.max_shift + 1, dtype=np.uint32)    # per row: registers shifted 0..max

    def many(self, texts: list[str]) -> list[np.ndarray | None]:
        """Return, per text, its sorted distinct gram hashes (uint32), or None where the caller must
        use the plain definition (fewer characters than a gram, or a SPECIAL character)."""
        result: list[np.ndarray | None] = []
        batch: list[str] = []
        size = 0
        for text in texts:
            batch.append(text)
            size += len(text) + 1
            if size >= BATCH_CHARS:
                result += self._batch(batch)
                batch, size = [], 0
        return result + self._batch(batch) if batch else result

    def _learn(self, codes: np.ndarray) -> None:
        """Fill in the table entries of the code points of ``codes`` not met before."""
        new = np.unique(codes[~self.known[codes]]).tolist()
        lengths, registers = [], []
        for code in new:
            rule = self.char_rule(chr(code))
            if rule == SPECIAL:
                self.special[code] = True
            elif rule != SKIP:
                raw = rule.encode("utf-8")
                register = zlib.crc32(raw) ^ zlib.crc32(bytes(len(raw)))
                self.kept[code], self.row[code] = True, len(self.length) + len(lengths)
                lengths.append(len(raw))
                registers.extend(_shift(register, n) for n in range(self.max_shift + 1))
        if lengths:
            self.length = np.append(self.length, np.array(lengths, dtype=np.int32))
            self.registers = np.append(self.registers, np.array(registers, dtype=np.uint32))
        self.known[new] = True

    def _batch(self, texts: list[str]) -> list[np.ndarray | None]:
        """Return ``many`` for one batch of texts."""
        joined = "\n".join(texts)               # a separator; grams running across it are dropped below
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        self._learn(codes)
        edges = np.cumsum([0] + [len(t) + 1 for t in texts])       # text n spans codes[edges[n]:edges[n+1]-1]
        kept_at = np.flatnonzero(self.kept[codes])
        bounds = np.searchsorted(kept_at, edges)                      # each text's span among the kept
        rows = self.row[codes[kept_at]]
        count = max(len(rows) - self.size + 1, 0)
        text_of = np.repeat(np.arange(len(texts), dtype=np.uint64), np.diff(bounds))[:count]
        keys = np.sort(((text_of << np.uint64(32)) | self._hashes(rows, count))[self._inside(bounds, count)])
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        cuts = np.searchsorted(keys, np.arange(len(texts) + 1, dtype=np.uint64) << np.uint64(32)).tolist()
        values = keys.astype(np.uint32)
        special = self._special_texts(codes, edges)
        return [None if n in special or end - start < self.size else values[cuts[n]:cuts[n + 1]]
                for n, (start, end) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist()))]

    def _hashes(self, rows: np.ndarray, count: int) -> np.ndarray:
        """Return the CRC-32 of the first ``count`` grams of the characters whose table rows are ``rows``."""
        lengths = self.length.take(rows)
        base = rows * (self.max_shift + 1)
        parts = [slice(i, i + count) for i in range(self.size)]
        after = np.zeros(count, dtype=np.int32)                 # UTF-8 bytes after the gram's i-th character
        hashes = self.registers.take(base[parts[-1]])
        for part in reversed(parts[:-1]):
            after += lengths[part.start + 1:part.start + 1 + count]
            hashes ^= self.registers.take(base[part] + after)
        return hashes ^ self.zero_crc.take(after + lengths[parts[0]])

    def _inside(self, bounds: np.ndarray, count: int) -> np.ndarray:
        """Return a mask of the gram starts whose gram ends inside its own text."""
        inside = np.ones(count, dtype=bool)
        for back in range(1, self.size):
            ends = bounds[1:] - back
            inside[ends[(ends >= bounds[:-1]) & (ends < count)]] = False
        return inside

    def _special_texts(self, codes: np.ndarray, edges: np.ndarray) -> set[int]:
        """Return the numbers of the texts holding a SPECIAL character."""
        at = np.flatnonzero(self.special[codes])
        return set((np.searchsorted(edges, at, side="right") - 1).tolist()) if len(at) else set()


@functools.lru_cache(maxsize=None)
def shared_hasher(size: int, char_rule: CharRule) -> GramHasher:
    """Return the one hasher of ``size``-grams under ``char_rule`` of this process (made on first use)."""
    return GramHasher(size, char_rule)
