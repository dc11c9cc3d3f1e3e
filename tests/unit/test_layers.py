"""The package map of docs/ARCHITECTURE.md holds: imports only go down, infra knows no newspaper."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
# lower rank = lower layer; a module may import its own package or a lower rank only
RANK = {"text": 0, "infra": 0, "model": 1, "parse": 2, "infer": 3, "archive": 4, "search": 5, "site": 5,
        "stages": 6, "report": 6}


def package_of(path: Path) -> str:
    """Return the stage package (or top-level module) a file of generator/ belongs to."""
    parts = path.relative_to(GENERATOR).with_suffix("").parts
    return parts[0]


def imported_packages(path: Path) -> set[str]:
    """Return the generator packages a module imports, anywhere in it (lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: use absolute imports"
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                found.add(parts[1])
            elif parts[0] == "generator" and isinstance(node, ast.ImportFrom):
                found.update(a.name for a in node.names)
    return found


MODULES = sorted(p for p in GENERATOR.rglob("*.py") if p.name != "__init__.py" or p.parent != GENERATOR)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_no_module_imports_upward_or_sideways(path):
    own = package_of(path)
    for other in imported_packages(path) - {own}:
        assert other in RANK, f"{path}: imports generator.{other}, which is not on the package map"
        assert RANK[other] < RANK[own], f"{path} ({own}) imports generator.{other}: imports only go down"


@pytest.mark.parametrize("leaf", ["infra", "text"])
def test_shared_leaves_import_nothing_of_the_project(leaf):
    for path in (GENERATOR / leaf).rglob("*.py"):
        assert imported_packages(path) <= {leaf}, f"{path} imports {imported_packages(path) - {leaf}}"
