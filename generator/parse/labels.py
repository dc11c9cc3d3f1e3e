"""Label every block of a page at once: headline, paragraph, continuation of a cut, caption between halves.

The cascade decided lines one after another (headings first, then joins), so "title or head of a
cut paragraph" was settled before the join evidence was looked at. Here each text block gets a
score for every label from weak, graded features (``rules.label_features``), transitions say what
may follow what (a continuation only after an unfinished paragraph, a caption only between two
halves, an unfinished paragraph pays for not being continued), and the best labelling of the whole
page is found by dynamic programming (Viterbi). Blocks whose kind the earlier stages proved (a
headline above a lead, a byline line, a subtitle, a photo) keep it as a fixed label.

Labels: ``H`` headline line, ``S`` subtitle, ``L`` paragraph opening with a lead byline, ``P``
paragraph start, ``C`` continuation of the paragraph above (a column-break cut), ``X`` caption
printed between the halves of a cut paragraph, ``M`` byline/credit line proven before the labelling,
``B`` and ``E`` a line the labelling makes a byline line (``rules.byline_candidate``): ``B`` under a
headline and over the lead, ``E`` after a finished paragraph; ``F`` photo caption.
Each block's confidence is the margin of the best labelling over the best one that labels that
block otherwise (``margins``).
"""
from __future__ import annotations

import math

from generator.parse import rules as h
from generator.parse.blocks import Block

NEG = float("-inf")
TEXT_LABELS = ("H", "P", "C", "X")
BYLINE_LABELS = ("B", "E")
FIXED = {"heading": "H", "subtitle": "S", "byline": "M", "credit": "M", "photo": "F"}
BODY = ("P", "C", "L")


def allowed(block: Block) -> tuple[str, ...]:
    """Return the labels a block may take: its proven kind, or any text label."""
    if block.kind in FIXED:
        return (FIXED[block.kind],)
    if block.byline is not None:
        return ("L",)
    if block.byline_evidence is not None:
        return TEXT_LABELS + BYLINE_LABELS
    return TEXT_LABELS


def is_open(block: Block, label: str) -> bool:
    """Return True for body text left unfinished: it must continue in a later block."""
    return (label in BODY and block.kind == "text" and not block.end_byline and not h.is_terminal(block.text)
            and not h.ends_in_closed_aside(block.text) and not h.is_jump_line(block.text))


def usual_gap(blocks: list[Block]) -> int:
    """Return the page's most common number of blank lines between blocks (the smaller on a tie; 1 with few blocks)."""
    if len(blocks) < 4:
        return 1
    counts: dict[int, int] = {}
    for block in blocks[1:]:
        counts[block.gap_before] = counts.get(block.gap_before, 0) + 1
    return max(counts, key=lambda g: (counts[g], -g)) if counts else 1


_USUAL: dict[int, int] = {}     # id(blocks) -> usual gap, for the page being labelled


def relative_gap(blocks: list[Block], index: int) -> int:
    """Return the blank lines above block ``index`` as if the page's usual paragraph spacing were one line.

    A page set with two blank lines between all paragraphs has no picture gap at two.
    """
    usual = _USUAL.get(id(blocks))
    if usual is None:
        usual = usual_gap(blocks)
    return blocks[index].gap_before - max(0, usual - 1)


def emission_features(blocks: list[Block], index: int, label: str) -> h.Features | None:
    """Return the named features of ``label`` on block ``index`` on its own and with its neighbours' text
    (None: the label is impossible there)."""
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if label in BYLINE_LABELS:
        return (("W_BYLINE_LABEL", 1.0), ("BYLINE_EVIDENCE", block.byline_evidence))
    if label == "H":
        if block.kind == "text" and h.never_headline(block.text):
            return None
        features = h.headline_features(block.text, relative_gap(blocks, index), following and following.text,
                                       following is not None and _opens_article(blocks, index + 1),
                                       block.end_byline is not None, _tail_after_picture(blocks, index),
                                       _cohesion(blocks, index))
        if features is not None and block.byline_evidence is not None:
            features += (("W_HEAD_BYLINE_SHAPED", -1.0),)
        return features
    if label == "X":
        return h.caption_features(block.text, relative_gap(blocks, index),
                                  following and relative_gap(blocks, index + 1))
    if label == "P":
        return h.paragraph_features(block.text)
    return ()


def emission(blocks: list[Block], index: int, label: str) -> float:
    """Return how well ``label`` fits block ``index`` on its own and with its neighbours' text."""
    return h.weighted(emission_features(blocks, index, label))


def _tail_after_picture(blocks: list[Block], index: int) -> str | None:
    """Return the text two blocks below ``index`` when the block between sits after a picture gap and one
    blank line above it (where a caption between the halves of a cut is printed, 002 lines 23-29); else None."""
    if index + 2 >= len(blocks) or relative_gap(blocks, index + 1) < h.IMAGE_GAP:
        return None
    between, tail = blocks[index + 1], blocks[index + 2]
    if between.kind != "text" or tail.kind != "text" or tail.byline or relative_gap(blocks, index + 2) != 1:
        return None
    return tail.text


COHESION_WINDOW = 4      # body blocks above, before the one right above, read as "the article so far"


def _cohesion(blocks: list[Block], index: int) -> float | None:
    """Return ``rules.cohesion`` of the body text above block ``index`` (skipping the block right above when
    there is more) and the block with the one under it; None when there is no text above or below."""
    above = [b.text for b in blocks[max(0, index - 1 - COHESION_WINDOW):index] if b.kind == "text"]
    above = above[:-1] if len(above) > 1 and blocks[index - 1].kind == "text" else above
    if not above or index + 1 >= len(blocks) or blocks[index + 1].kind != "text":
        return None
    return h.cohesion("".join(above), blocks[index].text + blocks[index + 1].text)


def _opens_article(blocks: list[Block], index: int) -> bool:
    """Return True if block ``index`` is a lead (start byline), a lead byline line or a subtitle."""
    block = blocks[index]
    return block.byline is not None or block.kind == "subtitle" or (
        block.kind == "byline" and index + 1 < len(blocks) and blocks[index + 1].kind == "text")


def signed_after(block: Block, label: str, before: str | None, signed: bool) -> bool:
    """Return whether the current article has a byline after this block (a headline group starts a new one)."""
    if label in ("H", "S") and before not in ("H", "S"):
        return False
    if before == "E" and label in BODY:     # an untitled article after an end byline has no byline yet
        signed = False
    return signed or label in ("L", "M", "B", "E") or bool(block.end_byline or block.credit)


def transition_features(blocks: list[Block], index: int, before: str, signed: bool, label: str,
                        last_text: Block | None) -> h.Features | None:
    """Return the named features of ``label`` at ``index`` after ``before`` (``last_text``: the body block
    above); None when ``label`` cannot follow."""
    previous = blocks[index - 1]
    block = blocks[index]
    if before == "X":
        return h.continuation_features(last_text.text, block.text) if label == "C" and last_text else None
    if label == "B" and before not in ("H", "S") or before == "B" and label != "P":
        return None     # a lead byline sits between the headline group and the lead
    if label == "E" and before not in BODY:
        return None     # an end byline closes a paragraph
    if label in ("C", "X"):
        if not is_open(previous, before):
            return None
        return h.continuation_features(previous.text, block.text, relative_gap(blocks, index)) if label == "C" else ()
    features = h.open_features(previous.text) if is_open(previous, before) else ()
    if before == "M" and label == "P" and previous.kind == "byline":
        features += (("UNTITLED_AFTER_BYLINE", -1.0),)
    if before == "E" and label == "P":
        features += (("UNTITLED_AFTER_BYLINE", -1.0), ("W_UNTITLED_AFTER_CANDIDATE", -1.0))
    if label == "E" and signed:
        features += (("W_SECOND_SIGNATURE", -1.0),)
    if label == "H" and before in BODY and not signed and not _lead_follows(blocks, index):
        features += ((h.unsigned_head_weight(block.text), -1.0),)
    if label == "H" and before == "H":
        features += (("W_HEAD_AFTER_HEAD", 1.0),)
    return features


def transition(blocks: list[Block], index: int, before: str, signed: bool, label: str,
               last_text: Block | None) -> float:
    """Return the score of ``label`` at ``index`` after ``before`` (``last_text``: the body block above)."""
    return h.weighted(transition_features(blocks, index, before, signed, label, last_text))


def _lead_follows(blocks: list[Block], index: int) -> bool:
    """Return True if a lead, lead byline or subtitle follows block ``index`` after any headline lines."""
    cursor = index + 1
    while cursor < len(blocks) and blocks[cursor].kind == "heading":
        cursor += 1
    return cursor < len(blocks) and _opens_article(blocks, cursor)


def confidence(margin: float) -> float:
    """Return a margin as a confidence in 0..1: 0.5 for a tie, 1.0 for a label that had no rival.

    The logistic of the margin (the scores are summed weights, read as log-odds), rounded so that
    the output stays byte-identical between builds."""
    if margin == float("inf"):
        return 1.0
    return round(1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, margin)))), 3)


def label_page(blocks: list[Block]) -> list[str]:
    """Return the best label of every block and set each block's ``confidence`` from its margin."""
    labels, margins = viterbi(blocks)
    for block, margin in zip(blocks, margins):
        block.confidence = confidence(margin)
    return labels


State = tuple[str, bool]


def states(block: Block) -> list[State]:
    """Return the states a block may be in: each allowed label, with and without a byline so far."""
    return [(label, signed) for label in allowed(block) for signed in (False, True)]


def viterbi(blocks: list[Block]) -> tuple[list[str], list[float]]:
    """Return the best label of every block and each block's confidence margin."""
    if not blocks:
        return [], []
    _USUAL[id(blocks)] = usual_gap(blocks)
    try:
        forward = _sweep(blocks)
        backward = _sweep_back(blocks)
    finally:
        _USUAL.pop(id(blocks), None)
    end = max(forward[-1], key=lambda st: forward[-1][st][0] if st[0] != "X" else NEG)
    path = [end]
    for index in range(len(blocks) - 1, 0, -1):
        path.append(forward[index][path[-1]][1])
    path.reverse()
    margins = []
    for index, state in enumerate(path):
        best = forward[index][state][0] + backward[index][state]
        other = max((forward[index][st][0] + backward[index][st] for st in forward[index] if st[0] != state[0]),
                    default=NEG)
        margins.append(best - other)
    return [label for label, _ in path], margins


def _step(blocks: list[Block], index: int, before: State, last_text: Block | None, label: str
          ) -> tuple[float, State, Block | None]:
    """Return (score of moving from ``before`` to ``label`` at ``index``, the new state, the body block carried)."""
    block = blocks[index]
    score = transition(blocks, index, before[0], before[1], label, last_text)
    carried = block if label in BODY else (last_text if label == "X" else None)
    return score, (label, signed_after(block, label, before[0], before[1])), carried


def _sweep(blocks: list[Block]) -> list[dict]:
    """Return, per block and state, (best score of a labelling up to it, previous state, last body block)."""
    first = blocks[0]
    row = {}
    for label in allowed(first):
        if label not in ("C", "X", "B", "E"):
            state = (label, signed_after(first, label, None, False))
            row[state] = (emission(blocks, 0, label), None, first if label in BODY else None)
    table = [row]
    for index in range(1, len(blocks)):
        row = {}
        for label in allowed(blocks[index]):
            own = emission(blocks, index, label)
            for before, (score, _, last_text) in table[-1].items():
                if score == NEG:
                    continue
                step, state, carried = _step(blocks, index, before, last_text, label)
                total = score + step + own
                if total > row.get(state, (NEG,))[0]:
                    row[state] = (total, before, carried)
        table.append(row)
    return table


def _sweep_back(blocks: list[Block]) -> list[dict]:
    """Return, per block and state, the best score of the rest of the page after that block.

    The continuation after a caption is scored against the block before the caption (the body block
    it interrupts in every labelling that reaches it).
    """
    table: list[dict] = [dict() for _ in blocks]
    table[-1] = {st: (NEG if st[0] == "X" else 0.0) for st in states(blocks[-1])}     # a caption needs its tail
    for index in range(len(blocks) - 2, -1, -1):
        nxt = index + 1
        for state in states(blocks[index]):
            label = state[0]
            last_text = blocks[index] if label in BODY else (blocks[index - 1] if label == "X" and index else None)
            best = NEG
            for after in allowed(blocks[nxt]):
                step, new_state, _ = _step(blocks, nxt, state, last_text, after)
                best = max(best, step + emission(blocks, nxt, after) + table[nxt].get(new_state, NEG))
            table[index][state] = best
    return table
