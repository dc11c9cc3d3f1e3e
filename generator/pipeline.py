"""Repair and segmentation: one decoded page in, a Page of items out (first, naive version)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .model import BodyBlock, BuildWarning, Item, Page, SourcePage

TERMINAL = tuple("。!?…”;")


def parse_page(source: SourcePage) -> Page:
    """Return the page's items; a page that cannot be segmented becomes one item plus a warning."""
    blocks = [(n, line.strip()) for n, line in enumerate(source.text.split("\n"), 1) if line.strip()]
    items: list[Item] = []
    title, body, lines = None, [], []
    for number, text in blocks:
        is_heading = len(text) <= 40 and not text.endswith(TERMINAL)
        if is_heading and (body or title is None):
            if body or title:
                items.append(_item(source.name, len(items) + 1, title, body, lines))
            title, body, lines = text, [], [number]
        else:
            body.append(BodyBlock("paragraph", text))
            lines.append(number)
    if body or title:
        items.append(_item(source.name, len(items) + 1, title, body, lines))
    return Page(source=source.name, raw=source.text, items=tuple(items))


def _item(name, position, title, body, lines) -> Item:
    """Return a naive article item."""
    return Item(source=name, position=position, kind="article", title=title, body=tuple(body), lines=tuple(lines))
