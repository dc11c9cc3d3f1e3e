"""What the text implies about each item: its counties (``places``, from the GB/T 2260 division
data in ``data/``) and the page's paper and date (``meta``, inferred from the text or taken from
``seeds/<page>.yaml``). ``Page`` in, the same ``Page`` with counties, paper and date set out.
"""
