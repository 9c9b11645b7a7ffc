"""Helpers any printed document shares: paper sizes, PDF files written safely, HTML-escaped text,
and QTextDocuments laid out independently of the screen and drawn page by page.

Layout happens at ``LAYOUT_DPI`` (CSS pixels) on a reference image, so a document breaks into
pages the same way on every computer; drawing scales it to the device's own resolution.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from desktop_crm.errors import CrmError

LAYOUT_DPI = 96
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5, "A6": QPageSize.PageSizeId.A6,
}


class Cancelled(CrmError):
    """The user stopped a print job; nothing was written."""


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def esc(text: object) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br/>")


def page_size(name: str) -> QPageSize:
    try:
        return QPageSize(PAGE_SIZES[name])
    except KeyError:
        raise CrmError(f"{name!r} is not a paper size (choose {', '.join(PAGE_SIZES)}).") from None


def page_layout(name: str, margin_mm: float) -> QPageLayout:
    return QPageLayout(page_size(name), QPageLayout.Orientation.Portrait,
                       QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; renamed into place when the block succeeds and
    removed when it fails. A folder that cannot be written is a CrmError in words."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if target.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise CrmError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    os.close(fd)
    try:
        yield Path(temp)
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise CrmError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        Path(temp).unlink(missing_ok=True)


def pdf_writer(path: str | os.PathLike, layout: QPageLayout, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(layout)
    writer.setCreator("desktop_crm")
    writer.setTitle(title)
    return writer


def begin(painter: QPainter, device: QPagedPaintDevice, where: str) -> None:
    if not painter.begin(device):
        raise CrmError(f"Cannot print to {where}: the file or printer could not be opened.")


_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)
_MAP_LINE = re.compile(rb"^(<[0-9A-Fa-f]+>(?: <[0-9A-Fa-f]+>)? )(.+)$", re.M)
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


def fix_text_map(path: str | os.PathLike, aliases: dict[int, int]) -> int:
    """Point the PDF's ToUnicode maps at the characters that were printed (``aliases``: code point
    written by Qt -> the right one). Same-length edits in place; returns how many were made."""
    if not aliases:
        return 0
    data = bytearray(Path(path).read_bytes())
    changed = 0

    def target(match: re.Match) -> bytes:
        nonlocal changed
        better = aliases.get(int(match.group(1), 16))
        if better is None or better > 0xFFFF:
            return match.group(0)
        changed += 1
        return b"<%04X>" % better

    def line(match: re.Match) -> bytes:
        return match.group(1) + _HEX.sub(target, match.group(2))

    for cmap in reversed(list(_CMAP.finditer(data))):
        fixed = _MAP_LINE.sub(line, cmap.group(0))
        if len(fixed) == len(cmap.group(0)):
            data[cmap.start():cmap.end()] = fixed
    if changed:
        Path(path).write_bytes(bytes(data))
    return changed


def printer_pdf_file(printer: QPagedPaintDevice) -> str | None:
    """The file a QPrinter prints to when it makes a PDF ("Print to file"), else None."""
    output_format = getattr(printer, "outputFormat", None)
    if output_format is None or output_format().name != "PdfFormat":
        return None
    return printer.outputFileName() or None


class PageCanvas:
    """Draws QTextDocuments on a paged device, one document per page (or more pages when it must)."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice):
        self.painter = painter
        self.device = device
        self.reference = QImage(8, 8, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        self.reference.setDotsPerMeterX(dots_per_metre)
        self.reference.setDotsPerMeterY(dots_per_metre)
        paint = device.pageLayout().paintRect(QPageLayout.Unit.Inch)
        self.size = QSizeF(paint.width() * LAYOUT_DPI, paint.height() * LAYOUT_DPI)
        self.pages = 0

    def new_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.reference)
        doc.setDocumentMargin(0)
        doc.setPageSize(self.size)
        return doc

    def draw(self, doc: QTextDocument) -> int:
        """Draw the document from the top of a new page; returns the pages it took."""
        p = self.painter
        scale_x = self.device.logicalDpiX() / LAYOUT_DPI
        scale_y = self.device.logicalDpiY() / LAYOUT_DPI
        count = max(1, doc.pageCount())
        for page in range(count):
            if self.pages:
                if not self.device.newPage():
                    raise CrmError("The printer or file stopped accepting pages (is the disk full?).")
            p.save()
            p.scale(scale_x, scale_y)
            p.translate(0, -page * self.size.height())
            doc.drawContents(p, QRectF(0, page * self.size.height(), self.size.width(), self.size.height()))
            p.restore()
            self.pages += 1
        return count


__all__ = ["Cancelled", "LAYOUT_DPI", "PAGE_SIZES", "PageCanvas", "atomic_path", "begin", "esc", "fix_text_map",
           "page_layout", "page_size", "pdf_writer", "printer_pdf_file"]
