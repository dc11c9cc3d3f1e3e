"""The review queue (``python build.py --review``): the decisions the build is least sure of, most doubtful first.

Each doubt names the article (or page), says why it is doubtful, and carries the entry to paste
into ``seeds/corrections.yaml`` (or the page's ``seeds/<page>.yaml`` for a page's date and paper),
already filled in. Doubt scores are a fixed scale from what the build records (repairs, inferred
metadata, missing headlines, counties or bylines, item lengths); when the parser gives an item
or a repair a ``confidence`` (0–1), ``1 - confidence`` is used instead of the fixed score.
Items an archivist has already corrected are not queued again.
"""
from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.archive.urls import URLs
from generator.model import Archive, Item, Page

LONG_TITLE = 40              # characters: a headline this long may be a paragraph taken for one
LONG_FACTOR = 3.0            # an article this many times the median length may be two merged
SHORT_FACTOR = 0.25          # an article this fraction of the median may be a piece of another
# A repair whose detail compares two scores (``(0.06 vs 0.05 here)``: where a repeated paragraph was
# kept) was decided by that margin; within NEAR_MARGIN the decision gets up to NEAR_BONUS more doubt.
MARGIN = re.compile(r"\((\d+(?:\.\d+)?) vs (\d+(?:\.\d+)?)")
NEAR_MARGIN, NEAR_BONUS = 0.1, 0.3
REPAIR_DOUBTS = {            # kind: (score, why)
    "duplicate_removed": (0.65, "一段被当作重复删去 — a paragraph was removed as a repeat"),
    "overlap_removed": (0.6, "接缝处重复的文字被删去 — text repeated at a column seam was removed"),
    "title_moved": (0.6, "标题取自文章之后 — the headline was taken from after the article"),
    "caption_moved": (0.5, "图片说明从段落中移出 — a caption was moved out of a paragraph"),
    "join": (0.2, "两行被接成一段 — two lines were joined into one paragraph"),
}


@dataclass(frozen=True)
class Doubt:
    """One decision to check: how doubtful, why, where, and the entry that would fix it."""

    score: float                 # 0–1, higher is more doubtful
    reason: str
    source: str                  # page file name
    item_id: str | None          # None for a page's date or paper
    entry: str                   # YAML to paste (corrections.yaml, or seeds/<page>.yaml when item_id is None)
    order: tuple[int, int] = (0, 0)   # page and printed order: ties keep archive order


def queue(archive: Archive) -> list[Doubt]:
    """Return every doubt of the archive, most doubtful first (ties in archive order)."""
    median = _median_length(archive.items)
    doubts = []
    for page_number, page in enumerate(archive.pages):
        doubts += page_doubts(page, page_number)
        for item in page.items:
            if not item.corrections:
                doubts += item_doubts(item, page, median, (page_number, item.position))
    return sorted(doubts, key=lambda d: (-d.score, d.order))


def _median_length(items) -> float:
    """Return the median body length of the articles (characters), 0 when there are none."""
    lengths = [_length(i) for i in items if i.kind == "article"]
    return statistics.median(lengths) if lengths else 0.0


def _length(item: Item) -> int:
    """Return the number of characters of the item's body."""
    return sum(len(b.text) for b in item.body)


def _confidence(value) -> float | None:
    """Return the ``confidence`` a parser recorded on an item or repair (0–1), or None."""
    confidence = getattr(value, "confidence", None)
    return float(confidence) if isinstance(confidence, (int, float)) else None


def _score(value, fixed: float) -> float:
    """Return ``1 - confidence`` when the parser recorded one, else the fixed score (raised when decided by a small margin)."""
    confidence = _confidence(value)
    if confidence is not None:
        return round(1 - confidence, 3)
    match = MARGIN.search(getattr(value, "detail", ""))
    if match:
        margin = abs(float(match[1]) - float(match[2]))
        return round(min(0.95, fixed + NEAR_BONUS * max(0.0, 1 - margin / NEAR_MARGIN)), 3)
    return fixed


def page_doubts(page: Page, number: int) -> list[Doubt]:
    """Return the page's inferred date and paper, with the metadata file that would fix them."""
    inferred = [(key, value) for key, value, flag in (("date", page.date, page.date_inferred),
                                                      ("paper", page.paper, page.paper_inferred)) if flag]
    if not inferred:
        return []
    stem = PurePosixPath(page.source).stem
    lines = [f"# seeds/{stem}.yaml"] + [f"{key}: {_quoted(value or '')}" for key, value in inferred]
    what = " and ".join(key for key, _ in inferred)
    return [Doubt(0.3, f"版面{('日期' if page.date_inferred else '')}{('报名' if page.paper_inferred else '')}"
                       f"由文字推断 — the page's {what} inferred from its text", page.source, None,
                  "\n".join(lines), (number, 0))]


def item_doubts(item: Item, page: Page, median: float, order: tuple[int, int]) -> list[Doubt]:
    """Return the doubtful decisions about one item, each with the entry that would fix it."""
    found = [_doubt(item, order, score, reason, op) for score, reason, op in _item_signals(item, page, median)]
    for repair in item.repairs:
        if repair.kind in REPAIR_DOUBTS:
            fixed, reason = REPAIR_DOUBTS[repair.kind]
            found.append(_doubt(item, order, _score(repair, fixed), f"{reason}: {repair.detail}",
                                _repair_entry(item, repair)))
    confidence = _confidence(item)
    if confidence is not None:
        found.append(_doubt(item, order, round(1 - confidence, 3), f"解析把握 {confidence:.2f} — parser confidence",
                            f"set: {{title: {_quoted(item.title or '')}}}"))
    return found


def _item_signals(item: Item, page: Page, median: float) -> list[tuple[float, str, str]]:
    """Return (score, reason, operation line) for each doubtful trait of the item itself."""
    signals = []
    length = _length(item)
    if item.kind == "article" and not item.title:
        signals.append((0.7, "没有标题 — no headline found", f"set: {{title: {_quoted(item.first_sentence(20))}}}"))
    if item.title and len(item.title) > LONG_TITLE:
        signals.append((0.55, "标题很长，可能是正文 — a long headline, maybe a paragraph",
                        f"set: {{title: {_quoted(item.title[:LONG_TITLE])}}}"))
    if item.kind == "article" and median and length > LONG_FACTOR * median:
        signals.append((0.5, f"正文特别长（{length} 字），可能是两篇 — unusually long, maybe two articles merged",
                        f"split_before: {_quoted(_split_anchor(item))}"))
    if item.kind == "article" and median and length < SHORT_FACTOR * median:
        signals.append((0.5, f"正文特别短（{length} 字），可能是一篇的一部分 — unusually short, maybe part of another",
                        f"merge_into: {_neighbour(item, page)}"))
    if item.byline and not item.authors:
        signals.append((0.45, "署名未能识别出人名 — byline kept raw", f"set: {{byline: {_quoted(item.byline)}}}"))
    if item.kind == "photo" and not item.captions:
        signals.append((0.4, "图片没有说明 — photo without caption", "set: {kind: article}"))
    if not item.counties:
        signals.append((0.35, "未识别出县区 — no county", f"set: {{county: {_quoted(_likely_county(page))}}}"))
    return signals


def _doubt(item: Item, order: tuple[int, int], score: float, reason: str, operation: str) -> Doubt:
    """Return a doubt about ``item`` whose entry applies ``operation``."""
    entry = f"- id: {item.id}\n  {operation}\n  note: \"\""
    return Doubt(score, reason, item.source, item.id, entry, order)


def _repair_entry(item: Item, repair) -> str:
    """Return the operation line that would undo or adjust a repair."""
    if repair.removed:
        return f"restore: {_quoted(repair.removed.strip()[:12])}"
    if repair.kind == "caption_moved" and item.captions:
        return f"replace: {{old: {_quoted(item.captions[-1])}, new: {_quoted(item.captions[-1])}}}"
    seam = repair.detail.split(": ", 1)[-1].replace("…", "").split("|")
    text = "".join(seam) if len(seam) == 2 else (item.title or "")
    return f"replace: {{old: {_quoted(text)}, new: {_quoted(text)}}}"


def _split_anchor(item: Item) -> str:
    """Return where a long item most likely holds a second article: a new dateline, else its middle."""
    for block in item.body[1:]:
        if block.type == "paragraph" and block.text.startswith("本报") and "讯" in block.text[:12]:
            return block.text[:12]
    paragraphs = [b for b in item.body[1:] if b.type == "paragraph"] or list(item.body)
    return paragraphs[len(paragraphs) // 2].text[:12] if paragraphs else ""


def _neighbour(item: Item, page: Page) -> str:
    """Return the id of the item printed before ``item`` (after it, for the first)."""
    ids = [i.id for i in page.items]
    index = ids.index(item.id)
    return ids[index - 1] if index else (ids[1] if len(ids) > 1 else item.id)


def _likely_county(page: Page) -> str:
    """Return the county most items of the page are about, or a placeholder."""
    counts: dict[str, int] = {}
    for item in page.items:
        for name in item.counties[:1]:
            counts[name] = counts.get(name, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else "县区全名"


def _quoted(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def queue_text(doubts: list[Doubt], urls: URLs, out: Path) -> str:
    """Return the queue as YAML comments and entries ready to paste, with links to the article and printed page."""
    def where(path: str) -> str:
        return urls.absolute(path) or (Path(out).resolve() / path).as_uri()

    blocks = [f"# review queue: {len(doubts)} decisions, most doubtful first; paste an entry into "
              "seeds/corrections.yaml (or the page's seeds/<page>.yaml), edit it, commit"]
    for number, doubt in enumerate(doubts, 1):
        links = ([f"article {where(urls.article(doubt.item_id))}"] if doubt.item_id else []) + \
                [f"printed page {where(urls.printed_page(doubt.source))}"]
        blocks.append(f"# {number}. [{doubt.score:.2f}] {doubt.reason}\n#    " + "\n#    ".join(links)
                      + "\n" + doubt.entry)
    return "\n\n".join(blocks) + "\n"
