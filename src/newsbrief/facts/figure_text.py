"""A figure's words where the text goes on with more of the same figure.

* A conversion in brackets belongs to the amount before it and is one figure
  (``figures._conversions``); its words stay in the figure's text, as the reader
  of the article saw them: "6,000 metres (3.7 miles)", "$12.5m (£9.8m)".
* A count coordinated with a single thing of the same event is one figure: "the
  deaths of 11 babies and one mother" (not "11 babies", which drops the mother).

The value, unit and label stay those of the first amount; only the text grows.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Figure
from .spans import TextMap

_CONVERSION = re.compile(r" ?\((?P<words>[$£€¥]?\d[\d,.]*(?:\s?[A-Za-z%°]+\.?){0,2})\)")
_FUNCTION_WORDS = (
    r"who|which|that|from|in|on|at|of|for|with|and|or|to|was|were|is|are|has|had|have"
    r"|after|before|during|since|by"
)
_AND_ONE = re.compile(
    rf" and (?:one|a single)(?: [a-z][\w'’-]*){{1,3}}?(?=[,.;:!?)]| (?:{_FUNCTION_WORDS})\b|$)"
)
_COUNTS = (None, "casualties")


def extend_figures(tmap: TextMap, figures: list[Figure]) -> list[Figure]:
    """``figures`` with a bracketed conversion or a coordinated single count in the text."""
    return [_extended(tmap, figure) for figure in figures]


def _extended(tmap: TextMap, figure: Figure) -> Figure:
    text = tmap.text
    index = figure.sentence_index
    opens = tmap.starts[index] if tmap.starts else 0
    closes = tmap.ends[index] if tmap.ends else len(text)
    at = text.find(figure.text, opens, closes)
    if at == -1:
        return figure
    end = at + len(figure.text)
    more = _CONVERSION.match(text, end, closes)
    if more is None and figure.counts and figure.unit in _COUNTS:
        more = _AND_ONE.match(text, end, closes)
    if more is None:
        return figure
    return replace(figure, text=figure.text + text[end : more.end()])
