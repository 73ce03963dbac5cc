"""Why Didban misses the half-spaces it misses on glued text: each missed gold ZWNJ, by what is known.

A gold ZWNJ of an original paragraph is *missed* when the repaired glued corruption has no ZWNJ at its place
(the gaps are aligned as :mod:`didban.evaluation.zwnj` scores them). Its word is the run of letters around it
in the original (without ZWNJs, as the corruption writes it); the cause is the first that holds of:

* ``non-joining``: the letter before it does not join (ا د ذ ر ز ژ و), where Didban never writes one;
* ``no candidate``: the model scores no gap there (:func:`~didban.text.zwnj_model.glued_candidates`);
* ``unseen``: the training news never writes the word, in any spelling;
* ``glued as often``: the training news writes the word glued at least as often as with a ZWNJ there;
* ``below threshold``: the model scored the gap and kept it glued;
* ``spaced``: the repaired text has a space there: the original's ZWNJ stands next to punctuation
  («افزود:‌«ملت»، «فارس،‌مسعود»), where repair writes the space that belongs.
"""

from __future__ import annotations

from collections import Counter

from didban.evaluation.zwnj import HALF, NONE, SPACE, Skeleton, aligned_gaps, skeleton, skeleton_word
from didban.lexicon.zwnj_lexicon import ZwnjLexicon
from didban.text.letters import NON_JOINING
from didban.text.zwnj_model import glued_candidates, split_counts

#: The causes, in the order they are tried (and printed).
CAUSES = ("unseen", "glued as often", "no candidate", "non-joining", "below threshold", "spaced")


def miss_causes(original: str, output: str, lex: ZwnjLexicon) -> Counter[str]:
    """The cause of each gold ZWNJ of ``original`` that ``output`` (the repaired glued text) misses."""
    gold, out = skeleton(original), skeleton(output)
    return gap_causes(gold, out, aligned_gaps(gold, out) or [], lex)


def gap_causes(gold: Skeleton, out: Skeleton, pairs: list[tuple[int, int]], lex: ZwnjLexicon) -> Counter[str]:
    """:func:`miss_causes` of two skeletons already aligned (``pairs`` from
    :func:`~didban.evaluation.zwnj.aligned_gaps`)."""
    causes: Counter[str] = Counter()
    for k, m in pairs:
        if gold.gaps[k] == HALF and out.gaps[m] == SPACE:
            causes["spaced"] += 1
        elif gold.gaps[k] == HALF and out.gaps[m] == NONE:
            start, end = skeleton_word(gold, k)
            causes[_cause(gold.chars[start:end], k + 1 - start, lex)] += 1
    return causes


def _cause(key: str, position: int, lex: ZwnjLexicon) -> str:
    """Why the ZWNJ at ``position`` of the glued word ``key`` was missed (see the module docstring)."""
    if key[position - 1] in NON_JOINING:
        return "non-joining"
    attested = split_counts(lex, key)
    if position not in glued_candidates(lex, key, attested):
        return "no candidate"
    if not lex.count(key) and key not in lex.variants:
        return "unseen"
    if lex.count(key) >= attested.get(position, 0.0):
        return "glued as often"
    return "below threshold"


def format_causes(causes: Counter[str]) -> str:
    """One line: each cause's share of the misses."""
    total = sum(causes.values())
    if not total:
        return "didban misses no half-space on glued text"
    shares = ", ".join(f"{causes[c] / total:.0%} {c}" for c in CAUSES)
    return f"didban's {total:,} missed half-spaces on glued text: {shares}"
