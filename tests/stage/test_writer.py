"""The one writer: files land only inside --out, once each, and a failed build leaves the old site."""
from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.infra.writer import BuildLocked, OutputError, SiteWriter, Unchanged

ROOT = Path(__file__).resolve().parents[2]
SEED_LINE = "本报讯(记者 时苏建)4月23日下午,全市一季度工业运行分析会议召开"


def settled_listing(folder: Path) -> list[str]:
    """Return the names in ``folder`` once the replaced sites the writer deletes in the background are gone."""
    assert _gone(list(folder.glob(".*.old-*"))), "a replaced site was not deleted"
    return sorted(p.name for p in folder.iterdir())


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` as {relative posix path: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_into(out: Path, files: dict[str, str | bytes]) -> None:
    """Write one complete 'site' through SiteWriter."""
    with SiteWriter(out, repo_root=ROOT) as writer:
        writer.write_all(files)


@pytest.mark.parametrize("bad_path", [
    "../escape.html",
    "a/../../escape.html",
    "/etc/passwd",
    "a\\..\\..\\escape.html",
    "",
    "..",
    "a/./b.html",            # would be a second name of a/b.html, escaping the double-write check
    "a//b.html",
    "a/",
])
def test_write_refuses_paths_outside_the_output(tmp_path, bad_path):
    out = tmp_path / "site"
    with pytest.raises(OutputError):
        with SiteWriter(out, repo_root=ROOT) as writer:
            writer.write(bad_path, SEED_LINE)
    assert settled_listing(tmp_path) == [".site.lock"], "nothing but the lock file outside"


def test_write_refuses_a_symlink_that_leads_outside(tmp_path):
    out = tmp_path / "site"
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(OutputError):
        with SiteWriter(out, repo_root=ROOT) as writer:
            (writer.staging / "link").symlink_to(outside, target_is_directory=True)
            writer.write("link/pwned.html", SEED_LINE)
    assert list(outside.iterdir()) == []


def test_second_write_of_the_same_path_is_refused(tmp_path):
    with pytest.raises(OutputError, match="twice"):
        with SiteWriter(tmp_path / "site", repo_root=ROOT) as writer:
            writer.write("a/x.html", "first")
            writer.write("a/x.html", "second")


def test_text_is_written_as_utf8_and_bytes_untouched(tmp_path):
    out = tmp_path / "site"
    build_into(out, {"a/文章 1.html": SEED_LINE, "assets/raw.bin": b"\x00\xff\xfe", "data/crlf.txt": "a\r\nb"})
    assert (out / "a/文章 1.html").read_text(encoding="utf-8") == SEED_LINE
    assert (out / "assets/raw.bin").read_bytes() == b"\x00\xff\xfe"
    assert (out / "data/crlf.txt").read_bytes() == b"a\r\nb"


def test_new_build_replaces_the_old_site_whole(tmp_path):
    out = tmp_path / "site"
    build_into(out, {"index.html": "old", "a/gone.html": "gone"})
    build_into(out, {"index.html": "new"})
    assert tree(out) == {"index.html": b"new"}
    assert settled_listing(tmp_path) == [".site.lock", "site"], "no staging folder left behind"


def test_a_build_that_fails_midway_leaves_the_previous_site(tmp_path):
    out = tmp_path / "site"
    build_into(out, {"index.html": "old", "a/b.html": SEED_LINE})
    before = tree(out)
    with pytest.raises(RuntimeError):
        with SiteWriter(out, repo_root=ROOT) as writer:
            writer.write("index.html", "half-new")
            raise RuntimeError("render failed")
    assert tree(out) == before
    assert not (tmp_path / ".site.building").exists()


def test_staging_left_by_a_killed_build_is_cleared(tmp_path):
    out = tmp_path / "site"
    stale = tmp_path / ".site.building"
    stale.mkdir()
    (stale / "stale.html").write_text("from a killed build", encoding="utf-8")
    build_into(out, {"index.html": "fresh"})
    assert tree(out) == {"index.html": b"fresh"}


def _gone(paths, seconds: float = 30.0) -> bool:
    """Return True once none of ``paths`` exists (polling: they are deleted by another process)."""
    deadline = time.monotonic() + seconds
    while any(p.exists() for p in paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(p.exists() for p in paths)


def test_the_replaced_site_is_moved_aside_at_once_and_deleted_in_the_background(tmp_path):
    out = tmp_path / "site"
    build_into(out, {"index.html": "old", **{f"a/{n}.html": SEED_LINE for n in range(200)}})
    with SiteWriter(out, repo_root=ROOT) as writer:
        writer.write("index.html", "new")
    assert tree(out) == {"index.html": b"new"}, "the new site is in place when the build returns"
    old = writer.old_folders()
    assert all(p.name.startswith(".site.old-") for p in old)
    assert _gone(old), f"the previous site was not deleted: {old}"
    assert settled_listing(tmp_path) == [".site.lock", "site"]


def test_folders_left_to_delete_by_an_earlier_build_are_deleted_by_the_next(tmp_path):
    out = tmp_path / "site"
    leftover = tmp_path / ".site.old-1-2"          # e.g. the machine stopped while it was being deleted
    (leftover / "a").mkdir(parents=True)
    (leftover / "a" / "b.html").write_text(SEED_LINE, encoding="utf-8")
    build_into(out, {"index.html": "fresh"})
    assert _gone([leftover])
    assert tree(out) == {"index.html": b"fresh"}


def test_the_build_does_not_wait_for_the_deletion_through_its_output(tmp_path):
    """A caller reading the build's output to its end (subprocess.run) must not wait for the deleting process."""
    script = ("import sys; from pathlib import Path; import generator.infra.writer as w; "
              "w._DELETE = 'import time; time.sleep(20)'; "        # a deletion that takes 20 s
              "w.delete_in_background(Path(sys.argv[1])); print('done')")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "old")], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "done"
    assert time.monotonic() - started < 10, "the deleting process kept the build's output open"


def test_a_held_lock_makes_the_build_fail_fast_with_a_clear_message(tmp_path):
    out = tmp_path / "site"
    build_into(out, {"index.html": "old"})
    fd = os.open(tmp_path / ".site.lock", os.O_CREAT | os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(BuildLocked, match="another build is writing here"):
            build_into(out, {"index.html": "new"})
    finally:
        os.close(fd)
    assert tree(out) == {"index.html": b"old"}
    build_into(out, {"index.html": "new"})          # lock released: the next build works
    assert tree(out) == {"index.html": b"new"}


def test_written_lists_the_site_paths(tmp_path):
    with SiteWriter(tmp_path / "site", repo_root=ROOT) as writer:
        writer.write_all({"b.html": "b", "a/c.html": "c"})
        assert writer.written == {"b.html", "a/c.html"}


# --- files kept from the previous site ----------------------------------------------------------
def previous_site(tmp_path: Path) -> Path:
    """Return a built site holding a/x.html (one seed line) and index.html."""
    out = tmp_path / "site"
    build_into(out, {"a/x.html": SEED_LINE, "index.html": "old"})
    return out


def test_reuse_links_the_previous_file_and_counts_its_size(tmp_path):
    out = previous_site(tmp_path)
    old = out / "a/x.html"
    with SiteWriter(out, repo_root=ROOT) as writer:
        writer.reuse("a/x.html", old)
        writer.write("index.html", "new")
        assert writer.sizes == {"a/x.html": len(SEED_LINE.encode("utf-8")), "index.html": 3}
        assert writer.reused == 1 and writer.stat("a/x.html").st_ino == old.stat().st_ino
    assert tree(out) == {"a/x.html": SEED_LINE.encode("utf-8"), "index.html": b"new"}


def test_unchanged_marker_is_accepted_by_write_all(tmp_path):
    out = previous_site(tmp_path)
    with SiteWriter(out, repo_root=ROOT) as writer:
        writer.write_all([("a/x.html", Unchanged(out / "a/x.html")), ("index.html", "new")])
    assert tree(out) == {"a/x.html": SEED_LINE.encode("utf-8"), "index.html": b"new"}


@pytest.mark.parametrize("bad_path", ["../escape.html", "/etc/passwd", "a/../../escape.html", ""])
def test_reuse_refuses_paths_outside_the_output(tmp_path, bad_path):
    out = previous_site(tmp_path)
    with pytest.raises(OutputError):
        with SiteWriter(out, repo_root=ROOT) as writer:
            writer.reuse(bad_path, out / "a/x.html")
    assert settled_listing(tmp_path) == [".site.lock", "site"]
    assert tree(out) == {"a/x.html": SEED_LINE.encode("utf-8"), "index.html": b"old"}


@pytest.mark.parametrize("first", ["write", "reuse"])
@pytest.mark.parametrize("second", ["write", "reuse"])
def test_reuse_and_write_of_the_same_path_are_refused(tmp_path, first, second):
    out = previous_site(tmp_path)
    with pytest.raises(OutputError, match="twice"):
        with SiteWriter(out, repo_root=ROOT) as writer:
            for how in (first, second):
                writer.write("a/x.html", Unchanged(out / "a/x.html") if how == "reuse" else "new")


def test_reuse_refuses_what_is_not_a_regular_file(tmp_path):
    out = previous_site(tmp_path)
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (out / "a/link.html").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(OutputError, match="not a regular file"):
        with SiteWriter(out, repo_root=ROOT) as writer:
            writer.reuse("a/link.html", out / "a/link.html")


@pytest.mark.parametrize("link_error", [errno.EXDEV, errno.EPERM, errno.EMLINK])
def test_reuse_copies_when_the_file_cannot_be_linked(tmp_path, monkeypatch, link_error):
    out = previous_site(tmp_path)
    old_inode = (out / "a/x.html").stat().st_ino

    def cannot_link(*args, **kwargs):
        raise OSError(link_error, os.strerror(link_error))
    monkeypatch.setattr(os, "link", cannot_link)
    with SiteWriter(out, repo_root=ROOT) as writer:
        writer.reuse("a/x.html", out / "a/x.html")
        assert writer.reused == 1 and writer.sizes["a/x.html"] == len(SEED_LINE.encode("utf-8"))
    assert (out / "a/x.html").read_text(encoding="utf-8") == SEED_LINE
    assert (out / "a/x.html").stat().st_ino != old_inode


def test_a_linked_file_is_never_changed_through_its_other_name(tmp_path):
    out = previous_site(tmp_path)
    with SiteWriter(out, repo_root=ROOT) as writer:             # second build: a/x.html linked
        writer.reuse("a/x.html", out / "a/x.html")
    linked = out / "a/x.html"
    with SiteWriter(out, repo_root=ROOT) as writer:             # third build rewrites it
        writer.write("a/x.html", "corrected")
        assert linked.read_text(encoding="utf-8") == SEED_LINE, "the live site is untouched until the swap"
    assert linked.read_text(encoding="utf-8") == "corrected"
