"""Which rendered files of the previous site a rebuild can keep, so unchanged pages are not rendered again.

The view of a printed page and the pages of its articles depend only on the page (all its
items), the counties its items name that the archive has, the URLs (base URL), the templates
and the code. Their *render key* hashes exactly those: the pages' ``repr`` (frozen dataclasses,
so the text depends on content only, unlike pickle), a fingerprint of the ``generator`` package
(``cache.current_fingerprint``), of every file under ``templates/`` and of the template
libraries' versions.

The record (``<cache>/render-record.json``) maps each key of the last build to the site paths it
produced, with each file's size, mtime (ns) and inode as written. A rebuild whose page has a
key in the record, and whose files are all still in the previous site with that size, mtime and
inode, takes those files as they are (``writer.Unchanged``: hard-linked into the new site). A
file edited, replaced or deleted by hand no longer matches and is rendered again (as with make
or rsync, an edit in place that keeps the size and sets the old mtime back is not noticed;
``--no-cache`` renders everything). Saving keeps only the keys this build used, so the record
describes the new site and does not grow.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from importlib import metadata
from pathlib import Path
from typing import Iterable

from generator.infra.cache import current_fingerprint

RECORD_NAME = "render-record.json"
RECORD_FORMAT = 1
LIBRARIES = ("Jinja2", "MarkupSafe", "Markdown")
Stamp = tuple[int, int, int]          # size, mtime_ns, inode


def templates_fingerprint(templates: Path) -> str:
    """Return a hash of the code fingerprint, the template libraries' versions and every file under ``templates``."""
    digest = hashlib.sha256(current_fingerprint().encode("ascii"))
    for name in LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}\0".encode("utf-8"))
    for path in sorted(Path(templates).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def render_key(fingerprint: str, *inputs: object) -> str:
    """Return the render key of output made from ``inputs`` (frozen dataclasses, tuples, strings) by this code."""
    return hashlib.sha256(f"{fingerprint}\0{inputs!r}".encode("utf-8", "surrogatepass")).hexdigest()


def stamp(info: os.stat_result) -> Stamp:
    """Return what identifies a file's version cheaply: size, modification time (ns) and inode."""
    return info.st_size, info.st_mtime_ns, info.st_ino


class RenderRecord:
    """The render keys of the last build and the files they made; what this build reuses and makes."""

    def __init__(self, cache_dir: Path, previous_site: Path):
        self.path = Path(cache_dir) / RECORD_NAME
        self.previous = Path(previous_site).resolve()
        self.fingerprint = ""
        self.entries = self._load()                 # key -> ((site path, size, mtime_ns, inode), ...)
        self.used: dict[str, tuple[str, ...]] = {}  # key -> site paths, in this build
        self.reused_keys = 0

    def _load(self) -> dict[str, list[list]]:
        """Return the record of the last build into the same site, or {} (missing, damaged or another site)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == RECORD_FORMAT and data.get("site") == str(self.previous):
                return dict(data["keys"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return {}

    def begin(self, templates: Path) -> None:
        """Fingerprint the code and ``templates`` (before workers fork, so each need not do it)."""
        self.fingerprint = templates_fingerprint(templates)

    def key(self, *inputs: object) -> str:
        """Return the render key of output made from ``inputs``."""
        return render_key(self.fingerprint, *inputs)

    def unchanged(self, key: str) -> list[str] | None:
        """Return the site paths made under ``key`` if each is in the previous site as recorded, else None."""
        entry = self.entries.get(key)
        if not entry:
            return None
        for rel_path, size, mtime_ns, inode in entry:
            try:
                info = os.lstat(self.previous / rel_path)
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode) or stamp(info) != (size, mtime_ns, inode):
                return None
        return [rel_path for rel_path, *_ in entry]

    def use(self, key: str, paths: Iterable[str], reused: bool) -> None:
        """Note that this build's files ``paths`` were made (or, if ``reused``, kept) under ``key``."""
        self.used[key] = tuple(paths)
        self.reused_keys += reused

    def save(self, written_stat) -> None:
        """Write the record of this build's keys, ``written_stat(path)`` giving each file's status as written."""
        keys = {key: [[path, *stamp(written_stat(path))] for path in paths] for key, paths in sorted(self.used.items())}
        data = {"format": RECORD_FORMAT, "site": str(self.previous), "keys": keys}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.path)

    def stats(self) -> dict[str, int]:
        """Return how many keys this build used and how many of them it reused."""
        return {"keys": len(self.used), "reused": self.reused_keys, "rendered": len(self.used) - self.reused_keys}

