"""decode.py: bytes of any encoding become clean text, or a one-line LoadError, never a crash."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.decode import binary_kind, decode_bytes, is_blank, normalize_text, usable_codec
from newsbrief.errors import LoadError

SAMPLE = "Storm Ingrid hit the coast on Wednesday.\nCafé owners said “it was the worst night”."


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + SAMPLE.encode(encoding), "a.txt") == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_without_bom_are_found_by_their_nul_pattern(encoding: str) -> None:
    "Plain ASCII news".encode(encoding).decode("utf-8")  # the trap: valid UTF-8, full of NULs
    assert decode_bytes(SAMPLE.encode(encoding), "a.txt") == SAMPLE


def test_short_cp1252_is_not_misread() -> None:
    assert decode_bytes("café – naïve".encode("cp1252"), "a.txt") == "café – naïve"
    assert decode_bytes("café".encode("cp1252"), "a.txt") == "café"


def test_longer_cp1252_with_smart_quotes() -> None:
    text = "“We’re ready,” said Zoë Müller – the mayor – on Tuesday. Cost: €4.2m. " * 3
    assert decode_bytes(text.encode("cp1252"), "a.txt") == text


def test_other_code_pages_are_detected_not_forced_into_cp1252() -> None:
    text = "Мэр города заявил в среду, что бюджет на следующий год вырастет на пять процентов."
    assert decode_bytes(text.encode("cp1251"), "a.txt") == text


def test_mixed_encodings_are_decoded_line_by_line_without_mojibake() -> None:
    data = "It’s a UTF-8 line — yes.\n".encode() + "And a cp1252 line – café’s.\n".encode("cp1252")
    text = decode_bytes(data, "mixed.txt")
    assert text == "It’s a UTF-8 line — yes.\nAnd a cp1252 line – café’s.\n"
    assert "â€" not in text and "\ufffd" not in text


def test_declared_charset_in_html_meta_is_used() -> None:
    html = b'<html><head><meta charset="iso-8859-1"></head><body><p>\x93Hi\x94 caf\xe9</p>'
    assert "“Hi” café" in decode_bytes(html, "a.html")


def test_xml_declaration_charset_is_used() -> None:
    body = "<?xml version='1.0' encoding='windows-1251'?><p>Привет мир</p>"
    assert "Привет мир" in decode_bytes(body.encode("cp1251"), "a.xml")


def test_unknown_declared_charset_falls_back_instead_of_raising() -> None:
    html = b'<html><head><meta charset="utf-9"></head><body><p>caf\xe9 na\xefve</p></body></html>'
    assert "café naïve" in decode_bytes(html, "a.html")
    assert usable_codec("utf-9") is None
    assert usable_codec("rot13") is None  # exists, but is not a text encoding
    assert usable_codec("latin-1") == "cp1252"  # WHATWG: latin-1 means windows-1252


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "JPEG image"),
        (b"GIF89a" + bytes(50), "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml word/document.xml", "DOCX"),
        (b"PK\x03\x04\x14\x00\x00\x00data.csv", "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gzip"),
        (b"\x7fELF\x02\x01\x01" + bytes(50), "ELF"),
        (b"SQLite format 3\x00" + bytes(80), "SQLite"),
    ],
)
def test_binary_formats_are_refused_by_magic_bytes(data: bytes, kind: str) -> None:
    with pytest.raises(LoadError) as info:
        decode_bytes(data, "photo.txt")
    message = str(info.value)
    assert message.startswith("photo.txt: binary file (") and kind in message
    assert message.endswith("not an article") and "\n" not in message


def test_nul_ridden_bytes_are_binary() -> None:
    data = b"hello\x00\x00\x01world\x00" * 50
    with pytest.raises(LoadError, match="binary"):
        decode_bytes(data, "x.txt")


def test_control_byte_soup_is_binary() -> None:
    with pytest.raises(LoadError, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 40, "x.txt")


@pytest.mark.parametrize(
    "text", ["MZ Robotics said on Monday", "ID3 standards body met", "BZh is a word", "OggS"]
)
def test_text_starting_like_a_short_magic_is_not_refused(text: str) -> None:
    assert binary_kind(text.encode()) is None
    assert decode_bytes(text.encode(), "a.txt") == text


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", "\u200b\u200c\ufeff\u200e\u202e \u2060".encode(), codecs.BOM_UTF8],
)
def test_empty_whitespace_and_invisible_only_are_empty(data: bytes) -> None:
    with pytest.raises(LoadError, match="empty"):
        decode_bytes(data, "blank.txt")


def test_normalize_text_strips_controls_ansi_bidi_and_zero_width() -> None:
    raw = "\x1b[31mRed\x1b[0m a\u200bb\u202eevil\u202c\x07 e\u0301\u00a0x\r\ny\u2028z"
    assert normalize_text(raw) == "Red abevil é x\ny\nz"
    assert is_blank("\u200b \ufeff\n\u2066")
    assert not is_blank("\u200bx")


def test_normalize_text_is_idempotent() -> None:
    once = normalize_text(SAMPLE + "\x1b]0;title\x07\u00a0tail")
    assert normalize_text(once) == once


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz.bin")
    except LoadError as exc:
        assert str(exc).startswith("fuzz.bin: ") and "\n" not in str(exc)
        return
    assert text.strip()
    assert all(ch == "\n" or ch >= " " for ch in text if ord(ch) < 0xA0 and not ch.isprintable())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))))
def test_utf8_text_round_trips(text: str) -> None:
    if not text.strip():
        return
    assert decode_bytes(text.encode("utf-8"), "a.txt") == normalize_text(text)


EMOJI_SEQUENCES = [
    "🏃\u200d♀\ufe0f",  # ZWJ + variation selector
    "🏃🏽\u200d♂\ufe0f",  # skin tone
    "👨\u200d👩\u200d👧",  # family
    "🏳\ufe0f\u200d🌈",  # rainbow flag
    "1\ufe0f\u20e3#\ufe0f\u20e3",  # keycaps
    "🇰🇪",  # regional indicators
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # subdivision flag
    "❤\ufe0f ⏱\ufe0f ☺\ufe0e",  # emoji / text presentation
]


@pytest.mark.parametrize("sequence", EMOJI_SEQUENCES)
def test_emoji_sequences_survive_normalisation(sequence: str) -> None:
    text = f"Runners {sequence} crossed the line."
    assert normalize_text(text) == text


def test_joiners_that_build_letters_survive() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    devanagari = "क्\u200dष"  # ZWJ: explicit half form
    assert normalize_text(persian) == persian
    assert normalize_text(devanagari) == devanagari


def test_stray_joiners_selectors_and_tags_are_removed() -> None:
    assert normalize_text("pay\u200dpal") == "paypal"  # ZWJ between Latin letters hides nothing
    assert normalize_text("\u200d\u200c\ufe0f") == ""
    assert normalize_text("a\ufe0f\ufe0f\ufe0fb") == "a\ufe0fb"  # one selector per character
    smuggled = "😀" + "\ufe01\ufe02" * 20 + "\U000e0100" * 10  # bytes hidden in selectors
    assert normalize_text(smuggled) == "😀\ufe01"
    assert normalize_text("x\U000e0041\U000e007fy") == "xy"  # tags outside a flag
    assert normalize_text("\u202eevil\u202c \u2066x\u2069") == "evil x"  # bidi still goes
    assert is_blank("\u200d \ufe0f\u200c")


_NORMALIZE_ALPHABET = st.sampled_from(
    [*"aZ1 .\n\r\t", "\x1b[31m", "\x85", "\u2028", "\u2029", "\x00", "\u200b", "\u200d", "\u200c",
     "\ufe0f", "\u00a0", "\u3000", "\U0001f468", "\u2764", "\u0628", "\U0001f3f4", "\U000e0067",
     "\U000e007f", "e\u0301", "\u00e9", "\u212b", "\u0915\u094d"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_NORMALIZE_ALPHABET, max_size=40).map("".join))
def test_normalize_fast_path_changes_nothing(text: str) -> None:
    from newsbrief.decode import _normalize

    assert normalize_text(text) == _normalize(text)
    assert normalize_text(normalize_text(text)) == normalize_text(text)
