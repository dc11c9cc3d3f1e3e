"""Rebuilds keep the files of unchanged printed pages: never a stale or hand-edited file, always the same site."""
from __future__ import annotations

import copy
import dataclasses
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

import build as build_py
from generator import stages
from generator.archive.urls import URLs
from generator.infer import places
from generator.model import Archive
from generator.parse import reading
from generator.site import context, render
from generator.site.render_cache import RECORD_NAME, RenderRecord

ROOT = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def run_build(tmp_path: Path, out: str, *options: str) -> dict:
    """Build the seeds copied into tmp_path into tmp_path/out; return the build's timings."""
    timings = tmp_path / f"{out}.timings.json"
    argv = ["--seeds", str(tmp_path / "seeds"), "--out", str(tmp_path / out), "--registry", str(tmp_path / "reg.json"),
            "--workers", "1", "-q", "--timings", str(timings), *options]
    assert build_py.main(argv) == 0
    return json.loads(timings.read_text(encoding="utf-8"))


@pytest.fixture
def built(tmp_path) -> Path:
    """Return tmp_path after a first cached build of the real seed pages into tmp_path/site."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    first = run_build(tmp_path, "site", "--cache", str(tmp_path / "cache"))
    assert first["render"]["reused"] == 0 and first["render"]["rendered"] == len(list(ROOT.glob("seeds/*.txt")))
    return tmp_path


def same_size_edit(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b"<p>", b"<P>", 1))


def appended(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("<!-- 手工修改 -->\n")


def replaced_by_a_new_file(path: Path) -> None:
    """An editor that saves a copy and renames it over the file (same content, new inode)."""
    temporary = path.with_name(path.name + ".swp")
    temporary.write_bytes(path.read_bytes())
    os.replace(temporary, path)


EDITS = [("same size, other bytes", same_size_edit), ("a line appended", appended),
         ("deleted", Path.unlink), ("saved over by an editor", replaced_by_a_new_file)]


def test_files_edited_by_hand_in_the_previous_site_are_rendered_again(built):
    site = built / "site"
    views = sorted(site.glob("p/[0-9]*.html"))
    assert len(views) >= len(EDITS)
    edited_pages = {}
    for (name, edit), view in zip(EDITS, views):            # one article of each of four printed pages
        article = site / "a" / render_links(view)[0]
        edit(article)
        edited_pages[name] = view.relative_to(site).as_posix()
    before = inodes(site)
    rebuilt = run_build(built, "site", "--cache", str(built / "cache"))
    assert rebuilt["render"]["rendered"] == len(EDITS), "only the pages with an edited file are rendered"
    run_build(built, "fresh", "--no-cache")
    assert tree(site) == tree(built / "fresh"), "the edits are gone: the site is what a fresh build makes"
    kept = {path for path, inode in inodes(site).items() if before.get(path) == inode}
    assert not kept & set(edited_pages.values())
    untouched = [v.relative_to(site).as_posix() for v in views[len(EDITS):]]
    assert untouched and set(untouched) <= kept


def render_links(view: Path) -> list[str]:
    """Return the article file names a printed page view links to, in printed order."""
    text = view.read_text(encoding="utf-8")
    return [part.split('"', 1)[0] for part in text.split('href="../a/')[1:]]


@pytest.mark.parametrize("options, reason", [
    (["--base-url", "https://example.org/archive/"], "canonical links and citations change with the base URL"),
])
def test_a_changed_input_of_every_page_renders_every_page(built, options, reason):
    rebuilt = run_build(built, "site", "--cache", str(built / "cache"), *options)
    assert rebuilt["render"]["reused"] == 0 and rebuilt["files_reused"] == 0, reason
    run_build(built, "fresh", "--no-cache", *options)
    assert tree(built / "site") == tree(built / "fresh")


@pytest.mark.parametrize("damage", [b"", b'{"format": 1, "site"', b"[]", b'{"format": 1, "site": "/elsewhere", "keys": {}}'])
def test_a_damaged_or_foreign_record_only_costs_a_full_render(built, damage):
    (built / "cache" / RECORD_NAME).write_bytes(damage)
    rebuilt = run_build(built, "site", "--cache", str(built / "cache"))
    assert rebuilt["render"]["reused"] == 0
    run_build(built, "fresh", "--no-cache")
    assert tree(built / "site") == tree(built / "fresh")
    again = run_build(built, "site", "--cache", str(built / "cache"))     # and the record is good again
    assert again["render"]["rendered"] == 0


def test_an_unchanged_rebuild_renders_no_printed_page_and_keeps_every_file_of_them(built):
    before = inodes(built / "site")
    rebuilt = run_build(built, "site", "--cache", str(built / "cache"))
    assert rebuilt["render"]["rendered"] == 0
    kept = {path for path, inode in inodes(built / "site").items() if before.get(path) == inode}
    pages = {p for p in before if p.startswith("a/") or (p.startswith("p/0") and p.endswith(".html"))}
    assert len(pages) > 40 and pages <= kept and rebuilt["files_reused"] == len(pages)


# --- render keys ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def archive() -> Archive:
    pages = stages.process_pages(reading.read_pages(ROOT / "seeds"), workers=1).pages
    for number, page in enumerate(pages):
        items = tuple(dataclasses.replace(item, id=f"{number}x{item.position}") for item in page.items)
        pages[number] = dataclasses.replace(page, items=items)
    return Archive(pages=tuple(pages), counties=places.counties_in(pages, places.load_gazetteer()))


def keys(archive: Archive, urls: URLs = URLs(), templates: Path = context.TEMPLATES) -> list[str]:
    """Return the render key of every printed page of ``archive``."""
    record = RenderRecord(Path("/nonexistent-cache"), Path("/nonexistent-site"))
    record.begin(templates)
    renderer = context.Renderer(context.Site.of(archive, urls), context.make_env(templates))
    return [render.page_render_key(renderer, record, page) for page in archive.pages]


def retitled(archive: Archive) -> Archive:
    page = archive.pages[0]
    item = dataclasses.replace(page.items[1], title="郓城县第二届乡村振兴发展大会开幕")
    return dataclasses.replace(archive, pages=(dataclasses.replace(page, items=(page.items[0], item, *page.items[2:])),
                                               *archive.pages[1:]))


def without_county(archive: Archive, name: str) -> Archive:
    return dataclasses.replace(archive, counties=tuple(c for c in archive.counties if c.name != name))


def test_equal_pages_get_equal_keys_whatever_objects_hold_them(archive):
    assert keys(archive) == keys(pickle.loads(pickle.dumps(archive))) == keys(copy.deepcopy(archive))
    assert len(set(keys(archive))) == len(archive.pages)


def test_keys_change_with_what_the_pages_show(archive, tmp_path):
    base = keys(archive)
    title_changed = keys(retitled(archive))
    assert title_changed[0] != base[0] and title_changed[1:] == base[1:], "only the edited page"
    first_county = next(item.counties[0] for item in archive.items if item.counties)
    assert first_county in {c.name for c in archive.counties}
    county_gone = keys(without_county(archive, first_county))
    named = [any(first_county in item.counties for item in page.items) for page in archive.pages]
    assert [a != b for a, b in zip(county_gone, base)] == named, "the pages that name the county"
    assert set(keys(archive, URLs(base_url="https://example.org/"))).isdisjoint(base)
    templates = shutil.copytree(context.TEMPLATES, tmp_path / "templates")
    with (templates / "article.html").open("a", encoding="utf-8") as handle:
        handle.write("{# 改版 #}\n")
    assert set(keys(archive, templates=templates)).isdisjoint(base)


def test_the_key_sees_every_field_of_the_pages_and_counties(archive):
    """Keys hash ``repr``: a field left out of it (``field(repr=False)``) would let a stale page be kept."""
    page = next(p for p in archive.pages if any(item.counties for item in p.items))
    values = [page, page.items[0], page.items[0].body[0], archive.counties[0], URLs(base_url="https://example.org/")]
    for value in values:
        text = repr(value)
        missing = [f.name for f in dataclasses.fields(value) if repr(getattr(value, f.name)) not in text]
        assert not missing, f"{type(value).__name__} fields missing from its repr: {missing}"
