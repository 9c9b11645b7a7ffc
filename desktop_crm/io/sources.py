"""Reading the customer and purchase lists that other people and programs wrote, into plain rows.

The format is told by content, not by the file's extension: a zip holding ``xl/`` is an .xlsx or
.xlsm, a zip whose ``mimetype`` says so is an .ods, an OLE2 compound file is an .xls, and
anything that decodes as text is a CSV (or a tab-separated .txt). Everything a user can meet
(an empty file, a PDF, a truncated download, a password, a missing sheet) becomes a
``FileProblem`` whose message names the file; nothing here writes anything.

Safety, all decided before python-calamine loads anything:

* Zip bombs: the zip's central directory is read with ``zipfile``; a workbook that would unpack
  to more than ``MAX_UNPACKED_BYTES``, or holds one large entry compressed more than
  ``MAX_ENTRY_RATIO`` to one, is refused.
* Cell bombs: calamine holds a sheet as a dense grid of 32-byte cells spanning every cell that
  has a value, *including empty text*. Formatted but empty cells cost nothing (a sheet with a
  million rows of ``<c r="AN5" s="1"/>`` loads in 0.4 s with 12 MB peak RSS), but a formula
  filled down to row 1,000,000 whose result is "" made a 1.3 GB grid, and a 1 KB file with one
  value in A1 and one in XFD1048576 made calamine ask for 550 GB and abort the process. So the
  sheet's XML is scanned first (regular expressions over the inflated stream: 0.3 s for 15 MB
  holding 320,000 values, 0.25 s for 42 MB of formatted empty cells) for the extent of cells with
  content; an .xlsx sheet whose extent exceeds ``MAX_GRID_CELLS`` is streamed with openpyxl's
  read-only reader instead (constant memory: +104 MB peak and about 16 s for a million rows,
  plus as much again when the sheet does not state its used range, which Excel always does). calamine reads every table of an .ods when it opens it, so an .ods
  with such a table is refused. An .xls is bounded by its format (65,536 × 256 cells, at most
  about 540 MB in calamine) and is not scanned.

CSV encodings are recognised by ``detect_encoding`` (documented there); delimiters by
``detect_delimiter``. The header row is found by ``find_header_row``; two-row headers (a group
cell such as "Contacts" over "Phone" and "Email") and merged header cells are resolved by
``read_table``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as SafeET

from desktop_crm.errors import FileProblem
from desktop_crm.services.id_order import Stopped

__all__ = [
    "FileInfo", "Grid", "SheetInfo", "Stopped", "Table", "column_names",
    "detect_delimiter", "detect_encoding", "find_header_row", "inspect_file", "read_grid", "read_table",
]

MAX_UNPACKED_BYTES = 1 << 30           # a workbook's entries may unpack to 1 GiB in all
MAX_ENTRY_RATIO = 200                  # ... and no entry over RATIO_CHECK_BYTES may be packed tighter
RATIO_CHECK_BYTES = 100 * (1 << 20)
MAX_GRID_CELLS = 10_000_000            # 320 MB of calamine grid; larger sheets are streamed or refused
HEADER_SCAN_ROWS = 30                  # the header is looked for among the first rows
HEADER_CONTEXT_ROWS = 10               # rows below a candidate header that show what the data is like
STEP_ROWS = 2000                       # should_stop and progress are asked this often
TEXT_SAMPLE_BYTES = 1 << 20            # what encoding and delimiter detection look at
CSV_COUNT_BYTES = 32 << 20             # larger CSV files get an estimated row count in inspect_file
MAX_HEADER_TEXT = 80                   # longer text is data (a note), not a column name

ProgressFn = Callable[[int, int, str], None]
StopFn = Callable[[], bool]


@dataclass(frozen=True)
class SheetInfo:
    """One sheet as listed for the user.

    ``rows`` counts rows with at least one value and ``columns`` the width up to the last column
    with a value. Both are exact except for an .xlsx sheet too big for calamine (see the module
    docstring), where they are the extent of cells with content, and for a CSV file over
    ``CSV_COUNT_BYTES``, where ``rows`` is extrapolated from its first megabyte.
    """

    name: str
    visible: bool
    rows: int
    columns: int


@dataclass(frozen=True)
class FileInfo:
    path: Path
    format: str                       # 'xlsx' | 'xlsm' | 'xls' | 'ods' | 'csv'
    sheets: tuple[SheetInfo, ...]     # a CSV has one sheet named after the file's stem
    encoding: str | None              # CSV only
    delimiter: str | None             # CSV only


@dataclass
class Grid:
    """The top of a sheet as it looks: blank rows kept, every row padded to the same width."""

    sheet: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]]   # (first_row, first_col, last_row, last_col), 0-based inclusive


@dataclass
class Table:
    sheet: str
    header_row: int                   # 0-based; the top row of a two-row header
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]            # 1-based sheet row numbers, as Excel shows them
    format: str
    date1904: bool = False            # dates come back as datetime objects; this matters only for raw serials


# --------------------------------------------------------------------------- what the file is


@dataclass
class _Source:
    path: Path
    name: str
    format: str
    size: int
    encoding: str | None = None
    delimiter: str | None = None
    sample: bytes = b""
    date1904: bool = False
    sheet_parts: dict[str, str] = field(default_factory=dict)   # xlsx: sheet name -> zip member


_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_CHOOSE_ANOTHER = "Choose the .xlsx, .xls, .ods or .csv file that holds the list."
_ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def _size_text(size: int) -> str:
    return f"{size / (1 << 30):.1f} GB" if size >= 1 << 30 else f"{max(1, round(size / (1 << 20)))} MB"


def _open_source(path: str | Path) -> _Source:
    """Look at the file's first bytes and say what it is, or raise FileProblem."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise FileProblem(f"{name} is a folder, not a file. {_CHOOSE_ANOTHER}")
        with path.open("rb") as handle:
            sample = handle.read(TEXT_SAMPLE_BYTES)
    except FileNotFoundError:
        raise FileProblem(f"{name} does not exist (it may have been moved, renamed or deleted).") from None
    except PermissionError:
        raise FileProblem(f"{name} cannot be opened: you are not allowed to read it.") from None
    except OSError as exc:
        raise FileProblem(f"{name} cannot be opened: {exc.strerror or exc}.") from None
    if size == 0 or not sample:
        raise FileProblem(f"{name} is empty (0 bytes): there is nothing to import.")
    if sample.startswith(_ZIP_MAGIC):
        return _zip_source(path, size)
    if sample.startswith(_OLE2_MAGIC):
        return _Source(path, name, "xls", size)
    return _text_source(path, size, sample)


def _zip_source(path: Path, size: int) -> _Source:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _refuse_bomb(name, infos)
            members = {info.filename: info for info in infos}
            if "[Content_Types].xml" in members and any(n.startswith("xl/") for n in members):
                if "xl/workbook.bin" in members:
                    raise FileProblem(f"{name} is an Excel binary workbook (.xlsb), which cannot be imported. "
                                   "Open it in Excel and save it as an Excel Workbook (.xlsx), then import that.")
                types = _read_small(archive, members["[Content_Types].xml"])
                fmt = "xlsm" if b"macroenabled" in types.lower() else "xlsx"
                source = _Source(path, name, fmt, size)
                _read_xlsx_layout(archive, source)
                return source
            mimetype = members.get("mimetype")
            if mimetype is not None:
                kind = _read_small(archive, mimetype).decode("ascii", "replace").strip()
                if kind == _ODS_MIMETYPE:
                    return _Source(path, name, "ods", size)
                raise FileProblem(f"{name} is an OpenDocument file of another kind ({kind}), not a spreadsheet. "
                               f"{_CHOOSE_ANOTHER}")
            what = ("a Word document" if "word/document.xml" in members
                    else "a PowerPoint presentation" if any(n.startswith("ppt/") for n in members) else None)
    except zipfile.BadZipFile:
        raise FileProblem(f"{name} is damaged: the workbook ends before its table of contents (the file was "
                       "probably cut off while copying or downloading). Open it in Excel and save it again, "
                       "or ask for a new copy.") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise FileProblem(f"{name} is damaged and cannot be unpacked ({exc}). Open it in Excel and save it "
                       "again, or ask for a new copy.") from None
    inside = f" (it holds {what})" if what else ""
    raise FileProblem(f"{name} is a zip archive, not a spreadsheet{inside}. If the list is inside it, unpack it "
                   "and import the .xlsx or .csv file itself.")


def _refuse_bomb(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives that would unpack to far more than a customer list needs."""
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    tight = any(info.file_size > RATIO_CHECK_BYTES and info.file_size > MAX_ENTRY_RATIO * max(1, info.compress_size)
                for info in infos)
    if total > MAX_UNPACKED_BYTES or tight:
        raise FileProblem(f"{name} would unpack to {_size_text(total)} from {_size_text(packed)} on disk, far more "
                       "than a customer list needs, so it is refused as unsafe (it may be a “zip bomb”). If it is "
                       "a genuine workbook, save its sheets as CSV files and import those.")


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = 16 << 20) -> bytes:
    with archive.open(info) as handle:
        return handle.read(limit)


def _read_xlsx_layout(archive: zipfile.ZipFile, source: _Source) -> None:
    """Which zip member holds which sheet, and the 1904 date system flag (best effort)."""
    try:
        def relationships(member: str) -> Iterator[Any]:
            root = SafeET.fromstring(_read_small(archive, archive.getinfo(member)))
            return root.iter("{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")

        book = "xl/workbook.xml"
        if "_rels/.rels" in archive.NameToInfo:
            for rel in relationships("_rels/.rels"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    book = rel.get("Target", book).lstrip("/")
        folder = posixpath.dirname(book)
        targets: dict[str, str] = {}
        for rel in relationships(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")):
            target = rel.get("Target", "")
            targets[rel.get("Id", "")] = (target.lstrip("/") if target.startswith("/")
                                          else posixpath.normpath(posixpath.join(folder, target)))
        root = SafeET.fromstring(_read_small(archive, archive.getinfo(book)))
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1]
            if local == "workbookPr":
                source.date1904 = element.get("date1904", "").lower() in ("1", "true")
            elif local == "sheet":
                rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
                if rel_id in targets and targets[rel_id] in archive.NameToInfo:
                    source.sheet_parts[element.get("name", "")] = targets[rel_id]
    except (KeyError, SafeET.ParseError, ValueError, OSError, zipfile.BadZipFile):
        source.sheet_parts.clear()    # calamine reads the workbook and reports what is wrong with it


# --------------------------------------------------------------------------- text files


def _text_source(path: Path, size: int, sample: bytes) -> _Source:
    name = path.name
    complete = len(sample) == size
    for magic, what in _BINARY_SIGNATURES:
        if sample.startswith(magic):
            raise FileProblem(f"{name} is not a spreadsheet or a text file (it looks like {what}). {_CHOOSE_ANOTHER}")
    encoding = detect_encoding(sample, complete=complete)
    if encoding is None:
        raise FileProblem(f"{name} is not a spreadsheet or a text file (it looks like binary data). {_CHOOSE_ANOTHER}")
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=complete)
    _refuse_markup(name, text)
    if not complete:
        text = text[: max(text.rfind("\n"), 0)]
    return _Source(path, name, "csv", size, encoding, detect_delimiter(text), sample)


def _refuse_markup(name: str, text: str) -> None:
    """Web pages and XML that programs save under spreadsheet names."""
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if not head.startswith("<"):
        return
    if "urn:schemas-microsoft-com:office:spreadsheet" in head or 'progid="excel.sheet"' in head:
        raise FileProblem(f"{name} is an Excel 2003 XML spreadsheet, which cannot be imported directly. Open it in "
                       "Excel and save it as an Excel Workbook (.xlsx), then import that.")
    if head.startswith(("<!doctype html", "<html", "<table")) or "<html" in head:
        raise FileProblem(f"{name} is a web page (HTML) saved under a spreadsheet name, not a real spreadsheet. Open "
                       "it in Excel and save it as an Excel Workbook (.xlsx), then import that.")
    if head.startswith("<?xml"):
        raise FileProblem(f"{name} is an XML file, not a spreadsheet or a CSV file. {_CHOOSE_ANOTHER}")


# cp1251 bytes in 0x80-0xBF that Russian, Ukrainian and Belarusian text uses: Ё ё № « » – — … “ ” „
# non-breaking space, and Ї ї Є є І і Ґ ґ Ў ў. Chinese GBK text is full of the others.
_CYRILLIC_HIGH = bytes([0xA8, 0xB8, 0xB9, 0xAB, 0xBB, 0x96, 0x97, 0x85, 0x93, 0x94, 0x84, 0xA0,
                        0xAF, 0xBF, 0xAA, 0xBA, 0xB2, 0xB3, 0xA5, 0xB4, 0xA1, 0xA2])
_KEEP_ODD_HIGH = bytes(b for b in range(256) if b < 0x80 or b >= 0xC0 or b in _CYRILLIC_HIGH)  # delete to count
_ASCII = bytes(range(0x80))
_CONTROL = bytes(b for b in range(0x20) if b not in b"\t\n\r\f\x1a")
_CP1251_WORD = re.compile(rb"[\xc0-\xff\xa8\xb8]+")
_CP1251_VOWELS = frozenset("аеёиоуыэюяАЕЁИОУЫЭЮЯ".encode("cp1251"))
_LATIN_NEIGHBOUR = re.compile(rb"[A-Za-z][\x80-\xff]|[\x80-\xff][A-Za-z]")


def _decodes(sample: bytes, encoding: str, complete: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(sample, final=complete)
    except UnicodeDecodeError:
        return None


def _unlike_cyrillic(sample: bytes) -> int:
    """Bytes of cp1251 'words' shaped like no Russian word: case changing inside (not Capitalised
    or all one case), or three or more letters with lower case and no vowel ("ХЕГф", "Нхш")."""
    count = 0
    for match in _CP1251_WORD.finditer(sample):
        word = match.group()
        if len(word) < 2:
            continue
        lower = [b >= 0xE0 or b == 0xB8 for b in word]
        shaped = all(lower) or not any(lower) or (not lower[0] and all(lower[1:]))
        if not shaped or (len(word) >= 3 and any(lower) and not _CP1251_VOWELS.intersection(word)):
            count += len(word)
    return count


def detect_encoding(sample: bytes, *, complete: bool = True) -> str | None:
    """The encoding of a text file's first bytes, or None when they are not text.

    In order: a BOM (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM when one byte of each pair is
    mostly NUL; other NULs or many control bytes mean binary data; strict UTF-8 (plain ASCII
    included). Then the legacy encodings the teams meet: Korean cp949 when it decodes strictly to
    at least 20 Hangul syllables making 90% of the non-ASCII text; Chinese gb18030 when it decodes
    strictly and, read as cp1251, its high bytes look nothing like Cyrillic text: GBK is full of
    bytes in 0x80-0xBF that are none of the few cp1251 letters and punctuation marks Russian and
    Ukrainian use, and its letter pairs make "words" of no Russian shape (``_unlike_cyrillic``);
    a tenth of the high bytes in the first 64 KB of either kind decides;
    else a single-byte encoding: Western cp1252 when the high bytes sit inside Latin words
    ("Müller"), otherwise Russian cp1251. ``complete`` says whether the sample is the whole file
    (if not, a character cut at its end is not an error).
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\0" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        pairs = max(1, len(sample) // 2)
        for nuls, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if nuls >= pairs // 10 and other <= nuls // 20:
                text = _decodes(sample[: len(sample) // 2 * 2], encoding, complete)
                controls = sum(1 for ch in text or "" if ch < " " and ch not in "\t\n\r\f\x1a")
                return encoding if text is not None and controls <= len(text) // 100 else None
        return None
    if len(sample) - len(sample.translate(None, _CONTROL)) > len(sample) // 100:
        return None
    if _decodes(sample, "utf-8", complete) is not None:
        return "utf-8"
    high = len(sample.translate(None, _ASCII))
    korean = _decodes(sample, "cp949", complete)
    if korean is not None:
        hangul = sum(1 for ch in korean if "\uac00" <= ch <= "\ud7a3")
        if hangul >= 20 and hangul >= 0.9 * sum(1 for ch in korean if ch >= "\x80"):
            return "cp949"
    if _decodes(sample, "gb18030", complete) is not None:
        head = sample[:65536]
        odd = len(head.translate(None, _KEEP_ODD_HIGH)) + _unlike_cyrillic(head)
        if odd >= 0.1 * len(head.translate(None, _ASCII)):
            return "gb18030"
    if len(_LATIN_NEIGHBOUR.findall(sample)) > 0.3 * high:
        return "cp1252"
    return "cp1251" if _decodes(sample, "cp1251", complete) is not None else "cp1252"


_DELIMITERS = (",", ";", "\t", "|")


def detect_delimiter(text: str, max_lines: int = 50) -> str:
    """The delimiter among , ; tab | that appears the same number of times on most lines.

    Delimiters inside quoted fields are not counted (a quote opens a field only at its start, as
    for the csv module). Ties go to the earlier in that list; no delimiter at all gives ','.
    """
    counts: list[dict[str, int]] = [dict.fromkeys(_DELIMITERS, 0)]
    quoted = False
    previous = "\n"
    for ch in text:
        if quoted:
            if ch == '"':
                quoted = False          # a doubled quote reopens at once below
            previous = ch
            continue
        if ch == '"' and (previous in _DELIMITERS or previous in "\r\n" or previous == '"'):
            quoted = True
        elif ch in _DELIMITERS:
            counts[-1][ch] += 1
        elif ch == "\n":
            if len(counts) >= max_lines:
                break
            counts.append(dict.fromkeys(_DELIMITERS, 0))
        previous = ch
    lines = [line for line in counts if any(line.values())] or counts
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        seen = [line[delimiter] for line in lines]
        nonzero = [n for n in seen if n]
        if not nonzero:
            continue
        usual = max(set(nonzero), key=lambda n: (nonzero.count(n), n))
        score = (seen.count(usual) / len(seen), usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --------------------------------------------------------------------------- sheet extents


_XLSX_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet[\s>]")
_XLSX_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ODS_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_CHUNK = 4 << 20
_UNSIZED = (-1, -1)     # a sheet to stream whose extent the scan could not tell


def _xml_chunks(path: Path, member: str) -> Iterator[bytes]:
    """The inflated member in pieces that end after a '>' (tags are never split)."""
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        carry = b""
        while True:
            block = handle.read(_CHUNK)
            if not block:
                if carry:
                    yield carry
                return
            buffer = carry + block
            cut = buffer.rfind(b">") + 1
            yield buffer[:cut]
            carry = buffer[cut:]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _xlsx_extent(source: _Source, member: str) -> tuple[int, int] | None:
    """Rows × columns spanned by the cells with content, or None when some cells have no reference.

    A cell with content is a ``<c>`` start tag that is not self-closing (its attributes never
    hold a '/').
    """
    max_row, columns = 0, set()
    cells: re.Pattern[bytes] | None = None
    try:
        for chunk in _xml_chunks(source.path, member):
            if cells is None:
                root = _XLSX_ROOT.search(chunk)
                prefix = re.escape(root.group(1) + b":") if root and root.group(1) else b""
                cells = re.compile(b"<" + prefix + rb"c(\s[^>/]*+)?>")
            attributes = cells.findall(chunk)
            found = _XLSX_CELL_REF.findall(b"\0".join(attributes))
            if len(found) != len(attributes):
                return None
            if found:
                max_row = max(max_row, max(map(int, {row for _, row in found})))
                columns.update(letters for letters, _ in found)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise FileProblem(f"{source.name} is damaged: a sheet cannot be unpacked ({exc}). Open it in Excel and save "
                       "it again, or ask for a new copy.") from None
    return max_row, max((_column_number(c) for c in columns), default=0)


def _ods_extents(source: _Source) -> dict[str, tuple[int, int]]:
    """Rows × columns spanned by cells with content in each table of an .ods (repeats expanded)."""
    extents: dict[str, tuple[int, int]] = {}
    table, row, col, repeat, row_width, rows, cols = "", 0, 0, 1, 0, 0, 0
    try:
        for chunk in _xml_chunks(source.path, "content.xml"):
            for closing, tag, attrs in _ODS_TAG.findall(chunk):
                empty = attrs.endswith(b"/")
                if tag == b"table":
                    if closing:
                        extents[table] = (rows, cols)
                    else:
                        match = _ODS_NAME.search(attrs)
                        table = html.unescape(match.group(1).decode("utf-8", "replace")) if match else ""
                        row = rows = cols = 0
                elif tag == b"table-row":
                    if closing or empty:
                        if not closing:
                            match = _ODS_ROWS_REPEATED.search(attrs)
                            repeat = int(match.group(1)) if match else 1
                        if row_width:
                            rows, cols = row + repeat, max(cols, row_width)
                        row, row_width = row + repeat, 0
                    else:
                        match = _ODS_ROWS_REPEATED.search(attrs)
                        repeat, col, row_width = int(match.group(1)) if match else 1, 0, 0
                elif not closing:
                    match = _ODS_COLUMNS_REPEATED.search(attrs)
                    span = int(match.group(1)) if match else 1
                    if not empty or b"value-type" in attrs:
                        row_width = col + span
                    col += span
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError) as exc:
        raise FileProblem(f"{source.name} is damaged: its content cannot be unpacked ({exc}). Open it in LibreOffice "
                       "and save it again, or ask for a new copy.") from None
    return extents


# --------------------------------------------------------------------------- rows of a sheet


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and (not value or value.isspace()))


def _clean(raw: list[Any] | tuple[Any, ...], offset: int = 0) -> list[Any]:
    """A row with empty text as None and trailing empty cells dropped ([] for a blank row)."""
    row = [None if type(v) is str and (not v or v.isspace()) else v for v in raw]
    while row and row[-1] is None:
        row.pop()
    return [None] * offset + row if row and offset else row


def _like_calamine(value: Any) -> Any:
    """openpyxl's values as calamine gives them: numbers as floats, midnight datetimes as dates."""
    if type(value) is int:
        return float(value)
    if type(value) is datetime.datetime and value.time() == datetime.time() and value.tzinfo is None:
        return value.date()     # calamine gives dates for date formats; openpyxl only knows datetimes
    return value


@dataclass
class _Feed:
    """The rows of one sheet: (0-based sheet row, cleaned values) for each row with a value."""

    sheet: str
    merged: list[tuple[int, int, int, int]]
    total: int                      # rows in the sheet, exact or estimated (for progress)
    rows: Iterator[tuple[int, list[Any]]]


def _stop_check(should_stop: StopFn | None, name: str) -> None:
    if should_stop is not None and should_stop():
        raise Stopped(f"Reading {name} was stopped; nothing was imported.")


def _calamine(source: _Source, action: Callable[[], Any]) -> Any:
    """Run a calamine call, turning its errors into FileProblem."""
    name = source.name
    try:
        return action()
    except python_calamine.PasswordError:
        raise FileProblem(f"{name} is password-protected. Open it in Excel, remove the password (File › Info › "
                       "Protect Workbook › Encrypt with Password), save it and import it again.") from None
    except python_calamine.WorksheetNotFound as exc:
        raise FileProblem(f"{name} lists a sheet that it does not contain ({exc}). Open it in Excel and save it "
                       "again, or ask for a new copy.") from None
    except (python_calamine.CalamineError, ValueError, OSError, UnicodeError) as exc:
        if source.format == "xls":
            raise FileProblem(f"{name} is an Office file but cannot be read as an Excel 97-2003 workbook ({exc}). If "
                           "it is password-protected, remove the password in Excel; otherwise open it in Excel and "
                           "save it as .xlsx, then import that.") from None
        raise FileProblem(f"{name} is damaged and cannot be read ({exc}). Open it in Excel or LibreOffice and save "
                       "it again, or ask for a new copy.") from None
    except BaseException as exc:          # a panic inside the Rust reader on a malformed file
        if type(exc).__name__ != "PanicException":
            raise
        raise FileProblem(f"{name} is damaged in a way the spreadsheet reader cannot handle. Open it in Excel or "
                       "LibreOffice and save it again, or ask for a new copy.") from None


def _worksheets(workbook: Any) -> list[Any]:
    return [meta for meta in workbook.sheets_metadata if meta.typ == python_calamine.SheetTypeEnum.WorkSheet]


def _pick_sheet(source: _Source, sheets: list[Any], wanted: str | None) -> str:
    if not sheets:
        raise FileProblem(f"{source.name} has no sheets with cells in it.")
    if wanted is None:
        visible = [meta for meta in sheets if meta.visible == python_calamine.SheetVisibleEnum.Visible]
        return (visible or sheets)[0].name
    if any(meta.name == wanted for meta in sheets):
        return wanted
    names = [f"'{meta.name}'" for meta in sheets]
    listing = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    raise FileProblem(f"{source.name} has no sheet named '{wanted}'; its sheets are {listing}.")


def _stream_plan(source: _Source, sheet: str) -> tuple[int, int] | None:
    """None when calamine may load the sheet; else the (rows, columns) estimate of an .xlsx sheet to stream."""
    member = source.sheet_parts.get(sheet) if source.format in ("xlsx", "xlsm") else None
    if member is None:
        return None
    extent = _xlsx_extent(source, member)
    if extent is None:
        return _UNSIZED
    return extent if extent[0] * extent[1] > MAX_GRID_CELLS else None


def _open_workbook(source: _Source) -> Any:
    """calamine's workbook; an .ods is checked first, as calamine reads all its tables when it opens it."""
    if source.format == "ods":
        for sheet, (rows, cols) in _ods_extents(source).items():
            if rows * cols > MAX_GRID_CELLS:
                raise FileProblem(f"Sheet '{sheet}' of {source.name} spans {rows:,} rows × {cols:,} columns of cells, "
                               "too many to read safely (many are probably empty text). Delete the unused rows and "
                               "columns in LibreOffice, or save the sheet as .xlsx or CSV, and import that.")
    return _calamine(source, lambda: python_calamine.CalamineWorkbook.from_path(str(source.path)))


@contextmanager
def _sheet_feed(source: _Source, wanted: str | None, should_stop: StopFn | None,
                limit: int | None = None) -> Iterator[_Feed]:
    """The rows of the wanted sheet (CSV: of the file), up to sheet row ``limit`` (0-based, exclusive)."""
    if source.format == "csv":
        with _csv_feed(source, should_stop, limit) as feed:
            yield feed
        return
    workbook = _open_workbook(source)
    try:
        sheets = _calamine(source, lambda: _worksheets(workbook))
        sheet = _pick_sheet(source, sheets, wanted)
        plan = _stream_plan(source, sheet)
        if plan is not None:
            rows = _openpyxl_rows(source, sheet, should_stop, limit)
            try:
                yield _Feed(sheet, [], plan[0], rows)
            finally:
                rows.close()
            return
        worksheet = _calamine(source, lambda: workbook.get_sheet_by_name(sheet))
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (worksheet.merged_cell_ranges or [])]
        total = worksheet.end[0] + 1 if worksheet.end else 0
        yield _Feed(sheet, merged, total, _calamine_rows(source, worksheet, should_stop, limit))
    finally:
        workbook.close()


def _calamine_rows(source: _Source, worksheet: Any, should_stop: StopFn | None,
                   limit: int | None) -> Iterator[tuple[int, list[Any]]]:
    # iter_rows starts at the sheet's first row but at the used range's first column
    offset = worksheet.start[1] if worksheet.start else 0
    for index, raw in enumerate(_calamine(source, worksheet.iter_rows)):
        if limit is not None and index >= limit:
            return
        if index % STEP_ROWS == 0:
            _stop_check(should_stop, source.name)
        row = _clean(raw, offset)
        if row:
            yield index, row


def _openpyxl_rows(source: _Source, sheet: str, should_stop: StopFn | None,
                   limit: int | None) -> Iterator[tuple[int, list[Any]]]:
    """Stream a sheet too big for calamine's dense grid, in constant memory (merged ranges are not known)."""
    import openpyxl  # only for the rare oversized sheet

    try:
        workbook = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
        try:
            worksheet = workbook[sheet]
            worksheet.reset_dimensions()      # the stated used range may include formatted empty cells
            for index, raw in enumerate(worksheet.iter_rows(values_only=True)):
                if limit is not None and index >= limit:
                    return
                if index % STEP_ROWS == 0:
                    _stop_check(should_stop, source.name)
                row = _clean(raw)
                if row:
                    yield index, [_like_calamine(v) for v in row]
        finally:
            workbook.close()
    except (KeyError, ValueError, TypeError, OSError, EOFError, zipfile.BadZipFile, zlib.error,
            SafeET.ParseError) as exc:
        raise FileProblem(f"{source.name} is damaged and cannot be read ({exc}). Open it in Excel and save it "
                       "again, or ask for a new copy.") from None


@contextmanager
def _csv_feed(source: _Source, should_stop: StopFn | None, limit: int | None = None) -> Iterator[_Feed]:
    assert source.encoding is not None and source.delimiter is not None
    sample_rows = max(1, source.sample.count(b"\n") or 1)
    total = max(1, round(source.size * sample_rows / max(1, len(source.sample))))
    try:
        handle = source.path.open(encoding=source.encoding, newline="")
    except OSError as exc:
        raise FileProblem(f"{source.name} cannot be opened: {exc.strerror or exc}.") from None
    rows = _csv_rows(source, handle, should_stop, limit)
    try:
        yield _Feed(source.path.stem, [], total, rows)
    finally:
        rows.close()
        handle.close()


def _csv_rows(source: _Source, handle: Any, should_stop: StopFn | None,
              limit: int | None) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(handle, delimiter=source.delimiter or ",")
    try:
        for index, raw in enumerate(reader):
            if limit is not None and index >= limit:
                return
            if index % STEP_ROWS == 0:
                _stop_check(should_stop, source.name)
            row = _clean(raw)
            if row:
                yield index, row
    except UnicodeDecodeError:
        raise FileProblem(f"{source.name} is not all {source.encoding} text: something after line "
                          f"{reader.line_num} is in another encoding or damaged. Save the file again as "
                          "“CSV UTF-8” and import that.") from None
    except csv.Error as exc:
        raise FileProblem(f"{source.name} cannot be read as CSV near line {reader.line_num} ({exc}). Check that it "
                       "is a text table, or save it again from Excel as CSV.") from None


# --------------------------------------------------------------------------- public API


def inspect_file(path: str | Path) -> FileInfo:
    """What the file is and which sheets it has, with their sizes (see SheetInfo)."""
    source = _open_source(path)
    if source.format == "csv":
        sheet = _inspect_csv(source)
        return FileInfo(source.path, "csv", (sheet,), source.encoding, source.delimiter)
    workbook = _open_workbook(source)
    try:
        sheets = _calamine(source, lambda: _worksheets(workbook))
        if not sheets:
            raise FileProblem(f"{source.name} has no sheets with cells in it.")
        infos = []
        for meta in sheets:
            visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
            plan = _stream_plan(source, meta.name)
            if plan is not None and plan != _UNSIZED:
                infos.append(SheetInfo(meta.name, visible, plan[0], plan[1]))
                continue
            if plan is None:
                worksheet = _calamine(source, lambda name=meta.name: workbook.get_sheet_by_name(name))
                offset = worksheet.start[1] if worksheet.start else 0
                rows = (_clean(raw, offset) for raw in _calamine(source, worksheet.iter_rows))
            else:
                rows = (row for _, row in _openpyxl_rows(source, meta.name, None, None))
            count = width = 0
            for row in rows:
                if row:
                    count, width = count + 1, max(width, len(row))
            infos.append(SheetInfo(meta.name, visible, count, width))
    finally:
        workbook.close()
    return FileInfo(source.path, source.format, tuple(infos), None, None)


def _inspect_csv(source: _Source) -> SheetInfo:
    if source.size <= CSV_COUNT_BYTES:
        lines: Any = None
    else:  # estimate from the sample's whole lines
        text = codecs.getincrementaldecoder(source.encoding or "utf-8")(errors="replace").decode(source.sample)
        lines = io.StringIO(text[: max(text.rfind("\n"), 0)])
    with _csv_feed(source, None) as feed:
        rows = feed.rows if lines is None else _csv_rows(source, lines, None, None)
        count = width = 0
        for _, row in rows:
            count, width = count + 1, max(width, len(row))
    if lines is not None:
        count = round(count * source.size / len(source.sample))
    return SheetInfo(feed.sheet, True, count, width)


def read_grid(path: str | Path, sheet: str | None = None, *, limit: int | None = None,
              should_stop: StopFn | None = None) -> Grid:
    """The sheet's rows as they look (for a preview): at most ``limit`` rows from the top."""
    source = _open_source(path)
    rows: list[list[Any]] = []
    with _sheet_feed(source, sheet, should_stop, limit) as feed:
        for index, row in feed.rows:
            rows.extend([] for _ in range(index - len(rows)))
            rows.append(row)
        width = max((len(row) for row in rows), default=0)
        for row in rows:
            row.extend([None] * (width - len(row)))
        merged = [m for m in feed.merged if m[0] < len(rows) and m[1] < width]
        return Grid(feed.sheet, rows, merged)


def read_table(path: str | Path, sheet: str | None = None, *, header_row: int | None = None,
               should_stop: StopFn | None = None, progress: ProgressFn | None = None) -> Table:
    """The sheet as a table: its header (found, or the 0-based ``header_row``) and data rows below it.

    Blank rows are skipped; every row is padded or cut to the width of the widest row with a value
    (columns with data but no name get the header ''). ``progress(done, total, 'reading')`` is
    called every few thousand rows; ``should_stop()`` is asked as often and raises ``Stopped``.
    """
    source = _open_source(path)
    head_rows = max(HEADER_SCAN_ROWS + HEADER_CONTEXT_ROWS, (header_row or 0) + 2 + HEADER_CONTEXT_ROWS)
    with _sheet_feed(source, sheet, should_stop) as feed:
        head: list[list[Any]] = []
        rest: list[tuple[int, list[Any]]] = []
        for index, row in feed.rows:
            if index >= head_rows:
                rest.append((index, row))
                break
            head.extend([] for _ in range(index - len(head)))
            head.append(row)
        where = f"Sheet '{feed.sheet}' of {source.name}" if source.format != "csv" else source.name
        if not head and not rest:
            raise FileProblem(f"{where} has no rows with values.")
        if header_row is None:
            top = find_header_row(head)
        elif 0 <= header_row < len(head) and head[header_row]:
            top = header_row
        else:
            raise FileProblem(f"{where} has no values in row {header_row + 1}, so it cannot be the header row; "
                           "choose the row that holds the column names.")
        headers, first_data = _headers(head, top, feed.merged)
        data: list[list[Any]] = []
        numbers: list[int] = []

        def take(index: int, row: list[Any]) -> None:
            data.append(row)
            numbers.append(index + 1)
            if progress is not None and len(data) % STEP_ROWS == 0:
                progress(index + 1, max(feed.total, index + 1), "reading")

        for index in range(first_data, len(head)):
            if head[index]:
                take(index, head[index])
        for index, row in rest:
            take(index, row)
        for index, row in feed.rows:
            take(index, row)
        if progress is not None:
            done = numbers[-1] if numbers else top + 1
            progress(done, done, "reading")
    width = max([len(headers)] + [len(row) for row in data])
    headers.extend([""] * (width - len(headers)))
    for row in data:
        row.extend([None] * (width - len(row)))
    return Table(feed.sheet, top, headers, data, numbers, source.format, source.date1904)


# --------------------------------------------------------------------------- headers

_NUMBER_LIKE = re.compile(r"[\s+\-−–(]*[$€£¥₽₩]?\s*\d[\d\s.,:/\-−–()+%'$€£¥₽₩]*")


def _is_label(value: Any) -> bool:
    """Short text that is not a number, date or phone written as text: what column names are made of."""
    if type(value) is not str:
        return False
    text = value.strip()
    return bool(text) and len(text) <= MAX_HEADER_TEXT and not _NUMBER_LIKE.fullmatch(text)


def _at(row: list[Any], column: int) -> Any:
    return row[column] if column < len(row) else None


def _groups(top: list[Any], width: int) -> list[tuple[int, int]]:
    """Column spans of top-row cells followed by blank cells (how a merged cell reads without merge data)."""
    spans = []
    filled = [c for c in range(len(top)) if not _blank(top[c])] + [width]
    for start, following in zip(filled, filled[1:]):
        if following - 1 > start:
            spans.append((start, following - 1))
    return spans


def _is_sub_header(top: list[Any], sub: list[Any], merged_spans: list[tuple[int, int]]) -> bool:
    """Whether ``sub`` names the columns under group cells of ``top`` (a two-row header)."""
    sub_columns = [c for c, v in enumerate(sub) if not _blank(v)]
    if len(sub_columns) < 2 or not all(_is_label(sub[c]) for c in sub_columns):
        return False
    if sum(1 for v in top if _is_label(v)) < 2:
        return False
    width = max(len(top), len(sub))
    groups = merged_spans + _groups(top, width)
    if not all(_blank(_at(top, c)) or any(a <= c <= b for a, b in groups) for c in sub_columns):
        return False

    def grouping(spans: list[tuple[int, int]]) -> bool:
        return any(sum(1 for c in sub_columns if a <= c <= b) >= 2 for a, b in spans)

    standing = any(not _blank(v) and _blank(_at(sub, c)) for c, v in enumerate(top))  # e.g. "Name" merged down
    return grouping(merged_spans) or (grouping(groups) and standing)


def _following(rows: list[list[Any]], index: int, count: int) -> list[list[Any]]:
    return [row for row in rows[index + 1:] if row][:count]


def find_header_row(rows: list[list[Any]]) -> int:
    """The 0-based row that holds the column names, looked for among the first ``HEADER_SCAN_ROWS``.

    Each row with at least two short text cells (not numbers or dates, even when written as
    text) is a candidate, scored by those cells plus two for each of them above a column whose
    next values are mostly numbers or dates: a title has fewer cells than the header, a data row
    has no such contrast with the rows below it. The best score wins, the first on a tie. A
    two-row header (group cells over sub-headers) gives its top row. Without a candidate: the
    first row with a value.
    """
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        labels = [c for c, v in enumerate(row) if _is_label(v)]
        if len(labels) < 2:
            continue
        below = _following(rows, index, HEADER_CONTEXT_ROWS)
        score = len(labels)
        for column in labels:
            values = [row_below[column] for row_below in below if not _blank(_at(row_below, column))]
            if values and sum(1 for v in values if not _is_label(v)) * 2 > len(values):
                score += 2
        if score > best_score:
            best, best_score = index, score
    if best is None:
        return next((index for index, row in enumerate(rows) if any(not _blank(v) for v in row)), 0)
    above = best - 1
    if above >= 0 and rows[above] and _is_sub_header(rows[above], rows[best], []):
        return above
    return best


def column_names(rows: list[list[Any]], header_row: int,
                 merged: Iterable[tuple[int, int, int, int]] = ()) -> tuple[list[str], int]:
    """The column names ``read_table`` makes from a sheet's top rows (``read_grid``'s rows and merged
    ranges) with the header at ``header_row``, and the 0-based row where the data starts (after a
    sub-header row when the header has two). Trailing unnamed columns are left out."""
    return _headers(rows, header_row, list(merged))


def _header_text(value: Any) -> str:
    if _blank(value):
        return ""
    if type(value) is float and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
    return " ".join(str(value).split())


def _headers(rows: list[list[Any]], top: int, merged: list[tuple[int, int, int, int]]) -> tuple[list[str], int]:
    """Column names from the header row (and a sub-header row), and the index of the first data row."""
    upper = rows[top]
    lower = rows[top + 1] if top + 1 < len(rows) else []
    covering = [m for m in merged if m[0] <= top <= m[2]]
    spans = [(c0, c1) for r0, c0, r1, c1 in covering if c1 > c0]
    two_rows = bool(lower) and _is_sub_header(upper, lower, spans)
    width = max(len(upper), len(lower) if two_rows else 0, max((m[3] + 1 for m in covering), default=0))
    headers = [_header_text(_at(upper, c)) for c in range(width)]
    for r0, c0, r1, c1 in covering:
        text = _header_text(_at(rows[r0], c0))
        for k, column in enumerate(range(c0, c1 + 1)):
            headers[column] = text if k == 0 or two_rows or not text else f"{text} ({k + 1})"
    if not two_rows:
        return _trim(headers), top + 1
    for column in range(width):
        if not _blank(_at(lower, column)):
            headers[column] = _header_text(lower[column])
    return _trim(headers), top + 2


def _trim(headers: list[str]) -> list[str]:
    while headers and not headers[-1]:
        headers.pop()
    return headers
