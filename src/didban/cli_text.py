"""Text typed on the command line, as a string every later layer (SQLite, JSON output) can write.

Python hands arguments that are not UTF-8 (a terminal set to Windows-1256) over as lone surrogates
(``surrogateescape``); SQLite and every encoder refuse those. :data:`TEXT` reads such bytes as Windows-1256
Persian when they are, else replaces the damaged sequences by U+FFFD. File paths are left as they came: the
operating system opens them byte for byte.
"""

from __future__ import annotations

import click

from didban.ingest.decode import LONE_SURROGATE, REPLACEMENT, UnreadableInputError, decode_bytes


def typed_text(value: str) -> str:
    """``value`` as typed, re-read from its bytes when it holds lone surrogates (see the module docstring).

    >>> typed_text("روسيه".encode("cp1256").decode("utf-8", "surrogateescape"))  # a Windows-1256 terminal
    'روسيه'
    >>> typed_text(("تهران".encode() + b"\\xff").decode("utf-8", "surrogateescape"))  # one bad byte
    'تهران\ufffd'
    """
    surrogates = LONE_SURROGATE.findall(value)
    if not surrogates:
        return value
    if all("\udc80" <= char <= "\udcff" for char in surrogates):  # each one byte, by surrogateescape
        try:
            return decode_bytes(value.encode("utf-8", "surrogateescape")).text
        except UnreadableInputError:
            pass
    return LONE_SURROGATE.sub(REPLACEMENT, value)


class TypedText(click.ParamType):
    """A click parameter of :func:`typed_text`."""

    name = "text"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return typed_text(value) if isinstance(value, str) else str(value)


TEXT = TypedText()
