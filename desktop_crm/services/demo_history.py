"""The history of each demo customer: managers over time, purchases, occasions, care events,
gifts and complaints.

``_History`` is a mixin of ``demo_rows._Generator``: it draws from the generator's one random
stream (``self.rng``) at the points the generator calls it, so the rows still depend only on
the seed and ``today``. Days are offsets from ``today`` (a customer's history starts on its
``created`` day, < 0); ``self.ds[day + _PAST_DAYS]`` is a day as text.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left

from lunardate import LunarDate

from . import demo_names as N
from . import rhythms

INVOICE_PREFIX = "INV-"
INVOICE_FORMAT = INVOICE_PREFIX + "%08d"

# the generator's days as text run from today - _PAST_DAYS to today + _FUTURE_DAYS
_FUTURE_DAYS = 800
_PAST_DAYS = 8000
TEAM_CURRENCY = "CNY"  # the demo team's own currency: gift costs and tier gift budgets are in it


def _weighted(items, weights) -> tuple:
    """A lookup table: picking a random element of it follows the weights (to 1/1000)."""
    total = sum(weights)
    table = []
    for item, weight in zip(items, weights):
        table.extend([item] * max(1, round(1000 * weight / total)))
    return tuple(table)


def _price_cents(usd: float, currency: str, jitter: float = 1.0) -> int:
    rate, step = N.RATES[currency]
    value = max(step, round(usd * rate * jitter / step) * step)
    return int(round(value * 100))


def _holidays(today: dt.date) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """Per holiday key, (day offset from today, year) of the greeting day, past and future."""
    def lunar(y, m, d):
        return LunarDate(y, m, d).to_solar_date()

    def midsummer_eve(y):
        d = dt.date(y, 6, 19)
        return d + dt.timedelta(days=(4 - d.weekday()) % 7)

    def thanksgiving(y):
        d = dt.date(y, 11, 1)
        return d + dt.timedelta(days=(3 - d.weekday()) % 7 + 21)

    rules = {
        "spring": lambda y: lunar(y, 1, 1) - dt.timedelta(days=1),
        "midautumn": lambda y: lunar(y, 8, 15) - dt.timedelta(days=1),
        "dragon": lambda y: lunar(y, 5, 5) - dt.timedelta(days=1),
        "newyear": lambda y: dt.date(y - 1, 12, 31),
        "mar8": lambda y: dt.date(y, 3, 7),
        "feb23": lambda y: dt.date(y, 2, 22),
        "christmas": lambda y: dt.date(y, 12, 22),
        "midsummer": midsummer_eve,
        "thanksgiving": thanksgiving,
    }
    out: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for key, rule in rules.items():
        past, future = [], []
        for year in range(today.year - 4, today.year + 3):
            offset = (rule(year) - today).days
            if -1200 <= offset < 0:
                past.append((offset, year))
            elif 0 < offset < _FUTURE_DAYS - 30:
                future.append((offset, year))
        out[key] = {"past": sorted(past), "future": sorted(future)}
    return out


_COUNTRY_HOLIDAYS = {
    "CN": ("spring", "midautumn", "dragon", "newyear"), "RU": ("newyear", "mar8", "feb23"),
    "KR": ("spring", "midautumn", "newyear"), "FI": ("christmas", "midsummer", "newyear"),
    "US": ("christmas", "thanksgiving", "newyear"), "GB": ("christmas", "newyear"),
}

_LINE_REFS = ("1", "2", "3")
_CARE_KINDS = _weighted(("call", "visit", "greeting", "congratulation", "gift", "help", "other"),
                        (45, 16, 14, 5, 7, 9, 4))
_COMPLAINT_CATEGORIES = ("delivery", "delivery", "quality", "quality", "billing", "service", "equipment")


class _History:
    """Rows of what happened to a customer; mixed into ``_Generator``, whose ``rng``, ``today``, ``ids``,
    ``_id()``, ``next_invoice``, day and time tables, ``lang_of`` and manager lists it uses."""

    def _init_history(self) -> None:
        """The tables the history is drawn from: products and prices, holiday greetings, gift ideas."""
        # products: per language names, per currency unit prices in cents
        self.products = N.PRODUCTS
        self.product_table = _weighted(range(len(N.PRODUCTS)), [p[2] for p in N.PRODUCTS])
        self.main_product_table = _weighted(range(8), [p[2] for p in N.PRODUCTS[:8]])
        self.product_names = {lang: tuple(p[5 + i] for p in N.PRODUCTS) for i, lang in enumerate(N.LANGS)}
        self.unit_cents = {cur: tuple(_price_cents(p[1], cur) for p in N.PRODUCTS) for cur in N.RATES}

        holidays = _holidays(self.today)
        self.greetings: dict[str, tuple[list[int], list[tuple]]] = {}
        self.gift_past: dict[str, list[tuple[int, str, str]]] = {}
        self.gift_future: dict[str, list[tuple[int, str, str]]] = {}
        for country, keys in _COUNTRY_HOLIDAYS.items():
            lang = self.lang_of[country]
            templates = {t[3]: t for t in N.CARE[lang]["greeting"]}
            entries = sorted((day, templates[key]) for key in keys if key in templates
                             for day, _year in holidays[key]["past"])
            self.greetings[country] = ([d for d, _ in entries], [t for _, t in entries])
            names = N.HOLIDAY_NAMES[lang]
            gift_keys = [k for k in N.GIFT_HOLIDAYS[lang] if k in keys]
            self.gift_past[country] = sorted((d, f"{names[k]} {y}", k) for k in gift_keys
                                             for d, y in holidays[k]["past"])
            self.gift_future[country] = sorted((d, f"{names[k]} {y}", k) for k in gift_keys
                                               for d, y in holidays[k]["future"])[:3]
        # gift ideas by what they fit (a holiday, "birthday", "anniversary", "opening"); "any" fits all
        self.gift_items: dict[str, dict[str, tuple]] = {}
        for lang, items in N.GIFTS.items():
            anything = tuple(item for item in items if item[3] == "any")
            self.gift_items[lang] = {"any": anything}
            for tag in {item[3] for item in items}:
                self.gift_items[lang][tag] = tuple(item for item in items if item[3] == tag) + anything

    def _assignments(self, out, cid, lang, created) -> tuple[int, int, int | None]:
        """The customer's managers; returns (manager now, manager before ``switch_day``, ``switch_day`` or None)."""
        r = self.rng.random
        ds, off = self.ds, _PAST_DAYS
        pool = self.managers_by_lang.get(lang) if r() < 0.9 else None
        pool = pool or self.active_managers
        manager = pool[int(r() * len(pool))]
        switch_day = None
        old_manager = manager
        if r() < 0.05 and created < -30:
            old_pool = self.inactive_managers if (self.inactive_managers and r() < 0.6) else self.active_managers
            old = old_pool[int(r() * len(old_pool))]
            if old != manager:
                switch_day = created + 1 + int(r() * (-created - 1))
                out.append((self._id("customer_assignments"), cid, old, "primary", ds[created + off],
                            ds[switch_day + off], None))
                out.append((self._id("customer_assignments"), cid, manager, "primary", ds[switch_day + off], None,
                            N.HANDOVER_NOTE[lang]))
                old_manager = old
        if switch_day is None:
            out.append((self._id("customer_assignments"), cid, manager, "primary", ds[created + off], None, None))
        if r() < 0.05:
            other = self.active_managers[int(r() * len(self.active_managers))]
            if other != manager:
                start = created + int(r() * -created)
                out.append((self._id("customer_assignments"), cid, other, "secondary", ds[start + off], None,
                            N.SECONDARY_NOTE[lang]))
        return manager, old_manager, switch_day

    def _purchases(self, out, cid, lang, currency, company, tier, status, created) -> tuple:
        """Returns the customer's purchase rhythm (services/rhythms.py) as ISO dates and day counts."""
        r = self.rng.random
        ds, off, stamps = self.ds, _PAST_DAYS, self.stamp_times
        if tier == "A":
            interval, mult = 20 + r() * 40, 3 + int(r() * 5)
        elif tier == "B":
            interval, mult = 30 + r() * 60, 2 + int(r() * 2)
        else:
            interval, mult = 60 + r() * 120, 1
        if status == "lost":  # stopped buying at least half a year ago
            stop = created + 30 + int(r() * (-210 - created))
        elif status == "dormant":  # nothing for four months to a year
            stop = -120 - int(r() * min(245, -150 - created))
        elif r() < 0.1:
            stop = -int(interval * (1.5 + 1.5 * r()))  # at risk: overdue for a re-order
        else:
            stop = 0
        day = created + int(r() * min(interval, -created))
        if day >= stop:  # every buying customer bought at least once
            day = max(created, stop - 1 - int(r() * 30))
            stop = day + 1
        products = self.products
        names = self.product_names[lang]
        prices = self.unit_cents[currency]
        table = self.product_table
        n_table = len(table)
        main = self.main_product_table[int(r() * len(self.main_product_table))]
        qty_col = 4 if company else 3
        line_refs = _LINE_REFS
        invoice = self.next_invoice
        pid = self.ids["purchases"]
        bought: list[int] = []
        while day < stop:
            bought.append(day)
            ref = INVOICE_FORMAT % invoice
            invoice += 1
            date = ds[day + off]
            stamp = date + stamps[int(r() * 997)]
            lines = 1 if r() < 0.8 else (2 if r() < 0.75 else 3)
            prod = first = main if r() < 0.75 else table[int(r() * n_table)]
            for li in range(lines):
                if li:
                    nxt = table[int(r() * n_table)]
                    while nxt == first or nxt == prod:
                        nxt = (nxt + 1) % len(products)
                    prod = nxt
                q = int(products[prod][qty_col] * mult * (0.6 + 0.8 * r())) or 1
                out.append((pid, cid, date, products[prod][0], names[prod], float(q), prices[prod] * q, currency,
                            ref, line_refs[li], stamp))
                pid += 1
            day += int(interval * (0.7 + 0.6 * r())) or 1
        self.next_invoice = invoice
        self.ids["purchases"] = pid
        n, last, usual, long, expected, reorder, risk = rhythms.compute_ordinals(bought)
        base = self.today_ordinal
        iso = lambda x: None if x is None else dt.date.fromordinal(base + x).isoformat()  # noqa: E731
        return n or None, iso(last), usual, long, iso(expected), iso(reorder), iso(risk)

    def _occasions(self, out, cid, lang, company) -> tuple | None:
        """Returns (id, month, day, gift tag) of a yearly solar date a gift can be tied to, or None."""
        r = self.rng.random
        occasion = None
        onotes = N.OCCASION_NOTES[lang]
        if company:
            if r() < 0.9:
                kind = "company_anniversary" if r() < 0.7 else "store_opening"
                oid = self._id("occasions")
                month, day = 1 + int(r() * 12), 1 + int(r() * 28)
                out.append((oid, cid, None, kind, N.OCCASION_TITLES[lang][kind], "solar",
                            self.today.year - 2 - int(r() * 30), month, day, False, True, 14,
                            onotes[int(r() * len(onotes))] if r() < 0.3 else None))
                occasion = (oid, month, day, "anniversary" if kind == "company_anniversary" else "opening")
        else:
            y = r()
            if y < 0.12:
                oid = self._id("occasions")
                month, day = 1 + int(r() * 12), 1 + int(r() * 28)
                out.append((oid, cid, None, "wedding", N.OCCASION_TITLES[lang]["wedding"], "solar",
                            (self.today.year - 1 - int(r() * 40)) if r() < 0.7 else None, month, day, False,
                            True, 7, onotes[int(r() * len(onotes))] if r() < 0.2 else None))
                occasion = (oid, month, day, "any")
            elif y < 0.26:
                fam = N.FAMILY_OCCASIONS[lang]
                o_kind, o_title, lunar, yearly = fam[int(r() * len(fam))]
                oid = self._id("occasions")
                month, day = 1 + int(r() * 12), 1 + int(r() * (30 if lunar else 28))
                year = None if yearly else self.today.year + (0 if month > self.today.month else 1)
                out.append((oid, cid, None, o_kind, o_title, "lunar" if lunar else "solar", year, month, day,
                            False, yearly, 7 if yearly else 30, None))
                if not lunar and yearly:
                    occasion = (oid, month, day, o_kind if o_kind == "birthday" else "any")
        return occasion

    def _care_events(self, out, cid, lang, country, status, tier, created, contacts, manager, old_manager,
                     switch_day) -> tuple[str | None, str | None]:
        """Calls, visits, greetings and the like; returns (last call, last visit) for the customer row."""
        r = self.rng.random
        ds, off, works = self.ds, _PAST_DAYS, self.work_times
        kinds = _CARE_KINDS
        templates = N.CARE[lang]
        products = self.product_names[lang]
        channels = N.CHANNELS[lang]
        if status == "prospect":
            n_events = 1 + int(r() * 3)
        else:
            n_events = (4 + int(r() * 6)) if tier == "A" else ((2 + int(r() * 4)) if tier == "B" else int(r() * 5))
        last_call = last_visit = None
        greet_days, greet_templates = self.greetings[country]
        first_greeting = bisect_left(greet_days, created)
        for _ in range(n_events):
            kind = kinds[int(r() * len(kinds))]
            if kind == "greeting":
                if first_greeting >= len(greet_days):
                    kind = "call"
                else:
                    gi = first_greeting + int(r() * (len(greet_days) - first_greeting))
                    day, tpl = greet_days[gi], greet_templates[gi]
            if kind != "greeting":
                day = created + int(r() * -created)
                pool_ = templates[kind]
                tpl = pool_[int(r() * len(pool_))]
            when = ds[day + off] + works[int(r() * len(works))]
            if kind == "call":
                if last_call is None or when > last_call:
                    last_call = when
                channel = "phone"
            elif kind == "visit":
                if last_visit is None or when > last_visit:
                    last_visit = when
                channel = "in_person"
            else:
                channel = channels[int(r() * len(channels))]
            self._care(out, cid, contacts, manager if (switch_day is None or day >= switch_day)
                       else old_manager, kind, day, when, channel, tpl, products,
                       None if status == "lost" else (manager or 0))
        return last_call, last_visit

    def _care(self, out, cid, contacts, manager, kind, day, when, channel, tpl, products, owner) -> None:
        """``owner``: what care_events.follow_up_owner holds for a follow-up (migration 0006)."""
        r = self.rng.random
        summary = tpl[0]
        if "{p}" in summary:
            summary = summary.replace("{p}", products[int(r() * 8)])
        next_step = tpl[2]
        next_due = next_done = None
        if next_step is not None:
            due = day + 3 + int(r() * 19)
            next_due = self.ds[due + _PAST_DAYS]
            if due < 0 and (due < -45 or r() < 0.6):
                done = min(due + int(r() * 5) - 2, -1)
                next_done = self.ds[done + _PAST_DAYS] + self.work_times[int(r() * len(self.work_times))]
                if next_done < when:
                    next_done = when
        contact = contacts[int(r() * len(contacts))] if contacts and r() < 0.8 else None
        out.append((self._id("care_events"), cid, contact, manager, kind, when, channel, summary, tpl[1], next_step,
                    next_due, next_done, "demo", when, None if next_due is None else owner))

    def _complaint(self, rows, cid, lang, contacts, manager, created, channels, owner=None) -> None:
        r = self.rng.random
        ds, off, works = self.ds, _PAST_DAYS, self.work_times
        category = _COMPLAINT_CATEGORIES[int(r() * len(_COMPLAINT_CATEGORIES))]
        cases = N.COMPLAINTS[lang][category]
        description, fix = cases[int(r() * len(cases))]
        x = r()
        severity = "low" if x < 0.3 else ("medium" if x < 0.75 else ("high" if x < 0.95 else "critical"))
        day = created + int(r() * -created)
        received = ds[day + off] + works[int(r() * len(works))]
        target_day = day + {"critical": 1, "high": 2, "medium": 5, "low": 10}[severity]
        target = ds[target_day + off] + received[10:]
        y = r()
        if day > -14:
            status = "open" if y < 0.5 else "investigating"
        else:
            status = "resolved" if y < 0.45 else ("closed" if y < 0.9 else ("investigating" if y < 0.95 else "open"))
        resolution = resolved_at = feedback = satisfaction = None
        updated = received
        if status in ("resolved", "closed"):
            resolved_day = min(day + 1 + int(r() * (target_day - day + 5)), -1)
            resolved_at = ds[resolved_day + off] + works[int(r() * len(works))]
            resolution = fix
            updated = resolved_at
            s = r()
            satisfaction = 5 if s < 0.35 else (4 if s < 0.7 else (3 if s < 0.88 else (2 if s < 0.96 else 1)))
            if r() < 0.6:
                feedback = N.FEEDBACK[lang][satisfaction < 4][int(r() * 2)]
            follow = resolved_day + 1 + int(r() * 6)
            if follow < 0:
                # the second follow-up text is about a late delivery
                pick = int(r() * 3) if category == "delivery" else (0, 2)[int(r() * 2)]
                tpl = N.CARE[lang]["complaint_follow_up"][pick]
                when = ds[follow + off] + works[int(r() * len(works))]
                self._care(rows["care_events"], cid, contacts, manager, "complaint_follow_up", follow, when,
                           "phone", tpl, self.product_names[lang], owner)
        contact = contacts[int(r() * len(contacts))] if contacts and r() < 0.7 else None
        rows["complaints"].append((
            self._id("complaints"), cid, contact, manager, received, channels[int(r() * len(channels))], category,
            severity, description, status, target, resolution, resolved_at, feedback,
            satisfaction, 1, received, updated,
        ))

    def _gifts(self, out, cid, lang, country, currency, tier, manager, decision_maker, occasion, created) -> None:
        r = self.rng.random
        g = r()
        n_gifts = (1 + int(r() * 3)) if tier == "A" else (int(r() * 3) if tier == "B" else int(g < 0.2))
        for _ in range(n_gifts):
            self._gift(out, cid, lang, country, currency, manager, decision_maker, occasion, created)

    def _gift(self, out, cid, lang, country, currency, manager, decision_maker, occasion, created) -> None:
        r = self.rng.random
        ds, off, stamps = self.ds, _PAST_DAYS, self.stamp_times
        x = r()
        status = "given" if x < 0.55 else ("bought" if x < 0.65 else ("planned" if x < 0.8 else "idea"))
        occasion_id = label = planned = given = None
        if occasion is not None and r() < 0.3:
            occasion_id, tag = occasion[0], occasion[3]
            past, upcoming = self._last_and_next(occasion[1], occasion[2])
            day = past if status == "given" else upcoming
        else:
            if status == "given":
                choices = self.gift_past[country]
                first = bisect_left(choices, (created,))
                if first >= len(choices):
                    status = "planned"
                else:
                    day, label, tag = choices[first + int(r() * (len(choices) - first))]
            if status != "given":
                choices = self.gift_future[country]
                day, label, tag = choices[0] if r() < 0.7 or len(choices) < 2 else choices[1]
        by_tag = self.gift_items[lang]
        items = by_tag.get(tag) or by_tag["any"]
        item, story, usd, _tag = items[int(r() * len(items))]
        cost = _price_cents(usd, TEAM_CURRENCY, 0.8 + 0.5 * r())  # gift costs carry no currency: the team's
        day -= 1 + int(r() * 5)
        if status == "given":
            day = min(day, -1)
            given = ds[day + off]
            made = max(day - 3 - int(r() * 18), created)
            updated_day = day
        else:
            day = max(day, 1)
            if status != "idea" or r() < 0.4:
                planned = ds[day + off]
            made = max(-int(r() * 40), created)
            updated_day = made
        contact = decision_maker if decision_maker is not None and r() < 0.6 else None
        out.append((self._id("gifts"), cid, contact, occasion_id, label, item, story, cost, status, planned, given,
                    manager, ds[made + off] + stamps[int(r() * 997)], ds[updated_day + off] + stamps[int(r() * 997)]))

    def _last_and_next(self, month: int, day: int) -> tuple[int, int]:
        """Offsets of the last (< 0) and the next (> 0) yearly date month/day (day <= 28)."""
        today = self.today
        this_year = (dt.date(today.year, month, day) - today).days
        if this_year < 0:
            return this_year, (dt.date(today.year + 1, month, day) - today).days
        if this_year == 0:
            return (dt.date(today.year - 1, month, day) - today).days, (dt.date(today.year + 1, month, day) - today).days
        return (dt.date(today.year - 1, month, day) - today).days, this_year

