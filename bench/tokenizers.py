#!/usr/bin/env python3
"""The search tokenizers side by side: do they cut alike, and the CPU seconds each takes.

    python3 bench/tokenizers.py --seeds DIR [--runs 3]

The archive of ``DIR`` is parsed once (as ``build.py`` does, without ids); then every searchable
text of every item (``search.build.item_texts``) is cut, in this one process, by
``search.text.tokenize`` with ``--tokenizer rjieba`` and with ``--tokenizer jieba`` (the archive's
added words known), and by plain ``jieba.lcut_for_search``: issue 16's floor is that last time
÷ 2 (two cores). Figures are CPU seconds (user + sys of this process), the minimum of ``--runs``
runs; dictionaries are loaded before the clock starts. On a shared machine wall times mean nothing.
``tests/stage/test_jieba_rs.py`` uses ``archive_of`` and ``differences``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import stages  # noqa: E402
from generator.infer import places  # noqa: E402
from generator.model import Archive  # noqa: E402
from generator.parse import reading  # noqa: E402
from generator.search import build as search  # noqa: E402
from generator.search.text import JIEBA_RUN, normalize, segmenter, tokenize  # noqa: E402
from generator.text import jieba_dict  # noqa: E402


def archive_of(seeds: Path, workers: int | None = 1) -> Archive:
    """Return the archive of the pages in ``seeds`` (parsed, placed, dated; no permanent ids)."""
    sources = reading.read_pages(seeds)
    pages, _ = stages.process_pages(sources, workers=workers, cache_dir=None)
    gazetteer = places.load_gazetteer()
    counties = places.counties_in(pages, gazetteer)
    return Archive(pages=pages, counties=counties, region=places.region_of(counties, gazetteer),
                   redirects=(), page_redirects=(), warnings=())


def archive_texts(archive: Archive) -> list[str]:
    """Return every text of every item that the search stage tokenises."""
    return [text for item in archive.items for text in search.item_texts(item)]


def differences(texts: list[str], words: list[str], rust_words: list[str] | None = None) -> list[tuple]:
    """Return each run of ``texts`` that jieba and rjieba cut differently: (run, jieba's words, rjieba's words).

    jieba knows ``words``, rjieba ``rust_words`` (default the same): a different list must show.
    """
    reference = segmenter(tuple(sorted(set(words))), "jieba")
    rust = segmenter(tuple(sorted(set(words if rust_words is None else rust_words))), "rjieba")
    found = []
    for text in texts:
        for run in JIEBA_RUN.findall(normalize(text)):
            ours, theirs = reference.lcut_for_search(run, HMM=True), rust.lcut_for_search(run, HMM=True)
            if ours != theirs:
                found.append((run, ours, theirs))
    return found


def cpu_seconds(work) -> float:
    """Return the user + sys CPU seconds this process spent running ``work()``."""
    before = os.times()
    work()
    after = os.times()
    return (after.user - before.user) + (after.system - before.system)


def measure(texts: list[str], words: list[str], runs: int) -> dict:
    """Return the minimum CPU seconds of ``runs`` runs of each tokenizer over ``texts``, and the floor."""
    plain = jieba_dict.default()
    for name in ("rjieba", "jieba"):
        segmenter(tuple(sorted(set(words))), name)                       # loaded before timing
    jobs = {"rjieba": lambda: [tokenize(t, words, "rjieba") for t in texts],
            "jieba": lambda: [tokenize(t, words, "jieba") for t in texts],
            "jieba.lcut_for_search": lambda: [plain.lcut_for_search(t) for t in texts]}
    figures = {name: round(min(cpu_seconds(job) for _ in range(runs)), 2) for name, job in jobs.items()}
    figures["floor (lcut_for_search / 2)"] = round(figures["jieba.lcut_for_search"] / 2, 2)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Parse the options, compare and time the tokenizers, print the figures as JSON; 1 if any run differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    archive = archive_of(args.seeds, workers=None)
    texts, words = archive_texts(archive), search.extra_words(archive)
    differing = differences(texts, words)
    figures = {"items": len(archive.items), "characters": sum(map(len, texts)), "added words": len(words),
               "runs cut differently": len(differing), **measure(texts, words, args.runs)}
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
