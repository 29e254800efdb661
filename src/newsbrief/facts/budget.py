"""What the facts list: every slot's items, less the ones a reader would not miss.

The JSON keeps every item with its confidence, with one exception: repetition of
the same voice. A long interview-style story quotes its main speaker a dozen times;
the reader of the key facts wants a few of that person's words, not the article
again. So the facts keep at most ``QUOTES_PER_SPEAKER`` quotations of each speaker
and ``QUOTES_WITHOUT_SPEAKER`` whose speaker is unknown: a speaker's quotes the box
may show first (confidence at the box's threshold), then the first ones in the
facts' order (salience first: the lead's and the summary's quotes), so the key-facts
box shows the quotes it showed before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..types import Facts, Quote
from .box import BOX_THRESHOLDS

#: At most this many quotations of one speaker are kept.
QUOTES_PER_SPEAKER = 3
#: At most this many quotations without a known speaker are kept.
QUOTES_WITHOUT_SPEAKER = 2


def within_budget(facts: Facts) -> Facts:
    """``facts`` without a speaker's quotations beyond the first few (order kept)."""
    return replace(facts, quotes=_quotes(facts.quotes))


def _quotes(quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    def speaker(quote: Quote) -> str | None:
        return quote.speaker.casefold() if quote.speaker else None

    shown = BOX_THRESHOLDS["quotes"]
    preference = sorted(
        range(len(quotes)), key=lambda k: (quotes[k].confidence < shown, k)
    )  # boxable quotes first, then the facts' order
    seen: Counter[str | None] = Counter()
    kept: set[int] = set()
    for k in preference:
        who = speaker(quotes[k])
        if seen[who] < (QUOTES_PER_SPEAKER if who else QUOTES_WITHOUT_SPEAKER):
            kept.add(k)
        seen[who] += 1
    return tuple(quote for k, quote in enumerate(quotes) if k in kept)
