"""Character classes of Chinese text, defined once: what counts as a Han character everywhere.

Han is CJK Extension A, the basic block, the compatibility ideographs and the supplementary
planes' extensions B–F with their compatibility supplement (rare characters in names and place
names, e.g. 𡌶, are printed in county papers: a class limited to the basic plane would cut a name
in two).
"""
from __future__ import annotations

HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
HAN = "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES)     # body of a regex character class


def is_han(char: str) -> bool:
    """Return True when ``char`` is a Han character."""
    code = ord(char)
    return any(low <= code <= high for low, high in HAN_RANGES)
