"""Importing files as customers, purchases and care events: real-world files, generated ones, the
all-or-nothing rule, test imports, cancel, undo, matching, saved mappings.

Each test runs on a SQLite file and on PostgreSQL (the ``crm`` fixture).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop_crm.errors import CrmError, FileProblem
from desktop_crm.io.plan import ImportOptions, ImportRejected
from desktop_crm.models import AuditLog, CareEvent, ContactPerson, Customer, ImportBatch, Manager, Purchase
from desktop_crm.services.id_order import Stopped


def _count(crm, model, *where) -> int:
    with crm.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _xlsx(path, rows, title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _sheet_rows(path, sheet):
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [r for r in wb[sheet].iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    wb.close()
    return rows


# ----- real-world files ------------------------------------------------------------------------

def test_customers_then_activity_log_of_one_workbook(crm, realworld):
    path = realworld / "customers_with_activity_log.xlsx"
    customers = _sheet_rows(path, "Customers")[1:]
    log = _sheet_rows(path, "Activity Log")[1:]

    first = crm.imports.run(path, ImportOptions(sheet="Customers", kind="customers"))
    assert first.plan.counts.new == len(customers) == _count(crm, Customer)
    assert not first.plan.errors
    sample = customers[0]
    record = crm.customers.by_code(sample[0])  # the UUID became the code
    assert (record.name, record.email, record.company) == (sample[1], sample[2], sample[4])
    statuses = {crm.customers.by_code(r[0]).status for r in customers}
    assert statuses <= {"active", "prospect", "lost", "dormant"} and len(statuses) > 1

    second = crm.imports.run(path, ImportOptions(sheet="Activity Log", kind="care"))
    assert second.plan.counts.care_events == len(log) == _count(crm, CareEvent)
    for log_id, customer_uuid, action, notes, stamp in log[:5]:
        history = crm.care.history(crm.customers.by_code(customer_uuid).id)
        assert any(e.summary == notes and e.happened_at == dt.datetime.fromisoformat(stamp) for e in history)

    again = crm.imports.run(path, ImportOptions(sheet="Activity Log", kind="care"))
    assert again.plan.counts.care_events == 0 and again.plan.counts.unchanged == len(log)
    assert _count(crm, CareEvent) == len(log)
    again = crm.imports.run(path, ImportOptions(sheet="Customers", kind="customers"))
    assert again.plan.counts.new == 0 and again.plan.counts.unchanged == len(customers)


def test_persian_phone_stored_as_number_gets_its_zero_back_with_a_warning(crm, realworld):
    path = realworld / "customers_persian_numeric_phone.xlsx"
    result = crm.imports.run(path, ImportOptions(phone_region="IR"))
    assert result.plan.counts.new == 1
    warning = [w for w in result.plan.warnings if w.column == "Phone"]
    assert warning and warning[0].row == 2 and "0" in warning[0].message
    customer = crm.customers.get(crm.customers.ids()[0])
    assert customer.name == "مهدی"
    assert customer.mobile or customer.phone
    number = customer.phone or customer.mobile
    assert number.startswith("0") and number.endswith("9138753179")
    assert (customer.phone_e164 or customer.mobile_e164) == "+989138753179"


def test_russian_surnames_and_first_names_combine_and_phones_read_as_russian(crm, realworld):
    path = realworld / "clients_russian_phone_as_number.xlsx"
    rows = _sheet_rows(path, "Worksheet")[1:]
    plan = crm.imports.plan(path)  # the team's region is China: the names suggest Russia
    assert plan.region_hint == "RU"
    result = crm.imports.run(path, ImportOptions(phone_region="RU"))
    assert result.plan.counts.new == len(rows) == 300
    surname, given, phone = rows[0]
    found = crm.customers.search(f"{given} {surname}").rows
    assert found and found[0].name == f"{given} {surname}"
    record = crm.customers.get(found[0].id)
    assert (record.phone_e164 or record.mobile_e164) == f"+7{int(phone)}"
    assert ".0" not in (record.phone or record.mobile)


def test_chinese_sales_sheet_with_managers_created_on_request(crm, realworld):
    path = realworld / "sales_by_manager_chinese.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[wb.sheetnames[0]]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] not in (None, "")]
    wb.close()
    managers = {r[1] for r in rows if r[1]}
    plan = crm.imports.plan(path)
    assert plan.kind == "customers"
    assert plan.mapping[plan.headers.index("客户名")] == "name"
    assert plan.mapping[plan.headers.index("业务员")] == "manager"
    assert set(plan.unknown_managers) == managers
    result = crm.imports.run(path, ImportOptions(create_managers=True))
    assert result.plan.counts.new == len(rows)
    assert result.plan.counts.managers == len(managers)
    with crm.session() as s:
        names = set(s.scalars(select(Manager.name)))
        assert managers <= names
        first = s.scalar(select(Customer).where(Customer.name == str(rows[0][0])))
        assert first.manager.name == rows[0][1]


@pytest.mark.slow
def test_online_retail_purchase_history(crm, realworld):
    """Lines without a CustomerID are left out (a purchase must belong to a customer);
    cancellations (invoice C…, negative quantity) are kept as negative lines."""
    path = realworld / "online_retail_purchases_40k.xlsx"
    lines = _sheet_rows(path, "Sheet1")[1:]
    with_customer = [r for r in lines if r[6] not in (None, "")]
    customers = {str(int(r[6])) for r in with_customer}
    cancellations = [r for r in with_customer if str(r[0]).startswith("C") or r[3] < 0]
    expected_total = sum(Decimal(str(r[5])) * Decimal(str(r[3])) for r in with_customer)

    result = crm.imports.run(path, ImportOptions(kind="purchases", currency="GBP"))
    counts = result.plan.counts
    assert counts.skipped == len(lines) - len(with_customer) > 0
    assert counts.purchases == len(with_customer) == _count(crm, Purchase)
    assert counts.new == len(customers) == _count(crm, Customer)
    assert cancellations and _count(crm, Purchase, Purchase.amount < 0) == len(cancellations)
    with crm.session() as s:
        total = s.scalar(select(func.sum(Purchase.amount)))
        currencies = set(s.scalars(select(Purchase.currency).distinct()))
    assert abs(Decimal(str(total)) - expected_total) <= Decimal("0.01") * len(with_customer) / 100
    assert currencies == {"GBP"}
    uk = crm.customers.by_code(str(int(with_customer[0][6])))
    assert uk.country == {"United Kingdom": "GB"}.get(with_customer[0][7], uk.country)

    again = crm.imports.run(path, ImportOptions(kind="purchases", currency="GBP"))
    assert again.plan.counts.purchases == 0 and again.plan.counts.unchanged == len(with_customer)
    assert _count(crm, Purchase) == len(with_customer)


def test_truncated_workbook_is_refused_and_nothing_is_written(crm, realworld):
    path = realworld / "truncated_workbook.xlsx"
    with pytest.raises(FileProblem) as err:
        crm.imports.run(path)
    assert path.name in str(err.value)
    assert _count(crm, Customer) == 0 and _count(crm, ImportBatch) == 0


# ----- generated files -------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, rows", [
    ("gbk", [["客户名称", "手机", "城市"], ["张伟", "13800138000", "北京"], ["李娜", "13912345678", "上海"]]),
    ("cp1251", [["ФИО", "Телефон", "Город"], ["Иван Петров", "+7 916 123-45-67", "Москва"],
                ["Ольга Смирнова", "+7 903 765-43-21", "Казань"]]),
])
def test_csv_in_legacy_encodings(crm, tmp_path, encoding, rows):
    path = tmp_path / f"list-{encoding}.csv"
    path.write_bytes("\r\n".join(";".join(r) for r in rows).encode(encoding))
    result = crm.imports.run(path)
    assert result.plan.counts.new == 2
    names = {crm.customers.get(i).name for i in crm.customers.ids()}
    assert names == {rows[1][0], rows[2][0]}
    assert crm.customers.search(rows[1][2]).rows  # the city came through readable


def test_title_rows_above_the_header(crm, tmp_path):
    path = _xlsx(tmp_path / "titled.xlsx", [
        ["Customer list, spring 2026"], [None], ["Name", "E-mail", "City"],
        ["Anna Virtanen", "anna@example.fi", "Helsinki"], ["Kim Minji", "minji@example.kr", "Seoul"],
    ])
    plan = crm.imports.plan(path)
    assert plan.header_row == 2 and plan.headers[:3] == ["Name", "E-mail", "City"]
    assert [p.row for p in plan.preview] == [4, 5]
    crm.imports.run(path)
    assert crm.customers.search("anna@example.fi").rows[0].name == "Anna Virtanen"


def test_ambiguous_dates_are_flagged_until_the_order_is_chosen(crm, tmp_path):
    path = _xlsx(tmp_path / "birthdays.xlsx", [
        ["Name", "Birthday"], ["A One", "03/04/1985"], ["B Two", "25/12/1990"],
    ])
    with pytest.raises(ImportRejected) as err:
        crm.imports.run(path)
    errors = err.value.plan.errors
    assert [(e.row, e.column) for e in errors] == [(2, "Birthday")]
    assert "03/04/1985" in errors[0].message
    assert _count(crm, Customer) == 0

    crm.imports.run(path, ImportOptions(date_order="dmy"))
    a = crm.customers.search("A One").rows[0]
    assert (crm.customers.get(a.id).birth_month, crm.customers.get(a.id).birth_day) == (4, 3)


def test_lunar_birthday_text_becomes_a_lunar_birthday(crm, tmp_path):
    path = _xlsx(tmp_path / "lunar.xlsx", [["姓名", "生日"], ["王芳", "农历八月十五"]])
    crm.imports.run(path)
    record = crm.customers.get(crm.customers.ids()[0])
    assert (record.birth_calendar, record.birth_month, record.birth_day) == ("lunar", 8, 15)


def test_zip_bomb_is_refused_quickly(crm, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 24)
            for _ in range(10):  # 160 MiB of zeros in a few hundred KB: packed over 1000:1
                member.write(block)
    with pytest.raises(FileProblem):
        crm.imports.run(path)
    assert _count(crm, ImportBatch) == 0


def test_duplicates_inside_the_file_name_both_rows(crm, tmp_path):
    path = _xlsx(tmp_path / "dups.xlsx", [
        ["Code", "Name"], ["K1", "First"], ["K2", "Second"], ["K1", "First again"],
    ])
    with pytest.raises(ImportRejected) as err:
        crm.imports.run(path)
    [error] = err.value.plan.errors
    assert error.row == 4 and "row 2" in error.message


def test_all_or_nothing_and_skipping_bad_rows(crm, tmp_path):
    path = _xlsx(tmp_path / "mixed.xlsx", [
        ["Name", "Tier"], ["Good One", "A"], ["Bad Tier", "Platinum-X"], ["Good Two", "C"],
    ])
    with pytest.raises(ImportRejected):
        crm.imports.run(path)
    assert _count(crm, Customer) == 0 and _count(crm, ImportBatch) == 0
    result = crm.imports.run(path, ImportOptions(skip_bad_rows=True))
    assert (result.plan.counts.new, result.plan.counts.rejected) == (2, 1)
    tiers = {crm.customers.get(i).name: crm.customers.get(i).tier for i in crm.customers.ids()}
    assert tiers == {"Good One": "A", "Good Two": "C"}


def test_test_import_writes_nothing(crm, tmp_path):
    path = _xlsx(tmp_path / "two.xlsx", [["Name", "Mobile"], ["Li Lei", "13800138000"], ["Han Meimei", "13900139000"]])
    result = crm.imports.run(path, dry_run=True)
    assert not result.written and result.batch_id is None
    assert result.plan.counts.new == 2
    assert _count(crm, Customer) == 0 and _count(crm, ImportBatch) == 0


def test_cancel_while_writing_leaves_the_database_as_it_was(crm, tmp_path):
    crm.customers.create({"name": "Already Here", "code": "OLD1"})
    path = _xlsx(tmp_path / "many.xlsx", [["Name"]] + [[f"Person {i}"] for i in range(12_000)])
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 9  # past the reading and checking: inside the writing
    with pytest.raises(Stopped):
        crm.imports.run(path, should_stop=stop)
    assert _count(crm, Customer) == 1 and _count(crm, ImportBatch) == 0


def test_existing_customers_are_matched_by_code_phone_or_email_and_updated(crm, tmp_path):
    by_code, _ = crm.customers.create({"name": "Code Match", "code": "M1", "city": "Oulu"})
    by_phone, _ = crm.customers.create({"name": "Phone Match", "mobile": "13800138000"})
    by_mail, _ = crm.customers.create({"name": "Mail Match", "email": "mail@example.com"})
    path = _xlsx(tmp_path / "update.xlsx", [
        ["Code", "Name", "Mobile", "Email", "City"],
        ["M1", None, None, None, "Tampere"],
        [None, "Phone Match", "138 0013 8000", None, "Turku"],
        [None, "Mail Match", None, "MAIL@example.com", None],
        [None, "Brand New", "13700137000", None, "Espoo"],
    ])
    result = crm.imports.run(path)
    counts = result.plan.counts
    assert (counts.new, counts.updated, counts.unchanged) == (1, 2, 1)
    assert crm.customers.get(by_code.id).city == "Tampere"
    assert crm.customers.get(by_code.id).name == "Code Match"  # an empty cell erases nothing
    assert crm.customers.get(by_phone.id).city == "Turku"
    assert _count(crm, Customer) == 4
    with crm.session() as s:
        logged = s.execute(select(AuditLog.field, AuditLog.old_value, AuditLog.new_value).where(
            AuditLog.entity_id == by_code.id, AuditLog.import_batch_id == result.batch_id)).all()
    assert ("city", "Oulu", "Tampere") in logged


def test_undo_takes_an_import_back(crm, tmp_path):
    old, _ = crm.customers.create({"name": "Kept", "code": "K1", "city": "Oulu"})
    path = _xlsx(tmp_path / "u.xlsx", [
        ["Code", "Name", "City", "Contact person"], ["K1", "Kept", "Vaasa", None], ["N1", "New Co", "Lahti", "Eva"],
    ])
    result = crm.imports.run(path)
    assert _count(crm, Customer) == 2 and _count(crm, ContactPerson) == 1
    crm.imports.undo(result.batch_id)
    assert _count(crm, Customer) == 1 and _count(crm, ContactPerson) == 0
    assert crm.customers.get(old.id).city == "Oulu"
    assert not crm.customers.search("New Co").rows
    assert [b.status for b in crm.imports.batches()] == ["undone"]
    with pytest.raises(CrmError):
        crm.imports.undo(result.batch_id)


def test_undo_is_refused_when_imported_customers_were_edited_since(crm, tmp_path):
    path = _xlsx(tmp_path / "e.xlsx", [["Name"], ["Edited Later"]])
    result = crm.imports.run(path)
    record = crm.customers.get(crm.customers.ids()[0])
    crm.customers.update(record.id, {"city": "Pori"}, record.version)
    with pytest.raises(CrmError) as err:
        crm.imports.undo(result.batch_id)
    assert "edited" in str(err.value)
    assert _count(crm, Customer) == 1


def test_saved_mapping_is_offered_again_for_the_same_headers(crm, tmp_path):
    rows = [["Kundnamn", "Stad"], ["Erik Larsson", "Uppsala"]]
    path = _xlsx(tmp_path / "m.xlsx", rows)
    plan = crm.imports.plan(path, ImportOptions(kind="customers", mapping={0: "name", 1: "city"}))
    crm.imports.save_mapping("Swedish list", "customers", plan.headers, plan.mapping)
    again = crm.imports.plan(_xlsx(tmp_path / "m2.xlsx", rows), ImportOptions(kind="customers"))
    assert again.mapping_name == "Swedish list" and again.mapping[:2] == ["name", "city"]


def test_care_log_for_an_unknown_customer_is_rejected(crm, tmp_path):
    path = _xlsx(tmp_path / "log.xlsx", [["Customer ID", "Action", "Notes", "Timestamp"],
                                         ["NOPE", "Call", "Asked about prices", "2026-01-05 10:00:00"]])
    with pytest.raises(ImportRejected) as err:
        crm.imports.run(path, ImportOptions(kind="care"))
    assert "NOPE" in err.value.plan.errors[0].message


# ----- the field sheet round trip ----------------------------------------------------------------

def _fill(path, fills: dict[str, dict[str, object]]):
    """Fill a field sheet as a manager would in Excel: by header, on the row of each customer code."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Field sheet"]
    headers = {cell.value: cell.column for cell in ws[1]}
    for row in ws.iter_rows(min_row=2):
        code = row[headers["Code"] - 1].value
        for label, value in fills.get(code, {}).items():
            ws.cell(row=row[0].row, column=headers[label], value=value)
    wb.save(path)


def test_field_sheet_round_trip(crm, tmp_path):
    from desktop_crm.io.export import ExportOptions

    a, _ = crm.customers.create({"name": "Anna Virtanen", "code": "F1", "mobile": "13800138000",
                                 "address": "Old street 1"})
    b, _ = crm.customers.create({"name": "Boris Ivanov", "code": "F2", "mobile": "13900139000"})
    c, _ = crm.customers.create({"name": "Chen Jie", "code": "F3"})
    path = tmp_path / "field.xlsx"
    crm.exports.field_sheet(path, [a.id, b.id, c.id], ExportOptions(occasions_days=None))
    _fill(path, {
        "F1": {"Visit date": dt.datetime(2026, 11, 20), "Kind": "Visit", "Result / summary": "Talked about the new line",
               "Next step": "Send samples", "Next date": dt.datetime(2026, 12, 1), "New mobile": 13700137000,
               "New address": "New street 5"},
        "F2": {"Visit date": dt.datetime(2026, 11, 21), "Kind": "Call", "Result / summary": "All fine",
               "New mobile": "13600136000"},
    })
    # Back at the desk, someone changed Boris's mobile after the export.
    now = crm.customers.get(b.id)
    crm.customers.update(b.id, {"mobile": "13500135000"}, now.version)

    plan = crm.imports.plan(path)
    assert plan.kind == "field_sheet"
    assert plan.counts.care_events == 2 and plan.counts.updated == 1
    [conflict] = plan.conflicts
    assert (conflict.code, conflict.field, conflict.database, conflict.sheet) == ("F2", "mobile", "13500135000", "13600136000")

    result = crm.imports.run(path)  # the conflict keeps the database value unless chosen otherwise
    anna = crm.customers.get(a.id)
    assert (anna.mobile, anna.mobile_e164, anna.address) == ("13700137000", "+8613700137000", "New street 5")
    assert crm.customers.get(b.id).mobile == "13500135000"
    visits = crm.care.history(a.id)
    assert [(e.kind, e.summary, e.next_step, e.next_due, e.source) for e in visits] == [
        ("visit", "Talked about the new line", "Send samples", dt.date(2026, 12, 1), "field_sheet")]
    assert crm.customers.get(a.id).last_visit_at == dt.datetime(2026, 11, 20)
    assert crm.care.history(b.id)[0].kind == "call"
    assert crm.care.history(c.id) == []

    again = crm.imports.run(path)  # the same sheet again adds nothing
    assert again.plan.counts.care_events == 0 and again.plan.counts.updated == 0
    assert _count(crm, CareEvent) == 2

    crm.imports.undo(result.batch_id)
    assert crm.customers.get(a.id).address == "Old street 1" and _count(crm, CareEvent) == 0
    taken = crm.imports.run(path, ImportOptions(conflicts={(b.id, "mobile"): "sheet"}))
    assert crm.customers.get(b.id).mobile == "13600136000"
    assert taken.plan.counts.care_events == 2
