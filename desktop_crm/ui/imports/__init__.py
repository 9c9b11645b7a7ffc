"""Excel in and out: the import wizard, import history with undo, and the field-sheet export dialog."""

from .export_dialog import ExportDialog
from .history import ImportHistoryDialog
from .wizard import ImportWizard

IMPORTABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")

__all__ = ["ExportDialog", "IMPORTABLE_SUFFIXES", "ImportHistoryDialog", "ImportWizard"]
