"""Reading bytes: encodings old and new Persian sites use, and inputs that are not text."""

from __future__ import annotations

import codecs

import pytest

from didban.ingest.decode import (
    UnreadableInputError,
    arabic_script_share,
    damaged_utf8,
    decode_bytes,
    stream_encoding,
)

# A real sentence with Arabic ي/ك as old Windows-1256 sites wrote it (Fars News, 2008).
OLD_SITE = "وارسته تصريح كرد: در دفاتري كه داراي خطوط VPN باشند، قادريم دستگاه‌ها را نصب كنيم."
MODERN = "پوتین رئیس جمهوری روسیه به همتایان خود گفت: روسیه تمام تلاش خود را انجام می‌دهد."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (MODERN.encode("utf-8"), "utf-8"),  # the common case
        (codecs.BOM_UTF8 + MODERN.encode("utf-8"), "utf-8-sig"),  # Notepad's UTF-8 with BOM
        (MODERN.encode("utf-16"), "utf-16"),  # UTF-16 with BOM (Windows exports)
        (MODERN.encode("utf-16-le"), "utf-16-le"),  # UTF-16 without BOM
        (MODERN.encode("utf-16-be"), "utf-16-be"),  # big-endian without BOM
        (OLD_SITE.replace("\u200c", "").encode("cp1256"), "cp1256"),  # an old Persian site
    ],
)
def test_decodes_persian_in_every_supported_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert arabic_script_share(decoded.text) > 0.9


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),  # an empty file
        (b" \n\t\r\n", "empty"),  # only white space
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),  # an image
        (bytes(4096), "binary"),  # NUL bytes
    ],
)
def test_refuses_empty_and_binary_input(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInputError, match=reason):
        decode_bytes(data)


def test_latin_text_decodes_and_reports_a_low_arabic_share() -> None:
    decoded = decode_bytes(b"Reuters reported the talks ended on Friday.")
    assert arabic_script_share(decoded.text) == 0.0


def test_utf8_cut_mid_character_stays_utf8_with_a_warning() -> None:
    # A download cut inside the last letter: before, the whole text came out as Windows-1256 mojibake.
    data = MODERN.encode("utf-8")[:-2]  # the final «.», and the second byte of the «د» before it
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 1)
    assert decoded.text == MODERN[:-2] + "\ufffd"
    assert decoded.warnings == ["input is not valid UTF-8: 1 damaged byte sequence(s) replaced by U+FFFD"]


def test_one_stray_byte_in_a_long_utf8_text_is_replaced_not_reread() -> None:
    data = MODERN.encode("utf-8") + b"\xe9 " + MODERN.encode("utf-8")  # a Latin-1 é pasted in
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 1
    assert decoded.text.count("پوتین") == 2


def test_a_stray_byte_inside_a_letter_of_a_short_text_stays_utf8() -> None:
    # one byte pasted inside a letter is three damaged sequences (the byte and the letter's two halves):
    # over the two allowed in a text this short, but the sound Persian letters around them tell UTF-8
    data = MODERN.encode("utf-8")
    cut = data.index("پوتین".encode()) + 1
    decoded = decode_bytes(data[:cut] + b"\xff" + data[cut:])
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 3)
    assert decoded.text.replace("\ufffd" * 3, "پ") == MODERN


def test_windows_1256_is_not_taken_for_damaged_utf8() -> None:
    data = OLD_SITE.replace("\u200c", "").encode("cp1256")
    assert damaged_utf8(data) is None
    assert decode_bytes(data).warnings == []


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (MODERN.encode("utf-8"), "utf-8-sig"),
        (MODERN.encode("utf-8")[:-1], "utf-8-sig"),  # the peeked bytes end inside a letter
        (codecs.BOM_UTF8 + MODERN.encode("utf-8"), "utf-8-sig"),
        (OLD_SITE.replace("\u200c", "").encode("cp1256"), "cp1256"),  # Excel on a Persian Windows
        (b"title,text\n", "utf-8-sig"),
    ],
)
def test_stream_encoding_of_csv_exports(head: bytes, encoding: str) -> None:
    assert stream_encoding(head) == encoding


def test_a_short_windows_1256_text_is_not_taken_for_damaged_utf8() -> None:
    # Two Persian letters in Windows-1256 are two invalid UTF-8 bytes: nothing decoded but damage.
    assert decode_bytes("ما".encode("cp1256")) == ("ما", "cp1256", 0)
    assert decode_bytes("ا".encode() + b"\xd9").encoding == "utf-8"  # a letter, then one cut short
