"""Reading input pages: encodings, line ends, bad files and metadata become warnings, never errors."""
from __future__ import annotations

import hashlib

import pytest

from generator.model import BuildWarning, Page
from generator.parse.reading import SeedsError, all_warnings, read_pages

SEED_LINE = "本报讯(记者 时苏建)4月23日下午,全市一季度工业运行分析会议召开。"


def write(folder, name: str, data: bytes):
    """Write ``data`` to ``folder/name`` and return the path."""
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data, encoding, warns", [
    (SEED_LINE.encode("utf-8"), "utf-8", False),
    (b"\xef\xbb\xbf" + SEED_LINE.encode("utf-8"), "utf-8-sig", False),
    (SEED_LINE.encode("gb18030"), "gb18030", True),
    (SEED_LINE.encode("gbk"), "gb18030", True),
])
def test_text_is_decoded_whatever_the_encoding(tmp_path, data, encoding, warns):
    write(tmp_path, "a.txt", data)
    (page,) = read_pages(tmp_path)
    assert page.text == SEED_LINE
    assert page.encoding == encoding
    assert bool(page.warnings) == warns
    if warns:
        assert page.warnings[0].source == "a.txt" and "GB18030" in page.warnings[0].message


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_line_ends_become_newlines(tmp_path, ending):
    write(tmp_path, "a.txt", ending.join(["标题", "", SEED_LINE]).encode("utf-8"))
    (page,) = read_pages(tmp_path)
    assert page.text.split("\n") == ["标题", "", SEED_LINE]


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \n\n \r\n", "empty"),
])
def test_a_bad_page_is_a_warning_naming_the_file(tmp_path, data, words):
    write(tmp_path, "bad.txt", data)
    write(tmp_path, "good.txt", SEED_LINE.encode("utf-8"))
    bad, good = read_pages(tmp_path)
    assert good.text == SEED_LINE and not good.warnings
    assert bad.text.strip() == ""
    assert bad.warnings and bad.warnings[0].source == "bad.txt" and words in bad.warnings[0].message


def test_pages_are_sorted_and_identified_by_their_bytes(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        write(tmp_path, name, name.encode())
    pages = read_pages(tmp_path)
    assert [p.name for p in pages] == ["a.txt", "b.txt"]
    assert pages[0].sha256 == hashlib.sha256(b"a.txt").hexdigest()


def test_metadata_file_overrides_are_read(tmp_path):
    write(tmp_path, "000_x.txt", SEED_LINE.encode("utf-8"))
    write(tmp_path, "000_x.yaml", "paper: 牡丹晚报\ndate: 2023-04-24\npage: A2 要闻\n".encode("utf-8"))
    (page,) = read_pages(tmp_path)
    assert page.meta == (("paper", "牡丹晚报"), ("date", "2023-04-24"), ("page", "A2 要闻"))
    assert page.meta_value("date") == "2023-04-24" and not page.warnings


@pytest.mark.parametrize("yaml_text, line", [
    ("paper: 牡丹晚报\ndate: [2023\n", 3),
    ("paper: a\n  bad: : indent\n", 2),
])
def test_bad_metadata_is_a_warning_with_file_and_line(tmp_path, yaml_text, line):
    write(tmp_path, "000_x.txt", SEED_LINE.encode("utf-8"))
    write(tmp_path, "000_x.yaml", yaml_text.encode("utf-8"))
    (page,) = read_pages(tmp_path)
    assert page.meta == ()
    (warning,) = page.warnings
    assert warning.source == "000_x.yaml" and warning.line == line and "YAML" in warning.message


def test_metadata_that_is_not_a_mapping_is_ignored_with_a_warning(tmp_path):
    write(tmp_path, "a.txt", SEED_LINE.encode("utf-8"))
    write(tmp_path, "a.yaml", b"- just\n- a list\n")
    (page,) = read_pages(tmp_path)
    assert page.meta == () and "mapping" in page.warnings[0].message


@pytest.mark.parametrize("make", [lambda p: p / "nowhere", lambda p: p])
def test_a_missing_or_empty_folder_is_an_error(tmp_path, make):
    with pytest.raises(SeedsError, match="check --seeds"):
        read_pages(make(tmp_path))


def test_all_warnings_lists_reading_then_page_warnings_once(tmp_path):
    write(tmp_path, "a.txt", SEED_LINE.encode("gb18030"))
    (source,) = read_pages(tmp_path)
    extra = BuildWarning("a.txt", 3, "headline without article")
    page = Page(source="a.txt", raw=source.text, items=(), warnings=(extra, source.warnings[0]))
    assert all_warnings([source], [page]) == (source.warnings[0], extra)


def test_a_page_that_cannot_be_read_is_a_warning(tmp_path):
    (tmp_path / "dir.txt").mkdir()                      # a folder named like a page
    write(tmp_path, "good.txt", SEED_LINE.encode("utf-8"))
    odd, good = read_pages(tmp_path)
    assert odd.text == "" and odd.warnings[0].source == "dir.txt" and "not a regular file" in odd.warnings[0].message
    assert odd.skipped
    assert good.text == SEED_LINE
