"""Cells of spreadsheets written by others, turned into clean values for the import engine.

A cell comes as python-calamine gives it (str, int, float, bool, datetime.datetime, datetime.date,
datetime.time or None; a CSV cell is always str). Each function returns a :class:`Parsed`: the clean
value, or None with an ``error`` sentence about the value when it cannot be used. The engine adds
the row and the column to the sentence.

Rules worth knowing (tests/test_io_values.py shows each one):

* **Numbers as text**: 12.0 is '12'; a float never comes back as '1.2e+10'.
* **Phones stored as numbers** lose a leading 0 (9138753179 for 0913 875 3179 in Iran). When the
  cell was a number and the number, read in the file's region, is written with a 0 in front
  nationally, the 0 is put back and the user is told. Regions whose trunk prefix is not 0 (Russia's
  8, the USA's 1) cannot lose a 0 that way.
* **Dates**: 12.03.1985 is always day.month.year; 12/03/1985 is ambiguous until the day/month order
  of the file is chosen (a value above 12, or equal day and month, settles it). A two-digit year
  is in 20xx when that is at most ten years after the current year, otherwise in 19xx (in 2026:
  '36' is 2036, '37' is 1937). A whole number 1900–2100 in a date column is a year alone, not an
  Excel day number, and is refused. Dates without a year (3月12日, 12 March) give a
  :class:`MonthDay`; lunar dates (农历八月十五, 음력 8월 15일, lunar 8/15) a :class:`LunarDate`.
  Chinese dates written with 初/廿/正月/腊月 are lunar even without the word 农历.
* **Amounts**: '¥' alone is read as yuan (CNY); yen are written 円 or JPY. '$' alone is USD;
  other dollars carry their code (HK$, CAD 10). '1,234' is a thousand and more, '1,5' is one and a
  half, '1.234' is one and a bit (a lone dot is always the decimal point). 万/萬/만 multiply by
  10,000 and 亿/億 by 100,000,000.
* **Care kinds**: only the kinds the CRM knows are kept. A call is `call`; a meeting, demo or visit is
  `visit`; an e-mail, message or generic follow-up is `other` (the word itself can go to the
  channel column if the engine wants it); words nobody knows are `other` as well, without an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Sequence

import phonenumbers
from lunardate import LunarDate as _LunarCalendar

from desktop_crm.models.enums import CareKind, CustomerKind, CustomerStatus
from desktop_crm.services import phones
from desktop_crm.services.validation import EMAIL_RE


@dataclass(frozen=True)
class Parsed:
    value: Any = None  # None when empty or unusable
    warning: str | None = None  # the value was used, but the user should know
    error: str | None = None  # the value cannot be used (the row is rejected if the field matters)
    ambiguous: bool = False  # dates only: day/month order unknown


@dataclass(frozen=True)
class LunarDate:
    """A date on the Chinese lunar calendar; ``leap`` is the leap (intercalary) month of that number."""

    month: int
    day: int
    leap: bool = False
    year: int | None = None


@dataclass(frozen=True)
class MonthDay:
    """A solar date without a year: birthdays are often written this way."""

    month: int
    day: int


EMPTY = Parsed()
ORDERS = ("dmy", "mdy", "ymd")
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_STRIP = " \t\r\n\u00a0\u2007\u202f\u3000" + _INVISIBLE
_CACHE = 1 << 14  # per cache: repeated dates and numbers hit, memory stays a few MB


def _q(value: Any) -> str:
    """The value as the user wrote it, quoted for a sentence (long values shortened)."""
    s = value if isinstance(value, str) else _plain(value)
    return f"'{s[:60]}…'" if len(s) > 61 else f"'{s}'"


def _fail(value: Any, sentence: str) -> Parsed:
    return Parsed(error=f"{_q(value)} {sentence}")


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    if not math.isfinite(value):
        return ""
    s = format(value, ".15g")
    if "e" in s:  # tiny or huge: spell it out like a spreadsheet would show it
        s = format(Decimal(s), "f")
    return s


def _plain(value: Any) -> str:
    """Text of any cell value, unstripped: numbers without '.0', dates in ISO form."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "seconds") if value.microsecond else str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _clean(value: Any) -> str:
    """Stripped text of a cell ('' for nothing)."""
    if value is None:
        return ""
    s = (value if type(value) is str else _plain(value)).strip()
    if s and (s[0] in _INVISIBLE or s[-1] in _INVISIBLE):
        s = s.strip(_STRIP)
    return s


def _nfkc(s: str) -> str:
    return s if s.isascii() else unicodedata.normalize("NFKC", s)


# ---------------------------------------------------------------------------------------- text


def text(value: Any, limit: int | None = None) -> Parsed:
    """Text of any cell: numbers without '.0', stripped, '' is nothing; too long is cut with a warning."""
    if value is None:
        return EMPTY
    if type(value) is str:
        s = value.strip()
        if s and (s[0] in _INVISIBLE or s[-1] in _INVISIBLE):
            s = s.strip(_STRIP)
    else:
        s = _clean(value)
    if not s:
        return EMPTY
    if limit and len(s) > limit:
        return Parsed(s[:limit].rstrip(), warning=f"{_q(s)} is longer than {limit} characters; "
                                                  f"only the first {limit} were kept")
    return Parsed(s)


_SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?[eE][+]?\d+$")


def code(value: Any) -> Parsed:
    """An identifier (customer code, invoice number, UUID): 13607.0 is '13607', text kept as written."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return _fail(value, "is not a code")
    s = _clean(value)
    if not s:
        return EMPTY
    if type(value) is str and _SCIENTIFIC.match(s):
        return _fail(s, "was saved in scientific notation, so digits of it were lost; "
                        "format the column as text and save the file again")
    return Parsed(s)


# -------------------------------------------------------------------------------------- phones

@lru_cache(maxsize=256)
def _trunk_zero(region: str) -> bool:
    """Whether numbers of ``region`` are written with a leading 0 nationally (so a number cell can lose it)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return bool(meta and meta.national_prefix and meta.national_prefix.startswith("0"))


def _parse_phone(text_: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    if region and text_.isdigit() and text_.isascii():
        number = _fast_parse(text_, False, region)
        if number is not None:
            return number
    try:
        return phonenumbers.parse(text_, region)
    except phonenumbers.NumberParseException:
        return None


# phonenumbers.parse spends most of its time normalising digits one character at a time (Unicode
# digits, vanity letters, extensions). Numbers in spreadsheets are almost always ASCII digits with
# spaces, dashes, dots and brackets: for them, _fast_parse takes the same steps as parse() with the
# library's own helpers, and gives up (None: ask parse()) wherever parse() would do anything more.
# tests/test_io_values.py checks that both agree on thousands of generated numbers.
_pnu = phonenumbers.phonenumberutil
_PLAIN_PHONE = re.compile(r"^(\+|00)?[0-9][0-9 ().\-/]*$")
_PHONE_SEPARATORS = str.maketrans("", "", " ().-/")
_LENGTH_NOT_KEPT = (_pnu.ValidationResult.TOO_SHORT, _pnu.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
                    _pnu.ValidationResult.INVALID_LENGTH)


def _fast_parse(digits: str, plus: bool, region: str) -> phonenumbers.PhoneNumber | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or len(digits) < 3:
        return None
    if plus:
        country, national = _pnu._extract_country_code(digits)
        if country == 0:
            return None
    else:
        idd = metadata.international_prefix
        if idd is not None and re.match(idd, digits):
            return None  # 00…, 810…: a number dialled abroad
        country, national = 0, digits
        own = str(metadata.country_code)
        if digits.startswith(own):
            _, rest, _ = _pnu._maybe_strip_national_prefix_carrier_code(digits[len(own):], metadata)
            general = metadata.general_desc
            if ((not _pnu._match_national_number(digits, general, False)
                 and _pnu._match_national_number(rest, general, False))
                    or _pnu._test_number_length(digits, metadata) == _pnu.ValidationResult.TOO_LONG):
                country, national = metadata.country_code, rest
    if country:
        number_region = phonenumbers.region_code_for_country_code(country)
        if number_region != region:
            metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country, number_region)
    else:
        country = metadata.country_code
    if len(national) < 2:
        return None
    _, stripped, _ = _pnu._maybe_strip_national_prefix_carrier_code(national, metadata)
    if _pnu._test_number_length(stripped, metadata) not in _LENGTH_NOT_KEPT:
        national = stripped
    if not 2 <= len(national) <= 17:
        return None
    number = phonenumbers.PhoneNumber(country_code=country, national_number=int(national))
    _pnu._set_italian_leading_zeros_for_phone_number(national, number)
    return number


# Text phones by shape, the same way: (region, international?, length, first 6 digits) -> how
# many leading digits the national form drops and the country code, from the first such number.
_text_shapes: dict[tuple[str, bool, int, str], tuple[int, int] | None] = {}


@lru_cache(maxsize=_CACHE)
def _phone_text(s: str, region: str) -> Parsed:
    """A phone written as text: what phones.normalise says, quicker for plain digits."""
    if region and s.isascii() and _PLAIN_PHONE.match(s):
        plus = s[0] == "+" or s.startswith("00")
        digits = s.translate(_PHONE_SEPARATORS).lstrip("+")
        if s.startswith("00"):
            digits = digits[2:]
        if len(digits) > _SHAPE_DIGITS + 2:
            key = (region, plus, len(digits), digits[:_SHAPE_DIGITS])
            shape = _text_shapes.get(key, False)
            if shape:
                drop, country = shape
                return Parsed((s, f"+{country}{digits[drop:]}"))
            if shape is False:
                result = _phone_text_full(s, digits, plus, region)
                shape = None
                e164 = result.value[1] if result.value is not None else None
                if e164:
                    for drop in range(0, 4):
                        country = e164[1:len(e164) - (len(digits) - drop)]
                        if e164.endswith(digits[drop:]) and country.isdigit() and len(country) <= 3:
                            shape = (drop, int(country))
                            break
                if len(_text_shapes) > 4 * _CACHE:
                    _text_shapes.clear()
                _text_shapes[key] = shape
                return result
        return _phone_text_full(s, digits, plus, region)
    return _phone_text_slow(s, region)


def _phone_text_full(s: str, digits: str, plus: bool, region: str) -> Parsed:
    number = _fast_parse(digits, plus, region.upper())
    if number is not None and phonenumbers.is_possible_number(number):
        return Parsed((s, _e164(number)))
    return _phone_text_slow(s, region)


def _phone_text_slow(s: str, region: str) -> Parsed:
    result = phones.normalise(s, region)
    if result.problem:
        return Parsed(error=result.problem)
    return Parsed((s, result.e164))  # as written: phones.normalise turns a leading 00 into +


def _national_length(digits: str, region: str | None) -> bool:
    """Whether ``digits`` have a length a national number of ``region`` can have."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None) if region else None
    return metadata is not None and _pnu._test_number_length(digits, metadata) not in (
        _pnu.ValidationResult.TOO_LONG, _pnu.ValidationResult.INVALID_LENGTH)


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return f"+{number.country_code}{_pnu.national_significant_number(number)}"


def _written_with_zero(number: phonenumbers.PhoneNumber, region: str) -> bool:
    """Whether the national way of writing ``number`` puts the trunk prefix 0 in front of it (0913 …, (010) …)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or number.country_code != metadata.country_code:
        return False
    pattern = _pnu._choose_formatting_pattern_for_number(metadata.number_format,
                                                         _pnu.national_significant_number(number))
    rule = pattern.national_prefix_formatting_rule if pattern is not None else None
    return bool(rule) and "0" in rule.split("\\1")[0]


# A number cell's fate (read as is, or with its lost 0 put back) depends on the region, the
# number's length and its leading digits, never on its last few: numbering plans assign blocks
# by prefix. So the slow answer for the first number of each (region, length, first 6 digits) is
# kept and reused for the others — 100,000 phone cells cost a few thousand full parses.
# tests/test_io_values.py checks the shortcut against the full path on generated numbers.
_SHAPE_DIGITS = 6
_shapes: dict[tuple[str, int, str], tuple[int, bool] | None] = {}


def _phone_digits(digits: str, region: str) -> Parsed:
    """Digits of a number cell: put back a leading 0 or '+' the spreadsheet dropped."""
    if len(digits) <= _SHAPE_DIGITS + 2:
        return _phone_digits_full(digits, region)
    key = (region, len(digits), digits[:_SHAPE_DIGITS])
    shape = _shapes.get(key, False)
    if shape is False:
        result = _phone_digits_full(digits, region)
        shape = None
        if result.value is not None and result.value[1]:
            written, e164 = result.value
            zero = written == "0" + digits
            if (written == digits or zero) and e164.endswith(digits) and e164[1:-len(digits)].isdigit():
                shape = (int(e164[1:-len(digits)]), zero)
        if len(_shapes) > 4 * _CACHE:
            _shapes.clear()
        _shapes[key] = shape
        return result
    if shape is None:
        return _phone_digits_full(digits, region)
    country, zero = shape
    e164 = f"+{country}{digits}"
    if zero:
        fixed = "0" + digits
        return Parsed((fixed, e164),
                      warning=f"'{digits}' was stored as a number, so its leading 0 was lost; read as {fixed}")
    return Parsed((digits, e164))


@lru_cache(maxsize=_CACHE)
def _phone_digits_full(digits: str, region: str) -> Parsed:
    """Digits of a number cell: put back a leading 0 or '+' the spreadsheet dropped."""
    reg = region.upper() if region else None
    if reg and _trunk_zero(reg):
        number = _parse_phone(digits, reg)
        valid = number is not None and phonenumbers.is_valid_number(number)
        if not valid:
            number = _parse_phone("0" + digits, reg)
            valid = number is not None and phonenumbers.is_valid_number(number)
        # the number as written (not 98 913… read as +98 913…), shown nationally with a 0
        if valid and str(number.national_number) == digits and _written_with_zero(number, reg):
            fixed = "0" + digits
            return Parsed((fixed, _e164(number)),
                          warning=f"'{digits}' was stored as a number, so its leading 0 was lost; read as {fixed}")
        if valid:
            return Parsed((digits, _e164(number)))
    elif reg:  # a trunk prefix other than 0 (Russia's 8, the USA's 1) is never lost
        as_text = _phone_text(digits, region)
        if as_text.error is None:
            return as_text
    if len(digits) >= 11 and not _national_length(digits, reg):  # an international number without its '+'
        number = _parse_phone("+" + digits, None)
        if number is not None and phonenumbers.is_valid_number(number):
            fixed = "+" + digits
            return Parsed((fixed, _e164(number)),
                          warning=f"'{digits}' was stored as a number, so its '+' was lost; read as {fixed}")
    return _phone_text(digits, region)


def phone(value: Any, region: str) -> Parsed:
    """A phone cell: value = (text as written, E.164 or None), read in ``region`` when it has no +country."""
    if value is None:
        return EMPTY
    cls = type(value)
    if cls is str:
        s = value.strip()
        if not s:
            return EMPTY
        if _SCIENTIFIC.match(s):
            return _fail(s, "was saved in scientific notation, so digits of the number were lost; "
                            "format the column as text and save the file again")
        return _phone_text(s, region)
    if cls is float:
        if not (value.is_integer() and 0 < value < 1e16):
            return _fail(value, "is not a phone number")
        return _phone_digits(str(int(value)), region)
    if cls is int:
        if not 0 < value < 10**16:
            return _fail(value, "is not a phone number")
        return _phone_digits(str(value), region)
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # numpy and other number types
        return phone(int(value) if float(value).is_integer() else float(value), region)
    s = _clean(value)
    if not s:
        return EMPTY
    if isinstance(value, (bool, dt.date, dt.time)):
        return _fail(s, "is not a phone number")
    return _phone_text(s, region)


# -------------------------------------------------------------------------------------- e-mail

_EMAIL_SPLIT = re.compile(r"[;,\s/|]+")


def email(value: Any) -> Parsed:
    """An e-mail address; 'mailto:', '<…>' and full-width letters are cleaned, several addresses keep the first."""
    if value is None:
        return EMPTY
    if type(value) is str:
        s = value.strip()
        if not s:
            return EMPTY
        if EMAIL_RE.match(s) and s[:7].casefold() != "mailto:":
            return Parsed(s)
    else:
        s = _clean(value)
        if not s:
            return EMPTY
    return _email_slow(s)


def _email_slow(s: str) -> Parsed:
    t = _nfkc(s)
    found = [w for w in (part.strip("<>()[]\"'.").removeprefix("mailto:").removeprefix("MAILTO:")
                         for part in _EMAIL_SPLIT.split(t.replace("<", " ").replace(">", " ")))
             if EMAIL_RE.match(w)]
    if not found:
        return _fail(s, "is not an e-mail address")
    if len(found) > 1:
        return Parsed(found[0], warning=f"{_q(s)} holds {len(found)} e-mail addresses; "
                                        f"the first, {found[0]}, was used")
    return Parsed(found[0])


# --------------------------------------------------------------------------------------- dates

_TODAY = dt.date.today()
_PIVOT = (_TODAY.year + 10) % 100  # two-digit years up to this are 20xx, the rest 19xx
_YEARS = range(1850, 2201)
_EXCEL_1900 = dt.date(1899, 12, 30)
_EXCEL_1904 = dt.date(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31

_MONTH_WORDS: dict[str, int] = {}
for _number, _words in enumerate((
    "january jan januar jänner janvier enero январь января янв tammikuu tammikuuta tammi",
    "february feb febr februar février febrero февраль февраля фев февр helmikuu helmikuuta helmi",
    "march mar märz mars marzo март марта maaliskuu maaliskuuta maalis",
    "april apr avril abril апрель апреля апр huhtikuu huhtikuuta huhti",
    "may mai mayo май мая toukokuu toukokuuta touko",
    "june jun juni juin junio июнь июня июн kesäkuu kesäkuuta kesä",
    "july jul juli juillet julio июль июля июл heinäkuu heinäkuuta heinä",
    "august aug août agosto август августа авг elokuu elokuuta elo",
    "september sep sept septembre septiembre сентябрь сентября сен сент syyskuu syyskuuta syys",
    "october oct okt oktober octobre octubre октябрь октября окт lokakuu lokakuuta loka",
    "november nov novembre noviembre ноябрь ноября ноя нояб marraskuu marraskuuta marras",
    "december dec dez dezember décembre diciembre декабрь декабря дек joulukuu joulukuuta joulu",
), start=1):
    for _word in _words.split():
        _MONTH_WORDS[_word] = _number

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_CN_MONTH = {"正": 1, "冬": 11, "腊": 12, "臘": 12, "十": 10, "十一": 11, "十二": 12,
             **{ch: n for ch, n in _CN_DIGIT.items() if n}}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_TAIL = re.compile(
    r"(?:^|[\sT,]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(?:([AaPp])\.?[Mm]\.?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$")
_NUMERIC = re.compile(r"^(\d{1,4})\s*([./\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})$")
_NUMERIC_MD = re.compile(r"^(?:--)?(\d{1,2})\s*([./\-])\s*(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CJK = re.compile(r"^(?:(\d{2,4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]?$")
_NAME_DMY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s.\-/]*([^\W\d_]{3,})\.?(?:[\s.\-/,]+(\d{4}|\d{2}))?$")
_NAME_MDY = re.compile(r"^([^\W\d_]{3,})\.?[\s.\-/]*(\d{1,2})(?:st|nd|rd|th)?(?:[\s.\-/,]+(\d{4}|\d{2}))?$")
_RU_YEAR_TAIL = re.compile(r"(?<=\d)\s*(?:г\.?|года?)$")
_LUNAR_MARK = re.compile(r"[(（\[]?\s*(?:农历|農曆|農历|农曆|阴历|陰曆|阴曆|旧历|舊曆|舊历|lunar|음력)\s*[)）\]]?[:：]?",
                         re.IGNORECASE)
_LUNAR_NUMERIC = re.compile(
    r"^(?:(\d{4})\s*[./\-年년\s]\s*)?(闰|閏|윤|leap\s*)?(\d{1,2})\s*[./\-月월]\s*(\d{1,2})\s*[日号號일]?$",
    re.IGNORECASE)
_LUNAR_CN = re.compile(
    r"^(?:([0-9〇零○一二三四五六七八九]{4})\s*年\s*)?(闰|閏)?\s*(正|冬|腊|臘|十[一二]?|[一二三四五六七八九]|\d{1,2})\s*月"
    r"\s*(初[一二三四五六七八九十]|[廿卄][一二三四五六七八九]|二十[一二三四五六七八九]?|三十|卅|十[一二三四五六七八九]?"
    r"|[一二三四五六七八九]|\d{1,2})\s*[日号號]?$")


def date(value: Any, *, order: str | None = None, date1904: bool = False) -> Parsed:
    """A date cell: value = datetime.date, MonthDay (no year) or LunarDate.

    ``order`` ('dmy', 'mdy' or 'ymd') settles 03/04/1985; without it such a date is an error with
    ``ambiguous`` set, so that the wizard can ask once for the whole file.
    """
    if order is not None and order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS} or None, not {order!r}")
    if value is None:
        return EMPTY
    cls = type(value)
    if cls is str:
        s = value.strip()
        if not s:
            return EMPTY
        if len(s) == 10 and _ISO_DATE.match(s) and "1850" <= s[:4] <= "2200":
            try:
                return Parsed(dt.date.fromisoformat(s))
            except ValueError:
                pass
        return _date_text(s, order)
    if cls is dt.datetime:
        return Parsed(value.date())
    if cls is dt.date:
        return Parsed(value)
    if cls is float or cls is int:
        return _serial(value, date1904)
    if isinstance(value, (dt.datetime, dt.date)):  # subclasses, such as pandas' Timestamp
        return Parsed(dt.date(value.year, value.month, value.day))
    if isinstance(value, dt.time):
        return _fail(value, "is a time of day, not a date")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), date1904)
    s = _clean(value)
    if not s:
        return EMPTY
    return _date_text(s, order) if isinstance(value, str) else _fail(value, "is not a date")


def _serial(value: float, date1904: bool) -> Parsed:
    """An Excel day number (1900 system with its fictitious 29 February 1900, or the 1904 system)."""
    if not math.isfinite(value):
        return _fail(value, "is not a date")
    n = int(math.floor(value))
    if value == n and 1900 <= n <= 2100:
        return _fail(value, "is a year without a month and day")
    if value == n and 18500101 <= n <= 22001231:
        m = _COMPACT.match(str(n))
        if m:
            return _ymd(str(n), int(m[1]), int(m[2]), int(m[3]))
    low = 0 if date1904 else 1
    if not low <= n <= _MAX_SERIAL - (1462 if date1904 else 0):
        return _fail(value, "is not a date")
    if date1904:
        return Parsed(_EXCEL_1904 + dt.timedelta(days=n))
    if n == 60:
        return _fail(value, "is 29 February 1900 in Excel's numbering, a day that never existed")
    return Parsed(_EXCEL_1900 + dt.timedelta(days=n + (1 if n < 60 else 0)))


def _year(y: str) -> int | None:
    if len(y) == 4:
        return int(y)
    if len(y) == 2:
        n = int(y)
        return 2000 + n if n <= _PIVOT else 1900 + n
    return None


def _ymd(s: str, y: int | None, m: int, d: int) -> Parsed:
    if y is None or y not in _YEARS:
        return _fail(s, "is not a date: its year cannot be right")
    if not 1 <= m <= 12:
        return _fail(s, f"is not a date: there is no month {m}")
    try:
        return Parsed(dt.date(y, m, d))
    except ValueError:
        return _fail(s, f"is not a date: {MONTHS[m]} {y} has no day {d}")


def _month_day(s: str, m: int, d: int) -> Parsed:
    if not 1 <= m <= 12:
        return _fail(s, f"is not a date: there is no month {m}")
    try:
        dt.date(2000, m, d)  # a leap year: 29 February without a year is a birthday like any other
    except ValueError:
        return _fail(s, f"is not a date: {MONTHS[m]} has no day {d}")
    return Parsed(MonthDay(m, d))


def _day_month(s: str, a: int, b: int, order: str | None) -> tuple[int, int] | Parsed:
    """(month, day) of two numbers written 'a/b' in either order, or the reason it cannot be told."""
    if a == b or (a > 12 and b <= 12):
        return b, a
    if b > 12 and a <= 12:
        return a, b
    if a > 12 and b > 12:
        return _fail(s, "is not a date")
    if order is None:
        return Parsed(error=f"{_q(s)} could be {a} {MONTHS[b]} or {b} {MONTHS[a]}; "
                            "choose the day/month order for this file", ambiguous=True)
    return (b, a) if order == "dmy" else (a, b)


@lru_cache(maxsize=_CACHE)
def _date_text(s: str, order: str | None) -> Parsed:
    t = _nfkc(s).strip()
    lunar = _LUNAR_MARK.search(t)
    if lunar:
        return _lunar(s, (t[:lunar.start()] + t[lunar.end():]).strip())
    if t[:1].isdigit() and len(t) > 10 and t[4:5] == "-" and "1850" <= t[:4] <= "2200":
        try:
            return Parsed(dt.datetime.fromisoformat(t).date())
        except ValueError:
            pass
    tail = _TIME_TAIL.search(t)
    if tail and tail.start() > 0:
        t = t[:tail.start()]
    t = t.rstrip(" .,")
    if not t.isascii():
        t = _RU_YEAR_TAIL.sub("", t)
    m = _NUMERIC.match(t)
    if m:
        first, sep, middle, last = m[1], m[2], int(m[3]), m[4]
        if len(first) >= 3 or int(first) > 31 or (order == "ymd" and len(last) <= 2):
            return _ymd(s, _year(first), middle, int(last))  # year first: 1985/3/12, 85-03-12
        if sep == ".":
            return _ymd(s, _year(last), middle, int(first))  # 12.03.1985 is always day.month.year
        md = _day_month(s, int(first), middle, order)
        return md if isinstance(md, Parsed) else _ymd(s, _year(last), md[0], md[1])
    m = _CJK.match(t)
    if m:
        if m[1] is None:
            return _month_day(s, int(m[2]), int(m[3]))
        return _ymd(s, _year(m[1]), int(m[2]), int(m[3]))
    m = _COMPACT.match(t)
    if m:
        return _ymd(s, int(m[1]), int(m[2]), int(m[3]))
    m = _NAME_DMY.match(t) or _NAME_MDY.match(t)
    if m:
        day_first = m.re is _NAME_DMY
        month = _MONTH_WORDS.get(m[2 if day_first else 1].casefold())
        if month is None:
            return _fail(s, "is not a date")
        day = int(m[1 if day_first else 2])
        return _month_day(s, month, day) if m[3] is None else _ymd(s, _year(m[3]), month, day)
    m = _NUMERIC_MD.match(t)
    if m:
        a, sep, b = int(m[1]), m[2], int(m[3])
        if t.startswith("--"):
            return _month_day(s, a, b)
        if sep == ".":
            return _month_day(s, b, a)
        md = _day_month(s, a, b, order)
        return md if isinstance(md, Parsed) else _month_day(s, md[0], md[1])
    if "月" in t and any(ch in t for ch in "初廿卄卅正冬腊臘"):
        return _lunar(s, t)  # 正月初一, 腊月廿三: lunar by the way they are written
    m = _LUNAR_CN.match(t)
    if m:  # 三月十二日: Chinese numerals, but a solar date
        y = _cn_year(m[1]) if m[1] else None
        month, day = _cn_month(m[3]), _cn_day(m[4])
        if m[2]:
            return _lunar(s, t)
        return _month_day(s, month, day) if y is None else _ymd(s, y, month, day)
    return _fail(s, "is not a date")


def _cn_year(y: str) -> int:
    return int("".join(str(_CN_DIGIT[ch]) if ch in _CN_DIGIT else ch for ch in y))


def _cn_month(m: str) -> int:
    return int(m) if m.isdigit() else _CN_MONTH[m]


def _cn_day(d: str) -> int:
    if d.isdigit():
        return int(d)
    if d.startswith("二十"):
        return 20 + (_CN_DIGIT[d[2]] if len(d) > 2 else 0)
    if d in ("三十", "卅"):
        return 30
    if d == "初十" or d == "十":
        return 10
    head, tail = d[0], d[1:]
    if head == "初":
        return _CN_DIGIT[tail]
    if head == "十":
        return 10 + _CN_DIGIT[tail]
    if head in "廿卄":
        return 20 + _CN_DIGIT[tail]
    return _CN_DIGIT[d]


def _lunar(s: str, rest: str) -> Parsed:
    """A lunar date without its marker: 八月十五, 1985年闰四月初八, 8/15, 8월 15일."""
    rest = rest.strip().rstrip(".")
    m = _LUNAR_NUMERIC.match(rest)
    if m:
        y, leap, month, day = (int(m[1]) if m[1] else None), bool(m[2]), int(m[3]), int(m[4])
    else:
        m = _LUNAR_CN.match(rest)
        if not m:
            return _fail(s, "is not a lunar date")
        y = _cn_year(m[1]) if m[1] else None
        leap, month, day = bool(m[2]), _cn_month(m[3]), _cn_day(m[4])
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return _fail(s, "is not a lunar date: lunar months are 1–12 and days 1–30")
    if y is not None:
        if y not in _YEARS:
            return _fail(s, "is not a date: its year cannot be right")
        if 1900 <= y <= 2099:
            try:
                _LunarCalendar(y, month, day, leap).to_solar_date()
            except ValueError:
                what = f"leap month {month}" if leap else f"day {day} in month {month}"
                return _fail(s, f"is not a lunar date: the lunar year {y} has no {what}")
    return Parsed(LunarDate(month, day, leap, y))


def datetime_(value: Any, *, order: str | None = None) -> Parsed:
    """A moment for activity logs: value = naive datetime.datetime (a date alone is 00:00).

    A time with a zone (2024-01-16T10:30:00Z, +03:00) is turned into this computer's local time.
    """
    if order is not None and order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS} or None, not {order!r}")
    if value is None:
        return EMPTY
    cls = type(value)
    if cls is dt.datetime:
        return Parsed(_naive(value))
    if cls is str:
        s = value.strip()
        if not s:
            return EMPTY
        return _datetime_text(s, order)
    if cls is dt.date:
        return Parsed(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, dt.datetime):
        return Parsed(_naive(dt.datetime(*value.timetuple()[:6], value.microsecond, value.tzinfo)))
    if isinstance(value, dt.date):
        return Parsed(dt.datetime(value.year, value.month, value.day))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        day = _serial(float(value), False)
        if day.error:
            return day
        seconds = round((float(value) - math.floor(value)) * 86400)
        return Parsed(dt.datetime.combine(day.value, dt.time()) + dt.timedelta(seconds=seconds))
    return _fail(value, "is not a date and time")


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is None else moment.astimezone().replace(tzinfo=None)


@lru_cache(maxsize=_CACHE)
def _datetime_text(s: str, order: str | None) -> Parsed:
    t = _nfkc(s)
    if t[:1].isdigit() and len(t) >= 10 and t[4:5] == "-" and "1850" <= t[:4] <= "2200":
        try:
            return Parsed(_naive(dt.datetime.fromisoformat(t)))
        except ValueError:
            pass
    clock = dt.time()
    tail = _TIME_TAIL.search(t)
    zone = None
    if tail and tail.start() > 0:
        hour, minute = int(tail[1]), int(tail[2])
        second = int(tail[3] or 0)
        micro = int((tail[4] or "0").ljust(6, "0"))
        if tail[5]:
            if not 1 <= hour <= 12:
                return _fail(s, "is not a time of day")
            hour = hour % 12 + (12 if tail[5] in "Pp" else 0)
        if hour > 23 or minute > 59 or second > 59:
            return _fail(s, "is not a time of day")
        clock = dt.time(hour, minute, second, micro)
        if tail[6]:
            zone = dt.datetime.strptime(tail[6].replace("Z", "+0000").replace(":", ""), "%z").tzinfo
        t = t[:tail.start()]
    day = _date_text(t.strip(), order)
    if day.error:
        return day
    if not isinstance(day.value, dt.date):
        return _fail(s, "has no year, so it cannot be placed in time" if isinstance(day.value, MonthDay)
                     else "is a lunar date; give the day on the ordinary calendar")
    moment = dt.datetime.combine(day.value, clock, zone)
    return Parsed(_naive(moment), warning=day.warning)


# ------------------------------------------------------------------------------------- amounts

_NUMBER_RUN = re.compile(r"(?:[.,](?=\d))?\d(?:[\d.,'’ ]*\d)?")
_GROUPS = re.compile(r"^\d{1,3}(?:[ ,.]\d{2,3})*[ ,.]\d{3}$")  # 1,234,567 and 1,23,456
_ANY_DIGIT = re.compile(r"\d")
_MINUS = "-−–"
_MULTIPLIERS = {"万": 10_000, "萬": 10_000, "만": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CURRENCIES: dict[str, str] = {}
for _iso, _words in (
    ("CNY", "¥ ￥ 元 圆 块 rmb cny 人民币 人民幣 юань юаней юаня"),
    ("RUB", "₽ руб рубль рублей рубля р rub rur"),
    ("USD", "$ us$ usd долл доллар долларов"),
    ("EUR", "€ eur евро euro euroa"),
    ("KRW", "₩ 원 krw"),
    ("GBP", "£ gbp"),
    ("JPY", "円 jpy"),
    ("HKD", "hk$ hkd 港币 港幣"),
):
    for _word in _words.split():
        _CURRENCIES[_word] = _iso
_CURRENCY_CODE = re.compile(r"^[a-z]{3}$")


def _number_parts(s: str) -> tuple[Decimal, str] | None:
    """The number in a text and the words around it (currency, unit), or None when there is no clear number."""
    t = _nfkc(s).strip()
    negative = False
    if t[:1] == "(" and t[-1:] == ")":
        negative, t = True, t[1:-1].strip()
    m = _NUMBER_RUN.search(t)
    if not m:
        return None
    prefix, suffix = t[:m.start()].strip(), t[m.end():].strip()
    if _ANY_DIGIT.search(prefix) or _ANY_DIGIT.search(suffix):
        return None
    if prefix and prefix[-1] in _MINUS:
        negative, prefix = True, prefix[:-1].strip()
    elif prefix and prefix[0] in _MINUS:
        negative, prefix = True, prefix[1:].strip()
    elif suffix and suffix[0] in _MINUS:
        negative, suffix = True, suffix[1:].strip()
    prefix = prefix.removesuffix("+").removeprefix("+").strip()
    digits = _decimal_digits(m.group())
    if digits is None:
        return None
    number = Decimal(digits)
    words = (prefix + suffix).replace(" ", "").strip(".:").casefold()
    for mark, times in _MULTIPLIERS.items():
        if mark in words:
            number *= times
            words = words.replace(mark, "")
    return (-number if negative else number), words


def _decimal_digits(run: str) -> str | None:
    """'1 234,50' → '1234.50', '1,234' → '1234', '1,5' → '1.5', '1.234.567' → '1234567'."""
    r = run.replace("'", " ").replace("’", " ")
    comma, dot = "," in r, "." in r
    point = None
    if comma and dot:
        point = "," if r.rfind(",") > r.rfind(".") else "."
    elif comma:
        if r.count(",") == 1:
            whole, frac = r.split(",")
            thousands = len(frac) == 3 and whole.strip(" ") not in ("0", "") and " " not in whole
            point = None if thousands else ","
    elif dot and r.count(".") == 1:
        point = "."
    if point:
        whole, _, frac = r.rpartition(point)
        if not frac.isdigit():
            return None
    else:
        whole, frac = r, ""
    if whole and not _GROUPS.match(whole) and not whole.isdigit():
        return None
    whole = whole.replace(" ", "").replace(",", "").replace(".", "") or "0"
    return f"{whole}.{frac}" if frac else whole


def _float_decimal(value: float) -> Decimal:
    return Decimal(format(value, ".15g"))  # what the spreadsheet shows: 2.08 stays 2.08


def amount(value: Any) -> Parsed:
    """Money: value = (Decimal, ISO currency code or None), from '¥1,234.50', '1 234,50 ₽', '(100.00)'…"""
    if value is None:
        return EMPTY
    cls = type(value)
    if cls is float:
        if not math.isfinite(value):
            return _fail(value, "is not an amount")
        return Parsed((_float_decimal(value), None))
    if cls is int:
        return Parsed((Decimal(value), None))
    if isinstance(value, Decimal) and value.is_finite():
        return Parsed((value, None))
    if not isinstance(value, str):
        return _fail(value, "is not an amount")
    s = value.strip()
    if not s:
        return EMPTY
    return _amount_text(s)


@lru_cache(maxsize=_CACHE)
def _amount_text(s: str) -> Parsed:
    parts = _number_parts(s)
    if parts is None:
        return _fail(s, "is not an amount")
    number, words = parts
    if not words:
        return Parsed((number, None))
    currency = _CURRENCIES.get(words) or _CURRENCIES.get(words.rstrip("."))
    if currency is None and _CURRENCY_CODE.match(words):
        currency = words.upper()
    if currency is None:
        return _fail(s, "is not an amount: the currency is not one this program knows")
    return Parsed((number, currency))


def number(value: Any) -> Parsed:
    """A quantity as float: '1 234,5', '1,234.5', '5 pcs' and '3件' are understood."""
    if value is None:
        return EMPTY
    cls = type(value)
    if cls is float:
        return Parsed(value) if math.isfinite(value) else _fail(value, "is not a number")
    if cls is int:
        return Parsed(float(value))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Parsed(float(value))
    if not isinstance(value, str):
        return _fail(value, "is not a number")
    s = value.strip()
    if not s:
        return EMPTY
    parts = _number_parts(s)
    if parts is None:
        return _fail(s, "is not a number")
    return Parsed(float(parts[0]))


# --------------------------------------------------------------------------------------- words

_PUNCT = re.compile(r"[\W_]+")


def _key(s: str) -> str:
    """A word for lookups: width-folded, case-folded, ё as е, without spaces and punctuation."""
    return _PUNCT.sub("", _nfkc(s).casefold().replace("ё", "е"))


def _table(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for target, words in rows:
        for word in words.split(";"):
            out[_key(word)] = target
    return out


_TIER_WORDS = _table((
    ("1", "a;gold;golden;金;金牌;金卡;黄金;黃金;золото;золотой;골드;금;kulta;vip;重要;重要客户;重要客戶;key;"
          "ключевой;ключевые;핵심;avain;top;premium;一级;一級;一等;1级;a级;a類;a类;первый;1등급;первая"),
    ("2", "b;silver;银;銀;银牌;銀牌;银卡;銀卡;白银;白銀;серебро;серебряный;실버;은;hopea;二级;二級;二等;2级;b级;"
          "b类;b類;второй;2등급;вторая"),
    ("3", "c;bronze;铜;銅;铜牌;銅牌;铜卡;銅卡;青铜;青銅;бронза;бронзовый;브론즈;동;pronssi;三级;三級;三等;3级;"
          "c级;c类;c類;третий;3등급;третья"),
    ("4", "d;四级;四級;四等;4级;d级;d类;четвертый;4등급"),
    ("5", "e;五级;五級;五等;5级;e级;e类;пятый;5등급"),
))
_TIER_NUMBER = re.compile(r"^(?:tier|level|class|уровень|класс|taso|luokka)?(\d)$")


@lru_cache(maxsize=64)
def _tier_index(tiers: tuple[tuple[str, str, int], ...]):
    by_word: dict[str, str] = {}
    by_rank: dict[int, str] = {}
    for tier_code, name, rank in reversed(tiers):  # the first tier of a rank wins
        by_rank[int(rank)] = tier_code
    for tier_code, name, rank in reversed(tiers):
        by_word[_key(name)] = tier_code
    for tier_code, name, rank in reversed(tiers):
        by_word[_key(tier_code)] = tier_code
    listing = ", ".join(f"{c} ({n})" if n and n != c else c for c, n, _ in sorted(tiers, key=lambda t: t[2]))
    return by_word, by_rank, listing


def tier(value: Any, tiers: Sequence[tuple[str, str, int]]) -> Parsed:
    """A tier: value = the code of one of ``tiers`` (code, name, rank with 1 the best)."""
    s = _clean(value)
    if not s:
        return EMPTY
    by_word, by_rank, listing = _tier_index(tuple((str(c), str(n or ""), int(r)) for c, n, r in tiers))
    key = _key(s)
    found = by_word.get(key)
    if found is not None:
        return Parsed(found)
    rank = _TIER_WORDS.get(key)
    if rank is None:
        m = _TIER_NUMBER.match(key)
        rank = m[1] if m else None
    if rank is not None and int(rank) in by_rank:
        return Parsed(by_rank[int(rank)])
    return _fail(s, f"is not one of the tiers: {listing}")


_STATUS = _table((
    ("active", "active;activated;current;existing;customer;client;active customer;在用;活跃;活躍;活跃客户;活躍客戶;"
               "有效;正常;合作中;已合作;成交;已成交;老客户;активный;активен;активная;действующий;клиент;"
               "활성;활동;활동중;거래중;aktiivinen;asiakas;voimassa"),
    ("prospect", "prospect;lead;potential;opportunity;new;new lead;qualified;cold;warm;hot;潜在;潛在;潜在客户;"
                 "潛在客戶;意向;意向客户;意向客戶;线索;線索;新客户;新客戶;未成交;待跟进;потенциальный;"
                 "потенциальная;лид;новый;перспективный;잠재;잠재고객;가망;가망고객;신규;liidi;prospekti;"
                 "potentiaalinen;uusi"),
    ("dormant", "dormant;inactive;paused;sleeping;idle;on hold;lapsed;休眠;沉睡;睡眠;不活跃;不活躍;暂停;暫停;"
                "静默;неактивный;неактивен;спящий;приостановлен;휴면;비활성;중지;passiivinen;lepäävä;"
                "ei aktiivinen;tauolla"),
    ("lost", "lost;churned;churn;former;closed lost;cancelled;canceled;left;gone;流失;已流失;丢失;丟失;失去;"
             "流失客户;流失客戶;终止;終止;потерян;потерянный;потеряна;ушел;ушла;отток;бывший;이탈;해지;"
             "해지고객;이탈고객;menetetty;lopettanut;entinen"),
))
_STATUS.update({s.value: s.value for s in CustomerStatus})


def status(value: Any) -> Parsed:
    """A customer status (CustomerStatus value); an unknown word is a warning and None (the default stays)."""
    return _word(_STATUS, value, "is not a customer status (prospect, active, dormant or lost); "
                                 "the default status was kept")


def _word(table: dict[str, str], value: Any, unknown: str) -> Parsed:
    """A word looked up in one of the word tables; an unknown word is a warning and None."""
    s = _clean(value)
    if not s:
        return EMPTY
    found = table.get(_key(s))
    return Parsed(warning=f"{_q(s)} {unknown}") if found is None else Parsed(found)


_KIND = _table((
    ("person", "person;individual;personal;private;consumer;b2c;people;个人;個人;自然人;散客;частное лицо;"
               "физлицо;физ лицо;физическое лицо;частный;개인;개인고객;henkilö;yksityinen;kuluttaja"),
    ("company", "company;business;organization;organisation;corporate;corporation;b2b;enterprise;企业;企業;公司;"
                "单位;單位;法人;机构;機構;компания;юрлицо;юр лицо;юридическое лицо;организация;法人客户;"
                "법인;기업;회사;업체;yritys;yhtiö;organisaatio"),
))
_KIND.update({k.value: k.value for k in CustomerKind})


def customer_kind(value: Any) -> Parsed:
    """A person or a company (CustomerKind value); an unknown word is a warning and None."""
    return _word(_KIND, value, "is neither a person nor a company; the default was kept")


_CARE = _table((
    ("call", "call;phone call;phone;telephone;tel;cold call;calling;called;call back;callback;电话;電話;打电话;"
             "打電話;致电;致電;通话;通話;电话沟通;電話溝通;电访;電訪;电话回访;電話回訪;звонок;телефон;"
             "звонил;созвон;телефонный звонок;전화;통화;전화상담;puhelu;soitto;puhelin;soitettu"),
    ("visit", "visit;meeting;meet;demo;presentation;site visit;in person;lunch;dinner;appointment;拜访;拜訪;"
              "上门;上門;面谈;面談;见面;見面;会面;會面;会议;會議;走访;走訪;演示;визит;встреча;посещение;"
              "демонстрация;презентация;방문;미팅;면담;만남;데모;käynti;tapaaminen;vierailu;palaveri;esittely"),
    ("greeting", "greeting;greetings;holiday greeting;card;问候;問候;节日问候;節日問候;拜年;приветствие;"
                 "поздравление с праздником;안부;인사;tervehdys"),
    ("gift", "gift;present;gifts;礼物;禮物;送礼;送禮;礼品;禮品;подарок;선물;lahja"),
    ("congratulation", "congratulation;congratulations;congrats;birthday;祝贺;祝賀;恭喜;祝福;贺喜;賀喜;"
                       "поздравление;축하;onnittelu;onnittelut"),
    ("help", "help;support;assistance;service;帮助;幫助;协助;協助;帮忙;幫忙;支持;помощь;поддержка;도움;지원;"
             "apu;tuki"),
    ("disaster_care", "disaster;disaster care;condolence;condolences;sympathy;慰问;慰問;灾害;災害;灾后;災後;"
                      "救灾;救災;соболезнование;сочувствие;위문;재해;위로;osanotto"),
    ("complaint_follow_up", "complaint;complaints;complaint follow up;complaint followup;投诉;投訴;投诉回访;"
                            "投訴回訪;客诉;客訴;жалоба;претензия;불만;클레임;valitus;reklamaatio"),
))
_CARE.update({k.value: k.value for k in CareKind})
_CARE_HINTS = tuple((_key(word), kind) for kind, words in (
    ("complaint_follow_up", "complaint;投诉;投訴;客诉;жалоб;претензи;불만;클레임;valitu;reklamaat"),
    ("disaster_care", "disaster;condolen;慰问;慰問;灾;災;соболезн;재해;위문"),
    ("gift", "gift;礼;禮;подар;선물;lahja"),
    ("congratulation", "congrat;祝贺;祝賀;поздрав;축하;onnitte"),
    ("greeting", "greeting;问候;問候;привет;안부;terveh"),
    ("visit", "visit;meeting;demo;拜访;拜訪;上门;上門;面谈;面談;见面;見面;визит;встреч;방문;미팅;käyn;tapaam"),
    ("call", "call;phone;电话;電話;致电;звон;телефон;전화;통화;puhel;soit"),
) for word in words.split(";"))


def care_kind(value: Any) -> Parsed:
    """A care event's kind (CareKind value); words that name no kind the CRM knows are 'other', without an error."""
    s = _clean(value)
    if not s:
        return EMPTY
    key = _key(s)
    found = _CARE.get(key)
    if found is None:
        found = next((kind for hint, kind in _CARE_HINTS if hint in key), CareKind.OTHER.value)
    return Parsed(found)


# ------------------------------------------------------------------------------------ countries

# alpha-2 alpha-3|names…; a country may take several rows.
_COUNTRY_ROWS = """
CN CHN|China;PRC;People's Republic of China;Mainland China;P.R. China|中国;中國;中国大陆;中國大陸;大陆|Китай;КНР|중국|Kiina
CN CHN|中华人民共和国;中華人民共和國
HK HKG|Hong Kong;Hong Kong SAR|香港;中国香港;中國香港|Гонконг|홍콩|Hongkong
TW TWN|Taiwan|台湾;臺灣;台灣;中国台湾|Тайвань|대만|Taiwan
MO MAC|Macau;Macao|澳门;澳門|Макао|마카오|Macao
JP JPN|Japan|日本|Япония|일본|Japani
KR KOR|South Korea;Korea;Republic of Korea;Korea, Republic of;Korea (South)|韩国;韓國;南韩;南韓
KR KOR|Южная Корея;Корея;Республика Корея|대한민국;한국;남한|Etelä-Korea
KP PRK|North Korea;DPRK|朝鲜;朝鮮;北韩;北韓|Северная Корея;КНДР|북한;조선|Pohjois-Korea
MN MNG|Mongolia|蒙古;蒙古国;蒙古國|Монголия|몽골|Mongolia
RU RUS|Russia;Russian Federation|俄罗斯;俄羅斯;俄国;俄國|Россия;Российская Федерация;РФ|러시아|Venäjä
BY BLR|Belarus|白俄罗斯;白俄羅斯|Беларусь;Белоруссия|벨라루스|Valko-Venäjä
UA UKR|Ukraine|乌克兰;烏克蘭|Украина|우크라이나|Ukraina
KZ KAZ|Kazakhstan|哈萨克斯坦;哈薩克|Казахстан|카자흐스탄|Kazakstan
UZ UZB|Uzbekistan|乌兹别克斯坦;烏茲別克|Узбекистан|우즈베키스탄|Uzbekistan
KG KGZ|Kyrgyzstan|吉尔吉斯斯坦;吉爾吉斯|Киргизия;Кыргызстан|키르기스스탄|Kirgisia
FI FIN|Finland|芬兰;芬蘭|Финляндия|핀란드|Suomi
SE SWE|Sweden|瑞典|Швеция|스웨덴|Ruotsi
NO NOR|Norway|挪威|Норвегия|노르웨이|Norja
DK DNK|Denmark|丹麦;丹麥|Дания|덴마크|Tanska
EE EST|Estonia|爱沙尼亚;愛沙尼亞|Эстония|에스토니아|Viro
LV LVA|Latvia|拉脱维亚;拉脫維亞|Латвия|라트비아|Latvia
LT LTU|Lithuania|立陶宛|Литва|리투아니아|Liettua
PL POL|Poland|波兰;波蘭|Польша|폴란드|Puola
DE DEU|Germany;Deutschland|德国;德國|Германия|독일|Saksa
FR FRA|France|法国;法國|Франция|프랑스|Ranska
GB GBR|United Kingdom;UK;U.K.;Great Britain;Britain;England;Scotland;Wales;Northern Ireland|英国;英國
GB GBR|Великобритания;Англия;Соединённое Королевство|영국|Iso-Britannia;Englanti;Yhdistynyt kuningaskunta
IE IRL|Ireland;Eire|爱尔兰;愛爾蘭|Ирландия|아일랜드|Irlanti
NL NLD|Netherlands;The Netherlands;Holland|荷兰;荷蘭|Нидерланды;Голландия|네덜란드|Alankomaat;Hollanti
BE BEL|Belgium|比利时;比利時|Бельгия|벨기에|Belgia
CH CHE|Switzerland|瑞士|Швейцария|스위스|Sveitsi
AT AUT|Austria|奥地利;奧地利|Австрия|오스트리아|Itävalta
IT ITA|Italy|意大利;義大利|Италия|이탈리아|Italia
ES ESP|Spain|西班牙|Испания|스페인|Espanja
PT PRT|Portugal|葡萄牙|Португалия|포르투갈|Portugali
CZ CZE|Czech Republic;Czechia|捷克|Чехия|체코|Tšekki
GR GRC|Greece|希腊;希臘|Греция|그리스|Kreikka
TR TUR|Turkey;Türkiye|土耳其|Турция|튀르키예;터키|Turkki
IL ISR|Israel|以色列|Израиль|이스라엘|Israel
IR IRN|Iran;Islamic Republic of Iran;ایران|伊朗|Иран|이란|Iran
IN IND|India|印度|Индия|인도|Intia
TH THA|Thailand|泰国;泰國|Таиланд|태국|Thaimaa
VN VNM|Vietnam;Viet Nam|越南|Вьетнам|베트남|Vietnam
MY MYS|Malaysia|马来西亚;馬來西亞|Малайзия|말레이시아|Malesia
SG SGP|Singapore|新加坡|Сингапур|싱가포르|Singapore
ID IDN|Indonesia|印度尼西亚;印度尼西亞;印尼|Индонезия|인도네시아|Indonesia
PH PHL|Philippines|菲律宾;菲律賓|Филиппины|필리핀|Filippiinit
AU AUS|Australia|澳大利亚;澳大利亞;澳洲|Австралия|호주|Australia
NZ NZL|New Zealand|新西兰;紐西蘭;新西蘭|Новая Зеландия|뉴질랜드|Uusi-Seelanti
US USA|United States;USA;US;U.S.;U.S.A.;United States of America;America|美国;美國
US USA|США;Соединённые Штаты;Америка|미국|Yhdysvallat
CA CAN|Canada|加拿大|Канада|캐나다|Kanada
MX MEX|Mexico|墨西哥|Мексика|멕시코|Meksiko
BR BRA|Brazil|巴西|Бразилия|브라질|Brasilia
AR ARG|Argentina|阿根廷|Аргентина|아르헨티나|Argentiina
AE ARE|United Arab Emirates;UAE|阿联酋;阿聯酋;阿拉伯联合酋长国|ОАЭ;Объединённые Арабские Эмираты
AE ARE|아랍에미리트|Arabiemiirikunnat
SA SAU|Saudi Arabia|沙特;沙特阿拉伯|Саудовская Аравия|사우디아라비아|Saudi-Arabia
EG EGY|Egypt|埃及|Египет|이집트|Egypti
ZA ZAF|South Africa|南非|ЮАР;Южная Африка|남아프리카공화국;남아공|Etelä-Afrikka
"""
_COUNTRIES: dict[str, str] = {}
for _row in _COUNTRY_ROWS.strip().splitlines():
    _codes, *_names = _row.split("|")
    _alpha2, _alpha3 = _codes.split()
    _COUNTRIES[_alpha3.casefold()] = _alpha2
    for _name in ";".join(_names).split(";"):
        _COUNTRIES[_key(_name)] = _alpha2
_ALPHA2 = frozenset(phonenumbers.SUPPORTED_REGIONS)


def country(value: Any) -> Parsed:
    """A country as ISO 3166 alpha-2, from a code or a name in English, Chinese, Russian, Korean or Finnish."""
    s = _clean(value)
    if not s:
        return EMPTY
    found = _COUNTRIES.get(_key(s))
    if found:
        return Parsed(found)
    if len(s) == 2 and s.isascii() and s.upper() in _ALPHA2:
        return Parsed(s.upper())
    return _fail(s, "is not a country this program knows; write it as a two-letter code such as CN, RU, KR, FI "
                    "or US")


# ------------------------------------------------------------------------------------- names

_CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff"
                       r"\u3130-\u318f·・]+$")


def full_name(surname: Any, given: Any) -> str | None:
    """The name to show: '张'+'伟' is '张伟' (Chinese, Korean, Japanese), otherwise 'given surname'."""
    family, first = _clean(surname), _clean(given)
    if not family or not first:
        return family or first or None
    if _CJK_NAME.match(family) and _CJK_NAME.match(first):
        return family + first
    return f"{first} {family}"


_PERSIAN = frozenset("پچژگیک")
_FINNISH = frozenset("äöÄÖ")
_OTHER_ACCENTS = frozenset("üÜßåÅøØæÆõÕéÉñÑçÇ")


def _script(name: str) -> str | None:
    """The script a name is written in, as far as guessing a phone region goes."""
    seen = None
    for ch in name:
        o = ord(ch)
        if o < 0x41:
            continue
        if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            return "hangul"
        if 0x3040 <= o <= 0x30FF:
            return "kana"
        if 0x0400 <= o <= 0x04FF:
            return "cyrillic"
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            return "persian" if any(c in _PERSIAN for c in name) else "arabic"
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            seen = "han"
        elif seen is None and ch.isalpha() and o < 0x250:
            seen = "latin"
    if seen == "latin":
        if any(c in _OTHER_ACCENTS for c in name):
            return "latin-other"
        if any(c in _FINNISH for c in name):
            return "finnish"
    return seen


def guess_region(names: Iterable[str]) -> str | None:
    """A phone region guessed from the script the names are written in, or None when unsure.

    Mostly Cyrillic is RU, Hangul KR, kana JP, Chinese characters CN; Arabic script with the Persian
    letters (پ چ ژ گ ی ک) is IR; Latin names of which a good share have ä or ö (and few other accents)
    are FI. Up to 2,000 names are looked at.
    """
    counts: dict[str, int] = {}
    total = 0
    for i, raw in enumerate(names):
        if i >= 2000:
            break
        script = _script(raw) if isinstance(raw, str) else None
        if script is None:
            continue
        total += 1
        counts[script] = counts.get(script, 0) + 1
    if not total:
        return None
    share = {k: v / total for k, v in counts.items()}
    for script, region in (("cyrillic", "RU"), ("hangul", "KR"), ("han", "CN")):
        if share.get(script, 0) >= 0.6:
            return region
    if share.get("kana", 0) >= 0.2 and share.get("kana", 0) + share.get("han", 0) >= 0.6:
        return "JP"
    arabic = share.get("persian", 0) + share.get("arabic", 0)
    if arabic >= 0.6 and share.get("persian", 0) >= 0.2 * arabic:
        return "IR"
    latin = share.get("latin", 0) + share.get("finnish", 0) + share.get("latin-other", 0)
    finnish = share.get("finnish", 0)
    if latin >= 0.6 and finnish >= 0.15 * latin and share.get("latin-other", 0) < finnish / 3:
        return "FI"
    return None
