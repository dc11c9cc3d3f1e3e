"""The one writer: every output byte of a build goes through ``SiteWriter``.

The build writes into a staging folder beside ``--out`` and swaps it in at the end
(an atomic exchange where the kernel supports it), so a killed build leaves the previous
site intact. A lock file stops two builds into the same folder from interleaving.

A file that a rebuild would write unchanged can instead be taken from the previous site
(``reuse``, or the ``Unchanged`` marker as content): it is hard-linked into the staging folder
(copied where links are impossible). Linking is safe because no file is ever modified in place:
``write`` writes a ``.part`` file and renames it over the target.

The site a build replaces is renamed to ``.<out>.old-…`` and deleted by a detached process, so
the build returns as soon as the new site is in place: deleting the 250,000 files of a
10,000-page archive took minutes on an ext4 disk mounted with ``discard``. A build also deletes
any such folder left by an earlier one.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.infra.paths import refuse_unsafe_out


class OutputError(Exception):
    """Raised when a write would leave the output folder or overwrite a file of this build."""


class BuildLocked(Exception):
    """Raised when another build is writing into the same output folder."""


@dataclass(frozen=True)
class Unchanged:
    """Content that is byte for byte the file ``source`` (of the previous site): linked, not rewritten."""

    source: Path


LINK_ERRORS = (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES)


def _renameat2_exchange(a: Path, b: Path) -> bool:
    """Return True after atomically exchanging two paths, False if the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
_DELETERS: list[int] = []       # pids of the deleting processes started here, reaped when done


def delete_in_background(folder: Path) -> None:
    """Start deleting ``folder`` in a detached process (at once, in this one, if none can start)."""
    _reap_deleters()
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    try:   # no inherited stdout: a caller reading the build's output must not wait for the deletion
        _DELETERS.append(os.posix_spawn(sys.executable, [sys.executable, "-c", _DELETE, str(folder)],
                                        os.environ, file_actions=quiet, setsid=True))
    except (OSError, AttributeError, NotImplementedError):
        shutil.rmtree(folder, ignore_errors=True)


def _reap_deleters() -> None:
    """Collect the exit status of finished deleting processes (so none is left a zombie)."""
    for pid in list(_DELETERS):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _DELETERS.remove(pid)


class SiteWriter:
    """Writes one build's files into a staging folder, then swaps it in place of ``out``."""

    def __init__(self, out: Path, repo_root: Path | None = None):
        self.out = Path(out).resolve()
        refuse_unsafe_out(self.out, repo_root)
        self.staging = self.out.parent / f".{self.out.name}.building"
        self.lock_path = self.out.parent / f".{self.out.name}.lock"
        self._lock_fd: int | None = None
        self._written: dict[str, int] = {}        # site path -> bytes
        self.reused = 0                           # files taken from the previous site (linked or copied)
        self.swap_seconds: float | None = None    # time to swap the new site in (the old one is deleted in the background)
        self._folders: dict[str, Path] = {}       # site folder -> its staging folder, resolved and checked
        self._made: set[Path] = set()             # staging folders created

    # --- lifecycle ------------------------------------------------------------
    def __enter__(self) -> "SiteWriter":
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            self._lock_fd = None
            raise BuildLocked(
                f"{self.out}: another build is writing here (lock {self.lock_path}); "
                "wait for it to finish or choose another --out") from None
        for leftover in self.old_folders():                # of earlier builds: killed, or still deleting
            delete_in_background(leftover)
        self._discard(self.staging)                        # left by a killed build
        self.staging.mkdir()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                started = time.perf_counter()
                self._swap_in()
                self.swap_seconds = time.perf_counter() - started
            else:
                self._discard(self.staging)
        finally:
            if self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None

    def _swap_in(self) -> None:
        """Replace ``out`` with the staging folder, atomically where possible."""
        if not self.out.exists():
            os.rename(self.staging, self.out)
            return
        if _renameat2_exchange(self.staging, self.out):
            self._discard(self.staging)                    # now the previous site
            return
        self._discard(self.out)
        os.rename(self.staging, self.out)

    def old_folders(self) -> list[Path]:
        """Return the folders of replaced sites and killed builds that are waiting to be deleted."""
        return sorted(self.out.parent.glob(f".{self.out.name}.old-*"))

    def _old_name(self) -> Path:
        """Return a fresh name beside ``out`` for a folder to delete."""
        return self.out.parent / f".{self.out.name}.old-{os.getpid()}-{time.monotonic_ns()}"

    def _discard(self, folder: Path) -> None:
        """Move ``folder`` (if any) out of the way at once and delete it in the background."""
        if not folder.exists():
            return
        old = self._old_name()
        os.rename(folder, old)
        delete_in_background(old)

    # --- writing --------------------------------------------------------------
    def target(self, rel_path: str) -> Path:
        """Return the staging path for a site path, refusing anything outside the output."""
        folder, _, name = rel_path.rpartition("/")
        if (not rel_path or rel_path.startswith("/") or "\\" in rel_path
                or any(part in ("", ".", "..") for part in rel_path.split("/"))):
            raise OutputError(f"refusing to write {rel_path!r}: not a path inside the output folder "
                              "(a relative path without '.', '..' or empty parts)")
        return self._folder(folder, rel_path) / name

    def _folder(self, parent: str, rel_path: str) -> Path:
        """Return the staging folder ``parent`` resolved, refusing one that a symlink leads outside.

        Resolved once per folder (resolving every path cost more than writing the file). The file
        name itself is not resolved: files are put in place by rename, which replaces a link
        instead of following it.
        """
        folder = self._folders.get(parent)
        if folder is None:
            root = self.staging.resolve()
            folder = (self.staging / parent).resolve()
            if folder != root and root not in folder.parents:
                raise OutputError(f"refusing to write {rel_path!r}: it resolves outside {self.out}")
            self._folders[parent] = folder
        return folder

    def _claim(self, rel_path: str) -> Path:
        """Return the staging path of a file not yet written by this build, with its folder made."""
        if rel_path in self._written:
            raise OutputError(f"{rel_path} was written twice in one build: two pages claim the same URL; "
                              "rename one of the page files in --seeds")
        dest = self.target(rel_path)
        if dest.parent not in self._made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(dest.parent)
        return dest

    def write(self, rel_path: str, content: str | bytes | Unchanged) -> None:
        """Write one file of the site (text as UTF-8), once per build, atomically."""
        if isinstance(content, Unchanged):
            self.reuse(rel_path, content.source)
            return
        dest = self._claim(rel_path)
        data = content.encode("utf-8") if isinstance(content, str) else content
        tmp = dest.with_name(dest.name + ".part")
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, dest)
        self._written[rel_path] = len(data)

    def reuse(self, rel_path: str, previous: Path) -> None:
        """Put the regular file ``previous`` into the site at ``rel_path`` as it is: a hard link, else a copy.

        Same rules as ``write``: once per build, only inside the output folder.
        """
        dest = self._claim(rel_path)
        info = os.lstat(previous)
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"cannot reuse {previous} for {rel_path}: not a regular file")
        try:
            os.link(previous, dest, follow_symlinks=False)   # dest is new: staging starts empty, no path is claimed twice
        except OSError as error:
            if error.errno not in LINK_ERRORS:
                raise
            tmp = dest.with_name(dest.name + ".part")
            shutil.copyfile(previous, tmp)
            os.replace(tmp, dest)
        self._written[rel_path] = info.st_size
        self.reused += 1

    def stat(self, rel_path: str) -> os.stat_result:
        """Return the file status of a file this build has written (in staging until the swap)."""
        if rel_path not in self._written:
            raise KeyError(rel_path)
        return os.lstat(self.target(rel_path))

    def write_all(self, files: Mapping[str, str | bytes | Unchanged]
                  | Iterable[tuple[str, str | bytes | Unchanged]]) -> None:
        """Write every file of a mapping (in sorted order) or of a stream of (site path, content) pairs."""
        pairs = ((path, files[path]) for path in sorted(files)) if isinstance(files, Mapping) else files
        for rel_path, content in pairs:
            self.write(rel_path, content)

    @property
    def written(self) -> frozenset[str]:
        """Return the site paths written so far."""
        return frozenset(self._written)

    @property
    def sizes(self) -> dict[str, int]:
        """Return {site path: bytes} of the files written so far."""
        return dict(self._written)

    def view(self) -> "WrittenFiles":
        """Return the files written so far as a read-only mapping (read back from the staging folder)."""
        return WrittenFiles(self)


class WrittenFiles(Mapping):
    """The files a build has written, read back on demand, so the build need not keep them in memory."""

    def __init__(self, writer: SiteWriter):
        self._writer = writer

    def __getitem__(self, rel_path: str) -> bytes:
        if rel_path not in self._writer._written:
            raise KeyError(rel_path)
        return self._writer.target(rel_path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._writer._written))

    def __len__(self) -> int:
        return len(self._writer._written)
