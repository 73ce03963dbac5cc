"""Speakers: who the subject phrases of one article refer to.

:class:`SpeakerRegistry` gathers the names and titles an article gives (from the subjects of its reporting
clauses and from the names written anywhere in it) and resolves a subject phrase to the fullest name of its
person: a surname, a title used before, «وی» and a dropped subject all lead back to a person; a title the
article never gives a name stays the speaker itself («سخنگوی وزارت امور خارجه»).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import dataclass, field

from didban.lexicon import data_rows
from didban.lexicon.outlets import fold
from didban.read.subjects import (
    ArticleWords,
    SubjectPhrase,
    first_names,
    is_given,
    is_word,
    key,
    span_of,
    speaker_words,
)

MAX_FOREIGN_GIVEN = 2


def name_id(name: str) -> str:
    """The per-article id of a speaker: its folded words joined by hyphens.

    >>> name_id("ولادیمیر پوتین") == name_id("ولاديمير  پوتين")
    True
    """
    return "-".join(fold(w) for w in name.replace("\u200c", " ").split())


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
            if is_word(surname) and words.get(keys[given]) is None and keys[given] not in names:
                mention = span_of(article.text, tokens[index : given + 1])
                self.mentioned.append(SubjectPhrase("name", mention, mention.text, None))
                taken = given

    def observe_sentence(self, phrase: SubjectPhrase) -> None:
        """Learn from a sentence that is not a report only a name that starts with a given name or an
        honorific (its subject phrase may run into the verb, so nothing else there reads reliably)."""
        if phrase.kind == "name" and phrase.mention and phrase.name:
            first = key(phrase.mention.text.split()[0])
            names = first_names()
            if first in names or speaker_words().get(first) == "honorific" or phrase.title:
                words = phrase.name.split()
                given = 0
                while given < len(words) - 1 and is_given(key(words[given])):
                    given += 1
                if given and not phrase.title:  # «محمد دایی حرف‌هایش را …»: given names and one surname
                    phrase = phrase._replace(name=" ".join(words[: given + 1]))
                self.observe(phrase)

    def complete(self, article: ArticleWords) -> None:
        """Finish the article's people: given names found before a bare surname, and each title that was
        never given to a name taken as the title of the next person named after it (the agency style of a
        lead «معاون … گفت:» followed by «حسن خانزاد … اظهار داشت:»)."""
        for person in self.people:
            if not is_given(person.words[0]):
                person.name = _given_names(article, person.name) or person.name
        phrases = sorted(self.seen, key=lambda p: p.mention.start if p.mention else 0)
        done: set[str] = set()
        for index, phrase in enumerate(phrases):
            if phrase.kind != "title" or not phrase.title or phrase.title in done:
                continue
            done.add(phrase.title)  # each title once: a long text stays linear
            if self._titled(phrase.title) or self._fuller_name(phrase.title) or institution(phrase):
                continue
            person = self._apposed(article, phrase.title) or self._next_named(phrases[index + 1 :])
            if person is not None:
                person.titles.append(phrase.title)
        named = [p for p in self.seen + self.mentioned if p.kind == "name" and p.mention]
        self._named = sorted(named, key=lambda p: p.mention.start if p.mention else 0)
        self._named_at = [p.mention.start for p in self._named if p.mention]

    def _apposed(self, article: ArticleWords, title: str) -> Person | None:
        """The person whose name the text writes right next to the title anywhere, outside any reporting
        clause («علیرضا بیرانوند دروازه‌بان پرسپولیس», «دروازه‌بان پرسپولیس، علیرضا بیرانوند»): a known
        speaker, or a name the entity tagger found there (then a new person)."""
        words = [key(w) for w in title.split()]
        for at in article.occurrences(words):
            for name in _names_beside(article, at, at + len(words), self.people):
                person = self._person(name)
                if person is None:
                    person = Person(name)
                    self.people.append(person)
                return person
        return None

    def _next_named(self, phrases: list[SubjectPhrase]) -> Person | None:
        """The first person named in ``phrases``."""
        for later in phrases:
            person = self._person(later.name) if later.kind == "name" and later.name else None
            if person is not None:
                return person
        return None

    def _fuller_name(self, title: str) -> bool:
        """A «title» of name-like words ending with a known surname is that person's fuller name
        («هانس یواخیم واتسکه» for «واتسکه»): the person takes it."""
        words = [key(w) for w in title.split()]
        if speaker_words().get(words[0]) in ("title", "org"):
            return False
        for person in self.people:
            known = person.words
            if len(words) > len(known) and words[-len(known) :] == known:
                person.name = title
                return True
        return False

    def resolve(self, phrase: SubjectPhrase) -> str | None:
        """The speaker a named or titled phrase refers to (None for pronouns and dropped subjects)."""
        if phrase.loose and phrase.mention is not None:
            known = self._known_prefix(phrase.mention.text)
            if known is not None:
                return known
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

    def _known_prefix(self, mention: str) -> str | None:
        """The speaker named by the longest start of a subject that ran into its content («کوشکی فرهنگ
        بسیجی را …» → «سعید کوشکی»): a known person's name or surname, or a title given to one."""
        words = [key(w) for w in mention.split()]
        for size in range(len(words), 0, -1):
            start = words[:size]
            for person in self.people:
                known = person.words
                if start == known or (size < len(known) and known[-size:] == start):
                    return person.name
                if any([key(w) for w in title.split()] == start for title in person.titles):
                    return person.name
        return None

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
            if (
                len(words) <= len(known)
                and "".join(known).endswith("".join(words))
                and len("".join(words)) > 3
            ):
                return person  # «پیر موذن» for «نور الدین پیرموذن»
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


def institution(phrase: SubjectPhrase) -> bool:
    """Whether a subject phrase names an institution («باشگاه ملوان», «خبرگزاری آسوشیتدپرس»), never a
    person's role («استاد دانشگاه صنعتی شریف» is a person)."""
    words = phrase.mention.text.split() if phrase.mention else []
    return bool(words) and speaker_words().get(key(words[0])) == "org"


def _names_beside(article: ArticleWords, first: int, end: int, known: list[Person]) -> list[str]:
    """The names that end right before token ``first`` or start right after token ``end`` (a comma or
    quotation mark between allowed): a known person's name or surname, or an entity tagger's person span."""
    tokens, keys = article.tokens, article.keys
    before, after = first - 1, end
    while before >= 0 and tokens[before].text in _BESIDE:
        before -= 1
    while after < len(tokens) and tokens[after].text in _BESIDE:
        after += 1
    found = [
        person.name
        for person in known
        for size in (len(person.words), 1)
        if keys[max(0, before - size + 1) : before + 1] == person.words[-size:]
        or keys[after : after + size] == person.words[-size:]
    ]
    for start, stop in article.people:
        if (before >= 0 and stop == tokens[before].end) or (
            after < len(tokens) and start == tokens[after].start
        ):
            found.append(article.text[start:stop])
    return found


_BESIDE = frozenset('،,«»"“”')


def _ends_alike(a: str, b: str) -> bool:
    return key(a.split()[-1]) == key(b.split()[-1])


def _given_names(article: ArticleWords, surname: str) -> str | None:
    """The fullest «given names + surname» the text writes for a bare surname («سید رضا زواره‌ای»)."""
    names = first_names()
    keys = article.keys
    best: list[str] = []
    parts = [key(w) for w in surname.split()]
    found = article.occurrences(parts)
    if len(parts) > 1:  # «کی روش» is also written «کی‌روش»
        found = sorted(found + article.occurrences(["".join(parts)]))
    for at in found:
        first = at
        while first > 0 and at - first < 3 and is_given(keys[first - 1]):
            first -= 1
        while first < at and keys[first] not in names and keys[first] not in ("سید", "سیده"):
            first += 1
        if at - first > len(best):
            best = [t.text for t in article.tokens[first:at]]
    if not best:
        best = _foreign_given_name(article, found, MAX_FOREIGN_GIVEN if len(surname.split()) == 1 else 1)
    return " ".join([*best, surname]) if best else None


def _foreign_given_name(article: ArticleWords, found: list[int], most: int) -> list[str]:
    """Given names outside the Persian list («پیتر اشمایکل», «هانس یواخیم واتسکه»): up to two words that
    stand before the surname after a boundary (punctuation, a title, a preposition) and never appear
    without what follows them."""
    words, keys, tokens = speaker_words(), article.keys, article.tokens
    for at in found:
        first = at
        while first > 0 and at - first < most and _only_before(article, first - 1, keys[first]):
            first -= 1
        if first == at:
            continue
        before = words.get(keys[first - 1]) if first else None
        boundary = first == 0 or not is_word(tokens[first - 1]) or before in ("title", "stop")
        boundary = boundary or "\n" in article.text[tokens[first - 1].end : tokens[first].start]  # new block
        if boundary:
            return [t.text for t in tokens[first:at]]
    return []


def _only_before(article: ArticleWords, index: int, following: str) -> bool:
    """Whether the word at ``index`` is a name-like word that the text writes only before ``following``."""
    word = article.tokens[index]
    if speaker_words().get(article.keys[index]) is not None or not word.text.isalpha():
        return False
    if _looks_like_verb(article.keys[index]) or article.keys[index] in _NOT_GIVEN:
        return False  # «… تصمیم گرفت لودویک ژولی …», «با این حال اخوان …»
    keys = article.keys
    alone = article.where.get(keys[index], [])
    return all(i + 1 < len(keys) and keys[i + 1] == following for i in alone)


@functools.cache
def _past_stems() -> frozenset[str]:
    """Past stems of Persian verbs (hazm's verb list, shipped for the half-space lexicon)."""
    return frozenset(key(row[0]) for row in data_rows("zwnj_verbs.tsv") if row[0])


def _looks_like_verb(word: str) -> bool:
    """A past-tense verb form: a past stem, alone or with a person ending («گرفت», «گفتند»)."""
    stems = _past_stems()
    return word in stems or any(
        word[: -len(e)] in stems for e in ("ند", "م", "ی", "یم", "ید") if word.endswith(e)
    )


#: Words that stand before names without being one («با این حال اخوان», «البته کونته»).
_NOT_GIVEN = frozenset(
    key(w) for w in ("حال", "البته", "اما", "ولی", "همچنین", "سپس", "حالا", "وجود", "اکنون")
)

#: Given names that are also common words («ایران»، «آزاد»، «پیروز»): no name starts there when scanning.
_COMMON_GIVEN_NAMES = frozenset(
    fold(w)
    for w in (
        "ایران", "آزاد", "امید", "پیروز", "سالار", "البرز", "بهار", "نور", "دریا", "آرام", "باران",
        "خورشید", "ستاره", "نسیم", "کوثر", "مهر", "ماه", "روشن", "صبا", "آسمان", "جهان", "شادی", "عدالت",
        "امین", "صادق", "رحیم", "کریم", "عزیز", "حکیم", "شریف", "نیک", "بهروز", "فرخ", "شهید", "حامی",
    )
)  # fmt: skip


def _same_title(a: list[str], b: list[str]) -> bool:
    """Two titles name the same role: one extends the other, or they share head and last word."""
    shorter, longer = sorted((a, b), key=len)
    if longer[: len(shorter)] == shorter and len(shorter) >= 2:
        return True
    return len(shorter) >= 2 and a[0] == b[0] and a[-1] == b[-1]
