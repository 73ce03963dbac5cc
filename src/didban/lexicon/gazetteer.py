"""Gazetteers of names with stable ids: countries (ISO 3166-1), organisations the press names two ways, and
regions, seas and straits.

Three shipped tables, loaded once on first use: ``data/countries_fa.tsv`` (the Persian country names of
umpirsky/country-list, MIT, plus press forms such as «آمریکا»، «انگلیس»، «فدراسیون روسیه»),
``data/organizations_fa.tsv`` (written for Didban: «سازمان ملل متحد» ↔ «سازمان ملل»، «ناتو», …) and
``data/places_fa.tsv`` (written for Didban: «قره باغ» ↔ «قره باغ کوهستانی»، «قفقاز»، «خلیج فارس», …).
Lookups are insensitive to spacing, half-spaces, Arabic letter forms, hamza seats and diacritics:

>>> country_of("ایالات متحده امريكا").code
'US'
>>> country_of("فدراسیون روسیه").code, country_of("قره باغ")
('RU', None)
>>> country_of("آذربایجان").context, country_of("جمهوری آذربایجان").context
(True, False)
>>> organization_of("ناتو").code, organization_of("سازمان پیمان آتلانتیک شمالی").name
('nato', 'سازمان پیمان آتلانتیک شمالی')

A *context* form also names something else («آذربایجان» is also two Iranian provinces, «مجلس» any
parliament): a caller should count it only when the same text names the entry another way.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from didban.lexicon import data_rows
from didban.search import FOLD_LETTERS, MARK_CHARS
from didban.text.letters import UNIFY


def _key_table() -> dict[int, str | None]:
    """One ``str.translate`` table: :data:`~didban.text.letters.UNIFY`, then the search folding."""
    table: dict[int, str | None] = {code: FOLD_LETTERS.get(ch, ch) for code, ch in UNIFY.items()}
    table.update({ord(ch): to for ch, to in FOLD_LETTERS.items()})
    table.update(dict.fromkeys(map(ord, MARK_CHARS)))
    return table


_KEY = _key_table()


def fold_words(text: str) -> tuple[str, ...]:
    """The folded words of a name (the letters of :func:`didban.search.fold`; a half-space splits).

    >>> fold_words("خبرگزاري  آران‌نیوز")
    ('خبرگزاری', 'اران', 'نیوز')
    """
    return tuple(text.translate(_KEY).lower().split())


def name_key(text: str) -> str:
    """The lookup key of a name: its folded words joined with nothing, so spacing does not matter.

    >>> name_key("قره‌باغ") == name_key("قره باغ") == name_key("قرهباغ")
    True
    """
    return "".join(fold_words(text))


class Entry(NamedTuple):
    """A gazetteer hit: the entry's code, its canonical Persian name, and whether the form needs context."""

    code: str
    name: str
    context: bool


class Gazetteer:
    """Forms → entries, from rows ``code, form, origin`` (origin ``context`` marks an ambiguous form)."""

    def __init__(self, rows: list[list[str]]) -> None:
        names: dict[str, str] = {}
        self._entries: dict[str, Entry] = {}
        for code, form, origin in rows:
            names.setdefault(code, form)
            self._entries.setdefault(name_key(form), Entry(code, names[code], origin == "context"))

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, name: str) -> Entry | None:
        """The entry whose form is ``name`` (folded), or None."""
        return self._entries.get(name_key(name))

    def find_key(self, key: str) -> Entry | None:
        """The entry of an already folded :func:`name_key`."""
        return self._entries.get(key)


@functools.cache
def countries() -> Gazetteer:
    """The shipped country table (ISO 3166-1 alpha-2 codes), loaded on first call."""
    return Gazetteer(data_rows("countries_fa.tsv"))


@functools.cache
def organizations() -> Gazetteer:
    """The shipped organisation table (lowercase slugs), loaded on first call."""
    return Gazetteer(data_rows("organizations_fa.tsv"))


@functools.cache
def places() -> Gazetteer:
    """The shipped table of regions, seas and straits that are no country (lowercase slugs)."""
    return Gazetteer(data_rows("places_fa.tsv"))


def country_of(name: str) -> Entry | None:
    """The country called ``name`` (a Persian name, a press form or an alias)."""
    return countries().find(name)


def organization_of(name: str) -> Entry | None:
    """The organisation called ``name`` (its full name, acronym or short form)."""
    return organizations().find(name)
