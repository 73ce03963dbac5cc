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
