"""Nothing is lost: every non-whitespace character of a page lands in exactly one output place."""
from __future__ import annotations

import random
from collections import Counter

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Page, SourcePage
from generator.parse.pipeline import parse_page


def output_places(page: Page) -> list[str]:
    """Return every text the page's characters may land in: item fields, banner, removed text."""
    places = [page.banner or ""]
    places += [r.removed for r in page.repairs]
    for item in page.items:
        places += [item.kicker or "", item.title or "", item.subtitle or "", item.byline or "", item.credit or ""]
        places += [b.text for b in item.body] + list(item.captions) + [r.removed for r in item.repairs]
    return places


def chars(text: str) -> Counter:
    """Return the multiset of non-whitespace characters of ``text``."""
    return Counter(c for c in text if not c.isspace())


def assert_conserved(raw: str, page: Page) -> None:
    """Fail with the characters lost or invented if the page's output does not match its input."""
    got = chars("".join(output_places(page)))
    want = chars(raw)
    assert got == want, f"lost {dict(want - got)}; invented {dict(got - want)}"


def source(name: str, text: str) -> SourcePage:
    """Return a SourcePage for ``text``."""
    return SourcePage(name=name, text=text, encoding="utf-8", sha256="0")


SEED_PAGES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda p: p.name[:3])
def test_every_character_of_a_seed_page_is_kept_once(path):
    raw = path.read_text(encoding="utf-8")
    assert_conserved(raw, parse_page(source(path.name, raw)))


def shuffled_page(seed: int) -> str:
    """Return a generated page: blocks of the seed pages in a new order, some cut or gapped anew."""
    rng = random.Random(seed)
    blocks = [b.strip() for p in SEED_PAGES for b in p.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    chosen = rng.sample(blocks, k=min(len(blocks), rng.randint(5, 60)))
    out = []
    for block in chosen:
        if len(block) > 30 and rng.random() < 0.3:
            cut = rng.randint(5, len(block) - 5)
            block = block[:cut] + "\n" * rng.randint(2, 4) + block[cut:]
        out.append(block)
        out.append("\n" * rng.randint(1, 4))
    if rng.random() < 0.3:
        out.insert(rng.randint(0, len(out)), rng.choice(out))      # a block printed twice
    return "".join(out)


@pytest.mark.parametrize("seed", range(40))
def test_every_character_of_a_generated_page_is_kept_once(seed):
    raw = shuffled_page(seed)
    assert_conserved(raw, parse_page(source(f"gen{seed}.txt", raw)))


def test_a_page_with_no_structure_is_one_item_and_keeps_its_text():
    raw = "今天天气很好\n\n我们去公园\n"
    page = parse_page(source("plain.txt", raw))
    assert len(page.items) == 1 and page.warnings
    assert_conserved(raw, page)


SEED_LINES = sorted({line.strip() for p in SEED_PAGES for line in p.read_text(encoding="utf-8").split("\n") if line.strip()})
ODD_LINES = ["记者 张三", "本报讯(记者 李四)", "——", "■", "摄", " ", "\t", "(", "“", "市、", "。", "本报讯(通讯员 王五)近日,", "通讯员 赵六 摄"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(SEED_LINES + ODD_LINES), st.integers(0, 4), st.integers(0, 40)),
                min_size=0, max_size=40))
def test_any_arrangement_of_lines_is_parsed_without_error_and_without_loss(parts):
    lines = []
    for text, blanks, cut in parts:
        cut = min(cut, len(text))
        lines += [text[:cut], *[""] * blanks, text[cut:]] if cut and blanks else [text, *[""] * blanks]
    raw = "\n".join(lines)
    page = parse_page(source("fuzz.txt", raw))
    assert_conserved(raw, page)
    assert all(item.position == n for n, item in enumerate(page.items, 1))
