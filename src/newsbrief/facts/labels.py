"""What an amount or a percentage is of: a short noun phrase, or nothing.

"15% of firms had failed" -> "firms"; "$64m for new firefighters and could ..." ->
"new firefighters"; "£1m for the sale of Osman Sow" -> "the sale of Osman Sow".

A label is read without a parser, so it is only trusted when it is a whole noun phrase.
It is **not well-formed** when the words after it restrict it in a way the label drops —
a relative clause ("27 per cent of voters who are ..."), a clause without "that" ("80% of
the things we found"), a participle or a comparison ("of people living below this level",
"aged over 65"): the bare head would change or even reverse the meaning, so the figure is
listed with its label but kept out of the box (``LabelRead.well_formed``). A time phrase
is when, not what ("3.8% in the last quarter"): no label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import STOPWORDS, words
from .numbers import MONTHS, WEEKDAYS, is_plural, number

#: Words that end a label: conjunctions, auxiliaries, comparisons, subordinators.
_STOPS = words(
    "and or but nor could would will should can may might must is was are were has have had "
    "be been being do does did to than as if when while because after before since until "
    "says said say told including"
)
#: A relative clause or a pronoun right after the noun phrase restricts it ("voters who are
#: ...", "the things we found"): the label without it would say something else.
_RESTRICTIVE = words(
    "who whom whose which that where what we they he she it i you us them him "
    "aged living born below above under over beneath within without except excluding "
    "earning owning using having making getting taking receiving"
)
#: Prepositions and determiners cannot end a noun phrase ("the sale of").
_OPEN_ENDED = words(
    "of the a an in on at for with by from to into their its his her our my your this that "
    "these those"
)
_DETERMINERS = words("the a an its their his her our my your this that these those of")
#: Heads that say when, not what: "in the last quarter", "in the eight weeks to".
_TIME_HEADS = words(
    "quarter quarters year years month months week weeks day days period periods season "
    "seasons decade decades half halves morning evening night afternoon spring summer autumn "
    "winter"
)
#: Idioms, not what an amount is for: "in total", "in turn", "in all".
_IDIOMS = words("total turn all full part particular addition general")
# Adjective endings, on words of six letters or more ("goal" is no adjective).
ADJECTIVE_END = re.compile(r"\w{3,}(?:al|ic|ive|ous|ful|less|able|ible|ary|ish)$")
_WORD = re.compile(r"[\w'’.-]+[,;:!?)]?|\S")
_INTRO = re.compile(r"\s(?P<prep>of|for|in|on)\s")
_MAX_WORDS = 3


@dataclass(frozen=True)
class LabelRead:
    """The label read after a figure and whether it is a whole noun phrase."""

    label: str | None
    well_formed: bool = True


def label_after(text: str, end: int, limit: int, *, preps: tuple[str, ...]) -> LabelRead:
    """The noun phrase after ``text[:end]`` introduced by one of ``preps`` ("of", "for", ...),
    read up to ``limit`` (the sentence end)."""
    after = text[end : min(limit, end + 100)]
    intro = _INTRO.match(after)
    if intro is None or intro.group("prep") not in preps:
        return LabelRead(None)
    tokens = _WORD.findall(after[intro.end() :])
    if not tokens or not _opens_label(_bare(tokens[0]), intro.group("prep")):
        return LabelRead(None)
    picked: list[str] = []
    k, ended, headed = 0, False, False  # ended: punctuation or a stop word; headed: plural
    while k < len(tokens) and len(picked) < _MAX_WORDS:
        token = tokens[k]
        word = _bare(token)
        if not word[:1].isalnum() or word.casefold() in _STOPS:
            ended = True
            if word in ("and", "or") and picked and _awaits_head(picked[-1]):
                return _coordinated(picked, tokens[k:])  # "medium and large companies"
            break
        if _restricts(word) and not _participle_after_those(picked, word):
            return LabelRead(" ".join(picked) or None, well_formed=not picked)
        if (
            _has_content(picked)
            and word.endswith("ed")
            and not _participle_after_those(picked, word)
        ):
            ended = True  # "the viewing public tuned in": the verb
            break
        picked.append(word)
        k += 1
        ended = word != token or _participle_after_those(picked[:-1], word)
        headed = _plural_head(word)
        if ended or headed:
            break
    if not picked:
        return LabelRead(None)
    if not ended and k < len(tokens):
        follow = _bare(tokens[k])
        if _restricts(follow) or (headed and _participle(follow)):  # "voters who are"
            return LabelRead(" ".join(picked), well_formed=False)
        if not headed and _modifier(picked[-1]) and _may_be_noun(follow):
            picked.append(follow)  # "a separate US lawsuit": the head is the word after
    closed = _close_open_end(picked, tokens[k:])
    if closed is None or closed[-1].casefold() in _TIME_HEADS:
        return LabelRead(None)  # "in the last quarter": when, not what
    return LabelRead(" ".join(closed))


def _participle(word: str) -> bool:
    """ "people living below this level": a participle after a plural noun restricts it (a
    singular noun makes a compound with it: "government spending")."""
    return word[:1].islower() and len(word) >= 5 and word.endswith("ing")


def _has_content(picked: list[str]) -> bool:
    return any(word.casefold() not in _DETERMINERS for word in picked)


def _awaits_head(word: str) -> bool:
    """ "medium" in "of medium and large companies": a lower-case word that is no plural."""
    return word[:1].islower() and not _plural_head(word)


def _coordinated(picked: list[str], rest: list[str]) -> LabelRead:
    """ "of medium and large companies": the modifiers share the head after the "and"; the
    phrase is well-formed only when that plural head comes within three words."""
    if len(rest) > 1 and rest[1][:1].isdigit():
        return LabelRead(None)  # "68% of primary and 69% of secondary schools"
    taken = [*picked, rest[0]]
    for token in rest[1:4]:
        word = _bare(token)
        if not word[:1].isalnum() or word.casefold() in _STOPS:
            break
        taken.append(word)
        if _plural_head(word):
            return LabelRead(" ".join(taken))
        if word != token:
            break
    return LabelRead(" ".join(picked), well_formed=False)


def _opens_label(word: str, prep: str) -> bool:
    """ "of Changyu" is what a share is of, but "in December", "in Amsterdam", "in 2011" are
    when and where; "in total", "in turn" are idioms."""
    low = word.casefold()
    if not word[:1].isalpha() or low in _IDIOMS or low in MONTHS or low in WEEKDAYS:
        return False
    if number(word) is not None:
        return False  # "70% of five to 15-year-olds": the phrase is a number the rules cut
    return word[:1].islower() or prep in ("of", "for")


def _restricts(word: str) -> bool:
    return word[:1].islower() and word in _RESTRICTIVE


def _plural_head(word: str) -> bool:
    """ "net users", "new firefighters": a plural noun completes the phrase."""
    return word[:1].islower() and is_plural(word) and word not in STOPWORDS  # not "its"


def _may_be_noun(word: str) -> bool:
    return word[:1].islower() and word not in _OPEN_ENDED and not word.endswith("ed")


def _modifier(word: str) -> bool:
    """A word that describes a noun still to come: "separate", "US", "28-year-old"."""
    return bool(ADJECTIVE_END.search(word)) or word[:1].isupper() or "-" in word


def _bare(token: str) -> str:
    """A word without the punctuation after it; "U.S." keeps its dots."""
    word = token.rstrip(",;:!?)")
    if word.endswith(".") and "." not in word[:-1]:
        word = word[:-1]
    return word


def _participle_after_those(picked: list[str], word: str) -> bool:
    """ "of those questioned": "those" and a participle are one noun phrase."""
    return len(picked) == 1 and picked[0].casefold() == "those" and word.endswith("ed")


def _close_open_end(picked: list[str], rest: list[str]) -> list[str] | None:
    """A phrase ending in "of" or "the" takes the name after it ("the sale of Osman Sow");
    with none, the open words are dropped ("the sale")."""
    if picked[-1].casefold() not in _OPEN_ENDED:
        return picked
    name = []
    for token in rest[:3]:
        word = _bare(token)
        if not word[:1].isupper():
            break
        name.append(word)
        if word != token:
            break
    if name:
        return [*picked, *name]
    while picked and picked[-1].casefold() in _OPEN_ENDED:
        picked.pop()
    return picked or None
