"""Client-side search, built here and run in the browser: text rules shared by index and query
(``text``), tokenising with jieba on every core with a cache of counted terms (``build``,
``postings``, ``cache``), Lunr shards written from one posting table (``shards``), and the Python
twin of the browser's query code (``query``, for tests and the benchmark). ``Archive`` in, the
``search/`` files (site path, content) out.
"""
