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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from functools import partial
from itertools import accumulate, compress, count, islice, repeat
from operator import add, contains, itemgetter, not_
from typing import Any

from didban.lexicon.zwnj_lexicon import ZwnjLexicon, zwnj_lexicon
from didban.text.compiled import class_table, speedups
from didban.text.letters import LETTERS, NON_JOINING, ZWNJ
from didban.text.zwnj_model import (
    GLUED_VERB,
    SPACED_PREFIX,
    SPACED_SUFFIX,
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
    style_mark,
)
from didban.text.zwnj_model import PREFIXES as MODEL_PREFIXES
from didban.text.zwnj_model import SUFFIXES as MODEL_SUFFIXES

#: The characters of a word, and a run of Persian words separated by single spaces.
_WORD_CHARS = rf"{LETTERS}\u200c"
PHRASE = re.compile(rf"[{_WORD_CHARS}]+(?: [{_WORD_CHARS}]+)*")
#: :data:`PHRASE` in a text without two spaces in a row (a repaired text), without the regex engine's slow
#: nested repeat: the longest run of letters, ZWNJs and spaces that ends in a letter or ZWNJ.
_PHRASE_SINGLE_SPACED = re.compile(rf"[{_WORD_CHARS}][{_WORD_CHARS} ]*(?<=[{_WORD_CHARS}])")

_PLURAL = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "هاست", "هاییم")
_DEGREE = ("تر", "ترین", "تری", "ترها")
_AFTER_HE = ("ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ایی", "است", "اید")
_AFTER_YE = ("ای", "اند", "ایم", "اید", "ام", "اش")
_PRONOUNS = ("مان", "شان", "تان")
#: Second parts of names and titles, written after a half-space («حسین‌زاده»، «حجت‌الله»).
_NAME_PARTS = ("زاده", "پور", "نژاد", "الله")
#: The only separate words that are glued, without a ZWNJ, to a word ending in a non-joining letter.
_GLUE_AFTER_NON_JOINING = frozenset((*_PLURAL, *_DEGREE))
SUFFIXES = tuple(sorted({*_PLURAL, *_DEGREE, *_AFTER_HE, *_PRONOUNS, *_NAME_PARTS}, key=len, reverse=True))
_SUFFIX_SET = frozenset(SUFFIXES)
_SUFFIX_SIZES = sorted({len(s) for s in SUFFIXES}, reverse=True)
VERB_PREFIXES = ("نمی", "می")
#: Words that may join the next word, or the word before, whatever the lexicon counts (rules and model).
_JOIN_PREFIXES = frozenset((*VERB_PREFIXES, "بی", *MODEL_PREFIXES))
_JOIN_SUFFIXES = frozenset((*SUFFIXES, "ی", *MODEL_SUFFIXES))
#: A pair is joined when its joined forms are seen this many times more than the spaced pair…
JOIN_RATIO = 0.5
#: … and at least this (weighted) many times.
JOIN_MIN = 1.0
#: A glued token is split when its ZWNJ form (plus spaced writings, weighted) beats the glued count.
SPACED_WEIGHT = 0.5
_CACHE_LIMIT = 200_000
_NON_JOINING = "".join(sorted(NON_JOINING))
#: Runs of letters longer than this are not words (the news' longest word has 25 letters and half-spaces);
#: the restorer leaves them as written.
LONGEST_WORD = 60
#: Between two runs of words in :meth:`Restorer.text_edits`: a token no space next to is joined.
_BOUNDARY_TOKEN = "\x00"
_BOUNDARY = f" {_BOUNDARY_TOKEN} "
#: A raw token's letters (no ZWNJ), its style-independent fix (or ``None``), its flags (its
#: :func:`~didban.text.zwnj_model.style_mark`, :data:`_PREFIX`, :data:`_SUFFIX`), and the letters that may
#: follow its letters in one word of the lexicon (see :meth:`Restorer._info` and :meth:`Restorer._rights`).
_TokenInfo = tuple[str, str | None, int, dict[str, None]]
#: Token flags: a prefix that may join the next word, a suffix that may join the word before; a token
#: whose writing depends on the text's style, or that is written otherwise whatever the style.
_PREFIX, _SUFFIX, _STYLED, _CHANGED = 8, 16, 32, 64
#: Followers are kept as dicts of strings, which the garbage collector leaves untracked (as it does the
#: info tuples holding them): a set would keep both tracked, and every full collection would walk them.
_NOTHING: dict[str, None] = {}  # shared: never written to
#: Above every letter: ``w.startswith(p)`` exactly when ``p <= w < p + _LAST_CHAR`` for words of letters.
_LAST_CHAR = "\U0010ffff"
_STYLE_MARKS = GLUED_VERB | SPACED_PREFIX | SPACED_SUFFIX
#: :func:`~didban.text.zwnj_model.glued_style` or :func:`~didban.text.zwnj_model.pair_style`.
StyleFeatures = Callable[[str, tuple[str, ...]], list[str]]
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
        self._infos: dict[str, _TokenInfo] = {}
        self._style_scores: dict[tuple[StyleFeatures, str, tuple[str, ...]], float] = {}
        self._joined: frozenset[str] | None = None
        self._sorted_joined: tuple[str, ...] = ()
        self._heads: dict[str, tuple[int, int]] = {}

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
        """:meth:`phrase_edits` by the model (:meth:`text_edits`, shifted to ``base``)."""
        for start, end, new in self.text_edits(text, style):
            yield base + start, base + end, new

    def text_edits(self, text: str, style: str | None = None) -> list[tuple[int, int, str]]:
        """The model's edits of every run of words in ``text``, in order.

        All the tokens of the text are looked at with C-speed bulk operations (``map``, ``compress``, or the
        compiled fast paths of :mod:`didban.text.compiled`); Python code only visits the tokens the model
        changes and the spaces whose words may join at all (:meth:`_info`: an affix, or their letters written
        as one word in the lexicon). ``style`` is the text's :func:`~didban.text.zwnj_model.text_style`,
        taken from its tokens when not given.
        """
        tokens, start = _phrase_tokens(text)
        infos = self._infos_of(tokens)
        flagged, joinable = _flagged_and_joinable(infos)
        if style is None:
            style = _style(text, tokens, infos, flagged, start)
        fixed = self._fixed(tokens, infos, flagged, style)
        out = self._joins(tokens, fixed, _maybe_joined(infos, flagged, joinable), style)
        out += ((i, 0, new) for i, new in fixed.items() if new != tokens[i])
        edits = []
        for i, kind, new in out:
            end = start(i) + len(tokens[i])
            edits.append((end, end + 1, new) if kind < 0 else (end - len(tokens[i]), end, new))
        return sorted(edits)

    def _infos_of(self, tokens: list[str]) -> list[_TokenInfo]:
        """The :meth:`_info` of each token (memoized)."""
        known = self._infos
        infos = list(map(known.get, tokens))
        for i in compress(count(), map(not_, infos)):
            token = tokens[i]
            infos[i] = known.get(token) or self._info(token)  # a new token may come twice in one text
        return infos  # type: ignore[return-value]

    def _fixed(
        self, tokens: list[str], infos: list[_TokenInfo], flagged: list[int], style: str
    ) -> dict[int, str]:
        """Index → the token as the model writes it, for the ``flagged`` tokens it may change (every other
        token stays as written): style-independent fixes from ``infos``, others memoized per style."""
        memo = self._memos(style)[0]
        compiled = speedups()
        if compiled is not None:
            learn = partial(self.learned_token, style=style)
            fixes: dict[int, str] = compiled.fixed_tokens(
                tokens, infos, flagged, memo, learn, _STYLED, _CHANGED
            )
            return fixes
        fixed: dict[int, str] = {}
        for i in flagged:
            fix, flags = infos[i][1:3]
            if flags & _STYLED:
                token = tokens[i]
                fix = memo.get(token)
                if fix is None:
                    fix = memo[token] = self.learned_token(token, style)
                fixed[i] = fix
            elif flags & _CHANGED:
                fixed[i] = fix  # type: ignore[assignment]
        return fixed

    def _joins(
        self, tokens: list[str], fixed: dict[int, str], spaces: list[int], style: str
    ) -> list[tuple[int, int, str]]:
        """``(i, -1, joiner)`` for each of the ``spaces`` (after token ``i``) that a joiner replaces: by
        the rules after a non-joining letter, else by the model (memoized per style)."""
        pairs = self._memos(style)[1]
        compiled = speedups()
        if compiled is not None:
            learn = partial(self.learned_pair, style=style)
            rules = self._pairs, self.pair
            joins: list[tuple[int, int, str]] = compiled.joins(
                tokens, fixed, spaces, pairs, learn, *rules, _NON_JOINING
            )
            return joins
        out: list[tuple[int, int, str]] = []
        for i in spaces:
            a, b = tokens[i], tokens[i + 1]
            if a == _BOUNDARY_TOKEN or b == _BOUNDARY_TOKEN:
                continue
            if a[-1] in NON_JOINING:
                joiner = self.pair(fixed.get(i, a), fixed.get(i + 1, b))
            else:
                key = f"{a} {b}"
                joiner = pairs.get(key, "?")
                if joiner == "?":
                    joiner = pairs[key] = self.learned_pair(a, b, style)
            if joiner is not None:
                out.append((i, -1, joiner))
        return out

    def _info(self, token: str) -> _TokenInfo:
        """``(letters, fixed, flags, followers)`` of a raw token, independent of the text's style.

        ``letters`` is the token without ZWNJ; ``fixed`` its model decision when no style can change
        it (else ``None``); ``flags`` its style mark, whether it is an affix that may join its neighbour,
        and whether the model may write it otherwise (:data:`_STYLED`, :data:`_CHANGED`); ``followers``
        its :meth:`_rights`.
        """
        if len(self._infos) > _CACHE_LIMIT:
            self._infos.clear()
        if len(token) > LONGEST_WORD:  # not a word: left as written (scoring its gaps is quadratic)
            info = self._infos[token] = (token.replace(ZWNJ, ""), token, 0, _NOTHING)
            return info
        letters = token.replace(ZWNJ, "")
        if len(letters) == len(token):  # no ZWNJ: one piece (most tokens), as :meth:`_learned_piece` fixes it
            fixed = self.token(token) if len(token) < 4 else None if self._glued_bases(token) else token
        else:
            plain = all(len(p) < 4 or not self._glued_bases(p) for p in token.split(ZWNJ))
            fixed = self.learned_token(token, "") if plain else None
        flags = style_mark(token, self.lex.verbs)
        flags |= (_PREFIX if letters in _JOIN_PREFIXES else 0) | (_SUFFIX if letters in _JOIN_SUFFIXES else 0)
        flags |= _STYLED if fixed is None else _CHANGED if fixed != token else 0
        info = (letters, fixed, flags, self._rights(letters))
        self._infos[token] = info
        return info

    def _joinable(self) -> frozenset[str]:
        """Letters of every word the lexicon writes as one (glued or with ZWNJ): two words whose letters
        together are none of these never join (no count, so neither rules nor model join them; this holds
        while :data:`JOIN_MIN` is above zero)."""
        if self._joined is None:
            lex = self.lex
            self._joined = frozenset(
                (
                    *(f.replace(ZWNJ, "") for f in lex.forms),
                    *(w.replace(ZWNJ, "") for w in lex.words if ZWNJ in w),
                )
            )
        return self._joined

    def _rights(self, letters: str) -> dict[str, None]:
        """What follows ``letters`` in the :meth:`_joinable` words that start with them: ``a + b`` is
        joinable exactly when ``b in self._rights(a)`` (taken once a token, by :meth:`_info`)."""
        words, heads = self._sorted_joined, self._heads
        if not words:
            words, heads = self._sort_joinable()
        low, high = heads.get(letters[:2], (0, 0)) if len(letters) >= 2 else (0, len(words))
        start = bisect_left(words, letters, low, high)
        if start == high or not words[start].startswith(letters):
            return _NOTHING  # no word starts with ``letters`` (about half the tokens)
        end = bisect_left(words, letters + _LAST_CHAR, start, high)  # the words that start with ``letters``
        return dict.fromkeys(map(itemgetter(slice(len(letters), None)), words[start:end]))

    def _sort_joinable(self) -> tuple[tuple[str, ...], dict[str, tuple[int, int]]]:
        """The :meth:`_joinable` words sorted, and where the words of each first two letters lie."""
        words = self._sorted_joined = tuple(sorted(self._joinable()))
        heads: dict[str, tuple[int, int]] = {}
        for i, word in enumerate(words):
            head = word[:2]
            heads[head] = (heads.get(head, (i, i))[0], i + 1)
        self._heads = heads
        return words, heads

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
        bases = self._glued_bases(key)
        if not bases:
            return key
        score = self._style_score
        scored = [(base + score(glued_style, style, tags), i) for i, base, tags in bases]
        cuts = sorted(decode(scored, self.model.glued_threshold))
        if not cuts:
            return key
        return ZWNJ.join(key[i:j] for i, j in zip([0, *cuts], [*cuts, len(key)], strict=True))

    def _glued_bases(self, key: str) -> tuple[tuple[int, float, tuple[str, ...]], ...]:
        """``(position, style-independent score, style tags)`` of each candidate gap (memoized, as tuples:
        the garbage collector stops tracking tuples of strings and numbers, not lists)."""
        done = self._bases.get(key)
        if done is None:
            assert self.model is not None
            if len(self._bases) > _CACHE_LIMIT:
                self._bases.clear()
            attested = split_counts(self.lex, key)
            candidates = glued_candidates(self.lex, key, attested)
            rule = zwnj_positions(self.token(key)) if candidates else set()  # most words have none
            scored = []
            for i in candidates:
                features, tags = glued_base(self.lex, key, i, attested, i in rule)
                scored.append((i, self.model.score(features), tags))
            done = self._bases[key] = tuple(scored)
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
        score = based[0] + self._style_score(pair_style, style, based[1])
        return ZWNJ if score > self.model.pair_threshold else None

    def _style_score(self, features: StyleFeatures, style: str, tags: tuple[str, ...]) -> float:
        """The model's score of the style ``features`` of a gap with ``tags`` (memoized: a few hundred
        tag sets per style)."""
        key = (features, style, tags)
        done = self._style_scores.get(key)
        if done is None:
            assert self.model is not None
            if len(self._style_scores) > _CACHE_LIMIT:
                self._style_scores.clear()
            done = self._style_scores[key] = self.model.score(features(style, tags))
        return done

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
        """What replaces the space of ``a b``: ZWNJ, nothing (a plural or degree suffix after a non-joining
        letter: «کشور ها» → «کشورها»), or ``None`` to keep it. Two words are never glued otherwise."""
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
        """A known stem followed by a suffix («تلاشهای» → «تلاش‌های»), the longest suffix first."""
        for size in _SUFFIX_SIZES:  # one set lookup a length, not an ``endswith`` a suffix
            suffix, stem = key[-size:], key[:-size]
            if suffix in _SUFFIX_SET and len(stem) >= 2 and self._takes(stem, suffix):
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
            if a[-1] not in NON_JOINING:
                return ZWNJ
            return "" if b in _GLUE_AFTER_NON_JOINING else None  # «کشور ها» → «کشورها»; never «رضازاده»
        if a[-1] in NON_JOINING:
            return None  # a space after ا د ر و … is never removed: «ما هر»، «روز به»، «و زیر» stay apart
        spaced = self.lex.pairs.get(f"{a} {b}", 0.0)
        with_zwnj, glued = self.lex.count(a + ZWNJ + b), self.lex.count(a + b)
        if with_zwnj + glued >= max(JOIN_MIN, JOIN_RATIO * spaced):
            return ZWNJ if with_zwnj >= glued else None
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


class _Places:
    """Where the tokens of :meth:`Restorer.text_edits` (the ``matches``' words, one :data:`_BOUNDARY`
    between runs) start in the text, found for the few tokens asked about: the token's run by bisection,
    then the lengths of the words before it in the run (summed once per run asked about, so a run of
    thousands of words costs one pass, not one pass a question)."""

    __slots__ = ("_firsts", "_groups", "_matches", "_sums", "_tokens")

    def __init__(self, matches: list[re.Match[str]], groups: list[str], tokens: list[str]) -> None:
        self._matches, self._groups, self._tokens = matches, groups, tokens
        self._firsts: list[int] = []
        self._sums: dict[int, list[int]] = {}

    def start(self, i: int) -> int:
        """The text offset of token ``i`` (not a boundary)."""
        if not self._firsts:
            sizes = map(add, map(str.count, self._groups, repeat(" ")), repeat(2))
            self._firsts = list(accumulate(sizes, initial=0))
        run = bisect_right(self._firsts, i) - 1
        first = self._firsts[run]
        sums = self._sums.get(run)
        if sums is None:
            last = self._firsts[run + 1] if run + 1 < len(self._firsts) else len(self._tokens)
            sums = self._sums[run] = list(accumulate(map(len, self._tokens[first:last]), initial=0))
        return self._matches[run].start() + sums[i - first] + i - first


def _phrase_tokens(text: str) -> tuple[list[str], Callable[[int], int]]:
    """The words of every run of words in ``text`` (:data:`PHRASE`), with a :data:`_BOUNDARY_TOKEN` between
    runs, and a function from a word's index to its offset in ``text``."""
    compiled = speedups()
    if compiled is not None:
        tokens, starts = compiled.phrase_tokens(text, class_table((_WORD_CHARS,)))
        return tokens, memoryview(starts).cast("n").__getitem__
    matches = list((PHRASE if "  " in text else _PHRASE_SINGLE_SPACED).finditer(text))
    groups = list(map(re.Match.group, matches))
    tokens = _BOUNDARY.join(groups).split(" ") if groups else []
    return tokens, _Places(matches, groups, tokens).start


def _style(
    text: str, tokens: list[str], infos: list[_TokenInfo], flagged: list[int], start: Callable[[int], int]
) -> str:
    """:func:`~didban.text.zwnj_model.text_style` of ``text`` from its ``flagged`` tokens' style marks (the
    tokens are every run of letters and ZWNJs; a lone «می» counts before a word, a lone suffix after a
    space)."""
    glued = spaced = 0
    for i in flagged:
        mark = infos[i][2] & _STYLE_MARKS
        if mark == GLUED_VERB:
            glued += 1
        elif mark == SPACED_PREFIX:
            after = tokens[i + 1] if i + 1 < len(tokens) else _BOUNDARY_TOKEN
            spaced += after != _BOUNDARY_TOKEN and after[0] != ZWNJ
        elif mark == SPACED_SUFFIX:
            inside = i > 0 and tokens[i - 1] != _BOUNDARY_TOKEN
            spaced += inside or text[start(i) - 1 : start(i)] == " "
    return f"g{min(glued, 2)}s{min(spaced, 2)}z{int(ZWNJ in text)}"


def _flagged_and_joinable(infos: list[_TokenInfo]) -> tuple[list[int], list[int]]:
    """The indexes of the tokens whose ``infos`` have flags (about one token in six), and those ``i`` whose
    letters and the next token's letters the lexicon writes as one word (``letters[i] + letters[i + 1]`` in
    :meth:`Restorer._joinable`, without building the joined strings: the next letters are among the
    followers)."""
    compiled = speedups()
    if compiled is not None:
        return compiled.flagged_and_joinable(infos)  # type: ignore[no-any-return]
    flagged = list(compress(count(), map(itemgetter(2), infos)))
    nexts = map(itemgetter(0), islice(infos, 1, None))
    return flagged, list(compress(count(), map(contains, map(itemgetter(3), infos), nexts)))


def _maybe_joined(infos: list[_TokenInfo], flagged: list[int], joinable: list[int]) -> list[int]:
    """Indexes ``i`` of the spaces (between tokens ``i`` and ``i + 1``) that may be joined: after a prefix,
    before a suffix (among the ``flagged`` tokens), or ``joinable`` (letters the lexicon joins)."""
    maybe = set(joinable)
    for i in flagged:
        flags = infos[i][2]
        if flags & _PREFIX and i + 1 < len(infos):
            maybe.add(i)
        if flags & _SUFFIX and i:
            maybe.add(i - 1)
    return sorted(maybe)


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


def edits(text: str, fixer: Restorer | None = None) -> Iterator[tuple[int, int, str]]:
    """``(start, end, replacement)`` for every run of words whose half-spaces change, by ``fixer`` (the
    shared :func:`restorer` by default)."""
    fixer = fixer or restorer()
    if fixer.model is not None:
        yield from fixer.text_edits(text)  # the style is taken from the tokens
        return
    split = not fixer.spaced_style(text)
    for match in PHRASE.finditer(text):
        yield from fixer.phrase_edits(match.group(), match.start(), split)


def restore(text: str) -> str:
    """Restore half-spaces in normalized text (no offsets)."""
    pieces, last = [], 0
    for start, end, new in edits(text):
        pieces += (text[last:start], new)
        last = end
    return "".join(pieces) + text[last:]
