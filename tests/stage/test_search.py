"""Search index: tokenisation, index contents, query segmentation against the index, shards."""
from __future__ import annotations

import numpy as np
import pytest
from lunr.index import Index

from generator.archive.urls import URLs
from generator.model import Archive, BodyBlock, County, Item, Page, Person
from generator.search import build as search
from generator.search import query as search_query
from generator.search.shards import lunr_index, weight_codes, weight_of_code
from generator.search.text import chunks, normalize, segmentations, term_hash, title_bigrams, tokenize, traditional_map
from tests.conftest import seed_text


def seed_line(prefix: str, number: int) -> str:
    """Return line ``number`` (1-based) of the seed page whose name starts with ``prefix``."""
    return seed_text(prefix).splitlines()[number - 1]


COUNTIES = (County("定陶区", "定陶", "dingtao", "371703", "菏泽市"),
            County("菏泽高新技术开发区", "高新区", "gaoxin", "", "菏泽市"))


def make_item(prefix: str, title_line: int, body_lines: list[int], n: int, **extra) -> Item:
    """Return an item built from real seed lines: a title line and body paragraphs."""
    return Item(source=f"{prefix}.txt", position=n, kind="article", title=seed_line(prefix, title_line),
                body=tuple(BodyBlock("paragraph", seed_line(prefix, line)) for line in body_lines),
                id=f"id{n:03d}", paper="菏泽日报", **extra)


def sample_archive() -> Archive:
    """Return a small archive of real seed articles (title and paragraphs from the seed pages)."""
    items = (
        make_item("000", 99, [101, 103], 1, counties=("定陶区",), date="2023-04-23"),            # 乡情贷
        make_item("002", 104, [106, 110], 2, counties=("定陶区",), date="2024-11-12"),                # 养老
        make_item("002", 168, [170], 3, counties=("定陶区",), date="2024-11-12"),                # 仿山镇
        make_item("002", 53, [55], 4, date="2024-11-12"),                                        # 12341
        make_item("001", 25, [35], 5, counties=("菏泽高新技术开发区",), date="2020-07-24",
                  byline="本报讯(牡丹晚报全媒体记者 武霏)", authors=(Person("武霏", "记者"),)),
        make_item("001", 59, [61, 65], 6, counties=("菏泽高新技术开发区",), date="2020-07-24"),  # 郭保存
        make_item("003", 3, [9], 7, date="2020-04-01"),                                          # 5G
        make_item("002", 3, [19], 8, date="2024-11-12"),                                         # 93.02%
    )
    return Archive(pages=(Page(source="x.txt", raw="", items=items),), counties=COUNTIES)


@pytest.fixture(scope="module")
def files() -> dict:
    """Return the search files of the sample archive."""
    return search.build_search(sample_archive(), URLs())


def titles_for(files: dict, query: str, **filters) -> list[str]:
    """Return the result titles of ``query``, in rank order."""
    records, _ = search_query.search(files, query, **filters)
    return [r[1] for r in records]


@pytest.mark.parametrize("text, present, absent", [
    ("乡情贷真是一场及时雨", ["乡情", "贷", "及时雨"], []),
    ("就有序开展5G新基建建设", ["5g", "基建"], ["5G"]),
    ("我市启动开展了“12341 荷协心声”行动", ["12341", "荷协"], ["“", "”"]),
    ("实体党组织覆盖率已提高至93.02%。", ["93.02%", "93.02", "覆盖率"], ["。", "%"]),
    ("Running Marathons", ["running", "marathons"], ["run", "marathon"]),  # no English stemmer
    ("全角５Ｇ网络，", ["5g", "网络"], ["，"]),
    ("the 定陶 of a", ["the", "of", "a", "定陶"], []),                     # no English stop words
])
def test_tokenize_keeps_cjk_numbers_and_drops_punctuation(text, present, absent):
    terms = tokenize(text)
    assert [t for t in present if t not in terms] == []
    assert [t for t in absent if t in terms] == []


def test_tokenize_keeps_names_whole_when_told():
    line = seed_line("001", 61)
    assert "郭保存" not in tokenize(line)             # jieba alone: 郭 + 保存
    assert "郭保存" in tokenize(line, ["郭保存"])


def test_title_bigrams_stay_within_runs():
    assert title_bigrams("“打卡”小荷学堂,开展") == ["打卡", "小荷", "荷学", "学堂", "开展"]
    assert title_bigrams("5G新基建") == ["5g新", "新基", "基建"]


@pytest.mark.parametrize("query, expected", [
    ("定陶 养老", [["定", "陶"], ["养", "老"]]),
    ("“5G”智慧", [["5g"], ["智", "慧"]]),
    ("93.02%", [["93.02%"]]),
    ("+定陶 -养老 *~^:", [["定", "陶"], ["养", "老"]]),
    ("<script>alert(1)</script>", [["script"], ["alert"], ["1"], ["script"]]),
    ("", []),
])
def test_query_chunks_drop_lunr_syntax_and_split_on_gaps(query, expected):
    assert chunks(normalize(query)) == expected


def test_segmentation_uses_the_vocabulary():
    vocab = {"乡情", "贷", "定陶", "定陶区", "区", "仿", "山镇"}
    assert ["乡情", "贷"] in segmentations(list("乡情贷"), vocab)
    assert segmentations(list("仿山镇"), vocab)[0] == ["仿", "山镇"]
    assert segmentations(list("定陶区"), vocab)[0] == ["定陶区"]


def _lunr_shards(files: dict) -> list[dict]:
    """Return every shard of the build decoded into the serialised index lunr.js loads."""
    names = search_query._load(files["search/manifest.js"])["fields"]
    return [lunr_index(search_query._load(c), names) for p, c in sorted(files.items()) if p.startswith("search/index-")]


def test_shards_decode_into_lunr_indexes_with_empty_pipelines(files):
    shards = _lunr_shards(files)
    assert shards and all(shard["pipeline"] == [] and shard["version"] == "2.3.9" for shard in shards)
    assert all(Index.load(shard).fields == search_query._load(files["search/manifest.js"])["fields"] for shard in shards)


def test_index_keeps_cjk_terms(files):
    vocab = search_query.vocabulary_from_files(files)
    assert {"乡情", "贷", "仿", "山镇", "12341", "5g", "93.02%", "养老", "武霏"} <= vocab
    assert not any(ch in term for term in vocab for ch in "，。“”（）,()")


def test_shards_load_in_lunr_and_score_like_the_split_tables(files):
    path = next(p for p in sorted(files) if p.startswith("search/index-"))
    names = search_query._load(files["search/manifest.js"])["fields"]
    shard = lunr_index(search_query._load(files[path]), names)
    index = Index.load(shard)
    term, posting = shard["invertedIndex"][0]
    field = next(f for f in posting if f != "_index")
    results = index.query(index.create_query().term(term, fields=[field], use_pipeline=False))
    tables = search_query._tables(search_query._load(files[path]), names)
    assert {r["ref"]: round(r["score"], 3) for r in results} == {
        ref: round(w, 3) for ref, w in tables[term][field].items()}


@pytest.mark.parametrize("query, title_part", [
    ("乡情贷", "创业乡情贷"), ("仿山镇", "仿山镇开展"), ("小荷学堂", "小荷学堂"), ("5G", "线上招商会"),
    ("12341", "畅通沟通渠道"), ("郭保存", "防汛备汛"), ("武霏", "小荷学堂"), ("93.02", "党建落到实处"),
    ("定陶 养老", "养老服务更贴心"), ("菏澤", "防汛备汛"), ("鄉情貸", "创业乡情贷"), ("荷学堂", "小荷学堂"),
])
def test_queries_find_their_article(files, query, title_part):
    assert any(title_part in t for t in titles_for(files, query))


def test_two_words_narrow_the_results(files):
    assert len(titles_for(files, "定陶")) > len(titles_for(files, "定陶 养老")) == 1


def test_title_matches_rank_above_body_matches(files):
    # 乡情贷's article has 定陶区 in its title; the others only in their text
    assert "定陶区" in titles_for(files, "定陶")[0]


def test_filters_by_county_and_year(files):
    everything, _ = search_query.search(files, "工作")
    in_gaoxin, _ = search_query.search(files, "工作", county="gaoxin")
    assert in_gaoxin and in_gaoxin == [r for r in everything if "菏泽高新技术开发区" in r[4]]
    in_2024, _ = search_query.search(files, "工作", year="2024")
    assert in_2024 and in_2024 == [r for r in everything if r[3].startswith("2024")]
    assert titles_for(files, "养老", year="2020") == []


@pytest.mark.parametrize("query", ["", " ", "*", "~", "^", ":", "+", "-", '"', "x" * 5000, "<script>", "量子计算机"])
def test_bad_or_empty_queries_find_nothing_and_never_raise(files, query):
    assert titles_for(files, query) == []


def test_every_word_of_an_article_finds_it(files):
    """Query segmentation is consistent with the index: each jieba word of an article finds it."""
    archive = sample_archive()
    cache: dict = {}
    misses = []
    for item in archive.items:
        title = search.display_title(item)
        text = "\n".join([item.title, *(b.text for b in item.body)])
        for word in sorted(set(tokenize(text, search.extra_words(archive)))):
            records, _ = search_query.search(files, word, cache=cache)
            if title not in [r[1] for r in records]:
                misses.append((word, title))
    assert misses == []


def test_every_run_of_two_or_more_title_characters_finds_it(files):
    cache: dict = {}
    misses = []
    for item in sample_archive().items:
        for run in chunks(normalize(item.title)):
            for size in range(2, min(len(run), 6) + 1):
                for start in range(len(run) - size + 1):
                    query = "".join(run[start:start + size])
                    records, _ = search_query.search(files, query, cache=cache)
                    if search.display_title(item) not in [r[1] for r in records]:
                        misses.append(query)
    assert misses == []


def test_two_builds_are_byte_identical():
    assert search.build_search(sample_archive(), URLs()) == search.build_search(sample_archive(), URLs())


def test_splitting_into_more_shards_keeps_results(monkeypatch, files):
    queries = ["定陶", "乡情贷", "武霏", "活动", "菏泽 工作", "5G"]
    before = {q: titles_for(files, q) for q in queries}
    monkeypatch.setattr(search, "POSTINGS_PER_SHARD", 40)
    monkeypatch.setattr(search, "DOC_BYTES_PER_CHUNK", 500)
    many = search.build_search(sample_archive(), URLs())
    assert sum(p.startswith("search/index-") for p in many) > 10
    assert {q: titles_for(many, q) for q in queries} == before
    _, loaded = search_query.search(many, "乡情贷")
    assert len(loaded.paths) < len(many) / 3          # a query loads only a few of the files


def test_traditional_map_is_small_and_covers_the_vocabulary(files):
    manifest = search_query._load(files["search/manifest.js"])
    pairs = manifest["traditional"]
    table = dict(zip(pairs[::2], pairs[1::2]))
    assert table["澤"] == "泽" and table["鄉"] == "乡"
    assert len(table) < len(traditional_map()) / 4
    vocab_chars = {c for term in search_query.vocabulary_from_files(files) for c in term}
    assert set(table.values()) <= vocab_chars


def test_manifest_lists_filters(files):
    manifest = search_query._load(files["search/manifest.js"])
    assert manifest["counties"] == [["dingtao", "定陶区", 3], ["gaoxin", "菏泽高新技术开发区", 2]]
    assert [y for y, _ in manifest["years"]] == ["2024", "2023", "2020"]


def test_result_records_carry_display_text(files):
    records, _ = search_query.search(files, "乡情贷")
    url, title, paper, date, counties, text, authors = records[0]
    assert url == "a/id001.html" and paper == "菏泽日报" and date == "2023-04-23" and counties == ["定陶区"]
    assert authors == ""
    assert title.startswith("定陶区：“创业乡情贷”")       # typeset: full-width colon
    assert "及时雨，解决" in text


def test_term_hash_is_fnv1a():
    assert term_hash("") == 0x811C9DC5
    assert term_hash("a") == 0xE40C292C


def test_first_search_bytes_counts_page_scripts_and_loaded_shards(monkeypatch):
    monkeypatch.setattr(search, "POSTINGS_PER_SHARD", 20)
    monkeypatch.setattr(search, "DOC_BYTES_PER_CHUNK", 500)
    files = search.build_search(sample_archive(), URLs())
    page = '<script src="assets/search.js"></script><form data-lunr="assets/lunr.js">'
    files.update({"search.html": page, "assets/search.js": "x" * 1000, "assets/lunr.js": "y" * 2000,
                  "assets/unused.js": "z" * 5000})
    total = search.first_search_bytes(files)
    assert 3000 + len(files["search/manifest.js"].encode()) < total
    assert total < sum(len(c.encode()) for c in files.values()) / 2


def test_shards_weigh_terms_like_one_global_lunr_index(monkeypatch):
    from lunr.builder import Builder
    docs = search.documents(sample_archive())
    builder = Builder()
    builder.ref("id")
    for name, boost in search.FIELDS:
        builder.field(name, boost=boost)
    for doc in docs:
        builder.add(doc)
    whole = builder.build()
    monkeypatch.setattr(search, "POSTINGS_PER_SHARD", 60)
    files = search.build_search(sample_archive(), URLs())
    weights, names = {}, search_query._load(files["search/manifest.js"])["fields"]
    for path in (p for p in files if p.startswith("search/index-")):
        for term, fields in search_query._tables(search_query._load(files[path]), names).items():
            for field, refs in fields.items():
                weights.update({(term, field, ref): w for ref, w in refs.items()})
    assert len(weights) > 500
    expected = {}
    for ref, vector in whole.field_vectors.items():
        field, doc = ref.split("/")
        for term, posting in whole.inverted_index.items():
            if doc in posting[field]:
                expected[(term, field, doc)] = round(vector.elements[vector.position_for_index(posting["_index"]) + 1], 3)
    assert weights.keys() == expected.keys()
    assert all(abs(weights[key] - exact) <= exact / 512 for key, exact in expected.items())   # the codes' bound
    assert weights == {key: weight_of_code(int(weight_codes(np.array([exact]))[0])) for key, exact in expected.items()}


def test_building_on_every_core_gives_the_same_files(monkeypatch):
    monkeypatch.setattr(search, "POSTINGS_PER_SHARD", 60)
    serial = search.build_search(sample_archive(), URLs())        # few tasks: computed in this process
    monkeypatch.setattr(search, "BATCH", 1)
    monkeypatch.setattr(search, "SHARD_TASKS", 64)
    monkeypatch.setattr("generator.infra.parallel.default_workers", lambda: 2)
    assert search.build_search(sample_archive(), URLs()) == serial


def test_one_worker_builds_the_index_in_this_process(monkeypatch):
    """``build.py --workers 1`` makes no pool in the search stage either (it used every CPU)."""
    monkeypatch.setattr(search, "POSTINGS_PER_SHARD", 60)
    serial = search.build_search(sample_archive(), URLs())
    monkeypatch.setattr(search, "BATCH", 1)
    monkeypatch.setattr("generator.infra.parallel.default_workers", lambda: 2)

    def no_pool(workers):
        raise AssertionError(f"a pool of {workers} was made")
    monkeypatch.setattr("generator.infra.parallel._pool", no_pool)
    assert search.build_search(sample_archive(), URLs(), workers=1) == serial


# --- what readers of an archive expect: byline ranking, phrases, order by date, paper filter ----------

def reader_archive() -> Archive:
    """Return three real seed articles: 牡丹 only in a byline (001), in the text (002), a long article (000)."""
    byline_only = Item(source="001.txt", position=1, kind="article", title=seed_line("001", 25),
                       body=(BodyBlock("paragraph", seed_line("001", 35)[len("本报讯(牡丹晚报全媒体记者 武霏) "):]),),
                       byline="本报讯(牡丹晚报全媒体记者 武霏)", authors=(Person("武霏", "记者"),), id="byline",
                       paper="牡丹晚报", date="2020-07-24")
    in_text = make_item("000", 13, [15], 2, date="2023-04-21")                # 牡丹区人民政府 in the text
    phrase = make_item("000", 87, [89], 3, date="2023-04-20")                 # 菏泽技师学院
    return Archive(pages=(Page(source="x.txt", raw="", items=(byline_only, in_text, phrase)),), counties=COUNTIES)


@pytest.fixture(scope="module")
def reader_files() -> dict:
    """Return the search files of ``reader_archive``."""
    return search.build_search(reader_archive(), URLs())


def ids_for(files: dict, query: str, **options) -> list[str]:
    """Return the ids of the results of ``query``, in the order shown."""
    return [r[0].removeprefix("a/").removesuffix(".html") for r in search_query.search(files, query, **options)[0]]


def test_a_match_only_in_the_byline_ranks_below_a_match_in_the_text(reader_files):
    assert ids_for(reader_files, "牡丹") == ["id002", "byline"]


def test_a_quoted_phrase_must_occur_as_written(reader_files):
    assert ids_for(reader_files, "学院技师") == ids_for(reader_files, "技师学院") == ["id003"]   # words in any order
    assert ids_for(reader_files, '"技师学院"') == ids_for(reader_files, "“技师学院”") == ["id003"]
    assert ids_for(reader_files, '"学院技师"') == []


def test_results_sort_by_date_newest_first_and_filter_by_paper(reader_files):
    assert ids_for(reader_files, "牡丹", sort="date") == ["id002", "byline"]
    dates = {"byline": "2020-07-24", "id002": "2023-04-21", "id003": "2023-04-20"}
    relevant = ids_for(reader_files, "活动")
    assert len(relevant) == 3
    assert ids_for(reader_files, "活动", sort="date") == sorted(relevant, key=dates.get, reverse=True)
    assert ids_for(reader_files, "活动", paper="mdwb") == ["byline"]
    assert sorted(ids_for(reader_files, "活动", paper="hzrb")) == ["id002", "id003"]
    manifest = search_query._load(reader_files["search/manifest.js"])
    assert manifest["papers"] == [["mdwb", "牡丹晚报", 1], ["hzrb", "菏泽日报", 2]] or \
        sorted(manifest["papers"]) == [["hzrb", "菏泽日报", 2], ["mdwb", "牡丹晚报", 1]]


def test_result_records_hold_the_whole_text_and_the_authors(reader_files):
    record = search_query.search(reader_files, "武霏")[0][0]
    assert record[6] == "武霏" and record[5].endswith(search.typeset(seed_line("001", 35)[-20:]))
