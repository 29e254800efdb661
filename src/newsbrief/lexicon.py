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
``facts/gazetteer.py``, and the wire-copy conventions of corpus text (PTB tokens,
"( CNN ) --" datelines) are read in ``wire.py``.
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


# --------------------------------------------------------------------------- cleaning: lines

# The clean stage drops whole lines of page furniture (``clean/lines.py``): a line of
# script or markup, a boilerplate prompt, a timestamp, a social-button label, a photo
# credit, a byline (its name becomes the author).

#: A line that is only a timestamp: "2 hours ago", "Updated: 5 mins ago", "3 min read".
RELATIVE_TIME = re.compile(
    r"^(?:(?:updated|posted|published)\s*:?\s*)?(?:\d+|an?|one|a few)\s+"
    r"(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago\.?$|"
    r"^(?:just now|yesterday|today)$|^\d+\s*(?:min(?:ute)?s?)\s+read$|^reading time\b",
    re.I,
)
#: A line of script, style or markup (a fragment the HTML extractor let through).
CODE_LINE = re.compile(
    r"<!--|-->|^!--|^<!|\bfunction\s*\(|=>|\b(?:window|document)\.[a-zA-Z_]|\bdataLayer\b|\bgtag\(|"
    r"\bgoogletag\b|^\s*(?:var|let|const)\s+\w+\s*=|!important|@media\b|^\s*[{}]|"
    r"[{}]\s*[;,]?\s*$|^\s*</?[a-zA-Z][^>]*>\s*$|^\s*[\w.$]+\([^)]*\);\s*$"
)
#: A line that opens as a prompt or label: "Advertisement", "Read more", "Share this",
#: "Reporting by ...", "Image caption" (case-insensitive).
BOILERPLATE_START = re.compile(
    r"^(?:advertisement|advertising|ad|sponsored(?: content)?|story continues|continue reading|"
    r"read (?:more|also|next|the full)|also read|more on this|more from|related(?: articles|"
    r" stories| content| topics| coverage| links| news)?\s*:?|recommended|trending|most (?:read|"
    r"popular|viewed)|you may (?:also )?like|see also|watch(?: now| live| video)?\s*:|listen to|"
    r"skip to|skip navigation|jump to|back to top|share (?:this|on|via|article|story|page)|"
    r"click (?:here|to)|sign (?:up|in)|log ?in|subscribe|newsletter|follow (?:us|@)|like us on|"
    r"download (?:our|the) app|open in app|all rights reserved|copyright|©|terms of (?:use|"
    r"service)|privacy policy|topics\s*:|tags\s*:|filed under|posted in|categories\s*:|"
    r"(?:additional )?reporting by|edit(?:ing|ed) by|writing by|compiled by|"
    r"this (?:article|story|content) (?:was|is|has been) (?:originally )?(?:published|produced|"
    r"written|updated|amended)|media playback is|image caption|image source|image copyright|"
    r"please enable javascript|your browser does not support|loading|see more|don'?t miss|"
    r"more stories|more:|read the original)(?:\W|$)",
    re.I,
)
#: Page furniture that ends without punctuation, glued to the next sentence where a corpus
#: lost the line break ("Scroll down for video A judge has ruled ..."): cut out of prose.
GLUED_FURNITURE = re.compile(
    r"(?i:\bscroll down for (?:video|more)|\bmedia playback is (?:not supported|unsupported) on "
    r"(?:this|your) device|\bthese are external links and will open in a new window)"
    r"\s+(?=[\"'“‘(]?[A-Z0-9])"
)
GLUED_FURNITURE_HINTS = ("croll down", "edia playback", "xternal links")
#: Cookie, newsletter and JavaScript prompts, social follow lines, "[Video]" labels, anywhere
#: in a short line.
BOILERPLATE_ANYWHERE = re.compile(
    r"cookies? (?:policy|settings|preferences|consent|notice)|(?:use|uses|accept|allow) (?:all )?"
    r"cookies|(?:our|free|daily|weekly|e-?mail) newsletters?|subscribe (?:now|today|here|to (?:our|"
    r"the|my))|(?:enable|turn on|activate|allow) javascript|javascript (?:is |must be )?"
    r"(?:disabled|required|not enabled|turned off)|(?:site|page|app|website|content|video|"
    r"player|feature|form) (?:requires|needs) javascript|(?:update|upgrade) your browser|"
    r"your browser (?:is not|isn'?t|is no longer) supported|unsupported browser|"
    r"all rights reserved|"
    r"media playback|getty images|follow (?:us|him|her|them|me) on\b|"
    r"\[(?:video|watch|insight|reaction|pictures|photos|gallery|latest|live|analysis|poll|"
    r"revealed|related|read more)\b",
    re.I,
)
# Substrings one of which every match of the patterns above contains (cheap prefilters).
CODE_LINE_STARTS = ("<", "!--", "var ", "let ", "const ", "{", "}", "[")
CODE_LINE_HINTS = (
    "<!",
    "-->",
    "function",
    "=>",
    "window.",
    "document.",
    "datalayer",
    "dataLayer",
    "gtag(",
    "googletag",
    "!important",
    "@media",
    "{",
    "}",
    ");",
    "<",
    ">",
)
BOILERPLATE_HINTS = (
    "cookie",
    "newsletter",
    "subscribe",
    "javascript",
    "browser",
    "rights reserved",
    "media playback",
    "getty",
    "follow ",
    "[",
)
CREDIT_LINE_HINTS = (
    "/",
    ":",
    "|",
    "(",
    "via ",
    "by",
    "photo",
    "image",
    "picture",
    "pic",
    "credit",
    "caption",
    "source",
    "illustration",
    "video",
    "graphic",
)
#: A line that is only a button label (compared with punctuation removed, lower case).
SOCIAL_LABELS = frozenset(
    (
        "share",
        "email",
        "print",
        "tweet",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "pinterest",
        "messenger",
        "reddit",
        "comments",
        "comment",
        "menu",
        "home",
        "search",
        "close",
        "loading",
        "copied",
    )
)

#: A photo or source credit line: "Photo: ...", "Reuters/Jane Doe", "(AP Photo/...)",
#: "JANE DOE/AFP".
CREDIT_LINE = re.compile(
    r"^\(?(?i:source|photo(?:graph)?s?|image|picture|pic|credits?|caption|illustration|video|"
    r"graphic|file photo|photo credit|pictured)\s*(?::|\||/|(?i:by)\b)|"
    rf"\b{AGENCIES}\s*/|/\s*{AGENCIES}\b|\bvia {AGENCIES}|\({AGENCIES}[^)]{{0,40}}\)\s*$|"
    rf"\b{AGENCIES} (?:photo|images?)\b|^[A-Z][A-Z .'-]+/[A-Z][A-Z .'&-]+$",
)
#: A byline line, "By Jane Doe" (group 1: the name(s)); ``BYLINE_LINE_TAIL`` is what may follow
#: it (", Reuters", "| Staff").
BYLINE_LINE = re.compile(
    r"^(?i:by|written by|words by|story by)\s+"
    r"([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|and|&|de|van|von|al|bin))*)",
)
BYLINE_LINE_TAIL = re.compile(r"^(?:[,|–—-]\s*[\w .'’&-]{0,60})?$")

# --------------------------------------------------------------------------- merging: the lead

#: Merging: a byline at the start of an article's text ("By Jane Doe and John Roe, "),
#: stripped before two leads are compared (case-sensitive names, up to four of them).
LEAD_BYLINE = re.compile(
    r"^\s*(?:by|from)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}){0,3}\s*[,|:\n–—-]?\s*",
)

# --------------------------------------------------------------------------- ranking and facts

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
