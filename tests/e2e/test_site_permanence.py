"""URL permanence end to end: edit the seeds the ways an archive gets edited, rebuild, and every old URL still works."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_seeds, run_build

from tests.opendata_helpers import load_articles

PAGE_000 = "000_426d0e80c1052dd2.txt"
PAGE_003 = "003_19cdaa97a37a6cd0.txt"
NEW_ARTICLE = ("菏泽开发区召开安全生产工作会议\n\n本报讯(记者 李明)4月2日,菏泽开发区召开安全生产工作会议,"
               "部署下一阶段安全生产重点工作,要求各单位压紧压实安全责任。\n\n")


def articles(site: Path) -> dict[str, dict]:
    return {a["id"]: a for a in load_articles(site)}


def edit(path: Path, change) -> None:
    path.chmod(0o644)
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def delete_audit_article(text: str) -> str:
    """Remove the 市审计局 article of page 000 (its title up to the next article's title)."""
    start, end = text.index("市审计局驻村工作组助推黄河滩区产业发展"), text.index("威武:规范")
    return text[:start] + text[end:]


def edit_seeds(seeds: Path) -> None:
    """Correct a title, fix a wrap by hand, delete one article (000) and add one at the top of 003."""
    edit(seeds / PAGE_000, delete_audit_article)
    edit(seeds / PAGE_000, lambda t: t.replace("威武:规范", "成武:规范"))
    edit(seeds / PAGE_000, lambda t: t.replace("以起步即冲\n\n刺的姿态", "以起步即冲刺的姿态"))
    edit(seeds / PAGE_003, lambda t: "\n\n" + NEW_ARTICLE + t.lstrip("\n"))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Return (old site, new site, seeds) : the seeds built, edited, rebuilt against the updated registry."""
    base = tmp_path_factory.mktemp("permanence")
    seeds = copy_seeds(base / "seeds")
    assert run_build(seeds, base / "old") == 0
    shutil.copy(seeds / "permalinks.json", base / "registry-after-first-build.json")
    edit_seeds(seeds)
    assert run_build(seeds, base / "new") == 0
    return base / "old", base / "new", seeds


def resolved(site: Path, item_id: str) -> tuple[str, str | None]:
    """Return ('live'|'redirect'|'withdrawn'|'missing', successor id) for a URL of the site."""
    page = site / "a" / f"{item_id}.html"
    if not page.is_file():
        return "missing", None
    html = page.read_text(encoding="utf-8")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([0-9a-z]+)\.html"', html)
    if refresh:
        return "redirect", refresh.group(1)
    return ("live", None) if item_id in articles(site) else ("withdrawn", None)


def test_every_old_url_still_resolves(two_builds):
    old, new, _ = two_builds
    for item_id in articles(old):
        status, successor = resolved(new, item_id)
        assert status != "missing", f"a/{item_id}.html became a 404"
        if status == "redirect":
            assert resolved(new, successor)[0] == "live"


def test_unchanged_articles_keep_their_url_and_content(two_builds):
    old, new = articles(two_builds[0]), articles(two_builds[1])
    untouched = [i for i, a in old.items() if a["source"] not in (PAGE_000, PAGE_003)]
    assert untouched
    for item_id in untouched:
        assert item_id in new, f"{old[item_id]['title']} lost its URL"
        assert (new[item_id]["title"], new[item_id]["body"]) == (old[item_id]["title"], old[item_id]["body"])
    same_page = [i for i, a in old.items() if a["source"] == PAGE_003]
    assert all(new[i]["title"] == old[i]["title"] for i in same_page)


def test_the_corrected_title_keeps_its_url(two_builds):
    old, new = articles(two_builds[0]), articles(two_builds[1])
    (item_id,) = [i for i, a in old.items() if (a["title"] or "").startswith("威武:")]
    assert new[item_id]["title"].startswith("成武:")


def test_the_hand_fixed_wrap_keeps_its_url(two_builds):
    old, new = articles(two_builds[0]), articles(two_builds[1])
    (item_id,) = [i for i, a in old.items() if "以起步即冲" in json.dumps(a["body"], ensure_ascii=False)]
    assert item_id in new
    assert "以起步即冲刺的姿态" in json.dumps(new[item_id]["body"], ensure_ascii=False)


def test_the_deleted_article_explains_itself_and_the_added_one_is_new(two_builds):
    old_site, new_site, _ = two_builds
    old, new = articles(old_site), articles(new_site)
    (gone,) = [i for i, a in old.items() if a["title"] == "市审计局驻村工作组助推黄河滩区产业发展"]
    assert resolved(new_site, gone)[0] in ("withdrawn", "redirect")
    if resolved(new_site, gone)[0] == "withdrawn":
        assert "撤下" in (new_site / "a" / f"{gone}.html").read_text(encoding="utf-8")
    (added,) = [i for i, a in new.items() if a["title"] == "菏泽开发区召开安全生产工作会议"]
    assert added not in old


def test_a_fresh_clone_rebuilds_the_same_urls(two_builds, tmp_path):
    _, new_site, seeds = two_builds
    clone = Path(shutil.copytree(seeds, tmp_path / "clone"))    # a fresh clone: pages + committed registry
    assert run_build(clone, tmp_path / "site") == 0
    assert articles(tmp_path / "site").keys() == articles(new_site).keys()
    assert (clone / "permalinks.json").read_bytes() == (seeds / "permalinks.json").read_bytes()


def test_without_a_registry_ids_are_minted_identically(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        seeds = copy_seeds(folder / "seeds")
        (seeds / "permalinks.json").unlink(missing_ok=True)
        assert run_build(seeds, folder / "site") == 0
    assert list(articles(first / "site")) == list(articles(second / "site"))
