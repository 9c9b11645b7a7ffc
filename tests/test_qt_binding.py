"""The installed Qt binding does not lose references to None.

PySide6 6.12.0 drops one reference to None each time it turns an empty QVariant into None
(``QModelIndex.data()`` for a role with nothing to show, which the table's painting asks for
all the time); once None's count reaches zero the interpreter aborts. pyproject.toml excludes
that release; this test says so if a release with the same fault is installed.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pytestqt")

from PySide6 import __version__ as pyside_version  # noqa: E402
from PySide6.QtGui import QStandardItemModel  # noqa: E402

from desktop_crm.ui.customers.table_model import CustomerTableModel  # noqa: E402


def _lost(call, times: int = 2000) -> int:
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    return before - sys.getrefcount(None)


def test_empty_values_keep_nones_reference_count(qapp):
    model = QStandardItemModel(2, 2)
    index = model.index(0, 0)
    lost = _lost(index.data)
    assert lost < 50, f"PySide6 {pyside_version} lost {lost} references to None in 2000 calls of index.data()"


def test_the_customer_table_asks_its_model_directly(qapp, tmp_path):
    """The table's own painting path (model.data from Python) loses nothing on any release."""
    from desktop_crm.services import Crm
    from desktop_crm.ui.context import AppContext
    from PySide6.QtCore import QSettings

    crm = Crm.open(tmp_path / "crm.sqlite3")
    try:
        ctx = AppContext(crm, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        model = CustomerTableModel(ctx)
        model.set_ids([1])
        index = model.index(0, 0)
        assert model.data(index, 9999) is None
        assert _lost(lambda: model.data(index, 9999)) < 50
    finally:
        crm.close()
