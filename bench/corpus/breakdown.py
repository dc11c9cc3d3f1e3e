"""Which fields spoil the items of one part: a breakdown to pick the next parser fix (TUNE only).

    .venv/bin/python -m bench.corpus.breakdown --part tune [--seeds 1 2 3 4 5] [--show FIELD] [--limit N]

For every gold item that is not exact it lists the fields that fail; the table counts, per field,
the items it fails and the items where it is the only failing field (fixing it alone would make
them exact). ``--show FIELD`` prints those items' gold and output side by side.
"""
from __future__ import annotations

import argparse
from collections import Counter

from .__main__ import DEFAULT_CORPUS, compose_all
from .adapter import analyse
from .compose import norm
from .score import align, field_results, out_item


def failures(pages):
    """Yield (page, gold, out, failing fields) for every gold item that is not exact."""
    for composed in pages:
        page = analyse(composed.name + ".txt", composed.text)
        outs = [out_item(item) for item in page.items]
        line_chars = {n: len(norm(t)) for n, t in enumerate(composed.text.split("\n"), 1)}
        pairs = align(composed.items, outs, line_chars)
        for g, gold in enumerate(composed.items):
            out = outs[pairs[g]] if g in pairs else None
            results = field_results(gold, out)
            bad = [m for m, ok in results.items() if ok is False and m != "items exact"]
            if bad:
                yield composed, gold, out, bad


def show(composed, gold, out, bad) -> str:
    """Return one failing item, gold beside output, for reading."""
    rows = [f"== {composed.name} article {gold.article} fails {' '.join(bad)}"]
    for name in ("kicker", "title", "subtitle", "byline", "county"):
        rows.append(f"  {name}: gold={getattr(gold, name)!r} out={getattr(out, name, None)!r}")
    rows.append("  gold paragraphs: " + " | ".join(norm(p)[:40] for p in gold.paragraphs))
    rows.append("  out body:        " + " | ".join(b[:40] for b in (out.body if out else ())))
    rows.append("  gold captions: " + " | ".join(norm(c)[:40] for c in gold.captions))
    rows.append("  out captions:  " + " | ".join(c[:40] for c in (out.captions if out else ())))
    return "\n".join(rows)


def main(argv=None) -> int:
    """Print the per-field breakdown of one part, and optionally the items a field spoils."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus.breakdown")
    parser.add_argument("--part", default="tune")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--show", help="print the items this field fails")
    parser.add_argument("--only", action="store_true", help="with --show: only items where it is the sole failure")
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    pages = compose_all(DEFAULT_CORPUS, args.seeds)[args.part]
    fails, sole, shown = Counter(), Counter(), 0
    for composed, gold, out, bad in failures(pages):
        fails.update(bad)
        if len(bad) == 1:
            sole[bad[0]] += 1
        if args.show in bad and (not args.only or len(bad) == 1) and shown < args.limit:
            print(show(composed, gold, out, bad))
            shown += 1
    print("| field | items failed | only failure |\n|---|---:|---:|")
    for name, count in fails.most_common():
        print(f"| {name} | {count} | {sole[name]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
