"""A customer's tier as a small coloured badge with its code, drawn once per tier and reused.

The table gives the badge as the tier cell's decoration, so Qt's own delegate paints it: no
Python runs per painted cell.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPixmap


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor("#000000") if luminance > 150 else QColor("#ffffff")


class BadgeCache:
    """Badge pixmaps by (code, colour), made on first use for the given font."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], QPixmap] = {}

    def badge(self, code: str, colour: str, font: QFont) -> QPixmap:
        key = (code, colour)
        pixmap = self._made.get(key)
        if pixmap is None:
            pixmap = self._made[key] = _draw(code, QColor(colour), font)
        return pixmap

    def clear(self) -> None:
        self._made.clear()


def _draw(code: str, colour: QColor, font: QFont) -> QPixmap:
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    height = metrics.height() + 2
    width = max(metrics.horizontalAdvance(code) + 12, height)
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
    pixmap = QPixmap(int(width * ratio), int(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        rect = QRectF(0, 0, width, height)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(readable_on(colour))
        painter.setFont(bold)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, code)
    finally:
        painter.end()
    return pixmap
