"""The open-data contract: ``data/articles.json`` (an index of parts), ``data/articles/*.json.gz``
(one object per item, gzip-compressed) with their CSV twins ``*.csv.gz``, and ``data/pages.json``.

Items are split into parts by publication month so that no file nears GitHub's 20 MB limit at
100,000 items; ``data/articles.json`` lists the parts in chronological order. Parts are gzipped
(version 3): a part is read about once, by a script, and JSON text compresses to about a third
(issue 16: the open data was 2.76x the raw text as plain JSON and CSV). Key order is fixed here
and documented in the README; text keeps the dumps' original (ASCII) punctuation, exactly as the
archive stores it.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re

from generator.archive.urls import URLs
from generator.model import Archive, Item, Page, Repair

INDEX_FORMAT = "articles-index"
INDEX_VERSION = 3                   # 3: parts gzipped (.json.gz, .csv.gz), one item per line; 2: plain parts
COMPRESSION = "gzip"
MAX_ITEMS_PER_PART = 2_000          # about 5.6 MB of JSON text at the archive's 2.8 KB per item
MAX_PART_BYTES = 10_000_000         # of JSON text before compression: a bound for pages of very long items
UNDATED = "undated"
CSV_COLUMNS = ("id", "url", "paper", "date", "date_inferred", "kind", "kicker", "title", "subtitle", "byline",
               "credit", "authors", "roles", "counties", "body", "captions", "source", "position", "lines")
LIST_SEPARATOR = "；"                # joins authors, roles, counties in a CSV cell (never inside a name)
PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?")


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
        "repairs": [repair_record(r) for r in item.repairs],
        "corrections": [{"operation": c.operation, "field": c.field, "before": c.before, "after": c.after,
                         "note": c.note} for c in item.corrections],
        "city": item.city,
        "counties_inferred": item.counties_inferred,
        "confidence": item.confidence,
    }


def repair_record(repair: Repair) -> dict:
    """Return one item repair in contract order (``confidence`` added after the first three keys)."""
    return {"kind": repair.kind, "detail": repair.detail, "removed": repair.removed,
            "confidence": repair.confidence}


def csv_row(item: Item, urls: URLs) -> list[str]:
    """Return one item as a CSV row in CSV_COLUMNS order: lists joined by "；", body and captions by newlines."""
    record = item_record(item, urls)
    flat = {**record, "date_inferred": "true" if item.date_inferred else "false",
            "authors": LIST_SEPARATOR.join(p.name for p in item.authors),
            "roles": LIST_SEPARATOR.join(p.role for p in item.authors),
            "counties": LIST_SEPARATOR.join(item.counties), "body": "\n".join(b.text for b in item.body),
            "captions": "\n".join(item.captions), "lines": " ".join(map(str, item.lines))}
    return ["" if flat[c] is None else str(flat[c]) for c in CSV_COLUMNS]


def csv_text(items: list[Item], urls: URLs) -> str:
    """Return items as CSV (RFC 4180, CRLF rows, header first), with a BOM so spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(item, urls) for item in items)
    return "\ufeff" + out.getvalue()


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
        "skipped": page.skipped,
    }


def to_json(value) -> str:
    """Return ``value`` as deterministic, human-readable UTF-8 JSON text."""
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


# --- parts ----------------------------------------------------------------------------

def period_of(date: str | None) -> str | None:
    """Return the part period of a date: "YYYY-MM", "YYYY" for a year alone, None when undated."""
    match = PERIOD.match(date or "")
    if not match:
        return None
    return f"{match[1]}-{match[2]}" if match[2] else match[1]


def period_order(period: str | None) -> tuple[int, str]:
    """Return the sort key that puts periods in chronological order and the undated last."""
    return (1, "") if period is None else (0, period)


def compact_json(value) -> str:
    """Return ``value`` as deterministic UTF-8 JSON text on one line (no spaces after separators)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_list(entries: list[str]) -> str:
    """Return the JSON text of a list of one-line JSON entries: one entry per line."""
    if not entries:
        return "[]\n"
    return "[\n" + ",\n".join(entries) + "\n]\n"


def gzipped(text: str) -> bytes:
    """Return ``text`` as UTF-8, gzip-compressed deterministically (no file name, no time stamp)."""
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def cut(entries: list[tuple[Item, str]]) -> list[list[tuple[Item, str]]]:
    """Return the entries in runs of at most MAX_ITEMS_PER_PART items and about MAX_PART_BYTES bytes."""
    runs: list[list[tuple[Item, str]]] = [[]]
    size = 0
    for entry in entries:
        grown = size + len(entry[1].encode("utf-8"))
        if runs[-1] and (len(runs[-1]) >= MAX_ITEMS_PER_PART or grown > MAX_PART_BYTES):
            runs.append([])
            grown = len(entry[1].encode("utf-8"))
        runs[-1].append(entry)
        size = grown
    return runs


def part_name(period: str | None, number: int) -> str:
    """Return the data file name of the ``number``-th (1-based) part of a period."""
    stem = period or UNDATED
    return f"articles/{stem}.json.gz" if number == 1 else f"articles/{stem}-{number}.json.gz"


def csv_path(part_path: str) -> str:
    """Return the path of the CSV twin of a JSON part: the same name ending in .csv.gz."""
    return part_path.removesuffix(".json.gz") + ".csv.gz"


def article_parts(archive: Archive, urls: URLs) -> tuple[dict, dict[str, bytes]]:
    """Return the articles index and its part files {site path: gzipped JSON or CSV}, in chronological order."""
    groups: dict[str | None, list[Item]] = {}
    for item in archive.items:
        groups.setdefault(period_of(item.date), []).append(item)
    parts, files = [], {}
    for period in sorted(groups, key=period_order):
        entries = [(item, compact_json(item_record(item, urls))) for item in groups[period]]
        for number, run in enumerate(cut(entries), start=1):
            path = urls.data(part_name(period, number))
            files[path] = gzipped(json_list([text for _, text in run]))
            files[csv_path(path)] = gzipped(csv_text([item for item, _ in run], urls))
            parts.append({"url": path, "csv": csv_path(path), "period": period, "count": len(run),
                          "first": run[0][0].id, "last": run[-1][0].id})
    index = {"format": INDEX_FORMAT, "version": INDEX_VERSION, "compression": COMPRESSION,
             "count": len(archive.items), "parts": parts}
    return index, files


def open_data(archive: Archive, urls: URLs) -> dict[str, str | bytes]:
    """Return the open-data files of the site, keyed by site path."""
    index, parts = article_parts(archive, urls)
    return {
        urls.data("articles.json"): to_json(index),
        **parts,
        urls.data("pages.json"): to_json([page_record(p, urls) for p in archive.pages]),
    }
