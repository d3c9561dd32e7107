"""Views and API routes read through selectors and scoping, never through a model's manager.

What counts as a manager call in a view or route module (found by reading the source, so a new
module is checked without being listed here):

* any use of an attribute named ``objects``, ``_default_manager``, ``_base_manager`` or
  ``default_manager`` (``Project.objects.filter(...)``, ``model._default_manager``,
  ``Model._meta.default_manager``) — the chain that starts a query from a model;
* a model class handed to ``get_object_or_404`` / ``get_list_or_404``, which query its default
  manager.

Allowed: the scoped entry points (``scoped(request, Model)``, ``caller.scoped(Model)``,
``caller.get(Model, ...)``), selectors and services, and querysets those return.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.db import models

from kyoso.api.core import APP_ROUTERS, CORE_ROUTERS

SRC = Path(__file__).resolve().parent.parent / "src"
MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager", "default_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts)


def view_and_route_modules() -> list[str]:
    package = SRC / "kyoso"
    views = [*package.glob("*/views.py"), *package.glob("*/views/*.py")]
    names = {_module_name(p) for p in views if p.name != "__init__.py"}
    names.update(module.__name__ for module in APP_ROUTERS)
    names.update(module.__name__ for module, _prefix, _scope in CORE_ROUTERS)
    return sorted(names)


def manager_calls(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    path = Path(module.__file__ or "")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES:
            found.append((node.lineno, f"{module_name}:{node.lineno}: .{node.attr}"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            target = getattr(module, node.args[0].id, None)
            if isinstance(target, type) and issubclass(target, models.Model):
                found.append(
                    (node.lineno, f"{module_name}:{node.lineno}: {node.func.id}({node.args[0].id}, ...)")
                )
    return [text for _line, text in sorted(found)]


def test_the_walk_finds_the_view_and_route_modules():
    modules = view_and_route_modules()
    assert "kyoso.projects.views.project" in modules
    assert "kyoso.api.projects" in modules
    assert "kyoso.api.routes.tokens" in modules


@pytest.mark.parametrize("module_name", view_and_route_modules())
def test_views_and_routes_make_no_manager_calls(module_name):
    assert manager_calls(module_name) == []


def test_the_check_sees_a_manager_call(tmp_path, monkeypatch):
    source = (
        "from django.shortcuts import get_object_or_404\n"
        "from kyoso.projects.models import Project\n"
        "def view(request, pk):\n"
        "    Project.objects.filter(pk=pk)\n"
        "    return get_object_or_404(Project, pk=pk)\n"
    )
    (tmp_path / "kyoso_arch_probe.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert manager_calls("kyoso_arch_probe") == [
        "kyoso_arch_probe:4: .objects",
        "kyoso_arch_probe:5: get_object_or_404(Project, ...)",
    ]


def form_reads(module_name: str) -> list[str]:
    """Manager uses in a forms module other than the empty placeholder `Model.objects.none()`."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    placeholders = {
        id(node.func.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "none"
    }
    return sorted(
        f"{module_name}:{node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in MANAGER_ATTRIBUTES
        and id(node) not in placeholders
    )


@pytest.mark.parametrize("module_name", sorted(_module_name(p) for p in (SRC / "kyoso").glob("*/forms.py")))
def test_forms_take_their_choices_from_selectors(module_name):
    assert form_reads(module_name) == []


def test_the_form_check_sees_a_hand_filtered_choice(tmp_path, monkeypatch):
    source = (
        "from kyoso.projects.models import Project\n"
        "EMPTY = Project.objects.none()\n"
        "def choices(workspace):\n"
        "    return Project.objects.filter(workspace=workspace)\n"
    )
    (tmp_path / "kyoso_form_probe.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert form_reads("kyoso_form_probe") == ["kyoso_form_probe:4: .objects"]
