"""The customer card (pytest-qt, offscreen) over a real database: saving, inline validation, logging
a call, unsaved edits on close, the edit-conflict dialog, and every Qt model through qtmodeltester."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_crm.models import Purchase  # noqa: E402
from desktop_crm.services import Changes  # noqa: E402
from desktop_crm.ui.card import ConflictDialog, ConflictRow, CustomerCard  # noqa: E402
from desktop_crm.ui.card.custom_fields import CustomFieldsModel  # noqa: E402
from desktop_crm.ui.card.profile_values import normalise  # noqa: E402
from desktop_crm.ui.context import AppContext  # noqa: E402

TIMEOUT = 10_000


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ctx(qapp, crm, settings):
    context = AppContext(crm, settings)
    yield context
    context.tasks.wait()


@pytest.fixture
def company(crm):
    """A company with two contact persons (one gone), a call, purchases, an occasion, a gift, a complaint."""
    crm.managers.create("li", "李红梅")
    record, _ = crm.customers.create({"name": "上海远航贸易有限公司", "kind": "company", "manager": "li",
                                      "city": "上海", "phone": "021 6234 5678", "tier": "A"})
    boss, _ = crm.contacts.add(record.id, {"name": "陈志强", "role": "总经理", "decision_maker": True})
    gone, _ = crm.contacts.add(record.id, {"name": "Old Buyer", "role": "buyer"})
    crm.contacts.mark_left(gone.id, dt.date(2023, 6, 30), gone.version)
    crm.care.log(record.id, "call", summary="Spring order talk", happened_at=dt.datetime(2024, 3, 1, 10, 0))
    with crm.session() as s:
        s.add_all([Purchase(customer_id=record.id, purchased_on=dt.date(2024, 2, 1), amount=Decimal("1200.00"),
                            currency="CNY", product_name="龙井茶", quantity=3, reference="INV-1", line_ref="1"),
                   Purchase(customer_id=record.id, purchased_on=dt.date(2023, 5, 1), amount=Decimal("800.00"),
                            currency="CNY", product_name="普洱", quantity=1, reference="INV-0", line_ref="1")])
        s.commit()
    crm.occasions.add(record.id, {"kind": "company_anniversary", "month": 9, "day": 22, "title": "成立日"})
    crm.gifts.add(record.id, {"item": "月饼", "status": "planned", "planned_for": "2030-09-16"})
    crm.complaints.add(record.id, {"description": "Late delivery", "category": "delivery",
                                   "received_at": "2024-04-01 09:00"})
    return crm.customers.get(record.id)


def idle(qtbot, ctx) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=TIMEOUT)


@pytest.fixture
def open_card(qtbot, ctx):
    def _open(customer_id: int) -> CustomerCard:
        card = CustomerCard(ctx)
        qtbot.addWidget(card)
        card.resize(900, 700)
        card.show()
        with qtbot.waitSignal(card.loaded, timeout=TIMEOUT):
            card.load(customer_id)
        idle(qtbot, ctx)
        return card

    return _open


def type_into(qtbot, edit, text: str) -> None:
    """Replace the text as typing would (QTest can only type ASCII; other text is inserted)."""
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    elif hasattr(edit, "insert"):
        edit.insert(text)
    else:
        edit.insertPlainText(text)


def wait_for_conflict(qtbot, card) -> ConflictDialog:
    qtbot.waitUntil(lambda: card.profile.conflict_dialog is not None and card.profile.conflict_dialog.isVisible(),
                    timeout=TIMEOUT)
    return card.profile.conflict_dialog


# ----- opening and saving ---------------------------------------------------------------------


def test_card_shows_the_customer_in_every_tab(open_card, company, crm):
    card = open_card(company.id)
    assert card.customer_id == company.id
    assert card.title_label.text() == company.name
    assert company.code in card.subtitle_label.text() and "李红梅" in card.subtitle_label.text()
    assert card.profile.form.lines["city"].text() == "上海"
    assert card.profile.form.manager_label.text() == "李红梅 (li)"
    assert not card.has_unsaved_changes()
    assert card.profile.form.values() == normalise(card.record)  # what "changed" and "theirs" compare against
    contacts = card.contacts_tab.model
    assert [contacts.record(r).name for r in range(contacts.rowCount())] == ["陈志强", "Old Buyer"]
    assert contacts.greyed(contacts.record(1)) and not contacts.greyed(contacts.record(0))
    assert card.care_tab.model.record(0).summary == "Spring order talk"
    assert card.purchases_tab.summary.lines == 2
    assert card.purchases_tab.summary.totals[0].all_time == Decimal("2000.00")
    assert card.occasions_tab.occasions_model.rowCount() == 1 and card.occasions_tab.gifts_model.rowCount() == 1
    assert card.complaints_tab.model.record(0).description == "Late delivery"
    assert card.changes_tab.model.rowCount() > 0
    titles = [card.tabs.tabText(i) for i in range(card.tabs.count())]
    assert titles[1] == "Contact persons (1)" and titles[5] == "Complaints (1 open)"


def test_edit_name_and_save(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    type_into(qtbot, card.profile.form.lines["name"], "远航贸易集团")
    assert card.has_unsaved_changes() and card.profile.save_button.isEnabled()
    assert card.tabs.tabText(0) == "Profile •"
    with qtbot.waitSignal(card.saved, timeout=TIMEOUT) as saved, \
            qtbot.waitSignal(ctx.changed, timeout=TIMEOUT) as announced:
        qtbot.mouseClick(card.profile.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].customers == {company.id}
    assert announced.args[0].customers == {company.id}
    stored = crm.customers.get(company.id)
    assert stored.name == "远航贸易集团" and stored.version == company.version + 1
    idle(qtbot, ctx)
    assert not card.has_unsaved_changes()
    assert card.title_label.text() == "远航贸易集团"
    assert card.changes_tab.model.record(0).field == "name"  # the change log reloaded


def test_cancel_reverts_to_the_loaded_values(qtbot, open_card, company):
    card = open_card(company.id)
    type_into(qtbot, card.profile.form.lines["city"], "杭州")
    card.profile.form.birth_calendar.setCurrentIndex(card.profile.form.birth_calendar.findData("lunar"))
    assert card.profile.changes()["city"] == "杭州"
    assert card.profile.changes()["birth_calendar"] == "lunar"
    qtbot.mouseClick(card.profile.cancel_button, Qt.MouseButton.LeftButton)
    assert card.profile.form.lines["city"].text() == "上海"
    assert not card.has_unsaved_changes()


def test_bad_phone_shows_the_inline_message_and_nothing_is_saved(qtbot, open_card, company, crm):
    card = open_card(company.id)
    form = card.profile.form
    type_into(qtbot, form.lines["phone"], "12")
    error = form.boxes["phone"].error
    assert error.isVisible() and "“12” is not a phone number" in error.text()
    qtbot.mouseClick(card.profile.save_button, Qt.MouseButton.LeftButton)
    assert card.banner.isVisible() and "correct the marked fields" in card.banner.text()
    assert not card.profile.saving
    stored = crm.customers.get(company.id)
    assert stored.phone == company.phone and stored.version == company.version
    type_into(qtbot, form.lines["phone"], "021 6234 5679")
    assert not error.isVisible()


def test_empty_name_and_bad_email_are_flagged_as_you_type(qtbot, open_card, company):
    card = open_card(company.id)
    form = card.profile.form
    form.lines["name"].clear()
    assert form.boxes["name"].error.text() == "A customer needs a name."
    type_into(qtbot, form.lines["email"], "li@")
    assert form.boxes["email"].error.isVisible()


def test_problems_from_the_service_appear_next_to_the_field(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    card.profile.form.lines["code"].clear()  # only the service knows a code cannot be emptied
    qtbot.mouseClick(card.profile.save_button, Qt.MouseButton.LeftButton)
    error = card.profile.form.boxes["code"].error
    qtbot.waitUntil(error.isVisible, timeout=TIMEOUT)
    assert "cannot be emptied" in error.text()
    assert card.has_unsaved_changes()
    assert crm.customers.get(company.id).code == company.code


# ----- care -----------------------------------------------------------------------------------


def test_log_a_call_in_two_clicks(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    card.tabs.setCurrentWidget(card.care_tab)
    qtbot.mouseClick(card.care_tab.call_button, Qt.MouseButton.LeftButton)  # click one
    dialog = card.care_tab.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.summary
    assert dialog.kind.currentData() == "call"
    qtbot.keyClicks(dialog.summary, "Asked about the autumn order")
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # click two
    qtbot.waitUntil(lambda: card.care_tab.model.rowCount() == 2
                    and card.care_tab.model.record(0).summary == "Asked about the autumn order", timeout=TIMEOUT)
    idle(qtbot, ctx)
    stored = crm.customers.get(company.id)
    assert stored.last_call_at is not None and stored.last_call_at > dt.datetime(2024, 3, 1, 10, 0)
    assert stored.version == company.version  # an open card does not conflict because of the call
    assert "last call" in card.subtitle_label.text()


def test_log_dialog_refuses_an_empty_summary(qtbot, open_card, company, crm):
    card = open_card(company.id)
    qtbot.mouseClick(card.care_tab.visit_button, Qt.MouseButton.LeftButton)
    dialog = card.care_tab.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog._errors["summary"].error.isVisible()
    assert len(crm.care.history(company.id)) == 1


# ----- closing --------------------------------------------------------------------------------


@pytest.fixture
def answers(monkeypatch):
    """Replace QMessageBox.question: the answers to give, and the questions asked."""
    state = {"answer": QMessageBox.StandardButton.Cancel, "asked": []}

    def question(parent, title, text, *args, **kwargs):
        state["asked"].append(text)
        return state["answer"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return state


def test_confirm_close_without_edits_does_not_ask(open_card, company, answers):
    card = open_card(company.id)
    assert card.confirm_close() is True
    assert answers["asked"] == []


def test_unsaved_edits_make_confirm_close_ask(qtbot, open_card, company, crm, answers):
    card = open_card(company.id)
    type_into(qtbot, card.profile.form.lines["city"], "杭州")

    answers["answer"] = QMessageBox.StandardButton.Cancel
    assert card.confirm_close() is False
    assert len(answers["asked"]) == 1 and company.name in answers["asked"][0]
    assert card.profile.form.lines["city"].text() == "杭州"

    answers["answer"] = QMessageBox.StandardButton.Discard
    assert card.confirm_close() is True
    assert card.profile.form.lines["city"].text() == "上海" and not card.has_unsaved_changes()
    assert crm.customers.get(company.id).city == "上海"

    type_into(qtbot, card.profile.form.lines["city"], "杭州")
    answers["answer"] = QMessageBox.StandardButton.Save
    assert card.confirm_close() is True
    assert crm.customers.get(company.id).city == "杭州"
    assert len(answers["asked"]) == 3


def test_a_failing_save_keeps_the_card_open(qtbot, open_card, company, crm, answers):
    card = open_card(company.id)
    card.profile.form.lines["code"].clear()
    answers["answer"] = QMessageBox.StandardButton.Save
    assert card.confirm_close() is False
    assert card.has_unsaved_changes()
    assert crm.customers.get(company.id).code == company.code


def test_escape_requests_close_after_confirming(qtbot, open_card, company, answers):
    card = open_card(company.id)
    with qtbot.waitSignal(card.close_requested, timeout=TIMEOUT):
        qtbot.keyClick(card.profile.form.lines["city"], Qt.Key.Key_Escape)
    type_into(qtbot, card.profile.form.lines["city"], "杭州")
    answers["answer"] = QMessageBox.StandardButton.Cancel
    with qtbot.assertNotEmitted(card.close_requested):
        qtbot.keyClick(card.profile.form.lines["city"], Qt.Key.Key_Escape)
    assert len(answers["asked"]) == 1


# ----- changes made elsewhere, and conflicts --------------------------------------------------


def test_changes_announced_elsewhere_reload_a_clean_card_only(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    current = crm.customers.get(company.id)
    crm.customers.update(company.id, {"name": "Renamed elsewhere"}, current.version)
    ctx.announce(Changes(customers=frozenset({company.id})))
    qtbot.waitUntil(lambda: card.profile.form.lines["name"].text() == "Renamed elsewhere", timeout=TIMEOUT)
    assert card.title_label.text() == "Renamed elsewhere"

    type_into(qtbot, card.profile.form.lines["city"], "杭州")
    current = crm.customers.get(company.id)
    crm.customers.update(company.id, {"name": "Renamed again"}, current.version)
    ctx.announce(Changes(customers=frozenset({company.id})))
    idle(qtbot, ctx)
    assert card.profile.form.lines["name"].text() == "Renamed elsewhere"  # the edits were left alone
    assert card.profile.form.lines["city"].text() == "杭州" and card.has_unsaved_changes()

    ctx.announce(Changes(customers=frozenset({company.id + 1000})))  # somebody else's customer
    assert not ctx.tasks.busy


def _conflict(qtbot, card, crm, company):
    """Another user saves city and name after the card was loaded; here city and e-mail are edited."""
    other = crm.customers.get(company.id)
    crm.customers.update(company.id, {"city": "Самара", "name": "Their name"}, other.version)
    type_into(qtbot, card.profile.form.lines["city"], "杭州")
    type_into(qtbot, card.profile.form.lines["email"], "office@yuanhang.cn")
    qtbot.mouseClick(card.profile.save_button, Qt.MouseButton.LeftButton)
    return wait_for_conflict(qtbot, card)


def test_conflict_dialog_lists_yours_and_theirs(qtbot, open_card, company, crm):
    card = open_card(company.id)
    dialog = _conflict(qtbot, card, crm, company)
    rows = {row.key: row for row in dialog.rows}
    assert set(rows) == {"city", "email"}
    assert (rows["city"].mine, rows["city"].theirs, rows["city"].they_changed) == ("杭州", "Самара", True)
    assert (rows["email"].mine, rows["email"].they_changed) == ("office@yuanhang.cn", False)
    assert dialog.keep_mine_for("email") and not dialog.keep_mine_for("city")  # theirs is never overwritten unasked
    assert crm.customers.get(company.id).city == "Самара"  # nothing was written yet


def test_conflict_keep_mine(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    dialog = _conflict(qtbot, card, crm, company)
    with qtbot.waitSignal(card.saved, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    stored = crm.customers.get(company.id)
    assert (stored.city, stored.email, stored.name) == ("杭州", "office@yuanhang.cn", "Their name")
    idle(qtbot, ctx)
    assert not card.has_unsaved_changes()
    assert card.profile.form.lines["name"].text() == "Their name"  # their other edit is shown


def test_conflict_reload(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    dialog = _conflict(qtbot, card, crm, company)
    with qtbot.assertNotEmitted(card.saved):
        qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
        idle(qtbot, ctx)
    stored = crm.customers.get(company.id)
    assert (stored.city, stored.email) == ("Самара", None)
    assert card.profile.form.lines["city"].text() == "Самара" and card.profile.form.lines["email"].text() == ""
    assert not card.has_unsaved_changes()


def test_conflict_merge_per_field(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    dialog = _conflict(qtbot, card, crm, company)
    dialog.choose("city", mine=False)
    dialog.choose("email", mine=True)
    with qtbot.waitSignal(card.saved, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    stored = crm.customers.get(company.id)
    assert (stored.city, stored.email, stored.name) == ("Самара", "office@yuanhang.cn", "Their name")
    idle(qtbot, ctx)
    assert card.profile.form.lines["city"].text() == "Самара" and not card.has_unsaved_changes()


def test_closing_the_conflict_dialog_keeps_the_edits(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    dialog = _conflict(qtbot, card, crm, company)
    dialog.reject()
    idle(qtbot, ctx)
    assert card.has_unsaved_changes() and card.profile.form.lines["city"].text() == "杭州"
    assert "Not saved" in card.banner.text()
    assert crm.customers.get(company.id).city == "Самара"


def test_conflict_dialog_alone(qtbot):
    rows = [ConflictRow("city", "City", "杭州", "Самара", True), ConflictRow("email", "E-mail", "a@b.cn", "—", False)]
    dialog = ConflictDialog("Customer C1 (Test)", rows)
    qtbot.addWidget(dialog)
    assert dialog.merge_choices() == {"city": False, "email": True}
    with qtbot.waitSignal(dialog.decided) as decided:
        dialog.keep_button.click()
    assert decided.args == [ConflictDialog.KEEP_MINE] and dialog.choice == ConflictDialog.KEEP_MINE


# ----- the other tabs -------------------------------------------------------------------------


def test_contacts_tab_explains_itself_for_a_person(open_card, crm):
    person, _ = crm.customers.create({"name": "Анна Кузнецова"})
    card = open_card(person.id)
    assert card.contacts_tab.stack.currentIndex() == 0
    assert "Анна Кузнецова is a person" in card.contacts_tab.person_note.text()


def test_add_a_contact_then_mark_them_as_left(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    card.tabs.setCurrentWidget(card.contacts_tab)
    assert card.contacts_tab.stack.currentIndex() == 1
    qtbot.mouseClick(card.contacts_tab.add_button, Qt.MouseButton.LeftButton)
    dialog = card.contacts_tab.dialog
    type_into(qtbot, dialog.name, "김민준")
    qtbot.keyClicks(dialog.phone, "12")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog._errors["phone"].error.isVisible()  # checked before the database
    type_into(qtbot, dialog.phone, "+82 10 1234 5678")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    model = card.contacts_tab.model
    qtbot.waitUntil(lambda: any(model.record(r).name == "김민준" for r in range(model.rowCount())), timeout=TIMEOUT)
    idle(qtbot, ctx)
    row = next(r for r in range(model.rowCount()) if model.record(r).name == "김민준")
    assert model.record(row).phone_e164 == "+821012345678"
    card.contacts_tab.view.selectRow(row)
    qtbot.mouseClick(card.contacts_tab.left_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.contacts_tab.dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(model.record(r).name == "김민준" and model.greyed(model.record(r))
                                for r in range(model.rowCount())), timeout=TIMEOUT)
    stored = {c.name: c for c in crm.contacts.for_customer(company.id)}
    assert stored["김민준"].left_on == dt.date.today()


def test_add_complaint_occasion_and_gift(qtbot, open_card, company, crm, ctx):
    card = open_card(company.id)
    qtbot.mouseClick(card.complaints_tab.add_button, Qt.MouseButton.LeftButton)
    dialog = card.complaints_tab.dialog
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    qtbot.keyClicks(dialog.description, "Box arrived crushed")
    dialog.category.setCurrentIndex(dialog.category.findData("quality"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.complaints_tab.model.rowCount() == 2, timeout=TIMEOUT)
    newest = crm.complaints.for_customer(company.id)[0]
    assert (newest.description, newest.severity, newest.category) == ("Box arrived crushed", "high", "quality")

    card.occasions_tab.add_occasion_button.click()
    occasion = card.occasions_tab.dialog
    occasion.calendar.setCurrentIndex(occasion.calendar.findData("lunar"))
    occasion.month.setValue(8)
    occasion.day.setValue(30)
    occasion.leap.setChecked(True)
    type_into(qtbot, occasion.title, "老板生日")
    occasion.ok_button.click()
    qtbot.waitUntil(lambda: card.occasions_tab.occasions_model.rowCount() == 2, timeout=TIMEOUT)
    stored = [o for o in crm.occasions.for_customer(company.id) if o.title == "老板生日"][0]
    assert (stored.calendar, stored.month, stored.day, stored.leap_month) == ("lunar", 8, 30, True)

    idle(qtbot, ctx)
    card.occasions_tab.add_gift_button.click()
    gift = card.occasions_tab.dialog
    type_into(qtbot, gift.item, "茶具")
    qtbot.keyClicks(gift.cost, "abc")
    gift.ok_button.click()
    assert gift._errors["cost"].error.isVisible()
    type_into(qtbot, gift.cost, "388")
    gift.occasion.setCurrentIndex(gift.occasion.findData(stored.id))
    gift.ok_button.click()
    qtbot.waitUntil(lambda: card.occasions_tab.gifts_model.rowCount() == 2, timeout=TIMEOUT)
    made = [g for g in crm.gifts.for_customer(company.id) if g.item == "茶具"][0]
    assert made.cost == Decimal("388.00") and made.occasion_id == stored.id


def test_a_missing_customer_is_reported_in_the_card(qtbot, ctx):
    card = CustomerCard(ctx)
    qtbot.addWidget(card)
    card.show()
    card.load(987_654)
    qtbot.waitUntil(card.banner.isVisible, timeout=TIMEOUT)
    idle(qtbot, ctx)
    assert "does not exist" in card.banner.text() and "Traceback" not in card.banner.text()
    assert card.confirm_close() is True


# ----- models ---------------------------------------------------------------------------------


def test_every_model_passes_the_model_tester(qtmodeltester, open_card, company, crm):
    complaint = crm.complaints.for_customer(company.id)[0]
    crm.complaints.update(complaint.id, {"status": "resolved", "resolution": "Refund"}, complaint.version)
    card = open_card(company.id)
    models = [card.contacts_tab.model, card.care_tab.model, card.occasions_tab.occasions_model,
              card.occasions_tab.gifts_model, card.purchases_tab.model, card.complaints_tab.model,
              card.changes_tab.model, card.profile.form.custom_model]
    assert all(m.rowCount() > 0 for m in models[:-1])
    for model in models:
        qtmodeltester.check(model)

    custom = CustomFieldsModel()
    custom.set_fields({"vip_since": 2019, "WeChat": "yuanhang"})
    qtmodeltester.check(custom)
    index = custom.add_row()
    assert custom.setData(index, "生日礼物")
    assert custom.setData(custom.index(2, 1), "茶")
    assert custom.setData(custom.index(0, 1), "2019")  # unchanged text keeps the number
    assert custom.fields() == {"vip_since": 2019, "WeChat": "yuanhang", "生日礼物": "茶"}
    qtmodeltester.check(custom)
    assert custom.remove_row(1) and custom.fields() == {"vip_since": 2019, "生日礼物": "茶"}


def test_custom_fields_edits_are_saved(qtbot, open_card, company, crm):
    card = open_card(company.id)
    form = card.profile.form
    qtbot.mouseClick(form.add_field_button, Qt.MouseButton.LeftButton)
    row = form.custom_model.rowCount() - 1
    form.custom_model.setData(form.custom_model.index(row, 0), "WeChat")
    form.custom_model.setData(form.custom_model.index(row, 1), "yuanhang_trade")
    assert card.profile.changes() == {"custom_fields": {"WeChat": "yuanhang_trade"}}
    with qtbot.waitSignal(card.saved, timeout=TIMEOUT):
        card.profile.save_button.click()
    assert crm.customers.get(company.id).custom_fields == {"WeChat": "yuanhang_trade"}
