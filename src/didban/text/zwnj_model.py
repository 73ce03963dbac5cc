"""The learned half-space model: a linear score over string features of each candidate gap.

Two kinds of gap are scored, each by a logistic regression trained by ``training/train_zwnj_model.py``:

* a *glued* gap inside a space-free token («فعالیتها» → «فعالیت|ها»), after a joining letter only;
* a *spaced* gap between two tokens («می شود» → «می‌شود»).

Features are strings (affixes, parts, bucketed counts of the lexicon, the rule's decision, and the
writing *style* of the whole text); the shipped weights are summed in pure Python (no numpy at run time).
A gap gets a ZWNJ when its score (log-odds) passes the model's threshold for its kind.

>>> text_style("کتاب ها را می خواند", frozenset({"خواند"}))
'g0s2z0'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice, repeat

from didban.lexicon.zwnj_lexicon import ZwnjLexicon
from didban.text.letters import LETTERS, NON_JOINING, ZWNJ

#: Parts written after a half-space: plural, comparative, copula and pronoun suffixes, name parts.
SUFFIXES = frozenset(
    (
        *("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "هاست", "هایند"),
        *("تر", "ترین", "تری", "ترها", "ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ایی", "است"),
        *("مان", "شان", "تان", "زاده", "پور", "نژاد", "الله", "ی"),
    )
)
#: Parts written before a half-space.
PREFIXES = frozenset(("می", "نمی", "بی", "هم", "غیر", "پیش", "پس", "فرا", "ضد", "نیم", "کم", "پر"))
_MODEL_FILE = "zwnj_model.tsv"
_STYLE_TOKENS = re.compile(
    rf"(?<![{LETTERS}\u200c])(?:(ن?می) (?=[{LETTERS}])|(?<= )(های?|هایی|ترین)(?![{LETTERS}]))"
)
#: می or نمی starting a word, then the rest of the word; the pattern starts with a letter, not a
#: lookbehind, so the regex engine jumps from one م or ن to the next.
_GLUED_VERB = re.compile(rf"(?:نمی(?<![{LETTERS}\u200c]نمی)|می(?<![{LETTERS}\u200c]می))([{LETTERS}]+)")


@dataclass(frozen=True)
class GapModel:
    """Feature weights and the two decision thresholds (on the log-odds)."""

    weights: dict[str, float]
    glued_threshold: float
    pair_threshold: float

    def score(self, features: list[str]) -> float:
        """The log-odds of a ZWNJ: the sum of the features' weights."""
        return sum(map(self.weights.get, features, repeat(0.0)))


def parse_model(text: str) -> GapModel:
    """A model from its TSV: ``#threshold glued|pair<TAB>value`` lines, then ``feature<TAB>weight``."""
    weights: dict[str, float] = {}
    thresholds = {"glued": 0.0, "pair": 0.0}
    for line in text.splitlines():
        name, _, value = line.rpartition("\t")
        if name.startswith("#threshold "):
            thresholds[name.split(" ", 1)[1]] = float(value)
        elif name and not name.startswith("#"):
            weights[name] = float(value)
    return GapModel(weights, thresholds["glued"], thresholds["pair"])


@cache
def gap_model() -> GapModel | None:
    """The shipped model, loaded once; ``None`` when the package has none (rules only)."""
    path = resources.files("didban.lexicon").joinpath("data", _MODEL_FILE)
    return parse_model(path.read_text(encoding="utf-8")) if path.is_file() else None


def text_style(text: str, verbs: frozenset[str]) -> str:
    """How ``text`` writes affixes: glued verbal prefixes, spaced affixes, ZWNJs (each 0, 1 or 2+).

    A writer who spaces «می شود» and «کتاب ها» glues other words on purpose; a text with glued
    «میشود» lost its half-spaces, so its spaced pairs are most likely the writer's own spaces.
    """
    glued = _up_to_two(m for m in _GLUED_VERB.finditer(text) if m.group(1) in verbs)
    spaced = _up_to_two(_STYLE_TOKENS.finditer(text))
    return f"g{glued}s{spaced}z{int(ZWNJ in text)}"


#: :func:`style_mark` bits: a glued verbal prefix, a lone «می» / «نمی», a lone plural or superlative suffix.
GLUED_VERB, SPACED_PREFIX, SPACED_SUFFIX = 1, 2, 4
_SPACED_SUFFIXES = frozenset(("ها", "های", "هایی", "ترین"))


def style_mark(word: str, verbs: frozenset[str]) -> int:
    """What ``word`` (a whole run of letters and ZWNJs) counts for in :func:`text_style`: always as a
    glued verb; as a spaced affix if a space and a letter follow (:data:`SPACED_PREFIX`) or a space
    precedes (:data:`SPACED_SUFFIX`). Lets a caller that has the words take the style without a regex pass.

    >>> style_mark("میخواند", frozenset({"خواند"})), style_mark("می", frozenset())
    (1, 2)
    """
    head = word.split(ZWNJ, 1)[0]
    prefix = 3 if head.startswith("نمی") else 2 if head.startswith("می") else 0
    if prefix and len(head) > prefix and head[prefix:] in verbs:
        return GLUED_VERB
    if word in ("می", "نمی"):
        return SPACED_PREFIX
    return SPACED_SUFFIX if head in _SPACED_SUFFIXES else 0


def _up_to_two(items: Iterator[object]) -> int:
    """How many items there are, counting no further than two (the style's counts stop there)."""
    return sum(1 for _ in islice(items, 2))


def bucket(count: float) -> int:
    """A log scale for weighted counts: 0 for unseen, then 1, 2, … (capped at 14)."""
    return min(int(math.log2(count * 4 + 1)), 14) if count > 0 else 0


def _odds(yes: float, no: float) -> int:
    """The log-ratio of two counts, rounded and clipped to ±6."""
    return max(-6, min(6, round(math.log2((yes + 0.25) / (no + 0.25)))))


def _known(lex: ZwnjLexicon, part: str) -> str:
    """Where ``part`` is known from: the news (n), hazm only (h), or nowhere (x)."""
    if part in lex.forms or part in lex.variants:
        return "n"
    return "h" if part in lex.words else "x"


def split_counts(lex: ZwnjLexicon, key: str) -> dict[int, float]:
    """Position in ``key`` → total count of the lexicon's ZWNJ writings of ``key`` with a ZWNJ there."""
    out: dict[int, float] = {}
    for form in lex.variants.get(key, ()):
        pos, count = 0, lex.count(form) + 0.5 * lex.pairs.get(form.replace(ZWNJ, " "), 0.0)
        for part in form.split(ZWNJ)[:-1]:
            pos += len(part)
            out[pos] = out.get(pos, 0.0) + count
    return out


def glued_candidates(lex: ZwnjLexicon, key: str, attested: dict[int, float]) -> list[int]:
    """Positions inside a ZWNJ-free token where a ZWNJ is worth scoring (after a joining letter)."""
    out, known = [], lex.known_words
    for i in range(2, len(key) - (0 if key.endswith("هی") else 1)):  # «نتیجهی» → «نتیجه‌ی» (ezafe after ه)
        if key[i - 1] in NON_JOINING:
            continue
        left, right = key[:i], key[i:]
        if (
            i in attested
            or right in SUFFIXES
            or right.startswith(("ها", "تر"))
            or left in PREFIXES
            or (len(right) > 2 and left in known and (right in known or _known_core(right, known)))
        ):
            out.append(i)
    return out


#: Endings taken off the right part of a candidate gap to find a known word in it («خواهیهای» → «خواهی»).
_CORE_ENDINGS = ("هایی", "های", "ها", "ترین", "تر", "ان", "ی")


def _known_core(right: str, known: dict[str, None]) -> bool:
    """Whether ``right`` is a known word of three letters or more followed by a plural, comparative or
    ezafe ending."""
    return any(
        right.endswith(e) and len(right) - len(e) > 2 and right[: -len(e)] in known for e in _CORE_ENDINGS
    )


def glued_features(
    lex: ZwnjLexicon, key: str, i: int, attested: dict[int, float], rule: bool, style: str
) -> list[str]:
    """Features of a ZWNJ at position ``i`` of the glued token ``key``."""
    base, tags = glued_base(lex, key, i, attested, rule)
    return base + glued_style(style, tags)


def glued_style(style: str, tags: tuple[str, ...]) -> list[str]:
    """The text-style features of a glued gap, from its :func:`glued_base` tags."""
    coarse = style[:4]
    return [f"gst:{style}", f"gsr:{style}|{tags[0]}", f"gsk:{coarse}|{tags[1]}", f"gsod:{coarse}|{tags[2]}"]


def glued_base(
    lex: ZwnjLexicon, key: str, i: int, attested: dict[int, float], rule: bool
) -> tuple[list[str], tuple[str, ...]]:
    """The style-independent features of a glued gap, and the tags its style features combine."""
    left, right = key[:i], key[i:]
    glued, split = lex.count(key), attested.get(i, 0.0)
    spaced = lex.pairs.get(f"{left} {right}", 0.0)
    kinds = _known(lex, left) + _known(lex, right)
    suffix = right in SUFFIXES
    odds = _odds(split + 0.5 * spaced, glued)
    feats = [
        "g",
        f"gs1:{left[-1:]}",
        f"gs2:{left[-2:]}",
        f"gs3:{left[-3:]}",
        f"gs4:{left[-4:]}",
        f"gp1:{right[:1]}",
        f"gp2:{right[:2]}",
        f"gp3:{right[:3]}",
        f"gp4:{right[:4]}",
        f"gk:{kinds}",
        f"gct:{bucket(glued)}",
        f"gcz:{bucket(split)}",
        f"gcs:{bucket(spaced)}",
        f"gcl:{bucket(lex.count(left))}",
        f"gcr:{bucket(lex.count(right))}",
        f"god:{odds}",
        f"gr:{rule}",
        f"glen:{min(len(left), 6)}|{min(len(right), 6)}",
    ]
    feats += (f"gL:{left}", f"gR:{right}", f"gs5:{left[-5:]}", f"gp5:{right[:5]}", f"gko:{kinds}|{odds}")
    feats.append(f"gcx:{bucket(glued)}|{bucket(split)}|{bucket(spaced)}")
    if suffix:
        feats += (f"gsuf:{right}|{left[-1]}", f"gsufk:{right}|{kinds}", f"gsuf2:{right}|{left[-2:]}")
    if left in PREFIXES:
        feats.append(f"gpre:{left}|{right in lex.verbs}")
    return feats, (str(rule), f"{kinds}|{suffix}", str(odds))


def pair_candidate(lex: ZwnjLexicon, a: str, b: str) -> bool:
    """Whether the space of ``a b`` is worth scoring: after a joining letter, with an affix or the news
    writing the pair joined, or hazm knowing it joined (except Arabic «ال» compounds the news never
    joins: «مشترک المنافع» stays apart)."""
    if a[-1] in NON_JOINING or ZWNJ in a or ZWNJ in b:
        return False
    if b in SUFFIXES or a in PREFIXES or lex.count(a + ZWNJ + b) > 0 or lex.count(a + b) > 0:
        return True
    return not b.startswith("ال") and (a + ZWNJ + b) in lex.words


def pair_features(lex: ZwnjLexicon, a: str, b: str, rule: bool, style: str) -> list[str]:
    """Features of joining ``a b`` with a ZWNJ."""
    base, tags = pair_base(lex, a, b, rule)
    return base + pair_style(style, tags)


def pair_style(style: str, tags: tuple[str, ...]) -> list[str]:
    """The text-style features of a spaced gap, from its :func:`pair_base` tags."""
    coarse = style[:4]
    return [
        f"pst:{style}",
        f"psr:{style}|{tags[0]}",
        f"psa:{coarse}|{tags[1]}",
        f"psod:{coarse}|{tags[2]}",
        f"psb:{coarse}|{tags[3]}",
    ]


def pair_base(lex: ZwnjLexicon, a: str, b: str, rule: bool) -> tuple[list[str], tuple[str, ...]]:
    """The style-independent features of a spaced gap, and the tags its style features combine."""
    joined, glued = lex.count(a + ZWNJ + b), lex.count(a + b)
    spaced = lex.pairs.get(f"{a} {b}", 0.0)
    suffix, prefix = b in SUFFIXES, a in PREFIXES
    odds = _odds(joined + glued, spaced)
    tags = (str(rule), f"{suffix}|{prefix}", str(odds), b if suffix else a if prefix else "-")
    return [
        "p",
        f"pa:{a}",
        f"pb:{b}",
        f"pab:{a} {b}",
        f"pas1:{a[-1:]}",
        f"pas2:{a[-2:]}",
        f"pas3:{a[-3:]}",
        f"pbp1:{b[:1]}",
        f"pbp2:{b[:2]}",
        f"pbp3:{b[:3]}",
        f"pcz:{bucket(joined)}",
        f"pcg:{bucket(glued)}",
        f"pcs:{bucket(spaced)}",
        f"pca:{bucket(lex.count(a))}",
        f"pcb:{bucket(lex.count(b))}",
        f"pod:{odds}",
        f"phz:{(a + ZWNJ + b) in lex.words}",
        f"pr:{rule}",
    ], tags
