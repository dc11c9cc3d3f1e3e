"""Decoding a page's bytes into text without ever dropping any of them.

``decode_bytes(raw)`` picks the encoding (a byte-order mark; else UTF-8; else the most plausible of
GB18030, UTF-16-LE and UTF-16-BE), decodes, and keeps every byte sequence that is invalid in that
encoding as one U+FFFD with the original bytes recorded (``Decoded.invalid``), so that
``restore_bytes(decode_bytes(raw)) == raw`` for any input: the decoded page is traceable to the
file byte for byte. Pure functions; ``reading`` does the disk.
"""
from __future__ import annotations

import codecs
from contextvars import ContextVar
from dataclasses import dataclass

from generator.model import Repair
from generator.text.chars import is_han

REPLACEMENT = "\ufffd"
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
GUESSES = ("gb18030", "utf-16-le", "utf-16-be")   # for bytes that are not UTF-8; ties go to the first
SAMPLE_BYTES = 1 << 16                              # enough of a page to tell its encoding


@dataclass(frozen=True, slots=True)
class Decoded:
    """A page's text as decoded, with what is needed to give back its exact bytes."""

    text: str                                  # line ends untouched; invalid sequences as U+FFFD
    encoding: str                              # "utf-8", "gb18030", "utf-16-le", "utf-16-be"
    bom: bytes = b""                           # the byte-order mark the file started with
    invalid: tuple[tuple[int, bytes], ...] = ()   # (offset in text of its U+FFFD, original bytes)


def _record(error: UnicodeDecodeError) -> tuple[str, int]:
    """Return U+FFFD for an invalid byte sequence, noting its byte range in the current decoding."""
    _SPANS.get().append((error.start, error.end))
    return REPLACEMENT, error.end


_SPANS: ContextVar[list[tuple[int, int]]] = ContextVar("invalid_spans")
codecs.register_error("archive-record-invalid", _record)


def _spans(raw: bytes, encoding: str) -> list[tuple[int, int]]:
    """Return the (start, end) byte ranges of ``raw`` that are invalid in ``encoding``, in order."""
    token = _SPANS.set([])
    try:
        codecs.decode(raw, encoding, errors="archive-record-invalid")
        return _SPANS.get()
    finally:
        _SPANS.reset(token)


def decode_with(raw: bytes, encoding: str, bom: bytes = b"") -> Decoded:
    """Return ``raw`` (after ``bom``) decoded with ``encoding``, each invalid sequence kept as U+FFFD."""
    body = memoryview(raw)[len(bom):]
    try:
        return Decoded(codecs.decode(body, encoding), encoding, bom)
    except UnicodeDecodeError:
        pass
    parts, invalid, at, length = [], [], 0, 0
    for start, end in _spans(bytes(body), encoding):
        valid = codecs.decode(body[at:start], encoding)
        parts += [valid, REPLACEMENT]
        length += len(valid)
        invalid.append((length, bytes(body[start:end])))
        length, at = length + 1, end
    parts.append(codecs.decode(body[at:], encoding))
    return Decoded("".join(parts), encoding, bom, tuple(invalid))


def plausibility(text: str) -> float:
    """Return the share of ``text`` that looks like newspaper text: Han, ASCII, CJK punctuation, spaces."""
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isascii() and (c.isprintable() or c in "\n\r\t")
               or is_han(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
               or c in "“”‘’—…·")
    return good / len(text)


def guess_encoding(raw: bytes) -> str:
    """Return the most plausible encoding of bytes that are not UTF-8 (judged on their start)."""
    sample = raw[:SAMPLE_BYTES]
    def score(encoding: str) -> tuple[float, int]:
        decoded = decode_with(sample, encoding)
        return plausibility(decoded.text) - len(decoded.invalid) / max(1, len(decoded.text)), -GUESSES.index(encoding)
    return max(GUESSES, key=score)


def decode_bytes(raw: bytes) -> Decoded:
    """Return the page decoded: by its byte-order mark, else UTF-8, else the most plausible guess."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return decode_with(raw, encoding, bom)
    utf8 = decode_with(raw, "utf-8")
    if not utf8.invalid:
        return utf8
    guessed = decode_with(raw, guess_encoding(raw))
    return guessed if _better(guessed, utf8) else utf8


def _better(guess: Decoded, utf8: Decoded) -> bool:
    """Return True if a guessed decoding is more believable than UTF-8 with invalid bytes."""
    return plausibility(guess.text[:SAMPLE_BYTES]) - 2 * len(guess.invalid) / max(1, len(guess.text)) > \
        plausibility(utf8.text[:SAMPLE_BYTES]) - 2 * len(utf8.invalid) / max(1, len(utf8.text))


def restore_bytes(decoded: Decoded) -> bytes:
    """Return the exact bytes ``decoded`` was made from (its text re-encoded, invalid bytes put back)."""
    out, at = [decoded.bom], 0
    for offset, original in decoded.invalid:
        out += [decoded.text[at:offset].encode(decoded.encoding), original]
        at = offset + 1
    out.append(decoded.text[at:].encode(decoded.encoding))
    return b"".join(out)


def invalid_repair(decoded: Decoded) -> Repair | None:
    """Return the page repair recording the bytes kept as U+FFFD (line and hex of each), or None."""
    if not decoded.invalid:
        return None
    where, line, at = [], 1, 0
    for offset, original in decoded.invalid:
        line, at = line + decoded.text.count("\n", at, offset), offset
        where.append(f"line {line}: {original.hex(' ')}")
    shown = "; ".join(where[:200]) + (f"; … {len(where) - 200} more" if len(where) > 200 else "")
    return Repair("invalid_bytes", f"{len(where)} byte sequence{'s' if len(where) != 1 else ''} not valid "
                                   f"{decoded.encoding} kept as U+FFFD ({shown})")


def first_invalid_line(decoded: Decoded) -> int | None:
    """Return the 1-based line of the first invalid byte sequence, or None."""
    return decoded.text.count("\n", 0, decoded.invalid[0][0]) + 1 if decoded.invalid else None
