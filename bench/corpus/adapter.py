"""The one place the corpus tools call the generator: a page's text in, the project's ``Page`` out."""
from __future__ import annotations

import hashlib


def analyse(name: str, text: str):
    """Return the project's per-page analysis (repair, segment, place, date) of one page text."""
    from generator.model import SourcePage
    from generator.stages import analyse_page       # the only import of the per-page analysis
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return analyse_page(SourcePage(name=name, text=text, encoding="utf-8", sha256=digest))


def same_county(gold: str | None, got: str | None) -> bool:
    """Return True if the gold county and the item's first county name the same division.

    The corpus writes counties as the articles do, the gazetteer as the 2023 NBS data does: a
    former name (邹平县, a 市 since 2018), a zone's paper form (菏泽市开发区), a merged zone that
    spans two (鲁西新区), or a name that the gazetteer qualifies with its city because several
    counties have it (和平区 -> 沈阳市和平区). Each counts when it points at the county given."""
    if gold is None or got is None:
        return gold == got
    if gold == got:
        return True
    from generator.infer.places import load_gazetteer
    gazetteer = load_gazetteer()
    index = gazetteer.index(got)
    if index is None:
        return False
    county = gazetteer.counties[index]
    forms = {gold, gold.replace("市", "", 1)}
    if county.name.removeprefix(county.city) in forms or county.short in forms:
        return True
    if any(f.removesuffix(s) == county.short for f in forms for s in ("县", "区", "市")):
        return True
    return any(index in term.counties for f in forms if (term := gazetteer.terms.get(f)))
