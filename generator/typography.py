"""Chinese display typography: ASCII punctuation in Chinese text shown full-width.

The dumps print ``4月23日下午,全市…`` and ``本报讯(记者 时苏建)``; readers expect
``4月23日下午，全市…`` and ``本报讯（记者 时苏建）``. Marks between digits or Latin
letters stay as they are (``10:30``, ``1.6万亩``, ``93.02%``, ``20-30户``, ``5G``).
The data keeps the original marks; this is applied when text is displayed or indexed.
"""
from __future__ import annotations

import re

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}

# Han ideographs, CJK punctuation, full-width forms and the curly quotes the dumps use.
CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7]")
ASCII_MARK = re.compile(r"[,:;()!?]")


def _neighbour(text: str, index: int, step: int) -> str:
    """Return the nearest non-space character from ``index`` in direction ``step``, or ''."""
    index += step
    while 0 <= index < len(text) and text[index] == " ":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _touches_cjk(text: str, index: int) -> bool:
    """Return True if the mark at ``index`` has Chinese text on either side."""
    return any(CJK_CHAR.match(_neighbour(text, index, step) or "a") for step in (-1, 1))


def _bracket_pairs(text: str) -> list[tuple[int, int]]:
    """Return the (open, close) positions of matched ASCII parentheses in ``text``."""
    pairs, opened = [], []
    for index, char in enumerate(text):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            pairs.append((opened.pop(), index))
    return pairs


def typeset(text: str) -> str:
    """Return ``text`` with ASCII punctuation next to Chinese text replaced by full-width marks.

    Matched parentheses change together, so ``javascript:alert(1) 链接`` never shows ``alert(1）``.
    """
    chars = list(text)
    for match in ASCII_MARK.finditer(text):
        if _touches_cjk(text, match.start()):
            chars[match.start()] = FULL_WIDTH[match.group()]
    for start, end in _bracket_pairs(text):
        if (chars[start] == "（") != (chars[end] == "）"):
            chars[start], chars[end] = "（", "）"
    return "".join(chars)


def count_typeset(text: str) -> int:
    """Return how many marks ``typeset`` would change in ``text``."""
    return sum(a != b for a, b in zip(text, typeset(text)))
