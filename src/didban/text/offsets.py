"""Offset maps: positions in repaired text → positions in the raw input."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

#: The longest identity map kept for slicing (8 bytes a position); longer texts build their own.
_IDENTITY_LIMIT = 1 << 20


class _Identity:
    """``array("l", range(n))`` by slicing one shared array, grown by doubling up to a bound (building
    an array from a range costs ~40 ns a position; a slice is a copy)."""

    __slots__ = ("_array",)

    def __init__(self) -> None:
        self._array = array("l")

    def upto(self, length: int) -> array:
        """The identity map ``0 .. length - 1``."""
        if length > len(self._array):
            if length > _IDENTITY_LIMIT:
                return array("l", range(length))
            self._array = array("l", range(min(max(length, 2 * len(self._array), 4096), _IDENTITY_LIMIT)))
        return self._array[:length]


identity = _Identity().upto


class OffsetMap:
    """Maps every position ``0..len(text)`` of a repaired text to a position in the raw input.

    ``to_raw[i]`` is the raw offset where repaired character ``i`` came from; the last entry maps the end
    of the text. Inserted characters (a restored ZWNJ) map to the raw position they were inserted at.
    """

    __slots__ = ("_to_raw",)

    def __init__(self, to_raw: Sequence[int]) -> None:
        self._to_raw = to_raw if isinstance(to_raw, array) else array("l", to_raw)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that was not changed."""
        return cls(identity(length + 1))

    def __len__(self) -> int:
        return len(self._to_raw)

    def raw(self, pos: int) -> int:
        """Raw offset of repaired position ``pos``."""
        return self._to_raw[pos]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the repaired span ``[start, end)``.

        The end is taken just after the raw source of the span's last character, so deleted raw
        characters that follow the span (a dropped diacritic) are not swallowed into it.
        """
        if end <= start:
            pos = self._to_raw[start]
            return pos, pos
        return self._to_raw[start], self._to_raw[end - 1] + 1
