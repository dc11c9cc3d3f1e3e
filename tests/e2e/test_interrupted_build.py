"""Killed and concurrent builds: the previous --out stays intact and complete, never half-written."""
from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import copy_seeds

ROOT = Path(__file__).resolve().parents[2]
KILL_SEED = int(os.environ.get("KILL_SEED", "20260422"))   # set KILL_SEED to explore other moments


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` as {relative posix path: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Return a short human list of what differs between two file trees."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(p for p in set(expected) & set(actual) if expected[p] != actual[p])
    return [f"missing {p}" for p in missing[:5]] + [f"extra {p}" for p in extra[:5]] + \
        [f"changed {p}" for p in changed[:5]]


# --- the writer alone, killed while it writes many files -----------------------------------

SLOW_WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from generator.infra.writer import SiteWriter
    out, label = Path(sys.argv[1]), sys.argv[2]
    with SiteWriter(out, repo_root=Path({root!r})) as writer:
        print("staging", flush=True)
        for n in range(400):
            writer.write(f"a/{{n:04d}}.html", f"<p>{{label}} 本报讯(记者 时苏建) {{n}}</p>" * 50)
            if n % 20 == 0:
                time.sleep(0.005)
    print("done", flush=True)
""")


def start_slow_writer(out: Path, label: str) -> subprocess.Popen:
    """Start a child process that writes a 400-file site through SiteWriter."""
    code = SLOW_WRITER.format(root=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", code, str(out), label], stdout=subprocess.PIPE, text=True)


def test_writer_killed_at_random_moments_leaves_the_previous_site(tmp_path):
    out = tmp_path / "site"
    first = start_slow_writer(out, "old")
    assert first.wait(60) == 0
    before = tree(out)
    assert len(before) == 400
    rng = random.Random(KILL_SEED)
    for attempt in range(8):
        child = start_slow_writer(out, "new")
        assert child.stdout.readline().strip() == "staging"
        time.sleep(rng.uniform(0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        now = tree(out)
        if now != before:   # the kill came after the swap: then the new site must be complete
            assert len(now) == 400 and all(b"new" in data for data in now.values()), \
                f"attempt {attempt}: half-written site: {differences(before, now)}"
            before = now
    finished = start_slow_writer(out, "final")
    assert finished.wait(60) == 0
    assert len(tree(out)) == 400 and not (tmp_path / ".site.building").exists()


# --- the real build, killed at random moments --------------------------------------------

def start_build(seeds: Path, out: Path) -> subprocess.Popen:
    """Start ``python3 build.py`` as a user would."""
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds), "--out", str(out), "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def finish(process: subprocess.Popen, timeout: int = 600) -> tuple[int, str]:
    """Wait for a build and return (exit code, stderr)."""
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err


def registry_is_whole(seeds: Path) -> bool:
    """Return True if the permalink registry is absent or parses as JSON."""
    path = seeds / "permalinks.json"
    if not path.exists():
        return True
    try:
        json.loads(path.read_text(encoding="utf-8"))
        return True
    except ValueError:
        return False


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """Return (seeds, out, seconds) after two complete real builds (the registry is settled)."""
    base = tmp_path_factory.mktemp("interrupted")
    seeds = copy_seeds(base / "seeds")
    out = base / "www" / "site"
    started = time.monotonic()
    code, err = finish(start_build(seeds, out))
    seconds = time.monotonic() - started
    assert code == 0, err[-3000:]
    code, err = finish(start_build(seeds, out))
    assert code == 0, err[-3000:]
    return seeds, out, seconds


def check_whole(seeds: Path, out: Path, before: dict[str, bytes], when: str) -> dict[str, bytes]:
    """Assert ``out`` is the previous site or, if the kill came after the swap, a complete new one.

    Return the site now in place. A complete new site is recognised by being byte-identical to
    what a full build makes (builds are deterministic), so a half-written one can never pass.
    """
    now = tree(out)
    assert registry_is_whole(seeds), f"{when}: permalinks.json is not whole JSON"
    if now == before:
        return now
    code, err = finish(start_build(seeds, out))
    assert code == 0, err[-3000:]
    assert tree(out) == now, f"{when}: the site is neither the previous one nor a complete build: " \
                             f"{differences(tree(out), now)}"
    return now


@pytest.mark.slow
def test_build_killed_at_random_moments_leaves_the_previous_site_whole(built_once):
    seeds, out, seconds = built_once
    before = tree(out)
    rng = random.Random(KILL_SEED)
    moments = sorted(rng.uniform(0.05, 1.0) * seconds for _ in range(3))
    staging = out.parent / f".{out.name}.building"
    for moment in moments:                          # anywhere in the build
        build = start_build(seeds, out)
        time.sleep(moment)
        build.send_signal(signal.SIGKILL)
        build.wait(30)
        before = check_whole(seeds, out, before, f"killed at {moment:.2f}s of {seconds:.2f}s")
    for attempt in range(3):                        # while it writes the staging folder
        build = start_build(seeds, out)
        deadline = time.monotonic() + seconds * 5 + 30
        while not staging.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.05))
        build.send_signal(signal.SIGKILL)
        build.wait(30)
        before = check_whole(seeds, out, before, f"killed while writing (attempt {attempt})")
    code, err = finish(start_build(seeds, out))
    assert code == 0, err[-3000:]
    assert not staging.exists()


@pytest.mark.slow
def test_build_while_another_holds_the_lock_fails_fast_and_changes_nothing(built_once):
    seeds, out, seconds = built_once
    before = tree(out)
    fd = os.open(out.parent / f".{out.name}.lock", os.O_CREAT | os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, err = finish(start_build(seeds, out))
    finally:
        os.close(fd)
    assert code == 2, err[-3000:]
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "another build is writing here" in errors[0], err[-3000:]
    assert "Traceback" not in err
    assert tree(out) == before


@pytest.mark.slow
def test_two_builds_at_once_never_corrupt_the_output(built_once):
    seeds, out, seconds = built_once
    before = tree(out)
    builds = [start_build(seeds, out), start_build(seeds, out)]
    results = [finish(b) for b in builds]
    for code, err in results:
        assert code in (0, 2), err[-3000:]
        if code == 2:
            assert "another build is writing here" in err
    assert any(code == 0 for code, _ in results)
    check_whole(seeds, out, before, "after two builds at once")


# --- the build killed alone: its workers must not outlive it ------------------------------

def _children(pid: int) -> list[int]:
    """Return the pids of the live processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Return True if process ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_of_a_build_killed_alone_exit_with_it(tmp_path):
    """kill -9 of the build alone (the OOM killer does that) must not leave workers holding its lock and pipes."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate
    seeds = tmp_path / "seeds"
    generate.Generator().write_archive(seeds, 60)
    build = start_build(seeds, tmp_path / "site")
    deadline, workers = time.monotonic() + 120, []
    while not workers and build.poll() is None and time.monotonic() < deadline:
        workers = _children(build.pid)
        time.sleep(0.02)
    assert workers, "the build finished before its pool started: use more pages"
    build.kill()
    build.communicate(timeout=60)          # returns only once no worker holds the build's stdout and stderr
    deadline = time.monotonic() + 20
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers)), "workers outlived the killed build"
    code, err = finish(start_build(seeds, tmp_path / "site"))
    assert code == 0, f"the next build could not run: {err[-2000:]}"
