"""Invisible characters made visible: zero-width, bidi controls and other format or forbidden
characters are shown as ``[U+XXXX]`` labels wherever page text is displayed (pages and search results).
"""
from __future__ import annotations

import re

# Unicode "format" characters (category Cf: zero-width, bidi controls, BOM...), invisible when printed.
FORMAT_CHARS = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
                          "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                          "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
# Code points HTML forbids: controls other than tab, line feed, form feed and carriage return; noncharacters.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                             + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(1, 17))
                             + "\ud800-\udfff]")


def _label(match: re.Match) -> str:
    """Return the visible stand-in of one invisible or forbidden character."""
    return f"[U+{ord(match.group()):04X}]"


def visible(text: str | None) -> str:
    """Return ``text`` with invisible characters (zero-width, bidi and other controls) shown as [U+XXXX]."""
    if not text:
        return ""
    return FORMAT_CHARS.sub(_label, FORBIDDEN_CHARS.sub(_label, text))
