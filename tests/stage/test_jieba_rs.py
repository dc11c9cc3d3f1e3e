"""rjieba (the default search tokenizer) cuts exactly like jieba, the reference: on every seed item and
on a generated archive, with the archive's added words (people's and county names)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.search import build as search
from generator.search.text import segmenter, tokenize
from generator.text import jieba_dict, jieba_rs
from generator.text.typography import typeset

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/ is not a package)
import tokenizers  # noqa: E402
from bench.corpus.__main__ import DEFAULT_CORPUS  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "corpus_sample.json"

GENERATED_PAGES = 60


@pytest.fixture(scope="module")
def seed_archive():
    return tokenizers.archive_of(ROOT / "seeds")


@pytest.fixture(scope="module")
def generated_archive(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("generated") / "seeds"
    generate.Generator().write_archive(seeds, GENERATED_PAGES)
    return tokenizers.archive_of(seeds, workers=None)


def share_cut_by_rust(archive) -> float:
    """Return the share of the archive's runs that jieba-rs itself cuts (the rest go to jieba)."""
    rust = segmenter(tuple(sorted(set(search.extra_words(archive)))), "rjieba")
    runs = [run for text in tokenizers.archive_texts(archive) for run in tokenizers.JIEBA_RUN.findall(
        tokenizers.normalize(text))]
    return sum(map(rust.exact, runs)) / len(runs)


@pytest.mark.parametrize("which", ["seed_archive", "generated_archive"])
def test_rjieba_cuts_every_item_like_jieba(request, which):
    archive = request.getfixturevalue(which)
    words = search.extra_words(archive)
    assert len(words) > 50 and len(archive.items) > 40            # the names and counties are known
    assert tokenizers.differences(tokenizers.archive_texts(archive), words) == []
    assert share_cut_by_rust(archive) > 0.99                       # and jieba-rs did the cutting, not jieba


@pytest.mark.parametrize("corpus", [SAMPLE, DEFAULT_CORPUS], ids=["sample", "corpus"])
def test_rjieba_cuts_other_papers_articles_like_jieba(corpus, seed_archive):
    """Articles of other papers (the corpus held `全长126.04m`, which jieba-rs alone cuts 126.04m + 04m)."""
    if not corpus.is_file():
        pytest.skip(f"corpus not found at {corpus} (set BENCH_CORPUS)")
    articles = json.loads(corpus.read_text(encoding="utf-8"))
    texts = [typeset(text or "") for a in articles
             for text in (a["kicker"], a["title"], a["subtitle"], a["byline"], *a["paragraphs"])]
    words = search.extra_words(seed_archive) + sorted({a["county"] for a in articles if a.get("county")})
    assert len(texts) > 50 and tokenizers.differences(texts, words) == []


def test_a_different_word_list_shows_as_different_tokens(seed_archive):
    """The comparison is not blind: rjieba without the archive's names cuts them apart (张培龙 → 张 培龙)."""
    words = search.extra_words(seed_archive)
    differing = tokenizers.differences(tokenizers.archive_texts(seed_archive), words, rust_words=[])
    assert differing and all(set(ours) != set(theirs) for _, ours, theirs in differing)


def test_the_same_search_files_with_either_tokenizer(seed_archive):
    texts = tokenizers.archive_texts(seed_archive)
    words = search.extra_words(seed_archive)
    assert [tokenize(t, words, "rjieba") for t in texts] == [tokenize(t, words, "jieba") for t in texts]


def test_the_total_frequency_is_jiebas_after_adding_words():
    """jieba-rs's add_word raises its total; jieba_dict.with_words keeps jieba's. 牡丹 gets 458 (+1) and each
    new name 1: without the filler and the words left out, totals would differ and so could the cuts."""
    names = ("牡丹", "张培龙", "菏泽高新区")
    rust = jieba_rs.with_words(names)
    kept = {w: f for w, f in rust.reference.FREQ.items() if f and jieba_rs.RUST_SAFE.fullmatch(w)}
    assert rust.reference.total == jieba_dict.default().total and not rust.left_out
    assert kept["牡丹"] == jieba_dict.default().FREQ["牡丹"] + 1 and kept["张培龙"] == 1
    filler = rust.rust.suggest_freq(jieba_rs.FILLER) - 1    # a known word's suggestion is its frequency + 1
    assert filler > 0 and sum(kept.values()) + filler == rust.reference.total


def test_words_that_do_not_fit_the_total_are_cut_by_jieba():
    """Past the spare total (211 at jieba 0.42.1) names are left out of jieba-rs; a run holding one goes to jieba."""
    names = tuple(sorted(f"{a}{b}{c}" for a in "赵钱孙李周吴郑王" for b in "子丑寅卯辰巳午未" for c in "甲乙丙丁"))
    rust = jieba_rs.with_words(names)
    assert rust.left_out
    for run in [f"记者{name}报道" for name in names]:
        assert rust.lcut_for_search(run) == rust.reference.lcut_for_search(run, HMM=True)
    assert not rust.exact(f"记者{sorted(rust.left_out)[0]}报道")


@pytest.mark.parametrize("run", [
    "增长5%3个百分点",            # jieba-rs's HMM would keep 5%3 whole
    "㐀字和鿰字都在",              # CJK extension A and U+9FF0: jieba splits them off, jieba-rs would not
    "全长126.04m",                # jieba-rs keeps 126.04m whole (and adds 04m); jieba cuts 126.04 + m
    "登录126.com",
    "版本1.0.0",
])
def test_runs_jieba_rs_would_cut_differently_go_to_jieba(run):
    rust = jieba_rs.with_words(())
    assert not rust.exact(run)
    assert rust.lcut_for_search(run) == rust.reference.lcut_for_search(run, HMM=True)


RUN_CHARS = "的一是在年增长全长公里米元万亿张培龙定陶菏泽高新区" + "abkm0159%."


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=RUN_CHARS, min_size=1, max_size=14))
def test_any_run_of_han_letters_digits_dots_and_percent_is_cut_like_jieba(run):
    """Where jieba-rs differs (126.04m, 1.0.0, 5%3) the run goes to jieba; everywhere else jieba-rs cuts alike."""
    rust = jieba_rs.with_words(("张培龙", "菏泽高新区"))
    assert rust.lcut_for_search(run) == rust.reference.lcut_for_search(run, HMM=True)
