"""The open-data contract: ``data/articles.json`` (one object per item) and ``data/pages.json``.

Key order is fixed here and documented in the README; text keeps the dumps' original
(ASCII) punctuation, exactly as the archive stores it.
"""
from __future__ import annotations

import json

from .model import Archive, Item, Page
from .urls import URLs


def item_record(item: Item, urls: URLs) -> dict:
    """Return the articles.json object for one item, keys in contract order."""
    return {
        "id": item.id,
        "url": urls.article(item.id),
        "source": item.source,
        "lines": list(item.lines),
        "position": item.position,
        "kind": item.kind,
        "kicker": item.kicker,
        "title": item.title,
        "subtitle": item.subtitle,
        "byline": item.byline,
        "credit": item.credit,
        "authors": [{"name": p.name, "role": p.role} for p in item.authors],
        "body": [{"type": b.type, "text": b.text} for b in item.body],
        "captions": list(item.captions),
        "counties": list(item.counties),
        "paper": item.paper,
        "date": item.date,
        "date_inferred": item.date_inferred,
        "repairs": [{"kind": r.kind, "detail": r.detail, "removed": r.removed} for r in item.repairs],
    }


def page_record(page: Page, urls: URLs) -> dict:
    """Return the pages.json object for one printed page, keys in contract order."""
    return {
        "source": page.source,
        "url": urls.printed_page(page.source),
        "paper": page.paper,
        "paper_inferred": page.paper_inferred,
        "date": page.date,
        "date_inferred": page.date_inferred,
        "page_name": page.page_name,
        "banner": page.banner,
        "items": [item.id for item in page.items],
        "repairs": [{"kind": r.kind, "detail": r.detail, "removed": r.removed} for r in page.repairs],
        "warnings": [str(w) for w in page.warnings],
    }


def to_json(value) -> str:
    """Return ``value`` as deterministic, human-readable UTF-8 JSON text."""
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def open_data(archive: Archive, urls: URLs) -> dict[str, str]:
    """Return the open-data files of the site, keyed by site path."""
    return {
        urls.data("articles.json"): to_json([item_record(i, urls) for i in archive.items]),
        urls.data("pages.json"): to_json([page_record(p, urls) for p in archive.pages]),
    }
