"""Template filters: how dates, hostile text and repairs are shown on a page.
"""
from __future__ import annotations

import re

from generator.infer.meta import date_sort_key  # noqa: F401  (a template helper)
from generator.model import Item
from generator.text.typography import typeset
from generator.text.visible import visible

REPAIR_LABELS = {
    "join": "合并断行",
    "duplicate_removed": "删除重复段落",
    "overlap_removed": "删除断行处重复文字",
    "caption_moved": "移回图片说明",
    "typography": "规范标点",
    "whitespace": "删除多余空白",
    "title_moved": "移回标题",
    "control_removed": "删除控制字符",
}
FIELD_LABELS = {"title": "标题", "kicker": "引题", "subtitle": "副题", "byline": "署名", "credit": "摄影署名",
                "counties": "县区", "date": "日期", "paper": "报纸", "kind": "类别", "body": "正文", "captions": "图片说明"}
# What a correction did, for readers: operation -> (label, text with {before}/{after}, which value is another article's id)
CORRECTION_TEXTS = {
    "replace": ("改字", "「{before}」改为「{after}」", None),
    "split_before": ("拆分", "自「{before}」起的段落另成一篇：", "after"),
    "split_from": ("拆分", "本篇自「{after}」起，原属另一篇：", "before"),
    "merge_into": ("合并", "另一篇并入本篇，原链接转到这里：", "before"),
    "move": ("移段", "「{before}」一段移至：", "after"),
    "move_from": ("移段", "「{after}」一段移自：", "before"),
    "restore": ("恢复", "恢复被当作重复删去的文字「{after}」", None),
    "caption": ("改为图片说明", "「{after}」", None),
}
# How the build's repair notes (English in the open data, for archivists' tools) read on a page.
REPAIR_DETAILS = (
    (re.compile(r"line (\d+): caption `(.*)` was printed between the halves joined at lines (\d+)\+(\d+)", re.S),
     "第 {0} 行：图片说明“{1}”原印在第 {2}、{3} 行拼合的段落中间，已移回图片下"),
    (re.compile(r"line (\d+): paragraph also printed on line (\d+); kept in item (\d+) `(.*)`, whose other paragraphs "
                r"it resembles more \(([\d.]+) vs ([\d.]+) here\)", re.S),
     "第 {0} 行：这一段在第 {1} 行又印了一次；保留在本版第 {2} 篇《{3}》中（与该篇其他段落更相近：{4} 对 {5}）"),
    (re.compile(r"lines (\d+)\+(\d+): `(.*)` printed on both sides of the cut; kept once", re.S),
     "第 {0}、{1} 行：“{2}”在断行两侧各印了一次，只保留一处"),
    (re.compile(r"lines (\d+)-(\d+): headline `(.*)` printed after its article; moved to the top", re.S),
     "第 {0}—{1} 行：标题“{2}”原印在文章之后，已移到开头"),
    (re.compile(r"lines (\d+)\+(\d+): (.*)", re.S), "第 {0}、{1} 行拼合：{2}"),
    (re.compile(r"(\d+) marks? shown full-width"), "{0} 个标点显示为全角"),
    (re.compile(r"(\d+) stray spaces? dropped"), "删除多余空格 {0} 处"),
    (re.compile(r"(\d+) whitespace-only lines? dropped \(lines? ([\d, ]+)\)"), "删除空白行 {0} 行（第 {1} 行）"),
    (re.compile(r"(\d+) control characters? dropped.*", re.S), "删除控制字符 {0} 个"),
)
LINE_NUMBERS = re.compile(r"\blines? (\d+(?:[+,-] ?\d+)*)")


def show(text: str | None) -> str:
    """Return display text: full-width punctuation, invisible controls made visible (escaped later)."""
    return typeset(visible(text))


def format_date(date: str | None) -> str:
    """Return a date as Chinese readers write it: 2023年4月24日, 2023年4月, 4月24日."""
    if not date:
        return "日期不详"
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date) or re.fullmatch(r"--(\d{2})-(\d{2})", date)
    if not match:
        return date
    parts = [p for p in match.groups() if p]
    units = ("年", "月", "日") if len(date) >= 4 and date[0].isdigit() else ("月", "日")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units))


def machine_date(date: str | None) -> str | None:
    """Return the value for a <time datetime> attribute, or None when the date is not valid HTML."""
    if date and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):    # the Nu checker refuses year-less "--MM-DD"
        return date
    return None


def issue_date(date: str | None) -> bool:
    """Return whether a date is a full day (YYYY-MM-DD): a page with one belongs to an issue page."""
    return bool(date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date))


def first_sentence(item: Item, limit: int = 80) -> str:
    """Return the item's first sentence (the template filter)."""
    return item.first_sentence(limit)


def display_title(item: Item) -> str:
    """Return the item's display title (the template filter)."""
    return item.display_title()


def repair_detail(detail: str) -> str:
    """Return a repair note in Chinese for the page (quoted text kept); unknown notes become their line numbers."""
    for pattern, template in REPAIR_DETAILS:
        match = pattern.fullmatch(detail)
        if match:
            return template.format(*(visible(g) for g in match.groups()))
    lines = LINE_NUMBERS.match(detail)
    return f"第 {lines[1].replace('+', '、').replace('-', '—')} 行" if lines else "详见开放数据"


def repair_summary(repairs) -> str:
    """Return '合并断行 2 处，删除重复段落 1 处' for a list of repairs, in first-seen order."""
    counts: dict[str, int] = {}
    for repair in repairs:
        counts[repair.kind] = counts.get(repair.kind, 0) + 1
    return "，".join(f"{REPAIR_LABELS.get(kind, kind)} {n} 处" for kind, n in counts.items())


def correction_parts(correction) -> tuple[str, str, str | None]:
    """Return (label, text, id of the other article or None) describing a correction to readers."""
    if correction.operation == "set":
        name = FIELD_LABELS.get(correction.field, correction.field)
        return "更改" + name, f"{correction.before or '（无）'} → {correction.after or '（无）'}", None
    label, text, other = CORRECTION_TEXTS.get(correction.operation, (correction.operation, "{after}", None))
    short = {k: (v or "")[:30] + ("…" if len(v or "") > 30 else "") for k, v in
             (("before", correction.before), ("after", correction.after))}
    return label, text.format(**short), getattr(correction, other) if other else None
