"""The build command end to end on bad input: it warns with the file name, goes on, and --strict fails."""
import json
import subprocess
import sys

from conftest import ROOT, copy_seeds, seed_text

from tests.opendata_helpers import load_articles


def build_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python build.py ARGS`` as a user would and return the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def bad_seeds(tmp_path):
    """Return a copy of the seeds plus an empty page, a GB18030 page and a binary file."""
    seeds = copy_seeds(tmp_path / "seeds")
    (seeds / "empty.txt").write_text("", encoding="utf-8")
    (seeds / "gbk.txt").write_bytes(seed_text("003").encode("gb18030"))
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return seeds


def test_bad_pages_warn_by_name_and_the_rest_builds(tmp_path):
    seeds = bad_seeds(tmp_path)
    result = build_cli("--seeds", str(seeds), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-2000:]
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    for name in ("empty.txt", "gbk.txt", "binary.txt"):
        assert any(name in line for line in warned), f"no warning names {name}: {warned}"
    assert "pages:" in result.stdout and "repairs:" in result.stdout and "seconds:" in result.stdout
    articles = load_articles(tmp_path / "site")
    sources = {a["source"] for a in articles}
    assert {"000_426d0e80c1052dd2.txt", "004_24fe6adf51da8b66.txt", "gbk.txt"} <= sources
    gbk_titles = {a["title"] for a in articles if a["source"] == "gbk.txt"}
    assert "武寺社区安置房开工建设" in gbk_titles          # decoded, then segmented like the UTF-8 page


def test_strict_turns_warnings_into_failure(tmp_path):
    seeds = bad_seeds(tmp_path)
    result = build_cli("--seeds", str(seeds), "--out", str(tmp_path / "site"), "--strict", "-q")
    assert result.returncode == 1
    assert result.stdout == ""                                 # -q: warnings only, on stderr
    assert "binary.txt" in result.stderr


def test_clean_seeds_pass_strict(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    result = build_cli("--seeds", str(seeds), "--out", str(tmp_path / "site"), "--strict", "-q")
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_page_file_named_index_gets_its_own_view_beside_the_pages_index(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    (seeds / "index.txt").write_text(seed_text("003"), encoding="utf-8")
    result = build_cli("--seeds", str(seeds), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-2000:]
    view = (tmp_path / "site" / "p" / "index_.html").read_text(encoding="utf-8")
    pages_index = (tmp_path / "site" / "p" / "index.html").read_text(encoding="utf-8")
    assert "武寺社区安置房开工建设" in view and 'href="index_.html"' in pages_index


def test_page_files_whose_names_once_collided_get_a_url_each(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    (seeds / "index.txt").write_text(seed_text("003"), encoding="utf-8")
    (seeds / "index_.txt").write_text(seed_text("001"), encoding="utf-8")
    result = build_cli("--seeds", str(seeds), "--out", str(tmp_path / "site"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    urls = {p["source"]: p["url"] for p in json.loads((tmp_path / "site" / "data" / "pages.json").read_text(encoding="utf-8"))}
    assert urls["index.txt"] == "p/index_.html" and urls["index_.txt"].startswith("p/index_~")
    assert (tmp_path / "site" / urls["index_.txt"]).exists()


WITHOUT_RJIEBA = "import sys; sys.modules['rjieba'] = None; import build; sys.exit(build.main(sys.argv[1:]))"


def test_without_rjieba_the_build_says_so_and_jieba_builds_the_same_search_files(tmp_path, built_site):
    """rjieba missing: one error line naming the fallback; with --tokenizer jieba, the default build's search files."""
    seeds = copy_seeds(tmp_path / "seeds")
    run = [sys.executable, "-c", WITHOUT_RJIEBA, "--seeds", str(seeds), "--out", str(tmp_path / "site"), "-q"]
    refused = subprocess.run(run, capture_output=True, text=True, encoding="utf-8", timeout=600, cwd=ROOT)
    assert refused.returncode == 2 and not (tmp_path / "site").exists()
    assert refused.stderr.count("\n") == 1 and "--tokenizer jieba" in refused.stderr, refused.stderr
    fallback = subprocess.run(run + ["--tokenizer", "jieba"], capture_output=True, text=True, encoding="utf-8",
                              timeout=600, cwd=ROOT)
    assert fallback.returncode == 0, fallback.stderr[-2000:]
    search = {p.name: p.read_bytes() for p in sorted((tmp_path / "site" / "search").iterdir())}
    assert search and search == {p.name: p.read_bytes() for p in sorted((built_site / "search").iterdir())}
