"""Generated pages: real seed blocks cut, gapped, duplicated, shuffled, re-encoded and soiled.

For every generated page, ``pipeline.parse_page`` of the page as ``reading`` decodes it
- does not raise,
- conserves the text: every non-whitespace input character is in exactly one output place
  (kicker, title, subtitle, byline, credit, body, captions, page banner) or in the ``removed``
  text of a recorded repair (item or page level), as docs/ARCHITECTURE.md requires,
- gives the same Page when run twice.

Control characters (Unicode category Cc other than tab, LF, CR; e.g. U+0007, U+001B, U+007F,
U+0080-U+009F) are not text and are not allowed in HTML: the decision is that the pipeline drops
them like whitespace and records them in a repair's ``removed`` text (say kind
``control_removed``), so they are conserved but never displayed. NUL is not generated: a file
with NUL bytes is treated as binary by ``reading`` (page skipped with a warning).

A few full builds of generated seed folders into tmp are compared byte for byte.
Examples are derandomised (the same ones every run) so CI is stable; set
HYPOTHESIS_EXPLORE=1 to draw new ones.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEEDS, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Page
from generator.parse import pipeline, reading

EXPLORE = os.environ.get("HYPOTHESIS_EXPLORE") == "1"
PROPERTY = settings(max_examples=40, deadline=None, derandomize=not EXPLORE, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
BLOCKS = [[b for b in (line.strip() for line in text.split("\n")) if b] for text in SEED_TEXTS]
CONTROL = "\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1c\x1f\x7f\x80\x85\x9b\x9f"
GAPS = ["\n", "\n\n", "\n\n\n", "\n\n\n\n\n", "\n \n", "\n\u3000\n\n", "\n\t\n", "\n  \n  \n"]
JUNK_ALPHABET = st.sampled_from(list("■●★◆—…-=_|·•/\\#*0123456789abcXYZ ,.;:()!?“”《》、。，") +
                                list("菏泽日报第版要闻县区市记者通讯员本报讯"))
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030"]


def kept_chars(text: str) -> Counter:
    """Return the multiset of non-whitespace characters of ``text``."""
    return Counter(ch for ch in text if not ch.isspace())


def output_chars(page: Page) -> Counter:
    """Return the multiset of non-whitespace characters in every output place of a page."""
    out = Counter()
    places = [page.banner, *(r.removed for r in page.repairs)]
    for item in page.items:
        places += [item.kicker, item.title, item.subtitle, item.byline, item.credit,
                   *(b.text for b in item.body), *item.captions, *(r.removed for r in item.repairs)]
    for place in places:
        if place:
            out.update(kept_chars(place))
    return out


def displayed_strings(page: Page) -> list[str]:
    """Return every string of the page that the site displays."""
    strings = [page.banner]
    for item in page.items:
        strings += [item.kicker, item.title, item.subtitle, item.byline, item.credit,
                    *(b.text for b in item.body), *item.captions]
    return [s for s in strings if s]


def conservation_errors(text: str, page: Page) -> list[str]:
    """Return what was lost or invented between input ``text`` and ``page``."""
    expected, actual = kept_chars(text), output_chars(page)
    lost, invented = expected - actual, actual - expected
    errors = []
    if lost:
        errors.append(f"lost {sum(lost.values())} chars: {''.join(sorted(lost.elements()))[:80]!r}")
    if invented:
        errors.append(f"duplicated/invented {sum(invented.values())} chars: "
                      f"{''.join(sorted(invented.elements()))[:80]!r}")
    return errors


@st.composite
def generated_pages(draw) -> str:
    """Return the text of a page made from real seed blocks and damaged at random."""
    seed = draw(st.integers(0, len(BLOCKS) - 1))
    start = draw(st.integers(0, len(BLOCKS[seed]) - 1))
    blocks = list(BLOCKS[seed][start:start + draw(st.integers(1, 30))])
    for operation in draw(st.lists(st.sampled_from(
            ["cut", "cut", "duplicate", "near_duplicate", "shuffle", "junk", "control", "other_seed"]), max_size=10)):
        at = draw(st.integers(0, len(blocks) - 1))
        block = blocks[at]
        if operation == "cut" and len(block) > 1:
            cut = draw(st.integers(1, len(block) - 1))
            blocks[at:at + 1] = [block[:cut], block[cut:]]
        elif operation in ("duplicate", "near_duplicate"):
            copy = block
            if operation == "near_duplicate" and len(block) > 10:
                drop = draw(st.integers(0, len(block) - 1))
                copy = block[:drop] + block[drop + 1:]
            blocks.insert(draw(st.integers(0, len(blocks))), copy)
        elif operation == "shuffle":
            size = draw(st.integers(2, 5))
            window = blocks[at:at + size]
            blocks[at:at + size] = draw(st.permutations(window))
        elif operation == "junk":
            blocks.insert(at, draw(st.text(JUNK_ALPHABET, min_size=1, max_size=40)))
        elif operation == "control":
            where = draw(st.integers(0, len(block)))
            blocks[at] = block[:where] + draw(st.sampled_from(CONTROL)) + block[where:]
        elif operation == "other_seed":
            other = BLOCKS[draw(st.integers(0, len(BLOCKS) - 1))]
            blocks.insert(at, other[draw(st.integers(0, len(other) - 1))])
    gaps = [draw(st.sampled_from(GAPS)) for _ in blocks]
    lead = draw(st.sampled_from(["", "\n", "\n\n"]))
    return lead + "".join(block + gap for block, gap in zip(blocks, gaps))


def encoded(text: str, encoding: str, crlf: bool) -> bytes:
    """Return the bytes of a page file in ``encoding`` with LF or CRLF line ends."""
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(encoding)


def read_back(raw: bytes, name: str = "generated.txt"):
    """Return the SourcePage that ``reading`` makes of a page file holding ``raw``."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(raw)
        (source,) = reading.read_pages(Path(folder))
    return source


@PROPERTY
@given(text=generated_pages(), encoding=st.sampled_from(ENCODINGS), crlf=st.booleans())
def test_generated_pages_parse_conserve_text_and_are_deterministic(text, encoding, crlf):
    source = read_back(encoded(text, encoding, crlf))
    assert reading.normalise_newlines(source.text) == reading.normalise_newlines(text), \
        f"reading changed the text of a {encoding} page"
    page = pipeline.parse_page(source)
    assert conservation_errors(text, page) == []
    assert pipeline.parse_page(source) == page, "two runs of parse_page differ"


@settings(PROPERTY, max_examples=15)
@given(text=generated_pages(), control=st.text(st.sampled_from(CONTROL), min_size=1, max_size=3),
       where=st.floats(0, 1))
def test_control_characters_are_recorded_never_displayed(text, control, where):
    at = int(len(text) * where)
    text = text[:at] + control + text[at:]
    page = pipeline.parse_page(read_back(text.encode("utf-8")))
    shown = {ch for s in displayed_strings(page) for ch in s if unicodedata.category(ch) == "Cc" and not ch.isspace()}
    assert not shown, f"control characters kept in displayed text: {sorted(hex(ord(ch)) for ch in shown)}"
    assert conservation_errors(text, page) == []


@pytest.mark.parametrize("name", [p.name for p in sorted(SEEDS.glob("*.txt"))])
def test_every_seed_page_conserves_its_text(name):
    source = read_back((SEEDS / name).read_bytes(), name)
    page = pipeline.parse_page(source)
    assert conservation_errors(source.text, page) == []


@pytest.mark.parametrize("raw, what", [
    (b"", "empty file"),
    (b"\n\n \n\t\n", "whitespace only"),
    ("\u3000\u3000\n".encode(), "ideographic spaces only"),
    ("一".encode(), "one character"),
    (("甲" * 200_000).encode(), "one 200,000-character line"),
    (("。\n" * 500).encode(), "500 full stops"),
    (("本报讯(记者 张三)\n" * 50).encode(), "50 bylines and nothing else"),
    ("通讯员 刘青青 摄\n\n".encode() * 30, "30 credits"),
    ("——\n\n".encode() * 20, "20 subtitle dashes"),
    (b"\xef\xbb\xbf\xef\xbb\xbf" + "双BOM".encode(), "two BOMs"),
    ("\u200b\u200c\u200d\u200e\u200f\ufeff".encode(), "invisible marks only"),
])
def test_odd_pages_parse_and_conserve(raw, what):
    source = read_back(raw)
    page = pipeline.parse_page(source)
    assert conservation_errors(source.text, page) == [], what
    assert pipeline.parse_page(source) == page


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` as {relative posix path: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@settings(max_examples=3, deadline=None, derandomize=not EXPLORE, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(generated_pages(), min_size=1, max_size=3),
       encodings=st.lists(st.sampled_from(ENCODINGS), min_size=3, max_size=3), crlf=st.booleans())
def test_full_builds_of_generated_pages_are_byte_identical(texts, encodings, crlf):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        outs = []
        for run in ("one", "two"):
            seeds = base / f"seeds-{run}"
            seeds.mkdir()
            for n, (text, encoding) in enumerate(zip(texts, encodings)):
                (seeds / f"{n:03d}_generated.txt").write_bytes(encoded(text, encoding, crlf))
            assert run_build(seeds, base / f"out-{run}") in (0, 1)
            outs.append(tree(base / f"out-{run}"))
        assert outs[0] == outs[1], "two builds of the same generated pages differ"
        assert run_build(base / "seeds-one", base / "out-one") in (0, 1)      # registry now exists
        assert tree(base / "out-one") == outs[0], "a rebuild with the saved registry differs"
