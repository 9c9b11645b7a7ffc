"""Reading lists that other people and programs wrote: formats told by content, CSV encodings and
delimiters, header rows under titles and over merged cells, and files that are damaged, not
spreadsheets, or built to exhaust memory."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.styles import PatternFill

from desktop_crm.errors import FileProblem
from desktop_crm.io import sources
from desktop_crm.io.sources import (
    Stopped,
    column_names,
    detect_delimiter,
    detect_encoding,
    find_header_row,
    inspect_file,
    read_grid,
    read_table,
)

# --------------------------------------------------------------------------- writers


def write_xlsx(path: Path, rows: Iterable[Iterable[object]], *, title: str = "Sheet1",
               merges: Iterable[str] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_OPC = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PACKAGE = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="{_OPC}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_OPC}/relationships">'
        f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="{_SML}" xmlns:r="{_OFFICE}">'
        '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_OPC}/relationships">'
        f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_OFFICE}/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (     # style 1 is a text format, as on cells formatted but never filled
        f'{_XML}<styleSheet xmlns="{_SML}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
_HEADER_ROWS = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>Phone</t></is></c></row>'
                b'<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="B2"><v>5551234</v></c></row>')


def write_raw_xlsx(path: Path, sheet_data: Iterable[bytes], *, dimension: str | None = None) -> Path:
    """A one-sheet workbook ('Data') whose sheetData is streamed from pieces of XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PACKAGE.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                sheet.write(b'<dimension ref="%s"/>' % dimension.encode())
            sheet.write(b"<sheetData>")
            for piece in sheet_data:
                sheet.write(piece)
            sheet.write(b"</sheetData></worksheet>")
    return path


def many_rows(cell: bytes, first: int, last: int, step: int = 50_000) -> Iterator[bytes]:
    """``<row>`` elements first..last (1-based) each holding ``cell`` (with %d for the row number)."""
    for start in range(first, last + 1, step):
        yield b"".join(b'<row r="%d">' % r + cell % r + b"</row>" for r in range(start, min(start + step, last + 1)))


_ODF = "urn:oasis:names:tc:opendocument:xmlns"
_ODS_HEAD = (f'{_XML}<office:document-content xmlns:office="{_ODF}:office:1.0" xmlns:table="{_ODF}:table:1.0" '
             f'xmlns:text="{_ODF}:text:1.0" office:version="1.2"><office:body><office:spreadsheet>')
_ODS_MANIFEST = (f'{_XML}<manifest:manifest xmlns:manifest="{_ODF}:manifest:1.0" manifest:version="1.2">'
                 '<manifest:file-entry manifest:full-path="/" '
                 'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                 '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                 '</manifest:manifest>')


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                "</table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def write_ods(path: Path, tables: dict[str, list[list[object]]], *, extra_rows: str = "") -> Path:
    """A minimal valid OpenDocument spreadsheet: mimetype stored first, a manifest, content.xml."""
    body = "".join(
        f'<table:table table:name="{name}">'
        + "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
        + extra_rows + "</table:table>"
        for name, rows in tables.items())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml",
                         _ODS_HEAD + body + "</office:spreadsheet></office:body></office:document-content>")
    return path


def write_zip_by_hand(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip of already-deflated entries: (name, raw deflate stream, crc32, unpacked size)."""
    out, central = bytearray(), bytearray()
    date = (2024 - 1980) << 9 | 1 << 5 | 1
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", 20, 0, 8, 0, date, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", 20, 20, 0, 8, 0, date, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    start = len(out)
    out += central + struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    path.write_bytes(bytes(out))
    return path


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def write_bomb(path: Path, unpacked: int) -> Path:
    """A valid-looking xlsx whose sheet1.xml inflates to ``unpacked`` bytes of '0'.

    The 16 MB block is deflated once and ended with a full flush, which resets the compressor's
    history, so repeating its bytes is a valid deflate stream of repeated blocks: the file is a
    few MB and takes well under a second to write. Only the CRC runs over every byte.
    """
    block = b"0" * (16 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    repeats = unpacked // len(block)
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    stream = piece * repeats + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    entries = [(name, *_deflated(text.encode())) for name, text in _PACKAGE.items()]
    entries.append(("xl/worksheets/sheet1.xml", stream, crc, repeats * len(block)))
    return write_zip_by_hand(path, entries)


def run_measured(tmp_path: Path, code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter after importing the module; report its seconds and peak RSS.

    The peak is the kernel's VmHWM, which starts afresh with the new program; ``ru_maxrss``
    would not do here, as Linux carries it over from the pytest process across exec.
    """
    script = tmp_path / "measure.py"
    script.write_text(
        "import json, sys, time\n"
        "from desktop_crm.io.sources import inspect_file, read_grid, read_table\n"
        "def peak_mb():\n"
        "    with open('/proc/self/status') as status:\n"
        "        return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:')) / 1024\n"
        "base = peak_mb()\n"
        "start = time.perf_counter()\n"
        "result = {}\n"
        f"{code}\n"
        "result['seconds'] = time.perf_counter() - start\n"
        "result['rss_growth_mb'], result['peak_rss_mb'] = peak_mb() - base, peak_mb()\n"
        "print(json.dumps(result, default=str))\n")
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def problem(path: Path, call=inspect_file, **kwargs) -> str:
    """The FileProblem message for ``path``; it always names the file."""
    with pytest.raises(FileProblem) as caught:
        call(path, **kwargs)
    message = str(caught.value)
    assert path.name in message
    return message


# --------------------------------------------------------------------------- formats


def test_xlsx_cells_come_back_as_python_values(tmp_path):
    path = write_xlsx(tmp_path / "customers.xlsx", [
        ["Name", "Phone", "Born", "Last call", "VIP", "Note"],
        ["Ann Lee", 79161234567, dt.date(1980, 5, 17), dt.datetime(2024, 3, 1, 14, 30), True, "  "],
        ["  Bob  ", 5.5, None, None, False, ""],
    ])
    info = inspect_file(path)
    assert (info.format, info.encoding, info.delimiter) == ("xlsx", None, None)
    assert [(s.name, s.visible, s.rows, s.columns) for s in info.sheets] == [("Sheet1", True, 3, 6)]
    table = read_table(path)
    assert table.headers == ["Name", "Phone", "Born", "Last call", "VIP", "Note"]
    assert table.rows == [
        ["Ann Lee", 79161234567.0, dt.date(1980, 5, 17), dt.datetime(2024, 3, 1, 14, 30), True, None],
        ["  Bob  ", 5.5, None, None, False, None],     # text is kept as written; blank text is None
    ]
    assert (table.header_row, table.row_numbers, table.format, table.date1904) == (0, [2, 3], "xlsx", False)


def test_format_is_told_by_content_not_extension(tmp_path):
    source = write_xlsx(tmp_path / "a.xlsx", [["Name", "City"], ["Ann", "Oslo"]])
    disguised = tmp_path / "export.csv"
    disguised.write_bytes(source.read_bytes())
    assert inspect_file(disguised).format == "xlsx"
    assert read_table(disguised).rows == [["Ann", "Oslo"]]

    macro = tmp_path / "with_macros.xlsx"       # an .xlsm is an .xlsx whose content types say macroEnabled
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
                assert b"macroEnabled" in data
            copy.writestr(item, data)
    assert inspect_file(macro).format == "xlsm"
    assert read_table(macro).rows == [["Ann", "Oslo"]]


def test_xls_with_a_merged_title_a_date_and_a_hidden_sheet(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Kunden")
    sheet.write_merge(0, 0, 0, 2, "Kundenliste")
    sheet.write(2, 0, "Name")
    sheet.write(2, 1, "Seit")
    sheet.write(2, 2, "Telefon")
    sheet.write(3, 0, "Jürgen Groß")
    sheet.write(3, 1, dt.datetime(2020, 5, 6), xlwt.easyxf(num_format_str="DD.MM.YYYY"))
    sheet.write(3, 2, 4930123456.0)
    hidden = book.add_sheet("Notes")
    hidden.write(0, 0, "internal")
    hidden.visibility = 1
    path = tmp_path / "kunden.xls"
    book.save(str(path))

    info = inspect_file(path)
    assert info.format == "xls"
    assert [(s.name, s.visible, s.rows, s.columns) for s in info.sheets] == [
        ("Kunden", True, 3, 3), ("Notes", False, 1, 1)]
    grid = read_grid(path)
    assert grid.merged == [(0, 0, 0, 2)]
    assert grid.rows[1] == [None, None, None]
    table = read_table(path)
    assert (table.header_row, table.headers, table.row_numbers) == (2, ["Name", "Seit", "Telefon"], [4])
    assert table.rows == [["Jürgen Groß", dt.date(2020, 5, 6), 4930123456.0]]


def test_ods_tables(tmp_path):
    path = write_ods(tmp_path / "клиенты.ods", {
        "Клиенты": [["Имя", "Телефон"], ["Иван", 9611655998.0], [None, "нет"]],
        "Пусто": [[None]],
    })
    info = inspect_file(path)
    assert info.format == "ods"
    assert [(s.name, s.rows, s.columns) for s in info.sheets] == [("Клиенты", 3, 2), ("Пусто", 0, 0)]
    table = read_table(path, "Клиенты")
    assert table.headers == ["Имя", "Телефон"]
    assert (table.rows, table.row_numbers) == ([["Иван", 9611655998.0], [None, "нет"]], [2, 3])
    assert "has no rows with values" in problem(path, read_table, sheet="Пусто")


def test_hidden_sheets_are_listed_and_skipped_by_default(tmp_path):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Lookup"
    first.append(["code", "meaning"])
    first.sheet_state = "hidden"
    secret = workbook.create_sheet("Secret")
    secret.append(["x", "y"])
    secret.sheet_state = "veryHidden"
    customers = workbook.create_sheet("Customers")
    customers.append(["Name", "City"])
    customers.append(["Ann", "Oslo"])
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    assert [(s.name, s.visible) for s in inspect_file(path).sheets] == [
        ("Lookup", False), ("Secret", False), ("Customers", True)]
    assert read_table(path).sheet == "Customers"
    assert read_table(path, "Lookup").headers == ["code", "meaning"]


def test_1904_workbooks_say_so_and_dates_stay_right(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    workbook.active.append(["Name", "Since"])
    workbook.active.append(["Ann", dt.datetime(2021, 7, 1)])
    path = tmp_path / "mac.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.date1904 is True
    assert table.rows == [["Ann", dt.date(2021, 7, 1)]]    # midnight comes back as a date


# --------------------------------------------------------------------------- CSV and text

RUSSIAN = "Фамилия;Имя;Телефон;Город\nИванов;Иван;+7 916 123-45-67;Москва\nПетрова;Алёна;89161234567;Санкт-Петербург\n"
CHINESE = "客户名称,电话,地址\n张伟,13800138000,北京市朝阳区建国路88号\n王芳,13912345678,上海市浦东新区\n"


@pytest.mark.parametrize(("codec", "expected_encoding", "text", "delimiter"), [
    ("utf-8", "utf-8", "Name,Phone,City\nAnn,+1 555 0100,Zürich\n", ","),
    ("utf-8-sig", "utf-8-sig", RUSSIAN, ";"),
    ("gbk", "gb18030", CHINESE, ","),
    ("gb18030", "gb18030", CHINESE.replace(",", "\t"), "\t"),
    ("cp1251", "cp1251", RUSSIAN, ";"),
    ("utf-16", "utf-16", RUSSIAN.replace(";", "\t"), "\t"),
])
def test_csv_encodings_and_delimiters(tmp_path, codec, expected_encoding, text, delimiter):
    path = tmp_path / "list.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode(codec))
    info = inspect_file(path)
    assert (info.format, info.encoding, info.delimiter) == ("csv", expected_encoding, delimiter)
    lines = [line.split(delimiter) for line in text.splitlines()]
    assert [(s.name, s.visible, s.rows, s.columns) for s in info.sheets] == [("list", True, len(lines), len(lines[0]))]
    table = read_table(path)
    assert (table.sheet, table.headers, table.rows) == ("list", lines[0], lines[1:])
    assert table.row_numbers == list(range(2, len(lines) + 1))


def detect_sample(data: bytes) -> str | None:
    """What detect_encoding says about a file holding ``data`` (it sees the first megabyte)."""
    return detect_encoding(data[: sources.TEXT_SAMPLE_BYTES], complete=len(data) <= sources.TEXT_SAMPLE_BYTES)


@pytest.mark.parametrize("text", [
    "客户名称,电话,地址",
    "张伟,13800138000",
    "姓名,手机\n李娜,13700001111",
    "北京市朝阳区建国路88号",
    CHINESE * 3000,
])
def test_chinese_gbk_is_told_from_cyrillic(text):
    assert detect_sample(text.encode("gbk")) == "gb18030"


@pytest.mark.parametrize("text", [
    "Телефон", "Иванов Иван,+79161234567", "Москва", "ИВАНОВ ИВАН ИВАНОВИЧ;МОСКВА",
    "Адрес;Примечание\nул. Ленина, д. 5, кв. 12;«Постоянный» клиент — звонить после 18:00, № 15",
    "Прізвище;Ім'я;Місто\nШевченко;Євген;Київ",
    RUSSIAN * 5000,
])
def test_cyrillic_cp1251_is_told_from_gbk(text):
    assert detect_sample(text.encode("cp1251")) == "cp1251"


def test_other_encodings_and_binary_data():
    assert detect_encoding("Name,Phone\nAnn,1\n".encode("utf-16-le")) == "utf-16-le"    # no BOM
    assert detect_encoding("Имя,Телефон\nАнна,1\n".encode("utf-16-be")) == "utf-16-be"
    korean = "고객명,전화번호,주소\n김민준,010-1234-5678,서울특별시 강남구 테헤란로 123\n"
    assert detect_encoding(korean.encode("cp949")) == "cp949"
    german = "Name;Straße;Ort\nMüller;Hauptstraße 5;Köln\nGärtner;Bahnhofstraße;Düsseldorf\n"
    assert detect_encoding(german.encode("cp1252")) == "cp1252"
    assert detect_encoding("plain ascii,1\n".encode()) == "utf-8"
    assert detect_encoding("Zürich €".encode()[:-1], complete=False) == "utf-8"      # a character cut at the end
    assert detect_encoding(random.Random(7).randbytes(4096)) is None
    assert detect_encoding(b"\x00\x01\x02\x03text" * 100) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Name,Phone\n", ","),
    ("Name;Price;Note\nTea;1,50;black, strong\nCoffee;2,25;\n", ";"),
    ('Name,Address\n"Ivanov; Ivan","Moscow; Tverskaya 1"\n"Li; Na","Beijing"\n', ","),
    ("Name\tCity\tNote\nAnn\tOslo\tlikes; tea, milk\n", "\t"),
    ("Name|Phone\nAnn|555\n", "|"),
    ("Name\nAnn\n", ","),
    ('Name;Comment\nAnn;"line one\nline two, with commas, many, of, them"\nBob;ok\n', ";"),
])
def test_delimiter_detection(text, expected):
    assert detect_delimiter(text) == expected


def test_tab_separated_txt_with_quoted_newlines_and_blank_lines(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text('Name\tNote\tCity\n\nAnn\t"first line\nsecond line"\tOslo\n\t\t\nBob\t\t Bergen \n',
                    encoding="utf-8")
    info = inspect_file(path)
    assert (info.format, info.delimiter, info.sheets[0].name, info.sheets[0].rows) == ("csv", "\t", "export", 3)
    table = read_table(path)
    assert table.headers == ["Name", "Note", "City"]
    assert table.rows == [["Ann", "first line\nsecond line", "Oslo"], ["Bob", None, " Bergen "]]
    assert table.row_numbers == [3, 5]      # records as Excel numbers them: the quoted newline stays in one row


def test_html_and_excel_2003_xml_saved_as_xls_are_named(tmp_path):
    page = tmp_path / "report.xls"
    page.write_text("<html><body><table><tr><td>Name</td></tr></table></body></html>", encoding="utf-8")
    assert "web page (HTML)" in problem(page)
    xml = tmp_path / "old.xls"
    xml.write_text('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                   '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>', encoding="utf-8")
    assert "Excel 2003 XML" in problem(xml)


# --------------------------------------------------------------------------- headers


def test_header_under_a_title_and_a_blank_row():
    rows = [["Customer list 2024"], [], ["Name", "Phone", "City"],
            ["Ann", 5551234.0, "Oslo"], ["Bob", 5559876.0, "Bergen"]]
    assert find_header_row(rows) == 2


def test_header_at_the_top_of_text_only_rows():
    rows = [["Name", "Phone", "Since"], ["Ann", "+47 555 1234", "2024-01-15"], ["Bob", "+47 555 9876", "15.02.2024"]]
    assert find_header_row(rows) == 0


def test_header_when_data_rows_have_more_cells_than_it():
    rows = [["Name", "Phone", "Amount"]]
    rows += [[f"Client {i}", 5550000.0 + i, 10.0 * i, "VIP", "north", "x"] for i in range(6)]
    assert find_header_row(rows) == 0


def test_two_row_header_gives_its_top_row():
    rows = [["Name", "Contacts", None, None, "City"], [None, "Phone", "Mobile", "Email", None],
            ["Ann", 5551234.0, 9161234567.0, "ann@example.com", "Oslo"]]
    assert find_header_row(rows) == 0


def test_title_merged_across_columns_then_header(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["Clients of the Moscow office", None, None, dt.date(2024, 5, 1)],
                                            ["Name", "Phone", "City"], ["Ann", 5551234, "Moscow"]],
                      merges=["A1:C1"])
    table = read_table(path)
    assert (table.header_row, table.headers, table.rows, table.row_numbers) == (   # the date above is no column
        1, ["Name", "Phone", "City"], [["Ann", 5551234.0, "Moscow"]], [3])


def test_group_cell_over_sub_headers_makes_one_header(tmp_path):
    path = write_xlsx(tmp_path / "двухстрочный.xlsx", [
        ["Список клиентов"], [],
        ["Имя", "Контакты", None, "Город"],
        [None, "Телефон", "Email", None],
        ["Иван", 9161234567, "ivan@mail.ru", "Москва"],
        ["Анна", 9167654321, None, "Тверь"],
    ], merges=["A1:D1", "B3:C3", "A3:A4", "D3:D4"])
    table = read_table(path)
    assert table.header_row == 2
    assert table.headers == ["Имя", "Телефон", "Email", "Город"]
    assert table.rows == [["Иван", 9161234567.0, "ivan@mail.ru", "Москва"], ["Анна", 9167654321.0, None, "Тверь"]]
    assert table.row_numbers == [5, 6]
    grid = read_grid(path, limit=20)       # what the import wizard shows and names
    assert column_names(grid.rows, find_header_row(grid.rows), grid.merged) == (table.headers, 4)


def test_group_cell_without_merge_information_in_csv(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("Name,Contacts,,City\n,Phone,Email,\nAnn,555 1234,ann@example.com,Oslo\n", encoding="utf-8")
    table = read_table(path)
    assert (table.headers, table.rows, table.row_numbers) == (
        ["Name", "Phone", "Email", "City"], [["Ann", "555 1234", "ann@example.com", "Oslo"]], [3])


def test_merged_header_without_sub_row_numbers_its_columns(tmp_path):
    path = write_xlsx(tmp_path / "phones.xlsx", [["Name", "Phone", None, "City"], ["Ann", 5551234, 5559999, "Oslo"]],
                      merges=["B1:C1"])
    table = read_table(path)
    assert table.headers == ["Name", "Phone", "Phone (2)", "City"]
    assert table.rows == [["Ann", 5551234.0, 5559999.0, "Oslo"]]


def test_explicit_header_row_and_a_blank_one(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["Report"], [], ["Name", "Phone"], ["Ann", 1]])
    assert read_table(path, header_row=0).rows == [["Name", "Phone"], ["Ann", 1.0]]
    assert "row 2" in problem(path, read_table, header_row=1)


def test_formatted_empty_columns_are_not_columns_and_headerless_data_is(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["Name", "Phone", "Note"], ["Ann", 1, None], ["Bob", 2, None]):
        sheet.append(row)
    sheet["F2"] = "call after 6"                       # data in a column without a header
    for cell in ("Z1", "Z40", "AB7"):                  # formatting alone
        sheet[cell].fill = PatternFill("solid", fgColor="FFFF00")
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.headers == ["Name", "Phone", "Note", "", "", ""]
    assert table.rows == [["Ann", 1.0, None, None, None, "call after 6"], ["Bob", 2.0, None, None, None, None]]
    assert inspect_file(path).sheets[0].columns == 6


def test_read_grid_keeps_the_layout(tmp_path):
    path = write_xlsx(tmp_path / "g.xlsx", [["Title"], [], ["Name", "Phone"], ["Ann", 1], ["Bob", 2], ["Cy", 3]],
                      merges=["A1:B1"])
    grid = read_grid(path, limit=4)
    assert grid.rows == [["Title", None], [None, None], ["Name", "Phone"], ["Ann", 1.0]]
    assert (grid.sheet, grid.merged) == ("Sheet1", [(0, 0, 0, 1)])


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_data_starting_away_from_a1_keeps_its_positions(tmp_path, kind):
    path = tmp_path / f"offset.{kind}"
    if kind == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet["C4"], sheet["D4"], sheet["C5"], sheet["D5"] = "Name", "Phone", "Ann", 5551234
        workbook.save(path)
    elif kind == "xls":
        book = xlwt.Workbook()
        sheet = book.add_sheet("Sheet1")
        for row, column, value in ((3, 2, "Name"), (3, 3, "Phone"), (4, 2, "Ann"), (4, 3, 5551234.5)):
            sheet.write(row, column, value)
        book.save(str(path))
    else:
        write_ods(path, {"Sheet1": [[None] * 4] * 3 + [[None, None, "Name", "Phone"], [None, None, "Ann", 5551234.5]]})
    table = read_table(path)
    assert (table.header_row, table.headers, table.row_numbers) == (3, ["", "", "Name", "Phone"], [5])
    assert table.rows == [[None, None, "Ann", 5551234.0 if kind == "xlsx" else 5551234.5]]


# --------------------------------------------------------------------------- stopping and progress


def test_should_stop_and_progress(tmp_path):
    rows = [["Name", "Amount"]] + [[f"Client {i}", float(i)] for i in range(9000)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    csv_path = tmp_path / "big.csv"
    csv_path.write_text("\n".join(f"{name},{amount}" for name, amount in rows), encoding="utf-8")
    for target in (path, csv_path):
        asked = []
        with pytest.raises(Stopped):
            read_table(target, should_stop=lambda: asked.append(1) or len(asked) >= 3)
        assert len(asked) == 3                # asked every STEP_ROWS rows, then stopped at once

        reports = []
        table = read_table(target, progress=lambda done, total, stage: reports.append((done, total, stage)))
        assert len(table.rows) == 9000
        assert {stage for _, _, stage in reports} == {"reading"}
        assert [done for done, _, _ in reports] == sorted(done for done, _, _ in reports)
        assert reports[-1][0] == reports[-1][1] == 9001
        assert all(done <= total for done, total, _ in reports)


# --------------------------------------------------------------------------- bad files


def test_files_that_are_not_spreadsheets(tmp_path):
    cases = {
        "empty.xlsx": (b"", "is empty"),
        "photo.xlsx": (b"\x89PNG\r\n\x1a\n" + bytes(200), "an image"),
        "scan.csv": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(100), "a PDF document"),
        "noise.csv": (random.Random(1).randbytes(5000), "binary data"),
    }
    for name, (content, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        assert words in problem(path)
        assert words in problem(path, read_table)
    assert "does not exist" in problem(tmp_path / "gone.xlsx")


def test_zips_that_are_not_spreadsheets(tmp_path):
    plain = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("customers.csv", "Name\nAnn\n")
    assert "is a zip archive, not a spreadsheet" in problem(plain)
    word = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "a Word document" in problem(word)


def test_truncated_workbook_is_reported_at_once(tmp_path):
    rows = [["Name", "Phone"]] + [[f"Client {i}", 5550000 + i] for i in range(3000)]
    whole = write_xlsx(tmp_path / "whole.xlsx", rows).read_bytes()
    cut = tmp_path / "customers.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    started = time.perf_counter()
    message = problem(cut, read_table)
    assert time.perf_counter() - started < 1
    assert "damaged" in message and "cut off" in message


def test_password_protected_workbook(tmp_path):
    # An encrypted .xlsx is an OLE2 file holding an EncryptedPackage stream: make one by renaming
    # the stream of a real .xls (the directory entry's name is 64 bytes of UTF-16 and a length).
    book = xlwt.Workbook()
    book.add_sheet("S").write(0, 0, "x")
    plain = tmp_path / "plain.xls"
    book.save(str(plain))
    data = bytearray(plain.read_bytes())
    at = data.find("Workbook".encode("utf-16-le"))
    name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    data[at:at + 64] = name.ljust(64, b"\0")
    data[at + 64:at + 66] = len(name).to_bytes(2, "little")
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(bytes(data))
    assert "password-protected" in problem(locked)


def test_missing_sheet_lists_the_sheets_that_exist(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Customers"
    workbook.create_sheet("Orders")
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    message = problem(path, read_table, sheet="Clients")
    assert "'Clients'" in message and "'Customers' and 'Orders'" in message


def test_empty_sheets_and_files_without_values(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Blank"
    workbook.active["C3"].fill = PatternFill("solid", fgColor="FFFF00")
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    assert "Sheet 'Blank' of a.xlsx has no rows with values" in problem(path, read_table)
    assert read_grid(path).rows == []
    commas = tmp_path / "commas.csv"
    commas.write_text(",,,\n \n,,\n", encoding="utf-8")
    assert "commas.csv has no rows with values" in problem(commas, read_table)


def test_zip_bomb_is_refused_from_its_directory(tmp_path):
    small = write_bomb(tmp_path / "small.xlsx", 32 << 20)       # the writer makes real zips
    with zipfile.ZipFile(small) as archive:
        assert len(archive.read("xl/worksheets/sheet1.xml")) == 32 << 20

    bomb = write_bomb(tmp_path / "customers.xlsx", 5 << 28)      # 1.25 GiB unpacked
    assert bomb.stat().st_size < 3 << 20
    started = time.perf_counter()
    message = problem(bomb)
    problem(bomb, read_table)
    assert time.perf_counter() - started < 2
    assert re.search(r"would unpack to 1\.[23] GB", message) and "unsafe" in message

    dense = write_bomb(tmp_path / "dense.xlsx", 160 << 20)        # under 1 GiB, but 1000:1
    assert "would unpack to 160 MB" in problem(dense)


# --------------------------------------------------------------------------- memory: sheets built to exhaust it

needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")



@needs_proc
def test_a_million_formatted_empty_rows_cost_nothing(tmp_path):
    # Excel writes a row for every formatted cell and a used range that includes them.
    path = write_raw_xlsx(tmp_path / "formatted.xlsx", [_HEADER_ROWS, *many_rows(b'<c r="AN%d" s="1"/>', 3, 1_000_002)],
                          dimension="A1:AN1000002")
    measured = run_measured(tmp_path, (
        "info = inspect_file(sys.argv[1]); table = read_table(sys.argv[1]); grid = read_grid(sys.argv[1], limit=100)\n"
        "result.update(sheets=[(s.rows, s.columns) for s in info.sheets], headers=table.headers, rows=table.rows,\n"
        "              grid=len(grid.rows))"), str(path))
    assert measured["sheets"] == [[2, 2]]
    assert (measured["headers"], measured["rows"], measured["grid"]) == (["Name", "Phone"], [["Ann", 5551234.0]], 2)
    assert measured["rss_growth_mb"] < 300
    assert measured["seconds"] < 10


@needs_proc
def test_a_million_rows_of_empty_text_are_not_loaded_as_a_dense_grid(tmp_path):
    # A formula filled down a column whose result is "" gives a cell with content in every row;
    # calamine would hold 1M × 40 cells (1.3 GB). Such a sheet is streamed instead. (Excel states
    # the used range; without it openpyxl's read-only loader reads the whole sheet once to size it.)
    empty_text = b'<c r="AN%d" t="str"><f>IF(A2="","",A2)</f><v></v></c>'
    path = write_raw_xlsx(tmp_path / "filled_down.xlsx", [_HEADER_ROWS, *many_rows(empty_text, 3, 1_000_002)],
                          dimension="A1:AN1000002")
    measured = run_measured(tmp_path, (
        "info = inspect_file(sys.argv[1]); grid = read_grid(sys.argv[1], limit=100)\n"
        "result.update(sheets=[(s.rows, s.columns) for s in info.sheets], grid=grid.rows)"), str(path))
    assert measured["sheets"] == [[1_000_002, 40]]        # the extent, as documented for such sheets
    assert measured["grid"] == [["Name", "Phone"], ["Ann", 5551234]]
    assert measured["rss_growth_mb"] < 300
    assert measured["seconds"] < 10


@needs_proc
def test_one_far_away_cell_does_not_abort_the_process(tmp_path):
    # Without the scan, calamine asks for 550 GB for this 1 KB file and aborts Python.
    far = b'<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'
    path = write_raw_xlsx(tmp_path / "far.xlsx", [_HEADER_ROWS, far], dimension="A1")
    measured = run_measured(tmp_path, (
        "info = inspect_file(sys.argv[1]); table = read_table(sys.argv[1])\n"
        "result.update(sheets=[(s.rows, s.columns) for s in info.sheets], width=len(table.headers),\n"
        "              numbers=table.row_numbers, last=table.rows[-1][-1], first=table.rows[0][:2])"), str(path))
    assert measured["sheets"] == [[1_048_576, 16_384]]
    assert (measured["width"], measured["numbers"], measured["last"]) == (16_384, [2, 1_048_576], 7)
    assert measured["first"] == ["Ann", 5551234]
    assert measured["rss_growth_mb"] < 300


def test_streamed_sheets_read_like_loaded_ones(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "same.xlsx", [["List"], [], ["Name", "Phone", "Since"],
                                               ["Ann", 5551234, dt.datetime(2024, 1, 2)], [], ["Bob", 5.5, None]])
    loaded = read_table(path)
    monkeypatch.setattr(sources, "MAX_GRID_CELLS", 4)
    streamed = read_table(path)
    assert streamed == loaded
    assert streamed.rows == [["Ann", 5551234.0, dt.date(2024, 1, 2)], ["Bob", 5.5, None]]


def test_ods_repeated_rows(tmp_path):
    formatted = write_ods(tmp_path / "formatted.ods", {"S": [["Name", "Phone"], ["Ann", 1.0]]}, extra_rows=(
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024" table:style-name="ce1"/></table:table-row>'))
    assert [(s.rows, s.columns) for s in inspect_file(formatted).sheets] == [(2, 2)]
    assert read_table(formatted).rows == [["Ann", 1.0]]
    repeated = write_ods(tmp_path / "repeated.ods", {"S": [["Name", "Phone"]]}, extra_rows=(
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" '
        'table:number-columns-repeated="30"><text:p></text:p></table:table-cell></table:table-row>'))
    started = time.perf_counter()
    assert "1,000,001 rows × 30 columns" in problem(repeated, read_table)
    assert time.perf_counter() - started < 2


# --------------------------------------------------------------------------- real files


REALWORLD_SHEETS = {
    "clients_russian_phone_as_number.xlsx": [("Worksheet", 301, 3)],
    "customers_persian_numeric_phone.xlsx": [("Sheet1", 2, 2)],
    "customers_with_activity_log.xlsx": [("Customers", 17, 10), ("Activity Log", 21, 5)],
    "online_retail_purchases_40k.xlsx": [("Sheet1", 40001, 8)],
    "sales_by_manager_chinese.xlsx": [("6.4统计 销售统计_5_1-5_31_有消费_2026060", 35, 19)],
}


def test_realworld_files_are_listed(realworld):
    for name, sheets in REALWORLD_SHEETS.items():
        info = inspect_file(realworld / name)
        assert info.format == "xlsx"
        assert [(s.name, s.rows, s.columns) for s in info.sheets] == sheets, name
        assert all(s.visible for s in info.sheets)


def test_realworld_truncated_workbook(realworld):
    started = time.perf_counter()
    message = problem(realworld / "truncated_workbook.xlsx", read_table)
    assert time.perf_counter() - started < 1
    assert "cut off" in message


def test_realworld_tables(realworld):
    russian = read_table(realworld / "clients_russian_phone_as_number.xlsx")
    assert russian.headers == ["Фамилия", "Имя", "Номер телефона"]
    assert russian.rows[0] == ["Воробьев", "Федор", 9611655998.0]      # the value layer turns floats into phones
    assert len(russian.rows) == 300 and all(type(row[2]) is float for row in russian.rows if row[2] is not None)

    log = read_table(realworld / "customers_with_activity_log.xlsx", "Activity Log")
    assert log.headers == ["Log ID", "Customer ID", "Action", "Notes", "Timestamp"]
    assert len(log.rows) == 20 and log.row_numbers[:2] == [2, 3]

    chinese = read_table(realworld / "sales_by_manager_chinese.xlsx")
    assert chinese.headers[:2] == ["客户名", "业务员"] and chinese.headers[16] == "注册时间"
    assert chinese.headers[17:] == ["", ""]          # column R is empty; S holds notes without a header
    assert all(row[17] is None for row in chinese.rows)
    assert chinese.rows[2][18] == "实际消费55"
    assert chinese.rows[0][16] == dt.date(2026, 5, 30)

    retail = read_table(realworld / "online_retail_purchases_40k.xlsx")
    assert len(retail.rows) == 40000 and retail.row_numbers[-1] == 40001
    assert retail.rows[0][4] == dt.datetime(2011, 10, 30, 16, 17)
    assert sum(1 for row in retail.rows if row[6] is None) > 0     # purchases without a CustomerID
