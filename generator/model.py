"""The archive's data: frozen dataclasses passed from stage to stage.

Every stage is a pure function from these values to new ones (``dataclasses.replace``);
only ``reading`` and ``writer`` touch the file system.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SENTENCE_END = re.compile(r"[。！？!?]")


@dataclass(frozen=True, slots=True)
class BuildWarning:
    """A problem in one input file, with the line it is on and what the build did about it."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One input page as read from disk: decoded text, untouched otherwise."""

    name: str                      # file name inside seeds/, e.g. "000_426d0e80c1052dd2.txt"
    text: str                      # decoded text (BOM removed, line ends normalised to \n)
    encoding: str                  # "utf-8", "utf-8-sig", "gb18030", ...
    sha256: str                    # of the raw bytes: the page's content identity
    meta: tuple[tuple[str, str], ...] = ()   # overrides from seeds/<stem>.yaml (paper, date, page)
    warnings: tuple[BuildWarning, ...] = ()
    repairs: tuple[Repair, ...] = ()         # made while decoding (invalid bytes kept as U+FFFD)
    skipped: str | None = None               # why the page has no text to build from (None: it has)

    def meta_value(self, key: str) -> str | None:
        """Return the override for ``key`` from the page's metadata file, or None."""
        return dict(self.meta).get(key)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in a byline or photo credit."""

    name: str
    role: str                      # "记者", "通讯员", ... as printed


@dataclass(frozen=True, slots=True)
class BodyBlock:
    """One paragraph or in-article subheading, in reading order."""

    type: str                      # "paragraph" | "subheading"
    text: str


@dataclass(frozen=True, slots=True)
class Repair:
    """A change made to the extracted text, kept so that nothing is silently lost."""

    kind: str                      # "join" | "caption_moved" | "duplicate_removed" | "overlap_removed" | "typography" | ...
    detail: str                    # for people: what was done and where (source lines)
    removed: str = ""              # exactly the text taken out of the output (duplicates, overlaps), else ""
    confidence: float | None = None  # 0..1 for decisions of the labelling (joins, captions, duplicates)


@dataclass(frozen=True, slots=True)
class Correction:
    """A change an archivist made to an item (``seeds/corrections.yaml``): what it was, what it is, why."""

    operation: str                 # "replace" | "set" | "split_before" | "merge_into" | "withdraw" | "move" | ...
    field: str | None              # the field changed ("title", "date", "body", ...), None when not one field
    before: str | None             # the text or value before (what a correction removes is kept here)
    after: str | None              # the text or value after (or the other article's id: split, merge, move)
    note: str | None = None        # the archivist's reason, shown to readers


@dataclass(frozen=True, slots=True)
class Item:
    """One article or photo of a printed page."""

    source: str                    # page file name
    position: int                  # 1-based order on the page
    kind: str                      # "article" | "photo"
    title: str | None
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    credit: str | None = None
    authors: tuple[Person, ...] = ()
    body: tuple[BodyBlock, ...] = ()
    captions: tuple[str, ...] = ()
    repairs: tuple[Repair, ...] = ()
    lines: tuple[int, ...] = ()    # 1-based source lines this item was made from
    counties: tuple[str, ...] = ()     # county names, main first (set by places)
    city: str | None = None            # the city the item is about: its main county's, or a city named as a whole
    counties_inferred: bool = False    # True when the county was lent by the page, not named by the item
    confidence: float | None = None    # 0..1, how sure the headline/boundary decision was (higher = surer)
    paper: str | None = None           # set by meta
    date: str | None = None            # "YYYY-MM-DD", "YYYY-MM", "MM-DD" style partial: "--MM-DD"
    date_inferred: bool = True
    id: str | None = None              # permanent id (set by permalinks)
    corrections: tuple[Correction, ...] = ()   # archivists' corrections applied to it (archive.corrections)

    @property
    def text(self) -> str:
        """Return the item's headings, body and captions joined by newlines (what its id was minted from)."""
        return "\n".join(p for p in (self.kicker, self.title, self.subtitle, *self.body_texts()) if p)

    def body_texts(self) -> list[str]:
        """Return the texts of the body (paragraphs and subheadings) then of the captions, in printed order."""
        return [b.text for b in self.body] + list(self.captions)

    def lead_texts(self) -> list[str]:
        """Return the paragraphs then the captions: where a lead sentence or a dateline is found."""
        return [b.text for b in self.body if b.type == "paragraph"] + list(self.captions)

    def printed_texts(self) -> list[str]:
        """Return every printed text of the item (headings, byline, body, captions, credit), in printed order."""
        parts = (self.kicker, self.title, self.subtitle, self.byline, *self.body_texts(), self.credit)
        return [p for p in parts if p]

    def first_sentence(self, limit: int = 80) -> str:
        """Return the first sentence of the body (or of the first caption), at most ``limit`` characters."""
        texts = self.lead_texts()
        if not texts:
            return ""
        text = texts[0].strip()
        match = SENTENCE_END.search(text)
        sentence = text[: match.end()] if match else text
        return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"

    def display_title(self) -> str:
        """Return the title shown everywhere (page, lists, search): the headline, else a stand-in from the text."""
        if self.title:
            return self.title
        lead = self.first_sentence(30)
        if self.kind == "photo":
            return f"图片：{lead}" if lead else "图片"
        return lead or "（无标题）"


@dataclass(frozen=True, slots=True)
class Page:
    """A printed page after repair and segmentation."""

    source: str
    raw: str                           # the decoded input, untouched: the archival source
    items: tuple[Item, ...]
    banner: str | None = None          # page banner above the first article
    repairs: tuple[Repair, ...] = ()   # page-level repairs (e.g. whitespace dropped)
    warnings: tuple[BuildWarning, ...] = ()
    paper: str | None = None
    paper_inferred: bool = True
    date: str | None = None
    date_inferred: bool = True
    page_name: str | None = None       # e.g. "A2 要闻", from metadata only
    skipped: str | None = None         # why the page has no items (empty file, refused link), else None


@dataclass(frozen=True, slots=True)
class County:
    """A county-level division that items can be about."""

    name: str                          # full name, e.g. "定陶区"
    short: str                         # short form used in text, e.g. "定陶"
    slug: str                          # stable URL slug, e.g. "dingtao"
    code: str                          # GB/T 2260 code, or "" for functional zones
    city: str                          # e.g. "菏泽市" (the municipality or province for directly administered ones)
    towns: tuple[str, ...] = ()        # its towns and streets (乡镇、街道), in code order
    province: str = ""                 # e.g. "山东省"


@dataclass(frozen=True, slots=True)
class Redirect:
    """An id that no longer has its own article: where it went, or why it is gone."""

    id: str
    successor: str | None              # id of the item that replaced it, None if withdrawn
    title: str | None = None           # last known title, shown on the withdrawal page
    reason: str | None = None          # why it was withdrawn (a ``withdraw`` correction), shown on that page


@dataclass(frozen=True, slots=True)
class Archive:
    """Everything the site is rendered from."""

    pages: tuple[Page, ...]
    counties: tuple[County, ...] = ()          # counties that have at least one item
    region: tuple[County, ...] = ()            # every county of the cities the archive covers (index shows 暂无)
    redirects: tuple[Redirect, ...] = ()
    warnings: tuple[BuildWarning, ...] = field(default=())
    page_redirects: tuple = ()                 # archive.page_slugs.PageRedirect: printed-page slugs that moved

    @property
    def items(self) -> tuple[Item, ...]:
        """Return every item of every page, in page then printed order."""
        return tuple(item for page in self.pages for item in page.items)
