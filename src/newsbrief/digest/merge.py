"""Merge near-duplicate articles (one event, several outlets) into story clusters.

Technique: normalise each headline (strip "LIVE:", "Opinion |", " - Outlet",
bylines, datelines), take content-word shingles of headline + lead, find
candidate pairs with MinHash LSH (datasketch; no all-pairs loop), then accept a
candidate only when the TF-IDF cosine of the two articles (headline words
weighted up) is high enough, or the headlines nearly match and the texts agree
somewhat, and the two were published within the time window. Two reports that
date their event to different weekdays count half as similar (``cues.py``: the
next step of a running story, told on the same day, shares the topic but not the
day). Accepted pairs are
joined strongest first while the two groups' average similarity stays high (a
lower bar for groups of short, headline-only texts, whose similarities run low),
and, on a day whose feeds tell each story once (``outlets_repeat``), never into a
group that already holds a report of the same outlet, nor two groups of several
reports that are less alike across than inside (``MergeParams.cohesion``).
Cost: linear in articles plus the LSH candidates.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from datasketch import MinHash, MinHashLSH

from ..lexicon import LEAD_BYLINE, WORD, stem, stop_words
from ..wire import split_dateline
from .cues import Figure, days_conflict, figures, figures_conflict, weekdays

_PREFIX = re.compile(
    r"^\s*(?:live(?: updates?)?|updated?|breaking(?: news)?|watch|video|exclusive|analysis|"
    r"opinion|editorial|explainer|factbox|fact check|photos?|listen|podcast|just in|"
    r"developing|report|commentary|perspective)\s*[:|–—-]\s*",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"\s+[|–—-]\s+([^|–—-]{1,60})$")
#: Lead words of each article that take part in merging.
LEAD_WORDS = 80


class Words(NamedTuple):
    """What the merger compares of one article (``merge_words``)."""

    head: tuple[str, ...]  # content words of the cleaned headline
    lead: tuple[str, ...]  # content words of the lead
    days: frozenset[str] = frozenset()  # weekdays the headline and lead name
    figures: frozenset[Figure] = frozenset()  # figures the headline states


@dataclass(frozen=True)
class MergeItem:
    """What the merger looks at for one article.

    ``words`` is ``merge_words(title, text, outlet)`` when already computed (e.g. on a
    helper process as the article arrived); else the merger computes it.
    """

    title: str
    text: str
    outlet: str | None = None
    published: datetime | None = None
    words: Words | None = None


@dataclass(frozen=True)
class MergeParams:
    """Tuned on ../shared/eval/articles_dev.jsonl and tests/digest_fixtures (see docs/digest.md)."""

    num_perm: int = 256
    lsh_threshold: float = 0.05
    accept_cosine: float = 0.27
    headline_match: float = 0.6
    headline_cosine: float = 0.2
    window_hours: float = 48.0
    headline_weight: float = 2.0
    #: average pair similarity two groups need to join (guard against chaining)
    link_average: float = 0.2
    #: the same bar when both groups hold only short, headline-only texts
    link_average_short: float = 0.07
    #: a text is "short" when its lead adds fewer new content words than this to the headline
    short_extra_words: int = 5
    #: factor on the similarity of two reports that name different weekdays (``cues.py``)
    other_day: float = 0.5
    #: factor on the similarity of two reports whose headlines state different figures
    other_figures: float = 0.5
    #: two groups holding reports of the same outlet do not join, on a day whose merges
    #: pair an outlet with itself less often than this times chance (``outlets_repeat``);
    #: 0 turns the rule off
    one_per_outlet: float = 0.5
    #: pairs at least this similar are the evidence ``outlets_repeat`` counts (on the
    #: AllSides tune half, 93% of candidate pairs this similar are one story)
    outlet_evidence: float = 0.4
    #: on such a day, two groups of 2+ reports join only when alike across at least this
    #: share of the looser group's own average similarity (``_Linker``)
    cohesion: float = 0.75


def clean_headline(title: str, outlet: str | None = None) -> str:
    """The headline without boilerplate: prefixes ("LIVE:"), outlet suffixes (" - BBC News")."""
    text = " ".join(title.split())
    for _ in range(3):
        stripped = _PREFIX.sub("", text)
        if stripped == text:
            break
        text = stripped
    match = _SUFFIX.search(text)
    if match:
        tail = match.group(1).strip()
        head = text[: match.start()]
        is_outlet = outlet is not None and _same_name(tail, outlet)
        if is_outlet or (len(tail.split()) <= 4 and len(head.split()) >= 3):
            text = head
    return text.strip(" -|–—:") or " ".join(title.split())


_OPINION = re.compile(
    r"^\s*(?:opinion|editorial|analysis|commentary|perspective|column)\b|\b(?:opinion|editorial)\s*$",
    re.IGNORECASE,
)


def is_opinion(title: str) -> bool:
    """True for headlines marked as opinion/analysis (a news report makes the better headline)."""
    return bool(_OPINION.search(title)) or "| opinion" in title.lower()


def _same_name(a: str, b: str) -> bool:
    norm_a, norm_b = (" ".join(WORD.findall(x.lower())) for x in (a, b))
    return bool(norm_a) and (norm_a in norm_b or norm_b in norm_a)


def strip_lead_boilerplate(text: str) -> str:
    """Text without a leading byline ("By Jane Doe,") or wire dateline ("PARIS (AP) -")."""
    return split_dateline(LEAD_BYLINE.sub("", text, count=1))[1]


def _stem(word: str) -> str:
    return stem(word) if len(word) > 3 else word


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words that are not stop words."""
    stop = stop_words()
    words = (w.lower().replace("’", "'") for w in WORD.findall(text))
    return [_stem(w) for w in words if w not in stop and len(w) > 1]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class _Features:
    headline: frozenset[str]
    vector: dict[str, float]
    short: bool = False
    days: frozenset[str] = frozenset()
    figures: frozenset[Figure] = frozenset()


def merge_words(title: str, text: str, outlet: str | None = None) -> Words:
    """Content words of the cleaned headline and of the lead: what the merger compares."""
    headline = clean_headline(title, outlet)
    lead_text = " ".join(strip_lead_boilerplate(text).split()[:LEAD_WORDS])
    return Words(
        tuple(content_words(headline)),
        tuple(content_words(lead_text)),
        weekdays(f"{headline}\n{lead_text}"),
        figures(headline),
    )


def _features(items: Sequence[MergeItem], params: MergeParams) -> list[_Features]:
    tokens = [
        item.words if item.words is not None else merge_words(item.title, item.text, item.outlet)
        for item in items
    ]
    df: Counter[str] = Counter()
    for head, lead, *_ in tokens:
        df.update(set(head) | set(lead))
    n = len(items)
    features = []
    for head, lead, days, figs in tokens:
        short = len(set(lead) - set(head)) < params.short_extra_words
        counts: dict[str, float] = dict(Counter(lead))
        for word in head:
            counts[word] = counts.get(word, 0.0) + params.headline_weight
        vector = {
            w: (1 + math.log(c)) * math.log((1 + n) / (1 + df[w]) + 1) for w, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vector = {w: v / norm for w, v in vector.items()}
        features.append(_Features(frozenset(head), vector, short, days, figs))
    return features


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _within_window(a: datetime | None, b: datetime | None, hours: float) -> bool:
    if a is None or b is None:
        return True
    if (a.tzinfo is None) != (b.tzinfo is None):  # naive vs aware: compare wall times
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return abs((a - b).total_seconds()) <= hours * 3600


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) datasketch's LSH picks for ``threshold`` and ``num_perm``.

    Finding them integrates false-positive/negative curves (a tenth of a second), so
    it is done once per process, not once per ``cluster`` call.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def candidate_pairs(features: Sequence[_Features], params: MergeParams) -> set[tuple[int, int]]:
    """Pairs that share enough shingles according to MinHash LSH (never all pairs)."""
    lsh = MinHashLSH(
        num_perm=params.num_perm, params=lsh_bands(params.lsh_threshold, params.num_perm)
    )
    # one permutation table shared by all signatures (MinHash.bulk), not one per article
    hashes = MinHash.bulk(
        ([w.encode("utf-8") for w in feat.vector] for feat in features),
        num_perm=params.num_perm,
        seed=1,
    )
    with lsh.insertion_session() as session:
        for i, feat in enumerate(features):
            if feat.vector:
                session.insert(i, hashes[i])
    pairs: set[tuple[int, int]] = set()
    for i, feat in enumerate(features):
        if not feat.vector:
            continue
        for j in lsh.query(hashes[i]):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def pair_score(a: _Features, b: _Features, params: MergeParams) -> float:
    """Similarity of one candidate pair: TF-IDF cosine, raised when the headlines nearly match,
    lowered when the two date their event to different weekdays."""
    score = _cosine(a.vector, b.vector)
    if (
        params.headline_cosine <= score < params.accept_cosine
        and _jaccard(a.headline, b.headline) >= params.headline_match
    ):
        score = params.accept_cosine
    if days_conflict(a.days, b.days):
        score *= params.other_day
    if figures_conflict(a.figures, b.figures):
        score *= params.other_figures
    return score


class _Linker:
    """Union-find that joins two groups only if their average similarity stays high.

    Similarities are known for candidate pairs only (others count as 0), kept as
    sparse sums between current groups, so the cost follows the candidate count.
    With ``outlets``, two groups that hold reports of one outlet never join, and two
    groups of two or more reports each join only when their average similarity is at
    least ``cohesion`` times the looser group's own average (two stories each told by
    several outlets, more alike inside than across, are two steps of a running story).
    """

    def __init__(
        self,
        n: int,
        long: Sequence[bool] | None = None,
        outlets: Sequence[str | None] | None = None,
        cohesion: float = 0.0,
    ) -> None:
        self.outlets: list[frozenset[str]] | None = (
            [frozenset([o]) if o else frozenset() for o in outlets] if outlets is not None else None
        )
        self.uf = _UnionFind(n)
        self.size = [1] * n
        self.long = [int(x) for x in long] if long is not None else [1] * n
        self.links: list[dict[int, float]] = [{} for _ in range(n)]
        self.inner = [0.0] * n  # sum of the similarities inside each group
        self.cohesion = cohesion if outlets is not None else 0.0

    def add(self, i: int, j: int, score: float) -> None:
        self.links[i][j] = self.links[i].get(j, 0.0) + score
        self.links[j][i] = self.links[j].get(i, 0.0) + score

    def average(self, ra: int, rb: int) -> float:
        return self.links[ra].get(rb, 0.0) / (self.size[ra] * self.size[rb])

    def join(self, i: int, j: int, minimum: float, minimum_short: float | None = None) -> None:
        """Join the groups of ``i`` and ``j`` if their average similarity reaches the bar.

        ``minimum_short`` (when given) is the bar for two groups of short,
        headline-only texts, whose pair similarities run lower.
        """
        ra, rb = self.uf.find(i), self.uf.find(j)
        if ra == rb:
            return
        all_short = not self.long[ra] and not self.long[rb]
        bar = minimum_short if all_short and minimum_short is not None else minimum
        if self.average(ra, rb) < bar:
            return
        if self.outlets is not None and self.outlets[ra] & self.outlets[rb]:
            return
        if self.cohesion and not all_short and min(self.size[ra], self.size[rb]) > 1:
            looser = min(self.inner[r] / (self.size[r] * (self.size[r] - 1) / 2) for r in (ra, rb))
            if self.average(ra, rb) < self.cohesion * looser:
                return
        across = self.links[ra].get(rb, 0.0)
        self.uf.union(ra, rb)
        keep, gone = (ra, rb) if self.uf.find(ra) == ra else (rb, ra)
        if self.outlets is not None:
            self.outlets[keep] |= self.outlets[gone]
        self.inner[keep] += self.inner[gone] + across
        self.size[keep] += self.size[gone]
        self.long[keep] += self.long[gone]
        for other, total in self.links[gone].items():
            if other == keep:
                continue
            self.links[keep][other] = self.links[keep].get(other, 0.0) + total
            self.links[other][keep] = self.links[other].get(keep, 0.0) + total
            del self.links[other][gone]
        self.links[keep].pop(gone, None)
        self.links[gone] = {}


def outlets_repeat(
    outlets: Sequence[str | None], pairs: Sequence[tuple[int, int]], params: MergeParams
) -> bool:
    """Whether this day's outlets may tell one story more than once.

    An outlet's feed usually tells each story of the day once, so among the day's
    near-certain pairs (``pairs``: score >= ``outlet_evidence``), two reports of one
    outlet are rarer than chance (only confusions pair them). Feeds that repeat
    stories (an aggregator, a corpus without outlet names under one feed) make them
    commoner than chance instead. The day counts as one-report-per-outlet when those
    pairs hold fewer same-outlet pairs than ``one_per_outlet`` times the chance count
    (and chance expects at least one). One day-wide answer, not one per outlet: an
    outlet's own few pairs are too little evidence (deciding per outlet cost UCI a
    quarter of its recall), so one repeating feed turns the rule off for the day.
    """
    named = [o for o in outlets if o]
    if params.one_per_outlet <= 0 or len(named) < 2 or not pairs:
        return True
    counts = Counter(named)
    chance = sum(c * (c - 1) for c in counts.values()) / (len(named) * (len(named) - 1))
    expected = chance * len(pairs)
    observed = sum(1 for i, j in pairs if outlets[i] and outlets[i] == outlets[j])
    return expected < 1 or observed >= params.one_per_outlet * expected


def cluster(items: Sequence[MergeItem], params: MergeParams | None = None) -> list[list[int]]:
    """Groups of item indices that report the same story; each group sorted, groups by first index.

    Pairs are taken strongest first; two groups join only when their average
    pair similarity is at least ``link_average`` (no chaining through one link).
    """
    params = params or MergeParams()
    features = _features(items, params)
    edges: list[tuple[float, int, int]] = []
    for i, j in candidate_pairs(features, params):
        if not _within_window(items[i].published, items[j].published, params.window_hours):
            continue
        score = pair_score(features[i], features[j], params)
        if score > 0:
            edges.append((score, i, j))
    outlets = [item.outlet for item in items]
    evidence = [(i, j) for s, i, j in edges if s >= params.outlet_evidence]
    once = None if outlets_repeat(outlets, evidence, params) else outlets
    linker = _Linker(len(items), [not f.short for f in features], once, params.cohesion)
    for score, i, j in edges:
        linker.add(i, j, score)
    for score, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        if score >= params.accept_cosine:
            linker.join(i, j, params.link_average, params.link_average_short)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(linker.uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
