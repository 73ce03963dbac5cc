"""Text typed on the command line, as a string every later layer (SQLite, JSON output) can write.

Python hands arguments that are not UTF-8 (a terminal set to Windows-1256) over as lone surrogates
(``surrogateescape``); SQLite and every encoder refuse those. :data:`TEXT` reads such bytes as Windows-1256
Persian when they are, else replaces the damaged sequences by U+FFFD. File paths are left as they came: the
operating system opens them byte for byte.
"""

from __future__ import annotations

import re

import click

_SURROGATE = re.compile("[\ud800-\udfff]")


def typed_text(value: str) -> str:
    """``value`` as typed, re-read from its bytes when it holds lone surrogates (see the module docstring).

    >>> typed_text("روسيه".encode("cp1256").decode("utf-8", "surrogateescape"))  # a Windows-1256 terminal
    'روسيه'
    >>> typed_text(("تهران".encode() + b"\\xff").decode("utf-8", "surrogateescape"))  # one bad byte
    'تهران\ufffd'
    """
    if not _SURROGATE.search(value):
        return value
    from didban.ingest.decode import UnreadableInputError, decode_bytes

    data = value.encode("utf-8", "surrogateescape") if _escaped_only(value) else b""
    try:
        return decode_bytes(data).text
    except UnreadableInputError:
        return _SURROGATE.sub("\ufffd", value)


def _escaped_only(value: str) -> bool:
    """Whether every surrogate of ``value`` is a ``surrogateescape`` byte (U+DC80–U+DCFF)."""
    return all("\udc80" <= char <= "\udcff" for char in _SURROGATE.findall(value))


class TypedText(click.ParamType):
    """A click parameter of :func:`typed_text`."""

    name = "text"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return typed_text(value) if isinstance(value, str) else str(value)


TEXT = TypedText()
