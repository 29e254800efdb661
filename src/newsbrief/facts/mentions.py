"""Name mentions -> cleaned mentions grouped by the entity they name.

Cleaning drops pronouns, junk and lower-case words, strips honorifics, titles and
leading articles and expands abbreviations the text defines ("The Associated
Press (AP)"). Grouping keys a mention by its normalised form or well-known alias
(US / United States); a surname alone ("Kadhimi") joins the full person name it
belongs to, whatever label the model gave it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .gazetteer import (
    ALIASES,
    CLUB_HEADS,
    DEMONYMS,
    EVENT_HEADS,
    GEO_HEADS,
    GIVEN_NAMES,
    HONORIFICS,
    KNOWN_ORGS,
    ORG_HEADS,
    ORG_PREFIXES,
    ORG_SUFFIXES,
    PLACES,
    SPEECH_AFTER,
    STOPWORDS,
    TITLE_WORDS,
    words,
)
from .ner import Kind, Mention

_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{0,1}[A-Z]{1,5}s?)\)")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_EDGE_JUNK = re.compile(r"^[\s\W_]+|[\s(\[{\-–—,;:'\"’”‘“]+$")
_NAME_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|da|di|du|van|von|der|le|la)-", re.I)
_PRONOUNS = words("he she they it him her them his hers its their")
#: Function words and time adverbs that never end a name ("May" may: "Theresa May").
_NEVER_LAST = words(
    "and or but nor of the a an in on at to for with from by as yesterday today mr mrs ms dr sir"
)
#: Nouns that head a name: organisations, places, events ("Council", "Road", "Festival").
_HEAD_NOUNS = ORG_SUFFIXES | ORG_HEADS | GEO_HEADS | EVENT_HEADS
#: Words after which a given name continues the name: "St James", "Van Morrison".
_CONNECTED = words("st st. saint san santa van von de la le du of and")
#: Party labels written before a politician's name ("Lib Dem Norman Baker").
_PARTIES = frozenset(
    {"Lib Dem", "Tory", "Labour", "Conservative", "Democrat", "Republican", "Green", "SNP"}
)


@dataclass
class Group:
    """Mentions merged into one entity while building."""

    kind_votes: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    starts: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    appositives: list[str] = field(default_factory=list)
    extra_aliases: set[str] = field(default_factory=set)
    #: The kind the text's evidence gives, over the model's votes (see kinds.py).
    kind_fix: Kind | None = None
    #: A work noun stands right before a mention ("the film Harbour Lights").
    work_cue: bool = False


def abbreviations(text: str) -> dict[str, str]:
    """ABBR -> long form for every "Long Form (ABBR)" whose initials match."""
    found: dict[str, str] = {}
    for match in _ABBREVIATION.finditer(text):
        abbr = match.group(1)
        letters = abbr.rstrip("s").upper() if len(abbr) > 2 else abbr.upper()
        before = text[max(0, match.start() - 120) : match.start()].split()
        long_form = _initials_match(before, letters)
        if long_form and abbr not in found:
            found[abbr] = long_form
    return found


def _initials_match(words: list[str], letters: str) -> str | None:
    """The shortest tail of ``words`` whose capitalised initials spell ``letters``."""
    for size in range(1, min(len(words), 10) + 1):
        tail = words[-size:]
        caps = [w for w in tail if w[:1].isupper()]
        if not caps or not tail[0][:1].isupper():
            continue
        initials = "".join(w[0] for w in caps).upper()
        if initials == letters:
            return " ".join(tail).strip(",;:")
    return None


def clean_mention(mention: Mention, abbreviations: dict[str, str]) -> Mention | None:
    """Normalise one mention's text; ``None`` for pronouns, junk and lower-case words."""
    text = " ".join(mention.text.split())
    text = _EDGE_JUNK.sub("", text)
    text = _LEADING_ARTICLE.sub("", text)
    if text.endswith(("'s", "’s", "s'", "s’")):
        text = text[:-2] if text.endswith(("'s", "’s")) else text[:-1]
    words = text.split()
    while words and words[0].casefold().rstrip(".") in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1].casefold().rstrip(".") in _NEVER_LAST:
        words.pop()  # never last: "Brown Dam and", "John Yesterday", "Court of Appeal Mr"
    last = words[-1] if len(words) > 1 else ""
    if len(last) >= 3 and last.isalpha() and last.isupper() and words[-2].istitle():
        words.pop()  # a caption label after a name: "Porto AGE: 27"
    if mention.kind in ("person", "unknown"):
        while len(words) > 1 and (words[0].casefold() in TITLE_WORDS or words[0] in DEMONYMS):
            words.pop(0)
    text = " ".join(words)
    short = None
    if text in abbreviations:
        short, text = text, _LEADING_ARTICLE.sub("", abbreviations[text])
    if not _acceptable(text):
        return None
    return Mention(text, mention.kind, mention.start, mention.end, short)


_TITLE_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def person_cue(mention: Mention, text: str) -> Mention:
    """Relabel a mislabelled name as a person when a title precedes it or it speaks.

    "Chancellor Olaf Scholz" / "Olaf Scholz said" are people even if the model
    said ORG; known organisations and places and names with an org suffix stay.
    """
    if mention.kind == "person" or (mention.kind == "place" and mention.text in PLACES):
        return mention
    words = mention.text.split()
    if mention.text in KNOWN_ORGS or mention.text in PLACES or words[-1].casefold() in ORG_SUFFIXES:
        return mention
    before = _TITLE_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    titled = before is not None and before.group(1).casefold() in TITLE_WORDS
    speaks = 2 <= len(words) <= 3 and SPEECH_AFTER.match(text, mention.end) is not None
    if titled or speaks or _given_name_first(words):
        return Mention(mention.text, "person", mention.start, mention.end, mention.short)
    return mention


def _given_name_first(words: list[str]) -> bool:
    """ "Sophie Laurent": a known given name, then a surname that heads no org or place."""
    last = words[-1].casefold()
    return (
        2 <= len(words) <= 3
        and words[0].casefold() in GIVEN_NAMES
        and last not in ORG_HEADS
        and last not in GEO_HEADS
    )


def _acceptable(text: str) -> bool:
    if len(text) < 2 or not text[0].isupper():
        return False
    key = text.casefold()
    if key in STOPWORDS or key in _PRONOUNS:
        return False
    words = text.split()
    if all(w.casefold().rstrip(".") in TITLE_WORDS or w in DEMONYMS for w in words):
        return False  # a bare title ("Prime Minister", "PM") is a role, not an entity
    if any(ch in ",;()[]{}|\n" for ch in text):
        return False
    if any(ch.isdigit() for ch in text) or len(words) > 7:
        return False
    return not text.isupper() or len(text) <= 6


def name_key(text: str) -> str:
    key = text.casefold().replace("’", "'")
    alias = ALIASES.get(key)
    if alias and (len(text) > 3 or text.isupper() or "." in text):
        return alias.casefold()
    return key.rstrip(".")


def surname_keys(name: str) -> list[str]:
    last = name.split()[-1].casefold()
    keys = [last]
    bare = _NAME_PARTICLE.sub("", last)
    if bare != last:
        keys.append(bare)
    return keys


def group_mentions(mentions: list[Mention]) -> dict[str, Group]:
    """Group mentions by key; surnames join the full person name they belong to."""
    person_full: dict[str, str] = {}
    first_names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.kind == "person" and len(m.text.split()) >= 2:
            for sk in surname_keys(m.text):
                person_full.setdefault(sk, name_key(m.text))
            first_names[m.text.split()[0].casefold()].add(name_key(m.text))
    groups: dict[str, Group] = defaultdict(Group)
    for m in mentions:
        key = name_key(m.text)
        if len(m.text.split()) == 1:
            key = person_key(m, person_full, first_names) or key
        group = groups[key]
        vote = "person" if key in person_full.values() else m.kind
        group.kind_votes[vote] += 1
        group.forms[m.text] += 1
        if m.short:
            group.extra_aliases.add(m.short)
        group.starts.append(m.start)
    return dict(groups)


def person_key(
    mention: Mention, person_full: dict[str, str], first_names: dict[str, set[str]]
) -> str | None:
    """The full name a one-word mention stands for: a surname whatever its label
    ("Kadhimi" tagged GPE), a first name only when tagged person and unambiguous."""
    for sk in surname_keys(mention.text):
        if sk in person_full:
            return person_full[sk]
    owners = first_names.get(mention.text.casefold(), set())
    # a first name the model took for a place ("Kathina" of "Kathina Thomas") is hers,
    # unless it is a place's name too ("Jordan", "Georgia")
    personal = mention.kind in ("person", "unknown") or (
        mention.kind == "place" and mention.text not in PLACES
    )
    if personal and len(owners) == 1:
        return next(iter(owners))
    return None


# --------------------------------------------------------------------------- glued names


def split_glued(mentions: list[Mention], lower_vocab: frozenset[str]) -> list[Mention]:
    """Split name runs that glue two names (or a common word and a name) together.

    Captions run into the next sentence without a stop ("dressed as Harry Potter
    Charlotte said", "against Malaga Benzema rolls"), lists lose their comma, and a
    job title opens a sentence ("Triathlete Charlotte Roach"). The text itself shows
    the seam: the tail is a name it uses on its own elsewhere (another person's full
    name, first name or surname), the head a name of its own or a common word.
    """
    persons = [m.text for m in mentions if m.kind == "person" and len(m.text.split()) >= 2]
    full = set(persons)
    # A name the text uses again, or that ends another person's name, is one name.
    seen = Counter(persons)
    repeated = {p for p, n in seen.items() if n > 1}
    tails = {" ".join(p.split()[k:]) for p in full for k in range(1, len(p.split()))}
    repeated |= full & tails
    name_parts: dict[str, set[str]] = defaultdict(set)  # first name or surname -> full names
    for name in full:
        parts = name.split()
        name_parts[parts[0]].add(name)
        name_parts[parts[-1]].add(name)
    singles = {m.text for m in mentions if len(m.text.split()) == 1}
    out: list[Mention] = []
    for mention in mentions:
        words = mention.text.split()
        if len(words) < 2 or mention.text in repeated:
            out.append(mention)
            continue
        out.extend(_split_one(mention, words, full, singles, name_parts, lower_vocab))
    return out


def _split_one(
    mention: Mention,
    words: list[str],
    full: set[str],
    singles: set[str],
    name_parts: dict[str, set[str]],
    lower_vocab: frozenset[str],
) -> list[Mention]:
    text = mention.text
    last = words[-1].casefold()
    if (
        last in lower_vocab
        and last not in STOPWORDS
        and last not in _HEAD_NOUNS
        and words[-2][:1].isupper()
    ):
        # "Atletico Losing": a common word capitalised by a sentence start. A head noun
        # is a common word by nature and ends the name ("Marston City Council", "Lower
        # Bristol Road"), even when the text also writes it lower-case ("the council").
        words = words[:-1]
    personal = mention.kind in ("person", "unknown")
    if (
        personal
        and len(words) >= 3
        and words[0].casefold() in lower_vocab
        and words[1][:1].isupper()
    ):
        words = words[1:]  # "Triathlete Charlotte Roach" -> the name without the job noun
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        tail_known = right in full and right != text
        tail_part = cut == len(words) - 1 and bool(name_parts.get(right, set()) - {text})
        head_known = left in singles or left in full or left in PLACES or left in KNOWN_ORGS
        party = (left in KNOWN_ORGS or left in _PARTIES) and len(words) - cut >= 2
        party = party and words[-1].casefold() not in _HEAD_NOUNS  # "Republican National Committee"
        # "Isco Gareth Bale": a one-word name the text uses alone, then a full name
        person_run = mention.kind in ("person", "unknown") and right not in PLACES
        listed = person_run and cut == 1 and left in singles and len(words) - cut >= 2
        glued = person_run and tail_part and (head_known or cut >= 2)
        if tail_known or party or listed or glued or _given_name_tail(words, cut):
            head_kind: Kind = "organization" if party else "unknown"
            pieces = [(left, head_kind), (right, "person")]
            return [_piece(mention, piece, kind) for piece, kind in pieces]
    if len(words) < len(text.split()):
        return [_piece(mention, " ".join(words), mention.kind)]
    return [mention]


def _given_name_tail(words: list[str], cut: int) -> bool:
    """ "Wembley Frank Lampard", "Doncaster Ros Jones": a caption's place or club runs
    into a person's name: a known given name and a surname after a capitalised word. Not
    when the tail heads a place or body ("Royal Albert Hall", "St James Park")."""
    tail = words[cut:]
    if len(tail) != 2 or tail[0].casefold() not in GIVEN_NAMES or not tail[1].istitle():
        return False
    last, before = tail[1].casefold(), words[cut - 1].casefold()
    if last in _HEAD_NOUNS or last == "hall" or tail[1] in PLACES:
        return False
    return before not in TITLE_WORDS and before not in HONORIFICS and before not in _CONNECTED


def _piece(mention: Mention, piece: str, kind: Kind) -> Mention:
    offset = max(0, mention.text.find(piece))
    start = mention.start + offset
    return Mention(piece, kind, start, start + len(piece), mention.short)


# --------------------------------------------------------------------------- coordinated names

_COORDINATED_BEFORE = re.compile(r"(?<![\w'’-])((?:[A-Z][\w'’-]{1,30} ){1,2})(?:and|&) $")
_COORDINATED_AFTER = re.compile(r" and [A-Z][\w'’-]{1,30}(?![\w'’-]| [A-Z])")


def extend_coordinated(mentions: list[Mention], text: str) -> list[Mention]:
    """An organisation name that coordinates words ("Avon and Somerset Police",
    "Nursing and Midwifery Council", "Devon and Somerset Fire and Rescue") is one name:
    the model often keeps only its tail, or cuts it at each "and".

    Only names ending in an organisation head noun are extended, and never a club's
    ("Liverpool and Manchester United" are two clubs), so a list of two organisations
    ("Google and Microsoft") stays two names. Mentions inside an extended name go.
    """
    out: list[Mention] = []
    for mention in mentions:
        words = mention.text.split()
        head = words[-1].casefold() if words else ""
        if head in ORG_HEADS and head not in CLUB_HEADS and mention.kind != "place":
            start = _coordinated_start(text, mention.start)
            if start < mention.start:
                mention = Mention(text[start : mention.end], "organization", start, mention.end)
        end = mention.end if head in _HEAD_NOUNS else _coordinated_end(text, mention.end)
        if end > mention.end:  # "Avon" and the text goes on " and Somerset Police"
            mention = Mention(text[mention.start : end], "organization", mention.start, end)
        after = _COORDINATED_AFTER.match(text, mention.end)
        if words and words[0].casefold() in ORG_PREFIXES and len(words) >= 3 and after:
            # the head first, its complement coordinated: "Department for Education and Skills"
            end = after.end()
            mention = Mention(text[mention.start : end], "organization", mention.start, end)
        out.append(mention)
    spans = {(m.start, m.end) for m in out if " and " in m.text or " & " in m.text}
    kept: dict[tuple[int, int], Mention] = {}
    for m in out:
        if not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans):
            kept.setdefault((m.start, m.end), m)
    return list(kept.values())


_COORDINATED_TAIL = re.compile(r"(?: (?:and|&)(?: [A-Z][\w'’-]{1,30}){1,3}){1,2}")


def _coordinated_end(text: str, end: int) -> int:
    """Where a coordinated organisation name goes on after ``end``: " and Somerset Police"
    (up to its first head noun, which must not be a club's)."""
    tail = _COORDINATED_TAIL.match(text, end)
    if tail is None:
        return end
    offset = end
    for word in tail.group(0).split(" ")[1:]:
        offset = text.index(word, offset) + len(word)
        low = word.casefold()
        if low in ORG_HEADS:
            return offset if low not in CLUB_HEADS else end
        if word in KNOWN_ORGS:
            return end
    return end


def _coordinated_start(text: str, start: int) -> int:
    """Where a name coordinated before ``start`` begins: "Devon and Somerset Fire and" ->
    "Devon". A head noun ends another name ("Park View Academy and Saltley School", "Surrey
    Police and Surrey Fire and Rescue"), and a known organisation is one of a list."""
    for _ in range(3):
        before = _COORDINATED_BEFORE.search(text, max(0, start - 70), start)
        if before is None:
            break
        words = before.group(1).split()
        if any(w.casefold() in _HEAD_NOUNS or w in KNOWN_ORGS for w in words):
            break
        start = before.start()
    return start


# --------------------------------------------------------------------------- short forms


def merge_short_forms(groups: dict[str, Group], kinds: dict[str, Kind | None]) -> None:
    """A name that opens exactly one longer organisation name of the text joins it:
    companies and bodies go by their name without the rest ("Forrester" for "Forrester
    Research", "Lenovo" for "Lenovo Group", "Air Ambulance" for "Air Ambulance Service"),
    and a club by its last word once the text shows it is an organisation ("Dortmund" for
    "Borussia Dortmund": see ``kinds.teams``).
    A place joins the one longer place it opens only before "City" ("Ho Chi Minh City"):
    "Ashcombe" and "the Ashcombe Hills" are two places. Names the word lists know
    ("Google" beside "Google News") and names opening two longer ones ("Manchester")
    stay apart. ``groups`` and ``kinds`` (key -> kind) are updated in place.
    """
    longer: dict[str, set[str]] = defaultdict(set)  # lead words -> keys of longer names
    _acronyms_into_long_forms(groups, kinds)
    for key, group in groups.items():
        kind = kinds.get(key)
        if kind not in ("organization", "place"):
            continue
        for form in group.forms:
            words = form.split()
            if kind == "place" and (len(words) < 2 or words[-1] != "City"):
                continue
            for cut in range(1, len(words) if kind == "organization" else 2):
                stop = len(words) - cut
                longer[name_key(" ".join(words[:stop]))].add(key)
            if kind == "organization" and len(words) >= 2:  # a club by its town: "Dortmund"
                longer["#" + name_key(words[-1])].add(key)
    for key in list(groups):
        targets = longer.get(key, set()) - {key}
        # a head noun alone ("City's chances") is the one club or body it ends
        head = key in ORG_HEADS
        if not targets and (kinds.get(key) == "organization" or head):
            targets = longer.get("#" + key, set()) - {key}
        forms = groups[key].forms
        if len(targets) != 1 or any(f in KNOWN_ORGS for f in forms):
            continue
        if kinds.get(key) != "organization" and any(f in PLACES for f in forms):
            continue  # "Ashcombe" the town beside "Ashcombe Council"
        target = next(iter(targets))
        if target not in groups or key not in groups:
            continue  # absorbed into another name earlier in this loop
        if kinds.get(key) not in (kinds.get(target), "person", "unknown", None) and not head:
            continue
        _absorb(groups, key, target, kinds)


def _initials(name: str) -> str:
    """ "Department of Trade and Industry" -> "DTI" (capitalised words only)."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def _acronyms_into_long_forms(groups: dict[str, Group], kinds: dict[str, Kind | None]) -> None:
    """An acronym the text never defines ("DTI", "Apec") joins the one organisation or place
    of the text whose capitalised words it spells ("the Department of Trade and Industry",
    "Asia Pacific Economic Co-operation")."""
    spelled: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        if kinds.get(key) in ("organization", "place"):
            for form in group.forms:
                if len(form.split()) >= 3:
                    spelled[_initials(form)].add(key)
    for key in list(groups):
        forms = groups[key].forms
        acronym = next(iter(forms)) if len(forms) == 1 else ""
        if not (3 <= len(acronym) <= 6 and acronym.isalpha()):
            continue
        if not (acronym.isupper() or acronym.istitle()):  # "DTI", "Apec"
            continue
        targets = spelled.get(acronym.upper(), set()) - {key}
        if len(targets) != 1:
            continue
        _absorb(groups, key, next(iter(targets)), kinds)


def _absorb(groups: dict[str, Group], key: str, target: str, kinds: dict[str, Kind | None]) -> None:
    """Group ``key`` is another name of ``target``: its mentions count as the target's."""
    short, into = groups.pop(key), groups[target]
    into.forms.update(short.forms)
    into.starts.extend(short.starts)
    into.kind_votes[kinds[target] or "unknown"] += len(short.starts)
    into.roles.extend(short.roles)
    into.extra_aliases |= short.extra_aliases
    if short.kind_fix is not None:  # the text's evidence for the short form holds
        into.kind_fix = kinds[target]
    kinds.pop(key, None)
