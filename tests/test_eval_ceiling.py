"""The word-by-word ceiling of half-space repair, on tiny inline paragraphs."""

from __future__ import annotations

from didban.evaluation.zwnj_ceiling import glued_ceiling, spaced_ceiling

Z = "\u200c"


def test_glued_ceiling_counts_the_minority_spelling_as_lost() -> None:
    # «آن‌ها» twice and «آنها» once: the oracle writes «آن‌ها», losing the one glued original as a false ZWNJ
    precision, recall = glued_ceiling([f"آن{Z}ها آمدند", f"آن{Z}ها رفتند", "آنها ماندند"])
    assert recall == 1.0
    assert precision == 2 / 3


def test_spaced_ceiling_joins_pairs_the_data_mostly_joins() -> None:
    # «رئیس‌جمهور» once and «رئیس جمهور» twice: the oracle keeps the space and misses the one half-space
    precision, recall = spaced_ceiling([f"رئیس{Z}جمهور گفت", "رئیس جمهور گفت", "رئیس جمهور رفت", f"می{Z}رود"])
    assert recall == 0.5
    assert precision == 1.0


def test_precision_at_recall_takes_the_least_wasteful_units_first() -> None:
    from didban.evaluation.zwnj_ceiling import precision_at_recall

    # (right, wrong): 9 right for free, then 1 more costs 1 wrong or 10 wrong; 90 % recall is free
    units = [(9, 0), (1, 1), (1, 10)]
    assert precision_at_recall(units, 9 / 11) == 1.0
    assert precision_at_recall(units, 10 / 11) == 10 / 11
    assert precision_at_recall(units, 1.0) == 11 / 22
    assert precision_at_recall([], 0.93) == 0.0


def test_units_count_each_position_and_pair() -> None:
    from didban.evaluation.zwnj_ceiling import glued_units, spaced_units

    # «آن‌ها» twice and «آنها» once: one position, right twice and wrong once
    assert glued_units([f"آن{Z}ها آمدند", f"آن{Z}ها رفتند", "آنها ماندند"]) == [(2, 1)]
    # «رئیس‌جمهور» once, «رئیس جمهور» twice
    assert (1, 2) in spaced_units([f"رئیس{Z}جمهور گفت", "رئیس جمهور گفت", "رئیس جمهور رفت"])
