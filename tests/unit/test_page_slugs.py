"""Printed pages' URL slugs: safe for any file name, unique, and permanent across renames (issue 13)."""
from __future__ import annotations

import pytest

from generator.archive.page_slugs import LIVE, REDIRECT, REMOVED, PageEntry, assign_page_slugs, moved_pages
from generator.archive.urls import page_slug


@pytest.mark.parametrize("name, slug", [
    ("000_426d0e80c1052dd2.txt", "000_426d0e80c1052dd2"),
    ("菏泽日报 第二版.txt", "菏泽日报 第二版"),
    ("index.txt", "index_"),
])
def test_safe_names_keep_their_stem(name, slug):
    assert page_slug(name) == slug


NAMES = ["a#b.txt", "a\\b.txt", "a?b.txt", "a~b.txt", "a-b.txt", "index_.txt", "index.txt", ".hidden.txt", "..txt",
         " a.txt", "a .txt", "x\u202egnp.txt", "zero\u200bwidth.txt", "tab\tname.txt", "new\nline.txt",
         "a" * 300 + ".txt", "a" * 301 + ".txt", "con.txt", "a%20b.txt", "a<b>.txt"]


def test_every_name_gets_a_distinct_safe_slug():
    slugs = [page_slug(name) for name in NAMES]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert not set(slug) & set('#\\/?<>:"|*\t\n\u202e\u200b') and not slug.startswith((".", " "))
        assert len(slug.encode("utf-8")) <= 170


def entry(slug, source, sha, status=LIVE, successor=None):
    return PageEntry(slug, status, source, sha, successor)


def test_a_renumbered_page_keeps_its_slug_by_its_bytes():
    old = (entry("001", "001.txt", "A"), entry("002", "002.txt", "B"))
    slugs, entries, redirects = assign_page_slugs([("002.txt", "A"), ("003.txt", "B")], old, {})
    assert slugs == {"002.txt": "001", "003.txt": "002"} and redirects == ()


def test_a_page_edited_in_place_keeps_its_slug_by_its_name():
    slugs, _, _ = assign_page_slugs([("001.txt", "A2")], (entry("001", "001.txt", "A"),), {})
    assert slugs == {"001.txt": "001"}


def test_a_renamed_and_edited_page_redirects_to_where_its_articles_went():
    slugs, entries, redirects = assign_page_slugs([("009.txt", "A2")], (entry("001", "001.txt", "A"),),
                                                  {"001.txt": "009.txt"})
    assert slugs == {"009.txt": "009"}
    assert [(r.slug, r.successor) for r in redirects] == [("001", "009")]
    assert {e.slug: e.status for e in entries} == {"001": REDIRECT, "009": LIVE}


def test_a_removed_page_is_said_to_be_removed_and_its_slug_never_reused():
    slugs, entries, redirects = assign_page_slugs([("other.txt", "B")], (entry("001", "001.txt", "A"),), {})
    assert [(r.slug, r.successor) for r in redirects] == [("001", None)]
    assert {e.slug: e.status for e in entries}["001"] == REMOVED
    again, _, _ = assign_page_slugs([("001.txt", "C"), ("other.txt", "B")], entries, {})
    assert again["001.txt"] == "001"            # the same file name back: its page, edited


def test_a_new_page_never_takes_a_registered_slug():
    old = (entry("new", "old.txt", "A", REDIRECT, "x"), entry("x", "x.txt", "X"))
    slugs, _, _ = assign_page_slugs([("new.txt", "N"), ("x.txt", "X")], old, {})
    assert slugs["new.txt"] not in ("new", "x") and slugs["new.txt"].startswith("new~")


def test_a_held_page_keeps_its_entry():
    old = (entry("001", "001.txt", "A"),)
    slugs, entries, redirects = assign_page_slugs([("001.txt", "")], old, {}, held=frozenset({"001.txt"}))
    assert slugs == {"001.txt": "001"} and entries == old and redirects == ()


def test_moved_pages_follow_the_majority_of_ids():
    class E:
        def __init__(self, id, source, status="live"):
            self.id, self.source, self.status = id, source, status
    before = [E("a", "1.txt"), E("b", "1.txt"), E("c", "1.txt")]
    after = [E("a", "2.txt"), E("b", "2.txt"), E("c", "3.txt")]
    assert moved_pages(before, after) == {"1.txt": "2.txt"}
