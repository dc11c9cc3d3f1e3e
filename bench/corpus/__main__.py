"""Compose pages from the corpus, run the parser on them and print TUNE beside MEASURE.

    .venv/bin/python -m bench.corpus --seeds 1 2 3 4 5 [--corpus FILE] [--json FILE] [--write DIR]

The corpus defaults to ``../shared/corpus/articles.json`` beside the repository (or $BENCH_CORPUS).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

from .adapter import analyse
from .articles import load_articles
from .compose import ComposedPage, compose_part
from .score import DAMAGE, FIELDS, Tally, score_page
from .split import PARTS, split_corpus

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = Path(os.environ.get("BENCH_CORPUS") or ROOT / ".." / "shared" / "corpus" / "articles.json")
COUNTS_ONLY = ("chars lost", "chars invented", "joins made", "false joins")


def compose_all(corpus: Path, seeds: list[int]) -> dict[str, list[ComposedPage]]:
    """Return part -> composed pages over every seed."""
    split = split_corpus(load_articles(corpus))
    return {part: [p for seed in seeds for p in compose_part(split.part(part), part, seed)] for part in PARTS}


def score_all(pages: dict[str, list[ComposedPage]]) -> dict[str, Tally]:
    """Return part -> tally of the parser's output on every composed page of that part."""
    tallies = {}
    for part, composed in pages.items():
        tally = Tally()
        for page in composed:
            tally.merge(score_page(page, analyse(page.name + ".txt", page.text)))
        tallies[part] = tally
    return tallies


def cell(tally: Tally, metric: str) -> str:
    """Return one table cell: `ok/total (pct%)`, or a plain count for counted metrics."""
    ok, total = tally.counts[metric]
    if metric in COUNTS_ONLY:
        return str(ok)
    return f"{ok}/{total} ({100 * ok / total:.1f}%)" if total else "-"


def table(tallies: dict[str, Tally], seeds: list[int], pages: dict[str, list[ComposedPage]]) -> str:
    """Return the Markdown table of every metric, TUNE beside MEASURE."""
    head = [f"composer seeds {' '.join(map(str, seeds))}; pages: "
            + ", ".join(f"{p.upper()} {len(pages[p])}" for p in PARTS), "",
            "| metric | " + " | ".join(p.upper() for p in PARTS) + " |", "|---|" + "---:|" * len(PARTS)]
    rows = [f"| {m} | " + " | ".join(cell(tallies[p], m) for p in PARTS) + " |" for m in (*FIELDS, *DAMAGE)]
    false = [f"{p.upper()} {100 * tallies[p].counts['false joins'][0] / max(1, tallies[p].counts['joins made'][0]):.1f}%"
             for p in PARTS]
    return "\n".join(head + rows + ["", "false joins / joins made: " + ", ".join(false)])


def figures(tallies: dict[str, Tally], seeds: list[int]) -> dict:
    """Return the figures as a JSON-ready dict: part -> metric -> {ok, total}."""
    return {"seeds": seeds, "parts": {p: {m: {"ok": ok, "total": total} for m, (ok, total) in t.counts.items()}
                                      for p, t in tallies.items()}}


def write_pages(pages: dict[str, list[ComposedPage]], out: Path) -> None:
    """Write each composed page as ``<name>.txt`` and its gold as ``<name>.gold.json`` under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for composed in (p for part in PARTS for p in pages[part]):
        (out / f"{composed.name}.txt").write_text(composed.text, encoding="utf-8")
        gold = {k: v for k, v in dataclasses.asdict(composed).items() if k != "text"}
        (out / f"{composed.name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Compose, score and print the table; optionally write the figures and the pages."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5], help="composer seeds")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="articles.json of the corpus (default: $BENCH_CORPUS or ../shared/corpus/articles.json)")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--write", type=Path, help="write the composed pages and their gold to this folder")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"error: corpus {args.corpus} not found; pass --corpus PATH/articles.json", file=sys.stderr)
        return 2
    pages = compose_all(args.corpus, args.seeds)
    if args.write:
        write_pages(pages, args.write)
    tallies = score_all(pages)
    print(table(tallies, args.seeds, pages))
    if args.json:
        args.json.write_text(json.dumps(figures(tallies, args.seeds), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
