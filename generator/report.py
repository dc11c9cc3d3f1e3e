"""What the build tells the person running it: progress, warnings, the closing summary."""
from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Iterable, Iterator, TypeVar

from . import search
from .model import Archive, BuildWarning

T = TypeVar("T")
SIZE_WARNING_BYTES = 20 * 1024 * 1024     # GitHub warns about files past 50 MB; we warn well before


class Progress:
    """Prints a progress line every few seconds for long stages, nothing for short ones."""

    def __init__(self, quiet: bool = False, every_seconds: float = 2.0):
        self.quiet = quiet
        self.every_seconds = every_seconds

    def each(self, items: Iterable[T], stage: str) -> Iterator[T]:
        """Yield the items, reporting how far the stage has got."""
        items = list(items)
        last = time.monotonic()
        for done, item in enumerate(items, 1):
            yield item
            if not self.quiet and time.monotonic() - last > self.every_seconds:
                print(f"  {stage}: {done}/{len(items)} pages", file=sys.stderr, flush=True)
                last = time.monotonic()


def report_warnings(warnings: Iterable[BuildWarning]) -> None:
    """Print each warning on its own line to stderr."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _human(size: int) -> str:
    """Return a byte count as a short human-readable string."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def summary(archive: Archive, files: dict[str, str | bytes], seconds: float) -> str:
    """Return the closing summary: pages, items, repairs by kind, warnings, size, seconds."""
    sizes = {path: len(c.encode("utf-8") if isinstance(c, str) else c) for path, c in files.items()}
    repairs = Counter(r.kind for item in archive.items for r in item.repairs)
    repairs.update(r.kind for page in archive.pages for r in page.repairs)
    largest = max(sizes, key=sizes.get) if sizes else "-"
    search_bytes = sum(size for path, size in sizes.items() if path.startswith("search/"))
    lines = [
        f"pages: {len(archive.pages)}  items: {len(archive.items)}  counties: {len(archive.counties)}",
        "repairs: " + (", ".join(f"{kind} {n}" for kind, n in sorted(repairs.items())) or "none"),
        f"warnings: {len(archive.warnings)}",
        f"site: {len(files)} files, {_human(sum(sizes.values()))}; largest {largest} ({_human(sizes.get(largest, 0))})",
        f"search index: {_human(search_bytes)}; first search downloads {_human(search.first_search_bytes(files))}",
        f"seconds: {seconds:.2f}",
    ]
    big = [p for p, s in sizes.items() if s > SIZE_WARNING_BYTES]
    if big:
        lines.append("warning: files over 20 MB (GitHub Pages limits): " + ", ".join(sorted(big)))
    return "\n".join(lines)
