"""The half-space lexicon: word forms and spaced pairs with counts, hazm's words and verb stems.

Built by ``training/build_zwnj_lexicon.py``; loaded once, on first use, by :func:`zwnj_lexicon`.
Counts from paragraphs that already use half-spaces weigh more than counts from careless text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

from didban.lexicon import data_rows

ZWNJ = "\u200c"
#: Weight of a count from a paragraph without any ZWNJ (its writer rarely uses half-spaces).
OTHER_WEIGHT = 0.25
_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")


@dataclass(frozen=True)
class ZwnjLexicon:
    """Counts of written forms keyed by the form, plus the known-word and verb-form sets."""

    forms: dict[str, float] = field(default_factory=dict)
    """Weighted count of each written form (may contain ZWNJ)."""
    variants: dict[str, list[str]] = field(default_factory=dict)
    """Key (form without ZWNJ) → the ZWNJ-written forms seen for it."""
    pairs: dict[str, float] = field(default_factory=dict)
    """Weighted count of ``"a b"`` written with a space."""
    words: frozenset[str] = frozenset()
    """hazm words (glued or with ZWNJ)."""
    verbs: frozenset[str] = frozenset()
    """Inflected verb forms that may follow می / نمی (present and past stem + person ending)."""

    def count(self, form: str) -> float:
        """Weighted count of a written form (0 when unseen)."""
        return self.forms.get(form, 0.0)

    @cached_property
    def known_words(self) -> dict[str, None]:
        """Every form, ZWNJ-free key and hazm word: what :meth:`known` is true of (one lookup; a dict of
        strings, which the garbage collector does not walk)."""
        return dict.fromkeys((*self.forms, *self.variants, *self.words))

    def known(self, key: str) -> bool:
        """Whether ``key`` (no ZWNJ) is a word of the news or of hazm, in any spelling."""
        return key in self.known_words


def _counts(name: str) -> dict[str, float]:
    return {row[0]: int(row[1]) + OTHER_WEIGHT * int(row[2]) for row in data_rows(name)}


def _variants(forms: dict[str, float], words: frozenset[str]) -> dict[str, list[str]]:
    variants: dict[str, list[str]] = {}
    for form in (*forms, *words):
        if ZWNJ in form:
            variants.setdefault(form.replace(ZWNJ, ""), []).append(form)
    return variants


def verb_forms(rows: list[list[str]]) -> frozenset[str]:
    """Inflected forms of ``[past, present]`` stem rows (the forms that may follow می / نمی)."""
    forms: set[str] = set()
    for row in rows:
        past, present = row[0], row[1] if len(row) > 1 else ""
        forms.update(past + e for e in _PAST_ENDINGS if past)
        forms.update(present + e for e in _PRESENT_ENDINGS if present)
    return frozenset(f for f in forms if len(f) > 1)


def build_lexicon(
    forms: dict[str, float], pairs: dict[str, float], words: frozenset[str], verbs: frozenset[str]
) -> ZwnjLexicon:
    """A lexicon from weighted counts and word sets (the shipped one, or one built while training)."""
    return ZwnjLexicon(forms, _variants(forms, words), pairs, words, verbs)


@cache
def zwnj_lexicon() -> ZwnjLexicon:
    """The shipped lexicon, loaded once."""
    words = frozenset(row[0] for row in data_rows("zwnj_words.tsv"))
    verbs = verb_forms(data_rows("zwnj_verbs.tsv"))
    return build_lexicon(_counts("zwnj_forms.tsv"), _counts("zwnj_pairs.tsv"), words, verbs)
