"""Real builds with seeds/corrections.yaml: open data, --strict, load errors, incremental rebuilds, --review."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_seeds, run_build

from tests.opendata_helpers import load_articles

FIX = '- id: v68p1g\n  replace: {old: "威武", new: "成武"}\n  note: "县名识别错误"\n'
WITHDRAW = '- id: 935bjw\n  withdraw: "重复收录"\n'


def build(seeds: Path, out: Path, *extra: str) -> dict:
    """Build with one worker and return the build's timings."""
    timings = out.parent / f"{out.name}.timings.json"
    assert run_build(seeds, out, "--workers", "1", "--timings", str(timings), *extra) == 0
    return json.loads(timings.read_text(encoding="utf-8"))


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def seeds(tmp_path) -> Path:
    """Return a copy of the seeds."""
    return copy_seeds(tmp_path / "seeds")


def test_open_data_items_carry_their_corrections_and_withdrawn_items_leave(seeds, tmp_path):
    (seeds / "corrections.yaml").write_text(FIX + WITHDRAW, encoding="utf-8")
    build(seeds, tmp_path / "site")
    by_id = {i["id"]: i for i in load_articles(tmp_path / "site")}
    assert by_id["v68p1g"]["corrections"] == [{"operation": "replace", "field": "title", "before": "威武",
                                               "after": "成武", "note": "县名识别错误"}]
    keys = list(by_id["v68p1g"])       # corrections right after repairs (keys added later follow them)
    assert keys[keys.index("repairs") + 1] == "corrections" and by_id["tg1z5k"]["corrections"] == []
    assert "935bjw" not in by_id and "重复收录" in (tmp_path / "site/a/935bjw.html").read_text(encoding="utf-8")
    assert "威武" in (tmp_path / "site/p/000_426d0e80c1052dd2.html").read_text(encoding="utf-8")


def test_a_stale_entry_is_a_warning_and_strict_makes_it_an_error(seeds, tmp_path):
    (seeds / "corrections.yaml").write_text(FIX + '- id: zvp88c\n  replace: {old: "不存在", new: "x"}\n',
                                            encoding="utf-8")
    command = [sys.executable, "build.py", "--seeds", str(seeds), "--out", str(tmp_path / "site"), "-q", "--workers", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0 and "成武" in (tmp_path / "site/a/v68p1g.html").read_text(encoding="utf-8")
    assert done.stderr.startswith("warning: seeds/corrections.yaml:4: replace on zvp88c")
    strict = subprocess.run(command + ["--strict"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert strict.returncode == 1


def test_a_malformed_file_stops_the_build_with_one_line_per_problem(seeds, tmp_path):
    (seeds / "corrections.yaml").write_text(FIX + "- id: abc\n  set: {county: 威武县}\n- id: b\n  explode: 1\n",
                                            encoding="utf-8")
    command = [sys.executable, "build.py", "--seeds", str(seeds), "--out", str(tmp_path / "site"), "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and not (tmp_path / "site").exists()
    assert [line.split(" ")[1] for line in lines] == ["seeds/corrections.yaml:4:", "seeds/corrections.yaml:6:"]
    assert all(line.startswith("error: ") and " — " in line for line in lines) and "Traceback" not in done.stderr


def test_editing_the_file_renders_only_the_pages_it_touches_and_a_clean_build_is_identical(seeds, tmp_path):
    out = tmp_path / "site"
    build(seeds, out)
    (seeds / "corrections.yaml").write_text(FIX, encoding="utf-8")
    first = build(seeds, out)
    assert first["render"]["rendered"] == 1 and first["render"]["reused"] == 4
    (seeds / "corrections.yaml").write_text(FIX.replace("县名识别错误", "县名识别有误")
                                            + '- id: 8rt23r\n  set: {date: "2024-11-11"}\n', encoding="utf-8")
    second = build(seeds, out)
    assert second["render"]["rendered"] == 2 and second["render"]["reused"] == 3
    clean = tmp_path / "clean"
    build(seeds, clean, "--no-cache")
    assert tree(clean) == tree(out)


def test_review_prints_the_queue_with_entries_to_paste(seeds, tmp_path):
    command = [sys.executable, "build.py", "--seeds", str(seeds), "--out", str(tmp_path / "site"), "--review", "5"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0
    queue = done.stdout[done.stdout.index("# review queue"):]
    assert queue.count("\n- id: ") == 5 and "/a/pzhfdj.html" in queue and "/p/001_" in queue
    (seeds / "corrections.yaml").write_text(queue, encoding="utf-8")
    assert run_build(seeds, tmp_path / "again", "--strict") == 0       # the entries as pasted: valid, applicable
