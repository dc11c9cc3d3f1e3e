"""Permanent ids for items, kept in a committed registry so that URLs survive rebuilds.

Ids follow ARK practice: short, opaque, lowercase, from an alphabet without vowels
(``0-9bcdfghjkmnpqrstvwxz``) so no id spells a word. A new id is minted from a hash of the
item's source, title and text (re-hashed on collision), so a fresh clone mints the same ids.

The registry (``seeds/permalinks.json``) records, per id, a fingerprint of the item it named:
its page, its title and a bottom-k sketch of the hashes of its character 3-grams. A build
matches its items to registry entries by content similarity (greedy, best first, stable
tie-breaks), so an id survives a corrected title (``威武:`` → ``成武:``), a hand-fixed wrap,
better segmentation, and items added or removed elsewhere. An id whose item is gone becomes
a redirect to the new item that holds most of its text (merge, split), or is withdrawn.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import sys
import tempfile
import zlib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Iterator

import numpy as np

from generator.archive.page_slugs import LIVE as PAGE_LIVE, REDIRECT as PAGE_REDIRECT, REMOVED, PageEntry
from generator.infra.parallel import release_free_memory
from generator.model import BuildWarning, Item, Page, Redirect
from generator.text.gram_hashes import alnum_lowercase, shared_hasher

ALPHABET = "0123456789bcdfghjkmnpqrstvwxz"
ID_LENGTH = 6
SHINGLE = 3                 # characters per shingle: short enough for captions, distinctive in Chinese
SKETCH_SIZE = 64            # hashes kept per registry entry (bottom-k)
MAX_FINGERPRINT_CHARS = 200_000   # longer texts are fingerprinted by their start only (same rule both sides)
MATCH_THRESHOLD = 0.45      # estimated Jaccard similarity above which a new item keeps an old id
SUCCESSOR_THRESHOLD = 0.3   # share of an old item's text that a new item must hold to be its successor
REGISTRY_VERSION = 1
CHUNK = 4096                # candidates whose hashes are looked up in one numpy pass
SKETCH_DTYPE = np.dtype(">u4")   # a sketch's hashes as stored in Entry.sketch: 4 big-endian bytes each

# Everything that is not a letter or digit: punctuation (ASCII or full-width) and spaces do not
# make two texts different, so typography repairs and re-wrapping keep similarity at 1.
_NOISE = re.compile(r"[\W_]+", re.UNICODE)

LIVE, REDIRECT, WITHDRAWN = "live", "redirect", "withdrawn"


@dataclass(frozen=True)
class Entry:
    """What the registry knows about one id."""

    id: str
    status: str                        # "live" | "redirect" | "withdrawn"
    source: str                        # page file name the item was last seen on
    title: str | None
    sketch: bytes                      # sorted bottom-k shingle hashes of the item's text (``sketch_of``)
    successor: str | None = None       # for redirects: the id that replaced it


@dataclass(frozen=True)
class Registry:
    """Every id ever minted, sorted by id, and every printed page's URL slug, sorted by slug."""

    entries: tuple[Entry, ...] = ()
    pages: tuple[PageEntry, ...] = ()

    def get(self, item_id: str) -> Entry | None:
        """Return the entry of ``item_id``, or None."""
        return next((e for e in self.entries if e.id == item_id), None)


# --- fingerprints -----------------------------------------------------------------

def shingles(text: str) -> list[int]:
    """Return the sorted, distinct hashes of the character 3-grams of ``text`` (punctuation ignored)."""
    clean = _NOISE.sub("", text[:MAX_FINGERPRINT_CHARS]).lower()
    if len(clean) < SHINGLE:
        grams = {clean} if clean else set()
    else:
        grams = {clean[i:i + SHINGLE] for i in range(len(clean) - SHINGLE + 1)}
    return sorted({zlib.crc32(g.encode("utf-8")) for g in grams})


def fingerprints(texts: list[str]) -> list[np.ndarray]:
    """Return ``shingles`` of every text as sorted uint32 arrays, hashed many texts at a time."""
    texts = [text[:MAX_FINGERPRINT_CHARS] for text in texts]
    fast = shared_hasher(SHINGLE, alnum_lowercase).many(texts)
    return [hashes if hashes is not None else np.array(shingles(text), dtype=np.uint32)
            for text, hashes in zip(texts, fast)]



def sketch_of(hashes) -> bytes:
    """Return the bottom-k sketch (the SKETCH_SIZE smallest hashes) of a sorted hash list or array.

    A sketch is stored as big-endian uint32 bytes: the registry of a 100,000-item archive lives
    to the end of the build, and a tuple of 64 Python ints is ten times larger.
    """
    return np.asarray(hashes[:SKETCH_SIZE], dtype=SKETCH_DTYPE).tobytes()


def sketch_hashes(sketch: bytes) -> np.ndarray:
    """Return the hashes of a sketch, ascending."""
    return np.frombuffer(sketch, dtype=SKETCH_DTYPE)


def sketch_size(sketch: bytes) -> int:
    """Return the number of hashes in a sketch."""
    return len(sketch) // SKETCH_DTYPE.itemsize


def _overlap(sketch: bytes, common: int, hashes: np.ndarray) -> tuple[float, float]:
    """Return (estimated Jaccard, share of the sketched text found in ``hashes``).

    ``common`` is how many sketch hashes occur in ``hashes``. Below the sketch's largest hash a
    bottom-k sketch holds *every* hash of its text, so both texts are known exactly there and
    the estimates are unbiased.
    """
    size = sketch_size(sketch)
    if not size or not len(hashes):
        return 0.0, 0.0
    largest = int(sketch_hashes(sketch)[-1])
    limit = largest if size >= SKETCH_SIZE else max(largest, int(hashes[-1]))
    below = int(np.searchsorted(hashes, limit, side="right"))
    union = size + below - common
    return (common / union if union else 0.0), common / size


@dataclass(frozen=True)
class _SketchIndex:
    """Sketch hash → numbers of the entries whose sketch holds it, as sorted numpy arrays."""

    keys: np.ndarray                   # distinct sketch hashes, sorted
    starts: np.ndarray                 # keys[k] is held by numbers[starts[k]:starts[k + 1]]
    numbers: np.ndarray
    least: np.ndarray                  # per entry: fewest shared hashes worth reporting


def _sketch_index(entries, passes) -> _SketchIndex:
    """Return the index of the entries' sketches; ``passes(common, sketch length)`` says which pairs count."""
    sizes = [sketch_size(e.sketch) for e in entries]
    hashes = sketch_hashes(b"".join(e.sketch for e in entries)).astype(np.int64)
    numbers = np.repeat(np.arange(len(entries), dtype=np.int64), sizes)
    order = np.argsort(hashes, kind="stable")
    keys, starts = np.unique(hashes[order], return_index=True)
    table = [next((c for c in range(1, n + 1) if passes(c, n)), n + 1) for n in range(max(sizes, default=0) + 1)]
    return _SketchIndex(keys, np.append(starts, len(hashes)), numbers[order], np.array(table)[sizes])


def _shared(hash_arrays: list[np.ndarray], index: _SketchIndex) -> list[dict[int, int]]:
    """Return, per hash array, entry number → how many of that entry's sketch hashes occur in it
    (only pairs with at least the entry's ``least``: the others cannot match)."""
    counts: list[dict[int, int]] = [{} for _ in hash_arrays]
    if not len(index.keys):
        return counts
    for first in range(0, len(hash_arrays), CHUNK):
        chunk = hash_arrays[first:first + CHUNK]
        for owner, number, common in _chunk_pairs(chunk, index):
            counts[first + owner][number] = common
    return counts


def _chunk_pairs(chunk: list[np.ndarray], index: _SketchIndex) -> zip:
    """Return (array number, entry number, shared hashes) for the pairs of ``chunk`` worth reporting."""
    flat = np.concatenate(chunk).astype(np.int64)
    owners = np.repeat(np.arange(len(chunk), dtype=np.int64), [len(a) for a in chunk])
    at = np.minimum(np.searchsorted(index.keys, flat), len(index.keys) - 1)
    hit = index.keys[at] == flat
    owners, at = owners[hit], at[hit]
    sizes = index.starts[at + 1] - index.starts[at]
    ends = np.cumsum(sizes)
    slots = np.repeat(index.starts[at] - (ends - sizes), sizes) + np.arange(ends[-1] if len(ends) else 0)
    pairs = np.repeat(owners, sizes) * len(index.least) + index.numbers[slots]
    pairs, common = np.unique(pairs, return_counts=True)
    numbers = pairs % len(index.least)
    keep = common >= index.least[numbers]
    return zip((pairs[keep] // len(index.least)).tolist(), numbers[keep].tolist(), common[keep].tolist())


# --- minting ----------------------------------------------------------------------

def _encode(number: int) -> str:
    """Return ``number`` written in the id alphabet, ID_LENGTH characters long."""
    chars = []
    for _ in range(ID_LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


def mint_id(item: Item, taken: set[str], attempts: dict[str, int] | None = None) -> str:
    """Return a new id for ``item`` made from a hash of its content, avoiding ``taken`` ids.

    On collision the hash is taken again with the next attempt number. ``attempts`` (seed → next
    attempt to try) lets identical items — the same article printed 1,100 times — start where the
    previous copy stopped, so minting stays linear in items however repetitive the page.
    """
    seed = f"{item.source}\n{item.title or ''}\n{item.text}"
    key = hashlib.sha256(seed.encode("utf-8")).hexdigest()
    attempt = attempts.get(key, 0) if attempts is not None else 0
    while True:
        digest = hashlib.sha256(f"{attempt}\n{seed}".encode("utf-8")).digest()
        candidate = _encode(int.from_bytes(digest[:8], "big"))
        attempt += 1
        if candidate not in taken:
            if attempts is not None:
                attempts[key] = attempt
            return candidate


def is_valid_id(value: str) -> bool:
    """Return True if ``value`` looks like an id of this archive."""
    return len(value) == ID_LENGTH and all(c in ALPHABET for c in value)


# --- matching -----------------------------------------------------------------------

@dataclass
class _Candidate:
    """A build item with its fingerprint."""

    key: tuple[str, int]               # (source, position): stable order
    item: Item
    hashes: np.ndarray                 # sorted distinct shingle hashes (uint32)
    sketch: bytes


def content(item: Item) -> str:
    """Return every printed word of an item (headings, byline, body, captions, credit): what it is matched on.

    Bylines and credits count because a fragment that an older build made into an item of its own
    (a lone ``通讯员 刘青青 摄``) is found again as the credit of the photo it belongs to.
    """
    return "\n".join(item.printed_texts())


def _candidates(pages: list[Page]) -> list[_Candidate]:
    """Return every item of ``pages`` with its shingle hashes, in page and printed order."""
    items = [item for page in pages for item in page.items]
    hash_arrays = fingerprints([content(item) or item.source for item in items])
    return [_Candidate((item.source, item.position), item, hashes, sketch_of(hashes))
            for item, hashes in zip(items, hash_arrays)]


def _exact(cands: list[_Candidate], entries: tuple[Entry, ...]) -> dict[int, Entry]:
    """Return candidate index → entry for items unchanged since the registry was written (same page,
    title and fingerprint): the common case of a rebuild, matched in linear time."""
    by_key: dict[tuple, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.status != LIVE, e.id)):
        by_key.setdefault((entry.source, entry.title, entry.sketch), []).append(entry)
    chosen = {}
    for c_index, cand in enumerate(cands):
        bucket = by_key.get((cand.item.source, cand.item.title, cand.sketch))
        if bucket:
            chosen[c_index] = bucket.pop(0)
    return chosen


def _scored_pairs(cands: list[tuple[int, _Candidate]], entries: list[Entry]) -> list[tuple]:
    """Return (sort key, candidate index, entry) for every plausible item/entry pair, best first.

    Pairs with the same page and title come first: when fragments are joined, the id of the part
    that carried the title (the one people cite) goes to the whole article. Then by similarity.
    """
    shared = _shared([cand.hashes for _, cand in cands], _sketch_index(entries, _worth_scoring))
    pairs = []
    for (c_index, cand), counts in zip(cands, shared):
        for n, common in sorted(counts.items()):
            entry = entries[n]
            if common < 0.25 * sketch_size(entry.sketch):
                continue
            jaccard, _ = _overlap(entry.sketch, common, cand.hashes)
            same_title = bool(entry.title) and entry.title == cand.item.title
            if jaccard >= MATCH_THRESHOLD or (same_title and entry.source == cand.item.source and jaccard >= 0.25):
                same_page_and_title = same_title and entry.source == cand.item.source
                rank = (not same_page_and_title, -round(jaccard, 9), entry.source != cand.item.source,
                        entry.status != LIVE, entry.id, cand.key)
                pairs.append((rank, c_index, entry))
    pairs.sort(key=lambda p: p[0])
    return pairs


def _worth_scoring(common: int, size: int) -> bool:
    """Return True if an item holding ``common`` of an entry's ``size`` sketch hashes may match it."""
    return not common < 0.25 * size


def _worth_succeeding(common: int, size: int) -> bool:
    """Return True if an item holding ``common`` of a vanished entry's ``size`` sketch hashes may succeed it."""
    return common / size >= SUCCESSOR_THRESHOLD


def _match(cands: list[_Candidate], entries: tuple[Entry, ...]) -> dict[int, Entry]:
    """Return candidate index → entry: unchanged items first, then greedily by best similarity, one to one."""
    chosen = _exact(cands, entries)
    used = {e.id for e in chosen.values()}
    rest = [(n, c) for n, c in enumerate(cands) if n not in chosen]
    for _, c_index, entry in _scored_pairs(rest, [e for e in entries if e.id not in used]):
        if c_index not in chosen and entry.id not in used:
            chosen[c_index] = entry
            used.add(entry.id)
    return chosen


def _successors(vanished: list[Entry], cands: list[_Candidate], ids: dict[int, str]) -> dict[str, str]:
    """Return vanished id → id of the new item holding most of its text (merge, split), where one does."""
    shared = _shared([cand.hashes for cand in cands], _sketch_index(vanished, _worth_succeeding))
    best: dict[str, tuple] = {}
    for c_index, (cand, counts) in enumerate(zip(cands, shared)):
        for n, common in counts.items():
            entry = vanished[n]
            share = common / sketch_size(entry.sketch)      # as _overlap's second value: both are non-empty here
            if share >= SUCCESSOR_THRESHOLD:
                rank = (-round(share, 9), cand.item.source != entry.source, cand.key)
                if entry.id not in best or rank < best[entry.id][0]:
                    best[entry.id] = (rank, ids[c_index])
    return {item_id: choice[1] for item_id, choice in best.items()}


def _resolve(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Return ``entries`` with redirect chains shortened to their final live id (withdrawn if none)."""
    resolved = {}
    for item_id, entry in entries.items():
        seen, target = {item_id}, entry
        while target.status == REDIRECT and target.successor in entries and target.successor not in seen:
            seen.add(target.successor)
            target = entries[target.successor]
        if entry.status != REDIRECT:
            resolved[item_id] = entry
        elif target.status == LIVE:
            resolved[item_id] = replace(entry, successor=target.id)
        else:
            resolved[item_id] = replace(entry, status=WITHDRAWN, successor=None)
    return resolved


def assign_ids(pages, registry: Registry,
               held: frozenset[str] = frozenset()) -> tuple[list[Page], Registry, tuple[Redirect, ...]]:
    """Return the pages with an id on every item, the updated registry, and the redirects to render.

    The entries of the page files in ``held`` (pages that could not be read or have no text) are
    kept exactly as they are: an article is withdrawn only when its page was read and the article
    is no longer in it, never because its page could not be read.
    """
    with _collector_paused():
        result = _assign_ids(list(pages), registry, frozenset(held))
    release_free_memory()          # the fingerprints' arrays are gone: give their pages back
    return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: matching allocates millions of objects but no cycles, and each
    collection would walk every page of the archive again (a fifth of the stage's time at 10,000 pages)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _assign_ids(pages: list[Page], registry: Registry,
                held: frozenset[str] = frozenset()) -> tuple[list[Page], Registry, tuple[Redirect, ...]]:
    """Return what ``assign_ids`` returns (with the collector paused)."""
    everything, registry = registry, Registry(tuple(e for e in registry.entries if e.source not in held))
    cands = _candidates(pages)
    chosen = _match(cands, registry.entries)
    taken = {e.id for e in everything.entries}
    ids: dict[int, str] = {}
    attempts: dict[str, int] = {}
    for c_index, cand in enumerate(cands):
        if c_index in chosen:
            ids[c_index] = chosen[c_index].id
        else:
            ids[c_index] = mint_id(cand.item, taken, attempts)
            taken.add(ids[c_index])
    entries = {e.id: e for e in everything.entries}
    for c_index, cand in enumerate(cands):
        entries[ids[c_index]] = Entry(ids[c_index], LIVE, cand.item.source, cand.item.title, cand.sketch)
    live = set(ids.values())
    vanished = [e for e in registry.entries if e.id not in live and e.status == LIVE]
    successors = _successors(vanished, cands, ids)
    for entry in vanished:
        successor = successors.get(entry.id)
        entries[entry.id] = replace(entry, status=REDIRECT if successor else WITHDRAWN, successor=successor)
    entries = _resolve(entries)
    new_registry = Registry(tuple(entries[k] for k in sorted(entries)), everything.pages)
    redirects = tuple(Redirect(e.id, e.successor, e.title) for e in new_registry.entries if e.status != LIVE)
    return _with_ids(pages, cands, ids), new_registry, redirects


def _with_ids(pages: list[Page], cands: list[_Candidate], ids: dict[int, str]) -> list[Page]:
    """Return ``pages`` with each item's id set."""
    by_key = {cand.key: ids[n] for n, cand in enumerate(cands)}
    return [replace(page, items=tuple(_with_id(item, by_key[(item.source, item.position)]) for item in page.items))
            for page in pages]


_ITEM_SLOTS = tuple(getattr(Item, f.name) for f in fields(Item) if f.name != "id")   # member descriptors


def _with_id(item: Item, item_id: str) -> Item:
    """Return a copy of ``item`` with ``id`` set (as ``dataclasses.replace`` would, at a third of its cost)."""
    copy = object.__new__(Item)
    for slot in _ITEM_SLOTS:
        slot.__set__(copy, slot.__get__(item))
    Item.id.__set__(copy, item_id)
    return copy


# --- the registry file --------------------------------------------------------------

def _entry_json(entry: Entry) -> str:
    """Return one entry as a single JSON line (one line per id keeps diffs readable)."""
    record = {"status": entry.status, "source": entry.source, "title": entry.title,
              "successor": entry.successor, "sketch": entry.sketch.hex()}
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def _page_json(entry: PageEntry) -> str:
    """Return one page entry as a single JSON line."""
    record = {"status": entry.status, "source": entry.source, "sha256": entry.sha256, "successor": entry.successor}
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def registry_text(registry: Registry) -> str:
    """Return the registry file's text: deterministic, sorted by id (then page slug), one per line."""
    lines = [f"  {json.dumps(e.id)}: {_entry_json(e)}" for e in sorted(registry.entries, key=lambda e: e.id)]
    body = ",\n".join(lines)
    text = (f'{{\n "version": {REGISTRY_VERSION},\n "alphabet": "{ALPHABET}",\n "ids": {{\n'
            + body + ("\n" if body else "") + " }")
    if registry.pages:
        pages = ",\n".join(f"  {json.dumps(p.slug, ensure_ascii=False)}: {_page_json(p)}"
                           for p in sorted(registry.pages, key=lambda p: p.slug))
        text += ',\n "pages": {\n' + pages + "\n }"
    return text + "\n}\n"


def _valid_slug(slug) -> bool:
    """Return True if ``slug`` (from the registry file) is a page slug that stays inside ``p/``."""
    return (isinstance(slug, str) and bool(slug) and slug == slug.strip() and not slug.startswith((".", "-"))
            and not any(c in "/\\#" or not c.isprintable() for c in slug))


def _page_from(slug: str, record, path: Path, text: str) -> PageEntry:
    """Return the PageEntry stored for ``slug``, or raise RegistryError naming the file and line."""
    if not (_valid_slug(slug) and isinstance(record, dict)
            and record.get("status") in (PAGE_LIVE, PAGE_REDIRECT, REMOVED)
            and isinstance(record.get("source"), str) and isinstance(record.get("sha256"), str)
            and (record.get("successor") is None or _valid_slug(record["successor"]))):
        raise RegistryError(f"{_where(path, _key_line(text, slug))}: page entry {slug!r} is malformed "
                            "— restore the file from git")
    return PageEntry(slug, record["status"], record["source"], record["sha256"], record.get("successor"))


class RegistryError(ValueError):
    """The permalink registry cannot be trusted: the build stops rather than move a permanent URL."""


def _key_line(text: str, key: str, occurrence: int = 1) -> int | None:
    """Return the 1-based line of the ``occurrence``-th ``"key":`` in the registry text, or None."""
    needle, at = json.dumps(key) + ":", -1
    for _ in range(occurrence):
        at = text.find(needle, at + 1)
        if at < 0:
            return None
    return text.count("\n", 0, at) + 1


def _where(path: Path, line: int | None) -> str:
    """Return ``path:line`` (or the path alone) for an error message."""
    return f"{path}:{line}" if line else str(path)


def _unique_ids(path: Path, text: str):
    """Return a JSON object hook that refuses a key given twice, naming both lines."""
    def hook(pairs):
        seen: dict[str, int] = {}
        for key, _ in pairs:
            seen[key] = seen.get(key, 0) + 1
            if seen[key] == 2:
                first, second = _key_line(text, key), _key_line(text, key, 2)
                raise RegistryError(f"{_where(path, second)}: {key!r} appears twice (lines {first} and {second}) "
                                    "— keep the entry of the article it was first published for and delete the "
                                    "other (git log -p on the file shows which came first)")
        return dict(pairs)
    return hook


def _entry_from(item_id: str, record, path: Path, text: str) -> Entry:
    """Return the Entry stored for ``item_id``, or raise RegistryError naming the file and line."""
    # the line is looked up only for an error: finding it for every entry made loading quadratic
    # (172 s for the 25,797 entries of one 50 MB page)
    def where() -> str:
        return _where(path, _key_line(text, item_id))
    if not is_valid_id(item_id):
        raise RegistryError(f"{where()}: {item_id!r} is not an id ({ID_LENGTH} characters of {ALPHABET}) "
                            "— restore the file from git")
    if not isinstance(record, dict) or record.get("status") not in (LIVE, REDIRECT, WITHDRAWN) \
            or not isinstance(record.get("sketch", ""), str) or len(record.get("sketch", "")) % 8 \
            or not (record.get("successor") is None or is_valid_id(str(record.get("successor")))) \
            or not isinstance(record.get("source", ""), str) or not isinstance(record.get("title") or "", str):
        raise RegistryError(f"{where()}: entry {item_id!r} is malformed — restore the file from git")
    try:
        hashes = bytes.fromhex(record.get("sketch", ""))
    except ValueError:
        raise RegistryError(f"{where()}: entry {item_id!r} is malformed — restore the file from git") from None
    return Entry(item_id, record["status"], record.get("source", ""), record.get("title"),
                 hashes, record.get("successor"))


def load_registry(path: Path) -> Registry:
    """Return the registry stored at ``path`` (an empty one if the file does not exist); raise RegistryError
    naming the file and line for a file that is corrupt, has an id twice or a malformed id."""
    path = Path(path)
    if not path.exists():
        return Registry()
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text, object_pairs_hook=_unique_ids(path, text))
        ids = data["ids"]
        if not isinstance(ids, dict):
            raise TypeError("'ids' is not a mapping")
    except RegistryError:
        raise
    except json.JSONDecodeError as error:
        raise RegistryError(f"{path}:{error.lineno}: not a permalink registry ({error.msg}) — restore it from git "
                            "(deleting it would give every article a new URL)") from None
    except (OSError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise RegistryError(f"{path}: not a permalink registry ({error}) — restore it from git "
                            "(deleting it would give every article a new URL)") from None
    pages = data.get("pages", {})
    if not isinstance(pages, dict):
        raise RegistryError(f"{path}: 'pages' is not a mapping — restore the file from git")
    return Registry(tuple(_entry_from(k, ids[k], path, text) for k in sorted(ids)),
                    tuple(_page_from(k, pages[k], path, text) for k in sorted(pages)))


def held_warnings(registry: Registry, held: frozenset[str]) -> tuple[BuildWarning, ...]:
    """Return one warning per held page that has live ids: they are kept, but not published this build."""
    counts: dict[str, int] = {}
    for entry in registry.entries:
        if entry.source in held and entry.status == LIVE:
            counts[entry.source] = counts.get(entry.source, 0) + 1
    return tuple(BuildWarning(source, None, f"{n} registered article{'s' if n != 1 else ''} of this page keep "
                                            "their ids (not withdrawn) but are not published until the page's "
                                            "text is back") for source, n in sorted(counts.items()))


def save_registry(path: Path, registry: Registry) -> bool:
    """Write the registry to ``path`` if its content changed; return True if it wrote.

    An unwritable registry is reported, not fatal: the site is already built, and new ids are
    minted deterministically, so the next writable build records the same ones.
    """
    path = Path(path)
    text = registry_text(registry)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False) as temp:
            temp.write(text)
        os.chmod(temp.name, 0o644)      # a temporary file is private; the registry is a normal file
        os.replace(temp.name, path)
    except OSError as error:
        if "temp" in locals():
            Path(temp.name).unlink(missing_ok=True)
        print(f"warning: {path}: could not update the permalink registry ({error.strerror}); "
              "build from a writable checkout and commit the file so new ids are recorded", file=sys.stderr)
        return False
    return True
