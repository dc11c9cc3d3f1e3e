"""The one place the corpus tools call the generator: a page's text in, the project's ``Page`` out."""
from __future__ import annotations

import hashlib


def analyse(name: str, text: str):
    """Return the project's per-page analysis (repair, segment, place, date) of one page text."""
    from generator.model import SourcePage
    from generator.stages import analyse_page       # the only import of the per-page analysis
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return analyse_page(SourcePage(name=name, text=text, encoding="utf-8", sha256=digest))
