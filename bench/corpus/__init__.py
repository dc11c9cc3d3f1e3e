"""Development corpus for the page parser (issue 14): compose raw pages from real articles, score the parser.

``python -m bench.corpus --seeds 1 2 3 4 5`` prints the TUNE and MEASURE figures side by side
(see ``bench/README.md``). Modules: ``articles`` (the corpus and its gold authors), ``split``
(papers into TUNE and MEASURE), ``compose`` (page dumps with the seeds' damage, and their gold),
``score`` (the parser's output against the gold), ``adapter`` (the one call into the generator).
"""
