"""Printable customer cards: the data behind them (SQLite and PostgreSQL), the PDF (one page per
customer, text that pdftotext reads back in four scripts, the batch's order), errors, the paper-size
setting, fonts and the command line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from lunardate import LunarDate

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import Customer, CustomerAssignment, Manager, Occasion, OccasionKind, Purchase
from desktop_crm.printing import fonts
from desktop_crm.printing.cards import card_text, lunar_chinese, write_cards_pdf
from desktop_crm.printing.document import Cancelled
from desktop_crm.printing.qt_app import ensure_gui_app
from desktop_crm.services import Crm
from pdf_tools import needs_poppler, page_text, pdf_pages

TODAY = dt.date(2026, 11, 21)
NAMES = {"chinese": "远航贸易有限公司", "cyrillic": "Иван Петров", "korean": "김민준", "latin": "Alice Smith"}

@pytest.fixture(scope="module", autouse=True)
def qt_app(qapp):
    """pytest-qt's QApplication: a bare QGuiApplication made here would stop later widget tests."""
    assert ensure_gui_app() is qapp
    return qapp


def next_lunar(month: int, day: int, today: dt.date) -> dt.date:
    """The next solar day of a yearly lunar date, straight from lunardate."""
    days = []
    for year in (today.year - 1, today.year, today.year + 1):
        solar = LunarDate(year, month, day).to_solar_date()
        if solar >= today:
            days.append(solar)
    return min(days)


@pytest.fixture
def four(crm):
    """Four customers named in four scripts, one deleted customer, and a rich card for the Chinese one."""
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга Смирнова")
    ids = {}
    for key, name in NAMES.items():
        record, _ = crm.customers.create({"name": name, "manager": "li" if key != "latin" else "olga",
                                          "kind": "company" if key == "chinese" else "person",
                                          "tier": "A" if key in ("chinese", "korean") else "B"})
        ids[key] = record.id
    gone, _ = crm.customers.create({"name": "Aaron Gone", "manager": "li", "tier": "A"})
    crm.customers.delete([gone.id])
    ids["deleted"] = gone.id
    return ids


@pytest.fixture
def rich(crm, four):
    """The Chinese company with more of everything than a card shows; the Korean customer's lunar birthday."""
    korean = crm.customers.get(four["korean"])
    crm.customers.update(korean.id, {"birth_calendar": "lunar", "birth_year": 1980, "birth_month": 8,
                                     "birth_day": 15}, korean.version)
    cid = four["chinese"]
    record = crm.customers.get(cid)
    crm.customers.update(cid, {"family_notes": "老板的女儿在上海读大学", "hobbies": "书法", "personality": "稳重",
                               "phone": "021 6234 5678", "city": "上海"}, record.version)
    boss, _ = crm.contacts.add(cid, {"name": "陈志强", "role": "总经理", "decision_maker": True,
                                     "birth_calendar": "solar", "birth_month": 12, "birth_day": 2})
    clerk, _ = crm.contacts.add(cid, {"name": "Old Buyer", "birth_calendar": "solar", "birth_month": 11,
                                      "birth_day": 25})
    crm.contacts.mark_left(clerk.id, dt.date(2025, 1, 31), clerk.version)
    care_times = [dt.datetime(2026, 1 + i, 3, 10, 0) for i in range(7)]
    for i, when in enumerate(care_times):
        crm.care.log(cid, "call", summary=f"call {i}", happened_at=when)
    given = [("茶叶", dt.date(2024, 9, 10), "喜欢龙井"), ("月饼", dt.date(2025, 9, 20), "中秋节"),
             ("书法笔", dt.date(2026, 2, 1), "爱好书法")]
    for item, day, story in given:
        crm.gifts.add(cid, {"item": item, "status": "given", "given_on": day.isoformat(), "story": story})
    crm.gifts.add(cid, {"item": "红酒", "status": "planned", "planned_for": "2027-01-20"})
    open_ones = [crm.complaints.add(cid, {"description": f"late {i}", "received_at": f"2026-0{i + 3}-01 09:00"})[0]
                 for i in range(2)]
    closed, _ = crm.complaints.add(cid, {"description": "wrong colour", "received_at": "2026-02-01 09:00"})
    crm.complaints.update(closed.id, {"status": "resolved", "resolution": "replaced"}, closed.version)
    lines = [(dt.date(2024, 5, 1), "CNY", "100.00"), (dt.date(2026, 1, 10), "CNY", "250.50"),
             (dt.date(2026, 10, 1), "CNY", "49.50"), (dt.date(2025, 11, 21), "USD", "30.00"),
             (dt.date(2025, 11, 22), "USD", "70.00")]
    with crm.session() as s:
        s.add_all(Purchase(customer_id=cid, purchased_on=day, currency=cur, amount=Decimal(amount),
                           reference=f"INV-{i}", line_ref="1") for i, (day, cur, amount) in enumerate(lines))
        olga = s.query(Manager).filter_by(login="olga").one()
        s.add(CustomerAssignment(customer_id=cid, manager_id=olga.id, role="secondary",
                                 started_on=dt.date(2025, 6, 1)))
        s.add(Occasion(customer_id=cid, kind=OccasionKind.COMPANY_ANNIVERSARY, title="成立日", month=3, day=8,
                       year=2001))
        s.add(Occasion(contact_id=boss.id, kind=OccasionKind.WEDDING, title="结婚纪念日", month=1, day=5))
        s.add(Occasion(customer_id=cid, kind=OccasionKind.CUSTOM, title="Old fair", month=5, day=1, year=2020,
                       yearly=False))
        s.commit()
    return {"id": cid, "care": care_times, "given": given, "open": open_ones, "lines": lines}


# ----- which customers --------------------------------------------------------------------------


def test_ids_in_name_order_and_filters(crm, four):
    live = {k: v for k, v in four.items() if k != "deleted"}
    by_name = sorted(live, key=lambda k: NAMES[k].casefold())
    assert crm.cards.ids() == [live[k] for k in by_name]
    assert crm.cards.ids(tier="A") == [live[k] for k in by_name if k in ("chinese", "korean")]
    assert crm.cards.ids(manager="olga") == [live["latin"]]
    assert crm.cards.ids(tier="A", manager="olga") == []
    codes = [crm.customers.get(live[k]).code for k in ("korean", "latin")]
    assert set(crm.cards.ids(codes=codes)) == {live["korean"], live["latin"]}
    assert crm.cards.ids(codes=codes, manager="olga") == [live["latin"]]


def test_ids_say_what_is_unknown(crm, four):
    with pytest.raises(NotFoundError, match="NOPE-1"):
        crm.cards.ids(codes=["NOPE-1"])
    with crm.session() as s:  # a deleted customer is not among the live ones
        deleted_code = s.get(Customer, four["deleted"]).code
    with pytest.raises(NotFoundError, match=deleted_code):
        crm.cards.ids(codes=[deleted_code])
    with pytest.raises(NotFoundError, match="tier 'Z'.*A, B, C"):
        crm.cards.ids(tier="Z")
    with pytest.raises(NotFoundError, match="login 'nobody'"):
        crm.cards.ids(manager="nobody")


# ----- what a card holds ------------------------------------------------------------------------


def test_cards_keep_the_order_given_and_skip_deleted(crm, four):
    wanted = [four["latin"], four["deleted"], four["korean"], four["chinese"]]
    cards = crm.cards.cards(wanted, today=TODAY)
    assert [c.id for c in cards] == [four["latin"], four["korean"], four["chinese"]]
    assert [c.name for c in cards] == [NAMES["latin"], NAMES["korean"], NAMES["chinese"]]


def test_rich_card(crm, rich):
    card = crm.cards.cards([rich["id"]], today=TODAY)[0]
    # managers: the primary first, then the other open assignment
    assert [(m.login, m.role) for m in card.managers] == [("li", "primary"), ("olga", "secondary")]
    assert card.tier == "A" and card.tier_colour
    # contact persons still there only, decision makers first
    assert [c.name for c in card.contacts] == ["陈志强"]
    # the last five care events, newest first
    assert [e.happened_at for e in card.care] == sorted(rich["care"], reverse=True)[:5]
    # gifts given (not the planned one), newest first, with their stories
    expected_gifts = sorted(rich["given"], key=lambda g: g[1], reverse=True)
    assert [(g.item, g.given_on, g.story) for g in card.gifts] == expected_gifts
    assert card.gifts_more == 0
    # open complaints only
    assert {c.id for c in card.complaints} == {c.id for c in rich["open"]}
    # purchases per currency: last 12 months are after 2025-11-21 up to today
    since = dt.date(2025, 11, 21)
    totals = {t.currency: t for t in card.purchases.totals}
    for currency in ("CNY", "USD"):
        mine = [(d, Decimal(a)) for d, c, a in rich["lines"] if c == currency]
        assert totals[currency].all_time == sum(a for _d, a in mine)
        assert totals[currency].last_12_months == sum(a for d, a in mine if since < d <= TODAY)
        assert totals[currency].lines == len(mine)
    assert card.purchases.first_on == min(d for d, _c, _a in rich["lines"])
    assert card.purchases.last_on == max(d for d, _c, _a in rich["lines"])
    assert card.birthday is None and card.family_notes and card.hobbies == "书法"


def test_lunar_birthday(crm, four, rich):
    card = crm.cards.cards([four["korean"]], today=TODAY)[0]
    assert card.birthday.calendar == "lunar"
    assert card.birthday.next_on == next_lunar(8, 15, TODAY)
    assert card.birthday.turns == LunarDate.from_solar_date(*card.birthday.next_on.timetuple()[:3]).year - 1980
    assert [(o.on, o.kind, o.person) for o in card.occasions] == [(next_lunar(8, 15, TODAY), "birthday", None)]


def test_next_occasions_soonest_first(crm, rich):
    card = crm.cards.cards([rich["id"]], today=TODAY)[0]
    expected = sorted([
        (dt.date(2026, 12, 2), "陈志强"),  # the decision maker's birthday
        (dt.date(2027, 1, 5), "陈志强"),  # his wedding anniversary
        (dt.date(2027, 3, 8), None),  # the company's anniversary
    ])
    assert [(o.on, o.person) for o in card.occasions] == expected
    anniversary = next(o for o in card.occasions if o.kind == "company_anniversary")
    assert anniversary.years == 2027 - 2001
    # the contact person who left and the one-off fair of 2020 are not there
    assert all(o.person != "Old Buyer" and o.title != "Old fair" for o in card.occasions)


def test_cards_read_in_a_few_queries_per_chunk(crm, four):
    from sqlalchemy import event

    statements = []
    engine = crm.db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        crm.cards.cards(list(four.values()), today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) <= 12


# ----- the PDF ------------------------------------------------------------------------------------


@needs_poppler
def test_pdf_one_page_per_customer_names_read_back_in_order(crm, four, tmp_path):
    ids = [four["korean"], four["latin"], four["chinese"], four["cyrillic"]]
    cards = crm.cards.cards(ids, today=TODAY)
    out = tmp_path / "cards.pdf"
    assert write_cards_pdf(cards, out, "A4") == len(ids)
    assert pdf_pages(out) == len(ids)
    order = ["korean", "latin", "chinese", "cyrillic"]
    for page, key in enumerate(order, start=1):
        text = page_text(out, page)
        assert NAMES[key] in text
        assert all(NAMES[other] not in text for other in order if other != key)


@needs_poppler
@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
def test_an_overfull_card_still_fits_one_page(crm, rich, tmp_path, size):
    cid = rich["id"]
    record = crm.customers.get(cid)
    crm.customers.update(cid, {"family_notes": "家人" * 900, "hobbies": "Long hobby text. " * 80,
                               "personality": "Очень подробное описание. " * 60}, record.version)
    for i in range(10):
        crm.contacts.add(cid, {"name": f"Contact {i}", "role": "Buyer", "email": f"c{i}@example.com"})
        crm.gifts.add(cid, {"item": f"Gift {i}", "status": "given", "given_on": f"2023-0{1 + i % 9}-01",
                            "story": "A long story about why. " * 20})
        crm.complaints.add(cid, {"description": "Something went wrong again. " * 20})
    cards = crm.cards.cards([cid], today=TODAY)
    assert cards[0].gifts_more > 0 and cards[0].complaints_more > 0 and cards[0].contacts_more > 0
    out = tmp_path / f"full-{size}.pdf"
    assert write_cards_pdf(cards, out, size) == 1
    assert pdf_pages(out) == 1
    assert "more" in page_text(out, 1)


@needs_poppler
def test_demo_customers_one_page_each_on_every_paper_size(tmp_path):
    from desktop_crm.services import demo

    crm = Crm.open(str(tmp_path / "demo.sqlite3"), actor="tester")
    try:
        demo.generate(crm.db, 40, seed=5, today=TODAY)
        ids = crm.cards.ids()
        cards = crm.cards.cards(ids, today=TODAY)
    finally:
        crm.close()
    assert len(cards) == 40
    for size in ("A4", "A5", "A6"):
        out = tmp_path / f"demo-{size}.pdf"
        write_cards_pdf(cards, out, size)
        assert pdf_pages(out) == len(cards)
    # the page of each card names its customer (first and last page)
    assert cards[0].name in page_text(out, 1) and cards[-1].name in page_text(out, len(cards))


@needs_poppler
def test_ideographs_that_are_also_radicals_copy_out_as_written(crm, tmp_path):
    # CJK fonts draw 小 and the Kangxi radical ⼩ (U+2F29) with one glyph; the PDF must say 小.
    name = "王小明 大山 金木水火土 高文方 食品 一二"
    record, _ = crm.customers.create({"name": name, "hobbies": "书法 · 人生"})
    out = tmp_path / "radicals.pdf"
    write_cards_pdf(crm.cards.cards([record.id], today=TODAY), out)
    text = page_text(out, 1)
    assert name in text and "书法 · 人生" in text
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)


def test_fix_text_map_rewrites_only_targets(tmp_path):
    from desktop_crm.printing.document import fix_text_map

    cmap = (b"stream\nbegincmap\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            b"2 beginbfrange\n<2F29> <2F29> <2F29>\n<0001> <0003> [<0041> <2F29> <2F00>]\nendbfrange\n"
            b"1 beginbfchar\n<2F00> <2F00>\nendbfchar\nendcmap\nendstream <2F29>")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(cmap)
    assert fix_text_map(pdf, {0x2F29: 0x5C0F, 0x2F00: 0x4E00}) == 4
    fixed = pdf.read_bytes()
    assert len(fixed) == len(cmap)
    assert b"<2F29> <2F29> <5C0F>" in fixed  # the glyph code stays, the character changes
    assert b"[<0041> <5C0F> <4E00>]" in fixed and b"<2F00> <4E00>" in fixed
    assert fixed.endswith(b"endstream <2F29>")  # outside the map nothing changes


def test_unwritable_path_is_an_error_in_words(crm, four, tmp_path):
    cards = crm.cards.cards([four["latin"]], today=TODAY)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CrmError, match="Cannot write .*missing"):
        write_cards_pdf(cards, folder / "missing" / "cards.pdf")
    with pytest.raises(CrmError, match="folder"):
        write_cards_pdf(cards, folder)
    assert list(folder.iterdir()) == []


def test_cancel_writes_nothing_and_keeps_an_older_file(crm, four, tmp_path):
    cards = crm.cards.cards(list(four.values()), today=TODAY)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "cards.pdf"
    out.write_bytes(b"older")
    seen = []

    def progress(done, total):
        seen.append(done)
        return done < 2

    with pytest.raises(Cancelled):
        write_cards_pdf(cards, out, progress=progress)
    assert seen == [0, 1, 2]
    assert out.read_bytes() == b"older"
    assert [p.name for p in folder.iterdir()] == ["cards.pdf"]


def test_paper_size_setting(crm):
    assert crm.cards.page_size() == "A4"
    changes = crm.cards.set_page_size("a5")
    assert changes.settings and crm.cards.page_size() == "A5"
    with pytest.raises(ValidationError) as err:
        crm.cards.set_page_size("Letter")
    assert "page_size" in err.value.problems and "A6" in str(err.value)
    assert crm.cards.page_size() == "A5"
    crm.settings.set("print.page_size", "B5")  # a value written by something else
    assert crm.cards.page_size() == "A4"


# ----- fonts ------------------------------------------------------------------------------------------


def test_font_problem_names_what_to_install():
    assert fonts.font_problem({"latin", "han"}, {"latin", "han", "hangul"}) is None
    message = fonts.font_problem({"latin", "han", "hangul"}, {"latin"})
    assert "Chinese" in message and "Korean" in message and "fonts-noto-cjk" in message
    assert "fonts-dejavu-core" in fonts.font_problem({"cyrillic"}, set())
    assert "fonts-noto-core" in fonts.font_problem({"thai"}, {"latin"}, {"thai": "ก"})


def test_scripts_of_characters():
    assert [fonts.script_of(c) for c in "AЖ王김かΩก"] == ["latin", "cyrillic", "han", "hangul", "kana", "greek",
                                                         "thai"]
    assert fonts.script_of("1") is None and fonts.script_of(" ") is None and fonts.script_of("，") == "han"


def test_installed_fonts_cover_the_team_scripts():
    assert {"han", "hangul", "cyrillic", "latin"} <= fonts.covered_scripts()
    plan = fonts.plan_for("王小明 김민준 Иван Alice")
    assert plan.families and any("CJK" in f or "Han" in f or "Hei" in f for f in plan.families)


def test_a_character_no_font_has_is_refused_before_writing(crm, four, tmp_path):
    unknown = "\U0010fffd"  # private use, plane 16: no font has it
    with pytest.raises(fonts.FontsMissing, match="install"):
        fonts.plan_for("Alice " + unknown)
    card = crm.cards.cards([four["latin"]], today=TODAY)[0]
    from dataclasses import replace

    with pytest.raises(fonts.FontsMissing):
        write_cards_pdf([replace(card, name=card.name + unknown)], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert unknown in card_text([replace(card, hobbies=unknown)])


def test_lunar_dates_in_chinese():
    assert lunar_chinese(8, 15) == "农历八月十五"
    assert lunar_chinese(1, 1) == "农历正月初一"
    assert lunar_chinese(12, 29) == "农历腊月廿九"
    assert lunar_chinese(11, 30) == "农历冬月三十"
    assert lunar_chinese(2, 3, leap=True) == "农历闰二月初三"
    assert lunar_chinese(4, 10) == "农历四月初十" and lunar_chinese(5, 20) == "农历五月二十"


# ----- the command line -------------------------------------------------------------------------


@needs_poppler
def test_cli_cards(crm, four, tmp_path, capsys, db_url):
    from desktop_crm.cli import main

    out = tmp_path / "tier-a.pdf"
    assert main(["cards", str(out), "--db", db_url, "--tier", "A", "--page-size", "a6"]) == 0
    said = capsys.readouterr().out
    assert "2 cards on 2 A6 pages" in said
    assert pdf_pages(out) == 2
    assert main(["cards", str(tmp_path / "none.pdf"), "--db", db_url, "--tier", "A", "--manager", "olga"]) == 1
    assert "No customer matches" in capsys.readouterr().err
    assert main(["cards", str(tmp_path / "x.pdf"), "--db", db_url, "--codes", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().err
    assert not (tmp_path / "none.pdf").exists() and not (tmp_path / "x.pdf").exists()
    assert main(["cards", str(out), "--db", db_url, "--json"]) == 0
    assert '"pages": 4' in capsys.readouterr().out


def test_printing_has_no_widgets():
    root = Path(__file__).resolve().parents[1] / "desktop_crm" / "printing"
    for path in root.glob("*.py"):
        assert "QtWidgets" not in path.read_text(encoding="utf-8"), path.name
