"""Search tokens cache: a rebuild re-tokenises only changed items, and the site stays byte-identical."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from generator.search.cache import TokenCache, entry_key, local_words
from generator.search.postings import counted, terms_of

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
import generate  # noqa: E402
from conftest import run_build  # noqa: E402

PAGES = 12
# A real seed line (the Jiaxiang page) and names of the archive's bylines and counties.
LINE = "本报讯(通讯员 郭保存)近日,嘉祥县仲山镇召开网格员培训会。"
WEIGHTED = [("嘉祥县", 2301), ("郭保存", 3), ("刘金龙", 4)]
SHARED = "1:code:0.42.1:60101967"


@pytest.mark.parametrize("texts, expected", [
    ((LINE, "", ""), [("嘉祥县", 2301), ("郭保存", 3)]),
    (("", "", LINE), [("嘉祥县", 2301), ("郭保存", 3)]),
    (("嘉祥", "", "县"), []),                               # a name split across fields is not in any text
    (("成武县召开会议", "", ""), []),
])
def test_only_names_in_the_item_text_are_part_of_its_key(texts, expected):
    assert local_words(texts, WEIGHTED) == expected


@pytest.mark.parametrize("texts, weighted, shared, same", [
    ((LINE, "", ""), WEIGHTED + [("王宁", 7)], SHARED, True),                  # a name found only elsewhere
    ((LINE, "", ""), [("嘉祥县", 2301), ("郭保存", 4), ("刘金龙", 4)], SHARED, False),  # its own name weighs more
    ((LINE + "。", "", ""), WEIGHTED, SHARED, False),                           # its text changed
    (("", LINE, ""), WEIGHTED, SHARED, False),                                 # same text, another field
    ((LINE, "", ""), WEIGHTED, "1:code:0.42.1:60101970", False),               # jieba's total changed
    ((LINE, "", ""), WEIGHTED, "1:other:0.42.1:60101967", False),              # the code changed
])
def test_key_changes_exactly_when_jieba_could_cut_the_item_differently(texts, weighted, shared, same):
    before = entry_key((LINE, "", ""), WEIGHTED, SHARED)
    assert (entry_key(texts, weighted, shared) == before) is same


@pytest.mark.parametrize("elsewhere", [["刘金龙"], ["刘金龙", "王新名", "阿尔法"], ["仲山镇网格", "网格员培训班"]])
def test_names_found_only_elsewhere_change_neither_the_key_nor_the_terms(tmp_path, elsewhere):
    from generator.search.text import tokenize
    names = ["郭保存", "嘉祥县"]
    alone = TokenCache(tmp_path, names, fingerprint="a" * 64)
    more = TokenCache(tmp_path, names + elsewhere, fingerprint="a" * 64)
    assert alone.key((LINE, "", "")) == more.key((LINE, "", ""))
    assert tokenize(LINE, names) == tokenize(LINE, names + elsewhere)


def test_a_build_with_the_other_tokenizer_or_another_rjieba_does_not_reuse_the_terms(tmp_path, monkeypatch):
    from generator.text import jieba_rs
    rust = TokenCache(tmp_path, ["郭保存"], fingerprint="a" * 64, tokenizer="rjieba")
    reference = TokenCache(tmp_path, ["郭保存"], fingerprint="a" * 64, tokenizer="jieba")
    monkeypatch.setattr(jieba_rs, "version", lambda: "0.9.9")
    upgraded = TokenCache(tmp_path, ["郭保存"], fingerprint="a" * 64, tokenizer="rjieba")
    keys = {cache.key((LINE, "", "")) for cache in (rust, reference, upgraded)}
    assert len(keys) == 3


def test_damaged_cache_file_is_ignored(tmp_path):
    cache = TokenCache(tmp_path, ["郭保存"], fingerprint="a" * 64)
    cache.put(cache.key((LINE, "", "")), (counted(["郭保存"]), counted([]), counted([])))
    cache.save()
    cache.file.write_bytes(cache.file.read_bytes()[:10])       # a build killed mid-write
    again = TokenCache(tmp_path, ["郭保存"], fingerprint="a" * 64)
    assert again.get(again.key((LINE, "", ""))) is None


def test_new_code_drops_the_old_cache_file(tmp_path):
    old = TokenCache(tmp_path, [], fingerprint="a" * 64)
    old.put("k", (counted([]),) * 3)
    old.save()
    new = TokenCache(tmp_path, [], fingerprint="b" * 64)
    new.put("k", (counted([]),) * 3)
    new.save()
    assert not old.file.exists() and new.file.exists()


# --- whole sites, byte for byte ---------------------------------------------------------------
def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(seeds: Path, out: Path, *options: str) -> dict[str, bytes]:
    """Build with the real build.py (in-process) and return the site's files."""
    assert run_build(seeds, out, "--workers", "2", "--timings", str(out.parent / "timings.json"), *options) == 0
    return tree(out)


def search_stats(out: Path) -> dict:
    """Return the search stage's counts of the last build into ``out`` (from its timings file)."""
    return json.loads((out.parent / "timings.json").read_text(encoding="utf-8"))["search"]


@pytest.mark.slow
def test_cached_and_uncached_builds_are_byte_identical_after_a_change(tmp_path):
    generated = tmp_path / "generated"
    generate.Generator().write_archive(generated, PAGES)
    plain, cached = (shutil.copytree(generated, tmp_path / name / "seeds") for name in ("plain", "cached"))
    cache = tmp_path / "cache"

    reference = build(plain, tmp_path / "plain" / "site", "--no-cache")
    assert build(cached, tmp_path / "cached" / "site", "--cache", str(cache)) == reference
    items = search_stats(tmp_path / "cached" / "site")["search_items"]
    assert items > 5 * PAGES and search_stats(tmp_path / "cached" / "site")["search_tokenised"] == items
    assert build(cached, tmp_path / "cached" / "site", "--cache", str(cache)) == reference
    assert search_stats(tmp_path / "cached" / "site")["search_tokenised"] == 0          # every item from the cache

    for seeds in (plain, cached):                                           # one page corrected
        generate.change_page(sorted(seeds.glob("*.txt"))[5])
    reference = build(plain, tmp_path / "plain" / "site", "--no-cache")
    assert build(cached, tmp_path / "cached" / "site", "--cache", str(cache)) == reference
    assert 1 <= search_stats(tmp_path / "cached" / "site")["search_tokenised"] < items / PAGES * 3

    for seeds in (plain, cached):                                           # one page added
        generate.Generator().write_page(seeds, PAGES)
    reference = build(plain, tmp_path / "plain" / "site", "--no-cache")
    assert build(cached, tmp_path / "cached" / "site", "--cache", str(cache)) == reference
    assert any(name.startswith(f"p/{PAGES:05d}_") for name in reference)


@pytest.mark.parametrize("elsewhere, remembered", [([], True), (["王新名"], False)])
def test_an_unchanged_item_is_found_by_its_raw_fields_and_a_new_name_only_costs_the_key(tmp_path, elsewhere,
                                                                                         remembered):
    names, source = ["郭保存", "嘉祥县"], [None, None, None, [LINE], [], None, None]
    counts = (counted(["郭保存"]), counted([]), counted([]))
    first = TokenCache(tmp_path, names, fingerprint="a" * 64)
    key = first.key((LINE, "", ""))
    first.put(key, counts)
    first.remember({first.source_key(source): key})
    first.save()
    again = TokenCache(tmp_path, names + elsewhere, fingerprint="a" * 64)
    found = again.find_sources([again.source_key(source)])
    assert bool(found) is remembered
    assert terms_of(again.find([again.key((LINE, "", ""))])[key][0]) == {"郭保存": 1}   # not tokenised again
    if remembered:
        assert found[again.source_key(source)] == (key, again.find([key])[key])
        again.mark_used([key], sources=found)
        again.save()
        assert TokenCache(tmp_path, names, fingerprint="a" * 64).find_sources(list(found))   # kept for the next build
