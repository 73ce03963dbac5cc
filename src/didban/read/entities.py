"""Entity linking: the tagger's spans of one article become its entities, variants grouped, ids stable.

:func:`link_entities` takes the spans ``(start, end, label)`` of a tagger (labels PER ORG LOC FAC EVENT
PRODUCT, offsets into the article's text) and gives one :class:`~didban.article.Entity` per thing named,
with every mention of it. :func:`share_speaker_ids` then gives the quotations of a person that person's id.

Decisions:

- **Cleaning.** Spans with an unknown label, or offsets outside the text, are ignored. A span's edges lose
  punctuation, function words and prepositions («در مسکو», «بین روسیه») and a trailing verb, simple or
  compound («پوتین گفت», «کرونا خبر داد»), but keep the bracket or quotation mark a name opened («امام رضا
  (ع)»). Dropped: a pronoun («وی», «آنها»), a verb («می‌گوید», «گفت»), «این»/«آن» + a noun («این کشور»: a
  reference back, not a name), a nationality adjective alone («روسی», «آمریکایی»: Didban has no label for
  nationalities), and a span running over a clause («… مطرح شد که …»). Pronouns are not
  trimmed off longer spans: inside a name they are letters of it («وی چت»). A coordination whose every part
  is a registry name is split («روسیه و فرانسه», «فدراسیون روسیه، چین و هند»); «بوسنی و هرزگوین» is one.
  So is one whose every part the article names elsewhere, alone or after a head word («پدیده و سپیدرود»
  beside «باشگاه پدیده» and «سپیدرود»; not «وزارت ورزش و جوانان»). A span that stops right before the close
  of a quotation or bracket it opened takes the closing mark («پایگاه خبری "الجزیره"»).
  Overlapping spans, or spans with nothing or only a half-space between them, merge when they share a
  label; with different labels the longer wins. Spans with a space between stay apart: the tagger started
  a new entity there («گروه مینسک سازمان امنیت و همکاری اروپا» is two).
- **Registries.** A country, by its name, a press form or «کشور X», is a place (LOC) with the ISO id,
  whatever label the tagger gave it (taggers call countries ORG or LOC inconsistently, and a lone «روسیه»
  tagged PER is a tagging error; a person named like one, «ایران درخشان», is not the bare name). Then, for
  any label but PER (a person may be called «تسنیم»), an outlet of the registry
  (:mod:`didban.lexicon.outlets`) or an organisation of :mod:`didban.lexicon.gazetteer` is an ORG with that
  id. A form that also names something else («آذربایجان», «مهر», «مجلس») counts only when the article names
  the same entry another way, or, for an outlet, right after «به گزارش» / «به نقل از». A registry name
  inside a longer name of something else is a mention of its entry too («جامعه مشترک المنافع» in the event
  «نشست شورای سران کشورهای جامعه مشترک المنافع», «روسیه» in «وزارت امور خارجه روسیه»), unless it opens the
  span («ایران خودرو»).
- **Variants** (no registry): the same folded form is one entity (the label most of its mentions have); a
  shorter form joins a longer one with the same label — PER: its surname or a shorter form ending in the
  same surname («پوتین» ↔ «ولادیمیر پوتین», «آیت‌الله خامنه‌ای» ↔ «آیت‌الله سید علی خامنه‌ای»); LOC: the
  name without a qualifier or a head word («قره باغ» ↔ «قره باغ کوهستانی», «قفقاز» ↔ «منطقه قفقاز»); ORG,
  FAC, EVENT, PRODUCT: a start or an end of two words or more («مشترک المنافع» ↔ «جامعه مشترک المنافع»),
  the name without a head word («پرسپولیس» ↔ «باشگاه پرسپولیس»), or (ORG) a short form the article gives
  in parentheses after the full name. When several longer entities fit, each mention joins the one named
  last before it; when none was named before, the mention stays an entity of its own.
- **Names and ids.** ``name`` is the fullest form in the article (most words, then most letters, then the
  first); a place's name leaves out a generic head word («منطقه قفقاز» → «قفقاز», «شهر مسکو» → «مسکو»).
  Ids: ``iso:RU`` for countries, ``outlet:<registry id>`` for outlets (the registry id is the
  :class:`~didban.article.Source` id), ``org:<slug>`` for the organisation table, otherwise the label and
  the folded name (letters as :func:`didban.search.fold` folds them, half-spaces and spaces alike, no
  punctuation or bracketed honorific, words joined by ``_``): ``per:ولادیمیر_پوتین``. The same fullest
  name gives the same id in every article.
- **Speakers** (when the quotations are given). A speaker of two words or more with no title, institution,
  pronoun or anonymous-source word and no registry name is a person's name: a name group it names (or
  whose surname it is) becomes PER whatever the tagger said; when no entity names it, it becomes a PER
  entity with the places the text writes the name — and the surname, when a quotation refers to the speaker
  by it; when a PER entity is only its surname, the full name completes it. The quotation reader read that
  name from the text, so it is one; the tagger missed it. A one-word speaker the tagger missed («کرملین»)
  may be an institution and makes no entity.

>>> text = "ولادیمیر پوتین به روسیه رفت. پوتین در مسکو گفت که فدراسیون روسیه آماده است. وی افزود."
>>> spans = [(0, 14, "PER"), (18, 23, "LOC"), (29, 34, "PER"), (38, 42, "LOC"), (50, 64, "ORG")]
>>> spans.append((76, 78, "PER"))  # «وی»: a pronoun, dropped
>>> [(e.id, e.name, len(e.mentions)) for e in link_entities(text, spans)]
[('per:ولادیمیر_پوتین', 'ولادیمیر پوتین', 2), ('iso:RU', 'فدراسیون روسیه', 2), ('loc:مسکو', 'مسکو', 1)]
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, get_args

import msgspec

from didban.article import Entity, EntityLabel, Mention, Quote
from didban.lexicon import data_rows
from didban.lexicon.cues import LIGHT_VERBS, load_cues
from didban.lexicon.gazetteer import countries, fold_words, name_key, organizations, places
from didban.lexicon.outlets import default_registry

LABELS: frozenset[str] = frozenset(get_args(EntityLabel))
_WORD = re.compile(r"[\w\u200c\u064b-\u065f\u0670\u0640]+")
_CUE = re.compile(r"(?:گزارش|نقل[\s\u200c]+از)[\s\u200c]*[:،]?[\s\u200c]*$")
_BRACKETED = re.compile(r"\(([^()\n]{1,40})\)")
_PARENS = re.compile(r"[\s\u200c]*\(([^()\n]{1,40})\)")
_SPACES = re.compile(r"[ \u200c]+")
_PAIRS = (("(", ")"), ("«", "»"), ("“", "”"), ('"', '"'), ("'", "'"))
#: Honorifics the press writes in brackets after a holy name: «امام رضا (ع)», «امام خمینی (ره)».
_HONORIFIC_MARKS = frozenset(("ع", "ره", "ص", "س", "عج", "رض", "قده"))

#: Words that are never a name by themselves: a span that is one of them (or only these) is dropped.
_PRONOUNS = frozenset(
    name_key(w)
    for w in (
        "وی", "او", "ایشان", "آنها", "آن‌ها", "آنان", "اینها", "این‌ها", "اینان", "من", "ما", "شما", "تو",
        "خود", "خودش", "خودشان", "خودم", "خودمان", "نامبرده", "مشارالیه", "این", "آن", "همین", "همان",
        "چنین", "چنان", "آنجا", "اینجا",
    )
)  # fmt: skip
#: Function words a tagger may take in at a span's edge («در مسکو», «وزارت راه و»): trimmed.
_FUNCTION = frozenset(
    name_key(w)
    for w in (
        "و", "در", "به", "از", "با", "که", "را", "برای", "تا", "یا", "بر", "هم", "نیز", "همچنین", "درباره",
        "توسط", "هر", "همه",
    )
)  # fmt: skip
_DEMONSTRATIVES = frozenset(name_key(w) for w in ("این", "آن", "همین", "همان", "چنین", "چنان"))
#: Nouns that «این»/«آن» turn into a reference back («این کشور», «آن سازمان»), not a name.
_ANAPHORA_HEADS = frozenset(
    name_key(w)
    for w in (
        "کشور", "کشورها", "شهر", "منطقه", "استان", "سازمان", "نهاد", "دولت", "رژیم", "حزب", "گروه", "جنبش",
        "شرکت", "باشگاه", "تیم", "وزارتخانه", "شورا", "مجلس", "کمیته", "مقام", "شخص", "فرد", "مرد", "زن",
        "بازیکن", "مربی", "رسانه", "روزنامه", "خبرگزاری", "شبکه", "جزیره", "رویداد", "جنگ", "نشست", "جشنواره",
    )
)  # fmt: skip
#: Verb forms read without a stem list: auxiliaries and the commonest reporting verbs, bare.
_BARE_VERBS = frozenset(
    name_key(w)
    for w in (
        "است", "نیست", "هست", "بود", "شد", "کرد", "داد", "گفت", "افزود", "نوشت", "داشت", "دارد", "کند",
        "شود", "باشد", "خواهد", "نمود", "گردید", "دانست", "خواست", "رفت", "آمد", "گرفت", "اند", "ایم",
    )
)  # fmt: skip
#: Bare verbs trimmed off a span's end («پوتین گفت»); not «داد», «کرد», «شد»: also names («سیف‌الله داد»).
_TRAILING_VERBS = frozenset(
    name_key(w)
    for w in (
        "گفت", "افزود", "نوشت", "است", "نیست", "بود", "دارد", "داشت", "کند", "شود", "باشد", "خواهد", "نمود",
        "گردید", "اند",
    )
)  # fmt: skip
#: Words that make a clause, never part of a name: a span running over one is no name («… مطرح شد که …»).
_CLAUSE_WORDS = frozenset(name_key(w) for w in ("که", "است", "شد", "بود", "نیست"))
#: Prepositions (and the second word of «از جمله», «به ویژه», «از سوی») a tagger may take in before a name
#: («بین روسیه و …», «از جمله حفاظت»): trimmed.
_LEADING = frozenset(
    name_key(w)
    for w in ("بین", "میان", "مانند", "نظیر", "همچون", "علیه", "جمله", "ویژه", "خصوص", "سوی", "طرف")
)
#: Light verbs, and (below) the nouns that make compound verbs with them: trimmed together («خبر داد»).
_LIGHT_VERBS = frozenset(
    name_key(w) for w in ("کرد", "کردند", "داد", "دادند", "شد", "شدند", "نمود", "نمودند", "داشت", "داشتند")
)
_COMPOUND_NOUNS = (
    "خبر", "اعلام", "اشاره", "استفاده", "حمایت", "دیدار", "سفر", "کمک", "آغاز", "برگزار", "منتشر", "مطرح",
    "دریافت", "ادامه", "پیدا", "تبدیل", "ایجاد", "ارائه", "تاکید", "تأکید",
)  # fmt: skip
_PERSON_ENDINGS = ("ند", "یم")  # not «م», «ید»: «رستم», «سعید» are names
_PRESENT_ENDINGS = ("د", "ند", "م", "یم", "ید", "ی")
_SUBJUNCTIVE_ENDINGS = ("د", "ند", "یم", "ید")
#: Head words a place's name may be written with («استان تهران» ↔ «تهران»).
_LOC_HEADS = frozenset(
    name_key(w)
    for w in ("استان", "شهر", "شهرستان", "منطقه", "کشور", "ایالت", "جزیره", "روستای", "بخش", "بندر", "دهستان")
)
#: Words before a country's name that still name the country («کشور روسیه»; «جمهوری روسیه», cut from
#: «رئیس جمهوری روسیه»); a full official name («جمهوری آذربایجان») is a form of its own in the table.
_COUNTRY_HEADS = frozenset(name_key(w) for w in ("کشور", "جمهوری"))
#: Head words that add nothing to a place's name («منطقه قفقاز» is «قفقاز»): left out of the entity's name.
_GENERIC_PLACE_HEADS = frozenset(name_key(w) for w in ("منطقه", "شهر"))
#: Head words an organisation's name may be written with («باشگاه پرسپولیس» ↔ «پرسپولیس»).
_ORG_HEADS = frozenset(
    name_key(w)
    for w in ("باشگاه", "تیم", "حزب", "شرکت", "گروه", "جنبش", "سازمان", "روزنامه", "خبرگزاری", "شبکه")
)
#: Head words a name may be written without («باشگاه پدیده» is also «پدیده»).
_HEADS = _LOC_HEADS | _ORG_HEADS
_START = operator.itemgetter(0)
#: Speaker words that make a speaker a title, an institution or no one, not a person's name.
_NOT_PERSONAL = frozenset({"title", "org", "anonymous", "pronoun", "demonstrative", "stop"})


class _Ref(NamedTuple):
    """A registry hit: the entity id, the label it imposes, and whether the form needs context."""

    id: str
    label: str
    context: bool


class _Span(NamedTuple):
    """A cleaned span: where it stands, its label, and its folded words."""

    start: int
    end: int
    label: str
    words: tuple[str, ...]
    ref: _Ref | None = None  # the registry entry it names (never for PER)


class _Group:
    """The mentions of one entity while linking, with its distinct forms (words → joined) and size."""

    __slots__ = ("forms", "id", "keys", "label", "mentions", "size")

    def __init__(self, label: str, eid: str | None, mentions: Iterable[_Span] = ()) -> None:
        self.label, self.id = label, eid
        self.mentions: list[_Span] = []
        self.forms: dict[tuple[str, ...], str] = {}
        self.keys = ""  # the joined forms, separated by «|»: one substring test finds no variant fast
        self.size = (0, 0)
        self.add(mentions)

    def add(self, mentions: Iterable[_Span]) -> None:
        """Take more mentions of the entity."""
        for mention in mentions:
            self.mentions.append(mention)
            if mention.words not in self.forms:
                joined = "".join(mention.words)
                self.forms[mention.words] = joined
                self.keys += f"|{joined}"
                self.size = max(self.size, (len(mention.words), len(joined)))


#: The longest name kept from the tagger, in characters: the longest of 13,117 spans it tagged in 800 news
#: articles has 116; spans of thousands come from text that is no language (quadratic to link).
MAX_NAME_CHARS = 200


def link_entities(
    text: str, spans: Sequence[tuple[int, int, str]], quotes: Sequence[Quote] = ()
) -> list[Entity]:
    """The entities of an article from its tagged spans (and the speakers of its quotations).

    Args:
        text: the article's text (``article.text``); every span indexes it.
        spans: ``(start, end, label)`` from the tagger, in any order; bad ones are ignored.
        quotes: the article's quotations: a named speaker the tagger missed becomes a PER entity.

    Returns:
        The entities in order of their first mention, mentions in text order.
    """
    cleaned: list[_Span] = []
    for start, end, label in spans:
        if end - start <= MAX_NAME_CHARS:  # a longer span is the tagger lost in garbage, not a name
            cleaned.extend(_clean(text, start, end, label))
    merged = _split_known(text, _merge(text, cleaned))
    registered, named = _resolve(text, merged + _nested(text, merged))
    said = _speakers(quotes)
    if said:
        _relabel_people(named, said)
    groups = _link_variants(text, registered, named)
    if said:
        _add_speakers(text, groups, said)
    return _entities(text, groups)


def share_speaker_ids(entities: Sequence[Entity], quotes: Sequence[Quote]) -> list[Quote]:
    """The quotations with ``speaker_id`` set to the id of the entity their speaker names, and a person's
    ``speaker`` set to that entity's name when it is fuller (the quotations said «کی روش», the article names
    «کارلوس کی روش»).

    A speaker names an entity when it is one of the entity's forms in the article (any label), or when it is
    the same person as exactly one PER entity (a surname, a fuller name). Other quotations are unchanged.
    """
    forms: dict[str, Entity] = {}
    for entity in sorted(entities, key=lambda e: e.label != "PER"):
        for form in {entity.name, *(m.text for m in entity.mentions)}:
            forms.setdefault("".join(name_words(form)), entity)
    people = [(name_words(e.name), e) for e in entities if e.label == "PER"]
    found: dict[str, Entity | None] = {}
    shared = []
    for quote in quotes:
        speaker = quote.speaker
        if speaker and speaker not in found:
            found[speaker] = _speaker_entity(speaker, forms, people)
        entity = found[speaker] if speaker else None
        if entity is not None and entity.id != quote.speaker_id:
            quote = msgspec.structs.replace(quote, speaker_id=entity.id)
        if entity is not None and speaker and _fuller(entity, speaker):
            quote = msgspec.structs.replace(quote, speaker=entity.name)  # «کی روش» → «کارلوس کی روش»
        shared.append(quote)
    return shared


def _fuller(entity: Entity, speaker: str) -> bool:
    """Whether a person entity's name is a fuller form of the speaker's name (the quotation reader found
    the surname, the tagger the full name somewhere in the article)."""
    name, said = name_words(entity.name), name_words(speaker)
    return entity.label == "PER" and len(name) > len(said) and _variant("PER", said, name)


def entity_id(name: str, label: str) -> str:
    """The id of an entity no registry knows: its label and folded name.

    >>> entity_id("ولاديمير  پوتين", "PER") == entity_id("ولادیمیر پوتین", "PER") == "per:ولادیمیر_پوتین"
    True
    """
    return f"{label.lower()}:{'_'.join(name_words(name))}"


@functools.lru_cache(maxsize=1 << 14)
def name_words(name: str) -> tuple[str, ...]:
    """The folded words of a name, without punctuation or a bracketed honorific («(ع)», «(ره)»).

    >>> name_words("امام رضا (ع)") == name_words("امام رضا")
    True
    """
    words = tuple(w for token in _WORD.findall(name) for w in fold_words(token))
    if len(words) > 1 and words[-1] in _HONORIFIC_MARKS and ")" in name:
        return words[:-1]
    return words


# --- cleaning -------------------------------------------------------------------------------------------


def _clean(text: str, start: int, end: int, label: str) -> list[_Span]:
    """The names in a span: without edge punctuation, function words or a trailing verb; none when it is no
    name (a pronoun, a verb, «این کشور»); each one of a coordination of registry names («روسیه و فرانسه»)."""
    if label not in LABELS or not 0 <= start < end <= len(text):
        return []
    end = _closing(text, start, end)
    spans = []
    for cut_start, cut_end, words, ref in _trim(text[start:end]):
        if label == "PER" and ref is not None and (ref.context or not ref.id.startswith("iso:")):
            ref = None  # a person may be named like an outlet («تسنیم»); a country tagged PER is a country
        elif label != "PER" and ref is None and len(words) == 1 and _demonym(words[0]):
            continue  # «روسی», «آمریکایی»: an adjective, and Didban has no label for nationalities
        spans.append(_Span(start + cut_start, start + cut_end, label, words, ref))
    return spans


#: How a nationality adjective ends, and what its country's name ends with instead: «روسی» ← «روسیه»,
#: «ایرانی» ← «ایران», «آمریکایی» ← «آمریکا», «فرانسوی» ← «فرانسه».
_DEMONYM_ENDINGS = (("یی", ""), ("وی", "ه"), ("ی", ""), ("ی", "یه"), ("ی", "ه"))


@functools.lru_cache(maxsize=1 << 12)
def _demonym(word: str) -> bool:
    """Whether a folded word is the adjective of a country or a region of the tables, and no name of one.

    >>> [_demonym(name_key(w)) for w in ("روسی", "آمریکایی", "فرانسوی", "اروپایی", "آلبانی", "تهرانی")]
    [True, True, True, True, False, False]
    """
    if countries().find_key(word) or places().find_key(word):
        return False
    return any(
        word.endswith(ending) and (countries().find_key(stem) or places().find_key(stem)) is not None
        for ending, tail in _DEMONYM_ENDINGS
        if len(stem := word[: -len(ending)] + tail) >= 2
    )


def _split_known(text: str, spans: list[_Span]) -> list[_Span]:
    """Each coordination («پدیده و سپیدرود») split into its names when every part is another name of the
    article, or one without its head word («باشگاه پدیده»); a coordination of registry names is split by
    :func:`_clean` already, and a registry name («سیستان و بلوچستان») is never split."""
    known: set[tuple[str, ...]] = set()
    for span in spans:
        if "و" not in span.words:
            known.add(span.words)
            if len(span.words) > 1 and span.words[0] in _HEADS:
                known.add(span.words[1:])
    out: list[_Span] = []
    for span in spans:
        parts = _coordinated(text, span) if span.ref is None and "و" in span.words[1:-1] else []
        out.extend(parts if parts and all(p.words in known for p in parts) else [span])
    return out


def _coordinated(text: str, span: _Span) -> list[_Span]:
    """The parts of a span between its «و» words, as spans of the same label."""
    words = [m.span() for m in _WORD.finditer(text, span.start, span.end)]
    cuts = [i for i, (a, b) in enumerate(words) if text[a:b] == "و" and 0 < i < len(words) - 1]
    ranges = zip([0, *(c + 1 for c in cuts)], [*cuts, len(words)], strict=True)
    parts = []
    for first, last in ranges:
        start, end = words[first][0], words[last - 1][1]
        ref = None if span.label == "PER" else _registry_ref(text[start:end])
        parts.append(_Span(start, end, span.label, name_words(text[start:end]), ref))
    return parts if cuts else []


#: The longest registry name looked for inside a longer span, in words.
_NESTED_WORDS = 6


def _nested(text: str, spans: list[_Span]) -> list[_Span]:
    """Registry names inside the spans that name something else: «جامعه مشترک المنافع» in the event
    «نشست شورای سران کشورهای جامعه مشترک المنافع», «روسیه» in «وزارت خارجه روسیه». Each is a mention of its
    entry too; the longest first, none overlapping, no form that needs context, never inside a person, never
    opening the span (a brand name starts with a country: «ایران خودرو»)."""
    found: list[_Span] = []
    for span in spans:
        if span.label != "PER" and span.ref is None and len(span.words) > 1:
            found.extend(_registry_names(text, span.start, span.end))
    return found


def _registry_names(text: str, start: int, end: int) -> list[_Span]:
    """The registry names among the word runs of ``text[start:end]`` after its first word.

    >>> text = "در نشست شورای سران کشورهای جامعه مشترک المنافع"
    >>> [(text[s.start : s.end], s.ref.id) for s in _registry_names(text, 3, len(text))]
    [('جامعه مشترک المنافع', 'org:cis')]
    """
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    runs = [
        (a, a + size)
        for size in range(min(len(words) - 1, _NESTED_WORDS), 0, -1)
        for a in range(1, len(words) - size + 1)  # never the first word: «ایران خودرو», «قطر ایرویز»
    ]
    taken: list[tuple[int, int]] = []
    out = []
    for a, b in runs:
        if any(a < right and left < b for left, right in taken):
            continue
        surface = text[words[a][0] : words[b - 1][1]]
        ref = _registry_ref(surface)
        if ref is not None and not ref.context:
            taken.append((a, b))
            out.append(_Span(words[a][0], words[b - 1][1], ref.label, name_words(surface), ref))
    return out


_Cut = tuple[int, int, tuple[str, ...], _Ref | None]


@functools.lru_cache(maxsize=1 << 14)
def _trim(surface: str) -> tuple[_Cut, ...]:
    """The names in a span's text (see :func:`_clean`): where each stands, its words, its registry entry."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(surface)]
    keys = [_word_key(w) for _, _, w in words]
    first, last = _edges(words, keys)
    if not _is_name(words, keys, first, last):
        return ()
    if (first > 0 or last < len(words)) and _registry_ref(surface[words[0][0] : words[-1][1]]) is not None:
        first, last = 0, len(words)  # the whole is a name: not trimmed («جزیره من»)
    return tuple(
        _cut(surface, words[a][0], words[b - 1][1]) for a, b in _parts(surface, words, keys, first, last)
    )


def _edges(words: list[tuple[int, int, str]], keys: list[str]) -> tuple[int, int]:
    """The first and past-the-last word of the name: function words and a trailing verb left out."""
    first, last = 0, len(words)
    while first < last and (keys[first] in _FUNCTION or _leading(keys, first, last)):
        first += 1
    while last > first:
        key = keys[last - 1]
        verb = key in _TRAILING_VERBS or _inflected(words[last - 1][2])
        if (verb or key in _LIGHT_VERBS) and last - first > 1 and keys[last - 2] in _nominals():
            last -= 2  # a compound verb: «اعلام کرد», «خبر داد»
        elif verb or key in _FUNCTION:
            last -= 1
        else:
            break
    return first, last


def _leading(keys: list[str], at: int, last: int) -> bool:
    """A preposition before a name («بین روسیه و …»), not the first part of one («بین الحرمین»)."""
    return keys[at] in _LEADING and at + 1 < last and not keys[at + 1].startswith("ال")


def _is_name(words: list[tuple[int, int, str]], keys: list[str], first: int, last: int) -> bool:
    """Whether the kept words can be a name: not nothing, pronouns, one verb, or «این» + a noun."""
    if first == last or all(k in _PRONOUNS for k in keys[first:last]):
        return False
    if last - first == 1:
        return not is_verb(words[first][2])
    if keys[first] in _DEMONSTRATIVES and keys[first + 1] in _ANAPHORA_HEADS:
        return False
    inside = range(first, last)
    return not any(keys[i] in _CLAUSE_WORDS or _inflected(words[i][2]) for i in inside)


def _parts(
    surface: str, words: list[tuple[int, int, str]], keys: list[str], first: int, last: int
) -> list[tuple[int, int]]:
    """The word ranges of the names: one, or each name of a coordination («X و Y»، «X، Y») when every part
    is a registry name."""
    parts, at = [], first
    for i in range(first + 1, last):
        if keys[i] == "و" or "،" in surface[words[i - 1][1] : words[i][0]]:
            parts.append((at, i))
            at = i + 1 if keys[i] == "و" else i
    parts = [(a, b) for a, b in [*parts, (at, last)] if b > a]
    if len(parts) > 1 and all(_registry_ref(surface[words[a][0] : words[b - 1][1]]) for a, b in parts):
        return parts
    return [(first, last)]


def _cut(surface: str, start: int, end: int) -> _Cut:
    end = _balanced(surface, start, end)
    return start, end, name_words(surface[start:end]), _registry_ref(surface[start:end])


@functools.cache
def _nominals() -> frozenset[str]:
    """The nouns of compound verbs a tagger may take into a span («… اعلام کرد»): those of the reporting
    cues and a few common ones."""
    nouns = {
        expr.split()[-2]
        for expr, _ in load_cues()
        if len(expr.split()) > 1 and expr.split()[-1] in LIGHT_VERBS
    }
    nouns.update(_COMPOUND_NOUNS)
    return frozenset(name_key(w) for w in nouns)


def _closing(text: str, start: int, end: int) -> int:
    """``end`` past the closing mark right after a span that opened a quotation or bracket and stopped
    short of its close (a tagger's «پایگاه خبری "الجزیره» of «… "الجزیره"،»).

    >>> text = 'به نقل از پایگاه خبری "الجزیره"، افراد'
    >>> text[10 : _closing(text, 10, 30)]
    'پایگاه خبری "الجزیره"'
    """
    if end < len(text) and _balanced(text[start : end + 1], 0, end - start) == end - start + 1:
        return end + 1
    return end


def _balanced(surface: str, start: int, end: int) -> int:
    """``end`` moved past the closing bracket or quotation mark the name opened («امام رضا (ع)»)."""
    for opener, closer in _PAIRS:
        inner = surface[start:end]
        unclosed = inner.count(opener) % 2 if opener == closer else inner.count(opener) > inner.count(closer)
        if unclosed:
            found = surface.find(closer, end)
            end = end if found < 0 else found + 1
    return end


@functools.lru_cache(maxsize=1 << 14)
def _word_key(word: str) -> str:
    return name_key(word)


@functools.lru_cache(maxsize=1 << 14)
def is_verb(word: str) -> bool:
    """Whether a word of the repaired text is a verb form: an auxiliary or a bare common verb, or an
    inflected form (:func:`_inflected`).

    >>> [is_verb(w) for w in ("می‌گوید", "گفتند", "نمی‌دانست", "بگوید", "گفت", "پوتین", "هلند", "رستم")]
    [True, True, True, True, True, False, False, False]
    """
    return _word_key(word) in _BARE_VERBS or _inflected(word)


@functools.lru_cache(maxsize=1 << 14)
def _inflected(word: str) -> bool:
    """An inflected verb: «می‌»/«نمی‌» + a stem + an ending, a past stem + «ند»/«یم», «ب» + a present stem
    + an ending (the half-space after «می» is required: the text is repaired, «میناوند» is a name)."""
    key = _word_key(word)
    past, present = _stems()
    for prefix in ("نمی\u200c", "می\u200c"):
        if word.startswith(prefix):
            rest = key[len(prefix) - 1 :]
            return (
                rest in past or _ends(rest, present, _PRESENT_ENDINGS) or _ends(rest, past, _PERSON_ENDINGS)
            )
    if _ends(key, past, _PERSON_ENDINGS):
        return True
    return key.startswith("ب") and _ends(key[1:], present, _SUBJUNCTIVE_ENDINGS, shortest=2)


def _ends(word: str, stems: frozenset[str], endings: Iterable[str], shortest: int = 1) -> bool:
    """Whether ``word`` is a stem of ``stems`` (of ``shortest`` letters or more) and one of ``endings``."""
    return any(
        word.endswith(e) and len(word) - len(e) >= shortest and word[: -len(e)] in stems for e in endings
    )


@functools.cache
def _stems() -> tuple[frozenset[str], frozenset[str]]:
    """Past and present verb stems (hazm's verb list, shipped for the half-space lexicon), folded."""
    rows = data_rows("zwnj_verbs.tsv")
    past = frozenset(name_key(r[0]) for r in rows if r[0])
    present = frozenset(name_key(r[1]) for r in rows if len(r) > 1 and r[1])
    return past, present


def _merge(text: str, spans: list[_Span]) -> list[_Span]:
    """Spans in text order; overlapping or touching ones merged (same label) or the longer kept."""
    spans.sort(key=_START)
    merged: list[_Span] = []
    for span in spans:
        prev = merged[-1] if merged else None
        if prev is None or not _touch(text, prev, span):
            merged.append(span)
        elif prev.label == span.label:
            end = max(prev.end, span.end)
            surface = text[prev.start : end]
            ref = None if prev.label == "PER" else _registry_ref(surface)
            merged[-1] = _Span(prev.start, end, prev.label, name_words(surface), ref)
        elif span.start >= prev.end:
            merged.append(span)  # touching, different labels: both stay
        elif span.end - span.start > prev.end - prev.start:
            merged[-1] = span
    return merged


def _touch(text: str, a: _Span, b: _Span) -> bool:
    """Whether ``b`` overlaps ``a`` or follows it with nothing or only half-spaces between."""
    return b.start < a.end or not text[a.end : b.start].strip("\u200c")


# --- registries and variants ----------------------------------------------------------------------------


def _resolve(text: str, spans: list[_Span]) -> tuple[list[_Group], list[_Group]]:
    """Registry groups (by id) and name groups (by folded form) of the cleaned spans."""
    confirmed = {s.ref.id for s in spans if s.ref is not None and not s.ref.context}
    by_id: dict[tuple[str, str], list[_Span]] = {}
    by_form: dict[str, list[_Span]] = {}
    for span in spans:
        ref = span.ref
        if ref is not None and (not ref.context or ref.id in confirmed or _after_cue(text, span, ref)):
            by_id.setdefault((ref.id, ref.label), []).append(span)
        else:
            by_form.setdefault("".join(span.words), []).append(span)
    registered = [_Group(label, eid, found) for (eid, label), found in by_id.items()]
    return registered, [_Group(_majority(found), None, found) for found in by_form.values()]


@functools.lru_cache(maxsize=1 << 13)
def _registry_ref(surface: str) -> _Ref | None:
    """The registry entry a (non-PER) name names: a country, an outlet, an organisation."""
    words = name_words(surface)
    key = "".join(words)
    country = countries().find_key(key)
    if country is None and len(words) > 1 and words[0] in _COUNTRY_HEADS:
        country = countries().find_key("".join(words[1:]))  # «کشور روسیه», «جمهوری روسیه»
    if country is not None:
        return _Ref(f"iso:{country.code}", "LOC", country.context)
    place = places().find_key(key)
    if place is None and len(words) > 1 and words[0] in _GENERIC_PLACE_HEADS:
        place = places().find_key("".join(words[1:]))  # «منطقه قفقاز»
    if place is not None:
        return _Ref(f"loc:{place.code}", "LOC", place.context)
    outlet = default_registry().find(surface)
    if outlet is not None:
        return _Ref(f"outlet:{outlet.id}", "ORG", key in {name_key(a) for a in outlet.ambiguous})
    org = organizations().find_key(key)
    return None if org is None else _Ref(f"org:{org.code}", "ORG", org.context)


def _after_cue(text: str, span: _Span, ref: _Ref) -> bool:
    """Whether an outlet's name follows «به گزارش» or «به نقل از»."""
    return ref.id.startswith("outlet:") and _CUE.search(text, max(0, span.start - 16), span.start) is not None


def _majority(spans: list[_Span]) -> str:
    """The label most of the spans have (the first one's on a tie)."""
    labels = [s.label for s in spans]
    if len(set(labels)) == 1:
        return labels[0]
    counts = Counter(labels)
    return max(counts, key=lambda label: (counts[label], -labels.index(label)))


def _link_variants(text: str, registered: list[_Group], named: list[_Group]) -> list[_Group]:
    """Each shorter name group joined to the longer group it is a variant of (see the module notes)."""
    heads = list(registered)
    bracketed = _bracketed(text)
    for group in sorted(named, key=lambda g: g.size, reverse=True):
        targets = [h for h in _candidates(heads, group, bracketed) if _is_variant(text, bracketed, group, h)]
        if len(targets) == 1:
            targets[0].add(group.mentions)
            continue
        left = [m for m in group.mentions if not _join_recent(m, targets)]
        if left:
            heads.append(_Group(group.label, None, left))
    return heads


def _candidates(heads: list[_Group], group: _Group, bracketed: frozenset[str]) -> list[_Group]:
    """The heads ``group`` may be a variant of: same label, larger, and holding its surname (PER) or its
    letters — one substring test each, so an article with many entities stays cheap."""
    label, size = group.label, group.size
    if label == "ORG" and any(joined in bracketed for joined in group.forms.values()):
        return [h for h in heads if h.label == label and h.size > size]  # maybe an acronym: check all
    needles = [words[-1] if label == "PER" else joined for words, joined in group.forms.items()]
    if len(needles) == 1:
        needle = needles[0]
        return [h for h in heads if h.label == label and h.size > size and needle in h.keys]
    return [h for h in heads if h.label == label and h.size > size and any(n in h.keys for n in needles)]


def _join_recent(mention: _Span, targets: list[_Group]) -> bool:
    """Add ``mention`` to the target named last before it; False when none was named before."""
    best, at = None, -1
    for target in targets:
        before = [m.start for m in target.mentions if m.start < mention.start]
        if before and max(before) > at:
            best, at = target, max(before)
    if best is not None:
        best.add((mention,))
    return best is not None


def _is_variant(text: str, bracketed: frozenset[str], short: _Group, long: _Group) -> bool:
    """Whether a form of ``short`` is a shorter way to write a form of ``long``."""
    return short.size < long.size and (_any_variant(short, long) or _acronym(text, bracketed, short, long))


def _any_variant(short: _Group, long: _Group) -> bool:
    """Whether some pair of forms follows the variant rules of the label."""
    for words, joined in short.forms.items():
        for long_words, long_joined in long.forms.items():
            near = long_joined.endswith(words[-1]) if short.label == "PER" else joined in long_joined
            shorter = near and len(joined) < len(long_joined)
            if shorter and _variant(short.label, words, long_words):
                return True
    return False


def _acronym(text: str, bracketed: frozenset[str], short: _Group, long: _Group) -> bool:
    """Whether the text gives a form of ``short`` in parentheses after ``long`` (ORG only)."""
    if short.label != "ORG" or not bracketed:
        return False
    return any(joined in bracketed and _introduced(text, long, s) for s, joined in short.forms.items())


def _variant(label: str, short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """The variant rules of one label, on folded words.

    >>> full = ("ولادیمیر", "پوتین")
    >>> _variant("PER", ("پوتین",), full), _variant("PER", ("ولادیمیر",), full)
    (True, False)
    >>> _variant("LOC", ("قره", "باغ"), ("قره", "باغ", "کوهستانی"))
    True
    >>> _variant("ORG", ("اروپا",), ("اتحادیه", "اروپا"))
    False
    """
    joined = "".join(short)
    if label == "PER":
        if not long[-1].endswith(short[-1]) and not short[-1].endswith(long[-1]):
            return False  # not the same surname: the common case, answered cheaply
        return _suffix(long, joined) or (len(short) > 1 and short[-1] == long[-1] and _within(short, long))
    if long[0] in (_LOC_HEADS if label == "LOC" else _ORG_HEADS) and "".join(long[1:]) == joined:
        return True
    if label == "LOC":
        return _prefix(long, joined, len(long) - 2)
    return len(short) > 1 and (_suffix(long, joined) or _prefix(long, joined, 1))


def _suffix(words: tuple[str, ...], joined: str) -> bool:
    """Whether the last words of ``words`` (not all of them) spell ``joined``."""
    return any("".join(words[k:]) == joined for k in range(1, len(words)))


def _prefix(words: tuple[str, ...], joined: str, shortest: int) -> bool:
    """Whether the first ``k`` words (``shortest <= k < len(words)``) spell ``joined``."""
    return any("".join(words[:k]) == joined for k in range(max(1, shortest), len(words)))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is a subsequence of ``long``."""
    rest = iter(long)
    return all(word in rest for word in short)


def _bracketed(text: str) -> frozenset[str]:
    """The keys of what the text writes in parentheses (candidate short forms: «(ناتو)»)."""
    if "(" not in text:
        return frozenset()
    return frozenset("".join(name_words(inner)) for inner in _BRACKETED.findall(text))


def _introduced(text: str, long: _Group, short: tuple[str, ...]) -> bool:
    """Whether the text writes ``short`` in parentheses right after a mention of ``long`` («… (ناتو)»)."""
    key = "".join(short)
    for mention in long.mentions:
        found = _PARENS.match(text, mention.end)
        if found is not None and "".join(name_words(found.group(1))) == key:
            return True
    return False


# --- speakers -------------------------------------------------------------------------------------------


def _add_speakers(text: str, groups: list[_Group], speakers: dict[str, set[str]]) -> None:
    """Make each named speaker the tagger missed a PER entity, or the fuller name of one."""
    for speaker, said in speakers.items():
        words = name_words(speaker)
        if not words or any(words[-1] in g.keys and _names(g, words) for g in groups):
            continue  # an entity names the speaker already
        shorter = [i for i, g in enumerate(groups) if g.label == "PER" and _shorter_form(g, words)]
        if len(shorter) > 1 or (not shorter and not _personal(speaker)):
            continue
        target = groups[shorter[0]] if shorter else None
        taken = sorted((m.start, m.end) for g in groups if g is not target for m in g.mentions)
        found = [m for m in _written(text, speaker, said) if not _overlaps(m, taken)]
        if target is not None and found:  # the full name takes the place of the surnames inside it
            spans = sorted((f.start, f.end) for f in found)
            kept = [m for m in target.mentions if not _overlaps(m, spans)]
            groups[shorter[0]] = _Group("PER", None, kept + found)
        elif found:
            groups.append(_Group("PER", None, found))


def _shorter_form(group: _Group, words: tuple[str, ...]) -> bool:
    """Whether the group's forms are shorter ways (a surname) to write the name ``words``."""
    joined = "".join(words)
    return any(key in joined and _variant("PER", form, words) for form, key in group.forms.items())


def _relabel_people(named: list[_Group], speakers: dict[str, set[str]]) -> None:
    """A name group that is a quotation's speaker, or its surname, is a person, whatever the tagger said."""
    people = [name_words(s) for s in speakers if _personal(s)]
    for group in named:
        if group.label != "PER" and any(p[-1] in group.keys and _is_or_names(group, p) for p in people):
            group.label = "PER"


def _is_or_names(group: _Group, person: tuple[str, ...]) -> bool:
    """Whether a form of the group is the person's name or a shorter way (a surname) to write it."""
    return person in group.forms or any(_variant("PER", f, person) for f in group.forms)


def _names(group: _Group, words: tuple[str, ...]) -> bool:
    """Whether the group has the name ``words`` as a form, or (PER) a fuller name it is a surname of."""
    return words in group.forms or (
        group.label == "PER" and any(_variant("PER", words, f) for f in group.forms)
    )


def _speakers(quotes: Sequence[Quote]) -> dict[str, set[str]]:
    """Each speaker (in order) with the mentions the quotations give for it."""
    found: dict[str, set[str]] = {}
    for quote in quotes:
        if quote.speaker:
            found.setdefault(quote.speaker, set()).add(quote.speaker_mention or quote.speaker)
    return found


@functools.lru_cache(maxsize=1 << 12)
def _personal(speaker: str) -> bool:
    """Whether a speaker reads as a person's full name: two words or more («کرملین» may be an institution),
    no title, institution, pronoun or anonymous-source word, no registry name."""
    from didban.read.subjects import key, speaker_words

    words = speaker.split()
    classes = speaker_words()
    if not 2 <= len(words) <= 5 or any(classes.get(key(w)) in _NOT_PERSONAL for w in words):
        return False
    return _registry_ref(speaker) is None


def _written(text: str, speaker: str, said: set[str]) -> list[_Span]:
    """Where the text writes the speaker's name, and the shorter forms the quotations use for it
    (leftmost-longest, without overlaps)."""
    words = name_words(speaker)
    forms = {speaker} | {m for m in said if _variant("PER", name_words(m), words)}
    found = sorted((start, -end) for form in forms for start, end in _occurrences(text, form))
    spans: list[_Span] = []
    for start, neg_end in found:
        if not spans or start >= spans[-1].end:
            spans.append(_Span(start, -neg_end, "PER", name_words(text[start:-neg_end])))
    return spans


def _occurrences(text: str, form: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` writes ``form`` as whole words, a space or a half-space between them (the first word
    is found by plain search, then the rest matched there: cheaper than a regex scan of the text)."""
    first = _SPACES.split(form.strip(), maxsplit=1)[0]
    pattern = _pattern(form)
    at = text.find(first) if first else -1
    while at >= 0:
        found = pattern.match(text, at)
        if found is not None and (at == 0 or not _WORD.match(text[at - 1])):
            yield found.start(), found.end()
        at = text.find(first, at + 1)


@functools.lru_cache(maxsize=256)
def _pattern(form: str) -> re.Pattern[str]:
    """A name as whole words, with a space or a half-space between them."""
    body = r"[ \u200c]+".join(re.escape(w) for w in _SPACES.split(form.strip()) if w)
    return re.compile(rf"{body}(?![\w\u200c])")


def _overlaps(span: _Span, taken: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of the ``taken`` spans (sorted, not overlapping each other)."""
    at = bisect.bisect_left(taken, (span.end,))
    return at > 0 and taken[at - 1][1] > span.start


def _speaker_entity(
    speaker: str, forms: dict[str, Entity], people: list[tuple[tuple[str, ...], Entity]]
) -> Entity | None:
    """The entity a speaker names: one of its forms, or the one person it is a shorter or fuller name of."""
    found = forms.get("".join(name_words(speaker)))
    if found is not None:
        return found
    words = name_words(speaker)
    same = [
        e for name, e in people if words and (_variant("PER", words, name) or _variant("PER", name, words))
    ]
    return same[0] if len(same) == 1 else None


# --- output ---------------------------------------------------------------------------------------------


def _entities(text: str, groups: list[_Group]) -> list[Entity]:
    """One Entity per group (groups that end with the same id merged), in order of first mention."""
    merged: dict[str, tuple[_Group, str]] = {}
    for group in groups:
        group.mentions.sort(key=_START)
        name = _name(text, _fullest(group))
        eid = group.id or entity_id(name, group.label)
        if eid in merged:  # rare: two groups that come to the same name
            have = merged[eid][0]
            have.add(m for m in group.mentions if m not in have.mentions)
            have.mentions.sort(key=_START)
            merged[eid] = (have, _name(text, _fullest(have)))
        else:
            merged[eid] = (group, name)
    entities = []
    for eid, (group, name) in merged.items():
        mentions = [Mention(text=text[m.start : m.end], start=m.start, end=m.end) for m in group.mentions]
        label: EntityLabel = group.label  # type: ignore[assignment]
        entities.append(Entity(id=eid, name=name, label=label, mentions=mentions))
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _name(text: str, best: _Span) -> str:
    """An entity's name: its fullest form, less a generic head word a place is written with («منطقه
    قفقاز», «شهر مسکو» → «قفقاز», «مسکو»), so that the place has one id in every article; «استان تهران»
    keeps its head (the province is not the city).

    >>> _name("در منطقه قفقاز", _Span(3, 14, "LOC", ("منطقه", "قفقاز")))
    'قفقاز'
    """
    surface = text[best.start : best.end]
    if best.label == "LOC" and len(best.words) > 1 and best.words[0] in _GENERIC_PLACE_HEADS:
        return surface.split(maxsplit=1)[1]
    table = countries()
    if (
        best.words[0] in _COUNTRY_HEADS
        and table.find_key("".join(best.words)) is None  # «جمهوری آذربایجان» is a name of its own
        and table.find_key("".join(best.words[1:])) is not None
    ):
        return surface.split(maxsplit=1)[1]  # «جمهوری فدراسیون روسیه» (of «رئیس جمهوری …»): the country
    return surface


def _fullest(group: _Group) -> _Span:
    """The fullest form of a group whose mentions are in text order: most words, then most letters, then
    the first."""
    words, letters = group.size
    forms = group.forms
    return next(m for m in group.mentions if len(m.words) == words and len(forms[m.words]) == letters)
