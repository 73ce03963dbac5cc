"""Who said what: direct and indirect quotations with their speakers.

The reader works sentence by sentence on the repaired text, driven by the cue lexicon
(:mod:`didban.lexicon.cues`):

- **direct**: words in «…» (or "…", “…") next to a cue — after it (``X گفت: «…»``, ``X گفت «…»``) or before it
  (``«…»، X افزود``); speech after a cue and a colon without marks, up to the end of the paragraph or the
  next reported clause; a headline or paragraph ``X: …`` whose ``X`` reads as a speaker.
- **indirect**: ``X گفت که …``, a speech verb followed by its clause without «که»,
  ``به گفته X، …``, ``X با بیان اینکه …، …``, and verb-final reports: ``X از … خبر داد``,
  ``X … را … دانست``, ``X خواستار … شد``.

Quotations inside another quotation are not reported on their own. The subject before each cue is read by
:func:`~didban.read.subjects.read_subject` and resolved, in text order, by a
:class:`~didban.read.speakers.SpeakerRegistry` that has first seen every subject phrase of the article:
«وی» and a dropped subject take the last speaker, a surname or a title the person it was given to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from didban.article import Quote, QuoteKind
from didban.lexicon.cues import between_heads, cue_patterns, cue_scanner
from didban.lexicon.outlets import scan_outlets
from didban.read.speakers import SpeakerRegistry, institution, name_id
from didban.read.structure import read_structure
from didban.read.subjects import (
    ArticleWords,
    SubjectPhrase,
    apposition_end,
    is_given,
    key,
    loosen,
    read_subject,
)
from didban.text.sentences import split_sentences
from didban.text.tokens import Token, trim_span

MAX_QUOTE_CHARS = 4000  # no quotation is longer; bounds every search to a window
MAX_PREFIX_WORDS = 6  # words of a speaker before «:» in «X: …», or between «…» and a cue
MIN_BARE_WORDS = 3  # words after a speech verb without «که» that make its clause («گفت حمله …»)
MIN_QUOTE_WORDS = 5  # fewer marked words without a final mark are a name or a term, not speech
_DUPLICATE_WINDOW = 8  # kept quotations a new one is compared with (they come sorted by start)
_OPENERS = '«“"'
_SPACE = " \t\u200c\u00a0"
_TRAILING = " \t\n\u200c.،,؛;:"
_KE = re.compile(r"که(?![\w\u200c])")
_TA = re.compile(r"(?:که|تا)(?![\w\u200c])")
_WORD = re.compile(r"[\w\u200c]+")
_FROM = re.compile(r"(?<![\w\u200c])از(?![\w\u200c])")
_EMPHASIS = re.compile(r"(?<![\w\u200c])بر(?![\w\u200c])")
_INTRO = re.compile(
    r"(?<![\w\u200c])با\s+(?:بیان|اشاره\s+به|ت[أا]کید\s+بر|ذکر|یادآوری|اعلام|ابراز|اذعان\s+به)\s+"
    r"(?:این[\s\u200c]*که|این\s+(?:مطلب|نکته|واقعیت|موضوع)\s+که|آنکه)(?![\w\u200c])"
)
_WANT = re.compile(
    rf"(?<![\w\u200c])(?:{'|'.join(between_heads())})\s+(.{{3,400}}?)\s+"
    r"(?:شد|شدند|شده[\s\u200c]*(?:است|اند|بود)|می[\s\u200c]*شود|می[\s\u200c]*شوند)(?![\w\u200c])"
)  # «خواستار … شد»; the state «خواستار … است» reports no request
_ASKED = re.compile(r"(?<![\w\u200c])خواست(?:ند|ه[\s\u200c]+(?:است|اند|بود|بودند))?(?![\w\u200c])")
#: Words that open a headline «X: …» as a label, not a speaker.
_LABELS = frozenset(
    key(w)
    for w in ("رسمی", "فوری", "خبر", "ویدیو", "ویدئو", "عکس", "گزارش", "تکمیلی", "جدید", "اختصاصی", "گفتگو")
)
_CLAUSE_PATTERNS = ((_WANT, "_want", "خوا"), (_INTRO, "_intro", "که"), (_ASKED, "_asked", "خواست"))
_BARE_CUES = tuple(
    key(w)
    for w in (
        "گفت", "می‌گوید", "افزود", "اعلام", "تأکید", "تاکید", "تصریح", "اظهار", "عنوان",
        "خاطرنشان", "یادآور", "ادعا", "مدعی", "هشدار", "اذعان", "نوشت", "فاش", "معتقد", "فرمود", "بر",
    )
)  # fmt: skip


@dataclass
class _Found:
    """A quotation before its speaker is resolved."""

    kind: QuoteKind
    start: int
    end: int
    cue: str | None
    subject: SubjectPhrase
    clause: int  # where the reporting clause starts (a later clause ends an unmarked quotation)
    marked: bool  # inside quotation marks
    cue_at: int = -1  # where the cue is (a cue inside another quotation reports nested speech)


def find_quotes(
    text: str,
    blocks: Sequence[tuple[int, int]] | None = None,
    sentences: Sequence[Sequence[Token]] | None = None,
    people: Sequence[tuple[int, int]] = (),
) -> list[Quote]:
    """Every quotation of ``text`` with its resolved speaker, in text order.

    Args:
        text: the repaired article text.
        blocks: ``(start, end)`` of the headline, lead, crossheads and paragraphs; None splits on blank lines.
        sentences: the sentences of each block when already split (``Article.sentences``).
        people: ``(start, end)`` of the names an entity tagger found for people: a subject phrase inside one
            is a name even when the given-name list does not know it.

    Returns:
        The quotations, each with offsets into ``text``.

    Examples:
        >>> [(q.kind, q.speaker, q.text) for q in find_quotes("علی رضایی گفت: «ما آماده‌ایم.»")]
        [('direct', 'علی رضایی', 'ما آماده\u200cایم.')]
    """
    spans = list(blocks) if blocks is not None else [(b.start, b.end) for b in read_structure(text)]
    pairs = Pairs(quotation_pairs(text))
    found: list[_Found] = []
    registry = SpeakerRegistry()
    words = ArticleWords(text, people)
    narrative: list[SubjectPhrase] = []  # subjects of sentences that report nothing
    if sentences is None:
        sentences = [split_sentences(text, start, end) for start, end in spans]
    for (start, end), block_sentences in zip(spans, sentences, strict=True):
        for sentence in block_sentences:
            clauses = _ClauseReader(text, sentence, (start, end), pairs, words).read()
            if not clauses and not pairs.around(sentence.start):
                narrative.append(read_subject(text, sentence.start, sentence.end, words))
            found.extend(clauses)
    speech = sorted((f.start, min(f.end, f.start + MAX_QUOTE_CHARS)) for f in found if f.kind == "direct")
    for phrase in narrative:  # a sentence inside someone's speech is not the article's narrative
        if phrase.mention is not None and not _within(speech, phrase.mention.start):
            registry.observe_sentence(phrase)
    for item in sorted(found, key=lambda f: f.subject.loose):
        registry.observe(item.subject)
    for index, (start, end) in enumerate(spans):
        found.extend(_speaker_prefix(text, start, end, registry, headline=index == 0))
    kept = _settle(text, found)
    for item in kept:
        if item.cue == ":":
            registry.observe(item.subject)  # «X: …» prefixes, read after the clauses
    registry.observe_names(words)
    registry.complete(words)
    return _resolve(text, kept, registry)


def quotation_pairs(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of matched quotation marks, outermost only.

    A «…» quotation may run over paragraphs: a paragraph that opens «» again while the previous one never
    closed continues it. Straight quotes pair up within a paragraph; one left open after a colon (or at the
    start of its paragraph) continues into the next paragraphs.

    >>> quotation_pairs('او گفت: «الف «ب» ج» و "د"')
    [(8, 18), (22, 24)]
    """
    pairs: list[tuple[int, int]] = []
    depth, opened, last = 0, -1, -1
    for match in re.finditer("[«»“”]", text):
        mark, at = match.group(), match.start()
        if mark in "«“":
            if depth and "\n\n" in text[last:at] and depth == 1:
                last = at  # the previous paragraph of a long quotation did not close: it continues
                continue
            if depth == 0:
                opened = at
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0 and at - opened <= MAX_QUOTE_CHARS:
                pairs.append((opened, at))
        last = at
    pairs.extend(_straight_pairs(text))
    pairs.sort()
    outer: list[tuple[int, int]] = []
    for pair in pairs:
        if not outer or pair[0] > outer[-1][1]:
            outer.append(pair)
    return outer


def _straight_pairs(text: str) -> list[tuple[int, int]]:
    """Straight quotes pair up in order within a paragraph; one left open at the end of a paragraph
    continues into the next paragraphs (a long quotation), up to :data:`MAX_QUOTE_CHARS`."""
    pairs: list[tuple[int, int]] = []
    opened = -1
    for paragraph in re.finditer(r"[^\n]+", text):
        for mark in re.finditer('"', paragraph.group()):
            at = paragraph.start() + mark.start()
            if opened >= 0 and at - opened <= MAX_QUOTE_CHARS:
                pairs.append((opened, at))
                opened = -1
            else:
                opened = at
        if opened >= 0 and not _opens_speech(text, opened, paragraph.start()):
            opened = -1  # a stray mark: only speech opened after a colon runs on
    return pairs


def _opens_speech(text: str, at: int, paragraph_start: int) -> bool:
    """A quotation mark at the start of its paragraph or right after a colon."""
    before = text[paragraph_start:at].rstrip(_SPACE)
    return not before or before.endswith(":")


class Pairs:
    """The outermost quotation pairs of a text (disjoint, in order), searched by bisection."""

    def __init__(self, pairs: list[tuple[int, int]]) -> None:
        self.pairs = pairs
        self.starts = [start for start, _ in pairs]
        self.ends = [end for _, end in pairs]
        self.by_start = dict(pairs)

    def around(self, at: int) -> tuple[int, int] | None:
        """The pair whose content contains offset ``at``."""
        index = bisect_left(self.starts, at) - 1
        if index >= 0 and at < self.ends[index]:
            return self.pairs[index]
        return None

    def opening_at(self, at: int) -> tuple[int, int] | None:
        """The pair whose opening mark is at ``at``."""
        end = self.by_start.get(at)
        return None if end is None else (at, end)

    def last_before(self, at: int) -> tuple[int, int] | None:
        """The last pair that closes before offset ``at``."""
        index = bisect_left(self.ends, at) - 1
        return self.pairs[index] if index >= 0 else None


class _ClauseReader:
    """The quotations introduced by the cues of one sentence."""

    def __init__(
        self,
        text: str,
        sentence: Token,
        block: tuple[int, int],
        pairs: Pairs,
        words: ArticleWords,
    ) -> None:
        self.text, self.sentence, self.block, self.pairs, self.words = text, sentence, block, pairs, words

    def read(self) -> list[_Found]:
        found: list[_Found] = []
        start, end = self.sentence.start, self.sentence.end
        readers = {
            "say": self._say,
            "from": lambda m: self._verb_final(m, "from"),
            "object": lambda m: self._verb_final(m, "object"),
            "prep": self._prep,
        }
        matches: list[tuple[re.Match[str], Callable[[re.Match[str]], list[_Found]]]] = []
        for match in cue_scanner().finditer(self.text, start, end):
            kind = match.lastgroup
            if kind in readers:
                matches.append((match, readers[kind]))
        sentence = self.sentence.text
        for pattern, reader, needle in _CLAUSE_PATTERNS:
            if needle in sentence:  # a cheap test before the scan
                matches.extend(
                    (match, getattr(self, reader)) for match in pattern.finditer(self.text, start, end)
                )
        for match, reader in matches:
            if self.pairs.around(match.start()):
                continue  # speech quoted inside a quotation
            for item in reader(match):
                item.cue_at = match.start()
                found.append(item)
        return [f for f in found if f.end > f.start]

    def _want(self, match: re.Match[str]) -> list[_Found]:
        """«X خواستار … شد»."""
        subject = self._clause_subject(match)
        return [self._indirect(match.start(1), match.end(1), match.group().split()[0] + " شد", subject)]

    def _asked(self, match: re.Match[str]) -> list[_Found]:
        """«X از … خواست تا/که …»: the request after «تا» or «که»."""
        after = self._skip(match.end())
        if not _TA.match(self.text, after):
            return []
        subject = self._clause_subject(match)
        return [self._indirect(after + 2, self.sentence.end, match.group(), subject)]

    def _skip(self, at: int) -> int:
        while at < len(self.text) and self.text[at] in _SPACE:
            at += 1
        return at

    def _clause_subject(self, match: re.Match[str]) -> SubjectPhrase:
        """The subject of the clause a cue ends: from the start of the sentence to the cue."""
        return self._subject(self.sentence.start, match.start())

    def _subject(self, start: int, end: int) -> SubjectPhrase:
        """The subject before a cue; a quotation opening the sentence («…»، مشاور وزیر گفت) is skipped."""
        at = self._skip(start)
        pair = self.pairs.opening_at(at)
        if pair and pair[1] < end and not _is_term(self.text[pair[0] + 1 : pair[1]]):
            start = pair[1] + 1
        return read_subject(self.text, start, end, self.words)

    def _indirect(self, start: int, end: int, cue: str, subject: SubjectPhrase) -> _Found:
        span = _trim(self.text, start, min(end, start + MAX_QUOTE_CHARS))
        return _Found("indirect", span[0], span[1], cue, subject, self.sentence.start, False)

    def _say(self, match: re.Match[str]) -> list[_Found]:
        text, (_, block_end) = self.text, self.block
        cue = match.group()
        head = key(cue.split()[0])
        after = self._skip(match.end())
        char = text[after : after + 1]
        if char == ":":
            subject = self._clause_subject(match)
            return [self._direct_after(after + 1, cue, subject, block_end)]
        if char in _OPENERS:
            pair = self.pairs.opening_at(after)
            if pair:
                subject = self._clause_subject(match)
                return [_Found("direct", pair[0] + 1, pair[1], cue, subject, self.sentence.start, True)]
        if _KE.match(text, after):
            subject = self._clause_subject(match)
            return [self._indirect(after + 2, self.sentence.end, cue, subject)]
        if char in "،," and head in _BARE_CUES:  # «وی افزود، …»: a comma for a colon
            subject = self._clause_subject(match)
            return [self._indirect(after + 1, self.sentence.end, cue, subject)]
        rest = text[after : min(self.sentence.end, after + 200)]  # enough to see three words
        words = _WORD.findall(rest)
        bare = head in _BARE_CUES and rest.lstrip(_SPACE)[:1].isalpha()
        if bare and len(words) >= MIN_BARE_WORDS and words[0] != "و":
            subject = self._clause_subject(match)
            return [self._indirect(after, self.sentence.end, cue, subject)]
        quoted = self._quote_before(match.start())
        if quoted:
            subject = self._subject(quoted[1] + 1, match.start())
            return [_Found("direct", quoted[0] + 1, quoted[1], cue, subject, quoted[0], True)]
        found = self._verb_final(match, "object")  # «X … را … اعلام کرد»
        if not found and head in ("تاکید", "تأکید"):
            found = self._verb_final(match, "say")  # «X بر … تأکید کرد»
        return found

    def _direct_after(self, colon_end: int, cue: str, subject: SubjectPhrase, block_end: int) -> _Found:
        """Speech after a colon: the marked quotation that opens there, else the rest of the paragraph."""
        start = self._skip(colon_end)
        pair = self.pairs.opening_at(start)
        if pair and _is_term(self.text[pair[0] + 1 : pair[1]]) and pair[1] + 1 < self.sentence.end - 2:
            pair = None  # «جیمز ناشوی» یکی از …: a name in marks opens the speech
        if pair:
            return _Found("direct", pair[0] + 1, pair[1], cue, subject, self.sentence.start, True)
        span = _trim(self.text, start, min(block_end, start + MAX_QUOTE_CHARS))
        return _Found("direct", span[0], span[1], cue, subject, self.sentence.start, False)

    def _quote_before(self, cue_start: int) -> tuple[int, int] | None:
        """A quotation ending shortly before the cue, only a comma and a subject between («…»، وی افزود)."""
        pair = self.pairs.last_before(cue_start)
        if pair is None or pair[0] < self.block[0]:
            return None
        start, end = pair
        between = self.text[end + 1 : cue_start]
        words = _WORD.findall(between)
        if "." in between or "\n" in between or not 0 < len(words) <= MAX_PREFIX_WORDS + 2:
            return None  # no subject between: a name in marks («"…" گفت») is no quotation
        if _is_term(self.text[start + 1 : end]):
            return None  # a name or a term in marks, not something said
        return start, end

    def _verb_final(self, match: re.Match[str], kind: str) -> list[_Found]:
        """«X از … خبر داد», «X … را … دانست», «X بر … تأکید کرد»: the content before the verb."""
        text, start = self.text, self.sentence.start
        after = self._skip(match.end())
        subject = _loose(self._clause_subject(match))
        if text[after : after + 1] == ":":
            return [self._direct_after(after + 1, match.group(), subject, self.block[1])]
        if kind == "from" and _KE.match(text, after):
            return [self._indirect(after + 2, self.sentence.end, match.group(), subject)]
        content_start = subject.mention.end if subject.mention else start
        between = text[content_start : match.start()]
        if ":" in between or "«" in between:
            return []
        if kind == "object":
            if not re.search(r"(?<![\w\u200c])را(?![\w\u200c])", between):
                return []
            return [self._indirect(content_start, match.start(), match.group(), subject)]
        marker = _EMPHASIS if kind == "say" else _FROM
        found = marker.search(between)
        if not found:
            return []
        return [self._indirect(content_start + found.end(), match.start(), match.group(), subject)]

    def _prep(self, match: re.Match[str]) -> list[_Found]:
        """«به گفته X، …»: the speaker up to the comma, the content after it."""
        text, end = self.text, self.sentence.end
        comma = text.find("،", match.end(), end)
        speaker_end = comma
        if comma < 0 or len(_WORD.findall(text[match.end() : comma])) > MAX_PREFIX_WORDS + 2:
            word = _WORD.search(text, match.end(), end)
            if not word or key(word.group()) not in ("وی", "او", "ایشان"):
                return []
            speaker_end, comma = word.end(), word.end()
        subject = read_subject(text, match.end(), speaker_end, self.words)
        if subject.kind == "dropped":
            return []
        content_start = apposition_end(text, comma, end) if comma == speaker_end else comma
        return [self._indirect(content_start + 1, end, match.group(), subject)]

    def _intro(self, match: re.Match[str]) -> list[_Found]:
        """«X با بیان اینکه …، گفت»: the clause up to the last comma before the main cue."""
        text, end = self.text, self.sentence.end
        main = cue_patterns()["say"].search(text, match.end(), end)
        limit = main.start() if main else end
        comma = text.rfind("،", match.end(), limit)
        if comma < 0:
            comma = text.find("،", match.end(), end)
        content_end = comma if comma > 0 else limit
        subject = self._clause_subject(match)
        cue = " ".join(match.group().split())
        return [self._indirect(match.end(), content_end, cue, subject)]


def _is_term(content: str) -> bool:
    """Marked words that read as a name or a term: few words, no sentence mark at the end."""
    content = content.rstrip(_SPACE)
    return len(_WORD.findall(content)) < MIN_QUOTE_WORDS and content[-1:] not in ".!?؟…"


def _loose(subject: SubjectPhrase) -> SubjectPhrase:
    """The subject of a verb-final report may run into the content: keep at most two words of a name."""
    return loosen(subject._replace(loose=True))


def _speaker_prefix(
    text: str, start: int, end: int, registry: SpeakerRegistry, *, headline: bool = False
) -> list[_Found]:
    """A headline or paragraph «X: …» whose X reads as a speaker and is not an outlet or a cue; in a
    headline a single unknown word is a speaker too («اخوان: …»), unless it is a label («رسمی: …»)."""
    colon = text.find(":", start, min(end, start + 80))
    if colon < 0:
        return []
    prefix = text[start:colon]
    words = _WORD.findall(prefix)
    if not words or len(words) > MAX_PREFIX_WORDS or not all(w in prefix for w in words):
        return []
    if any(p.search(prefix) for p in cue_patterns().values()) or scan_outlets(prefix):
        return []
    subject = read_subject(text, start, colon)
    named = subject.kind == "name" and (
        _known(subject, registry) or (headline and key(prefix) not in _LABELS)
    )
    if subject.kind == "title" or named:
        span = _trim(text, colon + 1, min(end, colon + 1 + MAX_QUOTE_CHARS))
        return [_Found("direct", span[0], span[1], ":", subject, start, False)]
    return []


def _known(subject: SubjectPhrase, registry: SpeakerRegistry) -> bool:
    """A name stands for a speaker when the article names that person elsewhere, or it starts with a given
    name («علی دایی: …»; «افشاگری خداداد: …» is a label)."""
    name = subject.name or ""
    if len(name.split()) >= 2 and is_given(key(name.split()[0])):
        return True
    return any(key(name) in person.words for person in registry.people)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = trim_span(text, start, end)
    if span is None:
        return start, start
    stop = span.end
    while stop > span.start and text[stop - 1] in _TRAILING:
        stop -= 1
    return span.start, stop


def _settle(text: str, found: list[_Found]) -> list[_Found]:
    """One quotation per span: unmarked speech ends where a later clause begins; reports nested in an
    earlier quotation and unnamed sources go; of two readings of one span the longer stays.

    Every quotation is at most :data:`MAX_QUOTE_CHARS` long, so each comparison looks at a bounded window
    of neighbours and a long text stays linear."""
    clauses = sorted({f.clause for f in found if f.kind == "direct"})
    for item in found:
        if not item.marked:
            item.end = min(item.end, item.start + MAX_QUOTE_CHARS)
            index = bisect_right(clauses, item.start)
            if index < len(clauses) and clauses[index] < item.end:
                item.end = _trim(text, item.start, clauses[index])[1]
    found.sort(key=lambda f: (f.start, -f.end))
    starts = [f.start for f in found]
    outer = []
    for item in found:
        window = found[bisect_left(starts, item.cue_at - MAX_QUOTE_CHARS) : bisect_right(starts, item.cue_at)]
        if item.subject.kind != "anonymous" and not any(_nested(item, other) for other in window):
            outer.append(item)
    kept: list[_Found] = []
    for item in outer:
        recent = kept[-_DUPLICATE_WINDOW:]
        if not any(_same(item, other) for other in recent):
            kept.append(item)
    return kept


def _within(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` falls inside one of ``spans`` (sorted, none longer than :data:`MAX_QUOTE_CHARS`)."""
    first = bisect_left(spans, (at - MAX_QUOTE_CHARS, 0))
    last = bisect_right(spans, (at, MAX_QUOTE_CHARS + at))
    return any(start <= at < end for start, end in spans[first:last])


def _nested(inner: _Found, outer: _Found) -> bool:
    """A report whose cue stands inside another quotation that was introduced before it."""
    return inner is not outer and outer.cue_at < inner.cue_at and outer.start <= inner.cue_at < outer.end


def _same(a: _Found, b: _Found) -> bool:
    """Two readings of one quotation: same kind and one span inside the other."""
    return a.kind == b.kind and (
        (a.start >= b.start and a.end <= b.end) or (b.start >= a.start and b.end <= a.end)
    )


def _named_before(subject: SubjectPhrase, quotes: list[Quote]) -> str | None:
    """For «این + noun» («این خبرگزاری», «این مقام»): the speaker of the last quotation whose subject was
    written with the same noun («خبرگزاری آسوشیتدپرس», «یک مقام آمریکایی»)."""
    words = subject.mention.text.split() if subject.mention else []
    if len(words) != 2:
        return None
    noun = key(words[1])
    for quote in reversed(quotes):
        said = [key(w) for w in (quote.speaker_mention or "").split()]
        if quote.speaker and noun in said[:2] and said[0] != key(words[0]):
            return quote.speaker
    return None


def _resolve(text: str, found: list[_Found], registry: SpeakerRegistry) -> list[Quote]:
    """Quotes in text order, speakers resolved; «وی» and dropped subjects take the last speaker."""
    quotes: list[Quote] = []
    last: str | None = None
    for item in sorted(found, key=lambda f: f.start):
        span = trim_span(text, item.start, item.end) if item.marked else None
        start, end = (span.start, span.end) if span else _trim(text, item.start, item.end)
        if end <= start:
            continue
        subject = item.subject
        speaker = registry.resolve(subject)
        if (
            subject.kind == "title"
            and last
            and registry.is_person(last)
            and not registry.titled(subject.title)
            and not institution(subject)
        ):
            speaker = last  # a title the article never gives a name: the person speaking so far
        if speaker is None:  # «وی», «این مقام», a dropped subject: the last person who spoke
            person = last if last and registry.is_person(last) else registry.recent(item.start)
            speaker = _named_before(subject, quotes) or person or last or registry.first()
        last = speaker
        mention = item.subject.mention
        quotes.append(
            Quote(
                text=text[start:end],
                kind=item.kind,
                speaker=speaker,
                speaker_id=name_id(speaker) if speaker else None,
                speaker_mention=mention.text if mention else None,
                cue=item.cue,
                start=start,
                end=end,
            )
        )
    return quotes
