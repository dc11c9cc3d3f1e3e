"""Permalink fingerprints of many texts at once: the sorted, distinct CRC-32 hashes of each text's
character 3-grams (letters and digits only, lowercased), equal to hashing each 3-gram's UTF-8 bytes
with ``zlib.crc32`` one by one, as ``permalinks.shingles`` does, but with numpy.

CRC-32 is affine over GF(2). With ``R(m)`` the register after feeding ``m`` to a zero register,
``crc32(m) = R(m) ^ crc32(bytes(len(m)))`` and ``R(a + b) = shift(R(a), len(b)) ^ R(b)``, where
``shift(r, n)`` feeds ``n`` zero bytes. So the hash of the 3-gram ``xyz`` is
``shift(R(x), |y|+|z|) ^ shift(R(y), |z|) ^ R(z) ^ crc32(bytes(|x|+|y|+|z|))``: a few table
lookups per gram, tables made once per distinct character.
"""
from __future__ import annotations

import zlib

import numpy as np

GRAM = 3
MAX_UTF8 = 4                     # bytes per character in UTF-8
MAX_SHIFT = (GRAM - 1) * MAX_UTF8
BATCH_CHARS = 1 << 21            # characters hashed per numpy pass: bounds the temporary arrays
UNICODE_SIZE = 0x110000
ZERO_CRC = np.array([zlib.crc32(bytes(n)) for n in range(GRAM * MAX_UTF8 + 1)], dtype=np.uint32)


def _shift(register: int, zeros: int) -> int:
    """Return the CRC-32 register after feeding ``zeros`` zero bytes to ``register``."""
    return ~zlib.crc32(bytes(zeros), ~register & 0xFFFFFFFF) & 0xFFFFFFFF


def _char_entry(code: int) -> tuple:
    """Return (kept, UTF-8 length, registers shifted by 0..MAX_SHIFT bytes) of one character.

    ``kept`` is None for a character whose lowercase is not one character or depends on its
    neighbours (``İ``, ``Σ``): texts holding one are hashed by the plain definition.
    """
    char = chr(code)
    if not char.isalnum():                       # what permalinks._NOISE removes
        return False, 0, ()
    lowered = char.lower()
    if len(lowered) != 1 or char == "\u03a3":
        return None, 0, ()
    raw = lowered.encode("utf-8", "surrogatepass")
    register = zlib.crc32(raw) ^ zlib.crc32(bytes(len(raw)))
    return True, len(raw), tuple(_shift(register, n) for n in range(MAX_SHIFT + 1))


class _Tables:
    """Per-code-point lookup arrays, filled in as new characters are met (once per process)."""

    def __init__(self) -> None:
        self.known = np.zeros(UNICODE_SIZE, dtype=bool)
        self.kept = np.zeros(UNICODE_SIZE, dtype=bool)
        self.special = np.zeros(UNICODE_SIZE, dtype=bool)
        self.row = np.zeros(UNICODE_SIZE, dtype=np.int32)              # kept character -> its row below
        self.length = np.zeros(1, dtype=np.int32)                      # per row: UTF-8 length
        self.registers = np.zeros(MAX_SHIFT + 1, dtype=np.uint32)     # per row: MAX_SHIFT + 1 registers

    def learn(self, codes: np.ndarray) -> None:
        """Fill in the entries of the code points of ``codes`` not met before."""
        new = np.unique(codes[~self.known[codes]]).tolist()
        lengths, registers = [], []
        for code in new:
            kept, length, shifted = _char_entry(code)
            self.special[code] = kept is None
            if kept:
                self.kept[code], self.row[code] = True, len(self.length) + len(lengths)
                lengths.append(length)
                registers.extend(shifted)
        if lengths:
            self.length = np.append(self.length, np.array(lengths, dtype=np.int32))
            self.registers = np.append(self.registers, np.array(registers, dtype=np.uint32))
        self.known[new] = True


_TABLES: list[_Tables] = []


def _tables() -> _Tables:
    """Return this process's lookup tables (made on first use)."""
    if not _TABLES:
        _TABLES.append(_Tables())
    return _TABLES[0]


def _batch_hashes(texts: list[str]) -> list[np.ndarray | None]:
    """Return each text's sorted distinct 3-gram hashes, or None for a text to hash by the plain definition."""
    joined = "\n".join(texts)                    # "\n" is noise: removed like any other separator
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    tables = _tables()
    tables.learn(codes)
    edges = np.cumsum([0] + [len(t) + 1 for t in texts])       # text n spans codes[edges[n]:edges[n+1]-1]
    kept_at = np.flatnonzero(tables.kept[codes])
    bounds = np.searchsorted(kept_at, edges)                      # each text's span among the kept
    rows = tables.row[codes[kept_at]]
    count = max(len(rows) - GRAM + 1, 0)
    hashes = _gram_hashes(rows, tables, count)
    text_of = np.repeat(np.arange(len(texts), dtype=np.uint64), np.diff(bounds))[:count]
    inside = np.ones(count, dtype=bool)
    for back in range(1, GRAM):                                   # grams running into the next text
        ends = bounds[1:] - back
        inside[ends[(ends >= bounds[:-1]) & (ends < count)]] = False
    keys = np.sort(((text_of << np.uint64(32)) | hashes)[inside])                     # by text, then hash
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    cuts = np.searchsorted(keys, np.arange(len(texts) + 1, dtype=np.uint64) << np.uint64(32)).tolist()
    values = keys.astype(np.uint32)
    special = _special_texts(tables.special[codes], edges)
    return [None if n in special or end - start < GRAM else values[cuts[n]:cuts[n + 1]]
            for n, (start, end) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist()))]


def _gram_hashes(rows: np.ndarray, tables: _Tables, count: int) -> np.ndarray:
    """Return the CRC-32 of the first ``count`` 3-grams of the characters whose table rows are ``rows``."""
    lengths = tables.length.take(rows)
    base = rows * (MAX_SHIFT + 1)
    a, b, c = (slice(i, i + count) for i in range(GRAM))
    tail = lengths[c]
    tails = lengths[b] + tail
    hashes = tables.registers.take(base[a] + tails)
    hashes ^= tables.registers.take(base[b] + tail)
    hashes ^= tables.registers.take(base[c])
    hashes ^= ZERO_CRC.take(lengths[a] + tails)
    return hashes


def _special_texts(special: np.ndarray, edges: np.ndarray) -> set[int]:
    """Return the numbers of the texts holding a character with context-dependent case."""
    at = np.flatnonzero(special)
    return set((np.searchsorted(edges, at, side="right") - 1).tolist()) if len(at) else set()


def many_hashes(texts: list[str]) -> list[np.ndarray | None]:
    """Return, per text, its sorted distinct 3-gram hashes (uint32), or None where the caller must
    use the plain definition (fewer than three letters, or a character with context-dependent case)."""
    result: list[np.ndarray | None] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text) + 1
        if size >= BATCH_CHARS:
            result += _batch_hashes(batch)
            batch, size = [], 0
    if batch:
        result += _batch_hashes(batch)
    return result
