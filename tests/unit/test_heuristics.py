"""Each named rule of generator/heuristics.py, on the real seed lines that motivated it."""
from __future__ import annotations

import pytest

from generator.parse import rules as h


@pytest.mark.parametrize("paragraph, byline, rest, people", [
    ("本报讯(记者 时苏建)4月23日下午,全市", "本报讯(记者 时苏建)", "4月23日下午,全市", [("时苏建", "记者")]),
    ("本报讯(本报通讯员 崔艺霏)4月1日,", "本报讯(本报通讯员 崔艺霏)", "4月1日,", [("崔艺霏", "通讯员")]),
    ("本报嘉祥讯(通讯员 王彪)嘉祥县宏喜种业", "本报嘉祥讯(通讯员 王彪)", "嘉祥县宏喜种业", [("王彪", "通讯员")]),
    ("本报讯(记者 董传周 通讯员 张凯)“多亏了", "本报讯(记者 董传周 通讯员 张凯)", "“多亏了",
     [("董传周", "记者"), ("张凯", "通讯员")]),
    ("本报讯(通讯员 邵赛娜 邵刚 陈晨)“这次", "本报讯(通讯员 邵赛娜 邵刚 陈晨)", "“这次",
     [("邵赛娜", "通讯员"), ("邵刚", "通讯员"), ("陈晨", "通讯员")]),
    ("本报讯(牡丹晚报全媒体记者 武霏) 7月24日,", "本报讯(牡丹晚报全媒体记者 武霏)", "7月24日,", [("武霏", "全媒体记者")]),   # the role as printed, without the paper
    ("4月22日是第54个“世界地球日”", None, "4月22日是第54个“世界地球日”", []),
    ("本报讯(记者张三)近日,", "本报讯(记者张三)", "近日,", [("张三", "记者")]),
    ("新华社北京4月23日电(记者 李四 王五)近日", "新华社北京4月23日电(记者 李四 王五)", "近日",
     [("李四", "记者"), ("王五", "记者")]),
    ("本报讯(全文完)今天", None, "本报讯(全文完)今天", []),
])
def test_start_bylines_are_cut_from_the_paragraph_with_their_people(paragraph, byline, rest, people):
    found, text, _ = h.split_start_byline(paragraph)
    assert (found, text) == (byline, rest)
    assert list(h.people_in(found or "")) == people


@pytest.mark.parametrize("line, is_byline, is_credit, people", [
    ("■本报通讯员 付哲", True, False, [("付哲", "通讯员")]),
    ("记者 胡德光", True, False, [("胡德光", "记者")]),
    ("通讯员 梁绍亭 记者 刘卫国", True, False, [("梁绍亭", "通讯员"), ("刘卫国", "记者")]),
    ("通讯员 刘天宇", True, False, [("刘天宇", "通讯员")]),
    ("通讯员 刘青青 摄", False, True, [("刘青青", "通讯员")]),
    ("■通讯员 赵九龙 李安敬 摄", False, True, [("赵九龙", "通讯员"), ("李安敬", "通讯员")]),
    ("会议现场", False, False, []),
    ("嘉祥县妇联", False, False, []),
    ("党建指导员 激发党建工作活力", False, False, []),
])
def test_byline_and_credit_lines(line, is_byline, is_credit, people):
    assert h.is_byline_line(line) == is_byline
    assert h.is_credit_line(line) == is_credit
    assert list(h.people_in(line)) == people


@pytest.mark.parametrize("paragraph, text, byline", [
    ("为促进东明县水务事业高质量发展提供有力支撑。 记者 张品", "为促进东明县水务事业高质量发展提供有力支撑。", "记者 张品"),
    ("“12341 荷协心声”行动,对行业协会商会的发展起到了重要支撑作用。”", None, None),
    ("郭保存指出,当前我区已经", None, None),
])
def test_inline_end_byline_after_the_last_sentence(paragraph, text, byline):
    assert h.split_end_byline(paragraph) == (text or paragraph, byline)


def test_inline_photo_credit_after_a_caption():
    caption = "图为在工业机器人应用与维护专业活动室,林燕与正在进行职业体验的少先队员交流互动。 记者 付凤臣摄"
    text, credit = h.split_inline_credit(caption)
    assert text.endswith("交流互动。") and credit == "记者 付凤臣摄"
    assert list(h.people_in(credit)) == [("付凤臣", "记者")]


@pytest.mark.parametrize("line, terminal", [
    ("预计今年底将完成主体工程。", True),
    ("对行业协会商会的发展起到了重要支撑作用。”", True),
    ("太感谢啦!", True),
    ("以起步即冲", False),
    ("定陶区:“创业乡情贷”让创业者跑出“加速度”", False),
    ("大唐网络总裁杨勇与市委书记张新文、市政府副市长王卫东,", False),
])
def test_terminal_punctuation(line, terminal):
    assert h.is_terminal(line) == terminal


@pytest.mark.parametrize("line, shaped, cue", [
    ("开展党建攻坚 激活“红色引擎”", True, True),
    ("理顺管理体制 强化红色引领", True, True),
    ("小手拉大手 节水进校园", True, True),
    ("嘉祥县", True, False),
    ("坚决做好新冠肺炎疫情防控工作", True, False),
    ("永丰街道会盟社区:", True, False),
    ("岳程街道办郝庄社区为推进", True, False),
    ("预计今年底将完成主体工程。", False, False),
    ("“我们的社会实践团来到这里进行为期两周的社", False, False),
    ("大唐网络总裁杨勇与市委书记张新文、市政府副市长王卫东,", False, False),
    ("2020年菏泽高新区“双城同创”攻坚动员大会要求 迅速掀起创城工作新高潮", True, True),
    ("王昌华要求,各县区各有关部门要进一步认清形势,坚定信心,切实把工业稳增长摆在更加突出位置,以起步即冲", False, False),
])
def test_headline_shape_and_headline_typography(line, shaped, cue):
    assert h.is_heading_shaped(line) == shaped
    assert h.has_heading_cue(line) == cue


@pytest.mark.parametrize("line, caption", [("会议现场", True), ("图为乡村振兴产业园建设项目现场。", True),
                                           ("“打卡”小荷学堂,开展志愿活动", False), ("嘉祥县", False)])
def test_caption_words(line, caption):
    assert h.looks_like_caption(line) == caption


@pytest.mark.parametrize("before, after, word", [
    ("同样前来服务的还有山东理工大学的6名大学", "生,在吕陵镇寨庄行政村", "大学生"),
    ("“我们的社会实践团来到这里进行为期两周的社", "会实践活动,开设的课程", "社会"),
    ("在赛道沿途设立移动医疗救援服务站和沿途医疗服务志愿", "者团队,有效处理突发事件。", "志愿者"),
    ("郭保存指出,当前我区已经", "进入主汛期,全区上下", None),
    ("小手拉大手 节水进校园", "——东明县水务局", None),
    ("述职述廉,推动各项工作开展", "本报讯(牡丹晚报全媒体记者 武霏)", None),
])
def test_a_dictionary_word_across_the_cut(before, after, word):
    assert h.word_across(before, after) == word


@pytest.mark.parametrize("before, after, removed", [
    ("积极推动5G技术与城市发展相融合,在5G智慧城市", "市、城市安全、交通枢纽建设等领域开拓进取", "市"),
    ("同样前来服务的还有山东理工大学的6名大学", "生,在吕陵镇寨庄行政村", ""),
    ("打造一处有特色、有热度的城市", "城市发展新模式", ""),
    ("全力推进“四减四增”。要突出重点", "点工作", ""),
])
def test_overlap_at_a_cut_only_when_confident(before, after, removed):
    assert h.overlap_at_cut(before, after) == removed


@pytest.mark.parametrize("text, cannot", [
    ("生,在吕陵镇寨庄行政村", True), (",有效处理突发事件。", True), ("的各项目标任务。", True),
    ("合作社创建,党支部积极行动", False), ("进入主汛期,全区上下", False), ("“同学们,你们知道", False),
])
def test_blocks_that_cannot_start_a_sentence(text, cannot):
    assert h.cannot_start_sentence(text) == cannot


@pytest.mark.parametrize("text, unclosed", [
    ("“我们的社会实践团来到这里进行为期两周的社", True), ("今年8月,菏泽在全市范围内启动实施了乡镇(街道", True),
    ("“网格+居民自治”,协商议事促和谐。", False), ("定陶公安分局打击整治网络谣言", False),
])
def test_unclosed_quotes_and_brackets(text, unclosed):
    assert h.unbalanced(text) == unclosed


@pytest.mark.parametrize("text, cleaned, dropped", [
    ("4月22日,“天使健康救助 助力乡村振兴”大型公益活动", "4月22日,“天使健康救助 助力乡村振兴”大型公益活动", 0),
    ("我市启动开展了“12341 荷协心声”行动。", "我市启动开展了“12341 荷协心声”行动。", 0),
    ("菏泽高新区 党工委书记郭保存主持会议", "菏泽高新区党工委书记郭保存主持会议", 1),
    ("据市委宣传部消息(记者 时苏建)称", "据市委宣传部消息(记者 时苏建)称", 0),
])
def test_stray_spaces_between_chinese_characters_go_but_quoted_ones_stay(text, cleaned, dropped):
    assert h.drop_stray_spaces(text) == (cleaned, dropped)


def test_near_duplicates_that_differ_by_a_few_characters_count():
    line = ("会议要求,要抓好改革创新,推进体制机制改革,优化组织架构和人员配置,强化绩效考核。"
            "要抓好产业提升,精心谋划产业增长,充分调动区招商专班、各镇街、区直部门招商引资主动性。")
    edited = line.replace("优化组织架构", "优化组织结构").replace("主动性", "积极性")
    other = "郭保存强调,要精心完善各项应急预案,加强分析研判和科学调度,切实落实好防汛值班制度,及时消除各类安全隐患。"
    assert h.is_near_duplicate(h.shingles(line), h.shingles(edited))
    assert not h.is_near_duplicate(h.shingles(line), h.shingles(other))


def test_control_characters_are_split_off_with_their_lines():
    text = "党建落到实处\x07 发展势头更足\n\n日前,市委\x1b社会工作部"
    assert h.split_controls(text) == ("党建落到实处 发展势头更足\n\n日前,市委社会工作部", "\x07\x1b", [1, 3])
    assert h.split_controls("预计今年底将完成主体工程。") == ("预计今年底将完成主体工程。", "", [])


@pytest.mark.parametrize("line, subtitle", [
    ("——东明县水务局大力开展节水宣传活动侧记", True),
    ("——全国民主法治示范村王洪庙村采访见闻", True),
    ("——这是群众最朴素的心声。", False),
    ("党建落到实处 发展势头更足", False),
])
def test_subtitle_lines(line, subtitle):
    assert h.is_subtitle(line) == subtitle


@pytest.mark.parametrize("texts", [
    ["“网格+居民自治”,协商议事促和谐。社区通过网格员入户走访,收集居民诉求,召开议事会协商解决。",
     "“网格+居民自治”,协商议事促和谐。社区通过网格员入户走访,收集居民诉求。",
     "本报讯(牡丹晚报全媒体记者 武霏) 7月22日,菏泽高新区党工委书记郭保存现场调度全区防汛备汛工作",
     "通讯员 刘青青 摄", "会议现场", "a b", "", "   ", "四个字儿", "五个字儿啊", "全角\u3000空格\t和制表符",
     "İstanbul ΟΔΟΣ 𠀀𠀁𠀂 ß"],
])
def test_batched_shingle_sets_equal_the_plain_shingles(texts):
    """Hashing all paragraphs of a page together gives each paragraph exactly its own shingles."""
    assert h.shingle_sets(texts) == [h.shingles(t) for t in texts]


@pytest.mark.parametrize("text, expected", [
    ("菏泽高新区", {"菏泽", "泽高", "高新", "新区"}),
    ("会议现场,7月22日", {"会议", "议现", "现场", "场月", "月日"}),     # bigrams run across dropped marks
    ("中", set()),
    ("", set()),
])
def test_bigram_keys_stand_for_the_same_bigrams(text, expected):
    """The integer keys of many texts hashed together decode to each text's own bigrams."""
    keys = h.bigram_keys(["会议现场", text, "菏泽"])[1]
    assert {chr(k // 0x110000) + chr(k % 0x110000) for k in keys} == expected == h.bigrams(text)


@pytest.mark.parametrize("byline, people", [
    ("本报讯(见习记者 郭学军)", [("郭学军", "见习记者")]),
    ("(齐鲁晚报首席记者 张三 文/摄)", [("张三", "首席记者")]),
    ("特约记者 李四", [("李四", "特约记者")]),
    ("本报记者唐葵阳", [("唐葵阳", "记者")]),              # 本报 is the paper, not the role
    ("□记 者 孙亚飞", [("孙亚飞", "记者")]),                # spaced-out role word
    ("陈晶", [("陈晶", "")]),                               # a bare name line
])
def test_roles_are_kept_as_printed(byline, people):
    assert list(h.people_in(byline)) == people


@pytest.mark.parametrize("text, name", [("陈晶", True), ("李兵", True), ("又旱了", False), ("王府", False),
                                        ("以棺代椅", False), ("高温", False)])
def test_a_bare_name_is_a_surname_and_no_word(text, name):
    assert h.is_bare_name(text) == name


@pytest.mark.parametrize("text, body, byline", [
    ("大家都很满意。陈小芬", "大家都很满意。", "陈小芬"),                       # a bare name glued after the last sentence
    ("好像有一只小狗被困。杨女士", "好像有一只小狗被困。杨女士", None),        # someone in the story
    ("在做好“急”时专", "在做好“急”时专", None),                               # seed 002: a cut head
])
def test_a_bare_name_glued_after_the_last_sentence(text, body, byline):
    assert h.split_end_byline(text) == (body, byline)


@pytest.mark.parametrize("line, kind, people", [
    ("■李明", "byline", [("李明", "")]),
    ("(齐鲁晚报首席记者 李明 文/摄)", "byline", [("李明", "首席记者")]),   # wrote and photographed: signs the article
])
def test_other_papers_byline_lines(line, kind, people):
    assert (h.is_byline_line(line), h.is_credit_line(line)) == (kind == "byline", kind == "credit")
    assert list(h.people_in(line)) == people


def test_an_unbracketed_start_byline_ends_with_baodao():
    byline, rest, _ = h.split_start_byline("本报讯 记者李明、通讯员王刚报道 近日,全市开展活动。")
    assert (byline, rest) == ("本报讯 记者李明、通讯员王刚报道", "近日,全市开展活动。")
    assert list(h.people_in(byline)) == [("李明", "记者"), ("王刚", "通讯员")]


@pytest.mark.parametrize("text, lead", [
    ("3月27日下午,莆田涵江区江口镇石庭的市民陈女士家小狗走丢", True),
    ("本报2月6日讯一场", True),
    ("4月20日,团省委副书记林燕一行", True),
    ("小手拉大手 节水进校园", False),
    ("4名大学生骑车来到北庄村", False),
])
def test_the_head_of_a_lead_is_not_a_headline_candidate(text, lead):
    assert h.reads_as_lead(text) == lead


@pytest.mark.parametrize("byline, photo", [
    ("记者 李保珠 摄", True),
    ("图片中心记者孙盼盼摄影报道", True),
    ("牡丹晚报全媒体记者 姜璐璐 摄", True),
    ("(高发芳)", False),
    ("(记者王丽虹 文/图)", False),
    ("记者 张品", False),
])
def test_an_end_byline_that_closes_a_photo(byline, photo):
    assert h.closes_photo(byline) is photo


@pytest.mark.parametrize("line, jump", [
    ("更多报道见A6版", True), ("下转第3版", True), ("(详见A4版)", True),
    ("榕屏东城电梯故障 居民爬楼很不便", False), ("见证A6版面改版", False),
])
def test_a_jump_line_is_no_headline(line, jump):
    assert h.is_jump_line(line) is jump
    assert h.is_heading_shaped(line) is not jump


def test_a_letter_bullet_before_a_role_opens_a_byline_line():
    assert h.is_byline_line("N本报记者 李思玲")
    assert not h.is_byline_line("NBA球星 李思玲")


@pytest.mark.parametrize("paragraph, byline, people", [
    ("本报讯 记者 王明 近日,我市召开会议。", "本报讯 记者 王明", (("王明", "记者"),)),
    ("本报北京3月1日电 记者王明 通讯员 李华 昨日,我市召开会议。", "本报北京3月1日电 记者王明 通讯员 李华",
     (("王明", "记者"), ("李华", "通讯员"))),
    ("本报讯 近日,我市召开会议。", None, ()),
])
def test_an_unbracketed_start_byline_closed_by_a_space(paragraph, byline, people):
    found, _, _ = h.split_start_byline(paragraph)
    assert found == byline
    assert h.people_in(found or "") == people


@pytest.mark.parametrize("line", ["◎本报记者 王明", "▲记者 王明", "★通讯员 李华 摄"])
def test_other_bullets_before_a_byline_line(line):
    assert h.is_byline_line(line) or h.is_credit_line(line)


@pytest.mark.parametrize("line, never", [
    ("(报料人:赫先生,奖50元)", True), ("更多报道见A6版", True), ("河涌涨潮水漫天河立交桥底", False),
    ("庄先生报料,线索费30", True),                     # a tip-off note without brackets (海峡都市报)
    ("本报讯 本报报道了巩义市涉村镇北庄", True),        # the head of a lead cut after its dateline
    ("“的哥”拾金不昧乘客“跨年”找回遗失钱包", False),
])
def test_notes_and_jump_lines_are_never_headlines(line, never):
    assert h.never_headline(line) is never


@pytest.mark.parametrize("lines, gaps, kicker", [
    (["市民反映", "大片垃圾长期堆积 市民期盼早日清理"], [1, 3], True),
    (["接续报道", "世丰园成了世外桃源"], [1, 3], True),
    (["“打卡”小荷学堂,开展志愿活动", "高新区党群工作部联合区总工会"], [1, 3], False),   # 001: a caption under a title
    (["会议现场", "“打卡”小荷学堂,开展志愿活动"], [3, 1], False),
    (["市民反映", "大片垃圾长期堆积 市民期盼早日清理"], [1, 1], False),
])
def test_a_column_label_apart_from_its_title_is_the_kicker(lines, gaps, kicker):
    assert h.kicker_over_gap(lines, gaps) is kicker


@pytest.mark.parametrize("line, kind, people", [
    ("文/张晓燕", "byline", [("张晓燕", "")]),
    ("图/文 张晓燕", "byline", [("张晓燕", "")]),
    ("张晓燕 李国强 文/图", "byline", [("张晓燕", ""), ("李国强", "")]),
    ("撰文 张晓燕", "byline", [("张晓燕", "")]),
    ("本报记者:张晓燕", "byline", [("张晓燕", "记者")]),
    ("记者:张晓燕 通讯员:李国强", "byline", [("张晓燕", "记者"), ("李国强", "通讯员")]),
    ("图/本报记者 张晓燕", "byline", [("张晓燕", "记者")]),
    ("张晓燕 摄", "credit", [("张晓燕", "摄影")]),
    ("刘德华 张学友", None, []),            # names alone, no mark: not enough evidence
    ("部门答复", None, []),
    ("记者踏访:兰州晨报记者于当日下午", None, []),
    ("王者归来 摄", None, []),              # four characters without a compound surname is no name
])
def test_graded_byline_evidence_reads_forms_the_closed_list_misses(line, kind, people):
    assert (h.is_byline_line(line), h.is_credit_line(line)) == (kind == "byline", kind == "credit")
    if kind:
        assert list(h.people_in(line)) == people


@pytest.mark.parametrize("byline, people", [
    ("张仁勇 摄影报道", [("张仁勇", "摄影")]),            # 摄影报道 closes a credit
    ("本报记者王野郊摄影沈生", [("王野郊", "记者"), ("沈生", "摄影")]),   # 摄影 before a name is a role
])
def test_photo_reports_name_their_photographers(byline, people):
    assert list(h.people_in(byline)) == people


@pytest.mark.parametrize("line, byline", [
    ("记者直击", False),          # corpus, TUNE (兰州晨报): a column label above `人行道破损坑洼市民希望快整修`
    ("记者调查", False),
    ("记者手记", False),
    ("记者 金沙", True),          # a name opening with a surname
    ("本报记者唐葵阳", True),
])
def test_a_role_word_and_a_word_that_is_no_name_is_a_column_label(line, byline):
    assert h.is_byline_line(line) is byline
    assert h.is_column_label(line) is not byline


@pytest.mark.parametrize("line, dateline", [
    ("四川新闻网-成都晚报讯", True),   # corpus, TUNE (成都晚报): on its own line between title and lead
    ("本报讯", True),
    ("新华社北京3月1日电", True),
    ("春节喜讯", False),
    ("贵阳民工感谢成都", False),
])
def test_a_dateline_on_its_own_line_is_a_byline_line(line, dateline):
    assert h.is_dateline_line(line) is dateline
    assert h.is_byline_line(line) is dateline
    if dateline:
        assert h.people_in(line) == ()        # it names no one


@pytest.mark.parametrize("line, candidate", [
    ("李兵", True),           # corpus, TUNE (济宁日报): a bare name under `微山湖乡情`
    ("记者 亓辉", True),       # a surname the list lacks: the labelling decides
    ("记者直击", True),        # ... and so for a column label of the same shape
    ("记者调查", False),       # a common word is never a name
    ("又旱了", False),
    ("部门答复", False),
])
def test_lines_the_labelling_may_make_bylines(line, candidate):
    assert (h.byline_candidate(line) is not None) is candidate


@pytest.mark.parametrize("line, never", [
    ("本报讯 本报报道了巩义市涉村镇北庄", True),      # corpus, TUNE (郑州晚报): a lead cut after its dateline
    ("新华社北京3月1日电 今天", True),
    ("将就市民反映情况进行核实,然后再进行相应处理。(报料人:张先生奖励10元)", True),   # corpus, TUNE (兰州晨报)
    ("小手拉大手 节水进校园", False),
    ("向工社区:居住区?商业区?", False),
])
def test_a_lead_opening_with_a_dateline_or_a_sentence_closed_by_an_aside_is_no_headline(line, never):
    assert h.never_headline(line) is never


def test_the_space_after_a_dateline_is_no_headline_typography():
    assert not h.has_heading_cue("本报讯 本报报道了巩义市涉村镇北庄")
    assert h.has_heading_cue("理顺管理体制 强化红色引领")


@pytest.mark.parametrize("text, body, byline", [
    ("大家都很满意。文/王小明", "大家都很满意。", "文/王小明"),
    ("大家都很满意。记者:王小明 通讯员:李华", "大家都很满意。", "记者:王小明 通讯员:李华"),
    ("大家都很满意。记者 王小明", "大家都很满意。", "记者 王小明"),
    ("大家都很满意。记者王小明实习生刘晓群", "大家都很满意。", "记者王小明实习生刘晓群"),
    ("大家都很满意。记者了解", "大家都很满意。记者了解", None),          # the head of a cut sentence
    ("大家都很满意。”张晓燕 李国强", "大家都很满意。”张晓燕 李国强", None),  # names alone: not enough
])
def test_graded_evidence_reads_bylines_glued_to_the_last_sentence(text, body, byline):
    assert h.split_end_byline(text) == (body, byline)


@pytest.mark.parametrize("text, closed", [
    ("料,线索费30", True),                  # the tail of `庄先生报` / `料,线索费30`: the article ends here
    ("(报料人:张女士 奖励10元)", True),
    ("记者在电梯旁看到", False),
])
def test_a_tip_off_note_closes_its_article(text, closed):
    assert h.ends_in_closed_aside(text) is closed


@pytest.mark.parametrize("line, people", [
    ("本报记者 张晓燕/文 李国强/图", [("张晓燕", "记者"), ("李国强", "记者")]),   # the role after the name
    ("(张晓燕/文 李国强/图)", [("张晓燕", ""), ("李国强", "")]),
    ("张晓燕 文/图", [("张晓燕", "")]),                                         # 文/图 signs like 摄
    ("(据新华社电)", []), ("(据《济南日报》)", []), ("(来源:济南日报)", []),     # source credits
    ("(综合)", []),                                  # a common word alone in brackets is no person
    ("(海明 小路 李军)", [("海明", ""), ("小路", ""), ("李军", "")]),   # corpus, TUNE (合肥晚报): pen names
])
def test_more_byline_lines_and_the_people_they_name(line, people):
    assert h.is_byline_line(line)
    assert list(h.people_in(line)) == people


@pytest.mark.parametrize("line", ["据了解", "据报道", "(报料人:赫先生,奖50元)"])
def test_no_source_credit(line):
    assert not h.is_source_line(line)


@pytest.mark.parametrize("line, people", [
    ("(记者 张晓燕 通讯员 区委宣传部 李国强)", [("张晓燕", "记者"), ("李国强", "通讯员")]),  # the office is no one
    ("(记者 张晓燕,通讯员 李国强)", [("张晓燕", "记者"), ("李国强", "通讯员")]),
    ("(特派记者 张晓燕 发自北京)", [("张晓燕", "特派记者")]),
    ("(记者宋鹏霞吴永红)", [("宋鹏霞", "记者"), ("吴永红", "记者")]),   # corpus, TUNE (申江服务导报): names run together
    ("(通讯员王晓明李思思 记者孙亚飞)", [("王晓明", "通讯员"), ("李思思", "通讯员"), ("孙亚飞", "记者")]),
])
def test_bracketed_byline_lines_with_offices_commas_and_names_run_together(line, people):
    assert h.is_byline_line(line)
    assert list(h.people_in(line)) == people


@pytest.mark.parametrize("run, names", [
    ("宋鹏霞吴永红", ("宋鹏霞", "吴永红")), ("何庆张蓓蓓", ("何庆", "张蓓蓓")),
    ("欧阳晓燕", ()), ("田园黄俊", ()),    # a compound surname; 田园 is a common word (corpus: ambiguous)
])
def test_names_printed_without_a_space(run, names):
    assert h.glued_names(run) == names


@pytest.mark.parametrize("line, byline", [
    ("(通讯员 县融媒体中心宣传科)", True),        # no one read in it, the line still a byline
    ("(通讯员 潍坊市寒亭区融媒体中心宣传科 孙亚飞)", True),
    ("(图为记者在现场采访)", False),           # a caption
    ("(记者注:此事仍在调查中)", False),        # an editor's note
    ("(报料人:张女士 奖励10元)", False),
])
def test_a_bracketed_line_naming_a_role_is_a_byline_kept_verbatim(line, byline):
    assert h.is_byline_line(line) is byline


@pytest.mark.parametrize("line, people", [
    ("记者 孙 亮", [("孙亮", "记者")]),                 # a two-character name set to the width of three
    ("(孙 亮 郑 燕)", [("孙亮", ""), ("郑燕", "")]),
    ("文/图 孙 亮", [("孙亮", "")]),
    ("记者 王明", [("王明", "记者")]),                  # a name frequent as a dictionary word, after a role
])
def test_spaced_and_common_names_in_byline_lines(line, people):
    assert h.is_byline_line(line)
    assert list(h.people_in(line)) == people


@pytest.mark.parametrize("text, byline", [
    ("大家都很满意。记者 王明", "记者 王明"),
    ("大家都很满意。记者李娜 通讯员王明", "记者李娜 通讯员王明"),
    ("大家都很满意。记者了解", None),
])
def test_a_common_name_glued_after_the_last_sentence_with_its_role(text, byline):
    assert h.split_end_byline(text)[1] == byline


def test_a_bare_spaced_pair_stays_as_printed():
    assert h.close_spaced_roles("我 爱") == "我 爱"


@pytest.mark.parametrize("line, byline", [
    ("■王明", True), ("■李娜", True),            # names many people bear, after a bullet
    ("●高温", False), ("■周末", False),          # common words of a name's shape
])
def test_a_bullet_before_a_common_name(line, byline):
    assert h.is_byline_line(line) is byline
