"""Curated data shipped in ``data/`` (outlets, cues, names, the half-space lexicon) and its readers."""

from __future__ import annotations

from importlib import resources


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a shipped data file, without blank lines and ``#`` comment lines."""
    text = resources.files("didban.lexicon").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
