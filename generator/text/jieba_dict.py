"""jieba's dictionary, loaded once per process and shared by every stage.

Loading it costs about a second (more on a busy machine); the pipeline (words spanning a column
cut), places (rare county-name checks) and search (index terms) all need it.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def default():
    """Return jieba's global tokenizer, initialised once and silenced."""
    import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt


@lru_cache(maxsize=None)
def with_words(extra_words: tuple[str, ...]):
    """Return a separate tokenizer that also knows ``extra_words``; the global one stays untouched.

    It copies the loaded dictionary instead of reading it from disk again, so the pipeline's
    segmentation never depends on names the search stage adds. Each word gets the frequency jieba
    would suggest for it against the base dictionary alone, and the total stays the base total:
    how an item is cut depends only on the extra words in its own text, never on names elsewhere
    in the archive (so a page with a new name does not re-tokenise every cached item).
    """
    import jieba
    base = default()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
    for word in extra_words:
        tokenizer.add_word(word, freq=base.suggest_freq(word, False))
    tokenizer.total = base.total
    return tokenizer
