#!/usr/bin/env python3
"""Build the static archive: seeds/*.txt -> site/ (pages, search index, open data).

    python build.py [--seeds DIR] [--out DIR] [--base-url URL] [--strict] [-q]
"""
from __future__ import annotations

import argparse
import errno
import gc
import json
import sys
import time
from dataclasses import replace
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

from generator import stages
from generator.archive import corrections, page_slugs, permalinks, review
from generator.archive.urls import URLs
from generator.infer import places
from generator.infra.parallel import StageTimer
from generator.infra.paths import UnsafeOutput, refuse_unsafe_out
from generator.infra.writer import BuildLocked, OutputError, SiteWriter
from generator.model import Archive
from generator.parse import reading
from generator.report import Progress, report_warnings, summary
from generator.search import build as search
from generator.search.text import TOKENIZERS, tokenizer_version
from generator.site import opendata, render
from generator.site.render_cache import RenderRecord

ROOT = Path(__file__).resolve().parent
NO_BASE_URL_NOTE = ("note: no --base-url given, so permanent links, citations and feeds are relative to the site "
                    "and there is no sitemap.xml; publish with --base-url https://<user>.github.io/<repository>/")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description="Build the newspaper archive site from raw page dumps.")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds",
                        help="folder of page .txt files (default: seeds/)")
    parser.add_argument("--out", type=Path, default=ROOT / "site",
                        help="output folder, replaced whole (default: site/)")
    parser.add_argument("--base-url", default=None, help="public URL of the site, for canonical links and sitemap.xml")
    parser.add_argument("--registry", type=Path, default=None,
                        help="permalink registry (default: <seeds>/permalinks.json), updated by the build")
    parser.add_argument("--cache", type=Path, default=None,
                        help="per-page cache folder (default: .<out>.cache beside --out)")
    parser.add_argument("--no-cache", action="store_true", help="recompute every page")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for per-page work, rendering and search (default: every CPU)")
    parser.add_argument("--tokenizer", choices=TOKENIZERS, default=TOKENIZERS[0],
                        help="search tokenizer: rjieba (default, jieba-rs set up to cut exactly like jieba) or jieba")
    parser.add_argument("--timings", type=Path, default=None, help="write the time of each stage to this JSON file")
    parser.add_argument("--corrections", type=Path, default=None,
                        help="archivists' corrections (default: <seeds>/corrections.yaml, optional)")
    parser.add_argument("--review", nargs="?", type=int, const=20, default=None, metavar="N",
                        help="after the build, print the N decisions least sure of (default 20) with entries to paste")
    parser.add_argument("--strict", action="store_true", help="exit non-zero if the build printed any warning")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    return parser.parse_args(argv)


FATAL = (UnsafeOutput, BuildLocked, OutputError, corrections.CorrectionsError, reading.SeedsError,
         permalinks.RegistryError)
OS_ADVICE = {errno.ENOSPC: "free some disk space and build again",
             errno.EDQUOT: "free some disk space and build again",
             errno.EROFS: "the disk is read-only: choose another --out",
             errno.EACCES: "make the folder writable or choose another --out",
             errno.EPERM: "make the folder writable or choose another --out"}


def main(argv: list[str] | None = None) -> int:
    """Run the build and return the process exit code: 0, 1 for warnings under --strict, 2 for an error.

    An error is one line on stderr (``error: <file>[:<line>]: what happened — what to do``), never a
    traceback, and the previous site stays in place.
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if missing := missing_tokenizer(args.tokenizer):
        return fail(missing)
    try:
        refuse_unsafe_out(args.out, ROOT)                      # before any work, not after it
        with SiteWriter(args.out, repo_root=ROOT) as writer:   # the lock: one build per --out at a time
            code = build(args, writer)
        if args.timings:
            add_timing(args.timings, swap_s=round(writer.swap_seconds, 3))
        return code
    except FATAL as error:
        return fail(str(error))
    except BrokenProcessPool:
        return fail("a worker process died (killed, or out of memory) — build again, with --workers 1 "
                    "if it happens again")
    except OSError as error:
        return fail(f"{error.filename or args.out}: {error.strerror or error} — "
                    f"{OS_ADVICE.get(error.errno, 'check the disk and the folder, then build again')}")


def missing_tokenizer(tokenizer: str) -> str | None:
    """Return the error message for a search tokenizer that is not installed, or None (checked before any work)."""
    try:
        tokenizer_version(tokenizer)
    except ImportError:
        return (f"--tokenizer {tokenizer}: the {tokenizer} package is not installed — run `bash scripts/setup.sh`, "
                f"or build with --tokenizer jieba")
    return None


def fail(message: str) -> int:
    """Print one error line (the previous site is kept: nothing was swapped in) and return exit code 2."""
    print(f"error: {message}; the previous site is kept", file=sys.stderr)
    return 2


def add_timing(path: Path, **figures) -> None:
    """Add ``figures`` (e.g. the swap of the new site, timed after the stages) to the timings file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **figures}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class Inputs(NamedTuple):
    """What the build reads before any work: the previous registry, the pages, places and corrections."""

    previous: permalinks.Registry
    sources: tuple
    gazetteer: places.Gazetteer
    fixes: tuple
    fixes_name: str


def read_inputs(args: argparse.Namespace) -> Inputs:
    """Return the build's inputs; a bad registry, seeds folder or corrections file raises before any work."""
    previous = permalinks.load_registry(registry_path(args))
    sources = reading.read_pages(args.seeds)
    gazetteer = places.load_gazetteer()
    fixes_path = args.corrections or args.seeds / corrections.FILE_NAME
    fixes = corrections.read_fixes(fixes_path, frozenset(c.name for c in gazetteer.counties))
    return Inputs(previous, sources, gazetteer, fixes, corrections.display_name(fixes_path))


def registry_path(args: argparse.Namespace) -> Path:
    """Return the permalink registry the build reads and updates."""
    return args.registry or args.seeds / "permalinks.json"


class Permanent(NamedTuple):
    """The permanent addresses of a build: items' ids and redirects, printed pages' slugs and redirects."""

    pages: list
    registry: permalinks.Registry
    redirects: tuple
    slugs: dict                # page file -> URL slug
    page_entries: tuple
    page_redirects: tuple
    held: frozenset            # pages not read this time: their articles are never withdrawn


def permanent_ids(inputs: Inputs, pages: list) -> Permanent:
    """Return the pages with their ids, the registry, redirects and the printed pages' slugs."""
    held = frozenset(s.name for s in inputs.sources if s.skipped)
    pages, registry, redirects = permalinks.assign_ids(pages, inputs.previous, held)
    slugs, page_entries, page_redirects = page_slugs.assign_page_slugs(
        ((s.name, s.sha256) for s in inputs.sources), inputs.previous.pages,
        page_slugs.moved_pages(inputs.previous.entries, registry.entries), held)
    return Permanent(pages, registry, redirects, slugs, page_entries, page_redirects, held)


def make_archive(inputs: Inputs, permanent: Permanent, fixed) -> Archive:
    """Return everything the site is rendered from: corrected pages, counties and region, redirects, warnings."""
    counties = places.counties_in(fixed.pages, inputs.gazetteer)
    warnings = (reading.all_warnings(inputs.sources, fixed.pages) + fixed.warnings
                + permalinks.held_warnings(inputs.previous, permanent.held))
    return Archive(pages=fixed.pages, counties=counties, region=places.region_of(counties, inputs.gazetteer),
                   redirects=fixed.redirects, page_redirects=permanent.page_redirects, warnings=warnings)


def build(args: argparse.Namespace, writer: SiteWriter) -> int:
    """Run the build stages into ``writer`` and return 1 for warnings under --strict, else 0."""
    started, timer = time.monotonic(), StageTimer()
    progress = Progress(timer, quiet=args.quiet)
    cache = None if args.no_cache else args.cache or args.out.parent / f".{args.out.name}.cache"
    record = RenderRecord(cache, previous_site=writer.out) if cache else None   # rendered files to keep

    with progress.stage("read"):
        inputs = read_inputs(args)
    with progress.stage("pages"):                                  # repair, segment, place, date
        pages, page_stats = stages.process_pages(inputs.sources, workers=args.workers, cache_dir=cache)
    with progress.stage("permalinks"):
        permanent = permanent_ids(inputs, pages)
    with progress.stage("corrections"):
        fixed = corrections.apply_fixes(permanent.pages, inputs.fixes, permanent.registry, permanent.redirects,
                                        inputs.fixes_name)
    registry = replace(fixed.registry, pages=permanent.page_entries)
    urls = URLs(base_url=args.base_url, page_slugs=tuple(sorted(permanent.slugs.items())))
    archive = make_archive(inputs, permanent, fixed)
    gc.freeze()      # the archive lives to the end: later collections (and forked workers) skip it
    with progress.stage("render"):                                 # each file is written as it is made
        writer.write_all(render.iter_site(archive, urls, workers=args.workers, record=record))
        writer.write_all(opendata.open_data(archive, urls))
    search_stats: dict = {}
    with progress.stage("search"):
        writer.write_all(search.iter_search(archive, urls, cache_dir=cache, stats=search_stats,
                                             workers=args.workers, tokenizer=args.tokenizer))
    with progress.stage("registry"):
        permalinks.save_registry(registry_path(args), registry)      # inside the lock, before the swap
        if record is not None:
            record.save(writer.stat)                        # the files of the new site, as written

    report_warnings(archive.warnings)
    if args.timings:
        timer.write(args.timings, items=len(archive.items), **page_stats, search=search_stats,
                    render=record.stats() if record is not None else {}, files_reused=writer.reused)
    if not args.quiet:
        tell(args, inputs, fixed, urls, summary(archive, writer.view(), writer.sizes, time.monotonic() - started))
    if args.review is not None:
        print(review.queue_text(review.queue(archive)[:args.review], urls, args.out))
    return 1 if args.strict and archive.warnings else 0


def tell(args: argparse.Namespace, inputs: Inputs, fixed, urls: URLs, closing: str) -> None:
    """Print what the person running the build should know: relative links, new split parts, the summary."""
    if not args.base_url:
        print(NO_BASE_URL_NOTE)
    for line, item_id in fixed.minted:
        print(f"{inputs.fixes_name}:{line}: the split part is {urls.article(item_id)}")
    print(closing)

if __name__ == "__main__":
    sys.exit(main())
