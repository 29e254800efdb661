"""Text patterns and word lists shared by cleaning, facts, ranking and merging.

The pipeline's knowledge of English news text, in one place:

- **Words**: the stop words (sumy's English list, loaded once), the Snowball stemmer
  (one instance, stems cached) and the word tokenisers.
- **Page furniture**: the expressions that recognise lines and sentences that are
  not article prose (junk, credits and captions, bylines, wire datelines), and the
  news agencies they name.

Each stage applies these to its own unit (cleaning drops whole lines, facts skip
sentences, the ranker never picks a sentence, merging strips the lead of an article),
so a family may hold more than one expression; each says which stage uses it and
how it differs from its neighbours. They are kept as they were measured: changing
one changes that stage's output, so do it with that stage's benchmark.
The facts package keeps its own gazetteer (names, titles, speech verbs) in
``facts/gazetteer.py``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nltk.stem.snowball import EnglishStemmer

# --------------------------------------------------------------------------- words


@cache
def stop_words() -> frozenset[str]:
    """sumy's English stop words (lower case), loaded once for every stage."""
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


_STEMMER = EnglishStemmer()


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of ``word``, lower-cased; one stemmer for every stage."""
    return str(_STEMMER.stem(word))


#: A word in any script, with one inner apostrophe ("don't", "O’Neill"): merging and
#: the digest's story summaries.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
#: A ranking term: ASCII letters and digits with an inner "'" ("don't"), on lower-cased
#: text. The ``news`` ranker's vocabulary (it was tuned with this one; a curly
#: apostrophe splits a word here, unlike ``WORD``).
TERM = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# --------------------------------------------------------------------------- page furniture

#: News and photo agencies named in credit lines ("Reuters/Jane Doe", "(AP Photo/...)").
AGENCIES = (
    r"(?:AP|AFP|Reuters|Getty(?: Images)?|EPA(?:-EFE)?|Shutterstock|Alamy|PA(?: Media| Wire)?|"
    r"Bloomberg|Xinhua|Anadolu(?: Agency)?|NurPhoto|SOPA Images|ZUMA(?: Press)?|"
    r"Associated Press|ASSOCIATED PRESS|Sipa|Corbis|iStock(?:photo)?|Unsplash|Pool|Handout|"
    r"LightRocket|Bloomberg via Getty Images)"
)

#: Ranking: a sentence that opens as page furniture is never summary material
#: (matched on lower-cased text, at the start).
SUMMARY_JUNK_START = re.compile(
    r"\W*(?:by\s*\.|photo:|image:|picture:|pictured:|caption:|credit:|source:|video:|watch:|"
    r"read more|click here|scroll down|follow (?:us|@)|share this|sign up|advertisement|"
    r"related:|see also|updated:|published:|last updated|\d{1,2}:\d{2}\b)"
)
#: Ranking: furniture anywhere in a sentence (lower-cased text).
SUMMARY_JUNK_ANYWHERE = re.compile(
    r"(?:published|updated):\s*\.?\s*\d|getty images|image copyright|image caption|"
    r"media playback|all rights reserved|copyright \d{4}|\(ap photo|daily mail reporter|"
    r"click here|scroll down for|for latest updates"
)
#: Substrings one of which every match of ``SUMMARY_JUNK_ANYWHERE`` contains (a prefilter).
SUMMARY_JUNK_HINTS = (
    "published",
    "updated",
    "getty",
    "image c",
    "media playback",
    "rights reserved",
    "copyright",
    "(ap photo",
    "mail reporter",
    "click here",
    "scroll down",
    "latest updates",
)

#: Facts: a sentence that opens as a caption, credit or call to action yields no entities
#: (case-insensitive, at the start; wider than the ranker's list: "getty", "reuters/").
CAPTION_START = re.compile(
    r"^(?:source|photo|image|picture|credit|caption|file photo|pictured|video|watch|read more|"
    r"related|copyright|getty|reuters/|ap photo|media playback|share this|follow us|click here|"
    r"scroll down|sign up|advertisement)\b",
    re.IGNORECASE,
)
#: Facts: a sentence that ends in a photo credit ("... (AP Photo/Jane Doe)", "Photo: ...").
PHOTO_CREDIT = re.compile(r"\((?:AP|AFP|Reuters|Getty)[^)]{0,60}\)\s*$|\bPhoto(?:graph)?:\s", re.I)
