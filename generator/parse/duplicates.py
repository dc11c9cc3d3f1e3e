"""Removing paragraphs printed twice on a page, keeping the copy in the article it belongs to.

000 `“网格+居民自治”,协商议事促和谐…` is printed at the end of the 定陶区 article (line 111)
and inside the 会盟社区 article (line 123); it stays where the other paragraphs talk about the
same things. Candidates come from an index of hashed shingles, so a huge page is not compared
pair by pair.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import chain

from generator.model import Repair
from generator.parse import rules as h
from generator.parse.items import Draft, Entry

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
    sets = h.shingle_sets(texts)
    repeated = _repeated(sets)
    postings: defaultdict[int, list[int]] = defaultdict(list)
    pairs = []
    for index, shingle_set in enumerate(sets):
        linked = list(map(postings.__getitem__, shingle_set & repeated))    # a shingle of one text links nothing
        shared = Counter(chain.from_iterable(linked))
        for posting in linked:
            if len(posting) < POSTING_CAP:
                posting.append(index)
        if shared:
            other, _ = min(shared.items(), key=lambda pair: (-pair[1], pair[0]))
            if h.is_near_duplicate(shingle_set, sets[other]):
                pairs.append((other, index))
    return pairs


def _repeated(sets: list[set[int]]) -> set[int]:
    """Return the shingles found in more than one of ``sets``."""
    seen: set[int] = set()
    repeated: set[int] = set()
    for shingle_set in sets:
        repeated |= shingle_set & seen
        seen |= shingle_set
    return repeated


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
    """Bigram sets of every entry and headline of a page, and page-wide weights for them.

    Each article keeps a count of how many of its parts use each bigram, so that leaving a few
    paragraphs out costs only their own size, never the article's: scoring stays linear.
    """

    def __init__(self, drafts: list[Draft]):
        """Index the bigrams of every paragraph and headline of ``drafts``."""
        self.drafts = drafts
        entries = [e for d in drafts for e in d.body]
        heads = ["\n".join(t for t in (d.kicker, d.title, d.subtitle) if t) for d in drafts]
        grams = h.bigram_keys([e.text for e in entries] + heads)
        self.grams = {id(e): g for e, g in zip(entries, grams)}
        self.owner = {id(e): index for index, d in enumerate(drafts) for e in d.body}
        self.heads = grams[len(entries):]
        self.counts = [self._counts(index) for index in range(len(drafts))]
        self.weight = self._weights()
        self._masses: dict[int, float] = {}

    def _counts(self, index: int) -> Counter[int]:
        """Return, per bigram, how many parts (headline block, paragraphs) of draft ``index`` use it."""
        counts: Counter[int] = Counter(self.heads[index])
        for entry in self.drafts[index].body:
            counts.update(self.grams[id(entry)])
        return counts

    def _weights(self) -> dict[int, float]:
        """Return an inverse-document-frequency weight per bigram, over the page's articles.

        Bigrams every article uses (001: `高新`, `工作`) say little about where a paragraph belongs.
        """
        frequency: Counter[int] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        count = len(self.drafts)
        logs = {n: math.log((count + 1) / (n + 0.5)) for n in set(frequency.values())}
        return dict(zip(frequency.keys(), map(logs.__getitem__, frequency.values())))

    def mass(self, draft_index: int) -> float:
        """Return the summed weight of the bigrams draft ``draft_index`` still uses (computed when first asked)."""
        if draft_index not in self._masses:
            self._masses[draft_index] = math.fsum(map(self.weight.__getitem__, self.counts[draft_index]))
        return self._masses[draft_index]

    def _dropped(self, draft_index: int, entries: list[Entry]) -> Counter[int]:
        """Return how many uses of each bigram the ``entries`` still in draft ``draft_index`` make."""
        dropped: Counter[int] = Counter()
        for entry in entries:
            if self.owner.get(id(entry)) == draft_index:
                dropped.update(self.grams[id(entry)])
        return dropped

    def score(self, draft_index: int, entry: Entry, copies: list[Entry]) -> float:
        """Return how much ``entry`` resembles the rest of its own article (all copies left out).

        001 `会议要求,要抓好改革创新…`: 0.06 in the 述职述廉 article against 0.05 in 双城同创.
        """
        counts, dropped = self.counts[draft_index], self._dropped(draft_index, copies)
        gone = [g for g, n in dropped.items() if counts[g] - n <= 0]
        rest_mass = math.fsum([self.mass(draft_index), *(-self.weight[g] for g in gone)])
        shared = [g for g in self.grams[id(entry)] if counts.get(g, 0) - dropped.get(g, 0) > 0]
        own_mass = math.fsum(self.weight.get(g, 0.0) for g in self.grams[id(entry)])
        norm = math.sqrt(own_mass * rest_mass) if own_mass > 0 and rest_mass > 0 else 0.0
        return math.fsum(self.weight[g] for g in shared) / norm if norm else 0.0

    def forget(self, draft_index: int, entry: Entry) -> None:
        """Update the counts after ``entry`` was taken out of draft ``draft_index``."""
        counts, mass = self.counts[draft_index], self.mass(draft_index)
        self.owner.pop(id(entry), None)
        gone = []
        for gram in self.grams[id(entry)]:
            counts[gram] -= 1
            if counts[gram] <= 0:
                del counts[gram]
                gone.append(-self.weight[gram])
        # fsum is exact whatever the order, so hash-seed set order cannot change a build
        self._masses[draft_index] = math.fsum([mass, *gone])


def remove_duplicates(drafts: list[Draft]) -> None:
    """Remove every repeated paragraph but the copy that fits its article best, recording each removal."""
    found = _paragraphs(drafts)
    clusters = _clusters(duplicate_pairs([entry.text for _, entry in found]))
    if not clusters:
        return
    context, removed = Context(drafts), set()
    for cluster in clusters:
        copies = [found[i] for i in cluster]
        entries = [entry for _, entry in copies]
        scores = [context.score(d, e, entries) for d, e in copies]
        keep = max(range(len(copies)), key=lambda i: (scores[i], -i))
        for i, (draft_index, entry) in enumerate(copies):
            if i != keep:
                _record(drafts, draft_index, entry, copies[keep], scores[keep], scores[i])
                context.forget(draft_index, entry)
                removed.add(id(entry))
    for draft in drafts:
        if removed.intersection(id(e) for e in draft.body):
            draft.body = [e for e in draft.body if id(e) not in removed]


def _record(drafts: list[Draft], draft_index: int, entry: Entry, kept: tuple[int, Entry],
            kept_score: float, score: float) -> None:
    """Record on ``entry``'s draft that it is removed, what it was and why (the caller removes it)."""
    draft = drafts[draft_index]
    keeper_index, keeper = kept
    name = drafts[keeper_index].title or (keeper.text[:12] + "…")
    same = "the same article" if keeper_index == draft_index else f"item {keeper_index + 1} `{name}`"
    detail = (f"line {entry.lines[0]}: paragraph also printed on line {keeper.lines[0]}; kept in {same}, "
              f"whose other paragraphs it resembles more ({kept_score:.2f} vs {score:.2f} here)")
    draft.repairs.append(Repair("duplicate_removed", detail, removed=entry.text,
                                confidence=keep_confidence(kept_score, score)))


def keep_confidence(kept_score: float, score: float) -> float:
    """Return how sure the choice of the kept copy is: 0.5 when both copies fit as well, 1.0 when
    the removed copy fits its article not at all (half the relative difference of the two scores)."""
    total = kept_score + score
    if total <= 0:
        return 0.5
    return round(0.5 + 0.5 * max(0.0, kept_score - score) / total, 3)
