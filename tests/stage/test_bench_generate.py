"""The synthetic archive generator: deterministic, real seed text, the seeds' kinds of damage."""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/ is not a package)

SEED_TEXT = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))


@pytest.fixture(scope="module")
def gen() -> generate.Generator:
    return generate.Generator()


@pytest.fixture(scope="module")
def pages(gen) -> list[generate.PageSpec]:
    return [gen.page(i) for i in range(200)]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_runs_write_byte_identical_archives(gen, tmp_path):
    gen.write_archive(tmp_path / "a", 25)
    generate.Generator().write_archive(tmp_path / "b", 25)
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert len(a) == 50 and a == b


def test_smaller_archive_is_a_prefix_of_a_larger_one(gen, tmp_path):
    small = tree(gen.write_archive(tmp_path, 10) and tmp_path)
    large = [gen.page(i) for i in range(30)]
    assert {f"{p.stem}.txt" for p in large[:10]} == {n for n in small if n.endswith(".txt")}


def test_shrinking_an_archive_removes_the_pages_beyond_it(gen, tmp_path):
    gen.write_archive(tmp_path, 12)
    gen.write_archive(tmp_path, 5)
    assert len(list(tmp_path.glob("*.txt"))) == 5 and len(list(tmp_path.glob("*.yaml"))) == 5


@pytest.mark.parametrize("kind", ["cut", "caption_between", "overlap", "duplicate", "title_after",
                                  "byline_start", "byline_own_line", "byline_end", "byline_inline",
                                  "photo", "banner", "whitespace_line"])
def test_every_kind_of_seed_damage_occurs(pages, kind):
    assert sum(d["kind"] == kind for p in pages for d in p.damage) >= 3


def test_paragraphs_cut_in_three_pieces_and_near_duplicates_occur(pages):
    damage = [d for p in pages for d in p.damage]
    assert any(d["kind"] == "cut" and len(d["parts"]) == 3 for d in damage)
    assert any(d["kind"] == "duplicate" and d["text"] != d["original"] for d in damage)
    assert any(d["kind"] == "duplicate" and d["text"] == d["original"] for d in damage)


def blocks(page: generate.PageSpec) -> list[str]:
    return [line for line in page.text.split("\n") if line.strip()]


def test_recorded_damage_is_visible_in_the_page_text(pages):
    for page in pages:
        text = page.text.replace("\n\n \n\n", "\n\n")     # a whitespace-only line may sit anywhere
        for d in page.damage:
            if d["kind"] == "cut":
                assert "\n\n".join(d["parts"]) in text, page.stem
                assert not generate.is_sentence_end(d["parts"][0])
            elif d["kind"] == "caption_between":   # extra blank lines where the photo stood
                assert f"{d['before']}\n\n\n\n{d['caption']}\n\n{d['after']}" in text, page.stem
            elif d["kind"] == "overlap":
                assert d["after"][0] == d["before"][-1] and f"{d['before']}\n\n{d['after']}" in text
            elif d["kind"] == "duplicate":
                assert d["text"] in blocks(page) and d["original"] in blocks(page), page.stem
            elif d["kind"] in ("byline_end", "byline_own_line", "title_after"):
                assert d["text"] in blocks(page), page.stem
            elif d["kind"] == "byline_start":
                assert d["text"].startswith("本报") and d["text"] in text
            elif d["kind"] == "photo":
                assert d["credit"].endswith("摄") and f"{d['caption']}\n\n{d['credit']}" in text


def test_a_title_printed_after_its_article_follows_the_body(pages):
    for page in pages:
        for d in page.damage:
            if d["kind"] == "title_after":
                lines = blocks(page)
                before = [lines[i - 1] for i, line in enumerate(lines) if line == d["text"] and i]
                assert any(generate.is_sentence_end(b) or generate.ROLE_NAMES.search(b) for b in before)


def test_pages_are_spread_over_ten_years_and_every_seed_county(pages):
    years = Counter(p.date[:4] for p in pages)
    assert sorted(years) == [str(y) for y in range(2015, 2025)]
    assert {p.county for p in pages} == set(generate.seed_places())
    assert all(county in SEED_TEXT for county in generate.seed_places())


def test_metadata_file_gives_paper_date_and_page_name(gen, tmp_path):
    spec = gen.write_page(tmp_path, 7)
    meta = yaml.safe_load((tmp_path / f"{spec.stem}.yaml").read_text(encoding="utf-8"))
    assert meta["paper"] in ("牡丹晚报", "济宁日报") and dt.date.fromisoformat(meta["date"]).year >= 2015
    assert meta["page"].startswith("A")


def test_text_comes_from_the_seeds(pages):
    """Most lines of a generated page share a long run of characters with a seed page."""
    def from_seeds(line: str) -> bool:
        return any(line[i:i + 8] in SEED_TEXT for i in range(0, max(1, len(line) - 8), 4))
    lines = [line for p in pages[:20] for line in blocks(p) if len(line) >= 12]
    assert sum(map(from_seeds, lines)) / len(lines) > 0.9


def test_pages_have_about_ten_items_and_real_bylines(pages):
    items = [sum(d["kind"] in ("byline_start", "byline_own_line", "byline_end", "byline_inline", "photo")
                 for d in p.damage) for p in pages]
    assert 8 <= sum(items) / len(items) <= 12
    assert all("记者 通讯员" not in p.text for p in pages)
