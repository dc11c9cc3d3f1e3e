"""Fit the labelling's weights (``generator/parse/rules.py``) on TUNE pages: an averaged structured perceptron.

    .venv/bin/python -m bench.corpus.fit [--seeds 101 ... 130] [--epochs 8] [--rate 0.1] [--write]

The page labeller (``generator/parse/labels.py``) scores a labelling as the weighted sum of named features
(``rules.*_features``); each weight is a documented module constant of ``rules``. This script composes
TUNE pages with composer seeds that the table does not use (101-130 by default, so the figures of
``python -m bench.corpus --seeds 1 2 3 4 5`` stay a test), reads the gold label of every block from the
composer's gold, and runs a structured perceptron from the hand-set weights: label each page with the
current weights; where the best labelling differs from the gold one, move each weight by ``rate`` times
(its feature in the gold labelling - in the predicted one); the result is the average of the weights
over every step. The five seed pages are trained on too, with today's labels as their gold, since they
must stay exact. MEASURE pages are never read.

Blocks whose gold the labelling cannot express (a byline line not recognised as one) are left free: the
gold labelling is the best one that agrees with every block whose gold is known.
The fit starts from the hand-set values (the constants of ``rules.py``) and is deterministic.
``--write`` writes the fitted values (rounded to 0.05) to ``generator/parse/label_weights.py``, which the
labelling uses; without it the script prints them beside the hand-set ones.
"""
from __future__ import annotations

import argparse
import random
from collections import Counter
from contextlib import contextmanager

from generator.parse import labels as L
from generator.parse import rules as h
from generator.parse.blocks import Block, classify, mark_headings, read_blocks

from .__main__ import DEFAULT_CORPUS, ROOT, compose_all
from .compose import ComposedPage, norm
FITTED = ROOT / "generator" / "parse" / "label_weights.py"


def page_blocks(text: str) -> list[Block]:
    """Return a page's blocks as the labeller sees them (lines, bylines, proven headings)."""
    text, _, _ = h.split_controls(text)
    blocks, _ = read_blocks(text)
    classify(blocks)
    mark_headings(blocks)
    return blocks


def line_roles(composed: ComposedPage) -> dict[int, str]:
    """Return the gold role of each printed line: H (kicker, title, subtitle), M (byline), X (caption
    between halves), P (a paragraph's first line, or a leaked copy), C (the rest of a cut paragraph)."""
    lines = composed.text.split("\n")
    roles: dict[int, str] = {}
    for gold in composed.items:
        heads = {norm(t) for t in "\n".join(x or "" for x in (gold.kicker, gold.title, gold.subtitle)).split("\n")}
        bylines = {norm(t) for t in (gold.byline or "").split("\n")}
        byline = norm(gold.byline)
        for number in gold.lines:
            text = norm(lines[number - 1])
            if not text:
                continue
            if text in heads:
                roles[number] = "H"
            elif text in bylines:
                roles[number] = "M"
            elif any(text in norm(c) for c in gold.captions):
                roles[number] = "X"
            else:
                roles[number] = _paragraph_role(text, byline, [norm(p) for p in gold.paragraphs])
    return roles


def _paragraph_role(text: str, byline: str, paragraphs: list[str]) -> str | None:
    """Return P when ``text`` opens a paragraph (after an inline start byline), C when it continues one."""
    if byline and text.startswith(byline):
        text = text[len(byline):]
    if byline and text.endswith(byline):
        text = text[: -len(byline)]
    for paragraph in paragraphs:
        if text and paragraph.startswith(text):
            return "P"
    return "C" if text and any(text in p for p in paragraphs) else None


def gold_labels(composed: ComposedPage, blocks: list[Block]) -> list[str | None]:
    """Return each block's gold label, or None where the labelling cannot express it."""
    roles = line_roles(composed)
    out: list[str | None] = []
    for block in blocks:
        allowed = L.allowed(block)
        role = roles.get(block.first, "P")          # a line of no article: a leaked copy, a paragraph
        if len(allowed) == 1:
            out.append(allowed[0])
            continue
        role = "H" if role == "S" else role
        if role == "M":                             # a byline the labelling may make one: lead or end byline
            role = "B" if out and out[-1] in ("H", "S") else "E"
        out.append(role if role in allowed else None)
    return out


@contextmanager
def constrained(blocks: list[Block], fixed: list[str | None]):
    """Within the block, let the labeller give each block only its gold label where it is known."""
    original = L.allowed
    gold = {id(b): label for b, label in zip(blocks, fixed) if label is not None}
    L.allowed = lambda block: (gold[id(block)],) if id(block) in gold else original(block)
    try:
        yield
    finally:
        L.allowed = original


def gold_path(blocks: list[Block], fixed: list[str | None]) -> list[str] | None:
    """Return the best labelling that agrees with every known gold label, or None if none can."""
    with constrained(blocks, fixed):
        try:
            path, _ = L.viterbi(blocks)
        except ValueError:          # no labelling agrees
            return None
    return path if path_features(blocks, path, strict=True) is not None else None


def path_features(blocks: list[Block], path: list[str], strict: bool = False) -> Counter | None:
    """Return the summed named features of one labelling of the page (what its score is made of); with
    ``strict``, None if the labelling is impossible."""
    total: Counter = Counter()
    signed, last_text, before = False, None, None
    for index, (block, label) in enumerate(zip(blocks, path)):
        parts = [L.emission_features(blocks, index, label)]
        if index:
            parts.append(L.transition_features(blocks, index, before, signed, label, last_text))
        for features in parts:
            if features is None and strict:
                return None
            for name, value in features or ():
                total[name] += value
        signed = L.signed_after(block, label, before, signed)
        last_text = block if label in L.BODY else (last_text if label == "X" else None)
        before = label
    return total


def training_pages(seeds: list[int], seed_weight: int) -> list[tuple[list[Block], list[str]]]:
    """Return (blocks, gold labelling) of every TUNE page of ``seeds`` and of the five seed pages."""
    pages, skipped = [], 0
    for composed in compose_all(DEFAULT_CORPUS, seeds)["tune"]:
        blocks = page_blocks(composed.text)
        path = gold_path(blocks, gold_labels(composed, blocks))
        if path is None:
            skipped += 1
        else:
            pages.append((blocks, path))
    print(f"{len(pages)} TUNE pages with a gold labelling, {skipped} whose gold the labelling cannot express")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        blocks = page_blocks(seed.read_text(encoding="utf-8"))
        pages.extend([(blocks, L.viterbi(blocks)[0])] * seed_weight)
    return pages


def fit(pages, start: dict[str, float], epochs: int, rate: float, seed: int = 0) -> dict[str, float]:
    """Return the averaged perceptron weights after ``epochs`` passes over ``pages`` from the ``start`` weights."""
    names = sorted(start)
    weights = dict(start)
    h.WEIGHTS.update(weights)
    summed, steps = dict.fromkeys(names, 0.0), 0
    order = list(range(len(pages)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        wrong = 0
        for i in order:
            blocks, gold = pages[i]
            predicted, _ = L.viterbi(blocks)
            if predicted != gold:
                wrong += 1
                diff = path_features(blocks, gold)
                diff.subtract(path_features(blocks, predicted))
                for name, value in diff.items():
                    if name in weights:
                        weights[name] += rate * value
                        h.WEIGHTS[name] = weights[name]
            steps += 1
            for name in names:
                summed[name] += weights[name]
        print(f"epoch {epoch + 1}: {wrong} of {len(pages)} pages labelled otherwise than their gold")
    return {n: summed[n] / steps for n in names}


def _shown(value: float) -> str:
    """Return a weight rounded to 0.05 as the source writes it: `4.0`, `-0.45`."""
    text = f"{round(value * 20) / 20:.2f}"
    return text[:-1] if text.endswith("0") else text


def write_weights(values: dict[str, float]) -> None:
    """Write the fitted weights (rounded to 0.05) to ``label_weights.py``, keeping its docstring."""
    text = FITTED.read_text(encoding="utf-8")
    head = text[: text.index("FITTED = {")]
    rows = "".join(f'    "{name}": {_shown(values[name])},\n' for name in sorted(values))
    FITTED.write_text(head + "FITTED = {\n" + rows + "}\n", encoding="utf-8")


def main(argv=None) -> int:
    """Fit the weights on TUNE pages and print (or write) them."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus.fit")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(101, 131)))
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--seed-weight", type=int, default=20, help="times each seed page counts")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    start = h.hand_set_weights()
    pages = training_pages(args.seeds, args.seed_weight)      # the seed pages as the labelling reads them now
    fitted = fit(pages, start, args.epochs, args.rate)
    for name in sorted(start):
        print(f"{name:28} {start[name]:6.2f} -> {fitted[name]:6.2f}")
    if args.write:
        write_weights(fitted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
