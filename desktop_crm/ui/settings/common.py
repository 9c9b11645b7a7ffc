"""Small pieces the settings sections share: a message line, country names, problem sentences."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop_crm.errors import ValidationError

from ..tasks import message_for

ERROR_STYLE = "color: #B3261E;"
GOOD_STYLE = "color: #1E6B33;"


def add_fields_with_errors(form: QFormLayout, fields, parent: QWidget) -> dict[str, QLabel]:
    """Add ``(key, label, widget)`` rows to ``form``, each followed by a hidden red line for its
    problem (object name ``<key>Error``); returns those lines by key."""
    errors: dict[str, QLabel] = {}
    for key, label, widget in fields:
        form.addRow(label, widget)
        error = QLabel(parent)
        error.setObjectName(f"{key}Error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        form.addRow("", error)
        errors[key] = error
    return errors


class MessageLabel(QLabel):
    """A word-wrapped line under a section that says what happened: working, done, or what went wrong."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.kind = ""  # "", "info", "good" or "error": what the line shows now (tests read it)

    def info(self, text: str) -> None:
        self._show(text, "info", "")

    def good(self, text: str) -> None:
        self._show(text, "good", GOOD_STYLE)

    def error(self, text: str) -> None:
        self._show(text, "error", ERROR_STYLE)

    def failure(self, exc: BaseException) -> None:
        """A failed task: the problems of a ValidationError one per line, else message_for's sentence."""
        self.error(failure_text(exc))

    def clear(self) -> None:  # noqa: D102 - QLabel.clear, and forget the kind
        super().clear()
        self.kind = ""

    def _show(self, text: str, kind: str, style: str) -> None:
        self.kind = kind
        self.setStyleSheet(style)
        self.setText(text)


def sentence(text: str) -> str:
    """'the name of tier A cannot be empty' -> 'The name of tier A cannot be empty.'"""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def failure_text(exc: BaseException) -> str:
    if isinstance(exc, ValidationError) and exc.problems:
        return "\n".join(sentence(problem) for problem in exc.problems.values())
    return message_for(exc)


def country_name(code: str) -> str:
    """'CN' -> 'China' (Qt's English territory names; the code itself when Qt does not know it)."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return code
    return QLocale.territoryToString(territory)


def country_label(code: str) -> str:
    return QCoreApplication.translate("settings", "{country} ({code})").format(country=country_name(code), code=code)


def by_country_name(codes: list[str]) -> list[str]:
    """Codes sorted the way a person looks for them: by the country's name."""
    return sorted(codes, key=lambda code: country_name(code).casefold())
