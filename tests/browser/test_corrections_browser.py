"""In a real browser: the URLs of corrected articles before and after the corrections (fixed, split, merged,
withdrawn), and the article's 报告错误 / 更正 disclosure."""
from __future__ import annotations

import pytest
from conftest import copy_seeds, run_build

pytestmark = pytest.mark.browser

ENTRIES = """\
- id: v68p1g
  replace: {old: "威武", new: "成武"}
  note: "县名识别错误"
- id: n6v7bm
  set: {county: "牡丹区", date: "2023-04-22"}
- id: g6cr9n
  split_before: {at: "为持续深化党纪学习教育", title: "党建指导员 激发党建工作活力"}
- id: 38xsww
  merge_into: 6rpp8n
- id: 935bjw
  withdraw: "重复收录"
"""
IDS = ("v68p1g", "n6v7bm", "g6cr9n", "38xsww", "6rpp8n", "935bjw")


def headline(watch, url: str) -> tuple[str, str]:
    """Return the URL the browser ends on after opening ``url`` and its first heading."""
    watch.page.goto(url)
    watch.page.wait_for_load_state("load")
    return watch.page.url, watch.page.locator("h1").first.inner_text()


def test_every_url_resolves_before_and_after_the_corrections(tmp_path, watched_page):
    seeds = copy_seeds(tmp_path / "seeds")
    site = tmp_path / "site"
    assert run_build(seeds, site) == 0
    watch = watched_page(site.as_uri())
    before = {i: headline(watch, (site / f"a/{i}.html").as_uri()) for i in IDS}
    assert before["v68p1g"][1].startswith("威武")
    (seeds / "corrections.yaml").write_text(ENTRIES, encoding="utf-8")
    assert run_build(seeds, site) == 0
    after = {i: headline(watch, (site / f"a/{i}.html").as_uri()) for i in IDS if i != "38xsww"}
    watch.page.goto((site / "a/38xsww.html").as_uri())
    watch.page.wait_for_url("**/a/6rpp8n.html")                                 # merged: the browser is sent on
    assert watch.page.locator("h1").inner_text() == before["6rpp8n"][1]
    assert after["v68p1g"][1].startswith("成武") and "县名识别错误" in watch_text(watch, site, "v68p1g", ".corrections")
    assert after["935bjw"][1] == "本文已从档案中撤下" and "重复收录" in watch_text(watch, site, "935bjw", ".reason")
    assert after["g6cr9n"][1] == before["g6cr9n"][1]                            # split: the first part keeps its URL
    watch.page.goto((site / "a/g6cr9n.html").as_uri())
    watch.page.locator(".corrections a").click()
    watch.page.wait_for_load_state("load")
    assert watch.page.locator("h1").inner_text() == "党建指导员 激发党建工作活力"
    facts = watch_text(watch, site, "n6v7bm", ".facts")
    assert "牡丹区" in facts and "2023" in facts and "22" in facts
    assert watch.problems == []


def watch_text(watch, site, item_id: str, selector: str) -> str:
    """Return the text of ``selector`` on the page of ``item_id``."""
    watch.page.goto((site / f"a/{item_id}.html").as_uri())
    return watch.page.locator(selector).inner_text()


def test_the_report_disclosure_is_closed_and_shows_the_id_and_an_entry(built_site, watched_page):
    watch = watched_page(built_site.as_uri())
    watch.page.goto((built_site / "a/v68p1g.html").as_uri())
    report = watch.page.locator("details.report")
    assert not report.locator("pre").is_visible()
    report.locator("summary").click()
    assert report.locator("code").inner_text() == "v68p1g"
    assert report.locator("pre").inner_text().startswith("- id: v68p1g\n  replace:")
