"""Key facts against the hand-built gold set: precision and recall per slot, box and JSON.

The gold set (``benchmarks/facts_gold/*.json``, rules and schema in its README) lists, for 60
dev articles of ``../shared/eval/news_dev.jsonl`` and every article of ``inputs/``, every
person, organisation, place, work/event, date, figure and quote a reader would accept in a
key-facts box, the main ones marked ``key``. This script runs newsbrief's facts on each article
(fed as newsbrief gets it: the dev item as JSON ``{"title": ..., "text": ...}``, an ``inputs/``
file through ``newsbrief.load``), matches what it shows to the gold, slot by slot, and prints:

* **precision** of what the reader sees (the **box**: ``box_items`` below follows the product)
  and of every item in the **JSON**;
* **recall** of the ``key: true`` gold items (and, for the JSON, of all gold items);
* quotes with the right speaker, roles right, and milliseconds of ``extract_facts`` per article;

for both engines (spaCy and the rule-based one), per half (tune / report) and per source.

    .venv/bin/python benchmarks/facts_gold.py [--engine spacy|rules|both] [--half tune|report]
        [--source NAME] [--json] [--show-errors N] [--check]

``--check`` only validates the gold files (schema, selection rule, spans in the texts).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = Path(__file__).resolve().parent / "facts_gold"
DEV_DATA = REPO.parent / "shared" / "eval" / "news_dev.jsonl"
DEV_SOURCES = ("bbc_news_summary", "cnn_dailymail", "xsum")
PER_SOURCE = 20

ENTITY_SLOTS = ("people", "organizations", "places", "works_events")
SLOTS = (*ENTITY_SLOTS, "dates", "figures", "quotes")
#: Rows of the printed tables (``quotes+speaker`` and ``roles`` are derived lines).
ROWS = (
    "people",
    "organizations",
    "places",
    "works_events",
    "dates",
    "figures",
    "quotes",
    "quotes+speaker",
    "roles",
)

Gold = dict[str, Any]

# --------------------------------------------------------------------------------------------
# The box as the reader sees it
# --------------------------------------------------------------------------------------------

#: What ``templates/_facts.html.j2`` and ``briefing.md.j2`` show today: the first N per slot.
TEMPLATE_LIMITS = {
    "people": 5,
    "organizations": 4,
    "places": 4,
    "works_events": 4,
    "dates": 4,
    "figures": 4,
    "quotes": 2,
}
#: Where the product's box-selection function may live (first one found is used).
PRODUCT_BOX = (
    ("newsbrief.facts", "box_facts"),
    ("newsbrief.facts", "select_box"),
    ("newsbrief.facts.box", "box_facts"),
    ("newsbrief.facts.box", "select_box"),
    ("newsbrief.compose", "box_facts"),
    ("newsbrief.render.text", "box_facts"),
)


def product_box_function() -> Callable[[Any], Any] | None:
    """The product's own box selection, when it has one (see ``PRODUCT_BOX``)."""
    for module_name, attribute in PRODUCT_BOX:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, attribute, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


def slot_items(facts: Any, slot: str) -> list[Any]:
    """The items of one slot of a ``Facts`` (or of a mapping); [] for a slot it lacks."""
    if isinstance(facts, dict):
        value = facts.get(slot, ())
    else:
        value = getattr(facts, slot, None)
        if value is None and slot == "works_events":
            value = getattr(facts, "works", None) or getattr(facts, "events", None)
    return list(value or ())


def json_items(facts: Any) -> dict[str, list[Any]]:
    """Every item of every slot: what ``newsbrief summarize --json`` holds."""
    return {slot: slot_items(facts, slot) for slot in SLOTS}


def box_items(facts: Any) -> dict[str, list[Any]]:
    """What the key-facts box shows: the product's selection if it has one, else the template's."""
    function = product_box_function()
    if function is not None:
        return {slot: slot_items(function(facts), slot) for slot in SLOTS}
    return {slot: slot_items(facts, slot)[: TEMPLATE_LIMITS[slot]] for slot in SLOTS}


def has_slot(facts: Any, slot: str) -> bool:
    """Whether newsbrief has this slot at all (works/events is new): absent slots are not scored."""
    if slot != "works_events":
        return True
    return any(hasattr(facts, name) for name in ("works_events", "works", "events"))


# --------------------------------------------------------------------------------------------
# Normalisation and matching rules (documented in facts_gold/README.md)
# --------------------------------------------------------------------------------------------

HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"])
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_QUOTE_MARKS = re.compile(r"[\"“”„«»‘’'`]")
_WORD = re.compile(r"[\w']+")


def fold(text: str) -> str:
    """Accents off, case-folded, apostrophes straight, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().translate(_APOSTROPHES).split())


def norm_name(name: str) -> str:
    """A name as compared: no dots, hyphens as spaces, no leading "the", honorific or possessive."""
    words = re.sub(r"[-‐‑–—]", " ", fold(name).replace(".", "")).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    if words:
        words[-1] = re.sub(r"'s?$", "", words[-1]) or words[-1]
    return " ".join(words)


def name_forms(item: Gold) -> set[str]:
    return {norm_name(form) for form in (item["name"], *item.get("aliases", ()))}


def shown_name(item: Any) -> str:
    return str(item.get("name", "") if isinstance(item, dict) else getattr(item, "name", ""))


def name_matches(shown: str, item: Gold) -> bool:
    return norm_name(shown) in name_forms(item)


_CURRENCY_CODES = frozenset(
    [
        "usd",
        "gbp",
        "eur",
        "jpy",
        "cny",
        "inr",
        "chf",
        "aud",
        "cad",
        "nzd",
        "hkd",
        "sek",
        "nok",
        "dkk",
        "rub",
        "brl",
        "zar",
        "krw",
    ]
)


def unit_class(unit: str | None) -> str | None:
    """Units that can conflict: currencies, percent, percentage points; others never conflict."""
    if not unit:
        return None
    low = fold(unit)
    if low in {"%", "percent", "per cent", "pc"}:
        return "percent"
    if low.startswith("percentage point"):
        return "points"
    if low in _CURRENCY_CODES:
        return low
    return None


def units_conflict(shown: str | None, gold: str | None) -> bool:
    a, b = unit_class(shown), unit_class(gold)
    return a is not None and b is not None and a != b


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def figure_matches(text: str, value: float | None, unit: str | None, item: Gold) -> str | None:
    """ "text" or "value" when a shown figure matches the gold figure, else None."""
    gold_value = item["value"]
    scalar = isinstance(gold_value, int | float) and not isinstance(gold_value, bool)
    shown_text = fold(text)
    value_conflict = scalar and value is not None and not same_value(value, gold_value)
    for gold_text in item["text"]:
        target = fold(gold_text)
        if shown_text == target:
            return "text"
        if not value_conflict and _contains_with_few_extra(shown_text, target, extra=3):
            return "text"
    value_match = scalar and value is not None and same_value(value, gold_value)
    if value_match and not units_conflict(unit, item.get("unit")):
        return "value"
    return None


def _contains_with_few_extra(shown: str, target: str, *, extra: int) -> bool:
    if not re.search(r"(?<!\w)" + re.escape(target) + r"(?!\w)", shown):
        return False
    return len(shown.split()) - len(target.split()) <= extra


def quote_tokens(text: str) -> list[str]:
    return _WORD.findall(_QUOTE_MARKS.sub(" ", fold(text)))


def quote_matches(text: str, item: Gold) -> bool:
    """Same opening words, and the shown quotation does not run past the gold quote's end."""
    shown, opening, end = quote_tokens(text), quote_tokens(item["text"]), quote_tokens(item["end"])
    k = min(8, len(opening), len(shown))
    if k < min(4, len(opening)) or shown[:k] != opening[:k]:
        return False
    last = _last_occurrence(shown, end)
    return last is None or last + len(end) == len(shown)


def _last_occurrence(tokens: Sequence[str], part: Sequence[str]) -> int | None:
    if not part:
        return None
    for start in range(len(tokens) - len(part), -1, -1):
        if list(tokens[start : start + len(part)]) == list(part):
            return start
    return None


def speaker_right(shown_speaker: str | None, item: Gold, article: Gold) -> bool:
    """The shown speaker names the gold speaker (or an accepted alternative); None = None."""
    gold_speaker = item["speaker"]
    if not shown_speaker:
        return gold_speaker is None
    accepted = ([gold_speaker] if gold_speaker else []) + list(item.get("speaker_ok", ()))
    shown = norm_name(shown_speaker)
    for name in accepted:
        entity = find_entity(article, name)
        forms = name_forms(entity) if entity else {norm_name(name)}
        if shown in forms:
            return True
    return False


def find_entity(article: Gold, name: str) -> Gold | None:
    for slot in ENTITY_SLOTS:
        for item in article[slot]:
            if item["name"] == name:
                return item  # type: ignore[no-any-return]
    return None


_PREPOSITION = re.compile(r"\s(?:of|at|for|in|with)\s")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_FORMER = re.compile(r"\b(?:former|ex)\b")


def role_right(shown_role: str, item: Gold) -> bool:
    """Right when the shown role is the gold role or an alternative, the part of one before its
    first "of/at/for/in/with" ("head" of "head of Tiga"), or its last words, i.e. its head noun
    with what follows ("minister" of "Regional transport minister"); "former" must be kept."""
    shown = _ARTICLE.sub("", fold(shown_role))
    for role in (item.get("role"), *item.get("role_alt", ())):
        if not role:
            continue
        gold = _ARTICLE.sub("", fold(role))
        head = _PREPOSITION.split(gold, maxsplit=1)[0]
        same_former = bool(_FORMER.search(shown)) == bool(_FORMER.search(gold))
        if same_former and (shown in (gold, head) or _ends_with(head, shown)):
            return True
    return False


def _ends_with(phrase: str, tail: str) -> bool:
    words, tail_words = phrase.split(), tail.split()
    return 0 < len(tail_words) <= len(words) and words[-len(tail_words) :] == tail_words


# --------------------------------------------------------------------------------------------
# Scoring one list of shown items against the gold of one slot
# --------------------------------------------------------------------------------------------


@dataclass
class Count:
    shown: int = 0
    right: int = 0
    key: int = 0
    key_found: int = 0
    gold: int = 0
    gold_found: int = 0

    def add(self, other: Count) -> None:
        for name in ("shown", "right", "key", "key_found", "gold", "gold_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Verdict:
    """One shown item and what it matched (a gold index), or why it is wrong."""

    label: str
    gold: int | None
    why: str = ""


def attr(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def candidates(slot: str, item: Any, article: Gold) -> list[tuple[str, int]]:
    """Gold items of ``slot`` (by slot name and index) this shown item may stand for, best first."""
    found: list[tuple[str, int]] = []
    if slot in ENTITY_SLOTS:
        name = shown_name(item)
        for other in (slot, *[s for s in ENTITY_SLOTS if s != slot]):
            for k, gold in enumerate(article[other]):
                if (other == slot or slot in gold.get("also", ())) and name_matches(name, gold):
                    found.append((other, k))
    elif slot == "dates":
        iso = str(attr(item, "iso") or "").strip()
        found = [(slot, k) for k, g in enumerate(article["dates"]) if g["iso"] and g["iso"] == iso]
    elif slot == "figures":
        text, value, unit = str(attr(item, "text") or ""), attr(item, "value"), attr(item, "unit")
        ranked = []
        for k, gold in enumerate(article["figures"]):
            how = figure_matches(text, value, unit, gold)
            if how:
                ranked.append((0 if how == "text" else 1, k))
        found = [(slot, k) for _, k in sorted(ranked)]
    elif slot == "quotes":
        text = str(attr(item, "text") or "")
        found = [(slot, k) for k, g in enumerate(article["quotes"]) if quote_matches(text, g)]
    return found


def judge(slot: str, shown: Sequence[Any], article: Gold) -> list[Verdict]:
    """Match shown items in order; each gold item once (a second match is a duplicate)."""
    used: set[tuple[str, int]] = set()
    verdicts: list[Verdict] = []
    for item in shown:
        label = label_of(slot, item)
        options = candidates(slot, item, article)
        free = [o for o in options if o not in used]
        if free:
            used.add(free[0])
            home = free[0][1] if free[0][0] == slot else None
            verdicts.append(Verdict(label, home, "" if home is not None else f"= {free[0][0]}"))
        else:
            verdicts.append(
                Verdict(label, None, "duplicate" if options else _wrong_slot(item, slot, article))
            )
    return verdicts


def _wrong_slot(item: Any, slot: str, article: Gold) -> str:
    if slot not in ENTITY_SLOTS:
        return "no match"
    name = shown_name(item)
    for other in ENTITY_SLOTS:
        if other != slot and any(name_matches(name, g) for g in article[other]):
            return f"is {other}"
    return "no match"


def label_of(slot: str, item: Any) -> str:
    if slot in ENTITY_SLOTS:
        role = attr(item, "role")
        return f"{shown_name(item)} ({role})" if role else shown_name(item)
    if slot == "dates":
        return f"{attr(item, 'text')} ({attr(item, 'iso')})"
    if slot == "figures":
        value, unit = attr(item, "value"), attr(item, "unit")
        return f"{attr(item, 'text')} [{value} {unit}] ({attr(item, 'counts')})"
    speaker = attr(item, "speaker")
    return f"“{' '.join(str(attr(item, 'text')).split()[:10])}…” — {speaker}"


@dataclass
class ArticleScore:
    """Counts per view ("box", "json") and row, plus the verdicts for --show-errors."""

    counts: dict[str, dict[str, Count]] = field(default_factory=dict)
    wrong: dict[str, list[str]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def score_view(
    shown: dict[str, list[Any]], article: Gold, facts: Any
) -> tuple[dict[str, Count], list[str], set[tuple[str, int]]]:
    counts: dict[str, Count] = {}
    wrong: list[str] = []
    found: set[tuple[str, int]] = set()
    for slot in SLOTS:
        if not has_slot(facts, slot):
            continue
        verdicts = judge(slot, shown[slot], article)
        gold_items = article[slot]
        matched = {v.gold for v in verdicts if v.gold is not None}
        # An item shown in another slot that accepts it (``also``) is right there but is not
        # recall of its own slot.
        right = sum(1 for v in verdicts if v.gold is not None or v.why.startswith("= "))
        counts[slot] = _count(len(verdicts), right, gold_items, matched, slot)
        found |= {(slot, k) for k in matched}
        wrong += [
            f"{slot}: {v.label}  [{v.why}]"
            for v in verdicts
            if v.gold is None and not v.why.startswith("= ")
        ]
        if slot == "quotes":
            right_speaker = set()
            for item, verdict in zip(shown[slot], verdicts, strict=True):
                if verdict.gold is not None and speaker_right(
                    attr(item, "speaker"), gold_items[verdict.gold], article
                ):
                    right_speaker.add(verdict.gold)
                elif verdict.gold is not None:
                    gold = gold_items[verdict.gold]
                    wrong.append(f"quote speaker: {verdict.label}  [gold: {gold['speaker']}]")
            counts["quotes+speaker"] = _count(
                len(verdicts), len(right_speaker), gold_items, right_speaker, slot
            )
        if slot == "people":
            roles = Count()
            for item, verdict in zip(shown[slot], verdicts, strict=True):
                role = attr(item, "role")
                if verdict.gold is not None and role:
                    roles.shown += 1
                    if role_right(str(role), gold_items[verdict.gold]):
                        roles.right += 1
                    else:
                        wrong.append(
                            f"role: {verdict.label}  [gold: {gold_items[verdict.gold].get('role')}]"
                        )
            counts["roles"] = roles
    return counts, wrong, found


def _count(shown: int, right: int, gold_items: list[Gold], matched: set[int], slot: str) -> Count:
    usable = [k for k, g in enumerate(gold_items) if slot != "dates" or g["iso"]]
    keys = [k for k in usable if gold_items[k]["key"]]
    return Count(
        shown=shown,
        right=right,
        key=len(keys),
        key_found=sum(1 for k in keys if k in matched),
        gold=len(usable),
        gold_found=sum(1 for k in usable if k in matched),
    )


def score_article(article: Gold, facts: Any, seconds: float) -> ArticleScore:
    result = ArticleScore(seconds=seconds)
    for view, shown in (("box", box_items(facts)), ("json", json_items(facts))):
        counts, wrong, found = score_view(shown, article, facts)
        result.counts[view] = counts
        result.wrong[view] = wrong
        if view == "json":
            result.missed = [
                f"{slot}: {_gold_label(slot, g)}"
                for slot in SLOTS
                if has_slot(facts, slot)
                for k, g in enumerate(article[slot])
                if g["key"] and (slot, k) not in found and (slot != "dates" or g["iso"])
            ]
    return result


def _gold_label(slot: str, item: Gold) -> str:
    if slot in ENTITY_SLOTS:
        return str(item["name"])
    if slot == "dates":
        return f"{item['text']} ({item['iso']})"
    if slot == "figures":
        return f"{item['text'][0]} ({item['counts']})"
    return f"“{item['text']}” — {item['speaker']}"


# --------------------------------------------------------------------------------------------
# Gold files, articles, selection
# --------------------------------------------------------------------------------------------


def load_gold(gold_dir: Path = GOLD_DIR) -> list[Gold]:
    articles: list[Gold] = []
    for path in sorted(gold_dir.glob("*.json")):
        articles.extend(json.loads(path.read_text(encoding="utf-8"))["articles"])
    return articles


def dev_items(path: Path = DEV_DATA) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return {item["id"]: item for item in map(json.loads, handle)}


def selection(items: Iterable[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """id -> (source, half) by the documented rule: SHA-256 order, first 20, even = tune."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_source[item["source"]].append(item["id"])
    chosen: dict[str, tuple[str, str]] = {}
    for source, ids in by_source.items():
        ids.sort(key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
        for k, item_id in enumerate(ids[:PER_SOURCE]):
            chosen[item_id] = (source, "tune" if k % 2 == 0 else "report")
    return chosen


def input_records(repo: Path = REPO) -> dict[str, Any]:
    """Every article of ``inputs/`` by gold id ("inputs/FILE" or "inputs/FILE#ID"), as loaded."""
    from newsbrief.load import load

    records: dict[str, Any] = {}
    for path in sorted((repo / "inputs").iterdir()):
        if not path.is_file():
            continue
        raws = load(str(path))
        for k, raw in enumerate(raws, start=1):
            name = f"inputs/{path.name}"
            if len(raws) > 1:
                name += f"#{raw.id or k}"
            records[name] = raw
    return records


def raw_article(article: Gold, dev: dict[str, dict[str, Any]], inputs: dict[str, Any]) -> Any:
    """The RawArticle newsbrief would get for this gold article."""
    from newsbrief.load import from_object

    if article["source"] == "inputs":
        return inputs[article["id"]]
    item = dev[article["id"]]
    return from_object({"title": item.get("title") or "", "text": item["text"]}, item["id"])


def source_text(article: Gold, dev: dict[str, dict[str, Any]], inputs: dict[str, Any]) -> str:
    """Title and text as the source gives them (for checking that gold spans occur)."""
    if article["source"] == "inputs":
        raw = inputs[article["id"]]
        return f"{raw.title or ''}\n{raw.body}"
    item = dev[article["id"]]
    return f"{item.get('title') or ''}\n{item['text']}"


# --------------------------------------------------------------------------------------------
# Validation of the gold files
# --------------------------------------------------------------------------------------------

_ISO = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-W\d{2}|--\d{2}-\d{2})$")
_ENTITY_KEYS = {"name", "aliases", "key", "role", "role_alt", "also", "kind"}
_ARTICLE_KEYS = {"id", "source", "half", "date", *SLOTS, "notes"}


def span_key(text: str) -> str:
    return " ".join(_QUOTE_MARKS.sub(" ", fold(text)).split())


def validate(articles: Sequence[Gold], texts: dict[str, str] | None = None) -> list[str]:
    """Problems in the gold (empty = well-formed). ``texts``: id -> source text for span checks."""
    problems: list[str] = []
    seen: set[str] = set()
    for article in articles:
        where = article.get("id", "?")
        if where in seen:
            problems.append(f"{where}: listed twice")
        seen.add(where)
        if set(article) - _ARTICLE_KEYS or not set(SLOTS) <= set(article):
            problems.append(f"{where}: keys {sorted(article)}")
            continue
        if article["half"] not in ("tune", "report"):
            problems.append(f"{where}: half {article['half']!r}")
        text = span_key(texts[where]) if texts is not None and where in texts else None

        def span(value: str, what: str, *, where: str = where, text: str | None = text) -> None:
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: empty {what}")
            elif text is not None and span_key(value) not in text:
                problems.append(f"{where}: {what} {value!r} not in the article")

        names = set()
        for slot in ENTITY_SLOTS:
            for item in article[slot]:
                if set(item) - _ENTITY_KEYS or not isinstance(item.get("key"), bool):
                    problems.append(f"{where}: {slot} item {item}")
                    continue
                names.add(item["name"])
                for form in (item["name"], *item["aliases"]):
                    span(form, f"{slot} name")
                if slot == "people" and "role" not in item:
                    problems.append(f"{where}: person {item['name']} without 'role'")
                if slot == "works_events" and not item.get("kind"):
                    problems.append(f"{where}: work/event {item['name']} without 'kind'")
                for other in item.get("also", ()):
                    if other not in ENTITY_SLOTS or other == slot:
                        problems.append(f"{where}: {item['name']} also {other!r}")
        isos = [d["iso"] for d in article["dates"] if d.get("iso")]
        if len(isos) != len(set(isos)):
            problems.append(f"{where}: one date item per ISO value ({isos})")
        for item in article["dates"]:
            span(item["text"], "date")
            if item["iso"] is not None and not _ISO.match(item["iso"]):
                problems.append(f"{where}: date iso {item['iso']!r}")
            if not isinstance(item.get("key"), bool) or not item.get("event"):
                problems.append(f"{where}: date {item}")
        for item in article["figures"]:
            if not isinstance(item["text"], list) or not item["text"]:
                problems.append(f"{where}: figure text must be a non-empty list: {item}")
                continue
            for form in item["text"]:
                span(form, "figure")
            value = item["value"]
            ok_value = value is None or isinstance(value, int | float)
            if isinstance(value, list):
                ok_value = len(value) == 2 and all(isinstance(v, int | float) for v in value)
            if not ok_value or not isinstance(item.get("key"), bool) or not item.get("counts"):
                problems.append(f"{where}: figure {item}")
        for item in article["quotes"]:
            span(item["text"], "quote opening")
            span(item["end"], "quote end")
            for name in filter(None, (item["speaker"], *item.get("speaker_ok", ()))):
                if name not in names:
                    problems.append(f"{where}: speaker {name!r} is not a listed entity")
            if not isinstance(item.get("key"), bool):
                problems.append(f"{where}: quote {item}")
    return problems


def check(articles: Sequence[Gold], dev: dict[str, dict[str, Any]] | None) -> list[str]:
    """``validate`` with span checks, plus the selection rule when the dev set is present."""
    inputs = input_records()
    texts = {
        a["id"]: source_text(a, dev or {}, inputs) for a in articles if a["source"] == "inputs"
    }
    problems: list[str] = []
    missing_inputs = set(inputs) - {a["id"] for a in articles}
    problems += [f"{name}: not in the gold set" for name in sorted(missing_inputs)]
    if dev is not None:
        chosen = selection(dev.values())
        for article in articles:
            if article["source"] == "inputs":
                continue
            if article["id"] not in dev:
                problems.append(f"{article['id']}: not in news_dev.jsonl")
                continue
            texts[article["id"]] = source_text(article, dev, inputs)
            expected = chosen.get(article["id"])
            if expected != (article["source"], article["half"]):
                problems.append(f"{article['id']}: selection rule says {expected}")
    return validate(articles, texts) + problems


# --------------------------------------------------------------------------------------------
# Running newsbrief and reporting
# --------------------------------------------------------------------------------------------


def run_engine(
    articles: Sequence[Gold], engine: str, dev: dict[str, dict[str, Any]]
) -> tuple[str, list[ArticleScore]]:
    from newsbrief.clean import clean
    from newsbrief.facts import extract_facts, ner_engine_name

    name = ner_engine_name(engine)  # loads the model once, outside the timing
    inputs = input_records()
    scores = []
    for article in articles:
        cleaned = clean(raw_article(article, dev, inputs))
        start = time.perf_counter()
        facts = extract_facts(cleaned, engine=engine)
        scores.append(score_article(article, facts, time.perf_counter() - start))
    return name, scores


def groups(articles: Sequence[Gold]) -> dict[str, list[int]]:
    """Row groups of the tables: all, each half, each source."""
    out: dict[str, list[int]] = {"all": list(range(len(articles)))}
    for half in ("tune", "report"):
        out[half] = [k for k, a in enumerate(articles) if a["half"] == half]
    for source in sorted({a["source"] for a in articles}):
        out[source] = [k for k, a in enumerate(articles) if a["source"] == source]
    return {name: members for name, members in out.items() if members}


def totals(scores: Sequence[ArticleScore], members: Iterable[int]) -> dict[str, dict[str, Count]]:
    out: dict[str, dict[str, Count]] = {"box": defaultdict(Count), "json": defaultdict(Count)}
    for k in members:
        for view in ("box", "json"):
            for row, count in scores[k].counts[view].items():
                out[view][row].add(count)
    return out


def pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.0f}" if whole else "-"


def summary(
    articles: Sequence[Gold], engine: str, scores: Sequence[ArticleScore]
) -> dict[str, Any]:
    report: dict[str, Any] = {"engine": engine, "groups": {}}
    for name, members in groups(articles).items():
        t = totals(scores, members)
        report["groups"][name] = {
            "articles": len(members),
            "ms_per_article": 1000 * sum(scores[k].seconds for k in members) / len(members),
            **{
                view: {
                    row: {
                        **vars(c),
                        "precision": c.right / c.shown if c.shown else None,
                        "recall_key": c.key_found / c.key if c.key else None,
                        "recall_all": c.gold_found / c.gold if c.gold else None,
                    }
                    for row, c in t[view].items()
                }
                for view in ("box", "json")
            },
        }
    return report


def print_tables(report: dict[str, Any]) -> None:
    rows = [r for r in ROWS if any(r in g["json"] for g in report["groups"].values())]
    print(f"\nengine: {report['engine']}")
    titles = {
        "box": "box (what the briefing shows): precision % / key recall %",
        "json": "JSON (all items): precision % / key recall % / all-items recall %",
    }
    for view in ("box", "json"):
        print(f"\n{titles[view]}")
        print("| group | n | " + " | ".join(rows) + " | ms/article |")
        print("| --- | ---: | " + " | ".join("---:" for _ in rows) + " | ---: |")
        for name, g in report["groups"].items():
            cells = []
            for row in rows:
                c = g[view].get(row)
                if c is None:
                    cells.append("")
                elif row == "roles":
                    cells.append(f"{pct(c['right'], c['shown'])} ({c['right']}/{c['shown']})")
                else:
                    cell = f"{pct(c['right'], c['shown'])} / {pct(c['key_found'], c['key'])}"
                    if view == "json":
                        cell += f" / {pct(c['gold_found'], c['gold'])}"
                    cells.append(cell)
            ms = f"{g['ms_per_article']:.0f}"
            print(f"| {name} | {g['articles']} | " + " | ".join(cells) + f" | {ms} |")
    print("\nshown items per article (box / JSON), all articles:")
    g = report["groups"]["all"]
    n = g["articles"]
    print(
        "  "
        + ", ".join(
            f"{row} {g['box'][row]['shown'] / n:.1f} / {g['json'][row]['shown'] / n:.1f}"
            for row in rows
            if row in g["box"] and row not in ("quotes+speaker", "roles")
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["spacy", "rules", "both"], default="both")
    parser.add_argument("--half", choices=["tune", "report"], help="only this half")
    parser.add_argument("--source", help="only this source (bbc_news_summary, ..., inputs)")
    parser.add_argument("--data", type=Path, default=DEV_DATA, help="news_dev.jsonl")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="wrong/missed items of N articles (box)",
    )
    parser.add_argument("--check", action="store_true", help="only validate the gold files")
    args = parser.parse_args(argv)
    articles = load_gold()
    dev = dev_items(args.data) if args.data.is_file() else None
    if args.check:
        problems = check(articles, dev)
        for problem in problems:
            print(problem)
        where = "with" if dev is not None else "without (../shared absent)"
        print(
            f"{len(articles)} gold articles checked {where} the dev texts: {len(problems)} problems"
        )
        return 1 if problems else 0
    if dev is None:
        print(f"{args.data}: no such file (the dev set lives in ../shared/eval)", file=sys.stderr)
        return 1
    articles = [
        a
        for a in articles
        if (args.half is None or a["half"] == args.half)
        and (args.source is None or a["source"] == args.source)
    ]
    if not articles:
        print("no gold article matches the filter", file=sys.stderr)
        return 1
    engines = ["spacy", "rules"] if args.engine == "both" else [args.engine]
    reports = []
    for engine in engines:
        name, scores = run_engine(articles, engine, dev)
        reports.append(summary(articles, name, scores))
        if not args.json:
            print_tables(reports[-1])
        for article, score in list(zip(articles, scores, strict=True))[: args.show_errors]:
            print(f"\n## {article['id']} ({name})", file=sys.stderr)
            for line in score.wrong["box"]:
                print(f"  wrong in box  {line}", file=sys.stderr)
            for line in score.missed:
                print(f"  key missed    {line}", file=sys.stderr)
    if args.json:
        print(json.dumps({"gold_articles": len(articles), "engines": reports}, indent=1))
    else:
        box = (
            "product box function"
            if product_box_function()
            else "template limits " + str(TEMPLATE_LIMITS)
        )
        print(f"\n{len(articles)} gold articles; box = {box}; gold: {GOLD_DIR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
