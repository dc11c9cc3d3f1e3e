"""The corpus of real articles (``../shared/corpus/articles.json``) and the gold derived from each record.

Gold conventions, which follow the project's data (README "Open data"), not the corpus's:
the byline is never part of the body, so an ``inline_start`` byline is cut from the start of the
first paragraph and an ``inline_end`` byline from the end of the last one; ``authors`` are derived
from the byline only when the form is unambiguous (see :func:`authors_of`), else None (not scored).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
ROLE_WORDS = ("特约记者", "见习记者", "实习记者", "首席记者", "全媒体记者", "记者", "通讯员", "实习生", "摄影")
ROLE = re.compile(f"[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})")
PHOTO_MARK = re.compile(r"\s*(?:摄影报道|摄影|摄|报道|文/图|供图)\s*$")
DATELINE_HEAD = re.compile(r"^(?:【[^】]*】\s*)?(?:[^()（）]{0,20}?(?:讯|消息|报道))?\s*")
LEAD_PHOTO = re.compile(r"^文/图\s*")
UNBRACKETED_DATELINE = re.compile(f"^[^()（）\\s、]{{0,20}}?(?:讯|消息|电)\\s+(?=[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)}))")
PAREN_GROUP = re.compile(r"[(（]([^()（）]*)[)）]")
LEAD_MARKS = "■□●N "


@dataclass(frozen=True)
class Article:
    """One corpus record, as printed (paragraphs verbatim, byline inside them when inline)."""

    index: int                         # position in articles.json
    newspaper: str | None
    county: str | None
    kicker: str | None
    title: str
    subtitle: str | None
    byline: str | None
    byline_position: str | None        # inline_start | before_body | inline_end | after_body | None
    paragraphs: tuple[str, ...]
    kind: str                          # news | photo_news | ...

    @property
    def body(self) -> tuple[str, ...]:
        """Return the paragraphs without an inline byline (the project keeps bylines out of the body)."""
        paras = list(self.paragraphs)
        if self.byline_position == "inline_start" and paras[0].startswith(self.byline):
            paras[0] = paras[0][len(self.byline):].lstrip()
        if self.byline_position == "inline_end" and paras[-1].endswith(self.byline):
            paras[-1] = paras[-1][: -len(self.byline)].rstrip()
        return tuple(p for p in paras if p.strip())


def load_articles(path: Path) -> tuple[Article, ...]:
    """Return the corpus records of ``path`` (UTF-8 JSON list)."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(Article(index=i, newspaper=r.get("newspaper"), county=r.get("county"), kicker=r.get("kicker"),
                         title=r["title"], subtitle=r.get("subtitle"), byline=r.get("byline"),
                         byline_position=r.get("byline_position"), paragraphs=tuple(r["paragraphs"]),
                         kind=r.get("kind") or "news")
                 for i, r in enumerate(records))


def _byline_core(byline: str) -> tuple[str, bool]:
    """Return the people part of a byline (dateline, brackets, photo marks removed) and whether 摄 was marked."""
    text = byline.replace("\n", " ").strip(LEAD_MARKS)
    groups = PAREN_GROUP.findall(text)
    head = PAREN_GROUP.split(text)[0]
    if groups and (not head.strip() or DATELINE_HEAD.fullmatch(head)):
        text = groups[-1]                       # 本报讯(记者 谢非), 【长江网讯】 (楚天金报)(记者…)
    elif groups and text.endswith(")") and not ROLE.search(groups[-1]):
        text = text[: text.rfind("(")]          # 实习生 王自然 本报记者 王劲松(春城晚报)
    elif not groups:
        text = UNBRACKETED_DATELINE.sub("", text)   # 本报讯 记者A、通讯员B报道
    text = LEAD_PHOTO.sub("", text.lstrip("(（").strip())
    photo = False
    while PHOTO_MARK.search(text) and not ROLE.fullmatch(text.strip()):
        photo = photo or "摄" in PHOTO_MARK.search(text).group(0)
        text = PHOTO_MARK.sub("", text)
    return text.strip(), photo


def authors_of(byline: str | None) -> tuple[tuple[str, str], ...] | None:
    """Return (name, role as printed) pairs of an unambiguous byline, () for none, None if not derivable.

    Derivable: role words followed by names of 2-3 characters, separated by spaces or 、 or glued
    to the next role word (`伏怡记者胡永士`); names without a role (`(赫子仪)`) get role "" or, after a
    photo mark (`准轩 摄`), "摄影". A glued run of 4+ characters (`田园黄俊`) is ambiguous: not derivable.
    """
    if byline is None:
        return ()
    text, photo = _byline_core(byline)
    people: list[tuple[str, str]] = []
    role, expecting_name = "", False
    rest = text
    while rest.strip(" 、\u3000"):
        rest = rest.lstrip(" 、\u3000")
        role_match = None if expecting_name else ROLE.match(rest)
        if role_match and _role_is_followed_by_name(rest, role_match.end()):
            role, rest, expecting_name = role_match.group(0), rest[role_match.end():], True
            continue
        run = re.match(f"[{HAN}·]+", rest)
        name = _name_before_role(run.group(0)) if run else ""
        if not 2 <= len(name) <= 3:
            return None
        people.append((name, role or ("摄影" if photo else "")))
        rest, expecting_name = rest[len(name):], False
    return tuple(people) if people else None


def _role_is_followed_by_name(text: str, end: int) -> bool:
    """Return True if a role word ending at ``end`` is followed by a name (so `摄影` is a role here)."""
    return bool(re.match(f"[\\s、]*[{HAN}]", text[end:]))


def _name_before_role(run: str) -> str:
    """Return the head of a Han run up to the next role word or 本报: `伏怡记者胡永士` -> `伏怡`."""
    cuts = [run.find(w) for w in (*ROLE_WORDS, "本报") if run.find(w) > 0]
    return run[: min(cuts, default=len(run))]
