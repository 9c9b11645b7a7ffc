"""What leaves the agenda: the .ics file (read back with icalendar), `desktop-crm agenda`, the
English sentences, and the query plans that keep the agenda quick."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3

import pytest
from icalendar import Calendar
from sqlalchemy import text

from desktop_crm import cli
from desktop_crm.io.calendar_file import write_ics
from desktop_crm.services import Crm, agenda_sql
from desktop_crm.services.agenda_text import headline, why

TODAY = dt.date(2027, 3, 10)


@pytest.fixture
def filled(sqlite_url):
    crm = Crm.open(sqlite_url, actor="tester")
    crm.managers.create("li", "李红梅")
    due, _ = crm.customers.create({"name": "王芳", "tier": "A", "manager": "li", "mobile": "13812345678",
                                   "family_notes": "女儿在读大学"})
    born, _ = crm.customers.create({"name": "Анна", "birth_calendar": "solar", "birth_month": 3, "birth_day": 12,
                                    "birth_year": 1980})
    with crm.session() as s:
        s.execute(text("UPDATE customers SET created_at = :c"), {"c": dt.datetime(2027, 1, 1)})
        s.commit()
    crm.care.log(due.id, "greeting", summary="拜年", happened_at=dt.datetime(2027, 2, 6, 9))
    yield crm, due.id, born.id
    crm.close()


def test_the_ics_file_parses_back_with_one_event_per_row(filled, tmp_path):
    crm, due, born = filled
    agenda = crm.agenda.build(today=TODAY)
    path = tmp_path / "agenda.ics"
    assert write_ics(path, agenda) == sum(len(s.rows) for s in agenda.sections) == 3
    cal = Calendar.from_ical(path.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"call:{due}@desktop-crm.agenda", f"visit:{due}@desktop-crm.agenda",
                           f"birthday:{born}:2027-03-12@desktop-crm.agenda"}
    call = events[f"call:{due}@desktop-crm.agenda"]
    assert str(call["summary"]) == "Call 王芳" and call.decoded("dtstart") == TODAY
    assert "13812345678" in str(call["description"]) and "女儿在读大学" in str(call["description"])
    birthday = events[f"birthday:{born}:2027-03-12@desktop-crm.agenda"]
    assert birthday.decoded("dtstart") == dt.date(2027, 3, 12) and "turns 47" in str(birthday["description"])
    assert not list(tmp_path.glob(".agenda-*"))  # no temporary file left behind


def test_an_unwritable_ics_path_is_said_in_words(filled, tmp_path):
    crm, *_ = filled
    from desktop_crm.errors import CrmError

    with pytest.raises(CrmError, match="Cannot write the calendar file"):
        write_ics(tmp_path / "missing" / "agenda.ics", crm.agenda.build(today=TODAY))


def test_cli_agenda_prints_the_sections_and_json(filled, sqlite_url, tmp_path):
    crm, due, born = filled
    out = io.StringIO()
    assert cli.main(["--db", sqlite_url, "agenda", "--date", "2027-03-10", "--manager", "li"], out) == 0
    text_out = out.getvalue()
    assert "li's customers: 2 things to do" in text_out and "Calls due (1)" in text_out
    assert "Never had a call or visit; tier A asks for a call every 14 days" in text_out
    assert "Birthdays and anniversaries (0)" in text_out  # Анна has no manager li
    out = io.StringIO()
    ics = tmp_path / "a.ics"
    assert cli.main(["--db", sqlite_url, "agenda", "--date", "2027-03-10", "--json", "--ics", str(ics)], out) == 0
    data = json.loads(out.getvalue())
    sections = {s["name"]: s for s in data["sections"]}
    assert list(sections) == ["calls", "visits", "follow_ups", "occasions", "holidays", "reorders", "at_risk",
                              "complaints"]
    assert sections["occasions"]["rows"][0]["due_on"] == "2027-03-12" and data["ics_events"] == 3
    assert sections["calls"]["rows"][0]["context"]["last_contact_summary"] == "拜年"
    assert ics.exists()


def test_cli_agenda_refuses_bad_input_without_a_traceback(filled, sqlite_url, capsys):
    assert cli.main(["--db", sqlite_url, "agenda", "--manager", "nobody"], io.StringIO()) == cli.EXIT_DOMAIN
    assert "No manager with login 'nobody'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main(["--db", sqlite_url, "agenda", "--date", "2027-02-30"], io.StringIO())
    assert stop.value.code != 0 and "not a date" in capsys.readouterr().err
    assert cli.main(["--db", sqlite_url, "agenda", "--days", "999"], io.StringIO()) == cli.EXIT_DOMAIN


def test_sentences_say_why(filled):
    crm, due, _ = filled
    row = crm.agenda.build(today=dt.date(2027, 3, 20)).section("calls").rows[0]
    assert why(row, dt.date(2027, 3, 20)) == ("Never had a call or visit; tier A asks for a call every 14 days "
                                             "(63 days late).")
    assert headline(row) == "Call 王芳"


# ----- the plans: every section reads an index of migration 0006 -----------------------------------


PLANS = {
    "calls": ("SELECT count(*) FROM customers WHERE tier_id = 1 AND ({clock}) < '2027-01-01' AND {live}",
              "ix_agenda_call_clock"),
    "calls of a manager": ("SELECT count(*) FROM customers WHERE tier_id = 1 AND ({clock}) < '2027-01-01' "
                           "AND {live} AND manager_id = 1", "ix_agenda_call_clock_manager"),
    "follow-ups": ("SELECT count(*) FROM care_events e WHERE e.next_due IS NOT NULL AND e.next_done_at IS NULL "
                   "AND e.follow_up_owner IS NOT NULL AND e.next_due <= '2027-01-01'", "ix_agenda_follow_ups"),
    "birthdays": ("SELECT count(*) FROM customers WHERE ((birth_month = 3 AND birth_day = 12 AND "
                  "birth_calendar = 'solar' AND {bday}) OR (birth_month = 2 AND birth_day = 1 AND "
                  "birth_calendar = 'lunar' AND birth_leap_month = false AND {bday}))", "ix_agenda_birthday"),
    "reorders": ("SELECT count(*) FROM customers WHERE reorder_from <= '2027-01-01' AND at_risk_from > "
                 "'2027-01-01' AND {rhythm}", "ix_agenda_reorder"),
    "at risk": ("SELECT count(*) FROM customers WHERE at_risk_from <= '2027-01-01' AND {rhythm}",
                "ix_agenda_at_risk"),
}


@pytest.mark.parametrize("name", PLANS)
def test_sqlite_answers_each_section_from_its_index(sqlite_url, name):
    Crm.open(sqlite_url).close()
    sql, index = PLANS[name]
    sql = sql.format(clock=agenda_sql.CALL_CLOCK["sqlite"], live=agenda_sql.CADENCE_LIVE,
                     bday=agenda_sql.BIRTHDAY_LIVE, rhythm=agenda_sql.RHYTHM_LIVE)
    with sqlite3.connect(sqlite_url) as conn:
        plan = " ".join(str(row[3]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan and "SCAN customers" not in plan, plan
