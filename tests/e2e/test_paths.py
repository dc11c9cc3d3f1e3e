"""Paths: dangerous --out folders are refused; odd page file names build; nothing lands outside --out."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, seed_text

from generator.infra.paths import UnsafeOutput, refuse_unsafe_out
from tests.opendata_helpers import load_articles

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("out, reason", [
    (Path("/"), "file system root"),
    (Path.home(), "home folder"),
    (ROOT, "repository root"),
    (ROOT / "seeds", "seeds/"),
    (ROOT / "generator", "generator/"),
    (ROOT / "templates", "templates/"),
    (ROOT / ".git", ".git/"),
    (ROOT / "seeds" / ".." / "seeds", "seeds/"),
    (ROOT.parent, "contains the repository"),
])
def test_unsafe_out_is_refused_with_the_reason(out, reason):
    with pytest.raises(UnsafeOutput, match=re.escape(reason)):
        refuse_unsafe_out(out, ROOT)


@pytest.mark.parametrize("out", [ROOT / "site", ROOT / "build" / "site", Path("/tmp/archive-site")])
def test_ordinary_out_is_accepted(out):
    refuse_unsafe_out(out, ROOT)


def test_a_symlink_to_seeds_is_refused(tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to(ROOT / "seeds", target_is_directory=True)
    with pytest.raises(UnsafeOutput):
        refuse_unsafe_out(link, ROOT)


def run_cli(*args: str, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``python3 build.py`` as a user would and return the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Return {path: (size, mtime_ns)} for every file under ``folder`` (cheap change detector)."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("out_name", ["/", "HOME", "ROOT", "seeds"])
def test_cli_refuses_dangerous_out_with_one_line_and_exit_2(tmp_path, out_name):
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    out = {"/": "/", "HOME": str(Path.home()), "ROOT": str(ROOT), "seeds": str(ROOT / "seeds")}[out_name]
    watched = ROOT / "seeds" if out_name in ("ROOT", "seeds") else seeds
    before = snapshot(watched)
    result = run_cli("--seeds", str(seeds), "--out", out, "-q")
    assert result.returncode == 2, result.stderr[-2000:]
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "--out" in error_lines[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert snapshot(watched) == before


def odd_seed_dir(tmp_path: Path) -> Path:
    """Return a seeds folder whose page files have a space, a Chinese name and a leading dot."""
    seeds = tmp_path / "my seeds"
    seeds.mkdir()
    (seeds / "page one.txt").write_text(seed_text("000"), encoding="utf-8")
    (seeds / "菏泽日报 第二版.txt").write_text(seed_text("001"), encoding="utf-8")
    (seeds / ".hidden page.txt").write_text(seed_text("003"), encoding="utf-8")
    return seeds


@pytest.mark.slow
def test_odd_page_file_names_build_and_nothing_is_written_outside_out(tmp_path):
    seeds = odd_seed_dir(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "出版 site"
    before = {p for p in tmp_path.rglob("*")}
    result = run_cli("--seeds", str(seeds), "--out", str(out), "-q", cwd=work)
    assert result.returncode == 0, result.stderr[-3000:]
    after = {p for p in tmp_path.rglob("*")}
    cache = tmp_path / ".出版 site.cache"       # the per-page cache lives beside --out, by design
    new_outside = sorted(str(p) for p in after - before
                         if out not in p.parents and p != out and p.parent != tmp_path and p.parent != seeds
                         and cache not in p.parents)
    assert new_outside == [], "files written outside --out"
    stray = sorted(p.name for p in tmp_path.iterdir())
    assert set(stray) <= {"my seeds", "work", "出版 site", ".出版 site.lock", ".出版 site.cache"}, stray
    assert list(work.iterdir()) == [], "the build wrote into the current folder"
    new_in_seeds = sorted(p.name for p in seeds.iterdir())
    assert set(new_in_seeds) <= {"page one.txt", "菏泽日报 第二版.txt", ".hidden page.txt", "permalinks.json"}

    pages = json.loads((out / "data" / "pages.json").read_text(encoding="utf-8"))
    sources = {page["source"] for page in pages}
    assert sources == {"page one.txt", "菏泽日报 第二版.txt", ".hidden page.txt"}
    for page in pages:
        assert (out / page["url"]).is_file(), f"printed page for {page['source']} missing at {page['url']}"
    articles = load_articles(out)
    assert {a["source"] for a in articles} == sources
    for article in articles:
        assert (out / article["url"]).is_file()
