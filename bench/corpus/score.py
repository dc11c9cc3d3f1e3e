"""Score the parser's items for a composed page against the page's gold.

Text is compared with all whitespace removed (``norm``): extraction adds stray spaces and the
project drops them, and line breaks inside a multi-line byline or kicker are not content.

**Alignment.** Each output item is matched to at most one gold item and vice versa: the pair
sharing the most printed characters, counted over the page lines both were made from (the
output ``Item.lines`` against the lines the composer printed for the article), greedily, largest
first. A gold item with no partner fails every field.

Per gold item (article), a field is **exact** when:

- ``boundaries``: the aligned item's text (kicker, title, subtitle, byline, credit, body,
  captions) has exactly the characters of the gold item's fields (as a multiset): nothing of
  another article, nothing of its own missing, wherever inside the item each piece landed;
- ``kind``: ``article`` or ``photo`` as laid out (skipped for a ``photo_news`` printed with its
  title: either is right);
- ``kicker``, ``title``, ``subtitle``: equal (None equals empty);
- ``byline``: the item's byline and credit together equal the printed byline;
- ``authors``: same names in the same order, each role matching (one role ends with the other:
  ``记者`` ~ ``本报记者``; ``摄`` ~ ``摄影``; "" only ~ ""); counted only when the gold authors
  are derivable from the byline (``articles.authors_of``);
- ``paragraphs``: the body blocks (paragraphs and subheadings) equal the gold paragraphs, in
  order; for a ``photo_news`` item body and captions together equal its caption text;
- ``captions``: the captions equal the captions interleaved into the article, in order (skipped
  for ``photo_news`` items, whose caption text is scored as paragraphs);
- ``county``: the item's first county is the gold county (None when it has none; a city-level item
  must have no county). The names are compared as places, not strings (``adapter.same_county``):
  the corpus writes 邹平县 (a 市 since 2018), 菏泽市开发区, 鲁西新区 (two merged zones), 和平区
  where the gazetteer says 沈阳市和平区 (a name several counties share).

``items exact``: every field above that applies is exact.

Over the page's damage:

- ``paragraphs intact``: a gold paragraph equals one body block of the aligned item;
- ``captions recognised``: an interleaved caption equals one caption of the aligned item;
- ``cuts joined``: the last 8 characters of a cut's head followed directly by the first 8 of its
  tail occur in one body block (or caption: photo text) of the aligned item;
- ``false joins``: two printed lines (the second at most 4 lines after the first) that are not
  the halves of a cut, whose junction (8 + 8 characters) occurs in one body block or caption of
  any item; ``joins made`` = cuts joined + false joins;
- ``leaks removed``: the text of a paragraph printed twice occurs once in the page's body blocks
  and captions, inside the aligned item of the article it belongs to, and not in the aligned item
  of the article its copy was printed in;
- ``chars lost``: characters of the page (non-whitespace, as a multiset) that are in no item
  field, the banner, or a repair's ``removed`` text; ``chars invented``: the converse.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .adapter import same_county
from .compose import ComposedPage, GoldItem, norm

JUNCTION = 8
JOIN_WINDOW = 4
FIELDS = ("boundaries", "kind", "kicker", "title", "subtitle", "byline", "authors", "paragraphs",
          "captions", "county", "items exact")
DAMAGE = ("paragraphs intact", "captions recognised", "cuts joined", "joins made", "false joins",
          "leaks removed", "chars lost", "chars invented", "pages losing text")
PHOTO_ROLES = {"摄", "摄影"}


@dataclass(frozen=True)
class Out:
    """One output item reduced to what is scored (built from the project's ``Item``)."""

    kind: str
    kicker: str
    title: str
    subtitle: str
    byline: str
    authors: tuple[tuple[str, str], ...]
    body: tuple[str, ...]
    captions: tuple[str, ...]
    county: str | None
    lines: frozenset
    removed: tuple[str, ...]

    def chars(self) -> Counter:
        """Return the multiset of characters of every field (not the removed text)."""
        return Counter(self.kicker + self.title + self.subtitle + self.byline + "".join(self.body)
                       + "".join(self.captions))


def out_item(item) -> Out:
    """Return the scored view of a project ``Item``."""
    byline = "".join(norm(t) for t in (item.byline, item.credit))
    return Out(kind=item.kind, kicker=norm(item.kicker), title=norm(item.title), subtitle=norm(item.subtitle),
               byline=byline, authors=tuple((p.name, p.role) for p in item.authors),
               body=tuple(norm(b.text) for b in item.body), captions=tuple(norm(c) for c in item.captions),
               county=item.counties[0] if item.counties else None, lines=frozenset(item.lines),
               removed=tuple(r.removed for r in item.repairs if r.removed))


@dataclass
class Tally:
    """Counts of one part: metric -> [ok, total] (mutable while scoring)."""

    counts: dict = field(default_factory=lambda: {m: [0, 0] for m in (*FIELDS, *DAMAGE)})

    def add(self, metric: str, ok: bool | int, total: int = 1) -> None:
        """Count ``ok`` successes out of ``total`` for ``metric``."""
        self.counts[metric][0] += int(ok)
        self.counts[metric][1] += total

    def merge(self, other: "Tally") -> None:
        """Add another tally's counts to this one."""
        for metric, (ok, total) in other.counts.items():
            self.add(metric, ok, total)

    def ratio(self, metric: str) -> float | None:
        """Return ok/total for ``metric`` (None when nothing was counted)."""
        ok, total = self.counts[metric]
        return ok / total if total else None


def score_page(composed: ComposedPage, page) -> Tally:
    """Return the tally of one composed page against the project's ``Page`` made from it."""
    tally = Tally()
    outs = [out_item(item) for item in page.items]
    line_chars = {n: len(norm(t)) for n, t in enumerate(composed.text.split("\n"), 1)}
    pairs = align(composed.items, outs, line_chars)
    for g, gold in enumerate(composed.items):
        _score_item(tally, gold, outs[pairs[g]] if g in pairs else None)
    _score_damage(tally, composed, outs, pairs)
    lost, invented = conservation(composed.text, page)
    tally.add("chars lost", lost, 0)
    tally.add("chars invented", invented, 0)
    tally.add("pages losing text", lost > 0)
    return tally


def align(golds: tuple[GoldItem, ...], outs: list[Out], line_chars: dict) -> dict[int, int]:
    """Return gold index -> output index, pairing the items that share the most printed characters."""
    scores = []
    for g, gold in enumerate(golds):
        for o, out in enumerate(outs):
            shared = sum(line_chars.get(n, 0) for n in out.lines.intersection(gold.lines))
            if shared:
                scores.append((-shared, g, o))
    pairs, used = {}, set()
    for _, g, o in sorted(scores):
        if g not in pairs and o not in used:
            pairs[g] = o
            used.add(o)
    return pairs


def gold_chars(gold: GoldItem) -> Counter:
    """Return the multiset of characters of every gold field."""
    texts = [gold.kicker, gold.title, gold.subtitle, gold.byline, *gold.paragraphs, *gold.captions]
    return Counter("".join(norm(t) for t in texts))


def roles_match(gold: str, out: str) -> bool:
    """Return True if a printed role and the parser's role agree (one ends with the other)."""
    if not gold or not out:
        return gold == out
    if gold in PHOTO_ROLES and out in PHOTO_ROLES:
        return True
    return gold.endswith(out) or out.endswith(gold)


def authors_match(gold: tuple[tuple[str, str], ...], out: tuple[tuple[str, str], ...]) -> bool:
    """Return True if the same people are named in the same order with matching roles."""
    return len(gold) == len(out) and all(gn == on and roles_match(gr, orr) for (gn, gr), (on, orr) in zip(gold, out))


def _text_blocks(gold: GoldItem, out: Out) -> tuple[str, ...]:
    """Return the output blocks compared with the gold paragraphs (body, plus captions for photos)."""
    return out.body + out.captions if gold.photo else out.body


def field_results(gold: GoldItem, out: Out | None) -> dict[str, bool | None]:
    """Return metric -> exact (None when the field does not apply to this item)."""
    if out is None:
        results = {m: False for m in FIELDS}
        results.update(kind=None if gold.kind is None else False, captions=None if gold.photo else False,
                       authors=None if gold.authors is None else False)
        return results
    results = {
        "boundaries": out.chars() == gold_chars(gold),
        "kind": None if gold.kind is None else out.kind == gold.kind,
        "kicker": out.kicker == norm(gold.kicker),
        "title": out.title == norm(gold.title),
        "subtitle": out.subtitle == norm(gold.subtitle),
        "byline": out.byline == norm(gold.byline),
        "authors": None if gold.authors is None else authors_match(gold.authors, out.authors),
        "paragraphs": _text_blocks(gold, out) == tuple(norm(p) for p in gold.paragraphs),
        "captions": None if gold.photo else out.captions == tuple(norm(c) for c in gold.captions),
        "county": same_county(gold.county, out.county),
    }
    results["items exact"] = all(v for v in results.values() if v is not None)
    return results


def _score_item(tally: Tally, gold: GoldItem, out: Out | None) -> None:
    """Count the field results and the intact paragraphs of one gold item."""
    for metric, ok in field_results(gold, out).items():
        if ok is not None:
            tally.add(metric, ok)
    blocks = set(_text_blocks(gold, out)) if out else set()
    for paragraph in gold.paragraphs:
        tally.add("paragraphs intact", norm(paragraph) in blocks)


def junction(head: str, tail: str) -> str:
    """Return the text where two printed pieces meet when joined (up to 8 characters each side)."""
    return norm(head)[-JUNCTION:] + norm(tail)[:JUNCTION]


def _score_damage(tally: Tally, composed: ComposedPage, outs: list[Out], pairs: dict[int, int]) -> None:
    """Count captions, cuts, false joins and leaks of one page."""
    def aligned(g: int) -> Out | None:
        return outs[pairs[g]] if g in pairs else None

    for cut in composed.cuts:
        out = aligned(cut.item)
        if cut.caption is not None:
            tally.add("captions recognised", bool(out) and norm(cut.caption) in out.captions)
        tally.add("cuts joined", _joined(cut, out))
    joined = sum(1 for cut in composed.cuts if _joined(cut, aligned(cut.item)))
    false = false_joins(composed, outs)
    tally.add("false joins", false, 0)
    tally.add("joins made", joined + false, 0)
    def blocks(out: Out | None) -> tuple[str, ...]:
        return (*out.body, *out.captions) if out else ()

    every = [b for out in outs for b in blocks(out)]
    for leak in composed.leaks:
        text, right, host = norm(leak.text), aligned(leak.right), aligned(leak.host)
        once = sum(b.count(text) for b in every) == 1
        kept = any(text in b for b in blocks(right))
        gone = host is None or host is right or not any(text in b for b in blocks(host))
        tally.add("leaks removed", once and kept and gone)


def _joined(cut, out: Out | None) -> bool:
    """Return True if the cut's halves meet inside one body block (or photo caption) of ``out``."""
    return bool(out) and any(junction(cut.head, cut.tail) in b for b in (*out.body, *out.captions))


def false_joins(composed: ComposedPage, outs: list[Out]) -> int:
    """Return how many junctions of printed lines that are not cuts occur inside a body block or caption."""
    lines = [norm(t) for t in composed.text.split("\n") if norm(t)]
    cuts = {junction(c.head, c.tail) for c in composed.cuts}
    blocks = [b for out in outs for b in (*out.body, *out.captions)]
    count = 0
    for i, first in enumerate(lines):
        for second in lines[i + 1:i + 1 + JOIN_WINDOW]:
            seam = junction(first, second)
            if seam not in cuts:
                count += sum(b.count(seam) for b in blocks)
    return count


def conservation(raw: str, page) -> tuple[int, int]:
    """Return (characters lost, characters invented): the page's non-whitespace text against the output's."""
    places = [page.banner or "", *(r.removed for r in page.repairs)]
    for item in page.items:
        places += [item.kicker or "", item.title or "", item.subtitle or "", item.byline or "", item.credit or ""]
        places += [b.text for b in item.body] + list(item.captions) + [r.removed for r in item.repairs]
    want, got = Counter(norm(raw)), Counter(norm("".join(places)))
    return sum((want - got).values()), sum((got - want).values())
