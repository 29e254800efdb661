"""Builders of hostile inputs, all made at test time inside a temporary folder.

Nothing harmful is checked into the repo: binary look-alikes, bombs, canary
"secret" files and hostile markup are generated here, per test, from short
recipes. Every payload is wrapped in an otherwise ordinary news article so a
test can also check that the real content came through (no vacuous passes).
"""

from __future__ import annotations

import codecs
import gzip
import html
import json
import secrets
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

#: A sentence every hostile article carries: it must reach the outputs (no vacuous passes).
GOOD_SENTENCE = "Harbour officials counted 42 boats in the bay on Monday morning, the port said."
GOOD_MARK = "42 boats"
CLOSING = "The mayor said the count would be repeated next week, and fishermen welcomed the news."
#: What a leaked /etc/passwd looks like.
PASSWD_MARK = "root:x:0:0"


@dataclass(frozen=True)
class Secrets:
    """Canary files standing in for local secrets; ``token`` must never appear in any output."""

    token: str
    text: Path
    svg: Path
    css: Path

    @property
    def folder(self) -> Path:
        return self.text.parent

    @property
    def marks(self) -> tuple[str, ...]:
        return (self.token, PASSWD_MARK)


def make_secrets(folder: Path) -> Secrets:
    """Write a passwd-like text file, an SVG and a CSS file that would show ``token`` if loaded."""
    folder.mkdir(parents=True, exist_ok=True)
    token = f"CANARY{secrets.token_hex(6).upper()}"
    text = folder / "secret.txt"
    text.write_text(f"root:x:0:0:root:/root:/bin/bash\n{token}\n", encoding="utf-8")
    svg = folder / "secret.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
        f'<text x="0" y="20">{token}</text></svg>',
        encoding="utf-8",
    )
    css = folder / "secret.css"
    css.write_text(f'body::before {{ content: "{token}"; }}\n', encoding="utf-8")
    return Secrets(token=token, text=text, svg=svg, css=css)


# --------------------------------------------------------------------------- markup payloads


def payloads(sec: Secrets, base: str) -> dict[str, str]:
    """One hostile snippet per class; ``base`` is a loopback listener URL prefix (no slash)."""
    t, svg, css = sec.text.as_uri(), sec.svg.as_uri(), sec.css.as_uri()
    folder = sec.folder.as_uri() + "/"
    return {
        "attach_a": (
            '<a rel="attachment" href="file:///etc/passwd">passwd</a> '
            f'<a rel=attachment href="{t}">secret</a>'
        ),
        "attach_link": (
            f'<link rel="attachment" href="{t}"><link rel=attachment href="/etc/passwd">'
        ),
        "base_relative": (
            f'<base href="{folder}"><a rel="attachment" href="{sec.text.name}">notes</a>'
            f'<img src="{sec.svg.name}"><link rel="stylesheet" href="{sec.css.name}">'
        ),
        "img_file": f'<img src="file:///etc/passwd"><img src="{svg}" alt="chart">',
        "svg_file": (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' width="50" height="50"><image href="{svg}" width="50" height="50"/>'
            f'<image xlink:href="{base}/svg-image.png" width="5" height="5"/></svg>'
        ),
        "css_url": (
            f'<style>@import url("{css}"); body {{ background: url("{base}/bg.png") }}</style>'
            f'<link rel="stylesheet" href="{css}">'
            "<p style=\"background-image: url('file:///etc/passwd')\">styled</p>"
        ),
        "dev_zero": (
            '<img src="file:///dev/zero"><link rel="stylesheet" href="file:///dev/zero">'
            '<a rel="attachment" href="file:///dev/zero">zero</a>'
        ),
        "loopback": (
            f'<img src="{base}/img.png"><link rel="stylesheet" href="{base}/s.css">'
            f'<iframe src="{base}/frame"></iframe><object data="{base}/obj"></object>'
            f'<a rel="attachment" href="{base}/attach">get</a>'
        ),
        "nested": "<div>" * 200 + "deep text" + "</div>" * 200,
        "script": (
            "<script>document.write('PWNED-SCRIPT')</script>"
            "<img src=x onerror=\"alert('PWNED')\"><body onload=alert(1)>"
            f'<meta http-equiv="refresh" content="0; url={base}/refresh">'
        ),
        "javascript": (
            '<a href="javascript:alert(1)">click me</a> <a href=" JaVaScRiPt:alert(2)">two</a> '
            "[md link](javascript:alert(3)) <javascript:alert(4)>"
        ),
        "template": (
            "{{ 7*7 }} {% for i in range(3) %}LOOP{% endfor %} {{ ''.__class__.__mro__ }} "
            "{# hidden #}"
        ),
        "markdown": (
            "![pic](file:///etc/passwd) [evil link](https://evil.example/x) "
            "<b>bold</b> <!-- comment --> ``` fence"
        ),
    }


#: Markdown structure that only bites at the start of a line (used as whole paragraphs).
MARKDOWN_LINES = (
    "# INJECTED HEADING",
    "INJECTED SETEXT\n===============",
    "```",
    "<div>INJECTED BLOCK</div>",
    "[evil ref]: https://evil.example/ref",
)

TEMPLATE_EVALUATED = ("LOOPLOOP", "class 'str'", "class &#39;str&#39;")


def hostile_sentence(payload: str) -> str:
    return f"The flyer read: {payload} and it was removed, officials said."


def text_article(title: str, payload: str, *, markdown_lines: bool = False) -> str:
    """A plain-text article: headline, the good sentence, the payload sentence, a closing line."""
    extra = "\n\n".join(MARKDOWN_LINES) + "\n\n" if markdown_lines else ""
    return (
        f"{title}\n\n{GOOD_SENTENCE}\n\n{hostile_sentence(payload)}\n\n{extra}"
        f"It was a quiet week otherwise, the harbour master said.\n\n{CLOSING}\n"
    )


def markdown_article(title: str, payload: str) -> str:
    return "# " + text_article(title, payload, markdown_lines=True)


def html_article(title: str, payload: str) -> str:
    """The payload as live markup (head and body) and, entity-escaped, as text."""
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{payload}</head><body><article>"
        f"<h1>{html.escape(title)}</h1><p>{GOOD_SENTENCE}</p>"
        f"<p>{hostile_sentence(payload)}</p>"
        f"<p>{hostile_sentence(html.escape(payload))}</p>"
        "<p>It was a quiet week otherwise, the harbour master said.</p>"
        f"<p>{CLOSING}</p></article></body></html>"
    )


def xxe_html(sec: Secrets) -> str:
    """An XML-style document whose external entity would read the canary file."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{sec.text.as_uri()}">'
        '<!ENTITY sys SYSTEM "file:///etc/passwd">]>\n'
        "<html><head><title>Harbour Report</title></head><body><article>"
        f"<h1>Harbour Report</h1><p>{GOOD_SENTENCE}</p><p>The flyer read: &xxe; &sys; "
        f"and it was removed, officials said.</p><p>{CLOSING}</p></article></body></html>"
    )


def hostile_object(sec: Secrets, base: str, payload: str) -> dict[str, str]:
    """A JSON article whose every field is hostile (title, url, source, published)."""
    return {
        "title": "Harbour \x1b[31mReport\x1b[0m <script>alert(1)</script> {{ 7*7 }} "
        "[x](javascript:alert(1)) # not a heading",
        "text": f"{GOOD_SENTENCE}\n\n{hostile_sentence(payload)}\n\n{CLOSING}",
        "url": "javascript:alert(document.cookie)",
        "source": '<b onmouseover="alert(1)">Evil</b> [src](javascript:alert(1))',
        "published": "2024-03-04<script>alert(1)</script>",
    }


def all_payloads_text(sec: Secrets, base: str) -> str:
    return " ".join(payloads(sec, base).values())


def write_jsonl(path: Path, objects: list[dict[str, str]]) -> Path:
    path.write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8"
    )
    return path


# --------------------------------------------------------------------------- encodings

PLAIN_ARTICLE = (
    "Council Opens New Library\n\n"
    "The city council opened a new public library on Monday after three years of work. "
    "The building holds 80,000 books and a reading room for children. "
    "Mayor Jane Holt said the library would stay open until nine every evening. "
    "Residents queued outside before the doors opened at ten.\n"
)
PLAIN_MARK = "80,000 books"
CP1252_TEXT = "café – naïve “quoted”"
MOJIBAKE = ("â€", "Ã©", "Ã¯", "Ã¨", "\u00c2\u00a0")

MAGIC: dict[str, bytes] = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    + b"\x00\x00\x00\x10" * 2
    + b"\x08\x06\x00\x00\x00",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    "elf": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
}


def binary_lookalike(kind: str, size: int = 4096) -> bytes:
    """Magic bytes followed by deterministic pseudo-random binary filler."""
    filler = bytearray()
    seed = 0x1234567
    while len(filler) < size:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        filler += struct.pack("<I", seed)
    if kind == "gzip":
        return gzip.compress(PLAIN_ARTICLE.encode() * 20)
    if kind == "zip":
        return MAGIC["zip"] + zlib.compress(PLAIN_ARTICLE.encode() * 20) + bytes(filler[:256])
    return MAGIC[kind] + bytes(filler[:size])


def nul_heavy(size: int = 8192) -> bytes:
    """Mostly NUL bytes with some ASCII words in between (a corrupt or sparse file)."""
    chunk = b"\0" * 60 + b"news text"
    return (chunk * (size // len(chunk) + 1))[:size]


def usable_encodings() -> dict[str, tuple[str, bytes, tuple[str, ...]]]:
    """name -> (suffix, bytes, strings the briefing must show) for decodable inputs."""
    utf8_line = "Zoë Brontë said the café reopened on Monday."
    cp_line = CP1252_TEXT + " is what the menu said, the owner told reporters."
    mixed = (
        f"Café Owners Protest\n\n{utf8_line}\n\n".encode()
        + f"{cp_line}\n\n".encode("cp1252")
        + b"The protest lasted three hours and ended peacefully, police said.\n"
    )
    truncated = PLAIN_ARTICLE.encode() + "Zoë".encode()[:-1] + b" \xe2\x80 end.\n"
    overlong = PLAIN_ARTICLE.encode().replace(b"library on", b"library \xc0\xaf\xe0\x80\xaf on")
    return {
        "utf16le_nobom": (".txt", PLAIN_ARTICLE.encode("utf-16-le"), (PLAIN_MARK,)),
        "utf16be_nobom": (".txt", PLAIN_ARTICLE.encode("utf-16-be"), (PLAIN_MARK,)),
        "utf16_bom": (".txt", PLAIN_ARTICLE.encode("utf-16"), (PLAIN_MARK,)),
        "utf32": (".txt", PLAIN_ARTICLE.encode("utf-32"), (PLAIN_MARK,)),
        "utf32le_nobom": (".txt", PLAIN_ARTICLE.encode("utf-32-le"), (PLAIN_MARK,)),
        "utf8_bom": (".txt", codecs.BOM_UTF8 + PLAIN_ARTICLE.encode(), (PLAIN_MARK,)),
        "utf16le_html": (
            ".html",
            f"<html><body><article><p>{PLAIN_ARTICLE}</p></article></body></html>".encode(
                "utf-16-le"
            ),
            (PLAIN_MARK,),
        ),
        "cp1252_short": (".txt", f"Menu Notes\n\n{cp_line}\n".encode("cp1252"), (CP1252_TEXT,)),
        "cp1252_html": (
            ".html",
            f"<html><body><p>{cp_line}</p></body></html>".encode("cp1252"),
            (CP1252_TEXT,),
        ),
        "mixed_utf8_cp1252": (".txt", mixed, ("Zoë Brontë", CP1252_TEXT)),
        "meta_utf9": (
            ".html",
            (
                '<html><head><meta charset="utf-9"><title>Library</title></head><body><article>'
                f"<p>{PLAIN_ARTICLE}</p><p>{utf8_line}</p></article></body></html>"
            ).encode(),
            (PLAIN_MARK, "Zoë Brontë"),
        ),
        "meta_bogus_http_equiv": (
            ".html",
            (
                '<html><head><meta http-equiv="Content-Type" content="text/html; charset=x-evil">'
                f"</head><body><article><p>{PLAIN_ARTICLE}</p></article></body></html>"
            ).encode(),
            (PLAIN_MARK,),
        ),
        "truncated_multibyte": (".txt", truncated, (PLAIN_MARK,)),
        "overlong_utf8": (".txt", overlong, (PLAIN_MARK,)),
        "json_utf16": (
            ".json",
            json.dumps({"title": "Library", "text": PLAIN_ARTICLE}).encode("utf-16"),
            (PLAIN_MARK,),
        ),
    }


INVISIBLES = "\u200b\ufeff\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def unusable_inputs() -> dict[str, tuple[str, bytes]]:
    """name -> (suffix, bytes) for inputs that must be refused with one clear line."""
    cases: dict[str, tuple[str, bytes]] = {}
    for kind in MAGIC:
        cases[f"{kind}_as_txt"] = (".txt", binary_lookalike(kind))
        cases[f"{kind}_as_html"] = (".html", binary_lookalike(kind))
    cases["png_as_json"] = (".json", binary_lookalike("png"))
    cases["elf_as_md"] = (".md", binary_lookalike("elf"))
    cases["nul_heavy"] = (".txt", nul_heavy())
    cases["invisible_only"] = (".txt", (INVISIBLES * 20 + " \n\t \u00a0\u3000").encode())
    cases["invisible_only_html"] = (
        ".html",
        f"<html><body><p>{INVISIBLES * 5}</p><p>&#8203;&#xFEFF;</p></body></html>".encode(),
    )
    cases["empty"] = (".txt", b"")
    cases["whitespace_only"] = (".md", b" \n\n\t\r\n   \n")
    cases["json_broken"] = (".json", b'{"title": "x", "text": "unterminated')
    cases["jsonl_all_broken"] = (".jsonl", b'{not json}\n[1, 2\n"str"\n')
    cases["json_not_object"] = (".json", b"42")
    cases["random_bytes"] = (".txt", bytes((i * 7919 + 13) % 256 for i in range(8192)))
    cases["json_deep_nesting"] = (".json", b"[" * 100_000 + b"]" * 100_000)
    cases["jsonl_deep_nesting"] = (".jsonl", b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n")
    cases["json_huge_int"] = (".json", b'{"title": "x", "text": ' + b"9" * 100_000 + b"}")
    return cases


# --------------------------------------------------------------------------- size and complexity

HUGE_BYTES = 50 * 1024 * 1024


def write_huge(path: Path, size: int = HUGE_BYTES) -> Path:
    """A file of ``size`` bytes of ordinary sentences (written in chunks, sparse-free)."""
    line = (PLAIN_ARTICLE.replace("\n", " ") + "\n").encode()
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as handle:
        written = 0
        while written < size:
            piece = block[: size - written]
            handle.write(piece)
            written += len(piece)
    return path


def many_sentences(n: int = 82_000) -> str:
    return "Big Document\n\n" + " ".join(f"Item {i} was logged today." for i in range(n)) + "\n"


def unpunctuated(chars: int = 200_000) -> str:
    words = ("harbour", "boats", "council", "rain", "market", "river", "school", "bridge")
    out: list[str] = []
    size = 0
    i = 0
    while size < chars:
        word = words[i % len(words)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)


def a_dots(n: int = 100_000) -> str:
    return "a. " * n


def single_line(chars: int = 1_000_000) -> str:
    sentence = "The council met on Monday and approved 12 new bus routes for the city. "
    return (sentence * (chars // len(sentence) + 1))[:chars]


def deep_html(depth: int = 10_000) -> str:
    return (
        "<html><body>"
        + "<div>" * depth
        + f"<p>{GOOD_SENTENCE}</p><p>{CLOSING}</p>"
        + "</div>" * depth
        + "</body></html>"
    )


def tiny_articles(n: int) -> list[dict[str, str]]:
    return [
        {"title": f"Note {i}", "text": f"Item {i} was filed. It was short. Staff read it."}
        for i in range(n)
    ]


# --------------------------------------------------------------------------- pathological text

#: Characters of each pathological string for the facts timing (as in the issue's examples).
PATHOLOGICAL_CHARS = 100_000
#: name -> repeated unit (a prefix, if any, comes first).
_PATHOLOGICAL_UNITS: dict[str, tuple[str, str]] = {
    "A_run": ("", "A"),
    "quotes": ("", '"'),
    "curly_quotes": ("", "\u201c\u201d"),
    "digit_commas": ("", "1,"),
    "digits": ("", "1"),
    "dollar_digits": ("$", "1 "),
    "caps_words": ("", "Aa "),
    "said_words": ("", "said "),
    "mr_dots": ("", "Mr. "),
    "open_parens": ("", "("),
    "dots_spaces": ("", ". "),
    "percent": ("", "1% "),
    "months": ("", "January "),
    "unclosed_quote": ('"', "word "),
    "title_case_run": ("", "Prime Minister "),
    "hyphen_numbers": ("", "1-"),
}
PATHOLOGICAL: dict[str, str] = {
    name: (prefix + unit * (PATHOLOGICAL_CHARS // len(unit) + 1))[:PATHOLOGICAL_CHARS]
    for name, (prefix, unit) in _PATHOLOGICAL_UNITS.items()
}


def normal_text(chars: int) -> str:
    """Realistic news prose (names, quotes, dates, figures) of about ``chars`` characters."""
    paragraph = (
        "Prime Minister Ana Ruiz said on Monday that 3,000 troops would leave the region by "
        'June 2025. "There is no need for foreign forces here," Ruiz told reporters in Madrid. '
        "The ministry said spending rose 12% to $4.2 billion, and five people were wounded "
        "in Friday's attack near Valencia, police said. "
    )
    return (paragraph * (chars // len(paragraph) + 1))[:chars]


# --------------------------------------------------------------------------- network payloads


def gzip_bomb(decompressed: int = 200 * 1024 * 1024, tail: bytes = b"") -> bytes:
    """About 200 KB of gzip that expands to ``decompressed`` bytes of an RSS-looking body.

    ``tail`` comes after the padding: only a reader without a size cap ever sees it.
    """
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bomb</title>'
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(head)]
    chunk = b" " * (1024 * 1024)
    for _ in range(decompressed // len(chunk)):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.compress(tail))
    parts.append(compressor.flush())
    return b"".join(parts)
