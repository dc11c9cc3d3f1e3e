"""Every named rule about what a line of a page dump *is*: headline, fragment, byline, caption, credit.

Each rule quotes the seed line that motivated it. The pipeline composes them; nothing here
touches the disk or keeps state except jieba's dictionary, loaded lazily once.
"""
from __future__ import annotations

import functools
import re
import zlib

import numpy as np

from generator.parse import label_weights
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

# Bullets printed before a byline: 004 `■本报通讯员 付哲`; other papers print `□全媒体记者 …`,
# `● 本报记者 …` (issue 14's list) and the other marks of the same symbol fonts (◎ ▲ ◆ ★ ○ ◇ △).
BULLETS = "■□●◎▲◆★○◇△"

# A role as printed: `记者`, `通讯员`, `本报通讯员`, `牡丹晚报全媒体记者` (001 line 5).
ROLE_WORDS = ("记者", "通讯员", "实习生", "摄影", "编辑", "撰稿")
ROLE = f"[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})"
NAME = f"[{HAN}·]{{2,4}}"
PEOPLE = f"{ROLE}(?:\\s+{NAME})+(?:\\s+{ROLE}(?:\\s+{NAME})+)*"

# 000 `本报讯(记者 时苏建)`, 004 `本报嘉祥讯(通讯员 王彪)`, 003 `本报讯(本报通讯员 崔艺霏)`;
# wire copy opens the same way: `新华社北京4月23日电(记者 张三)`. Inside the brackets a role word
# must appear; the space between role and name may be missing (`记者张三`).
DATELINE = f"(?:本报[{HAN}]{{0,6}}讯|[{HAN}]{{2,8}}(?:社|网)[{HAN}0-9]{{0,12}}电)"
START_BYLINE = re.compile(f"^[{BULLETS}]?\\s*{DATELINE}\\s*[(（]\\s*([^()（）]{{0,30}}?(?:{'|'.join(ROLE_WORDS)})[^()（）]{{0,40}}?)\\s*[)）]")

# Other papers open the lead the same way with their own names and dates (bench/corpus, TUNE papers):
# `千山晚报消息(记者周庆春)`, `楚天都市报讯(记者李曼英)`, `本报济南2月20日讯 (见习记者 郭学军)`,
# `荆楚在线消息(楚天都市报)(记者陈曙光)`, `【长江网讯】 (楚天金报)(记者…)`; and with names only:
# `本报讯(周再兴 孔德琴)`. The words before the bracket are a dateline (no comma, ends in 讯/消息/报道/电).
NAMES_ONLY = f"(?![^()（）]*(?:完|续|转|接|图|版|见))[{HAN}·]{{2,4}}(?:[\\s、]+[{HAN}·]{{2,4}}){{0,5}}"
WIDE_DATELINE = f"(?:【[^】,，。]{{1,14}}】|[{HAN}0-9]{{0,14}}?(?:讯|消息|报道|电))(?:\\s*[(（][{HAN}]{{2,10}}[)）])?"
WIDE_START_BYLINE = re.compile(
    f"^[{BULLETS}]?\\s*{WIDE_DATELINE}\\s*[(（]\\s*((?:[^()（）]{{0,30}}?(?:{'|'.join(ROLE_WORDS)})[^()（）]{{0,50}}?)"
    f"|{NAMES_ONLY})\\s*[)）]")
# Without brackets, the people then 报道 close the byline (issue 14's list): `本报讯 记者李明、通讯员王刚报道 近日,…`;
# or a space after the last name does, each person with a role word: `本报讯 记者 王明 近日,…`,
# `本报北京3月1日电 记者王明 通讯员 李华 昨日,…` (the wire and many papers' plain form).
UNBRACKETED_START_BYLINE = re.compile(
    f"^[{BULLETS}]?\\s*{WIDE_DATELINE}\\s+((?:[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})\\s*[{HAN}·]{{2,4}}[、\\s]*){{1,6}}报道"
    f"|(?:[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})\\s*[{HAN}·]{{2,3}})(?:[、\\s]+(?:[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})\\s*)?[{HAN}·]{{2,3}}){{0,5}}(?=[ \\t\\u3000]+\\S|\\s*$))")

# The people glued to the dateline, closed by 报道 (`本报讯记者张晓燕报道 近日,…`, `【本报讯】记者张晓燕报道 …`),
# and a bracketed byline opening the lead with no dateline before it (`(记者 张晓燕)近日,…`): the
# brackets must name a role and someone (``people_in``), so an aside that opens a paragraph stays text.
GLUED_START_BYLINE = re.compile(
    f"^[{BULLETS}]?\\s*{WIDE_DATELINE}\\s*((?:[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})\\s*[{HAN}·]{{2,4}}[、\\s]*){{1,6}}报道)")
BRACKETED_START_BYLINE = re.compile(
    f"^[{BULLETS}]?\\s*[(（]\\s*([^()（）]{{0,20}}?(?:{'|'.join(ROLE_WORDS)})[^()（）{TERMINAL_MARKS},，]{{1,40}}?)\\s*[)）]")


# A byline on its own line: 004 `■本报通讯员 付哲` (start), 002 `记者 胡德光`,
# `通讯员 梁绍亭 记者 刘卫国` (end of an article).
BYLINE_LINE = re.compile(f"^[{BULLETS}]?\\s*({PEOPLE})\\s*$")

# A photo credit ends in 摄: 002 `通讯员 刘青青 摄`, 004 `■通讯员 赵九龙 李安敬 摄`.
CREDIT_LINE = re.compile(f"^[{BULLETS}]?\\s*({ROLE}(?:\\s+[{HAN}·]{{2,4}})+)\\s*摄\\s*$")

# Other papers' byline and credit lines (bench/corpus, TUNE papers): marks `□` `●`, role and name
# glued (`本报记者 李军`, `兰州晨报记者夏苗`, `本报记者王野郊摄影沈生`), 文/图 before or after,
# 报道 / 摄影报道 after, in brackets (`(通讯员石必楷记者胡玉堂)`, `(全媒体记者 厉倩 通讯员 申国发 摄)`),
# a paper in brackets after (`…王劲松(春城晚报)`), `作者:…/来源:…`, `(《重庆晨报》供稿)`, `新华社发`.
GLUED_PEOPLE = (f"(?:(?:文/图|文/|摄/)\\s*)?(?:[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)})[\\s/]*[{HAN}·]{{2,4}}"
                f"(?:[\\s、]+[{HAN}·]{{2,4}})*\\s*)+")
PHOTO_MARKS = "摄影报道|摄影|文/摄|摄|报道|文/图|供图"
WIDE_BYLINE_LINE = re.compile(
    f"^[{BULLETS}]?\\s*(?:[(（]\\s*(?:{GLUED_PEOPLE}|{NAMES_ONLY}\\s*)(?:{PHOTO_MARKS})?\\s*[)）]"
    f"|{GLUED_PEOPLE}(?:{PHOTO_MARKS})?(?:[(（][{HAN}]{{2,8}}[)）])?"
    f"|作者[:：][^\\n]{{2,40}}(?:来源[:：][^\\n]{{2,30}})?"
    f"|[(（]?《?[{HAN}]{{2,10}}》?供稿[)）]?|[{HAN}]{{1,8}}社(?:记者\\s*[{HAN}·]{{2,4}}\\s*)?发)\\s*$")
# `文/摄` (wrote and photographed: `(XX晚报首席记者 姓名 文/摄)`, issue 14's list) signs an article, no photo.
CREDIT_MARK = re.compile(r"(?:摄影报道|摄影|(?<!文/)摄)\s*[)）]?\s*$")

# Inline after the last sentence: 000 `…提供有力支撑。 记者 张品`.
INLINE_END_BYLINE = re.compile(f"(?<=[{TERMINAL_MARKS}{CLOSERS}])\\s+[{BULLETS}]?({PEOPLE})\\s*$")

# Inline credit after a caption: 000 `…交流互动。 记者 付凤臣摄`.
INLINE_CREDIT = re.compile(f"(?<=[{TERMINAL_MARKS}{CLOSERS}])\\s+[{BULLETS}]?({ROLE}(?:\\s+[{HAN}·]{{2,4}}?)+\\s*摄)\\s*$")

# Glued to the last sentence in other papers (bench/corpus, TUNE papers): `…。(赫子仪)`,
# `…。(记者碧云 通讯员李哲浩)`, `…。(记者王丽虹 文/图)`, `… 文/图 记者 周东伦`,
# `…。本报记者唐葵阳`, `…。图片中心记者孙盼盼摄影报道`, `…。 准轩 摄`. A bare role and name glued
# without a prefix (`…。记者了解`) is not taken: the head of a cut paragraph can end that way. A bullet
# may open any of them (issue 14's list: `…。□全媒体记者 姓名 文/图`, `…。● 本报记者 姓名`).
PREFIXED_ROLE = f"[{HAN}]{{2,8}}?(?:{'|'.join(ROLE_WORDS)})"
WIDE_INLINE_END = re.compile(
    f"(?<=[{TERMINAL_MARKS}{CLOSERS}])\\s*((?:[{BULLETS}]\\s*)?(?:"
    f"[(（]\\s*(?:{GLUED_PEOPLE}|{NAMES_ONLY}\\s*)(?:{PHOTO_MARKS})?\\s*(?:[)）]|$)"
    f"|(?:文/图\\s*)?{PREFIXED_ROLE}\\s*[{HAN}·]{{2,3}}(?:(?:{'|'.join(ROLE_WORDS)})[{HAN}·]{{2,3}})?\\s*(?:{PHOTO_MARKS})?"
    f"|\\s(?:文/图\\s*)?{GLUED_PEOPLE}(?:{PHOTO_MARKS})?"
    f"|[\\s]*[{HAN}·]{{2,3}}(?:\\s+[{HAN}·]{{2,3}})*\\s*(?:摄影报道|摄)))\\s*$")

ROLE_TOKEN = re.compile(f"^{ROLE}$")


# Kinds of reporter as printed, kept in Person.role (issue 14): `牡丹晚报全媒体记者` -> `全媒体记者`,
# `(见习记者 郭学军)`, `特约记者 姓名`, `(XX晚报首席记者 姓名 文/摄)`; the paper or office before them
# (牡丹晚报, 本报, 图片中心) is not part of the role.
ROLE_QUALIFIERS = ("全媒体", "融媒体", "见习", "特约", "首席", "实习", "驻站", "驻地", "摄影", "特邀", "特派", "主任")
ROLE_GLUED = re.compile(f"(?<=[{HAN}]){''.join(f'(?<!{q})' for q in ROLE_QUALIFIERS)}((?:本报)?(?:{'|'.join(ROLE_QUALIFIERS)})?"
                        f"(?:{'|'.join(sorted(ROLE_WORDS, key=len, reverse=True))}))")


def core_role(token: str) -> str:
    """Return the role as printed without the paper: `牡丹晚报全媒体记者` -> `全媒体记者`, `本报记者` -> `记者`."""
    word = next((word for word in ROLE_WORDS if token.endswith(word)), None)
    if word is None:
        return token
    head = token[: -len(word)]
    qualifier = next((q for q in ROLE_QUALIFIERS if head.endswith(q) and q + word != "摄影摄影"), "")
    return qualifier + word


NOT_A_NAME = re.compile(r"(?:报|社|网|台|站|中心|在线|部|局|委|办|厅|所|院|队)$")
# Words in a byline that are neither people nor roles and do not count against it: the office a
# correspondent writes for (`(记者 张三 通讯员 区委宣传部 李四)`), the place a dispatch comes from
# (`(特派记者 张三 发自北京)`).
BYLINE_NEUTRAL = re.compile(f"^(?:[{HAN}]{{1,10}}(?:报|社|网|台|站|中心|部|局|委|办|厅|所|院|队)|发自[{HAN}]{{2,6}})$")

# Role words spaced out by the typesetting: `□记 者 孙亚飞`, `通 讯 员 张三` (corpus shape).
SPACED_ROLE = re.compile("|".join(r"\s*".join(word) for word in ROLE_WORDS if len(word) > 1))


# A Latin capital printed before a role word is a bullet from the paper's symbol font, as ■ is
# elsewhere (corpus, TUNE: 海峡都市报 `N本报记者 李思玲` on its own line under the title).
LETTER_BULLET = re.compile(f"^[A-Z](?=[{HAN}]{{0,8}}?(?:{'|'.join(ROLE_WORDS)}))")


# A two-character name set to the width of three with a space between its characters, as many papers
# print it: `记者 王 明`, `文/图 王 明`, `(王 明 李 华)`. Two single characters between spaces, brackets
# or the line's ends are closed up for reading the byline (the text keeps its spaces).
SPACED_NAME = re.compile(f"(?:(?<=^)|(?<=[ \t\u3000(（{BULLETS}]))([{HAN}])[ \t\u3000]+([{HAN}])(?=$|[ \t\u3000)）])")


def close_spaced_roles(text: str) -> str:
    """Return ``text`` with spaced-out role words (`记 者` -> `记者`) and two-character names (`王 明` ->
    `王明`) closed up and a letter bullet read as ■, for reading bylines only."""
    text = SPACED_ROLE.sub(lambda m: re.sub(r"\s+", "", m.group(0)), text.strip())
    if SPACED_ROLE.search(text) or re.search(f"[{BULLETS}(（/]", text):     # a bare `王 明` stays as printed
        text = SPACED_NAME.sub(r"\1\2", text)
    return LETTER_BULLET.sub("■", text)


# A bare name on its own line, the byline of papers that print no role (corpus, TUNE: `陈晶` between
# `元宵赏灯莫忘安全和文明` and the body; `李兵` under `微山湖乡情`): 2-3 Han characters opening with a
# common surname that are not a dictionary word (so `王府`, `高温`, `又旱了` are not names).
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
               "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
               "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
               "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
               "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
BARE_NAME = re.compile(f"^[{HAN}]{{2,3}}$")
# jieba's dictionary has some people (陈小芬: 6); words of names' shape are far more frequent (王府 1251).
NAME_MAX_FREQ = 50
# A surname with a form of address is someone in the story, not the author: `…被困。杨女士` / `说,…`.
ADDRESSED = re.compile("(?:女士|先生|师傅|阿姨|大爷|大妈|大娘|老师|书记|主任|同志|老汉|某|姓)$|^.某")


MARKED_NAME = re.compile(f"^[{BULLETS}]\\s*([{HAN}]{{2,3}})$")
# A bare name glued after the last sentence (`…营造一个良好的赏灯环境。陈小芬`): the same test of a name,
# right after a sentence end (`…在做好“急”时专` in seed 002 is a cut head, not 时专), marked or not (`…。■李明`).
GLUED_NAME = re.compile(f"(?:(?<=[{TERMINAL_MARKS}])|(?<=[{TERMINAL_MARKS}][”’)）]))\\s*((?:[{BULLETS}]\\s*)?[{HAN}]{{2,3}})$")


def is_bare_name(text: str) -> bool:
    """Return True for a line that is only a person's name: `陈晶`, `李兵`, `■李明` (not `又旱了`, not a word)."""
    text = text.strip()
    marked = MARKED_NAME.match(text)
    text = marked.group(1) if marked else text
    if not BARE_NAME.match(text) or text[0] not in SURNAMES or ADDRESSED.search(text):
        return False
    freq = jieba_dict.default().FREQ
    return freq.get(text, 0) < NAME_MAX_FREQ and (len(text) == 2 or freq.get(text[:2], 0) < NAME_MAX_FREQ)



def people_in(byline: str) -> tuple[tuple[str, str], ...]:
    """Return (name, role) pairs named in a byline: `记者 董传周 通讯员 张凯` -> 董传周/记者, 张凯/通讯员.

    Glued forms are split at role words (`通讯员周曙明本报记者薛亚林`); names without any role word
    (`(赫子仪)`, `本报讯(孙晨飞 王琪)`) get the role "" (or 摄影 before 摄); a paper's name is not a person.
    """
    if is_bare_name(byline):
        return ((byline.strip().lstrip(BULLETS).strip(), ""),)
    byline = close_spaced_roles(byline)
    opening = (START_BYLINE.match(byline) or WIDE_START_BYLINE.match(byline) or UNBRACKETED_START_BYLINE.match(byline)
               or GLUED_START_BYLINE.match(byline))
    text = (opening.group(1) if opening else byline).replace("\n", " ")
    text = re.sub(r"[(（][^()（）]*(?:报|社|网)[)）]\s*$", "", text).strip(BULLETS + "()（） \t")
    text = re.sub(f"发自[{HAN}]{{2,6}}", " ", text)                       # `(特派记者 张三 发自北京)`
    slashed = SLASH_ROLE.search(text)                                     # `文/张晓燕`, `图/文 张晓燕`
    photo = bool(re.search(r"摄(?:影报道|影)?\s*[)）]?\s*$", text)) and not re.search(f"摄影\\s*(?!报道)[{HAN}]", text[-4:])
    text = re.sub(f"\\s*(?:{PHOTO_MARKS})\\s*$", "", text)
    text = re.sub(r"^(?:文/图|文/|摄/)\s*|作者[:：]|/?来源[:：].*$", " ", text)
    slashed = slashed or ROLE_AFTER_SLASH.search(text)
    text = ROLE_COLON.sub(r"\1 ", SLASH_ROLE.sub(" ", ROLE_AFTER_SLASH.sub(" ", text)))   # `记者:张晓燕` -> `记者 张晓燕`
    text = ROLE_GLUED.sub(r" \1", text)
    text = re.sub(f"({'|'.join(ROLE_WORDS)})(?=[{HAN}])", r"\1 ", text)   # `记者张三` -> `记者 张三`
    tokens = [t for t in re.split(r"[\s、/,，]+", text) if t]
    has_role = any(ROLE_TOKEN.match(t) for t in tokens)
    marked = (opening or photo or slashed or re.search(r"[(（]|作者", byline)     # a bare word is not a names-only byline
              or MARKED_NAME.match(byline.strip()))                          # `■王明`
    people, role = [], None if has_role or not marked else ("摄影" if photo else "")
    tokens = [name for token in tokens for name in (glued_names(token) or (token,))]
    for token in tokens:
        if ROLE_TOKEN.match(token):
            role = core_role(token)
        elif role is not None and (re.fullmatch(NAME, token) or TRANSCRIBED_NAME.fullmatch(token)) \
                and not NOT_A_NAME.search(token) \
                and (role or len(tokens) > 1 or not _common_word(token)):
            people.append((token, role))
    return tuple(people)


# A name transcribed from Uyghur, Tibetan or another language, its parts joined by a middle dot:
# `(记者 阿不都热合曼·买买提)`, `阿依古丽·吐尔逊` (longer than the 2-4 characters of ``NAME``).
TRANSCRIBED_NAME = re.compile(f"[{HAN}]{{1,8}}(?:·[{HAN}]{{1,8}}){{1,2}}")


def _common_word(token: str) -> bool:
    """Return True for a frequent word that opens with no surname: `(综合)` alone credits no one named
    综合; `(金沙)`, and pen names beside other names (`(海明 小路 李军)`, corpus, TUNE) are people."""
    return token[0] not in SURNAMES and jieba_dict.default().FREQ.get(token, 0) >= NAME_MAX_FREQ


def split_start_byline(text: str) -> tuple[str | None, str, int]:
    """Return (byline, rest, spaces dropped) for a paragraph opening `本报讯(记者 时苏建)4月23日…`."""
    match = (START_BYLINE.match(text) or WIDE_START_BYLINE.match(text) or UNBRACKETED_START_BYLINE.match(text)
             or GLUED_START_BYLINE.match(text))
    if not match:
        bracketed = BRACKETED_START_BYLINE.match(text)
        match = (bracketed if bracketed and people_in(bracketed.group(0)) and not looks_like_caption(bracketed.group(1))
                 else None)
    if not match or not text[match.end():].strip():
        return None, text, 0
    rest = text[match.end():]
    stripped = rest.lstrip(" \t\u3000")
    return match.group(0).strip(), stripped, len(rest) - len(stripped)


# What follows the last sentence, read as an end byline when the graded evidence carries it (issue 14's
# forms glued to the last sentence that the closed forms miss): `…。文/王小明`, `…。记者:王小明 通讯员:李华`,
# `…。记者 王小明` (a role without a paper before it, with a name; `…。记者了解` names no one); at most
# 40 characters, as a byline line (``BYLINE_MAX_CHARS``).
GRADED_END = re.compile(f"(?<=[{TERMINAL_MARKS}{CLOSERS}])\\s*([^{TERMINAL_MARKS},，;；]{{2,40}})$")


def split_end_byline(text: str) -> tuple[str, str | None]:
    """Return (paragraph, byline) for a paragraph ending `…支撑。 记者 张品` (or another paper's form)."""
    match = INLINE_END_BYLINE.search(text) or WIDE_INLINE_END.search(text)
    if not match:
        glued = GLUED_NAME.search(text)
        match = glued if glued and is_bare_name(glued.group(1)) else None
    if not match:
        tail = GRADED_END.search(text)
        taken = tail and (graded_byline(tail.group(1)) and not CREDIT_MARK.search(tail.group(1))
                          or tail.group(1)[0] in "(（" and (is_source_line(tail.group(1))   # `…。(据新华社电)`
                                                           or is_bracketed_role_line(tail.group(1))))
        match = tail if taken else None
    if not match or not text[: match.start()].strip():
        return text, None
    return text[: match.start()], match.group(1).strip()


def split_inline_credit(text: str) -> tuple[str, str | None]:
    """Return (caption, credit) for a caption ending `…交流互动。 记者 付凤臣摄`."""
    match = INLINE_CREDIT.search(text)
    if not match or not text[: match.start()].strip():
        return text, None
    return text[: match.start()], match.group(1)


# A role word and a word that is no name is a column label, not a byline: `记者直击` printed above
# `人行道破损坑洼市民希望快整修` (corpus, TUNE: 兰州晨报), as papers print `记者调查`, `记者手记`,
# `记者观察`, `通讯员来稿`. A name opens with a surname (``SURNAMES``); these words do not, or are common words.
COLUMN_LABEL = re.compile(f"^(?:本报)?(?:{'|'.join(ROLE_WORDS)})\\s*([{HAN}]{{2,3}})$")
COLUMN_WORD_FREQ = 1000


def is_column_label(text: str) -> bool:
    """Return True for a role word and a word that cannot be a name: `记者直击`, `记者调查` (not `记者 金沙`)."""
    match = COLUMN_LABEL.match(close_spaced_roles(text))
    if not match:
        return False
    word = match.group(1)
    return (word[0] not in SURNAMES and word[:2] not in COMPOUND_SURNAMES
            or jieba_dict.default().FREQ.get(word, 0) >= COLUMN_WORD_FREQ)


# A dateline printed on a line of its own between the headline and the lead is the article's byline
# (corpus, TUNE: 成都晚报 `贵阳民工感谢成都` / `四川新闻网-成都晚报讯` / `昨晚7时30分,…`); it names no one.
# Wire and paper forms: `本报讯`, `新华社北京3月1日电`, `XX网讯`, `XX晚报消息`.
DATELINE_ONLY = re.compile(f"^[{BULLETS}]?\\s*(?:本报|[{HAN}]{{1,10}}(?:报|网|社|台))(?:[-—－·]?[{HAN}]{{1,10}}(?:报|网|社|台))*"
                           f"[{HAN}0-9]{{0,10}}?(?:讯|消息|电)$")


# A source credit closes an article like a byline (corpus README: `作者:李灿伦/来源:南京晨报`,
# `(《重庆晨报》供稿)`); other papers print `(据新华社电)`, `(据《济南日报》)`, `(来源:济南日报)`, `据新华社`.
SOURCE_LINE = re.compile(f"^[(（]?\\s*(?:据|来源[:：]\\s*)《?[{HAN}]{{2,12}}?(?:报|社|网|台|新闻)》?(?:电|消息|报道)?\\s*[)）]?$")


def is_source_line(text: str) -> bool:
    """Return True for a line that only names the article's source: `(据新华社电)`, `(来源:济南日报)`."""
    text = text.strip()
    return bool(SOURCE_LINE.match(text)) and text.count("(") + text.count("（") == text.count(")") + text.count("）")


def is_dateline_line(text: str) -> bool:
    """Return True for a line that is only a dateline: `四川新闻网-成都晚报讯`, `本报讯`, `新华社北京3月1日电`."""
    return bool(DATELINE_ONLY.match(text.strip()))


# A line wholly in brackets that names a role is a byline even when its people cannot be read: it is
# kept verbatim as the byline (issue 14: a form not understood is never left in the body), e.g. a
# correspondent's long office or a name of five characters: `(通讯员 XX县融媒体中心宣传科 张三)`,
# `(记者 阿不都热合曼·买买提)`. An editor's note (`(编者按:…)`, `(记者注:…)`) is none.
BRACKETED_ROLE_LINE = re.compile(f"[{BULLETS}]?\\s*[(（][^()（）{TERMINAL_MARKS}\\d]{{2,38}}[)）]")


def is_bracketed_role_line(text: str) -> bool:
    """Return True for a bracketed line with a role word and no sentence in it: `(记者 阿不都热合曼·买买提)`."""
    text = text.strip()
    return (bool(BRACKETED_ROLE_LINE.fullmatch(text)) and SPACED_ROLE.search(text) is not None
            and not looks_like_caption(text.strip("()（）")) and not re.search("[注按][:：]", text))


def is_byline_line(text: str) -> bool:
    """Return True for a line that is only a byline: `■本报通讯员 付哲`, `记者 胡德光`, `(记者碧云 通讯员李哲浩)`."""
    text = close_spaced_roles(text)
    if is_column_label(text):
        return False
    marked = MARKED_NAME.match(text)
    return bool(BYLINE_LINE.match(text) or marked and (is_bare_name(text) or _common_name(marked.group(1)))
                or (WIDE_BYLINE_LINE.match(text) and not CREDIT_MARK.search(text))
                or (not CREDIT_MARK.search(text) and graded_byline(text)) or is_dateline_line(text)
                or is_source_line(text) or (is_bracketed_role_line(text) and not CREDIT_MARK.search(text)))


def is_credit_line(text: str) -> bool:
    """Return True for a photo credit line: `通讯员 刘青青 摄`, `记者 范卉蕾 王浩 摄`, `本报记者朱文海摄`."""
    text = close_spaced_roles(text)
    return bool(CREDIT_LINE.match(text) or (WIDE_BYLINE_LINE.match(text) and CREDIT_MARK.search(text))
                or (CREDIT_MARK.search(text) and (graded_byline(text) or is_bracketed_role_line(text))))


# --- graded byline evidence -----------------------------------------------------------------

# The closed forms above miss other papers' ways of signing (`文/张晓燕`, `图/文 张晓燕`,
# `记者:张晓燕 通讯员:李国强`, `张晓燕 李国强 文/图`, `撰文 张晓燕`). A line is read as a byline when
# every token of it is byline vocabulary (a bullet, brackets, a role word, a slash or colon role,
# 摄/文/图/报道, a paper's name) or a name (2-4 Han characters opening with a surname, not a
# frequent word), it names someone, and the graded evidence adds up (``byline_score``).
SLASH_ROLE = re.compile(r"(?:文·图|图·文|文/图|图/文)(?=\s)|(?:文·图|图·文|撰文|撰稿|文字|摄影|文|图|摄)\s*[/／:：|｜]|(?:撰文|作者)(?=\s)")
ROLE_COLON = re.compile(f"((?:{'|'.join(ROLE_WORDS)}))\\s*[:：|｜]")
# The role after the name, as some papers print it: `本报记者 张晓燕/文 李国强/图`, `(张晓燕/文 李国强/图)`
# (after a name of two characters or more: `图/文 张晓燕` is ``SLASH_ROLE``'s).
ROLE_AFTER_SLASH = re.compile(f"(?<=[{HAN}][{HAN}])\\s*[/／](?:文字|文|图|摄影|摄)(?=[\\s)）]|$)")
BYLINE_MARKS = re.compile(r"(?:摄影报道|摄影|文/图|图/文|供图|报道|文/摄|摄)\s*$")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "公孙", "夏侯")
W_BYLINE_ROLE = 2.0
W_BYLINE_NAME = 1.0          # each name, at most two
W_BYLINE_MARK = 1.0          # a bullet, whole-line brackets, 文/图, 报道
W_BYLINE_PHOTO = 2.0         # 摄 / 摄影 (and 文/图, 文/摄) after names is a role: `张晓燕 摄`, `张晓燕 文/图`
W_BYLINE_OTHER = -3.0        # each token that is neither vocabulary nor a name
BYLINE_THRESHOLD = 3.0
BYLINE_MAX_CHARS = 40


def _is_name_token(token: str) -> bool:
    """Return True for a token shaped like a person's name: `张晓燕`, `欧阳晓燕` (not `记者踏访`, not `北京`)."""
    if not re.fullmatch(f"[{HAN}·]{{2,4}}", token) or NOT_A_NAME.search(token) or ADDRESSED.search(token):
        return False
    if not (token[0] in SURNAMES and len(token) < 4 or token[:2] in COMPOUND_SURNAMES):
        return False
    return jieba_dict.default().FREQ.get(token, 0) < NAME_MAX_FREQ


# A line wholly in brackets that names a role uses commas between people: `(记者 张三,通讯员 李四)`.
BRACKETED_ROLES = re.compile(f"[(（][^()（）]*(?:{'|'.join(ROLE_WORDS)})[^()（）]*[)）]")


# Names that many people bear are dictionary words of middling frequency (`王明` 368, `李娜` 438, `田园`
# 389); common words of a name's shape are more frequent (`周末` 654, `高温` 1515, `黄金` 3086).
COMMON_NAME_MAX_FREQ = 500


def _common_name(token: str) -> bool:
    """Return True for a name the dictionary knows as a word because many people bear it (`王明`, `李娜`):
    2-3 characters from a surname, taken as a name only after a role word or a bullet (`记者 王明`, `■王明`)."""
    return (bool(re.fullmatch(f"[{HAN}]{{2,3}}", token)) and token[0] in SURNAMES
            and not NOT_A_NAME.search(token) and not ADDRESSED.search(token)
            and jieba_dict.default().FREQ.get(token, 0) < COMMON_NAME_MAX_FREQ)


def glued_names(token: str) -> tuple[str, ...]:
    """Return the names of a run that prints two or three of them without a space (`宋鹏霞吴永红` ->
    宋鹏霞, 吴永红; corpus, TUNE: 申江服务导报 `本报讯 (记者宋鹏霞吴永红)`), or () when no split into
    names of 2-3 characters each opening with a surname gives them all (three-character names first)."""
    if not re.fullmatch(f"[{HAN}]{{4,9}}", token) or token[:2] in COMPOUND_SURNAMES:
        return ()
    return _split_names(token) or ()


def _split_names(run: str) -> tuple[str, ...] | None:
    """Return ``run`` cut into names of 2-3 characters (``_is_name_token``), or None."""
    if not run:
        return ()
    for size in (3, 2):
        if len(run) >= size and _is_name_token(run[:size]):
            rest = _split_names(run[size:])
            if rest is not None:
                return (run[:size], *rest)
    return None


def byline_score(text: str) -> float:
    """Return the graded evidence that ``text`` is a byline line (higher: surer); -inf for prose.

    `文/张晓燕` 3.0, `记者:张晓燕 通讯员:李国强` 6.0, `记者踏访:兰州晨报记者于当日下午` -inf."""
    text = close_spaced_roles(text).strip()
    if BRACKETED_ROLES.fullmatch(text.lstrip(BULLETS).strip()):       # `(记者 张三,通讯员 李四)`
        text = re.sub("[,，]", " ", text)
    if not text or len(text) > BYLINE_MAX_CHARS or re.search(f"[{TERMINAL_MARKS},，;；]|\\d", text):
        return float("-inf")
    score = W_BYLINE_MARK if text[0] in BULLETS else 0.0
    body = text.lstrip(BULLETS).strip()
    if re.fullmatch(r"[(（][^()（）]+[)）]", body):
        score, body = score + W_BYLINE_MARK, body[1:-1]
    mark = BYLINE_MARKS.search(body)
    if mark:
        signed = CREDIT_MARK.search(mark.group(0)) or "/" in mark.group(0)
        score += W_BYLINE_PHOTO if signed else W_BYLINE_MARK
        body = body[: mark.start()]
    roles = len(SLASH_ROLE.findall(body)) + len(ROLE_COLON.findall(body)) + len(ROLE_AFTER_SLASH.findall(body))
    body = ROLE_COLON.sub(r" \1 ", SLASH_ROLE.sub(" ", ROLE_AFTER_SLASH.sub(" ", body)))
    body = ROLE_GLUED.sub(r" \1 ", body)
    body = re.sub(f"({'|'.join(ROLE_WORDS)})(?=[{HAN}])", r"\1 ", body)
    names = others = 0
    after_role = False
    for token in (t for t in re.split(r"[\s、/]+", body) if t):
        if ROLE_TOKEN.match(token):
            roles, after_role = roles + 1, True
            continue
        if _is_name_token(token) or TRANSCRIBED_NAME.fullmatch(token) or after_role and _common_name(token):
            names += 1
        elif glued_names(token):
            names += len(glued_names(token))
        elif not (len(token) <= 10 and NOT_A_NAME.search(token) or BYLINE_NEUTRAL.match(token)):  # 本报, 兰州晨报
            others += 1
        after_role = False
    if not names:
        return float("-inf")
    return score + W_BYLINE_ROLE * min(roles, 1) + W_BYLINE_NAME * min(names, 2) + W_BYLINE_OTHER * others


def graded_byline(text: str) -> bool:
    """Return True for a byline line the closed forms miss that the graded evidence carries."""
    return byline_score(text) >= BYLINE_THRESHOLD


# --- bylines weighed with the other labels (parse/labels.py) ----------------------------------
# A line the closed forms and the graded score do not settle is not fixed as a byline before the
# labelling: it may be labelled a lead byline (under a headline, over the lead) or an end byline
# (after a finished paragraph), weighed against headline, paragraph and continuation together.
# Corpus, TUNE: `微山湖乡情` / `李兵` / `百般惊喜徜徉` (a bare name over the short head of a cut lead,
# which no rule on the name's neighbours alone can take); issue 14: `记者 亓辉` (a surname the list
# lacks) under a title, beside `记者直击` (a column label) above one.
EVIDENCE_BARE_NAME = 0.5        # `李兵`, `陈晶`: a surname and a word no dictionary knows
EVIDENCE_ROLE_UNKNOWN = -1.0    # `记者 亓辉` / `记者直击`: a role word and a word that opens with no known surname
W_BYLINE_LABEL = 1.0            # what a candidate's evidence is added to, for either byline label
BYLINE_EVIDENCE = 1.0           # the weight of a candidate's evidence (``byline_candidate``) as a feature
# An article rarely has two end bylines: a candidate after an article already signed (`…。(金沙)`,
# then `记者直击`) is the next article's column label, not a second signature.
W_SECOND_SIGNATURE = 2.5
# ... and a doubtful end byline is followed by the next article's headline: with a paragraph after it,
# a name between two paragraphs is text of the article (a subheading naming someone), not its end.
W_UNTITLED_AFTER_CANDIDATE = 3.0
# A byline-shaped line is rarely a headline line: `李兵` over the lead is not the title.
W_HEAD_BYLINE_SHAPED = 1.0
UNKNOWN_WORD_FREQ = 20          # below this a word of a name's shape may be a name (`直击` 0, `手记` 70)


def byline_candidate(text: str) -> float | None:
    """Return the evidence that a line no closed form took is a byline line, or None if it cannot be one.

    `李兵` 0.5, `记者 亓辉` -1.0, `张晓燕 李国强` (names alone, no mark) 0.0, `记者调查` None (a common word)."""
    text = close_spaced_roles(text)
    if is_bare_name(text):
        return EVIDENCE_BARE_NAME
    if is_column_label(text):
        known = jieba_dict.default().FREQ.get(COLUMN_LABEL.match(text).group(1), 0) >= UNKNOWN_WORD_FREQ
        return None if known else EVIDENCE_ROLE_UNKNOWN
    score = byline_score(text)
    if BYLINE_THRESHOLD - 2 <= score < BYLINE_THRESHOLD:
        return score - BYLINE_THRESHOLD + 1
    return None


def closes_photo(byline: str) -> bool:
    """Return True for an end byline that is a photo credit: a one-paragraph item with no headline
    that ends `…满足市场需求。记者 李保珠 摄` or `…一片狼藉。图片中心记者孙盼盼摄影报道` is a picture
    and its caption (corpus, TUNE: 菏泽日报, 沈阳今报, photo items printed without their title), not
    an untitled article. ``(高发芳)`` names no picture and stays a byline."""
    return bool(CREDIT_MARK.search(byline)) and "文/" not in byline


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
    lines, line, at = [], 1, 0
    for match in found:                  # counted from the last one: a page of controls stays linear
        line += text.count("\n", at, match.start())
        at = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
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


# A jump line sends the reader to another page; it closes the article above and is no headline
# (corpus, TUNE: 深圳特区报's series opener ends `更多报道见A6版`; papers also print `下转第3版`,
# `(详见A4版)`, `转A2版`).
JUMP_LINE = re.compile(r"^[(（]?(?:(?:更多|相关|详细)?(?:报道|新闻|内容)?详?见|下?转)第?[A-Za-z]?\d{1,2}(?:版|页)[)）]?$")


KICKER_LABEL_MAX = 6       # a column label: 市民反映, 接续报道, 新闻追踪


def is_jump_line(text: str) -> bool:
    """Return True for a line that only sends the reader to another page: `更多报道见A6版`."""
    return bool(JUMP_LINE.match(text.strip()))


# A line wholly in round brackets is a note to the reader that closes the article above, never a
# headline: `(报料人:赫先生,奖50元)` under a 信息时报 story (corpus, TUNE). A bracketed byline
# (`(高发芳)`) is read as a byline before the labelling.
NOTE_LINE = re.compile(r"^[(（][^()（）]+[)）]$")


def is_note(text: str) -> bool:
    """Return True for a line that is one bracketed aside: `(报料人:赫先生,奖50元)`."""
    return bool(NOTE_LINE.match(text.strip()))


# A reader's tip-off note closes the story it paid for, printed with or without brackets (corpus, TUNE:
# 信息时报 `(报料人:赫先生,奖50元)`, 兰州晨报 `(报料人:张女士 奖励10元)`, 海峡都市报 `庄先生报料,线索费30`):
# a short line naming the tipster (报料人, 报料, 爆料) or the fee (线索费, 奖…元). It is never a headline.
TIP_OFF = re.compile(r"(?:报料|爆料|线索费)")
TIP_OFF_MAX_CHARS = 30


def is_tip_off(text: str) -> bool:
    """Return True for a tip-off note: `(报料人:赫先生,奖50元)`, `庄先生报料,线索费30`."""
    text = text.strip()
    return len(text) <= TIP_OFF_MAX_CHARS and TIP_OFF.search(text) is not None and not is_terminal(text)


# A line that opens with a dateline is a lead however short the column cut left it (corpus, TUNE:
# 郑州晚报 `本报讯 本报报道了巩义市涉村镇北庄` / `村为摆脱世世代代吃水难的困境,…`), never a headline.
DATELINE_OPENER = re.compile(f"^[{BULLETS}]?\\s*(?:本报|[{HAN}]{{2,10}}(?:报|网|社))[{HAN}0-9]{{0,10}}?(?:讯|电)[\\s:：]")
# A sentence closed by a bracketed aside ends an article, it heads none (corpus, TUNE: 兰州晨报
# `将就市民反映情况进行核实,然后再进行相应处理。(报料人:张先生奖励10元)` above `兰州晨报记者夏苗`).
SENTENCE_THEN_ASIDE = re.compile(f"[{TERMINAL_MARKS}][”’\"']?\\s*[(（][^()（）]*[)）]\\s*$")


def never_headline(text: str) -> bool:
    """Return True for a text line that the labelling may not make a headline: a jump line, a note,
    a tip-off note, a lead opening with a dateline, a sentence closed by an aside."""
    return (is_jump_line(text) or is_note(text) or is_tip_off(text) or bool(DATELINE_OPENER.match(text.strip()))
            or bool(SENTENCE_THEN_ASIDE.search(text)))


def is_heading_shaped(text: str) -> bool:
    """Return True for a line that could be a headline: short, unfinished, quotes closed, no trailing comma."""
    text = text.strip()
    return (0 < len(text) <= HEADING_MAX_CHARS and not is_terminal(text)
            and not ends_in_clause_mark(text) and not unbalanced(text) and not is_jump_line(text))


def has_heading_cue(text: str) -> bool:
    """Return True for headline typography: parallel phrases (`理顺管理体制 强化红色引领`) or numbering
    (the space after a dateline is none: `本报讯 本报报道了巩义市涉村镇北庄`)."""
    if DATELINE_OPENER.match(text.strip()):
        return False
    return bool(PARALLEL_PHRASES.search(text) or NUMBERED_HEADING.match(text))


def kicker_over_gap(lines: list[str], gaps: list[int]) -> bool:
    """Return True for a two-line headline group whose short first line is a column label printed
    apart from the title by blank lines: `市民反映` / 3 blank lines / `大片垃圾长期堆积 市民期盼早日清理`,
    `接续报道` / `世丰园成了世外桃源` (corpus, TUNE: 兰州晨报, 鞍山日报). The line after the gap is the
    title, not a caption; a picture's captions come after a title that is not a label (001 l. 23-33:
    `会议现场`, the title, then two captions, each after a gap)."""
    if len(lines) != 2 or gaps[1] < IMAGE_GAP or any(looks_like_caption(t) for t in lines):
        return False
    return len(lines[0].strip()) <= KICKER_LABEL_MAX < len(lines[1].strip())


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

def cohesion(above: str, below: str) -> float:
    """Return the cosine overlap of the character bigrams of two texts (0 when either has none)."""
    a, b = bigrams(above), bigrams(below)
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


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


# --- graded features for labelling all lines of a page at once (parse/labels.py) ------------
# Weights are in "log-odds-like" points; each feature quotes the line that motivated it. Seed lines are
# cited by page and line; corpus shapes (bench/corpus, TUNE papers) by their form. The values below are
# set by hand; the labelling uses the weights fitted from them on composed TUNE pages by an averaged
# structured perceptron (`label_weights.FITTED`, written by `python -m bench.corpus.fit --write`; the seed
# pages' labelling is kept), and a hand-set value only for a feature the fit has not seen. A comment says
# what a feature looks at and the sign expected; the fit may weigh it otherwise once the other features
# are counted (`W_PARA_SHORT_OPEN`: subheadings are short unfinished paragraphs too).

# A headline opens an article when the next block is a lead: 000 `市审计局驻村工作组助推黄河滩区产业发展`
# above `本报讯(通讯员 马鹏超)…`.
W_HEAD_BEFORE_LEAD = 4.0
# A lead that opens with a date or time word (`19日,黄石市…`, `近日,…`) under a short line: a title.
W_HEAD_BEFORE_DATE = 1.0
# Page end: a title printed after its article (000 `小手拉大手 节水进校园`).
W_HEAD_AT_END = 0.5
# Headlines are short: the seeds' longest is 36 characters; corpus titles reach about 45.
HEADLINE_LONG = 46
# A comma inside is common in a clause and rarer in a title (`一到雨天,下水道变“喷泉”` is one).
W_HEAD_INNER_COMMA = -1.5
# A headline rarely opens with a date or a time word and a comma: `4月20日,团省委副书记…` is text;
# a paragraph opening with a dateline without brackets (`本报临沂2月28日讯临沂市…`) is a lead.
TEXT_OPENER = re.compile(r"^(?:(?:本报|[\u4e00-\u9fff]{2,8}(?:报|网))[\u4e00-\u9fff0-9月日]{0,8}讯|\d{1,4}年|\d{1,2}月\d{1,2}日|\d{1,2}日[上下中晚凌早,，]|昨[天日晚]|今[天日年晨]|近日|日前|目前|记者|据)")
W_HEAD_TEXT_OPENER = -2.5
# A title may end with ? or ! (`自来水管淌“墨汁”?`), never with 。.
W_HEAD_QUESTION = -1.0
# The next block reads on from this one (`…的6名大学` / `生,…`): this is the head of a cut, not a title.
W_HEAD_CUT_HEAD = -3.5
# Parallel phrases or numbering: headline typography (002 `理顺管理体制 强化红色引领`).
W_HEAD_CUE = 0.7
# A picture or box edge above (two or more blank lines, 002 line 23-27) often starts a new item.
W_HEAD_GAP = 0.6
# The block after a caption printed between the halves reads on from this one: the head of a cut around a
# picture, not a title (corpus, TUNE: `牌湾社区负责人` / 3 blank lines / `8月2日,家住和平区…` (a caption) /
# `介绍,社区一直把真情服务…`).
W_HEAD_CUT_HEAD_PICTURE = -1.5
# Lexical cohesion between the article above (its paragraphs before the one right above, which may be a
# leaked copy of the next article: 000 line 111) and this line with the block under it: a subheading
# goes on with the story's words (002 `理顺管理体制 强化红色引领` in the 商会 feature), a new title starts
# other ones (corpus, TUNE: `500年古村旧貌换新颜` after a story about 黄山路's market). Cosine of
# character bigrams, in three bands.
W_HEAD_COHESION_LOW = 0.0
W_HEAD_COHESION_HIGH = 0.0
COHESION_LOW = 0.05
COHESION_HIGH = 0.15
# A headline line under another (a kicker over its title: `500年古村旧貌换新颜` / `西曹村:创卫靓村树人`).
W_HEAD_AFTER_HEAD = 0.0
# Lines of 1-3 characters are rarely whole titles.
W_HEAD_TINY = -1.5
W_HEAD_BASE = -0.8
# Each character past HEADING_MAX_CHARS.
W_HEAD_OVERLONG = -0.3

# A caption between the halves of a cut paragraph: after a picture gap (002 line 27), or 图为….
W_CAPTION_BASE = -2.5
W_CAPTION_WORDS = 3.5
W_CAPTION_GAP = 1.5
# ... and one blank line under it, before the rest of the paragraph (002 lines 27/29).
W_CAPTION_GAP_AFTER = 1.0
# A picture's caption often opens with the date it was taken: 002 line 146 `11月11日,定陶区滨河街道…`.
W_CAPTION_DATE = 0.5
CAPTION_MAX_CHARS = 90

# A short line without a sentence end is rarely a whole paragraph (003 `岳程街道办郝庄社区为推进` is a head).
W_PARA_SHORT_OPEN = -0.7
# A short question or exclamation with no comma is rarely a whole paragraph; titles are printed so
# (corpus, TUNE: `向工社区:居住区?商业区?`; `自来水管淌“墨汁”?`).
W_PARA_SHORT_QUESTION = -0.5
SHORT_QUESTION_MAX = 20

# Evidence that a block continues the unfinished one above it (001 `大学` / `生,在吕陵镇…`).
W_CONT_NON_STARTER = 4.0
W_CONT_WORD_ACROSS = 1.5
W_CONT_CLAUSE_MARK = 2.0
W_CONT_UNBALANCED = 1.5
W_CONT_LONG = 1.0
W_CONT_BASE = 0.3
# The halves of a cut are one blank line apart; three or more blank lines (002 line 23 → 27) mean a
# picture came between (two may be a page's ordinary paragraph spacing).
W_CONT_GAP = -2.0
PICTURE_GAP = 3
# A block opening with a date or time word (`19日,…`, `近日,…`) starts a sentence of its own.
W_CONT_OPENER = -1.0
# ... all the more right after words with no mark at all: `…老板突然通知他们上车回家` / `8月2日,家住…`
# is a caption printed between the halves, not the sentence going on (corpus, TUNE).
W_CONT_OPENER_UNMARKED = -1.5
# Two blank lines where the page's paragraphs have one: often a picture between (002 lines 23-27).
W_CONT_GAP_TWO = -1.5
# A short line with headline typography is a subheading, not the head of a cut (002 `理顺管理体制 强化红色引领`).
W_CONT_AFTER_CUE = -2.5

# A short title-shaped line (no inner comma, no clause mark, quotes closed) over a block that opens
# like a lead (`19日下午,黄石市…`, `近日,…`, `本报讯…`) is a title over its lead, not the head of a
# cut (corpus, TUNE: `黄石消防队员火中救出汪星人` / `19日下午,…`; `如注暴雨考验市政` / `合肥晚报本报讯…`).
W_CONT_TITLE_OVER_LEAD = -3.0
# ... and with nothing binding it to the next block (no word across the cut, the next block can open a
# sentence) a short title-shaped line is weakly a continuation (`以棺代椅` / `都安瑶族自治县…`).
W_CONT_NO_COHESION = -1.0
# Two short title-shaped lines in a row: a headline group (corpus, TUNE: `500年古村旧貌换新颜` /
# `西曹村:创卫靓村树人`) or a short line cut in two (`圈绿地安` / `蹦床赚钱`, a subheading).
W_CONT_TWO_TITLES = -1.0
TITLE_SHAPED_MAX = 30
# A line stopping on a preposition and its verb has its object on the next line: 003
# `岳程街道办郝庄社区为推进` / `合作社创建,…` is the head of a cut however title-shaped.
DANGLING_PREPOSITION = re.compile(f"(?:为|把|将|对|向|从|在|被|使|由|于|与)[{HAN}]{{1,2}}$")
# A block whose first clause is a few characters before a comma finishes a clause begun above it:
# 004 `为需要心理疏导和情感慰藉` / `群体服务,培育自信向上的健康心态。` (a lead opens with more).
SHORT_FIRST_CLAUSE = re.compile(f"^[{HAN}]{{1,5}}[,，]")
# ... unless that clause is a time or place that opens a sentence of its own: `春节前,市民贾先生…`,
# `在西曹村,每位村民…` (corpus, TUNE: leads under a title), `近年来,`, `当晚,`.
TIME_OR_PLACE_CLAUSE = re.compile(f"^(?:在[{HAN}]{{1,4}}|[{HAN}]{{0,3}}(?:前|后|时|来|初|底|末|晚|早|间))[,，]")
# A line stopping on a verb of seeing or saying has its object on the next line (corpus, TUNE:
# `记者在电梯旁看到` / `一张没有署名的告示:…`); titles rarely end so.
DANGLING_VERB = re.compile("(?:看到|看见|发现|表示|认为|介绍|告诉|指出|称|说|了解到|得知)$")
# A number cut by the column break (corpus, TUNE: `…昨日晚上1` / `0:50左右,…`).
NUMBER_ACROSS = re.compile(r"\d$")
NUMBER_HEAD = re.compile(r"^[\d:：.%％]")

# What binds the next block to a short line as the rest of its sentence (each also a feature below).
W_CONT_DANGLING_PREPOSITION = 1.0
W_CONT_DANGLING_VERB = 1.0
W_CONT_SHORT_CLAUSE = 1.0
W_CONT_NUMBER_ACROSS = 1.5
# ... and on the headline side: a short line ending on a verb of seeing or saying is no title.
W_HEAD_DANGLING_VERB = -1.5

# What an unfinished paragraph pays for not being continued: much when it is long or stops on a
# comma (003 `大唐网络总裁杨勇与市委书记张新文、市政府副市长王卫东,`), a little when short.
OPEN_PENALTY_STRONG = 4.0
OPEN_PENALTY_WEAK = 1.2

# An article with no headline right after another's end byline is rare (002 line 122 → 126).
UNTITLED_AFTER_BYLINE = 1.0


Features = tuple[tuple[str, float], ...]     # (weight name, value): a score is their weighted sum


# The names of the labelling's weights: the module constants its features name.
# The weights of the byline labels (`W_BYLINE_LABEL`, `BYLINE_EVIDENCE`, `W_SECOND_SIGNATURE`,
# `W_UNTITLED_AFTER_CANDIDATE`, `W_HEAD_BYLINE_SHAPED`) are features too, kept at their hand-set values.
LABEL_WEIGHT = re.compile(r"(?:W_(?:HEAD|CAPTION|PARA|CONT)_(?!BYLINE)[A-Z_]+|OPEN_PENALTY_[A-Z]+|UNTITLED_AFTER_BYLINE"
                          r"|HEAD_IN_UNSIGNED_[A-Z]+)")
BYLINE_LABEL_WEIGHTS = ("W_BYLINE_LABEL", "BYLINE_EVIDENCE", "W_SECOND_SIGNATURE", "W_UNTITLED_AFTER_CANDIDATE",
                        "W_HEAD_BYLINE_SHAPED")


def hand_set_weights() -> dict[str, float]:
    """Return the hand-set value of every labelling weight (the module constants)."""
    return {name: float(value) for name, value in globals().items()
            if LABEL_WEIGHT.fullmatch(name) and isinstance(value, (int, float))}


WEIGHTS: dict[str, float] = {}      # name -> weight used; filled below from the fit and the hand-set values


def weighted(features: Features | None) -> float:
    """Return the score of named features: the sum of each weight (``WEIGHTS``) times its value;
    -inf when the features are None (the label is impossible)."""
    if features is None:
        return float("-inf")
    return sum(WEIGHTS[name] * value for name, value in features)


@functools.lru_cache(maxsize=8192)   # the labelling asks for each pair many times
def headline_features(text: str, gap: int, following: str | None, next_opens: bool,
                      has_end_byline: bool, tail_after_picture: str | None = None,
                      cohesion: float | None = None) -> Features | None:
    """Return the features of ``text`` as a headline line, given the block after it and, when that one sits
    after a picture gap, the block after that (None: it cannot be one)."""
    text = text.strip()
    core = text.rstrip(CLOSERS)
    if (has_end_byline or not core or core[-1] in "。…" or len(text) > HEADLINE_LONG
            or ends_in_clause_mark(text) or unbalanced(text)):
        return None
    cut_head = (following is not None and not next_opens
                and bool(cannot_start_sentence(following) or word_across(text, following)))
    found = {"W_HEAD_BASE": True, "W_HEAD_BEFORE_LEAD": next_opens, "W_HEAD_AT_END": following is None,
             "W_HEAD_QUESTION": core[-1] in "!?！？", "W_HEAD_INNER_COMMA": has_inner_comma(text),
             "W_HEAD_TEXT_OPENER": bool(TEXT_OPENER.match(text)) and has_inner_comma(text),
             "W_HEAD_CUE": has_heading_cue(text), "W_HEAD_GAP": gap >= IMAGE_GAP, "W_HEAD_TINY": len(text) <= 3,
             "W_HEAD_CUT_HEAD": cut_head, "W_HEAD_DANGLING_VERB": bool(DANGLING_VERB.search(text)),
             "W_HEAD_COHESION_LOW": cohesion is not None and cohesion < COHESION_LOW,
             "W_HEAD_COHESION_HIGH": cohesion is not None and cohesion >= COHESION_HIGH,
             "W_HEAD_CUT_HEAD_PICTURE": (not cut_head and tail_after_picture is not None
                                         and bool(cannot_start_sentence(tail_after_picture)
                                                  or word_across(text, tail_after_picture))),
             "W_HEAD_BEFORE_DATE": (following is not None and bool(TEXT_OPENER.match(following))
                                    and not TEXT_OPENER.match(text))}
    features = tuple((name, 1.0) for name, on in found.items() if on)
    overlong = max(0, len(text) - HEADING_MAX_CHARS)
    return features + ((("W_HEAD_OVERLONG", float(overlong)),) if overlong else ())


def headline_score(text: str, gap: int, following: str | None, next_opens: bool, has_end_byline: bool) -> float:
    """Return how much ``text`` looks like a headline line, given the block after it."""
    return weighted(headline_features(text, gap, following, next_opens, has_end_byline))


def caption_features(text: str, gap: int, gap_after: int | None) -> Features | None:
    """Return the features of ``text`` as a caption printed between the halves of a paragraph."""
    if len(text) > CAPTION_MAX_CHARS:
        return None
    found = {"W_CAPTION_BASE": True, "W_CAPTION_WORDS": looks_like_caption(text), "W_CAPTION_GAP": gap >= IMAGE_GAP,
             "W_CAPTION_GAP_AFTER": gap >= IMAGE_GAP and gap_after == 1,
             "W_CAPTION_DATE": gap >= IMAGE_GAP and opens_like_lead(text)}
    return tuple((name, 1.0) for name, on in found.items() if on)


def caption_score(text: str, gap: int, gap_after: int | None) -> float:
    """Return how much ``text`` looks like a caption printed between the halves of a paragraph."""
    return weighted(caption_features(text, gap, gap_after))


def paragraph_features(text: str) -> Features:
    """Return the features of ``text`` as a paragraph of its own (a short unfinished line rarely is one)."""
    if len(text) <= HEADING_MAX_CHARS and not is_terminal(text):
        return (("W_PARA_SHORT_OPEN", 1.0),)
    core = text.strip().rstrip(CLOSERS)
    if len(core) <= SHORT_QUESTION_MAX and core[-1:] in ("?", "!", "？", "！") and not has_inner_comma(core):
        return (("W_PARA_SHORT_QUESTION", 1.0),)
    return ()


def paragraph_score(text: str) -> float:
    """Return the prior of ``text`` being a paragraph of its own (a short unfinished line rarely is)."""
    return weighted(paragraph_features(text))


@functools.lru_cache(maxsize=8192)   # the labelling asks for each pair many times
def continuation_features(before: str, after: str, gap: int = 1) -> Features:
    """Return the features of ``after`` (``gap`` blank lines below) as the rest of the unfinished ``before``."""
    opener = bool(TEXT_OPENER.match(after))
    found = {"W_CONT_BASE": True,
             "W_CONT_AFTER_CUE": has_heading_cue(before) and len(before) <= HEADING_MAX_CHARS,
             "W_CONT_GAP": gap >= PICTURE_GAP, "W_CONT_OPENER": opener,
             "W_CONT_OPENER_UNMARKED": opener and bool(before.rstrip()) and bool(HAN_CHAR.match(before.rstrip()[-1])),
             "W_CONT_GAP_TWO": gap == 2, "W_CONT_NON_STARTER": cannot_start_sentence(after),
             "W_CONT_WORD_ACROSS": word_across(before, after) is not None,
             "W_CONT_CLAUSE_MARK": ends_in_clause_mark(before), "W_CONT_UNBALANCED": unbalanced(before),
             "W_CONT_LONG": len(before) > HEADING_MAX_CHARS}
    bonds = {"W_CONT_DANGLING_PREPOSITION": bool(DANGLING_PREPOSITION.search(before.rstrip())),
             "W_CONT_DANGLING_VERB": bool(DANGLING_VERB.search(before.rstrip())),
             "W_CONT_SHORT_CLAUSE": short_clause_bond(after),
             "W_CONT_NUMBER_ACROSS": bool(NUMBER_ACROSS.search(before.rstrip()) and NUMBER_HEAD.match(after.lstrip()))}
    found.update(bonds)
    if title_shaped(before):
        found["W_CONT_TITLE_OVER_LEAD"] = opens_like_lead(after)
        found["W_CONT_TWO_TITLES"] = title_shaped(after)
        found["W_CONT_NO_COHESION"] = not (cannot_start_sentence(after) or word_across(before, after) or any(bonds.values()))
    return tuple((name, 1.0) for name, on in found.items() if on)


def short_clause_bond(after: str) -> bool:
    """Return True if ``after`` opens with a clause of a few characters that finishes a sentence begun above
    (004 `群体服务,…`), not a lead's time or place (`春节前,…`, `在西曹村,…`, `近日,…`)."""
    after = after.lstrip()
    return bool(SHORT_FIRST_CLAUSE.match(after) and not opens_like_lead(after) and not TIME_OR_PLACE_CLAUSE.match(after))


def continuation_score(before: str, after: str, gap: int = 1) -> float:
    """Return the evidence that ``after`` (``gap`` blank lines below) is the rest of the unfinished ``before``."""
    return weighted(continuation_features(before, after, gap))


def title_shaped(text: str) -> bool:
    """Return True for a short line shaped like a title: `以棺代椅`, `黄石消防队员火中救出汪星人` (not the
    head of a lead cut after its dateline: `本报讯 本报报道了巩义市涉村镇北庄`)."""
    text = text.strip()
    return (0 < len(text) <= TITLE_SHAPED_MAX and not is_terminal(text) and not ends_in_clause_mark(text)
            and not unbalanced(text) and not has_inner_comma(text) and not DATELINE_OPENER.match(text))


def reads_as_lead(text: str) -> bool:
    """Return True for a short line that is the head of a lead, not a headline: a date or time word
    and a comma (`3月27日下午,莆田涵江区江口镇石庭的市民…`), or an unbracketed dateline (`本报2月6日讯一场`)."""
    match = TEXT_OPENER.match(text.lstrip())
    return match is not None and (has_inner_comma(text) or match.group(0).endswith("讯"))


def opens_like_lead(text: str) -> bool:
    """Return True for a block that opens like an article's lead: a dateline, a date or time word."""
    return TEXT_OPENER.match(text.lstrip()) is not None


def open_features(text: str) -> Features:
    """Return the features of leaving the unfinished ``text`` without its continuation (each weight a cost)."""
    strong = len(text) > HEADING_MAX_CHARS or ends_in_clause_mark(text) or unbalanced(text) or has_inner_comma(text)
    if not strong and has_heading_cue(text):
        return ()
    return (("OPEN_PENALTY_STRONG" if strong else "OPEN_PENALTY_WEAK", -1.0),)


def open_penalty(text: str) -> float:
    """Return what leaving the unfinished ``text`` without its continuation costs."""
    return -weighted(open_features(text))

# A headline-shaped line with no lead under it, inside an article that has no byline yet, is a
# subheading of that article (002 `开展党建攻坚 激活“红色引擎”` in the unsigned feature story), not
# a new article: a new article after a signed one (a lead, a byline line, an end byline) is free.
HEAD_IN_UNSIGNED_ARTICLE = 3.0
HEAD_IN_UNSIGNED_PLAIN = 1.5


def unsigned_head_penalty(text: str) -> float:
    """Return what a headline costs inside an article that has no byline yet and no lead under it.

    Subheadings of a long unsigned article are set in headline typography (002 `开展党建攻坚 激活“红色引擎”`,
    `理顺管理体制 强化红色引领`: parallel phrases); a plain title-shaped line over a plain paragraph after a
    finished article is as often the next article's title on papers that sign at the end or not at all."""
    return weighted(((unsigned_head_weight(text), 1.0),))


def unsigned_head_weight(text: str) -> str:
    """Return the name of the weight a headline pays inside an unsigned article (``unsigned_head_penalty``)."""
    return "HEAD_IN_UNSIGNED_ARTICLE" if has_heading_cue(text) else "HEAD_IN_UNSIGNED_PLAIN"


def ends_in_closed_aside(text: str) -> bool:
    """Return True for a block ending with a balanced bracketed aside (`(报料人:张女士 奖励10元)`) or a
    tip-off note without brackets (`庄先生报料,线索费30`, `料,线索费30` once its head is joined): it is complete."""
    text = text.rstrip()
    tail = re.split(r"[。!?！？]", text)[-1]
    return bool(text) and ((text[-1] in ")）" and not unbalanced(text)) or bool(TIP_OFF.search(tail) and tail[-1].isdigit()))


WEIGHTS.update(hand_set_weights())
WEIGHTS.update((name, float(globals()[name])) for name in BYLINE_LABEL_WEIGHTS)
WEIGHTS.update((name, value) for name, value in label_weights.FITTED.items() if name in WEIGHTS)
