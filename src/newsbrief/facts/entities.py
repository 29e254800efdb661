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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..types import Entity
from .confidence import EntityEvidence, entity_confidence
from .gazetteer import (
    ALIASES,
    EVENT_HEADS,
    EVENT_PREFIXES,
    GEO_HEADS,
    GIVEN_NAMES,
    KNOWN_EVENTS,
    KNOWN_ORGS,
    ORG_HEADS,
    ORG_PREFIXES,
    ORG_SUFFIXES,
    PLACES,
    SPEECH_AFTER,
    WORK_NOUNS,
)
from .kinds import (
    LOCATIVE,
    SPORT_LOCATIVE,
    NameGroup,
    correct_kinds,
    org_context,
    sports_report,
)
from .mentions import (
    Group,
    abbreviations,
    clean_mention,
    extend_coordinated,
    group_mentions,
    merge_short_forms,
    person_cue,
    split_glued,
    surname_keys,
)
from .ner import Kind, Mention, form_at
from .repairs import repair_spans
from .roles import attach_titles, pick_role
from .spans import TextMap

_WORD = re.compile(r"[\w'’.-]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_NAME_CONNECTORS = frozenset(
    {"of", "the", "and", "de", "la", "le", "du", "da", "van", "von", "der"}
)
_NAME_CONNECTORS |= {"bin", "ibn", "al", "el", "&", "for", "on", "in", "y", "di"}
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|de|da|di|du|van|von|der|le|la)-", re.I)
_KIND_ORDER: dict[str, int] = {"person": 0, "organization": 1, "place": 2}


@dataclass(frozen=True)
class EntityIndex:
    """The merged entities plus what quote attribution needs to resolve speakers."""

    people: tuple[Entity, ...]
    organizations: tuple[Entity, ...]
    places: tuple[Entity, ...]
    #: Titles of works and named events.
    works: tuple[Entity, ...]
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
    defined = abbreviations(text)
    mentions = repair_spans(extend_coordinated(list(mentions), text), text)
    cleaned = [m for m in (clean_mention(m, defined) for m in mentions) if m is not None]
    lower_vocab = frozenset(_LOWER_WORD.findall(text))
    cleaned = _quoted_titles([m for m in cleaned if tmap.is_body(m.start)], text, tmap)
    cleaned = split_glued(cleaned, lower_vocab)
    cleaned = [person_cue(m, text) for m in cleaned]
    groups = group_mentions(cleaned)
    groups = {k: g for k, g in groups.items() if _looks_like_a_name(g, lower_vocab)}
    for group in groups.values():
        group.work_cue = any(_work_noun_before(text, s) for s in group.starts)
    sport = sports_report(text)
    _correct_kinds(groups, text, sport)
    kinds = {k: _kind(g, k) for k, g in groups.items()}
    merge_short_forms(groups, kinds)  # keeps ``kinds`` up to date
    persons = {k for k in groups if kinds[k] == "person"}
    titles = attach_titles(groups, persons, text, tmap, defined)
    entities: dict[str, list[Entity]] = defaultdict(list)
    lookup: dict[str, str] = {}
    canon: dict[str, str] = {}
    for key, group in groups.items():
        kind = kinds[key]
        if kind is None:
            continue
        if not _well_attested(group, kind, text):
            continue
        entity = _entity(group, kind, key, tmap, title)
        if entity is not None:
            confidence = _confidence(group, entity, text, in_title=title, sport=sport)
            entity = replace(entity, confidence=confidence)
        if entity is None:
            continue
        canon[key] = entity.name
        entities[kind].append(entity)
        if kind in ("person", "organization"):  # speakers are never places or titles
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
        works=tuple(sorted(entities["work"] + entities["event"], key=lambda e: -e.salience)),
        person_offsets=tuple(person_offsets),
        lookup=lookup,
        titles=named_titles,
    )


_TITLE_IN_QUOTES = re.compile(r"[“\"‘](?P<title>[A-Z][^“”\"‘’\n]{1,80}?)[”\"’](?!\w)")
_WORD_BEFORE = re.compile(r"([a-z]+)\s+$")


def _quoted_titles(mentions: list[Mention], text: str, tmap: TextMap) -> list[Mention]:
    """A Title Case phrase in quote marks ("the tour ‘Dancing on the Edge of Night’") is a
    title: one work, not the names inside it ("Edge", "Night")."""
    titles: list[Mention] = []
    for match in _TITLE_IN_QUOTES.finditer(text):
        title = match.group("title").strip(" ,.")
        words = title.split()
        content = [w for w in words if len(w) > 3]
        if not 1 <= len(words) <= 8 or not content or not all(w[0].isupper() for w in content):
            continue
        if tmap.is_body(match.start()):
            start = match.start("title")
            titles.append(Mention(title, "work", start, start + len(title)))
    if not titles:
        return mentions
    inside = [m for m in mentions if not any(t.start <= m.start and m.end <= t.end for t in titles)]
    return sorted([*inside, *titles], key=lambda m: m.start)


def _work_noun_before(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return before is not None and before.group(1) in WORK_NOUNS


def _well_attested(group: Group, kind: str, text: str) -> bool:
    """One-word names the gazetteer does not know need support: a place a locative
    preposition ("in Anbar"), a person a second mention, a role or a speech verb."""
    name = max(group.forms, key=lambda f: (group.forms[f], len(f)))
    if len(name.split()) > 1 or name in PLACES or name in KNOWN_ORGS:
        return True
    if kind == "place":
        if name.casefold() in ORG_HEADS or name.casefold() in GEO_HEADS:
            return False  # "City" of "Manchester City", "Valley" of "Valley Dairy": no town
        if group.kind_fix == "place":  # kinds.py already found place evidence
            return True
        return any(LOCATIVE.search(text, max(0, s - 20), s) for s in group.starts)
    if kind == "person":
        if name.casefold() in ORG_HEADS or name.casefold() in EVENT_HEADS:
            return False  # "League" cut from "Barclays Premier League" is nobody
        if len(group.starts) > 1 or group.roles or group.appositives:
            return True
        end = group.starts[0] + len(name)
        return SPEECH_AFTER.match(text, end) is not None
    return True


def _looks_like_a_name(group: Group, lower_vocab: frozenset[str]) -> bool:
    """Drop common words capitalised by accident ("Urban", "Rhythm") and phrases with
    lower-case words in them ("Best British R & B act")."""
    name = max(group.forms, key=lambda f: (group.forms[f], len(f)))
    words = name.split()
    if group.kind_votes["work"] or group.kind_votes["event"]:
        return True  # titles keep their small words ("Dancing on the Edge of Night")
    for word in words:
        if word[:1].islower() and word not in _NAME_CONNECTORS and not _NAME_PARTICLE.match(word):
            return False
    if len(words) > 1 or name.isupper():
        return True
    return name.casefold() not in lower_vocab


def _work_or_event(names: set[str], group: Group) -> Kind | None:
    """Titles of works and named events are not people, places or organisations.

    The engine's own label (spaCy's WORK_OF_ART / EVENT) when most mentions carry it,
    else the name's head: "Storm Ingrid", "Operation Elveden" (an event prefix),
    "Champions League", "National Cup" (an event head noun), or a work noun right before
    it in the text ("the film Harbour Lights": see ``Group.work_cue``).
    """
    votes = sum(group.kind_votes.values())
    titled = group.kind_votes["work"] + group.kind_votes["event"]
    if votes and 2 * titled > votes:
        return "work" if group.kind_votes["work"] >= group.kind_votes["event"] else "event"
    if names & KNOWN_EVENTS:
        return "event"
    if any(_honorific_inside(n) for n in names) and "person" not in group.kind_votes:
        return "work"  # "Saving Mr Banks", "Mrs Brown's Boys": bodies and places have no "Mr"
    if any(n in PLACES or n in KNOWN_ORGS for n in names):
        return None
    for name in names:
        words = name.split()
        if len(words) >= 2 and (
            words[0].casefold() in EVENT_PREFIXES or words[-1].casefold() in EVENT_HEADS
        ):
            return "event"
    return "work" if group.work_cue else None


def _honorific_inside(name: str) -> bool:
    words = name.split()
    return len(words) >= 3 and any(
        w.casefold().rstrip(".") in _TITLE_HONORIFICS for w in words[1:-1]
    )


_TITLE_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss"})


def _correct_kinds(groups: dict[str, Group], text: str, sport: bool) -> None:
    """Set ``kind_fix`` where the text shows a "person" is an organisation or a place."""
    named = {
        key: NameGroup(tuple(g.forms), tuple(g.starts), _kind(g, key)) for key, g in groups.items()
    }
    for key, kind in correct_kinds(named, text, sport=sport).items():
        groups[key].kind_fix = kind


def _kind(group: Group, key: str) -> Kind | None:
    names = set(group.forms)
    titled = _work_or_event(names, group)
    if titled is not None:
        return titled
    if group.kind_fix is not None:
        return group.kind_fix
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
    if best[0] == "place" and votes.get("organization") and any(_acronym(n) for n in names):
        return "organization"  # "BT", labelled both: an acronym names a body, not a town
    last = max(names, key=len).split()[-1].casefold()
    if best[0] == "organization" and last in GEO_HEADS and last not in ORG_HEADS:
        return "place"  # "Brenn Estuary": a geographic head noun names a place
    return best[0]  # type: ignore[return-value]


def _acronym(name: str) -> bool:
    """ "BT", "NHS": capitals only, and no place the word lists know ("UK", "USA")."""
    if not (2 <= len(name) <= 5 and name.isalpha() and name.isupper()):
        return False
    return name not in PLACES and ALIASES.get(name.casefold()) not in PLACES


# --------------------------------------------------------------------------- output


def _canonical(group: Group, kind: str, key: str) -> str:
    forms = group.forms
    for target in ALIASES.values():  # the long form, when the text itself writes it
        if target.casefold() == key and (target in forms or target in group.extra_aliases):
            return target
    if kind == "person" or group.kind_fix is not None:  # "Kessler United", not "United"
        return max(forms, key=lambda f: (len(f.split()), forms[f], len(f)))
    return max(forms, key=lambda f: (forms[f], len(f)))


def _entity(group: Group, kind: Kind, key: str, tmap: TextMap, title: str) -> Entity | None:
    name = _canonical(group, kind, key)
    if kind == "person" and name.isupper():
        return None
    first = min(group.starts)
    index = tmap.sentence_at(first)
    long_forms = {t for t in ALIASES.values() if t.casefold() == key and t != name}
    aliases = tuple(
        sorted({f for f in group.forms if f != name} | group.extra_aliases | long_forms)
    )
    mentions = len(group.starts)
    in_title = any(_in_text(form, title) for form in (name, *aliases)) if title else False
    salience = mentions + (2.0 if in_title else 0.0) + 3.0 / (1.0 + index)
    role = pick_role(group)
    sentences = tuple(sorted({tmap.sentence_at(start) for start in group.starts}))
    return Entity(
        name=name,
        kind=kind,  # type: ignore[arg-type]
        sentence_index=index,
        role=role,
        mentions=mentions,
        aliases=aliases,
        salience=round(salience, 3),
        sentences=sentences,
    )


def _confidence(group: Group, entity: Entity, text: str, *, in_title: str, sport: bool) -> float:
    """The entity's confidence from the evidence the text gives (see confidence.py)."""
    kind, words = entity.kind, entity.name.split()
    forms = {entity.name, *entity.aliases}
    sided = False
    if kind == "place":
        known = bool(forms & PLACES) or any(ALIASES.get(f.casefold()) in PLACES for f in forms)
        cue_before = SPORT_LOCATIVE if sport else LOCATIVE
        locative = any(cue_before.search(text, max(0, s - 20), s) for s in group.starts)
        cue = (
            group.kind_fix == "place"
            or (len(words) > 1 and words[-1].casefold() in GEO_HEADS)  # "Lower Bristol Road"
            or locative
        )
        # in a sports report a place's name is as often its side ("Holland", "Stoke"):
        # only "in / at X" or a geographic head shows the place
        sided = sport and not cue
    elif kind == "organization":
        known = bool(forms & KNOWN_ORGS)
        # its own form (a head noun: "... Council", "University of ...") or the text's
        # correction shows an organisation: one piece of evidence, counted once
        cue = group.kind_fix == "organization" or (
            len(words) > 1
            and (words[-1].casefold() in ORG_HEADS or words[0].casefold() in ORG_PREFIXES)
        )
        # and, separately, its context: "games developer X", "spokesman for X", "X shares"
        known = known or org_context(text, tuple(group.starts), tuple(group.forms))
    elif kind in ("work", "event"):
        known, cue = False, True  # a title's label, head noun or work noun said so
    else:
        known = False
        cue = bool(group.roles or group.appositives) or any(
            SPEECH_AFTER.match(text, s + len(f))
            for s in group.starts
            for f in group.forms
            if text.startswith(f, s)
        )
    votes = {k: v for k, v in group.kind_votes.items() if k != "unknown"}
    share = votes.get(kind, 0) / sum(votes.values()) if votes else 0.5
    if group.kind_fix == kind or known:
        share = 1.0
    if kind == "place" and sided:
        share = 0.0  # the text itself is ambiguous between the place and its side
    early = entity.sentence_index <= 1 or (
        bool(in_title) and any(_in_text(f, in_title) for f in forms)
    )
    # four or more words, or a "person" ending in a country or city ("Trains Wales")
    glued = kind == "person" and (
        len(words) >= 4 or (words[-1] in PLACES and words[0].casefold() not in GIVEN_NAMES)
    )
    # a possessive determiner before the name: people and bodies take none, products
    # and brands do ("its Slimfast range", "his Ferrari")
    # (a body, every mention: "his Treasury post" is his post at the Treasury)
    glued = glued or (kind in ("person", "organization") and _owned(group, text, kind))
    # a policy or scheme named like a body ("the Big Society scheme", "its Help to Buy plan")
    glued = glued or (
        kind == "organization"
        and not known
        and words[-1].casefold() not in ORG_HEADS
        and _policy(group, text)
    )
    # a one-word "person" in a sports report with nothing personal about it (no title,
    # role or speech verb, never written with a first name) is as often a side
    # ("Castleford indecision", "Redhill lead"), unless the headline writes it as a
    # surname after a first name ("Laura Muir has what it takes")
    glued = glued or (
        kind == "person"
        and sport
        and len(words) == 1
        and not cue
        and not _surname_in(words[0], in_title)
    )
    # a place's name in a sports report without "in X" or a geographic head: mentions say
    # it is named, not whether the town or its side ("Liverpool chief executive ...")
    glued = glued or sided
    evidence = EntityEvidence(kind, len(words), entity.mentions, known, cue, share, early, glued)
    return entity_confidence(evidence)


_OWNER_BEFORE = re.compile(r"\b(?:its|their|his|her|our|your|my)\s+$", re.IGNORECASE)


def _owned(group: Group, text: str, kind: str) -> bool:
    """Right after a possessive determiner ("its Slimfast"): a person at least half the
    mentions, an organisation every mention."""
    owned = sum(_OWNER_BEFORE.search(text, max(0, s - 8), s) is not None for s in group.starts)
    needed = len(group.starts) if kind == "organization" else (len(group.starts) + 1) // 2
    return owned >= needed > 0


_POLICY_AFTER = re.compile(
    r"\s+(?:scheme|policy|plan|programme|program|initiative|agenda|strategy|reforms?|bill)\b"
)


def _policy(group: Group, text: str) -> bool:
    """At least half the mentions right before a noun for a policy or scheme."""
    forms = sorted(group.forms, key=len, reverse=True)
    hits = 0
    for start in group.starts:
        form = form_at(text, start, forms)
        hits += form is not None and _POLICY_AFTER.match(text, start + len(form)) is not None
    return 2 * hits >= len(group.starts) > 0


def _surname_in(word: str, title: str) -> bool:
    """ "Muir" in "Laura Muir has what it takes": the word ends a capitalised name."""
    return re.search(r"\b[A-Z][\w'’-]+ " + re.escape(word) + r"\b", title) is not None


def _in_text(form: str, text: str) -> bool:
    """Whole-word, case-insensitive containment without compiling a regex per name."""
    return f" {_plain(form)} " in f" {_plain(text)} "


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def surname_key(name: str) -> str:
    """A person's surname without particles: "Mustafa al-Kadhimi" -> "kadhimi"."""
    return surname_keys(name)[-1]
