"""Half-space (ZWNJ) evaluation: how well does a system restore the ZWNJs of real news paragraphs?

Each held-out paragraph that contains a half-space is corrupted twice — every ZWNJ deleted (``deleted``:
glued words) and every ZWNJ replaced by a space (``space``) — and each system repairs both. Texts are
compared on their *skeleton*: the text with spaces and ZWNJs removed and letters folded (ي→ی, ك→ک,
diacritics, tatweel and invisible marks dropped, digits and quotes unified), because every system also
unifies letters. Each gap between two skeleton characters is labelled ZWNJ, space or none, in the
original and in the output; when a system changed the skeleton (punctuation, repeated letters) the two
are aligned with :class:`difflib.SequenceMatcher` and only gaps inside matching blocks are scored.

Scores per set × corruption × system: precision, recall and F1 of ZWNJ gaps, and the precision counted only
where the original has no space (``P-nospace``: a ZWNJ predicted where the original wrote a space is left
out — the news often writes «می شود» where the standard spelling is «می‌شود»). Those places are sampled for a
hand check (:func:`write_handcheck`); a person marks each row ``acceptable`` or ``not``. So are the ZWNJs
Didban puts inside words the original writes glued, on glued text (the false positives P-nospace counts): the
news often glues words whose standard spelling has a half-space («حرفهای»، «مهمترین»).

Run ``python -m didban.evaluation.zwnj --data ../shared/data/news [--no-baselines] [--sets fars]``.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import NamedTuple

from didban.evaluation.baseline_worker import Worker
from didban.evaluation.split import EVAL_SAMPLE, SETS, ZWNJ, evaluation_paragraphs

NONE, HALF, SPACE = 0, 1, 2  # gap labels; a gap holding both a space and a ZWNJ counts as a space
CORRUPTIONS = ("deleted", "space")
SYSTEMS = ("didban", "hazm", "parsivar", "rule")
BASELINES = ("hazm", "parsivar")
TARGET_RECALL = 0.93
TARGET_P_NOSPACE = 0.97
MIN_ALIGNED = 0.9  # a paragraph whose skeletons share less than this fraction is not scored
HANDCHECK_SIZE = 100
HANDCHECK_SEED = "didban-zwnj-1"
CONTEXT = 40
BATCH = 500

Repair = Callable[[list[str]], list[str]]


# --- skeletons --------------------------------------------------------------------------------------

# Letter variants, quotes and Arabic punctuation that systems rewrite, each group onto one form.
_FOLD_GROUPS = {"يىئېۍ": "ی", "كڪ": "ک", "ةۀەہھ": "ه", "أإٱ": "ا", "ؤ": "و", "«»“”": '"', "؟": "?", "،٬": ","}
_FOLD_PAIRS = {
    **{variant: form for group, form in _FOLD_GROUPS.items() for variant in group},
    **{"؛": ";", "٫": ".", "–": "-", "—": "-", "…": "...", "ـ": ""},
}


def _fold_table() -> dict[int, str]:
    """The translation table of :func:`skeleton`: letter variants, digits, marks and invisibles."""
    table: dict[int, str] = {ord(k): v for k, v in _FOLD_PAIRS.items()}
    for digit in range(10):
        table[0x0660 + digit] = table[0x06F0 + digit] = str(digit)
    for code in (*range(0x0600, 0x0700), *range(0x2000, 0x2070), 0xFEFF, 0x00AD):
        if unicodedata.category(chr(code)) in ("Mn", "Me", "Cf") and code not in table:
            table[code] = ""
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        folded = unicodedata.normalize("NFKC", chr(code))
        table[code] = "".join(c for c in folded if unicodedata.category(c) != "Mn").translate(table)
    return table


_TABLE = _fold_table()
_SEPARATORS = re.compile(r"([\s\u200c]+)")


class Skeleton(NamedTuple):
    """A text without its separators: ``gaps[k]`` labels the gap after skeleton character ``k``.

    ``edges`` maps a gap that holds a separator to its ``(start, end)`` offsets in the text.
    """

    chars: str
    gaps: bytes
    edges: dict[int, tuple[int, int]]


def skeleton(text: str) -> Skeleton:
    """Fold ``text`` and label the gaps between its remaining characters (see the module docstring)."""
    chars: list[str] = []
    gaps = bytearray()
    edges: dict[int, tuple[int, int]] = {}
    pending, gap_start, pos, size = NONE, -1, 0, 0
    for index, part in enumerate(_SEPARATORS.split(text)):
        if index % 2:
            pending = max(pending, SPACE if part.replace(ZWNJ, "") else HALF)
            gap_start = pos if gap_start < 0 else gap_start
        elif folded := part.translate(_TABLE):
            if size:
                gaps.append(pending)
                if pending:
                    edges[size - 1] = (gap_start, pos)
            gaps.extend(bytes(len(folded) - 1))
            chars.append(folded)
            size += len(folded)
            pending, gap_start = NONE, -1
        pos += len(part)
    return Skeleton("".join(chars), bytes(gaps), edges)


def aligned_gaps(gold: Skeleton, out: Skeleton) -> list[tuple[int, int]] | None:
    """Pairs ``(gold gap, output gap)`` of gaps whose neighbours match; ``None`` if unalignable."""
    if gold.chars == out.chars:
        return None if not gold.chars else [(k, k) for k in range(len(gold.gaps))]
    matcher = difflib.SequenceMatcher(None, gold.chars, out.chars, autojunk=False)
    blocks = matcher.get_matching_blocks()
    if sum(block.size for block in blocks) < MIN_ALIGNED * len(gold.chars):
        return None
    return [(i + k, j + k) for i, j, size in blocks for k in range(size - 1)]


# --- scoring ----------------------------------------------------------------------------------------


@dataclass
class Counts:
    """A confusion matrix of gap labels, ``matrix[gold * 3 + output]``, and alignment tallies."""

    matrix: list[int] = field(default_factory=lambda: [0] * 9)
    paragraphs: int = 0
    unalignable: int = 0  # paragraphs not scored at all
    inexact: int = 0  # paragraphs whose skeleton the system changed (aligned with difflib)
    unaligned_gold: int = 0  # gold ZWNJ gaps left out of the scoring by the alignment
    glued: int = 0  # spaces between two letters of the original that the output removed
    split: int = 0  # spaces the output put between two letters of one word of the original
    chars: int = 0  # input characters given to the system
    seconds: float = 0.0  # time the system spent on them

    def cell(self, gold: int, out: int) -> int:
        """How many gaps were ``gold`` in the original and ``out`` in the output."""
        return self.matrix[gold * 3 + out]

    @property
    def tp(self) -> int:
        """ZWNJ gaps restored."""
        return self.cell(HALF, HALF)

    @property
    def precision(self) -> float:
        """Share of predicted ZWNJ gaps that are ZWNJs in the original."""
        return _ratio(self.tp, self.tp + self.cell(NONE, HALF) + self.cell(SPACE, HALF))

    @property
    def p_nospace(self) -> float:
        """Precision leaving out ZWNJs predicted where the original has a space."""
        return _ratio(self.tp, self.tp + self.cell(NONE, HALF))

    @property
    def fn(self) -> int:
        """ZWNJ gaps of the original that the output lacks."""
        return self.cell(HALF, NONE) + self.cell(HALF, SPACE)

    @property
    def recall(self) -> float:
        """Share of the original's ZWNJ gaps restored."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    def add(self, other: Counts) -> None:
        """Add ``other`` into this one."""
        self.matrix = [a + b for a, b in zip(self.matrix, other.matrix, strict=True)]
        for name in (f.name for f in fields(self) if f.name != "matrix"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


class Place(NamedTuple):
    """A gap where the output has a ZWNJ and the original a space: offsets in both texts."""

    paragraph: int
    gold_edge: tuple[int, int]
    out_edge: tuple[int, int]


def score_paragraph(original: str, output: str, counts: Counts, index: int = 0) -> list[Place]:
    """Add one paragraph's gap labels to ``counts``; return the space→ZWNJ places."""
    gold, out = skeleton(original), skeleton(output)
    counts.paragraphs += 1
    pairs = aligned_gaps(gold, out)
    if pairs is None:
        counts.unalignable += 1
        return []
    if gold.chars != out.chars:
        counts.inexact += 1
        counts.unaligned_gold += gold.gaps.count(HALF) - sum(gold.gaps[k] == HALF for k, _ in pairs)
        tally = Counter(gold.gaps[k] * 3 + out.gaps[m] for k, m in pairs)
    else:
        tally = Counter(g * 3 + o for g, o in zip(gold.gaps, out.gaps, strict=True))
    for cell, n in tally.items():
        counts.matrix[cell] += n
    if tally[SPACE * 3 + NONE]:
        counts.glued += _between_letters(gold, out, pairs, SPACE, NONE)
    if tally[NONE * 3 + SPACE]:
        counts.split += _between_letters(gold, out, pairs, NONE, SPACE)
    if not tally[SPACE * 3 + HALF]:
        return []
    return [
        Place(index, gold.edges[k], out.edges[m])
        for k, m in pairs
        if gold.gaps[k] == SPACE and out.gaps[m] == HALF
    ]


def _between_letters(
    gold: Skeleton, out: Skeleton, pairs: Iterable[tuple[int, int]], was: int, now: int
) -> int:
    """How many gaps between two letters went from label ``was`` to label ``now``."""
    return sum(
        gold.gaps[k] == was and out.gaps[m] == now and gold.chars[k : k + 2].isalpha() for k, m in pairs
    )


def score(originals: Sequence[str], outputs: Sequence[str]) -> tuple[Counts, list[Place]]:
    """Score a system's outputs against the original paragraphs."""
    counts, places = Counts(), []
    for index, (original, output) in enumerate(zip(originals, outputs, strict=True)):
        places.extend(score_paragraph(original, output, counts, index))
    return counts, places


def corrupt(text: str, kind: str) -> str:
    """Delete every ZWNJ (``deleted``) or replace each by a space (``space``)."""
    return text.replace(ZWNJ, "" if kind == "deleted" else " ")


# --- the simple baseline: a lexicon rule ------------------------------------------------------------

_NON_JOINING = frozenset("اآأإدذرزژوؤةۀ")
_PLURALS = "هایشان|هایتان|هایمان|هایی|هایم|هایت|هایش|های|ها|ترین|تر"
_AFTER_HEH = "اند|ایم|اید|ام|ای"
_NOT_VERB_STEMS = (
    "میلیون",
    "میلیارد",
    "میلاد",
    "میان",
    "میدان",
    "میزان",
    "میراث",
    "میرزا",
    "میهمان",
    "میهن",
    "میوه",
    "مینا",
    "میکرو",
    "میثاق",
    "میمون",
    "مینی",
    "میکائیل",
    "میشل",
    "میشائیل",
)
_NOT_VERBS = frozenset({"میز", "میش", "میخ", "میل", "میر", "میگو", "میزها", "میلی"})
_NOT_PLURALS = frozenset({"تنها", "آنها", "اینها", "بها", "رها", "گرها", "شبها", "بهترین", "بیشترین"})
_SPACED_PREFIX = re.compile(r"(?<![\w\u200c])(ن?می|بی) (?=\w{2})")
_SPACED_SUFFIX = re.compile(rf"(?<![\w\u200c])(\w{{2,}}) ({_PLURALS})(?![\w\u200c])")
_SPACED_HEH = re.compile(rf"(?<![\w\u200c])(\w+ه) ({_AFTER_HEH})(?![\w\u200c])")
_GLUED_PREFIX = re.compile(r"(?<![\w\u200c])(ن?می)(\w{2,})")
_GLUED_PLURALS = "هایشان|هایتان|هایمان|هایی|های|ها|ترین"
_GLUED_SUFFIX = re.compile(rf"(?<![\w\u200c])(\w{{2,}}?)({_GLUED_PLURALS})(?![\w\u200c])")
_GLUED_HEH = re.compile(r"(?<![\w\u200c])(\w+ه)(اند)(?![\w\u200c])")


_RULE_LETTERS = str.maketrans("يك", "یک")


def _join(stem: str, suffix: str) -> str:
    """Join a suffix to its stem: with a ZWNJ after a joining letter, directly otherwise."""
    return stem + ("" if stem[-1] in _NON_JOINING else ZWNJ) + suffix


def _split_prefix(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in _NOT_VERBS or word.startswith(_NOT_VERB_STEMS):
        return word
    return match.group(1) + ZWNJ + match.group(2)


def _split_suffix(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if word in _NOT_PLURALS else _join(match.group(1), match.group(2))


def rule_repair(text: str) -> str:
    """The naive baseline: ي/ك unified, then «می/نمی/بی» and plural, comparative and «ه» + «اند/ای» suffixes
    joined with a ZWNJ when spaced, split with one when glued (the glued «بی» is left alone: بیست، بین).

    >>> rule_repair("کتاب ها را می خواند و کتابهایی که خواندهاند")
    'کتاب\u200cها را می\u200cخواند و کتاب\u200cهایی که خوانده\u200cاند'
    """
    text = text.translate(_RULE_LETTERS)
    text = _SPACED_PREFIX.sub(lambda m: m.group(1) + ZWNJ, text)
    text = _SPACED_SUFFIX.sub(lambda m: _join(m.group(1), m.group(2)), text)
    text = _SPACED_HEH.sub(lambda m: m.group(1) + ZWNJ + m.group(2), text)
    text = _GLUED_PREFIX.sub(_split_prefix, text)
    text = _GLUED_SUFFIX.sub(_split_suffix, text)
    return _GLUED_HEH.sub(lambda m: m.group(1) + ZWNJ + m.group(2), text)


# --- systems ----------------------------------------------------------------------------------------


def didban_system(thresholds: tuple[float, float] | None = None) -> Repair:
    """Didban's repair, one paragraph at a time; with ``thresholds`` (glued, pair), its shipped half-space
    model decides at those instead of its own (to measure the trade-off between recall and precision)."""
    from didban.text import repair  # the evaluation module must import even before repair exists

    if thresholds is None:
        return lambda texts: [repair(text)[0] for text in texts]
    from dataclasses import replace

    from didban.lexicon.zwnj_lexicon import zwnj_lexicon
    from didban.text.zwnj import Restorer
    from didban.text.zwnj_model import gap_model

    model = gap_model()
    if model is None:
        raise RuntimeError("no half-space model is shipped: thresholds do not apply")
    glued, pair = thresholds
    fixer = Restorer(zwnj_lexicon(), replace(model, glued_threshold=glued, pair_threshold=pair))
    return lambda texts: [repair(text, restorer=fixer)[0] for text in texts]


def rule_system() -> Repair:
    """The lexicon rule of this module."""
    return lambda texts: [rule_repair(text) for text in texts]


def run_timed(system: Repair, texts: list[str]) -> tuple[list[str], float]:
    """Outputs of an in-process system and the seconds it took."""
    start = time.perf_counter()
    outputs = system(texts)
    return outputs, time.perf_counter() - start


def run_worker(worker: Worker, texts: list[str]) -> tuple[list[str], float]:
    """Outputs of a baseline worker, batch by batch, and the seconds it reported."""
    outputs: list[str] = []
    seconds = 0.0
    for start in range(0, len(texts), BATCH):
        answer = worker.run(texts[start : start + BATCH])
        outputs.extend(answer["out"])
        seconds += answer["seconds"]
    return outputs, seconds


# --- the evaluation ---------------------------------------------------------------------------------


class Row(NamedTuple):
    """The scores of one system on one set and corruption."""

    set: str
    corruption: str
    system: str
    counts: Counts


class HandcheckRow(NamedTuple):
    """One sampled space→ZWNJ place, as written to and read from the hand-check TSV."""

    set: str
    paragraph: int
    offset: int
    corruptions: str
    left: str
    original: str
    repaired: str
    right: str
    verdict: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        """What identifies the place across runs: set, paragraph index, offset in the original."""
        return self.set, self.paragraph, self.offset


@dataclass
class Handcheck:
    """A sample of Didban's places for a person to judge, and the verdicts counted on it."""

    #: What the places are, for the report line.
    what: str
    sample: list[HandcheckRow] = field(default_factory=list)
    path: Path | None = None
    written: bool = False
    acceptable: int = 0
    checked: int = 0

    @property
    def unchecked(self) -> int:
        """Sampled places that have no verdict yet."""
        return len(self.sample) - self.checked


@dataclass
class ZwnjReport:
    """Everything :func:`format_report` prints."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    import_seconds: dict[str, float] = field(default_factory=dict)
    #: ZWNJs Didban put where the original has a space (either corruption; left out of P-nospace).
    spaced: Handcheck = field(default_factory=lambda: Handcheck("space→ZWNJ places"))
    #: ZWNJs Didban put inside a word the original glues (glued text; the false positives of P-nospace).
    glued: Handcheck = field(default_factory=lambda: Handcheck("ZWNJs inside words the original glues"))
    #: Why Didban missed the gold half-spaces it missed on glued text (:mod:`.zwnj_misses`).
    misses: Counter[str] = field(default_factory=Counter)

    def total(self, system: str) -> Counts:
        """A system's counts over every set and corruption."""
        counts = Counts()
        for row in self.rows:
            if row.system == system:
                counts.add(row.counts)
        return counts


def evaluate_zwnj(
    data_dir: Path,
    *,
    sample: int = EVAL_SAMPLE,
    baselines_python: Path | None = None,
    handcheck: Path | None = None,
    sets: Sequence[str] = SETS,
    systems: Sequence[str] = SYSTEMS,
    custom: Mapping[str, Repair] | None = None,
    write_handcheck_file: bool | None = None,
    handcheck_glued: Path | None = None,
) -> ZwnjReport:
    """Score every system on every set and corruption (see the module docstring).

    Args:
        data_dir: the news folder (``../shared/data/news``), read through :mod:`didban.evaluation.split`.
        sample: paragraphs per set.
        baselines_python: the interpreter of ``.venv-baselines``; without it hazm and parsivar are skipped.
        handcheck: the hand-check TSV: its verdicts on the current sample are counted, then the sample is
            written back to it with its verdicts and notes (empty verdicts are for a person to fill).
        sets: which sets to evaluate.
        systems: which systems to run, among ``didban hazm parsivar rule``.
        custom: more in-process systems by name (a stand-in, a variant under study); one named
            ``didban`` replaces Didban's repair and feeds the hand-check sample.
        write_handcheck_file: whether to write the samples back; by default only on a full run (both sets,
            the default sample, didban run), so a partial run never replaces the files' rows.
        handcheck_glued: the hand-check TSV of the ZWNJs Didban puts inside words the original writes
            glued (glued text), read and written as ``handcheck``.

    Returns:
        The report.
    """
    report = ZwnjReport()
    places: dict[tuple[str, int, int], HandcheckRow] = {}
    inside: dict[tuple[str, int, int], HandcheckRow] = {}
    with ExitStack() as stack:
        runners = _start_systems(
            [s for s in systems if s not in (custom or {})], baselines_python, report, stack
        )
        for label, repair in (custom or {}).items():
            runners[label] = lambda texts, repair=repair: run_timed(repair, texts)
        for name in sets:
            originals = evaluation_paragraphs(data_dir, name, sample)
            for kind in CORRUPTIONS:
                inputs = [corrupt(text, kind) for text in originals]
                for system, runner in runners.items():
                    outputs, seconds = runner(inputs)
                    counts, found = score(originals, outputs)
                    counts.chars, counts.seconds = sum(map(len, inputs)), seconds
                    report.rows.append(Row(name, kind, system, counts))
                    if system == "didban":
                        _collect(places, name, kind, originals, outputs, found)
                        if kind == "deleted":
                            causes, rows = _glued_gaps(name, originals, outputs)
                            report.misses += causes
                            inside.update(rows)
    report.spaced.sample = sample_places(places.values())
    report.glued.sample = sample_places(inside.values())
    if write_handcheck_file is None:  # only a full run has the whole sample to write back
        write_handcheck_file = set(sets) == set(SETS) and sample == EVAL_SAMPLE and "didban" in runners
    for check, path in ((report.spaced, handcheck), (report.glued, handcheck_glued)):
        if path is not None:
            _apply_handcheck(check, path, write_handcheck_file)
    return report


Runner = Callable[[list[str]], tuple[list[str], float]]


def _glued_gaps(
    name: str, originals: Sequence[str], outputs: Sequence[str]
) -> tuple[Counter[str], dict[tuple[str, int, int], HandcheckRow]]:
    """Didban on the glued corruption, each paragraph aligned once: why it missed each gold half-space it
    missed (:mod:`.zwnj_misses`), and the ZWNJs it put inside words the original writes glued, one hand-check
    row per place.

    A place's ``offset`` is its gap in the original's skeleton; the words are shown as skeletons (letters
    folded) with their own spaces and ZWNJs."""
    from didban.evaluation.zwnj_misses import gap_causes
    from didban.lexicon.zwnj_lexicon import zwnj_lexicon

    lex, causes, rows = zwnj_lexicon(), Counter[str](), {}
    for index, (original, output) in enumerate(zip(originals, outputs, strict=True)):
        gold, out = skeleton(original), skeleton(output)
        pairs = aligned_gaps(gold, out) or []
        causes += gap_causes(gold, out, pairs, lex)
        for k, m in pairs:
            if gold.gaps[k] == NONE and out.gaps[m] == HALF:
                start, end = skeleton_word(gold, k)
                out_start, out_end = skeleton_word(out, m)
                rows[(name, index, k)] = HandcheckRow(
                    name,
                    index,
                    k,
                    "deleted",
                    render(gold, max(0, start - CONTEXT), start + 1)[:-1],  # up to the word, its space kept
                    render(gold, start, end),
                    render(out, out_start, out_end),
                    render(gold, end - 1, end + CONTEXT)[1:],
                )
    return causes, rows


def skeleton_word(sk: Skeleton, k: int) -> tuple[int, int]:
    """The skeleton span of the word around gap ``k``: letters with no space between them."""
    chars, gaps = sk.chars, sk.gaps
    start = k
    while start > 0 and gaps[start - 1] != SPACE and chars[start - 1].isalpha():
        start -= 1
    end = k + 1
    while end < len(chars) and gaps[end - 1] != SPACE and chars[end].isalpha():
        end += 1
    return start, end


def render(sk: Skeleton, start: int, end: int) -> str:
    """Skeleton characters ``start:end`` with the spaces and ZWNJs of their gaps."""
    end = min(end, len(sk.chars))
    joins = {NONE: "", HALF: ZWNJ, SPACE: " "}
    return "".join(sk.chars[i] + (joins[sk.gaps[i]] if i + 1 < end else "") for i in range(start, end))


def _start_systems(
    systems: Sequence[str], baselines_python: Path | None, report: ZwnjReport, stack: ExitStack
) -> dict[str, Runner]:
    """A timed runner per available system; what is missing becomes a note in the report."""
    runners: dict[str, Runner] = {}
    for system in systems:
        if system in BASELINES:
            if baselines_python is None:
                report.notes.append(f"{system}: not run (no --baselines-python; see `make baselines`)")
                continue
            try:
                worker = stack.enter_context(Worker(baselines_python, system))
            except (OSError, RuntimeError) as error:
                report.notes.append(f"{system}: not run ({error})")
                continue
            report.import_seconds[system] = worker.import_seconds
            runners[system] = lambda texts, worker=worker: run_worker(worker, texts)
        elif system == "didban":
            try:
                repair = didban_system()
            except ImportError as error:
                report.notes.append(f"didban: not run ({error})")
                continue
            runners[system] = lambda texts, repair=repair: run_timed(repair, texts)
        elif system == "rule":
            runners[system] = lambda texts: run_timed(rule_system(), texts)
        else:
            raise ValueError(f"unknown system {system!r}; expected one of {', '.join(SYSTEMS)}")
    return runners


# --- the hand check ---------------------------------------------------------------------------------


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the two words on either side of the gap ``text[start:end]``."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return left, right


def _clean(text: str) -> str:
    """A TSV cell: no tabs or line breaks."""
    return re.sub(r"[\t\r\n]+", " ", text)


def _collect(
    places: dict[tuple[str, int, int], HandcheckRow],
    name: str,
    kind: str,
    originals: Sequence[str],
    outputs: Sequence[str],
    found: Iterable[Place],
) -> None:
    """Add didban's space→ZWNJ places to ``places``, one row per place of the original."""
    for place in found:
        original, output = originals[place.paragraph], outputs[place.paragraph]
        key = (name, place.paragraph, place.gold_edge[0])
        if key in places:
            places[key] = places[key]._replace(corruptions=f"{places[key].corruptions},{kind}")
            continue
        left, right = _word_around(original, *place.gold_edge)
        out_left, out_right = _word_around(output, *place.out_edge)
        places[key] = HandcheckRow(
            name,
            place.paragraph,
            place.gold_edge[0],
            kind,
            _clean(original[max(0, left - CONTEXT) : left]),
            _clean(original[left:right]),
            _clean(output[out_left:out_right]),
            _clean(original[right : right + CONTEXT]),
        )


def sample_places(rows: Iterable[HandcheckRow], size: int = HANDCHECK_SIZE) -> list[HandcheckRow]:
    """A seeded random sample, stable under small changes: the ``size`` places of smallest seeded hash."""

    def draw(row: HandcheckRow) -> str:
        return hashlib.sha1(f"{HANDCHECK_SEED}:{row.key}".encode()).hexdigest()

    return sorted(sorted(rows, key=draw)[:size], key=lambda row: row.key)


_HEADER = HandcheckRow._fields


def read_handcheck(path: Path) -> dict[tuple[str, int, int], HandcheckRow]:
    """The judged rows of a hand-check TSV, by place (rows without a verdict are left out)."""
    if not path.exists():
        return {}
    judged = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = [*line.split("\t"), "", ""][: len(_HEADER)]  # a row written before a person's columns
        name, paragraph, offset, *context, verdict, note = cells
        if verdict.strip():
            row = HandcheckRow(name, int(paragraph), int(offset), *context, verdict.strip(), note.strip())
            judged[row.key] = row
    return judged


def write_handcheck(path: Path, rows: Sequence[HandcheckRow]) -> None:
    """Write rows as a TSV with a header; the ``verdict`` and ``note`` columns are for a person."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(_HEADER), *("\t".join(map(str, row)) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _judged(row: HandcheckRow, judged: HandcheckRow | None) -> HandcheckRow:
    """``row`` with the verdict given at the same place, if repair still writes the word that was judged."""
    if judged is None or judged.repaired != row.repaired:
        return row
    return row._replace(verdict=judged.verdict, note=judged.note)


def _apply_handcheck(check: Handcheck, path: Path, write: bool) -> None:
    """Count the verdicts on the current sample; if ``write``, write the sample back with them.

    A verdict counts only while repair still writes the word that was judged. Judged places that left the
    sample are kept after it; a verdict on a word repair no longer writes is dropped as stale.
    """
    judged = read_handcheck(path)
    check.sample = [_judged(row, judged.get(row.key)) for row in check.sample]
    verdicts = [row.verdict for row in check.sample if row.verdict]
    check.path, check.written = path, write
    check.checked = len(verdicts)
    check.acceptable = sum(verdict == "acceptable" for verdict in verdicts)
    if write:
        sampled = {row.key for row in check.sample}
        kept = sorted(row for key, row in judged.items() if key not in sampled)
        write_handcheck(path, [*check.sample, *kept])


# --- the report -------------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{value:.3f}"


def format_report(report: ZwnjReport) -> str:
    """The report as a plain-text table, with the targets and the speed of each system."""
    lines = [
        f"{'set':<9} {'corruption':<10} {'system':<9} {'P':>6} {'R':>6} {'F1':>6} {'P-nosp':>6}"
        f" {'TP':>6} {'FP':>6} {'FPspc':>6} {'FN':>6} {'paras':>5} {'inexact':>7} {'unalign':>7}"
        f" {'Z-unsc':>6} {'glued':>6} {'split':>6}",
    ]
    for row in report.rows:
        c = row.counts
        lines.append(
            f"{row.set:<9} {row.corruption:<10} {row.system:<9} {_pct(c.precision):>6} {_pct(c.recall):>6}"
            f" {_pct(c.f1):>6} {_pct(c.p_nospace):>6} {c.tp:>6} {c.cell(NONE, HALF):>6}"
            f" {c.cell(SPACE, HALF):>6} {c.fn:>6}"
            f" {c.paragraphs:>5} {c.inexact:>7} {c.unalignable:>7} {c.unaligned_gold:>6}"
            f" {c.glued:>6} {c.split:>6}"
        )
    lines += [_LEGEND, "", *_summary(report), *_targets(report), *_handcheck_lines(report)]
    if report.misses:
        from didban.evaluation.zwnj_misses import format_causes

        lines.append(format_causes(report.misses))
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(lines)


_LEGEND = (
    "FP: ZWNJ where the original has none; FPspc: ZWNJ where it has a space (left out of P-nosp);\n"
    "inexact: paragraphs whose skeleton the system changed (aligned with difflib); unalign: paragraphs"
    " not scored;\nZ-unsc: original ZWNJs outside the aligned blocks (not scored); glued: spaces between two"
    " letters of the original removed;\nsplit: spaces put between two letters of a word of the original"
)


def _summary(report: ZwnjReport) -> list[str]:
    """Overall scores and speed per system."""
    lines = [f"{'all':<20} {'system':<9} {'P':>6} {'R':>6} {'F1':>6} {'P-nosp':>6} {'chars/s':>10} import s"]
    for system in dict.fromkeys(row.system for row in report.rows):
        c = report.total(system)
        speed = _ratio(c.chars, c.seconds)
        imported = report.import_seconds.get(system)
        lines.append(
            f"{'':<20} {system:<9} {_pct(c.precision):>6} {_pct(c.recall):>6} {_pct(c.f1):>6}"
            f" {_pct(c.p_nospace):>6} {speed:>10,.0f} {'' if imported is None else f'{imported:.2f}'}"
        )
    return [*lines, ""]


def _targets(report: ZwnjReport) -> list[str]:
    """The issue's targets for didban, each with PASS or MISS."""
    mine = [row for row in report.rows if row.system == "didban"]
    if not mine:
        return ["targets: didban was not run"]
    worst_recall = min(row.counts.recall for row in mine)
    worst_pns = min(row.counts.p_nospace for row in mine)
    lines = [
        _target(f"recall >= {TARGET_RECALL}", worst_recall >= TARGET_RECALL, f"lowest {worst_recall:.3f}"),
        _target(f"P-nospace >= {TARGET_P_NOSPACE}", worst_pns >= TARGET_P_NOSPACE, f"lowest {worst_pns:.3f}"),
    ]
    margin = _worst_margin(report)
    if margin is None:
        return [*lines, "target not measured: didban F1 above every other system (no other system run)"]
    gap, where = margin
    return [
        *lines,
        _target("didban F1 above every other system", gap > 0, f"smallest margin {gap:+.3f} {where}"),
    ]


def _target(text: str, ok: bool, detail: str) -> str:
    """One target line; each target holds on every set and corruption."""
    return f"target {'PASS' if ok else 'MISS'}: {text} on every set and corruption ({detail})"


def _worst_margin(report: ZwnjReport) -> tuple[float, str] | None:
    """Didban's F1 minus another system's on the same set and corruption, where it is smallest."""
    margins = [
        (mine.counts.f1 - row.counts.f1, f"vs {row.system} on {row.set}/{row.corruption}")
        for row in report.rows
        for mine in report.rows
        if row.system != "didban" and mine.system == "didban" and mine[:2] == row[:2]
    ]
    return min(margins, default=None)


def _handcheck_lines(report: ZwnjReport) -> list[str]:
    """A hand-check line per sample: K of N acceptable, and how many sampled places await a verdict."""
    lines = []
    for check in (report.spaced, report.glued):
        if check.path is None:
            lines.append(f"hand-checked {check.what}: not read ({len(check.sample)} sampled)")
            continue
        line = f"hand-checked {check.what}: {check.acceptable} of {check.checked} acceptable ({check.path})"
        if check.unchecked:
            line += f"; {check.unchecked} sampled places have no verdict yet"
        if not check.written:
            line += "; partial run: the file was not rewritten"
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> None:
    """``python -m didban.evaluation.zwnj``: run the evaluation and print the report."""
    parser = argparse.ArgumentParser(description="Half-space (ZWNJ) evaluation against hazm and parsivar.")
    parser.add_argument("--data", type=Path, required=True, help="the news folder (../shared/data/news)")
    parser.add_argument("--sample", type=int, default=EVAL_SAMPLE)
    parser.add_argument("--baselines-python", type=Path, default=Path(".venv-baselines/bin/python"))
    parser.add_argument("--no-baselines", action="store_true", help="run didban and the rule only")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--handcheck", type=Path, default=Path("eval/zwnj-handcheck.tsv"))
    parser.add_argument("--handcheck-glued", type=Path, default=Path("eval/zwnj-handcheck-glued.tsv"))
    parser.add_argument("--no-handcheck", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate_zwnj(
        args.data,
        sample=args.sample,
        baselines_python=None if args.no_baselines else args.baselines_python,
        handcheck=None if args.no_handcheck else args.handcheck,
        handcheck_glued=None if args.no_handcheck else args.handcheck_glued,
        sets=args.sets.split(","),
        systems=args.systems.split(","),
    )
    sys.stdout.write(format_report(report) + "\n")


if __name__ == "__main__":
    main()
