"""Browsing by paper, issue and person; citations; repair notes in Chinese: pure functions and one render."""
from __future__ import annotations

import pytest

from generator.archive.urls import URLs
from generator.model import Archive, Item, Page, Person
from generator.site import browse, cite, render
from generator.site.filters import repair_detail


def item(n: int, paper: str, date: str, *people: tuple[str, str], title: str = "标题") -> Item:
    """Return an item of ``paper`` on ``date`` by ``people`` ((name, role) pairs)."""
    return Item(source=f"{n:03d}.txt", position=1, kind="article", title=f"{title}{n}", id=f"id{n:03d}",
                paper=paper, date=date, authors=tuple(Person(name, role) for name, role in people))


def page_of(it: Item, name: str | None = None) -> Page:
    """Return a one-item printed page holding ``it``."""
    return Page(source=it.source, raw="", items=(it,), paper=it.paper, date=it.date, page_name=name)


def test_same_name_in_two_papers_is_two_people_who_name_each_other():
    items = [item(1, "菏泽日报", "2023-04-23", ("张慧", "记者")), item(2, "牡丹晚报", "2020-07-24", ("张慧", "通讯员")),
             item(3, "菏泽日报", "2024-11-12", ("张慧", "记者"))]
    people = browse.people(items)
    assert [(p.paper, p.name, p.roles, [i.id for i in p.items]) for p in people] == [
        ("牡丹晚报", "张慧", ("通讯员",), ["id002"]), ("菏泽日报", "张慧", ("记者",), ["id003", "id001"])]
    site = render.render_site(Archive(pages=tuple(page_of(i) for i in items)), URLs())
    html = site["person/hzrb/张慧.html"]
    assert "同名" in html and 'href="../mdwb/%E5%BC%A0%E6%85%A7.html"' in html
    assert html.index("标题3") < html.index("标题1"), "newest first"


def test_issue_pages_hold_a_papers_pages_of_one_day_in_printed_page_order():
    pages = [page_of(item(n, "菏泽日报", "2023-04-23"), name) for n, name in ((1, "A10"), (2, "A2"), (3, None))]
    pages.append(page_of(item(4, "菏泽日报", "2023-04")))              # no full date: no issue
    (issue,) = browse.issues_of(pages, "菏泽日报")
    assert [p.page_name for p in issue.pages] == ["A2", "A10", None]
    assert [p.source for p in browse.undated_pages(pages, "菏泽日报")] == ["004.txt"]


def test_calendar_marks_the_days_with_an_issue():
    issues = [browse.Issue("菏泽日报", "2023-04-23", ())]
    (year,) = browse.calendar_years(issues, URLs())
    (month,) = year["months"]
    days = {day: path for week in month["weeks"] for cell in week if cell for day, path in [cell]}
    assert year["year"] == 2023 and month["month"] == 4 and len(days) == 30
    assert days[23] == "paper/hzrb/2023-04-23.html" and days[22] is None
    assert month["weeks"][0][:5] == [None] * 5                     # 1 April 2023 was a Saturday


def test_highwire_tags_once_each_and_gbt_7714():
    it = item(1, "菏泽日报", "2023-04-23", ("时苏建", "记者"), ("马鹏超", "通讯员"))
    tags = cite.citation_meta(it, page_of(it, "A2 要闻"), URLs(base_url="https://example.org/archive/"))
    assert [n for n, _ in tags] == ["citation_title", "citation_author", "citation_author", "citation_publication_date",
                                    "citation_journal_title", "citation_firstpage", "citation_public_url"]
    assert ("citation_publication_date", "2023/04/23") in tags and ("citation_journal_title", "菏泽日报") in tags
    assert [c for n, c in tags if n == "citation_author"] == ["时苏建", "马鹏超"]
    assert ("citation_firstpage", "A2 要闻") in tags
    assert ("citation_public_url", "https://example.org/archive/a/id001.html") in tags
    assert cite.gbt7714(it, page_of(it, "A2"), URLs()) == "时苏建, 马鹏超. 标题1[N]. 菏泽日报, 2023-04-23(A2). a/id001.html."
    assert not [n for n, _ in cite.citation_meta(item(2, "菏泽日报", "--04-23"), page_of(it), URLs()) if "date" in n]


@pytest.mark.parametrize("detail, shown", [
    ("lines 17+19: …办公面积1000|多平米,离产业更…", "第 17、19 行拼合：…办公面积1000|多平米,离产业更…"),
    ("20 marks shown full-width", "20 个标点显示为全角"),
    ("1 whitespace-only line dropped (line 79)", "删除空白行 1 行（第 79 行）"),
    ("lines 11+13: `市` printed on both sides of the cut; kept once", "第 11、13 行：“市”在断行两侧各印了一次，只保留一处"),
    ("lines 135-137: headline `小手拉大手 节水进校园` printed after its article; moved to the top",
     "第 135—137 行：标题“小手拉大手 节水进校园”原印在文章之后，已移到开头"),
    ("line 5: something new the parser says", "第 5 行"),
    ("a note in a form not known yet", "详见开放数据"),
])
def test_repair_notes_read_in_chinese(detail, shown):
    assert repair_detail(detail) == shown
