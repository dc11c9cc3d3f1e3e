"""Applying the page's labelling (``labels``): rejoining cut paragraphs, taking out captions between the halves."""
from __future__ import annotations

from generator.model import Repair
from generator.parse import rules as h
from generator.parse.blocks import IMAGE_GAP, Block

def _plain_text(block: Block | None) -> bool:
    """Return True for a body text block that does not open an article."""
    return block is not None and block.kind == "text" and block.byline is None


def merge(current: Block, following: Block) -> None:
    """Append ``following`` to ``current`` and record the join (and any overlap dropped)."""
    overlap = h.overlap_at_cut(current.text, following.text)
    rest = following.text[len(overlap):] if overlap else following.text
    where = f"lines {current.lines[-1]}+{following.first}"
    current.repairs.append(Repair("join", f"{where}: …{current.text[-8:]}|{following.text[:8]}…",
                                  confidence=following.confidence))
    if overlap:
        current.repairs.append(Repair("overlap_removed", f"{where}: `{overlap}` printed on both sides of the cut; "
                                                         "kept once", removed=overlap, confidence=following.confidence))
    current.text += rest
    current.lines.extend(following.lines)
    current.end_byline = _bylines(current.end_byline, following.end_byline)
    current.spaces += following.spaces
    current.repairs.extend(following.repairs)
    current.captions.extend(following.captions)


def _bylines(*bylines: str | None) -> str | None:
    """Return the end bylines printed on either side of a join, one per line (None when there is none)."""
    return "\n".join(b for b in bylines if b) or None


def move_caption(current: Block, caption: Block, following: Block) -> None:
    """Record ``caption`` as a caption of ``current``'s article, then join ``following``."""
    current.captions.append((caption.text, caption.first))
    current.repairs.append(Repair("caption_moved", f"line {caption.first}: caption `{caption.text}` was printed "
                                  f"between the halves joined at lines {current.lines[-1]}+{following.first}",
                                  confidence=_least(caption.confidence, following.confidence)))
    current.end_byline = _bylines(current.end_byline, caption.end_byline)   # `…支撑。 记者 张品` stays with the article
    merge(current, following)


def _least(*confidences: float | None) -> float | None:
    """Return the lowest of the known confidences (None if none is known)."""
    known = [c for c in confidences if c is not None]
    return min(known) if known else None


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
        if label in ("B", "E") and block.kind == "text":     # a line the labelling made a byline line
            block.kind = "credit" if h.CREDIT_MARK.search(block.text) else "byline"
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
