"""``didban eval quotes``: quotation spans and speakers against the hand-checked gold set in ``eval/quotes``.

The gold set refers to held-out articles of ../shared/data/news by key and stores character offsets into the
raw article (headline, lead and paragraphs joined by blank lines, as :func:`compose_record` builds it), so no
article text is republished in the repository. The seed article is annotated the same way.

A system quotation matches a gold one of the same kind when it covers at least half of the gold span (both
mapped to raw offsets); each gold quotation matches at most one system quotation. Speaker accuracy counts
matched quotations whose speaker equals the gold speaker after folding letters and half-spaces.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from didban.article import Quote
from didban.document import Document
from didban.evaluation.split import SETS, load_articles
from didban.read.pipeline import analyze_document, compose_raw
from didban.read.subjects import key, speaker_words

SEED_KEY = "seed"
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})
_DROP = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u200e\u200f]")


def article_key(name: str, record: dict[str, Any]) -> str:
    """A stable key for a news record: its set and a hash of its link (or title)."""
    ident = record.get("link") or record.get("title") or ""
    return f"{name}:{hashlib.sha1(ident.encode('utf-8')).hexdigest()[:12]}"


def record_document(record: dict[str, Any]) -> Document:
    """A news record (title, abstract, paragraphs) as the document ``analyze`` reads."""
    return Document(
        headline=record.get("title") or None,
        lead=record.get("abstract") or None,
        paragraphs=[p for p in record.get("paragraphs", []) if p],
    )


def compose_record(record: dict[str, Any]) -> str:
    """The raw text of a news record exactly as ``analyze`` sees it."""
    return compose_raw(record_document(record))[0]


def fold(text: str) -> str:
    """Letters unified, diacritics, tatweel and half-spaces dropped, runs of whitespace made one space."""
    return folded_index(text)[0]


def folded_index(raw: str) -> tuple[str, list[int]]:
    """``raw`` folded as :func:`fold` does, with the raw offset of every folded character."""
    chars: list[str] = []
    where: list[int] = []
    pending_space = False
    for index, char in enumerate(raw):
        if _DROP.match(char):
            continue
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            where.append(index - 1)
            pending_space = False
        chars.append(char.translate(_FOLD))
        where.append(index)
    return "".join(chars), where


def locate(raw: str, snippet: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Raw offsets of the ``occurrence``-th appearance of ``snippet``, compared folded; None if absent."""
    folded, where = folded_index(raw)
    needle = fold(snippet)
    if not needle:
        return None
    position = -1
    for _ in range(occurrence):
        position = folded.find(needle, position + 1)
        if position < 0:
            return None
    return where[position], where[position + len(needle) - 1] + 1


class GoldQuote(msgspec.Struct, kw_only=True):
    """One hand-checked quotation: raw offsets, a hash of its text, kind and speaker."""

    start: int
    end: int
    sha1: str
    kind: str
    speaker: str
    speaker_mention: str
    cue: str


class GoldArticle(msgspec.Struct, kw_only=True):
    """The quotations of one article (an empty list when it has none)."""

    article: str
    quotes: list[GoldQuote]


def span_hash(text: str) -> str:
    """The short hash stored with a gold span (of its folded text, so letter variants do not matter)."""
    return hashlib.sha1(fold(text).encode("utf-8")).hexdigest()[:12]


def load_gold(path: Path) -> list[GoldArticle]:
    """The gold articles of a ``gold.jsonl`` file."""
    decoder = msgspec.json.Decoder(GoldArticle)
    return [decoder.decode(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_parts(path: Path) -> dict[str, str]:
    """``articles.tsv``: article key → ``dev`` or ``test``."""
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return dict(rows)


def gold_documents(data_dir: Path | None, keys: Iterable[str], seed: Path) -> dict[str, Document]:
    """The document of every keyed article: news records from ``data_dir``, the seed from the repository."""
    wanted = set(keys)
    documents: dict[str, Document] = {}
    if SEED_KEY in wanted:
        documents[SEED_KEY] = Document(text=seed.read_text(encoding="utf-8"))
    if data_dir is not None and wanted - {SEED_KEY}:
        for name in SETS:
            for record in load_articles(data_dir, name):
                found = article_key(name, record)
                if found in wanted and found not in documents:
                    documents[found] = record_document(record)
    return documents


@dataclass
class KindScore:
    """Counts for one kind of quotation."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    speaker_right: int = 0

    def add(self, other: KindScore) -> None:
        self.gold += other.gold
        self.system += other.system
        self.matched += other.matched
        self.speaker_right += other.speaker_right

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0


@dataclass
class Miss:
    """One disagreement, for ``--errors``: a gold quotation not found, a wrong speaker, or a false one."""

    article: str
    what: str
    text: str
    detail: str


@dataclass
class QuoteEvaluation:
    """Scores per part (``dev``, ``test``, ``all``) and kind, with the disagreements."""

    scores: dict[str, dict[str, KindScore]] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Speakers compared with letters folded, spaces and half-spaces ignored, and honorifics before the
    name dropped on both sides («شیخ سلمان» = «سلمان», «سید رضا زواره‌ای» = «رضا زواره‌ای»): whether a title
    of respect is written is a convention, not a different speaker."""
    return a is not None and b is not None and _speaker_key(a) == _speaker_key(b)


def _speaker_key(speaker: str) -> str:
    words = fold(speaker).split()
    while len(words) > 1 and (speaker_words().get(key(words[0])) == "honorific" or words[0] in _SAYYID):
        words = words[1:]
    return "".join(words)


_SAYYID = frozenset(("سید", "سیده"))


def evaluate_quotes(
    data_dir: Path | None, gold_dir: Path, *, seed: Path, only: str | None = None
) -> QuoteEvaluation:
    """Score ``analyze`` against every gold article whose text is available (errors of part ``only``)."""
    gold = load_gold(gold_dir / "gold.jsonl")
    parts = load_parts(gold_dir / "articles.tsv")
    documents = gold_documents(data_dir, [g.article for g in gold], seed)
    result = QuoteEvaluation()
    for entry in gold:
        document = documents.get(entry.article)
        if document is None:
            continue
        part = parts.get(entry.article, "dev" if entry.article == SEED_KEY else "test")
        raw = compose_raw(document)[0]
        article = analyze_document(document)
        system = [(*article.raw_span(q.start, q.end), q) for q in article.quotes]
        for name in (part, "all"):
            result.articles[name] = result.articles.get(name, 0) + 1
        misses = result.misses if only in (None, "all", part) else []
        for kind in ("direct", "indirect"):
            score = _score_kind(entry, kind, raw, system, misses)
            for name in (part, "all"):
                result.scores.setdefault(name, {}).setdefault(kind, KindScore()).add(score)
    return result


def _score_kind(
    entry: GoldArticle, kind: str, raw: str, system: list[tuple[int, int, Quote]], misses: list[Miss]
) -> KindScore:
    gold = [g for g in entry.quotes if g.kind == kind]
    found = [s for s in system if s[2].kind == kind]
    score = KindScore(gold=len(gold), system=len(found))
    used: set[int] = set()
    for item in gold:
        best, best_overlap = None, 0
        for index, (start, end, _) in enumerate(found):
            overlap = min(end, item.end) - max(start, item.start)
            if index not in used and overlap * 2 >= item.end - item.start and overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            misses.append(Miss(entry.article, f"missed {kind}", raw[item.start : item.end], item.speaker))
            continue
        used.add(best)
        score.matched += 1
        quote = found[best][2]
        if same_speaker(quote.speaker, item.speaker):
            score.speaker_right += 1
        else:
            detail = f"gold {item.speaker!r} ({item.speaker_mention!r}) system {quote.speaker!r}"
            misses.append(Miss(entry.article, f"speaker {kind}", raw[item.start : item.end], detail))
    for index, (start, end, quote) in enumerate(found):
        if index not in used:
            detail = f"{quote.speaker!r} via {quote.cue!r}"
            misses.append(Miss(entry.article, f"false {kind}", raw[start:end], detail))
    return score


def show_gold(data_dir: Path | None, gold_dir: Path, *, seed: Path) -> str:
    """Every gold quotation with its text read from the data, for review: one block per article."""
    gold = load_gold(gold_dir / "gold.jsonl")
    parts = load_parts(gold_dir / "articles.tsv")
    documents = gold_documents(data_dir, [g.article for g in gold], seed)
    rows: list[str] = []
    for entry in gold:
        document = documents.get(entry.article)
        if document is None:
            continue
        raw = compose_raw(document)[0]
        rows.append(f"== {entry.article} ({parts.get(entry.article, 'dev')}): {len(entry.quotes)} quotations")
        for quote in entry.quotes:
            text = raw[quote.start : quote.end]
            stale = "" if span_hash(text) == quote.sha1 else "  [TEXT CHANGED]"
            rows.append(f"  {quote.kind:<8} {quote.speaker} ({quote.speaker_mention!r}, {quote.cue}){stale}")
            rows.append(f"           {' '.join(text.split())}")
    return "\n".join(rows)


def format_quotes_report(result: QuoteEvaluation, errors: bool = False) -> str:
    """The table ``didban eval quotes`` prints: per part and kind, P/R/F1 and speaker accuracy."""
    rows = ["part   articles  kind        gold  system     P      R     F1  speaker"]
    for part in ("dev", "test", "all"):
        for kind, s in result.scores.get(part, {}).items():
            rows.append(
                f"{part:<6} {result.articles.get(part, 0):>8}  {kind:<9} {s.gold:>6} {s.system:>7}  "
                f"{s.precision:.3f}  {s.recall:.3f}  {s.f1:.3f}    {s.speaker_accuracy:.3f}"
            )
    if errors:
        for miss in result.misses:
            rows.append(f"{miss.article}  {miss.what}: {miss.text[:90]!r}  [{miss.detail}]")
    return "\n".join(rows)
