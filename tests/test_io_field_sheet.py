"""Field sheets: the exported layout, the identity sheet, occasions, reading filled sheets back,
cancelling, errors, the command-line filters, and text that must never become a formula."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lunardate import LunarDate
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook
from sqlalchemy import update

from desktop_crm.errors import CrmError, FileProblem, NotFoundError
from desktop_crm.io import export as export_module
from desktop_crm.io.export import ExportOptions, ExportService, ids_for
from desktop_crm.io.field_sheet import (
    COLUMN_KEYS,
    COLUMNS,
    DETAIL,
    FILL,
    KIND_WORDS,
    LAYOUT,
    META_SHEET,
    FieldSheetWriter,
    read_rows,
    recognise,
    safe_sheet_name,
)
from desktop_crm.models import Customer
from desktop_crm.services.id_order import Stopped

TODAY = dt.date(2026, 9, 1)
COL = {key: i + 1 for i, key in enumerate(COLUMN_KEYS)}  # 1-based, as openpyxl counts
LETTER = {key: get_column_letter(i) for key, i in COL.items()}


def export(crm, path, ids, **options):
    return ExportService(crm).field_sheet(path, ids, ExportOptions(today=TODAY, **options))


def dimension(ws, key):
    """The <col> entry covering a column (xlsxwriter merges neighbours with equal settings)."""
    index = COL[key]
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= index <= dim.max:
            return dim
    raise AssertionError(f"no column settings for {key}")


@pytest.fixture
def book(crm):
    """Three customers of Olga's with a care history and complaints, in name order."""
    crm.managers.create("olga", "Olga Ivanova")
    anna, _ = crm.customers.create({"name": "Anna Berg", "company": "Berg Oy", "phone": "+358 9 123 4567",
                                    "email": "anna@berg.fi", "address": "Mannerheimintie 1", "city": "Helsinki",
                                    "tier": "A", "manager": "olga"})
    boris, _ = crm.customers.create({"name": "Boris Orlov", "mobile": "+7 912 345 67 89", "tier": "B",
                                     "manager": "olga"})
    chen, _ = crm.customers.create({"name": "Chen Wei", "tier": "C", "manager": "olga"})
    crm.care.log(anna.id, "call", summary="Asked about the order", happened_at=dt.datetime(2026, 8, 3, 9, 30))
    crm.care.log(anna.id, "visit", summary="Factory tour.\n" + "Long notes " * 30,
                 happened_at=dt.datetime(2026, 8, 20, 14, 0))
    crm.care.log(anna.id, "greeting", summary="Name-day card", happened_at=dt.datetime(2026, 8, 10))
    crm.complaints.add(anna.id, {"description": "Late delivery"})
    crm.complaints.add(anna.id, {"description": "Wrong colour", "status": "investigating"})
    crm.complaints.add(anna.id, {"description": "Old one", "status": "closed", "resolution": "Replaced"})
    ids = [anna.id, boris.id, chen.id]
    return ids


# ----- the layout ---------------------------------------------------------------------------------

def test_layout_header_protection_validation_and_dates(crm, book, tmp_path):
    path = tmp_path / "visit.xlsx"
    result = export(crm, path, book)
    assert result.customers == 3 and result.sheets == ("Field sheet", "Occasions")
    assert len(result.export_id) == 32 and result.path == path

    wb = openpyxl.load_workbook(path)
    ws = wb["Field sheet"]
    assert ws.freeze_panes == "C2"  # the header row and code + name stay in view
    assert [c.value for c in ws[1]] == [c.label for c in COLUMNS]
    detail_fill = ws.cell(1, COL["code"]).fill.fgColor.rgb
    entry_fill = ws.cell(1, COL["visit_date"]).fill.fgColor.rgb
    assert ws.cell(1, COL["code"]).font.b and ws.cell(1, COL["kind"]).font.b
    assert detail_fill != entry_fill and ws.cell(1, COL["new_address"]).fill.fgColor.rgb == entry_fill

    # protection: detail and key cells locked, the fill-in block unlocked, keys hidden
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws.protection.formatColumns is False and ws.protection.formatRows is False  # i.e. allowed
    for key in ("code", "name", "last_contact", "customer_id", "version"):
        assert ws.cell(2, COL[key]).protection.locked is True
    for col in FILL:
        assert dimension(ws, col.key).protection.locked is False, col.key
    for key in ("customer_id", "version"):
        assert dimension(ws, key).hidden is True
    for col in DETAIL + FILL:
        dim = dimension(ws, col.key)
        assert not dim.hidden and dim.width and 4 < dim.width < 50, col.key

    # data validation: the kind words, dates, lengths
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    kind = rules[f"{LETTER['kind']}2:{LETTER['kind']}4"]
    assert kind.type == "list" and kind.formula1 == '"' + ",".join(KIND_WORDS.values()) + '"'
    for key in ("visit_date", "next_date"):
        assert rules[f"{LETTER[key]}2:{LETTER[key]}4"].type == "date"
    assert rules[f"{LETTER['new_email']}2:{LETTER['new_email']}4"].type == "textLength"
    assert dimension(ws, "visit_date").number_format == "yyyy-mm-dd"
    assert dimension(ws, "new_phone").number_format == "@"  # typed digits stay text

    # the rows: in the given order, with the customer's details
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[COL["name"] - 1] for r in rows] == ["Anna Berg", "Boris Orlov", "Chen Wei"]
    anna = rows[0]
    assert anna[COL["company"] - 1] == "Berg Oy" and anna[COL["tier"] - 1] == "A"
    assert anna[COL["phone"] - 1] == "+358 9 123 4567" and anna[COL["manager"] - 1] == "Olga Ivanova"
    assert anna[COL["last_contact"] - 1] == dt.datetime(2026, 8, 20)  # the later of last call and last visit
    last = ws.cell(2, COL["last_contact"])
    assert last.is_date and last.number_format == "yyyy-mm-dd"
    summary = anna[COL["last_summary"] - 1]
    assert summary.startswith("Factory tour. Long notes") and summary.endswith("…") and len(summary) == 120
    assert anna[COL["open_complaints"] - 1] == 2
    assert anna[COL["customer_id"] - 1] == book[0]
    assert anna[COL["version"] - 1] == crm.customers.get(book[0]).version
    assert rows[2][COL["last_contact"] - 1] is None and rows[2][COL["open_complaints"] - 1] == 0

    meta_ws = wb[META_SHEET]
    assert meta_ws.sheet_state == "veryHidden"


def test_the_identity_sheet_is_recognised_and_other_files_are_not(crm, book, tmp_path):
    path = tmp_path / "visit.xlsx"
    result = export(crm, path, book)
    meta = recognise(path)
    assert meta is not None
    assert meta.export_id == result.export_id and meta.layout == LAYOUT
    assert meta.sheets == ("Field sheet",) and meta.columns == (COLUMN_KEYS,)
    assert meta.customers == 3 and meta.occasions_sheet == "Occasions"
    assert abs(meta.exported_at - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(minutes=5)

    ordinary = tmp_path / "customers.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Phone"])
    wb.active.append(["Anna", 123])
    wb.create_sheet(META_SHEET).append(["marker", "something else"])
    wb.save(ordinary)
    csv = tmp_path / "customers.csv"
    csv.write_text("name,phone\nAnna,123\n", encoding="utf-8")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a zip at all")
    for other in (ordinary, csv, junk, tmp_path / "missing.xlsx"):
        assert recognise(other) is None


def test_an_empty_export_is_still_a_field_sheet(crm, tmp_path):
    path = tmp_path / "none.xlsx"
    result = export(crm, path, [], occasions_days=None)
    assert result.customers == 0 and result.sheets == ("Field sheet",)
    meta = recognise(path)
    assert meta is not None and read_rows(path, meta) == []


def test_one_sheet_per_manager(crm, tmp_path):
    crm.managers.create("zoe", "Zoë Adams")
    crm.managers.create("ivan", "Иван Петров / Sales [North]")
    ids = []
    for name, manager in (("A1", "zoe"), ("B1", None), ("C1", "ivan"), ("D1", "zoe")):
        data = {"name": name} | ({"manager": manager} if manager else {})
        ids.append(crm.customers.create(data)[0].id)
    path = tmp_path / "team.xlsx"
    result = export(crm, path, ids, per_manager=True, occasions_days=None)
    ivan_sheet = "Иван Петров _ Sales _North_"
    assert result.sheets == ("Zoë Adams", ivan_sheet, "No manager")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Zoë Adams", ivan_sheet, "No manager", META_SHEET]
    names = {title: [r[1] for r in wb[title].iter_rows(min_row=2, values_only=True)] for title in result.sheets}
    assert names == {"Zoë Adams": ["A1", "D1"], ivan_sheet: ["C1"], "No manager": ["B1"]}
    for title in result.sheets:
        assert wb[title].freeze_panes == "C2" and wb[title].protection.sheet
    assert recognise(path).sheets == result.sheets


def test_sheet_names_are_made_safe_and_unique():
    taken = {"Occasions", "desktop_crm"}
    assert safe_sheet_name("a/b\\c[d]:e*f?g", taken) == "a_b_c_d__e_f_g"
    long = "Aleksandra Konstantinovna Rozhdestvenskaya"
    first = safe_sheet_name(long, taken)
    second = safe_sheet_name(long, taken)
    assert first == long[:31] and len(second) <= 31 and second.endswith(" (2)") and first != second
    assert safe_sheet_name("occasions", taken) == "occasions (2)"
    assert safe_sheet_name("History", taken) == "History_"
    assert safe_sheet_name("'quoted'", taken) == "quoted"
    assert safe_sheet_name("  ", taken) == "Sheet"


# ----- occasions ----------------------------------------------------------------------------------

def test_occasions_sheet_lists_coming_occasions_with_lunar_dates_on_the_solar_calendar(crm, tmp_path):
    mei, _ = crm.customers.create({"name": "Li Mei", "birth_calendar": "lunar", "birth_month": 8, "birth_day": 15})
    firm, _ = crm.customers.create({"name": "Acme Ltd", "kind": "company"})
    contact, _ = crm.contacts.add(firm.id, {"name": "Sam Jones", "birth_month": 9, "birth_day": 3})
    crm.occasions.add(firm.id, {"kind": "company_anniversary", "title": "Founded", "month": 10, "day": 20,
                                "lead_days": 14})
    crm.occasions.add(firm.id, {"kind": "store_opening", "title": "Too late", "month": 12, "day": 24})
    crm.occasions.add(firm.id, {"kind": "wedding", "title": "Yesterday", "month": 8, "day": 31})
    crm.occasions.add(firm.id, {"kind": "custom", "title": "Grandmother's 80th", "calendar": "lunar",
                                "month": 9, "day": 9, "contact_id": contact.id})
    crm.customers.create({"name": "Not exported", "birth_month": 9, "birth_day": 2})
    path = tmp_path / "occasions.xlsx"
    export(crm, path, [mei.id, firm.id])

    mid_autumn = LunarDate(2026, 8, 15).to_solar_date()
    double_ninth = LunarDate(2026, 9, 9).to_solar_date()
    assert mid_autumn == dt.date(2026, 9, 25) and double_ninth == dt.date(2026, 10, 18)
    ws = openpyxl.load_workbook(path)["Occasions"]
    assert ws.freeze_panes == "C2"
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    got = [(r[1], r[2], r[3], r[4], r[5].date(), r[6], r[7], r[8]) for r in rows]
    assert got == [
        ("Acme Ltd", "Birthday", None, "Sam Jones", dt.date(2026, 9, 3), 2, 7, None),
        ("Li Mei", "Birthday", None, None, mid_autumn, 24, 7, "8-15"),
        ("Acme Ltd", "Occasion", "Grandmother's 80th", "Sam Jones", double_ninth, 47, 7, "9-9"),
        ("Acme Ltd", "Company anniversary", "Founded", None, dt.date(2026, 10, 20), 49, 14, None),
    ]
    assert ws.cell(2, 6).is_date and ws.cell(2, 6).number_format == "yyyy-mm-dd"

    shorter = tmp_path / "short.xlsx"
    export(crm, shorter, [mei.id, firm.id], occasions_days=10)
    assert [r[1] for r in openpyxl.load_workbook(shorter)["Occasions"].iter_rows(min_row=2, values_only=True)] == [
        "Acme Ltd"]
    none = tmp_path / "none.xlsx"
    assert export(crm, none, [mei.id], occasions_days=None).sheets == ("Field sheet",)
    assert "Occasions" not in openpyxl.load_workbook(none).sheetnames


# ----- reading a filled sheet back ----------------------------------------------------------------

def test_read_rows_returns_what_the_manager_filled_in(crm, book, tmp_path):
    path = tmp_path / "visit.xlsx"
    export(crm, path, book)
    wb = openpyxl.load_workbook(path)
    ws = wb["Field sheet"]
    # Anna (row 2): a visit typed as a date, a new phone typed as a number
    ws.cell(2, COL["visit_date"]).value = dt.date(2026, 9, 3)
    ws.cell(2, COL["kind"]).value = "Visit"
    ws.cell(2, COL["summary"]).value = "  Signed the autumn order  "
    ws.cell(2, COL["next_step"]).value = "Send the contract"
    ws.cell(2, COL["next_date"]).value = dt.datetime(2026, 9, 10)
    ws.cell(2, COL["new_phone"]).value = 13812345678
    # Boris (row 3) left blank; Chen (row 4): a kind word in other case, new e-mail and address
    ws.cell(4, COL["kind"]).value = "complaint follow-up"
    ws.cell(4, COL["summary"]).value = "=looks like a formula"
    ws.cell(4, COL["summary"]).data_type = "s"
    ws.cell(4, COL["new_email"]).value = "chen@wei.cn"
    ws.cell(4, COL["new_address"]).value = "1 Nanjing Road"
    ws.cell(4, COL["new_mobile"]).value = "  "  # only spaces: nothing filled
    wb.save(path)

    meta = recognise(path)
    rows = read_rows(path, meta)
    assert [(r.sheet, r.row, r.customer_id) for r in rows] == [("Field sheet", 2, book[0]), ("Field sheet", 4, book[2])]
    anna, chen = rows
    assert anna.version == crm.customers.get(book[0]).version
    assert anna.filled == {"visit_date": dt.date(2026, 9, 3), "kind": "visit", "summary": "Signed the autumn order",
                           "next_step": "Send the contract", "next_date": dt.date(2026, 9, 10),
                           "phone": "13812345678"}
    assert anna.exported == {"code": crm.customers.get(book[0]).code, "name": "Anna Berg",
                             "phone": "+358 9 123 4567", "mobile": None, "email": "anna@berg.fi",
                             "address": "Mannerheimintie 1"}
    assert anna.problems == ()
    assert chen.filled == {"kind": "complaint_follow_up", "summary": "=looks like a formula",
                           "email": "chen@wei.cn", "address": "1 Nanjing Road"}
    assert chen.problems == ()


def test_unreadable_cells_are_reported_not_guessed(crm, book, tmp_path):
    path = tmp_path / "visit.xlsx"
    export(crm, path, book, occasions_days=None)
    wb = openpyxl.load_workbook(path)
    ws = wb["Field sheet"]
    ws.cell(2, COL["visit_date"]).value = "tomorrow"
    ws.cell(2, COL["kind"]).value = "Telepathy"
    ws.cell(2, COL["summary"]).value = "Talked"
    ws.cell(3, COL["visit_date"]).value = "03/04/2026"  # day/month or month/day?
    ws.cell(3, COL["next_date"]).value = "25.09.2026"  # unambiguous text dates are read
    ws.cell(4, COL["visit_date"]).value = "2026-09-04"
    ws.cell(4, COL["next_date"]).value = "13/09/2026"
    ws.cell(6, COL["summary"]).value = "typed below the customers"
    wb.save(path)

    rows = read_rows(path, recognise(path))
    assert [r.row for r in rows] == [2, 3, 4, 6]
    first, second, third, stray = rows
    assert first.filled == {"summary": "Talked"}
    assert [label for label, _ in first.problems] == ["Visit date", "Kind"]
    assert "“tomorrow” is not a date" in first.problems[0][1]
    assert "Visit, " in first.problems[1][1] and "Complaint follow-up" in first.problems[1][1]
    assert second.filled == {"next_date": dt.date(2026, 9, 25)}
    assert second.problems[0][0] == "Visit date" and "two ways" in second.problems[0][1]
    assert third.filled == {"visit_date": dt.date(2026, 9, 4), "next_date": dt.date(2026, 9, 13)}
    assert stray.customer_id == 0 and stray.problems[-1][0] == "Customer id"


def test_a_renamed_sheet_or_a_newer_layout_is_a_file_problem(crm, book, tmp_path):
    path = tmp_path / "visit.xlsx"
    export(crm, path, book, occasions_days=None)
    meta = recognise(path)
    wb = openpyxl.load_workbook(path)
    wb["Field sheet"].title = "Mine"
    wb.save(path)
    with pytest.raises(FileProblem, match="renamed or removed"):
        read_rows(path, meta)
    newer = type(meta)(export_id=meta.export_id, exported_at=meta.exported_at, layout=LAYOUT + 1,
                       sheets=meta.sheets)
    with pytest.raises(FileProblem, match="newer version"):
        read_rows(path, newer)


# ----- progress, cancelling, errors ---------------------------------------------------------------

def test_progress_is_reported_per_chunk(crm, book, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "CHUNK", 2)
    seen = []
    ExportService(crm).field_sheet(tmp_path / "p.xlsx", book, progress=lambda *a: seen.append(a))
    assert seen == [(0, 3, "exporting"), (2, 3, "exporting"), (3, 3, "exporting")]


def test_cancel_leaves_no_file_and_keeps_an_existing_one(crm, book, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "CHUNK", 1)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "visit.xlsx"
    path.write_bytes(b"the sheet from last week")
    asked = []

    def should_stop():
        asked.append(1)
        return len(asked) >= 2  # after the first chunk

    with pytest.raises(Stopped):
        ExportService(crm).field_sheet(path, book, should_stop=should_stop)
    assert path.read_bytes() == b"the sheet from last week"
    assert [p.name for p in folder.iterdir()] == ["visit.xlsx"]

    fresh = folder / "fresh.xlsx"
    with pytest.raises(Stopped):
        ExportService(crm).field_sheet(fresh, book, should_stop=lambda: True)
    assert [p.name for p in folder.iterdir()] == ["visit.xlsx"]

    # a successful export replaces the old file
    result = ExportService(crm).field_sheet(path, book)
    assert recognise(path).export_id == result.export_id


def test_writing_errors_name_the_file(crm, book, tmp_path, monkeypatch):
    missing = tmp_path / "no such folder" / "visit.xlsx"
    with pytest.raises(CrmError, match=re.escape(str(missing))) as err:
        export(crm, missing, book)
    assert "does not exist" in str(err.value)

    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "visit.xlsx"
    path.write_bytes(b"open in Excel")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(export_module.os, "replace", locked)
    with pytest.raises(CrmError, match="open in Excel") as err:
        export(crm, path, book)
    assert str(path) in str(err.value)
    assert path.read_bytes() == b"open in Excel"
    assert [p.name for p in folder.iterdir()] == ["visit.xlsx"]


# ----- command-line filters -----------------------------------------------------------------------

def test_ids_for_filters_and_codes(crm, tmp_path):
    crm.managers.create("olga", "Olga Ivanova")
    made = {}
    for name, tier, manager in (("Dora", "A", "olga"), ("Abel", "A", None), ("Cleo", "B", "olga"),
                                ("Bert", None, "olga"), ("Eve", "A", "olga")):
        data = {"name": name} | ({"tier": tier} if tier else {}) | ({"manager": manager} if manager else {})
        made[name] = crm.customers.create(data)[0]
    today = dt.date(2026, 9, 1)
    with crm.session() as s:  # everybody was added long ago
        s.execute(update(Customer).values(created_at=dt.datetime(2025, 1, 1)))
        s.commit()
    # tier A calls every 14 days: Dora was called 10 days ago, Eve 2 days ago, Abel never
    crm.care.log(made["Dora"].id, "call", summary="x", happened_at=dt.datetime(2026, 8, 22, 10))
    crm.care.log(made["Eve"].id, "visit", summary="x", happened_at=dt.datetime(2026, 8, 30, 10))
    crm.care.log(made["Cleo"].id, "call", summary="x", happened_at=dt.datetime(2026, 8, 25, 10))

    def names(ids):
        return [next(n for n, r in made.items() if r.id == i) for i in ids]

    assert names(ids_for(crm)) == ["Abel", "Bert", "Cleo", "Dora", "Eve"]
    assert names(ids_for(crm, manager_login="olga")) == ["Bert", "Cleo", "Dora", "Eve"]
    assert names(ids_for(crm, tier="A")) == ["Abel", "Dora", "Eve"]
    assert names(ids_for(crm, tier="")) == ["Bert"]
    assert names(ids_for(crm, due_within_days=0, today=today)) == ["Abel"]
    assert names(ids_for(crm, due_within_days=7, today=today)) == ["Abel", "Dora"]
    assert names(ids_for(crm, due_within_days=30, today=today)) == ["Abel", "Cleo", "Dora", "Eve"]
    assert names(ids_for(crm, due_within_days=7, manager_login="olga", today=today)) == ["Dora"]
    codes = [made["Eve"].code, made["Abel"].code, made["Cleo"].code]
    assert names(ids_for(crm, codes=codes)) == ["Eve", "Abel", "Cleo"]
    assert names(ids_for(crm, codes=codes, tier="A")) == ["Eve", "Abel"]
    with pytest.raises(CrmError, match="C9999998, C9999999"):
        ids_for(crm, codes=[made["Eve"].code, "C9999998", "C9999999"])
    with pytest.raises(CrmError, match="no tier 'Z'"):
        ids_for(crm, tier="Z")
    with pytest.raises(NotFoundError):
        ids_for(crm, manager_login="nobody")


# ----- text stays text ----------------------------------------------------------------------------

NASTY = ["=1+1", "=HYPERLINK(\"http://evil\",\"x\")", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
         "=cmd|' /C calc'!A0", "<r>x</r>", "<r></r></is><f>1+1</f><is><r></r>", "_x0041_", "\x00\x01\x08\x0b\x1f",
         "\ufffe", "a\r\nb", " lead", "trail ", "0012", "1e5", "TRUE", "#N/A", "http://x.com", "&<>\"'"]
PREFIXES = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "<r>", "_x000D_", ""])
TEXTS = st.one_of(
    st.builds(lambda p, s: p + s, PREFIXES, st.text(max_size=40)),
    st.builds(lambda s: "<r>" + s + "</r>", st.text(max_size=20)),
    st.sampled_from(NASTY),
)


def _round_trip(values: list[str], folder: Path) -> None:
    path = folder / "t.xlsx"
    writer = FieldSheetWriter(path, export_id="0" * 32, exported_at=dt.datetime(2026, 1, 1))
    sheet = writer.add_sheet("S")
    for i, v in enumerate(values):
        writer.add_customer(sheet, (v, v, v, v, v, v, v, v, v, v, None, v, 0, i + 1, 1))
    writer.add_occasions([(v, v, v, v, v, dt.date(2026, 1, 1), 0, 7, v) for v in values])
    plain = writer._wb.add_worksheet("Plain")  # the path headers and the identity sheet take
    for i, v in enumerate(values):
        if v:
            writer.text(plain, i, 0, v)
    writer.close()
    expected = [v.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd") or None for v in values]
    text_cols = [c for c in range(12) if c != 10]

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[\s>/]", z.read(name)), name

    # (sheet, first row, text columns), 0-based
    places = [("S", 1, text_cols), ("Occasions", 1, [0, 1, 2, 3, 4, 8]), ("Plain", 0, [0])]
    wb = openpyxl.load_workbook(path)  # not read-only: the full reader
    calamine = CalamineWorkbook.from_path(str(path))
    for title, first, cols in places:
        ws = wb[title]
        grid = calamine.get_sheet_by_name(title).to_python(skip_empty_area=False)
        for i, want in enumerate(expected, start=first):
            for c in cols:
                cell = ws.cell(i + 1, c + 1)
                assert cell.data_type != "f"
                got = cell.value
                # openpyxl keeps the _xHHHH_ escapes of inline strings as they are; Excel decodes them
                assert (unescape(got) if isinstance(got, str) else got) == want, (title, repr(want), repr(got))
                got = grid[i][c] if i < len(grid) and c < len(grid[i]) else ""
                assert (got if got != "" else None) == want, (title, repr(want), repr(got))

    rows = {r.customer_id: r for r in read_rows(path, recognise(path))}
    assert rows == {}  # nothing was filled in: nothing to import


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=12))
def test_text_is_never_written_as_a_formula(values):
    with tempfile.TemporaryDirectory() as folder:
        _round_trip(values, Path(folder))


def test_nasty_texts_survive_the_whole_export(crm, tmp_path):
    names = [text for text in NASTY if text.strip("\x00\x01\x08\x0b\x1f\ufffe")]  # a name needs a letter
    ids = [crm.customers.create({"name": text, "company": text})[0].id for text in names]
    path = tmp_path / "nasty.xlsx"
    export(crm, path, ids)
    stored = {i: crm.customers.get(i) for i in ids}
    wb = openpyxl.load_workbook(path)
    ws = wb["Field sheet"]
    for r in range(2, len(ids) + 2):
        cid = ws.cell(r, COL["customer_id"]).value
        assert unescape(ws.cell(r, COL["name"]).value) == stored[cid].name
        assert unescape(ws.cell(r, COL["company"]).value) == stored[cid].company
        ws.cell(r, COL["kind"]).value = "Call"
    wb.save(path)
    back = read_rows(path, recognise(path))
    assert [r.customer_id for r in back] == ids
    for row in back:
        assert row.exported["name"] == stored[row.customer_id].name.strip()
