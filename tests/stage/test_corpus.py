"""The development corpus tools (bench/corpus): split, composer and scorer, on a sample of real articles."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from bench.corpus.articles import authors_of, load_articles
from bench.corpus.compose import TERMINALS, ComposedPage, compose_part, restyle_byline
from bench.corpus.score import field_results, norm, score_page
from bench.corpus.split import MEASURE, TUNE, split_corpus
from generator.model import BodyBlock, Item, Page, Person, Repair

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus_sample.json"


@pytest.fixture(scope="module")
def articles():
    return load_articles(SAMPLE)


@pytest.fixture(scope="module")
def pages(articles):
    return [p for seed in (1, 2, 3, 4) for p in compose_part(articles, TUNE, seed)]


@pytest.mark.parametrize("byline, authors", [
    ("本报讯(记者 谢非)", (("谢非", "记者"),)),
    ("■ 记者 吴永生\n实习生 王少锋", (("吴永生", "记者"), ("王少锋", "实习生"))),
    ("通讯员周曙明本报记者薛亚林", (("周曙明", "通讯员"), ("薛亚林", "本报记者"))),
    ("本报记者王野郊摄影沈生", (("王野郊", "本报记者"), ("沈生", "摄影"))),
    ("(赫子仪)", (("赫子仪", ""),)),
    ("准轩 摄", (("准轩", "摄影"),)),
    ("本报讯 (记者 高道飞 实习生 田园黄俊)", None),      # a glued run of four: ambiguous
    ("(通讯员孙春影 全媒体记者汤 珏)", None),
    ("本报讯 记者李明、通讯员王刚报道", (("李明", "记者"), ("王刚", "通讯员"))),   # unbracketed dateline
    (None, ()),
])
def test_gold_authors_only_when_unambiguous(byline, authors):
    assert authors_of(byline) == authors


def test_other_papers_byline_forms_are_composed(articles):
    restyled = [a for seed in range(1, 9) for a in map(lambda a: restyle_byline(a, TUNE, seed), articles)
                if a.byline and re.match(r"^(?:[(■□●]|[^ ]*网讯|晚报讯|本报讯 |记者[^ ])", a.byline)]
    assert restyled
    for article in restyled:
        if article.byline_position == "inline_start":
            assert article.paragraphs[0].startswith(article.byline)
        if article.byline_position == "inline_end":
            assert article.paragraphs[-1].endswith(article.byline)


def test_split_puts_seed_papers_in_tune_and_unnamed_in_measure(articles):
    split = split_corpus(articles)
    assert split.papers["菏泽日报"] == TUNE
    assert set(split.tune).isdisjoint(split.measure) and len(split.tune) + len(split.measure) == len(articles)
    both = {a.newspaper for a in split.tune} & {a.newspaper for a in split.measure}
    assert not both
    named = split_corpus(articles + (dataclasses.replace(articles[0], index=99, newspaper=None),))
    assert named.papers[None] == MEASURE


def test_composer_is_deterministic_and_seeds_differ(articles):
    assert compose_part(articles, TUNE, 7) == compose_part(articles, TUNE, 7)
    assert compose_part(articles, TUNE, 7)[0].text != compose_part(articles, TUNE, 8)[0].text


def test_every_article_is_laid_out_once_on_pages_of_three_to_seven(articles):
    for seed in (1, 2, 3):
        composed = compose_part(articles, TUNE, seed)
        assert sorted(g.article for p in composed for g in p.items) == sorted(a.index for a in articles)
        assert all(3 <= len(p.items) <= 7 for p in composed)


def gold_places(page: ComposedPage) -> list[str]:
    """Return every gold text of a page and its leaked copies: together, the page's text."""
    places = [leak.text for leak in page.leaks]
    for g in page.items:
        places += [g.kicker or "", g.title or "", g.subtitle or "", g.byline or "", *g.paragraphs, *g.captions]
    return places


def test_gold_accounts_for_every_printed_character(pages):
    for page in pages:
        assert Counter(norm(page.text)) == Counter(norm("".join(gold_places(page)))), page.name


def test_cuts_are_not_at_sentence_ends_and_halves_are_printed_as_lines(pages):
    cuts = [(p, c) for p in pages for c in p.cuts]
    assert len(cuts) > 10
    for page, cut in cuts:
        lines = page.text.split("\n")
        assert cut.head in lines and cut.tail in lines
        assert cut.head[-1] not in TERMINALS
        if cut.caption:
            assert cut.caption in page.items[cut.item].captions


def test_damage_of_every_kind_is_composed(pages):
    assert any(c.caption for p in pages for c in p.cuts)
    assert any(p.leaks for p in pages)
    assert any(p.title_after is not None for p in pages)
    assert any(g.kind == "photo" for p in pages for g in p.items)
    assert any(re.search(r"\n\n\n\n", p.text) for p in pages)


def gold_as_page(page: ComposedPage) -> Page:
    """Return the page a perfect parser would make: the gold, with each leaked copy recorded as removed."""
    items = []
    for n, g in enumerate(page.items):
        removed = tuple(Repair("duplicate_removed", "", leak.text) for leak in page.leaks if leak.host == n)
        photo_caps = g.paragraphs if g.kind == "photo" else ()
        items.append(Item(source=page.name, position=n + 1, kind=g.kind or "article", title=g.title,
                          kicker=g.kicker, subtitle=g.subtitle, byline=g.byline,
                          authors=tuple(Person(*a) for a in g.authors or ()),
                          body=() if photo_caps else tuple(BodyBlock("paragraph", p) for p in g.paragraphs),
                          captions=photo_caps or g.captions, repairs=removed, lines=g.lines,
                          counties=(g.county,) if g.county else ()))
    return Page(source=page.name, raw=page.text, items=tuple(items))


def test_gold_scores_perfectly_against_itself(pages):
    for page in pages:
        tally = score_page(page, gold_as_page(page))
        for metric, (ok, total) in tally.counts.items():
            if metric in ("chars lost", "chars invented", "false joins", "pages losing text"):
                assert ok == 0, (page.name, metric)
            elif metric != "joins made":
                assert ok == total, (page.name, metric, ok, total)


def test_a_merged_or_leaky_output_scores_below_perfect(pages):
    page = next(p for p in pages if p.leaks and len(p.items) >= 3)
    good = gold_as_page(page)
    first, second = good.items[0], good.items[1]
    merged = dataclasses.replace(first, body=first.body + second.body, lines=first.lines + second.lines,
                                 captions=first.captions + second.captions)
    broken = dataclasses.replace(good, items=(merged, *good.items[2:]))
    tally = score_page(page, broken)
    assert tally.counts["items exact"][0] < tally.counts["items exact"][1]
    assert tally.counts["chars lost"][0] > 0                     # the second title and byline are gone
    leak = page.leaks[0]
    host = good.items[leak.host]
    leaky = dataclasses.replace(host, body=host.body + (BodyBlock("paragraph", leak.text),), repairs=())
    kept = dataclasses.replace(good, items=tuple(leaky if i is host else i for i in good.items))
    assert score_page(page, kept).counts["leaks removed"][0] == 0


def test_a_false_join_and_a_lost_caption_are_counted(pages):
    page = next(p for p in pages if any(c.caption for c in p.cuts))
    cut = next(c for c in page.cuts if c.caption)
    good = gold_as_page(page)
    item = good.items[cut.item]
    glued = tuple(BodyBlock(b.type, b.text.replace(cut.head, cut.head + cut.caption)) for b in item.body)
    bad = dataclasses.replace(item, body=glued, captions=tuple(c for c in item.captions if c != cut.caption))
    tally = score_page(page, dataclasses.replace(good, items=tuple(bad if i is item else i for i in good.items)))
    assert tally.counts["false joins"][0] >= 1
    assert tally.counts["captions recognised"][0] < tally.counts["captions recognised"][1]
    assert field_results(page.items[cut.item], None)["items exact"] is False


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_parser_loses_nothing_on_composed_pages(articles, seed):
    from bench.corpus.adapter import analyse
    from bench.corpus.score import conservation
    for page in compose_part(articles, TUNE, seed):
        assert conservation(page.text, analyse(page.name + ".txt", page.text)) == (0, 0), page.name
