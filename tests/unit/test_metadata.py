"""A page's metadata file: strict, bounded, and a wrong one is named with its line (issue 13)."""
from __future__ import annotations

import pytest

from generator.parse.metadata import read_meta_text

LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(20))


@pytest.mark.parametrize("text, pairs", [
    ("paper: 牡丹晚报\ndate: 2023-04-24\npage: A2 要闻\n", (("paper", "牡丹晚报"), ("date", "2023-04-24"),
                                                          ("page", "A2 要闻"))),
    ("date: '2023-04'\n", (("date", "2023-04"),)),
    ("date: 2023年4月24日\n", (("date", "2023年4月24日"),)),
    ("page: 3\n", (("page", "3"),)),
    ("date:\n", ()),
    ("", ()),
    ("# only a comment\n", ()),
])
def test_good_metadata_is_read_as_text(text, pairs):
    assert read_meta_text("p.yaml", text) == (pairs, [])


@pytest.mark.parametrize("text, line, words", [
    ("paper: 牡丹晚报\ndate: 2023-02-30\n", 2, "not a real date"),
    ("date: 2023-13\n", 1, "not a real date"),
    ("date: yesterday\n", 1, "not a real date"),
    ("paper: {name: x}\n", 1, "single value"),
    ("date: 2023-04-24\npaper:\n  - a\n", 3, "single value"),
    ("paper: !!python/object:os.system x\n", 1, "not !!python/object"),
    ("paper: !!binary aGVsbG8=\n", 1, "not !!binary"),
    ("paper: true\n", 1, "not !!bool"),
    ("paper: a\npaper: b\n", 2, "given twice"),
    (LAUGHS, 1, "anchors and aliases"),
    ("paper: 牡丹晚报\ndate: [2023\n", 3, "invalid YAML"),
    ("- a list\n", 1, "must be a mapping"),
    ("just text\n", 1, "must be a mapping"),
    ("# x\n" * 10_000, None, "larger than"),
])
def test_wrong_metadata_is_ignored_with_one_warning_naming_the_line(text, line, words):
    pairs, warnings = read_meta_text("p.yaml", text)
    (warning,) = warnings
    assert pairs == () and warning.source == "p.yaml" and warning.line == line and words in warning.message
    assert "metadata file ignored" in warning.message


def test_an_unknown_key_is_a_warning_and_the_rest_is_used():
    pairs, (warning,) = read_meta_text("p.yaml", "paper: 牡丹晚报\nsection: 要闻\n")
    assert pairs == (("paper", "牡丹晚报"),) and warning.line == 2 and "section" in warning.message
