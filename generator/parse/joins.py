"""Rejoining paragraphs that column breaks cut, taking out captions printed between the halves."""
from __future__ import annotations

from generator.model import Repair
from generator.parse import rules as h
from generator.parse.blocks import IMAGE_GAP, Block

JOIN, CAPTION = "join", "caption"


def own_evidence(before: str) -> list[str]:
    """Return the reasons, visible in ``before`` alone, why it must continue in a later block."""
    reasons = []
    if len(before) > h.HEADING_MAX_CHARS:
        reasons.append("paragraph ends mid-sentence")
    if h.ends_in_clause_mark(before):
        reasons.append("ends with a comma")
    if h.unbalanced(before):
        reasons.append("quote or bracket left open")
    if h.has_inner_comma(before):
        reasons.append("a clause, not a headline")
    return reasons


def pair_evidence(before: str, after: str) -> list[str]:
    """Return the reasons why ``after`` reads as the rest of ``before``: `大学` + `生,…`."""
    if h.cannot_start_sentence(after):
        return ["next block cannot start a sentence"]
    if h.word_across(before, after):
        return ["a word spans the cut"]
    return []


def _plain_text(block: Block | None) -> bool:
    """Return True for a body text block that does not open an article."""
    return block is not None and block.kind == "text" and block.byline is None


def decide(current: Block, following: Block, after_next: Block | None) -> str | None:
    """Return JOIN, CAPTION (``following`` is a caption between two halves) or None."""
    if h.is_terminal(current.text) or not _plain_text(following):
        return None
    image_gap = following.gap_before >= IMAGE_GAP
    own = own_evidence(current.text)
    if image_gap and h.is_heading_shaped(following.text) and _plain_text(after_next):
        if pair_evidence(current.text, following.text):
            return JOIN       # the short line reads on from the cut: it is the rest, not a caption
        if own or pair_evidence(current.text, after_next.text):
            return CAPTION
    if own or pair_evidence(current.text, following.text):
        return JOIN
    if h.has_heading_cue(current.text):
        return None
    # A short unfinished line with no headline typography, followed by an ordinary paragraph:
    # 003 `岳程街道办郝庄社区为推进` / `合作社创建,党支部积极行动…`, 004 `为需要心理疏导和情感慰藉` / `群体服务,…`.
    paragraph_next = h.is_terminal(following.text) or len(following.text) > h.HEADING_MAX_CHARS
    return JOIN if paragraph_next and not image_gap else None


def merge(current: Block, following: Block) -> None:
    """Append ``following`` to ``current`` and record the join (and any overlap dropped)."""
    overlap = h.overlap_at_cut(current.text, following.text)
    rest = following.text[len(overlap):] if overlap else following.text
    where = f"lines {current.lines[-1]}+{following.first}"
    current.repairs.append(Repair("join", f"{where}: …{current.text[-8:]}|{following.text[:8]}…"))
    if overlap:
        current.repairs.append(Repair("overlap_removed", f"{where}: `{overlap}` printed on both sides of the cut; "
                                                         "kept once", removed=overlap))
    current.text += rest
    current.lines.extend(following.lines)
    current.end_byline = following.end_byline
    current.spaces += following.spaces
    current.repairs.extend(following.repairs)
    current.captions.extend(following.captions)


def move_caption(current: Block, caption: Block, following: Block) -> None:
    """Record ``caption`` as a caption of ``current``'s article, then join ``following``."""
    current.captions.append((caption.text, caption.first))
    current.repairs.append(Repair("caption_moved", f"line {caption.first}: caption `{caption.text}` was printed "
                                  f"between the halves joined at lines {current.lines[-1]}+{following.first}"))
    merge(current, following)


def join_fragments(blocks: list[Block]) -> list[Block]:
    """Return the blocks with every cut paragraph rejoined (in two, three or more pieces)."""
    joined, index = [], 0
    while index < len(blocks):
        current = blocks[index]
        index += 1
        while current.kind == "text" and index < len(blocks):
            after_next = blocks[index + 1] if index + 1 < len(blocks) else None
            verdict = decide(current, blocks[index], after_next)
            if verdict == JOIN:
                merge(current, blocks[index])
                index += 1
            elif verdict == CAPTION:
                move_caption(current, blocks[index], after_next)
                index += 2
            else:
                break
        joined.append(current)
    return joined


def mark_leftovers(blocks: list[Block]) -> None:
    """Mark the short unfinished lines left inside articles as subheadings or captions.

    002 `开展党建攻坚 激活“红色引擎”` is a subheading; a lone line next to a picture gap
    (two or more blank lines) without headline typography is a caption.
    """
    for index, block in enumerate(blocks):
        if not _plain_text(block) or not h.is_heading_shaped(block.text) or block.repairs or block.captions:
            continue   # a joined block is a paragraph
        after = blocks[index + 1].gap_before if index + 1 < len(blocks) else 0
        near_picture = block.gap_before >= IMAGE_GAP or after >= IMAGE_GAP
        if h.looks_like_caption(block.text) or (near_picture and not h.has_heading_cue(block.text)):
            block.kind = "caption"
        else:
            block.kind = "subheading"


def apply_labels(blocks: list[Block], labels: list[str]) -> list[Block]:
    """Return the blocks after the page's labelling: headlines marked, cuts joined, captions moved out."""
    out: list[Block] = []
    last_text: Block | None = None
    pending_caption: Block | None = None
    for block, label in zip(blocks, labels):
        if label == "H" and block.kind == "text":
            block.kind = "heading"
        if label == "X":
            pending_caption = block
            continue
        if label == "C" and last_text is not None:
            if pending_caption is not None:
                move_caption(last_text, pending_caption, block)
            else:
                merge(last_text, block)
            pending_caption = None
            continue
        if pending_caption is not None:      # a caption the labelling left without its tail: keep it
            pending_caption.kind = "caption"
            out.append(pending_caption)
            pending_caption = None
        out.append(block)
        last_text = block if label in ("P", "L", "C") and block.kind == "text" else None
    if pending_caption is not None:
        pending_caption.kind = "caption"
        out.append(pending_caption)
    return out
