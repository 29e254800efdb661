"""Bytes -> clean text, never crashing: BOMs, declared charsets, detection, binary refusal.

Order of decisions for a byte string (first match wins):

1. empty -> ``LoadError("empty")``;
2. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
3. magic bytes of a known binary format (PNG, JPEG, PDF, ZIP/DOCX, gzip, ELF, ...) -> refused;
4. UTF-32/UTF-16 without a BOM, recognised by where the NUL bytes fall;
5. too many NUL / control bytes -> refused as binary;
6. strict UTF-8;
7. a declared charset (HTML ``<meta>``, XML declaration, or given by the caller) that exists
   and decodes cleanly; unknown names such as ``utf-9`` are ignored, never a ``LookupError``;
8. mixed files (some lines UTF-8, others a legacy code page) decoded line by line;
9. Windows-1252 for Western text (charset detectors misread short cp1252);
10. charset-normalizer; finally UTF-8 with replacement characters.

:func:`normalize_text` then makes the text safe and canonical: NFC, newlines unified,
control characters, ANSI escapes, bidi controls and zero-width characters removed (joiners
and variation selectors only where they do not build an emoji sequence or a letter), and
exotic spaces (NBSP, thin spaces ...) turned into plain spaces.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import LoadError
from .limits import MAX_TITLE_CHARS

#: Bytes examined for magic numbers, NUL patterns and a declared charset.
SNIFF_BYTES = 4096

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# (prefix, offset, name). Checked in order; only formats whose signature cannot start text.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "Microsoft Office document"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x00\x00\x01\x00", 0, "icon image"),
    (b"OggS", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"ID3", 0, "MP3 audio"),
    (b"ftyp", 4, "MP4 media"),
    (b"\x1a\x45\xdf\xa3", 0, "Matroska/WebM media"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
    (b"\x00asm", 0, "WebAssembly binary"),
    (b"\xca\xfe\xba\xbe", 0, "Java class / Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"MZ", 0, "Windows executable"),
    (b"\x80\x04\x95", 0, "Python pickle"),
    (b"\x80\x05\x95", 0, "Python pickle"),
)

# Declared encodings we never use: they are not ways of writing an article.
_IGNORED_CODECS = frozenset(
    {
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "utf-7",
        "unicode-escape",
        "raw-unicode-escape",
        "idna",
        "punycode",
        "undefined",
    }
)
# WHATWG: these labels mean windows-1252 on the web; GB2312/GBK are subsets of GB18030.
_CODEC_ALIASES = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e]")
_NON_ASCII_LETTER = re.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e]")
_SYMBOL_IN_WORD = re.compile(
    r"[A-Za-z][\u00a1-\u00bf\u00d7\u00f7\u02c6\u02dc\u2020-\u2030][A-Za-z]"
)
_NON_ASCII_RUN = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u2122]{3}"
)


def binary_kind(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with, or None when it could be text."""
    head = data[:SNIFF_BYTES]
    for magic, offset, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic and _magic_is_binary(head, magic):
            if name == "ZIP archive":
                return _zip_kind(head)
            return name
    return None


def _magic_is_binary(head: bytes, magic: bytes) -> bool:
    """Short, letter-only signatures ("BZh", "ID3", "MZ") need corroboration to count."""
    if magic == b"BZh":
        return head[3:4].isdigit() and head[4:10] == b"1AY&SY"
    if magic in (b"ID3", b"MZ", b"OggS", b"fLaC", b"wOFF", b"wOF2"):
        return b"\x00" in head[:64]
    return True


def _zip_kind(head: bytes) -> str:
    if b"word/" in head:
        return "Word document (DOCX)"
    if b"xl/" in head:
        return "Excel workbook (XLSX)"
    if b"ppt/" in head:
        return "PowerPoint file (PPTX)"
    if b"opendocument" in head:
        return "OpenDocument file"
    if b"META-INF/" in head:
        return "JAR/EPUB archive"
    return "ZIP archive"


def decode_bytes(data: bytes, location: str, *, declared: str | None = None) -> str:
    """Decode an article's bytes to normalised text, or raise ``LoadError`` naming ``location``.

    ``declared`` is a charset named outside the bytes (e.g. an HTTP header); charsets
    declared inside HTML/XML are found here. Raises for empty, invisible-only and binary data.
    """
    if not data:
        raise LoadError(location, "empty file")
    text = normalize_text(_decode(data, location, declared))
    if not text.strip():
        raise LoadError(location, "empty file (only whitespace or invisible characters)")
    return text


def _decode(data: bytes, location: str, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked_text(data[len(bom) :].decode(encoding, errors="replace"), location)
    kind = binary_kind(data)
    if kind is not None:
        raise LoadError(location, f"binary file ({kind}), not an article")
    wide = _wide_encoding(data[:SNIFF_BYTES])
    if wide is not None:
        return _checked_text(_decode_wide(data, wide), location)
    if _looks_binary(data[:SNIFF_BYTES]):
        raise LoadError(location, "binary file (NUL or control bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _checked_text(_decode_legacy(data, declared or declared_charset(data)), location)


def _checked_text(text: str, location: str) -> str:
    """Refuse decoded text that is mostly control characters (a detector's wrong guess)."""
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\x1b")
    if sample and controls / len(sample) > 0.1:
        raise LoadError(location, "binary file (control characters), not an article")
    return text


def _wide_encoding(head: bytes) -> str | None:
    """UTF-32/UTF-16 without a BOM: mostly-ASCII text has NULs in fixed byte positions."""
    n = len(head) - len(head) % 4
    if n < 4 or head.count(0) < n // 4:
        return None
    by_pos = [head[i:n:4].count(0) / (n // 4) for i in range(4)]
    if by_pos[1] > 0.9 and by_pos[2] > 0.9 and by_pos[3] > 0.9 and by_pos[0] < 0.2:
        return "utf-32-le"
    if by_pos[0] > 0.9 and by_pos[1] > 0.9 and by_pos[2] > 0.9 and by_pos[3] < 0.2:
        return "utf-32-be"
    even = (by_pos[0] + by_pos[2]) / 2
    odd = (by_pos[1] + by_pos[3]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, encoding: str) -> str:
    unit = 4 if encoding.startswith("utf-32") else 2
    return data[: len(data) - len(data) % unit].decode(encoding, errors="replace")


def _looks_binary(head: bytes) -> bool:
    """Any NUL byte, or more than 10% other control bytes, means this is not text."""
    if b"\x00" in head:
        return True
    return len(_CONTROL_BYTES.findall(head)) > len(head) * 0.1


def declared_charset(data: bytes) -> str | None:
    """Charset named by an XML declaration or an HTML ``<meta>`` tag near the start, if any."""
    head = data[:SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="ignore") if match else None


def usable_codec(label: str | None) -> str | None:
    """Python codec for a charset label, or None if unknown (``utf-9``) or not for text."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().lower())
    except (LookupError, ValueError):
        return None
    name = _CODEC_ALIASES.get(info.name, info.name)
    if name in _IGNORED_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return name


def _decode_legacy(data: bytes, declared: str | None) -> str:
    """Data that is not valid UTF-8: declared charset, mixed lines, cp1252, then detection."""
    codec = usable_codec(declared)
    if codec == "utf-8":
        codec = None
    if _has_utf8_lines(data) or _is_broken_utf8(data):
        return _decode_by_line(data, codec)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return data.decode(_legacy_codec_for(data), errors="replace")


def _legacy_codec_for(data: bytes) -> str:
    """cp1252 for Western text, else charset-normalizer's best guess, else UTF-8."""
    if is_western_cp1252(data):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 64 * 1024]).best()
    codec = usable_codec(best.encoding) if best is not None else None
    return codec or "utf-8"


def is_western_cp1252(data: bytes) -> bool:
    """True when ``data`` decodes as cp1252 into plausible Western text.

    Text in another code page (Cyrillic, Greek ...) read as cp1252 turns into long runs
    of accented letters; real Western text has few non-ASCII letters, mostly alone.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = len(_LATIN_LETTER.findall(text))
    accented = len(_NON_ASCII_LETTER.findall(text))
    if letters == 0 or accented > max(2.0, letters * 0.25) or _SYMBOL_IN_WORD.search(text):
        return False
    runs = len(_NON_ASCII_RUN.findall(text))
    return runs <= max(1, accented // 20)


def _has_utf8_lines(data: bytes) -> bool:
    """Some line with non-ASCII bytes is valid UTF-8 (while the whole file is not)."""
    if not _UTF8_MULTIBYTE.search(data):
        return False
    return any(not line.isascii() and _is_utf8(line) for line in data.split(b"\n"))


# Byte pairs that are overlong UTF-8 (C0/C1 leads, E0 80-9F, F0 80-8F) or the start of
# UTF-8 punctuation (E2 80-82: quotes, dashes, euro); read as cp1252 they are mojibake
# ("À¯", "â€"), so a line holding one that is not valid UTF-8 is broken (truncated or
# overlong) UTF-8, not a legacy code page. Genuine cp1252 pairs such as "é’" do not match.
_UTF8_PAIR = re.compile(rb"[\xc0\xc1][\x80-\xbf]|\xe0[\x80-\x9f]|\xf0[\x80-\x8f]|\xe2[\x80-\x82]")


def _is_broken_utf8(line: bytes) -> bool:
    return _UTF8_PAIR.search(line) is not None


def _decode_by_line(data: bytes, codec: str | None) -> str:
    """UTF-8 where a line is UTF-8 (or broken UTF-8); the others in ``codec`` or a detected one.

    Invalid bytes of a broken UTF-8 line are dropped rather than shown as mojibake.
    """
    lines = data.split(b"\n")
    good = [_is_utf8(line) or _is_broken_utf8(line) for line in lines]
    bad_bytes = b"\n".join(line for line, ok in zip(lines, good, strict=True) if not ok)
    fallback = codec or _legacy_codec_for(bad_bytes)
    return "\n".join(
        line.decode("utf-8", errors="ignore") if ok else line.decode(fallback, errors="replace")
        for line, ok in zip(lines, good, strict=True)
    )


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- normalisation -------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
# C0/C1 controls except tab and newline; bidi embeddings/overrides/isolates and marks;
# zero-width and other invisible format characters. Joiners, variation selectors and tag
# characters are kept only where they build a character (``_joiners``).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]"
)
# A subdivision flag (🏴 + tag letters + cancel tag) is kept whole; any other tag character goes.
_TAGS = re.compile("(\U0001f3f4[\U000e0020-\U000e007e]{1,30}\U000e007f)|[\U000e0000-\U000e007f]")
_JOINERS = re.compile("[\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Pictographs that emoji ZWJ sequences join: symbols, dingbats, arrows, emoji blocks.
_PICTOGRAPH = re.compile("[\u2190-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]")
# Scripts in which ZWJ/ZWNJ between letters change the shaping (Hebrew to Sinhala,
# Tibetan, Myanmar, Khmer, Arabic presentation forms).
_JOINING_SCRIPT = re.compile("[\u0590-\u0dff\u0f00-\u109f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufefe]")
_NO_BASE = frozenset(" \n\u200c\u200d") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def _joiners(text: str) -> str:
    """Keep ZWJ/ZWNJ and variation selectors only where they build a character.

    Kept: a ZWJ inside an emoji sequence (🏃🏽‍♀️, 👨‍👩‍👧, 🏳️‍🌈); a ZWJ or ZWNJ between two
    letters of a script that shapes with them (Persian ``می‌خواهم``, Devanagari half forms);
    one variation selector right after a visible character (❤️, 1️⃣, CJK variants).
    Dropped: every other joiner, selector or tag character, so none can hide text (a run
    of selectors after a character can carry smuggled bytes) or stand alone.
    """
    if _TAGS.search(text):
        text = _TAGS.sub(lambda m: m.group(1) or "", text)
    if not _JOINERS.search(text):
        return text
    return _JOINERS.sub(_keep_joiner, text)


def _keep_joiner(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    char = match.group()
    if char in "\u200c\u200d":
        emoji_before = _PICTOGRAPH.match(before) or before in "\ufe0f\U000e007f"
        if char == "\u200d" and _PICTOGRAPH.match(after) and emoji_before:
            return char
        if _JOINING_SCRIPT.match(before) and _JOINING_SCRIPT.match(after):
            return char
        return ""
    if before in _NO_BASE or before.isspace() or _JOINERS.match(before):
        return ""
    return char


_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_NEWLINES = re.compile("\r\n?|[\x85\u2028]")


#: Every character a step of ``normalize_text`` changes or looks at (newlines, ESC, the
#: invisible, tag, joiner and odd-space classes): text with none of them that is already
#: NFC comes back unchanged after one scan (normalising twice costs little).
_TOUCHED = re.compile(
    "[\r\x85\u2028\u2029\x1b\U000e0000-\U000e007f"
    + _INVISIBLE.pattern[1:-1]
    + _JOINERS.pattern[1:-1]
    + _ODD_SPACE.pattern[1:-1]
    + "]"
)


def normalize_text(text: str) -> str:
    """NFC text with unified newlines, no controls/ANSI/bidi/zero-width, plain spaces."""
    if _TOUCHED.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text
    return _normalize(text)


def _normalize(text: str) -> str:
    text = _NEWLINES.sub("\n", text).replace("\u2029", "\n\n")
    text = _ANSI.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _joiners(text)
    text = _ODD_SPACE.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """``normalize_text`` as one line: newlines and runs of whitespace become one space."""
    return " ".join(normalize_text(text).split())


def clip_title(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """A headline as one printable line, cut at a word boundary to at most ``limit`` characters."""
    title = one_line(title)
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit - 1)
    return title[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:-") + "…"


def is_blank(text: str) -> bool:
    """True for text with nothing visible (whitespace, zero-width spaces, BOMs, bidi marks)."""
    return not normalize_text(text).strip()
