"""Bytes → text for article inputs: BOMs, UTF-8, UTF-16, Windows-1256 and a detector fallback.

Old Persian sites still serve Windows-1256; exports from Windows tools come as UTF-16 with a BOM. UTF-8 with
a few damaged byte sequences (a download cut mid-character, one stray byte) is read as UTF-8, each damaged
sequence replaced by U+FFFD and reported in :attr:`Decoded.warnings`, rather than taken for Windows-1256
(which would turn every Persian letter into two wrong ones). Empty and binary inputs are refused with
:class:`UnreadableInputError` (one clear line for the CLI), never a traceback.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

#: Byte-order marks and the codec each one announces.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"
#: A lone UTF-16 surrogate: what a JSON ``"\\ud800"`` escape or an argument in a non-UTF-8 terminal
#: (``surrogateescape``) decodes to; no encoding can write it out.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT_BYTES = REPLACEMENT.encode("utf-8")
_DECODED_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
#: UTF-8 with at most this share of damaged byte sequences (per character; two are always allowed: a cut
#: letter and the byte after it) is read as damaged UTF-8. Windows-1256 Persian read as UTF-8 damages
#: nearly every letter.
MAX_DAMAGE = 0.001
#: … or with this many sound non-ASCII characters per damaged sequence: a short page whose one stray byte
#: cut a letter (three replacements) is still UTF-8. Windows-1256 Persian read as UTF-8 gives at most 0.75
#: sound characters per damaged one (25,609 news paragraphs; 0.02 over all of them).
SOUND_PER_DAMAGED = 20


class UnreadableInputError(ValueError):
    """The input holds no readable text (empty, binary, or in no encoding we can read)."""


class Decoded(NamedTuple):
    """Decoded text with the encoding it was read in, and how many damaged byte sequences were replaced."""

    text: str
    encoding: str
    replaced: int = 0

    @property
    def warnings(self) -> list[str]:
        """What an Article read from this text should warn of (nothing when the bytes were sound)."""
        return damage_warnings(self.encoding, self.replaced)


def damage_warnings(encoding: str, replaced: int) -> list[str]:
    """The warning for ``replaced`` damaged byte sequences of text in ``encoding``, if there were any."""
    if not replaced:
        return []
    name = "UTF-8" if encoding.startswith("utf-8") else encoding
    return [f"input is not valid {name}: {replaced} damaged byte sequence(s) replaced by U+FFFD"]


def decode_bytes(data: bytes) -> Decoded:
    """Decode article bytes, trying BOMs, UTF-8, UTF-16 without BOM, damaged UTF-8, Windows-1256, then
    detection.

    Raises:
        UnreadableInputError: when the input is empty, binary, or not text in any supported encoding.
    """
    if not data.strip():
        raise UnreadableInputError("empty input")
    decoded = by_bom(data) or strict(data, "utf-8") or _utf16_without_bom(data) or damaged_utf8(data)
    decoded = decoded or _windows_1256(data) or _detected(data)
    if decoded is None or looks_binary(decoded.text):
        raise UnreadableInputError("binary or undecodable input (not text in UTF-8, UTF-16 or Windows-1256)")
    if not decoded.text.strip():
        raise UnreadableInputError("empty input")
    return decoded


def by_bom(data: bytes) -> Decoded | None:
    """The bytes decoded by their byte-order mark, if they start with one."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return strict(data, encoding)
    return None


def strict(data: bytes, encoding: str) -> Decoded | None:
    """The bytes decoded strictly in ``encoding`` (a leading BOM dropped), or None (also for an unknown
    codec)."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text.lstrip("\ufeff"), encoding)


def damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few damaged byte sequences, each replaced by U+FFFD; None when too many are damaged
    for the bytes to be UTF-8 (see :data:`MAX_DAMAGE` and :data:`SOUND_PER_DAMAGED`)."""
    text = data.decode("utf-8", "replace")
    replaced = text.count(REPLACEMENT) - data.count(_REPLACEMENT_BYTES)
    if replaced > max(2.0, MAX_DAMAGE * len(text)) and len(_DECODED_NON_ASCII.findall(text)) < (
        SOUND_PER_DAMAGED * replaced
    ):
        return None  # too damaged to be UTF-8
    if not _DECODED_NON_ASCII.search(text):
        return None  # nothing but ASCII and damage: a short Windows-1256 text («ما»)
    return Decoded(text.lstrip("\ufeff"), "utf-8", replaced)


def utf8_line(data: bytes, first: bool = False) -> Decoded | None:
    """One line of a UTF-8 stream (JSON Lines), damaged UTF-8 allowed; None when it is not UTF-8."""
    return strict(data, "utf-8-sig" if first else "utf-8") or damaged_utf8(data)


def stream_encoding(head: bytes) -> str:
    """The encoding of a text stream (a CSV export) from its first bytes: UTF-8 (a BOM allowed) unless
    they are not UTF-8 and read as Windows-1256 Persian, as Excel on a Persian Windows writes CSV."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a cut last character is fine
    except UnicodeDecodeError:
        if damaged_utf8(head) is None and _windows_1256(head) is not None:
            return "cp1256"
    return "utf-8-sig"


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: one byte parity is nearly all 0x00 (Latin) or 0x06 (Arabic script)."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if high.count(0) + high.count(6) >= 0.6 * len(high):
            return strict(data, encoding)
    return None


def _windows_1256(data: bytes) -> Decoded | None:
    """Accept Windows-1256 only when most letters then come out in the Arabic script."""
    decoded = strict(data, "cp1256")
    if decoded is None or arabic_script_share(decoded.text) < 0.5:
        return None
    return decoded


def _detected(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return Decoded(str(best), best.encoding)


def looks_binary(text: str) -> bool:
    """Whether decoded text holds NULs or many control characters (an image, an archive…)."""
    sample = text[:65536]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def arabic_script_share(text: str) -> float:
    """Share of letters in ``text`` that are in the Arabic script (0.0 when there are no letters)."""
    sample = text[:65536]
    letters = len(_LETTER.findall(sample))
    return len(_ARABIC_SCRIPT.findall(sample)) / letters if letters else 0.0
