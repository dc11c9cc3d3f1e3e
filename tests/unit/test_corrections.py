"""The corrections file: validated at load with one-line errors; entries applied by id and anchor, never by position."""
from __future__ import annotations

import pytest

from generator.archive import permalinks
from generator.archive.corrections import apply_fixes, parse_fixes
from generator.model import BodyBlock, Item, Page, Repair

COUNTIES = frozenset({"成武县", "定陶区", "牡丹区"})
NAME = "seeds/corrections.yaml"


def fixes(text: str):
    """Return the entries of a corrections text, failing on any problem."""
    found, problems = parse_fixes(text, NAME, COUNTIES)
    assert problems == []
    return found


@pytest.mark.parametrize("text, line, words", [
    ("- id: abc\n  replace: {old: 威武}\n", 1, "`new` is missing"),
    ("- id: abc\n  set: {date: 22.4.2023}\n", 1, "YYYY-MM-DD"),
    ("- id: abc\n  set: {county: 威武县}\n", 1, "unknown county"),
    ("- id: abc\n  set: {colour: red}\n", 1, "cannot set `colour`"),
    ("- id: abc\n  withdraw: x\n- id: b\n  split_before: x\n  merge_into: y\n", 3, "2 operations"),
    ("- replace: {old: a, new: b}\n", 1, "no `id`"),
    ("- id: abc\n  rename: x\n", 1, "unknown key `rename`"),
    ("- id: abc\n  note: a\n  note: b\n  withdraw: x\n", 1, "repeated"),
    ("- &a {id: abc, withdraw: x}\n- *a\n", 1, "anchors and aliases"),
    ("- id: abc\n  withdraw: &w x\n", 2, "anchors and aliases"),
    ("- id: abc\n  replace: {old: \"a, new: b}\n", 2, "not valid YAML"),
    ("id: abc\n", 1, "must be a list"),
    ("- id: abc\n  merge_into: \"\"\n", 1, "needs a text"),
])
def test_a_bad_entry_is_one_line_naming_the_file_line_and_what_to_do(text, line, words):
    found, problems = parse_fixes(text, NAME, COUNTIES)
    assert found == () or len(problems) == 1
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{NAME}:{line}: ") and words in problems[0] and " — " in problems[0]


def test_values_are_read_as_written_dates_and_numbers_stay_text():
    (fix,) = fixes("- id: 000123\n  set: {date: 2023-04-22, paper: 菏泽日报}\n  note: 见原报\n")
    assert fix.id == "000123" and dict(fix.value) == {"date": "2023-04-22", "paper": "菏泽日报"}
    assert fix.note == "见原报" and fix.line == 1


def test_an_empty_or_comment_only_file_has_no_entries():
    assert parse_fixes("# nothing yet\n", NAME, COUNTIES) == ((), [])


def item(position: int, title: str, *paragraphs: str, **fields) -> Item:
    """Return an article of page p.txt with id i<position>."""
    return Item(source="p.txt", position=position, kind="article", title=title, id=f"i{position}",
                body=tuple(BodyBlock("paragraph", p) for p in paragraphs), **fields)


def page(*items: Item) -> Page:
    """Return page p.txt holding ``items``."""
    raw = "\n".join(t for i in items for t in i.printed_texts())
    return Page(source="p.txt", raw=raw, items=items)


def registry(*pages: Page) -> permalinks.Registry:
    """Return the registry of the items of ``pages`` as the permalinks stage writes it."""
    return permalinks.assign_ids(pages, permalinks.Registry())[1]


def apply(text: str, *items: Item):
    """Return the outcome of the corrections ``text`` on one page of ``items``."""
    pages = (page(*items),)
    ids = {i.id for i in items}
    reg = permalinks.Registry(tuple(permalinks.Entry(i.id, "live", "p.txt", i.title, b"") for i in items))
    assert {e.id for e in reg.entries} == ids
    return apply_fixes(pages, fixes(text), reg, ())


def test_replace_changes_every_field_holding_the_text_and_records_before_after_and_note():
    out = apply('- id: i1\n  replace: {old: 威武, new: 成武}\n  note: 县名\n', item(1, "威武:规范", "威武县委"))
    (fixed,) = out.pages[0].items
    assert fixed.title == "成武:规范" and fixed.body[0].text == "成武县委"
    (change,) = fixed.corrections
    assert (change.operation, change.field, change.before, change.after, change.note) == \
        ("replace", "title,body", "威武", "成武", "县名")


def test_an_anchor_not_found_is_reported_with_line_and_id_and_nothing_is_changed():
    before = item(1, "标题", "第一段")
    out = apply("- id: i1\n  set: {title: 新}\n- id: i1\n  replace: {old: 威武, new: 成武}\n", before)
    (warning,) = out.warnings
    assert str(warning).startswith(f"{NAME}:3: replace on i1") and "not in its text" in str(warning)
    assert out.pages[0].items[0].title == "新"          # the entry before it still applied


def test_split_keeps_the_id_for_the_first_part_and_mints_a_registered_id_for_the_second():
    out = apply("- id: i1\n  split_before: 另一篇开头\n", item(1, "甲", "甲一", "另一篇开头说", "乙二"), item(2, "丙", "丙一"))
    first, second, third = out.pages[0].items
    assert first.id == "i1" and [b.text for b in first.body] == ["甲一"]
    assert [b.text for b in second.body] == ["另一篇开头说", "乙二"] and second.position == 2 and third.position == 3
    assert out.registry.get(second.id).status == "live" and out.minted == ((1, second.id),)
    again = apply_fixes((page(item(1, "甲", "甲一", "另一篇开头说", "乙二"), item(2, "丙", "丙一")),),
                        fixes("- id: i1\n  split_before: 另一篇开头\n"), out.registry, ())
    assert again.pages[0].items[1].id == second.id        # the next build finds the registered id


def test_merge_appends_the_text_and_redirects_the_id_withdraw_keeps_a_reason():
    out = apply("- id: i2\n  merge_into: i1\n- id: i3\n  withdraw: 重复收录\n",
                item(1, "甲", "甲一"), item(2, "乙", "乙一"), item(3, "丙", "丙一"))
    (merged,) = out.pages[0].items
    assert [b.text for b in merged.body] == ["甲一", "乙", "乙一"]
    assert {r.id: (r.successor, r.reason) for r in out.redirects} == {"i2": ("i1", None), "i3": (None, "重复收录")}
    assert out.registry.get("i2").status == "redirect" and out.registry.get("i3").status == "withdrawn"


def test_an_entry_for_a_retired_id_says_where_it_went():
    out = apply("- id: i2\n  merge_into: i1\n- id: i2\n  set: {title: x}\n", item(1, "甲", "甲一"), item(2, "乙", "乙一"))
    (warning,) = out.warnings
    assert warning.line == 3 and "redirects to i1" in warning.message


def test_a_chain_of_merges_redirects_to_the_last_live_article():
    out = apply("- id: i3\n  merge_into: i2\n- id: i2\n  merge_into: i1\n",
                item(1, "甲", "甲一"), item(2, "乙", "乙一"), item(3, "丙", "丙一"))
    assert {r.id: r.successor for r in out.redirects} == {"i2": "i1", "i3": "i1"}


def test_move_restore_and_caption_keep_every_character():
    dup = Repair("duplicate_removed", "line 9", "重复的段落")
    out = apply("- id: i1\n  move: {paragraph: 乙的, to: i2}\n- id: i2\n  restore: 重复\n- id: i2\n  caption: 图为\n",
                item(1, "甲", "甲一", "乙的段落"), item(2, "乙", "重复的段落", "图为某处", repairs=(dup,)))
    first, second = out.pages[0].items
    assert [b.text for b in first.body] == ["甲一"]
    assert [b.text for b in second.body] == ["重复的段落", "重复的段落", "乙的段落"] and second.repairs == ()
    assert second.captions == ("图为某处",)
    assert [c.operation for c in second.corrections] == ["move_from", "restore", "caption"]
