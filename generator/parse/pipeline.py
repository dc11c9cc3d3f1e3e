"""Repair and segmentation: one decoded page in, a :class:`Page` of items out.

The stages, each a small module: ``blocks`` (lines, gaps, bylines, headlines proven by context),
``labels`` (every remaining line labelled at once: headline, paragraph, continuation of a cut,
caption between halves, a doubtful line as lead or end byline; Viterbi over weighted features), ``joins`` (the labelling applied: cut
paragraphs rejoined, captions moved out), ``items`` (heading groups, bodies, photos), ``split``
(one article per byline, headlines after their article), ``duplicates`` (paragraphs printed
twice). The rules and feature weights themselves live in ``rules``.

    python -m generator.parse.pipeline seeds/000_426d0e80c1052dd2.txt   # print what a page became
"""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from generator.model import BodyBlock, BuildWarning, Item, Page, Person, Repair, SourcePage
from generator.parse import rules as h
from generator.parse.blocks import classify, mark_headings, read_blocks
from generator.parse.duplicates import remove_duplicates
from generator.parse.items import Draft, build_drafts, mark_untitled_photos
from generator.parse.joins import apply_labels, mark_leftovers
from generator.parse.labels import label_page
from generator.parse.split import attach_trailing_titles, split_double_bylines
from generator.text.typography import count_typeset


def parse_page(source: SourcePage) -> Page:
    """Return the page's items; a page that cannot be segmented becomes one item plus a warning."""
    if not source.text.strip():
        return Page(source=source.name, raw=source.text, items=())
    try:
        return _parse(source)
    except Exception as error:  # a bad page must never stop the build
        return unsegmented(source, f"could not be segmented ({type(error).__name__}: {error}); "
                                   "kept as one unsegmented item")


def _parse(source: SourcePage) -> Page:
    """Return the segmented page (may raise on unexpected input; parse_page guards it)."""
    text, controls, control_lines = h.split_controls(source.text)
    blocks, whitespace_lines = read_blocks(text)
    classify(blocks)
    mark_headings(blocks)
    labels = label_page(blocks)
    certainty = {line: b.confidence for b in blocks for line in b.lines if b.confidence is not None}
    blocks = apply_labels(blocks, labels)
    mark_leftovers(blocks)
    drafts, banner = build_drafts(blocks)
    keep_repeated_signatures(drafts)
    drafts = attach_trailing_titles(split_double_bylines(drafts))
    remove_duplicates(drafts)
    mark_untitled_photos(drafts)
    if not any((d.title or d.byline or d.end_byline or d.credit) and d.has_content() for d in drafts):
        return unsegmented(source, "no headline, byline or photo credit found; kept as one unsegmented item")
    items = tuple(finish(source.name, i, d, certainty) for i, d in enumerate(drafts, 1))
    return Page(source=source.name, raw=source.text, items=items, banner=banner,
                repairs=_page_repairs(whitespace_lines, controls, control_lines),
                warnings=_warnings(source.name, drafts))


def keep_repeated_signatures(drafts: list[Draft]) -> None:
    """Put back into the last paragraph an end byline glued to it that only repeats people of the start byline.

    The corpus README: an item prints its author on a line under the title and again at the end of
    its last paragraph; that is one signature printed twice (the repeat stays in the text as printed),
    not a second article's byline to split at."""
    for draft in drafts:
        if not (draft.byline and draft.end_byline and draft.body) or "\n" in draft.end_byline:
            continue
        last = draft.body[-1]
        if last.type != "paragraph" or max(draft.lines) != last.lines[-1]:
            continue        # the end byline is a line of its own, not glued to the paragraph
        again = {name for name, _ in h.people_in(draft.end_byline)}
        if again and again <= {name for name, _ in h.people_in(draft.byline)}:
            last.text, draft.end_byline = last.text + draft.end_byline, None


def unsegmented(source: SourcePage, message: str) -> Page:
    """Return the page as a single untitled item holding every non-blank line, with a warning."""
    text, controls, control_lines = h.split_controls(source.text)
    lines = [(n, line.strip()) for n, line in enumerate(re.split(r"\r\n|\r|\n", text), 1) if line.strip()]
    item = Item(source=source.name, position=1, kind="article", title=None,
                body=tuple(BodyBlock("paragraph", text) for _, text in lines),
                lines=tuple(n for n, _ in lines))
    return Page(source=source.name, raw=source.text, items=(item,) if lines else (),
                repairs=_page_repairs([], controls, control_lines),
                warnings=(BuildWarning(source.name, None, message),))


def _count(n: int, noun: str, number: bool = True) -> str:
    """Return `1 stray space` / `3 stray spaces` (or just the noun when ``number`` is False)."""
    word = noun if n == 1 else noun + "s"
    return f"{n} {word}" if number else word


def _line_list(lines: list[int]) -> str:
    """Return line numbers as a short readable list."""
    return ", ".join(str(n) for n in lines[:20]) + (" …" if len(lines) > 20 else "")


def _page_repairs(whitespace_lines: list[int], controls: str, control_lines: list[int]) -> tuple[Repair, ...]:
    """Return the page-level repairs: whitespace-only lines (002 line 79) and control characters dropped."""
    repairs = []
    if whitespace_lines:
        repairs.append(Repair("whitespace", f"{_count(len(whitespace_lines), 'whitespace-only line')} dropped "
                                            f"({_count(len(whitespace_lines), 'line', number=False)} "
                                            f"{_line_list(whitespace_lines)})"))
    if controls:
        repairs.append(Repair("control_removed", f"{_count(len(controls), 'control character')} dropped "
                                                 f"(lines {_line_list(control_lines)})", removed=controls))
    return tuple(repairs)


def _warnings(name: str, drafts: list[Draft]) -> tuple[BuildWarning, ...]:
    """Return warnings about drafts the pipeline could not place."""
    return tuple(BuildWarning(name, d.heading_lines[0] if d.heading_lines else None,
                              f"headline `{d.title}` has no article under it; kept as its own item")
                 for d in drafts if d.kind == "article" and not d.has_content() and d.title)


def authors_of(*bylines: str | None) -> tuple[Person, ...]:
    """Return the people named in the bylines and credits, each once, in order."""
    seen: dict[tuple[str, str], None] = {}
    for byline in bylines:
        if byline:
            for pair in h.people_in(byline):
                seen.setdefault(pair, None)
    return tuple(Person(name, role) for name, role in seen)


def item_confidence(draft: Draft, certainty: dict[int, float]) -> float | None:
    """Return the least certain label among the draft's lines (headline or paragraph, start or
    continuation, caption): how sure its headline and boundaries are; None if no line was labelled."""
    known = [certainty[line] for line in draft.lines if line in certainty]
    return min(known) if known else None


def finish(source: str, position: int, draft: Draft, certainty: dict[int, float] | None = None) -> Item:
    """Return the frozen item for a draft, with its whitespace and typography repairs recorded."""
    body, spaces = [], 0
    for entry in draft.body:
        text, dropped = h.drop_stray_spaces(entry.text) if entry.type == "paragraph" else (entry.text, 0)
        body.append(BodyBlock(entry.type, text))
        spaces += dropped + entry.spaces
    byline = "\n".join(b for b in (draft.byline, draft.end_byline) if b) or None
    repairs = list(draft.repairs)
    if spaces:
        repairs.append(Repair("whitespace", f"{_count(spaces, 'stray space')} dropped"))
    item = Item(source=source, position=position, kind=draft.kind, title=draft.title, kicker=draft.kicker,
                subtitle=draft.subtitle, byline=byline, credit=draft.credit,
                authors=authors_of(draft.byline, draft.end_byline, draft.credit),
                body=tuple(body), captions=tuple(draft.captions), repairs=tuple(repairs),
                lines=tuple(sorted(set(draft.lines))), confidence=item_confidence(draft, certainty or {}))
    marks = sum(count_typeset(text) for text in item.printed_texts())
    if marks:
        item = replace(item, repairs=(*repairs, Repair("typography", f"{marks} marks shown full-width")))
    return item


def describe(page: Page, width: int = 24) -> str:
    """Return a readable listing of a page's items, for reviewing what the pipeline did."""
    out = [f"{page.source}: {len(page.items)} items" + (f"; banner `{page.banner}`" if page.banner else "")]
    for item in page.items:
        out.append(f"\n#{item.position} {item.kind}  lines {item.lines[0] if item.lines else '-'}-"
                   f"{item.lines[-1] if item.lines else '-'}")
        for label in ("kicker", "title", "subtitle", "byline", "credit"):
            value = getattr(item, label)
            if value:
                out.append(f"  {label}: {value!r}")
        if item.authors:
            out.append("  authors: " + ", ".join(f"{p.name}/{p.role}" for p in item.authors))
        for block in item.body:
            out.append(f"  [{'P' if block.type == 'paragraph' else 'H'}] {block.text[:width]}"
                       f"{'…' if len(block.text) > width else ''}")
        out.extend(f"  caption: {c[:width * 2]}" for c in item.captions)
        out.extend(f"  repair {r.kind}: {r.detail}" + (f"  removed={r.removed[:width]!r}" if r.removed else "")
                   for r in item.repairs)
    out.extend(f"page repair {r.kind}: {r.detail}" for r in page.repairs)
    out.extend(f"warning: {w}" for w in page.warnings)
    return "\n".join(out)


def main(argv: list[str]) -> int:
    """Print the items of each page file named on the command line."""
    from generator.parse.reading import read_page
    if not argv:
        print("usage: python -m generator.parse.pipeline seeds/PAGE.txt [...]", file=sys.stderr)
        return 2
    for name in argv:
        source = read_page(Path(name))
        for warning in source.warnings:
            print(f"warning: {warning}")
        print(describe(parse_page(source)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
