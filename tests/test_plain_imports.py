"""The project's own apps import each other plainly: a broken import fails loudly, never degrades
into a skipped feature or a skipped test, and every import arrow points down to kyoso.api's
consumers, never up into it."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "kyoso"
TESTS = Path(__file__).resolve().parent
# The console script loads the Django-free commands lazily from a fixed table (fast start).
LAZY_LOADERS = {SRC / "cli.py"}


def _modules(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.py") if "migrations" not in p.parts]


def _imports_kyoso(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.ImportFrom) and (child.module or "").startswith("kyoso"):
            return True
        if isinstance(child, ast.Import) and any(a.name.startswith("kyoso") for a in child.names):
            return True
    return False


def _guards(tree: ast.AST) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try) or not _imports_kyoso(ast.Module(body=node.body, type_ignores=[])):
            continue
        for handler in node.handlers:
            names = ast.unparse(handler.type) if handler.type else ""
            if "ImportError" in names or "ModuleNotFoundError" in names:
                found.append(node.lineno)
    return found


def _probes(tree: ast.AST) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name.endswith(("import_module", "find_spec", "__import__")):
                found.append(node.lineno)
    return found


def offenders(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = [f"{path}:{n}: except ImportError around a kyoso import" for n in _guards(tree)]
    if path not in LAZY_LOADERS:
        problems += [f"{path}:{n}: module probe" for n in _probes(tree)]
    return problems


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "try:\n    from kyoso.api import webhooks\nexcept ImportError:\n    webhooks = None\n"
        "import importlib\nimportlib.import_module('kyoso.risk.services')\n"
    )
    assert len(offenders(bad)) == 2
    fine = tmp_path / "fine.py"
    fine.write_text("try:\n    import yaml\nexcept ImportError:\n    yaml = None\n")
    assert offenders(fine) == []


def test_no_import_guard_or_probe_between_the_projects_own_modules() -> None:
    modules = _modules(SRC)
    assert len(modules) > 100
    assert [p for path in modules for p in offenders(path)] == []


def test_no_test_skips_on_an_import_of_the_projects_own_code() -> None:
    hits = []
    for path in _modules(TESTS):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("importorskip"):
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and str(arg.value).startswith("kyoso"):
                    hits.append(f"{path}:{node.lineno}")
    assert hits == []


def test_only_the_api_app_imports_the_api_app() -> None:
    upward = []
    api = SRC / "api"
    for path in _modules(SRC):
        if api in path.parents or path == SRC / "urls.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kyoso.api"):
                upward.append(f"{path}:{node.lineno} imports {node.module}")
            if isinstance(node, ast.Import):
                upward += [f"{path}:{node.lineno}" for a in node.names if a.name.startswith("kyoso.api")]
    assert upward == []
