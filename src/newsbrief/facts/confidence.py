"""How sure we are of each fact: evidence points mapped to a confidence in 0..1.

Every rule names the linguistic evidence it counts; nothing is keyed to one
data set's formatting. The key-facts box shows items at or above
``box.BOX_CONFIDENCE``; the JSON keeps all items with their confidence.

* **Entities**: a name is more likely right (and of the right kind) when the text
  mentions it again, when a word list knows it (a country, a known organisation,
  an organisation suffix), when its own context shows its kind (a title, an
  appositive role or a speech verb for a person; "in X" or a geographic head for
  a place; a company or club head for an organisation), when the engine labelled
  every mention the same way, and when the lead or the headline names it. A
  one-word name seen once with no such evidence, or a long run of capitalised
  words (often two names glued across a caption), is doubtful.
* **Dates**: a full date or a month and year is explicit; a year after a
  preposition is good; a bare year or a weekday without "on/last/next" is weaker;
  a relative date resolved against the article's date is as good as that date.
* **Figures**: money and percentages carry their unit; a count needs its noun; an
  age is clear; a count whose noun is a time unit ("three years") is a duration; a
  label that is not a whole noun phrase (``labels.py``) keeps a figure out of the box.
* **Quotes**: a speaker named next to the quote with a speech verb is sure; one
  resolved from a pronoun or carried over from the previous quote less so; a
  quote with no speaker is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass


def _squash(points: float) -> float:
    """Evidence points -> 0.05 .. 0.99 (0 points = 0.3, each point 0.1)."""
    return round(min(0.99, max(0.05, 0.3 + 0.1 * points)), 2)


@dataclass(frozen=True)
class EntityEvidence:
    """What the text says about one merged name."""

    kind: str
    words: int
    mentions: int
    known: bool  # a word list knows it for this kind (country, known org, org suffix)
    kind_cue: bool  # its own context shows its kind (title, role, "in X", org/geo head)
    vote_share: float  # share of the engine's labels that agree with the kind
    early: bool  # named in the headline or the first two sentences
    glued: bool  # looks like two names run together


def entity_confidence(ev: EntityEvidence) -> float:
    points = 0.0
    if ev.mentions >= 2:
        points += 3.0
    if ev.mentions >= 4:
        points += 1.0
    if ev.known:  # a country's name may stand for its team or government: weaker for places
        points += 2.0 if ev.kind == "place" else 3.0
    if ev.kind_cue:  # the name's own context shows its kind
        points += 3.0
    elif not ev.known and ev.kind in ("organization", "place"):
        points -= 1.0  # repeated but of no shown kind: mentions say it is real, not what it is
    if ev.words >= 2 and ev.kind == "person":
        points += 1.0  # "Dana Reyes": given name and surname
    if ev.early:
        points += 1.0
    if ev.vote_share < 0.75:
        points -= 2.0  # the engine itself hesitated between kinds
    if ev.glued:
        points -= 4.0
    return _squash(points)


DATE_CONFIDENCE: dict[str, float] = {
    "iso": 0.95,
    "mdy": 0.95,
    "dmy": 0.95,
    "my": 0.9,
    "md": 0.85,
    "dm": 0.85,
    "year": 0.8,
    "weekday": 0.8,
    "relative": 0.75,
    "ago": 0.7,
    "month": 0.7,
    "weekday_bare": 0.45,
    "bare_year": 0.45,
}

FIGURE_CONFIDENCE: dict[str, float] = {
    "money": 0.9,
    "percent": 0.9,
    "casualties": 0.85,
    "count": 0.8,
    "measure": 0.8,  # "94 mph", "60km": a number with its unit
    "partitive": 0.6,  # "45 of them", "five of the last six years": listed, not shown
    "partitive_counted": 0.8,  # "eight of their last 13 matches": part and whole counted
    "times": 0.6,  # "ten times better", "a three-time champion"; listed, not shown
    "age": 0.6,  # describes a person rather than the story: listed, not shown
    "score": 0.6,
    "duration": 0.35,  # "three years", "24 hours": how long, rarely a key figure
}

#: A figure whose label is not a whole noun phrase ("27 per cent of voters who ...": the
#: clause that restricts it is cut) or that is a way of speaking ("100 percent
#: professional"): listed in the JSON, not shown.
ILL_FORMED_LABEL = 0.6


def figure_confidence(kind: str, counts: str | None) -> float:
    """A figure's confidence from its kind; an unlabelled count is not worth showing."""
    base = FIGURE_CONFIDENCE.get(kind, 0.5)
    if kind == "count" and not counts:
        base -= 0.3
    return base


QUOTE_CONFIDENCE: dict[str, float] = {
    "named": 0.9,  # “…,” X said / X said: “…” / according to X
    "pronoun": 0.7,  # “…,” he said -> the last person named
    "carried": 0.5,  # an unattributed quote after an attributed one: often someone else
    "descriptor": 0.45,  # "the Italian said": someone named earlier, not resolved
    "nearby": 0.45,  # a speech verb elsewhere in the sentence before it: often someone else
    "none": 0.2,
}
