"""Read the open data as a user would: ``data/articles.json`` is an index, the items are in its gzipped parts."""
from __future__ import annotations

import gzip
import json
from pathlib import Path


def load_json(site: Path, path: str):
    """Return the parsed JSON file at site path ``path`` (gunzipped when it ends in .gz)."""
    data = (site / path).read_bytes()
    return json.loads((gzip.decompress(data) if path.endswith(".gz") else data).decode("utf-8"))


def load_index(site: Path) -> dict:
    """Return the articles index ``data/articles.json``."""
    return load_json(site, "data/articles.json")


def load_articles(site: Path) -> list[dict]:
    """Return every item record of the site, following the index's parts in order."""
    return [item for part in load_index(site)["parts"] for item in load_json(site, part["url"])]


def load_csv_text(site: Path, part: dict) -> str:
    """Return the text of a part's CSV twin (named by the part's ``csv`` key), without its byte order mark."""
    return gzip.decompress((site / part["csv"]).read_bytes()).decode("utf-8-sig")
