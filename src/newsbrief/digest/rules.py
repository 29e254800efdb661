"""Keyword rules and watchlists: ``[[rules]]`` that block reports or make their story lead
the digest; ``[[watch]]`` entries that pick the stories of an alert (``digest --watch``).

A rule has a name, one of ``block`` / ``keep`` (a regular expression or a list of
them, case-insensitive unless ``case_sensitive = true``), the fields it looks at
(``match``: any of title, text, author, source; all four by default) and optionally
the ``sources`` it applies to (every source by default). Patterns are compiled when
the config is loaded (``configfile.Table.patterns``: a bad one is one error naming
the rule) and run with a time bound (``limits.PATTERN_SECONDS`` on at most
``limits.MAX_PATTERN_TEXT_CHARS`` of a text); a search that runs out of time counts
as no match.

``judge`` gives an article's ``Verdict``: blocked by the first block rule that
matches, unless a keep rule matches it too (what the reader asked to keep is never
blocked); kept when a keep rule matches.

A ``Watch`` has ``terms`` (words or phrases, matched as whole words, any whitespace
between the words) and/or a ``pattern``; it looks at title and text unless ``match``
says otherwise, with the same time bound.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..configfile import Table
from ..limits import MAX_PATTERN_TEXT_CHARS, PATTERN_SECONDS
from ..types import Article

FIELDS = ("title", "text", "author", "source")
Action = Literal["block", "keep"]


@dataclass(frozen=True)
class Patterns:
    """Compiled ``regex`` patterns; ``search`` is time-bounded and never raises."""

    compiled: tuple[Any, ...]

    def search(self, text: str) -> bool:
        """Whether any pattern occurs in ``text`` (its first ``MAX_PATTERN_TEXT_CHARS``)."""
        if not text:
            return False
        text = text[:MAX_PATTERN_TEXT_CHARS]
        for pattern in self.compiled:
            try:
                if pattern.search(text, timeout=PATTERN_SECONDS) is not None:
                    return True
            except TimeoutError:
                continue
        return False


@dataclass(frozen=True, kw_only=True)
class Matcher:
    """Patterns searched in some fields of an article (``match``), for some sources: what
    a rule, a watchlist and a topic section each look for."""

    patterns: Patterns
    fields: tuple[str, ...] = FIELDS
    #: source names it applies to (empty: every source)
    sources: frozenset[str] = frozenset()

    def matches(self, article: Article, values: Mapping[str, str] | None = None) -> bool:
        """Whether a pattern occurs in one of the fields (``values``: the article's
        ``article_fields``, when the caller has them already)."""
        if self.sources and (article.source_name or "") not in self.sources:
            return False
        values = article_fields(article) if values is None else values
        return any(self.patterns.search(values.get(name, "")) for name in self.fields)


@dataclass(frozen=True, kw_only=True)
class Rule(Matcher):
    """One ``[[rules]]`` entry."""

    name: str
    action: Action


@dataclass(frozen=True)
class Verdict:
    """What the rules say of one article: the rule that blocks it, the rule that keeps it."""

    blocked_by: str | None = None
    kept_by: str | None = None


def article_fields(article: Article) -> dict[str, str]:
    """The fields rules look at, as text."""
    return {
        "title": article.title or "",
        "text": article.text or "",
        "author": article.author or "",
        "source": article.source_name or "",
    }


def judge(rules: Sequence[Rule], article: Article) -> Verdict:
    """The verdict of ``rules`` on ``article`` (a keep match overrides a block match)."""
    if not rules:
        return Verdict()
    values = article_fields(article)
    kept = next((r.name for r in rules if r.action == "keep" and r.matches(article, values)), None)
    if kept is not None:
        return Verdict(kept_by=kept)
    blocked = next(
        (r.name for r in rules if r.action == "block" and r.matches(article, values)), None
    )
    return Verdict(blocked_by=blocked)


def blocked_reason(rule: str) -> str:
    """The left-out reason of a report blocked by ``rule``."""
    return f"blocked by rule {rule!r}"


# --- config ---------------------------------------------------------------------------------


def rules_from(top: Table, source_names: Collection[str]) -> tuple[Rule, ...]:
    """The ``[[rules]]`` tables of a config; errors name the rule and the key."""
    rules: list[Rule] = []
    names: set[str] = set()
    for i, table in enumerate(top.tables("rules")):
        rule = _rule(table, i, source_names)
        if rule.name in names:
            raise table.error("name", f"duplicate rule name {rule.name!r}")
        names.add(rule.name)
        rules.append(rule)
    return tuple(rules)


def _rule(table: Table, index: int, source_names: Collection[str]) -> Rule:
    name = " ".join((table.text("name") or f"rule {index + 1}").split())
    table.prefix = f"rules[{index}] ({name!r})."
    sensitive = table.flag("case_sensitive", False)
    block = table.patterns("block", case_sensitive=sensitive)
    keep = table.patterns("keep", case_sensitive=sensitive)
    fields = table.strings("match", list(FIELDS)) or []
    sources = [" ".join(s.split()) for s in table.strings("sources", []) or []]
    table.reject_unknown("name, block, keep, match, sources, case_sensitive")
    if (block is None) == (keep is None):
        raise table.error("block", "give exactly one of block or keep")
    _check_where(table, fields, sources, source_names)
    return Rule(
        name=name,
        action="block" if block is not None else "keep",
        patterns=Patterns(block if block is not None else keep or ()),
        fields=tuple(dict.fromkeys(fields)),
        sources=frozenset(sources),
    )


def _check_where(
    table: Table, fields: Sequence[str], sources: Sequence[str], source_names: Collection[str]
) -> None:
    """``match`` names known fields (at least one), ``sources`` names configured sources."""
    if not fields:
        raise table.error("match", f"name at least one of {', '.join(FIELDS)}")
    for value in fields:
        if value not in FIELDS:
            raise table.error("match", f"unknown field {value!r}; choose from {', '.join(FIELDS)}")
    for source in sources:
        if source not in source_names:
            raise table.error("sources", f"no [[sources]] entry is named {source!r}")


# --- watchlists -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Watch(Matcher):
    """One ``[[watch]]`` (or ``[[section]]``) entry: a name and what to look for (terms
    and/or patterns), in title and text unless ``match`` says otherwise."""

    name: str
    fields: tuple[str, ...] = ("title", "text")


def term_pattern(term: str, *, case_sensitive: bool = False) -> Any:
    """A term as a pattern: the words in order, whole words, any whitespace between them."""
    import regex

    words = [regex.escape(w) for w in term.split()]
    flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
    return regex.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", flags)


def watches_from(top: Table, source_names: Collection[str]) -> tuple[Watch, ...]:
    """The ``[[watch]]`` tables of a config; errors name the watch and the key."""
    return matchers(top, "watch", source_names, "--watch NAME picks a watchlist by it")


def matchers(
    top: Table, key: str, source_names: Collection[str], why_named: str
) -> tuple[Watch, ...]:
    """``[[key]]`` tables of name + terms and/or pattern (watchlists, topic sections)."""
    watches: list[Watch] = []
    for i, table in enumerate(top.tables(key)):
        name = table.text("name")
        if name is None:
            raise table.error("name", f"missing ({why_named})")
        name = " ".join(name.split())
        table.prefix = f"{key}[{i}] ({name!r})."
        if any(w.name.casefold() == name.casefold() for w in watches):
            raise table.error("name", f"duplicate {key} name {name!r}")
        sensitive = table.flag("case_sensitive", False)
        terms = table.strings("terms", []) or []
        pattern = table.patterns("pattern", case_sensitive=sensitive) or ()
        fields = table.strings("match", ["title", "text"]) or []
        sources = [" ".join(s.split()) for s in table.strings("sources", []) or []]
        table.reject_unknown("name, terms, pattern, match, sources, case_sensitive")
        if not [t for t in terms if t.strip()] and not pattern:
            raise table.error("terms", f"give terms or a pattern for this {key}")
        _check_where(table, fields, sources, source_names)
        compiled = tuple(term_pattern(t, case_sensitive=sensitive) for t in terms if t.strip())
        watches.append(
            Watch(
                name=name,
                patterns=Patterns(compiled + tuple(pattern)),
                fields=tuple(fields),
                sources=frozenset(sources),
            )
        )
    return tuple(watches)
