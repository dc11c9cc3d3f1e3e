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
_CHAR_TABLE: dict[int, tuple] = {}   # code point -> (kept, lowered, UTF-8 length, shifted registers)
ZERO_CRC = np.array([zlib.crc32(bytes(n)) for n in range(GRAM * MAX_UTF8 + 1)], dtype=np.uint32)


def _shift(register: int, zeros: int) -> int:
    """Return the CRC-32 register after feeding ``zeros`` zero bytes to ``register``."""
    return ~zlib.crc32(bytes(zeros), ~register & 0xFFFFFFFF) & 0xFFFFFFFF


def _char_entry(code: int) -> tuple:
    """Return (kept, lowered, UTF-8 length, registers shifted by 0..MAX_SHIFT bytes) of one character.

    ``kept`` is None for a character whose lowercase is not one character or depends on its
    neighbours (``İ``, ``Σ``): texts holding one are hashed by the plain definition.
    """
    char = chr(code)
    if not char.isalnum():                       # what permalinks._NOISE removes
        return False, 0, 0, ()
    lowered = char.lower()
    if len(lowered) != 1 or char == "\u03a3":
        return None, 0, 0, ()
    raw = lowered.encode("utf-8", "surrogatepass")
    register = zlib.crc32(raw) ^ zlib.crc32(bytes(len(raw)))
    return True, ord(lowered), len(raw), tuple(_shift(register, n) for n in range(MAX_SHIFT + 1))


def _tables(codes: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return per-code-point lookup arrays (kept, special, UTF-8 length, shifted registers) for ``codes``."""
    present = np.zeros(UNICODE_SIZE, dtype=bool)
    present[codes] = True
    distinct = np.flatnonzero(present)
    kept = np.zeros(UNICODE_SIZE, dtype=bool)
    special = np.zeros(UNICODE_SIZE, dtype=bool)
    length = np.zeros(UNICODE_SIZE, dtype=np.int64)
    registers = np.zeros((len(distinct), MAX_SHIFT + 1), dtype=np.uint32)
    row = np.zeros(UNICODE_SIZE, dtype=np.int64)
    for n, code in enumerate(distinct.tolist()):
        entry = _CHAR_TABLE.get(code) or _CHAR_TABLE.setdefault(code, _char_entry(code))
        if entry[0] is None:
            special[code] = True
        elif entry[0]:
            kept[code], length[code], row[code] = True, entry[2], n
            registers[n] = entry[3]
    return kept, special, length, registers, row


def _batch_hashes(texts: list[str]) -> list[np.ndarray | None]:
    """Return each text's sorted distinct 3-gram hashes, or None for a text to hash by the plain definition."""
    joined = "\n".join(texts)                    # "\n" is noise: removed like any other separator
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kept, special, length, registers, row = _tables(codes)
    edges = np.cumsum([0] + [len(t) + 1 for t in texts])        # text n spans codes[edges[n]:edges[n+1]-1]
    edges[-1] = len(codes)
    keep = kept[codes]
    bounds = np.concatenate(([0], np.cumsum(keep)))[edges]        # each text's span among the kept
    specials = np.concatenate(([0], np.cumsum(special[codes])))[edges]
    clean = codes[keep]
    lengths, rows = length[clean], row[clean]
    count = max(len(clean) - GRAM + 1, 0)
    a, b, c = (slice(i, i + count) for i in range(GRAM))
    hashes = (registers[rows[a], lengths[b] + lengths[c]] ^ registers[rows[b], lengths[c]]
              ^ registers[rows[c], 0] ^ ZERO_CRC[lengths[a] + lengths[b] + lengths[c]])
    spans = np.diff(bounds)
    text_of = np.repeat(np.arange(len(texts), dtype=np.uint64), spans)[:count]
    inside = np.arange(GRAM, count + GRAM) <= np.repeat(bounds[1:], spans)[:count]   # not into the next text
    keys = np.sort(((text_of << np.uint64(32)) | hashes)[inside])                     # by text, then hash
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    cuts = np.searchsorted(keys, np.arange(len(texts) + 1, dtype=np.uint64) << np.uint64(32))
    values = keys.astype(np.uint32)
    result = []
    for n, (start, end) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
        if specials[n] != specials[n + 1] or end - start < GRAM:
            result.append(None)
        else:
            result.append(values[cuts[n]:cuts[n + 1]])
    return result


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
