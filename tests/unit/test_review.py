"""The review queue: most doubtful first, each with an entry that the corrections file accepts as it is."""
from __future__ import annotations

from dataclasses import dataclass

from generator.archive.corrections import parse_fixes
from generator.archive.review import queue
from generator.model import Archive, BodyBlock, Item, Page, Repair


def article(position: int, title: str | None, length: int, **fields) -> Item:
    """Return an article with ``length`` characters of body."""
    return Item(source="p.txt", position=position, kind="article", title=title, id=f"id{position:04d}",
                body=(BodyBlock("paragraph", "字" * length),), counties=("定陶区",), **fields)


def archive(*items: Item, date_inferred: bool = False) -> Archive:
    """Return a one-page archive of ``items``."""
    return Archive(pages=(Page(source="p.txt", raw="", items=items, date="2023-04-23", date_inferred=date_inferred,
                               paper="菏泽日报", paper_inferred=False),))


def test_doubts_come_most_doubtful_first_and_a_small_margin_raises_doubt():
    near = Repair("duplicate_removed", "line 19: kept in item 3 (0.06 vs 0.05 here)", "重复")
    clear = Repair("duplicate_removed", "line 111: kept in item 10 (0.12 vs 0.04 here)", "重复")
    doubts = queue(archive(article(1, "甲", 300, repairs=(clear,)), article(2, None, 300),
                           article(3, "丙", 300, repairs=(near,)), article(4, "丁", 300)))
    assert [(d.item_id, d.score) for d in doubts[:3]] == [("id0003", 0.92), ("id0001", 0.71), ("id0002", 0.7)]


def test_long_and_short_items_and_inferred_page_metadata_are_queued():
    doubts = queue(archive(*(article(n, f"题{n}", 300) for n in range(1, 6)), article(6, "长", 1200),
                           article(7, "短", 20), date_inferred=True))
    reasons = {d.item_id: d.reason for d in doubts}
    assert "long" in reasons["id0006"] and "short" in reasons["id0007"] and "date" in reasons[None]
    assert "merge_into: id0006" in next(d.entry for d in doubts if d.item_id == "id0007")


def test_a_confidence_recorded_by_the_parser_is_used_when_present():
    @dataclass(frozen=True)
    class Scored:                       # what a repair looks like once the parser records its confidence
        kind: str
        detail: str
        removed: str
        confidence: float

    doubts = queue(archive(article(1, "甲", 300, repairs=(Scored("join", "lines 3+5", "", 0.1),))))
    assert doubts[0].score == 0.9 and doubts[0].item_id == "id0001"


def test_corrected_items_leave_the_queue_and_every_entry_can_be_pasted_as_it_is():
    from generator.model import Correction
    done = article(2, None, 300, corrections=(Correction("set", "title", None, "乙"),))
    doubts = queue(archive(article(1, None, 300, byline="本报讯"), done, article(3, "丙", 10)))
    assert doubts and all(d.item_id != "id0002" for d in doubts)
    text = "\n".join(d.entry for d in doubts if d.item_id)
    found, problems = parse_fixes(text, "c.yaml", frozenset({"定陶区"}))
    assert problems == [] and len(found) == len([d for d in doubts if d.item_id])
