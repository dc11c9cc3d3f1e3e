"""Process pool + per-page cache: the same pages, and byte-identical sites, however they are made."""
from __future__ import annotations

import json
import pickle
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator import stages
from generator.infra import parallel
from generator.infra.cache import ResultCache, code_fingerprint
from generator.model import Page, SourcePage
from generator.parse import reading

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

PAGES = 12


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Return a folder holding a small generated archive (pages + metadata files)."""
    folder = tmp_path_factory.mktemp("generated") / "seeds"
    generate.Generator().write_archive(folder, PAGES)
    return folder


@pytest.fixture(scope="module")
def sources(archive) -> tuple[SourcePage, ...]:
    return reading.read_pages(archive)


@pytest.fixture(scope="module")
def serial(sources) -> list[Page]:
    return stages.process_pages(sources, workers=1).pages


def same(a: list[Page], b: list[Page]) -> bool:
    return a == b and [pickle.dumps(p) for p in a] == [pickle.dumps(p) for p in b]


def test_pool_gives_the_same_pages_in_the_same_order(sources, serial):
    pooled, stats = stages.process_pages(sources, workers=2)
    assert stats["workers"] == 2
    assert [p.source for p in pooled] == [s.name for s in sources]
    assert same(pooled, serial)
    assert sum(len(p.items) for p in serial) > 5 * PAGES     # real segmentation happened


def test_second_run_takes_every_page_from_the_cache(sources, serial, tmp_path):
    cold, stats = stages.process_pages(sources, workers=2, cache_dir=tmp_path)
    assert stats["computed"] == PAGES
    warm, stats = stages.process_pages(sources, workers=2, cache_dir=tmp_path)
    assert stats == {"pages": PAGES, "cached": PAGES, "computed": 0, "workers": 2}
    assert same(cold, serial) and same(warm, serial)


def test_only_the_changed_page_is_analysed_again(archive, serial, tmp_path):
    seeds = shutil.copytree(archive, tmp_path / "seeds")
    cache = tmp_path / "cache"
    stages.process_pages(reading.read_pages(seeds), workers=2, cache_dir=cache)
    changed = sorted(seeds.glob("*.txt"))[3]
    generate.change_page(changed)
    sources = reading.read_pages(seeds)
    incremental, stats = stages.process_pages(sources, workers=2, cache_dir=cache)
    assert stats["computed"] == 1
    fresh, stats = stages.process_pages(sources, workers=1)
    assert same(incremental, fresh)
    assert incremental[3] != serial[3] and incremental[:3] == serial[:3]


def test_metadata_change_invalidates_the_page(archive, tmp_path):
    seeds = shutil.copytree(archive, tmp_path / "seeds")
    cache = tmp_path / "cache"
    stages.process_pages(reading.read_pages(seeds), workers=1, cache_dir=cache)
    meta = sorted(seeds.glob("*.yaml"))[0]
    meta.write_text("paper: 牡丹晚报\ndate: '2001-02-03'\n", encoding="utf-8")
    pages, stats = stages.process_pages(reading.read_pages(seeds), workers=1, cache_dir=cache)
    assert stats["computed"] == 1
    assert pages[0].date == "2001-02-03"


def test_code_change_gives_new_keys_and_drops_old_entries(sources, serial, tmp_path):
    identity = stages.page_identity(sources[0])
    old = ResultCache(tmp_path, "stage", Page, fingerprint="a" * 64)
    old.put(identity, serial[0])
    assert old.get(identity) == serial[0]
    new = ResultCache(tmp_path, "stage", Page, fingerprint="b" * 64)
    assert new.get(identity) is None
    assert not old.folder.exists()          # entries of the old code were removed


def test_fingerprint_covers_code_and_data_files(tmp_path):
    package = shutil.copytree(ROOT / "generator", tmp_path / "generator",
                              ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(package)
    (package / "infer" / "data" / "supplement.json").write_text("{}", encoding="utf-8")
    after_data = code_fingerprint(package)
    (package / "parse" / "pipeline.py").write_text("# changed\n", encoding="utf-8")
    assert len({before, after_data, code_fingerprint(package)}) == 3


def test_damaged_cache_file_is_recomputed(sources, serial, tmp_path):
    stages.process_pages(sources[:2], workers=1, cache_dir=tmp_path)
    entry = ResultCache(tmp_path, stages._stage_name(stages.analyse_page), Page).path(stages.page_identity(sources[0]))
    entry.write_bytes(entry.read_bytes()[:20])            # a build killed mid-write elsewhere
    pages, stats = stages.process_pages(sources[:2], workers=1, cache_dir=tmp_path)
    assert stats["computed"] == 1 and same(pages, serial[:2])


def fails_on_third(source: SourcePage) -> Page:
    if source.name.startswith("00002_"):
        raise ValueError("boom")
    return stages.analyse_page(source)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_page_is_named_and_kept_whole_while_the_others_build(sources, serial, workers):
    pages, stats = stages.process_pages(sources, fails_on_third, workers=workers)
    failed = pages[2]
    assert [str(w) for w in failed.warnings] and "ValueError: boom" in str(failed.warnings[0])
    assert failed.warnings[0].source.startswith("00002_")
    assert len(failed.items) == 1 and failed.raw == sources[2].text     # nothing lost
    assert same(pages[:2] + pages[3:], serial[:2] + serial[3:])


# --- whole sites, byte for byte ---------------------------------------------------------------
def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def build(seeds: Path, out: Path, workers: int, cache: Path | None) -> tuple[dict[str, bytes], dict]:
    """Run the real build (build.py, in-process) with ``workers`` and ``cache``; return the site and its timings."""
    import build as build_py
    caching = ["--cache", str(cache)] if cache is not None else ["--no-cache"]
    timings = out.parent / f"{out.name}-timings.json"
    assert build_py.main(["--seeds", str(seeds), "--out", str(out), "--workers", str(workers), "-q",
                          "--timings", str(timings), *caching]) == 0
    return tree(out), json.loads(timings.read_text(encoding="utf-8"))


def page_files(site: dict[str, bytes], stem: str) -> set[str]:
    """Return the site paths of a printed page's view and of the articles it links to."""
    view = f"p/{stem}.html"
    return {view} | {f"a/{ref.decode()}" for ref in re.findall(rb'href="\.\./a/([^"]+)"', site[view])}


@pytest.mark.slow
def test_serial_parallel_and_incremental_builds_are_byte_identical(archive, tmp_path, monkeypatch):
    monkeypatch.setattr("generator.site.render.PAGES_PER_TASK", 3)     # several render tasks on the pool
    copies = {name: shutil.copytree(archive, tmp_path / name / "seeds") for name in ("serial", "parallel")}
    cache = tmp_path / "cache"
    serial_site, stats = build(copies["serial"], tmp_path / "serial" / "site", 1, None)
    parallel_site, stats = build(copies["parallel"], tmp_path / "parallel" / "site", 2, cache)
    assert len(serial_site) > 10 * PAGES and serial_site == parallel_site
    site = tmp_path / "parallel" / "site"
    before = inodes(site)
    cached_site, stats = build(copies["parallel"], site, 2, cache)
    assert stats["computed"] == 0 and cached_site == serial_site
    kept = {path for path, inode in inodes(site).items() if before.get(path) == inode}
    every_page = set().union(*(page_files(cached_site, p.stem) for p in sorted(copies["parallel"].glob("*.txt"))))
    assert len(every_page) > 6 * PAGES and kept >= every_page, "unchanged pages and articles were not kept"

    changed = sorted(copies["parallel"].glob("*.txt"))[5].stem
    changed_files = page_files(cached_site, changed)
    for seeds in copies.values():                              # one page corrected, one added
        generate.change_page(sorted(seeds.glob("*.txt"))[5])
        generate.Generator().write_page(seeds, PAGES)
    before = inodes(site)
    serial_site, stats = build(copies["serial"], tmp_path / "serial" / "site", 1, None)
    incremental_site, stats = build(copies["parallel"], site, 2, cache)
    assert stats["computed"] == 2
    assert incremental_site == serial_site
    assert any(name.startswith(f"p/{PAGES:05d}_") for name in incremental_site)
    kept = {path for path, inode in inodes(site).items() if before.get(path) == inode}
    assert f"p/{changed}.html" not in kept and kept.isdisjoint(changed_files & set(incremental_site))
    assert len(kept & every_page) >= len(every_page) * 3 // 4, "most pages are unchanged and were kept"


def square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_map_keeps_order(workers):
    assert parallel.pool_map(square, list(range(50)), workers=workers) == [x * x for x in range(50)]


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_iter_keeps_order_with_few_tasks_in_flight(workers):
    assert list(parallel.pool_iter(square, list(range(50)), workers=workers, window=1)) == [x * x for x in range(50)]
