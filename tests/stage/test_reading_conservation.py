"""The reading stage keeps everything: random bytes and real seed text in random encodings, read from a
file and parsed, keep every character (invalid bytes as U+FFFD, controls in control_removed) (issue 13)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.parse.decoding import decode_bytes, restore_bytes
from generator.parse.pipeline import parse_page
from generator.parse.reading import normalise_newlines, read_page
from tests.stage.test_conservation import assert_conserved
from tests.unit.test_decoding import spoiled_seed_bytes


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=2000), spoiled_seed_bytes()))
def test_a_page_read_from_any_bytes_keeps_every_character(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(raw)
        source = read_page(path, Path(folder))
    decoded = decode_bytes(raw)
    assert restore_bytes(decoded) == raw
    assert source.text == normalise_newlines(decoded.text)
    assert bool(source.repairs) == bool(decoded.invalid)
    assert_conserved(source.text, parse_page(source))
