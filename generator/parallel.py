"""Per-page work on every core, with a cache: unchanged pages are not parsed again.

``process_pages(sources, analyse_page, workers, cache_dir)`` returns the same list of pages,
in the same order, as ``[analyse_page(s) for s in sources]``: results are identical whether
they come from this process, a worker process or the cache (the identity test builds a site all
three ways and compares the output byte for byte).

``StageTimer`` records the wall time of each build stage for the benchmark
(``build.py --timings FILE``).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from dataclasses import replace
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, Sized

from .cache import PageCache
from .model import Page, SourcePage

StageFn = Callable[[SourcePage], Page]
SERIAL_BELOW = 8         # fewer pages than this to compute: a pool costs more than it saves


def analyse_page(source: SourcePage) -> Page:
    """Return one page repaired, segmented, placed and dated: every per-page stage of the build."""
    from . import meta, pipeline, places       # imported here: workers need only this function
    page = pipeline.parse_page(source)
    page = places.assign_counties(page, places.load_gazetteer())
    return meta.infer_meta(page, source)


def default_workers() -> int:
    """Return the number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # not Linux
        return max(1, os.cpu_count() or 1)


def _stage_name(stage_fn: StageFn) -> str:
    """Return a stable name for a stage function (part of the cache key)."""
    return f"{stage_fn.__module__}.{stage_fn.__qualname__}"


def _run_one(stage_fn: StageFn, cache: PageCache | None, task: SourcePage | tuple) -> tuple[bool, Page | str]:
    """Return (True, page), or (False, error text) so one bad page names itself; a page is cached where it is made."""
    source = _unpacked(task)
    try:
        page = stage_fn(source)
    except Exception as error:   # reported with the page name by the parent
        return False, f"{type(error).__name__}: {error}"
    if cache is not None:
        cache.put(source, page)
    return True, page


def _packed(source: SourcePage) -> tuple:
    """Return ``source`` as a task for a worker, its text as UTF-8 bytes.

    Pickling a str makes CPython keep a UTF-8 copy inside it for the rest of its life: sending
    the pages themselves would add that copy to every page text the build holds (and caching
    results here would add it to every string of every page), hundreds of MB at 10,000 pages.
    """
    return (source.name, source.text.encode("utf-8", "surrogatepass"), source.encoding, source.sha256,
            source.meta, source.warnings)


def _unpacked(task: SourcePage | tuple) -> SourcePage:
    """Return the SourcePage of a task made by ``_packed`` (or the page itself)."""
    if isinstance(task, SourcePage):
        return task
    name, text, encoding, sha256, meta, warnings = task
    return SourcePage(name, text.decode("utf-8", "surrogatepass"), encoding, sha256, meta, warnings)


def _map(stage_fn: StageFn, sources: Sequence[SourcePage], workers: int, cache: PageCache | None) -> list[Page]:
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


def _failed_page(source: SourcePage, error: str, cache: PageCache | None = None) -> Page:
    """Return a page whose stages raised as one unsegmented item, with a warning naming it (cached like any page).

    A bad page never stops the build: the reader still finds its text, the archivist the bug.
    """
    from . import pipeline
    page = pipeline.unsegmented(source, f"the page stages failed ({error}); kept as one unsegmented "
                                        "item — please report this with the page file")
    if cache is not None:
        cache.put(source, page)
    return page


def _fork_context():
    """Return the fork start method where the system has it: workers inherit what this process loaded."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


PR_SET_PDEATHSIG = 1        # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """Make this worker get SIGKILL when the build process dies (Linux; elsewhere nothing).

    A build killed alone (the OOM killer, ``kill -9``) otherwise leaves its forked workers
    blocked for ever on the task queue, holding the build's lock and its output pipes.
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:          # the build died before the call
        os._exit(1)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool of ``workers`` forked processes that die with this one."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context(),
                               initializer=_die_with_parent, initargs=(os.getpid(),))


def pool_map(fn: Callable, items: Sequence, workers: int | None = None, max_chunk: int = 256) -> list:
    """Return ``[fn(x) for x in items]`` computed on up to ``workers`` processes, in order.

    For other per-item work of the build (e.g. tokenising items for search); ``fn`` must be a
    module-level function (or a partial of one). Small inputs and ``workers=1`` run in this process.
    The first item runs here, so dictionaries it loads (jieba, gazetteer) are loaded once and
    inherited by the forked workers instead of being loaded again in each of them.
    """
    workers = default_workers() if workers is None else max(1, workers)
    if workers <= 1 or len(items) < SERIAL_BELOW:
        return [fn(x) for x in items]
    first = fn(items[0])
    chunk = max(1, min(max_chunk, (len(items) - 1) // (workers * 8)))
    with _pool(workers) as pool:
        return [first, *pool.map(fn, items[1:], chunksize=chunk)]


def pool_iter(fn: Callable, items: Iterable, workers: int | None = None, window: int = 2) -> Iterator:
    """Yield ``fn(x)`` for every item, in order, computed on up to ``workers`` processes.

    Unlike ``pool_map`` the results are not collected: at most ``window`` tasks per worker are
    in flight, so a caller writing each result out never holds them all (rendered pages of a
    100,000-item archive are gigabytes). ``fn`` must be module-level; workers are forked, so
    they see the module state set before the call.
    """
    workers = default_workers() if workers is None else max(1, workers)
    if workers <= 1 or (isinstance(items, Sized) and len(items) < 2):
        yield from (fn(x) for x in items)
        return
    with _pool(workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= workers * window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def process_pages(sources: Sequence[SourcePage], stage_fn: StageFn = analyse_page,
                  workers: int | None = None, cache_dir: Path | None = None) -> list[Page]:
    """Return ``[stage_fn(s) for s in sources]``, computed in a process pool, reusing cached pages.

    ``stage_fn`` must be a module-level function (worker processes receive it by name).
    ``workers`` defaults to every CPU; 1 computes in this process. Without ``cache_dir``
    nothing is read from or written to disk.
    """
    workers = default_workers() if workers is None else max(1, workers)
    cache = PageCache(cache_dir, _stage_name(stage_fn)) if cache_dir is not None else None
    results: list[Page | None] = [_sharing_raw(page, s) if page is not None else None
                                  for s, page in ((s, cache.get(s) if cache else None) for s in sources)]
    missing = [i for i, page in enumerate(results) if page is None]
    computed = _map(stage_fn, [sources[i] for i in missing], workers, cache)
    for i, page in zip(missing, computed):
        results[i] = page
    process_pages.last_stats = {"pages": len(sources), "cached": len(sources) - len(missing),
                                "computed": len(missing), "workers": workers}
    release_free_memory()
    return results  # type: ignore[return-value]


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    The pickled results of the pool and the numpy temporaries of a stage are freed, but glibc keeps
    the pages they used: the archive built by the first stages would otherwise carry that slack
    into the later ones (measured: about a fifth of the pages stage's growth).
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):      # not glibc
        pass


process_pages.last_stats = {}


def _cpu_seconds() -> float:
    """Return the CPU time of this process and of its finished children (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class StageTimer:
    """Records the wall and CPU time of each named stage; writes them as JSON for the benchmark."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the body of a ``with`` block under ``name`` (times of a repeated name add up)."""
        started, cpu = time.perf_counter(), _cpu_seconds()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.cpu[name] = self.cpu.get(name, 0.0) + _cpu_seconds() - cpu

    def write(self, path: Path, **extra) -> None:
        """Write the stage times (wall and CPU seconds, in stage order) and ``extra`` to a JSON file."""
        data = {"stages": {k: round(v, 3) for k, v in self.seconds.items()},
                "stages_cpu": {k: round(v, 3) for k, v in self.cpu.items()}, **extra}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
