"""Persian-aware search: one folding for the index and the queries, a safe query parser, snippets.

Folding makes the spellings a reader considers the same word meet in the index: Arabic and Persian letters
(ي/ی، ك/ک), hamza seats (آ/أ/إ → ا، ؤ → و، ئ → ی، ۀ → ه), digits (۱۴۰۵ = ١٤٠٥ = 1405), diacritics and tatweel,
Latin case, and half-spaces: a ZWNJ folds to a space, so «درگیری‌ها» is indexed as the two tokens «درگیری ها»,
which is also what «درگیری ها» gives; a glued «درگیریها» in a query is first repaired (its half-space
restored) by the same :func:`~didban.text.repair` that the articles went through. The plural suffix forms
«های/هایی» split off that way fold to «ها», so «درگیری‌ها» also finds «درگیری‌های».

User input never reaches ``MATCH`` raw: :func:`parse_query` turns words, "phrases", ``OR``, ``-word`` and
``prefix*`` into a quoted FTS5 expression, and says what is wrong with input it cannot read.

>>> fold("درگيري‌هاي ۱۴۰۵ آمريكا")
'درگیری ها 1405 امریکا'
>>> parse_query('پوتین "قره باغ" -ارمنستان').expression
'("پوتین" AND "قره باغ") NOT "ارمنستان"'
"""

from __future__ import annotations

import re
from functools import lru_cache

import msgspec

from didban.text.letters import UNIFY, ZWNJ, unify

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
SNIPPET_CHARS = 220
#: Snippets look for the query words in the article's first this many characters (the lead and the first
#: paragraphs, where news puts what matters), and in the rest only when they are not found there.
SNIPPET_SCAN_CHARS = 3000

#: What search folds beyond :data:`~didban.text.letters.UNIFY`: hamza seats and «آ», half-spaces to spaces,
#: digits to ASCII, Latin to lower case (the name gazetteers fold the same way).
FOLD_LETTERS = {"آ": "ا", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه", ZWNJ: " ", "\u200d": " "}
FOLD_LETTERS.update({chr(0x06F0 + d): str(d) for d in range(10)})
FOLD_LETTERS.update({chr(0x0660 + d): str(d) for d in range(10)})
FOLD_LETTERS.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
#: Marks that repaired text may still hold (tanvin in «قبلاً», tatweel, stray diacritics): dropped in the
#: index and in queries, kept in place when the stored text is aligned for highlighting.
_MARKS = "\u0640\u064b-\u065f\u0670"
MARK_CHARS = [chr(c) for c in (0x0640, *range(0x064B, 0x0660), 0x0670)]


def _variants() -> dict[str, str]:
    """For each folded character, every character that folds to it (itself included)."""
    variants: dict[str, set[str]] = {}
    for source, target in [*((chr(c), u) for c, u in UNIFY.items()), *FOLD_LETTERS.items()]:
        target = FOLD_LETTERS.get(target, target)
        if len(target) == 1 and not target.isspace():
            variants.setdefault(target, {target}).add(source)
    return {k: "".join(sorted(v)) for k, v in variants.items()}


#: Highlighting matches the stored text as written: each folded character stands for all its spellings.
_VARIANTS = _variants()
_FOLD = str.maketrans({**FOLD_LETTERS, **dict.fromkeys(MARK_CHARS, None)})
_SPACES = re.compile(r"\s+")
#: Plural suffix forms split off by a folded half-space index as one: «درگیری‌های» finds «درگیری‌ها».
_PLURAL = re.compile(r"(?<= )ها(?:یی|ی)(?!\w)")
_TOKEN = re.compile(r"\w+")


class QueryError(ValueError):
    """A query that cannot be searched, with a message saying how to fix it."""


def fold(text: str) -> str:
    """The searchable form of ``text`` (used for the index and for queries alike)."""
    return _PLURAL.sub("ها", _SPACES.sub(" ", unify(text).translate(_FOLD))).strip()


def search_key(text: str) -> str:
    """A name as stored for filters: folded, padded with spaces so a word matches as a whole word."""
    return f" {fold(text)} "


class Term(msgspec.Struct, frozen=True):
    """One query term: folded tokens (a phrase when several), excluded, or a prefix."""

    tokens: tuple[str, ...]
    exclude: bool = False
    prefix: bool = False

    def fts(self) -> str:
        """The term as a quoted FTS5 phrase."""
        quoted = '"' + " ".join(self.tokens).replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


class Query(msgspec.Struct, frozen=True):
    """A parsed query: its FTS5 expression and the terms to highlight."""

    expression: str
    terms: tuple[Term, ...]

    def highlight_terms(self) -> list[Term]:
        """The terms a snippet should mark (not the excluded ones)."""
        return [t for t in self.terms if not t.exclude]


def parse_query(text: str) -> Query:
    """Turn user input into a safe FTS5 expression.

    Words must all occur (AND); ``"…"`` or «…» is a phrase; ``OR`` (or «یا» between quoted terms is
    *not* special: Persian «یا» is an ordinary word) joins alternatives; ``-word`` excludes; ``word*``
    matches a prefix.

    Raises:
        QueryError: empty, too long, only exclusions, or an unclosed quotation mark.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters; shorten it")
    if text.count('"') % 2:
        raise QueryError('unbalanced quotation mark ("): close the phrase or remove the quote')
    positive: list[str] = []
    excluded: list[str] = []
    terms: list[Term] = []
    join_or = False
    for raw, quoted in _split_query(_repaired(text)):
        if not quoted and raw == "OR":
            join_or = bool(positive)
            continue
        term = _term(raw, quoted)
        if term is None:
            continue
        terms.append(term)
        if term.exclude:
            excluded.append(term.fts())
        else:
            positive.append(f"{'OR' if join_or else 'AND'} {term.fts()}" if positive else term.fts())
        join_or = False
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(f"more than {MAX_QUERY_TERMS} terms; use fewer words")
    if not terms:
        raise QueryError("nothing to search for: give at least one word")
    if not positive:
        raise QueryError("a query needs at least one word that is not excluded with -")
    expression = " ".join(positive)
    if excluded:
        expression = (f"({expression})" if len(positive) > 1 else expression) + "".join(
            f" NOT {fts}" for fts in excluded
        )
    return Query(expression=expression, terms=tuple(terms))


_PIECE = re.compile(r'"([^"]*)"|«([^»]*)»|(\S+)')


def _split_query(text: str) -> list[tuple[str, bool]]:
    """(text, quoted) pieces of a query, quotes removed."""
    pieces = []
    for match in _PIECE.finditer(text):
        straight, guillemets, word = match.groups()
        if word is None:
            pieces.append((straight if straight is not None else guillemets, True))
        else:
            pieces.append((word, False))
    return pieces


def _term(raw: str, quoted: bool) -> Term | None:
    exclude = prefix = False
    if not quoted:
        if raw.startswith("-") and len(raw) > 1:
            exclude, raw = True, raw[1:]
        if raw.endswith("*"):
            prefix, raw = True, raw.rstrip("*")
    tokens = tuple(_TOKEN.findall(fold(raw)))
    if not tokens:
        return None
    return Term(tokens=tokens, exclude=exclude, prefix=prefix and len(tokens) == 1)


@lru_cache(maxsize=4096)
def _repaired(raw: str) -> str:
    """A query repaired like article text («درگیریها» and «درگیری ها» get their half-space back)."""
    from didban.text import repair

    return repair(raw)[0]


class Snippet(msgspec.Struct, frozen=True):
    """A window of an article's text with the spans (relative to ``text``) where query terms occur."""

    text: str
    highlights: list[tuple[int, int]]


def snippet(text: str, query: Query, width: int = SNIPPET_CHARS) -> Snippet:
    """The window of ``text`` with the most query terms, and where they are in it."""
    terms = query.highlight_terms()
    spans = find_terms(text[:SNIPPET_SCAN_CHARS], terms) or find_terms(text, terms)
    if not spans:
        end = _cut_forward(text, min(len(text), width))
        return Snippet(text=_ellipsis(text, 0, end), highlights=[])
    start, end = _best_window(text, spans, width)
    prefix = "… " if start > 0 else ""
    shown = [(s - start + len(prefix), e - start + len(prefix)) for s, e in spans if s >= start and e <= end]
    return Snippet(text=_ellipsis(text, start, end), highlights=shown)


def find_terms(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Offsets in ``text`` of every occurrence of the terms, as whole words (prefix terms: word starts)."""
    if not terms:
        return []
    return sorted(m.span() for m in _terms_pattern(tuple(terms)).finditer(text))


@lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    alternatives = sorted((_term_pattern(t) for t in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _term_pattern(term: Term) -> str:
    marks = f"[{_MARKS}]*"
    words = [
        marks.join(_char(ch) for ch in token) + ("(?:یی|ی)?" if token == "ها" else "")
        for token in term.tokens
    ]
    body = r"[\s\u200c\u200d]*".join(words)  # also a glued form that repair left alone
    tail = r"\w*" if term.prefix else rf"{marks}(?!\w)"
    return rf"(?<!\w){body}{tail}"


def _char(folded: str) -> str:
    """A regex matching every spelling of one folded character."""
    spellings = _VARIANTS.get(folded)
    return f"[{re.escape(spellings)}]" if spellings else re.escape(folded)


def _best_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """A window about ``width`` long around the densest run of spans, cut at word boundaries."""
    best_start, best_count = spans[0][0], 0
    right = 0
    for left, (start, _) in enumerate(spans):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] - start <= width:
            right += 1
        if right - left + 1 > best_count:
            best_start, best_count = start, right - left + 1
    start = _cut_backward(text, max(0, best_start - width // 4))
    end = _cut_forward(text, min(len(text), start + width))
    return start, max(end, min(len(text), spans[0][1]))


def _cut_backward(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.rfind(" ", max(0, index - 20), index)
    return space + 1 if space >= 0 else index


def _cut_forward(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.find(" ", index, index + 20)
    return space if space >= 0 else index


def _ellipsis(text: str, start: int, end: int) -> str:
    body = text[start:end].replace("\n", " ")
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
