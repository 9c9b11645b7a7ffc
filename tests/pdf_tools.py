"""Reading PDFs back in tests with poppler's pdfinfo and pdftotext (scripts/bootstrap.sh installs them)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                   reason="poppler-utils (pdftotext, pdfinfo) is not installed")


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_pages(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def page_text(path: Path, page: int | None = None) -> str:
    """The text of one page (or of the whole file) as pdftotext reads it."""
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    return subprocess.run(["pdftotext", *pages, "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
