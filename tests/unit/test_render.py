"""The renderer on a hand-built archive of real seed text: what a reader sees on each page type."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from generator.archive.urls import URLs
from generator.model import Archive, BodyBlock, County, Item, Page, Person, Redirect, Repair
from generator.site import context, filters, render, sitemap
from generator.site import pages as pages_module

SOURCE = "000_426d0e80c1052dd2.txt"
DINGTAO = County("定陶区", "定陶", "dingtao", "371703", "菏泽市")
CAOXIAN = County("曹县", "曹县", "caoxian", "371721", "菏泽市")
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{ 7*7 }} {% include "base.html" %} </script> javascript:alert(1)'

ARTICLE = Item(
    source=SOURCE, position=1, kind="article", id="b3k9x2",
    kicker="全市一季度工业运行分析会议要求", title="以起步即冲刺的姿态推进工业稳进提质", subtitle="——记者手记",
    byline="本报讯(记者 时苏建)", authors=(Person("时苏建", "记者"), Person("马鹏超", "通讯员")),
    body=(BodyBlock("paragraph", "4月23日下午,全市一季度工业运行分析会议召开,通报一季度全市工业运行情况。市委常委、副市长王昌华出席会议并讲话。"),
          BodyBlock("subheading", "开展党建攻坚 激活“红色引擎”"),
          BodyBlock("paragraph", "王昌华要求,要挖潜增效,精准补短,以起步即冲刺的姿态推进工业稳进提质。")),
    captions=("会议现场",), credit="通讯员 刘青青 摄",
    repairs=(Repair("join", "lines 9+11"), Repair("join", "lines 13+15"),
             Repair("duplicate_removed", "line 40", "“网格+居民自治”,协商议事促和谐")),
    counties=("定陶区", "曹县"), paper="菏泽日报", date="2023-04-24", date_inferred=True)
PHOTO = Item(source=SOURCE, position=2, kind="photo", id="c4m0z7", title=None,
             captions=("11月11日,定陶区滨河街道开展消防演练。",), credit="通讯员 刘青青 摄",
             counties=("定陶区",), paper="菏泽日报", date="2023-04-24", date_inferred=False)
EVIL = Item(source=SOURCE, position=3, kind="article", id="d5n1x8", title=HOSTILE, byline=HOSTILE,
            body=(BodyBlock("paragraph", HOSTILE + "\u202e\u200b倒序"),), counties=("曹县",), paper=HOSTILE,
            date="2023-04-20")
PAGE = Page(source=SOURCE, raw="助企攀登 推进制造强市建设\n\n" + HOSTILE + "\n  原样,保留 \n", items=(ARTICLE, PHOTO, EVIL),
            banner="助企攀登 推进制造强市建设", paper="菏泽日报", date="2023-04-24")
ARCHIVE = Archive(pages=(PAGE,), counties=(DINGTAO, CAOXIAN),
                  redirects=(Redirect("f7g8h9", "b3k9x2", "旧标题"), Redirect("g8h9j0", None, "撤下的文章")))


@pytest.fixture(scope="module")
def site():
    return render.render_site(ARCHIVE, URLs())


@pytest.fixture(scope="module")
def site_with_base():
    return render.render_site(ARCHIVE, URLs(base_url="https://example.org/archive/"))


class Collector(HTMLParser):
    """Collects text, links, script elements and attributes of a page."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self.scripts, self.tags, self._in_script = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        for name in ("href", "src", "action"):
            if name in attrs:
                self.links.append(attrs[name])
        if tag == "script":
            self._in_script = [attrs.get("type"), ""]
            self.scripts.append(self._in_script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data
        else:
            self.text.append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", "".join(parse(html).text))


def test_every_page_type_is_rendered_at_its_url(site):
    expected = {"index.html", "a/b3k9x2.html", "a/c4m0z7.html", "a/d5n1x8.html", "a/f7g8h9.html", "a/g8h9j0.html",
                "county/dingtao.html", "county/caoxian.html", "county/index.html", "p/000_426d0e80c1052dd2.html",
                "p/index.html", "about.html", "404.html", ".nojekyll", "assets/style.css"}
    assert expected <= set(site)
    assert "sitemap.xml" not in site


def test_article_shows_everything_a_reader_needs(site):
    text = text_of(site["a/b3k9x2.html"])
    for expected in ("全市一季度工业运行分析会议要求", "以起步即冲刺的姿态推进工业稳进提质", "——记者手记",
                     "记者 时苏建", "通讯员 马鹏超", "菏泽日报", "2023年4月24日", "推断", "定陶区", "曹县",
                     "4月23日下午，全市一季度", "开展党建攻坚 激活“红色引擎”", "会议现场", "通讯员 刘青青 摄",
                     "合并断行 2 处，删除重复段落 1 处", "“网格+居民自治”,协商议事促和谐"):
        assert expected in text, expected


def test_article_links_to_its_page_neighbours_and_counties(site):
    links = parse(site["a/c4m0z7.html"]).links
    for target in ("../p/000_426d0e80c1052dd2.html", "b3k9x2.html", "d5n1x8.html", "../county/dingtao.html"):
        assert target in links


def test_subheading_is_a_heading_and_repairs_are_collapsed(site):
    html = site["a/b3k9x2.html"]
    assert '<h2 class="subheading">开展党建攻坚 激活“红色引擎”</h2>' in html
    assert re.search(r"<details class=\"repairs\">\s*<summary>文字修复说明：合并断行 2 处，删除重复段落 1 处</summary>", html)


@pytest.mark.parametrize("date,inferred,shown", [("2023-04-24", False, "2023年4月24日"), ("2023-04", True, "2023年4月 推断"),
                                                  ("--04-24", True, "4月24日 推断"), (None, True, "日期不详")])
def test_dates_are_written_the_chinese_way_and_marked_when_inferred(date, inferred, shown):
    item = Item(source=SOURCE, position=1, kind="article", id="b3k9x2", title="标题", date=date, date_inferred=inferred)
    archive = Archive(pages=(Page(source=SOURCE, raw="", items=(item,)),))
    html = render.render_site(archive, URLs())["a/b3k9x2.html"]
    facts = text_of(html.split('<dl class="facts">')[1].split("</dl>")[0])
    assert shown in facts


def test_citation_is_relative_without_base_url_and_absolute_with_it(site, site_with_base):
    assert "时苏建, 马鹏超. 以起步即冲刺的姿态推进工业稳进提质[N]. 菏泽日报, 2023-04-24. a/b3k9x2.html." in text_of(site["a/b3k9x2.html"])
    assert "https://example.org/archive/a/b3k9x2.html" in text_of(site_with_base["a/b3k9x2.html"])


def test_canonical_and_sitemap_only_with_base_url(site, site_with_base):
    assert 'rel="canonical"' not in site["a/b3k9x2.html"]
    html = site_with_base["a/b3k9x2.html"]
    assert '<link rel="canonical" href="https://example.org/archive/a/b3k9x2.html">' in html
    sitemap = site_with_base["sitemap.xml"]
    assert "<loc>https://example.org/archive/a/b3k9x2.html</loc>" in sitemap
    assert "f7g8h9" not in sitemap


def test_an_article_head_states_each_fact_once_and_survives_hostile_text(site_with_base):
    """Highwire citation_* tags are the page's one machine-readable copy (no JSON-LD, DC or og: twins)."""
    for path in ("a/b3k9x2.html", "a/d5n1x8.html"):
        page = parse(site_with_base[path])
        assert [s for s in page.scripts if s[0]] == []                     # only the shared cite.js
        names = [a["name"] for tag, a in page.tags if tag == "meta" and "name" in a]
        assert names[0] == "viewport" and all(n.startswith("citation_") for n in names[1:])
        assert [n for n in names if n != "citation_author"] == list(dict.fromkeys(n for n in names if n != "citation_author"))
        assert not [a for tag, a in page.tags if tag == "meta" and "property" in a]
    good = {a["name"]: a["content"] for tag, a in parse(site_with_base["a/b3k9x2.html"]).tags
            if tag == "meta" and a.get("name", "").startswith("citation_")}
    assert good["citation_public_url"] == "https://example.org/archive/a/b3k9x2.html"
    evil = [a["content"] for tag, a in parse(site_with_base["a/d5n1x8.html"]).tags
            if tag == "meta" and a.get("name") == "citation_title"]
    assert evil and "<script>alert" in evil[0]                        # the title as a value ...
    assert "<script>alert" not in site_with_base["a/d5n1x8.html"].split("<body")[0]   # ... never as markup


@pytest.mark.parametrize("path", ["a/d5n1x8.html", "p/000_426d0e80c1052dd2.html", "county/caoxian.html", "index.html"])
def test_hostile_text_is_shown_as_text_never_as_markup(site, path):
    html = site[path]
    page = parse(html)
    assert all(s[0] == "application/ld+json" for s in page.scripts if s != [None, ""])   # or the shared cite.js
    assert [a["src"] for tag, a in page.tags if tag == "script" and "src" in a] in ([], ["../assets/cite.js"])
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    assert not any(str(v).startswith("javascript:") for _, attrs in page.tags for v in attrs.values())
    assert "{{ 7*7 }}" in text_of(html) and "49" not in text_of(html)


def test_invisible_controls_are_shown_but_the_raw_text_is_untouched(site):
    assert "[U+202E][U+200B]倒序" in text_of(site["a/d5n1x8.html"])
    printed = site["p/000_426d0e80c1052dd2.html"]
    assert "\n  原样,保留 \n" in printed     # raw keeps its punctuation and spaces


def test_control_characters_html_forbids_are_shown_as_labels_even_in_the_raw_text():
    page = Page(source=SOURCE, raw="响铃\x07退格\x08转义\x1b\ufffe\n", items=(replace_title(ARTICLE, "标题\x07"),))
    files = render.render_site(Archive(pages=(page,)), URLs())
    assert "响铃[U+0007]退格[U+0008]转义[U+001B][U+FFFE]" in files["p/000_426d0e80c1052dd2.html"]
    assert "标题[U+0007]" in files["a/b3k9x2.html"]
    for html in files.values():
        if isinstance(html, str):
            assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe]", html)


def replace_title(item, title):
    from dataclasses import replace
    return replace(item, title=title, counties=())


def test_county_page_lists_exactly_its_items_newest_first(site):
    caoxian = text_of(site["county/caoxian.html"])
    assert caoxian.index("以起步即冲刺") < caoxian.index("alert")       # 04-24 before 04-20
    assert "图片" not in caoxian.split("其他县区")[0].split("按日期从新到旧排列")[1]
    links = parse(site["county/dingtao.html"]).links
    assert {"../a/b3k9x2.html", "../a/c4m0z7.html"} <= set(links) and "../a/d5n1x8.html" not in links
    assert "caoxian.html" in links


def test_county_listing_is_paginated_past_50():
    items = tuple(Item(source=SOURCE, position=n, kind="article", id=f"b{n:05d}", title=f"第{n}篇",
                       counties=("定陶区",), date=f"2023-{1 + n % 12:02d}-01") for n in range(1, 121))
    files = render.render_site(Archive(pages=(Page(source=SOURCE, raw="", items=items),), counties=(DINGTAO,)), URLs())
    pages = [files[p] for p in ("county/dingtao.html", "county/dingtao-2.html", "county/dingtao-3.html")]
    counts = [len(re.findall(r'class="entry-title"', html)) for html in pages]
    assert counts == [50, 50, 20] and "county/dingtao-4.html" not in files
    assert 'href="dingtao-2.html" rel="next"' in pages[0]


def test_printed_page_lists_items_in_printed_order_with_banner_and_raw_text(site):
    html = site["p/000_426d0e80c1052dd2.html"]
    text = text_of(html)
    assert text.index("以起步即冲刺") < text.index("滨河街道") < text.index("alert")
    assert "通栏标题 助企攀登 推进制造强市建设" in text
    assert re.search(r"<pre[^>]*>\n助企攀登 推进制造强市建设\n\n&lt;script&gt;", html)


def test_redirect_and_withdrawn_pages(site):
    moved = site["a/f7g8h9.html"]
    assert '<meta http-equiv="refresh" content="0; url=b3k9x2.html">' in moved
    assert '<link rel="canonical" href="b3k9x2.html">' in moved and 'href="b3k9x2.html"' in moved
    gone = site["a/g8h9j0.html"]
    assert "refresh" not in gone and "撤下的文章" in text_of(gone) and "撤下" in text_of(gone)


def test_every_page_has_lang_skip_link_labelled_search_and_relative_links(site):
    for path, html in site.items():
        if not path.endswith(".html"):
            continue
        assert '<html lang="zh-CN">' in html
        assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
        if path != "search.html":     # the search page has its own, bigger form
            assert re.search(r'<label for="site-search-q">[^<]+</label>\s*<input id="site-search-q" type="search" name="q"', html)
        for link in parse(html).links:
            assert not link.startswith(("/", "http:", "https:", "//")), (path, link)
            assert not link.endswith("/"), (path, link)


def test_about_page_comes_from_markdown(site):
    assert "<h2>永久链接</h2>" in site["about.html"]


def test_rendering_is_deterministic():
    assert render.render_site(ARCHIVE, URLs()) == render.render_site(ARCHIVE, URLs())


@pytest.mark.parametrize("text,expected", [
    ("4月23日下午,全市一季度工业运行分析会议召开,通报一季度全市工业运行情况。市委常委出席。", "4月23日下午,全市一季度工业运行分析会议召开,通报一季度全市工业运行情况。"),
    ("会议现场", "会议现场"),
    ("长" * 100, "长" * 79 + "…"),
])
def test_first_sentence(text, expected):
    item = Item(source=SOURCE, position=1, kind="article", title="t", body=(BodyBlock("paragraph", text),))
    assert filters.first_sentence(item) == expected


def test_every_invisible_format_character_is_made_visible():
    import sys
    import unicodedata
    invisible = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    shown = filters.visible("".join(invisible))
    assert not any(unicodedata.category(c) == "Cf" for c in shown)
    assert filters.visible("安全\u200b测试\u202e") == "安全[U+200B]测试[U+202E]"


def test_links_are_the_same_as_urls_linker():
    site = context.Site.of(ARCHIVE, URLs())
    renderer = context.Renderer(site, context.make_env())
    for here in ("index.html", "a/b3k9x2.html", "county/dingtao-2.html"):
        for there in ("index.html", "a/c4m0z7.html", "assets/style.css", "p/index.html#x"):
            assert renderer.linker(here)(there) == URLs().linker(here)(there)


@pytest.mark.parametrize("date,machine", [("2023-04-24", "2023-04-24"), ("2023-04", "2023-04"), ("2023", "2023"),
                                          ("--04-24", None), ("4月24日", None), (None, None)])
def test_only_dates_the_nu_checker_accepts_go_into_datetime(date, machine):
    assert filters.machine_date(date) == machine


def test_home_lists_the_newest_printed_pages_and_links_to_all_of_them():
    pages = tuple(Page(source=f"{n:03d}_page.txt", raw="", items=(), paper="菏泽日报", date=f"20{10 + n}-05-01")
                  for n in range(context.NEWEST_PAGES_ON_HOME + 5))
    home = render.render_site(Archive(pages=pages, counties=()), URLs())["index.html"]
    listed = re.findall(r'href="p/(\d{3})_page\.html"', home)
    assert len(listed) == context.NEWEST_PAGES_ON_HOME and listed[0] == f"{context.NEWEST_PAGES_ON_HOME + 4:03d}"
    assert "000" not in listed and "全部版面（25 个）" in home and "收录 25 个报纸版面" in home


def test_a_large_archive_lists_printed_pages_by_year(monkeypatch):
    for module in (pages_module, sitemap):                 # the pages index and the sitemap list the years
        monkeypatch.setattr(module, "PAGES_PER_LIST", 3)
    dates = ["2021-05-01", "2023-01-02", "2021-07-09", None, "2023-11-30"]
    pages = tuple(Page(source=f"{n:03d}_page.txt", raw="", items=(), paper="菏泽日报", date=date)
                  for n, date in enumerate(dates))
    files = render.render_site(Archive(pages=pages, counties=()), URLs())
    index = files["p/index.html"]
    assert re.findall(r'href="years/(\w+)\.html"', index) == ["2023", "2021", "undated"]
    assert "p/000_page.html" in files and "000_page.html" not in index and "共 5 个版面" in index
    year = files["p/years/2021.html"]
    assert re.findall(r'href="\.\./(\d{3})_page\.html"', year) == ["000", "002"]     # by paper, then date
    assert "2021 年的版面" in year and 'href="../index.html"' in year
    assert '<span aria-current="page">2021</span>' in year


def test_county_index_groups_cities_under_provinces_when_the_archive_spans_several():
    dingtao = County("定陶区", "定陶", "dingtao", "371703", "菏泽市", province="山东省")
    xialu = County("下陆区", "下陆", "xialu", "420204", "黄石市", province="湖北省")
    items = (Item(source=SOURCE, position=1, kind="article", id="b00001", title="同心共建和美乡村", counties=("定陶区",)),
             Item(source=SOURCE, position=2, kind="article", id="b00002", title="黄石消防队员火中救出汪星人",
                  counties=("下陆区",)))
    files = render.render_site(Archive(pages=(Page(source=SOURCE, raw="", items=items),), counties=(dingtao, xialu)),
                               URLs())
    index = text_of(files["county/index.html"])
    assert index.index("山东省") < index.index("菏泽市") < index.index("定陶区") < index.index("湖北省") \
        < index.index("黄石市") < index.index("下陆区")
    assert {"county/dingtao.html", "county/xialu.html"} <= set(files)
    one_province = text_of(render.render_site(Archive(pages=(Page(source=SOURCE, raw="", items=items[:1]),),
                                                      counties=(dingtao,)), URLs())["county/index.html"])
    assert "菏泽市" in one_province and "山东省" not in one_province


def test_county_lists_name_articles_without_repeating_their_lead(site):
    """Long lists (county, person) show title, paper and date; the lead sentence is on the article page only."""
    county = text_of(site["county/dingtao.html"])
    assert "以起步即冲刺的姿态推进工业稳进提质" in county and "菏泽日报" in county
    assert "4月23日下午，全市一季度工业运行分析会议召开" not in county
    assert "4月23日下午，全市一季度工业运行分析会议召开" in text_of(site["a/b3k9x2.html"])


def test_printed_page_marks_where_each_article_starts_in_its_raw_text():
    items = (Item(source=SOURCE, position=1, kind="article", id="b00001", title="甲", lines=(3, 4)),
             Item(source=SOURCE, position=2, kind="article", id="b00002", title="乙", lines=(6,)))
    raw = "通栏\n\n甲\n正文,一\n\n乙\n"
    html = render.render_site(Archive(pages=(Page(source=SOURCE, raw=raw, items=items),)), URLs())[
        "p/000_426d0e80c1052dd2.html"]
    pre = re.search(r"<pre[^>]*>\n(.*?)</pre>", html, re.S).group(1)
    assert pre == ('通栏\n\n<a class="seg" href="../a/b00001.html" data-n="1" aria-label="第 1 篇"></a>甲\n正文,一\n\n'
                   '<a class="seg" href="../a/b00002.html" data-n="2" aria-label="第 2 篇"></a>乙\n')
    assert "第 3–4 行" in text_of(html) and "第 6 行" in text_of(html)
