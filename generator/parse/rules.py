"""Every named rule about what a line of a page dump *is*: headline, fragment, byline, caption, credit.

Each rule quotes the seed line that motivated it. The pipeline composes them; nothing here
touches the disk or keeps state except jieba's dictionary, loaded lazily once.
"""
from __future__ import annotations

import re
import zlib

import numpy as np

from generator.text import jieba_dict
from generator.text.chars import HAN, HAN_RANGES
from generator.text.gram_hashes import not_space, shared_hasher

# --- characters -----------------------------------------------------------------------------

HAN_CHAR = re.compile(f"[{HAN}]")
NOT_HAN = re.compile(f"[^{HAN}]+")
BIGRAM = re.compile("(?=(..))", re.DOTALL)   # every overlapping pair of characters

# A paragraph is complete when it ends with one of these, possibly followed by closing quotes:
# 003 `预计今年底将完成主体工程。` is a whole (short) paragraph, not a fragment.
TERMINAL_MARKS = "。!?…！？"
CLOSERS = "”’)）》」』】\"'"

# A line ending with one of these continues in the next block:
# 003 `大唐网络总裁杨勇与市委书记张新文、市政府副市长王卫东,` / `就有序开展5G新基建建设…`.
CLAUSE_MARKS = ",、;，；"

# Characters that cannot open a sentence, so a block starting with one continues the previous block.
NON_STARTERS = set(",、。;:!?)）”’》」』…，；：！？") | set("的得了着们")

OPENERS_CLOSERS = (("“", "”"), ("(", ")"), ("（", "）"), ("《", "》"), ("「", "」"))

# --- layout -------------------------------------------------------------------------------

# Blank lines between blocks that mean "a picture was here": 002 has three above and one below
# the caption `近日,鲁西新区岳程街道商会党支部组织会员企业参加消防培训` (line 27), printed between
# the halves of a paragraph; ordinary paragraphs are one blank line apart.
IMAGE_GAP = 2

# --- headlines ------------------------------------------------------------------------------

# The longest headline on the seed pages is 36 characters (001 line 3:
# `2020年菏泽高新区“双城同创”攻坚动员大会要求 迅速掀起创城工作新高潮`); paragraphs are longer.
HEADING_MAX_CHARS = 40

# 002 subheadings are two parallel phrases separated by a space: `开展党建攻坚 激活“红色引擎”`,
# `理顺管理体制 强化红色引领`; fragments never are.
PARALLEL_PHRASES = re.compile(f"[{HAN}”]\\s+[{HAN}“]")

# Numbered in-article headings: `一、加强组织领导`, `(二)强化保障`.
NUMBERED_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")

# Words that mark a picture's caption: 001 `会议现场`; `图为…` as in 000 line 89.
CAPTION_WORDS = re.compile(r"(?:现场|合影|一角|掠影|剪影|留影)$|^(?:图为|图:|上图|下图|左图|右图)")

# A subtitle (副题) starts with a dash: 002 `——我市以高质量党建引领行业协会商会高质量发展综述`.
SUBTITLE = re.compile(r"^\s*(?:——|—|--)")

# --- bylines and credits --------------------------------------------------------------------

# A role as printed: `记者`, `通讯员`, `本报通讯员`, `牡丹晚报全媒体记者` (001 line 5).
ROLE_WORDS = ("记者", "通讯员", "实习生", "摄影", "编辑", "撰稿")
ROLE = f"[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})"
NAME = f"[{HAN}·]{{2,4}}"
PEOPLE = f"{ROLE}(?:\\s+{NAME})+(?:\\s+{ROLE}(?:\\s+{NAME})+)*"

# 000 `本报讯(记者 时苏建)`, 004 `本报嘉祥讯(通讯员 王彪)`, 003 `本报讯(本报通讯员 崔艺霏)`;
# wire copy opens the same way: `新华社北京4月23日电(记者 张三)`. Inside the brackets a role word
# must appear; the space between role and name may be missing (`记者张三`).
DATELINE = f"(?:本报[{HAN}]{{0,6}}讯|[{HAN}]{{2,8}}(?:社|网)[{HAN}0-9]{{0,12}}电)"
START_BYLINE = re.compile(f"^■?\\s*{DATELINE}\\s*[(（]\\s*([^()（）]{{0,30}}?(?:{'|'.join(ROLE_WORDS)})[^()（）]{{0,40}}?)\\s*[)）]")

# A byline on its own line: 004 `■本报通讯员 付哲` (start), 002 `记者 胡德光`,
# `通讯员 梁绍亭 记者 刘卫国` (end of an article).
BYLINE_LINE = re.compile(f"^■?\\s*({PEOPLE})\\s*$")

# A photo credit ends in 摄: 002 `通讯员 刘青青 摄`, 004 `■通讯员 赵九龙 李安敬 摄`.
CREDIT_LINE = re.compile(f"^■?\\s*({ROLE}(?:\\s+[{HAN}·]{{2,4}})+)\\s*摄\\s*$")

# Inline after the last sentence: 000 `…提供有力支撑。 记者 张品`.
INLINE_END_BYLINE = re.compile(f"(?<=[{TERMINAL_MARKS}{CLOSERS}])\\s+■?({PEOPLE})\\s*$")

# Inline credit after a caption: 000 `…交流互动。 记者 付凤臣摄`.
INLINE_CREDIT = re.compile(f"(?<=[{TERMINAL_MARKS}{CLOSERS}])\\s+■?({ROLE}(?:\\s+[{HAN}·]{{2,4}}?)+\\s*摄)\\s*$")

ROLE_TOKEN = re.compile(f"^{ROLE}$")


def core_role(token: str) -> str:
    """Return the role word a printed role ends with: `牡丹晚报全媒体记者` -> `记者`."""
    return next((word for word in ROLE_WORDS if token.endswith(word)), token)


def people_in(byline: str) -> tuple[tuple[str, str], ...]:
    """Return (name, role) pairs named in a byline: `记者 董传周 通讯员 张凯` -> 董传周/记者, 张凯/通讯员."""
    opening = START_BYLINE.match(byline)
    text = (opening.group(1) if opening else byline).strip("■ \t")
    text = re.sub(r"\s*摄\s*$", "", text)
    text = re.sub(f"({'|'.join(ROLE_WORDS)})(?=[{HAN}])", r"\1 ", text)   # `记者张三` -> `记者 张三`
    people, role = [], None
    for token in text.split():
        if ROLE_TOKEN.match(token):
            role = core_role(token)
        elif role and re.fullmatch(NAME, token):
            people.append((token, role))
    return tuple(people)


def split_start_byline(text: str) -> tuple[str | None, str, int]:
    """Return (byline, rest, spaces dropped) for a paragraph opening `本报讯(记者 时苏建)4月23日…`."""
    match = START_BYLINE.match(text)
    if not match:
        return None, text, 0
    rest = text[match.end():]
    stripped = rest.lstrip(" \t\u3000")
    return match.group(0).strip(), stripped, len(rest) - len(stripped)


def split_end_byline(text: str) -> tuple[str, str | None]:
    """Return (paragraph, byline) for a paragraph ending `…支撑。 记者 张品`."""
    match = INLINE_END_BYLINE.search(text)
    if not match or not text[: match.start()].strip():
        return text, None
    return text[: match.start()], match.group(1)


def split_inline_credit(text: str) -> tuple[str, str | None]:
    """Return (caption, credit) for a caption ending `…交流互动。 记者 付凤臣摄`."""
    match = INLINE_CREDIT.search(text)
    if not match or not text[: match.start()].strip():
        return text, None
    return text[: match.start()], match.group(1)


def is_byline_line(text: str) -> bool:
    """Return True for a line that is only a byline: `■本报通讯员 付哲`, `记者 胡德光`."""
    return bool(BYLINE_LINE.match(text))


def is_credit_line(text: str) -> bool:
    """Return True for a photo credit line: `通讯员 刘青青 摄`."""
    return bool(CREDIT_LINE.match(text))


def is_subtitle(text: str) -> bool:
    """Return True for a subtitle line: `——东明县水务局大力开展节水宣传活动侧记` (a dash-led sentence is not)."""
    return bool(SUBTITLE.match(text)) and len(text) <= HEADING_MAX_CHARS * 2 and not is_terminal(text)


# --- stray spaces ---------------------------------------------------------------------------

# Extraction adds spaces: 001 `本报讯(牡丹晚报全媒体记者 武霏) 7月24日` (handled with the byline)
# and between two Chinese characters. Quoted slogans keep theirs: 000 `“天使健康救助 助力乡村振兴”`.
QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
STRAY_SPACE = re.compile(f"(?<=[{HAN}])[ \\t\\u3000]+(?=[{HAN}])")
ROLE_BEFORE_SPACE = re.compile(f"(?:{'|'.join(ROLE_WORDS)})$")


def drop_stray_spaces(text: str) -> tuple[str, int]:
    """Return ``text`` without spaces between two Han characters outside quotes, and how many went.

    Spaces inside quotes are the writer's: `“天使健康救助 助力乡村振兴”`, `“12341 荷协心声”` stay,
    and so does the space between a role and a name: `记者 时苏建`.
    """
    protected = [m.span() for m in QUOTED.finditer(text)]
    removed = [m for m in STRAY_SPACE.finditer(text) if not any(a <= m.start() < b for a, b in protected)
               and not ROLE_BEFORE_SPACE.search(text, 0, m.start())]
    for match in reversed(removed):
        text = text[:match.start()] + text[match.end():]
    return text, sum(len(m.group()) for m in removed)


# Control characters (Unicode Cc other than tab and line ends) are not text and not allowed in HTML;
# they are dropped before parsing and kept in a `control_removed` repair so nothing is lost.
CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def split_controls(text: str) -> tuple[str, str, list[int]]:
    """Return (text without control characters, the characters removed, 1-based lines they were on)."""
    found = list(CONTROL_CHAR.finditer(text))
    if not found:
        return text, "", []
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in found})
    return CONTROL_CHAR.sub("", text), "".join(m.group() for m in found), lines


# --- sentence shape -------------------------------------------------------------------------

def is_terminal(text: str) -> bool:
    """Return True if ``text`` ends a sentence: `…完成主体工程。`, `…我们的发展。”`."""
    core = text.rstrip().rstrip(CLOSERS)
    return bool(core) and core[-1] in TERMINAL_MARKS


def ends_in_clause_mark(text: str) -> bool:
    """Return True if ``text`` stops after a comma or enumeration mark: `…副市长王卫东,`."""
    return bool(text) and text.rstrip()[-1] in CLAUSE_MARKS


def unbalanced(text: str) -> bool:
    """Return True if a quote or bracket opened in ``text`` is not closed: `“我们的社会实践团…的社`."""
    return any(text.count(open_) > text.count(close) for open_, close in OPENERS_CLOSERS)


def has_inner_comma(text: str) -> bool:
    """Return True if ``text`` has a clause comma inside: 001 `郭保存指出,当前我区已经`."""
    return any(mark in text.rstrip()[:-1] for mark in ",，")


def is_heading_shaped(text: str) -> bool:
    """Return True for a line that could be a headline: short, unfinished, quotes closed, no trailing comma."""
    text = text.strip()
    return (0 < len(text) <= HEADING_MAX_CHARS and not is_terminal(text)
            and not ends_in_clause_mark(text) and not unbalanced(text))


def has_heading_cue(text: str) -> bool:
    """Return True for headline typography: parallel phrases (`理顺管理体制 强化红色引领`) or numbering."""
    return bool(PARALLEL_PHRASES.search(text) or NUMBERED_HEADING.match(text))


def looks_like_caption(text: str) -> bool:
    """Return True for a caption-like line: 001 `会议现场`."""
    return bool(CAPTION_WORDS.search(text.strip()))


def cannot_start_sentence(text: str) -> bool:
    """Return True if ``text`` cannot open a sentence: 001 `生,在吕陵镇…` (a lone 生 then a comma)."""
    text = text.lstrip()
    if not text:
        return False
    if text[0] in NON_STARTERS:
        return True
    return len(text) >= 2 and HAN_CHAR.match(text[0]) is not None and text[1] in ",、，"


# --- words across a cut ---------------------------------------------------------------------

def word_across(before: str, after: str, window: int = 6) -> str | None:
    """Return a dictionary word that spans the cut: `…的6名大学` + `生,在…` -> `大学生`; else None."""
    left, right = before.rstrip()[-window:], after.lstrip()[:window]
    if not left or not right or not HAN_CHAR.match(left[-1]) or not HAN_CHAR.match(right[0]):
        return None
    position = 0
    for word in jieba_dict.default().cut(left + right, HMM=False):
        end = position + len(word)
        if position < len(left) < end and len(word) >= 2:
            return word
        position = end
    return None


def overlap_at_cut(before: str, after: str, longest: int = 4) -> str:
    """Return text repeated across a cut that should be dropped once, or '' when not confident.

    003 `…在5G智慧城市` / `市、城市安全…`: the head `市` is a lone word before a mark and
    `城市` is a word ending the first half, so one `市` is an extraction echo.
    """
    before, after = before.rstrip(), after.lstrip()
    for size in range(min(longest, len(after) - 1), 0, -1):
        head = after[:size]
        if not before.endswith(head) or after[size] not in CLAUSE_MARKS + "。":
            continue
        if not all(HAN_CHAR.match(c) for c in head):
            continue
        if _ends_with_word_containing(before, head):
            return head
    return ""


def _ends_with_word_containing(text: str, tail: str) -> bool:
    """Return True if jieba reads the end of ``text`` as a word longer than ``tail`` that ends with it."""
    words = list(jieba_dict.default().cut(text[-8:], HMM=False))
    return bool(words) and words[-1].endswith(tail) and len(words[-1]) > len(tail)


# --- similarity -----------------------------------------------------------------------------

def bigrams(text: str) -> set[str]:
    """Return the set of character bigrams of the Han characters of ``text`` (punctuation dropped)."""
    return set(BIGRAM.findall(NOT_HAN.sub("", text)))


UNICODE_SIZE = 0x110000


def bigram_keys(texts: list[str]) -> list[set[int]]:
    """Return ``bigrams`` of every text as integers (first * 0x110000 + second), computed together.

    The integers stand one to one for the bigram strings, so sets and counts of them compare the same.
    """
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    han = np.zeros(len(codes), dtype=bool)
    for low, high in HAN_RANGES:
        han |= (codes >= low) & (codes <= high)
    han_at = np.flatnonzero(han)
    bounds = np.searchsorted(han_at, np.cumsum([0] + [len(t) + 1 for t in texts])).tolist()
    chars = codes[han_at].astype(np.int64)
    keys = (chars[:-1] * UNICODE_SIZE + chars[1:]).tolist()
    return [set(keys[start:end - 1]) if end - start > 1 else set() for start, end in zip(bounds, bounds[1:])]




# Two paragraphs are the same paragraph printed twice when this share of their shingles match:
# 000 `“网格+居民自治”,协商议事促和谐…` appears on lines 111 and 123; a few changed characters still count.
DUPLICATE_SHARE = 0.8
DUPLICATE_MIN_CHARS = 20
SHINGLE = 5


def shingles(text: str, size: int = SHINGLE, crc32=zlib.crc32) -> set[int]:
    """Return hashed character shingles of the non-space text of ``text``."""
    chars = "".join(text.split())
    return {crc32(chars[i:i + size].encode()) for i in range(max(1, len(chars) - size + 1))}


def shingle_sets(texts: list[str]) -> list[set[int]]:
    """Return ``shingles`` of every text (the same sets, hashed together with numpy)."""
    fast = shared_hasher(SHINGLE, not_space).many(texts)
    return [set(hashes.tolist()) if hashes is not None else shingles(text) for text, hashes in zip(texts, fast)]



def is_near_duplicate(a: set[int], b: set[int]) -> bool:
    """Return True if two shingle sets share most of the smaller one."""
    small = min(len(a), len(b))
    return small > 0 and len(a & b) / small >= DUPLICATE_SHARE and min(len(a), len(b)) / max(len(a), len(b)) >= 0.7
