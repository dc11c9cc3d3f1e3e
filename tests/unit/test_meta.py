"""Paper and date: inferred from real seed lines, or taken from the page's metadata file."""
from __future__ import annotations

import pytest

from generator.infer import meta
from generator.model import BodyBlock, Item, Page, SourcePage


def page_of(raw: str, *items: Item) -> Page:
    """Return a page with the given raw text and items."""
    return Page(source="t.txt", raw=raw, items=items)


def item(*paragraphs: str, byline=None, captions=(), counties=()) -> Item:
    """Return an article item made of real seed paragraphs."""
    return Item(source="t.txt", position=1, kind="article", title="标题", byline=byline,
                body=tuple(BodyBlock("paragraph", p) for p in paragraphs), captions=tuple(captions),
                counties=tuple(counties))


@pytest.mark.parametrize("bylines, counties, paper", [
    (["本报讯(牡丹晚报全媒体记者 武霏)"], (), "牡丹晚报"),
    (["本报嘉祥讯(通讯员 王彪)"], (), "济宁日报"),
    (["本报讯(记者 胡德光)"], ("牡丹区",), "菏泽日报"),
    # 003: one byline names the paper, the others say only 本报通讯员
    (["本报讯(牡丹晚报全媒体记者 陈力)", "本报讯(本报通讯员 崔艺霏)", "本报讯(本报通讯员 刘光红)"],
     ("菏泽经济技术开发区",), "牡丹晚报"),
    (["本报讯(记者 时苏建)"], (), None),                    # no place: no city
    (["本报讯(记者 李萍)"], ("巨野县", "嘉祥县"), None),      # two cities: unknown
    (["记者 张品"], ("东明县",), None),                      # no signal at all
])
def test_paper_is_inferred_from_bylines(bylines, counties, paper):
    page = page_of("", *(item("正文。", byline=b, counties=counties) for b in bylines))
    assert meta.infer_paper(page) == paper


@pytest.mark.parametrize("lead, paper", [
    ("本报讯(牡丹晚报全媒体记者 武霏) 7月24日,2020年菏泽高新区创建全国文明城市攻坚动员大会召开", "牡丹晚报"),
    ("本报嘉祥讯(通讯员 王彪)嘉祥县宏喜种业现有种子繁育基地1.6万亩", "济宁日报"),
    ("“同学们,你们知道自来水是怎样走进大家家里的吗?”为营造节约用水氛围,日前,牡丹晚报记者", None),
])
def test_a_byline_left_in_the_lead_still_names_the_paper(lead, paper):
    assert meta.infer_paper(page_of("", item(lead))) == paper


@pytest.mark.parametrize("text, year", [
    ("2023“世界地球日”和“爱鸟周”主题宣传活动启动 … 2022年度先进个人 … 2023“华瑞·华小粮杯”", 2023),
    ("会上,王蒙通报了2019年和2020年上半年创建全国文明城市工作情况 … 全区2020年上半年述职述廉会议", 2020),
    ("自2023年12月公安部开展 … 启动2024年“一村一场戏”文化惠民活动 … 2024年牡丹节", 2024),
    ("现场开卡10户,发放贷款300多万元 … 总投资共计1000余万元,年产值能达到2000万元", None),
    ("2019年是大唐网络与菏泽合作的开端,2020年将以现有项目建设为基础", 2020),     # tie: the later
])
def test_year_is_the_one_the_page_names_most(text, year):
    assert meta.infer_year(text) == year


@pytest.mark.parametrize("paragraphs, captions, datelines", [
    (["4月23日下午,全市一季度工业运行分析会议召开,通报一季度全市工业运行情况。"], (), [(4, 23)]),
    (["“多亏了我们小区的网格员,不仅帮助我们老两口买药,还经常来给我们解决生活上的难题。太感谢啦!”4月20日,家住成武县永昌街道富达小区的王大娘告诉记者。"], (), [(4, 20)]),
    (["2023“华瑞·华小粮杯”菏泽马拉松赛将于5月7日鸣枪开跑。"], (), []),          # a future event
    (["4月22日是第54个“世界地球日”;4月23日至29日是我省第42个“爱鸟周”。"], (), []),
    (["作为以关爱农村留守儿童为重点的志愿服务项目,小荷学堂是暑假期间社会各界关注的重点。",
      "7月23日下午,菏泽高新区党群工作部联合区总工会的工作人员来到吕陵镇寨庄行政村。"], (), [(7, 23)]),
    ([], ("5月17日济宁市2022年二季度重大项目集中开工活动举行,嘉祥县集中开工8个项目。",), [(5, 17)]),
    (["今年以来,嘉祥县按照“争一流、争第一、争唯一”的要求,闻令而动、执令而行。"], (), []),
    (["2月30日,全市一季度工业运行分析会议召开"], (), []),                      # no such day
])
def test_datelines_are_the_event_dates_of_leads_and_captions(paragraphs, captions, datelines):
    assert meta.item_datelines(item(*paragraphs, captions=captions)) == datelines


@pytest.mark.parametrize("raw, leads, date", [
    ("2023“世界地球日”", ["4月21日,由市林业局主办", "4月23日下午,全市一季度工业运行分析会议召开"], "2023-04-23"),
    ("2022年党建计划", ["今年以来,嘉祥县按照要求"], "2022"),
    ("", ["4月1日,菏泽开发区召开生态环境保护工作会议。"], "--04-01"),
    ("", ["今年以来,嘉祥县按照要求"], None),
    ("2023年工作总结 … 2023年全年 … 2024年工作安排", ["12月30日,全县经济工作会议召开", "1月2日,新年第一天"],
     "2024-01-02"),                                                # across the new year
    ("2023“世界地球日”", ["2月29日,全市一季度工业运行分析会议召开"], "--02-29"),   # 2023 has no 2月29日
])
def test_issue_date_is_the_latest_dateline_with_the_year_partial_when_unknown(raw, leads, date):
    page = page_of(raw, *(item(lead) for lead in leads))
    assert meta.infer_date(page) == date


def source(**values) -> SourcePage:
    """Return a source page whose metadata file held ``values``."""
    return SourcePage(name="t.txt", text="", encoding="utf-8", sha256="0", meta=tuple(values.items()))


SEED_001 = ("本报讯(牡丹晚报全媒体记者 武霏) 7月24日,2020年菏泽高新区创建全国文明城市攻坚动员大会召开,"
            "传达落实菏泽市创建全国文明城市攻坚动员大会精神。")


def test_inferred_paper_and_date_are_set_on_page_and_items_and_marked_inferred():
    page = page_of(SEED_001, item(SEED_001.split(") ")[1], byline="本报讯(牡丹晚报全媒体记者 武霏)"))
    result = meta.infer_meta(page, source())
    assert (result.paper, result.paper_inferred, result.date, result.date_inferred) == \
        ("牡丹晚报", True, "2020-07-24", True)
    assert [(i.paper, i.date, i.date_inferred) for i in result.items] == [("牡丹晚报", "2020-07-24", True)]
    assert result.page_name is None


def test_metadata_file_overrides_inference():
    page = page_of(SEED_001, item(SEED_001.split(") ")[1]))
    result = meta.infer_meta(page, source(paper="菏泽日报", date="2020-07-25", page="A3 高新区"))
    assert (result.paper, result.paper_inferred, result.date, result.date_inferred, result.page_name) == \
        ("菏泽日报", False, "2020-07-25", False, "A3 高新区")
    assert [(i.paper, i.date, i.date_inferred) for i in result.items] == [("菏泽日报", "2020-07-25", False)]


def test_metadata_may_set_only_the_date():
    result = meta.infer_meta(page_of(SEED_001, item(SEED_001)), source(date="2020-07"))
    assert (result.paper, result.paper_inferred, result.date, result.date_inferred) == \
        ("牡丹晚报", True, "2020-07", False)


def test_unreadable_metadata_date_is_reported_and_inferred_instead():
    result = meta.infer_meta(page_of(SEED_001, item(SEED_001.split(") ")[1])), source(date="7月25日"))
    assert result.date == "2020-07-24" and result.date_inferred
    assert any("7月25日" in w.message and w.source == "t.txt" for w in result.warnings)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

PIECES = st.sampled_from(["本报讯", "本报嘉祥讯", "(牡丹晚报全媒体记者 武霏)", "4月23日下午,", "12月1日,", "1月2日,",
                          "2月29日,", "2月30日,", "13月1日,",
                          "2023“", "2024年", "10000人", "月", "日", ",", "\n"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=20).map("".join)
ISO = r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})$"


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.lists(st.tuples(st.one_of(st.none(), TEXTS), st.lists(TEXTS, max_size=3)), max_size=4))
def test_any_page_gets_a_valid_date_or_none(raw, specs):
    items = [item(*paragraphs, byline=byline) for byline, paragraphs in specs]
    result = meta.infer_meta(page_of(raw, *items), source())
    assert result.date is None or __import__("re").match(ISO, result.date)
    if result.date and len(result.date) == 10 and not result.date.startswith("--"):
        __import__("datetime").date.fromisoformat(result.date)       # a real calendar day
    assert all((i.paper, i.date, i.date_inferred) == (result.paper, result.date, True) for i in result.items)


@pytest.mark.parametrize("value, iso", [
    ("2023-04-24", "2023-04-24"), ("2023-4-5", "2023-04-05"), ("2023/04/05", "2023-04-05"),
    ("2023年4月5日", "2023-04-05"), ("2023-04", "2023-04"), ("2023", "2023"),
    ("2023-02-29", None), ("2023-13-01", None), ("7月25日", None), ("20230405", None),
])
def test_metadata_dates_are_normalised_to_iso(value, iso):
    assert meta.metadata_date(value) == iso


def test_empty_metadata_values_mean_not_given():
    result = meta.infer_meta(page_of(SEED_001, item(SEED_001)), source(paper="", date="", page=""))
    assert (result.paper, result.paper_inferred, result.date, result.date_inferred, result.page_name) == \
        ("牡丹晚报", True, "2020-07-24", True, None)
