"""Fonts for printed text in Chinese, Korean, Japanese, Cyrillic and Latin: text, never empty boxes.

``plan_for(text)`` looks at every character the document will print, checks it against the fonts
Qt finds (one font file at a time, through QRawFont, so Qt's own silent fallback does not hide a
gap) and returns a ``FontPlan``: an ordered family list — a Latin/Cyrillic family first, then one
family per CJK script — for CSS (``plan.css()``) or a QFont (``plan.font(pt)``). A character no
installed font has raises ``FontsMissing`` naming the script and the package to install.

Reports and cards share it::

    plan = fonts.plan_for(all_the_text)   # raises FontsMissing (a CrmError) in words
    html = f'<body style="{plan.css()}">…'
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from desktop_crm.errors import CrmError

# Families to try per script, best first (Linux names, then Windows and macOS ones).
PREFERRED: dict[str, tuple[str, ...]] = {
    "latin": ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica Neue", "Helvetica"),
    "han": ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
            "Microsoft YaHei", "PingFang SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR"),
    "hangul": ("Noto Sans CJK KR", "Source Han Sans KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic",
               "Apple SD Gothic Neo", "Noto Sans CJK SC"),
    "kana": ("Noto Sans CJK JP", "Source Han Sans JP", "Noto Sans JP", "IPAGothic", "Yu Gothic", "Hiragino Sans",
             "Noto Sans CJK SC"),
}
# Where a script's letters come from on Debian and Ubuntu.
PACKAGES: dict[str, str] = {
    "han": "fonts-noto-cjk", "hangul": "fonts-noto-cjk", "kana": "fonts-noto-cjk",
    "latin": "fonts-dejavu-core", "cyrillic": "fonts-dejavu-core", "greek": "fonts-dejavu-core",
}
OTHER_PACKAGE = "fonts-noto-core"
# A few letters per script: a font "covers" the script when it has all of them.
SAMPLES: dict[str, str] = {
    "latin": "AaZzÄöß", "cyrillic": "ЖжЯяЁё", "greek": "ΩωΣσ", "han": "王红梅伟李", "hangul": "김민준한글",
    "kana": "ひらカタ",
}
NAMES = {"han": "Chinese characters", "hangul": "Korean (Hangul)", "kana": "Japanese kana", "latin": "Latin",
         "cyrillic": "Cyrillic", "greek": "Greek"}
_PREFIXES = (("CJK UNIFIED IDEOGRAPH", "han"), ("CJK COMPATIBILITY IDEOGRAPH", "han"), ("HANGUL", "hangul"),
             ("HIRAGANA", "kana"), ("KATAKANA", "kana"))


class FontsMissing(CrmError):
    """No installed font has some of the characters to print."""


def script_of(ch: str) -> str | None:
    """The script a character belongs to ("latin", "cyrillic", "han", "hangul", "kana", "thai"…);
    None for spaces, digits and other characters every text font has."""
    code = ord(ch)
    if code < 0x80 and not ch.isalpha():
        return None
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return "han"  # CJK punctuation and full-width forms come with the CJK fonts
    name = unicodedata.name(ch, "")
    for prefix, script in _PREFIXES:
        if name.startswith(prefix):
            return script
    if not ch.isalpha():
        return None if unicodedata.category(ch)[0] in "ZNPC" else "symbols"
    return name.split(" ", 1)[0].lower() or "symbols"


def font_problem(needed: Iterable[str], covered: Iterable[str], examples: dict[str, str] | None = None) -> str | None:
    """What to tell the user when some scripts to print have no font (None when all have one)."""
    missing = sorted(set(needed) - set(covered))
    if not missing:
        return None
    examples = examples or {}
    parts = []
    for script in missing:
        sample = examples.get(script) or SAMPLES.get(script, "")
        parts.append(f"{NAMES.get(script, script.capitalize())}" + (f" (e.g. {sample[:5]})" if sample else ""))
    packages = sorted({PACKAGES.get(s, OTHER_PACKAGE) for s in missing})
    return (f"No font on this computer can print {', '.join(parts)}, so it would come out as empty boxes. "
            f"Install a font for it (on Debian or Ubuntu: sudo apt install {' '.join(packages)}) and try again.")


@dataclass(frozen=True)
class FontPlan:
    """Font families in the order Qt should try them."""

    families: tuple[str, ...]

    def css(self) -> str:
        quoted = ", ".join("'" + f.replace("'", "") + "'" for f in self.families)
        return f"font-family: {quoted}, sans-serif;"

    def font(self, point_size: float, *, bold: bool = False) -> QFont:
        font = QFont()
        if self.families:
            font.setFamilies(list(self.families))
        font.setPointSizeF(point_size)
        font.setBold(bold)
        return font


# ----- what the installed fonts have ------------------------------------------------------------

_lock = threading.RLock()  # QRawFont objects are shared between the GUI thread and the worker
_char_family: dict[str, str | None] = {}  # a character -> the first family (preferred ones first) that has it
_extra_families: list[str] = []  # families found for characters the preferred ones lack, tried next time first


@functools.lru_cache(maxsize=None)
def _raw(family: str) -> QRawFont | None:
    if not QFontDatabase.hasFamily(family):
        return None
    font = QFont(family)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    raw = QRawFont.fromFont(font)
    return raw if raw.isValid() and raw.familyName().lower() == family.lower() else None


def installed_choice() -> dict[str, str]:
    """Script -> the first preferred family that is installed and covers the script's samples."""
    choice = {}
    for script, families in PREFERRED.items():
        found = next((f for f in families if _has_all(f, SAMPLES[script])), None)
        if found is not None:
            choice[script] = found
    return choice


def _ordered_families() -> list[str]:
    chosen = installed_choice()
    ordered = [chosen[s] for s in ("latin", "han", "hangul", "kana") if s in chosen]
    return list(dict.fromkeys(ordered))


def covered_scripts(scripts: Iterable[str] = tuple(SAMPLES)) -> set[str]:
    """The scripts some installed font has all sample letters of."""
    preferred = _ordered_families()
    families = preferred + [f for f in QFontDatabase.families() if f not in preferred]
    out = set()
    for script in scripts:
        sample = SAMPLES.get(script, "")
        if sample and any(_has_all(f, sample) for f in families):
            out.add(script)
    return out


def _has_all(family: str, chars: str) -> bool:
    with _lock:
        raw = _raw(family)
        return raw is not None and all(raw.supportsCharacter(ord(c)) for c in chars)


def _family_for(ch: str, preferred: list[str]) -> str | None:
    with _lock:
        if ch in _char_family:
            return _char_family[ch]
    tried = preferred + [f for f in _extra_families if f not in preferred]
    found = next((f for f in tried if _has_all(f, ch)), None)
    if found is None:  # rare: look through every installed family once for this character
        found = next((f for f in QFontDatabase.families() if f not in tried and _has_all(f, ch)), None)
    with _lock:
        _char_family[ch] = found
        if found is not None and found not in tried:
            _extra_families.append(found)
    return found


def plan_for(text: str) -> FontPlan:
    """The families to print ``text`` with; FontsMissing when a character has no font at all."""
    preferred = _ordered_families()
    extra: list[str] = []
    missing: dict[str, str] = {}
    for ch in set(text):
        if script_of(ch) is None and ord(ch) < 0x2000:
            continue
        family = _family_for(ch, preferred)
        if family is None:
            script = script_of(ch) or "symbols"
            missing[script] = missing.get(script, "") + ch
        elif family not in preferred and family not in extra:
            extra.append(family)
    if missing:
        raise FontsMissing(font_problem(missing, (), missing) or "")
    return FontPlan(tuple(preferred + sorted(extra)))


# ----- text that copies out of a PDF as it went in --------------------------------------------------

RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
IDEOGRAPHS = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))


@functools.lru_cache(maxsize=None)
def _radical_glyphs(family: str) -> dict[int, int]:
    """Glyph -> the (lowest) radical code point drawn with it, in this family."""
    with _lock:
        raw = _raw(family)
        if raw is None:
            return {}
        glyphs = raw.glyphIndexesForString("".join(map(chr, RADICALS)))
    found: dict[int, int] = {}
    for code, glyph in zip(RADICALS, glyphs):
        if glyph:
            found.setdefault(glyph, code)
    return found


def radical_aliases(text: str, plan: FontPlan) -> dict[int, int]:
    """Radicals that share a glyph with an ideograph of ``text`` -> that ideograph.

    CJK fonts draw 小 and the Kangxi radical ⼩ with one glyph. Qt's PDF writer maps each glyph back
    to the lowest code point that uses it, so a PDF would copy out as 王⼩明; the map says how to
    put 小 back (``document.fix_text_map``)."""
    wanted = sorted({ord(c) for c in set(text) if any(ord(c) in block for block in IDEOGRAPHS)})
    out: dict[int, int] = {}
    if not wanted:
        return out
    for family in plan.families:
        radicals = _radical_glyphs(family)
        if not radicals:
            continue
        with _lock:
            glyphs = _raw(family).glyphIndexesForString("".join(map(chr, wanted)))
        for code, glyph in zip(wanted, glyphs):
            if glyph in radicals:
                out.setdefault(radicals[glyph], code)
    return out


__all__ = ["FontPlan", "FontsMissing", "covered_scripts", "font_problem", "installed_choice", "plan_for",
           "radical_aliases", "script_of"]
