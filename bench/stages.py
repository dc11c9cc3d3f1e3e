#!/usr/bin/env python3
"""The build's stages run one by one with a timer: per-stage times, pool and cache included.

    python3 bench/stages.py --seeds DIR --out DIR [--workers N] [--cache DIR] [--breakdown] --timings FILE

It calls the same generator functions in the same order as ``build.py`` and, for the per-page
stages, ``generator.parallel.process_pages`` (a process pool plus the per-page cache), which is
how build.py runs them once wired (see bench/README.md). ``--breakdown`` instead runs repair +
segment, place and date as three serial loops, so that each gets its own time.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import meta, opendata, parallel, permalinks, pipeline, places, reading, render, search  # noqa: E402
from generator.model import Archive  # noqa: E402
from generator.urls import URLs  # noqa: E402
from generator.writer import SiteWriter  # noqa: E402


def analyse(sources, args, timer: parallel.StageTimer) -> list:
    """Return the analysed pages, timing the per-page stages together or one by one."""
    if not args.breakdown:
        with timer.stage("repair+segment+place+date (pool, cache)"):
            return parallel.process_pages(sources, parallel.analyse_page, args.workers, args.cache)
    with timer.stage("repair+segment"):
        pages = [pipeline.parse_page(s) for s in sources]
    with timer.stage("place"):
        gazetteer = places.load_gazetteer()
        pages = [places.assign_counties(p, gazetteer) for p in pages]
    with timer.stage("date+paper"):
        return [meta.infer_meta(p, s) for p, s in zip(pages, sources)]


def build(args: argparse.Namespace) -> dict:
    """Build the site like build.py does and return the stage times and counts."""
    timer = parallel.StageTimer()
    urls = URLs(base_url=args.base_url)
    registry_path = args.registry or args.seeds / "permalinks.json"
    with timer.stage("read"):
        sources = reading.read_pages(args.seeds)
    pages = analyse(sources, args, timer)
    with timer.stage("permanent ids"):
        registry = permalinks.load_registry(registry_path)
        pages, registry, redirects = permalinks.assign_ids(pages, registry)
        archive = Archive(pages=tuple(pages), counties=places.counties_in(pages, places.load_gazetteer()),
                          redirects=redirects, warnings=reading.all_warnings(sources, pages))
    with timer.stage("render"):
        files = dict(render.render_site(archive, urls))
    with timer.stage("search (tokenise+index)"):
        files.update(search.build_search(archive, urls))
    with timer.stage("open data"):
        files.update(opendata.open_data(archive, urls))
    with timer.stage("write"):
        with SiteWriter(args.out) as writer:
            writer.write_all(files)
        permalinks.save_registry(registry_path, registry)
    return {"timer": timer, "pages": len(archive.pages), "items": len(archive.items),
            "files": len(files), "pool": dict(parallel.process_pages.last_stats)}


def main(argv: list[str] | None = None) -> int:
    """Parse the options, build, write the timings; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--registry", type=Path, default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--workers", type=int, default=None, help="processes (default: every CPU)")
    parser.add_argument("--cache", type=Path, default=None, help="per-page cache folder (default: none)")
    parser.add_argument("--breakdown", action="store_true", help="time repair, place and date separately (serial)")
    parser.add_argument("--timings", type=Path, required=True, help="JSON file for the stage times")
    args = parser.parse_args(argv)
    result = build(args)
    timer = result.pop("timer")
    timer.write(args.timings, **result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
