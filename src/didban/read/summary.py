"""An extractive summary: the one to three sentences of the lead and body that best tell the story.

Every sentence of the lead and the body paragraphs (never the headline or a crosshead) is a candidate. Each
is made readable on its own first: an attribution prefix is cut («به گزارش خبرگزاری فارس از تهران،»، «به
نقل از X،»، a byline «خبرگزاری فارس: …»), using the source chain the sources stage found, and a sentence
opening with «وی»، «او» or «ایشان» gets the speaker the quotes stage resolved. A linear model trained by
``training/train_summary.py`` on the Fars news (features as strings, weights in
``models/data/summary_model.tsv``, summed in pure Python) scores each candidate; the best ``size`` are
returned in text order.

>>> from didban.read.pipeline import analyze
>>> text = (
...     "افزایش صادرات غیرنفتی\\n\\n"
...     "به گزارش خبرگزاری فارس از تبریز، مدیرکل گمرک آذربایجان شرقی گفت: صادرات غیرنفتی استان ۲۰ درصد "
...     "افزایش یافت.\\n\\nوی افزود: بیشتر این کالاها به عراق و ترکیه صادر شد."
... )
>>> summarize(analyze(text), size=2)
['مدیرکل گمرک آذربایجان شرقی گفت: صادرات غیرنفتی استان ۲۰ درصد افزایش یافت.', \
'مدیرکل گمرک آذربایجان شرقی افزود: بیشتر این کالاها به عراق و ترکیه صادر شد.']
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat

from didban.article import Article, Quote
from didban.text.tokens import Token

#: Sentences returned by default: the eval (``didban eval summary``) scores one sentence best against the
#: one-sentence abstracts of the Fars news, and one sentence is what a reader of a list of stories wants.
DEFAULT_SIZE = 1
MAX_SIZE = 3
#: Sentences read from the top of the article: the story is told there (the best sentence of a Fars
#: article against its abstract lies further down in about one article in twenty).
MAX_CANDIDATES = 12
#: Words after the last named source within which the prefix must end with «،» or «:».
MAX_TAIL_WORDS = 8
#: Words between a cue and a source, or two sources, of one chain («به گزارش خبرنگار اقتصادی فارس»).
MAX_CHAIN_GAP = 6
#: Longest attribution prefix (in words) cut when the sources stage named no outlet in it.
MAX_BARE_PREFIX_WORDS = 12
#: Words a sentence must keep after a prefix cut at the end of a source chain.
MIN_REST_WORDS = 4
PRONOUNS = ("وی", "او", "ایشان")
_MODEL_FILE = "summary_model.tsv"
_CANDIDATE_KINDS = frozenset(("lead", "paragraph"))
_WORD = re.compile(r"[\w\u200c]+")
_INNER_BREAK = re.compile(r"\s*\n\s*")
_CUE = re.compile(
    r"(?P<report>(?:به|بنا\s*بر|بنابر|بنا\s*به|طبق|براساس|بر\s*اساس)\s+(?:گزارش|نوشته))(?![\w\u200c])"
    r"|به\s+نقل\s+از(?![\w\u200c])"
)
_DELIMITER = re.compile(r"\s*(?:[،,:]|\s[-–—])\s*")
_DATELINE = re.compile(r"(?:[\w\u200c]+(?:\s+[\w\u200c]+)?\s*[-–—]\s*)?")
_PRONOUN = re.compile(rf"({'|'.join(PRONOUNS)})(?=[\s،,])")
_OPENERS = '«"“'
_CHAIN_END = " \u200c\u00a0\"»”'"
_PREFIX_GOES_ON = frozenset(("از", "به", "و", "در", "که", "با", "بر", "طی"))
#: Function words left out of headline overlap.
_STOPS = frozenset(
    "و در به از که این را با است برای آن یک تا بر هم می نیز شد شده های ها کرد خود بود اند ای او وی".split()  # noqa: SIM905
)


@dataclass(slots=True)
class Candidate:
    """One sentence that may enter the summary: its cleaned text and where it sits in the article.

    ``start`` is where the kept text begins in ``article.text`` (after a cut prefix), ``words`` its
    number of space-separated words and ``first`` its first word; ``pronoun`` the opening pronoun, if any,
    and ``resolved`` whether it was replaced by a speaker.
    """

    text: str
    start: int
    end: int
    words: int
    first: str
    stripped: bool = False
    pronoun: str = ""
    resolved: bool = False


@dataclass(frozen=True)
class SummaryModel:
    """Feature weights of the sentence scorer."""

    weights: dict[str, float]

    def score(self, features: list[str]) -> float:
        """The sentence's score: the sum of its features' weights."""
        return sum(map(self.weights.get, features, repeat(0.0)))


def summarize(article: Article, size: int = DEFAULT_SIZE) -> list[str]:
    """The ``size`` sentences of the lead and body that best tell the story, in text order.

    Args:
        article: an article read by the pipeline (its blocks, sources and quotes filled).
        size: how many sentences at most, up to :data:`MAX_SIZE` (larger asks get three; 0 gives none).

    Returns:
        The cleaned sentences; fewer when the article has fewer, ``[]`` when it has none.
    """
    size = min(size, MAX_SIZE)
    found = candidates(article) if size > 0 else []
    if not found:
        return []
    model = summary_model()
    scores = [model.score(f) for f in features(article, found)]
    best = sorted(range(len(found)), key=lambda i: (-scores[i], i))[:size]
    return [found[i].text for i in sorted(best)]


def candidates(article: Article, limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """The cleaned sentences of the lead and body paragraphs, in text order, at most ``limit``."""
    found: list[Candidate] = []
    quotes = sorted(article.quotes, key=_start)
    for block, sentences in zip(article.blocks, article.sentences, strict=True):
        if block.kind not in _CANDIDATE_KINDS:
            continue
        for sentence in sentences:
            candidate = _clean(article, sentence, quotes)
            if candidate is not None:
                found.append(candidate)
                if len(found) >= limit:
                    return found
    return found


def _start(quote: Quote) -> int:
    return quote.start


def _clean(article: Article, sentence: Token, quotes: list[Quote]) -> Candidate | None:
    """A sentence without its attribution prefix, its opening pronoun replaced by the speaker (``quotes``:
    the article's, in text order); None when no word is left."""
    start = prefix_end(article, sentence)
    body = article.text[start : sentence.end]
    first = _WORD.search(body)
    if first is None:
        return None
    if "\n" in body:
        body = _INNER_BREAK.sub(" ", body)
    words = body.split()
    candidate = Candidate(body, start, sentence.end, len(words), first[0], stripped=start > sentence.start)
    pronoun = _PRONOUN.match(body)
    if pronoun:
        candidate.pronoun = pronoun[1]
        speaker = resolve_pronoun(quotes, start, sentence.end, pronoun[1])
        if speaker:
            candidate.text, candidate.resolved = speaker + body[pronoun.end() :], True
    return candidate


def prefix_end(article: Article, sentence: Token) -> int:
    """Where ``sentence`` starts once an attribution prefix («به گزارش X از Y،»، «X: …») is cut.

    The prefix ends at the first «،» or «:» after the last source the sources stage found at the
    opening of the sentence, or right after that source when no mark follows it but a new clause does
    («به گزارش خبرگزاری فارس عظیمی …»); a sentence opening with «به گزارش» (not «به نقل از», which
    may name a person) but no known source loses its prefix up to the first «،» within
    :data:`MAX_BARE_PREFIX_WORDS` words. Otherwise it is kept whole.
    """
    text, start = article.text, sentence.start
    cue = _CUE.match(text, start, sentence.end)
    chain = _opening_sources(article, sentence, cue is not None)
    if chain:
        return _after_tail(text, chain, sentence.end) or _after_chain(text, chain, sentence.end) or start
    if cue and cue["report"]:  # «به نقل از X،» without a known source may name a person: kept
        cut = _after_delimiter(text, cue.end(), sentence.end, MAX_BARE_PREFIX_WORDS, comma_only=True)
        return cut or start
    return start


def _opening_sources(article: Article, sentence: Token, cued: bool) -> int:
    """End of the last source of the chain opening ``sentence`` (0 when it opens with none): after a cue,
    a byline at the very start («خبرگزاری فارس: …») or a dateline («تهران - ایرنا - …»)."""
    end = 0
    for source in article.sources:
        if not sentence.start <= source.start < sentence.end:
            continue
        gap = article.text[end or sentence.start : source.start]
        if ((end or cued) and len(gap.split()) <= MAX_CHAIN_GAP) or _DATELINE.fullmatch(gap):
            end = source.end
        else:
            break
    return end


def _after_delimiter(text: str, start: int, end: int, words: int, *, comma_only: bool = False) -> int:
    """Offset after the first «،» («:» or a dash too, unless ``comma_only``) within ``words`` words of
    ``start``, with the spaces after it; 0 when there is none or nothing follows."""
    window = text[start:end]
    for match in _DELIMITER.finditer(window):
        if len(window[: match.start()].split()) > words:
            return 0
        if comma_only and match[0].strip() not in "،,":
            continue
        cut = start + match.end()
        return cut if cut < end and (_WORD.match(text, cut) or text[cut] in _OPENERS) else 0
    return 0


def _after_tail(text: str, chain: int, end: int) -> int:
    """Offset after the mark that ends a source chain, directly or after a tail («از تبریز»، «(س)»،
    «توانا»); 0 when the words before the mark are not a tail («به گزارش "ورزش سه" پرسپولیس …،»)."""
    cut = _after_delimiter(text, chain, end, MAX_TAIL_WORDS)
    tail = _WORD.findall(text, chain, cut)
    return cut if cut and (len(tail) < 2 or tail[0] in _PREFIX_GOES_ON) else 0


def _after_chain(text: str, chain: int, end: int) -> int:
    """Offset of the clause right after a source chain with no mark after it; 0 when the words after the
    chain still belong to the prefix («از تبریز»، «به نقل از …») or too few are left."""
    rest = text[chain:end]
    kept = rest.lstrip(_CHAIN_END)
    words = kept.split(maxsplit=MIN_REST_WORDS)
    if len(words) < MIN_REST_WORDS or words[0] in _PREFIX_GOES_ON or not _WORD.match(words[0]):
        return 0
    return chain + len(rest) - len(kept)


def resolve_pronoun(quotes: list[Quote], start: int, end: int, pronoun: str) -> str | None:
    """The speaker a sentence-opening pronoun stands for: the quote of the sentence introduced by that
    pronoun, else the speaker of the last quotation before the sentence (``quotes`` in text order).

    >>> q = Quote(text="…", kind="direct", speaker="علی لاریجانی", speaker_id=None,
    ...           speaker_mention="وی", cue="گفت", start=20, end=40)
    >>> resolve_pronoun([q], 10, 50, "وی"), resolve_pronoun([q], 60, 90, "او")
    ('علی لاریجانی', 'علی لاریجانی')
    >>> resolve_pronoun([q], 0, 9, "وی") is None
    True
    """
    first = bisect_left(quotes, start, key=_start)
    for i in range(first, len(quotes)):
        if quotes[i].start >= end:
            break
        if quotes[i].speaker and quotes[i].speaker_mention == pronoun:
            return quotes[i].speaker
    return next((quotes[i].speaker for i in range(first - 1, -1, -1) if quotes[i].speaker), None)


def features(article: Article, found: list[Candidate]) -> list[list[str]]:
    """The string features of each candidate: position, length, headline overlap, prefix, pronoun, first word.

    Headline overlap counts the headline's content words found in the sentence as substrings, so an
    inflected or suffixed form («ایران» in «ایرانی‌ها») counts too.
    """
    title = {w for w in _WORD.findall(article.headline or "") if w not in _STOPS and len(w) > 1}
    return [_features(c, title, n) for n, c in enumerate(found)]


def _features(c: Candidate, title: set[str], n: int) -> list[str]:
    """The features of candidate ``c``, the ``n``-th of its article."""
    shared = sum(w in c.text for w in title)
    return [
        "bias",
        f"pos:{min(n, 8)}",
        f"len:{_bucket(c.words)}",
        f"title:{min(round(10 * shared / len(title)), 8) if title else -1}",
        f"titlep:{min(round(20 * shared / c.words), 6)}",
        f"stripped:{c.stripped}",
        f"pronoun:{c.pronoun or '-'}|{c.resolved}",
        f"first:{c.first}",
    ]


def _bucket(words: int) -> int:
    """A log scale for sentence lengths in words."""
    return min(int(2 * math.log2(words + 1)), 14)


def parse_model(text: str) -> SummaryModel:
    """A model from its TSV: ``feature<TAB>weight`` lines; ``#`` lines are comments."""
    weights: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.rpartition("\t")
        if name and not name.startswith("#"):
            weights[name] = float(value)
    return SummaryModel(weights)


@cache
def summary_model() -> SummaryModel:
    """The shipped scorer, loaded once; without it, candidates score by position (a lead baseline)."""
    path = resources.files("didban").joinpath("models", "data", _MODEL_FILE)
    if path.is_file():
        return parse_model(path.read_text(encoding="utf-8"))
    return SummaryModel({f"pos:{n}": -float(n) for n in range(9)})
