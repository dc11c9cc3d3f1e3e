#!/usr/bin/env python3
"""Serial breakdown of the per-page stages, which build.py runs together in its process pool.

    python3 bench/stages.py --seeds DIR --timings FILE

``build.py --timings`` times every build stage, but repair + segment, place and date run as one
"pages" stage there (in worker processes, so they cannot be timed apart). This times the same
functions one after the other in one process, for the benchmark's per-stage rows.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.infer import (
    meta,  # noqa: E402
    places,
)
from generator.infra.parallel import StageTimer
from generator.parse import pipeline, reading


def breakdown(seeds: Path, timer: StageTimer) -> int:
    """Time reading, repair + segment, place and date of every page of ``seeds``; return the item count."""
    with timer.stage("read"):
        sources = reading.read_pages(seeds)
    with timer.stage("repair+segment"):
        pages = [pipeline.parse_page(s) for s in sources]
    with timer.stage("place"):
        gazetteer = places.load_gazetteer()
        pages = [places.assign_counties(p, gazetteer) for p in pages]
    with timer.stage("date+paper"):
        pages = [meta.infer_meta(p, s) for p, s in zip(pages, sources)]
    return sum(len(p.items) for p in pages)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, time the stages, write the timings; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--timings", type=Path, required=True, help="JSON file for the stage times")
    args = parser.parse_args(argv)
    timer = StageTimer()
    items = breakdown(args.seeds, timer)
    timer.write(args.timings, items=items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
