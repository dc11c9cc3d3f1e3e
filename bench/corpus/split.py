"""Split the corpus by paper into a TUNE part (rules may be fitted on it) and a MEASURE part (only measured).

The rule, deterministic and independent of any composer seed:

1. 菏泽日报, 牡丹晚报 and 济宁日报 go to TUNE: the five seed pages come from them.
2. Articles whose page names no paper (``newspaper`` null) form one group and go to MEASURE.
3. Every other paper, taken in the order of the SHA-256 of its name (UTF-8), goes to whichever
   part holds fewer of these other papers' articles so far (TUNE on a tie): about 50/50 by
   article count, and no paper is ever in both parts.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .articles import Article

TUNE, MEASURE = "tune", "measure"
PARTS = (TUNE, MEASURE)
SEED_PAPERS = ("菏泽日报", "牡丹晚报", "济宁日报")


@dataclass(frozen=True)
class Split:
    """Which paper is in which part, and the articles of each part."""

    papers: dict                       # paper name (or None) -> part
    tune: tuple[Article, ...]
    measure: tuple[Article, ...]

    def part(self, name: str) -> tuple[Article, ...]:
        """Return the articles of part ``name`` (``tune`` or ``measure``)."""
        return self.tune if name == TUNE else self.measure


def _paper_key(paper: str) -> str:
    """Return the ordering key of a paper: the hex SHA-256 of its UTF-8 name."""
    return hashlib.sha256(paper.encode("utf-8")).hexdigest()


def split_corpus(articles: tuple[Article, ...]) -> Split:
    """Return the TUNE/MEASURE split of ``articles`` by paper (rule in the module docstring)."""
    counts: dict = {}
    for article in articles:
        counts[article.newspaper] = counts.get(article.newspaper, 0) + 1
    papers: dict = {p: TUNE for p in SEED_PAPERS if p in counts}
    if None in counts:
        papers[None] = MEASURE
    load = {TUNE: 0, MEASURE: 0}
    for paper in sorted((p for p in counts if p is not None and p not in SEED_PAPERS), key=_paper_key):
        part = TUNE if load[TUNE] <= load[MEASURE] else MEASURE
        papers[paper] = part
        load[part] += counts[paper]
    return Split(papers=papers,
                 tune=tuple(a for a in articles if papers[a.newspaper] == TUNE),
                 measure=tuple(a for a in articles if papers[a.newspaper] == MEASURE))
