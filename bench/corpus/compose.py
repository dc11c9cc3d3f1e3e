"""Lay corpus articles out as raw page dumps with the seed pages' damage, and record the gold of each page.

A page holds 3-7 articles of one part (TUNE or MEASURE), in a shuffled order fixed by the seed.
Damage, each seen in ``seeds/*.txt``:

- **column-break cuts**: a paragraph is split (about 1 in 3, long ones sometimes twice) at a
  point that is not a sentence end (the character before the cut is not 。!?… nor a closing quote
  after one), never inside an inline byline; the halves are separated by one blank line (000 l. 9-11).
- **captions between the halves** of a cut paragraph (about 1 cut in 3): a real caption, i.e. one
  sentence (one starting 图为 if there is one, else the first) of a ``photo_news`` article of the
  same part that is not on the page, its final 。 dropped half the time; printed after 2-3 blank
  lines (002 l. 23-29) and recorded as a caption of the article it interrupts.
- **a paragraph printed twice** (about every other page): a middle paragraph of an article other
  than the first is printed again just before that article (so at the end of the previous one,
  before the headline: 000 l. 111); the copy belongs to no article and should be removed from the
  previous one.
- **bylines** in the position the corpus gives (inline_start, before_body, inline_end, after_body),
  **kickers and subtitles** as printed, **photo items** (about half of the ``photo_news`` articles
  whose credit is at the end are printed without their title: caption text then credit, 002 l. 146-148),
  **irregular blank lines** (mostly one, sometimes two or three, now and then a whitespace-only
  line, 002 l. 79), and **a title printed after its article** (the last article of about one page
  in four, 000 l. 135-137).
- **other papers' byline forms** (issue 14's list): about 1 article in 3 whose byline names one or two
  people plainly has it reprinted, in the same position, in one of the forms other papers print
  (`(姓名)`, `(姓名 姓名)`, `■姓名`, `□全媒体记者 姓名 文/图`, `● 本报记者 姓名`, `记者姓名通讯员姓名`,
  `(XX晚报首席记者 姓名 文/摄)`, `XX日报社全媒体记者 姓名`, `特约记者 姓名` / `通讯员 姓名 摄` on two
  lines; opening the lead: `本报讯 记者A、通讯员B报道`, `XX网讯(XX报记者 姓名)`,
  `晚报讯 (记者 姓名 摄影报道)`), glued to the last sentence with or without a space. Drawn from a
  random stream of its own per article, so the rest of the page is laid out as before.

Deterministic: ``compose_part(articles, part, seed)`` depends only on its arguments
(``random.Random`` seeded with ``"<seed>:<part>"``).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace

from .articles import Article, authors_of

TERMINALS = "。!?！？…"
CLOSERS = "”’」』)）"
SENTENCE = re.compile(r"[^。!?！？]*[。!?！？]+[”’]?")
MIN_PIECE = 4            # characters each side of a cut
CUT_SHARE = 0.33
SECOND_CUT_SHARE = 0.3   # of paragraphs longer than SECOND_CUT_MIN that were cut once
SECOND_CUT_MIN = 120
CAPTION_SHARE = 0.35     # of cuts
LEAK_SHARE = 0.5         # of pages
TITLE_AFTER_SHARE = 0.25
PHOTO_LAYOUT_SHARE = 0.5
CAPTION_MAX = 70
BYLINE_MARGIN = 8     # characters kept uncut next to an inline byline
BYLINE_FORM_SHARE = 0.33


def norm(text: str | None) -> str:
    """Return ``text`` without any whitespace ("" for None)."""
    return "".join((text or "").split())


@dataclass(frozen=True)
class GoldItem:
    """What the parser should make of one article of a page (fields as in the project's ``Item``)."""

    article: int                                 # index in articles.json
    kind: str | None                             # "article", "photo", or None when either is right
    kicker: str | None
    title: str | None
    subtitle: str | None
    byline: str | None                           # byline or photo credit, as printed
    authors: tuple[tuple[str, str], ...] | None  # (name, role) pairs; None when not derivable
    paragraphs: tuple[str, ...]                  # body paragraphs (a photo item's caption text for photos)
    captions: tuple[str, ...]                    # captions printed inside the article's text
    county: str | None
    newspaper: str | None
    photo: bool                                  # a photo_news item: its text may be body or captions
    lines: tuple[int, ...]                       # 1-based page lines printed for it


@dataclass(frozen=True)
class Cut:
    """A paragraph split by a column break: the two printed halves (and a caption between them)."""

    item: int                   # 0-based position of the article on the page
    head: str
    tail: str
    caption: str | None


@dataclass(frozen=True)
class Leak:
    """A paragraph printed twice: the copy at ``line`` belongs to no article; ``right`` keeps it."""

    text: str
    right: int                  # item holding the paragraph
    host: int                   # item the copy was printed in (the one before ``right``)
    line: int


@dataclass(frozen=True)
class ComposedPage:
    """One composed page dump with its gold."""

    name: str
    part: str
    seed: int
    text: str
    items: tuple[GoldItem, ...]
    cuts: tuple[Cut, ...]
    leaks: tuple[Leak, ...]
    title_after: int | None     # item whose headings were printed after its body


@dataclass
class _Line:
    """A printed line while a page is laid out (mutable, internal)."""

    text: str
    owner: int | None
    gap: int = 1                # blank lines before it
    exact_gap: bool = False


@dataclass
class _Layout:
    """The lines of one article and its damage, before line numbers are known (internal)."""

    lines: list[_Line] = field(default_factory=list)
    cuts: list[Cut] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


def compose_part(articles: tuple[Article, ...], part: str, seed: int) -> tuple[ComposedPage, ...]:
    """Return every article of one part laid out on pages of 3-7 articles, for composer ``seed``."""
    rng = random.Random(f"{seed}:{part}")
    order = list(articles)
    rng.shuffle(order)
    photos = [a for a in articles if a.kind == "photo_news"]
    pages, start = [], 0
    while start < len(order):
        remaining = len(order) - start
        size = remaining if remaining <= 7 else min(rng.randint(3, 7), remaining - 3)
        chunk = order[start:start + size]
        start += size
        on_page = {a.index for a in chunk}
        pool = [c for a in photos if a.index not in on_page for c in caption_candidates(a)]
        pages.append(_compose_page(chunk, pool, f"{part}_{seed}_{len(pages) + 1:02d}", part, seed, rng))
    return tuple(pages)


def caption_candidates(photo: Article) -> list[str]:
    """Return the caption sentences a photo_news article offers (图为 sentences first, else its first)."""
    sentences = [s.strip() for p in photo.body for s in SENTENCE.findall(p) if s.strip()]
    sentences = [s for s in sentences if 8 <= len(s) <= CAPTION_MAX]
    marked = [s for s in sentences if s.startswith("图为")]
    return marked or sentences[:1]


def _compose_page(chunk: list[Article], pool: list[str], name: str, part: str, seed: int,
                  rng: random.Random) -> ComposedPage:
    """Return one page of ``chunk`` with its damage and gold."""
    photo_layout = [a.kind == "photo_news" and a.byline_position in ("after_body", "inline_end")
                    and rng.random() < PHOTO_LAYOUT_SHARE for a in chunk]
    last = len(chunk) - 1
    title_after = last if (not photo_layout[last] and chunk[last].byline_position != "before_body"
                           and rng.random() < TITLE_AFTER_SHARE) else None
    chunk = [restyle_byline(a, part, seed) for a in chunk]
    layouts = [_lay_out(a, i, photo_layout[i], i == title_after, pool, rng) for i, a in enumerate(chunk)]
    leak = _choose_leak(chunk, rng) if rng.random() < LEAK_SHARE else None
    lines: list[_Line] = []
    for i, layout in enumerate(layouts):
        if leak and leak[1] == i:
            lines.append(_Line(leak[0], None, gap=rng.choice((1, 1, 3))))
        lines.extend(layout.lines)
    text, numbers = _render(lines, rng)
    owned = {i: tuple(n for line, n in zip(lines, numbers) if line.owner == i) for i in range(len(chunk))}
    items = tuple(_gold(a, i, photo_layout[i], layouts[i].captions, owned[i]) for i, a in enumerate(chunk))
    leaks = ()
    if leak:
        line = next(n for ln, n in zip(lines, numbers) if ln.owner is None)
        leaks = (Leak(leak[0], leak[1], leak[1] - 1, line),)
    return ComposedPage(name=name, part=part, seed=seed, text=text, items=items,
                        cuts=tuple(c for layout in layouts for c in layout.cuts), leaks=leaks,
                        title_after=title_after)


def _lay_out(article: Article, i: int, photo: bool, title_after: bool, pool: list[str],
             rng: random.Random) -> _Layout:
    """Return the printed lines of one article: headings, byline, paragraphs (cut), credit."""
    layout = _Layout()
    heads = [] if photo else _heading_lines(article)
    head_lines = [_Line(t, i, gap=rng.choice((1, 1, 1, 3))) for t in heads]
    if not title_after:
        layout.lines.extend(head_lines)
    if article.byline_position == "before_body":
        layout.lines.extend(_Line(t, i) for t in article.byline.split("\n") if t.strip())
    for n, paragraph in enumerate(article.paragraphs):
        protect_start = len(norm(article.byline)) + BYLINE_MARGIN if n == 0 and article.byline_position == "inline_start" else 0
        protect_end = (len(norm(article.byline)) + BYLINE_MARGIN if n == len(article.paragraphs) - 1
                       and article.byline_position == "inline_end" else 0)
        layout.lines.extend(_paragraph_lines(paragraph, i, protect_start, protect_end,
                                             [] if article.kind == "photo_news" else pool, layout, rng))
    if article.byline_position == "after_body":
        layout.lines.extend(_Line(t, i, gap=rng.choice((1, 1, 1, 2))) for t in article.byline.split("\n") if t.strip())
    if title_after:
        layout.lines.extend(head_lines)
    return layout


def _heading_lines(article: Article) -> list[str]:
    """Return the kicker, title and subtitle lines of an article, as printed."""
    lines = (article.kicker or "").split("\n") + [article.title] + (article.subtitle or "").split("\n")
    return [line for line in lines if line.strip()]


def _paragraph_lines(text: str, i: int, protect_start: int, protect_end: int, pool: list[str],
                     layout: _Layout, rng: random.Random) -> list[_Line]:
    """Return a paragraph's printed lines, cut at column breaks and with captions between halves."""
    points = _cut_points(text, protect_start, protect_end) if rng.random() < CUT_SHARE else []
    cuts = [rng.choice(points)] if points else []
    if cuts and len(text) > SECOND_CUT_MIN and rng.random() < SECOND_CUT_SHARE:
        more = [p for p in points if abs(p - cuts[0]) >= MIN_PIECE]
        cuts = sorted(cuts + ([rng.choice(more)] if more else []))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    lines = [_Line(pieces[0], i, gap=rng.choice((1,) * 10 + (2, 3)))]
    for head, tail in zip(pieces, pieces[1:]):
        caption = None
        if pool and rng.random() < CAPTION_SHARE:
            caption = rng.choice(pool)
            caption = caption.rstrip("。") if rng.random() < 0.5 and caption.endswith("。") else caption
            layout.captions.append(caption)
            lines.append(_Line(caption, i, gap=rng.choice((2, 3)), exact_gap=True))
        lines.append(_Line(tail, i, gap=1, exact_gap=True))
        layout.cuts.append(Cut(i, head, tail, caption))
    return lines


def _cut_points(text: str, protect_start: int, protect_end: int) -> list[int]:
    """Return the offsets where a column break may cut ``text``: not a sentence end, not near a byline.

    ``protect_start``/``protect_end`` count non-whitespace characters kept whole at either end.
    """
    points, seen, total = [], 0, len("".join(text.split()))
    for n in range(1, len(text)):
        seen += not text[n - 1].isspace()
        before, after = text[n - 1], text[n]
        sentence_end = before in TERMINALS or (before in CLOSERS and n > 1 and text[n - 2] in TERMINALS)
        inside = max(MIN_PIECE, protect_start) <= seen <= total - max(MIN_PIECE, protect_end)
        if inside and not sentence_end and not before.isspace() and not after.isspace():
            points.append(n)
    return points


def _choose_leak(chunk: list[Article], rng: random.Random) -> tuple[str, int] | None:
    """Return (paragraph, article position) of a middle paragraph to print twice, or None."""
    choices = []
    for i, article in enumerate(chunk[1:], 1):
        first = 1 if article.byline_position == "inline_start" else 0
        last = len(article.paragraphs) - (1 if article.byline_position == "inline_end" else 0)
        choices += [(p, i) for p in article.paragraphs[first:last] if len(p.strip()) >= 20]
    return rng.choice(choices) if choices else None


def _render(lines: list[_Line], rng: random.Random) -> tuple[str, list[int]]:
    """Return the page text (two blank lines on top, gaps between lines) and each line's number."""
    out, numbers = ["", ""], []
    for n, line in enumerate(lines):
        if n:
            for _ in range(line.gap):
                out.append(" " if not line.exact_gap and rng.random() < 0.03 else "")
        out.append(line.text)
        numbers.append(len(out))
    return "\n".join(out) + "\n", numbers


def _gold(article: Article, i: int, photo_layout: bool, captions: list[str], lines: tuple[int, ...]) -> GoldItem:
    """Return the gold item of an article as laid out."""
    photo = article.kind == "photo_news"
    kind = "photo" if photo_layout else (None if photo else "article")
    return GoldItem(article=article.index, kind=kind,
                    kicker=None if photo_layout else article.kicker,
                    title=None if photo_layout else article.title,
                    subtitle=None if photo_layout else article.subtitle,
                    byline=article.byline, authors=authors_of(article.byline),
                    paragraphs=article.body, captions=tuple(captions), county=article.county,
                    newspaper=article.newspaper, photo=photo, lines=lines)


def _line_forms(people: list[tuple[str, str]], paper: str) -> list[str]:
    """Return issue 14's byline forms that fit ``people`` (names and roles of a plain byline)."""
    names = [name for name, _ in people]
    if len(people) == 2:
        (a, ra), (b, rb) = people
        return [f"({a} {b})", f"{ra or '记者'}{a}{rb or '通讯员'}{b}"]
    (a, role), = people
    forms = [f"({a})", f"■{a}", f"□全媒体记者 {a} 文/图", f"● 本报记者 {a}", f"({paper}首席记者 {a} 文/摄)",
             f"{paper}社全媒体记者 {a}"]
    return forms if names else []


def _lead_forms(people: list[tuple[str, str]], paper: str) -> list[str]:
    """Return issue 14's forms of a dateline and byline opening the lead."""
    if len(people) == 2:
        (a, ra), (b, rb) = people
        return [f"本报讯 {ra or '记者'}{a}、{rb or '通讯员'}{b}报道 "]
    (a, _), = people
    short = paper[:2]
    return [f"{short}网讯({paper}记者 {a})", f"晚报讯 (记者 {a} 摄影报道)", f"本报讯 记者{a}报道 "]


def restyle_byline(article: Article, part: str, seed: int) -> Article:
    """Return ``article`` with its byline reprinted in another paper's form (about 1 in 3 plain bylines)."""
    rng = random.Random(f"{seed}:{part}:byline:{article.index}")
    people = authors_of(article.byline)
    if (not people or len(people) > 2 or article.kind == "photo_news" or "\n" in (article.byline or "")
            or rng.random() >= BYLINE_FORM_SHARE):
        return article
    paper = re.sub(r"[(（].*$", "", article.newspaper or "") or "本报"
    paper = paper if paper.endswith("报") else "潍坊日报"
    position, paragraphs = article.byline_position, list(article.paragraphs)
    if position == "inline_start":
        byline = rng.choice(_lead_forms(list(people), paper))
        paragraphs[0] = byline + paragraphs[0][len(article.byline):].lstrip()
        return replace(article, byline=byline.strip(), paragraphs=tuple(paragraphs))
    forms = _line_forms(list(people), paper)
    if position == "before_body" and len(people) == 2:
        (a, ra), (b, rb) = people
        forms.append(f"特约记者 {a}\n通讯员 {b} 摄")
    byline = rng.choice(forms)
    if position == "inline_end":
        if "\n" in byline:
            return article
        head = paragraphs[-1][: len(paragraphs[-1]) - len(article.byline)].rstrip()
        paragraphs[-1] = head + rng.choice(("", " ")) + byline
    return replace(article, byline=byline, paragraphs=tuple(paragraphs))
