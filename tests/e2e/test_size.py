"""Size: big pages are processed, and processing time grows linearly with a page's size.

Speed itself is measured by ``bench/size_linearity.py`` (1, 10 and 50 MB figures); these tests
print their timings and assert only the *growth*: ten times the input may take at most
``GROWTH_LIMIT`` times as long (linear work gives about 10, quadratic work about 100).
Each shape targets one place where quadratic work hides: many duplicates in one article,
one long article with a byline at each end (where the split point is searched), hard-wrapped
lines (many joins into one paragraph), and one huge single line.
"""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest
from test_properties import conservation_errors

from generator.archive import permalinks
from generator.archive.permalinks import Entry, Registry, registry_text
from generator.infer import meta, places
from generator.parse import pipeline

ROOT = Path(__file__).resolve().parents[2]
GROWTH_LIMIT = 25          # for 10x the input, on the shapes built to expose one quadratic step
BIG_SET_LIMIT = 35         # whole pages: hash sets of a million shingles add cache misses (measured x20-27)
_spec = importlib.util.spec_from_file_location("size_linearity", ROOT / "bench" / "size_linearity.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

PARAGRAPHS = [line.strip() for line in bench.SEED_TEXT.split("\n") if len(line.strip()) > 60]


def seconds(make_text, size: int, repeat: int = 1) -> float:
    """Return the best time of ``repeat`` runs of parse_page on the page ``make_text(size)``."""
    source = bench.source_of(make_text(size))
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        pipeline.parse_page(source)
        best = min(best, time.perf_counter() - started)
    return best


def growth(label: str, make_text, small: int, repeat_small: int = 3) -> float:
    """Return time(10 * small) / time(small) for parse_page, printing both figures."""
    pipeline.parse_page(bench.source_of(bench.SEED_TEXT[:3000]))      # jieba loaded outside the timing
    t_small = max(seconds(make_text, small, repeat_small), 0.02)
    t_big = seconds(make_text, small * 10)
    ratio = t_big / t_small
    if BIG_SET_LIMIT / 2 < ratio < 2 * BIG_SET_LIMIT:      # borderline: measure again (a busy machine)
        t_big = min(t_big, seconds(make_text, small * 10))
        ratio = t_big / t_small
    print(f"\n{label}: {small:,} -> {small * 10:,}: {t_small:.2f}s -> {t_big:.2f}s (x{ratio:.1f})")
    return ratio


def every_paragraph_twice(chars: int) -> str:
    """Return one article whose every paragraph is printed twice, about ``chars`` long."""
    out, k = [], 0
    while sum(map(len, out)) < chars:
        paragraph = bench.shifted(PARAGRAPHS[k % len(PARAGRAPHS)], k // len(PARAGRAPHS) + 1)
        out += [paragraph, paragraph]
        k += 1
    return "全市一季度工业运行分析会议要求\n\n本报讯(记者 时苏建)" + "\n\n".join(out) + "\n"


def two_bylines_many_paragraphs(count: int) -> str:
    """Return one headline over ``count`` short paragraphs with a byline at each end."""
    paragraphs = "\n\n".join(bench.shifted("短段落第段", k)[:4] + f"{k}。" for k in range(count))
    return f"全市一季度工业运行分析会议要求\n\n本报讯(记者 时苏建)4月23日下午。\n\n{paragraphs} 记者 张品\n"


def hard_wrapped(chars: int) -> str:
    """Return one article of ``chars`` characters wrapped every 20 characters (many cut lines)."""
    body = "".join(PARAGRAPHS)
    text = "".join(bench.shifted(body, k) for k in range(chars // len(body) + 1))[:chars]
    return "全市一季度工业运行分析会议要求\n\n本报讯(记者 时苏建)" + \
        "\n".join(text[i:i + 20] for i in range(0, len(text), 20)) + "\n"


def single_line(n_bytes: int) -> str:
    """Return a page of about ``n_bytes`` with no line end at all."""
    return bench.make_page(n_bytes, single_line=True)


@pytest.mark.slow
def test_one_megabyte_single_line_page_is_processed_and_conserved():
    text = single_line(1_000_000)
    source = bench.source_of(text)
    started = time.perf_counter()
    page = pipeline.parse_page(source)
    spent = time.perf_counter() - started
    print(f"\n1 MB single line: {len(text):,} chars, {len(page.items)} items, {spent:.2f}s")
    assert page.items, "a 1 MB line became nothing"
    assert conservation_errors(text, page) == []


@pytest.mark.slow
def test_page_time_is_linear_in_size():
    pipeline.parse_page(bench.source_of(bench.SEED_TEXT[:3000]))
    gazetteer = places.load_gazetteer()
    times = {}
    for n_bytes in (200_000, 2_000_000):
        source = bench.source_of(bench.make_page(n_bytes))
        started = time.perf_counter()
        page = meta.infer_meta(places.assign_counties(pipeline.parse_page(source), gazetteer), source)
        times[n_bytes] = time.perf_counter() - started
        print(f"\n{n_bytes / 1e6:.1f} MB page: {len(page.items)} items, {times[n_bytes]:.2f}s "
              f"({times[n_bytes] / (n_bytes / 1e6):.2f} s/MB) for repair, segment, place, date")
    assert times[2_000_000] / max(times[200_000], 0.05) < BIG_SET_LIMIT


@pytest.mark.slow
@pytest.mark.parametrize("label, make, unit, message", [
    ("every paragraph printed twice (chars)", every_paragraph_twice, 15_000,
     "10x the duplicates took x{ratio:.0f} the time: quadratic duplicate removal"),
    ("two bylines around many paragraphs (paragraphs)", two_bylines_many_paragraphs, 4_000,
     "10x the paragraphs took x{ratio:.0f} the time: quadratic split search"),
    ("hard-wrapped lines (chars)", hard_wrapped, 30_000,
     "10x the wrapped text took x{ratio:.0f} the time: quadratic joins"),
])
def test_shapes_that_exposed_a_quadratic_step_grow_linearly(label, make, unit, message):
    ratio = growth(label, make, unit)
    assert ratio < GROWTH_LIMIT, message.format(ratio=ratio)


@pytest.mark.slow
def test_single_line_time_is_linear_in_size():
    ratio = growth("single line (bytes)", single_line, 100_000)
    assert ratio < BIG_SET_LIMIT, f"a 10x longer line took x{ratio:.0f} the time"


def registry_of(entries: int) -> str:
    """Return a registry file's text holding ``entries`` live ids with 64-hash sketches."""
    ids = (f"{n:06d}".translate(str.maketrans("0123456789", permalinks.ALPHABET[:10])) for n in range(entries))
    return registry_text(Registry(entries=tuple(
        Entry(item_id, "live", "page.txt", "标题", bytes(range(256)), None) for item_id in ids)))


@pytest.mark.slow
def test_registry_load_time_is_linear_in_entries(tmp_path):
    """Loading validates every id; naming an entry's line for each one made it quadratic (172 s at 25,797)."""
    times = {}
    for entries, repeat in ((2_000, 5), (20_000, 2)):
        path = tmp_path / f"{entries}.json"
        path.write_text(registry_of(entries), encoding="utf-8")
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            assert len(permalinks.load_registry(path).entries) == entries
            best = min(best, time.perf_counter() - started)
        times[entries] = best
    ratio = times[20_000] / max(times[2_000], 0.02)
    print(f"\nregistry load: 2,000 -> 20,000 entries: {times[2_000]:.2f}s -> {times[20_000]:.2f}s (x{ratio:.1f})")
    assert ratio < GROWTH_LIMIT, f"10x the entries took x{ratio:.0f} the time: quadratic registry load"
