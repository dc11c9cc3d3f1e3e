"""Archivists' corrections (``seeds/corrections.yaml``), applied after permanent ids are assigned.

The raw page is never edited: a correction changes the item made from it and records what it
changed (``Item.corrections``: operation, field, before, after, note), so the printed-page view
keeps the untouched text and the article shows the corrected one with a 更正 list. Entries are
applied in file order, each addressing an item by its permanent id; anchors are texts, never
positions, so an entry whose text or id is gone after a parser change is reported (file:line,
the article, what to do) and skipped, never guessed. Ids survive: a split keeps the original
id for the first part and registers a new one for the second (minted from the id and the
anchor, so every build finds the same one), a merge turns the merged id into a redirect, a
withdrawal keeps the URL answering with a withdrawn page.

Registry entries keep the fingerprint of the item as the parser made it, so the next build
matches the same parsed items to the same ids before the corrections are applied again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from generator.archive.permalinks import (
    LIVE,
    REDIRECT,
    WITHDRAWN,
    Entry,
    Registry,
    content,
    fingerprints,
    mint_id,
    sketch_of,
)
from generator.infra.yaml_tree import RefusedReference, compose_plain
from generator.model import BodyBlock, BuildWarning, Correction, Item, Page, Redirect

FILE_NAME = "corrections.yaml"
SET_KEYS = ("title", "kicker", "subtitle", "byline", "credit", "county", "counties", "date", "paper", "kind")
OPERATIONS = ("replace", "set", "split_before", "merge_into", "withdraw", "move", "restore", "caption")
TEXT_FIELDS = ("kicker", "title", "subtitle", "byline", "credit")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}")
KINDS = ("article", "photo")


class CorrectionsError(ValueError):
    """The corrections file cannot be used; one line per problem (``file:line: what — what to do``)."""

    def __init__(self, problems: list[str]):
        super().__init__("\nerror: ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Fix:
    """One entry of the corrections file."""

    line: int                          # 1-based line of the entry in the file
    id: str
    operation: str                     # one of OPERATIONS
    value: object                      # str, or a tuple of (key, value) pairs for mappings
    note: str | None = None

    def arg(self, key: str, default=None):
        """Return ``key`` of a mapping value (None if absent)."""
        return dict(self.value).get(key, default) if isinstance(self.value, tuple) else default


# --- reading and validating ------------------------------------------------------------

def read_fixes(path: Path, counties: frozenset[str]) -> tuple[Fix, ...]:
    """Return the entries of the corrections file at ``path`` (none if it does not exist), or raise CorrectionsError."""
    path = Path(path)
    if not path.exists():
        return ()
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CorrectionsError([f"{name}:1: cannot read the file ({error}) — save it as UTF-8 text"]) from None
    fixes, problems = parse_fixes(text, name, counties)
    if problems:
        raise CorrectionsError(problems)
    return fixes


def display_name(path: Path) -> str:
    """Return how messages name the corrections file: its folder and name (``seeds/corrections.yaml``)."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def parse_fixes(text: str, name: str, counties: frozenset[str]) -> tuple[tuple[Fix, ...], list[str]]:
    """Return the entries of a corrections file's text and its problems (one line each)."""
    try:
        root = compose_plain(text)
    except RefusedReference as error:
        return (), [f"{name}:{error.problem_mark.line + 1}: {error.problem} — write each entry out in full"]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and mark.line >= text.count("\n"):     # at the end: say where the open thing began
            mark = error.context_mark
        line = mark.line + 1 if mark else 1
        return (), [f"{name}:{line}: not valid YAML ({error.problem or error.context}) — fix the syntax "
                    "(a list of entries, each `- id: ...`)"]
    if root is None:
        return (), []
    if not isinstance(root, yaml.SequenceNode):
        return (), [f"{name}:{root.start_mark.line + 1}: the file must be a list of entries — start each with `- id: `"]
    fixes, problems = [], []
    for node in root.value:
        fix, problem = _fix_of(node, name, counties)
        if problem:
            problems.append(problem)
        else:
            fixes.append(fix)
    return tuple(fixes), problems


def _plain(node: yaml.Node):
    """Return a node as plain values: scalars as the text written (dates stay text), null as None."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag.endswith(":null") else node.value
    if isinstance(node, yaml.SequenceNode):
        return tuple(_plain(n) for n in node.value)
    return tuple((_plain(k), _plain(v)) for k, v in node.value)


def _fix_of(node: yaml.Node, name: str, counties: frozenset[str]) -> tuple[Fix | None, str | None]:
    """Return the entry made from one list element, or the problem with it."""
    line = node.start_mark.line + 1
    where = f"{name}:{line}"
    if not isinstance(node, yaml.MappingNode):
        return None, f"{where}: an entry must be a mapping — write `- id: <article id>` and one operation"
    keys = [_plain(k) for k, _ in node.value]
    if len(set(keys)) != len(keys):
        return None, f"{where}: a key is repeated — keep one operation per entry"
    data = dict(_plain(node))
    item_id, note = data.pop("id", None), data.pop("note", None)
    operations = [k for k in data if k in OPERATIONS]
    unknown = [k for k in data if k not in OPERATIONS]
    if not isinstance(item_id, str) or not item_id:
        return None, f"{where}: the entry has no `id` — add the article's id (the name of its page a/<id>.html)"
    if unknown:
        return None, f"{where}: unknown key `{unknown[0]}` — use note or one of: {', '.join(OPERATIONS)}"
    if len(operations) != 1:
        return None, f"{where}: {len(operations)} operations — give exactly one of {', '.join(OPERATIONS)} per entry"
    if note is not None and not isinstance(note, str):
        return None, f"{where}: `note` must be text — quote it"
    operation = operations[0]
    problem = _value_problem(operation, data[operation], counties)
    if problem:
        return None, f"{where}: {operation}: {problem}"
    return Fix(line, item_id, operation, data[operation], note), None


def _value_problem(operation: str, value, counties: frozenset[str]) -> str | None:
    """Return what is wrong with an operation's value, or None."""
    if operation in ("split_before", "withdraw", "restore", "caption", "merge_into"):
        if operation == "split_before" and isinstance(value, tuple):
            return _mapping_problem(value, ("at",), ("title",))
        return None if isinstance(value, str) and value.strip() else "needs a text — write it in quotes"
    if operation == "replace":
        return _mapping_problem(value, ("old", "new"), ())
    if operation == "move":
        return _mapping_problem(value, ("paragraph", "to"), ())
    return _set_problem(value, counties)


def _mapping_problem(value, required: tuple[str, ...], optional: tuple[str, ...]) -> str | None:
    """Return what is wrong with a mapping value that needs ``required`` text keys, or None."""
    if not isinstance(value, tuple):
        return "needs a mapping — write {" + ", ".join(f'{k}: "…"' for k in required) + "}"
    data = dict(value)
    missing = [k for k in required if not isinstance(data.get(k), str)]
    extra = [k for k in data if k not in required + optional]
    if extra:
        return f"unknown key `{extra[0]}` — use {', '.join(required + optional)}"
    if missing:
        return f"`{missing[0]}` is missing or not text — write {missing[0]}: \"…\""
    if required[0] == "old" and not data["old"]:
        return "`old` is empty — give the exact text to replace"
    return None


def _set_problem(value, counties: frozenset[str]) -> str | None:
    """Return what is wrong with a ``set`` mapping, or None."""
    if not isinstance(value, tuple) or not value:
        return "needs a mapping of fields — e.g. {county: \"成武县\", date: \"2023-04-22\"}"
    for key, field_value in value:
        if key not in SET_KEYS:
            return f"cannot set `{key}` — use {', '.join(SET_KEYS)}"
        names = field_value if key == "counties" else (field_value,)
        if key in ("county", "counties"):
            if key == "counties" and not isinstance(field_value, tuple):
                return "`counties` must be a list — write counties: [\"成武县\"]"
            bad = [n for n in names if n not in counties]
            if bad:
                return f"unknown county `{bad[0]}` — use the full name as on the county pages (e.g. 成武县)"
        elif key == "date" and not (isinstance(field_value, str) and DATE.fullmatch(field_value)):
            return f"date `{field_value}` — write YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD in quotes"
        elif key == "kind" and field_value not in KINDS:
            return f"kind `{field_value}` — use article or photo"
        elif key in ("paper",) and not (isinstance(field_value, str) and field_value):
            return "`paper` needs a name — e.g. 菏泽日报"
        elif key in TEXT_FIELDS and field_value is not None and not isinstance(field_value, str):
            return f"`{key}` must be text or null"
    return None


# --- applying ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Applied:
    """The archive after the corrections: pages, the registry and redirects to save and render, what failed."""

    pages: tuple[Page, ...]
    registry: Registry
    redirects: tuple[Redirect, ...]
    warnings: tuple[BuildWarning, ...]
    minted: tuple[tuple[int, str], ...] = ()     # (entry line, new id) of each split


@dataclass(frozen=True)
class _State:
    """The items while corrections are applied: per page, where each live id is, the retired ids."""

    items: dict[str, tuple[Item, ...]]           # page source -> items in printed order
    where: dict[str, str]                        # live id -> page source
    gone: dict[str, Redirect]                    # retired id -> its redirect (or withdrawal)
    registry: dict[str, Entry]
    raw: dict[str, str]                          # page source -> its raw text (to share source lines in a split)
    touched: frozenset[str] = frozenset()        # pages whose items changed
    minted: tuple[tuple[int, str, Item], ...] = ()   # (entry line, new id, the part as split)


def apply_fixes(pages, fixes: tuple[Fix, ...], registry: Registry, redirects: tuple[Redirect, ...],
                name: str = f"seeds/{FILE_NAME}") -> Applied:
    """Return the archive with ``fixes`` applied in order; an entry that does not apply is a warning."""
    pages = tuple(pages)
    if not fixes:
        return Applied(pages, registry, redirects, ())
    state = _State({p.source: p.items for p in pages}, {i.id: p.source for p in pages for i in p.items},
                   {r.id: r for r in redirects}, {e.id: e for e in registry.entries},
                   {p.source: p.raw for p in pages})
    warnings = []
    for fix in fixes:
        outcome = _apply_one(state, fix)
        if isinstance(outcome, str):
            warnings.append(BuildWarning(name, fix.line, outcome))
        else:
            state = outcome
    return _finish(pages, state, tuple(warnings))


def _apply_one(state: _State, fix: Fix) -> _State | str:
    """Return the state with one entry applied, or the problem (the article and what to do)."""
    item = _live(state, fix.id)
    if isinstance(item, str):
        return item
    operation = OPERATION_FUNCTIONS[fix.operation]
    outcome = operation(state, item, fix)
    if isinstance(outcome, str):
        return f"{fix.operation} on {fix.id}《{item.display_title()[:20]}》: {outcome}"
    return outcome


def _live(state: _State, item_id: str) -> Item | str:
    """Return the live item with ``item_id``, or why there is none and what to do."""
    source = state.where.get(item_id)
    if source is not None:
        return next(i for i in state.items[source] if i.id == item_id)
    gone = state.gone.get(item_id)
    if gone is not None and gone.successor:
        return (f"id {item_id} was retired (it now redirects to {gone.successor}) — "
                f"check a/{gone.successor}.html and address the entry to that id, or delete it")
    if gone is not None:
        return f"id {item_id} was withdrawn — delete this entry, or the withdraw entry before it"
    return f"no article has the id {item_id} — copy the id from the article's page (a/<id>.html)"


def _note(fix: Fix, operation: str, field: str | None, before, after) -> Correction:
    """Return the record of one change made by ``fix``."""
    return Correction(operation, field, before, after, fix.note)


def _recorded(item: Item, *changes: Correction) -> Item:
    """Return ``item`` with ``changes`` added to its corrections."""
    return replace(item, corrections=item.corrections + changes)


def _put(state: _State, *items: Item) -> _State:
    """Return the state with ``items`` (live ids) replaced by these versions."""
    pages = dict(state.items)
    for item in items:
        source = state.where[item.id]
        pages[source] = tuple(item if i.id == item.id else i for i in pages[source])
    return replace(state, items=pages, touched=state.touched | {state.where[i.id] for i in items})


def _retire(state: _State, item: Item, redirect: Redirect) -> _State:
    """Return the state without ``item``, its id retired as ``redirect``."""
    source = state.where[item.id]
    pages = {**state.items, source: tuple(i for i in state.items[source] if i.id != item.id)}
    where = {k: v for k, v in state.where.items() if k != item.id}
    return replace(state, items=pages, where=where, gone={**state.gone, item.id: redirect},
                   touched=state.touched | {source})


# --- the operations ------------------------------------------------------------------------

def _replace(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with every occurrence of ``old`` in the item's texts replaced by ``new``."""
    old, new = fix.arg("old"), fix.arg("new")
    updates = {name: getattr(item, name).replace(old, new) for name in TEXT_FIELDS if old in (getattr(item, name) or "")}
    if any(old in b.text for b in item.body):
        updates["body"] = tuple(replace(b, text=b.text.replace(old, new)) for b in item.body)
    if any(old in c for c in item.captions):
        updates["captions"] = tuple(c.replace(old, new) for c in item.captions)
    if not updates:
        return (f"`{old}` is not in its text (re-read differently, or already fixed) — "
                "check the article and update or delete this entry")
    change = _note(fix, "replace", ",".join(updates), old, new)
    return _put(state, _recorded(replace(item, **updates), change))


def _set(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with the item's fields set as the entry says (a date set is no longer inferred)."""
    updates, changes = {}, []
    for key, value in fix.value:
        field, before, after, update = _set_field(item, key, value)
        updates.update(update)
        changes.append(_note(fix, "set", field, before, after))
    return _put(state, _recorded(replace(item, **updates), *changes))


def _set_field(item: Item, key: str, value) -> tuple[str, str | None, str | None, dict]:
    """Return (field, before, after, dataclass updates) for setting ``key`` of ``item`` to ``value``."""
    if key in ("county", "counties"):
        names = (value,) if key == "county" else tuple(value)
        return "counties", "、".join(item.counties) or None, "、".join(names) or None, {"counties": names}
    if key == "date":
        return "date", item.date, value, {"date": value, "date_inferred": False}
    return key, getattr(item, key), value, {key: value}


def _split_before(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with a new item made of the paragraphs from the anchor on, after the first part."""
    at = fix.value if isinstance(fix.value, str) else fix.arg("at")
    index = _block_starting(item, at, first=1)
    if index is None:
        return (f"no paragraph after its first begins with `{at}` (re-segmented, or already split) — "
                "check the article and update or delete this entry")
    new_id = _split_id(state, item, at)
    first = replace(item, body=item.body[:index])
    second = Item(source=item.source, position=item.position, kind="article", title=fix.arg("title"),
                  body=item.body[index:], counties=item.counties, paper=item.paper, date=item.date,
                  date_inferred=item.date_inferred, id=new_id)
    kept, moved = _share_lines(state, item, first, second)
    first = _recorded(replace(first, lines=kept), _note(fix, "split_before", "body", at, new_id))
    titled = (_note(fix, "set", "title", None, second.title),) if second.title else ()
    second = _recorded(replace(second, lines=moved), _note(fix, "split_from", "body", item.id, at), *titled)
    state = _put(state, first)
    source = state.where[item.id]
    page = state.items[source]
    at_index = next(n for n, i in enumerate(page) if i.id == item.id) + 1
    return replace(state, items={**state.items, source: page[:at_index] + (second,) + page[at_index:]},
                   where={**state.where, new_id: source}, minted=state.minted + ((fix.line, new_id, second),))


def _split_id(state: _State, item: Item, at: str) -> str:
    """Return the id of the part split from ``item`` at ``at``: the one registered for it, else a new one.

    Minted from the id and the anchor, skipping ids in use and ids registered for other pages, so
    each build finds the id the first build registered.
    """
    taken = set(state.where) | {k for k, e in state.registry.items() if e.source != item.source}
    return mint_id(Item(source=f"split {item.id}", position=0, kind="article", title=at), taken)


def _block_starting(item: Item, at: str, first: int = 0) -> int | None:
    """Return the index of the first body block from ``first`` on whose text begins with ``at``, or None."""
    return next((n for n, b in enumerate(item.body) if n >= first and b.text.lstrip().startswith(at.strip())), None)


def _share_lines(state: _State, item: Item, first: Item, second: Item) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the item's source lines divided between two parts: a line goes with the part that holds its text."""
    raw_lines = state.raw.get(item.source, "").split("\n")
    second_text = _squeezed("".join(second.printed_texts()))
    first_text = _squeezed("".join(first.printed_texts()))
    moved = tuple(n for n in item.lines if 0 < n <= len(raw_lines) and _squeezed(raw_lines[n - 1])
                  and _squeezed(raw_lines[n - 1]) in second_text and _squeezed(raw_lines[n - 1]) not in first_text)
    return tuple(n for n in item.lines if n not in moved), moved


def _squeezed(text: str) -> str:
    """Return ``text`` without whitespace."""
    return "".join(text.split())


def _merge_into(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with the item appended to the other one and its id redirected there."""
    target = _live(state, fix.value)
    if isinstance(target, str):
        return f"the article to merge into: {target}"
    if target.id == item.id:
        return "an article cannot be merged into itself — give the other article's id"
    merged = _recorded(_joined(target, item), _note(fix, "merge_into", "body", item.id, target.id))
    return _retire(_put(state, merged), item, Redirect(item.id, target.id, item.title))


def _joined(target: Item, item: Item) -> Item:
    """Return ``target`` followed by every printed text of ``item`` (its headings become subheadings)."""
    headings = tuple(BodyBlock("subheading", t) for t in (item.kicker, item.title, item.subtitle) if t)
    byline_block = (BodyBlock("paragraph", item.byline),) if item.byline and target.byline else ()
    extra_captions = (item.credit,) if item.credit and target.credit else ()
    return replace(target, body=target.body + headings + byline_block + item.body,
                   byline=target.byline or item.byline, credit=target.credit or item.credit,
                   captions=target.captions + item.captions + extra_captions,
                   authors=target.authors + tuple(p for p in item.authors if p not in target.authors),
                   lines=tuple(sorted(set(target.lines) | set(item.lines))),
                   counties=tuple(dict.fromkeys(target.counties + item.counties)),
                   repairs=target.repairs + item.repairs, corrections=target.corrections + item.corrections)


def _withdraw(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state without the item; its URL answers with a withdrawn page giving the reason."""
    reason = fix.value if not fix.note else f"{fix.value}（{fix.note}）"
    return _retire(state, item, Redirect(item.id, None, item.display_title(), reason))


def _move(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with one paragraph moved from the item to the end of another."""
    target = _live(state, fix.arg("to"))
    if isinstance(target, str):
        return f"the article to move to: {target}"
    index = _block_starting(item, fix.arg("paragraph"))
    if index is None or target.id == item.id:
        return (f"no paragraph begins with `{fix.arg('paragraph')}` (re-segmented, or already moved) — "
                "check the article and update or delete this entry")
    block = item.body[index]
    source = replace(item, body=item.body[:index] + item.body[index + 1:])
    kept, moved = _share_lines(state, item, source, replace(source, body=(block,), kicker=None, title=None,
                                                             subtitle=None, byline=None, credit=None, captions=()))
    source = _recorded(replace(source, lines=kept), _note(fix, "move", "body", block.text, target.id))
    target = _recorded(replace(target, body=target.body + (block,), lines=tuple(sorted(set(target.lines) | set(moved)))),
                       _note(fix, "move_from", "body", item.id, block.text))
    return _put(state, source, target)


def _restore(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with a removed duplicate put back as paragraphs after the text it repeated."""
    number = next((n for n, r in enumerate(item.repairs) if r.removed and fix.value in r.removed), None)
    if number is None:
        return (f"no removed text of this article holds `{fix.value}` — see its 文字修复说明 and copy "
                "a few characters of the removed text, or delete this entry")
    repair = item.repairs[number]
    blocks = tuple(BodyBlock("paragraph", line.strip()) for line in repair.removed.split("\n") if line.strip())
    lead = blocks[0].text[:8]
    at = next((n + 1 for n, b in enumerate(item.body) if lead in b.text), len(item.body))
    restored = replace(item, body=item.body[:at] + blocks + item.body[at:],
                       repairs=item.repairs[:number] + item.repairs[number + 1:])
    change = _note(fix, "restore", "body", None, "\n".join(b.text for b in blocks))
    return _put(state, _recorded(restored, change))


def _caption(state: _State, item: Item, fix: Fix) -> _State | str:
    """Return the state with the paragraph beginning with the anchor made a caption."""
    index = _block_starting(item, fix.value)
    if index is None:
        return (f"no paragraph begins with `{fix.value}` (re-segmented, or already a caption) — "
                "check the article and update or delete this entry")
    text = item.body[index].text
    changed = replace(item, body=item.body[:index] + item.body[index + 1:], captions=item.captions + (text,))
    return _put(state, _recorded(changed, _note(fix, "caption", "captions", None, text)))


OPERATION_FUNCTIONS = {"replace": _replace, "set": _set, "split_before": _split_before, "merge_into": _merge_into,
                       "withdraw": _withdraw, "move": _move, "restore": _restore, "caption": _caption}


# --- the result ------------------------------------------------------------------------------

def _finish(pages: tuple[Page, ...], state: _State, warnings: tuple[BuildWarning, ...]) -> Applied:
    """Return the corrected pages (positions renumbered where items changed), registry and redirects."""
    new_pages = tuple(replace(p, items=_renumbered(state.items[p.source])) if p.source in state.touched else p
                      for p in pages)
    live = set(state.where)
    gone = _resolved({k: r for k, r in state.gone.items() if k not in live}, live)
    entries = dict(state.registry)
    for item_id, redirect in gone.items():
        if item_id in entries:
            status = REDIRECT if redirect.successor else WITHDRAWN
            entries[item_id] = replace(entries[item_id], status=status, successor=redirect.successor)
    for _, item_id, born in state.minted:
        entries[item_id] = _minted_entry(item_id, born, gone.get(item_id))
    registry = Registry(tuple(entries[k] for k in sorted(entries)))
    minted = tuple((line, item_id) for line, item_id, _ in state.minted)
    return Applied(new_pages, registry, tuple(gone[k] for k in sorted(gone)), warnings, minted)


def _minted_entry(item_id: str, item: Item, redirect: Redirect | None) -> Entry:
    """Return the registry entry of an id a split minted (retired again if a later entry merged or withdrew it)."""
    status = LIVE if redirect is None else REDIRECT if redirect.successor else WITHDRAWN
    sketch = sketch_of(fingerprints([content(item) or item.source])[0])
    return Entry(item_id, status, item.source, item.title, sketch, redirect.successor if redirect else None)


def _renumbered(items: tuple[Item, ...]) -> tuple[Item, ...]:
    """Return the items with positions 1, 2, … in printed order."""
    return tuple(i if i.position == n else replace(i, position=n) for n, i in enumerate(items, 1))


def _resolved(gone: dict[str, Redirect], live: set[str]) -> dict[str, Redirect]:
    """Return the redirects with chains followed to a live id; one that reaches none becomes a withdrawal."""
    resolved = {}
    for item_id, redirect in gone.items():
        target, seen = redirect.successor, {item_id}
        while target and target not in live and target not in seen and target in gone:
            seen.add(target)
            target = gone[target].successor
        resolved[item_id] = replace(redirect, successor=target if target in live else None)
    return resolved
