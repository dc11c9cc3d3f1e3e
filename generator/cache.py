"""Per-page cache: the result of a page's stages, kept under a key of its content and the code.

A key is the sha256 of the page's identity (file name, raw-bytes hash, encoding, metadata,
reading warnings), the stage's name, ``CODE_VERSION`` and a fingerprint of every file of the
``generator`` package (code and data). Editing any of them gives new keys, so stale results
are never reused. Entries live in ``<cache dir>/<fingerprint>/<key[:2]>/<key>.pickle``; opening
a cache removes the folders left by other versions of the code, so it does not grow without end.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import sys
from pathlib import Path

from . import CODE_VERSION
from .model import Page, SourcePage

PACKAGE = Path(__file__).resolve().parent
CACHE_FORMAT = "1"      # bump if the layout of cache files changes


def code_fingerprint(package: Path = PACKAGE) -> str:
    """Return a hash of CODE_VERSION, the Python and jieba versions and every file of the generator package."""
    import jieba        # its dictionary decides words across column cuts, so its version is part of the key
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{CODE_VERSION}:{sys.version_info[:2]}:{jieba.__version__}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def current_fingerprint() -> str:
    """Return the fingerprint of the running code (computed once per process)."""
    return code_fingerprint(PACKAGE)


def page_key(source: SourcePage, stage: str, fingerprint: str) -> str:
    """Return the cache key of one page's result for ``stage`` under the given code."""
    identity = [stage, fingerprint, source.name, source.sha256, source.encoding,
                [list(pair) for pair in source.meta], [str(w) for w in source.warnings]]
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()


class PageCache:
    """Stores and finds per-page results of one stage on disk."""

    def __init__(self, directory: Path, stage: str, fingerprint: str | None = None):
        self.fingerprint = fingerprint or current_fingerprint()
        self.root = Path(directory)
        self.folder = self.root / self.fingerprint[:24]
        self.stage = stage
        self.hits = self.misses = 0
        self._remove_other_versions()

    def _remove_other_versions(self) -> None:
        """Delete entries made by other versions of the code: they can never be used again."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder and len(child.name) == 24:
                shutil.rmtree(child, ignore_errors=True)

    def path(self, source: SourcePage) -> Path:
        """Return the file that holds (or will hold) the result for ``source``."""
        key = page_key(source, self.stage, self.fingerprint)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, source: SourcePage) -> Page | None:
        """Return the cached result for ``source``, or None (a damaged entry counts as missing)."""
        path = self.path(source)
        try:
            with path.open("rb") as handle:
                page = pickle.load(handle)
        except FileNotFoundError:
            page = None
        except Exception:           # truncated or foreign file: recompute and overwrite it
            page = None
        if not isinstance(page, Page):
            self.misses += 1
            return None
        self.hits += 1
        return page

    def put(self, source: SourcePage, page: Page) -> None:
        """Store the result for ``source`` atomically (a killed build leaves no half file)."""
        path = self.path(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(page, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
