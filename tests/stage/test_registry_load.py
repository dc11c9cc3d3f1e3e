"""Loading the permalink registry: a registry that would move a permanent URL stops the build with one line
naming the file, the line and what to do; nothing is reassigned silently (issue 13)."""
from __future__ import annotations

import json

import pytest

from generator.archive.permalinks import RegistryError, load_registry, registry_text
from generator.archive.page_slugs import PageEntry
from generator.archive.permalinks import Entry, Registry

GOOD = Registry((Entry("bbbbbb", "live", "001.txt", "标题", b"\x00" * 8),
                 Entry("cccccc", "redirect", "001.txt", None, b"", "bbbbbb")),
                (PageEntry("001", "live", "001.txt", "ab" * 32),))


def test_a_registry_reads_back_as_written(tmp_path):
    path = tmp_path / "permalinks.json"
    path.write_text(registry_text(GOOD), encoding="utf-8")
    assert load_registry(path) == GOOD


def spoil(text: str, how: str) -> str:
    """Return the registry text spoiled one way."""
    lines = text.split("\n")
    if how == "duplicate":
        return "\n".join(lines[:4] + [lines[4].rstrip(",") + ","] + lines[4:])
    data = json.loads(text)
    if how == "bad id":
        data["ids"]["AEIOU!"] = data["ids"].pop("bbbbbb")
    elif how == "bad status":
        data["ids"]["bbbbbb"]["status"] = "gone"
    elif how == "bad successor":
        data["ids"]["cccccc"]["successor"] = "../x"
    elif how == "page slug leaving p/":
        data["pages"]["../../etc/x"] = data["pages"].pop("001")
    elif how == "ids not a mapping":
        data["ids"] = []
    return json.dumps(data, indent=1)


@pytest.mark.parametrize("how, words", [
    ("duplicate", "'bbbbbb' appears twice (lines 5 and 6)"),
    ("bad id", "'AEIOU!' is not an id"),
    ("bad status", "entry 'bbbbbb' is malformed"),
    ("bad successor", "entry 'cccccc' is malformed"),
    ("page slug leaving p/", "page entry '../../etc/x' is malformed"),
    ("ids not a mapping", "not a permalink registry"),
])
def test_a_registry_that_would_move_a_url_is_an_error_naming_the_line(tmp_path, how, words):
    path = tmp_path / "permalinks.json"
    path.write_text(spoil(registry_text(GOOD), how), encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    message = str(error.value)
    assert words in message and message.startswith(str(path)) and " — " in message and "\n" not in message


def test_a_corrupt_registry_names_its_line(tmp_path):
    path = tmp_path / "permalinks.json"
    path.write_text('{"version": 1,\n "ids": {\n', encoding="utf-8")
    with pytest.raises(RegistryError, match=r"permalinks.json:3: not a permalink registry"):
        load_registry(path)
