"""Speakers: the subject phrase before a reporting cue, and who it refers to within one article.

A subject phrase is read from the start of a clause: «ولادیمیر پوتین رئیس جمهوری روسیه روز جمعه …» gives the
name «ولادیمیر پوتین» and the title «رئیس جمهوری روسیه»; «وی همچنین …» a pronoun; «در ادامه افزود» no
subject at all. :class:`SpeakerRegistry` gathers the names and titles an article gives and resolves a
mention to the fullest name of its person (a surname, a title used before, «وی» and a dropped subject
all lead back to a person), or to the title itself when the article names nobody.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal, NamedTuple

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
_SOURCE_LEADS = (("به", "گزارش"), ("به", "نقل", "از"))
_CONNECTIVES = frozenset(
    fold(w) for w in ("همچنین", "سپس", "اما", "ولی", "همچنان", "ضمنا", "ضمناً", "البته", "بنابراین", "حال")
)
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
MAX_FOREIGN_GIVEN = 2
SUBJECT_WINDOW = 400
MAX_SOURCE_WORDS = 12


@functools.cache
def speaker_words() -> dict[str, WordClass]:
    """The shipped word classes (``data/speaker_words.tsv``), keyed by folded word."""
    text = resources.files("didban.lexicon").joinpath("data/speaker_words.tsv").read_text("utf-8")
    words: dict[str, WordClass] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, kind = line.split("\t")
            words[key(word)] = kind  # type: ignore[assignment]
    return words


@functools.cache
def first_names() -> frozenset[str]:
    """Folded Persian first names from ``data/first_names_fa.txt``."""
    text = resources.files("didban.lexicon").joinpath("data/first_names_fa.txt").read_text("utf-8")
    return frozenset(key(line.split()[0]) for line in text.splitlines() if line.strip() and line[0] != "#")


@functools.lru_cache(maxsize=1 << 16)
def key(word: str) -> str:
    """A word's matching key: folded letters, half-spaces dropped."""
    return fold(word).replace("\u200c", "")


def name_id(name: str) -> str:
    """The per-article id of a speaker: its folded words joined by hyphens.

    >>> name_id("ولادیمیر پوتین") == name_id("ولاديمير  پوتين")
    True
    """
    return "-".join(fold(w) for w in name.replace("\u200c", " ").split())


class ArticleWords:
    """The words of one article, cut once, with every word's positions by matching key."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.keys = [key(t.text) if _is_word(t) else t.text for t in self.tokens]
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
    head, rest = _phrase(tokens, words)
    if not head:
        return SubjectPhrase("dropped", None, None, None)
    first = words.get(key(head[0].text))
    if first == "anonymous" or (
        first == "honorific" and len(head) > 1 and words.get(key(head[1].text)) == "anonymous"
    ):
        return SubjectPhrase("anonymous", _span(text, head), None, None)
    if first == "pronoun":
        return SubjectPhrase("pronoun", head[0], None, None)
    if first == "demonstrative":
        if len(head) == 1:
            return SubjectPhrase("dropped", None, None, None)
        return SubjectPhrase("pronoun", _span(text, head[:2]), None, None)
    name, title = _split(head, words)
    apposition = _apposition(rest, words)
    if apposition:
        extra_name, extra_title = _split(apposition, words)
        name, title = name or extra_name, title or extra_title
    mention = _span(text, head)
    if name:
        return SubjectPhrase("name", mention, _words(name), _words(title) if title else None)
    if title:
        return SubjectPhrase("title", mention, None, _words(title))
    return SubjectPhrase("dropped", None, None, None)


def _skip_leads(text: str, tokens: list[Token]) -> list[Token]:
    """Drop a leading source line («به گزارش …،») and connectives («همچنین»)."""
    while tokens and tokens[0].text in "،,؛;-–—":
        tokens = tokens[1:]
    colon = next((i for i, t in enumerate(tokens[: MAX_DATELINE_WORDS + 1]) if t.text in ":-–"), None)
    if colon is not None and (tokens[colon].text == ":" or _outlet_end(text, tokens[:colon]) is not None):
        tokens = tokens[colon + 1 :]  # «خبرگزاری فارس: …», «تهران: …», «خبرگزاری فارس- …»
    changed = True
    while tokens and changed:
        changed = False
        keys = [key(t.text) for t in tokens[:3]]
        if any(tuple(keys[: len(lead)]) == lead for lead in _SOURCE_LEADS):
            comma = next((i for i, t in enumerate(tokens) if t.text in _COMMAS), None)
            if comma is None:
                comma = _outlet_end(text, tokens)
            if comma is None:
                return []
            tokens, changed = tokens[comma + 1 :], True
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
        if not _is_word(token) or kind == "stop" or (index and kind == "demonstrative"):
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
            readable = 0 < len(inner) <= MAX_APPOSITION_WORDS and all(_is_word(t) for t in inner)
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
        named = any(key(t.text) in names or key(t.text) in _NAME_PREFIXES for t in head)
        group = len(head) > 1 and not named and key(head[0].text).endswith(("ان", "ها"))  # «شاگردان دالیچ»
        if (len(head) >= DESCRIPTION_WORDS or group) and not named:
            return [], head[:MAX_TITLE_WORDS]  # «سرعتی زن تیم ملی والیبال»: a description, not a name
        return head[:MAX_NAME_WORDS], []
    if title_at > 0:
        return head[:title_at][-MAX_NAME_WORDS:], head[title_at:][:MAX_TITLE_WORDS]
    named_at = next(
        (i for i, t in enumerate(head) if 0 < i < len(head) - 1 and key(t.text) in names), None
    )  # a given name inside a title starts a name of two words or more («… البرز» is a place)
    if named_at is not None:
        return head[named_at:][:MAX_NAME_WORDS], head[:named_at][:MAX_TITLE_WORDS]
    return [], head[:MAX_TITLE_WORDS]


def _is_word(token: Token) -> bool:
    return token.text[0].isalpha()


def _words(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _span(text: str, tokens: list[Token]) -> Token:
    start, end = tokens[0].start, tokens[-1].end
    return Token(text[start:end], start, end)


@dataclass
class Person:
    """One speaker of an article: the fullest name seen, and the titles given to it."""

    name: str
    titles: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [key(w) for w in self.name.split()]


class SpeakerRegistry:
    """The people and titles of one article, to resolve a subject phrase to one speaker."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.seen: list[SubjectPhrase] = []
        self._seen_at: set[tuple[int, int]] = set()
        self._named: list[SubjectPhrase] = []  # name phrases in text order, set by complete()
        self._named_at: list[int] = []
        self.mentioned: list[SubjectPhrase] = []  # names found anywhere, only to resolve «وی»

    def observe(self, phrase: SubjectPhrase) -> None:
        """Learn a name, a longer form of a known name, or a name's title from one phrase."""
        if phrase.mention is not None and (phrase.mention.start, phrase.mention.end) not in self._seen_at:
            self._seen_at.add((phrase.mention.start, phrase.mention.end))
            self.seen.append(phrase)
        if phrase.kind != "name" or not phrase.name:
            return
        person = self._person(phrase.name)
        if person is None:
            person = Person(phrase.name)
            self.people.append(person)
        elif len(phrase.name.split()) > len(person.name.split()) and _ends_alike(phrase.name, person.name):
            person.name = phrase.name
        if phrase.title and phrase.title not in person.titles:
            person.titles.append(phrase.title)

    def observe_names(self, article: ArticleWords) -> None:
        """Every «given name(s) + surname» written in the text (a Persian given name from the list),
        so «وی» can find a person named outside any reporting clause."""
        names, words = first_names() - _COMMON_GIVEN_NAMES, speaker_words()
        tokens, keys = article.tokens, article.keys
        starts = sorted(i for name in names & article.where.keys() for i in article.where[name])
        taken = -1
        for index in starts:
            if index <= taken:
                continue
            given = index
            while given < len(tokens) and given - index < 2 and keys[given] in names:
                given += 1
            if given >= len(tokens):
                continue
            surname = tokens[given]
            if _is_word(surname) and words.get(keys[given]) is None and keys[given] not in names:
                mention = _span(article.text, tokens[index : given + 1])
                self.mentioned.append(SubjectPhrase("name", mention, mention.text, None))
                taken = given

    def observe_sentence(self, phrase: SubjectPhrase) -> None:
        """Learn from a sentence that is not a report only a name that starts with a given name or an
        honorific (its subject phrase may run into the verb, so nothing else there reads reliably)."""
        if phrase.kind == "name" and phrase.mention and phrase.name:
            first = key(phrase.mention.text.split()[0])
            if first in first_names() or speaker_words().get(first) == "honorific" or phrase.title:
                self.observe(phrase)

    def complete(self, article: ArticleWords) -> None:
        """Finish the article's people: given names found before a bare surname, and each title that was
        never given to a name taken as the title of the next person named after it (the agency style of a
        lead «معاون … گفت:» followed by «حسن خانزاد … اظهار داشت:»)."""
        names = first_names()
        for person in self.people:
            if person.words[0] not in names and person.words[0] not in _NAME_PREFIXES:
                person.name = _given_names(article, person.name) or person.name
        phrases = sorted(self.seen, key=lambda p: p.mention.start if p.mention else 0)
        done: set[str] = set()
        for index, phrase in enumerate(phrases):
            if phrase.kind != "title" or not phrase.title or phrase.title in done:
                continue
            done.add(phrase.title)  # each title once: a long text stays linear
            if self._titled(phrase.title):
                continue
            person = self._next_untitled(phrases[index + 1 :])
            if person is not None:
                person.titles.append(phrase.title)
        named = [p for p in self.seen + self.mentioned if p.kind == "name" and p.mention]
        self._named = sorted(named, key=lambda p: p.mention.start if p.mention else 0)
        self._named_at = [p.mention.start for p in self._named if p.mention]

    def _next_untitled(self, phrases: list[SubjectPhrase]) -> Person | None:
        """The first person named in ``phrases`` who has no title yet."""
        for later in phrases:
            person = self._person(later.name) if later.kind == "name" and later.name else None
            if person is not None and not person.titles:
                return person
        return None

    def resolve(self, phrase: SubjectPhrase) -> str | None:
        """The speaker a named or titled phrase refers to (None for pronouns and dropped subjects)."""
        if phrase.kind == "name" and phrase.name:
            person = self._person(phrase.name)
            return person.name if person else phrase.name
        if phrase.kind == "title" and phrase.title:
            person = self._titled(phrase.title)
            return person.name if person else phrase.title
        return None

    def recent(self, position: int) -> str | None:
        """The person named last before ``position`` (for «وی» before any quotation has a speaker)."""
        index = bisect_left(self._named_at, position) - 1
        return self.resolve(self._named[index]) if index >= 0 else None

    def first(self) -> str | None:
        """The first person of the article, for «وی» when nobody was named before it."""
        return self.people[0].name if self.people else None

    def is_person(self, speaker: str) -> bool:
        """Whether a resolved speaker is a named person of the article (not a title or institution)."""
        return any(person.name == speaker for person in self.people)

    def titled(self, title: str | None) -> bool:
        """Whether a title was given to a named person of the article."""
        return title is not None and self._titled(title) is not None

    def _person(self, name: str) -> Person | None:
        """The known person a name refers to: same last word, a one-word name inside a full name, or a
        known name followed by more words (a subject phrase that ran into the content)."""
        words = [key(w) for w in name.split()]
        for person in self.people:
            known = person.words
            if known[-1] == words[-1] or (len(words) == 1 and words[0] in known):
                return person
            if words[: len(known)] == known or known[: len(words)] == words:
                return person
            if any(words[:k] == known[-k:] for k in range(1, len(known))):
                return person  # «صاحب پناه ادامه …»: the surname, then the subject ran on
        return None

    def _titled(self, title: str) -> Person | None:
        """The person last given a title that this one repeats or shortens («رئیس جمهوری روسیه»)."""
        wanted = [key(w) for w in title.split()]
        for person in reversed(self.people):
            for known in person.titles:
                have = [key(w) for w in known.split()]
                if _same_title(wanted, have):
                    return person
        return None


def _ends_alike(a: str, b: str) -> bool:
    return key(a.split()[-1]) == key(b.split()[-1])


def _given_names(article: ArticleWords, surname: str) -> str | None:
    """The fullest «given names + surname» the text writes for a bare surname («سید رضا زواره‌ای»)."""
    names = first_names()
    keys = article.keys
    best: list[str] = []
    found = article.occurrences([key(w) for w in surname.split()])
    for at in found:
        first = at
        while (
            first > 0 and at - first < 3 and (keys[first - 1] in names or keys[first - 1] in _NAME_PREFIXES)
        ):
            first -= 1
        while first < at and keys[first] not in names and keys[first] not in ("سید", "سیده"):
            first += 1
        if at - first > len(best):
            best = [t.text for t in article.tokens[first:at]]
    if not best and len(surname.split()) == 1:
        best = _foreign_given_name(article, found)
    return " ".join([*best, surname]) if best else None


def _foreign_given_name(article: ArticleWords, found: list[int]) -> list[str]:
    """Given names outside the Persian list («پیتر اشمایکل», «هانس یواخیم واتسکه»): up to two words that
    stand before the surname after a boundary (punctuation, a title, a preposition) and never appear
    without what follows them."""
    words, keys, tokens = speaker_words(), article.keys, article.tokens
    for at in found:
        first = at
        while first > 0 and at - first < MAX_FOREIGN_GIVEN and _only_before(article, first - 1, keys[first]):
            first -= 1
        if first == at:
            continue
        boundary = first == 0 or not _is_word(tokens[first - 1]) or words.get(keys[first - 1]) is not None
        if boundary:
            return [t.text for t in tokens[first:at]]
    return []


def _only_before(article: ArticleWords, index: int, following: str) -> bool:
    """Whether the word at ``index`` is a name-like word that the text writes only before ``following``."""
    word = article.tokens[index]
    if speaker_words().get(article.keys[index]) is not None or not word.text.isalpha():
        return False
    keys = article.keys
    alone = article.where.get(keys[index], [])
    return all(i + 1 < len(keys) and keys[i + 1] == following for i in alone)


#: Given names that are also common words («ایران»، «آزاد»، «پیروز»): no name starts there when scanning.
_COMMON_GIVEN_NAMES = frozenset(
    fold(w)
    for w in (
        "ایران", "آزاد", "امید", "پیروز", "سالار", "البرز", "بهار", "نور", "دریا", "آرام", "باران",
        "خورشید", "ستاره", "نسیم", "کوثر", "مهر", "ماه", "روشن", "صبا", "آسمان", "جهان", "شادی", "عدالت",
        "امین", "صادق", "رحیم", "کریم", "عزیز", "حکیم", "شریف", "نیک", "بهروز", "فرخ", "شهید", "حامی",
    )
)  # fmt: skip
_NAME_PREFIXES = frozenset(fold(w) for w in ("سید", "سیده", "میر", "حاج"))


def _same_title(a: list[str], b: list[str]) -> bool:
    """Two titles name the same role: one extends the other, or they share head and last word."""
    shorter, longer = sorted((a, b), key=len)
    if longer[: len(shorter)] == shorter and len(shorter) >= 2:
        return True
    return len(shorter) >= 2 and a[0] == b[0] and a[-1] == b[-1]
