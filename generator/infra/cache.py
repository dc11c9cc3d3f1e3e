"""Result cache on disk: values kept under a key of their input and of the code that made them.

The caller names the input (``key`` — e.g. a page's file name and bytes hash) and the stage;
the cache adds a fingerprint of the running code (``CODE_VERSION``, the Python version, the
versions of libraries that decide results, and every file of the ``generator`` package, code
and data). Editing any of them gives new keys, so stale results are never reused. Entries live
in ``<cache dir>/<fingerprint[:24]>/<key[:2]>/<key>.pickle``; opening a cache removes the folders
left by other versions of the code, so it does not grow without end.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import pickle
import shutil
import sys
from pathlib import Path

# Bumped whenever a change alters what the build produces from the same input,
# so that cached work made by older code is not reused.
CODE_VERSION = "1"
CACHE_FORMAT = "1"      # bump if the layout of cache files changes
PACKAGE = Path(__file__).resolve().parent.parent       # the generator package
# jieba's dictionary decides words across column cuts and search terms: its version is part of the key
LIBRARIES = ("jieba",)


def code_fingerprint(package: Path = PACKAGE, libraries: tuple[str, ...] = LIBRARIES) -> str:
    """Return a hash of CODE_VERSION, the Python and library versions and every file of ``package``."""
    versions = ",".join(f"{name}={importlib.metadata.version(name)}" for name in libraries)
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{CODE_VERSION}:{sys.version_info[:2]}:{versions}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def current_fingerprint() -> str:
    """Return the fingerprint of the running code (computed once per process)."""
    return code_fingerprint(PACKAGE)


def entry_key(identity: list, stage: str, fingerprint: str) -> str:
    """Return the cache key of a JSON-able ``identity`` for ``stage`` under the given code."""
    return hashlib.sha256(json.dumps([stage, fingerprint, *identity], ensure_ascii=False).encode("utf-8")).hexdigest()


class ResultCache:
    """Stores and finds the results of one stage on disk, each under the key of its input."""

    def __init__(self, directory: Path, stage: str, expected: type, fingerprint: str | None = None):
        self.fingerprint = fingerprint or current_fingerprint()
        self.root = Path(directory)
        self.folder = self.root / self.fingerprint[:24]
        self.stage = stage
        self.expected = expected
        self._remove_other_versions()

    def _remove_other_versions(self) -> None:
        """Delete entries made by other versions of the code: they can never be used again."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder and len(child.name) == 24:
                shutil.rmtree(child, ignore_errors=True)

    def path(self, identity: list) -> Path:
        """Return the file that holds (or will hold) the result for ``identity``."""
        key = entry_key(identity, self.stage, self.fingerprint)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, identity: list):
        """Return the cached result for ``identity``, or None (a damaged or foreign entry counts as missing)."""
        try:
            with self.path(identity).open("rb") as handle:
                value = pickle.load(handle)
        except Exception:           # missing, truncated or foreign file: recompute and overwrite it
            return None
        return value if isinstance(value, self.expected) else None

    def put(self, identity: list, value) -> None:
        """Store the result for ``identity`` atomically (a killed build leaves no half file)."""
        path = self.path(identity)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
