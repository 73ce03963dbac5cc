"""The compiled fast paths of :mod:`didban.text` (``_speedups.c``), when they were built.

Each compiled function is the exact equivalent of a pure-Python one that stays the reference: the tests run
both on the same text. A package installed without a C compiler runs the pure-Python code, as does any
process started with ``DIDBAN_PURE_PYTHON=1`` (to compare, or to rule the extension out).

>>> speedups() is None or hasattr(speedups(), "tokenize")
True
"""

from __future__ import annotations

import os
import re
from array import array
from functools import cache
from types import ModuleType

#: Set to a non-empty value other than ``0`` to run the pure-Python code even where the extension is built.
PURE_PYTHON_VARIABLE = "DIDBAN_PURE_PYTHON"


@cache
def speedups() -> ModuleType | None:
    """The extension module, or ``None`` (not built, or :data:`PURE_PYTHON_VARIABLE` set)."""
    if os.environ.get(PURE_PYTHON_VARIABLE, "0") not in ("", "0"):
        return None
    try:
        from didban.text import _speedups
    except ImportError:
        return None
    return _speedups


@cache
def class_table(classes: tuple[str, ...]) -> bytes:
    """A compiled scanner's table of character classes: for each BMP code point, a uint16 whose bit ``k``
    says whether the regular expression class ``[classes[k]]`` holds it (the regex engine decides, so a
    compiled scanner and its regex read one definition)."""
    every = "".join(map(chr, range(0x10000)))
    flags = array("H", bytes(2 * 0x10000))
    for bit, members in enumerate(classes):
        for match in re.finditer(f"[{members}]+", every):
            for i in range(*match.span()):
                flags[i] |= 1 << bit
    return flags.tobytes()
