"""jieba-rs (the ``rjieba`` package) set up to cut exactly like a given jieba tokenizer, several times faster.

jieba-rs is a port of jieba's algorithm (dictionary DAG, best route by log frequency, HMM for
runs of unknown characters, search mode's 2- and 3-grams), and ``tests/stage/test_jieba_rs.py``
compares the two on every seed item, a generated archive, the corpus's articles of other papers
and random runs. Three differences had to be bridged; each is handled here, and a run not
provably cut alike is cut by jieba itself:

* **The total frequency.** Every route's score is ``log(freq) - log(total)`` per word, so the
  total must be jieba's to the unit. ``jieba_dict.with_words`` gives each added word a frequency
  and then puts jieba's total back; jieba-rs's ``add_word`` adds ``freq - old freq`` to its
  total and cannot lower it. So jieba-rs is loaded from jieba's own dictionary (``FREQ``) without
  the 69 words that can never occur in a run it is given (``B超``, ``c++``, ``AT&T``: an upper-case
  letter or a sign; their frequencies and jieba's 3 doubly-listed ``B超`` leave 211 to spare),
  the added words are put in while that spare lasts (each costs its frequency less the one it
  had), and a word no run can contain (``FILLER``) makes up the rest: the totals are equal.
  An added word that did not fit is left out, and a run containing it goes to jieba.
* **Which characters form a block.** jieba keeps ``[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%-]`` together;
  jieba-rs also keeps CJK extension A, U+9FD6–U+9FFF and the supplementary planes. A run with a
  character outside ``RUST_SAFE`` goes to jieba.
* **Letters, digits and dots.** jieba-rs's HMM number rule ``[a-zA-Z0-9]+(?:.\\d+)?%?`` has an
  unescaped ``.``, so ``5%3`` stays whole where jieba cuts ``5%`` + ``3``; and since jieba-rs 0.11
  (its pull request 162, "keep connected alphanumeric runs together in cut", on purpose) letters
  and digits joined by dots stay whole where jieba cuts at a dot that is not a decimal point (the
  corpus's ``全长126.04m``: jieba ``126.04`` + ``m``, jieba-rs ``126.04m`` and ``04m``; ``126.com``,
  ``1.0.0``). A run with a letter or digit, ``%`` and a digit in a row, or a dot outside a plain
  decimal number (``DECIMAL``), goes to jieba.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

RUST_SAFE = re.compile("[\u4e00-\u9fd5a-z0-9.%]+")     # what both keep in one block (runs are lower-cased)
HMM_NUMBER_GAP = re.compile("[a-z0-9]%[0-9]")          # where jieba-rs's unescaped "." differs
DECIMAL = re.compile("(?<![a-z0-9.])[0-9]+[.][0-9]+(?![a-z0-9.])")   # 126.04, 12.5%: the only dots both keep alike
FILLER = "#filler"                                      # "#" never reaches jieba-rs: only makes up the total


def version() -> str:
    """Return the installed rjieba's version (part of the tokens cache key); raises ImportError if missing."""
    from importlib.metadata import version as installed
    import rjieba  # noqa: F401  (the ImportError a build without it reports)
    return installed("rjieba")


class RustJieba:
    """Cuts runs in jieba's search mode like ``reference`` (``base``, a ``jieba.Tokenizer``, with ``extra_words``
    added), with jieba-rs where it is exact."""

    def __init__(self, base, reference, extra_words: Iterable[str]):
        import rjieba
        self.reference = reference
        words = {word: freq for word, freq in base.FREQ.items() if freq and RUST_SAFE.fullmatch(word)}
        self.left_out = frozenset(_fit_added_words(words, reference, extra_words))
        self.lengths = sorted({len(word) for word in self.left_out})
        self.rust = rjieba.Jieba.empty()
        for word, freq in words.items():
            self.rust.add_word(word, freq, None)
        spare = reference.total - sum(words.values())
        if spare:
            self.rust.add_word(FILLER, spare, None)

    def exact(self, run: str) -> bool:
        """Return whether jieba-rs cuts ``run`` (lower-cased, no spaces) provably like jieba."""
        return (RUST_SAFE.fullmatch(run) is not None and not HMM_NUMBER_GAP.search(run)
                and ("." not in run or "." not in DECIMAL.sub("0", run))
                and not (self.left_out and _contains_any(run, self.left_out, self.lengths)))

    def lcut_for_search(self, run: str, HMM: bool = True) -> list[str]:  # noqa: N803 (jieba's name)
        """Return jieba's search-mode words of ``run``, as ``reference.lcut_for_search`` returns them."""
        if self.exact(run):
            return self.rust.cut_for_search(run, HMM)
        return self.reference.lcut_for_search(run, HMM=HMM)


def _fit_added_words(words: dict[str, int], reference, extra_words: Iterable[str]) -> list[str]:
    """Put the added words into ``words`` while the spare total lasts (cheapest first); return those left out."""
    spare = reference.total - sum(words.values())
    added = sorted(((reference.FREQ[w] - words.get(w, 0), w) for w in set(extra_words)
                    if RUST_SAFE.fullmatch(w) and reference.FREQ.get(w)))
    left_out = []
    for cost, word in added:
        if cost <= spare:
            words[word] = reference.FREQ[word]
            spare -= cost
        else:
            left_out.append(word)
    return left_out


def _contains_any(run: str, words: frozenset[str], lengths: list[int]) -> bool:
    """Return whether ``run`` contains one of ``words`` (whose lengths are ``lengths``)."""
    return any(run[i:i + n] in words for n in lengths for i in range(len(run) - n + 1))


@lru_cache(maxsize=None)
def with_words(extra_words: tuple[str, ...]) -> RustJieba:
    """Return the jieba-rs twin of ``jieba_dict.with_words(extra_words)``."""
    from generator.text import jieba_dict
    return RustJieba(jieba_dict.default(), jieba_dict.with_words(extra_words), extra_words)
