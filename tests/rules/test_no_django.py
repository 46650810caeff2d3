"""The engine must stay pure Python (STYLE.md rule 1): no module under intake/rules may import Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

RULES_PACKAGE = Path(__file__).resolve().parents[2] / "intake" / "rules"
MODULES = sorted(RULES_PACKAGE.rglob("*.py"))


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.append(first.value)
    return names


def test_the_rules_package_has_modules_to_check() -> None:
    assert {path.name for path in MODULES} >= {"__init__.py", "engine.py", "data.py", "sources.py", "questions.py"}


@pytest.mark.parametrize("path", MODULES, ids=[path.name for path in MODULES])
def test_module_does_not_import_django(path: Path) -> None:
    django = [name for name in _imported_modules(path) if name == "django" or name.startswith("django.")]
    assert django == [], f"{path.name} imports {django}: the rules engine must not depend on Django"


def test_importing_the_engine_loads_no_django_at_all() -> None:
    """Also catches Django arriving indirectly, through another package the engine might import."""
    code = (
        "import sys, intake.rules as rules; rules.assess({'heel_pain': True}); "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not loaded, loaded"
    )
    root = RULES_PACKAGE.parents[1]
    completed = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
