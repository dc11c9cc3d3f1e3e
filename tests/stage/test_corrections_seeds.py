"""Corrections on the real seed articles: every operation, conservation, anchors lost to a re-segmentation,
and a registry round trip that gives every id back."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from conftest import SEEDS

from generator import stages
from generator.archive import permalinks
from generator.archive.corrections import apply_fixes, parse_fixes
from generator.infer import places
from generator.parse import reading

ENTRIES = """\
- id: v68p1g
  replace: {old: "威武", new: "成武"}
  note: "县名识别错误"
- id: n6v7bm
  set: {county: "牡丹区", date: "2023-04-22"}
- id: g6cr9n
  split_before: {at: "为持续深化党纪学习教育", title: "党建指导员 激发党建工作活力"}
- id: 38xsww
  merge_into: 6rpp8n
- id: 3pd1j9
  restore: "“网格+居民自治”"
"""


@pytest.fixture(scope="module")
def parsed():
    """Return the seed pages with the ids of the committed registry, and that registry."""
    pages, _ = stages.process_pages(reading.read_pages(SEEDS), workers=1)
    return permalinks.assign_ids(pages, permalinks.load_registry(SEEDS / "permalinks.json"))


def corrected(parsed, text: str = ENTRIES):
    """Return the outcome of ``text`` on the parsed seeds."""
    pages, registry, redirects = parsed
    counties = frozenset(c.name for c in places.load_gazetteer().counties)
    fixes, problems = parse_fixes(text, "seeds/corrections.yaml", counties)
    assert problems == []
    return apply_fixes(pages, fixes, registry, redirects)


def items(pages) -> dict:
    """Return id -> item."""
    return {i.id: i for p in pages for i in p.items}


def test_every_operation_applies_to_the_seed_articles(parsed):
    out = corrected(parsed)
    assert out.warnings == ()
    by_id = items(out.pages)
    assert by_id["v68p1g"].title.startswith("成武:") and "威武" in out.pages[0].raw
    assert by_id["n6v7bm"].counties == ("牡丹区",) and (by_id["n6v7bm"].date, by_id["n6v7bm"].date_inferred) == \
        ("2023-04-22", False)
    ((_, new_id),) = out.minted
    assert by_id[new_id].title == "党建指导员 激发党建工作活力" and by_id[new_id].source.startswith("002")
    assert by_id[new_id].body[0].text.startswith("为持续深化") and "g6cr9n" in by_id
    assert set(by_id[new_id].lines) and not set(by_id[new_id].lines) & set(by_id["g6cr9n"].lines)
    assert "38xsww" not in by_id and {r.id: r.successor for r in out.redirects}["38xsww"] == "6rpp8n"
    assert "“网格+居民自治”" in "".join(b.text for b in by_id["3pd1j9"].body)


def chars(texts) -> Counter:
    """Return the multiset of non-whitespace characters of ``texts``."""
    return Counter(c for t in texts for c in t if not c.isspace())


def test_what_a_correction_removes_is_recorded_every_character_is_still_somewhere(parsed):
    out = corrected(parsed)
    for before, after in zip(parsed[0], out.pages):
        kept = [t for i in after.items for t in i.printed_texts()] + [r.removed for i in after.items for r in i.repairs]
        recorded = [c.before or "" for i in after.items for c in i.corrections if c.operation in ("replace", "set")]
        moved_in = [t for i in after.items for c in i.corrections if c.operation == "merge_into"
                    for t in items(parsed[0])[c.before].printed_texts()]
        was = [t for i in before.items for t in i.printed_texts()] + [r.removed for i in before.items for r in i.repairs]
        lost = chars(was) - chars(kept + recorded)
        merged_away = chars(t for i in before.items if i.id == "38xsww" for t in i.printed_texts())
        assert not lost - merged_away, f"{before.source}: lost {dict(lost)}"
        assert not moved_in or chars(moved_in) - chars(kept) == Counter()


def test_a_correction_whose_anchor_is_gone_after_a_re_segmentation_is_reported_not_misapplied(parsed):
    pages, registry, redirects = parsed
    def reread(page):      # a later parser reads the headline without the OCR slip: the anchor is gone
        return replace(page, items=tuple(replace(i, title="成武:规范“属地管理”") if i.id == "v68p1g" else i
                                         for i in page.items))

    reread = [reread(p) for p in pages]
    out = corrected((reread, registry, redirects))
    (warning,) = out.warnings
    assert warning.line == 1 and "v68p1g" in warning.message and "not in its text" in warning.message
    assert items(out.pages)["v68p1g"].title == "成武:规范“属地管理”" and items(out.pages)["v68p1g"].corrections == ()


def test_corrections_survive_a_registry_round_trip(parsed, tmp_path):
    first = corrected(parsed)
    path = tmp_path / "permalinks.json"
    permalinks.save_registry(path, first.registry)
    pages, _ = stages.process_pages(reading.read_pages(SEEDS), workers=1)
    again = corrected(permalinks.assign_ids(pages, permalinks.load_registry(path)))
    assert again.pages == first.pages and again.redirects == first.redirects
    assert permalinks.registry_text(again.registry) == permalinks.registry_text(first.registry)
