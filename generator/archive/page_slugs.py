"""Permanent URLs of printed pages (``p/<slug>.html``), kept in the permalink registry.

A page's slug is made from its file name the first time the page is seen (``urls.page_slug``)
and then belongs to the page, found again by content: a renamed or renumbered file whose bytes
are unchanged keeps its slug (matched by SHA-256), a file edited in place keeps it by name. A
registered page that is gone redirects to the page now holding most of its articles (a file
renamed *and* edited), or says the page was removed. Pure: registry entries in, entries out.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping

from generator.archive.urls import page_slug

LIVE, REDIRECT, REMOVED = "live", "redirect", "removed"


@dataclass(frozen=True)
class PageEntry:
    """What the registry knows about one page slug."""

    slug: str
    status: str                        # "live" | "redirect" | "removed"
    source: str                        # page file name it was last seen as
    sha256: str                        # of that file's bytes
    successor: str | None = None       # for redirects: the slug that replaced it


@dataclass(frozen=True)
class PageRedirect:
    """A page slug that no longer has its own page: the slug it moved to, or None if the page was removed."""

    slug: str
    successor: str | None
    source: str                        # the file name it was last seen as


# How a page is found again, in order: unchanged; renamed or renumbered (same bytes); edited in place.
MATCH_KEYS: tuple[Callable[[str, str], object], ...] = (lambda name, sha: (name, sha), lambda name, sha: sha,
                                                       lambda name, sha: name)


def _claim_known(pages: list[tuple[str, str]], entries: tuple[PageEntry, ...]) -> dict[str, str]:
    """Return file name → registered slug for the pages found again (live slugs before redirected ones)."""
    claimed: dict[str, str] = {}
    used: set[str] = set()
    ordered = sorted(entries, key=lambda e: (e.status != LIVE, e.slug))
    for key in MATCH_KEYS:
        index: dict[object, list[PageEntry]] = {}
        for entry in ordered:
            if entry.slug not in used:
                index.setdefault(key(entry.source, entry.sha256), []).append(entry)
        for name, sha in pages:
            bucket = index.get(key(name, sha)) if name not in claimed and (sha or key is not MATCH_KEYS[1]) else None
            while bucket and bucket[0].slug in used:
                bucket.pop(0)
            if bucket:
                claimed[name] = bucket.pop(0).slug
                used.add(claimed[name])
    return claimed


def _fresh_slug(name: str, taken: set[str]) -> str:
    """Return ``page_slug(name)``, or a variant of it no registered or assigned slug has."""
    slug = page_slug(name)
    if slug not in taken:
        return slug
    slug = f"{slug.split('~')[0]}~{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"
    number = 2
    candidate = slug
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def assign_page_slugs(pages: Iterable[tuple[str, str]], entries: tuple[PageEntry, ...], moved: Mapping[str, str],
                      held: frozenset[str] = frozenset()
                      ) -> tuple[dict[str, str], tuple[PageEntry, ...], tuple[PageRedirect, ...]]:
    """Return (file name → slug, the updated entries, the redirects to render) for this build's pages.

    ``pages`` are (file name, SHA-256 of its bytes); ``moved`` maps a vanished file name to the
    file that now holds most of its articles (from the article ids), for renamed-and-edited pages.
    The entries of ``held`` pages (not read this build) are kept as they are.
    """
    pages = sorted(pages)
    live = [e for e in entries if e.status == LIVE]
    slugs = _claim_known(pages, entries)
    taken = {e.slug for e in entries} | set(slugs.values())
    for name, _ in pages:
        if name not in slugs:
            slugs[name] = _fresh_slug(name, taken)
            taken.add(slugs[name])
    by_slug = {e.slug: e for e in entries}
    for name, sha in pages:
        if not (name in held and slugs[name] in by_slug):
            by_slug[slugs[name]] = PageEntry(slugs[name], LIVE, name, sha)
    current = set(slugs.values())
    for entry in live:
        if entry.slug not in current:
            successor = slugs.get(moved.get(entry.source, ""))
            by_slug[entry.slug] = replace(entry, status=REDIRECT if successor else REMOVED, successor=successor)
    resolved = _resolve(by_slug)
    redirects = tuple(PageRedirect(e.slug, e.successor, e.source) for e in resolved if e.status != LIVE)
    return slugs, resolved, redirects


def _resolve(by_slug: dict[str, PageEntry]) -> tuple[PageEntry, ...]:
    """Return the entries sorted by slug, redirect chains shortened to their final live slug (removed if none)."""
    out = []
    for slug in sorted(by_slug):
        entry, seen, target = by_slug[slug], {slug}, by_slug[slug]
        while target.status == REDIRECT and target.successor in by_slug and target.successor not in seen:
            seen.add(target.successor)
            target = by_slug[target.successor]
        if entry.status == REDIRECT:
            entry = replace(entry, successor=target.slug) if target.status == LIVE else \
                replace(entry, status=REMOVED, successor=None)
        out.append(entry)
    return tuple(out)


def moved_pages(before: Iterable, after: Iterable) -> dict[str, str]:
    """Return old file name → the file now holding most of its live article ids (registry entries before/after)."""
    now = {e.id: e.source for e in after if e.status == "live"}
    votes: dict[str, dict[str, int]] = {}
    for entry in before:
        if entry.status == "live" and entry.id in now and now[entry.id] != entry.source:
            counts = votes.setdefault(entry.source, {})
            counts[now[entry.id]] = counts.get(now[entry.id], 0) + 1
    return {old: min(counts, key=lambda name: (-counts[name], name)) for old, counts in votes.items()}
