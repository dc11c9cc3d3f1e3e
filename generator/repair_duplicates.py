"""Removing paragraphs printed twice on a page, keeping the copy in the article it belongs to.

000 `“网格+居民自治”,协商议事促和谐…` is printed at the end of the 定陶区 article (line 111)
and inside the 会盟社区 article (line 123); it stays where the other paragraphs talk about the
same things. Candidates come from an index of hashed shingles, so a huge page is not compared
pair by pair.
"""
from __future__ import annotations

import math
from collections import Counter

from . import heuristics as h
from .model import Repair
from .segment_items import Draft, Entry

POSTING_CAP = 8    # enough copies of a shingle to find any paragraph's twin; keeps the index linear


def _paragraphs(drafts: list[Draft]) -> list[tuple[int, Entry]]:
    """Return (draft index, entry) for every paragraph long enough to be a duplicate."""
    return [(i, e) for i, d in enumerate(drafts) for e in d.body
            if e.type == "paragraph" and len(e.text) >= h.DUPLICATE_MIN_CHARS]


def duplicate_pairs(texts: list[str]) -> list[tuple[int, int]]:
    """Return index pairs (earlier, later) of near-identical texts, found through shared shingles.

    Each text is checked only against the earlier text it shares most shingles with: one link
    is enough to put all copies of a paragraph in one group.
    """
    postings: dict[int, list[int]] = {}
    sets = [h.shingles(t) for t in texts]
    pairs = []
    for index, shingle_set in enumerate(sets):
        shared: dict[int, int] = {}
        for shingle in shingle_set:
            posting = postings.setdefault(shingle, [])
            for other in posting:
                shared[other] = shared.get(other, 0) + 1
            if len(posting) < POSTING_CAP:
                posting.append(index)
        if shared:
            other, _ = min(shared.items(), key=lambda pair: (-pair[1], pair[0]))
            if h.is_near_duplicate(shingle_set, sets[other]):
                pairs.append((other, index))
    return pairs


def _clusters(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Return groups of indices linked by pairs, each sorted, in order of first member."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        """Return the representative of ``x``'s group."""
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for x in sorted(parent):
        groups.setdefault(root(x), []).append(x)
    return sorted(groups.values())


class Context:
    """Bigram sets of every entry and headline of a page, and page-wide weights for them."""

    def __init__(self, drafts: list[Draft]):
        """Index the bigrams of every paragraph and headline of ``drafts``."""
        self.drafts = drafts
        self.grams = {id(e): h.bigrams(e.text) for d in drafts for e in d.body}
        self.heads = [h.bigrams("\n".join(t for t in (d.kicker, d.title, d.subtitle) if t)) for d in drafts]
        self.weight = self._weights()

    def _weights(self) -> dict[str, float]:
        """Return an inverse-document-frequency weight per bigram, over the page's articles.

        Bigrams every article uses (001: `高新`, `工作`) say little about where a paragraph belongs.
        """
        frequency: Counter[str] = Counter()
        for index, draft in enumerate(self.drafts):
            frequency.update(set().union(self.heads[index], *(self.grams[id(e)] for e in draft.body)))
        count = len(self.drafts)
        return {gram: math.log((count + 1) / (n + 0.5)) for gram, n in frequency.items()}

    def score(self, draft_index: int, entry: Entry, copies: list[Entry]) -> float:
        """Return how much ``entry`` resembles the rest of its own article (all copies left out).

        001 `会议要求,要抓好改革创新…`: 0.06 in the 述职述廉 article against 0.05 in 双城同创.
        """
        left_out = {id(c) for c in copies}
        rest = set().union(self.heads[draft_index], *(self.grams[id(e)] for e in self.drafts[draft_index].body
                                                       if id(e) not in left_out))
        return self.similarity(self.grams[id(entry)], rest)

    def similarity(self, a: set[str], b: set[str]) -> float:
        """Return the weighted cosine overlap of two bigram sets (0 when either is empty)."""
        weight = self.weight.get
        # fsum is exact, so the result does not depend on set order (hash seeds): builds stay identical
        norm = math.sqrt(math.fsum(weight(g, 0.0) for g in a) * math.fsum(weight(g, 0.0) for g in b))
        return math.fsum(weight(g, 0.0) for g in a & b) / norm if norm else 0.0


def remove_duplicates(drafts: list[Draft]) -> None:
    """Remove every repeated paragraph but the copy that fits its article best, recording each removal."""
    found = _paragraphs(drafts)
    context = Context(drafts)
    for cluster in _clusters(duplicate_pairs([entry.text for _, entry in found])):
        copies = [found[i] for i in cluster]
        entries = [entry for _, entry in copies]
        scores = [context.score(d, e, entries) for d, e in copies]
        keep = max(range(len(copies)), key=lambda i: (scores[i], -i))
        for i, (draft_index, entry) in enumerate(copies):
            if i != keep:
                _remove(drafts, draft_index, entry, copies[keep], scores[keep], scores[i])


def _remove(drafts: list[Draft], draft_index: int, entry: Entry, kept: tuple[int, Entry],
            kept_score: float, score: float) -> None:
    """Take ``entry`` out of its draft and record what was removed and why."""
    draft = drafts[draft_index]
    draft.body = [e for e in draft.body if e is not entry]
    keeper_index, keeper = kept
    name = drafts[keeper_index].title or (keeper.text[:12] + "…")
    same = "the same article" if keeper_index == draft_index else f"item {keeper_index + 1} `{name}`"
    detail = (f"line {entry.lines[0]}: paragraph also printed on line {keeper.lines[0]}; kept in {same}, "
              f"whose other paragraphs it resembles more ({kept_score:.2f} vs {score:.2f} here)")
    draft.repairs.append(Repair("duplicate_removed", detail, removed=entry.text))
