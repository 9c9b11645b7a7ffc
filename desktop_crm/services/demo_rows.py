"""Rows of the demo data: managers, customers (people and companies), contact persons and the
customers' search documents.

``_Generator`` produces them chunk by chunk from one random stream, so they depend only on the
seed, ``today`` and what is in the database already (``demo._State``); the history of each
customer comes from its mixin ``demo_history._History``, the texts from ``demo_names``.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from typing import TYPE_CHECKING

from lunardate import LunarDate

from . import demo_names as N
from .demo_history import _FUTURE_DAYS, _PAST_DAYS, _History, _weighted
from .search_text import fold, text_tokens

if TYPE_CHECKING:
    from .demo import _State

CODE_FORMAT = "C%07d"

# Columns written per table, in insertion order (parents before children).
COLUMNS: dict[str, tuple[str, ...]] = {
    "managers": ("id", "name", "login", "email", "role", "active", "created_at", "updated_at"),
    "customers": (
        "id", "code", "kind", "name", "sort_name", "company", "title", "phone", "phone_e164", "mobile", "mobile_e164",
        "email", "address", "city", "region", "country", "status", "tier_id", "tier_pinned", "loyalty", "industry",
        "purpose", "source", "credit_rating", "credit_limit", "hobbies", "personality", "family_notes", "notes",
        "custom_fields", "manager_id", "last_call_at", "last_visit_at", "version", "created_at", "updated_at",
        "birth_calendar", "birth_year", "birth_month", "birth_day", "birth_leap_month", "assigned_at",
        "purchase_days", "last_purchase_on", "usual_gap_days", "long_gap_days", "next_purchase_on", "reorder_from",
        "at_risk_from",
    ),
    "contact_persons": (
        "id", "customer_id", "name", "role", "phone", "phone_e164", "mobile", "mobile_e164", "email", "decision_maker",
        "joined_on", "left_on", "notes", "version", "created_at", "updated_at", "birth_calendar", "birth_year",
        "birth_month", "birth_day", "birth_leap_month",
    ),
    "customer_assignments": ("id", "customer_id", "manager_id", "role", "started_on", "ended_on", "note"),
    "purchases": (
        "id", "customer_id", "purchased_on", "product_code", "product_name", "quantity", "amount", "currency",
        "reference", "line_ref", "created_at",
    ),
    "occasions": (
        "id", "customer_id", "contact_id", "kind", "title", "calendar", "year", "month", "day", "leap_month", "yearly",
        "lead_days", "notes",
    ),
    "gifts": (
        "id", "customer_id", "contact_id", "occasion_id", "occasion_label", "item", "story", "cost", "status",
        "planned_for", "given_on", "manager_id", "created_at", "updated_at",
    ),
    "care_events": (
        "id", "customer_id", "contact_id", "manager_id", "kind", "happened_at", "channel", "summary", "outcome",
        "next_step", "next_due", "next_done_at", "source", "created_at", "follow_up_owner",
    ),
    "complaints": (
        "id", "customer_id", "contact_id", "manager_id", "received_at", "channel", "category", "severity",
        "description", "status", "target_at", "resolution", "resolved_at", "feedback", "satisfaction", "version",
        "created_at", "updated_at",
    ),
    "customer_search": ("customer_id", "doc"),
}
_NO_RHYTHM = (None,) * 7
CHILD_TABLES = tuple(t for t in COLUMNS if t != "managers")


def _ascii(text_: str) -> str:
    """Latin letters without accents and punctuation, lower case (Järvinen -> jarvinen)."""
    decomposed = unicodedata.normalize("NFKD", text_)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def _ru_latin(text_: str) -> str:
    return "".join(N.RU_TRANSLIT.get(ch, ch) for ch in text_.lower() if ch.isalnum() or ch in N.RU_TRANSLIT)


def _ru_female(surname: str) -> str:
    if surname.endswith("ий"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def _round_cents(usd: float, currency: str) -> int:
    """A round amount (two significant digits) in ``currency``, in cents: 2603.7 -> 2600."""
    value = usd * N.RATES[currency][0]
    step = 10 ** max(0, len(str(int(value))) - 2)
    return int(round(value / step) * step * 100)


def _lunar_month_days() -> dict[tuple[int, int, bool], int]:
    """(year, month, leap) -> days in that lunar month, for the years people are born in."""
    days = {}
    for year in range(1935, 2011):
        leap = LunarDate.leap_month_for_year(year)
        for month in range(1, 13):
            for is_leap in (False, True) if month == leap else (False,):
                try:
                    LunarDate(year, month, 30, is_leap).to_solar_date()
                    days[(year, month, is_leap)] = 30
                except ValueError:
                    days[(year, month, is_leap)] = 29
    return days


_MAILBOXES = {"zh": ("info", "sales", "service"), "ru": ("info", "office", "zakaz", "sales"),
              "ko": ("info", "sales", "help"), "fi": ("info", "myynti", "toimisto"),
              "en": ("info", "office", "accounts", "hello")}


class _Generator(_History):
    """Produces rows; one random stream, so the data depends only on the seed and ``today``."""

    def __init__(self, seed: int, today: dt.date, state: _State, customers: int):
        self.rng = random.Random(seed)
        r = self.rng.random
        self.today = today
        self.today_ordinal = today.toordinal()
        self.ids = dict(state.next_id)
        self.next_code = state.next_code
        self.next_invoice = state.next_invoice
        self.logins = set(state.logins)
        self.tier_ids = state.tiers
        self.n_customers = customers

        # dates as text, by offset from today (SQLAlchemy's SQLite formats)
        self.ds = [(today + dt.timedelta(days=k)).isoformat() for k in range(-_PAST_DAYS, _FUTURE_DAYS)]
        self.work_times = tuple(f" {h:02d}:{m:02d}:00.000000" for h in range(8, 19) for m in range(0, 60, 5))
        self.stamp_times = tuple(
            f" {8 + int(r() * 11):02d}:{int(r() * 60):02d}:{int(r() * 60):02d}.{int(r() * 1e6):06d}"
            for _ in range(997)
        )
        self.lang_table = _weighted(N.LANGS, N.LANG_WEIGHTS)
        self.countries = {lang: _weighted([c for c, _, _ in cs], [w for _, w, _ in cs])
                          for lang, cs in N.COUNTRIES.items()}
        self.currency = {c: cur for cs in N.COUNTRIES.values() for c, _, cur in cs}
        self.lang_of = {c: lang for lang, cs in N.COUNTRIES.items() for c, _, _ in cs}
        cities = {"CN": [(c, reg, (area,), w, extra) for c, reg, area, w, extra in N.CN_CITIES],
                  "RU": N.RU_CITIES, "KR": N.KR_CITIES, "FI": N.FI_CITIES, "US": N.US_CITIES, "GB": N.GB_CITIES}
        self.cities = {c: _weighted(rows, [row[3] for row in rows]) for c, rows in cities.items()}
        self.streets = {"CN": N.CN_STREETS, "RU": N.RU_STREETS, "KR": N.KR_STREETS, "FI": N.FI_STREETS,
                        "US": N.US_STREETS, "GB": N.GB_STREETS}

        self.lunar_days = _lunar_month_days()
        self.leap_years = tuple((y, LunarDate.leap_month_for_year(y)) for y in range(1945, 2004)
                                if LunarDate.leap_month_for_year(y))
        self.ru_latin: dict[str, str] = {}
        self.fi_latin: dict[str, str] = {}
        self.tok_cache: dict[str | None, list[str]] = {None: []}
        self.fold_cache: dict[str, str] = {}

        self._init_history()
        self.managers_by_lang: dict[str, list[int]] = {}
        self.active_managers: list[int] = []
        self.inactive_managers: list[int] = []

    # --- small helpers ---------------------------------------------------------------------

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _tokens(self, value):
        tokens = self.tok_cache.get(value)
        if tokens is None:
            tokens = text_tokens(value)
            if len(self.tok_cache) < 500_000:
                self.tok_cache[value] = tokens
        return tokens

    def _person(self, lang: str):
        """(display name, given name in ascii, family name in ascii, is_female)."""
        r = self.rng.random
        if lang == "zh":
            sur = N.ZH_SURNAMES[int(r() * len(N.ZH_SURNAMES))]
            giv = N.ZH_GIVEN[int(r() * len(N.ZH_GIVEN))]
            return sur[0] + giv[0], giv[1], sur[1], r() < 0.5
        if lang == "ko":
            sur = N.KO_SURNAMES[int(r() * len(N.KO_SURNAMES))]
            giv = N.KO_GIVEN[int(r() * len(N.KO_GIVEN))]
            return sur[0] + giv[0], giv[1], sur[1], r() < 0.5
        female = r() < 0.5
        if lang == "ru":
            first = (N.RU_FEMALE if female else N.RU_MALE)[int(r() * (len(N.RU_FEMALE) if female else len(N.RU_MALE)))]
            last = N.RU_SURNAMES[int(r() * len(N.RU_SURNAMES))]
            if female:
                last = _ru_female(last)
            latin = self.ru_latin
            if first not in latin:
                latin[first] = _ru_latin(first)
            if last not in latin:
                latin[last] = _ru_latin(last)
            if r() < 0.25:
                patronymic = N.RU_PATRONYMICS[int(r() * len(N.RU_PATRONYMICS))][1 if female else 0]
                name = f"{last} {first} {patronymic}"
            else:
                name = f"{first} {last}"
            return name, latin[first], latin[last], female
        if lang == "fi":
            firsts, lasts = (N.FI_FEMALE if female else N.FI_MALE), N.FI_SURNAMES
            latin = self.fi_latin
        else:
            firsts, lasts = (N.EN_FEMALE if female else N.EN_MALE), N.EN_SURNAMES
            latin = self.fi_latin
        first = firsts[int(r() * len(firsts))]
        last = lasts[int(r() * len(lasts))]
        if first not in latin:
            latin[first] = _ascii(first)
        if last not in latin:
            latin[last] = _ascii(last)
        return f"{first} {last}", latin[first], latin[last], female

    def _email(self, lang: str, country: str, given: str, family: str, birth_year) -> str:
        r = self.rng.random
        domains = N.EMAIL_DOMAINS[country if lang == "en" else lang]
        domain = domains[int(r() * len(domains))]
        x = r()
        yy = f"{birth_year % 100:02d}" if birth_year else str(10 + int(r() * 90))
        if lang == "zh":
            if x < 0.25:
                return f"{int(r() * 2_900_000_000) + 10_000_000}@qq.com"
            if x < 0.55:
                return f"{family}{given}@{domain}"
            if x < 0.8:
                return f"{family}{given}{yy}@{domain}"
            return f"{given}.{family}@{domain}"
        if lang == "ko" and x < 0.4:
            return f"{given}{family}{yy}@{domain}"
        if x < 0.5:
            return f"{given}.{family}@{domain}"
        if x < 0.75:
            return f"{given[0]}{family}{yy}@{domain}"
        if x < 0.9:
            return f"{family}.{given}@{domain}"
        return f"{given}{family}@{domain}"

    def _mobile(self, country: str, areas=None) -> tuple[str, str]:
        r = self.rng.random
        x = r()
        if country == "CN":
            p = N.CN_MOBILE_PREFIXES[int(r() * len(N.CN_MOBILE_PREFIXES))]
            s = "%08d" % int(r() * 1e8)
            shown = f"{p} {s[:4]} {s[4:]}" if x < 0.5 else (p + s if x < 0.85 else f"{p}-{s[:4]}-{s[4:]}")
            return shown, f"+86{p}{s}"
        if country == "RU":
            p = N.RU_MOBILE_PREFIXES[int(r() * len(N.RU_MOBILE_PREFIXES))]
            s = "%07d" % int(r() * 1e7)
            if x < 0.45:
                shown = f"+7 {p} {s[:3]}-{s[3:5]}-{s[5:]}"
            elif x < 0.65:
                shown = f"8 {p} {s[:3]}-{s[3:5]}-{s[5:]}"
            elif x < 0.8:
                shown = f"8 ({p}) {s[:3]}-{s[3:5]}-{s[5:]}"
            else:
                shown = f"8{p}{s}"
            return shown, f"+7{p}{s}"
        if country == "KR":
            s = "%d%07d" % (2 + int(r() * 8), int(r() * 1e7))
            if s[:2] == "59":  # a block not in service
                s = "58" + s[2:]
            shown = f"010-{s[:4]}-{s[4:]}" if x < 0.7 else (f"010{s}" if x < 0.85 else f"+82 10-{s[:4]}-{s[4:]}")
            return shown, f"+8210{s}"
        if country == "FI":
            p = N.FI_MOBILE_PREFIXES[int(r() * len(N.FI_MOBILE_PREFIXES))]
            s = "%07d" % int(r() * 1e7)
            shown = f"0{p} {s[:3]} {s[3:]}" if x < 0.6 else (f"0{p}{s}" if x < 0.8 else f"+358 {p} {s[:3]} {s[3:]}")
            return shown, f"+358{p}{s}"
        if country == "GB":
            p = N.GB_MOBILE_PREFIXES[int(r() * len(N.GB_MOBILE_PREFIXES))]
            s = "%06d" % int(r() * 1e6)
            return (f"0{p} {s}" if x < 0.7 else f"+44 {p} {s}"), f"+44{p}{s}"
        return self._us_number(areas if (areas and r() < 0.8) else N.US_CITIES[int(r() * len(N.US_CITIES))][2])

    def _us_number(self, areas) -> tuple[str, str]:
        r = self.rng.random
        a = areas[int(r() * len(areas))]
        e = "%d%02d" % (2 + int(r() * 8), int(r() * 100))
        if e[1:] == "11":
            e = e[0] + "12"
        line = "%04d" % int(r() * 1e4)
        x = r()
        shown = f"({a}) {e}-{line}" if x < 0.5 else (f"{a}-{e}-{line}" if x < 0.8 else f"+1 {a} {e} {line}")
        return shown, f"+1{a}{e}{line}"

    def _landline(self, country: str, areas) -> tuple[str, str]:
        r = self.rng.random
        x = r()
        area = areas[int(r() * len(areas))] if len(areas) > 1 else areas[0]
        if country == "CN":
            s = "%d%07d" % (2 + int(r() * 7), int(r() * 1e7))
            shown = f"{area}-{s[:4]} {s[4:]}" if x < 0.4 else (f"{area}-{s}" if x < 0.8 else f"({area}){s}")
            return shown, f"+86{area[1:]}{s}"
        if country == "RU":
            s = "%d%06d" % (2 + int(r() * 8), int(r() * 1e6))
            shown = (f"+7 ({area}) " if x < 0.5 else f"8 ({area}) ") + f"{s[:3]}-{s[3:5]}-{s[5:]}"
            return shown, f"+7{area}{s}"
        if country == "KR":
            if area == "02" or x < 0.5:
                s = "%d%07d" % (2 + int(r() * 8), int(r() * 1e7))
                shown = f"{area}-{s[:4]}-{s[4:]}"
            else:
                s = "%d%06d" % (2 + int(r() * 8), int(r() * 1e6))
                shown = f"{area}-{s[:3]}-{s[3:]}"
            return shown, f"+82{area[1:]}{s}"
        if country == "FI":
            s = "%d%06d" % (2 + int(r() * 7), int(r() * 1e6))
            shown = f"{area} {s[:3]} {s[3:]}" if x < 0.8 else f"+358 {area[1:]} {s[:3]} {s[3:]}"
            return shown, f"+358{area[1:]}{s}"
        if country == "GB":
            first = N.GB_FIRST_DIGITS[area]
            first = first[int(r() * len(first))]
            if len(area) == 2:
                s = "%s%07d" % (first, int(r() * 1e7))
                shown = f"0{area} {s[:4]} {s[4:]}"
            else:
                s = "%s%06d" % (first, int(r() * 1e6))
                shown = f"0{area} {s[:3]} {s[3:]}"
            return shown, f"+44{area}{s}"
        return self._us_number(areas)

    def _address(self, country: str, city_row, company: bool) -> str:
        r = self.rng.random
        streets = self.streets[country]
        street = streets[int(r() * len(streets))]
        extra = city_row[4]
        n = 1 + int(r() ** 2 * 300)
        if country == "CN":
            district = extra[int(r() * len(extra))]
            if company:
                return f"{district}{street}{n}号{'ABCD'[int(r() * 4)]}座{2 + int(r() * 25)}{1 + int(r() * 20):02d}室"
            x = r()
            tail = (f"{1 + int(r() * 12)}栋{1 + int(r() * 30)}{1 + int(r() * 6):02d}室" if x < 0.5
                    else (f"{1 + int(r() * 20)}{1 + int(r() * 4):02d}室" if x < 0.8 else ""))
            return f"{district}{street}{n}号{tail}"
        if country == "RU":
            tail = f", офис {1 + int(r() * 900)}" if company else f", кв. {1 + int(r() * 250)}"
            return f"{street}, д. {n}{tail}"
        if country == "KR":
            district = extra[int(r() * len(extra))]
            if company:
                return f"{district} {street} {n}, {1 + int(r() * 15)}층"
            if r() < 0.6:
                return f"{district} {street} {n}, {101 + int(r() * 12)}동 {1 + int(r() * 25)}{1 + int(r() * 4):02d}호"
            return f"{district} {street} {n}"
        if country == "FI":
            postal = extra[int(r() * len(extra))]
            tail = f" {'ABC'[int(r() * 3)]} {1 + int(r() * 40)}" if not company and r() < 0.6 else ""
            return f"{street} {n}{tail}, {postal}"
        if country == "US":
            tail = f", Suite {100 + int(r() * 900)}" if company else (f", Apt {1 + int(r() * 30)}" if r() < 0.3 else "")
            return f"{n * 7 + int(r() * 7)} {street}{tail}"
        if not company and r() < 0.25:
            return f"Flat {1 + int(r() * 12)}, {n} {street}"
        return f"{n} {street}"

    def _birthday(self, lang: str, age_min: int = 22, age_max: int = 75):
        """(calendar, year, month, day, leap) or all None."""
        r = self.rng.random
        year = self.today.year - age_min - int(r() * (age_max - age_min + 1))
        if lang in ("zh", "ko") and r() < 0.15:
            if r() < 0.04:
                year, month = self.leap_years[int(r() * len(self.leap_years))]
                day = 1 + int(r() * self.lunar_days[(year, month, True)])
                return "lunar", year, month, day, True
            month = 1 + int(r() * 12)
            if r() < 0.2:
                return "lunar", None, month, 1 + int(r() * 30), False
            day = 1 + int(r() * self.lunar_days.get((year, month, False), 29))
            return "lunar", year, month, day, False
        month = 1 + int(r() * 12)
        known = r() < 0.8
        if month == 2:
            leap = (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
            days = 29 if (leap or not known) else 28
        else:
            days = 30 if month in (4, 6, 9, 11) else 31
        return "solar", (year if known else None), month, 1 + int(r() * days), False

    def _company(self, lang: str, country: str, city: str):
        """(company name, e-mail domain, industry)."""
        r = self.rng.random
        x = r()
        if lang == "zh":
            brand = N.ZH_BRANDS[int(r() * len(N.ZH_BRANDS))]
            trade = N.ZH_TRADES[int(r() * len(N.ZH_TRADES))]
            if x < 0.45:
                name = f"{city}{brand[0]}{trade[0]}有限公司"
            elif x < 0.65:
                name = f"{city}市{brand[0]}{trade[0]}有限公司"
            elif x < 0.8:
                name = f"{brand[0]}{trade[0]}（{city}）有限公司"
            else:
                name = f"{city}{brand[0]}{trade[0]}股份有限公司"
            y = r()
            domain = (f"{brand[1]}{trade[2]}.com" if y < 0.5 else
                      (f"{brand[1]}.com.cn" if y < 0.75 else f"{N.CN_CITY_PINYIN.get(city, 'cn')}{brand[1]}.cn"))
            return name, domain, trade[1]
        if lang == "ru":
            brand = N.RU_BRANDS[int(r() * len(N.RU_BRANDS))]
            trade = N.RU_TRADES[int(r() * len(N.RU_TRADES))]
            form = N.RU_FORMS[int(r() * len(N.RU_FORMS))]
            word = brand + trade[0]
            latin = self.ru_latin.get(word)
            if latin is None:
                latin = self.ru_latin[word] = _ru_latin(word)
            return f"{form} «{word}»", f"{latin}.ru", trade[1]
        if lang == "ko":
            brand = N.KO_BRANDS[int(r() * len(N.KO_BRANDS))]
            trade = N.KO_TRADES[int(r() * len(N.KO_TRADES))]
            if x < 0.3:
                name = f"주식회사 {brand[0]}"
            elif x < 0.6:
                name = f"(주){brand[0]}{trade[0]}"
            elif x < 0.85:
                name = f"{brand[0]}{trade[0]} 주식회사"
            else:
                name = f"유한회사 {brand[0]}{trade[0]}"
            domain = f"{brand[1]}.co.kr" if r() < 0.6 else f"{brand[1]}{trade[2]}.com"
            return name, domain, trade[1]
        if lang == "fi":
            trade = N.FI_TRADES[int(r() * len(N.FI_TRADES))]
            if x < 0.3:
                word = N.FI_WORDS[int(r() * len(N.FI_WORDS))]
                name = f"Oy {word} Ab"
            elif x < 0.6:
                word = N.FI_WORDS[int(r() * len(N.FI_WORDS))]
                name = f"{word}{trade[0].lower()} Oy"
            else:
                word = N.FI_PLACES[int(r() * len(N.FI_PLACES))]
                name = f"{word} {trade[0]} Oy"
            return name, f"{_ascii(word)}{'' if x < 0.3 else _ascii(trade[0])[:8]}.fi", trade[1]
        word = N.EN_WORDS[int(r() * len(N.EN_WORDS))]
        trade = N.EN_TRADES[int(r() * len(N.EN_TRADES))]
        forms = N.EN_FORMS[country]
        word_ = "Harbor" if (word == "Harbour" and country == "US") else word
        name = f"{word_} {trade[0]} {forms[int(r() * len(forms))]}"
        tld = ".co.uk" if country == "GB" else ".com"
        return name, f"{word_.lower()}{_ascii(trade[0].split()[0])}{tld}", trade[1]

    # --- managers ------------------------------------------------------------------------------

    def manager_rows(self) -> list[tuple]:
        r = self.rng.random
        count = min(200, max(3, round(self.n_customers / 10_000)))
        inactive = count // 20
        rows = []
        for i in range(count):
            if i == 0:
                lang, role, active = N.LANGS[int(r() * 5)], "supervisor", True
            else:
                lang = N.LANGS[i - 1] if i <= 5 else self.lang_table[int(r() * len(self.lang_table))]
                role, active = "manager", i < count - inactive
            name, given, family, _ = self._person(lang)
            base = f"{given}.{family}" if lang != "zh" else f"{family}{given}"
            login, n = base, 2
            while login in self.logins:
                login, n = f"{base}{n}", n + 1
            self.logins.add(login)
            mid = self._id("managers")
            created = -400 - int(r() * 1800)
            rows.append((mid, name, login, f"{login}@{N.TEAM_DOMAIN}", role, active,
                         self.ds[created + _PAST_DAYS] + self.stamp_times[int(r() * 997)],
                         self.ds[created + int(r() * -created) + _PAST_DAYS] + self.stamp_times[int(r() * 997)]))
            if role == "manager":
                if active:
                    self.active_managers.append(mid)
                    self.managers_by_lang.setdefault(lang, []).append(mid)
                else:
                    self.inactive_managers.append(mid)
        if not self.active_managers:  # pragma: no cover - count >= 3 always leaves one
            self.active_managers.append(rows[0][0])
        return rows

    # --- customers ----------------------------------------------------------------------------

    def chunk(self, n: int) -> dict[str, list[tuple]]:
        rows: dict[str, list[tuple]] = {t: [] for t in CHILD_TABLES}
        for _ in range(n):
            self._customer(rows)
        return rows

    def _customer(self, rows) -> None:  # noqa: C901 - one customer with everything around it
        r = self.rng.random
        ds, off = self.ds, _PAST_DAYS
        stamps = self.stamp_times
        lang = self.lang_table[int(r() * len(self.lang_table))]
        countries = self.countries[lang]
        country = countries[int(r() * len(countries))]
        currency = self.currency[country]
        city_rows = self.cities[country]
        city_row = city_rows[int(r() * len(city_rows))]
        city, region, areas = city_row[0], city_row[1], city_row[2]
        company = r() < 0.25
        cid = self._id("customers")
        code = CODE_FORMAT % self.next_code
        self.next_code += 1

        x = r()
        status = "active" if x < 0.75 else ("prospect" if x < 0.83 else ("dormant" if x < 0.93 else "lost"))
        u = r()
        tier = "C" if status == "prospect" else ("A" if u < 0.11 else ("B" if u < 0.38 else "C"))
        if status == "prospect":
            created = -1 - int(r() * 180)
        elif status == "lost":
            created = -300 - int(r() * 795)
        elif status == "dormant":
            created = -200 - int(r() * 895)
        else:
            created = -1 - int(r() * 1094)
        updated = created + int(r() * -created)

        # who the customer is
        birth = (None, None, None, None, False)
        contacts: list[tuple] = []
        if company:
            name, domain, industry = self._company(lang, country, city)
            title = person_company = None
            phone, phone_e164 = self._landline(country, areas)
            mobile, mobile_e164 = self._mobile(country, areas) if r() < 0.35 else (None, None)
            prefixes = _MAILBOXES[lang]
            email = f"{prefixes[int(r() * len(prefixes))]}@{domain}" if r() < 0.8 else None
        else:
            name, given, family, _female = self._person(lang)
            if r() < 0.85:
                birth = self._birthday(lang)
            email = self._email(lang, country, given, family, birth[1]) if r() < 0.85 else None
            mobile, mobile_e164 = self._mobile(country, areas) if r() < 0.95 else (None, None)
            phone, phone_e164 = self._landline(country, areas) if r() < 0.3 else (None, None)
            if r() < 0.25:
                person_company, _d, industry = self._company(lang, country, city)
            else:
                person_company = None
                inds = N.INDUSTRIES[lang]
                industry = inds[int(r() * len(inds))] if r() < 0.4 else None
            titles = N.TITLES[lang]
            title = titles[int(r() * len(titles))] if (person_company or r() < 0.3) else None
            domain = None
        address = self._address(country, city_row, company) if r() < 0.9 else None

        # managers
        manager, old_manager, switch_day = self._assignments(rows["customer_assignments"], cid, lang, created)

        # contact persons of a company
        current_contacts: list[int] = []
        decision_maker = None
        if company:
            roles = N.ROLES[lang]
            extension = N.EXTENSION[lang]
            k = 1 if r() < 0.45 else (2 if r() < 0.64 else 3)
            changed = r() < 0.1
            for i in range(k + changed):
                left = changed and i == k
                c_name, given, family, _female = self._person(lang)
                ct_id = self._id("contact_persons")
                role = roles[0] if (i == 0 or left) else roles[1 + int(r() * (len(roles) - 1))]
                is_dm = i == 0 and not left
                c_mobile, c_mobile_e164 = self._mobile(country, areas) if r() < 0.9 else (None, None)
                if r() < 0.35:
                    if extension is None:
                        c_phone, c_phone_e164 = self._landline(country, areas)
                    else:
                        c_phone = phone + extension.format(100 + int(r() * 900))
                        c_phone_e164 = phone_e164
                else:
                    c_phone = c_phone_e164 = None
                c_email = None
                if r() < 0.85:
                    c_email = (f"{given}.{family}@{domain}" if r() < 0.6 else f"{given[0]}{family}@{domain}")
                if left:
                    joined = created - 400 - int(r() * 2000)
                    left_on = created + int(r() * -created)
                    c_notes = N.LEFT_NOTE[lang]
                else:
                    joined = (created - int(r() * 3000)) if r() < 0.4 else None
                    left_on = None
                    notes_pool = N.CONTACT_NOTES[lang]
                    c_notes = notes_pool[int(r() * len(notes_pool))] if r() < 0.15 else None
                    current_contacts.append(ct_id)
                    if is_dm:
                        decision_maker = ct_id
                c_birth = self._birthday(lang, 25, 62) if r() < 0.4 else (None, None, None, None, False)
                c_created = ds[created + off] + stamps[int(r() * 997)]
                rows["contact_persons"].append((
                    ct_id, cid, c_name, role, c_phone, c_phone_e164, c_mobile, c_mobile_e164, c_email, is_dm,
                    ds[joined + off] if joined is not None else None,
                    ds[left_on + off] if left_on is not None else None, c_notes, 1, c_created,
                    ds[(left_on if left_on is not None else updated) + off] + stamps[int(r() * 997)],
                    c_birth[0], c_birth[1], c_birth[2], c_birth[3], c_birth[4],
                ))
                contacts.append((c_name, c_email, c_phone_e164 or c_phone, c_mobile_e164 or c_mobile))

        # purchases
        rhythm = _NO_RHYTHM
        if status != "prospect":
            rhythm = self._purchases(rows["purchases"], cid, lang, currency, company, tier, status, created)

        # occasions, care events and complaints, gifts
        occasion = self._occasions(rows["occasions"], cid, lang, company)
        last_call, last_visit = self._care_events(rows["care_events"], cid, lang, country, status, tier, created,
                                                  current_contacts, manager, old_manager, switch_day)
        if r() < 0.05 and status != "prospect":
            self._complaint(rows, cid, lang, current_contacts, manager, created, N.CHANNELS[lang],
                            None if status == "lost" else (manager or 0))
        if status != "prospect":
            self._gifts(rows["gifts"], cid, lang, country, currency, tier, manager, decision_maker, occasion, created)

        # the customer row
        loy = r()
        loyalty = None if loy < 0.25 else ("loyal" if loy < 0.65 else ("switching" if loy < 0.85 else "none"))
        if status == "prospect" and loyalty == "loyal":
            loyalty = "none"
        if company or r() < 0.3:
            cr = r()
            rating = "AAA" if cr < 0.05 else ("AA" if cr < 0.2 else ("A" if cr < 0.55 else
                                                                     ("BBB" if cr < 0.85 else ("BB" if cr < 0.95 else "B"))))
            base = (20_000 + r() * 80_000 if tier == "A" else (5_000 + r() * 15_000 if tier == "B" else 1_000 + r() * 4_000)) \
                if company else 300 + r() * 2_700
            credit_limit = _round_cents(base, currency)
        else:
            rating = credit_limit = None
        hobbies = personality = family = notes = None
        if not company:
            if r() < 0.55:
                pool_ = N.HOBBIES[lang]
                hobbies = pool_[int(r() * len(pool_))]
                if r() < 0.25:
                    second = pool_[int(r() * len(pool_))]
                    if second != hobbies:
                        hobbies = f"{hobbies} {second}" if lang not in ("zh",) else hobbies + second
            if r() < 0.45:
                pool_ = N.PERSONALITY[lang]
                personality = pool_[int(r() * len(pool_))]
            if r() < 0.4:
                pool_ = N.FAMILY[lang]
                family = pool_[int(r() * len(pool_))]
        elif r() < 0.35:
            pool_ = N.PERSONALITY[lang]
            personality = pool_[int(r() * len(pool_))]
        if r() < 0.2:
            pool_ = N.NOTES[lang]
            notes = pool_[int(r() * len(pool_))]
        purposes, sources = N.PURPOSES[lang], N.SOURCES[lang]
        sort_name = self.fold_cache.get(name)
        if sort_name is None:
            sort_name = fold(name)
            if len(self.fold_cache) < 500_000:
                self.fold_cache[name] = sort_name
        rows["customers"].append((
            cid, code, "company" if company else "person", name, sort_name, person_company, title,
            phone, phone_e164, mobile, mobile_e164, email, address, city, region, country, status,
            self.tier_ids[tier], False, loyalty, industry,
            purposes[int(r() * len(purposes))] if r() < 0.7 else None,
            sources[int(r() * len(sources))] if r() < 0.8 else None,
            rating, credit_limit, hobbies, personality, family, notes, "{}", manager, last_call, last_visit, 1,
            ds[created + off] + stamps[int(r() * 997)], ds[updated + off] + stamps[int(r() * 997)],
            birth[0], birth[1], birth[2], birth[3], birth[4],
            None if switch_day is None else ds[switch_day + off] + stamps[cid % 997], *rhythm,
        ))

        # search document (the same as search_index.customer_document, with cached tokens)
        tok = self._tokens
        tokens = tok(name) + tok(person_company) + [code.lower()] + text_tokens(email) + tok(city)
        for c_name, c_email, _p, _m in contacts:
            tokens += tok(c_name)
            if c_email:
                tokens += text_tokens(c_email)
        for value in (phone_e164, mobile_e164):
            if value:
                tokens += [value[i:] for i in range(1, len(value) - 2)]
        for _n, _e, c_phone, c_mobile in contacts:
            for value in (c_phone, c_mobile):
                if value:
                    tokens += [value[i:] for i in range(1, len(value) - 2)]
        rows["customer_search"].append((cid, " ".join(dict.fromkeys(tokens))))
