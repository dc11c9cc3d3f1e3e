"""Stage tests of parse_page on the real seed pages: the items a reader would see, and each repair."""
from __future__ import annotations

from functools import lru_cache

import pytest
from conftest import SEEDS

from generator.model import Page, SourcePage
from generator.parse import pipeline
from generator.parse.pipeline import parse_page

# (kind, kicker, title, byline, paragraphs, subheadings, captions) per item, in printed order.
EXPECTED = {
    "000": [
        ("article", "全市一季度工业运行分析会议要求", "以起步即冲刺的姿态推进工业稳进提质", "本报讯(记者 时苏建)", 2, 0, 0),
        ("article", None, "2023“世界地球日”和“爱鸟周”主题宣传活动启动", "本报讯(记者 张慧)", 3, 0, 0),
        ("article", None, "市审计局驻村工作组助推黄河滩区产业发展", "本报讯(通讯员 马鹏超)", 3, 0, 0),
        ("article", None, "威武:规范“属地管理”推动基层社会治理效能", "本报讯(记者 董传周 通讯员 张凯)", 5, 0, 0),
        ("article", None, "曹县卫健局以党建引领优化营商环境建设", "本报讯(记者 王燕 通讯员 王传峰 曹红立)", 6, 0, 0),
        ("article", "打造高规格高品质高起点标杆赛事", "2023“华瑞·华小粮杯”菏泽马拉松赛前各项准备工作有序推进",
         "本报讯(记者 张慧)", 7, 0, 0),
        ("photo", None, "团省委领导到菏泽技师学院调研", None, 0, 0, 1),
        ("article", None, "省内儿科领域知名专家到市中医医院授课", "本报讯(记者 马琳)", 2, 0, 0),
        ("article", None, "定陶区:“创业乡情贷”让创业者跑出“加速度”", "本报讯(通讯员 邵赛娜 邵刚 陈晨)", 5, 0, 0),
        ("article", "永丰街道会盟社区:", "党建引领“网格+”模式全面提升治理效能", "本报讯(记者 李萍)", 3, 0, 0),
        ("article", None, "小手拉大手 节水进校园", "记者 张品", 5, 0, 0),
    ],
    "001": [
        ("article", None, "2020年菏泽高新区“双城同创”攻坚动员大会要求 迅速掀起创城工作新高潮",
         "本报讯(牡丹晚报全媒体记者 武霏)", 6, 0, 1),
        ("article", None, "“打卡”小荷学堂,开展志愿活动", "本报讯(牡丹晚报全媒体记者 武霏)", 6, 0, 2),
        ("article", None, "述职述廉,推动各项工作开展", "本报讯(牡丹晚报全媒体记者 武霏)", 3, 0, 0),
        ("article", None, "菏泽高新区开展防汛备汛工作", "本报讯(牡丹晚报全媒体记者 武霏)", 4, 0, 0),
        ("article", None, "马岭岗镇:多措并举推进创城", "本报讯(牡丹晚报全媒体记者 武霏 通讯员 赵忠宇)", 4, 0, 0),
    ],
    "002": [
        ("article", None, "党建落到实处 发展势头更足", "记者 胡德光", 19, 4, 1),
        ("article", None, "我市开展国际志愿服务志愿者招募活动", "本报讯(记者 胡德光)", 2, 0, 0),
        ("article", None, "牡丹区两志愿服务项目获奖", "本报讯(记者 胡德光)", 3, 0, 0),
        ("article", None, "鄄城:让“暖新”更暖心", "本报讯(记者 胡德光)", 2, 0, 0),
        ("article", "侦办谣言类案件35起 行政处罚33人", "定陶公安分局打击整治网络谣言", "本报讯(记者 刘卫国)", 3, 0, 0),
        ("article", None, "马集镇:养老服务更贴心 老人心里更温暖", "通讯员 梁绍亭 记者 刘卫国", 8, 0, 0),
        ("article", None, "滨河街道整合资源奏响“乡村振兴曲”", "本报讯(通讯员 韩衍鸿)", 5, 0, 0),
        ("photo", None, None, None, 0, 0, 1),
        ("article", None, "同心共建和美乡村", "通讯员 刘天宇", 4, 0, 0),
        ("article", None, "仿山镇开展“一村一场戏”文化惠民活动", "本报讯(通讯员 鞠林昆)", 6, 0, 0),
    ],
    "003": [
        ("article", None, "菏泽开发区亮相山东线上招商会", "本报讯(牡丹晚报全媒体记者 陈力)", 4, 0, 0),
        ("article", None, "动真碰硬,坚决打赢污染防治攻坚战", "本报讯(本报通讯员 崔艺霏)", 3, 0, 0),
        ("article", None, "脱贫攻坚,开发区要啃“硬骨头”", "本报讯(本报通讯员 刘光红)", 4, 0, 0),
        ("article", None, "武寺社区安置房开工建设", "本报讯(本报通讯员 马学民)", 4, 0, 0),
        ("article", None, "党支部领办合作社,让发展红利惠及社区居民", "本报讯(本报通讯员 小锴)", 6, 0, 0),
    ],
    "004": [
        ("article", "嘉祥县", "把指挥部设在园区一线", "本报嘉祥讯(通讯员 王理想 李超)", 6, 0, 0),
        ("article", "嘉祥县", "12支金融辅导队 服务实体经济", "本报嘉祥讯(通讯员 王彪)", 2, 0, 0),
        ("article", "嘉祥县妇联", "“爱心妈妈”暖童心", "本报嘉祥讯(通讯员 孔红丽)", 3, 0, 0),
        ("article", "嘉祥县", "“跨省通办”办好民生实事", "本报嘉祥讯(通讯员 张培龙)", 5, 0, 0),
        ("article", "坚决做好新冠肺炎疫情防控工作", "昼夜坚守防疫一线", "■本报通讯员 付哲", 2, 0, 0),
        ("article", "嘉祥县卫健局", "“暖心”汤剂筑屏障", "本报嘉祥讯(通讯员 吴怀勇)", 2, 0, 0),
        ("article", "嘉祥经开区", "重大项目建设 按下“加速键”", "本报嘉祥讯(通讯员 刘端芳 黄帅)", 3, 0, 0),
        ("article", "老僧堂镇", "点燃“红色引擎” 赋能乡村振兴", "本报嘉祥讯(通讯员 薛霄)", 3, 0, 0),
        ("photo", None, None, None, 0, 0, 1),
        ("article", "深化文明创建 弘扬时代新风", "“五为”志愿服务为幸福加码", "本报嘉祥讯(通讯员 闫海峰)", 6, 0, 0),
        ("article", "嘉祥县", "织密乡村治理“一张网”", "本报嘉祥讯(通讯员 张广潭)", 4, 0, 0),
    ],
}


@lru_cache(maxsize=None)
def page(prefix: str) -> Page:
    """Return the parsed seed page whose name starts with ``prefix``."""
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    return parse_page(SourcePage(name=path.name, text=path.read_text(encoding="utf-8"), encoding="utf-8", sha256="0"))


def item_titled(prefix: str, title: str):
    """Return the item of a seed page with this title."""
    (item,) = [i for i in page(prefix).items if i.title == title]
    return item


def paragraphs(item) -> list[str]:
    """Return the paragraph texts of an item."""
    return [b.text for b in item.body if b.type == "paragraph"]


def repairs(item, kind: str):
    """Return the item's repairs of one kind."""
    return [r for r in item.repairs if r.kind == kind]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_seed_page_is_split_into_the_printed_items(prefix):
    got = [(i.kind, i.kicker, i.title, i.byline, sum(b.type == "paragraph" for b in i.body),
            sum(b.type == "subheading" for b in i.body), len(i.captions)) for i in page(prefix).items]
    assert got == EXPECTED[prefix]
    assert [i.position for i in page(prefix).items] == list(range(1, len(got) + 1))


@pytest.mark.parametrize("prefix, title, joined", [
    ("000", "以起步即冲刺的姿态推进工业稳进提质", "精准补短,以起步即冲刺的姿态推进工业稳进提质。要发挥"),
    ("000", "2023“华瑞·华小粮杯”菏泽马拉松赛前各项准备工作有序推进", "沿途医疗服务志愿者团队,有效处理突发事件。"),
    ("001", "“打卡”小荷学堂,开展志愿活动", "山东理工大学的6名大学生,在吕陵镇寨庄行政村"),
    ("001", "“打卡”小荷学堂,开展志愿活动", "进行为期两周的社会实践活动,"),
    ("001", "菏泽高新区开展防汛备汛工作", "郭保存指出,当前我区已经进入主汛期,"),
    ("003", "菏泽开发区亮相山东线上招商会", "副市长王卫东,就有序开展5G新基建建设"),
    ("003", "动真碰硬,坚决打赢污染防治攻坚战", "保护生态资源作为增进民生福祉的好事实事去办"),
    ("003", "动真碰硬,坚决打赢污染防治攻坚战", "坚决不折不扣完成好生态文明建设的各项目标任务。"),
    ("003", "党支部领办合作社,让发展红利惠及社区居民", "岳程街道办郝庄社区为推进合作社创建,党支部积极行动"),
    ("004", "“五为”志愿服务为幸福加码", "为需要心理疏导和情感慰藉群体服务,培育自信向上的健康心态。"),
])
def test_paragraphs_cut_by_column_breaks_are_rejoined(prefix, title, joined):
    item = item_titled(prefix, title)
    assert any(joined in p for p in paragraphs(item))
    assert repairs(item, "join")


def test_a_paragraph_in_three_pieces_is_one_paragraph_with_two_joins():
    item = item_titled("003", "动真碰硬,坚决打赢污染防治攻坚战")
    (whole,) = [p for p in paragraphs(item) if p.startswith("菏泽开发区党委书记")]
    assert whole.endswith("建设的各项目标任务。")
    assert [r.detail.split(":")[0] for r in repairs(item, "join")] == ["lines 23+25", "lines 25+27"]


def test_a_short_paragraph_ending_in_a_full_stop_stays_a_paragraph():
    assert paragraphs(item_titled("003", "武寺社区安置房开工建设"))[-1] == "预计今年底将完成主体工程。"


def test_a_caption_between_two_halves_is_moved_out_and_the_paragraph_rejoined():
    item = item_titled("002", "党建落到实处 发展势头更足")
    assert "日前,市文化和旅游局组织召开了社会组织委员会成立选举党员大会。" in " ".join(paragraphs(item))
    assert item.captions == ("近日,鲁西新区岳程街道商会党支部组织会员企业参加消防培训",)
    (moved,) = repairs(item, "caption_moved")
    assert "line 27" in moved.detail


@pytest.mark.parametrize("prefix, start, keeper", [
    ("000", "“网格+居民自治”,协商议事促和谐", "党建引领“网格+”模式全面提升治理效能"),
    ("001", "会议要求,要抓好改革创新", "述职述廉,推动各项工作开展"),
])
def test_a_duplicated_paragraph_is_kept_once_in_the_article_it_belongs_to(prefix, start, keeper):
    holders = [i.title for i in page(prefix).items for p in paragraphs(i) if p.startswith(start)]
    assert holders == [keeper]
    (removal,) = [r for i in page(prefix).items for r in repairs(i, "duplicate_removed")]
    assert removal.removed.startswith(start) and keeper in removal.detail


def test_an_overlap_at_a_cut_is_removed_once_and_recorded():
    item = item_titled("003", "菏泽开发区亮相山东线上招商会")
    assert any("在5G智慧城市、城市安全、交通枢纽建设" in p for p in paragraphs(item))
    assert [r.removed for r in repairs(item, "overlap_removed")] == ["市"]


def test_a_title_printed_after_its_article_is_moved_onto_it():
    last = page("000").items[-1]
    assert (last.title, last.subtitle) == ("小手拉大手 节水进校园", "——东明县水务局大力开展节水宣传活动侧记")
    assert paragraphs(last)[0].startswith("“同学们,你们知道自来水")
    assert repairs(last, "title_moved")
    previous = page("000").items[-2]
    assert paragraphs(previous)[-1].startswith("“网格+居民自治”")


def test_a_page_banner_is_not_an_article_headline():
    assert page("004").banner == "助企攀登 推进制造强市建设"
    assert all(page(p).banner is None for p in ("000", "001", "002", "003"))


def test_in_article_subheadings_only_where_printed():
    subheadings = [b.text for b in page("002").items[0].body if b.type == "subheading"]
    assert subheadings == ["开展党建攻坚 激活“红色引擎”", "理顺管理体制 强化红色引领",
                           "党建指导员 激发党建工作活力", "畅通沟通渠道 凝聚新力量"]
    assert not [b for p in ("000", "001", "003", "004") for i in page(p).items for b in i.body if b.type == "subheading"]


@pytest.mark.parametrize("prefix, title, caption, credit, people", [
    ("000", "团省委领导到菏泽技师学院调研", "4月20日,团省委副书记林燕(左二)", "记者 付凤臣摄", [("付凤臣", "记者")]),
    ("002", None, "11月11日,定陶区滨河街道联合", "通讯员 刘青青 摄", [("刘青青", "通讯员")]),
    ("004", None, "5月17日济宁市2022年二季度", "■通讯员 赵九龙 李安敬 摄", [("赵九龙", "通讯员"), ("李安敬", "通讯员")]),
])
def test_photo_items_have_caption_and_credit(prefix, title, caption, credit, people):
    (photo,) = [i for i in page(prefix).items if i.kind == "photo"]
    assert photo.title == title and photo.credit == credit and not photo.body
    assert photo.captions[0].startswith(caption)
    assert [(p.name, p.role) for p in photo.authors] == people


def test_captions_of_photos_near_headlines():
    first, second = page("001").items[:2]
    assert first.captions == ("会议现场",)
    assert second.captions == ("高新区党群工作部联合区总工会,到小荷学堂慰问捐赠", "山东理工大学学生在小荷学堂开展志愿活动")


@pytest.mark.parametrize("prefix, title, people", [
    ("000", "威武:规范“属地管理”推动基层社会治理效能", [("董传周", "记者"), ("张凯", "通讯员")]),
    ("000", "小手拉大手 节水进校园", [("张品", "记者")]),
    ("002", "马集镇:养老服务更贴心 老人心里更温暖", [("梁绍亭", "通讯员"), ("刘卫国", "记者")]),
    ("002", "党建落到实处 发展势头更足", [("胡德光", "记者")]),
    ("004", "昼夜坚守防疫一线", [("付哲", "通讯员")]),
    ("001", "马岭岗镇:多措并举推进创城", [("武霏", "全媒体记者"), ("赵忠宇", "通讯员")]),   # role as printed
])
def test_people_named_in_bylines_are_recorded_with_roles(prefix, title, people):
    assert [(p.name, p.role) for p in item_titled(prefix, title).authors] == people


def test_bylines_are_not_left_in_the_body():
    for prefix in EXPECTED:
        for item in page(prefix).items:
            for text in paragraphs(item):
                assert "本报讯(" not in text and "嘉祥讯(" not in text and not text.startswith(" ")
                assert not text.endswith(("记者 张品", "记者 胡德光", "通讯员 刘天宇"))


def test_stray_space_after_a_byline_goes_and_is_recorded():
    item = item_titled("001", "2020年菏泽高新区“双城同创”攻坚动员大会要求 迅速掀起创城工作新高潮")
    assert paragraphs(item)[0].startswith("7月24日,2020年菏泽高新区")
    assert [r.detail for r in repairs(item, "whitespace")] == ["1 stray space dropped"]


def test_typography_is_counted_but_text_keeps_ascii_punctuation():
    item = page("000").items[0]
    (typography,) = repairs(item, "typography")
    assert typography.detail.endswith("marks shown full-width") and int(typography.detail.split()[0]) > 10
    assert "4月23日下午,全市" in paragraphs(item)[0]


def test_whitespace_only_lines_are_dropped_and_recorded_on_the_page():
    assert [r.detail for r in page("002").repairs] == ["1 whitespace-only line dropped (line 79)"]


def test_every_non_blank_source_line_belongs_to_an_item_or_the_banner():
    for prefix in EXPECTED:
        parsed = page(prefix)
        used = {n for item in parsed.items for n in item.lines}
        lines = parsed.raw.split("\n")
        non_blank = {n for n, line in enumerate(lines, 1) if line.strip()}
        banner_lines = {n for n in non_blank if parsed.banner and lines[n - 1].strip() == parsed.banner}
        assert non_blank - banner_lines == used


def test_parsing_is_deterministic():
    (path,) = SEEDS.glob("000*.txt")
    source = SourcePage(name=path.name, text=path.read_text(encoding="utf-8"), encoding="utf-8", sha256="0")
    assert parse_page(source) == parse_page(source)


def test_seed_pages_parse_without_warnings():
    assert not [w for prefix in EXPECTED for w in page(prefix).warnings]


def test_the_review_command_prints_items(capsys):
    (path,) = SEEDS.glob("004*.txt")
    assert pipeline.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "banner `助企攀登 推进制造强市建设`" in out and "kicker: '嘉祥县妇联'" in out


def test_parsing_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys
    script = ("import hashlib; from pathlib import Path; from generator.parse.reading import read_pages; "
              "from generator.parse.pipeline import parse_page; "
              "print(hashlib.sha256(repr([parse_page(s) for s in read_pages(Path(sys.argv[1]))]).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", "import sys; " + script, str(SEEDS)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_a_paragraph_read_as_a_caption_keeps_its_closing_byline():
    """000's `…提供有力支撑。 记者 张品` above a photo credit becomes a caption; the reporter is not lost."""
    text = ("通过节水宣传进校园活动,进一步激发了学生节约用水资源、保护水生态的积极性和责任感,有效推动了“爱水、"
            "惜水、护水”理念走进群众日常生活,为促进东明县水务事业高质量发展提供有力支撑。 记者 张品\n"
            "■通讯员 赵九龙 李安敬 摄\n")
    (item,) = parse_page(SourcePage(name="x.txt", text=text, encoding="utf-8", sha256="")).items
    assert item.captions and item.captions[0].endswith("提供有力支撑。")
    assert item.byline == "记者 张品" and ("张品", "记者") in [(p.name, p.role) for p in item.authors]


def test_every_segmentation_decision_carries_a_confidence():
    """Joins, moved captions, removed duplicates and every item say how sure they are (0..1)."""
    for prefix in sorted(EXPECTED):
        for item in page(prefix).items:
            assert item.confidence is not None and 0.0 <= item.confidence <= 1.0
            for repair in item.repairs:
                if repair.kind in ("join", "caption_moved", "duplicate_removed", "overlap_removed"):
                    assert repair.confidence is not None and 0.0 <= repair.confidence <= 1.0
                else:
                    assert repair.confidence is None


def test_a_plain_cut_is_joined_with_more_confidence_than_a_toss_up():
    item = item_titled("003", "动真碰硬,坚决打赢污染防治攻坚战")
    assert all(r.confidence > 0.9 for r in repairs(item, "join"))
