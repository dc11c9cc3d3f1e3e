#!/usr/bin/env python3
"""Generate a large synthetic archive from the seed pages, deterministically.

    python3 bench/generate.py --pages 1000 --out bench/work/1000/seeds

Real paragraphs, headings, captions and reporters' names are taken from ``seeds/*.txt``,
re-assigned to counties and towns named in the seeds, and recombined into new printed pages
with the damage that text extraction does to the real ones: paragraphs cut by column breaks
(sometimes in three pieces), photo captions between the two halves of a paragraph, a paragraph
printed twice (one copy leaked into the previous article, sometimes with a few characters
changed), overlap at a cut, titles printed after their article, bylines at the start, on their
own line or at the end, photo items with credits, page banners and stray whitespace-only lines.
Each page gets a ``<stem>.yaml`` with its paper, date (spread over ten years) and page name.

Page ``i`` depends only on the seed text, the generator seed and ``i``, so the 100-page archive
is the first hundred pages of the 1,000-page one and any two runs are byte-identical.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_SEED = 20260101
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2024, 12, 31)     # ten years of dates

# County -> (short form used in text, towns and streets named in the seeds, paper).
# Only names that occur in the seed pages are used (checked by ``seed_places``).
COUNTIES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "定陶区": ("定陶", ("仿山镇", "马集镇", "滨河街道"), "牡丹晚报"),
    "牡丹区": ("牡丹区", (), "牡丹晚报"),
    "曹县": ("曹县", (), "牡丹晚报"),
    "成武县": ("成武", ("永昌街道",), "牡丹晚报"),
    "巨野县": ("巨野", ("永丰街道",), "牡丹晚报"),
    "东明县": ("东明", ("长兴集乡",), "牡丹晚报"),
    "鄄城县": ("鄄城", ("古泉街道",), "牡丹晚报"),
    "高新区": ("高新区", ("马岭岗镇", "吕陵镇"), "牡丹晚报"),
    "开发区": ("开发区", ("丹阳街道", "岳程街道", "陈集镇", "佃户屯街道"), "牡丹晚报"),
    "嘉祥县": ("嘉祥", ("老僧堂镇",), "济宁日报"),
}
SENTENCE_END = "。！？!?"
CLOSERS = "”’」』)）"


# --- what the seeds offer -----------------------------------------------------------------
@dataclass
class Pools:
    """Real text from the seed pages, sorted by what it is."""

    headings: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)


LEAD_BYLINE = re.compile(r"^本报\S{0,4}讯\((.*?)\)\s*(.*)$")
ROLE_NAMES = re.compile(r"(记者|通讯员)((?:\s+[\u4e00-\u9fff]{2,3})+)")


def seed_blocks(text: str) -> list[tuple[int, str]]:
    """Return the non-blank lines of a page with the number of blank lines before each."""
    blocks, blank = [], 0
    for line in text.splitlines():
        if line.strip():
            blocks.append((blank, line.strip()))
            blank = 0
        else:
            blank += 1
    return blocks


def is_sentence_end(text: str) -> bool:
    """Return True if ``text`` ends a sentence (final punctuation, maybe inside quotes)."""
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_END if text.rstrip(CLOSERS) else False


def _names(byline: str, pools: Pools) -> None:
    """Add the people named in a byline to the reporter and correspondent pools."""
    for role, names in ROLE_NAMES.findall(byline):
        target = pools.reporters if role == "记者" else pools.correspondents
        for name in names.split():
            if name in ("记者", "通讯员"):
                break
            if name not in target:
                target.append(name)


ARTICLE_OPENER = re.compile(r"^(本报|——|■|日前|近日|今年|眼下|为|“|据|在|\d+月)")


def _starts_article(blank: int, line: str) -> bool:
    """Return True if a block can open an article (so the short line before it is a heading)."""
    return bool(ARTICLE_OPENER.match(line)) or (len(line) <= 32 and not is_sentence_end(line))


def _add_page(text: str, pools: Pools) -> None:
    """Sort the blocks of one seed page into the pools (fragments of cut paragraphs are skipped)."""
    blocks = seed_blocks(text)
    paragraph, fragment = "", False
    for index, (blank, line) in enumerate(blocks):
        next_blank, following = blocks[index + 1] if index + 1 < len(blocks) else (2, "")
        lead = LEAD_BYLINE.match(line)
        if lead:
            _names(lead.group(1), pools)
            line = lead.group(2)
        elif following.endswith("摄"):
            pools.captions.append(line)
            continue
        if ROLE_NAMES.search(line) and len(line) < 30 and not is_sentence_end(line):
            _names(line, pools)
            continue
        short = len(line) <= 32 and not is_sentence_end(line) and not paragraph and not lead
        if line.startswith("——"):
            pools.subtitles.append(line[2:])
        elif short and blank >= 2 and (next_blank >= 2 or not _starts_article(next_blank, following)):
            pools.captions.append(line)
        elif short and line[-1] not in ",，" and _starts_article(next_blank, following):
            pools.headings.append(line)
        elif not short or paragraph:
            paragraph += line
            if is_sentence_end(paragraph):
                if len(paragraph) >= 20 and not fragment:
                    pools.paragraphs.append(paragraph)
                paragraph, fragment = "", False
        else:
            fragment = True     # the head of a cut paragraph: its rest is not a whole paragraph


def seed_pools(seeds: Path = SEEDS) -> Pools:
    """Return the pools of real text found in the seed pages."""
    pools = Pools()
    for path in sorted(seeds.glob("*.txt")):
        _add_page(path.read_text(encoding="utf-8"), pools)
    for name in ("headings", "subtitles", "paragraphs", "captions", "reporters", "correspondents"):
        setattr(pools, name, sorted(set(getattr(pools, name))))
    return pools


def seed_places(seeds: Path = SEEDS) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Return the counties table restricted to names that occur in the seed pages."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    return {county: (short, tuple(t for t in towns if t in text), paper)
            for county, (short, towns, paper) in COUNTIES.items() if county in text}


# --- perturbing real text --------------------------------------------------------------------
class Perturber:
    """Moves seed text to another county and changes its counts, so pages differ."""

    def __init__(self, places: dict[str, tuple[str, tuple[str, ...], str]]):
        names = set(places)
        for short, towns, _ in places.values():
            names.add(short)
            names.update(towns)
        self.places = places
        self.pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
        self.towns = {t for _, towns, _ in places.values() for t in towns}
        self.shorts = {short for short, _, _ in places.values()}

    def relocate(self, text: str, county: str, rng: random.Random) -> str:
        """Return ``text`` with every county, short form and town moved to ``county``."""
        short, towns, _ = self.places[county]

        def replace(match: re.Match) -> str:
            name = match.group(0)
            if name in self.towns:
                return rng.choice(towns) if towns else county
            if name in self.shorts and name not in self.places:
                return short
            return county
        moved = self.pattern.sub(replace, text)
        return re.sub(f"({re.escape(county)})(?:{re.escape(county)})+", r"\1", moved)

    @staticmethod
    def recount(text: str, rng: random.Random) -> str:
        """Return ``text`` with counts of people, villages, households etc. changed."""
        def replace(match: re.Match) -> str:
            value = int(match.group(1))
            return str(max(1, value + rng.randint(-value // 2, value // 2 + 1))) + match.group(2)
        return re.sub(r"(?<![\dA-Za-z.])(\d{1,4})(余?(?:个|名|户|人|家|亩|处|项|座|支))", replace, text)


def sentences(paragraph: str) -> list[str]:
    """Return the sentences of a paragraph (each keeps its final punctuation)."""
    return [s for s in re.findall(r"[^。！？!?]*[。！？!?][”’]?|[^。！？!?]+$", paragraph) if s]


# --- one page --------------------------------------------------------------------------------
@dataclass
class PageSpec:
    """A generated page: its text, metadata, and the damage done to it (for tests)."""

    stem: str
    text: str
    paper: str
    date: str
    county: str
    page_name: str
    damage: list[dict] = field(default_factory=list)

    def yaml(self) -> str:
        """Return the page's metadata file, in the reader's ``seeds/<stem>.yaml`` format."""
        return f"paper: {self.paper}\ndate: '{self.date}'\npage: {self.page_name}\n"


class PageBuilder:
    """Assembles one damaged page, block by block."""

    def __init__(self, pools: Pools, perturber: Perturber, rng: random.Random, county: str, day: dt.date):
        self.pools, self.perturber, self.rng = pools, perturber, rng
        self.county, self.day = county, day
        self.blocks: list[tuple[int, str]] = []   # (blank lines before, text)
        self.damage: list[dict] = []
        self.keep = 0                             # characters at the start that a cut must spare

    def text_of(self, pool: list[str]) -> str:
        """Return a random seed text from ``pool``, moved to this page's county."""
        return self.perturber.relocate(self.rng.choice(pool), self.county, self.rng)

    def paragraph(self) -> str:
        """Return a body paragraph: a real one, relocated, recounted, one sentence swapped."""
        text = self.perturber.recount(self.text_of(self.pools.paragraphs), self.rng)
        parts = sentences(text)
        if len(parts) > 1 and self.rng.random() < 0.5:
            other = sentences(self.text_of(self.pools.paragraphs))
            parts[self.rng.randrange(len(parts))] = self.rng.choice(other)
        return "".join(parts)

    def emit(self, text: str, blank: int = 1) -> None:
        """Append one block after ``blank`` blank lines."""
        self.blocks.append((blank, text))

    def emit_paragraph(self, text: str, keep: int = 0) -> None:
        """Append a body paragraph, maybe cut (never in its first ``keep`` characters)."""
        roll = self.rng.random()
        self.keep = keep
        cuttable = len(text) - keep > 40
        if cuttable and roll < 0.05:
            head, tail = self._cut(text)
            caption = self.text_of(self.pools.captions)
            self.emit(head)
            self.emit(caption, blank=3)
            self.emit(tail)
            self.damage.append({"kind": "caption_between", "before": head, "caption": caption, "after": tail})
        elif cuttable and roll < 0.08:
            head, tail = self._cut(text)
            self.emit(head)
            self.emit(head[-1] + tail)
            self.damage.append({"kind": "overlap", "before": head, "after": head[-1] + tail})
        elif len(text) - keep > 80 and roll < 0.13:
            head, rest = self._cut(text)
            middle, tail = self._cut(rest)
            for part in (head, middle, tail):
                self.emit(part)
            self.damage.append({"kind": "cut", "parts": [head, middle, tail]})
        elif cuttable and roll < 0.35:
            head, tail = self._cut(text)
            self.emit(head)
            self.emit(tail)
            self.damage.append({"kind": "cut", "parts": [head, tail]})
        else:
            self.emit(text)

    def _cut(self, text: str) -> tuple[str, str]:
        """Return ``text`` cut in two mid-sentence, neither half ending in punctuation."""
        start, self.keep = max(8, self.keep + 2), 0
        candidates = [i for i in range(start, len(text) - 6)
                      if not re.match(r"[,，。、;；:：!！?？“”()（）\s]", text[i - 1])]
        at = self.rng.choice(candidates) if candidates else len(text) // 2
        return text[:at], text[at:]

    def byline_people(self) -> str:
        """Return the people of a byline: reporters and/or correspondents with their roles."""
        rng = self.rng
        reporters = " ".join(rng.sample(self.pools.reporters, rng.choice((1, 1, 2))))
        correspondents = " ".join(rng.sample(self.pools.correspondents, rng.choice((1, 1, 2))))
        return rng.choice((f"记者 {reporters}", f"通讯员 {correspondents}",
                           f"记者 {reporters} 通讯员 {correspondents}"))

    def article(self, leak: str | None = None, include: str | None = None) -> None:
        """Append one article; ``leak`` is printed at its end, ``include`` is its 2nd paragraph."""
        rng, short = self.rng, COUNTIES[self.county][0]
        title = self.text_of(self.pools.headings)
        if rng.random() < 0.2:
            title = f"{rng.choice((self.county, short))}:{title}"
        subtitle = "——" + self.text_of(self.pools.subtitles) if rng.random() < 0.1 else None
        body = [self.paragraph() for _ in range(rng.randint(2, 6))]
        if include is not None:
            body.insert(1, include)
        date = f"{self.day.month}月{self.day.day}日,"
        people = self.byline_people()
        style = rng.choices(("lead", "own_line", "end", "inline"), (0.6, 0.1, 0.22, 0.08))[0]
        title_after = rng.random() < 0.05
        keep = 0
        if not title_after:
            if rng.random() < 0.15:
                self.emit(rng.choice((self.county, self.text_of(self.pools.headings))))
            self.emit(title)
            if subtitle:
                self.emit(subtitle)
        if style == "lead":
            where = "" if rng.random() < 0.7 else short
            lead = f"本报{where}讯({people}){date}{body[0]}"
            self.damage.append({"kind": "byline_start", "text": lead[:lead.index(")") + 1]})
            body[0] = lead
            keep = lead.index(")") + 1
        elif style == "own_line":
            line = "■本报" + people
            self.emit(line)
            self.damage.append({"kind": "byline_own_line", "text": line})
            body[0] = date + body[0]
        else:
            body[0] = date + body[0]
        if style == "inline":
            body[-1] = f"{body[-1]} {people}"
            self.damage.append({"kind": "byline_inline", "text": people})
        for number, paragraph in enumerate(body):
            if include is not None and number == 1:
                self.emit(paragraph)            # kept whole, so the duplicate is exact or near
            else:
                self.emit_paragraph(paragraph, keep if number == 0 else 0)
        if leak is not None:
            leaked = leak
            if rng.random() < 0.3:     # a near-duplicate: a few characters differ
                at = rng.randrange(len(leaked) - 1)
                leaked = leaked[:at] + rng.choice("的了和在是") + leaked[at + 1:]
            self.emit(leaked)
            self.damage.append({"kind": "duplicate", "text": leaked, "original": leak})
        if style == "end":
            self.emit(people)
            self.damage.append({"kind": "byline_end", "text": people})
        if title_after:
            self.emit(title)
            if subtitle:
                self.emit(subtitle)
            self.damage.append({"kind": "title_after", "text": title})

    def photo(self) -> None:
        """Append a photo item: optional title, caption, credit, after extra blank lines."""
        rng = self.rng
        blank = 3
        if rng.random() < 0.5:
            self.emit(self.text_of(self.pools.headings), blank=blank)
            blank = 1
        caption = f"{self.day.month}月{self.day.day}日,{self.text_of(self.pools.captions)}"
        credit = f"{rng.choice(('', '■'))}通讯员 {' '.join(rng.sample(self.pools.correspondents, rng.choice((1, 2))))} 摄"
        self.emit(caption, blank=blank)
        self.emit(credit)
        self.damage.append({"kind": "photo", "caption": caption, "credit": credit})


def build_page(index: int, pools: Pools, perturber: Perturber, seed: int = DEFAULT_SEED) -> PageSpec:
    """Return generated page number ``index`` (independent of how many pages are made)."""
    rng = random.Random(f"{seed}:{index}")
    county = sorted(perturber.places)[index % len(perturber.places)] if rng.random() < 0.5 \
        else rng.choice(sorted(perturber.places))
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    builder = PageBuilder(pools, perturber, rng, county, day)
    if rng.random() < 0.2:
        builder.emit(builder.text_of(pools.headings))
        builder.damage.append({"kind": "banner", "text": builder.blocks[-1][1]})
    kinds = ["photo" if rng.random() < 0.12 else "article" for _ in range(rng.randint(6, 14))]
    pairs = [i for i in range(len(kinds) - 1) if kinds[i] == kinds[i + 1] == "article"]
    leak_from = rng.choice(pairs) if pairs and rng.random() < 0.4 else None
    leaked: str | None = None
    for position, kind in enumerate(kinds):
        if kind == "photo":
            builder.photo()
        elif position == leak_from:
            # A paragraph of the next article, also printed at the end of this one.
            leaked = builder.paragraph()
            builder.article(leak=leaked)
        else:
            builder.article(include=leaked)
            leaked = None
    if rng.random() < 0.05:
        builder.blocks.insert(rng.randrange(1, len(builder.blocks)), (1, " "))
        builder.damage.append({"kind": "whitespace_line"})
    text = "\n\n" + "".join(("\n" * (blank + 1) if i else "") + line
                            for i, (blank, line) in enumerate(builder.blocks))
    digest = hashlib.sha256(f"{seed}:{index}:{text}".encode("utf-8")).hexdigest()[:16]
    _, _, paper = perturber.places[county]
    return PageSpec(stem=f"{index:05d}_{digest}", text=text, paper=paper, date=day.isoformat(),
                    county=county, page_name=f"A{rng.randint(2, 8)} {county}新闻", damage=builder.damage)


# --- writing an archive ---------------------------------------------------------------------
GENERATED = re.compile(r"^\d{5}_[0-9a-f]{16}\.(txt|yaml)$")


class Generator:
    """Makes pages from the seed pools; loads the pools once."""

    def __init__(self, seeds: Path = SEEDS, seed: int = DEFAULT_SEED):
        self.pools = seed_pools(seeds)
        self.perturber = Perturber(seed_places(seeds))
        self.seed = seed

    def page(self, index: int) -> PageSpec:
        """Return generated page number ``index``."""
        return build_page(index, self.pools, self.perturber, self.seed)

    def write_page(self, out: Path, index: int) -> PageSpec:
        """Write page ``index`` and its metadata file into ``out``; return it."""
        spec = self.page(index)
        (out / f"{spec.stem}.txt").write_text(spec.text, encoding="utf-8", newline="\n")
        (out / f"{spec.stem}.yaml").write_text(spec.yaml(), encoding="utf-8", newline="\n")
        return spec

    def write_archive(self, out: Path, pages: int) -> list[PageSpec]:
        """Write pages 0..pages-1 into ``out``, removing generated pages beyond them."""
        out.mkdir(parents=True, exist_ok=True)
        specs = [self.write_page(out, index) for index in range(pages)]
        keep = {f"{s.stem}.{ext}" for s in specs for ext in ("txt", "yaml")}
        for path in out.iterdir():
            if GENERATED.match(path.name) and path.name not in keep:
                path.unlink()
        return specs


def change_page(path: Path) -> None:
    """Edit one page the way a corrector would: a changed character in its longest paragraph."""
    text = path.read_text(encoding="utf-8")
    longest = max(text.split("\n"), key=len)
    at = len(longest) // 2
    fixed = longest[:at] + ("的" if longest[at] != "的" else "了") + longest[at + 1:]
    path.write_text(text.replace(longest, fixed, 1), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    """Generate an archive from the command line; return the exit code."""
    parser = argparse.ArgumentParser(description="Generate a synthetic archive from the seed pages.")
    parser.add_argument("--pages", type=int, required=True, help="number of pages to generate")
    parser.add_argument("--out", type=Path, required=True, help="folder for the pages (e.g. bench/work/1000/seeds)")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="seed pages to recombine (default: seeds/)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    specs = Generator(args.seeds, args.seed).write_archive(args.out, args.pages)
    size = sum(len(s.text.encode("utf-8")) for s in specs)
    print(f"{len(specs)} pages, {size / 1e6:.1f} MB of text in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
