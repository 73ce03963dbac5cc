"""The outlet registry: Persian news outlets and foreign agencies as the Persian press names them.

The registry ships as ``lexicon/data/outlets.json`` and loads once, on first use. Lookups fold the
spelling differences Persian text is full of, so «خبرگزاري فارس», «خبرگزاری‌فارس» and «فارس» all find
the same outlet:

>>> find_outlet("خبرگزاري فارس").id
'fars'
>>> find_outlet("ورزش‌سه").id
'varzesh3'
>>> find_outlet("آسوشیتد پرس").name
'آسوشیتدپرس'
>>> outlet_by_domain("https://www.farsnews.ir/news/8707060255").id
'fars'
>>> [(m.outlet.id, m.start, m.end) for m in scan_outlets("به نقل از خبرگزاری تسنیم، پوتین گفت")]
[('tasnim', 10, 24)]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Generic, Literal, NamedTuple, TypeVar

import msgspec

from didban.article import Outlet

OutletKind = Literal["agency", "newspaper", "site", "broadcaster"]
V = TypeVar("V")

#: Generic words the press puts before an outlet's name («خبرگزاری فارس», «روزنامه کیهان»).
GENERIC_PREFIXES: tuple[str, ...] = (
    "خبرگزاری",
    "روزنامه",
    "پایگاه خبری",
    "پایگاه اینترنتی",
    "پایگاه اطلاع\u200cرسانی",
    "پایگاه خبری تحلیلی",
    "سایت",
    "سایت خبری",
    "وب\u200cسایت",
    "شبکه",
    "شبکه خبری",
    "شبکه تلویزیونی",
    "تلویزیون",
    "رادیو",
    "هفته\u200cنامه",
    "نشریه",
    "مجله",
    "خبرگزاری رسمی",
    "وبگاه",
    "وبگاه خبری",
    "سایت رسمی",
)

_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_TOKEN = re.compile(r"(?P<w>[\w\u064b-\u065f\u0670\u0640]+)|(?P<p>\n|[^\s\w\u200c\u200d\u200e\u200f\ufeff])")


class Token(NamedTuple):
    """A word or punctuation mark of a text: its folded ``key`` and where it stands in the text."""

    key: str
    start: int
    end: int
    word: bool


class OutletRecord(msgspec.Struct, kw_only=True, frozen=True):
    """One registry entry. ``ambiguous`` lists aliases that are also common words («فارس», «مهر»)."""

    id: str
    name: str
    name_en: str
    aliases: list[str] = msgspec.field(default_factory=list)
    domains: list[str] = msgspec.field(default_factory=list)
    country: str | None = None
    kind: OutletKind
    ambiguous: list[str] = msgspec.field(default_factory=list)

    def outlet(self) -> Outlet:
        """The record as the Article contract's :class:`~didban.article.Outlet`."""
        return Outlet(id=self.id, name=self.name)


class OutletMention(NamedTuple):
    """An outlet named at ``text[start:end]``."""

    outlet: Outlet
    start: int
    end: int


def fold(word: str) -> str:
    """The matching key of one word: Arabic letters to Persian, no diacritics, ASCII digits, lower case.

    >>> fold("خبرگزاري") == fold("خبرگزاری")
    True
    """
    word = unicodedata.normalize("NFKC", word).translate(_LETTERS)
    return _MARKS.sub("", word).lower()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation marks of ``text[start:end]`` with offsets into ``text``.

    Spaces, ZWNJ and other joiners separate words and are dropped, so «ورزش‌سه» gives two words.
    """
    return [
        Token(fold(m.group()) if m.lastgroup == "w" else m.group(), m.start(), m.end(), m.lastgroup == "w")
        for m in _TOKEN.finditer(text, start, len(text) if end is None else end)
    ]


def phrase_key(phrase: str) -> str:
    """The key of a phrase: its folded words joined with nothing, so spacing and ZWNJ do not matter."""
    return "".join(tok.key for tok in tokenize(phrase) if tok.word)


class PhraseIndex(Generic[V]):
    """Longest match of known phrases over runs of words, insensitive to space, ZWNJ or no gap."""

    def __init__(self, phrases: Mapping[str, V]) -> None:
        self._values: dict[str, V] = {}
        self._stems: set[str] = set()
        for phrase, value in phrases.items():
            key = phrase_key(phrase)
            if key:
                self._values.setdefault(key, value)
                self._stems.update(key[:n] for n in range(1, len(key) + 1))

    def __contains__(self, phrase: str) -> bool:
        return phrase_key(phrase) in self._values

    def match(self, tokens: Sequence[Token], i: int) -> tuple[V, int] | None:
        """The value of the longest phrase made of ``tokens[i:j]`` and ``j``; words only, no punctuation."""
        best: tuple[V, int] | None = None
        joined = ""
        for j in range(i, len(tokens)):
            if not tokens[j].word:
                break
            joined += tokens[j].key
            if joined not in self._stems:
                break
            if joined in self._values:
                best = (self._values[joined], j + 1)
        return best


class _Name(NamedTuple):
    """What a registry phrase resolves to: the outlet id, and whether the phrase is also a common word."""

    id: str
    ambiguous: bool


class OutletMatcher:
    """Finds registry outlets in token runs: «[prefix] alias», longest first.

    An alias that is also a common word («فارس», «مهر») counts bare only when ``bare=True``; behind a
    generic prefix («خبرگزاری مهر») it always counts.
    """

    def __init__(self, records: Iterable[OutletRecord]) -> None:
        names: dict[str, _Name] = {}
        for rec in records:
            ambiguous = {phrase_key(a) for a in rec.ambiguous}
            for alias in (rec.name, *rec.aliases):
                names.setdefault(alias, _Name(rec.id, phrase_key(alias) in ambiguous))
        self._names = PhraseIndex(names)
        self._prefixes = PhraseIndex(dict.fromkeys(GENERIC_PREFIXES, True))

    def match(self, tokens: Sequence[Token], i: int, *, bare: bool = True) -> tuple[str, int] | None:
        """``(outlet id, j)`` for the longest outlet name spelled by ``tokens[i:j]``, or None."""
        found = self._names.match(tokens, i)
        best = found if found and (bare or not found[0].ambiguous) else None
        prefix = self._prefixes.match(tokens, i)
        after = self._names.match(tokens, prefix[1]) if prefix else None
        if after and (best is None or after[1] > best[1]):
            best = after
        return None if best is None else (best[0].id, best[1])

    def is_prefix(self, tokens: Sequence[Token], i: int) -> int | None:
        """End index of a generic outlet prefix («خبرگزاری», «پایگاه خبری») at ``tokens[i]``, or None."""
        found = self._prefixes.match(tokens, i)
        return None if found is None else found[1]


class Registry:
    """The loaded outlet registry with its lookup indexes (built once, on first use)."""

    def __init__(self, records: Sequence[OutletRecord]) -> None:
        self.records = tuple(records)
        self.by_id = {rec.id: rec for rec in self.records}
        self.matcher = OutletMatcher(self.records)
        self._by_domain = {_host(d): rec for rec in self.records for d in rec.domains}

    @classmethod
    def load(cls, data: bytes | None = None) -> Registry:
        """Parse and validate registry JSON (the shipped ``outlets.json`` when ``data`` is None)."""
        if data is None:
            data = resources.files("didban.lexicon").joinpath("data/outlets.json").read_bytes()
        return cls(msgspec.json.decode(data, type=list[OutletRecord]))

    def find(self, name: str) -> OutletRecord | None:
        """The record whose name, alias or «prefix + alias» is exactly ``name``, folded."""
        tokens = [tok for tok in tokenize(name) if tok.word]
        found = self.matcher.match(tokens, 0) if tokens else None
        return self.by_id[found[0]] if found and found[1] == len(tokens) else None

    def by_domain(self, host: str) -> OutletRecord | None:
        """The record owning ``host`` or a parent domain of it (``sport.farsnews.ir`` → Fars)."""
        labels = _host(host).split(".")
        for n in range(len(labels) - 1):
            rec = self._by_domain.get(".".join(labels[n:]))
            if rec is not None:
                return rec
        return None

    def scan(self, text: str, *, bare: bool = False) -> list[OutletMention]:
        """Every outlet named in ``text``, leftmost-longest, without overlaps."""
        tokens = tokenize(text)
        found: list[OutletMention] = []
        i = 0
        while i < len(tokens):
            hit = self.matcher.match(tokens, i, bare=bare)
            if hit is None:
                i += 1
                continue
            start, end = tokens[i].start, tokens[hit[1] - 1].end
            found.append(OutletMention(Outlet(id=hit[0], name=text[start:end]), start, end))
            i = hit[1]
        return found


def _host(url_or_host: str) -> str:
    """The bare host of a URL or host name: no scheme, port, path, ``www.`` or trailing dot."""
    host = url_or_host.strip().lower().split("://", 1)[-1]
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].rstrip(".")
    return host.removeprefix("www.")


@functools.cache
def default_registry() -> Registry:
    """The shipped registry, loaded on first call."""
    return Registry.load()


def find_outlet(name: str) -> Outlet | None:
    """The registry outlet called ``name`` (any alias or spelling), with its canonical name."""
    rec = default_registry().find(name)
    return None if rec is None else rec.outlet()


def outlet_by_domain(host: str) -> Outlet | None:
    """The registry outlet publishing at ``host`` (a host name or a full URL)."""
    rec = default_registry().by_domain(host)
    return None if rec is None else rec.outlet()


def outlet_record(outlet_id: str) -> OutletRecord | None:
    """The full registry record (English name, domains, country, kind) of ``outlet_id``."""
    return default_registry().by_id.get(outlet_id)


def scan_outlets(text: str, *, bare: bool = False) -> list[OutletMention]:
    """Outlets named anywhere in ``text``; common-word aliases («فارس») count only with ``bare=True``."""
    return default_registry().scan(text, bare=bare)
