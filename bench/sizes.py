#!/usr/bin/env python3
"""Where a built site's bytes go: files and bytes per kind of file, against the raw text.

    python3 bench/sizes.py SITE [SEEDS]

Prints one Markdown table (kind, files, MB, × raw text) and, with ``--json FILE``, writes it.
The kinds are the site's top-level folders and, in ``search/``, each kind of search file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path


def kind_of(path: str) -> str:
    """Return the kind of a site path: its top folder, search files by their name's stem."""
    head, _, rest = path.partition("/")
    if not rest:
        return "(root files)"
    if head == "search":
        return "search/" + re.sub(r"-\d+\.js$", "-*.js", rest)
    if head == "data":
        return "data/" + (rest.partition("/")[0] if "/" in rest else rest)
    return head + "/"


def breakdown(site: Path, raw_bytes: int) -> dict:
    """Return {kind: {files, bytes, x_raw}} for every file of ``site`` plus a ``total`` row."""
    kinds: dict[str, list[int]] = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        row = kinds.setdefault(kind_of(file.relative_to(site).as_posix()), [0, 0])
        row[0] += 1
        row[1] += file.stat().st_size
    kinds["total"] = [sum(r[0] for r in kinds.values()), sum(r[1] for r in kinds.values())]
    return {k: {"files": f, "bytes": b, "x_raw": round(b / raw_bytes, 2) if raw_bytes else None}
            for k, (f, b) in sorted(kinds.items(), key=lambda kv: (kv[0] == "total", -kv[1][1]))}


def raw_text_bytes(seeds: Path) -> int:
    """Return the bytes of the page dumps (``*.txt``) of a seeds folder."""
    return sum(p.stat().st_size for p in seeds.glob("*.txt"))


def markdown(rows: dict) -> str:
    """Return the breakdown as a Markdown table."""
    lines = ["| kind | files | MB | × raw text |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {r['files']} | {r['bytes'] / 1e6:.2f} | {r['x_raw']} |" for k, r in rows.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the breakdown of a site (against the raw text of its seeds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("seeds", type=Path, nargs="?")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = breakdown(args.site, raw_text_bytes(args.seeds) if args.seeds else 0)
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
