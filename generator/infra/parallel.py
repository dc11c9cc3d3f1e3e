"""Work on every core: a pool of forked processes that die with the build, and stage timing.

``pool_map`` and ``pool_iter`` run a module-level function over items on up to ``workers``
processes, in order; small inputs run in this process. ``StageTimer`` records the wall and CPU
time of each build stage for the benchmark (``build.py --timings FILE``). Nothing here knows
what the items are.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, Sized

SERIAL_BELOW = 8         # fewer items than this to compute: a pool costs more than it saves


def default_workers() -> int:
    """Return the number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # not Linux
        return max(1, os.cpu_count() or 1)


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


_INHERITED: dict[str, object] = {}      # values of the work under way, seen by workers forked while it runs


@contextlib.contextmanager
def inherited(name: str, value: object) -> Iterator[None]:
    """Make ``value`` readable as ``inherited_value(name)`` here and in workers forked inside the block.

    The one way work is shared with pool workers: they are forked, so they see it without pickling
    (an archive's pages, a renderer, a posting table) — the task sent to each is only a range.
    """
    _INHERITED[name] = value
    try:
        yield
    finally:
        _INHERITED.pop(name, None)


def inherited_value(name: str):
    """Return the value shared under ``name`` by the ``inherited`` block under way."""
    return _INHERITED[name]


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
