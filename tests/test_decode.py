"""Reading bytes: encodings old and new Persian sites use, and inputs that are not text."""

from __future__ import annotations

import codecs

import pytest

from didban.ingest.decode import UnreadableInputError, arabic_script_share, decode_bytes

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
