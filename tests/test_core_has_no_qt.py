"""The core (models, db, services, io) runs without Qt: no import of PySide6 or shiboken6.

Only desktop_crm/ui and desktop_crm/printing may import Qt; the CLI reaches the GUI through
``desktop_crm.ui`` (imported lazily), never PySide6 directly.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_crm"
CORE = ("models", "db", "services", "io")
QT_ALLOWED = ("ui", "printing")
QT_PACKAGES = ("PySide6", "shiboken6")


def _core_files() -> list[Path]:
    return sorted(p for part in CORE for p in (PACKAGE / part).rglob("*.py"))


def _files_outside_qt_layers() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in QT_ALLOWED)


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        else:
            continue
        found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {name}"
                  for name in names if name.split(".")[0] in QT_PACKAGES]
    return found


def test_core_files_exist():
    assert _core_files(), f"no core modules found under {PACKAGE}"


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_qt(path):
    assert _qt_imports(path) == []


@pytest.mark.parametrize("path", [p for p in _files_outside_qt_layers() if p not in _core_files()],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_ui_and_printing_import_qt(path):
    assert _qt_imports(path) == []


def test_importing_the_services_loads_no_qt():
    code = (
        "import sys, desktop_crm.services, desktop_crm.db, desktop_crm.models\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"importing the core loaded Qt modules: {result.stdout.strip()}"


def _printing_files() -> list[Path]:
    return sorted((PACKAGE / "printing").rglob("*.py"))


@pytest.mark.parametrize("path", _printing_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_printing_uses_no_widgets(path):
    """Printing draws with QtGui only (QPainter, QTextDocument, QPdfWriter): it runs without a window."""
    widgets = [line for line in _qt_imports(path) if line.endswith(("QtWidgets", "QtCharts"))]
    assert widgets == []
