"""Shared fixtures: real seed pages, a site built from them into tmp, a sub-path HTTP server, a browser."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red CI then means the change, not a new random draw);
# developers' runs keep drawing new examples and remember the failing ones in .hypothesis/.
# No per-example deadline in either: the properties are about results, and a busy machine made
# one example of test_typeset_agrees_with_the_plain_definition overrun 200 ms (a red run for no bug).
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
SUB_PATH = "archive"


def venv_tool(name: str) -> str | None:
    """Return the path of a command the project's setup installed beside this Python (``.venv/bin``), or None.

    Found there, not on PATH: the README's test command runs ``.venv/bin/python -m pytest``
    without activating the environment, so ``.venv/bin`` is not on PATH.
    """
    path = Path(sys.executable).parent / name
    return str(path) if path.is_file() else None


def seed_text(name_prefix: str) -> str:
    """Return the text of the seed page whose file name starts with ``name_prefix`` (e.g. '000')."""
    (path,) = SEEDS.glob(f"{name_prefix}*.txt")
    return path.read_text(encoding="utf-8")


def copy_seeds(dest: Path) -> Path:
    """Copy the seed pages (and registry) into ``dest`` and return it, so builds never touch seeds/."""
    shutil.copytree(SEEDS, dest)
    return dest


def run_build(seeds: Path, out: Path, *extra: str) -> int:
    """Run the real build (in-process) and return its exit code."""
    import build
    return build.main(["--seeds", str(seeds), "--out", str(out), "-q", *extra])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Return the folder of a site built once per test session from a copy of the seeds."""
    base = tmp_path_factory.mktemp("built")
    seeds = copy_seeds(base / "seeds")
    out = base / "www" / SUB_PATH
    assert run_build(seeds, out) == 0
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_http(built_site) -> str:
    """Return the URL of the built site served under a sub-path: http://127.0.0.1:PORT/archive/."""
    with serve(built_site.parent) as base:
        yield f"{base}/{SUB_PATH}/"


@pytest.fixture(scope="session")
def browser():
    """Return a headless Debian chromium driven by Playwright (skips if chromium is missing)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `bash scripts/setup.sh --dev` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """A browser page that records failed requests, console errors and page errors."""

    def __init__(self, page, allowed_prefix: str):
        self.page = page
        self.problems: list[str] = []
        self.allowed_prefix = allowed_prefix
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("requestfailed", self._check_failure)
        page.on("request", self._check_origin)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))

    def _check_failure(self, request) -> None:
        # Leaving a page before its favicon has loaded aborts that request: not a broken link.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"failed: {request.url} {request.failure}")

    def _check_origin(self, request) -> None:
        url = request.url
        if not (url.startswith(self.allowed_prefix) or url.startswith("data:") or url.startswith("about:")):
            self.problems.append(f"request outside the site: {url}")


@pytest.fixture
def watched_page(browser):
    """Return a factory: watched_page(prefix, viewport) -> PageWatch on a fresh browser context."""
    contexts = []

    def make(allowed_prefix: str, width: int = 1280, height: int = 900) -> PageWatch:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return PageWatch(context.new_page(), allowed_prefix)

    yield make
    for context in contexts:
        context.close()
