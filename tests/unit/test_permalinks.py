"""Permanent ids: minted deterministically, kept across rebuilds and edits, redirected when merged."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from generator.archive import permalinks
from generator.archive.permalinks import ALPHABET, Registry, assign_ids, load_registry, save_registry
from generator.model import BodyBlock, Item, Page

SOURCE = "000_426d0e80c1052dd2.txt"

# Real seed items (000 and 001), shortened to their first paragraphs.
SEED_ITEMS = [
    ("以起步即冲刺的姿态推进工业稳进提质", [
        "本报讯(记者 时苏建)4月23日下午,全市一季度工业运行分析会议召开,通报一季度全市工业运行情况,听取各县区下步工作计划及措施汇报。市委常委、副市长王昌华出席会议并讲话。",
        "王昌华要求,各县区各有关部门要进一步认清形势,坚定信心,切实把工业稳增长摆在更加突出位置,严格落实好市委、市政府工作要求,鼓足干劲、自我加压、奋勇突破,确保工业健康稳定运行;要挖潜增效,精准补短,以起步即冲刺的姿态推进工业稳进提质。"]),
    ("2023“世界地球日”和“爱鸟周”主题宣传活动启动", [
        "本报讯(记者 张慧)4月21日,由市林业局、市科协和牡丹区人民政府联合主办,牡丹区林业局、中国牡丹园、菏泽野生动物园承办的“世界地球日”和“爱鸟周”主题宣传活动启动仪式在菏泽野生动物园举行。",
        "仪式上,市民代表宣读了《世界地球日倡议书》和《爱鸟护鸟倡议书》;与会人员宣读条幅前签名,共同参观了野生动物标本展和鸟类摄影展,并走进菏泽野生动物园调研。"]),
    ("市审计局驻村工作组助推黄河滩区产业发展", [
        "本报讯(通讯员 马鹏超)最近,市审计局派遣东明县长兴集乡魏庄行政村加强基层党组织建设工作组组长马健被市委组织部评为2022年度先进个人、优秀工作者。",
        "魏庄行政村原有火龙果大棚8座,一直由村支书代管,无专业人员参与,技术管理跟不上,大棚效益低。"]),
    ("威武:规范“属地管理”推动基层社会治理效能", [
        "本报讯(记者 董传周 通讯员 张凯)“多亏了我们小区的网格员,不仅帮助我们老两口买药,还经常来给我们解决生活上的难题。”",
        "“网格+居民自治”,协商议事促和谐。社区通过网格员入户走访,收集居民诉求,召开议事会协商解决。"]),
    ("菏泽高新区开展防汛备汛工作", [
        "本报讯(牡丹晚报全媒体记者 武霏) 7月22日,菏泽高新区党工委书记郭保存现场调度全区防汛备汛工作,区党工委副书记杨东波参加活动。",
        "郭保存一行先后到七里河节制闸、万福水利管理站、吕陵镇西调水干线节制闸,详细了解了七里河水位流量、节制闸运行情况,现场检查了防汛物资储备情况。"]),
]
PHOTO = Item(source=SOURCE, position=6, kind="photo", title=None, captions=("会议现场",), credit="通讯员 刘青青 摄")


def article(title: str, paragraphs: list[str], position: int, source: str = SOURCE) -> Item:
    """Return an article item made of seed text."""
    body = tuple(BodyBlock("paragraph", p) for p in paragraphs)
    return Item(source=source, position=position, kind="article", title=title, body=body)


def seed_page(items=None) -> Page:
    """Return a page of the seed items (positions 1..n, then the photo)."""
    if items is None:
        items = [article(t, ps, n) for n, (t, ps) in enumerate(SEED_ITEMS, 1)] + [PHOTO]
    items = [replace(item, position=n) for n, item in enumerate(items, 1)]
    return Page(source=SOURCE, raw="", items=tuple(items))


def ids_by_title(pages) -> dict[str, str]:
    """Return title (or first caption) → id."""
    return {(i.title or i.captions[0]): i.id for p in pages for i in p.items}


def first_build():
    """Return (pages, registry) of a first build of the seed page on an empty registry."""
    pages, registry, redirects = assign_ids([seed_page()], Registry())
    assert redirects == ()
    return pages, registry


def test_ids_are_short_opaque_vowel_free_and_distinct():
    pages, _ = first_build()
    ids = [item.id for item in pages[0].items]
    assert len(set(ids)) == len(ids) == 6
    for item_id in ids:
        assert len(item_id) == 6 and set(item_id) <= set(ALPHABET)
        assert not set(item_id) & set("aeiouy")


def test_fresh_build_mints_the_same_ids_every_time():
    first, _ = first_build()
    again, _ = first_build()
    assert [i.id for i in first[0].items] == [i.id for i in again[0].items]


def test_minting_rehashes_on_collision():
    item = article(*SEED_ITEMS[0], 1)
    taken = {permalinks.mint_id(item, set())}
    other = permalinks.mint_id(item, taken)
    assert other not in taken and permalinks.is_valid_id(other)


def rebuild(registry, items):
    """Return (title → id, registry, redirects) after rebuilding ``items`` against ``registry``."""
    pages, new_registry, redirects = assign_ids([seed_page(items)], registry)
    return ids_by_title(pages), new_registry, redirects


def seed_items():
    return [article(t, ps, n) for n, (t, ps) in enumerate(SEED_ITEMS, 1)] + [PHOTO]


def corrected_title(items):
    items[3] = replace(items[3], title="成武:规范“属地管理”推动基层社会治理效能")
    return items


def fixed_wrap(items):
    body = items[0].body
    items[0] = replace(items[0], body=(BodyBlock("paragraph", body[0].text + body[1].text),))
    return items


def rewrapped_with_typography(items):
    items[1] = replace(items[1], title="2023“世界地球日”和“爱鸟周”主题宣传活动启动",
                       body=tuple(BodyBlock(b.type, b.text.replace(",", "，").replace(";", "；")) for b in items[1].body))
    return items


def inserted_at_top(items):
    new = article("全市召开安全生产工作会议", ["本报讯(记者 李明)4月25日,全市安全生产工作会议召开,部署下一阶段安全生产重点工作。"], 0)
    return [new] + items


def shuffled(items):
    return list(reversed(items))


def duplicate_paragraph_removed(items):
    items[3] = replace(items[3], body=items[3].body[:1] + items[3].body[1:1])
    items[3] = replace(items[3], body=items[3].body + (BodyBlock("paragraph", SEED_ITEMS[3][1][1][:20]),))
    return items


@pytest.mark.parametrize("edit", [corrected_title, fixed_wrap, rewrapped_with_typography, inserted_at_top, shuffled,
                                  duplicate_paragraph_removed])
def test_an_edited_item_keeps_its_id_and_the_others_too(edit):
    pages, registry = first_build()
    before = [i.id for i in pages[0].items]
    after, new_registry, redirects = rebuild(registry, edit(seed_items()))
    assert set(before) <= set(after.values()), f"{edit.__name__} lost an id"
    assert redirects == ()
    assert {e.status for e in new_registry.entries} == {"live"}


def test_a_corrected_title_keeps_the_url_of_that_article():
    pages, registry = first_build()
    old = ids_by_title(pages)["威武:规范“属地管理”推动基层社会治理效能"]
    after, _, _ = rebuild(registry, corrected_title(seed_items()))
    assert after["成武:规范“属地管理”推动基层社会治理效能"] == old


def test_an_inserted_article_gets_a_new_id_and_the_others_keep_theirs():
    pages, registry = first_build()
    before = ids_by_title(pages)
    after, _, _ = rebuild(registry, inserted_at_top(seed_items()))
    assert {t: after[t] for t in before} == before
    assert after["全市召开安全生产工作会议"] not in before.values()


def test_a_deleted_article_is_withdrawn_not_lost():
    pages, registry = first_build()
    gone = ids_by_title(pages)["市审计局驻村工作组助推黄河滩区产业发展"]
    items = seed_items()
    del items[2]
    after, new_registry, redirects = rebuild(registry, items)
    assert gone not in after.values()
    assert [(r.id, r.successor, r.title) for r in redirects] == [(gone, None, "市审计局驻村工作组助推黄河滩区产业发展")]
    assert new_registry.get(gone).status == "withdrawn"


def test_merged_articles_redirect_to_the_item_that_holds_their_text():
    pages, registry = first_build()
    before = ids_by_title(pages)
    items = seed_items()
    merged = replace(items[0], body=items[0].body + items[1].body)        # 2nd article swallowed by the 1st
    after, new_registry, redirects = rebuild(registry, [merged] + items[2:])
    survivor = after[items[0].title]
    assert survivor == before[items[0].title]
    assert [(r.id, r.successor) for r in redirects] == [(before[items[1].title], survivor)]


def test_a_split_article_keeps_its_id_on_one_half_and_the_old_url_resolves():
    pages, registry = first_build()
    old = ids_by_title(pages)[SEED_ITEMS[0][0]]
    items = seed_items()
    halves = [replace(items[0], body=items[0].body[:1]), article("王昌华要求", [SEED_ITEMS[0][1][1]], 2)]
    after, new_registry, redirects = rebuild(registry, halves + items[1:])
    assert new_registry.get(old).status == "live"
    assert old in (after[SEED_ITEMS[0][0]], after["王昌华要求"])
    assert redirects == ()


def test_a_redirect_chain_points_at_the_final_article():
    pages, registry = first_build()
    before = ids_by_title(pages)
    items = seed_items()
    step1 = [replace(items[0], body=items[0].body + items[1].body)] + items[2:]
    _, registry, _ = rebuild(registry, step1)
    step2 = [replace(step1[1], body=step1[1].body + step1[0].body)] + step1[2:]
    after, registry, redirects = rebuild(registry, step2)
    targets = {r.id: r.successor for r in redirects}
    for old in before.values():
        assert old in after.values() or targets[old] in after.values()
    assert len(targets) == 2


def test_registry_round_trips_through_its_file_and_is_written_only_when_changed(tmp_path):
    _, registry = first_build()
    path = tmp_path / "permalinks.json"
    assert save_registry(path, registry) is True
    assert load_registry(path) == registry
    stamp = path.stat().st_mtime_ns
    assert save_registry(path, load_registry(path)) is False
    assert path.stat().st_mtime_ns == stamp
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data["ids"]) == sorted(data["ids"])


def test_a_fresh_clone_with_the_committed_registry_gets_the_same_ids(tmp_path):
    pages, registry = first_build()
    path = tmp_path / "permalinks.json"
    save_registry(path, registry)
    again, _, _ = assign_ids([seed_page(corrected_title(seed_items()))], load_registry(path))
    assert sorted(i.id for i in again[0].items) == sorted(i.id for i in pages[0].items)


def test_missing_registry_is_empty_and_a_corrupt_one_names_the_file(tmp_path):
    assert load_registry(tmp_path / "none.json") == Registry()
    bad = tmp_path / "permalinks.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="permalinks.json"):
        load_registry(bad)


def test_similar_articles_on_other_pages_do_not_steal_ids():
    pages, registry = first_build()
    copy = Page(source="009_other.txt", raw="", items=(article(SEED_ITEMS[0][0], SEED_ITEMS[0][1], 1, "009_other.txt"),))
    new_pages, _, _ = assign_ids([copy, seed_page()], registry)
    assert [i.id for i in new_pages[1].items] == [i.id for i in pages[0].items]
    assert new_pages[0].items[0].id not in {i.id for i in pages[0].items}


def test_an_unwritable_registry_is_a_warning_not_a_crash(tmp_path, capsys):
    _, registry = first_build()
    path = tmp_path / "gone" / "permalinks.json"          # its folder does not exist: writing fails, even as root
    assert save_registry(path, registry) is False
    assert "gone/permalinks.json" in capsys.readouterr().err


def test_a_lone_credit_item_redirects_to_the_photo_it_was_cut_from():
    credit = Item(source=SOURCE, position=6, kind="article", title="通讯员 刘青青 摄")
    caption = Item(source=SOURCE, position=7, kind="article", title="11月11日,定陶区滨河街道开展消防安全应急演练活动。")
    pages, registry, _ = assign_ids([seed_page(seed_items()[:5] + [credit, caption])], Registry())
    old = ids_by_title(pages)
    photo = Item(source=SOURCE, position=6, kind="photo", title=None, captions=(caption.title,), credit=credit.title)
    after, _, redirects = rebuild(registry, seed_items()[:5] + [photo])
    assert after[caption.title] == old[caption.title]
    assert [(r.id, r.successor) for r in redirects] == [(old[credit.title], old[caption.title])]


def test_joined_fragments_keep_the_id_of_the_part_that_carried_the_title():
    items = seed_items()
    head = replace(items[4], body=items[4].body[:1])
    tail = article("郭保存一行先后到七里河节制闸", [items[4].body[1].text], 6)
    pages, registry, _ = assign_ids([seed_page(items[:4] + [head, tail])], Registry())
    old = ids_by_title(pages)
    after, _, redirects = rebuild(registry, items[:5])
    assert after[items[4].title] == old[items[4].title]
    assert [(r.id, r.successor) for r in redirects] == [(old[tail.title], old[items[4].title])]


@pytest.mark.parametrize("texts", [
    [paragraph for _, paragraphs in SEED_ITEMS for paragraph in paragraphs],          # real seed text
    ["会议现场", "通讯员 刘青青 摄", "菏泽(Heze) 5G 93.02%", "ＡＢＣ１２３ full-width", "a_b_c_d", "ab", "", "。,",
     "İstanbul 伊斯坦布尔", "ΟΔΟΣ ΑΣ", "𠀀𠀁𠀂 beyond the BMP", "ß straße STRASSE", "lone \ud800 surrogate"],
])
def test_batched_fingerprints_equal_the_plain_shingles(texts):
    """The numpy hashing gives, text by text, exactly the CRC-32 hashes of ``shingles``."""
    fast = permalinks.fingerprints(texts)
    assert [list(map(int, hashes)) for hashes in fast] == [permalinks.shingles(t) for t in texts]
