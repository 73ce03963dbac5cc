"""The source chain: the outlets an article says it reports from, reporter first, origin last.

Persian news names its sources in a few set phrases near the top: «به گزارش X»، «به گزارش X به نقل
از Y»، «به نقل از X»، «X گزارش داد», and bylines such as «خبرگزاری فارس: …». Outlets in the registry get
their id; a clearly delimited name that is not in the registry (an organisation's press office, an unknown
site) is kept with ``id`` null. A person quoted is never a source.

>>> text = "به گزارش آران نیوز به نقل از خبرگزاری تسنیم، \\"ولادیمیر پوتین\\" رئیس جمهوری روسیه گفت"
>>> [(s.id, s.name) for s in find_sources(text)]
[('aran-news', 'آران نیوز'), ('tasnim', 'خبرگزاری تسنیم')]
>>> [(s.id, s.name) for s in find_sources("به نقل از علی لاریجانی، مذاکرات ادامه دارد")]
[]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from didban.article import Source
from didban.lexicon import data_rows
from didban.lexicon.outlets import (
    GENERIC_PREFIXES,
    OutletMatcher,
    PhraseIndex,
    Token,
    default_registry,
    fold,
    tokenize,
)

#: How many blocks (headline, lead, first paragraphs) are searched.
MAX_BLOCKS = 4
#: Longest unknown name accepted without a lead word («اوج»، «ایرنن ورزشی»).
MAX_BARE_WORDS = 4
#: Longest unknown name accepted after a lead word («روابط عمومی فدراسیون بولینگ، بیلیارد و بولس»).
MAX_LED_WORDS = 10
#: Longest quoted name accepted («به گزارش «صوت منامه»»).
MAX_QUOTED_WORDS = 6

Cue = Literal["report", "cite", "interview"]

_REPORT_CUES = (
    "به گزارش",
    "بنابر گزارش",
    "بنا بر گزارش",
    "بنا به گزارش",
    "طبق گزارش",
    "براساس گزارش",
    "بر اساس گزارش",
    "به نوشته",
)
_CITE_CUES = ("به نقل از",)
_INTERVIEW_CUES = ("در گفتگو با", "در گفت و گو با", "در مصاحبه با", "در گفتگوی اختصاصی با")
_TOLD_VERBS = ("گفت", "گفته", "اظهار", "اعلام", "توضیح", "می\u200cگوید")
_REPORTED_VERBS = ("گزارش داد", "گزارش داده", "گزارش داده است", "گزارش می\u200cدهد", "گزارش کرد")
#: Words of time (and «نیز»، «هم») that may stand between an outlet and «گزارش داد»: «رویترز روز دوشنبه
#: گزارش داد»، «آسوشیتدپرس نیز گزارش داد». Token keys: a half-space splits «سه‌شنبه» into «سه» and «شنبه».
_WHEN_WORDS = frozenset(
    (
        *("روز", "امروز", "دیروز", "امشب", "دیشب", "شامگاه", "بامداد", "صبح", "ظهر", "عصر", "شب"),
        *("شنبه", "یکشنبه", "دوشنبه", "سه", "چهارشنبه", "پنجشنبه", "پنج", "جمعه", "گذشته", "جاری"),
        *("نیز", "هم", "همچنین", "اخیرا"),
    )
)
_MAX_WHEN = 4
_DESKS = (
    "خبرنگار",
    "خبرنگاران",
    "گروه",
    "سرویس",
    "حوزه",
    "دفتر",
    "بخش",
    "تحریریه",
    "میز",
    "واحد",
)
_ORG_LEADS = (
    "روابط عمومی",
    "ستاد خبری",
    "اداره کل روابط عمومی",
    "اداره روابط عمومی",
    "پایگاه",
    "وزارت",
    "وزارتخانه",
    "سازمان",
    "فدراسیون",
    "کنفدراسیون",
    "باشگاه",
    "کمیته",
    "ستاد",
    "اداره",
    "اداره کل",
    "شرکت",
    "بانک",
    "دانشگاه",
    "مرکز",
    "انجمن",
    "شورا",
    "شورای",
    "کانون",
    "جمعیت",
    "حزب",
    "اتحادیه",
    "هیئت",
    "هیات",
    "پلیس",
    "نیروی",
    "سپاه",
    "ارتش",
    "دبیرخانه",
    "مجمع",
    "بنیاد",
    "موسسه",
    "مؤسسه",
    "جهاد",
    "استانداری",
    "فرمانداری",
    "شهرداری",
    "دادگستری",
    "قوه",
    "دفتر",
    "نهاد",
    "مجلس",
    "دولت",
    "بیت",
    "سفارت",
    "کنسولگری",
    "گمرک",
    "بورس",
    "اتاق",
    "آژانس",
    "صندوق",
    "دیوان",
    "ناجا",
    "اتحادیه",
)
_PERSON_WORDS = (
    "وزیر",
    "رئیس",
    "رییس",
    "سخنگو",
    "سخنگوی",
    "معاون",
    "مدیر",
    "مدیرعامل",
    "نماینده",
    "نمایندگان",
    "دبیر",
    "دبیرکل",
    "سرپرست",
    "فرمانده",
    "دادستان",
    "استاندار",
    "سفیر",
    "امام",
    "آیت",
    "حجت",
    "آقای",
    "خانم",
    "دکتر",
    "مهندس",
    "سردار",
    "سرهنگ",
    "سرتیپ",
    "سرلشکر",
    "ژنرال",
    "رهبر",
    "نخست",
    "شیخ",
    "سید",
    "حاج",
    "کارشناس",
    "کارشناسان",
    "مقام",
    "مقامات",
    "منابع",
    "منبع",
    "یک",
    "برخی",
    "شاهدان",
    "عضو",
    "اعضای",
    "مربی",
    "سرمربی",
    "بازیکن",
    "هافبک",
    "مهاجم",
    "مدافع",
    "کاپیتان",
    "وکیل",
    "وی",
    "او",
    "ایشان",
    "آنها",
    "آنان",
    "خود",
    "این",
    "آن",
    "همین",
    "همان",
    "ما",
    "شاه",
    "ملک",
    "پادشاه",
    "شاهزاده",
    "ولیعهد",
    "قاضی",
    "رئیس\u200cجمهور",
    "رئیس\u200cجمهوری",
)
_STOPS = (
    "و",
    "به",
    "از",
    "در",
    "که",
    "با",
    "برای",
    "نیز",
    "هم",
    "را",
    "طی",
    "پس",
    "پیش",
    "امروز",
    "دیروز",
    "امشب",
    "روز",
    "شب",
    "صبح",
    "عصر",
    "بامداد",
    "ظهر",
    "این",
    "آن",
    "وی",
    "او",
    "گفت",
    "نوشت",
    "اعلام",
    "آمده",
    "ضمن",
    "تا",
    "بر",
    "اما",
    "ولی",
    "همچنین",
    "یک",
    "می",
    "است",
    "بود",
    "شد",
    "کرد",
    "داد",
    "گزارش",
    "نقل",
    "درباره",
    "پیرامون",
    "مبنی",
)
_OPEN_QUOTES = frozenset("\"«»“”„'")
_CLOSE_QUOTES = _OPEN_QUOTES
_NAME_ENDS = frozenset("،,:؛;)")
_CLAUSE_ENDS = frozenset(".!?؟؛;:\n()-–—،,") | _OPEN_QUOTES | _CLOSE_QUOTES
_DATELINE_MARKS = frozenset("-–—:)")


@dataclass(frozen=True)
class _Lexicon:
    """The phrase indexes this stage matches with, built once."""

    cues: PhraseIndex[Cue]
    verbs: PhraseIndex[bool]
    told: PhraseIndex[bool]
    desks: PhraseIndex[bool]
    leads: PhraseIndex[bool]
    outlet_prefixes: PhraseIndex[bool]
    person_words: frozenset[str]
    stops: frozenset[str]
    outlets: OutletMatcher


@functools.cache
def _lexicon() -> _Lexicon:
    """Build the cue, lead and person indexes on first use."""
    cues: dict[str, Cue] = {
        **dict.fromkeys(_REPORT_CUES, "report"),
        **dict.fromkeys(_CITE_CUES, "cite"),
        **dict.fromkeys(_INTERVIEW_CUES, "interview"),
    }
    return _Lexicon(
        cues=PhraseIndex(cues),
        verbs=PhraseIndex(dict.fromkeys(_REPORTED_VERBS, True)),
        told=PhraseIndex(dict.fromkeys(_TOLD_VERBS, True)),
        desks=PhraseIndex(dict.fromkeys(_DESKS, True)),
        leads=PhraseIndex(dict.fromkeys((*GENERIC_PREFIXES, *_ORG_LEADS), True)),
        outlet_prefixes=PhraseIndex(dict.fromkeys(GENERIC_PREFIXES, True)),
        person_words=frozenset(fold(w) for w in _PERSON_WORDS) | _first_names(),
        stops=frozenset(fold(w) for w in _STOPS),
        outlets=default_registry().matcher,
    )


def _first_names() -> frozenset[str]:
    """Folded Persian first names (first word of each entry) from the shipped name list."""
    return frozenset(fold(row[0].split()[0]) for row in data_rows("first_names_fa.txt"))


def find_sources(text: str, blocks: Sequence[tuple[int, int]] | None = None) -> list[Source]:
    """The source chain named near the top of ``text``, reporter first, origin last, each outlet once.

    Args:
        text: the article text (repaired or not; offsets index it as given).
        blocks: ``(start, end)`` spans of the headline, lead and paragraphs; only the first
            :data:`MAX_BLOCKS` are read. When None, the first paragraphs split on blank lines.

    Returns:
        One :class:`~didban.article.Source` per outlet, in the order the text names them.
    """
    spans = list(blocks)[:MAX_BLOCKS] if blocks is not None else _default_blocks(text)
    lex = _lexicon()
    found: list[Source] = []
    for start, end in spans:
        found.extend(_BlockReader(text, tokenize(text, start, end), lex).read())
    return _unique(found)


def _default_blocks(text: str) -> list[tuple[int, int]]:
    """The first paragraphs of ``text``: split on blank lines, or on line breaks when there are none."""
    spans = [m.span() for m in re.finditer(r"(?:[^\n]|\n(?![ \t\r\u200c]*\n))+", text)]
    if len(spans) < 2:
        spans = [m.span() for m in re.finditer(r"[^\n]+", text)]
    return [(s, e) for s, e in spans if text[s:e].strip()][:MAX_BLOCKS]


def _unique(sources: list[Source]) -> list[Source]:
    """Each outlet once (same id, or same folded name when unknown), keeping its first mention."""
    seen: set[str] = set()
    kept: list[Source] = []
    for source in sources:
        key = source.id or "".join(tok.key for tok in tokenize(source.name) if tok.word)
        if key not in seen:
            seen.add(key)
            kept.append(source)
    return kept


@dataclass
class _BlockReader:
    """Reads the sources of one block; ``chain_end`` is the token index just after the last source."""

    text: str
    toks: list[Token]
    lex: _Lexicon
    chain_end: int = 0

    def read(self) -> list[Source]:
        """All sources of the block in text order."""
        found = self._bylines()
        i = 0
        while i < len(self.toks):
            cue = self.lex.cues.match(self.toks, i)
            if cue is not None:
                sources, i = self._after_cue(i, *cue)
                found.extend(sources)
                continue
            if self.lex.verbs.match(self.toks, i):
                found.extend(self._reported_by(i))
            elif self._key(i) == "به":
                found.extend(self._told(i))
            i += 1
        return sorted(found, key=lambda s: s.start)

    def _source(self, outlet_id: str | None, i: int, j: int) -> Source:
        """A source spelled by ``toks[i:j]``."""
        start, end = self.toks[i].start, self.toks[j - 1].end
        return Source(id=outlet_id, name=self.text[start:end], start=start, end=end)

    def _key(self, i: int) -> str:
        """The key of token ``i``, or '' past the end."""
        return self.toks[i].key if i < len(self.toks) else ""

    def _known(self, i: int, *, bare: bool = True) -> tuple[Source, int] | None:
        """A registry outlet starting at token ``i`` and the index after it."""
        hit = self.lex.outlets.match(self.toks, i, bare=bare)
        return None if hit is None else (self._source(hit[0], i, hit[1]), hit[1])

    def _bylines(self) -> list[Source]:
        """A registry outlet opening the block as a byline: «خبرگزاری فارس: …», «تهران - ایرنا - …»."""
        for i in range(min(6, len(self.toks))):
            if i > 0 and self._key(i - 1) not in _DATELINE_MARKS | {"(", "/"}:
                continue
            known = self._known(i, bare=False)
            if known is not None and self._key(known[1]) in _DATELINE_MARKS:
                self.chain_end = known[1]
                return [known[0]]
        return []

    def _after_cue(self, i: int, cue: Cue, k: int) -> tuple[list[Source], int]:
        """The source(s) named after the cue ending at ``k`` and where reading resumes."""
        named = self._name_at(k, clause=cue != "interview" and self._at_clause_start(i))
        if named is None or (cue == "interview" and named[0].id is None):
            return [], k
        found, end = [named[0]], named[1]
        if cue == "report" and self._key(end) == "از":  # «به گزارش "ورزش سه" از فارس»
            origin = self._known(end + 1)
            if origin is not None:
                found.append(origin[0])
                end = origin[1]
            else:
                end = self._past_dateline(end)
        self.chain_end = end
        return found, end

    def _past_dateline(self, k: int) -> int:
        """After «به گزارش X», skip a place «از شیراز» that a further cue follows («… به نقل از Y»)."""
        for j in range(k + 2, min(k + 5, len(self.toks))):
            if self.lex.cues.match(self.toks, j) is not None:
                return j
            if self._key(j) in _CLAUSE_ENDS:
                return k
        return k

    def _at_clause_start(self, i: int) -> bool:
        """Whether the cue at ``i`` opens a clause or continues the chain («… و به نقل از»)."""
        j = i
        while j > self.chain_end and self._key(j - 1) == "و":
            j -= 1
        return j == 0 or j == self.chain_end or self._key(j - 1) in _CLAUSE_ENDS

    def _name_at(self, k: int, *, clause: bool) -> tuple[Source, int] | None:
        """The outlet (or press office) named from token ``k`` on, and the index after it."""
        if k >= len(self.toks):
            return None
        if self._key(k) in _OPEN_QUOTES:
            return self._quoted(k)
        known = self._known(k)
        if known is not None:
            return known
        if self.lex.desks.match(self.toks, k):
            behind = self._behind_desk(k)
            if behind is not None or not self.lex.leads.match(self.toks, k):
                return behind
        return self._unknown(k) if clause else None

    def _behind_desk(self, k: int) -> tuple[Source, int] | None:
        """The outlet after a desk or reporter («خبرنگار اقتصادی خبرگزاری فارس»), within the clause."""
        run = range(k + 1, min(k + 12, len(self.toks)))
        run = run[: next((n for n, j in enumerate(run) if not self.toks[j].word), len(run))]
        for j in run:
            known = self._known(j)
            if known is not None:
                return known
        prefixed = (j for j in run if self.lex.outlet_prefixes.match(self.toks, j))
        first = next(prefixed, None)
        return None if first is None else self._unknown(first)

    def _quoted(self, q: int) -> tuple[Source, int] | None:
        """A name in quotes opening at token ``q`` («به گزارش «ایسنا»»); the span excludes the quotes."""
        close = q + 1
        while close < len(self.toks) and self.toks[close].word and close - q <= MAX_QUOTED_WORDS:
            close += 1
        if close == q + 1 or self._key(close) not in _CLOSE_QUOTES:
            return None
        known = self._known(q + 1)
        if known is not None and known[1] == close:
            return known[0], close + 1
        if self._key(q + 1) in self.lex.person_words:
            return None
        return self._source(None, q + 1, close), close + 1

    def _unknown(self, k: int) -> tuple[Source, int] | None:
        """A name not in the registry: led by «روابط عمومی»، «سایت»، «وزارت» …, or short and clearly ended."""
        lead = self.lex.leads.match(self.toks, k)
        if lead is not None:
            return self._led(k, lead[1])
        if self._key(k) in self.lex.person_words or self.lex.desks.match(self.toks, k):
            return None
        end = self._name_end(k, led=False)
        if end == k or end - k > MAX_BARE_WORDS or not self._clear_end(end):
            return None
        return self._source(None, k, end), end

    def _led(self, k: int, e: int) -> tuple[Source, int] | None:
        """A name opened by the lead ``toks[k:e]`` («پایگاه خبری "الجزیره"»، «روابط عمومی فدراسیون»)."""
        if self._key(e) in _OPEN_QUOTES:
            return self._quoted(e)
        end = self._name_end(e, led=True)
        if end - e > MAX_LED_WORDS:
            return None
        prefix = self.lex.outlet_prefixes.match(self.toks, k)
        if end == e and prefix is not None and prefix[1] == e:
            return None  # «سایت» alone names nothing
        return self._source(None, k, end), end

    def _name_end(self, j: int, *, led: bool) -> int:
        """Index after the last word of a name from ``j``: before punctuation, a stop word or a verb."""
        first = j
        limit = min(len(self.toks), j + (MAX_LED_WORDS if led else MAX_BARE_WORDS) + 1)
        while j < limit and self.toks[j].word and not self._ends_name(j, first, led=led):
            j += 1
        return j

    def _ends_name(self, j: int, first: int, *, led: bool) -> bool:
        """Whether word ``j`` stops a name that began at ``first``.

        After a lead, «و» joins («وزارت ارتباطات و فناوری») and «این» may open it («روابط عمومی این
        سازمان»).
        """
        key = self.toks[j].key
        if not led:
            return key in self.lex.stops
        if key == "و":
            return self._key(j + 1) in self.lex.stops
        if key in {"این", "آن"} and j == first:
            return False
        return key in self.lex.stops

    def _clear_end(self, j: int) -> bool:
        """Whether a bare name ending before token ``j`` is clearly delimited («اوج،»، «… و به نقل از»)."""
        key = self._key(j)
        if key in _NAME_ENDS or key in _CLOSE_QUOTES:
            return True
        if key in {"و", "به"}:
            return any(self.lex.cues.match(self.toks, n) for n in (j, j + 1))
        return key == "از" and self._known(j + 1) is not None

    def _told(self, i: int) -> list[Source]:
        """A registry outlet a speaker talked to: «به "ورزش سه" گفت»، «به ایسنا اظهار داشت»."""
        quoted = self._key(i + 1) in _OPEN_QUOTES
        named = self._quoted(i + 1) if quoted else self._known(i + 1)
        if named is None or named[0].id is None or not self.lex.told.match(self.toks, named[1]):
            return []
        return [named[0]]

    def _reported_by(self, verb: int) -> list[Source]:
        """The registry outlet just before «گزارش داد» at ``verb`` («خبرگزاری فرانسه گزارش داد»), words of
        time between them skipped («رویترز روز دوشنبه گزارش داد»)."""
        i = verb
        while i > 0 and verb - i < _MAX_WHEN and self._key(i - 1) in _WHEN_WORDS:
            i -= 1
        if i == 0 or self._key(i - 1) in self.lex.stops:
            return []
        end = i - 1 if self._key(i - 1) in _CLOSE_QUOTES else i
        for j in range(max(0, end - 6), end):
            hit = self.lex.outlets.match(self.toks, j)
            if hit is not None and hit[1] == end:
                return [self._source(hit[0], j, end)]
        return []
