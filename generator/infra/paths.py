"""Checks on the folders a build reads from and writes to."""
from __future__ import annotations

from pathlib import Path


class UnsafeOutput(Exception):
    """Raised for an --out folder that a build must never replace."""


def refuse_unsafe_out(out: Path, repo_root: Path | None = None) -> None:
    """Raise UnsafeOutput if ``out`` is /, the home folder, the repository or one of its sources."""
    out = Path(out).resolve()
    forbidden = {Path("/"): "the file system root", Path.home().resolve(): "your home folder"}
    if repo_root is not None:
        root = Path(repo_root).resolve()
        forbidden[root] = "the repository root"
        for name in ("seeds", "generator", "templates", "tests", ".git", "bench", "scripts"):
            forbidden[root / name] = f"the repository's {name}/ folder"
    if out in forbidden:
        raise UnsafeOutput(f"--out {out} is {forbidden[out]}; the build replaces its --out "
                           "folder entirely, so choose an empty or build-only folder such as site/")
    if repo_root is not None and out in Path(repo_root).resolve().parents:
        raise UnsafeOutput(f"--out {out} contains the repository; choose a folder such as site/")
