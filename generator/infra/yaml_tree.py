"""YAML read as a node tree with a bounded cost: no anchors, no aliases (no "billion laughs").

The metadata files beside the seeds and the corrections file are written by hand and read with
line numbers for their messages, so both compose nodes instead of loading values.
"""
from __future__ import annotations

import yaml


class RefusedReference(yaml.MarkedYAMLError):
    """An anchor (``&name``) or alias (``*name``) in a file that must not share values."""


class _NoReferenceLoader(yaml.SafeLoader):
    """A safe loader that stops at the first anchor or alias."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedReference(None, None, "anchors and aliases (& and *) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def compose_plain(text: str) -> yaml.Node | None:
    """Return the root node of ``text`` (None when empty); raise yaml errors, RefusedReference on & or *."""
    return yaml.compose(text, Loader=_NoReferenceLoader)
