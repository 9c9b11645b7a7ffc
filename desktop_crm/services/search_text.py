"""How customer text becomes search tokens, and how a user's search text becomes a query.

One tokenizer serves both databases, so SQLite and PostgreSQL find the same customers:

* Text is folded: NFKC, Unicode case folding, accents removed (``ÅSA`` → ``asa``,
  ``Иван`` → ``иван``).
* Runs of letters and digits become word tokens and are searched by prefix
  (``ива`` finds ``Иванов``).
* Chinese, Japanese and Korean runs have no spaces between words, so each character and
  each pair of neighbouring characters becomes a token: ``红`` and ``红梅`` both find ``李红梅``.
  A longer fragment is searched as all its pairs.
* Phone numbers are indexed as every tail of their digits (at least three long), so a prefix
  search on a tail finds any run of digits inside the number.

Only tokens made of letters and digits ever reach the database, and always as bound
parameters: quotes, ``*``, ``NEAR``, lone surrogates and the like are separators here.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_TOKEN = 48
MIN_DIGIT_TAIL = 3
MIN_PHONE_DIGITS = 3

_COMBINING = {cp: None for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}
_CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_TOKEN_RE = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_PHONE_LIKE_RE = re.compile(r"^[\d\s+\-().\/]+$")
_NON_DIGIT_RE = re.compile(r"\D")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (also the sort key of names)."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFKD", folded).translate(_COMBINING)
    return unicodedata.normalize("NFC", folded)


def _cjk_tokens(run: str) -> list[str]:
    out = list(run)
    out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def text_tokens(text: str | None) -> list[str]:
    """Index tokens of free text (names, company, city, e-mail, code)."""
    if not text:
        return []
    out: list[str] = []
    for cjk, word in _TOKEN_RE.findall(fold(text)):
        if cjk:
            out.extend(_cjk_tokens(cjk))
        else:
            out.append(word[:MAX_TOKEN])
    return out


def phone_tokens(digits: str | None) -> list[str]:
    """Every tail of a phone number's digits, so that any inner run can be found by prefix."""
    if not digits:
        return []
    digits = _NON_DIGIT_RE.sub("", digits)[:MAX_TOKEN]
    return [digits[i:] for i in range(0, len(digits) - MIN_DIGIT_TAIL + 1)]


def document(texts: Iterable[str | None], phones: Iterable[str | None]) -> str:
    """The indexed document: distinct tokens separated by single spaces."""
    seen: dict[str, None] = {}
    for value in texts:
        for token in text_tokens(value):
            seen.setdefault(token, None)
    for phone in phones:
        for token in phone_tokens(phone):
            seen.setdefault(token, None)
    return " ".join(seen)


@dataclass(frozen=True)
class Term:
    token: str
    prefix: bool


# A query is an AND of groups; each group is an OR of terms.
Query = list[list[Term]]


def parse_query(text: str | None, national_digits=None) -> Query:
    """Turn what the user typed into an AND of OR-groups of terms.

    ``national_digits`` is an optional callable that, given phone-like text, returns the
    national significant number's digits (from the phone service), or None.
    """
    if not text:
        return []
    text = text.strip()
    if _PHONE_LIKE_RE.match(text):
        digits = _NON_DIGIT_RE.sub("", text)
        if len(digits) >= MIN_PHONE_DIGITS:
            group = [Term(digits[:MAX_TOKEN], True)]
            national = national_digits(text) if national_digits else None
            if national and national != digits:
                group.append(Term(national[:MAX_TOKEN], True))
            return [group]
    query: Query = []
    seen: set[str] = set()
    for cjk, word in _TOKEN_RE.findall(fold(text)):
        if cjk:
            grams = [cjk] if len(cjk) == 1 else [cjk[i : i + 2] for i in range(len(cjk) - 1)]
            terms = [Term(g, False) for g in grams]
        else:
            terms = [Term(word[:MAX_TOKEN], True)]
        for term in terms:
            if term.token not in seen:
                seen.add(term.token)
                query.append([term])
    return query


MIN_LETTERS = 2


def narrows(text: str | None) -> bool:
    """Whether a search text is worth running on a big table as the user types.

    One Chinese, Japanese or Korean character is a name fragment; other text needs two letters
    or three digits: a single Latin letter, one or two digits, or a code's letter with a digit or
    two ("C0" is the start of every code) match a large part of any customer list and narrow nothing.
    """
    if not text or not text.strip():
        return False
    folded = fold(text)
    if any(cjk for cjk, _word in _TOKEN_RE.findall(folded)):
        return True
    digits = len(_NON_DIGIT_RE.sub("", folded))
    letters = sum(ch.isalpha() for ch in folded)
    return letters >= MIN_LETTERS or digits >= MIN_PHONE_DIGITS


def _render(query: Query, quote: str, prefix: str, any_of: str, all_of: str) -> str:
    groups = []
    for group in query:
        alts = [f"{quote}{t.token}{quote}" + (prefix if t.prefix else "") for t in group]
        groups.append(alts[0] if len(alts) == 1 else "(" + any_of.join(alts) + ")")
    return all_of.join(groups)


def fts5_match(query: Query) -> str:
    """An FTS5 MATCH expression. Tokens hold only letters and digits, quoted as strings."""
    return _render(query, '"', "*", " OR ", " AND ")


def tsquery(query: Query) -> str:
    """A PostgreSQL tsquery literal built the same way (lexemes quoted, ``:*`` for prefix)."""
    return _render(query, "'", ":*", " | ", " & ")
