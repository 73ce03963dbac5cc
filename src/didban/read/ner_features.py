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
from dataclasses import dataclass
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


_DIGITS = re.compile(r"[0-9۰-۹]")
_SHAPES = (
    (re.compile(r"^[0-9۰-۹]+$"), "num"),
    (re.compile(r"^[\u0621-\u065f\u0670-\u06d3\u06d5\u200c]+$"), "fa"),
    (re.compile(r"^[0-9۰-۹][0-9۰-۹.,:/٫٬\-]*$"), "numx"),
    (re.compile(r"^[A-Z][a-z]+$"), "Aa"),
    (re.compile(r"^[A-Z0-9\-.]+$"), "AA"),
    (re.compile(r"^[A-Za-z]"), "lat"),
)


@lru_cache(maxsize=1 << 17)
def normalize(word: str) -> str:
    """The form a word is looked up by: letters, digits and half-spaces unified, diacritics dropped.

    >>> normalize("آمريكا"), normalize("۱۴۰۵")
    ('آمریکا', '0000')
    """
    return _DIGITS.sub("0", unify(word)).replace("\u200d", ZWNJ).strip(ZWNJ)


@lru_cache(maxsize=1 << 17)
def shape(word: str) -> str:
    """A coarse class of the word: Persian letters, digits, Latin case, or the mark itself.

    >>> shape("پوتین"), shape("NATO"), shape("«")
    ('fa', 'AA', '«')
    """
    for pattern, name in _SHAPES:
        if pattern.match(word):
            return name
    return word[:3] if len(word) <= 3 else "other"


@lru_cache(maxsize=1 << 17)
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


def gazetteer_tags(words: Sequence[str], phrases: Mapping[tuple[str, ...], str]) -> list[str]:
    """Each word's tag in the longest gazetteer match that covers it (``B-kind``, ``I-kind`` or ``O``).

    >>> gazetteer_tags(["به", "جمهوری", "آذربایجان"], {("جمهوری", "آذربایجان"): "country"})
    ['O', 'B-country', 'I-country']
    """
    tags = ["O"] * len(words)
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
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
    """The CRF features of each word of one sentence (``words`` as written; normalized here)."""
    res = res if res is not None else resources_for(config)
    norm = [normalize(w) for w in words] if config.normalize else list(words)
    own = [_token_features(w, config) for w in norm]
    keys = norm
    clusters = [res.clusters.get(w, ("-",) * 3) for w in keys] if config.clusters else []
    gaz = gazetteer_tags(norm, res.phrases) if config.gazetteer else []
    out = []
    for i, feats in enumerate(own):
        row = list(feats)
        row += _context(norm, i, config.window)
        if clusters:
            row += _cluster_features(clusters, i)
        if gaz:
            row += [f"g={gaz[i]}", f"g-1={_at(gaz, i - 1)}", f"g+1={_at(gaz, i + 1)}"]
        out.append(row)
    return out


def _at(items: Sequence[str], i: int) -> str:
    """``items[i]``, or a sentence-boundary mark outside the sentence."""
    return items[i] if 0 <= i < len(items) else ("<s>" if i < 0 else "</s>")


def _context(norm: Sequence[str], i: int, window: int) -> list[str]:
    """Neighbouring words within ``window`` and the two bigrams around the word."""
    feats = [f"w{d:+d}={_at(norm, i + d)}" for d in range(-window, window + 1) if d]
    if window:
        feats += [f"bg-={_at(norm, i - 1)}|{norm[i]}", f"bg+={norm[i]}|{_at(norm, i + 1)}"]
    return feats


def _cluster_features(clusters: Sequence[tuple[str, ...]], i: int) -> list[str]:
    """The word's clusters at each granularity, and the finest ones of its neighbours."""
    feats = list(_own_clusters(clusters[i]))
    for d in (-2, -1, 1, 2):
        j = i + d
        feats.append(f"k{d:+d}={clusters[j][1] if 0 <= j < len(clusters) else '<s>'}")
    return feats


@lru_cache(maxsize=1 << 12)
def _own_clusters(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"k{n}={c}" for n, c in enumerate(ids))


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
