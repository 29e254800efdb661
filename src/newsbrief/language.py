"""Which language an article is written in, and which way its lines run.

Part of the clean stage: ``detect_language`` looks at a bounded sample of the
title and first paragraphs (``SAMPLE_CHARS``) and returns a BCP 47 tag such as
``en``, ``zh``, ``ja`` or ``ar``, or None when it cannot tell.

Two kinds of evidence, used where each is reliable:

- **The writing system.** Hangul is Korean, kana is Japanese, Thai script is
  Thai, Hebrew letters are Hebrew, and so on: a headline of six characters
  is enough. Scripts shared by several languages (Latin, Cyrillic, Arabic,
  Devanagari, Han) need the model below to choose among them.
- **A statistical model** (Google's CLD3 neural network, from the ``cld3-py``
  wheel, which carries the model; nothing is downloaded). Measured on the
  English dev sets, it is wrong on 12-38% of texts under 80 letters (headline-
  only items) and under 1% from 80 letters up, so shorter Latin-script texts
  stay unknown rather than get a wrong tag; see docs/render.md.

``text_direction`` gives ``rtl`` for languages written right to left, which the
templates turn into ``dir="rtl"`` (WeasyPrint does not implement ``dir="auto"``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

#: Characters of title and text the detector looks at: enough for 240+ letters, past which
#: the model made no mistake on the dev sets (benchmarks/language_detect.py).
SAMPLE_CHARS = 400
#: Fewer letters than this, and the model's guess is not used unless the script backs it.
MIN_MODEL_LETTERS = 80

#: Languages written right to left (BCP 47 primary subtags).
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)

#: Old or model-specific codes -> the BCP 47 tag (CLD3 still says ``iw`` for Hebrew).
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "fil": "tl"}

# (first, last code point, script). Only scripts that decide or narrow the language.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0A80, 0x0AFF, "gujarati"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"),
    (0x0D00, 0x0D7F, "malayalam"),
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1200, 0x139F, "ethiopic"),
    (0x1780, 0x17FF, "khmer"),
    (0x1000, 0x109F, "myanmar"),
    (0x3040, 0x30FF, "kana"),
    (0x31F0, 0x31FF, "kana"),
    (0xFF66, 0xFF9F, "kana"),
    (0x1100, 0x11FF, "hangul"),
    (0x3130, 0x318F, "hangul"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0x20000, 0x2FFFF, "han"),
)

#: A script that by itself names the language, when the model has nothing better.
_SCRIPT_LANGUAGE = {
    "greek": "el",
    "armenian": "hy",
    "hebrew": "he",
    "arabic": "ar",
    "devanagari": "hi",
    "bengali": "bn",
    "gurmukhi": "pa",
    "gujarati": "gu",
    "tamil": "ta",
    "telugu": "te",
    "kannada": "kn",
    "malayalam": "ml",
    "thai": "th",
    "lao": "lo",
    "georgian": "ka",
    "ethiopic": "am",
    "khmer": "km",
    "myanmar": "my",
    "kana": "ja",
    "hangul": "ko",
    "han": "zh",
}
#: Languages the model may choose for text in a shared script (otherwise the script decides).
_SCRIPT_CHOICES = {
    "arabic": frozenset({"ar", "fa", "ur", "ps", "sd", "ug", "ku", "ckb"}),
    "devanagari": frozenset({"hi", "mr", "ne", "sa"}),
    "bengali": frozenset({"bn", "as"}),
    "cyrillic": frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"}),
    "hebrew": frozenset({"he", "yi"}),
}


_STARTS = sorted(first for first, _, _ in _SCRIPT_RANGES)
_BY_START = {first: (last, script) for first, last, script in _SCRIPT_RANGES}


def script_of(char: str) -> str | None:
    """The writing system of one letter among those in ``_SCRIPT_RANGES``; 'latin' for
    Latin letters; None for anything else (digits, punctuation, symbols, other scripts)."""
    code = ord(char)
    if code < 0x250:
        return "latin" if char.isalpha() else None
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        last, script = _BY_START[_STARTS[index]]
        if code <= last:
            return script
    if char.isalpha() and "LATIN" in unicodedata.name(char, ""):
        return "latin"
    return None


_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")


def dominant_script(text: str) -> tuple[str | None, int]:
    """The most frequent script among the letters of ``text`` and the number of letters.

    Kana anywhere in Han text makes it Japanese (kanji are Han characters).
    """
    if text.isascii():  # the common case, without a Python loop: ASCII letters are Latin
        letters = sum(map(str.isalpha, text))
        return ("latin" if letters else None), letters
    letters = len(_LETTER.findall(text))
    others = _NON_ASCII_LETTER.findall(text)
    counts: Counter[str] = Counter()
    if letters > len(others):
        counts["latin"] = letters - len(others)  # ASCII letters, counted in C
    for char in others:
        script = script_of(char)
        if script is not None:
            counts[script] += 1
    if not counts:
        return None, letters
    script = counts.most_common(1)[0][0]
    if script == "han" and counts["kana"] >= max(1, counts["han"] // 20):
        script = "kana"
    return script, letters


def sample(parts: Iterable[str], limit: int = SAMPLE_CHARS) -> str:
    """The first ``limit`` characters of the parts joined by newlines (title, paragraphs, ...).

    A part that repeats the one before (a headline that is also the first line) counts once.
    """
    out: list[str] = []
    room = limit
    for part in parts:
        if room <= 0:
            break
        if out and part.strip() == out[-1].strip():
            continue
        piece = part[:room]
        out.append(piece)
        room -= len(piece) + 1
    return "\n".join(out)


@cache
def _identifier() -> Any:
    try:
        import gcld3  # the cld3-py wheel
    except ImportError:  # platform without a wheel: the script alone decides
        return None
    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4 * SAMPLE_CHARS)


def _model_guess(text: str) -> tuple[str, bool] | None:
    identifier = _identifier()
    if identifier is None:
        return None
    result = identifier.FindLanguage(text=text)
    code = str(result.language or "")
    if not code or code == "und":
        return None
    base = code.split("-")[0].lower()
    if "-Latn" in code:  # romanised Russian, Chinese, ...: no tag is better than a wrong one
        return None
    return _ALIASES.get(base, base), bool(result.is_reliable)


def detect_language(parts: Iterable[str]) -> str | None:
    """BCP 47 tag of the language of ``parts`` (title first, then paragraphs), or None.

    Looks at ``SAMPLE_CHARS`` characters only, so the cost does not grow with the article.
    """
    text = sample(parts)
    script, letters = dominant_script(text)
    if script is None:
        return None
    guess = _model_guess(text)
    if script in _SCRIPT_LANGUAGE and script not in _SCRIPT_CHOICES:
        return _SCRIPT_LANGUAGE[script]  # Thai, Greek, kana, Hangul, Han: the script decides
    if guess is not None:
        language, reliable = guess
        if script in _SCRIPT_CHOICES:
            if language in _SCRIPT_CHOICES[script]:
                return language
        elif letters >= MIN_MODEL_LETTERS and reliable and script == "latin":
            return language
    return _SCRIPT_LANGUAGE.get(script)


def text_direction(language: str | None) -> str:
    """``rtl`` for a language written right to left, else ``ltr``."""
    if not language:
        return "ltr"
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def main_language(languages: Iterable[str | None], default: str = "en") -> str:
    """The most common known language, else ``default`` (ties: ``default`` if it is among
    them, since the page's own words are in it, else the first seen)."""
    counts = Counter(language for language in languages if language)
    if not counts:
        return default
    top = max(counts.values())
    if counts.get(default) == top:
        return default
    return next(language for language, count in counts.items() if count == top)
