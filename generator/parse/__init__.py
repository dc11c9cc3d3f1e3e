"""Raw page text → items. ``reading`` decodes each input file (bytes and its ``.yaml`` metadata →
``SourcePage``); ``pipeline.parse_page`` repairs and segments it (``SourcePage`` → ``Page`` of
``Item``): ``blocks`` (lines, gaps, headings), ``joins`` (paragraphs cut by column breaks,
captions between the halves), ``items`` (drafts of articles and photos), ``split`` (one article
per byline, titles after their article), ``duplicates`` (paragraphs printed twice). Every rule
about what a line *is* lives in ``rules``, named and documented with the line that motivated it.
"""
