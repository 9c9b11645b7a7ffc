"""Search: every script, phone digit runs, Chinese fragments, odd input, index kept in sync."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from desktop_crm.services import CustomerQuery
from desktop_crm.services.search_text import fold, parse_query

PEOPLE = [
    {"name": "Иван Петров", "mobile": "+7 912 345-67-89", "city": "Москва", "email": "ivan.petrov@mail.ru"},
    {"name": "Åsa Öberg", "phone": "+358 40 123 4567", "city": "Turku", "country": "FI"},
    {"name": "李红梅", "mobile": "138 1234 5678", "company": "上海红星贸易有限公司", "city": "上海"},
    {"name": "王伟", "mobile": "139 8765 4321", "city": "北京"},
    {"name": "김민준", "phone": "+82 10-2345-6789", "city": "서울"},
    {"name": "John Smith", "email": "john@acme.example", "company": "Acme Supplies Ltd", "city": "Leeds"},
    {"name": "Мария Иванова", "mobile": "+7 926 111-22-33", "city": "Казань"},
]


@pytest.fixture
def people(crm):
    return {p["name"]: crm.customers.create(p)[0] for p in PEOPLE}


def names(crm, query: str) -> set[str]:
    return {row.name for row in crm.customers.search(query).rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("иван", {"Иван Петров", "Мария Иванова"}),  # a word prefix: Иванова starts with иван
        ("ИВАН ПЕТ", {"Иван Петров"}),
        ("ÅSA", {"Åsa Öberg"}),
        ("åsa", {"Åsa Öberg"}),
        ("asa oberg", {"Åsa Öberg"}),  # accents are optional when typing
        ("红", {"李红梅"}),  # one Chinese character inside a name (and a company)
        ("红梅", {"李红梅"}),
        ("红星贸易", {"李红梅"}),  # a longer fragment of the company name
        ("民准", set()),
        ("민준", {"김민준"}),
        ("acme", {"John Smith"}),
        ("john@acme.example", {"John Smith"}),
        ("москва", {"Иван Петров"}),
        ("nobody-at-all", set()),
    ],
)
def test_text_search(crm, people, query, expected):
    assert names(crm, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("4567", {"Åsa Öberg", "Иван Петров", "李红梅", "김민준"}),  # a run of digits anywhere in the number
        ("1234 5678", {"李红梅", "Иван Петров"}),  # +7 912 345-67-89 holds 12345678 too
        ("+86 138-1234-5678", {"李红梅"}),
        ("13812345678", {"李红梅"}),
        ("8765", {"王伟"}),
        ("912 345 67 89", {"Иван Петров"}),
        ("010-2345-6789", {"김민준"}),  # typed without the country code, with a trunk zero
        ("23456789", {"김민준", "Иван Петров"}),
        ("000", set()),
    ],
)
def test_phone_search(crm, people, query, expected):
    assert names(crm, query) == expected


def test_code_and_contact_person(crm, people):
    record = people["John Smith"]
    assert names(crm, record.code) == {"John Smith"}
    with crm.session() as s:
        from desktop_crm.models import ContactPerson

        s.add(ContactPerson(customer_id=record.id, name="Екатерина Смирнова", mobile="+7 999 000-11-22",
                            mobile_e164="+79990001122"))
        s.commit()
    assert names(crm, "екатерина") == {"John Smith"}
    assert names(crm, "0001122") == {"John Smith"}


def test_index_follows_edits_and_deletes(crm, people):
    ivan = people["Иван Петров"]
    crm.customers.update(ivan.id, {"name": "Игорь Петров"}, ivan.version)
    assert names(crm, "иван") == {"Мария Иванова"}
    assert names(crm, "игорь") == {"Игорь Петров"}
    crm.customers.delete([ivan.id])
    assert names(crm, "игорь") == set()
    crm.customers.restore([ivan.id])
    assert names(crm, "игорь") == {"Игорь Петров"}


def test_search_limit_reports_more(crm):
    for i in range(5):
        crm.customers.create({"name": f"Ivanov {i}"})
    result = crm.customers.search("ivanov", limit=3)
    assert len(result.rows) == 3 and result.more
    assert not crm.customers.search("ivanov", limit=5).more


def test_exact_name_ranks_first(crm):
    crm.customers.create({"name": "Anna Lindqvist"})
    crm.customers.create({"name": "Annabel Lee"})
    crm.customers.create({"name": "Anna"})
    assert [r.name for r in crm.customers.search("anna").rows][0] == "Anna"


ODD = ['"', "'", "*", '"*', "NEAR", "NEAR(a b)", "a OR", "AND", "(", ")", "^", "\\", "\ud800", "\udfff x",
       "%", "_", "a:*", "'a' & 'b'", "!", "<->", "-", "+", "--", ";DROP TABLE customers;", "\x00", " ", ""]


@pytest.mark.parametrize("query", ODD)
def test_odd_input_never_errors(crm, people, query):
    result = crm.customers.search(query)
    assert isinstance(result.rows, list)
    assert crm.customers.count(CustomerQuery(search=query)) >= 0
    assert crm.customers.count() == len(PEOPLE)  # the table is still there


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_any_text_is_a_valid_query(crm, query):
    assert isinstance(crm.customers.search(query).rows, list)


def test_search_uses_the_index_not_a_scan(crm, people):
    """The query plan reads the full-text index rather than scanning customers with LIKE."""
    ids = crm.customers.ids(CustomerQuery(search="红"))
    assert len(ids) == 1
    with crm.session() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.execute(
                text("EXPLAIN QUERY PLAN SELECT rowid FROM customer_fts WHERE customer_fts MATCH :q"), {"q": '"红"'}))
            assert "VIRTUAL TABLE INDEX" in plan and "customer_fts" in plan
        else:
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(r[0] for r in conn.execute(
                text("EXPLAIN SELECT customer_id FROM customer_search WHERE tsv @@ CAST(:q AS tsquery)"), {"q": "'红'"}))
            assert "ix_customer_search_tsv" in plan


def test_fold_and_query_parsing_are_consistent():
    assert fold("ÅSA") == fold("åsa") == "asa"
    assert fold("Иван") == "иван"
    assert fold("Straße") == "strasse"
    assert parse_query("   ") == []
    assert [t.token for g in parse_query("李红梅") for t in g] == ["李红", "红梅"]


@pytest.mark.parametrize("text, wanted", [
    ("a", False), ("и", False), ("C", False), ("12", False), ("+7 9", False), ("  ", False),
    ("C0", False), ("C00", False), ("ab1", True),
    ("an", True), ("ив", True), ("王", True), ("김", True), ("123", True), ("C000", True), ("a b", True),
])
def test_what_narrows_a_big_table(text, wanted):
    from desktop_crm.services.search_text import narrows

    assert narrows(text) is wanted


def test_match_ids_agree_with_search_and_can_be_stopped(crm, people):
    from desktop_crm.services.id_order import Stopped

    everyone = set(crm.customers.ids())
    assert crm.customers.match_ids("  ") is None
    for typed in ("иван", "红", "ann"):
        assert set(crm.customers.match_ids(typed)) == {r.id for r in crm.customers.search(typed, limit=1000).rows}
        assert set(crm.customers.match_ids(typed)) <= everyone
    with pytest.raises(Stopped):  # replaced before it started
        crm.customers.match_ids("иван", should_stop=lambda: True)
    assert set(crm.customers.match_ids("иван", should_stop=lambda: False)) == set(crm.customers.match_ids("иван"))


def test_a_running_sqlite_search_is_interrupted_when_replaced(sqlite_url, monkeypatch):
    """SQLite's progress handler stops the read of the search index (PostgreSQL reads are not interrupted)."""
    from desktop_crm.services import Crm, search_index
    from desktop_crm.services.id_order import Stopped

    crm = Crm.open(sqlite_url)
    for name in ("Иван Петров", "Иванна Ким", "Ivan Lee"):
        crm.customers.create({"name": name})
    monkeypatch.setattr(search_index, "PROGRESS_STEPS", 1)
    asked = []

    def replaced_while_reading() -> bool:
        asked.append(1)
        return len(asked) > 1  # not yet when it starts; then a newer keystroke arrives

    with pytest.raises(Stopped):
        crm.customers.match_ids("иван", should_stop=replaced_while_reading)
    assert len(asked) > 1
    assert len(crm.customers.match_ids("иван")) == 2  # the connection is fine afterwards
    crm.close()


def test_id_order_bitmap_path_and_stop():
    from desktop_crm.services.id_order import IdOrder, Stopped

    held = list(range(1000, 0, -1))
    order = IdOrder(held)
    many = list(range(1, 1001, 2))  # half of the held list: the bitmap path
    assert list(order.order(many)) == [i for i in held if i % 2 == 1]
    few = [7, 3, 999, 5000]  # the sorting path; 5000 is not held
    assert list(order.order(few)) == [999, 7, 3]
    with pytest.raises(Stopped):
        order.order(many, should_stop=lambda: True)
