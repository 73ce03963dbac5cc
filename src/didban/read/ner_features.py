"""Features of the named-entity CRF: one function shared by training (``training/train_ner.py``, the
evaluation) and run time (:mod:`didban.read.ner`).

Each token of a sentence becomes a list of string features: its normalized form (letters and digits
unified, diacritics dropped, a form without half-spaces), affixes, a word shape, the words and clusters
of its neighbours (±2), its gazetteer tag (a longest match of countries, first names and outlets) and its
word clusters (k-means over co-occurrence vectors of the news text, see ``training/train_ner.py``).

>>> features(["ولادیمیر", "پوتین", "گفت"], FeatureConfig(gazetteer=False, clusters=False))[1][:4]
['b', 'w=پوتین', 'p1=پ', 'p2=پو']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from didban.text.letters import ZWNJ, unify

GAZETTEER_FILE = "ner_gazetteer.tsv"
CLUSTERS_FILE = "ner_clusters.tsv"
#: Longest gazetteer entry, in tokens.
MAX_PHRASE = 6


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature groups are on (the ablation switches them one by one; the default is shipped)."""

    normalize: bool = True
    affixes: bool = True
    shape: bool = True
    window: int = 2
    gazetteer: bool = True
    clusters: bool = True


@dataclass(frozen=True)
class Resources:
    """The lookup tables the features read: gazetteer phrases and word clusters."""

    phrases: Mapping[tuple[str, ...], str]
    clusters: Mapping[str, tuple[str, ...]]
    #: For each word that starts a gazetteer phrase, the longest such phrase (in words).
    starts: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", phrase_starts(self.phrases))


def phrase_starts(phrases: Mapping[tuple[str, ...], str]) -> dict[str, int]:
    """The first words of the phrases, each with the length of its longest phrase."""
    starts: dict[str, int] = {}
    for phrase in phrases:
        starts[phrase[0]] = max(starts.get(phrase[0], 0), len(phrase))
    return starts


_DIGITS = re.compile(r"[0-9۰-۹]")
_SHAPES = (
    (re.compile(r"^[0-9۰-۹]+$"), "num"),
    (re.compile(r"^[\u0621-\u065f\u0670-\u06d3\u06d5\u200c]+$"), "fa"),
    (re.compile(r"^[0-9۰-۹][0-9۰-۹.,:/٫٬\-]*$"), "numx"),
    (re.compile(r"^[A-Z][a-z]+$"), "Aa"),
    (re.compile(r"^[A-Z0-9\-.]+$"), "AA"),
    (re.compile(r"^[A-Za-z]"), "lat"),
)


@lru_cache(maxsize=1 << 15)
def normalize(word: str) -> str:
    """The form a word is looked up by: letters, digits and half-spaces unified, diacritics dropped.

    >>> normalize("آمريكا"), normalize("۱۴۰۵")
    ('آمریکا', '0000')
    """
    return _DIGITS.sub("0", unify(word)).replace("\u200d", ZWNJ).strip(ZWNJ)


@lru_cache(maxsize=1 << 15)
def shape(word: str) -> str:
    """A coarse class of the word: Persian letters, digits, Latin case, or the mark itself.

    >>> shape("پوتین"), shape("NATO"), shape("«")
    ('fa', 'AA', '«')
    """
    for pattern, name in _SHAPES:
        if pattern.match(word):
            return name
    return word[:3] if len(word) <= 3 else "other"


@lru_cache(maxsize=1 << 14)
def _token_features(word: str, config: FeatureConfig) -> tuple[str, ...]:
    """The features of a token on its own (its neighbours add theirs with a position prefix); cached, as
    news repeats its words."""
    feats = ["b", f"w={word}"]
    if ZWNJ in word:
        feats.append(f"wz={word.replace(ZWNJ, '')}")
    if config.affixes:
        bare = word.replace(ZWNJ, "")
        feats += [f"p{n}={bare[:n]}" for n in (1, 2, 3) if len(bare) > n]
        feats += [f"s{n}={bare[-n:]}" for n in (1, 2, 3, 4) if len(bare) > n]
    if config.shape:
        feats += [f"sh={shape(word)}", f"len={min(len(word), 8)}"]
    return tuple(feats)


def gazetteer_tags(
    words: Sequence[str], phrases: Mapping[tuple[str, ...], str], starts: Mapping[str, int] | None = None
) -> list[str]:
    """Each word's tag in the longest gazetteer match that covers it (``B-kind``, ``I-kind`` or ``O``).

    ``starts`` (:func:`phrase_starts` of ``phrases``) lets most words be passed over with one lookup.

    >>> gazetteer_tags(["به", "جمهوری", "آذربایجان"], {("جمهوری", "آذربایجان"): "country"})
    ['O', 'B-country', 'I-country']
    """
    starts = phrase_starts(phrases) if starts is None else starts
    tags = ["O"] * len(words)
    i = 0
    while i < len(words):
        longest = starts.get(words[i], 0)
        for size in range(min(longest, MAX_PHRASE, len(words) - i), 0, -1):
            kind = phrases.get(tuple(words[i : i + size]))
            if kind:
                tags[i : i + size] = [f"B-{kind}"] + [f"I-{kind}"] * (size - 1)
                i += size
                break
        else:
            i += 1
    return tags


def features(
    words: Sequence[str], config: FeatureConfig = FeatureConfig(), res: Resources | None = None
) -> list[list[str]]:
    """The CRF features of each word of one sentence (``words`` as written; normalized here).

    Built column by column (one list per feature position over the sentence), which keeps the per-token
    work to joining strings: tagging speed is mostly this function's.
    """
    res = res if res is not None else resources_for(config)
    norm = [normalize(w) for w in words] if config.normalize else list(words)
    columns = _context_columns(norm, config.window)
    if config.clusters:
        columns += _cluster_columns([res.clusters.get(w, _NO_CLUSTER) for w in norm])
    if config.gazetteer:
        columns += _gazetteer_columns(gazetteer_tags(norm, res.phrases, res.starts))
    own = [_token_features(w, config) for w in norm]
    if not columns:
        return [list(feats) for feats in own]
    return [[*feats, *extra] for feats, extra in zip(own, zip(*columns, strict=True), strict=True)]


_NO_CLUSTER = ("-", "-", "-")


def _padded(items: Sequence[str], width: int, before: str = "<s>", after: str = "</s>") -> list[str]:
    """``items`` with ``width`` boundary marks on each side."""
    return [before] * width + list(items) + [after] * width


def _context_columns(norm: Sequence[str], window: int) -> list[list[str]]:
    """Neighbouring words within ``window`` and the two bigrams around each word, one column each."""
    pad, n = _padded(norm, max(window, 1)), len(norm)
    at = max(window, 1)
    columns = [[f"w{d:+d}={pad[i + at + d]}" for i in range(n)] for d in range(-window, window + 1) if d]
    if window:
        columns.append([f"bg-={pad[i + at - 1]}|{w}" for i, w in enumerate(norm)])
        columns.append([f"bg+={w}|{pad[i + at + 1]}" for i, w in enumerate(norm)])
    return columns


def _cluster_columns(clusters: Sequence[tuple[str, ...]]) -> list[list[str]]:
    """Each word's clusters at every granularity, and the finest ones of its neighbours at ±1 and ±2."""
    own = [_own_clusters(c) for c in clusters]
    columns = [list(column) for column in zip(*own, strict=True)] if own else []
    fine = _padded([c[1] for c in clusters], 2, "<s>", "<s>")
    for d in (-2, -1, 1, 2):
        columns.append([f"k{d:+d}={fine[i + 2 + d]}" for i in range(len(clusters))])
    return columns


@lru_cache(maxsize=1 << 12)
def _own_clusters(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"k{n}={c}" for n, c in enumerate(ids))


def _gazetteer_columns(gaz: Sequence[str]) -> list[list[str]]:
    """Each word's gazetteer tag and its neighbours'."""
    pad = _padded(gaz, 1)
    return [
        [f"g={g}" for g in gaz],
        [f"g-1={pad[i]}" for i in range(len(gaz))],
        [f"g+1={pad[i + 2]}" for i in range(len(gaz))],
    ]


def parse_gazetteer(text: str) -> dict[tuple[str, ...], str]:
    """Gazetteer phrases (already normalized, words separated by spaces) → kind, from ``phrase<TAB>kind``."""
    out: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        phrase, _, kind = line.partition("\t")
        if kind and not phrase.startswith("#"):
            out[tuple(phrase.split(" "))] = kind
    return out


def parse_clusters(text: str) -> dict[str, tuple[str, ...]]:
    """Word → cluster ids (coarse to fine), from ``word<TAB>id<TAB>id…`` lines."""
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        word, *ids = line.split("\t")
        if ids and not word.startswith("#"):
            out[word] = tuple(ids)
    return out


def _data_text(name: str) -> str:
    """A file of ``didban/models/data`` as text, empty when the package does not ship it."""
    path = resources.files("didban").joinpath("models", "data", name)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@cache
def shipped_resources() -> Resources:
    """The gazetteer and clusters shipped with the package, loaded once."""
    return Resources(parse_gazetteer(_data_text(GAZETTEER_FILE)), parse_clusters(_data_text(CLUSTERS_FILE)))


def resources_for(config: FeatureConfig) -> Resources:
    """The shipped resources when ``config`` reads any, else empty ones (no file read)."""
    return shipped_resources() if config.gazetteer or config.clusters else Resources({}, {})
