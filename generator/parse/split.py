"""Second segmentation pass: one article per byline, and headlines printed after their article.

000: the 会盟社区 article opens with `本报讯(记者 李萍)` and the text under it ends with
` 记者 张品`, followed by the headline `小手拉大手 节水进校园` / `——东明县水务局…侧记`.
Two bylines mean two articles; the cut goes where the paragraphs stop resembling the first
article's headline and start resembling the second's.
"""
from __future__ import annotations

import itertools
import math

from generator.model import Repair
from generator.parse import rules as h
from generator.parse.items import Draft


def similarity(a: set[str], b: set[str]) -> float:
    """Return the cosine overlap of two bigram sets (0 when either is empty)."""
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def head_text(draft: Draft) -> str:
    """Return the text that says what a draft is about: its headlines and first paragraph."""
    first = draft.body[0].text if draft.body else ""
    return "\n".join(t for t in (draft.kicker, draft.title, draft.subtitle, first) if t)


def best_cut(draft: Draft, tail_hint: str) -> int:
    """Return the body index where the second article starts (1 … len(body) - 1).

    A subheading between the two bylines is the second headline (002 `马集镇:养老服务更贴心 …`);
    otherwise the cut maximises how much paragraphs before it resemble the head and after it the tail.
    """
    body = draft.body
    head = h.bigrams(head_text(draft))
    tail = h.bigrams(tail_hint + "\n" + body[-1].text)
    leaning = [similarity(h.bigrams(e.text), head) - similarity(h.bigrams(e.text), tail) for e in body]
    candidates = [i for i in range(1, len(body)) if body[i].type == "subheading"] or list(range(1, len(body)))
    before_cut = list(itertools.accumulate(leaning[1:-1], initial=0.0))   # before_cut[k] = sum(leaning[1:k+1])
    total = before_cut[-1]

    def score(cut: int) -> float:
        """Return how well cutting at ``cut`` separates head-like from tail-like paragraphs."""
        before = before_cut[cut - 1]
        return before - (total - before)

    return max(candidates, key=lambda cut: (score(cut), -cut))


def split_draft(draft: Draft, tail_hint: str) -> list[Draft]:
    """Return ``draft`` split in two where its second byline's article starts."""
    cut = best_cut(draft, tail_hint)
    first_lines = {line for entry in draft.body[:cut] for line in entry.lines} | set(draft.heading_lines)
    second = Draft(end_byline=draft.end_byline, body=draft.body[cut:], closed=True)
    if second.body and second.body[0].type == "subheading":
        heading = second.body.pop(0)
        second.title = heading.text
        second.heading_lines = list(heading.lines)
    first = draft
    first.body, first.end_byline = draft.body[:cut], None
    second.lines = [n for n in draft.lines if n not in first_lines]
    first.lines = [n for n in draft.lines if n in first_lines]
    second_lines = set(second.lines)
    in_second = [_repair_line(r) in second_lines for r in draft.repairs]
    second.repairs = [r for r, moved in zip(draft.repairs, in_second) if moved]
    first.repairs = [r for r, moved in zip(draft.repairs, in_second) if not moved]
    return [first, second]


def _repair_line(repair: Repair) -> int | None:
    """Return the first source line a repair's detail names, or None."""
    digits = ""
    for char in repair.detail.split(" ", 1)[-1]:
        if char.isdigit():
            digits += char
        elif digits:
            break
    return int(digits) if digits else None


def split_double_bylines(drafts: list[Draft]) -> list[Draft]:
    """Return the drafts with every article that has a start and an end byline split in two."""
    result: list[Draft] = []
    for index, draft in enumerate(drafts):
        if draft.byline and draft.end_byline and len(draft.body) >= 2:
            following = drafts[index + 1] if index + 1 < len(drafts) else None
            hint = "\n".join(t for t in (following.kicker, following.title, following.subtitle) if t) \
                if following is not None and following.trailing else ""
            result.extend(split_draft(draft, hint))
        elif _photo_after_signed_article(draft):
            result.extend(split_photo(draft))
        else:
            result.append(draft)
    return result


def _photo_after_signed_article(draft: Draft) -> bool:
    """Return True for an article signed above its body whose photo credit comes after the body
    (corpus, TUNE: `微山湖乡情` / `李兵` / three paragraphs / `1月14日,在…` / `记者 王振宇 摄`).

    A byline and a photo credit naming someone else are two signatures: the paragraph right above the
    credit is an untitled photo item printed after the article, as a start and an end byline mean two
    articles. A credit naming the byline's reporter (`本报讯(通讯员 李四)…` / `通讯员 李四 摄`) is the
    article's own picture credit."""
    return (draft.kind == "article" and draft.byline is not None and draft.end_byline is None
            and draft.credit is not None and "\n" not in draft.credit and h.closes_photo(draft.credit)
            and len(draft.body) >= 2 and draft.body[-1].type == "paragraph"
            and not _same_people(draft.byline, draft.credit)
            and bool(draft.lines) and draft.body[-1].lines[-1] < _credit_line(draft))


def _same_people(byline: str, credit: str) -> bool:
    """Return True if the credit names someone of the byline (the article's reporter took its picture)."""
    return bool({name for name, _ in h.people_in(byline)} & {name for name, _ in h.people_in(credit)})


def _credit_line(draft: Draft) -> int:
    """Return the source line of a draft's credit: the last line not in its body or headings."""
    body_lines = {n for entry in draft.body for n in entry.lines} | set(draft.heading_lines)
    rest = [n for n in draft.lines if n not in body_lines]
    return max(rest) if rest else -1


def split_photo(draft: Draft) -> list[Draft]:
    """Return ``draft`` and the untitled photo item made of its last paragraph and its credit."""
    entry = draft.body.pop()
    photo_lines = set(entry.lines) | {_credit_line(draft)}
    photo = Draft(kind="photo", captions=[entry.text], credit=draft.credit, closed=True,
                  lines=[n for n in draft.lines if n in photo_lines])
    draft.credit = None
    draft.lines = [n for n in draft.lines if n not in photo_lines]
    moved = [_repair_line(r) in photo_lines for r in draft.repairs]
    photo.repairs = [r for r, m in zip(draft.repairs, moved) if m]
    draft.repairs = [r for r, m in zip(draft.repairs, moved) if not m]
    return [draft, photo]


def attach_trailing_titles(drafts: list[Draft]) -> list[Draft]:
    """Return the drafts with a headline group printed after an untitled article moved onto it."""
    result: list[Draft] = []
    for draft in drafts:
        previous = result[-1] if result else None
        if draft.trailing and not draft.has_content() and previous is not None \
                and previous.title is None and previous.kicker is None and previous.subtitle is None:
            previous.kicker, previous.title, previous.subtitle = draft.kicker, draft.title, draft.subtitle
            previous.lines.extend(draft.lines)
            previous.heading_lines = list(draft.heading_lines)
            lines = "-".join(str(n) for n in (draft.heading_lines[0], draft.heading_lines[-1]))
            previous.repairs.append(Repair("title_moved", f"lines {lines}: headline `{draft.title}` printed "
                                                          "after its article; moved to the top"))
            continue
        result.append(draft)
    return result
