"""Reading input pages: decode each ``seeds/*.txt`` and its optional ``<stem>.yaml`` metadata.

This is one of the two modules that touch the disk. Nothing here raises for a bad page:
problems become :class:`BuildWarning` values naming the file and what the build did.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from generator.model import BuildWarning, SourcePage

META_KEYS = ("paper", "date", "page")
UTF8_BOM = b"\xef\xbb\xbf"


def read_pages(seeds_dir: Path) -> tuple[SourcePage, ...]:
    """Return every ``*.txt`` page of ``seeds_dir``, sorted by file name, decoded."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        return ()
    return tuple(_read_safely(path) for path in sorted(seeds_dir.glob("*.txt"), key=lambda p: p.name))


def _read_safely(path: Path) -> SourcePage:
    """Return ``read_page(path)``, or an empty page with a warning if reading failed unexpectedly."""
    try:
        return read_page(path)
    except Exception as error:  # one unreadable page must not stop the build
        return SourcePage(name=path.name, text="", encoding="", sha256="",
                          warnings=(BuildWarning(path.name, None, f"cannot read the page ({error}); page skipped"),))


def read_page(path: Path) -> SourcePage:
    """Return one page read from ``path``; unreadable or odd input becomes warnings."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        return SourcePage(name=name, text="", encoding="", sha256="",
                          warnings=(BuildWarning(name, None, f"cannot read the file ({error.strerror}); page skipped"),))
    text, encoding, warnings = decode(name, raw)
    meta, meta_warnings = read_meta(path.with_suffix(".yaml"))
    return SourcePage(name=name, text=text, encoding=encoding, sha256=hashlib.sha256(raw).hexdigest(),
                      meta=meta, warnings=tuple(warnings + meta_warnings))


def decode(name: str, raw: bytes) -> tuple[str, str, list[BuildWarning]]:
    """Return (text with \\n line ends, encoding used, warnings) for the raw bytes of a page."""
    if b"\x00" in raw:
        return "", "binary", [BuildWarning(name, None, "binary file (NUL bytes), not a text page; page skipped")]
    text, encoding, warnings = _decode_text(name, raw)
    if text is None:
        return "", "binary", [BuildWarning(name, None, "neither UTF-8 nor GB18030 text; page skipped")]
    text = normalise_newlines(text)
    if not text.strip():
        warnings.append(BuildWarning(name, None, "empty page (no text); it has no articles"))
    return text, encoding, warnings


def _decode_text(name: str, raw: bytes) -> tuple[str | None, str, list[BuildWarning]]:
    """Return (text, encoding, warnings): UTF-8, UTF-8 with BOM, else GB18030, else None."""
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM):].decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None, "", []
    return text, "gb18030", [BuildWarning(name, None, "not UTF-8; decoded as GB18030 (save it as UTF-8 to silence this)")]


def normalise_newlines(text: str) -> str:
    """Return ``text`` with CRLF and lone CR line ends turned into \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_meta(path: Path) -> tuple[tuple[tuple[str, str], ...], list[BuildWarning]]:
    """Return the (key, value) overrides of a page's metadata file and any warnings about it."""
    if not path.is_file():
        return (), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return (), [BuildWarning(path.name, line, f"invalid YAML ({getattr(error, 'problem', error)}); metadata ignored")]
    except (OSError, UnicodeDecodeError) as error:
        return (), [BuildWarning(path.name, None, f"cannot read metadata ({error}); metadata ignored")]
    if data is None:
        return (), []
    if not isinstance(data, dict):
        return (), [BuildWarning(path.name, 1, "metadata must be a mapping of paper/date/page; ignored")]
    return _meta_pairs(path.name, data)


def _meta_pairs(name: str, data: dict) -> tuple[tuple[tuple[str, str], ...], list[BuildWarning]]:
    """Return the known keys of a metadata mapping as string pairs, warning about unknown ones."""
    pairs, warnings = [], []
    for key in META_KEYS:
        value = data.get(key)
        if value is not None:
            pairs.append((key, str(value).strip()))
    unknown = sorted(str(k) for k in data if k not in META_KEYS)
    if unknown:
        warnings.append(BuildWarning(name, None, f"unknown metadata keys {', '.join(unknown)} ignored "
                                                 f"(known: {', '.join(META_KEYS)})"))
    return tuple(pairs), warnings


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
