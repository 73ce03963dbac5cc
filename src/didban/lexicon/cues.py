"""Reporting cues (``data/reporting_cues.tsv``): the verbs and phrases that introduce what someone said.

The file lists each cue once, in the simple past (``گفت|گو`` for a simple verb with its present stem,
``تأکید کرد`` for a compound one); :func:`inflections` spells out the forms news text uses, and
:func:`cue_patterns` compiles one regular expression per class.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from didban.lexicon import data_rows

CueClass = Literal["say", "from", "object", "between", "prep"]
CLASSES: tuple[CueClass, ...] = ("say", "from", "object", "between", "prep")
ZWNJ = "\u200c"

#: Light verbs of compound verbs: past stem → present stem.
LIGHT_VERBS = {"کرد": "کن", "داشت": "دار", "شد": "شو", "داد": "ده", "نمود": "نما", "ساخت": "ساز"}
_LETTER = r"\w\u200c"
#: A participle followed by «شد/می‌شود…» is a passive («گفته می‌شود»): nobody is quoted.
_NOT_PASSIVE = r"(?![ \u200c]+(?:می[ \u200c]*)?ش(?:د|ود|ده|وند|دند|ده‌اند)(?![\w\u200c]))"
#: «گفت و گو» / «گفت‌وگو» (a conversation) is no «گفت».
_NOT_DIALOGUE = r"(?![ \u200c]*و[ \u200c]*گو)"


def load_cues() -> list[tuple[str, CueClass]]:
    """The cues of the shipped lexicon, in file order: ``(expression, class)``."""
    cues: list[tuple[str, CueClass]] = []
    for expression, kind in data_rows("reporting_cues.tsv"):
        if kind not in CLASSES:
            raise ValueError(f"unknown cue class {kind!r} in reporting_cues.tsv")
        cues.append((expression, kind))  # type: ignore[arg-type]
    return cues


def _present(stem: str, ending: str) -> str:
    """A present form: the ending takes a glide «ی» after a stem ending in a vowel (گو → گوید)."""
    return stem + ("ی" if stem[-1] in "اوی" else "") + ending


def verb_forms(past: str, present: str) -> list[str]:
    """The third-person forms of a simple verb that report speech, singular and plural.

    >>> verb_forms("گفت", "گو")[:4]
    ['گفت', 'گفتند', 'گفته است', 'گفته اند']
    """
    participle = past + "ه"
    return [
        past,
        past + "ند",
        f"{participle} است",
        f"{participle} اند",
        f"{participle} بود",
        f"{participle} بودند",
        participle,
        f"می{ZWNJ}{_present(present, 'د')}",
        f"می{ZWNJ}{_present(present, 'ند')}",
        f"خواهد {past}",
        f"خواهند {past}",
    ]


def inflections(expression: str) -> list[str]:
    """Every form of one lexicon entry (a phrase that is not a verb stands as it is).

    >>> inflections("تأکید کرد")[:3]
    ['تأکید کرد', 'تأکید کردند', 'تأکید کرده است']
    >>> inflections("افزود|افزا")[7]
    'می\u200cافزاید'
    """
    if "|" in expression:
        past, present = expression.split("|")
        return verb_forms(past, present)
    *nominal, light = expression.split(" ")
    if nominal and light in LIGHT_VERBS:
        head = " ".join(nominal)
        return [f"{head} {form}" for form in verb_forms(light, LIGHT_VERBS[light])]
    return [expression]


def _trie_pattern(forms: set[str]) -> str:
    """One regex for many forms, factored by common prefixes (a flat alternation of a thousand forms is
    slow: the engine tries each at every position). Spaces and half-spaces between words match each
    other or nothing; «أ» also matches «ا»."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form.replace(ZWNJ, " "):
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [_char_pattern(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _char_pattern(char: str) -> str:
    if char == " ":
        return f"[ {ZWNJ}]*"
    if char == "أ":
        return "[أا]"
    return re.escape(char)


@functools.cache
def cue_patterns() -> dict[CueClass, re.Pattern[str]]:
    """One compiled pattern per cue class, matching whole words, longest form first."""
    forms: dict[CueClass, set[str]] = {kind: set() for kind in CLASSES}
    for expression, kind in load_cues():
        forms[kind].update(inflections(expression))
    patterns: dict[CueClass, re.Pattern[str]] = {}
    for kind, found in forms.items():
        alternation = _trie_pattern(found)
        patterns[kind] = re.compile(
            f"(?<![{_LETTER}])(?:{alternation})(?![{_LETTER}]){_NOT_PASSIVE}{_NOT_DIALOGUE}"
        )
    return patterns


@functools.cache
def cue_scanner() -> re.Pattern[str]:
    """All cue classes in one pattern, one named group per class (one pass over a sentence finds every
    cue; where two classes start at the same place, the earlier class in :data:`SCAN_ORDER` wins)."""
    patterns = cue_patterns()
    return re.compile("|".join(f"(?P<{kind}>{patterns[kind].pattern})" for kind in SCAN_ORDER))


#: Scan order: a preposition («به گفته») before the participle inside it, verb-final classes before «say».
SCAN_ORDER: tuple[CueClass, ...] = ("prep", "from", "object", "say")


@functools.cache
def between_heads() -> tuple[str, ...]:
    """The words that open a «between» report («خواستار» of «خواستار … شد»)."""
    return tuple(expression.split()[0] for expression, kind in load_cues() if kind == "between")
