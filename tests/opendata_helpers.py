"""Read the open data as a user would: ``data/articles.json`` is an index, the items are in its parts."""
from __future__ import annotations

import json
from pathlib import Path


def load_json(site: Path, path: str):
    """Return the parsed JSON file at site path ``path``."""
    return json.loads((site / path).read_text(encoding="utf-8"))


def load_index(site: Path) -> dict:
    """Return the articles index ``data/articles.json``."""
    return load_json(site, "data/articles.json")


def load_articles(site: Path) -> list[dict]:
    """Return every item record of the site, following the index's parts in order."""
    return [item for part in load_index(site)["parts"] for item in load_json(site, part["url"])]
