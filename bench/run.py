#!/usr/bin/env python3
"""The benchmark: generate archives, build them, search them in Chromium, beside Pagefind.

    python3 bench/run.py [--sizes 100,1000,10000] [--queries N] [--no-browser] [--no-pagefind]

For each size it generates ``bench/work/<size>/seeds`` (bench/generate.py, deterministic) and
measures, in one run: the full build (``build.py`` with its process pool and cache, ``--timings``
for the time of each stage) wall and CPU time and peak memory; a serial breakdown of the per-page
stages (bench/stages.py); rebuilds after one page changed and after one page added (build.py
again, warm cache); the site's size, largest file
and search index; in headless Chromium over a loopback HTTP server, the bytes and time of a cold
first query and the time of warm queries; and Pagefind indexing the article pages of the same
site, its index size, bytes, times, and how many of its top-10 results our search also returns.
It prints one table and writes ``bench/results/<date>.json`` and ``bench/results/latest.json``.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
ROOT = WORK / "code"      # a snapshot of the repository's code, so one run measures one version
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402
import sizes  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
# People, places, things, numbers, two-word queries and one with no result (issue 4's kinds).
QUERIES = ["郭保存", "仿山镇", "马拉松", "乡情贷", "网格员", "12341", "定陶 养老", "小荷学堂",
           "志愿服务", "合作社", "消防", "嘉祥县", "火龙果", "党建指导员", "5G", "齐白石"]
DONE_JS = """() => { const r = document.getElementById('search-results');
  const s = document.getElementById('search-status');
  return (r && r.children.length > 0) || (s && /没有找到|没有完成|没有可搜索/.test(s.textContent)); }"""

RESULT_COUNT_JS = """() => { const m = /找到 (\\d+) 篇/.exec(document.getElementById('search-status').textContent);
  return m ? parseInt(m[1], 10) : 0; }"""


# --- running a command and measuring it -----------------------------------------------------
def _tree_rss_kb(root_pid: int) -> int:
    """Return the summed resident memory (kB) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(cmd: list[str], log: Path) -> dict:
    """Run ``cmd``; return wall and CPU seconds, peak RSS of the largest process and of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.2)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {process.returncode}; see {log}")
    return {"wall_s": round(wall, 2),
            "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
            "peak_process_mb": round(after.ru_maxrss / 1024, 1),   # largest single process so far
            "peak_tree_mb": round(peak / 1024, 1)}                  # sampled every 0.2 s


def build_py(seeds: Path, out: Path, cache: Path, timings: Path, log: Path) -> dict:
    """Run build.py with the per-page cache and stage timings; return the measurement."""
    cmd = [sys.executable, "build.py", "--seeds", str(seeds), "--out", str(out), "-q",
           "--cache", str(cache), "--timings", str(timings)]
    result = measure(cmd, log)
    data = json.loads(timings.read_text(encoding="utf-8"))
    result.update(stages=data["stages"], stages_cpu=data.get("stages_cpu", {}), items=data["items"],
                  computed=data["computed"], search=data.get("search", {}), files_reused=data.get("files_reused"),
                  swap_s=data.get("swap_s"), old_site_deleted_s=wait_for_old_sites(out))
    return result


def wait_for_old_sites(out: Path) -> float:
    """Return the seconds until the sites the build replaced are deleted (the writer does it in the background).

    Waiting keeps that deletion's disk work out of the next measurement.
    """
    started = time.perf_counter()
    while any(out.parent.glob(f".{out.name}.old-*")):
        time.sleep(0.2)
    return round(time.perf_counter() - started, 1)


def serial_breakdown(seeds: Path, timings: Path, log: Path) -> dict:
    """Run bench/stages.py (repair + segment, place, date timed apart); return the measurement."""
    result = measure([sys.executable, "bench/stages.py", "--seeds", str(seeds), "--timings", str(timings)], log)
    data = json.loads(timings.read_text(encoding="utf-8"))
    result.update(stages=data["stages"], stages_cpu=data.get("stages_cpu", {}))
    return result


# --- the built site --------------------------------------------------------------------------
def site_sizes(site: Path) -> dict:
    """Return the site's file count, total size, largest file and search index size."""
    files = [p for p in site.rglob("*") if p.is_file()]
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in files}
    largest = max(sizes, key=sizes.get)
    search = {k: v for k, v in sizes.items() if k.startswith("search/")}
    return {"files": len(sizes), "total_mb": round(sum(sizes.values()) / 1e6, 2),
            "largest": largest, "largest_mb": round(sizes[largest] / 1e6, 3),
            "search_files": len(search), "search_mb": round(sum(search.values()) / 1e6, 2),
            "largest_search_kb": round(max(search.values(), default=0) / 1e3, 1)}


def pagefind_index(site: Path, out: Path, log: Path) -> dict:
    """Index the article pages of ``site`` with Pagefind into ``out``; return time and size."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "a/*.html",
           "--output-path", str(out), "--quiet"]
    result = measure(cmd, log)
    sizes = [p.stat().st_size for p in out.rglob("*") if p.is_file()]
    result.update(index_mb=round(sum(sizes) / 1e6, 2), index_files=len(sizes))
    return result


# --- the browser -----------------------------------------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site at /, Pagefind's bundle at /pagefind/ and a blank page for its queries.

    Every file it sends is appended to the server's ``requests`` log (path, bytes, gzip bytes):
    the one place that sees the requests of the page and of its Web Workers alike.
    """

    site: Path
    pagefind: Path | None = None
    requests: list

    def translate_path(self, path: str) -> str:
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        if path.startswith("/pagefind/") and self.pagefind:
            return str(self.pagefind / path[len("/pagefind/"):])
        return str(self.site / path.lstrip("/"))

    def do_GET(self):
        if self.path.startswith("/__bench.html"):
            body = b'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>bench</title><body></body></html>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            local = local / "index.html"
        if local.is_file():
            self.requests.append((urllib.parse.urlsplit(self.path).path, local.stat().st_size, _gzip_size(local)))

    def log_message(self, *args):
        pass


@functools.lru_cache(maxsize=None)
def _gzip_size(local: Path) -> int:
    """Return the gzip size of a file (what GitHub Pages, which compresses, would send)."""
    return len(gzip.compress(local.read_bytes(), 6))


@contextlib.contextmanager
def serve(site: Path, pagefind: Path | None):
    """Serve the site (and Pagefind's bundle) on a free loopback port; yield (base URL, request log)."""
    log: list = []
    handler = type("Handler", (_Handler,), {"site": site, "pagefind": pagefind, "requests": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


class Traffic:
    """Counts, at the server, the files and bytes (raw and gzip) sent since it was made."""

    def __init__(self, log: list):
        self.log, self.start = log, len(log)

    def figures(self) -> dict:
        """Return files, bytes and gzip bytes of the requests served since the start."""
        sent = self.log[self.start:]
        return {"files": len(sent), "bytes": sum(s[1] for s in sent), "gzip_bytes": sum(s[2] for s in sent),
                "paths": [s[0] for s in sent]}


def our_result_paths(page, cap: int = 400) -> list[str]:
    """Return the site paths of our results in order, showing more until ``cap`` or the end."""
    return page.evaluate("""async (cap) => {
      const more = document.getElementById('search-more');
      const list = document.getElementById('search-results');
      while (more && !more.hidden && list.children.length < cap) {
        const n = list.children.length; more.click();
        for (let i = 0; i < 3000 && list.children.length === n; i++) await new Promise(r => setTimeout(r, 10));
        if (list.children.length === n) break;
      }
      return Array.from(list.querySelectorAll('li h2 a')).map(a => new URL(a.href).pathname);
    }""", cap)


def ours_in_browser(browser, base: str, log: list, queries: list[str]) -> dict:
    """Return cold and warm figures of our search page over ``queries``."""
    cold, warm, found = [], [], {}
    for query in queries:                        # cold: a fresh browser profile per query
        context = browser.new_context()
        page = context.new_page()
        traffic = Traffic(log)
        page.goto(f"{base}/search.html?q={urllib.parse.quote(query)}")
        page.wait_for_function(DONE_JS, polling="raf", timeout=120_000)
        elapsed = page.evaluate("() => performance.now()")
        page.wait_for_timeout(200)
        cold.append({"query": query, "ms": round(elapsed), **traffic.figures(),
                     "results": page.evaluate(RESULT_COUNT_JS)})
        found[query] = our_result_paths(page)
        context.close()
    context = browser.new_context()               # warm: one page, the queries one after another
    page = context.new_page()
    page.goto(f"{base}/search.html?q={urllib.parse.quote(queries[0])}")
    page.wait_for_function(DONE_JS, polling="raf", timeout=120_000)
    for query in queries[1:]:
        elapsed = page.evaluate("""async (q) => {
          const input = document.getElementById('search-q');
          const list = document.getElementById('search-results');
          const status = document.getElementById('search-status');
          input.value = q; const t0 = performance.now();
          document.getElementById('search-form').requestSubmit();
          while (!(list.children.length > 0 || /没有找到|没有完成|没有可搜索/.test(status.textContent)))
            await new Promise(r => requestAnimationFrame(r));
          return performance.now() - t0; }""", query)
        warm.append({"query": query, "ms": round(elapsed)})
    context.close()
    return {"cold": cold, "warm": warm, "found": found}


def pagefind_in_browser(browser, base: str, log: list, queries: list[str]) -> dict:
    """Return cold and warm figures of Pagefind's JS API over ``queries`` (top 10 loaded)."""
    script = """async (q) => { const t0 = performance.now();
      const pf = await import('/pagefind/pagefind.js');
      const search = await pf.search(q);
      const top = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
      return { ms: performance.now() - t0, count: search.results.length, urls: top.map(d => d.url) }; }"""
    cold, warm, top = [], [], {}
    for query in queries:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/__bench.html")
        traffic = Traffic(log)             # after the blank page: Pagefind's files only
        result = page.evaluate(script, query)
        page.wait_for_timeout(200)
        cold.append({"query": query, "ms": round(result["ms"]), **traffic.figures(), "results": result["count"]})
        top[query] = [urllib.parse.urlsplit(u).path for u in result["urls"]]
        context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/__bench.html")
    page.evaluate(script, queries[0])
    for query in queries[1:]:
        warm.append({"query": query, "ms": round(page.evaluate(script, query)["ms"])})
    context.close()
    return {"cold": cold, "warm": warm, "top10": top}


def _contains_query(site: Path, path: str, query: str) -> bool:
    """Return True if the page at ``path`` shows every word of ``query`` (tags stripped, NFKC)."""
    import re
    import unicodedata
    file = site / path.lstrip("/")
    if not file.is_file():
        return False
    text = unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", "", file.read_text(encoding="utf-8"))).lower()
    return all(unicodedata.normalize("NFKC", word).lower() in text for word in query.split())


def overlap(ours: dict[str, list[str]], theirs: dict[str, list[str]], site: Path) -> dict:
    """Return, per query: [Pagefind top-10 results that contain the query and ours also returns,
    Pagefind top-10 results that contain the query, Pagefind top-10 results]."""
    out = {}
    for query, top in theirs.items():
        top = [path if path.endswith(".html") else path + ".html" for path in top]
        relevant = [path for path in top if _contains_query(site, path, query)]
        mine = set(ours.get(query, []))
        out[query] = [sum(path in mine for path in relevant), len(relevant), len(top)]
    return out


def browser_figures(site: Path, bundle: Path | None, queries: list[str]) -> dict:
    """Return our and Pagefind's search figures, measured in headless Chromium."""
    from playwright.sync_api import sync_playwright
    with serve(site, bundle) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ours = ours_in_browser(browser, base, log, queries)
            result = {"ours": ours}
            if bundle is not None:
                theirs = pagefind_in_browser(browser, base, log, queries)
                result["pagefind"] = theirs
                result["overlap"] = overlap(ours.pop("found"), theirs["top10"], site)
            else:
                ours.pop("found")
        finally:
            browser.close()
    return result


# --- one size, then the table ----------------------------------------------------------------
def run_size(size: int, args: argparse.Namespace) -> dict:
    """Generate, build, rebuild, search and compare one archive size; return its figures."""
    work = WORK / str(size)
    seeds, site, log = work / "seeds", work / "site", work / "bench.log"
    work.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    gen = generate.Generator()
    gen.write_archive(seeds, size)
    figures: dict = {"pages": size}
    say = functools.partial(print, f"[{size}]", file=sys.stderr, flush=True)

    say("build.py, full build")
    (seeds / "permalinks.json").unlink(missing_ok=True)
    shutil.rmtree(work / "cache", ignore_errors=True)
    figures["full"] = build_py(seeds, site, work / "cache", work / "t-full.json", log)
    figures["site"] = site_sizes(site)
    figures["raw_bytes"] = sizes.raw_text_bytes(seeds)
    figures["site_kinds"] = sizes.breakdown(site, figures["raw_bytes"])
    bundle = None
    if not args.no_pagefind:
        say("pagefind")
        bundle = work / "pagefind"
        figures["pagefind_index"] = pagefind_index(site, bundle, log)
    if not args.no_browser:
        say("browser")
        figures["search"] = browser_figures(site, bundle, QUERIES[:args.queries])

    if "changed" in args.rebuilds:
        say("build.py rebuild after one page changed")
        generate.change_page(sorted(seeds.glob("*.txt"))[size // 2])
        figures["changed"] = build_py(seeds, site, work / "cache", work / "t-changed.json", log)
    if "added" in args.rebuilds:
        say("build.py rebuild after one page added")
        gen.write_page(seeds, size)
        figures["added"] = build_py(seeds, site, work / "cache", work / "t-added.json", log)
    if size <= args.breakdown_max:
        say("serial breakdown of the per-page stages")
        figures["serial"] = serial_breakdown(seeds, work / "t-serial.json", log)
    return figures


def _stage(run: dict, name: str) -> str:
    """Return 'wall (cpu)' seconds of one stage of a run."""
    cpu = run.get("stages_cpu", {}).get(name)
    return f"{run['stages'][name]:.1f}" + (f" ({cpu:.1f})" if cpu is not None else "")


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values)) if values else None


def _traffic(run: dict, tool: str, pick=None) -> str:
    """Return 'files / KB (gzip KB)' of a tool's cold first queries, counted at the server: medians, or ``max``."""
    cold = run["search"][tool]["cold"]
    if "files" not in cold[0]:
        raise KeyError("files")           # an older result file, counted in the browser
    pick = pick or statistics.median
    return "{} / {} ({})".format(round(pick([q["files"] for q in cold])), round(pick([q["bytes"] for q in cold]) / 1e3),
                                 round(pick([q["gzip_bytes"] for q in cold]) / 1e3))


def table(results: dict) -> str:
    """Return the results as one Markdown table, one column per size."""
    sizes = list(results["sizes"])
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn) -> None:
        cells = []
        for size in sizes:
            try:
                value = fn(results["sizes"][size])
            except (KeyError, TypeError, ValueError, IndexError):
                value = None
            cells.append("–" if value is None else str(value))
        rows.append((label, cells))

    row("pages / items", lambda r: f"{r['pages']} / {r['full']['items']}")
    row("build.py full: wall s (CPU s)", lambda r: f"{r['full']['wall_s']} ({r['full']['cpu_s']})")
    row("build.py peak MB (largest / all processes)",
        lambda r: f"{r['full']['peak_process_mb']} / {r['full']['peak_tree_mb']}")
    for stage, label in (("read", "read"), ("pages", "pages (repair, segment, place, date; pool)"),
                         ("permalinks", "permalinks"), ("render", "render + write (pool)"),
                         ("search", "search (tokenise, index, write; pool)"), ("registry", "registry")):
        row(f"  stage {label}: wall s (CPU s)", lambda r, s=stage: _stage(r["full"], s))
    row("    of search: tokenise (jieba + posting table) / index (shards serialised + written), wall s",
        lambda r: f"{r['full']['search']['tokenise_s']} / {r['full']['search']['index_s']}")
    for stage in ("repair+segment", "place", "date+paper"):
        row(f"  serial stage {stage}: wall s (CPU s)", lambda r, s=stage: _stage(r["serial"], s))
    row("rebuild, 1 page changed: wall s, CPU s (pages recomputed, items re-tokenised)",
        lambda r: f"{r['changed']['wall_s']}, {r['changed']['cpu_s']} ({r['changed']['computed']}, "
                  f"{r['changed']['search']['search_tokenised']})")
    row("rebuild, 1 page added: wall s, CPU s (pages recomputed, items re-tokenised)",
        lambda r: f"{r['added']['wall_s']}, {r['added']['cpu_s']} ({r['added']['computed']}, "
                  f"{r['added']['search']['search_tokenised']})")
    row("  rebuilds: files kept from the previous site (changed / added)",
        lambda r: f"{r['changed']['files_reused']} / {r['added']['files_reused']}")
    row("  rebuilds: render stage, wall s (changed / added)",
        lambda r: f"{r['changed']['stages']['render']:.1f} / {r['added']['stages']['render']:.1f}")
    row("  rebuilds: old site deleted in the background after the build returned, s (changed / added)",
        lambda r: f"{r['changed']['old_site_deleted_s']} / {r['added']['old_site_deleted_s']}")
    row("site: files / MB", lambda r: f"{r['site']['files']} / {r['site']['total_mb']}")
    row("site: × raw text / files per item", lambda r: "{:.2f} / {:.2f}".format(
        r["site_kinds"]["total"]["bytes"] / r["raw_bytes"], r["site"]["files"] / r["full"]["items"]))
    row("search index: × raw text", lambda r: "{:.2f}".format(
        sum(v["bytes"] for k, v in r["site_kinds"].items() if k.startswith("search/")) / r["raw_bytes"]))
    row("largest file (MB)", lambda r: f"{r['site']['largest']} ({r['site']['largest_mb']})")
    row("search index: files / MB (largest KB)",
        lambda r: f"{r['site']['search_files']} / {r['site']['search_mb']} ({r['site']['largest_search_kb']})")
    row("ours: cold first query, median ms", lambda r: _median([q["ms"] for q in r["search"]["ours"]["cold"]]))
    row("ours: cold first query at the server, median files / KB (gzip KB)", lambda r: _traffic(r, "ours"))
    row("ours: cold first query at the server, max files / KB (gzip KB)", lambda r: _traffic(r, "ours", max))
    row("ours: warm query, median ms (max)", lambda r: "{} ({})".format(
        _median([q["ms"] for q in r["search"]["ours"]["warm"]]), max(q["ms"] for q in r["search"]["ours"]["warm"])))
    row("Pagefind: index s / MB", lambda r: f"{r['pagefind_index']['wall_s']} / {r['pagefind_index']['index_mb']}")
    row("Pagefind: cold first query, median ms", lambda r: _median([q["ms"] for q in r["search"]["pagefind"]["cold"]]))
    row("Pagefind: cold first query at the server, median files / KB (gzip KB)", lambda r: _traffic(r, "pagefind"))
    row("Pagefind: cold first query at the server, max files / KB (gzip KB)", lambda r: _traffic(r, "pagefind", max))
    row("Pagefind: warm query, median ms (max)", lambda r: "{} ({})".format(
        _median([q["ms"] for q in r["search"]["pagefind"]["warm"]]), max(q["ms"] for q in r["search"]["pagefind"]["warm"])))
    row("Pagefind top-10 results that contain the query / all its top-10 results", lambda r: "{}/{}".format(
        sum(v[1] for v in r["search"]["overlap"].values()), sum(v[-1] for v in r["search"]["overlap"].values())))
    row("… of those containing the query, also found by ours", lambda r: "{}/{}".format(
        sum(v[0] for v in r["search"]["overlap"].values()), sum(v[1] for v in r["search"]["overlap"].values())))
    row("queries with no Pagefind result / no result of ours", lambda r: "{} / {}".format(
        sum(q["results"] == 0 for q in r["search"]["pagefind"]["cold"]),
        sum(q["results"] == 0 for q in r["search"]["ours"]["cold"])))
    header = "| figure | " + " | ".join(f"{s} pages" for s in sizes) + " |"
    lines = [header, "|---|" + "---|" * len(sizes)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines)


def snapshot_code() -> dict:
    """Copy build.py, generator/, templates/ and bench/stages.py into ROOT; return the git state."""
    source = BENCH.parent
    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates"):
        shutil.copytree(source / name, ROOT / name, ignore=ignore)
    (ROOT / "bench").mkdir()
    shutil.copy2(source / "build.py", ROOT / "build.py")
    shutil.copy2(BENCH / "stages.py", ROOT / "bench" / "stages.py")
    git = functools.partial(subprocess.run, cwd=source, capture_output=True, text=True)
    dirty = git(["git", "status", "--porcelain", "--", "generator", "templates", "build.py"]).stdout
    return {"commit": git(["git", "rev-parse", "--short", "HEAD"]).stdout.strip(),
            "uncommitted_code_changes": bool(dirty.strip())}


def machine() -> dict:
    """Return what the figures were measured on."""
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kb = int(handle.readline().split()[1])
    return {"cpus": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
            "load_average_at_start": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each size; print the table; write the JSON."""
    parser = argparse.ArgumentParser(description="Benchmark the build and the search beside Pagefind.")
    parser.add_argument("--sizes", default="100,1000,10000", help="pages per archive, comma-separated")
    parser.add_argument("--queries", type=int, default=len(QUERIES), help="how many of the fixed queries to run")
    parser.add_argument("--breakdown-max", type=int, default=100,
                        help="largest size that also gets a serial per-stage breakdown (default 100)")
    parser.add_argument("--rebuilds", default="changed,added",
                        help="incremental rebuilds to time: changed, added or both (default)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-pagefind", action="store_true", help="skip Pagefind")
    parser.add_argument("--browser-only", type=Path, metavar="JSON",
                        help="re-measure only the searches of the sites already in bench/work, into JSON")
    parser.add_argument("--report", nargs="+", type=Path, metavar="JSON",
                        help="only print the table of earlier result files (merged by size) and update README")
    args = parser.parse_args(argv)
    if args.report:
        return report(args.report)
    if args.browser_only:
        return browser_only(args)
    results = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine(), "code": snapshot_code(), "queries": QUERIES[:args.queries], "sizes": {}}
    RESULTS.mkdir(exist_ok=True)
    for size in [int(s) for s in args.sizes.split(",")]:
        results["sizes"][str(size)] = run_size(size, args)
        results["machine"]["load_average_at_end"] = os.getloadavg()
        text = json.dumps(results, ensure_ascii=False, indent=1)
        (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")
    stamp = results["date"][:16].replace(" ", "T").replace(":", "")
    (RESULTS / f"{stamp}.json").write_text(text + "\n", encoding="utf-8")
    print(heading(results))
    print(table(results))
    update_readme(results)
    return 0


def browser_only(args: argparse.Namespace) -> int:
    """Re-measure the searches of already built sizes; update their figures in the JSON file."""
    results = json.loads(args.browser_only.read_text(encoding="utf-8"))
    for size in args.sizes.split(","):
        work = WORK / size
        bundle = work / "pagefind" if (work / "pagefind").is_dir() else None
        results["sizes"][size]["search"] = browser_figures(work / "site", bundle, QUERIES[:args.queries])
    args.browser_only.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    return 0


def heading(results: dict) -> str:
    """Return the line saying when, on what and on which code the figures were measured."""
    m, code = results["machine"], results.get("code", {})
    load = m.get("load_average_at_start", [0])[0], m.get("load_average_at_end", [0])[0]
    return (f"{results['date']}; {m['cpus']} CPUs (`nproc`), {m['memory_gb']} GB memory, Python {m['python']}; "
            f"code {code.get('commit', '?')}{' + uncommitted changes' if code.get('uncommitted_code_changes') else ''}; "
            f"load average {load[0]:.1f} at start, {load[1]:.1f} at end")


def report(paths: list[Path]) -> int:
    """Print the merged table of earlier result files and put it in bench/README.md."""
    merged: dict = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        sizes = merged.get("sizes", {})
        merged = {**data, "sizes": {**sizes, **data["sizes"]}}
    merged["sizes"] = dict(sorted(merged["sizes"].items(), key=lambda kv: int(kv[0])))
    (RESULTS / "latest.json").write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(heading(merged))
    print(table(merged))
    update_readme(merged)
    return 0


def update_readme(results: dict) -> None:
    """Replace the results section of bench/README.md with this run's table."""
    readme = BENCH / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- results -->", "<!-- /results -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = f"{before}{start}\n{heading(results)}\n\n{table(results)}\n{end}{after}"
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
