"""Writing a file whole or not at all: a temporary file beside the target, renamed over it at the end."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from xlsxwriter.exceptions import XlsxWriterException

from desktop_crm.errors import CrmError


@contextlib.contextmanager
def written_whole(path: Path, what: str, *, tag: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` when the block ends well and is
    removed when it fails. ``what`` starts the messages ("The report" cannot be written to …).

    The temporary file is made by open(), so the finished file gets the permissions any new file
    gets; beside the target, the rename cannot cross file systems. OSError and xlsxwriter's errors
    become a CrmError naming the file; anything else (a cancel) passes through.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CrmError(f"{what} cannot be written to {path}: the folder {folder} does not exist.")
    if path.is_dir():
        raise CrmError(f"{what} cannot be written to {path}: that is a folder.")
    temp = folder / f".{path.name}.{(tag or uuid.uuid4().hex)[:12]}.part"
    try:
        open(temp, "xb").close()
    except OSError as exc:
        raise CrmError(f"{what} cannot be written to {path}: {reason(exc)}.") from exc
    try:
        yield temp
        replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, (OSError, XlsxWriterException)):
            raise CrmError(f"{what} cannot be written to {path}: {reason(exc)}.") from exc
        raise


def replace(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except PermissionError as exc:
        raise CrmError(f"{path} could not be replaced: it may be open in Excel or another program. "
                       "Close it and export again.") from exc


def reason(exc: BaseException) -> str:
    """Why a file could not be written, in a few words."""
    inner = exc.__cause__ or exc.__context__ if isinstance(exc, XlsxWriterException) else None
    exc = inner if isinstance(inner, OSError) else exc
    if isinstance(exc, PermissionError):
        return "permission denied (the file may be open in another program, or the folder read-only)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or exc.__class__.__name__
