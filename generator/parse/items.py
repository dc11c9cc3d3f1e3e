"""From classified blocks to draft items: heading groups, bodies, bylines, photos, captions."""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Repair
from generator.parse import rules as h
from generator.parse.blocks import IMAGE_GAP, Block, is_start_byline_line

GROUP_KINDS = ("heading", "subtitle")


@dataclass
class Entry:
    """One body block of a draft: paragraph or subheading, with its source lines."""

    type: str
    text: str
    lines: list[int]
    spaces: int = 0


@dataclass
class Draft:
    """An item while the page is being segmented (mutable, internal to the pipeline)."""

    kind: str = "article"
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None           # at the start: `本报讯(记者 时苏建)`, `■本报通讯员 付哲`
    end_byline: str | None = None       # at the end: `记者 胡德光`, `通讯员 梁绍亭 记者 刘卫国`
    credit: str | None = None
    body: list[Entry] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    heading_lines: list[int] = field(default_factory=list)
    closed: bool = False
    trailing: bool = False              # a headline group with nothing under it at the page end

    def has_content(self) -> bool:
        """Return True if the draft has any body, caption or credit."""
        return bool(self.body or self.captions or self.credit)


@dataclass
class Roles:
    """What each line of a heading group is."""

    banner: str | None = None
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    captions_before: list[str] = field(default_factory=list)
    captions_after: list[str] = field(default_factory=list)


def heading_roles(group: list[Block], at_page_top: bool) -> Roles:
    """Return the roles of a run of headline lines above an article.

    001 lines 23-33: `会议现场` (caption words), `“打卡”小荷学堂,开展志愿活动` (title), then two
    lines each after a picture gap (captions). 004 lines 3-7: banner, kicker `嘉祥县`, title.
    """
    lines = [b for b in group if b.kind == "heading"]
    subtitles = [b.text for b in group if b.kind == "subtitle"]
    caption_ids = {id(b) for i, b in enumerate(lines) if (i and b.gap_before >= IMAGE_GAP) or h.looks_like_caption(b.text)}
    if h.kicker_over_gap([b.text for b in lines], [b.gap_before for b in lines]):
        caption_ids.discard(id(lines[1]))
    rest = [b for b in lines if id(b) not in caption_ids] or lines[-1:]
    roles = Roles(subtitle="\n".join(subtitles) or None)
    if rest:
        title = rest[-1]
        roles.title = title.text
        heads = [b.text for b in rest[:-1]]
        if at_page_top and len(heads) >= 2:
            roles.banner, heads = heads[0], heads[1:]
        roles.kicker = "\n".join(heads) or None
        for block in lines:
            if id(block) in caption_ids and block is not title:
                (roles.captions_before if block.first < title.first else roles.captions_after).append(block.text)
    return roles


def _group_end(blocks: list[Block], start: int) -> int:
    """Return the index after the heading group starting at ``start`` (a start byline line included)."""
    end = start
    while end < len(blocks) and blocks[end].kind in GROUP_KINDS:
        end += 1
    while end < len(blocks) and is_start_byline_line(blocks, end):      # `■ 记者 吴永生` / `实习生 王少锋`
        end += 1
    return end


def build_drafts(blocks: list[Block]) -> tuple[list[Draft], str | None]:
    """Return the page's draft items in printed order and the page banner, if any."""
    drafts: list[Draft] = []
    banner = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind in GROUP_KINDS or is_start_byline_line(blocks, index):
            end = _late_headline_end(drafts, blocks, index, _group_end(blocks, index))
            following = blocks[end:end + 1] if blocks[end - 1].kind != "subtitle" or end == len(blocks) \
                or blocks[end].kind != "heading" else []
            group_banner = _open_group(drafts, blocks[index:end], at_page_top=not drafts, following=following)
            banner = banner or group_banner
            index = end
            continue
        _add_block(drafts, block)
        index += 1
    return drafts, banner


def _late_headline_end(drafts: list[Draft], blocks: list[Block], start: int, end: int) -> int:
    """Return where the heading group starting at ``start`` ends, cutting after a late headline.

    A headline and subtitle printed after an untitled article that an end byline closed (000
    `…支撑。 记者 张品` / `小手拉大手 节水进校园` / `——东明县水务局…侧记`) are that article's,
    even when the next article's headline follows directly.
    """
    previous = drafts[-1] if drafts else None
    if previous is None or not previous.closed or not previous.has_content():
        return end
    if previous.title and not (previous.byline and previous.end_byline):
        return end   # titled, one byline: no untitled article in it waits for a headline
    for index in range(start, end - 1):
        if blocks[index].kind == "subtitle" and blocks[index + 1].kind == "heading":
            return index + 1
    return end


def _open_group(drafts: list[Draft], group: list[Block], at_page_top: bool, following: list[Block]) -> str | None:
    """Start a draft from a heading group and return a page banner found in it."""
    roles = heading_roles(group, at_page_top)
    previous = drafts[-1] if drafts else None
    if previous is not None and roles.captions_before:
        previous.captions.extend(roles.captions_before)
    draft = Draft(kicker=roles.kicker, title=roles.title, subtitle=roles.subtitle,
                  captions=list(roles.captions_after if previous else roles.captions_before + roles.captions_after))
    draft.heading_lines = [b.first for b in group if not (roles.banner and b is group[0])]
    draft.lines = list(draft.heading_lines)
    byline_lines = [b for b in group if b.kind == "byline"]
    if byline_lines:
        draft.byline = "\n".join(b.text for b in byline_lines)
    if not following:
        draft.trailing = True
    elif following[0].kind == "photo":
        draft.kind = "photo"
    drafts.append(draft)
    return roles.banner


def _current(drafts: list[Draft]) -> Draft:
    """Return the open draft, starting an untitled one if the last is closed or absent."""
    if not drafts or drafts[-1].closed or drafts[-1].trailing:
        drafts.append(Draft())
    return drafts[-1]


def _add_block(drafts: list[Draft], block: Block) -> None:
    """Add one non-heading block to the right draft."""
    if block.kind == "photo":
        _add_photo(drafts, block)
    elif block.kind == "credit":
        _add_credit(drafts, block)
    elif block.kind == "byline":
        draft = _current(drafts) if not drafts or not drafts[-1].has_content() else drafts[-1]
        draft.end_byline = f"{draft.end_byline}\n{block.text}" if draft.end_byline else block.text
        draft.lines.extend(block.lines)
        draft.closed = True
    elif block.kind == "caption":
        draft = drafts[-1] if drafts else _current(drafts)
        draft.captions.extend([block.text, *(text for text, _ in block.captions)])
        draft.lines.extend(block.lines + [line for _, line in block.captions])
        draft.repairs.extend(block.repairs)
        _add_end_byline(draft, block.end_byline)
    else:
        _add_text(drafts, block)


def _add_text(drafts: list[Draft], block: Block) -> None:
    """Add a paragraph or subheading, opening a new draft for a paragraph that carries a start byline."""
    draft = _current(drafts)
    if block.byline and (draft.byline or draft.body):
        drafts.append(Draft())
        draft = drafts[-1]
    if block.byline:
        draft.byline = block.byline
    kind = "subheading" if block.kind == "subheading" else "paragraph"
    lines = list(block.lines) + [line for _, line in block.captions]
    draft.body.append(Entry(kind, block.text, lines, block.spaces))
    draft.lines.extend(lines)
    draft.repairs.extend(block.repairs)
    draft.captions.extend(text for text, _ in block.captions)
    if block.end_byline:
        _add_end_byline(draft, block.end_byline)
        draft.closed = True


def _add_end_byline(draft: Draft, byline: str | None) -> None:
    """Append a byline printed after a block's text (`…提供有力支撑。 记者 张品`) to the draft's end byline."""
    if byline:
        draft.end_byline = f"{draft.end_byline}\n{byline}" if draft.end_byline else byline


def _add_photo(drafts: list[Draft], block: Block) -> None:
    """Add a photo caption: to a photo draft opened by its headline, else as a new photo item."""
    if not (drafts and drafts[-1].kind == "photo" and not drafts[-1].captions):
        drafts.append(Draft(kind="photo"))
    draft = drafts[-1]
    draft.captions.append(block.text)
    draft.lines.extend(block.lines)
    draft.byline = "\n".join(b for b in (draft.byline, block.byline) if b) or None
    _add_end_byline(draft, block.end_byline)       # a paragraph turned caption keeps its `记者 张品`
    if block.credit:
        draft.credit = block.credit
        draft.closed = True


def _add_credit(drafts: list[Draft], block: Block) -> None:
    """Add a photo credit line to the photo above it (or the item above it); under a start byline line
    it credits the article's picture and the body follows (issue 14: `特约记者 姓名` / `通讯员 姓名 摄`)."""
    draft = drafts[-1] if drafts else _current(drafts)
    opening = draft.byline is not None and not draft.has_content()
    draft.credit = f"{draft.credit}\n{block.text}" if draft.credit else block.text
    draft.lines.extend(block.lines)
    draft.closed = not opening       # `特约记者 姓名` / `通讯员 姓名 摄` above the body: the article goes on


def mark_untitled_photos(drafts: list[Draft]) -> None:
    """Turn an untitled one-paragraph draft closed by a photo credit into a photo item: its paragraph
    becomes the caption and the credit its credit (``rules.closes_photo``)."""
    for draft in drafts:
        if (draft.kind != "article" or draft.title or draft.kicker or draft.subtitle or draft.byline
                or draft.credit or draft.captions or len(draft.body) != 1 or draft.body[0].type != "paragraph"
                or not draft.end_byline or not h.closes_photo(draft.end_byline)):
            continue
        draft.kind, draft.credit, draft.end_byline = "photo", draft.end_byline, None
        draft.captions, draft.body = [draft.body[0].text], []
