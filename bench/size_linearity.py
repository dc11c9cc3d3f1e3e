#!/usr/bin/env python3
"""How one page's processing time grows with its size: 1, 10 and 50 MB pages, and a 1 MB single line.

    python3 bench/size_linearity.py [--sizes 1 10 50] [--all-stages] [--calls]

A big page is made of copies of the five seed pages, the Han characters of each copy's sentences
shifted by a different amount, so that copies share structure (headlines, bylines, captions,
credits, column cuts, the duplicated paragraphs of the seeds) but not their prose: a 50 MB page is then like 600 different printed
pages run together, not one page repeated (which would make every paragraph a duplicate of
hundreds of others). The single-line page is the same text with every line end removed.

Prints seconds per stage and per MB; linear processing shows a flat "s/MB" column.
``--all-stages`` also times permanent ids, rendering, search and open data (slow on big pages);
``--calls`` counts Python function calls of parse_page (deterministic, noise-free).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.infer import (
    meta,  # noqa: E402
    places,
)
from generator.model import SourcePage  # noqa: E402
from generator.parse import pipeline

SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
HAN_FIRST, HAN_SIZE = 0x4E00, 0x9FFF - 0x4E00 + 1


def shifted(text: str, copy: int) -> str:
    """Return ``text`` with every common Han character moved by an amount that depends on ``copy``."""
    if copy == 0:
        return text
    shift = (copy * 7919) % HAN_SIZE
    return "".join(chr(HAN_FIRST + (ord(c) - HAN_FIRST + shift) % HAN_SIZE)
                   if HAN_FIRST <= ord(c) < HAN_FIRST + HAN_SIZE else c for c in text)


def shifted_prose(line: str, copy: int) -> str:
    """Return a line with its sentences shifted but its structure kept.

    Headlines, captions and credits (lines not ending a sentence) stay as printed, and so do a
    leading byline (`本报讯(记者 时苏建)`) and a trailing one (` 记者 张品`), so that every copy
    segments into articles the way the seeds do.
    """
    end = line.rfind("。")
    if end < 0:
        return line
    start = line.find(")") + 1 if line.startswith(("本报", "■")) and 0 < line.find(")") < 30 else 0
    return line[:start] + shifted(line[start:end], copy) + line[end:]


def shifted_page(text: str, copy: int) -> str:
    """Return the seed text with the prose of every line shifted for ``copy``."""
    return "\n".join(shifted_prose(line, copy) for line in text.split("\n"))


def make_page(n_bytes: int, single_line: bool = False) -> str:
    """Return a page of about ``n_bytes`` UTF-8 bytes built from shifted copies of the seeds."""
    parts, size, copy = [], 0, 0
    while size < n_bytes:
        part = shifted_page(SEED_TEXT, copy)
        parts.append(part)
        size += len(part.encode("utf-8"))
        copy += 1
    text = "\n\n".join(parts)
    text = text.encode("utf-8")[:n_bytes].decode("utf-8", errors="ignore")
    return text.replace("\n", "") if single_line else text


def source_of(text: str, name: str = "big.txt") -> SourcePage:
    """Return a SourcePage holding ``text`` as reading would make it."""
    return SourcePage(name=name, text=text, encoding="utf-8", sha256="0" * 64)


def time_stages(text: str, all_stages: bool = False) -> dict[str, float]:
    """Return seconds per stage for one page (parse, place, date; with all_stages the rest too)."""
    source = source_of(text)
    gazetteer = places.load_gazetteer()
    seconds = {}
    started = time.perf_counter()
    page = pipeline.parse_page(source)
    seconds["parse"] = time.perf_counter() - started
    started = time.perf_counter()
    page = places.assign_counties(page, gazetteer)
    seconds["place"] = time.perf_counter() - started
    started = time.perf_counter()
    page = meta.infer_meta(page, source)
    seconds["date"] = time.perf_counter() - started
    seconds["items"] = len(page.items)
    if all_stages:
        seconds.update(time_site_stages(page, gazetteer))
    return seconds


def time_site_stages(page, gazetteer) -> dict[str, float]:
    """Return seconds for permanent ids, render, search and open data of one analysed page."""
    from generator.archive import permalinks
    from generator.archive.urls import URLs
    from generator.model import Archive
    from generator.search import build as search
    from generator.site import opendata, render
    seconds, urls = {}, URLs()
    started = time.perf_counter()
    pages, _, redirects = permalinks.assign_ids([page], permalinks.load_registry(Path("/nonexistent.json")))
    archive = Archive(pages=tuple(pages), counties=places.counties_in(pages, gazetteer), redirects=redirects)
    seconds["ids"] = time.perf_counter() - started
    for name, stage in (("render", render.render_site), ("search", search.build_search),
                        ("opendata", opendata.open_data)):
        started = time.perf_counter()
        stage(archive, urls)
        seconds[name] = time.perf_counter() - started
    return seconds


def count_calls(text: str) -> int:
    """Return how many Python function calls ``parse_page`` makes on ``text`` (deterministic)."""
    source = source_of(text)
    pipeline.parse_page(source_of(SEED_TEXT[:2000]))        # warm caches (jieba dictionary)
    profiler = cProfile.Profile()
    profiler.enable()
    pipeline.parse_page(source)
    profiler.disable()
    return pstats.Stats(profiler).total_calls


def main(argv: list[str] | None = None) -> int:
    """Print the size/time table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50], help="page sizes in MB")
    parser.add_argument("--all-stages", action="store_true", help="also time ids, render, search, open data")
    parser.add_argument("--calls", action="store_true", help="also count parse_page's function calls")
    args = parser.parse_args(argv)
    pipeline.parse_page(source_of(SEED_TEXT[:2000]))        # load jieba once, outside the timings
    rows = [("1 MB single line", make_page(1_000_000, single_line=True), 1.0)]
    rows += [(f"{mb:g} MB", make_page(int(mb * 1_000_000)), mb) for mb in args.sizes]
    print(f"{'page':18} {'items':>7} {'parse s':>8} {'place s':>8} {'date s':>7} {'total s':>8} {'s/MB':>6}"
          + ("  other stages" if args.all_stages else "") + ("  calls/MB" if args.calls else ""), flush=True)
    for label, text, mb in rows:
        seconds = time_stages(text, args.all_stages)
        total = sum(v for k, v in seconds.items() if k != "items")
        others = "  " + " ".join(f"{k} {seconds[k]:.1f}" for k in ("ids", "render", "search", "opendata")
                                 if k in seconds)
        calls = f"  {count_calls(text) / mb:,.0f}" if args.calls else ""
        print(f"{label:18} {seconds['items']:>7} {seconds['parse']:>8.2f} {seconds['place']:>8.2f} "
              f"{seconds['date']:>7.2f} {total:>8.2f} {total / mb:>6.2f}" + (others if args.all_stages else "")
              + calls, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
