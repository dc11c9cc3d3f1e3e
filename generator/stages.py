"""The per-page stages of the build, composed and run on every core with a cache.

``analyse_page`` is everything the build does to one page: parse (repair and segment), place
(counties) and date (paper, date). ``process_pages(sources, ...)`` returns the same pages, in the
same order, as ``[analyse_page(s) for s in sources]``: results are identical whether they come
from this process, a worker process or the cache (the identity test builds a site all three ways
and compares the output byte for byte), with the counts of pages computed and reused.
"""
from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

from generator.infer import meta, places
from generator.infra.cache import ResultCache
from generator.infra.parallel import SERIAL_BELOW, default_workers, pool_map, release_free_memory
from generator.model import Page, SourcePage
from generator.parse import pipeline

StageFn = Callable[[SourcePage], Page]


def analyse_page(source: SourcePage) -> Page:
    """Return one page repaired, segmented, placed and dated: every per-page stage of the build."""
    page = with_reading(pipeline.parse_page(source), source)
    page = places.assign_counties(page, places.load_gazetteer(), source.meta_value("paper"))
    return meta.infer_meta(page, source)


def with_reading(page: Page, source: SourcePage) -> Page:
    """Return ``page`` with what reading found: its decoding repairs first, and why it was skipped."""
    if not source.repairs and source.skipped is None:
        return page
    return replace(page, repairs=source.repairs + page.repairs, skipped=source.skipped)


class Processed(NamedTuple):
    """The pages of a build's per-page stages and how they were obtained."""

    pages: list[Page]
    stats: dict          # pages, cached, computed, workers


def page_identity(source: SourcePage) -> list:
    """Return what makes a page's result: its name, bytes, encoding, metadata and reading warnings."""
    return [source.name, source.sha256, source.encoding, [list(pair) for pair in source.meta],
            [str(w) for w in source.warnings], source.skipped]


def _stage_name(stage_fn: StageFn) -> str:
    """Return a stable name for a stage function (part of the cache key)."""
    return f"{stage_fn.__module__}.{stage_fn.__qualname__}"


def _run_one(stage_fn: StageFn, cache: ResultCache | None, task: SourcePage | tuple) -> tuple[bool, Page | str]:
    """Return (True, page), or (False, error text) so one bad page names itself; a page is cached where it is made."""
    source = _unpacked(task)
    try:
        page = stage_fn(source)
    except Exception as error:   # reported with the page name by the parent
        return False, f"{type(error).__name__}: {error}"
    if cache is not None:
        cache.put(page_identity(source), page)
    return True, page


def _packed(source: SourcePage) -> tuple:
    """Return ``source`` as a task for a worker, its text as UTF-8 bytes.

    Pickling a str makes CPython keep a UTF-8 copy inside it for the rest of its life: sending
    the pages themselves would add that copy to every page text the build holds (and caching
    results here would add it to every string of every page), hundreds of MB at 10,000 pages.
    """
    return (source.name, source.text.encode("utf-8", "surrogatepass"), source.encoding, source.sha256,
            source.meta, source.warnings, source.repairs, source.skipped)


def _unpacked(task: SourcePage | tuple) -> SourcePage:
    """Return the SourcePage of a task made by ``_packed`` (or the page itself)."""
    if isinstance(task, SourcePage):
        return task
    name, text, encoding, sha256, meta, warnings, repairs, skipped = task
    return SourcePage(name, text.decode("utf-8", "surrogatepass"), encoding, sha256, meta, warnings, repairs, skipped)


def _map(stage_fn: StageFn, sources: Sequence[SourcePage], workers: int, cache: ResultCache | None) -> list[Page]:
    """Return ``stage_fn`` applied to every source, in order, on up to ``workers`` processes (each result cached)."""
    tasks = [_packed(s) for s in sources] if workers > 1 and len(sources) >= SERIAL_BELOW else sources
    outcomes = pool_map(functools.partial(_run_one, stage_fn, cache), tasks, workers, max_chunk=64)
    return [_sharing_raw(result, source) if ok else _failed_page(source, result, cache)
            for source, (ok, result) in zip(sources, outcomes)]


def _sharing_raw(page: Page, source: SourcePage) -> Page:
    """Return ``page`` holding its source's text as ``raw`` (one string, not a copy made by a worker or the cache)."""
    if page.raw is source.text or page.raw != source.text:
        return page
    return replace(page, raw=source.text)


def _failed_page(source: SourcePage, error: str, cache: ResultCache | None = None) -> Page:
    """Return a page whose stages raised as one unsegmented item, with a warning naming it (cached like any page).

    A bad page never stops the build: the reader still finds its text, the archivist the bug.
    """
    page = with_reading(pipeline.unsegmented(source, f"the page stages failed ({error}); kept as one "
                                                     "unsegmented item — please report this with the page file"),
                        source)
    if cache is not None:
        cache.put(page_identity(source), page)
    return page


def process_pages(sources: Sequence[SourcePage], stage_fn: StageFn = analyse_page,
                  workers: int | None = None, cache_dir: Path | None = None) -> Processed:
    """Return ``[stage_fn(s) for s in sources]`` and its counts, computed in a process pool, reusing cached pages.

    ``stage_fn`` must be a module-level function (worker processes receive it by name).
    ``workers`` defaults to every CPU; 1 computes in this process. Without ``cache_dir``
    nothing is read from or written to disk.
    """
    workers = default_workers() if workers is None else max(1, workers)
    cache = ResultCache(cache_dir, _stage_name(stage_fn), Page) if cache_dir is not None else None
    results: list[Page | None] = [_sharing_raw(page, s) if page is not None else None
                                  for s, page in ((s, cache.get(page_identity(s)) if cache else None)
                                                  for s in sources)]
    missing = [i for i, page in enumerate(results) if page is None]
    computed = _map(stage_fn, [sources[i] for i in missing], workers, cache)
    for i, page in zip(missing, computed):
        results[i] = page
    release_free_memory()
    return Processed(results, {"pages": len(sources), "cached": len(sources) - len(missing),  # type: ignore[arg-type]
                               "computed": len(missing), "workers": workers})
