"""Table-driven tests of the pipeline's composed decisions, on real seed blocks."""
from __future__ import annotations

import pytest

from generator.parse.blocks import Block
from generator.parse.items import heading_roles
from generator.parse.labels import viterbi

JOIN, CAPTION = "join", "caption"


def block(text: str, gap: int = 1, kind: str = "text") -> Block:
    """Return a block as the pipeline sees it, ``gap`` blank lines below the previous one."""
    return Block(lines=[1], text=text, gap_before=gap, kind=kind)


@pytest.mark.parametrize("current, following, gap, after_next, verdict", [
    ("王昌华要求,各县区各有关部门要进一步认清形势,坚定信心,要挖潜增效,精准补短,以起步即冲",
     "刺的姿态推进工业稳进提质。要发挥重点县区支柱作用。", 1, None, JOIN),
    ("郭保存指出,当前我区已经", "进入主汛期,全区上下要时刻绷紧安全度汛这根弦。", 1, None, JOIN),
    ("同样前来服务的还有山东理工大学的6名大学", "生,在吕陵镇寨庄行政村,志愿者们为60余名小学生开展暑期活动。", 1, None, JOIN),
    ("岳程街道办郝庄社区为推进", "合作社创建,党支部积极行动,统筹协调,整合资源,成立了郝庄蔬菜种植农民专业合作社。", 1, None, JOIN),
    ("为需要心理疏导和情感慰藉", "群体服务,培育自信向上的健康心态。从“心”出发,呵护心灵健康。", 1, None, JOIN),
    ("日前,市文化和旅游局组织召开了", "近日,鲁西新区岳程街道商会党支部组织会员企业参加消防培训", 3,
     "社会组织委员会成立选举党员大会。", CAPTION),
    ("开展党建攻坚 激活“红色引擎”", "今年8月,菏泽在全市范围内启动实施了乡镇(街道)商会党组织和党的工作“集中覆盖月”活动。",
     1, None, None),
    ("预计今年底将完成主体工程。", "党支部领办合作社,让发展红利惠及社区居民", 1, None, None),
    ("菏泽开发区亮相山东线上招商会", "会议现场", 3, None, None),
])
def test_whether_a_block_continues_in_the_next(current, following, gap, after_next, verdict):
    blocks = [block(current), block(following, gap)] + ([block(after_next)] if after_next else [])
    labels, margins = viterbi(blocks)
    got = JOIN if labels[1] == "C" else CAPTION if labels[1] == "X" and labels[2] == "C" else None
    assert got == verdict
    if verdict:
        assert margins[1] > 0      # a join or caption is chosen over every labelling without it


def test_a_byline_paragraph_is_never_glued_to_the_line_above():
    title = block("述职述廉,推动各项工作开展")
    opening = block("7月21日,菏泽高新区党工委书记郭保存主持召开全区2020年上半年述职述廉会议。")
    opening.byline = "本报讯(牡丹晚报全媒体记者 武霏)"
    assert viterbi([title, opening])[0] == ["H", "L"]


@pytest.mark.parametrize("lines, top, expected", [
    ([("会议现场", 3), ("“打卡”小荷学堂,开展志愿活动", 1), ("高新区党群工作部联合区总工会,到小荷学堂慰问捐赠", 3),
      ("山东理工大学学生在小荷学堂开展志愿活动", 3)], False,
     (None, None, "“打卡”小荷学堂,开展志愿活动", ["会议现场"],
      ["高新区党群工作部联合区总工会,到小荷学堂慰问捐赠", "山东理工大学学生在小荷学堂开展志愿活动"])),
    ([("助企攀登 推进制造强市建设", 2), ("嘉祥县", 1), ("把指挥部设在园区一线", 1)], True,
     ("助企攀登 推进制造强市建设", "嘉祥县", "把指挥部设在园区一线", [], [])),
    ([("全市一季度工业运行分析会议要求", 2), ("以起步即冲刺的姿态推进工业稳进提质", 1)], True,
     (None, "全市一季度工业运行分析会议要求", "以起步即冲刺的姿态推进工业稳进提质", [], [])),
    ([("侦办谣言类案件35起 行政处罚33人", 3), ("定陶公安分局打击整治网络谣言", 1)], False,
     (None, "侦办谣言类案件35起 行政处罚33人", "定陶公安分局打击整治网络谣言", [], [])),
])
def test_roles_in_a_run_of_headline_lines(lines, top, expected):
    group = [block(text, gap, kind="heading") for text, gap in lines]
    for number, heading in enumerate(group, 1):
        heading.lines = [number]
    roles = heading_roles(group, at_page_top=top)
    assert (roles.banner, roles.kicker, roles.title, roles.captions_before, roles.captions_after) == expected


@pytest.mark.parametrize("margin, expected", [(0.0, 0.5), (float("inf"), 1.0), (50.0, 1.0), (-50.0, 0.0)])
def test_confidence_is_the_logistic_of_the_margin(margin, expected):
    from generator.parse.labels import confidence
    assert confidence(margin) == expected


def test_more_evidence_gives_more_confidence():
    from generator.parse.labels import confidence
    assert confidence(0.5) < confidence(2.0) < confidence(6.0) < 1.0


@pytest.mark.parametrize("before, after, continues", [
    ("黄石消防队员火中救出汪星人", "19日下午,黄石市下陆区安达路一餐厅厨房起火,所幸当时餐厅用餐的人不多。", False),
    ("以棺代椅", "都安瑶族自治县九渡乡九天小学加伦教学点,由于新校舍迟迟未能建起来。", False),
    ("岳程街道办郝庄社区为推进", "合作社创建,党支部积极行动。", True),           # 003: a dangling 为推进
    ("为需要心理疏导和情感慰藉", "群体服务,培育自信向上的健康心态。", True),     # 004: a short first clause
    ("山东理工大学的6名大学", "生,在吕陵镇寨庄行政村进行为期两周的社会实践活动。", True),
])
def test_title_over_a_lead_is_weighed_against_a_cut_head(before, after, continues):
    assert (viterbi([block(before), block(after)])[0][1] == "C") == continues


def test_an_untitled_paragraph_closed_by_a_photo_credit_is_a_photo():
    from generator.parse.items import Draft, Entry, mark_untitled_photos
    photo = Draft(body=[Entry("paragraph", "满足市场需求。", [3])], end_byline="记者 李保珠 摄")
    article = Draft(title="改善人居环境为创城添彩", body=[Entry("paragraph", "市开发区加快建设。", [5])],
                    end_byline="记者 李保珠 摄")
    untitled = Draft(body=[Entry("paragraph", "杏农们深挖井。", [7])], end_byline="(高发芳)")
    mark_untitled_photos([photo, article, untitled])
    assert (photo.kind, photo.captions, photo.body, photo.credit) == ("photo", ["满足市场需求。"], [], "记者 李保珠 摄")
    assert (article.kind, untitled.kind) == ("article", "article")


def test_a_note_above_a_byline_line_is_no_headline_and_the_byline_ends_the_article():
    """兰州晨报 (corpus, TUNE): the tip-off note and the byline under it close the story above; the note
    was read as the next article's headline and the byline as that article's start byline."""
    from generator.parse.blocks import classify, mark_headings
    blocks = [block("部门答复:记者将此事反映给了土门墩街道办,工作人员表示将会尽快派人清理垃圾。"),
              block("(报料人:张女士 奖励10元)"), block("文/图 兰州晨报记者 窦阳", 2),
              block("22日早8时,记者再次来到世丰园小区,新安的大铁门格外醒目,周围的栏杆是新刷的油漆。", 3)]
    classify(blocks)
    mark_headings(blocks)
    assert [b.kind for b in blocks] == ["text", "text", "byline", "text"]
    assert viterbi(blocks)[0][1] == "P"


def test_a_caption_opening_with_its_date_between_the_halves_of_a_cut_head():
    """Corpus, TUNE (镇江日报 with a 沈阳晚报 photo caption): the short head `牌湾社区负责人`, a caption after
    three blank lines, then the rest `介绍,…`: the head was read as a headline and the caption as its lead."""
    blocks = [block("朱方花苑小区位于朱方路72号与六普机械厂之间的小巷子内,于2000年建成,有居民楼24幢。"),
              block("牌湾社区负责人"),
              block("8月2日,家住和平区胜利南街45巷的张先生向记者反映,在其居住的楼下有几个下水道堵塞", 3),
              block("介绍,社区一直把真情服务落实到细微工作中,今年还先后帮助社区辖区内居民修剪了危树。")]
    assert viterbi(blocks)[0] == ["P", "P", "X", "C"]


def test_a_short_question_after_a_signed_article_is_the_next_title():
    """Corpus, TUNE (沈阳晚报): `向工社区:居住区?商业区?` ends like a sentence but is a title."""
    lead = block("昨晚7时,天河立交桥下地面上突然冒出大量的水,行人只能卷起裤角趟水而过。")
    lead.byline = "晚报讯 (记者 何华高 摄影报道)"
    blocks = [lead, block("向工社区:居住区?商业区?"),
              block("好端端的绿地被改成蹦床乐园,新栽的小树林里支起铁皮亭子……皇姑区向工社区,怎一“乱”字了得!")]
    assert viterbi(blocks)[0] == ["L", "H", "P"]


def test_a_jump_line_closes_its_article():
    """Corpus, TUNE (深圳特区报): `更多报道见A6版` ends the article; the paragraph under it is not its rest."""
    blocks = [block("我们的热线电话是83511111。"), block("更多报道见A6版"),
              block("牌湾社区负责人介绍,社区一直把真情服务落实到细微工作中。")]
    assert viterbi(blocks)[0][2] != "C"


@pytest.mark.parametrize("before, after, joined", [
    ("记者在电梯旁看到", "一张没有署名的告示:由于27层的人员取水时,从消防栓开启,未关闭消防栓阀门。", True),   # a verb of seeing
    ("“起火了!起火了!”昨日晚上1", "0:50左右,明湖小区东3区5号楼一单元的楼道内突燃大火。", True),          # a number cut
    ("“的哥”拾金不昧乘客“跨年”找回遗失钱包", "春节前,市民贾先生乘坐出租车时,不慎将钱包遗落在出租车上。", False),  # a lead's time
    ("西曹村:创卫靓村树人", "在西曹村,每位村民都知道村头的那棵百年大树,更是村民的精神图腾。", False),         # a lead's place
])
def test_what_binds_a_short_line_to_the_next_block(before, after, joined):
    """Corpus, TUNE: the rest of a sentence cut after a verb or inside a number is joined; a title over a
    lead opening with its time or place (`春节前,`, `在西曹村,`) is not (it read as a short first clause)."""
    signed = block("临沂市近日调整合并减少行政村2429个,占原有行政村总数的25.4%。")
    signed.byline = "本报临沂2月28日讯"
    assert (viterbi([signed, block(before), block(after)])[0][2] == "C") == joined


def test_a_title_that_shares_no_words_with_the_unsigned_story_above_starts_the_next_article():
    """Corpus, TUNE: `500年古村旧貌换新颜` under an unsigned story about 黄山路's market (no byline to close
    it) was read as the head of a paragraph; a subheading would go on with the story's words."""
    blocks = [block("昨天,记者接到读者反映,位于皇姑区黄山路的早市每天一撤走,整条马路的卫生环境就特别恶劣。"),
              block("有时候到中午地面上还有垃圾,给行人带来很多不便。连周围水果店也很自然地把垃圾往外扔。"),
              block("500年古村旧貌换新颜"), block("西曹村:创卫靓村树人"),
              block("在西曹村,每位村民都知道村头的那棵百年大树,更是村民的精神图腾。")]
    assert viterbi(blocks)[0] == ["P", "P", "H", "H", "P"]


@pytest.mark.parametrize("above, below, low", [
    ("昨天,记者接到读者反映,位于皇姑区黄山路的早市每天一撤走。", "500年古村旧貌换新颜在西曹村,每位村民都知道村头的那棵百年大树。", True),
    ("好端端的绿地被改成蹦床乐园,皇姑区向工社区,怎一“乱”字了得!", "小贩封堵小区大门向工社区南门附近,有一排新栽的小树林。", False),
])
def test_cohesion_of_a_short_line_with_the_story_above(above, below, low):
    from generator.parse import rules
    assert (rules.cohesion(above, below) < rules.COHESION_LOW) == low


def test_the_head_of_a_cut_lead_under_the_first_title_is_no_proven_headline():
    """Corpus, TUNE: at the page top, `春节前,市民贾先生乘` / `坐出租车时,不慎` (a lead cut twice) were marked
    headlines with the title above them; a word spans each cut (乘坐, 不慎将), so the labelling decides."""
    from generator.parse.blocks import classify, mark_headings
    blocks = [block("“的哥”拾金不昧乘客“跨年”找回遗失钱包", 2), block("春节前,市民贾先生乘"), block("坐出租车时,不慎"),
              block("将装有现金、身份证、银行卡的钱包遗落在出租车上,由于没有记下车行、车号,一时不知所措。")]
    classify(blocks)
    mark_headings(blocks)
    assert [b.kind for b in blocks] == ["heading", "text", "text", "text"]
    assert viterbi(blocks)[0] == ["H", "P", "C", "C"]
