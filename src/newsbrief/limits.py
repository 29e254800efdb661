"""Caps that bound time and memory on hostile input, all in one place.

They are documented in the README ("Security and limits"); change them there too.
"""

from __future__ import annotations

#: Largest input file or fetched body we read, in bytes (before decoding).
MAX_INPUT_BYTES = 5 * 1024 * 1024
#: Largest decompressed HTTP body, in bytes.
MAX_DOWNLOAD_BYTES = 5 * 1024 * 1024
#: Characters of cleaned article text kept (the rest is cut at a paragraph end).
MAX_TEXT_CHARS = 300_000
#: HTML pages with more tags than this skip trafilatura's tree walk for a plain text fallback.
MAX_HTML_TAGS = 30_000
#: Sentences of one article handed to a ranker.
MAX_SENTENCES = 3_000
#: Characters of one sentence; longer runs (unpunctuated text) are cut into pieces.
MAX_SENTENCE_CHARS = 1_000
#: Characters of a title or headline shown anywhere.
MAX_TITLE_CHARS = 200
#: Articles read by one ``brief`` run.
MAX_ARTICLES = 2_000
#: Total seconds for one HTTP fetch, including a slow drip of bytes.
FETCH_DEADLINE_SECONDS = 20.0
#: Redirect hops followed for one fetch.
MAX_REDIRECTS = 5
#: Seconds one digest rule, watch or section pattern may spend on one text (then: no match).
PATTERN_SECONDS = 0.25
#: Characters of one text a digest pattern is run on (the start of the article).
MAX_PATTERN_TEXT_CHARS = 100_000
#: Characters of one digest pattern as written in the config.
MAX_PATTERN_CHARS = 1_000
