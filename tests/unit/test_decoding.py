"""Decoding never drops a byte: any bytes decode to text from which the exact bytes come back (issue 13)."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.parse.decoding import decode_bytes, invalid_repair, restore_bytes
from generator.parse.reading import decode

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TEXT = (SEEDS / "001_f2ca3be17ee54044.txt").read_text(encoding="utf-8")
LINE = "本报讯(记者 时苏建)4月23日下午,全市一季度工业运行分析会议召开。\n"


@pytest.mark.parametrize("raw, encoding, text, invalid", [
    (LINE.encode("utf-8"), "utf-8", LINE, ()),
    (codecs.BOM_UTF8 + LINE.encode("utf-8"), "utf-8", LINE, ()),
    (LINE.encode("gb18030"), "gb18030", LINE, ()),
    (LINE.encode("utf-16"), "utf-16-le", LINE, ()),
    (codecs.BOM_UTF16_BE + LINE.encode("utf-16-be"), "utf-16-be", LINE, ()),
    (LINE.encode("utf-16-le"), "utf-16-le", LINE, ()),                 # no BOM: told by its byte pattern
    (LINE.encode("utf-16-be"), "utf-16-be", LINE, ()),
    (b"ab\xffcd", "utf-8", "ab\ufffdcd", ((2, b"\xff"),)),
    (LINE.encode("utf-8")[:-2], "utf-8", LINE[:-2] + "\ufffd", ((len(LINE) - 2, "。".encode("utf-8")[:2]),)),
    (b"a\x00b", "utf-8", "a\x00b", ()),                                  # NUL is text: the pipeline records it
    (b"", "utf-8", "", ()),
])
def test_bytes_decode_to_text_that_gives_them_back(raw, encoding, text, invalid):
    decoded = decode_bytes(raw)
    assert (decoded.encoding, decoded.text, decoded.invalid) == (encoding, text, invalid)
    assert restore_bytes(decoded) == raw


def test_invalid_bytes_are_recorded_with_their_line_and_hex():
    repair = invalid_repair(decode_bytes(b"one\ntwo \xff\xfe three\n"))
    assert repair.kind == "invalid_bytes" and "line 2: ff" in repair.detail


def test_reading_warns_with_the_line_of_the_first_invalid_byte():
    _, _, repairs, warnings = decode("p.txt", LINE.encode("utf-8") * 3 + b"\xff\n")
    assert [r.kind for r in repairs] == ["invalid_bytes"]
    assert warnings[0].line == 4 and "U+FFFD" in warnings[0].message


ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]


@st.composite
def spoiled_seed_bytes(draw) -> bytes:
    """Return a slice of real seed text in a random encoding, maybe cut short or with random bytes spliced in."""
    start = draw(st.integers(0, len(SEED_TEXT) - 1))
    text = SEED_TEXT[start:start + draw(st.integers(0, 400))]
    raw = text.encode(draw(st.sampled_from(ENCODINGS)))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
    if draw(st.booleans()):
        raw = raw[:draw(st.integers(0, len(raw)))]
    return raw


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), spoiled_seed_bytes()))
def test_any_bytes_are_kept_byte_for_byte(raw):
    decoded = decode_bytes(raw)
    assert restore_bytes(decoded) == raw
    assert all(decoded.text[offset] == "\ufffd" for offset, _ in decoded.invalid)
    assert not any("\ud800" <= c <= "\udfff" for c in decoded.text)      # always writable as UTF-8


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ENCODINGS), st.integers(0, len(SEED_TEXT) - 200))
def test_real_text_in_any_encoding_reads_back_as_itself(encoding, start):
    text = SEED_TEXT[start:start + 200]
    assert decode("p.txt", text.encode(encoding))[0] == text.replace("\r\n", "\n")
