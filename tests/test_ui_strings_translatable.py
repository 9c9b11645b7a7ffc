"""Every user-visible string in the GUI goes through Qt's translation (``self.tr`` / ``translate``).

The test reads the GUI's source (ui/ and printing/) and looks at the calls that put text on
screen: a string literal with a letter in it, given straight to one of them, is a string a
translator would never see.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "desktop_crm"
GUI_FILES = sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("printing/**/*.py")])

# Calls whose text argument reaches the screen.
SHOWN_BY_METHOD = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setPlaceholderText", "setTitle", "showMessage",
    "addAction", "addMenu", "addTab", "addItem", "setLabelText", "setHeaderLabels", "setWhatsThis", "insertTab",
    "setTabText", "setSuffix", "setPrefix", "setSpecialValueText",
}
SHOWN_BY_CLASS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu", "QToolButton",
    "QProgressDialog", "QListWidgetItem",
}
MESSAGE_BOX = {"information", "warning", "critical", "question", "about"}


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):  # an f-string's literal parts
        return any(_has_words(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in MESSAGE_BOX and isinstance(node.func, ast.Attribute) and _name(node.func.value) == "QMessageBox":
            texts = node.args[1:3]
        elif name in SHOWN_BY_METHOD or name in SHOWN_BY_CLASS:
            texts = node.args[:1]
        else:
            continue
        for arg in texts:
            if _has_words(arg):
                where = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path.name
                found.append(f"{where}:{node.lineno}: {ast.unparse(arg)[:60]}")
    return found


def test_gui_sources_are_found():
    assert any(p.name == "main_window.py" for p in GUI_FILES)


@pytest.mark.parametrize("path", GUI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shown_strings_go_through_tr(path):
    assert untranslated(path) == []


def test_the_check_catches_a_bare_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('label.setText("Customers")\nlabel.setText(self.tr("Customers"))\nx.setText("×")\n'
                      'QMessageBox.warning(self, "Title", f"Saved {n}")\n', encoding="utf-8")
    found = untranslated(sample)
    assert len(found) == 3 and ':1:' in found[0] and ':4:' in found[1]


def test_qt_linguist_extracts_the_strings_with_their_contexts(tmp_path):
    """pyside6-lupdate, the tool translators' .ts files come from, finds the window's strings."""
    import shutil
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    tool = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    if not Path(tool).exists():
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    target = tmp_path / "desktop_crm.ts"
    sources = [str(p) for p in sorted(ROOT.glob("ui/**/*.py"))]
    done = subprocess.run([tool, *sources, "-ts", str(target)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    contexts = {c.findtext("name"): c for c in ET.parse(target).getroot().iter("context")}
    assert {"MainWindow", "CustomersPage", "FilterBar", "BulkActions", "WelcomePage"} <= contexts.keys()
    page = {m.findtext("source"): m for m in contexts["CustomersPage"].iter("message")}
    assert "Type more to search" in page
    assert page["%n customer(s)"].get("numerus") == "yes"  # plural forms for languages that have them
    assert sum(1 for _ in ET.parse(target).getroot().iter("message")) > 400
