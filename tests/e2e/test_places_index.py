"""By place: the county index names every county of the papers' region, 暂无 where the archive has
nothing, and every town or street leads to its county."""
from __future__ import annotations

import re


def test_every_county_of_the_region_is_listed_and_empty_ones_say_so(built_site):
    html = (built_site / "county" / "index.html").read_text(encoding="utf-8")
    for empty in ("郓城县", "单县"):                     # no seed article is about them
        assert re.search(rf'<span class="empty">{empty}</span> <span class="count">暂无</span>', html), empty
    assert '<a href="dingtao.html">定陶区</a>' in html
    assert "嘉祥县" in html and "任城区" in html           # 济宁市, the city of the 嘉祥 page, whole


def test_towns_link_to_their_county(built_site):
    html = (built_site / "county" / "index.html").read_text(encoding="utf-8")
    assert '<a href="dingtao.html">仿山镇</a>' in html
    county = (built_site / "county" / "dingtao.html").read_text(encoding="utf-8")
    assert "仿山镇" in county
