"""Subject phrases: who a reporting clause names before its cue, read from the words of the clause.

A subject phrase is read from the start of a clause: «ولادیمیر پوتین رئیس جمهوری روسیه روز جمعه …» gives the
name «ولادیمیر پوتین» and the title «رئیس جمهوری روسیه»; «وی همچنین …» a pronoun; «در ادامه افزود» no
subject at all; «یکی از منابع» an unnamed source. Source lines («به گزارش …،»), datelines, connectives and
time adverbials before the subject are skipped. The word classes come from ``lexicon/data/speaker_words.tsv``
and the given names from ``lexicon/data/first_names_fa.txt``.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Literal, NamedTuple

from didban.lexicon import data_rows
from didban.lexicon.outlets import fold, scan_outlets
from didban.text.tokens import Token
from didban.text.words import tokenize

WordClass = Literal["title", "org", "honorific", "pronoun", "demonstrative", "anonymous", "stop"]
PhraseKind = Literal["name", "title", "pronoun", "dropped", "anonymous"]

MAX_NAME_WORDS = 5
MAX_TITLE_WORDS = 7
MAX_APPOSITION_WORDS = 9
DESCRIPTION_WORDS = 3  # a phrase this long without a given name or a known person is a title
_QUOTE_MARKS = frozenset('«»"“”')
_COMMAS = frozenset("،,")
_DATELINE_MARKS = frozenset(":-–—_")  # «خبرگزاری فارس: …», «خبرگزاری فارس _ …»
_SOURCE_LEADS = (("به", "گزارش"), ("به", "نقل", "از"))
_CONNECTIVES = frozenset(
    fold(w) for w in ("همچنین", "سپس", "اما", "ولی", "همچنان", "ضمنا", "ضمناً", "البته", "بنابراین", "حال")
)
_LINKING_PHRASES = tuple(
    tuple(fold(w) for w in phrase.split())
    for phrase in (
        "با این حال",
        "با این وجود",
        "در همین حال",
        "در این حال",
        "از سوی دیگر",
        "از طرف دیگر",
        "در عین حال",
        "این در حالی است که",
        "در حالی که",
    )
)
_LEAD_WORDS = max(len(lead) for lead in _SOURCE_LEADS + _LINKING_PHRASES)
_TIME_WORDS = frozenset(
    fold(w) for w in ("شب", "روز", "صبح", "عصر", "ظهر", "بامداد", "امروز", "دیروز", "امشب", "بعدازظهر")
)
_TIME_MODIFIERS = frozenset(
    fold(w).replace("\u200c", "")
    for w in (
        "گذشته", "جاری", "قبل", "آینده", "امروز", "دیروز", "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه",
        "چهارشنبه", "پنجشنبه", "پنج‌شنبه", "جمعه",
    )
)  # fmt: skip
MAX_DATELINE_WORDS = 4
SUBJECT_WINDOW = 400
FRONTED_WINDOW = 12  # words searched for a subject after a fronted adverbial
MAX_FRONTED_NAME = 3
NAME_PREFIXES = frozenset(fold(w) for w in ("سید", "سیده", "میر", "حاج"))  # part of a name
MAX_SOURCE_WORDS = 12
_END = 1 << 62  # past any offset


@functools.cache
def speaker_words() -> dict[str, WordClass]:
    """The shipped word classes (``data/speaker_words.tsv``), keyed by folded word."""
    return {key(word): kind for word, kind in data_rows("speaker_words.tsv")}  # type: ignore[misc]


@functools.cache
def first_names() -> frozenset[str]:
    """Folded Persian first names from ``data/first_names_fa.txt``, less the one-word country names that
    are also given names («ایران»): in the news they name the country («تیم ملی والیبال ایران»)."""
    names = frozenset(key(row[0].split()[0]) for row in data_rows("first_names_fa.txt"))
    countries = {key(row[1]) for row in data_rows("countries_fa.tsv") if len(row) > 1 and " " not in row[1]}
    return names - countries


def is_given(word_key: str) -> bool:
    """Whether a word (its :func:`key`) opens a person's name: a Persian given name or «سید»-like prefix."""
    return word_key in first_names() or word_key in NAME_PREFIXES


@functools.lru_cache(maxsize=1 << 16)
def key(word: str) -> str:
    """A word's matching key: folded letters, half-spaces dropped."""
    return fold(word).replace("\u200c", "")


class ArticleWords:
    """The words of one article, cut once, with every word's positions by matching key."""

    def __init__(self, text: str, people: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.people = sorted(people)  # spans the entity tagger reads as a person's name
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.keys = [key(t.text) if is_word(t) else t.text for t in self.tokens]
        self.where: dict[str, list[int]] = {}
        for index, word in enumerate(self.keys):
            self.where.setdefault(word, []).append(index)

    def between(self, start: int, end: int) -> list[Token]:
        """The tokens inside ``text[start:end]``."""
        first = bisect_left(self.starts, start)
        last = first
        while last < len(self.tokens) and self.tokens[last].end <= end:
            last += 1
        return self.tokens[first:last]

    def occurrences(self, phrase: list[str]) -> list[int]:
        """Token indexes where the words (matching keys) of ``phrase`` start."""
        n = len(phrase)
        return [i for i in self.where.get(phrase[0], []) if self.keys[i : i + n] == phrase]


class SubjectPhrase(NamedTuple):
    """The subject of a reporting clause as read from the text."""

    kind: PhraseKind
    mention: Token | None  # the words as written; None when the subject is dropped
    name: str | None  # a person's (or an organisation's) name, honorifics removed
    title: str | None  # a role or institution («رئیس جمهوری روسیه»)
    loose: bool = False  # read before a verb-final report: the name may have lost or gained words


def read_subject(text: str, start: int, end: int, words_of: ArticleWords | None = None) -> SubjectPhrase:
    """The subject phrase at the start of ``text[start:end]`` (a clause that ends at its cue); only the
    first :data:`SUBJECT_WINDOW` characters are read, where a subject (after a source line) must start."""
    end = min(end, start + SUBJECT_WINDOW)
    cut = words_of.between(start, end) if words_of is not None else tokenize(text, start, end)
    tokens = _skip_leads(text, [t for t in cut if t.text not in _QUOTE_MARKS])
    words = speaker_words()
    people = words_of.people if words_of is not None else []
    head, rest = _phrase(tokens, words)
    if not head:
        return _fronted(text, tokens, words, people)
    phrase = _reading(text, head, rest, words, people)
    if rest and key(rest[0].text) == "را":  # «کوشکی فرهنگ بسیجی را …»: the object ran into the subject
        phrase = loosen(phrase._replace(loose=True))
    return phrase


def _reading(
    text: str,
    head: list[Token],
    rest: list[Token],
    words: dict[str, WordClass],
    people: Sequence[tuple[int, int]] = (),
) -> SubjectPhrase:
    """What a subject phrase (``head``, followed by ``rest``) is: a name, a title, a pronoun…; ``people``
    are the spans the entity tagger reads as names of people."""
    first = words.get(key(head[0].text))
    if first == "anonymous" or (
        first == "honorific" and len(head) > 1 and words.get(key(head[1].text)) == "anonymous"
    ):
        return SubjectPhrase("anonymous", span_of(text, head), None, None)
    if first == "pronoun":
        return SubjectPhrase("pronoun", head[0], None, None)
    if first == "demonstrative":
        if len(head) == 1:
            return SubjectPhrase("dropped", None, None, None)
        return SubjectPhrase("pronoun", span_of(text, head[:2]), None, None)
    name, title = _split(head, words)
    if title and not name and _tagged_person(head, people, words):
        name, title = head[:MAX_NAME_WORDS], []  # «مهنوش معتمدی آذری»: no given name the list knows
    apposition = _apposition(rest, words)
    if apposition:
        extra_name, extra_title = _split(apposition, words)
        name, title = name or extra_name, title or extra_title
    mention = span_of(text, head)
    if name:
        return SubjectPhrase("name", mention, _words(name), _words(title) if title else None)
    if title:
        return SubjectPhrase("title", mention, None, _words(title))
    return SubjectPhrase("dropped", None, None, None)


def _fronted(
    text: str, tokens: list[Token], words: dict[str, WordClass], people: Sequence[tuple[int, int]] = ()
) -> SubjectPhrase:
    """The subject after a fronted adverbial («حالا با گذشت چند روز میرمعصوم سهرابی، سرپرست باشگاه …»,
    «طی روزهای گذشته برخی رسانه‌ها …»): a name set off by «، title،», a name that starts with a given name,
    or an unnamed source, among the first words; else the subject is dropped."""
    window = tokens[:FRONTED_WINDOW]
    for index, token in enumerate(window):
        if not is_word(token):
            continue
        kind = words.get(key(token.text))
        if kind == "anonymous":
            return SubjectPhrase("anonymous", span_of(text, [token]), None, None)
        if kind is not None or (
            index and is_word(window[index - 1]) and words.get(key(window[index - 1].text)) is None
        ):
            continue  # a name starts after a stop word or a mark
        head, rest = _phrase(tokens[index:], words)
        given = is_given(key(token.text))
        set_off = _apposition(rest, words) if len(head) <= MAX_FRONTED_NAME else []
        if head and (set_off or (given and 1 < len(head) <= MAX_FRONTED_NAME)):
            return _reading(text, head, rest, words, people)
    return SubjectPhrase("dropped", None, None, None)


def loosen(phrase: SubjectPhrase) -> SubjectPhrase:
    """A loose phrase keeps at most two words of a name (the rest is likely the content)."""
    if phrase.loose and phrase.kind == "name" and phrase.name and not phrase.title:
        return phrase._replace(name=" ".join(phrase.name.split()[:2]))
    return phrase


def _skip_leads(text: str, tokens: list[Token]) -> list[Token]:
    """Drop a leading source line («به گزارش …،») and connectives («همچنین»)."""
    while tokens and tokens[0].text in "،,؛;-–—":
        tokens = tokens[1:]
    marks = (i for i, t in enumerate(tokens[: MAX_DATELINE_WORDS + 1]) if t.text in _DATELINE_MARKS)
    colon = next(marks, None)
    if colon is not None and (tokens[colon].text == ":" or _outlet_end(text, tokens[:colon]) is not None):
        tokens = tokens[colon + 1 :]  # «خبرگزاری فارس: …», «تهران: …», «خبرگزاری فارس- …»
    changed = True
    while tokens and changed:
        changed = False
        keys = [key(t.text) for t in tokens[:_LEAD_WORDS]]
        if any(tuple(keys[: len(lead)]) == lead for lead in _SOURCE_LEADS):
            comma = next((i for i, t in enumerate(tokens) if t.text in _COMMAS), None)
            if comma is None:
                comma = _outlet_end(text, tokens)
            if comma is None:
                return []
            tokens, changed = tokens[comma + 1 :], True
        elif any(tuple(keys[: len(lead)]) == lead for lead in _LINKING_PHRASES):
            size = next(len(lead) for lead in _LINKING_PHRASES if tuple(keys[: len(lead)]) == lead)
            tokens, changed = tokens[size:], True  # «با این حال اخوان …»
            if tokens and tokens[0].text in _COMMAS:
                tokens = tokens[1:]
        elif keys and keys[0] in _CONNECTIVES:
            tokens, changed = tokens[1:], True
            if tokens and tokens[0].text in _COMMAS:
                tokens = tokens[1:]
        elif keys and keys[0] in _TIME_WORDS:
            while tokens and key(tokens[0].text) in _TIME_WORDS | _TIME_MODIFIERS:
                tokens = tokens[1:]  # «شب گذشته آرسن ونگر …», «روز جمعه …»
            changed = True
    return tokens


def _outlet_end(text: str, tokens: list[Token]) -> int | None:
    """The index of the last token of the outlet a source line without a comma names, if any."""
    window = tokens[:MAX_SOURCE_WORDS]
    if not window:
        return None
    base = window[0].start
    mentions = scan_outlets(text[base : window[-1].end])
    if not mentions:
        return None
    end = base + mentions[-1].end
    return max(i for i, t in enumerate(window) if t.start < end)


def _phrase(tokens: list[Token], words: dict[str, WordClass]) -> tuple[list[Token], list[Token]]:
    """The leading noun phrase (up to a stop word or punctuation) and the tokens after it."""
    for index, token in enumerate(tokens):
        kind = words.get(key(token.text))
        verb = token.text.startswith(("می\u200c", "نمی\u200c"))  # «نمی‌توان …»: a verb, never a name
        if not is_word(token) or kind == "stop" or verb or (index and kind == "demonstrative"):
            return tokens[:index], tokens[index:]
    return tokens, []


def apposition_end(text: str, start: int, end: int) -> int:
    """After «، title ،» starting at ``start`` (a comma), the offset past the second comma; else ``start``."""
    tokens = tokenize(text, start, end)
    inner = _apposition(tokens, speaker_words())
    return tokens[len(inner) + 1].end if inner else start


def _apposition(rest: list[Token], words: dict[str, WordClass]) -> list[Token]:
    """«، title/name ،» right after the head phrase, when the words between the commas read as one."""
    if len(rest) < 3 or rest[0].text not in _COMMAS:
        return []
    for index, token in enumerate(rest[1:], 1):
        if token.text in _COMMAS:
            inner = rest[1:index]
            first = words.get(key(inner[0].text)) if inner else None
            readable = 0 < len(inner) <= MAX_APPOSITION_WORDS and all(is_word(t) for t in inner)
            if readable and (first in ("title", "org", "honorific") or key(inner[0].text) in first_names()):
                return inner
            return []
    return []


def _split(head: list[Token], words: dict[str, WordClass]) -> tuple[list[Token], list[Token]]:
    """A phrase as (name, title): the name before the first title word, or after the title."""
    while head and words.get(key(head[0].text)) == "honorific":
        head = head[1:]
    title_at = next((i for i, t in enumerate(head) if words.get(key(t.text)) in ("title", "org")), None)
    names = first_names()
    if title_at is None:
        named = any(is_given(key(t.text)) for t in head)
        group = len(head) > 1 and not named and _plural(key(head[0].text))  # «شاگردان دالیچ»
        if (len(head) >= DESCRIPTION_WORDS or group) and not named:
            return [], head[:MAX_TITLE_WORDS]  # «سرعتی زن تیم ملی والیبال»: a description, not a name
        return head[:MAX_NAME_WORDS], []
    if title_at > 0:
        given = any(key(t.text) in names for t in head[:title_at])
        if words.get(key(head[title_at].text)) == "org" and not given:
            return [], head[:MAX_TITLE_WORDS]  # «قطعنامه شورای امنیت», «بازرسان آژانس»: not a name
        return head[:title_at][-MAX_NAME_WORDS:], head[title_at:][:MAX_TITLE_WORDS]
    named_at = next(
        (i for i, t in enumerate(head) if 0 < i < len(head) - 1 and key(t.text) in names), None
    )  # a given name inside a title starts a name of two words or more («… البرز» is a place)
    if named_at is not None:
        return head[named_at:][:MAX_NAME_WORDS], head[:named_at][:MAX_TITLE_WORDS]
    return [], head[:MAX_TITLE_WORDS]


def _tagged_person(head: list[Token], people: Sequence[tuple[int, int]], words: dict[str, WordClass]) -> bool:
    """Whether a phrase without title words lies inside a span the entity tagger reads as a person."""
    if not people or any(words.get(key(t.text)) in ("title", "org") for t in head):
        return False
    return inside(people, head[0].start, head[-1].end)


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``(start, end)`` lies inside one of the sorted, non-overlapping ``spans``.

    >>> inside([(0, 5), (10, 20)], 12, 18), inside([(0, 5), (10, 20)], 4, 12)
    (True, False)
    """
    index = bisect_right(spans, (start, _END)) - 1  # the last span starting at or before ``start``
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def _plural(word: str) -> bool:
    """A plural noun: «ان» or «ها» after a stem of three letters or more («شاگردان», not «جان», «خوان»)."""
    return word.endswith(("ان", "ها")) and len(word) >= 5


def is_word(token: Token) -> bool:
    return token.text[0].isalpha()


def _words(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def span_of(text: str, tokens: list[Token]) -> Token:
    start, end = tokens[0].start, tokens[-1].end
    return Token(text[start:end], start, end)
