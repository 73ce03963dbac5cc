"""Character-level unification of Persian text: letters, digits, invisible marks, diacritics.

Two layers, both cheap:

* :data:`UNIFY` is a strict one-to-one ``str.translate`` table (Arabic ي ى → ی, ك → ک, ة → ه,
  Arabic-Indic digits ٠-٩ → Persian ۰-۹, presentation forms → base letters, exotic spaces → space,
  bidi marks and soft hyphens used as half-spaces → ZWNJ, control characters such as NUL → space).
  One-to-one keeps offsets unchanged.
* :data:`DROP_OR_REWRITE` matches what changes length: tatweel, diacritics, the ligature ﻻ.

Decisions:

* Hamza forms stay as written (مسئله، تأکید، رئیس، مؤسسه); ۀ stays (a legitimate Persian letter);
  ة becomes ه.
* Tanvin: «ً» is kept in the tanvin-alef adverbs (قبلاً، کاملاً، واقعاً) — standard Persian orthography —
  and written after the alef («قبلًا» → «قبلاً»); every other diacritic (fathe, kasre, zamme, tashdid,
  sukun, other tanvins, superscript alef) is dropped.
* Persian and ASCII digits stay as the author wrote them.

>>> unify("كشورهاي عربي ٢٠٢٠")
'کشورهای عربی ۲۰۲۰'
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import cache
from itertools import repeat

from didban.text.compiled import speedups

ZWNJ = "\u200c"

#: Letters after which a ZWNJ is never written (they do not join to the left).
NON_JOINING = frozenset("اآأإدذرزژوؤءۀة")

#: Marks that some sites use in place of a half-space.
_HALF_SPACE_LOOKALIKES = "\u200d\u200e\u200f\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: C0 controls other than the line breaks and tab (NUL from broken exports; PostgreSQL text refuses it).
_CONTROLS = "".join(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)))

_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\u000b\u000c"
)


def _presentation_forms() -> dict[int, str]:
    """Arabic presentation forms (FB50–FDFF, FE70–FEFF) that fold to one base letter."""
    table: dict[int, str] = {}
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


def _unify_table() -> dict[int, str]:
    table = _presentation_forms()
    table = {code: _LETTERS.get(ch, ch) for code, ch in table.items()}
    table.update({ord(src): dst for src, dst in _LETTERS.items()})
    table.update({0x0660 + d: chr(0x06F0 + d) for d in range(10)})
    table.update({ord(ch): " " for ch in _SPACES})
    table.update({ord(ch): " " for ch in _CONTROLS})
    table.update({ord(ch): ZWNJ for ch in _HALF_SPACE_LOOKALIKES})
    table[0xFEFF] = ZWNJ  # byte-order mark inside text: invisible, removed by the spacing pass
    table[ord("\r")] = "\n"
    return table


_LETTERS = {
    "\u064a": "ی",  # ي Arabic yeh
    "\u0649": "ی",  # ى alef maksura
    "\u06d2": "ی",  # ے yeh barree
    "\u06d0": "ی",  # ې
    "\u0643": "ک",  # ك Arabic kaf
    "\u06aa": "ک",  # ڪ swash kaf
    "\u0629": "ه",  # ة teh marbuta
    "\u06be": "ه",  # ھ heh doachashmee
    "\u06c1": "ه",  # ہ heh goal
    "\u06d5": "ه",  # ە ae
    "\u0671": "ا",  # ٱ alef wasla
}

#: One-to-one translation table (``len(text.translate(UNIFY)) == len(text)``).
UNIFY: dict[int, str] = _unify_table()


def _char_class(codes: list[int]) -> str:
    """A regex class of the sorted ``codes``, as ranges (a short pattern compiles fast at import)."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


#: Runs of characters :data:`UNIFY` changes, captured: ``split`` puts them at the odd places.
_UNIFIED_RUN = re.compile("(" + _char_class(sorted(UNIFY)) + "+)")

_DIACRITICS = "\u064c-\u0652\u0670\u0656-\u065f\u08d3-\u08ff"
#: Spans that change length: tatweel, diacritics, tanvin not beside an alef, ligatures, هٔ.
DROP_OR_REWRITE = re.compile(
    rf"\u0640+|[{_DIACRITICS}]+|\u064bا|\u064b(?<!ا\u064b)|[\ufef5-\ufefc]|\u0647\u0654"
)

_REWRITES = {"\u064bا": "ا\u064b", "\u0647\u0654": "ۀ"}
_REWRITES.update({"\ufefb": "لا", "\ufefc": "لا", "\ufef5": "لآ", "\ufef6": "لآ", "\ufef7": "لأ"})
_REWRITES.update({"\ufef8": "لأ", "\ufef9": "لإ", "\ufefa": "لإ"})


#: Every character a :data:`DROP_OR_REWRITE` match starts with (most text has none: the pass is skipped).
DROP_HINT = re.compile("[\u0640\u064b-\u0652\u0654\u0656-\u065f\u0670\u08d3-\u08ff\ufef5-\ufefc]")


def rewrite(match: str) -> str:
    """Replacement for one :data:`DROP_OR_REWRITE` match (tanvin written before its alef moves after it)."""
    return _REWRITES.get(match, "")


def unify(text: str) -> str:
    """Unify letters and digits and drop diacritics, without tracking offsets."""
    return DROP_OR_REWRITE.sub(lambda m: rewrite(m.group()), one_to_one(text))


def one_to_one(text: str) -> str:
    """``text.translate(UNIFY)``, translating only the runs of characters it changes (faster: most
    characters of news text are already unified), with C-speed ``split`` and ``map``.

    >>> one_to_one("كتاب ٢")
    'کتاب ۲'
    """
    compiled = speedups()
    if compiled is not None:
        return compiled.translate_one_to_one(text, _unify_codes())  # type: ignore[no-any-return]
    parts = _UNIFIED_RUN.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(str.translate, parts[1::2], repeat(UNIFY))
    return "".join(parts)


@cache
def _unify_codes() -> bytes:
    """:data:`UNIFY` for the compiled translation: the replacement code of each BMP code point, 0 to keep it
    (every key and value of the table is one BMP character other than NUL, which the tests check)."""
    codes = array("H", bytes(2 * 0x10000))
    for code, replacement in UNIFY.items():
        codes[code] = ord(replacement)
    return codes.tobytes()


#: Characters of Persian words (letters, the kept tanvin and hamza above), for regex classes.
LETTERS = "\u0621-\u063a\u0641-\u064b\u0654\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc"
