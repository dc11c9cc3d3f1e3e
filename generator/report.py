"""What the build tells the person running it: progress, warnings, the closing summary."""
from __future__ import annotations

import contextlib
import sys
from collections import Counter
from typing import Iterable, Iterator, Mapping

from generator.model import Archive, BuildWarning
from generator.search import build as search

SIZE_WARNING_BYTES = 20 * 1024 * 1024     # GitHub warns about files past 50 MB; we warn well before


class Progress:
    """Times each build stage and, unless quiet, says on stderr when a stage is done."""

    def __init__(self, timer, quiet: bool = False):
        self.timer = timer
        self.quiet = quiet

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the body of a ``with`` block as stage ``name`` and report its end."""
        with self.timer.stage(name):
            yield
        if not self.quiet:
            print(f"  {name}: {self.timer.seconds[name]:.1f} s", file=sys.stderr, flush=True)


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


UNCERTAIN = 0.75                 # a segmentation decision below this confidence is worth a look
SHOWN_UNCERTAIN = 5


def least_certain(archive: Archive) -> list[str]:
    """Return the summary lines on the least certain segmentation decisions (items and repairs)."""
    decisions = [(item.confidence, item.source, f"item {item.position} `{item.display_title()[:16]}`")
                 for item in archive.items if item.confidence is not None]
    decisions += [(r.confidence, item.source, f"{r.kind} {r.detail[:40]}")
                  for item in archive.items for r in item.repairs if r.confidence is not None]
    unsure = sorted(d for d in decisions if d[0] < UNCERTAIN)
    if not decisions:
        return []
    lines = [f"uncertain decisions (confidence < {UNCERTAIN}): {len(unsure)} of {len(decisions)}"]
    lines += [f"  {confidence:.2f} {source}: {what}" for confidence, source, what in unsure[:SHOWN_UNCERTAIN]]
    return lines


def summary(archive: Archive, files: Mapping[str, str | bytes], sizes: dict[str, int], seconds: float) -> str:
    """Return the closing summary: pages, items, repairs by kind, warnings, size, seconds.

    ``sizes`` is {site path: bytes} (``SiteWriter.sizes``); ``files`` is read only for the few
    files of a typical first search.
    """
    repairs = Counter(r.kind for item in archive.items for r in item.repairs)
    repairs.update(r.kind for page in archive.pages for r in page.repairs)
    largest = max(sizes, key=sizes.get) if sizes else "-"
    search_bytes = sum(size for path, size in sizes.items() if path.startswith("search/"))
    lines = [
        f"pages: {len(archive.pages)}  items: {len(archive.items)}  counties: {len(archive.counties)}",
        "repairs: " + (", ".join(f"{kind} {n}" for kind, n in sorted(repairs.items())) or "none"),
        f"warnings: {len(archive.warnings)}",
        f"site: {len(sizes)} files, {_human(sum(sizes.values()))}; largest {largest} ({_human(sizes.get(largest, 0))})",
        f"search index: {_human(search_bytes)}; first search downloads {_human(search.first_search_bytes(files))}",
        f"seconds: {seconds:.2f}",
    ]
    lines += least_certain(archive)
    big = [p for p, s in sizes.items() if s > SIZE_WARNING_BYTES]
    if big:
        lines.append("warning: files over 20 MB (GitHub Pages limits): " + ", ".join(sorted(big)))
    return "\n".join(lines)
