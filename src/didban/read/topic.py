"""The article's topic: a linear classifier over the words of the headline, lead and body.

Seven coarse topics: ``politics`` (Iranian politics, parliament, government, parties, defence, foreign
policy), ``world`` (international news), ``economy``, ``society`` (social affairs, welfare, health, police,
schools), ``culture`` (culture, religion, books, arts, cinema, media), ``science`` (science, technology,
universities) and ``sports``.

Features are strings taken from the repaired text, folded as search folds it (:func:`didban.search.fold`:
hamza seats, «آ», diacritics; a half-space splits words; repair has already unified ي/ك and the digits):
every word of the headline, lead, crossheads and paragraphs, and the headline's and the lead's words again,
marked ``T:`` and ``L:``. They are weighted TF-IDF (raw counts, L2 norm) and scored by a linear SVM, one
weight per feature and topic, trained by ``training/train_topic.py`` and shipped as
``models/data/topic_model.tsv`` (the 2,000 features with the highest chi² on the training data); the sums
run in pure Python. The score is the softmax of the topic scores, with a temperature fitted on
cross-validated scores of the training data.

Training labels come from the sections of the Fars News corpus (Varzesh3 is all sports). Sections that are
not subjects (provinces, the magazine, multimedia) are not labels. Archive articles (ten-digit ids from
2003–2011) had their section re-assigned when the site moved — football filed under ``world``, cinema under
``scientific-academic`` — so for them only groups whose training titles read as one topic are labeled
(:data:`didban.evaluation.topic.ARCHIVE`).

| Fars section (`cat`) | subsection (`subcat`) | articles | topic |
|---|---|---|---|
| politics | any | current | politics |
| foreign-policy | any | current | politics |
| viewpoint | politics-security | current | politics |
| world | any | current | world |
| regional-offices | any (central-asia-russia, pakistan, …) | current | world |
| economy | any (world-economy, stock, …) | current | economy |
| viewpoint | law-economy | current | economy |
| social | any | current | society |
| education | any | current | society |
| culture | any | current | culture |
| arts-media | any | current | culture |
| viewpoint | religion | current | culture |
| scientific-academic | any | current | science |
| viewpoint | science-technology | current | science |
| sports | any | current | sports |
| *(Varzesh3)* | | all | sports |
| politics | — | archive | politics |
| world | — | archive | world |
| economy | — | archive | economy |
| culture | — | archive | culture |
| sports | — | archive | sports |
| — | — | archive | science |
| arts-media | — | archive | economy |
| scientific-academic | it | archive | culture |
| politics | others | archive | world |
| economy | stock | archive | world |
| social | welfare | archive | world |
| world | islamic-forces | archive | sports |
| world | iran | archive | sports |
| world | west-asia | archive | sports |
| social | medicine-spirituality | archive | science |
| province, provinces (isfahan, …), farsplus-magazine, multimedia, myfars, other-media, — | any | any | — |
| any other section or archive group | any | any | — |

"—" is an empty section or subsection, or no label (the article is not in the labeled set); "any" in the
subsection column covers the empty one too.

>>> features("تیم ملی", "", ["پرسپولیس برد"])[:4]
['تیم', 'ملی', 'پرسپولیس', 'برد']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import mul

from didban.article import Article, Topic

MODEL_FILE = "topic_model.tsv"
_WORD = re.compile(r"\w+")
#: Diacritics, tanvin, superscript alef and tatweel: dropped, as search's fold drops them.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
#: The letter folds of search that repaired text still needs (repair has unified ي/ك and the digits already),
#: and half-spaces as spaces; plain ``str.replace`` passes, cheaper than a per-character translation.
_FOLDS = (
    ("\u200c", " "),
    ("\u200d", " "),
    ("آ", "ا"),
    ("أ", "ا"),
    ("إ", "ا"),
    ("ؤ", "و"),
    ("ئ", "ی"),
    ("ۀ", "ه"),
)


def words(text: str) -> list[str]:
    """The folded words of repaired text: marks dropped, hamza seats and آ folded, split at half-spaces.

    >>> words("درگیری‌های آمریکا، قبلاً ۱۴۰۵")
    ['درگیری', 'های', 'امریکا', 'قبلا', '۱۴۰۵']
    """
    text = _MARKS.sub("", text.lower())
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return _WORD.findall(text)


def features(headline: str, lead: str, body: Iterable[str]) -> list[str]:
    """The classifier's features of an article's parts (one string per occurrence)."""
    title, opening = words(headline), words(lead)
    return [
        *title,
        *opening,
        *words("\n".join(body)),
        *["T:" + w for w in title],
        *["L:" + w for w in opening],
    ]


def article_features(article: Article) -> list[str]:
    """The features of a read article: its headline, lead, crossheads and paragraphs as read."""
    return features(article.headline or "", article.lead or "", [*article.crossheads, *article.paragraphs])


@dataclass(frozen=True)
class TopicModel:
    """For each feature its IDF then its weight per topic (IDF folded in); the biases and the temperature."""

    labels: tuple[str, ...]
    vectors: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    temperature: float

    def scores(self, feats: list[str]) -> list[float] | None:
        """The linear score of each topic, or ``None`` when no feature is known."""
        vectors = self.vectors
        counts = Counter(filter(vectors.__contains__, feats))
        if not counts:
            return None
        known = list(counts)
        tf = list(counts.values())
        idf, *weights = zip(*map(vectors.__getitem__, known), strict=True)
        tfidf = list(map(mul, tf, idf))
        norm = math.sqrt(sum(map(mul, tfidf, tfidf)))
        return [sum(map(mul, tf, w)) / norm + b for w, b in zip(weights, self.bias, strict=True)]

    def predict(self, feats: list[str]) -> Topic | None:
        """The best topic with its softmax probability, or ``None`` when no feature is known."""
        scores = self.scores(feats)
        if scores is None:
            return None
        top = max(range(len(scores)), key=scores.__getitem__)
        total = sum(math.exp((s - scores[top]) / self.temperature) for s in scores)
        return Topic(label=self.labels[top], score=round(1.0 / total, 3))


def parse_model(text: str) -> TopicModel:
    """A model from its TSV: ``#labels``, ``#bias`` and ``#temperature`` lines, then
    ``feature<TAB>idf<TAB>weight per topic`` (weights already multiplied by the IDF)."""
    meta: dict[str, list[str]] = {}
    vectors: dict[str, tuple[float, ...]] = {}
    for line in text.splitlines():
        name, *values = line.split("\t")
        if name.startswith("#"):
            meta[name[1:]] = values
        elif values:
            vectors[name] = tuple(map(float, values))
    bias = tuple(float(b) for b in meta["bias"])
    return TopicModel(tuple(meta["labels"]), vectors, bias, float(meta["temperature"][0]))


@cache
def topic_model() -> TopicModel | None:
    """The shipped model, loaded once; ``None`` when the package has none."""
    path = resources.files("didban").joinpath("models", "data", MODEL_FILE)
    return parse_model(path.read_text(encoding="utf-8")) if path.is_file() else None


def classify(article: Article) -> Topic | None:
    """The topic of a read article with the model's probability; ``None`` for an empty article.

    >>> from didban.article import Article
    >>> classify(Article(text="")) is None
    True
    """
    model = topic_model()
    if model is None or not article.text.strip():
        return None
    return model.predict(article_features(article))
