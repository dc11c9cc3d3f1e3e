"""The rules are general: seed pages re-encoded, re-ordered or re-laid-out give the same articles."""
from __future__ import annotations

import random

import pytest
from conftest import SEEDS

from generator.model import SourcePage
from generator.parse.pipeline import parse_page
from generator.parse.reading import read_pages


def seed(prefix: str) -> str:
    """Return the text of a seed page."""
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    return path.read_text(encoding="utf-8")


def parse(text: str, name: str = "variant.txt"):
    """Return the parsed page for ``text``."""
    return parse_page(SourcePage(name=name, text=text, encoding="utf-8", sha256="0"))


def summary(page) -> list[tuple]:
    """Return what a reader sees of each item: kind, kicker, title, byline, body, captions."""
    return [(i.kind, i.kicker, i.title, i.subtitle, i.byline, tuple(b.text for b in i.body), i.captions)
            for i in page.items]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("encode", [
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.encode("gb18030"),
    lambda t: t.replace("\n", "\r").encode("utf-8"),
], ids=["crlf", "bom", "gb18030", "cr"])
def test_a_re_encoded_page_gives_the_same_items(tmp_path, prefix, encode):
    (tmp_path / "page.txt").write_bytes(encode(seed(prefix)))
    (source,) = read_pages(tmp_path)
    assert summary(parse_page(source)) == summary(parse(seed(prefix)))


def article_chunks(text: str, page) -> list[str]:
    """Return the page's text cut into one chunk per item (from each item's first line)."""
    lines = text.split("\n")
    starts = [item.lines[0] for item in page.items] + [len(lines) + 1]
    return ["\n".join(lines[a - 1:b - 1]).strip("\n") for a, b in zip(starts, starts[1:])]


@pytest.mark.parametrize("prefix", ["003", "004"])
@pytest.mark.parametrize("order_seed", range(5))
def test_articles_in_another_order_are_found_the_same(prefix, order_seed):
    text = seed(prefix)
    original = parse(text)
    chunks = article_chunks(text, original)
    head, rest = chunks[0], chunks[1:]
    random.Random(order_seed).shuffle(rest)
    shuffled = parse("\n\n\n\n".join([head, *rest]))     # chunks meet at a picture-sized gap
    assert sorted(summary(shuffled), key=repr) == sorted(summary(original), key=repr)


def test_wider_gaps_between_ordinary_blocks_do_not_change_articles_without_pictures():
    text = seed("003").replace("\n\n", "\n\n\n")        # every gap one line wider, still < a picture gap of 3
    assert [i.title for i in parse(text).items] == [i.title for i in parse(seed("003")).items]


CAPTION_BETWEEN = """小标题一 大标题二

本报讯(记者 王五)近日,市里召开工作会议。

会议指出,各部门要抓好落实,扎实推进

\n\n
某某街道组织居民参加消防培训

各项工作任务,确保取得实效。
"""


def test_a_caption_between_halves_on_a_new_page_is_moved():
    (item,) = parse(CAPTION_BETWEEN).items
    assert item.captions == ("某某街道组织居民参加消防培训",)
    assert item.body[-1].text == "会议指出,各部门要抓好落实,扎实推进各项工作任务,确保取得实效。"
    assert [r.kind for r in item.repairs][:2] == ["caption_moved", "join"]


ARTICLE_CREDIT = """某某镇开展志愿服务活动

本报讯(通讯员 李四)近日,某某镇组织志愿者走进社区,开展义诊活动。

活动受到群众欢迎。

通讯员 李四 摄
"""


def test_a_credit_directly_under_an_article_is_the_articles_credit():
    (item,) = parse(ARTICLE_CREDIT).items
    assert item.kind == "article" and item.credit == "通讯员 李四 摄"
    assert [b.text for b in item.body][-1] == "活动受到群众欢迎。"


TWO_BYLINES = """定陶公安分局打击整治网络谣言

本报讯(记者 刘卫国)近日,定陶区举行打击整治网络谣言新闻发布会,通报了网络谣言案件查处情况。

定陶公安分局坚持“以打开路、以打促治”思路,网络秩序持续向好。

马集镇:养老服务更贴心 老人心里更温暖

眼下,天气转凉,在定陶区马集镇梁堂村老年服务中心里却温暖如春。老人们吃着饭、听着戏。

“这是件大好事啊,孩子不在家也能吃上热乎饭。”老人们说。

通讯员 梁绍亭 记者 刘卫国
"""


def test_an_end_byline_turns_the_subheading_above_it_into_a_new_articles_title():
    first, second = parse(TWO_BYLINES).items
    assert first.title == "定陶公安分局打击整治网络谣言" and len(first.body) == 2
    assert second.title == "马集镇:养老服务更贴心 老人心里更温暖" and second.byline == "通讯员 梁绍亭 记者 刘卫国"
    assert [p.name for p in second.authors] == ["梁绍亭", "刘卫国"]


def test_a_late_headline_followed_by_the_next_article_still_goes_to_its_own_article():
    text = seed("000").rstrip("\n") + "\n\n" + "\n\n".join(seed("003").strip("\n").split("\n\n")[:4])
    items = parse(text).items
    late = [i for i in items if i.title == "小手拉大手 节水进校园"]
    assert len(late) == 1 and late[0].body[0].text.startswith("“同学们")
    assert late[0].subtitle == "——东明县水务局大力开展节水宣传活动侧记"
    assert items[-2] is late[0] and items[-1].title == "菏泽开发区亮相山东线上招商会" and items[-1].kicker is None


def test_a_byline_line_and_a_credit_line_above_the_body_open_one_article():
    """Issue 14: `特约记者 姓名` with `通讯员 姓名 摄` on the next line, then the body."""
    page = parse("市区新增三处口袋公园\n\n特约记者 李明\n通讯员 王刚 摄\n\n"
                 "近日,市区新增三处口袋公园,市民休闲又多了好去处。公园内设有健身器材和步道。\n\n"
                 "据了解,今年还将建设更多公园。\n")
    (item,) = page.items
    assert (item.title, item.byline, item.credit) == ("市区新增三处口袋公园", "特约记者 李明", "通讯员 王刚 摄")
    assert [(p.name, p.role) for p in item.authors] == [("李明", "特约记者"), ("王刚", "通讯员")]
    assert len(item.body) == 2


PHOTO_AFTER_SIGNED = """微山湖乡情

李兵

百般惊喜徜徉,眺望追随梦想翱翔,留恋水天辉映的红霞,一任往返辗转,万千气象临摹了湖上的四季。

干杯吧!美丽的梦也是醇香的酒,敞开心扉,淋漓酣畅。有这湖光山色的滋养,就品读出酒中蕴涵的梦想与脊梁。

1月14日,在鲁西新区马岭岗镇后段庄行政村的蔬菜种植基地内,大棚承包户毕保国正组织工人采摘西红柿。

记者 王振宇 摄
"""


def test_a_photo_credit_by_someone_else_after_a_signed_article_closes_an_untitled_photo():
    article, photo = parse(PHOTO_AFTER_SIGNED).items
    assert article.title == "微山湖乡情" and article.byline == "李兵" and article.credit is None
    assert [b.text for b in article.body][-1].startswith("干杯吧")
    assert photo.kind == "photo" and photo.credit == "记者 王振宇 摄" and photo.captions[0].startswith("1月14日")


UNSIGNED_THEN_PLAIN_TITLE = """老旧小区改造进入收尾阶段

目前,全市老旧小区改造工程已完成九成,剩余项目将于月底前完工,居民生活条件明显改善。

城区新建三处口袋公园

昨日,城区三处口袋公园建成开放,周边居民有了休闲的好去处,每天前来散步的市民络绎不绝。

据介绍,公园内设有健身步道和儿童游乐区,夜间还有景观照明,受到周边居民的普遍欢迎。 记者 孙亚飞
"""


def test_a_plain_title_after_an_unsigned_article_starts_the_next_article():
    first, second = parse(UNSIGNED_THEN_PLAIN_TITLE).items
    assert first.title == "老旧小区改造进入收尾阶段" and len(first.body) == 1
    assert second.title == "城区新建三处口袋公园" and second.byline == "记者 孙亚飞" and len(second.body) == 2
