"""The ``Token`` type: a piece of text with its offsets into the string it was cut from."""

from __future__ import annotations

from typing import NamedTuple


class Token(NamedTuple):
    """A span ``text[start:end]`` of a larger string, with its text.

    Examples:
        >>> Token("روسیه", 6, 11).end
        11
    """

    text: str
    start: int
    end: int


# Whitespace, and the invisible marks (half-spaces, direction marks, BOM) that can sit at a span's edges.
EDGE_SPACE = " \t\n\r\f\v\u00a0\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    map(chr, range(0x2000, 0x2010))
)


def trim_span(text: str, start: int, end: int) -> Token | None:
    """``text[start:end]`` without whitespace or invisible marks at its edges; ``None`` when nothing is left.

    Examples:
        >>> trim_span("  سلام \\n", 0, 8)
        Token(text='سلام', start=2, end=6)
    """
    piece = text[start:end]
    stripped = piece.lstrip(EDGE_SPACE)
    left = start + len(piece) - len(stripped)
    stripped = stripped.rstrip(EDGE_SPACE)
    if not stripped:
        return None
    return Token(stripped, left, left + len(stripped))
