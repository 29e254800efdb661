"""Corpus and wire-copy conventions that are not article prose: PTB tokenisation, datelines.

News corpora often ship text Penn-Treebank tokenised: ``He said `` we 're
fine , '' -LRB- CNN -RRB- -- ...``. Read as prose that text breaks the
sentence splitter (a closing ``''`` after a full stop starts the next
"sentence"), inflates word counts with punctuation tokens and reads badly on
the page. :func:`untokenize` puts it back as written, and only when the text
is tokenised: ordinary prose almost never has a space before its commas and
full stops, tokenised text always has (:func:`is_tokenised`).

NLTK's ``TreebankWordDetokenizer`` is the obvious tool but mishandles the
quote pairs (it drops or mis-spaces an opening ``````), so the few PTB
conventions are undone here, token by token: bracket and quote tokens back to
characters, no space before closing punctuation and clitics (``'s``,
``n't``), none after opening brackets, quotes and currency signs.

A **dateline** (``WASHINGTON (CNN) --``, ``LONDON (Reuters) -``, ``(CNN)``)
opens wire copy; it says where and from whom, not what happened, so
:func:`split_dateline` takes it off the first paragraph for the article's
metadata.
"""

from __future__ import annotations

import re

#: PTB bracket and quote tokens (either case) and what they stand for.
_SYMBOLS = {
    "-lrb-": "(",
    "-rrb-": ")",
    "-lsb-": "[",
    "-rsb-": "]",
    "-lcb-": "{",
    "-rcb-": "}",
    "``": '"',
    "''": '"',
    "`": "'",
}
_OPENING = frozenset(["(", "[", "{", "$", "#", "``", "`"])  # no space after these
_CLOSING = frozenset([",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "''", "'", "...", "…"])
_CLITIC = re.compile(r"^(?:'[sdm]|'re|'ve|'ll|n't)$", re.IGNORECASE)

#: A space before sentence punctuation followed by a space or the end: the mark of a tokeniser.
_SPACED_PUNCT = re.compile(r"\w [,.;:?!](?=\s|$)")
_ANY_PUNCT = re.compile(r"\w ?[,.;:?!](?=\s|$)")
_PTB_TOKEN = re.compile(r"(?:^|\s)(?:``|''|-[LR][RSC]B-|n't)(?=\s|$)", re.IGNORECASE)

#: ``PLACE[, REGION] (AGENCY) --`` or ``PLACE --`` / ``(AGENCY)`` at the very start of a text.
_PLACE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2})?"
_AGENCY = r"\((?:[A-Z][\w&.'’-]*)(?: [A-Z][\w&.'’-]*){0,3}\)"
#: A place in any case is a dateline only before a wire agency's name: ``Paris (AP) -``.
_WIRE_PLACE = r"[A-Z][\w.,'’ -]{0,40}?\s*\((?:AP|Reuters|AFP|CNN|UPI)\)"
#: ``--``, an en or em dash, or a hyphen standing alone (``COVID-19`` is no dateline).
_DASH = r"(?:--|[–—]|(?<!\S)-(?=\s))"
_DATELINE = re.compile(
    rf"^\s*(?:(?P<a>{_PLACE}\s*{_AGENCY}|{_WIRE_PLACE})\s*{_DASH}?|(?P<b>{_PLACE})\s*,?\s*{_DASH}|"
    rf"(?P<c>{_AGENCY})\s*{_DASH}?)\s*"
    r"(?=[\"'“‘(]?[A-Z0-9])"
)


def is_tokenised(text: str) -> bool:
    """Does ``text`` look tokenised (most sentence punctuation spaced off, or PTB tokens)?

    Prose has a stray ``word ,`` now and then; tokenised text has it for
    (nearly) every comma and full stop. At least two such marks are needed.
    """
    if " ," not in text and " ." not in text:
        return False  # the cheap test first: no spaced comma or full stop, not tokenised
    spaced = len(_SPACED_PUNCT.findall(text))
    if spaced < 2:
        return False
    if 2 * spaced >= len(_ANY_PUNCT.findall(text)):
        return True
    return len(_PTB_TOKEN.findall(text)) >= 2 and 4 * spaced >= len(_ANY_PUNCT.findall(text))


def untokenize_line(line: str) -> str:
    """One line of PTB-tokenised text as ordinary prose (see the module docstring)."""
    out: list[str] = []
    glue_next = False
    for token in line.split():
        key = token.lower()
        text = _SYMBOLS.get(key, token)
        # the two quote tokens both become '"': which way they face is read from the token
        facing = key if key in ("``", "''", "`") else text
        if text == "." and out and out[-1].endswith("."):
            continue  # "p.m. ." : the tokeniser's extra full stop after an abbreviation
        attach = bool(out) and (facing in _CLOSING or _CLITIC.match(token) is not None)
        if out and not glue_next and not attach:
            out.append(" ")
        out.append(text)
        glue_next = facing in _OPENING
    return "".join(out)


def untokenize(text: str) -> str:
    """``text`` with PTB tokenisation undone line by line, when it is tokenised; else unchanged."""
    if not is_tokenised(text):
        return text
    return "\n".join(untokenize_line(line) if line.strip() else line for line in text.split("\n"))


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """``(dateline, rest)`` when ``paragraph`` opens with a dateline, else ``(None, paragraph)``.

    ``WASHINGTON (CNN) -- The president ...`` gives ``("WASHINGTON (CNN)",
    "The president ...")``. The rest must start like a sentence (capital letter,
    digit or opening quote), so a headline-style ``NASA -- a history`` is left alone.
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return None, paragraph
    dateline = next(g for g in match.group("a", "b", "c") if g)
    rest = paragraph[match.end() :]
    if len(rest.split()) < 3:  # a short line is not a sentence after a dateline
        return None, paragraph
    return " ".join(dateline.split()), rest
