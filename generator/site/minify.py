"""Lean HTML: the whitespace the templates' indentation leaves between tags, removed deterministically.

Only whitespace-only runs between two tags change: next to a block-level tag (or a doctype,
comment or head element) they go, between two inline tags they become one space (how a browser
shows them anyway). Text, attribute values and the insides of ``pre``, ``textarea``, ``script``
and ``style`` are never touched, so what a reader sees and what a script reads is the same.
"""
from __future__ import annotations

import re

BLOCK = frozenset("""html head body title meta link base script style noscript template
    div p ul ol li dl dt dd header footer nav section article main aside figure figcaption
    details summary h1 h2 h3 h4 h5 h6 table caption colgroup col thead tbody tfoot tr td th
    form fieldset legend pre blockquote hr br address""".split())
_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_GAP = re.compile(r"(<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>|<![^<>]*>)(\s+)(?=<(/?)([A-Za-z][A-Za-z0-9-]*)?)")

_PLACEHOLDER = re.compile(r"<[A-Za-z]+\x00(\d+)>")


def _gap(match: re.Match) -> str:
    """Return a tag followed by what its following whitespace becomes ('' or one space)."""
    before, after = (match.group(3) or "!").lower(), (match.group(6) or "!").lower()
    inline = before not in BLOCK and after not in BLOCK and "!" not in (before, after)
    return match.group(1) + (" " if inline else "")


def minify_html(html: str) -> str:
    """Return ``html`` without the whitespace between tags that changes nothing on screen."""
    kept: list[str] = []

    def stash(match: re.Match) -> str:
        """Return a placeholder tag (same name; escaped text cannot hold '<') for a kept element."""
        kept.append(match.group(1))
        return f"<{match.group(2)}\x00{len(kept) - 1}>"
    lean = _GAP.sub(_gap, _KEEP.sub(stash, html))
    return _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], lean).strip() + "\n"
