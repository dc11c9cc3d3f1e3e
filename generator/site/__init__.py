"""The website: the template filters (``filters``), what every page shares (``context``), the page
kinds (``pages``), sitemap and assets (``sitemap``), the whole site rendered on every core
(``render``, reusing unchanged pages through ``render_cache``) and the open data contract
(``opendata``). ``Archive`` and ``URLs`` in, (site path, content) pairs out; nothing is written here.
"""
