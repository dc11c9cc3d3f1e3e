"""Shared helpers for the search query set (tests/search_queries.yaml): loading it, judging results."""
from __future__ import annotations

from pathlib import Path

import yaml

QUERY_FILE = Path(__file__).resolve().parent / "search_queries.yaml"


def load_queries() -> list[dict]:
    """Return the queries of the query set, in file order."""
    queries = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))["queries"]
    return [{**q, "q": str(q["q"])} for q in queries]


def matches(expected: str, title: str) -> bool:
    """Return True if ``title`` contains one of the '|'-separated alternatives of ``expected``."""
    return any(alt in title for alt in expected.split("|"))


def judge(query: dict, titles: list[str]) -> tuple[int, int, list[str]]:
    """Return (expected items found, expected items, problems) for one query's result titles."""
    problems = []
    expected = query.get("expect", [])
    found = sum(any(matches(e, t) for t in titles) for e in expected)
    problems += [f"{query['q']!r}: no result titled like {e!r}" for e in expected if not any(matches(e, t) for t in titles)]
    if query.get("none") and titles:
        problems.append(f"{query['q']!r}: expected no result, got {titles[:3]}")
    if query.get("first") and (not titles or not matches(query["first"], titles[0])):
        problems.append(f"{query['q']!r}: first result should be titled like {query['first']!r}, got {titles[:1]}")
    return found, len(expected), problems


def site_files(site: Path) -> dict[str, str]:
    """Return the search page, its assets and the search index files of a built site."""
    paths = [site / "search.html", *sorted((site / "search").glob("*.js")), *sorted((site / "assets").glob("*"))]
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in paths if p.is_file()}
