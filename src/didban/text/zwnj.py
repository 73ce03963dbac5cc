"""Half-space (ZWNJ, U+200C) restoration on letter-unified, space-normalized text.

Each run of Persian words is read token by token:

1. a token written glued («میدهد»، «درگیریهای») is split where the lexicon's counts prefer a
   half-space, else by morphology (می / نمی + a verb form, بی + a word, a known stem + a suffix chain);
2. two tokens written with a space («می دهد»، «شده اند») are joined when the first is a verbal prefix,
   the second a suffix, or the training news writes the pair joined far more often than spaced.

With the shipped model (:mod:`didban.text.zwnj_model`), these rules become features: a logistic
regression scores each candidate gap from affixes, lexicon counts, the rules' decision and the text's
writing style, and decides.

A ZWNJ is never written after a non-joining letter (ا د ذ ر ز ژ و …): there the parts are glued
(«کشور ها» → «کشورها»). Words the news writes apart («شده در»، «مشترک المنافع») stay apart.

>>> restore("درگیریهای نظامی انجام میدهد و تلاشهای بیسابقه کردهاند")
'درگیری\u200cهای نظامی انجام می\u200cدهد و تلاش\u200cهای بی\u200cسابقه کرده\u200cاند'
>>> restore("تلاش های بی سابقه شده اند و می دهد")
'تلاش\u200cهای بی\u200cسابقه شده\u200cاند و می\u200cدهد'

A text that glues «میدهد» but spaces «تلاش های» wrote its spaces on purpose; the model keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from didban.lexicon.zwnj_lexicon import ZwnjLexicon, zwnj_lexicon
from didban.text.letters import LETTERS, NON_JOINING, ZWNJ
from didban.text.zwnj_model import (
    GapModel,
    gap_model,
    glued_base,
    glued_candidates,
    glued_features,
    glued_style,
    pair_base,
    pair_candidate,
    pair_features,
    pair_style,
    split_counts,
    text_style,
)

#: A run of Persian words separated by single spaces.
PHRASE = re.compile(rf"[{LETTERS}\u200c]+(?: [{LETTERS}\u200c]+)*")

_PLURAL = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "هاست", "هاییم")
_DEGREE = ("تر", "ترین", "تری", "ترها")
_AFTER_HE = ("ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ایی", "است", "اید")
_AFTER_YE = ("ای", "اند", "ایم", "اید", "ام", "اش")
_PRONOUNS = ("مان", "شان", "تان")
#: Second parts of names and titles, written after a half-space («حسین‌زاده»، «حجت‌الله»).
_NAME_PARTS = ("زاده", "پور", "نژاد", "الله")
SUFFIXES = tuple(sorted({*_PLURAL, *_DEGREE, *_AFTER_HE, *_PRONOUNS, *_NAME_PARTS}, key=len, reverse=True))
VERB_PREFIXES = ("نمی", "می")
#: A pair is joined when its joined forms are seen this many times more than the spaced pair…
JOIN_RATIO = 0.5
#: … and at least this (weighted) many times.
JOIN_MIN = 1.0
#: A glued token is split when its ZWNJ form (plus spaced writings, weighted) beats the glued count.
SPACED_WEIGHT = 0.5
_CACHE_LIMIT = 200_000
_SPACED_PREFIX = re.compile(rf"(?<![{LETTERS}\u200c])ن?می (?=[{LETTERS}])")
_GLUED_PREFIX = re.compile(rf"(?<![{LETTERS}\u200c])ن?می([{LETTERS}]+)")


class Restorer:
    """Half-space decisions over one lexicon (and a learned model, if given), with bounded memo caches
    owned by the instance.

    Without a model, the rules below decide; with one, the rules' decisions are one feature among many
    and the model's score decides each candidate gap (:mod:`didban.text.zwnj_model`).
    """

    def __init__(self, lexicon: ZwnjLexicon, model: GapModel | None = None) -> None:
        self.lex = lexicon
        self.model = model
        self._tokens: dict[str, str] = {}
        self._pairs: dict[str, str | None] = {}
        self._bases: dict[str, Any] = {}
        self._learned: dict[str, tuple[dict[str, str], dict[str, str | None]]] = {}

    def phrase(self, text: str) -> str:
        """Restore half-spaces in a run of words separated by single spaces."""
        pieces, last = [], 0
        for start, end, new in self.phrase_edits(text):
            pieces += (text[last:start], new)
            last = end
        return "".join(pieces) + text[last:]

    def phrase_edits(
        self, text: str, base: int = 0, split: bool = True, style: str = ""
    ) -> Iterator[tuple[int, int, str]]:
        """Edits of one run of words: a token re-split, or a space joined.

        ``split`` off keeps glued tokens as written (rules only); ``style`` is the whole text's
        :func:`~didban.text.zwnj_model.text_style` (model only).
        """
        if self.model is not None:
            yield from self._learned_edits(text, base, style)
            return
        pos, previous = base, ""
        for token in text.split(" "):
            fixed = self.token(token) if split else token
            if previous:
                joiner = self.pair(previous, fixed)
                if joiner is not None:
                    yield pos - 1, pos, joiner
            if fixed != token:
                yield pos, pos + len(token), fixed
            previous, pos = fixed, pos + len(token) + 1

    def _learned_edits(self, text: str, base: int, style: str) -> Iterator[tuple[int, int, str]]:
        """:meth:`phrase_edits` by the model: each token, then each space, scored (memoized per style)."""
        tokens, pairs = self._memos(style)
        pos, previous, raw_previous = base, "", ""
        for token in text.split(" "):
            fixed = tokens.get(token)
            if fixed is None:
                fixed = tokens[token] = self.learned_token(token, style)
            if previous:
                if raw_previous[-1] in NON_JOINING:
                    joiner = self.pair(previous, fixed)
                else:
                    key = f"{raw_previous} {token}"
                    joiner = pairs.get(key, "?")
                    if joiner == "?":
                        joiner = pairs[key] = self.learned_pair(raw_previous, token, style)
                if joiner is not None:
                    yield pos - 1, pos, joiner
            if fixed != token:
                yield pos, pos + len(token), fixed
            previous, raw_previous, pos = fixed, token, pos + len(token) + 1

    def _memos(self, style: str) -> tuple[dict[str, str], dict[str, str | None]]:
        """The token and pair memos of one text style (all cleared when they grow too large)."""
        memos = self._learned.get(style)
        if memos is None:
            memos = self._learned[style] = ({}, {})
        if len(memos[0]) + len(memos[1]) > _CACHE_LIMIT:
            memos[0].clear()
            memos[1].clear()
        return memos

    def learned_token(self, token: str, style: str) -> str:
        """One space-free token with its half-spaces decided by the model."""
        return ZWNJ.join(self._learned_piece(p, style) for p in token.split(ZWNJ))

    def _learned_piece(self, key: str, style: str) -> str:
        """A ZWNJ-free piece split where the model's score passes its threshold."""
        assert self.model is not None
        if len(key) < 4:
            return self.token(key)
        score = self.model.score
        scored = [(base + score(glued_style(style, tags)), i) for i, base, tags in self._glued_bases(key)]
        cuts = sorted(decode(scored, self.model.glued_threshold))
        if not cuts:
            return key
        return ZWNJ.join(key[i:j] for i, j in zip([0, *cuts], [*cuts, len(key)], strict=True))

    def _glued_bases(self, key: str) -> list[tuple[int, float, tuple[str, ...]]]:
        """``(position, style-independent score, style tags)`` of each candidate gap (memoized)."""
        done = self._bases.get(key)
        if done is None:
            assert self.model is not None
            if len(self._bases) > _CACHE_LIMIT:
                self._bases.clear()
            attested = split_counts(self.lex, key)
            rule = zwnj_positions(self.token(key))
            done = []
            for i in glued_candidates(self.lex, key, attested):
                features, tags = glued_base(self.lex, key, i, attested, i in rule)
                done.append((i, self.model.score(features), tags))
            self._bases[key] = done
        return done

    def glued_gap_features(self, key: str, style: str) -> list[tuple[int, list[str]]]:
        """``(position, features)`` of each candidate gap of a ZWNJ-free piece."""
        attested = split_counts(self.lex, key)
        rule = zwnj_positions(self.token(key))
        return [
            (i, glued_features(self.lex, key, i, attested, i in rule, style))
            for i in glued_candidates(self.lex, key, attested)
        ]

    def learned_pair(self, a: str, b: str, style: str) -> str | None:
        """ZWNJ or ``None`` for the space of raw tokens ``a b`` (``a`` ends in a joining letter)."""
        assert self.model is not None
        key = f"{a} {b}"
        based = self._bases.get(key)
        if based is None:
            if len(self._bases) > _CACHE_LIMIT:
                self._bases.clear()
            based = self._bases[key] = self._pair_base(a, b)
        if not based:
            return self.pair(self.token(a), self.token(b)) if ZWNJ in key else None
        score = based[0] + self.model.score(pair_style(style, based[1]))
        return ZWNJ if score > self.model.pair_threshold else None

    def _pair_base(self, a: str, b: str) -> tuple[float, tuple[str, ...]] | tuple[()]:
        """The style-independent score and style tags of ``a b``, or ``()`` if it is not scored."""
        assert self.model is not None
        if not pair_candidate(self.lex, a, b):
            return ()
        rule = self.pair(self.token(a), self.token(b)) == ZWNJ
        features, tags = pair_base(self.lex, a, b, rule)
        return self.model.score(features), tags

    def pair_gap_features(self, a: str, b: str, style: str) -> list[str] | None:
        """Features of the space of raw tokens ``a b``, or ``None`` when the model does not score it."""
        if not pair_candidate(self.lex, a, b):
            return None
        rule = self.pair(self.token(a), self.token(b)) == ZWNJ
        return pair_features(self.lex, a, b, rule, style)

    def token(self, token: str) -> str:
        """One space-free token with its half-spaces restored (memoized)."""
        done = self._tokens.get(token)
        if done is None:
            if len(self._tokens) > _CACHE_LIMIT:
                self._tokens.clear()
            parts = token.split(ZWNJ)
            done = ZWNJ.join(self._glued(p) for p in parts) if len(parts) > 1 else self._glued(token)
            self._tokens[token] = done
        return done

    def pair(self, a: str, b: str) -> str | None:
        """What replaces the space of ``a b``: ZWNJ, nothing (glued), or ``None`` to keep it."""
        key = f"{a} {b}"
        if key not in self._pairs:
            if len(self._pairs) > _CACHE_LIMIT:
                self._pairs.clear()
            self._pairs[key] = self._join(a, b)
        return self._pairs[key]

    def spaced_style(self, text: str) -> bool:
        """Whether ``text`` writes half-spaces as spaces: «می شود» apart and never «میشود» glued.

        Such a writer's glued words are glued on purpose («فعالیتها»), so they are not split.
        """
        if not _SPACED_PREFIX.search(text):
            return False
        return not any(m.group(1) in self.lex.verbs for m in _GLUED_PREFIX.finditer(text))

    def _glued(self, key: str) -> str:
        """Decision for a ZWNJ-free piece: attested writing, hazm, then morphology."""
        if len(key) < 3:
            return key
        attested = self._attested(key)
        if attested is not None:
            return attested
        if key in self.lex.words:
            return key
        hazm = self.lex.variants.get(key)
        if hazm:
            return hazm[0]
        return self._prefixed(key) or self._suffixed(key) or key

    def _attested(self, key: str) -> str | None:
        """The training news' preferred writing of ``key``, or ``None`` when it never saw it."""
        glued = self.lex.count(key)
        best, score = key, 0.0
        for form in self.lex.variants.get(key, ()):
            weight = self.lex.count(form) + SPACED_WEIGHT * self.lex.pairs.get(form.replace(ZWNJ, " "), 0.0)
            if weight > score:
                best, score = form, weight
        if glued == 0 and score == 0:
            return None
        return best if score > glued else key

    def _prefixed(self, key: str) -> str | None:
        """می / نمی + a verb form, or بی + a known word."""
        for prefix in VERB_PREFIXES:
            rest = key[len(prefix) :]
            if key.startswith(prefix) and (rest in self.lex.verbs or self._verb_with_suffix(rest)):
                return prefix + ZWNJ + self.token(rest)
        rest = key[2:]
        if key.startswith("بی") and len(rest) >= 3 and self.lex.known(rest):
            return "بی" + ZWNJ + self.token(rest)
        return None

    def _verb_with_suffix(self, rest: str) -> bool:
        """A verb form followed by a suffix written with ZWNJ («کرده‌اند» is not a verb form here)."""
        return any(rest.endswith(s) and rest[: -len(s)] in self.lex.verbs for s in ("ید", "ند"))

    def _suffixed(self, key: str) -> str | None:
        """A known stem followed by a suffix («تلاشهای» → «تلاش‌های»)."""
        for suffix in SUFFIXES:
            stem = key[: len(key) - len(suffix)]
            if key.endswith(suffix) and len(stem) >= 2 and self._takes(stem, suffix):
                return self.token(stem) + _joiner(stem) + suffix
        return None

    def _takes(self, stem: str, suffix: str) -> bool:
        """Whether ``stem`` is a word that ``suffix`` can follow."""
        if suffix in _AFTER_HE and not (stem[-1] == "ه" or (stem[-1] == "ی" and suffix in _AFTER_YE)):
            return False
        if suffix in _PLURAL and stem[-1] == "ه":
            return True  # «هها» is never one word: «توافقاتنامههای» → «توافقاتنامه‌های»
        return self.lex.known(stem)

    def _join(self, a: str, b: str) -> str | None:
        """Morphology first (prefix, suffix), then the counts of the training news."""
        if a in VERB_PREFIXES:
            return ZWNJ
        if (b in SUFFIXES and self._takes_token(a, b)) or (b == "ی" and a[-1] == "ه"):
            return _joiner(a)
        spaced = self.lex.pairs.get(f"{a} {b}", 0.0)
        with_zwnj, glued = self.lex.count(a + ZWNJ + b), self.lex.count(a + b)
        if with_zwnj + glued >= max(JOIN_MIN, JOIN_RATIO * spaced):
            return "" if glued > with_zwnj or a[-1] in NON_JOINING else ZWNJ
        if a == "بی" and len(b) >= 3 and self.lex.known(b):
            return ZWNJ
        return None

    def _takes_token(self, a: str, suffix: str) -> bool:
        """Whether the separate token ``suffix`` belongs to the word ``a`` before it."""
        if suffix in _AFTER_HE:
            return a[-1] == "ه" or (a[-1] == "ی" and suffix in _AFTER_YE)
        return len(a) >= 2


def zwnj_positions(token: str) -> set[int]:
    """Positions, in ``token`` without its ZWNJs, of the ZWNJs of ``token``."""
    out, pos = set(), 0
    for part in token.split(ZWNJ)[:-1]:
        pos += len(part)
        out.add(pos)
    return out


def decode(scored: list[tuple[float, int]], threshold: float) -> list[int]:
    """Positions whose score passes ``threshold``, best first, at least two letters apart."""
    chosen: list[int] = []
    for score, i in sorted(scored, reverse=True):
        if score <= threshold:
            break
        if all(abs(i - j) >= 2 for j in chosen):
            chosen.append(i)
    return chosen


def _joiner(stem: str) -> str:
    """ZWNJ after a joining letter, nothing after a non-joining one."""
    return "" if stem[-1] in NON_JOINING else ZWNJ


_RESTORER: list[Restorer] = []


def restorer() -> Restorer:
    """The shared restorer over the shipped lexicon (created on first use)."""
    if not _RESTORER:
        _RESTORER.append(Restorer(zwnj_lexicon(), gap_model()))
    return _RESTORER[0]


def edits(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, replacement)`` for every run of words whose half-spaces change."""
    fixer = restorer()
    if fixer.model is None:
        split, style = not fixer.spaced_style(text), ""
    else:
        split, style = True, text_style(text, fixer.lex.verbs)
    for match in PHRASE.finditer(text):
        yield from fixer.phrase_edits(match.group(), match.start(), split, style)


def restore(text: str) -> str:
    """Restore half-spaces in normalized text (no offsets)."""
    pieces, last = [], 0
    for start, end, new in edits(text):
        pieces += (text[last:start], new)
        last = end
    return "".join(pieces) + text[last:]
