"""Reading input pages: decode each ``seeds/*.txt`` and its optional ``<stem>.yaml`` metadata.

This is one of the two modules that touch the disk. Nothing here raises for a bad page:
problems become :class:`BuildWarning` values naming the file and what the build did.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.model import BuildWarning, SourcePage
from generator.parse.decoding import decode_bytes, first_invalid_line, invalid_repair
from generator.parse.metadata import META_KEYS, MAX_META_CHARS, read_meta_text

__all__ = ["META_KEYS", "SeedsError", "read_pages", "read_page", "decode", "all_warnings"]


class SeedsError(Exception):
    """The seeds cannot be built from (missing or empty folder, a page that cannot be read): stop the build."""


def read_pages(seeds_dir: Path) -> tuple[SourcePage, ...]:
    """Return every ``*.txt`` page of ``seeds_dir``, sorted by file name, decoded; raise SeedsError when
    there is nothing to build from or a page cannot be read (a build must not publish a site without it)."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise SeedsError(f"{seeds_dir}: no such folder — check --seeds")
    paths = sorted(seeds_dir.glob("*.txt"), key=lambda p: p.name)
    if not paths:
        raise SeedsError(f"{seeds_dir}: no page files (*.txt) — check --seeds")
    return tuple(read_page(path, seeds_dir) for path in paths)


def refusal(path: Path, seeds_dir: Path | None) -> str | None:
    """Return why ``path`` must not be read (a link leaving the seeds folder, not a regular file), or None."""
    if path.is_symlink() and seeds_dir is not None:
        target, root = path.resolve(), seeds_dir.resolve()
        if root not in target.parents:
            return f"a symbolic link to {target}, outside the seeds folder; not read — copy the file into the folder"
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return f"cannot be opened ({error.strerror}) — fix or remove the file"
    if not stat.S_ISREG(mode):
        return "not a regular file; not read — replace it with the page's text file"
    return None


def read_page(path: Path, seeds_dir: Path | None = None) -> SourcePage:
    """Return one page read from ``path``, decoded without losing a byte; a refused file is a page with no
    text and a warning; raise SeedsError when the file cannot be read."""
    name = path.name
    refused = refusal(path, seeds_dir if seeds_dir is not None else path.parent)
    if refused:
        return SourcePage(name=name, text="", encoding="", sha256="", skipped=refused,
                          warnings=(BuildWarning(name, None, refused),))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SeedsError(f"{path}: cannot be read ({error.strerror}) — fix its permissions or remove it") from None
    text, encoding, repairs, warnings = decode(name, raw)
    meta, meta_warnings = read_meta(path.with_suffix(".yaml"), seeds_dir if seeds_dir is not None else path.parent)
    return SourcePage(name=name, text=text, encoding=encoding, sha256=hashlib.sha256(raw).hexdigest(),
                      meta=meta, warnings=tuple(warnings + meta_warnings), repairs=repairs,
                      skipped=None if text.strip() else "empty page (no text)")


def decode(name: str, raw: bytes) -> tuple[str, str, tuple, list[BuildWarning]]:
    """Return (text with \\n line ends, encoding used, decoding repairs, warnings) for a page's raw bytes."""
    decoded = decode_bytes(raw)
    label = "utf-8-sig" if decoded.encoding == "utf-8" and decoded.bom else decoded.encoding
    warnings = []
    if decoded.encoding != "utf-8":
        warnings.append(BuildWarning(name, None, f"not UTF-8; decoded as {decoded.encoding.upper()} "
                                                 "(save it as UTF-8 to silence this)"))
    repair = invalid_repair(decoded)
    if repair is not None:
        count = len(decoded.invalid)
        warnings.append(BuildWarning(name, first_invalid_line(decoded),
                                     f"{count} invalid byte sequence{'s' if count != 1 else ''} kept as U+FFFD "
                                     "(the bytes are recorded in the page's repairs) — fix the file to silence this"))
    text = normalise_newlines(decoded.text)
    if "\x00" in text:
        warnings.append(BuildWarning(name, text.count("\n", 0, text.index("\x00")) + 1,
                                     f"{text.count(chr(0))} NUL bytes (is it a text page?); dropped and recorded "
                                     "as control_removed, the rest of the page is built"))
    if not text.strip():
        warnings.append(BuildWarning(name, None, "empty page (no text); it has no articles"))
    return text, label, (repair,) if repair else (), warnings


def normalise_newlines(text: str) -> str:
    """Return ``text`` with CRLF and lone CR line ends turned into \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_meta(path: Path, seeds_dir: Path | None = None) -> tuple[tuple[tuple[str, str], ...], list[BuildWarning]]:
    """Return the (key, value) overrides of a page's metadata file and any warnings about it."""
    if not path.exists() and not path.is_symlink():
        return (), []
    refused = refusal(path, seeds_dir if seeds_dir is not None else path.parent)
    if refused:
        return (), [BuildWarning(path.name, None, f"{refused}; metadata ignored")]
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_META_CHARS * 4 + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return (), [BuildWarning(path.name, None, f"cannot read metadata ({error}); metadata file ignored — "
                                                  "save it as UTF-8 text")]
    return read_meta_text(path.name, text)


def all_warnings(sources, pages) -> tuple[BuildWarning, ...]:
    """Return reading warnings then page warnings, without repeats, in order."""
    seen: dict[BuildWarning, None] = {}
    for source in sources:
        for warning in source.warnings:
            seen.setdefault(warning, None)
    for page in pages:
        for warning in page.warnings:
            seen.setdefault(warning, None)
    return tuple(seen)
