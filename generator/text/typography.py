"""Chinese display typography: ASCII punctuation in Chinese text shown full-width.

The dumps print ``4月23日下午,全市…`` and ``本报讯(记者 时苏建)``; readers expect
``4月23日下午，全市…`` and ``本报讯（记者 时苏建）``. Marks between digits or Latin
letters stay as they are (``10:30``, ``1.6万亩``, ``93.02%``, ``20-30户``, ``5G``).
The data keeps the original marks; this is applied when text is displayed or indexed.
"""
from __future__ import annotations

import functools
import re

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}

# Han ideographs, CJK punctuation, full-width forms and the curly quotes the dumps use.
CJK_RANGES = ((0x3000, 0x303f), (0x3400, 0x4dbf), (0x4e00, 0x9fff), (0xf900, 0xfaff), (0xff00, 0xffef),
              (0x201c, 0x201d), (0x2018, 0x2019), (0x2014, 0x2014), (0x2026, 0x2026), (0x00b7, 0x00b7))
CJK_CHARS = frozenset(chr(code) for low, high in CJK_RANGES for code in range(low, high + 1))
# Splitting on the marks gives [text, mark, text, mark, …, text]: marks at the odd indices.
MARK_SPLIT = re.compile(r"([,:;()!?])")
CACHE_SIZE = 1 << 16   # render and search show the same titles and paragraphs many times


def _touching_cjk(pieces: list[str]) -> set[int]:
    """Return the piece indices of the marks whose nearest non-space neighbour on a side is Chinese.

    A neighbour piece of spaces only means the nearest character is another (ASCII) mark or an end.
    """
    lefts = [piece.rstrip(" ")[-1:] for piece in pieces[:-1:2]]       # the text before each mark
    rights = [piece.lstrip(" ")[:1] for piece in pieces[2::2]]        # and after it
    return {2 * n + 1 for n, (left, right) in enumerate(zip(lefts, rights))
            if left in CJK_CHARS or right in CJK_CHARS}


def _bracket_pairs(pieces: list[str]) -> list[tuple[int, int]]:
    """Return the (open, close) piece indices of matched ASCII parentheses."""
    pairs, opened = [], []
    for k in range(1, len(pieces), 2):
        if pieces[k] == "(":
            opened.append(k)
        elif pieces[k] == ")" and opened:
            pairs.append((opened.pop(), k))
    return pairs


def _changed_marks(pieces: list[str]) -> set[int]:
    """Return the piece indices of the marks ``typeset`` shows full-width.

    Matched parentheses change together, so ``javascript:alert(1) 链接`` never shows ``alert(1）``.
    """
    changed = _touching_cjk(pieces)
    if changed and "(" in pieces and ")" in pieces:
        for start, end in _bracket_pairs(pieces):
            if start in changed or end in changed:
                changed.update((start, end))
    return changed


@functools.lru_cache(maxsize=CACHE_SIZE)
def typeset(text: str) -> str:
    """Return ``text`` with ASCII punctuation next to Chinese text replaced by full-width marks."""
    pieces = MARK_SPLIT.split(text)
    changed = _changed_marks(pieces) if len(pieces) > 1 else ()
    if not changed:
        return text
    for k in changed:
        pieces[k] = FULL_WIDTH[pieces[k]]
    return "".join(pieces)


def count_typeset(text: str) -> int:
    """Return how many marks ``typeset`` would change in ``text``."""
    pieces = MARK_SPLIT.split(text)
    return len(_changed_marks(pieces)) if len(pieces) > 1 else 0
