"""Bad input as archivists produce it: nothing is lost, nothing outside seeds/ is published, no permanent
URL moves, and the build says what happened in one line (issue 13).

Each case starts from two real seed pages already built once (so a registry exists), spoils the seeds
one way, builds again and checks what a user sees: the exit code, the message, every character of
every page in the open data (counted), the registry (no article withdrawn because its page could
not be read) and the output (nothing from outside seeds/).
"""
from __future__ import annotations

import errno
import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from conftest import SEEDS

import build
from tests.opendata_helpers import load_articles, load_json

PAGES = ("001_f2ca3be17ee54044.txt", "003_19cdaa97a37a6cd0.txt")
OUTSIDE_SECRET = "外部机密文件内容 SECRET-OUTSIDE-SEEDS"


def chars(text: str) -> Counter:
    """Return the multiset of non-whitespace characters of ``text``."""
    return Counter(c for c in text if not c.isspace())


def seed(name: str = PAGES[0]) -> str:
    """Return the text of a seed page."""
    return (SEEDS / name).read_text(encoding="utf-8")


@dataclass
class Case:
    """One way to spoil the seeds and what the user must then see."""

    name: str
    spoil: Callable[[Path], None]          # changes the seeds folder (and may return nothing)
    code: int = 0                          # exit code
    message: str = ""                      # a line of stderr must contain this
    expect: dict[str, str] = field(default_factory=dict)   # page file -> text whose characters must all be kept
    args: tuple[str, ...] = ()


def write(seeds: Path, name: str, data: bytes | str) -> None:
    """Write a file into the seeds folder."""
    (seeds / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def spoiled(name: str, data: Callable[[str], bytes]) -> Callable[[Path], None]:
    """Return a spoiler replacing page ``name`` by ``data(its text)``."""
    return lambda seeds: write(seeds, name, data(seed(name)))


def middle(text: str) -> tuple[str, str]:
    """Return the text split in two around its middle line end."""
    at = text.index("\n", len(text) // 2)
    return text[:at], text[at:]


def with_bytes(text: str, junk: bytes) -> bytes:
    """Return ``text`` as UTF-8 with ``junk`` inserted at a line end in the middle."""
    head, tail = middle(text)
    return head.encode("utf-8") + junk + tail.encode("utf-8")


def truncated(text: str) -> bytes:
    """Return ``text`` as UTF-8 cut inside its last multi-byte character, as an interrupted copy leaves it."""
    data = text.encode("utf-8")
    return data[:max(i for i, b in enumerate(data) if b >= 0x80)]


def symlink_out(seeds: Path) -> None:
    """Link a page and a metadata file to files outside the seeds folder."""
    outside = seeds.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(OUTSIDE_SECRET, encoding="utf-8")
    (outside / "secret.yaml").write_text(f"paper: {OUTSIDE_SECRET}\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", seeds / "secret.txt")
    os.symlink(outside / "secret.yaml", seeds / f"{Path(PAGES[0]).stem}.yaml")


def renumber(seeds: Path) -> None:
    """Shift both page files one number up, as a re-export would."""
    first, second = (seeds / p for p in PAGES)
    second.rename(seeds / "004_19cdaa97a37a6cd0.txt")
    first.rename(seeds / "003_19cdaa97a37a6cd0.txt")


def repeated(seeds: Path) -> None:
    """Add a page with the same short article printed 1,100 times."""
    article = "同一篇文章\n本报讯(记者 时苏建)全市一季度工业运行分析会议召开。\n\n"
    write(seeds, "100_repeated.txt", article * 1100)


PAGE, OTHER = PAGES
TEXT = seed(PAGE)
HEAD, TAIL = middle(TEXT)
BILLION_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(9)) + "paper: *j\n"

CASES = [
    Case("nul byte", spoiled(PAGE, lambda t: with_bytes(t, b"\x00")), expect={PAGE: HEAD + "\x00" + TAIL},
         message=f"{PAGE}:"),
    Case("one invalid byte 0xff", spoiled(PAGE, lambda t: with_bytes(t, b"\xff")),
         expect={PAGE: HEAD + "\ufffd" + TAIL}, message="U+FFFD"),
    Case("truncated character", spoiled(PAGE, lambda t: truncated(t)),
         expect={PAGE: truncated(TEXT).decode("utf-8", "replace")}),
    Case("utf-16 with bom", spoiled(PAGE, lambda t: t.encode("utf-16")), expect={PAGE: TEXT}, message="UTF-16"),
    Case("utf-16-be with bom", spoiled(PAGE, lambda t: b"\xfe\xff" + t.encode("utf-16-be")), expect={PAGE: TEXT}),
    Case("utf-16-le without bom", spoiled(PAGE, lambda t: t.encode("utf-16-le")), expect={PAGE: TEXT},
         message="UTF-16-LE"),
    Case("utf-16 lone surrogate", spoiled(PAGE, lambda t: t.encode("utf-16-le") + b"\x00\xd8"),
         expect={PAGE: TEXT + "\ufffd"}),
    Case("gb18030", spoiled(PAGE, lambda t: t.encode("gb18030")), expect={PAGE: TEXT}, message="GB18030"),
    Case("gb18030 with an invalid byte", spoiled(PAGE, lambda t: HEAD.encode("gb18030") + b"\xff" + TAIL.encode("gb18030")),
         expect={PAGE: HEAD + "\ufffd" + TAIL}),
    Case("utf-8 bom and crlf", spoiled(PAGE, lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8")),
         expect={PAGE: TEXT}),
    Case("lone cr line ends", spoiled(PAGE, lambda t: t.replace("\n", "\r").encode("utf-8")), expect={PAGE: TEXT}),
    Case("control characters", spoiled(PAGE, lambda t: with_bytes(t, b"\x07\x1b\x08")),
         expect={PAGE: HEAD + "\x07\x1b\x08" + TAIL}),
    Case("binary junk page", lambda s: write(s, "junk.txt", bytes(range(256)) * 8), expect={PAGE: TEXT}),
    Case("empty page", lambda s: write(s, "empty.txt", b""), message="empty.txt: empty page", expect={PAGE: TEXT}),
    Case("impossible date", lambda s: write(s, f"{PAGE[:-4]}.yaml", "paper: 牡丹晚报\ndate: 2023-02-30\n"),
         message=f"{PAGE[:-4]}.yaml:2:", expect={PAGE: TEXT}),
    Case("paper is a mapping", lambda s: write(s, f"{PAGE[:-4]}.yaml", "paper: {name: 牡丹晚报}\n"),
         message=f"{PAGE[:-4]}.yaml:1:", expect={PAGE: TEXT}),
    Case("paper is a list", lambda s: write(s, f"{PAGE[:-4]}.yaml", "date: 2023-04-24\npaper:\n  - 牡丹晚报\n"),
         message=f"{PAGE[:-4]}.yaml:3:", expect={PAGE: TEXT}),
    Case("python tag", lambda s: write(s, f"{PAGE[:-4]}.yaml", "paper: !!python/object:os.system x\n"),
         message=f"{PAGE[:-4]}.yaml:", expect={PAGE: TEXT}),
    Case("billion laughs", lambda s: write(s, f"{PAGE[:-4]}.yaml", BILLION_LAUGHS),
         message=f"{PAGE[:-4]}.yaml:1: anchors and aliases", expect={PAGE: TEXT}),
    Case("invalid yaml", lambda s: write(s, f"{PAGE[:-4]}.yaml", "paper: 牡丹晚报\ndate: [2023\n"),
         message=f"{PAGE[:-4]}.yaml:3:", expect={PAGE: TEXT}),
    Case("metadata not utf-8", lambda s: write(s, f"{PAGE[:-4]}.yaml", "paper: 牡丹晚报\n".encode("gb18030")),
         message=f"{PAGE[:-4]}.yaml", expect={PAGE: TEXT}),
    Case("huge metadata", lambda s: write(s, f"{PAGE[:-4]}.yaml", "# x\n" * 100_000),
         message=f"{PAGE[:-4]}.yaml", expect={PAGE: TEXT}),
    Case("symlinks leaving seeds", symlink_out, message="outside the seeds folder", expect={PAGE: TEXT}),
    Case("symlink inside seeds", lambda s: os.symlink(s / PAGE, s / "200_alias.txt"),
         expect={PAGE: TEXT, "200_alias.txt": TEXT}),
    Case("broken symlink", lambda s: os.symlink(s / "nowhere.txt", s / "300_broken.txt"),
         message="300_broken.txt", expect={PAGE: TEXT}),
    Case("fifo named like a page", lambda s: os.mkfifo(s / "400_fifo.txt"), message="not a regular file",
         expect={PAGE: TEXT}),
    Case("folder named like a page", lambda s: (s / "500_dir.txt").mkdir(), message="not a regular file"),
    Case("hash in file name", lambda s: write(s, "a#b.txt", TEXT), expect={"a#b.txt": TEXT}),
    Case("backslash in file name", lambda s: write(s, "a\\b.txt", TEXT), expect={"a\\b.txt": TEXT}),
    Case("index.txt beside index_.txt", lambda s: (write(s, "index.txt", TEXT), write(s, "index_.txt", seed(OTHER))),
         expect={"index.txt": TEXT, "index_.txt": seed(OTHER)}),
    Case("bidi override in file name", lambda s: write(s, "x\u202egnp.txt", TEXT), expect={"x\u202egnp.txt": TEXT}),
    Case("same article 1,100 times", repeated),
    Case("renumbered page files", renumber, expect={"003_19cdaa97a37a6cd0.txt": TEXT}),
    Case("strict with a warning", lambda s: write(s, "empty.txt", b""), code=1, args=("--strict",),
         message="empty.txt"),
    Case("duplicate id in the registry", lambda s: duplicate_id(s), code=2, message="appears twice"),
    Case("malformed id in the registry", lambda s: rename_id(s, "AEIOU!"), code=2, message="is not an id"),
    Case("corrupt registry", lambda s: write(s, "permalinks.json", '{"version": 1,\n "ids": {'), code=2,
         message="permalinks.json:2: not a permalink registry"),
    Case("empty seeds folder", lambda s: [p.unlink() for p in s.glob("*.txt")], code=2, message="no page files"),
]


def duplicate_id(seeds: Path) -> None:
    """Copy the registry's first id line so that the id appears twice."""
    lines = (seeds / "permalinks.json").read_text(encoding="utf-8").split("\n")
    first = next(n for n, line in enumerate(lines) if line.startswith("  \""))
    lines.insert(first + 1, lines[first].rstrip(",") + ",")
    write(seeds, "permalinks.json", "\n".join(lines))


def rename_id(seeds: Path, new: str) -> None:
    """Rename the first id of the registry to ``new``."""
    registry = json.loads((seeds / "permalinks.json").read_text(encoding="utf-8"))
    first = sorted(registry["ids"])[0]
    registry["ids"][new] = registry["ids"].pop(first)
    write(seeds, "permalinks.json", json.dumps(registry))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """Return a folder holding ``seeds/`` (two seed pages and their registry) and the ``site/`` built from them."""
    base = tmp_path_factory.mktemp("baseline")
    (base / "seeds").mkdir()
    for name in PAGES:
        shutil.copy(SEEDS / name, base / "seeds" / name)
    assert build.main(["--seeds", str(base / "seeds"), "--out", str(base / "site"), "-q", "--workers", "1"]) == 0
    return base


def kept(site: Path) -> dict[str, Counter]:
    """Return, per page file, the characters the open data holds for it (items, banner, repairs)."""
    out: dict[str, Counter] = {}
    for item in load_articles(site):
        texts = [item[k] or "" for k in ("kicker", "title", "subtitle", "byline", "credit")]
        texts += [b["text"] for b in item["body"]] + item["captions"] + [r["removed"] for r in item["repairs"]]
        out.setdefault(item["source"], Counter()).update(chars("".join(texts)))
    for page in load_json(site, "data/pages.json"):
        texts = [page["banner"] or ""] + [r["removed"] for r in page["repairs"]]
        out.setdefault(page["source"], Counter()).update(chars("".join(texts)))
    return out


def site_text(site: Path) -> str:
    """Return every file of a site as text."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(site.rglob("*")) if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file of a folder by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(case: Case, base: Path, tmp_path: Path, capsys) -> tuple[int, str, Path, Path]:
    """Return (exit code, stderr, seeds, site) after spoiling a copy of the baseline and building it."""
    seeds, site = tmp_path / "seeds", tmp_path / "site"
    shutil.copytree(base / "seeds", seeds)
    shutil.copytree(base / "site", site)
    case.spoil(seeds)
    capsys.readouterr()
    code = build.main(["--seeds", str(seeds), "--out", str(site), "-q", "--workers", "1", *case.args])
    return code, capsys.readouterr().err, seeds, site


def registry_ids(seeds: Path) -> dict[str, dict]:
    """Return the ids of a registry file."""
    return json.loads((seeds / "permalinks.json").read_text(encoding="utf-8"))["ids"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input(case: Case, baseline, tmp_path, capsys):
    before_site, before_registry = snapshot(baseline / "site"), (baseline / "seeds" / "permalinks.json").read_bytes()
    code, err, seeds, site = run(case, baseline, tmp_path, capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == case.code, err[-2000:]
    assert "Traceback" not in err
    if case.message:
        assert any(case.message in line for line in lines), f"no line says {case.message!r}: {lines}"
    if code == 2:
        (line,) = lines
        assert line.startswith("error: ") and " — " in line
        assert snapshot(site) == before_site, "a failed build changed the published site"
        if "registry" not in case.name:
            assert (seeds / "permalinks.json").read_bytes() == before_registry
        return
    saved = kept(site)
    for source, text in case.expect.items():
        assert saved.get(source, Counter()) == chars(text), f"{source}: lost {dict(chars(text) - saved.get(source, Counter()))}"
    withdrawn = [k for k, v in registry_ids(seeds).items() if v["status"] != "live"]
    assert withdrawn == [], f"articles withdrawn: {withdrawn}"
    assert OUTSIDE_SECRET not in site_text(site)


def test_every_link_of_odd_file_names_resolves(baseline, tmp_path, capsys):
    case = Case("odd names", lambda s: [write(s, n, seed(OTHER)) for n in
                                        ("a#b.txt", "a\\b.txt", "index.txt", "index_.txt", "菏泽 日报.txt", "?.txt")])
    code, err, _, site = run(case, baseline, tmp_path, capsys)
    assert code == 0, err
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs = []

        def handle_starttag(self, tag, attrs):
            self.hrefs += [v for k, v in attrs if k == "href" and v]

    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if not (page.parent / unquote(parts.path)).exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert broken == []


def test_renamed_page_file_keeps_its_old_url(baseline, tmp_path, capsys):
    old_url = f"p/{PAGE[:-4]}.html"
    case = Case("renamed", lambda s: (s / PAGE).rename(s / "009_new_name.txt"))
    code, err, _, site = run(case, baseline, tmp_path, capsys)
    assert code == 0, err
    pages = {p["source"]: p["url"] for p in load_json(site, "data/pages.json")}
    assert pages["009_new_name.txt"] == old_url and (site / old_url).exists()


def test_renamed_and_edited_page_redirects_from_its_old_url(baseline, tmp_path, capsys):
    old_url = f"p/{PAGE[:-4]}.html"
    case = Case("renamed and edited", lambda s: ((s / PAGE).unlink(), write(s, "009_new_name.txt", TEXT + "\n补记一句。\n")))
    code, err, _, site = run(case, baseline, tmp_path, capsys)
    assert code == 0, err
    html = (site / old_url).read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in html and "009_new_name.html" in html


def test_output_errors_are_one_line(baseline, tmp_path, capsys, monkeypatch):
    def full(self, rel_path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(self.staging / rel_path))
    monkeypatch.setattr(build.SiteWriter, "write", full)
    code, err, _, site = run(Case("full disk", lambda s: None), baseline, tmp_path, capsys)
    assert code == 2 and err.count("\n") == 1 and "No space left on device — free some disk space" in err
    assert snapshot(site) == snapshot(baseline / "site")


def test_a_dead_worker_is_one_line(baseline, tmp_path, capsys, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    def dies(*args, **kwargs):
        raise BrokenProcessPool("A child process terminated abruptly")
    monkeypatch.setattr(build.stages, "process_pages", dies)
    code, err, _, _ = run(Case("dead worker", lambda s: None), baseline, tmp_path, capsys)
    assert code == 2 and err.startswith("error: a worker process died") and err.count("\n") == 1


def test_an_output_folder_that_cannot_be_made_is_one_line(baseline, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    capsys.readouterr()
    code = build.main(["--seeds", str(baseline / "seeds"), "--out", str(blocker / "site"), "-q"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_seeds_folder_keeps_the_previous_site(baseline, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(baseline / "site", site)
    capsys.readouterr()
    code = build.main(["--seeds", str(tmp_path / "seedz"), "--out", str(site), "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "seedz: no such folder — check --seeds" in err
    assert snapshot(site) == snapshot(baseline / "site")


def test_a_huge_page_view_is_split_into_parts_that_keep_every_line(baseline, tmp_path, capsys, monkeypatch):
    from generator.site import pages as site_pages
    monkeypatch.setattr(site_pages, "VIEW_PART_CHARS", 1_000)
    monkeypatch.setattr(site_pages.view_parts, "__defaults__", (1_000,))
    code, err, _, site = run(Case("huge", lambda s: None), baseline, tmp_path, capsys)
    assert code == 0, err
    stem = PAGE[:-4]
    parts = [site / f"p/{stem}.html"] + sorted((site / "p").glob(f"{stem}~part*.html"),
                                               key=lambda p: int(p.stem.rsplit("part", 1)[1]))
    assert len(parts) >= 3
    shown = "".join(p.read_text(encoding="utf-8").split("<pre", 1)[1].split(">", 1)[1].split("</pre>", 1)[0]
                    for p in parts)
    import html
    import re
    marks = re.findall(r'<a class="seg" [^>]*></a>', shown)
    pages = json.loads((site / "data" / "pages.json").read_text(encoding="utf-8"))
    assert len(marks) == len(next(p for p in pages if p["source"] == PAGE)["items"]) > 1     # each start marked once
    assert chars(html.unescape(re.sub(r'<a class="seg" [^>]*></a>', "", shown))) == chars(TEXT)   # marks add no text
    assert all(f"{stem}~part2.html" in p.read_text(encoding="utf-8") for p in parts if p.stem != f"{stem}~part2")


def test_an_unreadable_page_stops_the_build_and_keeps_site_and_registry(baseline, tmp_path, capsys, monkeypatch):
    real = Path.read_bytes

    def denied(path):
        if path.name == PAGE:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(Path, "read_bytes", denied)
    code, err, seeds, site = run(Case("unreadable", lambda s: None), baseline, tmp_path, capsys)
    assert code == 2 and err.startswith(f"error: {seeds / PAGE}: cannot be read (Permission denied) — ")
    assert err.count("\n") == 1
    assert snapshot(site) == snapshot(baseline / "site")
    assert (seeds / "permalinks.json").read_bytes() == (baseline / "seeds" / "permalinks.json").read_bytes()
