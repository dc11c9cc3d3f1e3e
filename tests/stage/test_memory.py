"""Memory of the archive a build holds: what keeps a 10,000-page build under 2 GB (bench/README.md)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from generator import stages
from generator.archive import permalinks
from generator.model import BodyBlock, Item, Page
from generator.parse import reading
from generator.search import shards as search_index

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

PAGES = 12      # above infra.parallel.SERIAL_BELOW: the pool is used


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    """Return a folder holding a small generated archive."""
    folder = tmp_path_factory.mktemp("generated") / "seeds"
    generate.Generator().write_archive(folder, PAGES)
    return folder


@pytest.mark.parametrize("cached", [False, True])
def test_pages_hold_their_source_text_once(seeds, tmp_path, cached):
    """A page's raw text is its source's text object, not a copy, and has no UTF-8 copy inside it."""
    if cached:
        stages.process_pages(reading.read_pages(seeds), workers=2, cache_dir=tmp_path)
    sources = reading.read_pages(seeds)
    sizes = [sys.getsizeof(s.text) for s in sources]
    pages, stats = stages.process_pages(sources, workers=2, cache_dir=tmp_path)
    assert stats["cached"] == (PAGES if cached else 0)
    assert all(page.raw is source.text for page, source in zip(pages, sources))
    # pickling a str in this process would keep a UTF-8 copy in it: 4 KB of Chinese text grows by 6 KB
    assert [sys.getsizeof(s.text) for s in sources] == sizes


@pytest.mark.parametrize("value", [
    Item(source="000_426d0e80c1052dd2.txt", position=1, kind="article", title="成武:乡情贷助力返乡创业"),
    BodyBlock("paragraph", "本报讯(记者 郭保存)近日,定陶区仿山镇举办“小荷学堂”志愿服务活动。"),
])
def test_model_values_have_no_per_object_dict(value):
    """Values of the archive (a million of them at 10,000 pages) keep their fields in slots."""
    assert not hasattr(value, "__dict__")


def test_registry_file_keeps_eight_hex_digits_per_sketch_hash(tmp_path):
    """The registry file is unchanged by the compact sketches: 8 lowercase hex digits per hash, read back equal."""
    item = Item(source="000_426d0e80c1052dd2.txt", position=1, kind="article", title="成武:乡情贷助力返乡创业",
                body=(BodyBlock("paragraph", "本报讯(记者 郭保存)近日,成武县推出“乡情贷”,为返乡创业青年提供贷款。"),))
    pages, registry, _ = permalinks.assign_ids([Page(source=item.source, raw="", items=(item,))], permalinks.Registry())
    path = tmp_path / "permalinks.json"
    permalinks.save_registry(path, registry)
    record = json.loads(path.read_text(encoding="utf-8"))["ids"][pages[0].items[0].id]
    hashes = permalinks.shingles(permalinks.content(item))[:permalinks.SKETCH_SIZE]
    assert record["sketch"] == "".join(f"{h:08x}" for h in hashes)
    assert permalinks.load_registry(path) == registry


def test_shards_weighted_one_at_a_time_equal_the_whole_table():
    """Each shard's weights, computed when it is written, equal the weights of the whole posting table."""
    docs = [{"t": ["小荷", "学堂"], "b": ["志愿", "服务", "小荷", "小荷"]}, {"t": ["乡情贷"], "b": ["成武", "志愿"]},
            {"t": [], "b": ["定陶", "养老", "服务"]}]
    fields = (("t", 10), ("b", 1))
    table = search_index.posting_table(docs, fields)
    plan = search_index.plan_shards(table, 3)
    whole = search_index.weights(table)
    seen = []
    for k in range(plan.shards):
        rows = plan.by_shard[plan.bounds[k]:plan.bounds[k + 1]]
        assert search_index.posting_weights(table, plan.stats, rows).tolist() == whole[rows].tolist()
        seen += rows.tolist()
    assert sorted(seen) == list(range(len(table.term)))
    assert np.all(np.diff(plan.bounds) >= 0)
