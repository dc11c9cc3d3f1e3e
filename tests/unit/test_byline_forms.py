"""Issue 14's list of other papers' byline forms: each parses into its authors with their roles as
printed, wherever the page prints it: on its own line under the title, on its own line after the
body, glued to the last sentence, and (forms that open with a dateline) at the head of the lead."""
from __future__ import annotations

import pytest

from generator.model import SourcePage
from generator.parse.pipeline import parse_page

TITLE = "城区新建三处口袋公园"
BODY = ["近日,城区三处口袋公园建成开放,周边居民有了休闲的好去处。",
        "据介绍,公园内设有健身步道和儿童游乐区,夜间还有景观照明。"]
OTHER_TITLE = "老旧小区改造进入收尾阶段"
OTHER_BODY = "目前,全市老旧小区改造工程已完成九成,剩余项目将于月底前完工。 记者 赵德高"

# (byline as printed, [(name, role)], whether a photo credit: `摄` ends it)
FORMS = [
    ("(孙亚飞)", [("孙亚飞", "")]),
    ("(孙亚飞 郑春燕)", [("孙亚飞", ""), ("郑春燕", "")]),
    ("■孙亚飞", [("孙亚飞", "")]),
    ("□全媒体记者 孙亚飞 文/图", [("孙亚飞", "全媒体记者")]),
    ("● 本报记者 孙亚飞", [("孙亚飞", "记者")]),
    ("记者孙亚飞通讯员郑春燕", [("孙亚飞", "记者"), ("郑春燕", "通讯员")]),
    ("(潍坊晚报首席记者 孙亚飞 文/摄)", [("孙亚飞", "首席记者")]),
    ("潍坊日报社全媒体记者 孙亚飞", [("孙亚飞", "全媒体记者")]),
    ("特约记者 孙亚飞\n通讯员 郑春燕 摄", [("孙亚飞", "特约记者"), ("郑春燕", "通讯员")]),
    # forms the graded evidence reads (not in the closed list)
    ("文/孙亚飞", [("孙亚飞", "")]),
    ("记者:孙亚飞 通讯员:郑春燕", [("孙亚飞", "记者"), ("郑春燕", "通讯员")]),
    ("记者 孙亚飞 实习生 郑春燕", [("孙亚飞", "记者"), ("郑春燕", "实习生")]),
    ("本报记者 孙亚飞/文 郑春燕/图", [("孙亚飞", "记者"), ("郑春燕", "记者")]),
    ("孙亚飞 文/图", [("孙亚飞", "")]),
    ("(据新华社电)", []),                      # a source credit names no one
    # names transcribed with a middle dot, longer than four characters
    ("(记者 阿不都热合曼·买买提)", [("阿不都热合曼·买买提", "记者")]),
    ("记者 阿依古丽·吐尔逊", [("阿依古丽·吐尔逊", "记者")]),
    # a form not understood (an office that is no name) is kept verbatim as the byline
    ("(通讯员 县融媒体中心宣传科)", []),
    ("(通讯员 潍坊市寒亭区融媒体中心宣传科 孙亚飞)", [("孙亚飞", "通讯员")]),
]

# Forms that open the lead: (dateline and byline, [(name, role)])
LEAD_FORMS = [
    ("本报讯 记者孙亚飞、通讯员郑春燕报道", [("孙亚飞", "记者"), ("郑春燕", "通讯员")]),
    ("齐鲁网讯(大众日报记者 孙亚飞)", [("孙亚飞", "记者")]),
    ("晚报讯 (记者 孙亚飞 摄影报道)", [("孙亚飞", "记者")]),
    ("本报讯记者孙亚飞报道", [("孙亚飞", "记者")]),              # the people glued to the dateline
    ("【本报讯】记者孙亚飞、通讯员郑春燕报道", [("孙亚飞", "记者"), ("郑春燕", "通讯员")]),
    ("(记者 孙亚飞)", [("孙亚飞", "记者")]),                      # brackets with no dateline before them
]


def _parse(lines: list[str]):
    """Return the items of a page printed from ``lines`` (blank line between blocks)."""
    text = "\n\n".join(lines) + "\n"
    return parse_page(SourcePage(name="t.txt", text=text, encoding="utf-8", sha256="0")).items


def _printed(item) -> str:
    """Return the item's byline and credit as printed, one per line."""
    return "\n".join(part for part in (item.byline, item.credit) if part)


def _people(item) -> list[tuple[str, str]]:
    return [(p.name, p.role) for p in item.authors]


def _check(items, byline: str, people: list[tuple[str, str]], glued: bool = False) -> None:
    assert [i.title for i in items] == [TITLE, OTHER_TITLE]
    first = items[0]
    assert "".join(_printed(first).split()) == "".join(byline.split())
    assert _people(first) == people
    assert first.body_texts()[0] == BODY[0]
    assert first.body_texts()[-1].startswith(BODY[-1]) if glued else first.body_texts()[-1] == BODY[-1]


@pytest.mark.parametrize("byline, people", FORMS)
def test_a_byline_line_under_the_title(byline, people):
    _check(_parse([TITLE, byline, *BODY, OTHER_TITLE, OTHER_BODY]), byline, people)


@pytest.mark.parametrize("byline, people", FORMS)
def test_a_byline_line_after_the_body(byline, people):
    _check(_parse([TITLE, *BODY, byline, OTHER_TITLE, OTHER_BODY]), byline, people)


@pytest.mark.parametrize("byline, people", [f for f in FORMS if "\n" not in f[0]])
def test_a_byline_glued_to_the_last_sentence(byline, people):
    for glue in ("", " "):
        _check(_parse([TITLE, BODY[0], BODY[1] + glue + byline, OTHER_TITLE, OTHER_BODY]), byline, people,
               glued=True)


@pytest.mark.parametrize("byline, people", LEAD_FORMS)
def test_a_byline_opening_the_lead(byline, people):
    """Corpus and issue 14 forms; a bracketed aside that names no one stays text (next test)."""
    items = _parse([TITLE, byline + BODY[0], BODY[1], OTHER_TITLE, OTHER_BODY])
    assert [i.title for i in items] == [TITLE, OTHER_TITLE]
    assert "".join(items[0].byline.split()) == "".join(byline.split())
    assert _people(items[0]) == people


@pytest.mark.parametrize("lines, people", [
    (["■ 记者 吴永生", "实习生 王少锋"], [("吴永生", "记者"), ("王少锋", "实习生")]),   # corpus README's example
    (["本报记者 孙亚飞", "通讯员 郑春燕"], [("孙亚飞", "记者"), ("郑春燕", "通讯员")]),
])
def test_a_byline_printed_on_two_lines_under_the_title(lines, people):
    for glue in ("\n", "\n\n"):
        items = _parse([TITLE, glue.join(lines), *BODY, OTHER_TITLE, OTHER_BODY])
        _check(items, "\n".join(lines), people)
        assert items[0].byline == "\n".join(lines)


def test_a_column_label_after_a_signed_article_opens_the_next_one():
    """Corpus, TUNE (合肥晚报 then 兰州晨报): `…37.9毫米。(金沙)` / `记者直击` / the next title."""
    items = _parse([TITLE, BODY[0], BODY[1] + "(金沙)", "记者直击", OTHER_TITLE, OTHER_BODY])
    assert [(i.kicker, i.title) for i in items] == [(None, TITLE), ("记者直击", OTHER_TITLE)]
    assert items[0].byline == "(金沙)" and _people(items[0]) == [("金沙", "")]


def test_a_dateline_on_its_own_line_is_the_byline():
    """Corpus, TUNE (成都晚报): `贵阳民工感谢成都` / `四川新闻网-成都晚报讯` / `昨晚7时30分,…`."""
    items = _parse([TITLE, "四川新闻网-成都晚报讯", *BODY, OTHER_TITLE, OTHER_BODY])
    assert [i.title for i in items] == [TITLE, OTHER_TITLE]
    assert items[0].byline == "四川新闻网-成都晚报讯" and items[0].authors == ()
    assert list(items[0].body_texts()) == BODY


def test_a_bare_name_over_the_cut_head_of_the_lead_is_the_byline():
    """Corpus, TUNE (济宁日报): `微山湖乡情` / `李兵` / a lead cut after its first words. The name is
    labelled a lead byline together with the cut (not the title, not glued to the lead)."""
    lead = "百般惊喜徜徉,眺望追随梦想翱翔,留恋水天辉映的红霞,一任往返辗转,万千气象临摹了筑梦的前方。"
    items = _parse(["微山湖乡情", "李兵", lead[:6], lead[6:], BODY[1], OTHER_TITLE, OTHER_BODY])
    assert [(i.kicker, i.title) for i in items] == [(None, "微山湖乡情"), (None, OTHER_TITLE)]
    assert items[0].byline == "李兵" and _people(items[0]) == [("李兵", "")]
    assert list(items[0].body_texts()) == [lead, BODY[1]]


def test_a_reporter_whose_surname_the_list_lacks_is_still_the_byline_under_the_title():
    """`记者 亓辉` (亓 is a Shandong surname missing from ``SURNAMES``) reads like `记者直击`; under a
    title and over the lead the labelling makes it the byline, not a second headline line."""
    items = _parse([TITLE, "记者 亓辉", *BODY, OTHER_TITLE, OTHER_BODY])
    _check(items, "记者 亓辉", [("亓辉", "记者")])
    assert items[0].kicker is None


def test_a_name_shaped_line_inside_an_article_stays_text():
    """A short line of a name's shape between two paragraphs of one article is no byline."""
    items = _parse([TITLE, BODY[0], "李兵", BODY[1], OTHER_TITLE, OTHER_BODY])
    assert [i.title for i in items] == [TITLE, OTHER_TITLE]
    assert items[0].byline is None


def test_a_note_over_an_end_byline_line_closes_the_article():
    """Corpus, TUNE (兰州晨报): `…清理垃圾。` / `(报料人:张女士 奖励10元)` / `文/图 兰州晨报记者 窦阳`;
    the note is no headline, so the byline under it is the article's end byline, not a new article's."""
    items = _parse([TITLE, *BODY, "(报料人:张女士 奖励10元)", "文/图 兰州晨报记者 窦阳", OTHER_TITLE, OTHER_BODY])
    assert [i.title for i in items] == [TITLE, OTHER_TITLE]
    assert items[0].byline == "文/图 兰州晨报记者 窦阳" and _people(items[0]) == [("窦阳", "记者")]
    assert items[0].body_texts()[-1] == "(报料人:张女士 奖励10元)"


def test_a_lead_cut_after_its_dateline_under_a_byline_line_is_rejoined():
    """Corpus, TUNE (郑州晚报): `■周炜卿` / `本报讯 本报报道了巩义市涉村镇北庄` / `村为摆脱…`: the short
    head is the lead, not a headline or a subheading, and is joined to the rest of its sentence."""
    head, tail = "本报讯 本报报道了巩义市涉村镇北庄", "村为摆脱世世代代吃水难的困境,村民在艰难困苦的条件下,开山凿洞引水的事迹后,在社会上引起强烈反响。"
    items = _parse(["4名大学生骑车来到北庄村", "■周炜卿", head, tail, BODY[1], OTHER_TITLE, OTHER_BODY])
    assert [i.title for i in items] == ["4名大学生骑车来到北庄村", OTHER_TITLE]
    assert items[0].byline == "■周炜卿"
    assert list(items[0].body_texts()) == ["本报讯本报报道了巩义市涉村镇北庄" + tail, BODY[1]]   # the stray space dropped


def test_a_bracketed_aside_opening_a_paragraph_is_no_byline():
    items = _parse([TITLE, "(记者了解到,公园将于明日开放)" + BODY[0], BODY[1], OTHER_TITLE, OTHER_BODY])
    assert items[0].byline is None
    assert items[0].body_texts()[0].startswith("(记者了解到")


def test_the_start_byline_printed_again_at_the_end_is_one_signature():
    """Corpus README: an item prints its author under the title and again at the end of its last
    paragraph. One article, signed once; the repeat stays in the paragraph as printed."""
    items = _parse([TITLE, "■记者 孙亚飞", BODY[0], BODY[1] + "(孙亚飞)", OTHER_TITLE, OTHER_BODY])
    assert [i.title for i in items] == [TITLE, OTHER_TITLE]
    assert items[0].byline == "■记者 孙亚飞" and _people(items[0]) == [("孙亚飞", "记者")]
    assert list(items[0].body_texts()) == [BODY[0], BODY[1] + "(孙亚飞)"]
