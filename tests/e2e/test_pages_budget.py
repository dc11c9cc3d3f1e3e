"""GitHub Pages budget: a generated archive's site stays a bounded multiple of its raw text.

GitHub Pages refuses sites over 1 GB, and the archive this project exists for is ten thousand
printed pages (about 175 MB of raw text): the site must stay near 5x its raw text and near one
file per article. These are ratios of a built archive (bench/generate.py), not timings; the
benchmark (bench/run.py, bench/sizes.py) gives the figures of the 1,000-page archive.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import run_build

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402
import sizes  # noqa: E402

PAGES = 40
# Ceilings about 5% above what 40 pages measure (bench/README.md has the 1,000-page figures; small
# archives carry more list pages per article). Issue 16's target (5x) is not met yet.
SITE_PER_RAW = 9.3           # whole site ÷ raw text bytes (15.05x before issue 16, 8.82x now)
FILES_PER_ARTICLE = 1.85     # 1.77 (2.29 before the compact search files)
KIND_PER_RAW = {             # bytes of each kind ÷ raw text bytes, 40 pages (before → now)
    "a/": 3.75,              # article pages (4.73 → 3.57: no JSON-LD, DC or og: copies, facts once)
    "p/": 1.41,              # printed-page views (1.46 → 1.34: the raw text once, articles marked in it)
    "data/articles": 1.05,   # open data parts (2.75 → 1.00: gzipped JSON and CSV)
    "lists": 1.27,           # county, person and paper pages (1.51 → 1.21: no lead sentences)
}
LISTS = ("county/", "person/", "paper/")
# The search files (manifest, compact index shards, result record runs; docs/SEARCH_FORMAT.md):
# issue 16 asks for at most 1.5x the raw text. 40 pages measure 1.49x (the records, which hold each
# article's whole text for snippets, are 0.98x of it) and 0.13 files per article (4.39x and 0.65 before).
SEARCH_PER_RAW = 1.5
SEARCH_FILES_PER_ARTICLE = 0.15


@pytest.fixture(scope="module")
def budget_site(tmp_path_factory) -> tuple[dict, int, int]:
    """Return the per-kind breakdown of a built generated archive, its article count and raw text bytes."""
    folder = tmp_path_factory.mktemp("budget")
    seeds, out = folder / "seeds", folder / "site"
    generate.Generator().write_archive(seeds, PAGES)
    assert run_build(seeds, out, "--no-cache") == 0
    raw = sizes.raw_text_bytes(seeds)
    return sizes.breakdown(out, raw), len(list((out / "a").glob("*.html"))), raw


def test_site_stays_within_its_size_budget_per_raw_byte(budget_site):
    rows, _, _ = budget_site
    assert rows["total"]["x_raw"] <= SITE_PER_RAW, sizes.markdown(rows)


@pytest.mark.parametrize("kind", sorted(KIND_PER_RAW))
def test_each_kind_of_file_stays_within_its_budget(budget_site, kind):
    rows, _, raw = budget_site
    used = sum(rows[k]["bytes"] for k in (LISTS if kind == "lists" else (kind,)) if k in rows)
    assert used / raw <= KIND_PER_RAW[kind], f"{kind}: {used / raw:.2f}x raw\n" + sizes.markdown(rows)


def test_site_stays_near_one_file_per_article(budget_site):
    rows, articles, _ = budget_site
    assert rows["total"]["files"] / articles <= FILES_PER_ARTICLE, sizes.markdown(rows)


def test_search_files_stay_within_their_budget(budget_site):
    rows, articles, raw = budget_site
    search = [row for kind, row in rows.items() if kind.startswith("search/")]
    assert sum(row["bytes"] for row in search) / raw <= SEARCH_PER_RAW, sizes.markdown(rows)
    assert sum(row["files"] for row in search) / articles <= SEARCH_FILES_PER_ARTICLE, sizes.markdown(rows)
