"""Search text rules shared by the index build and the query: normalising, tokens, units, segmenting.

``templates/assets/search.js`` implements the query half (``normalize``, ``units``, ``chunks``,
``segmentations``, ``title_bigrams``, ``term_hash``) with the same algorithm; the tests compare the
two on the seed vocabulary. Change both together.

* A *unit* is one Han character or one run of ASCII letters/digits (with ``.`` decimals and a
  trailing ``%``): ``5g``, ``12341``, ``93.02%``. Every index term is a sequence of whole units,
  so a query can be cut into units and matched against the vocabulary without splitting ``12341``.
* A *chunk* is a run of adjacent units in a query (``定陶 养老`` has two); every chunk is required.
* jieba (search mode) makes the index terms; in the browser a chunk is segmented against the
  index's own vocabulary, so ``乡情贷`` becomes ``乡情`` + ``贷`` like jieba indexed it.
* The tokenizer is ``rjieba`` (jieba-rs set up to cut exactly like jieba, ``text.jieba_rs``; the
  default, several times faster) or ``jieba`` itself (the reference and the fallback): the same terms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable

from generator.text import jieba_dict, jieba_rs
from generator.text.chars import HAN

UNIT = re.compile(rf"[a-z0-9]+(?:\.[0-9]+)*%?|[{HAN}]")
JIEBA_RUN = re.compile(rf"[{HAN}a-z0-9.%]+")
WHOLE_TERM = re.compile(rf"(?:[a-z0-9]+(?:\.[0-9]+)*%?|[{HAN}])+")
PERCENT_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)*%$")
MAX_WORD_UNITS = 12          # longest vocabulary word the query segmenter looks for, in units
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193
TOKENIZERS = ("rjieba", "jieba")      # the first is the default; both give the same terms


def normalize(text: str) -> str:
    """Return ``text`` NFKC-normalised (full-width ``５Ｇ`` → ``5G``) with ASCII letters lowercased."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[A-Z]+", lambda m: m.group().lower(), text)


def units(text: str) -> list[str]:
    """Return the units of normalised ``text`` in order, dropping punctuation and spaces."""
    return UNIT.findall(text)


def chunks(text: str) -> list[list[str]]:
    """Return the runs of adjacent units of normalised ``text`` (a gap of any other character splits)."""
    runs: list[list[str]] = []
    end = -1
    for match in UNIT.finditer(text):
        if match.start() != end or not runs:
            runs.append([])
        runs[-1].append(match.group())
        end = match.end()
    return runs


def clean_terms(token: str) -> list[str]:
    """Return the index terms for one raw token: its unit runs, plus ``93.02`` for ``93.02%``."""
    terms = ["".join(run) for run in chunks(normalize(token))]
    terms += [t[:-1] for t in terms if PERCENT_NUMBER.match(t)]
    return terms


@lru_cache(maxsize=None)
def jieba_tokenizer(extra_words: tuple[str, ...]):
    """Return a jieba tokenizer (its own instance, the global one stays untouched) knowing ``extra_words``."""
    return jieba_dict.with_words(extra_words)


@lru_cache(maxsize=None)
def segmenter(extra_words: tuple[str, ...], tokenizer: str = TOKENIZERS[0]):
    """Return what cuts runs for ``tokenizer``: jieba knowing ``extra_words``, or its jieba-rs twin."""
    if tokenizer == "jieba":
        return jieba_tokenizer(extra_words)
    return jieba_rs.with_words(extra_words)


def tokenizer_version(tokenizer: str) -> str:
    """Return ``tokenizer`` with its version and jieba's (``rjieba 0.2.2 jieba 0.42.1``); ImportError if missing."""
    import jieba
    own = f"rjieba {jieba_rs.version()} " if tokenizer == "rjieba" else ""
    return f"{own}jieba {jieba.__version__}"


def tokenize(text: str, extra_words: Iterable[str] = (), tokenizer: str = TOKENIZERS[0]) -> list[str]:
    """Return the index terms of ``text``: jieba search-mode words, lowercased, CJK kept, punctuation dropped."""
    cutter = segmenter(tuple(sorted(set(extra_words))), tokenizer)
    terms: list[str] = []
    for run in JIEBA_RUN.findall(normalize(text)):
        for token in cutter.lcut_for_search(run, HMM=True):
            if WHOLE_TERM.fullmatch(token) and not token.endswith("%"):
                terms.append(token)                    # the common case, already normalised
            else:
                terms.extend(clean_terms(token))
    return terms


def title_bigrams(text: str) -> list[str]:
    """Return the two-unit runs of ``text`` (``小荷学堂`` → 小荷, 荷学, 学堂), within each chunk."""
    return ["".join(run[i:i + 2]) for run in chunks(normalize(text)) for i in range(len(run) - 1)]


def term_hash(term: str) -> int:
    """Return the 32-bit FNV-1a hash of ``term``'s code points (search.js has the same function)."""
    value = FNV_OFFSET
    for char in term:
        value = ((value ^ ord(char)) * FNV_PRIME) & 0xFFFFFFFF
    return value


def first_unit(term: str) -> str:
    """Return the first unit of an index term (which vocabulary bucket holds it)."""
    match = UNIT.match(term)
    return match.group() if match else term


def _segment_greedy(run: list[str], vocab, from_left: bool) -> list[str]:
    """Return the forward (or backward) longest-match segmentation of ``run`` against ``vocab``."""
    out: list[str] = []
    i, j = 0, len(run)
    while i < j:
        for size in range(min(MAX_WORD_UNITS, j - i), 0, -1):
            word = "".join(run[i:i + size] if from_left else run[j - size:j])
            if size == 1 or word in vocab:
                break
        out.append(word) if from_left else out.insert(0, word)
        i, j = (i + size, j) if from_left else (i, j - size)
    return out


def _segment_fewest(run: list[str], vocab) -> list[str]:
    """Return the segmentation of ``run`` into the fewest vocabulary words (ties: longer words first)."""
    n = len(run)
    best: list[tuple[int, int] | None] = [None] * n + [(0, 0)]   # best[i] = (segments, first size)
    for i in range(n - 1, -1, -1):
        for size in range(min(MAX_WORD_UNITS, n - i), 0, -1):
            word = "".join(run[i:i + size])
            if (size == 1 or word in vocab) and best[i + size] is not None:
                cost = best[i + size][0] + 1
                if best[i] is None or cost < best[i][0]:
                    best[i] = (cost, size)
    out, i = [], 0
    while i < n:
        size = best[i][1]
        out.append("".join(run[i:i + size]))
        i += size
    return out


def segmentations(run: list[str], vocab) -> list[list[str]]:
    """Return the distinct ways (fewest words, forward, backward) to cut a chunk into vocabulary words."""
    found: list[list[str]] = []
    for words in (_segment_fewest(run, vocab), _segment_greedy(run, vocab, True),
                  _segment_greedy(run, vocab, False)):
        if words not in found:
            found.append(words)
    return found


@lru_cache(maxsize=1)
def traditional_map() -> dict[str, str]:
    """Return OpenCC's traditional→simplified one-character map (TSCharacters.txt), {} if not installed."""
    try:
        data = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table = {}
    for line in data.splitlines():
        trad, _, simplified = line.partition("\t")
        simplified = simplified.split(" ")[0]
        if len(trad) == 1 and len(simplified) == 1 and trad != simplified:
            table[trad] = simplified
    return table


def to_simplified(text: str, table: dict[str, str]) -> str:
    """Return ``text`` with each traditional character found in ``table`` replaced by its simplified form."""
    return "".join(table.get(char, char) for char in text)


QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")


def quoted_phrases(query: str) -> list[str]:
    """Return the phrases a query puts in quotes ("技师学院", “技师学院”, 「技师学院」), in order."""
    return [m.group(1) for m in QUOTED.finditer(query)]


def phrase_key(text: str) -> str:
    """Return the searchable units of (normalised) text, runs joined and separated by NUL: a phrase matches
    a text when its key is inside the text's key (punctuation and spaces between runs do not matter)."""
    return "\0".join("".join(run) for run in chunks(text))
