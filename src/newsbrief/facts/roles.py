"""Roles of people: titles before a name and appositives after it, and "the PM" mentions.

"Iraqi Prime Minister (PM) Mustafa al-Kadhimi" -> "Iraqi Prime Minister";
"Abu Mahdi al-Muhandis, the leader of the PMF," -> "leader of the PMF". A title
held by exactly one person ("the PM noted") counts as a mention of that person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .gazetteer import DEMONYMS, HONORIFICS, STOPWORDS, TITLE_WORDS
from .mentions import Group
from .spans import TextMap

_WORD = re.compile(r"[\w'’.-]+")

#: Words before a title that change what it says: a former minister is not the minister.
_ROLE_MODIFIERS = frozenset({"former", "ex", "then", "acting", "interim", "outgoing", "deputy"})
_RELATIVE = re.compile(r"\s(?:who|which|that|whose|whom)\s")
_ROLE_TOKEN = re.compile(r"\([A-Za-z]{1,6}\)|[\w'’.&-]+|[^\w\s]")
# "mother-of-two", "grandfather-of-five": the news' description of a parent is a role.
_PARENT = re.compile(
    r"(?:great-)?(?:grand)?(?:mother|father|mum|dad|mom)-of-(?:[a-z]+|\d{1,2})", re.IGNORECASE
)
_PARENT_BEFORE = re.compile(rf"\b({_PARENT.pattern}),? $", re.IGNORECASE)
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:the\s+|a\s+|an\s+)?([a-z][^,.;()“”\"]{2,80}?)(?:\s*\([A-Z]{2,6}\))?\s*[,.;]"
)


def _role_before(text: str, start: int, sentence_start: int) -> str | None:
    """Title words right before a name: "Iraqi Prime Minister (PM)" -> "Iraqi Prime Minister"."""
    window = text[max(sentence_start, start - 100) : start]
    parent = _PARENT_BEFORE.search(window)
    if parent:  # "mother-of-two Malenda Meacham", "father-of-three, John Smith"
        return parent.group(1)
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
        if low == "and" and picked and _is_title(picked[-1], honorific=True):
            break  # "Lord Justice Patten and Sir Timothy Lloyd": before "and", someone else
        if low in ("of", "and", "the") and picked and picked[-1][:1].isupper():
            picked.append(token)
            continue
        if low in _ROLE_MODIFIERS and picked:  # "former Prime Minister": not the minister now
            picked.append(token)
        break
    picked.reverse()
    while picked and picked[0].casefold() in ("of", "and", "the", "by"):
        picked.pop(0)
    while picked and picked[0].casefold() in STOPWORDS and picked[0] not in DEMONYMS:
        picked.pop(0)
    while picked and picked[-1].casefold().rstrip(".") in HONORIFICS:
        picked.pop()  # "Mr", "Sir" belong to the name, not the role
    if len(picked) >= 2 and not _is_title(picked[-1]) and _is_title(picked[-2]):
        picked.pop()  # "chief Iain (Duncan Smith)": a name word after the title is the name's
    if not any(_is_title(t) for t in picked):
        return None
    role = " ".join(picked)
    return role if len(role) <= 60 else None


def _is_title(token: str, *, honorific: bool = False) -> bool:
    """A title word ("Minister", "chief"); honorifics ("Mr", "Sir") only when asked."""
    low = token.casefold().rstrip(".")
    return low in TITLE_WORDS and (honorific or low not in HONORIFICS)


def _role_after(text: str, end: int) -> str | None:
    """Appositive role: "Abu Mahdi al-Muhandis, the leader of the PMF," -> "leader of the PMF"."""
    match = _APPOSITIVE.match(text[end : end + 120])
    if not match:
        return None
    phrase = _RELATIVE.split(match.group(1), maxsplit=1)[0].strip()
    first_words = [w.casefold() for w in phrase.split()[:3]]
    if not any(w in TITLE_WORDS for w in first_words) and not _PARENT.fullmatch(phrase):
        return None
    return phrase


def attach_titles(
    groups: dict[str, Group],
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


def _form_end(text: str, start: int, group: Group) -> int:
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
    groups: dict[str, Group], titles: dict[str, str], text: str, tmap: TextMap
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


def pick_role(group: Group) -> str | None:
    if group.roles:
        counts = Counter(group.roles)
        return max(counts, key=lambda r: (len(r.split()), counts[r], len(r)))
    if group.appositives:
        return group.appositives[0]
    return None
