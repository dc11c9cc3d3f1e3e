"""From raw page text to classified blocks: lines, blank-line gaps, bylines, headings, joined fragments.

A *block* is one non-blank line of the dump (or several, once column-break fragments are joined).
The number of blank lines before a block is a layout signal: 1 is an ordinary paragraph break,
2 or more means a picture or a box edge was there (002 lines 23/27/29).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model import Repair
from generator.parse import rules as h

IMAGE_GAP = h.IMAGE_GAP


@dataclass
class Block:
    """One unit of the page while it is being repaired (mutable, internal to the pipeline)."""

    lines: list[int]
    text: str
    gap_before: int
    kind: str = "text"            # text | heading | subtitle | byline | credit | photo | caption | subheading
    byline: str | None = None     # start byline cut from the paragraph's head
    end_byline: str | None = None
    credit: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    captions: list[tuple[str, int]] = field(default_factory=list)
    spaces: int = 0               # stray spaces dropped
    confidence: float | None = None   # 0..1: how sure the page's labelling is of this block's label
    byline_evidence: float | None = None  # a text line that the labelling may make a byline line (rules.byline_candidate)

    @property
    def first(self) -> int:
        """Return the first source line of the block."""
        return self.lines[0]


def read_blocks(text: str) -> tuple[list[Block], list[int]]:
    """Return the page's non-blank lines as blocks, and the numbers of whitespace-only lines dropped."""
    blocks, blank_run, whitespace_lines = [], 0, []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        stripped = line.strip()
        if not stripped:
            blank_run += 1
            if line:
                whitespace_lines.append(number)
            continue
        blocks.append(Block(lines=[number], text=stripped, gap_before=blank_run))
        blank_run = 0
    return blocks, whitespace_lines




def classify(blocks: list[Block]) -> None:
    """Set each block's kind from its own text and cut inline bylines and credits off paragraphs."""
    for block in blocks:
        if h.is_credit_line(block.text):
            block.kind = "credit"
        elif h.is_byline_line(block.text):
            block.kind = "byline"
        elif h.is_subtitle(block.text):
            block.kind = "subtitle"
        else:
            _cut_inline_parts(block)
            if block.kind == "text" and not (block.byline or block.end_byline):
                block.byline_evidence = h.byline_candidate(block.text)


def _cut_inline_parts(block: Block) -> None:
    """Move a paragraph's leading byline, trailing byline or trailing photo credit to their fields."""
    block.byline, block.text, block.spaces = h.split_start_byline(block.text)
    text, credit = h.split_inline_credit(block.text)
    if credit:
        block.text, block.credit, block.kind = text.rstrip(), credit, "photo"
        return
    block.text, block.end_byline = h.split_end_byline(block.text)
    block.text = block.text.rstrip()


def is_start_byline_line(blocks: list[Block], index: int) -> bool:
    """Return True for a byline line under a headline and above the body: 004 `■本报通讯员 付哲`.

    A byline printed on two lines is one run (corpus README: `■ 记者 吴永生` / `实习生 王少锋`), and a
    credit may follow it (issue 14: `特约记者 姓名` / `通讯员 姓名 摄`) before the body."""
    if blocks[index].kind != "byline":
        return False
    first = index
    while first > 0 and blocks[first - 1].kind == "byline":
        first -= 1
    after = index + 1
    while after < len(blocks) and (blocks[after].kind == "byline" or blocks[after].kind == "credit"
                                   and after + 1 < len(blocks) and blocks[after + 1].kind == "text"):
        after += 1
    if first == 0 or after >= len(blocks):
        return False
    before = blocks[first - 1]
    return (before.kind in ("heading", "subtitle") or _heading_candidate(before)) and blocks[after].kind == "text"


def _heading_candidate(block: Block) -> bool:
    """Return True for a plain text block shaped like a headline (a line that may be a byline is left
    to the labelling: `李兵` under `微山湖乡情`; a note is none: `(报料人:张女士 奖励10元)` over
    `文/图 兰州晨报记者 窦阳` closes the article above, it does not head the next one)."""
    return (block.kind == "text" and block.byline is None and h.is_heading_shaped(block.text)
            and not h.reads_as_lead(block.text) and block.byline_evidence is None and not h.never_headline(block.text))


def mark_headings(blocks: list[Block]) -> None:
    """Mark as headings the headline-shaped lines that context proves are headlines.

    Above a start byline (000 `全市一季度工业运行分析会议要求` / `以起步即冲刺…` / `本报讯(…)`),
    above a subtitle (002 `同心共建和美乡村` / `——全国民主法治示范村…`), above a photo caption
    (000 `团省委领导到菏泽技师学院调研`), at the top and the very end of the page
    (000 `小手拉大手 节水进校园`), and right after an end byline or a photo credit.
    """
    for index, block in enumerate(blocks):
        opens_article = block.byline is not None or is_start_byline_line(blocks, index)
        if opens_article or block.kind == "subtitle":
            _mark_run_before(blocks, index)
        if block.kind == "photo" or _caption_above_credit(blocks, index):
            _mark_photo(blocks, index)
    _mark_edges(blocks)


def _mark_run_before(blocks: list[Block], index: int) -> None:
    """Mark the headline-shaped lines directly above block ``index`` as headings."""
    cursor = index - 1
    while cursor >= 0 and (blocks[cursor].kind in ("heading", "subtitle") or _heading_candidate(blocks[cursor])):
        if cursor > 0 and _cut_paragraph(blocks[cursor - 1]):
            break   # the short line is the tail of a cut paragraph, not a kicker
        if blocks[cursor].kind == "text":
            blocks[cursor].kind = "heading"
        cursor -= 1


def _cut_paragraph(block: Block) -> bool:
    """Return True for a paragraph that stops mid-sentence and must continue in the next block."""
    text = block.text
    return block.kind == "text" and not h.is_terminal(text) and (
        len(text) > h.HEADING_MAX_CHARS or h.ends_in_clause_mark(text) or h.unbalanced(text))


def _caption_above_credit(blocks: list[Block], index: int) -> bool:
    """Return True for a text block that is a photo caption because a credit line follows it.

    002 lines 146/148: after a picture gap, `11月11日,定陶区滨河街道…` then `通讯员 刘青青 摄`.
    Directly under a paragraph (no gap, no headline), the credit is the article's and the text stays.
    """
    block = blocks[index]
    if block.kind != "text" or block.byline or index + 1 >= len(blocks) or blocks[index + 1].kind != "credit":
        return False
    previous = blocks[index - 1] if index else None
    return (previous is None or block.gap_before >= IMAGE_GAP or _heading_candidate(previous)
            or previous.kind in ("heading", "credit", "byline", "photo"))


def _mark_photo(blocks: list[Block], index: int) -> None:
    """Mark a photo caption and, when it sits right above it, the photo's headline."""
    blocks[index].kind = "photo"
    if index > 0 and blocks[index].gap_before < IMAGE_GAP and _heading_candidate(blocks[index - 1]):
        blocks[index - 1].kind = "heading"


def _cut_head(blocks: list[Block], index: int) -> bool:
    """Return True for a text line that the next text reads on from (it cannot open a sentence, or a word
    spans the two), also past a caption printed after a picture gap: the head of a cut paragraph, left to
    the labelling (corpus, TUNE: `春节前,市民贾先生乘` / `坐出租车时,不慎` under the page's first title;
    `3月27日下午` / a caption / `,莆田涵江区…`)."""
    block, cursor = blocks[index], index + 1
    if cursor < len(blocks) and blocks[cursor].gap_before >= IMAGE_GAP and cursor + 1 < len(blocks):
        cursor += 1                                     # past a caption printed between the halves
    if block.kind != "text" or cursor >= len(blocks) or blocks[cursor].kind != "text":
        return False
    after = blocks[cursor].text
    return bool(h.cannot_start_sentence(after) or h.word_across(block.text, after))


def _mark_edges(blocks: list[Block]) -> None:
    """Mark headline-shaped lines at the page top, at the page end, and right after an end byline or credit."""
    def heading_like(block: Block) -> bool:
        """Return True for a headline, subtitle or headline-shaped text block."""
        return block.kind in ("heading", "subtitle") or _heading_candidate(block)

    for run in (range(len(blocks)), range(len(blocks) - 1, -1, -1)):
        for index in run:
            if not heading_like(blocks[index]) or _cut_head(blocks, index):
                break
            if blocks[index].kind == "text":
                blocks[index].kind = "heading"
    for index in range(1, len(blocks) - 1):
        previous = blocks[index - 1]
        closed = previous.kind in ("credit", "photo") or (
            previous.kind == "byline" and not is_start_byline_line(blocks, index - 1))
        if closed and _heading_candidate(blocks[index]) and blocks[index + 1].kind == "text":
            blocks[index].kind = "heading"
