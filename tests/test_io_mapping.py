"""Which column is which field: header synonyms, content guesses, kinds and signatures (desktop_crm/io/mapping.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.io import mapping
from desktop_crm.io.mapping import FIELDS, KINDS, FieldSpec

ALLOWED_KINDS = {"text", "phone", "email", "date", "amount", "number", "tier", "status", "care_kind", "country",
                 "manager", "code", "datetime"}

# The header rows of the files in shared/realworld, as they are.
CUSTOMERS_SHEET = ["ID", "Full Name", "Email", "Phone", "Company", "Status", "Deal Value", "Tags", "Created Date",
                   "Last Updated"]
ACTIVITY_SHEET = ["Log ID", "Customer ID", "Action", "Notes", "Timestamp"]
RUSSIAN_SHEET = ["Фамилия", "Имя", "Номер телефона"]
PERSIAN_SHEET = ["Name", "Phone"]
RETAIL_SHEET = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
                "Country"]
CHINESE_SHEET = ["客户名", "业务员", "活跃订阅", "IP数", "国家分布", "中转数", "5/1-5/31消费", "单IP消费", "视频专线消费",
                 "直播专线消费", "3/30-4/30消费", "成交价", "销售成本", "5/1-5/31利润", "3/30-4/30利润", "余额", "注册时间",
                 "", ""]
CHINESE_ROWS = [
    ["tk阔境", "孟洋", 3.0, 3.0, "美国×1", 3.0, 1794.0, 0.0, 1794.0, 0.0, 0.0, 1794.0, 1152.0, 642.0, 0.0, 3.0,
     dt.date(2026, 5, 30), "", ""],
    ["方思远", "孟洋", 1.0, 1.0, "日本×1", 1.0, 500.0, 0.0, 0.0, 500.0, 0.0, 500.0, 283.0, 217.0, 0.0, 0.0,
     dt.date(2026, 5, 19), "", ""],
    ["hcgj0821", "孟洋", 9.0, 9.0, "美国×6/英国×4", 0.0, 470.0, 580.0, 0.0, 0.0, 0.0, 470.0, 225.0, 245.0, 0.0, 75.0,
     dt.date(2026, 5, 23), "", "实际消费55"],
]


@pytest.mark.parametrize("kind, headers, expected", [
    ("customers", CUSTOMERS_SHEET,
     ["code", "name", "email", "phone", "company", "status", None, "custom", None, None]),
    ("care", ACTIVITY_SHEET, ["reference", "customer_code", "care_kind", "summary", "happened_at"]),
    ("customers", RUSSIAN_SHEET, ["surname", "given_name", "phone"]),
    ("customers", PERSIAN_SHEET, ["name", "phone"]),
    ("purchases", RETAIL_SHEET,
     ["reference", "product_code", "product_name", "quantity", "purchased_on", "unit_price", "customer_code",
      "country"]),
    ("customers", CHINESE_SHEET, ["name", "manager"] + [None] * 17),
])
def test_realworld_headers(kind, headers, expected):
    assert mapping.suggest(kind, headers) == expected


def test_realworld_chinese_sheet_with_its_rows():
    """Its registration dates are recent dates, not birthdays, and its statistics are not phones."""
    assert mapping.suggest("customers", CHINESE_SHEET, CHINESE_ROWS) == ["name", "manager"] + [None] * 17


@pytest.mark.parametrize("headers, kind", [
    (CUSTOMERS_SHEET, "customers"),
    (ACTIVITY_SHEET, "care"),
    (RUSSIAN_SHEET, "customers"),
    (PERSIAN_SHEET, "customers"),
    (RETAIL_SHEET, "purchases"),
    (CHINESE_SHEET, "customers"),
    (["订单号", "商品名称", "数量", "单价", "客户名称", "日期"], "purchases"),
    (["Дата", "Клиент", "Тип", "Описание", "Результат"], "care"),
    (["Customer", "Date", "Type", "Notes"], "care"),
    (["Name", "Phone", "Email", "Birthday", "Type"], "customers"),
    ([], "customers"),
])
def test_guess_kind(headers, kind):
    assert mapping.guess_kind(headers) == kind


@pytest.mark.parametrize("kind, header, key", [
    # the must-haves
    ("customers", "客户名称", "name"),
    ("customers", "客戶名稱", "name"),
    ("customers", "客户名", "name"),
    ("customers", "姓名", "name"),
    ("customers", "业务员", "manager"),
    ("customers", "業務員", "manager"),
    ("customers", "手机", "mobile"),
    ("customers", "手機", "mobile"),
    ("customers", "电话", "phone"),
    ("customers", "電話", "phone"),
    ("customers", "Имя", "given_name"),
    ("customers", "Фамилия", "surname"),
    ("customers", "ФИО", "name"),
    ("customers", "Телефон", "phone"),
    ("customers", "Номер телефона", "phone"),
    ("customers", "이름", "name"),
    ("customers", "고객명", "name"),
    ("customers", "전화번호", "phone"),
    ("customers", "Nimi", "name"),
    ("customers", "Puhelin", "phone"),
    ("customers", "Full Name", "name"),
    ("customers", "Customer Name", "name"),
    ("customers", "Name", "name"),
    ("customers", "Email", "email"),
    ("customers", "E-mail", "email"),
    ("customers", "Phone", "phone"),
    ("customers", "Mobile", "mobile"),
    ("customers", "Company", "company"),
    ("customers", "Status", "status"),
    ("customers", "ID", "code"),
    ("customers", "Customer ID", "code"),
    ("customers", "Code", "code"),
    ("customers", "Tags", "custom"),
    ("purchases", "InvoiceNo", "reference"),
    ("purchases", "StockCode", "product_code"),
    ("purchases", "Description", "product_name"),
    ("purchases", "Quantity", "quantity"),
    ("purchases", "InvoiceDate", "purchased_on"),
    ("purchases", "UnitPrice", "unit_price"),
    ("purchases", "CustomerID", "customer_code"),
    ("purchases", "Country", "country"),
    ("care", "Log ID", "reference"),
    ("care", "Customer ID", "customer_code"),
    ("care", "Action", "care_kind"),
    ("care", "Notes", "summary"),
    ("care", "Timestamp", "happened_at"),
    # more of the same in each language
    ("customers", "Surname", "surname"),
    ("customers", "Last name", "surname"),
    ("customers", "First name", "given_name"),
    ("customers", "Sukunimi", "surname"),
    ("customers", "Etunimi", "given_name"),
    ("customers", "出生日期", "birthday"),
    ("customers", "Дата рождения", "birthday"),
    ("customers", "생년월일", "birthday"),
    ("customers", "Syntymäaika", "birthday"),
    ("customers", "客户等级", "tier"),
    ("customers", "Категория клиента", "tier"),
    ("customers", "등급", "tier"),
    ("customers", "地址", "address"),
    ("customers", "Адрес", "address"),
    ("customers", "주소", "address"),
    ("customers", "Osoite", "address"),
    ("customers", "邮箱", "email"),
    ("customers", "郵箱", "email"),
    ("customers", "Электронная почта", "email"),
    ("customers", "이메일", "email"),
    ("customers", "Sähköposti", "email"),
    ("customers", "Мобильный телефон", "mobile"),
    ("customers", "휴대폰", "mobile"),
    ("customers", "Matkapuhelin", "mobile"),
    ("customers", "公司名称", "company"),
    ("customers", "Компания", "company"),
    ("customers", "회사명", "company"),
    ("customers", "Yritys", "company"),
    ("customers", "Менеджер", "manager"),
    ("customers", "담당자", "manager"),
    ("customers", "客户经理", "manager"),
    ("customers", "备注", "notes"),
    ("customers", "備註", "notes"),
    ("customers", "Примечание", "notes"),
    ("customers", "비고", "notes"),
    ("customers", "Lisätiedot", "notes"),
    ("customers", "国家", "country"),
    ("customers", "國家", "country"),
    ("customers", "Страна", "country"),
    ("customers", "국가", "country"),
    ("customers", "Maa", "country"),
    ("customers", "联系人", "contact_name"),
    ("customers", "联系人电话", "contact_phone"),
    ("customers", "行业", "industry"),
    ("customers", "客户来源", "source"),
    ("customers", "爱好", "hobbies"),
    ("customers", "信用额度", "credit_limit"),
    ("customers", "客户类型", "customer_kind"),
    ("customers", "职位", "title"),
    ("customers", "城市", "city"),
    ("customers", "省份", "region"),
    ("customers", "状态", "status"),
    ("customers", "標籤", "custom"),
    ("purchases", "订单号", "reference"),
    ("purchases", "商品名称", "product_name"),
    ("purchases", "Количество", "quantity"),
    ("purchases", "Кол-во", "quantity"),
    ("purchases", "金额", "amount"),
    ("purchases", "金額", "amount"),
    ("purchases", "Сумма", "amount"),
    ("purchases", "단가", "unit_price"),
    ("purchases", "Артикул", "product_code"),
    ("purchases", "币种", "currency"),
    ("purchases", "客户名称", "customer_name"),
    ("purchases", "业务员", "manager"),
    ("care", "跟进方式", "care_kind"),
    ("care", "跟进内容", "summary"),
    ("care", "跟进结果", "outcome"),
    ("care", "下一步", "next_step"),
    ("care", "下次跟进时间", "next_due"),
    ("care", "Дата", "happened_at"),
    ("care", "Результат", "outcome"),
    ("care", "渠道", "channel"),
    ("care", "Email", "customer_email"),
    ("care", "Phone", "customer_phone"),
    ("care", "客户", "customer_name"),
])
def test_header_synonyms(kind, header, key):
    assert mapping.suggest(kind, [header]) == [key]


@pytest.mark.parametrize("header, key", [
    ("CUSTOMER NAME", "name"),
    ("customer_name", "name"),
    ("Customer-Name", "name"),
    ("  Customer name  ", "name"),
    ("Customer Name*", "name"),
    ("*姓名", "name"),
    ("姓 名", "name"),
    ("Ｅ－ｍａｉｌ", "email"),
    ("ＥＭＡＩＬ", "email"),
    ("Phone (work)", "phone"),
    ("电话（办公）", "phone"),
    ("Phone:", "phone"),
    ("E-mails", "email"),
    ("Ф.И.О.", "name"),
    ("ИМЯ", "given_name"),
    ("Объединённые", None),
    ("Created Date", None),
    ("Last Updated", None),
    ("Deal Value", None),
    ("", None),
    (None, None),
])
def test_headers_are_compared_normalised(header, key):
    assert mapping.suggest("customers", [header]) == [key]


def test_each_field_at_most_once_except_custom():
    headers = ["Name", "客户名称", "Tags", "标签", "Labels", "Email", "邮箱", "Status", "状态"]
    assert mapping.suggest("customers", headers) == [
        "name", None, "custom", "custom", "custom", "email", "contact_email", "status", None]


def test_a_second_phone_column_is_the_mobile():
    assert mapping.suggest("customers", ["Phone", "Телефон", "电话"]) == ["phone", "mobile", "contact_phone"]
    assert mapping.suggest("customers", ["手机", "手机号码"]) == ["mobile", "phone"]


def test_name_parts():
    assert mapping.suggest("customers", ["Имя", "Телефон"]) == ["given_name", "phone"]
    assert mapping.suggest("customers", ["Имя", "Фамилия"]) == ["given_name", "surname"]
    assert mapping.suggest("customers", ["ФИО", "Имя"]) == ["name", "given_name"]
    assert mapping.suggest("customers", ["姓", "名"]) == ["surname", "given_name"]


# ---------------------------------------------------------------------------------- content guesses

def _rows(*columns):
    return [list(row) for row in zip(*columns)]


EMAILS = ["a@x.com", "b@y.org", "c.d@z.ru", "", "e@f.fi"]
PHONES_AS_FLOATS = [9611655998.0, 9631834352.0, 9647554222.0, 9281491161.0, 9294137413.0]
PHONES_AS_TEXT = ["+7 961 165 59 98", "138 0013 8000", "(010) 1234-5678", "040-1234567", "+1-555-0123"]
BIRTHDAYS = ["12.03.1985", "1979-11-02", "3月12日", dt.date(1990, 5, 1), "农历八月十五"]
RECENT_DATES = [dt.date(2026, 5, 30), dt.date(2026, 5, 19), "2024-01-15", "2024-02-01", "2024-01-10"]
NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静"]


@pytest.mark.parametrize("kind, column, key", [
    ("customers", EMAILS, "email"),
    ("customers", PHONES_AS_FLOATS, "phone"),
    ("customers", PHONES_AS_TEXT, "phone"),
    ("customers", BIRTHDAYS, "birthday"),
    ("customers", RECENT_DATES, None),  # created / registered dates are not birthdays
    ("customers", NAMES, None),
    ("customers", [1.0, 3.0, 9.0, 1.0, 1.0], None),
    ("customers", [1794.0, 500.0, 470.0, 400.0, 400.0], None),
    ("customers", ["", "", "实际消费55", "", ""], None),
    ("care", EMAILS, "customer_email"),
    ("care", PHONES_AS_TEXT, "customer_phone"),
    ("care", RECENT_DATES, "happened_at"),
    ("care", ["2024-01-16 10:30:00", "2024-01-17 14:15:00", "2024-01-18 09:45:00"], "happened_at"),
    ("purchases", [dt.datetime(2011, 10, 30, 16, 17), dt.datetime(2011, 5, 13, 14, 58)], "purchased_on"),
    ("purchases", PHONES_AS_FLOATS, None),
])
def test_content_guesses_for_columns_without_a_known_header(kind, column, key):
    assert mapping.suggest(kind, ["Name?", "Column 2"], _rows(["x"] * len(column), column))[1] == key


def test_content_guesses_fill_phone_then_mobile_and_skip_taken_fields():
    rows = _rows(NAMES, PHONES_AS_FLOATS, PHONES_AS_TEXT, EMAILS)
    assert mapping.suggest("customers", ["姓名", "", "", ""], rows) == ["name", "phone", "mobile", "email"]
    assert mapping.suggest("customers", ["姓名", "Email", "", ""], _rows(NAMES, EMAILS, PHONES_AS_TEXT, EMAILS)) == [
        "name", "email", "phone", "contact_email"]


def test_content_is_not_guessed_for_headers_of_things_not_imported():
    rows = _rows(NAMES, BIRTHDAYS, PHONES_AS_FLOATS)
    assert mapping.suggest("customers", ["Name", "Created Date", "Deal Value"], rows) == ["name", None, None]


def test_mostly_means_mostly():
    mixed = ["a@x.com", "not an address", "also not", "b@y.com", "nope"]
    assert mapping.suggest("customers", ["", "col"], _rows(NAMES, mixed)) == [None, None]


def test_short_rows_and_empty_samples():
    assert mapping.suggest("customers", ["", "Email"], [["a"], []]) == [None, "email"]
    assert mapping.suggest("customers", ["", ""], []) == [None, None]


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        mapping.suggest("orders", ["Name"])


# ------------------------------------------------------------------------------- fields, signatures

def test_fields_are_well_formed():
    assert set(FIELDS) == set(KINDS)
    for kind, specs in FIELDS.items():
        keys = [spec.key for spec in specs]
        assert len(keys) == len(set(keys)), kind
        for spec in specs:
            assert spec.kind in ALLOWED_KINDS, (kind, spec)
            assert spec.label and spec.label[0].isupper()


@pytest.mark.parametrize("kind, keys", [
    ("customers", {"code", "name", "surname", "given_name", "company", "title", "customer_kind", "phone", "mobile",
                   "email", "address", "city", "region", "country", "birthday", "tier", "manager", "status",
                   "industry", "source", "credit_rating", "credit_limit", "hobbies", "family_notes", "notes",
                   "contact_name", "contact_role", "contact_phone", "contact_email", "custom"}),
    ("purchases", {"customer_code", "customer_name", "purchased_on", "reference", "line_ref", "product_code",
                   "product_name", "quantity", "unit_price", "amount", "currency", "country", "manager"}),
    ("care", {"customer_code", "customer_name", "customer_email", "customer_phone", "happened_at", "care_kind",
              "summary", "outcome", "next_step", "next_due", "manager", "channel", "reference"}),
])
def test_the_fields_of_each_kind(kind, keys):
    assert {spec.key for spec in FIELDS[kind]} == keys


def test_every_synonym_names_a_field_of_its_kind():
    for kind, table in mapping._SYNONYMS.items():
        assert set(table) <= {spec.key for spec in FIELDS[kind]}, kind


@pytest.mark.parametrize("kind, key, kind_of_value", [
    ("customers", "phone", "phone"), ("customers", "birthday", "date"), ("customers", "tier", "tier"),
    ("customers", "credit_limit", "amount"), ("purchases", "quantity", "number"),
    ("purchases", "unit_price", "amount"), ("purchases", "reference", "code"), ("care", "happened_at", "datetime"),
    ("care", "care_kind", "care_kind"), ("care", "next_due", "date"), ("care", "manager", "manager"),
])
def test_field(kind, key, kind_of_value):
    spec = mapping.field(kind, key)
    assert isinstance(spec, FieldSpec) and spec.key == key and spec.kind == kind_of_value


def test_field_unknown():
    with pytest.raises(KeyError):
        mapping.field("customers", "happened_at")


def test_required_fields():
    assert mapping.field("purchases", "purchased_on").required
    assert mapping.field("care", "happened_at").required
    assert not mapping.field("customers", "name").required  # Surname + Given name or Company will do


@pytest.mark.parametrize("kind, keys, expected", [
    ("customers", ["name"], []),
    ("customers", ["surname", "given_name", None], []),
    ("customers", ["email", "phone"], ["a name (Name, Surname, Given name or Company)"]),
    ("purchases", ["customer_code", "purchased_on", "amount"], []),
    ("purchases", ["customer_code"], ["Purchase date", "the price (line total or unit price)"]),
    ("care", ["customer_code", "care_kind"], ["Date and time"]),
    ("care", ["happened_at"], ["the customer (code, name, e-mail or phone)"]),
])
def test_missing(kind, keys, expected):
    assert mapping.missing(kind, keys) == expected


def test_signature_is_stable_across_runs_and_versions():
    # Saved mappings are keyed by it: changing how it is computed orphans them.
    assert mapping.signature(ACTIVITY_SHEET) == "h1-5-" + __import__("hashlib").sha1(
        "\x1f".join(["logid", "customerid", "action", "notes", "timestamp"]).encode()).hexdigest()[:16]


def test_signature_compares_headers_normalised_and_in_order():
    assert mapping.signature(["Customer Name", "E-mail"]) == mapping.signature(["customer_name", "EMAIL"])
    assert mapping.signature(["客戶名稱"]) == mapping.signature(["客户名称"])
    assert mapping.signature(["Name", "Phone"]) != mapping.signature(["Phone", "Name"])
    assert mapping.signature(["Name", "Phone"]) != mapping.signature(["Name", "Phone", "Email"])
    assert mapping.signature(CHINESE_SHEET) == mapping.signature(CHINESE_SHEET[:-2])  # blank tail columns
    assert mapping.signature(["Name", "", "Phone"]) != mapping.signature(["Name", "Phone"])


@given(st.lists(st.text(max_size=12), max_size=8))
def test_signature_is_deterministic(headers):
    first = mapping.signature(headers)
    assert first == mapping.signature(list(headers)) and first.startswith("h1-")


@given(st.lists(st.one_of(st.text(max_size=10), st.none(), st.floats(allow_nan=False), st.integers()), max_size=10),
       st.sampled_from(KINDS))
def test_suggest_never_fails_and_uses_each_field_once(headers, kind):
    keys = mapping.suggest(kind, headers)
    assert len(keys) == len(headers)
    named = [k for k in keys if k and k != "custom"]
    assert len(named) == len(set(named))
    assert set(named) <= {spec.key for spec in FIELDS[kind]}


# ------------------------------------------------------------------------------ real files, read

def _read(folder, name, sheet=0):
    path = folder / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared real-world files are not checked out)")
    calamine = pytest.importorskip("python_calamine")
    rows = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(sheet).to_python()
    return rows[0], rows[1:51]


@pytest.mark.parametrize("name, sheet, kind, expected", [
    ("customers_with_activity_log.xlsx", 0, "customers",
     ["code", "name", "email", "phone", "company", "status", None, "custom", None, None]),
    ("customers_with_activity_log.xlsx", 1, "care",
     ["reference", "customer_code", "care_kind", "summary", "happened_at"]),
    ("clients_russian_phone_as_number.xlsx", 0, "customers", ["surname", "given_name", "phone"]),
    ("customers_persian_numeric_phone.xlsx", 0, "customers", ["name", "phone"]),
    ("online_retail_purchases_40k.xlsx", 0, "purchases",
     ["reference", "product_code", "product_name", "quantity", "purchased_on", "unit_price", "customer_code",
      "country"]),
    ("sales_by_manager_chinese.xlsx", 0, "customers", ["name", "manager"] + [None] * 17),
])
def test_realworld_files_read_and_mapped(realworld, name, sheet, kind, expected):
    headers, samples = _read(realworld, name, sheet)
    assert mapping.guess_kind(headers) == kind
    assert mapping.suggest(kind, headers, samples) == expected
