"""Removing paragraphs printed twice on a page, keeping the copy in the article it belongs to.

000 `“网格+居民自治”,协商议事促和谐…` is printed at the end of the 定陶区 article (line 111)
and inside the 会盟社区 article (line 123); it stays where the other paragraphs talk about the
same things. Candidates come from an index of hashed shingles, so a huge page is not compared
pair by pair.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Callable

from . import heuristics as h
from .model import Repair
from .segment_items import Draft, Entry

POSTING_CAP = 64   # a shingle shared by more paragraphs than this is boilerplate, not evidence


def _paragraphs(drafts: list[Draft]) -> list[tuple[int, Entry]]:
    """Return (draft index, entry) for every paragraph long enough to be a duplicate."""
    return [(i, e) for i, d in enumerate(drafts) for e in d.body
            if e.type == "paragraph" and len(e.text) >= h.DUPLICATE_MIN_CHARS]


def duplicate_pairs(texts: list[str]) -> list[tuple[int, int]]:
    """Return index pairs (earlier, later) of near-identical texts, found through shared shingles."""
    postings: dict[int, list[int]] = {}
    sets = [h.shingles(t) for t in texts]
    pairs = []
    for index, shingle_set in enumerate(sets):
        shared: Counter[int] = Counter()
        for shingle in shingle_set:
            for other in postings.get(shingle, ())[:POSTING_CAP]:
                shared[other] += 1
            postings.setdefault(shingle, []).append(index)
        for other, count in sorted(shared.items()):
            if count >= h.DUPLICATE_SHARE * min(len(shingle_set), len(sets[other])) \
                    and h.is_near_duplicate(shingle_set, sets[other]):
                pairs.append((other, index))
    return pairs


def _clusters(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Return groups of indices linked by pairs, each sorted, in order of first member."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for x in sorted(parent):
        groups.setdefault(root(x), []).append(x)
    return sorted(groups.values())


def _draft_text(draft: Draft, leave_out: list[Entry] = ()) -> str:
    """Return a draft's headlines and paragraphs as one text, leaving out the given entries."""
    others = [e.text for e in draft.body if all(e is not x for x in leave_out)]
    return "\n".join(t for t in (draft.kicker, draft.title, draft.subtitle, *others) if t)


def bigram_weights(drafts: list[Draft]) -> Callable[[str], float]:
    """Return an inverse-document-frequency weight for bigrams, over the page's articles.

    Bigrams every article uses (001: `高新`, `工作`) say little about where a paragraph belongs.
    """
    frequency: Counter[str] = Counter()
    for draft in drafts:
        frequency.update(h.bigrams(_draft_text(draft)))
    count = len(drafts)
    return lambda gram: math.log((count + 1) / (frequency[gram] + 0.5))


def weighted_similarity(a: set[str], b: set[str], weight: Callable[[str], float]) -> float:
    """Return the weighted cosine overlap of two bigram sets (0 when either is empty)."""
    norm = math.sqrt(sum(map(weight, a)) * sum(map(weight, b)))
    return sum(map(weight, a & b)) / norm if norm else 0.0


def context_score(drafts: list[Draft], draft_index: int, entry: Entry, copies: list[Entry],
                  weight: Callable[[str], float]) -> float:
    """Return how much ``entry`` resembles the rest of its own article (all copies left out).

    001 `会议要求,要抓好改革创新…`: 0.06 in the 述职述廉 article against 0.05 in 双城同创.
    """
    context = _draft_text(drafts[draft_index], leave_out=copies)
    return weighted_similarity(h.bigrams(entry.text), h.bigrams(context), weight)


def remove_duplicates(drafts: list[Draft]) -> None:
    """Remove every repeated paragraph but the copy that fits its article best, recording each removal."""
    found = _paragraphs(drafts)
    weight = bigram_weights(drafts)
    for cluster in _clusters(duplicate_pairs([entry.text for _, entry in found])):
        copies = [found[i] for i in cluster]
        entries = [entry for _, entry in copies]
        scores = [context_score(drafts, d, e, entries, weight) for d, e in copies]
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
