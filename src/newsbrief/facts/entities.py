"""Entity mentions -> merged, ranked people, organisations and places with roles.

Merging rules: abbreviations defined in the text ("The Associated Press (AP)")
and well-known aliases (US / United States) map to one name; a surname alone
("Kadhimi") joins the full name it belongs to ("Mustafa al-Kadhimi") whatever
label the model gave it; a title used as a name ("the PM") counts as a mention
of the one person holding it. Only mentions in body sentences count (no
headline repeats, captions or credits). Salience combines mention count,
first position and presence in the headline.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..types import Entity
from .gazetteer import (
    ALIASES,
    DEMONYMS,
    GEO_HEADS,
    GIVEN_NAMES,
    HONORIFICS,
    KNOWN_ORGS,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACES,
    STOPWORDS,
    TITLE_WORDS,
    words,
)
from .kinds import NameGroup, correct_kinds
from .ner import Kind, Mention
from .spans import TextMap

_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{0,1}[A-Z]{1,5}s?)\)")
_WORD = re.compile(r"[\w'’.-]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_EDGE_JUNK = re.compile(r"^[\s\W_]+|[\s(\[{\-–—,;:'\"’”‘“]+$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_NAME_CONNECTORS = frozenset(
    {"of", "the", "and", "de", "la", "le", "du", "da", "van", "von", "der"}
)
_NAME_CONNECTORS |= {"bin", "ibn", "al", "el", "&", "for", "on", "in", "y", "di"}
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|da|di|du|van|von|der|le|la)-", re.I)
_SMALL_WORDS = words("of and the for in on at to de la le van von der bin al")
_PRONOUNS = words("he she they it him her them his hers its their")
_KIND_ORDER: dict[str, int] = {"person": 0, "organization": 1, "place": 2}


@dataclass
class _Group:
    """Mentions merged into one entity while building."""

    kind_votes: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    starts: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    appositives: list[str] = field(default_factory=list)
    extra_aliases: set[str] = field(default_factory=set)
    #: The kind the text's evidence gives, over the model's votes (see kinds.py).
    kind_fix: Kind | None = None


@dataclass(frozen=True)
class EntityIndex:
    """The merged entities plus what quote attribution needs to resolve speakers."""

    people: tuple[Entity, ...]
    organizations: tuple[Entity, ...]
    places: tuple[Entity, ...]
    #: (offset, canonical name) of every person mention, in text order.
    person_offsets: tuple[tuple[int, str], ...]
    #: lower-cased surface form -> canonical name (people and organisations).
    lookup: dict[str, str]
    #: lower-cased title ("prime minister", "pm") -> the one person holding it.
    titles: dict[str, str]

    def resolve(self, phrase: str) -> str | None:
        """Canonical name for a speaker phrase ("Kadhimi", "the PM"), if known."""
        key = _LEADING_ARTICLE.sub("", phrase.strip()).casefold().rstrip(".,")
        key = _POSSESSIVE.sub("", key) if key.endswith(("'s", "’s")) else key
        if key in self.lookup:
            return self.lookup[key]
        if key in self.titles:
            return self.titles[key]
        words = key.split()
        for cut in range(1, len(words)):  # "Iraqi Prime Minister Mustafa al-Kadhimi"
            tail = " ".join(words[cut:])
            if tail in self.lookup:
                return self.lookup[tail]
        return None

    def last_person_before(self, offset: int) -> str | None:
        """The last person named before ``offset`` (for "he said")."""
        best = None
        for start, name in self.person_offsets:
            if start >= offset:
                break
            best = name
        return best


def build_entities(mentions: Sequence[Mention], tmap: TextMap, title: str) -> EntityIndex:
    """Merge ``mentions`` of the article into ranked entities."""
    text = tmap.text
    abbreviations = _abbreviations(text)
    cleaned = [m for m in (_clean(m, abbreviations) for m in mentions) if m is not None]
    cleaned = [_person_cue(m, text) for m in cleaned if tmap.is_body(m.start)]
    groups = _group(cleaned)
    lower_vocab = frozenset(_LOWER_WORD.findall(text))
    groups = {k: g for k, g in groups.items() if _looks_like_a_name(g, lower_vocab)}
    _correct_kinds(groups, text)
    persons = {k for k, g in groups.items() if _kind(g, k) == "person"}
    titles = _attach_titles(groups, persons, text, tmap, abbreviations)
    entities: dict[str, list[Entity]] = defaultdict(list)
    lookup: dict[str, str] = {}
    canon: dict[str, str] = {}
    for key, group in groups.items():
        kind = _kind(group, key)
        if kind is None:
            continue
        if not _well_attested(group, kind, text):
            continue
        entity = _entity(group, kind, key, tmap, title)
        if entity is None:
            continue
        canon[key] = entity.name
        entities[kind].append(entity)
        if kind != "place":
            for form in (entity.name, *entity.aliases):
                lookup.setdefault(form.casefold(), entity.name)
    for ranked in entities.values():
        ranked.sort(key=lambda e: (-e.salience, e.sentence_index))
    person_offsets = sorted(
        (start, canon[key]) for key in persons if key in canon for start in groups[key].starts
    )
    named_titles = {t: canon[k] for t, k in titles.items() if k in canon}
    return EntityIndex(
        people=tuple(entities["person"]),
        organizations=tuple(entities["organization"]),
        places=tuple(entities["place"]),
        person_offsets=tuple(person_offsets),
        lookup=lookup,
        titles=named_titles,
    )


# --------------------------------------------------------------------------- cleaning


def _abbreviations(text: str) -> dict[str, str]:
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


def _clean(mention: Mention, abbreviations: dict[str, str]) -> Mention | None:
    """Normalise one mention's text; ``None`` for pronouns, junk and lower-case words."""
    text = " ".join(mention.text.split())
    text = _EDGE_JUNK.sub("", text)
    text = _LEADING_ARTICLE.sub("", text)
    if text.endswith(("'s", "’s", "s'", "s’")):
        text = text[:-2] if text.endswith(("'s", "’s")) else text[:-1]
    words = text.split()
    while words and words[0].casefold().rstrip(".") in HONORIFICS:
        words.pop(0)
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


_SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|added|explained|insisted|warned|wrote)\b")
_TITLE_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def _person_cue(mention: Mention, text: str) -> Mention:
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
    speaks = 2 <= len(words) <= 3 and _SPEECH_AFTER.match(text, mention.end) is not None
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


def _key(text: str) -> str:
    key = text.casefold().replace("’", "'")
    alias = ALIASES.get(key)
    if alias and (len(text) > 3 or text.isupper() or "." in text):
        return alias.casefold()
    return key.rstrip(".")


# --------------------------------------------------------------------------- grouping


def _surname_keys(name: str) -> list[str]:
    last = name.split()[-1].casefold()
    keys = [last]
    bare = _NAME_PARTICLE.sub("", last)
    if bare != last:
        keys.append(bare)
    return keys


def _group(mentions: list[Mention]) -> dict[str, _Group]:
    """Group mentions by key; surnames join the full person name they belong to."""
    person_full: dict[str, str] = {}
    first_names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.kind == "person" and len(m.text.split()) >= 2:
            for sk in _surname_keys(m.text):
                person_full.setdefault(sk, _key(m.text))
            first_names[m.text.split()[0].casefold()].add(_key(m.text))
    groups: dict[str, _Group] = defaultdict(_Group)
    for m in mentions:
        key = _key(m.text)
        if len(m.text.split()) == 1:
            key = _person_key(m, person_full, first_names) or key
        group = groups[key]
        vote = "person" if key in person_full.values() else m.kind
        group.kind_votes[vote] += 1
        group.forms[m.text] += 1
        if m.short:
            group.extra_aliases.add(m.short)
        group.starts.append(m.start)
    return dict(groups)


_LOCATIVE = re.compile(
    r"\b(?:in|at|from|to|into|near|across|outside|inside|around|across|towards|via|of)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


def _well_attested(group: _Group, kind: str, text: str) -> bool:
    """One-word names the gazetteer does not know need support: a place a locative
    preposition ("in Anbar"), a person a second mention, a role or a speech verb."""
    name = max(group.forms, key=lambda f: (group.forms[f], len(f)))
    if len(name.split()) > 1 or name in PLACES or name in KNOWN_ORGS:
        return True
    if kind == "place":
        if group.kind_fix == "place":  # kinds.py already found place evidence
            return True
        return any(_LOCATIVE.search(text, max(0, s - 20), s) for s in group.starts)
    if kind == "person":
        if len(group.starts) > 1 or group.roles or group.appositives:
            return True
        end = group.starts[0] + len(name)
        return _SPEECH_AFTER.match(text, end) is not None
    return True


def _looks_like_a_name(group: _Group, lower_vocab: frozenset[str]) -> bool:
    """Drop common words capitalised by accident ("Urban", "Rhythm") and phrases with
    lower-case words in them ("Best British R & B act")."""
    name = max(group.forms, key=lambda f: (group.forms[f], len(f)))
    words = name.split()
    for word in words:
        if word[:1].islower() and word not in _NAME_CONNECTORS and not _NAME_PARTICLE.match(word):
            return False
    if len(words) > 1 or name.isupper():
        return True
    return name.casefold() not in lower_vocab


def _person_key(
    mention: Mention, person_full: dict[str, str], first_names: dict[str, set[str]]
) -> str | None:
    """The full name a one-word mention stands for: a surname whatever its label
    ("Kadhimi" tagged GPE), a first name only when tagged person and unambiguous."""
    for sk in _surname_keys(mention.text):
        if sk in person_full:
            return person_full[sk]
    owners = first_names.get(mention.text.casefold(), set())
    if mention.kind in ("person", "unknown") and len(owners) == 1:
        return next(iter(owners))
    return None


def _correct_kinds(groups: dict[str, _Group], text: str) -> None:
    """Set ``kind_fix`` where the text shows a "person" is an organisation or a place."""
    named = {
        key: NameGroup(tuple(g.forms), tuple(g.starts), _kind(g, key)) for key, g in groups.items()
    }
    for key, kind in correct_kinds(named, text).items():
        groups[key].kind_fix = kind


def _kind(group: _Group, key: str) -> Kind | None:
    if group.kind_fix is not None:
        return group.kind_fix
    names = set(group.forms)
    if names & KNOWN_ORGS:
        return "organization"
    if any(len(n.split()) > 1 and n.split()[-1].casefold() in ORG_SUFFIXES for n in names):
        return "organization"
    if names & PLACES and not any(len(n.split()) > 1 for n in names if n not in PLACES):
        return "place"
    is_place = names & PLACES or any(ALIASES.get(n.casefold()) in PLACES for n in names)
    if is_place and "person" not in group.kind_votes:
        return "place"
    votes = {k: v for k, v in group.kind_votes.items() if k != "unknown"}
    if not votes:
        return None
    best = max(votes.items(), key=lambda kv: (kv[1], -_KIND_ORDER.get(kv[0], 9)))
    return best[0]  # type: ignore[return-value]


# --------------------------------------------------------------------------- roles

_ROLE_TOKEN = re.compile(r"\([A-Za-z]{1,6}\)|[\w'’.&-]+|[^\w\s]")
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:the\s+|a\s+|an\s+)?([a-z][^,.;()“”\"]{2,80}?)(?:\s*\([A-Z]{2,6}\))?\s*[,.;]"
)


def _role_before(text: str, start: int, sentence_start: int) -> str | None:
    """Title words right before a name: "Iraqi Prime Minister (PM)" -> "Iraqi Prime Minister"."""
    window = text[max(sentence_start, start - 100) : start]
    tokens = _ROLE_TOKEN.findall(window)
    picked: list[str] = []
    for token in reversed(tokens):
        low = token.casefold().rstrip(".")
        if token.startswith("(") and len(token) > 1:
            continue
        if not token[:1].isalnum():
            break
        if token[:1].isupper() or low in TITLE_WORDS:
            picked.append(token)
            continue
        if low in ("of", "and", "the") and picked and picked[-1][:1].isupper():
            picked.append(token)
            continue
        break
    picked.reverse()
    while picked and picked[0].casefold() in ("of", "and", "the", "by", "former"):
        picked.pop(0)
    while picked and picked[0].casefold() in STOPWORDS and picked[0] not in DEMONYMS:
        picked.pop(0)
    if not any(t.casefold().rstrip(".") in TITLE_WORDS for t in picked):
        return None
    if all(t.casefold().rstrip(".") in HONORIFICS for t in picked):
        return None
    role = " ".join(picked)
    return role if len(role) <= 60 else None


def _role_after(text: str, end: int) -> str | None:
    """Appositive role: "Abu Mahdi al-Muhandis, the leader of the PMF," -> "leader of the PMF"."""
    match = _APPOSITIVE.match(text[end : end + 120])
    if not match:
        return None
    phrase = match.group(1).strip()
    first_words = [w.casefold() for w in phrase.split()[:3]]
    if not any(w in TITLE_WORDS for w in first_words):
        return None
    return phrase


def _attach_titles(
    groups: dict[str, _Group],
    persons: set[str],
    text: str,
    tmap: TextMap,
    abbreviations: dict[str, str],
) -> dict[str, str]:
    """Find roles of people and count "the PM"-style mentions; returns title -> person key."""
    holders: dict[str, set[str]] = defaultdict(set)
    for key in persons:
        group = groups[key]
        for start in group.starts:
            sentence = tmap.sentence_at(start)
            role = _role_before(text, start, tmap.starts[sentence] if tmap.starts else 0)
            if role:
                group.roles.append(role)
            form_end = _form_end(text, start, group)
            after = _role_after(text, form_end)
            if after:
                group.appositives.append(after)
        for role in group.roles:
            for title in _title_heads(role, abbreviations):
                holders[title].add(key)
    titles = {t: next(iter(ks)) for t, ks in holders.items() if len(ks) == 1}
    _count_title_mentions(groups, titles, text, tmap)
    return titles


def _form_end(text: str, start: int, group: _Group) -> int:
    for form in sorted(group.forms, key=len, reverse=True):
        if text.startswith(form, start):
            return start + len(form)
    match = _WORD.match(text, start)
    return match.end() if match else start


def _title_heads(role: str, abbreviations: dict[str, str]) -> list[str]:
    """Bare titles a role answers to: "Iraqi Prime Minister" -> ["prime minister", "pm"]."""
    words = [w.casefold().rstrip(".") for w in role.split()]
    head: list[str] = []
    for word in reversed(words):
        if word in TITLE_WORDS:
            head.insert(0, word)
        else:
            break
    if not head or head in (["mr"], ["mrs"], ["ms"], ["dr"]):
        return []
    heads = [" ".join(head)]
    for abbr, long_form in abbreviations.items():
        if long_form.casefold() == heads[0] or long_form.casefold().endswith(" " + heads[0]):
            heads.append(abbr.casefold())
    if heads[0] == "pm" or (len(head) == 1 and head[0] == "pm"):
        heads.append("prime minister")
    return heads


def _count_title_mentions(
    groups: dict[str, _Group], titles: dict[str, str], text: str, tmap: TextMap
) -> None:
    """Count "the PM" / "the Prime Minister" (not followed by a name) as mentions."""
    for title, key in titles.items():
        pattern = re.compile(
            r"\bthe\s+" + re.escape(title) + r"\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE
        )
        for match in pattern.finditer(text):
            if tmap.is_body(match.start()):
                group = groups[key]
                group.starts.append(match.start())
                group.kind_votes["person"] += 0  # keeps the vote, counts the mention
                group.extra_aliases.add(match.group(0)[4:].strip())


# --------------------------------------------------------------------------- output


def _canonical(group: _Group, kind: str, key: str) -> str:
    forms = group.forms
    for target in ALIASES.values():
        if target.casefold() == key:
            return target
    if kind == "person" or group.kind_fix is not None:  # "Kessler United", not "United"
        return max(forms, key=lambda f: (len(f.split()), forms[f], len(f)))
    return max(forms, key=lambda f: (forms[f], len(f)))


def _entity(group: _Group, kind: Kind, key: str, tmap: TextMap, title: str) -> Entity | None:
    name = _canonical(group, kind, key)
    if kind == "person" and name.isupper():
        return None
    first = min(group.starts)
    index = tmap.sentence_at(first)
    aliases = tuple(sorted({f for f in group.forms if f != name} | group.extra_aliases))
    mentions = len(group.starts)
    in_title = any(_in_text(form, title) for form in (name, *aliases)) if title else False
    salience = mentions + (2.0 if in_title else 0.0) + 3.0 / (1.0 + index)
    role = _pick_role(group)
    return Entity(
        name=name,
        kind=kind,  # type: ignore[arg-type]
        sentence_index=index,
        role=role,
        mentions=mentions,
        aliases=aliases,
        salience=round(salience, 3),
    )


def _pick_role(group: _Group) -> str | None:
    if group.roles:
        counts = Counter(group.roles)
        return max(counts, key=lambda r: (len(r.split()), counts[r], len(r)))
    if group.appositives:
        return group.appositives[0]
    return None


def _in_text(form: str, text: str) -> bool:
    """Whole-word, case-insensitive containment without compiling a regex per name."""
    return f" {_plain(form)} " in f" {_plain(text)} "


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def surname_key(name: str) -> str:
    """A person's surname without particles: "Mustafa al-Kadhimi" -> "kadhimi"."""
    return _surname_keys(name)[-1]
