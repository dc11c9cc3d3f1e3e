"""A page's metadata file (``seeds/<page>.yaml``): a flat mapping of ``paper``, ``date`` and ``page``.

Parsed strictly and at bounded cost: PyYAML's composer builds the node tree (no object
construction, so no type coercion: ``date: 2023-02-30`` stays text), aliases and anchors are
refused (no "billion laughs"), the file is size-limited, and every value must be a plain scalar.
A wrong file is ignored whole, with one warning naming the file and line; the page is always
built from its text. Pure: takes the file's text, returns values.
"""
from __future__ import annotations

import datetime
import re

import yaml

from generator.infra.yaml_tree import RefusedReference, compose_plain
from generator.model import BuildWarning

META_KEYS = ("paper", "date", "page")
MAX_META_CHARS = 16_384          # a few lines are expected; a larger file is not metadata
MAX_VALUE_CHARS = 200
METADATA_DATE_RE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")


class MetaError(ValueError):
    """A metadata file that cannot be used, with the 1-based line at fault."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line


def _line(node) -> int:
    """Return the 1-based line a YAML node starts on."""
    return node.start_mark.line + 1


def _scalar(node, what: str) -> str:
    """Return the text of a plain scalar node, or raise MetaError naming its line."""
    if not isinstance(node, yaml.ScalarNode):
        raise MetaError(_line(node), f"{what} must be a single value, not a list or mapping")
    if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise MetaError(_line(node), f"{what} must be text, a number or a date, not {tag}")
    value = node.value.strip()
    if len(value) > MAX_VALUE_CHARS or "\n" in value:
        raise MetaError(_line(node), f"{what} must be one short line")
    return value


def metadata_date(value: str) -> str | None:
    """Return a metadata date as ISO (2023-4-5, 2023/04/05, 2023年4月5日 -> 2023-04-05), or None if not a real date."""
    match = METADATA_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return "-".join(f"{n:02d}" for n in (year, month, day) if n is not None)


def check_date(value: str, line: int) -> str:
    """Return ``value`` if it is a real date (2023-04-24, 2023-04, 2023, 2023年4月24日 …), else raise MetaError."""
    if metadata_date(value) is None:
        raise MetaError(line, f"date {value!r} is not a real date like 2023-04-24, 2023-04 or 2023")
    return value


def parse_meta(text: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[int, str], ...]]:
    """Return (the (key, value) pairs, the (line, key) of unknown keys) of a metadata file's text;
    raise MetaError naming the line when the file is wrong."""
    if len(text) > MAX_META_CHARS:
        raise MetaError(None, f"file is larger than {MAX_META_CHARS} characters")
    try:
        root = compose_plain(text)
    except RefusedReference as error:
        raise MetaError(error.problem_mark.line + 1, error.problem) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise MetaError(mark.line + 1 if mark else None, f"invalid YAML ({error.problem})") from None
    except yaml.YAMLError as error:
        raise MetaError(None, f"invalid YAML ({error})") from None
    if root is None:
        return (), ()
    if not isinstance(root, yaml.MappingNode):
        raise MetaError(_line(root), f"must be a mapping of {', '.join(META_KEYS)}")
    return _pairs(root)


def _pairs(root: yaml.MappingNode) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[int, str], ...]]:
    """Return the known keys of a mapping node as (key, text) pairs and the unknown keys with their line."""
    pairs: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    for key_node, value_node in root.value:
        key = _scalar(key_node, "a key")
        if key not in META_KEYS:
            unknown.append((_line(key_node), key))
            continue
        if key in pairs:
            raise MetaError(_line(key_node), f"key {key!r} given twice")
        value = _scalar(value_node, key) if not _is_null(value_node) else ""
        pairs[key] = check_date(value, _line(value_node)) if key == "date" and value else value
    return tuple((key, pairs[key]) for key in META_KEYS if pairs.get(key)), tuple(unknown)


def _is_null(node) -> bool:
    """Return True for an empty value (``date:`` or ``date: ~``)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def read_meta_text(name: str, text: str) -> tuple[tuple[tuple[str, str], ...], list[BuildWarning]]:
    """Return the overrides of a metadata file, or none and one warning naming its line when it is wrong."""
    try:
        pairs, unknown = parse_meta(text)
    except MetaError as error:
        return (), [BuildWarning(name, error.line, f"{error}; metadata file ignored, the page is built "
                                                   "from its text — fix the file")]
    return pairs, [BuildWarning(name, line, f"unknown metadata key {key!r} ignored (known: {', '.join(META_KEYS)})")
                   for line, key in unknown]
