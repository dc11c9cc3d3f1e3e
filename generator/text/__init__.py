"""Shared rules of Chinese text, used by every stage: which characters are Han (``chars``), how
punctuation is shown (``typography``), jieba's dictionary loaded once (``jieba_dict``) and CRC-32
hashes of character n-grams (``gram_hashes``). Strings in, strings or numbers out; nothing here
knows what a page or an article is.
"""
