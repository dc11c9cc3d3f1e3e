"""Open data a reader can fetch at any archive size: ``data/articles.json`` indexes bounded monthly parts,
and ``sitemap.xml`` becomes a sitemap index past the protocol's 50,000 URLs."""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import copy_seeds, run_build

from generator.archive.urls import URLs
from generator.model import Archive, BodyBlock, Item, Page
from generator.site import context, opendata, render, sitemap
from tests.opendata_helpers import load_articles, load_index, load_json

BASE_URL = "https://example.org/archive/"
GITHUB_WARNING_BYTES = 20 * 1024 * 1024
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def item(source: str, position: int, title: str, date: str | None) -> Item:
    """Return an item with a real seed title, dated like its page."""
    return Item(source=source, position=position, kind="article", title=title, id=f"{source[:3]}x{position:02d}",
                body=(BodyBlock("paragraph", title + "。"),), paper="菏泽日报", date=date)


def page(source: str, date: str | None, titles: list[str]) -> Page:
    """Return a page of items titled ``titles``, all carrying the page's date."""
    return Page(source=source, raw="\n".join(titles), date=date,
                items=tuple(item(source, n, t, date) for n, t in enumerate(titles, start=1)))


# Pages in archive order, deliberately not in date order; one dated by a year only, one with no
# year (a dateline "4月23日" without a year gives "--04-23"), one with no date at all.
ARCHIVE = Archive(pages=(
    page("000_426d0e80c1052dd2.txt", "2023-04-23", ["以起步即冲刺的姿态推进工业稳进提质", "市审计局驻村工作组助推黄河滩区产业发展"]),
    page("001_f2ca3be17ee54044.txt", "2020-07-24", ["双城同创"]),
    page("yearonly.txt", "2023", ["小手拉大手 节水进校园"]),
    page("nodate.txt", None, ["国际志愿服务"]),
    page("noyear.txt", "--04-23", ["牡丹区两志愿服务项目获奖"]),
    page("002_70de2e49dd6a2bd2.txt", "2023-04-02", ["鄄城:让“暖新”更暖心"]),
))


def built(archive: Archive = ARCHIVE) -> tuple[dict, dict[str, str | bytes]]:
    """Return the parsed articles index and every open-data file of ``archive``, parts gunzipped to text."""
    files = opendata.open_data(archive, URLs())
    text = {path: gzip.decompress(data).decode("utf-8") if path.endswith(".gz") else data for path, data in files.items()}
    return json.loads(files["data/articles.json"]), text


@pytest.mark.parametrize("date, period", [
    ("2023-04-23", "2023-04"),      # full date from a dateline (000)
    ("2020-07", "2020-07"),         # month from metadata
    ("2023", "2023"),               # year only
    ("--04-23", None),              # month and day without a year
    (None, None),
    ("", None),
])
def test_period_of_a_date(date, period):
    assert opendata.period_of(date) == period


def test_index_lists_parts_in_chronological_order_undated_last():
    index, files = built()
    assert list(index) == ["format", "version", "compression", "count", "parts"]
    assert (index["format"], index["version"], index["compression"], index["count"]) == ("articles-index", 3, "gzip", 7)
    assert [p["url"] for p in index["parts"]] == [
        "data/articles/2020-07.json.gz", "data/articles/2023.json.gz", "data/articles/2023-04.json.gz",
        "data/articles/undated.json.gz"]
    assert [p["period"] for p in index["parts"]] == ["2020-07", "2023", "2023-04", None]
    assert list(index["parts"][0]) == ["url", "csv", "period", "count", "first", "last"]
    assert [p["csv"] for p in index["parts"]] == [p["url"].removesuffix(".json.gz") + ".csv.gz" for p in index["parts"]]
    csv_twins = [p["csv"] for p in index["parts"]]
    assert set(files) == {"data/articles.json", "data/pages.json", *(p["url"] for p in index["parts"]), *csv_twins}


def test_a_part_holds_its_month_in_archive_order_with_unchanged_records():
    index, files = built()
    april = json.loads(files["data/articles/2023-04.json.gz"])
    assert [a["title"] for a in april] == ["以起步即冲刺的姿态推进工业稳进提质", "市审计局驻村工作组助推黄河滩区产业发展",
                                           "鄄城:让“暖新”更暖心"]
    assert index["parts"][2] == {"url": "data/articles/2023-04.json.gz", "csv": "data/articles/2023-04.csv.gz",
                                 "period": "2023-04", "count": 3, "first": "000x01", "last": "002x01"}
    records = {a["id"]: a for a in april}
    first = ARCHIVE.pages[0].items[0]
    assert records[first.id] == opendata.item_record(first, URLs())
    undated = json.loads(files["data/articles/undated.json.gz"])
    assert [a["title"] for a in undated] == ["国际志愿服务", "牡丹区两志愿服务项目获奖"]


def test_a_part_file_is_its_records_one_per_line_in_a_json_list():
    _, files = built()
    april = [opendata.item_record(i, URLs()) for p in ARCHIVE.pages for i in p.items
             if (i.date or "").startswith("2023-04")]
    lines = files["data/articles/2023-04.json.gz"].splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(april) + 2
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == april


def test_a_crowded_month_is_cut_into_numbered_parts(monkeypatch):
    monkeypatch.setattr(opendata, "MAX_ITEMS_PER_PART", 2)
    march = Archive(pages=(page("003_19cdaa97a37a6cd0.txt", "2020-04-01",
                                ["5G智慧城市", "岳程街道", "合作社创建", "安全生产", "主体工程"]),))
    index, files = built(march)
    assert [(p["url"], p["count"], p["first"], p["last"]) for p in index["parts"]] == [
        ("data/articles/2020-04.json.gz", 2, "003x01", "003x02"),
        ("data/articles/2020-04-2.json.gz", 2, "003x03", "003x04"),
        ("data/articles/2020-04-3.json.gz", 1, "003x05", "003x05")]
    assert [a["title"] for p in index["parts"] for a in json.loads(files[p["url"]])] == [
        "5G智慧城市", "岳程街道", "合作社创建", "安全生产", "主体工程"]


def test_a_month_of_very_long_items_is_cut_by_size(monkeypatch):
    long_text = "菏泽开发区召开安全生产工作会议," * 500         # title and body: about 48 KB per item
    monkeypatch.setattr(opendata, "MAX_PART_BYTES", 100_000)
    archive = Archive(pages=(page("003_19cdaa97a37a6cd0.txt", "2020-04-01", [long_text] * 5),))
    index, files = built(archive)
    assert [p["count"] for p in index["parts"]] == [2, 2, 1]
    assert all(len(files[p["url"]].encode("utf-8")) < 150_000 for p in index["parts"])


def test_an_empty_archive_has_an_empty_index():
    index, files = built(Archive(pages=()))
    assert index == {"format": "articles-index", "version": 3, "compression": "gzip", "count": 0, "parts": []}
    assert set(files) == {"data/articles.json", "data/pages.json"}


# --- end to end on the seeds ------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("opendata")
    out = base / "site"
    assert run_build(copy_seeds(base / "seeds"), out) == 0
    return out


def test_following_every_part_gives_every_item_once(seed_site):
    index = load_index(seed_site)
    items = load_articles(seed_site)
    pages = load_json(seed_site, "data/pages.json")
    archive_ids = [i for p in pages for i in p["items"]]
    assert len(archive_ids) == 42 and len(set(archive_ids)) == 42
    ids = [a["id"] for a in items]
    assert sorted(ids) == sorted(archive_ids)
    assert index["count"] == len(ids)
    for part in index["parts"]:
        records = load_json(seed_site, part["url"])
        assert (part["count"], part["first"], part["last"]) == (len(records), records[0]["id"], records[-1]["id"])
        assert all(r["date"].startswith(part["period"]) for r in records)


def test_seed_parts_are_one_per_month_in_date_order_and_none_is_unlisted(seed_site):
    index = load_index(seed_site)
    assert [p["period"] for p in index["parts"]] == ["2020-04", "2020-07", "2022-05", "2023-04", "2024-11"]
    on_disk = sorted(p.relative_to(seed_site).as_posix() for p in (seed_site / "data" / "articles").glob("*.json.gz"))
    assert on_disk == sorted(p["url"] for p in index["parts"])
    twins = sorted(p.relative_to(seed_site).as_posix() for p in (seed_site / "data" / "articles").glob("*.csv.gz"))
    assert twins == sorted(p["csv"] for p in index["parts"])
    assert len(list((seed_site / "data" / "articles").iterdir())) == 2 * len(index["parts"])
    first_of_003 = load_articles(seed_site)[0]
    assert first_of_003["source"].startswith("003_") and first_of_003["position"] == 1


def test_a_version_2_reader_fails_on_version_3_parts_instead_of_misreading_them(seed_site):
    """The README's version-2 recipe (plain JSON parts) stops with a decoding error on a gzipped part."""
    index = load_index(seed_site)
    with pytest.raises(UnicodeDecodeError):
        [item for part in index["parts"]
         for item in json.load(open(seed_site / part["url"], encoding="utf-8"))]


def test_parts_are_gzip_and_much_smaller_than_their_json_text(seed_site):
    for part in load_index(seed_site)["parts"]:
        data = (seed_site / part["url"]).read_bytes()
        assert data[:2] == b"\x1f\x8b", part["url"]
        assert len(data) < len(gzip.decompress(data)) / 2, part["url"]


def test_no_open_data_file_nears_githubs_limit(seed_site):
    sizes = {p.name: p.stat().st_size for p in (seed_site / "data").rglob("*.json*")}
    assert sizes and max(sizes.values()) < GITHUB_WARNING_BYTES
    assert sizes["articles.json"] < 2_000, "the index stays small: it lists parts, not items"


# --- sitemap ---------------------------------------------------------------------------

def locations(path: Path, entry: str) -> list[str]:
    """Return the <loc> of every ``entry`` element (url or sitemap) of a sitemap file."""
    return [e.findtext(f"{SITEMAP_NS}loc") for e in ET.parse(path).getroot().iter(f"{SITEMAP_NS}{entry}")]


@pytest.fixture(scope="module")
def sitemaps(tmp_path_factory) -> tuple[Path, Path]:
    """Return a --base-url seed build with the default limit and one with a limit of 20 URLs."""
    base = tmp_path_factory.mktemp("sitemaps")
    whole, split = base / "whole", base / "split"
    assert run_build(copy_seeds(base / "seeds1"), whole, "--base-url", BASE_URL) == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitemap, "SITEMAP_MAX_URLS", 20)
        assert run_build(copy_seeds(base / "seeds2"), split, "--base-url", BASE_URL) == 0
    return whole, split


def test_below_the_limit_sitemap_xml_is_one_urlset(sitemaps):
    whole, _ = sitemaps
    assert ET.parse(whole / "sitemap.xml").getroot().tag == f"{SITEMAP_NS}urlset"
    assert not list(whole.glob("sitemap-*.xml"))
    assert len(locations(whole / "sitemap.xml", "url")) > 42


def test_past_the_limit_sitemap_xml_indexes_sitemaps_of_at_most_the_limit(sitemaps):
    whole, split = sitemaps
    root = ET.parse(split / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    children = locations(split / "sitemap.xml", "sitemap")
    expected = locations(whole / "sitemap.xml", "url")
    assert children == [f"{BASE_URL}sitemap-{n}.xml" for n in range(1, -(-len(expected) // 20) + 1)]
    listed = []
    for url in children:
        urls = locations(split / url[len(BASE_URL):], "url")
        assert 0 < len(urls) <= 20
        listed += urls
    assert listed == expected, "split or not, the sitemaps list the same pages in the same order"


@pytest.mark.parametrize("limit, files", [
    (None, ["sitemap.xml"]),                                  # the protocol's 50,000
    (10, ["sitemap.xml"]),                                    # exactly at the limit: still one file
    (9, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]),
    (4, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]),
])
def test_render_sitemap_splits_only_past_its_limit(limit, files):
    one_page = Archive(pages=(page("001_f2ca3be17ee54044.txt", "2020-07-24", ["双城同创"]),))
    site = context.Site.of(one_page, URLs(base_url=BASE_URL))
    out = sitemap.render_sitemap(site, max_urls=limit)        # 10 URLs: 4 fixed pages, 1 article, 1 printed page,
    #                                                           the lists of papers and people, 1 paper, 1 issue
    assert sorted(out) == files
    pages = [re.findall(r"<url><loc>([^<]+)</loc></url>", out[name]) for name in files if name != "sitemap.xml" or len(files) == 1]
    assert [url for chunk in pages for url in chunk][4:] == [
        f"{BASE_URL}a/001x01.html", f"{BASE_URL}p/001_f2ca3be17ee54044.html", f"{BASE_URL}paper/index.html",
        f"{BASE_URL}person/index.html", f"{BASE_URL}paper/unknown.html", f"{BASE_URL}paper/unknown/2020-07-24.html"]
    assert all(len(chunk) <= (limit or 10) for chunk in pages)
