"""Regional care over a real database (SQLite file and PostgreSQL): the regions with their customers,
one care task per customer of the area for that customer's manager, and nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from desktop_crm.errors import ValidationError
from desktop_crm.models import CareKind, CareTask, Manager

CAMPAIGN = "Typhoon Haikui, Fujian"
TODAY = dt.date(2026, 9, 5)


def tasks(crm) -> list[tuple[int, str | None, str, str | None, dt.date, str | None, CareKind]]:
    """(customer id, manager login, title, campaign, due, created by, kind) of every task."""
    with crm.session() as s:
        rows = s.execute(select(CareTask.customer_id, Manager.login, CareTask.title, CareTask.campaign,
                                CareTask.due_on, CareTask.created_by, CareTask.kind)
                         .outerjoin(Manager, Manager.id == CareTask.manager_id).order_by(CareTask.customer_id))
        return [tuple(r) for r in rows]


@pytest.fixture
def area(crm):
    crm.managers.create("li", "Li Hongmei")
    crm.managers.create("wang", "Wang Lei")

    def customer(name, region, city, manager, **more):
        record, _ = crm.customers.create({"name": name, "region": region, "city": city, "manager": manager,
                                          "country": more.pop("country", "CN"), **more})
        return record.id

    ids = {
        "xm1": customer("Xiamen Tea House", "Fujian", "Xiamen", "li", phone="0592 123 4567"),
        "xm2": customer("Xiamen Port Supply", "Fujian", "Xiamen", "wang"),
        "fz": customer("Fuzhou Paper", "Fujian", "Fuzhou", "li", mobile="139 1234 5678"),
        "nomgr": customer("Quanzhou Stone", "Fujian", "Quanzhou", None),
        "lost": customer("Lost Fujian Ltd", "Fujian", "Xiamen", "li", status="lost"),
        "deleted": customer("Deleted Fujian Ltd", "Fujian", "Xiamen", "wang"),
        "hz": customer("Hangzhou Silk", "Zhejiang", "Hangzhou", "wang"),
        "nb": customer("Ningbo Tools", "Zhejiang", "Ningbo", "li"),
        "spb": customer("Nevsky Trade", "Saint Petersburg", "Saint Petersburg", "li", country="RU"),
        "cityonly": customer("Xiamen No Region", None, "Xiamen", "wang"),
    }
    crm.customers.delete([ids["deleted"]])
    return ids


def test_regions_and_cities_with_their_live_customers_most_first(crm, area):
    assert crm.regional.regions() == [("Fujian", 4), ("Zhejiang", 2), ("Saint Petersburg", 1)]
    assert crm.regional.regions("ru") == [("Saint Petersburg", 1)]
    cities = crm.regional.cities("CN")
    assert cities[0] == ("Xiamen", 3)  # two in Fujian and the one without a region; lost and deleted left out
    assert crm.regional.cities(regions=["Fujian"]) == [("Xiamen", 2), ("Fuzhou", 1), ("Quanzhou", 1)]
    assert crm.regional.countries() == [("CN", 7), ("RU", 1)]
    with pytest.raises(ValidationError):
        crm.regional.regions("China")


def test_customers_in_a_region_with_their_managers(crm, area):
    preview = crm.regional.customers_in(["Fujian"])
    assert preview.count == 4 and preview.to_create == 4 and preview.already == 0 and not preview.more
    rows = {r.id: r for r in preview.rows}
    assert set(rows) == {area["xm1"], area["xm2"], area["fz"], area["nomgr"]}
    assert rows[area["xm1"]].manager_name == "Li Hongmei" and rows[area["xm2"]].manager_login == "wang"
    assert rows[area["xm1"]].phone and rows[area["fz"]].phone  # the phone, or else the mobile
    assert rows[area["nomgr"]].manager_name is None and preview.without_manager == 1
    assert dict(preview.by_manager) == {"Li Hongmei": 2, "Wang Lei": 1, None: 1}
    assert len(crm.regional.customers_in(["Fujian"], limit=2).rows) == 2
    assert crm.regional.customers_in(["Fujian"], limit=2).more
    assert crm.regional.customers_in(["Fujian", "Zhejiang"], country="RU").count == 0


def test_one_task_per_customer_of_the_region_for_its_manager_and_never_twice(crm, area):
    count, changes = crm.regional.create_tasks(["Fujian"], "Call to ask how they are", campaign=CAMPAIGN,
                                               today=TODAY)
    assert count == 4 and changes.care and changes.agenda
    made = tasks(crm)
    assert [(cid, login) for cid, login, *_ in made] == [
        (area["xm1"], "li"), (area["xm2"], "wang"), (area["fz"], "li"), (area["nomgr"], None)]
    assert {(title, campaign, due, actor, kind) for _c, _l, title, campaign, due, actor, kind in made} == {
        ("Call to ask how they are", CAMPAIGN, TODAY, "tester", CareKind.CALL)}
    # other regions, the lost and the deleted customer got nothing
    assert not {area[k] for k in ("lost", "deleted", "hz", "nb", "spb", "cityonly")} & {m[0] for m in made}

    again, changes = crm.regional.create_tasks(["Fujian"], "Call to ask how they are", campaign=CAMPAIGN,
                                               today=TODAY)
    assert again == 0 and not changes.agenda and len(tasks(crm)) == 4
    assert crm.regional.customers_in(["Fujian"], campaign=CAMPAIGN).already == 4
    assert crm.regional.customers_in(["Fujian"], campaign=CAMPAIGN).to_create == 0

    # widening the area adds only the customers not yet covered
    more, _ = crm.regional.create_tasks(["Fujian"], "Call", cities=["Xiamen"], campaign=CAMPAIGN, today=TODAY)
    assert more == 1 and tasks(crm)[-1][0] == area["cityonly"]
    assert crm.regional.tasks_for_campaign(CAMPAIGN).open == 5


def test_a_done_task_lets_a_new_one_be_made_and_campaign_counts(crm, area):
    crm.regional.create_tasks(["Zhejiang"], "Visit to help clean up", kind="help", campaign="Flood 2026",
                              due_on="2026-09-10")
    assert {(t[0], t[4], t[6]) for t in tasks(crm)} == {(area["hz"], dt.date(2026, 9, 10), CareKind.HELP),
                                                        (area["nb"], dt.date(2026, 9, 10), CareKind.HELP)}
    with crm.session() as s:
        s.execute(update(CareTask).where(CareTask.customer_id == area["hz"]).values(done_at=dt.datetime(2026, 9, 9)))
        s.commit()
    counts = crm.regional.tasks_for_campaign("Flood 2026")
    assert (counts.open, counts.done, counts.total) == (1, 1, 2)
    count, _ = crm.regional.create_tasks(["Zhejiang"], "Visit again", campaign="Flood 2026")
    assert count == 1  # the customer whose task is done gets a new one; the open one stays single
    assert crm.regional.tasks_for_campaign("Nothing like it").total == 0


def test_without_a_campaign_the_same_title_counts_as_the_same_task(crm, area):
    first, _ = crm.regional.create_tasks(["Zhejiang"], "Heat wave call", today=TODAY)
    second, _ = crm.regional.create_tasks(["Zhejiang"], "Heat wave call", today=TODAY)
    third, _ = crm.regional.create_tasks(["Zhejiang"], "Another call", today=TODAY)
    assert (first, second, third) == (2, 0, 2)
    assert all(t[4] == TODAY and t[3] is None for t in tasks(crm))


def test_validation_errors_write_nothing(crm, area):
    with pytest.raises(ValidationError) as err:
        crm.regional.create_tasks([], "  ", kind="hug", due_on="tomorrow", country="China")
    assert set(err.value.problems) == {"regions", "title", "kind", "due_on", "country"}
    with pytest.raises(ValidationError) as err:
        crm.regional.create_tasks(["", "  "], "Call")
    assert set(err.value.problems) == {"regions"}
    with pytest.raises(ValidationError):
        crm.regional.customers_in([])
    with pytest.raises(ValidationError):
        crm.regional.tasks_for_campaign(" ")
    with crm.session() as s:
        assert s.scalar(select(func.count()).select_from(CareTask)) == 0
