"""Story summaries: what several outlets agree on, in a few whole sentences, nothing told twice.

A story's reports are cut into candidate sentences (each report's best
sentences by the ranker, so long pages contribute their lead material). Each
report, read as its candidates, is a reference for the sentences of the *other*
reports: a set of sentences is worth how well it would score as a summary of
each other outlet's report, word and word-pair overlap (F1 of words plus F1 of
adjacent-word pairs, stemmed, stop words included), summed over the reports. A
sentence never scores against its own report, so what counts is what other
outlets tell too, in their words (the agreement behind multi-document
summarisers' centroid and concept coverage, measured the way a summary is
measured against a reference; F1 balances what a sentence matches against its
length). The summary is picked greedily, each time the sentence that raises that
worth most; a sentence is passed over when it repeats a picked one (shared words
or figures, ``redundant``), opens with a pronoun or connective whose sentence
before it is not picked, or is cut off ("..." at the end of a feed excerpt)
while complete sentences remain. The result is read report by report, the
report of the first pick first, sentence order within a report. A story of one
report is that report's ranker summary.

**Updates.** When a story was briefed before and gained reports, the summary
opens with what is new: sentences of the new reports that do not repeat what
was told before (the sentences briefed earlier), picked by concept coverage
(stemmed content words and adjacent-word pairs, weighted by how many reports
mention them, as in Gillick and Favre's concept coverage) with the told
concepts already covered and every concept counting (one new report may be the
only one with the news). The rest of the budget goes to the story's other
sentences by agreement, never a repeat of what was told.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

from ..errors import NewsbriefError
from ..lexicon import WORD
from ..rank import dangling_opener, rank
from ..rank.base import word_count
from ..rank.news import skip_reason
from ..types import Article
from .merge import content_words
from .overlap import Agreement, Grams

#: A sentence sharing this share of its content words with a chosen one is dropped.
REDUNDANT_OVERLAP = 0.6
#: A sentence whose content words are less than this share new (against all chosen) is dropped.
MIN_NOVELTY = 0.6
#: Candidate sentences per report: its best ones by the ranker (its lead material).
CANDIDATES_PER_REPORT = 8

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CUT_OFF = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])[\s\"'”’)]*$")


@dataclass(frozen=True)
class Candidate:
    """One sentence a story summary may use."""

    report: int  # position of its report in the story (best first)
    index: int  # its index in the report
    text: str
    words: int
    content: frozenset[str]  # content words, for the repeat test
    numbers: frozenset[str]
    dangling: bool  # opens with "He", "But", ... and is not its report's first sentence
    cut_off: bool
    grams: Grams = field(compare=False)  # its words and word pairs (agreement between reports)

    @cached_property
    def concepts(self) -> frozenset[str]:
        """Its concepts (``concepts``), computed when first asked: only updates use them."""
        return concepts(self.text)


def concepts(text: str) -> frozenset[str]:
    """Stemmed content words and adjacent-word pairs (not two stop words) of ``text``."""
    terms = [_term(token) for token in WORD.findall(text)]
    out = {term for term, is_content in terms if is_content}
    out.update(f"{a} {b}" for (a, ca), (b, cb) in pairwise(terms) if ca or cb)
    return frozenset(out)


def grams(text: str) -> Grams:
    """Every word of ``text`` (content words stemmed, stop words lower-cased) and its pairs."""
    return Grams.of([_term(token)[0] for token in WORD.findall(text)])


@lru_cache(maxsize=1 << 16)
def _term(token: str) -> tuple[str, bool]:
    """(its stem, True) for a content word; (the lower-cased word, False) for a stop word."""
    stems = content_words(token)
    return (stems[0], True) if stems else (token.lower(), False)


def candidates(articles: Sequence[Article], method: str = "news") -> list[Candidate]:
    """Candidate sentences of every report."""
    out: list[Candidate] = []
    for pos, article in enumerate(articles):
        picked = sorted(_best_indices(article, method))
        mine = [_candidate(pos, article, i) for i in picked]
        out.extend([c for c in mine if skip_reason(c.text) is None] or mine)
    return out


def report_concepts(articles: Sequence[Article], pool: Sequence[Candidate]) -> list[frozenset[str]]:
    """Each report's concepts: its headline's and its candidates'."""
    return [
        concepts(article.title).union(*(c.concepts for c in pool if c.report == pos))
        for pos, article in enumerate(articles)
    ]


def _best_indices(article: Article, method: str) -> list[int]:
    """Indices of the article's best sentences by ``method`` (its first ones if it fails)."""
    count = min(len(article.sentences), CANDIDATES_PER_REPORT)
    if count < len(article.sentences):
        try:
            return [s.index for s in rank(article, method, sentences=count).sentences]
        except NewsbriefError:
            pass
    return [s.index for s in article.sentences[:count]]


def _candidate(report: int, article: Article, index: int) -> Candidate:
    sentence = next(s for s in article.sentences if s.index == index)
    text = sentence.text
    first = sentence is article.sentences[0]
    return Candidate(
        report=report,
        index=index,
        text=text,
        words=word_count(text),
        content=frozenset(content_words(text)),
        numbers=frozenset(_NUMBER.findall(text)),
        dangling=not first and dangling_opener(text) is not None,
        cut_off=bool(_CUT_OFF.search(text)),
        grams=grams(text),
    )


def _overlap(a: Collection[str], b: Collection[str]) -> float:
    return len(set(a) & set(b)) / min(len(a), len(b)) if a and b else 0.0


def redundant(candidate: Candidate, chosen: Sequence[Candidate]) -> bool:
    """True when a sentence repeats a chosen one, adds too few new words, or re-tells its figures.

    Two reports of one fact share their figures ("3,000 residents", "2,400 hectares")
    even when worded apart, so a sentence whose figures are mostly told is dropped.
    """
    words = candidate.content
    if not words or not chosen:
        return not words
    if repeats(candidate, chosen):
        return True
    told = frozenset().union(*(c.content for c in chosen))
    return len(words - told) / len(words) < MIN_NOVELTY


def repeats(candidate: Candidate, told: Sequence[Candidate]) -> bool:
    """True when a sentence restates one of ``told``: most of its words, or most of the figures.

    This is the test against what an earlier day's summary told: today's sentences
    share that summary's topic words anyway, so only a restatement counts.
    """
    words = candidate.content
    if any(_overlap(words, c.content) >= REDUNDANT_OVERLAP for c in told):
        return True
    told_numbers = frozenset().union(*(c.numbers for c in told))
    shared = candidate.numbers & told_numbers
    return len(shared) >= 2 and len(shared) * 3 >= len(candidate.numbers) * 2


@dataclass(frozen=True)
class Length:
    """``sentences`` sentences, or as many whole sentences as fit in ``words`` (at least one)."""

    sentences: int
    words: int | None = None

    def fits(self, picked: Sequence[Candidate], extra: Candidate) -> bool:
        if self.words is None:
            return len(picked) < self.sentences
        used = sum(c.words for c in picked)
        return not picked or used + extra.words <= self.words


def _usable(c: Candidate, picked: Sequence[Candidate], told: Sequence[Candidate]) -> bool:
    """Not picked, its antecedent picked if it dangles, no repeat of ``picked`` or ``told``."""
    if c in picked:
        return False
    if c.dangling and not any(p.report == c.report and p.index == c.index - 1 for p in picked):
        return False
    return not redundant(c, picked) and not (told and repeats(c, told))


def cover(
    pool: Sequence[Candidate],
    weights: Counter[str],
    budget: Length,
    *,
    picked: Sequence[Candidate] = (),
    covered: frozenset[str] = frozenset(),
    told: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Greedy concept coverage over ``pool`` after ``picked``: the sentences it adds, best first.

    Complete sentences are preferred to cut-off ones; a sentence that adds no
    weight is never taken here (``agree`` fills the rest).
    """
    chosen = list(picked)
    added: list[Candidate] = []
    seen = set(covered).union(*(c.concepts for c in chosen))
    while True:
        best: Candidate | None = None
        best_key = (False, 0.0)
        for c in pool:
            if not budget.fits(chosen, c) or not _usable(c, chosen, told):
                continue
            gain = float(sum(weights[k] for k in c.concepts - seen))
            key = (not c.cut_off, gain)
            if gain > 0 and key > best_key:
                best, best_key = c, key
        if best is None:
            return added
        chosen.append(best)
        added.append(best)
        seen |= best.concepts


def agree(
    pool: Sequence[Candidate],
    budget: Length,
    *,
    picked: Sequence[Candidate] = (),
    told: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Greedy agreement over ``pool`` after ``picked``: the sentences it adds, in pick order.

    Each step takes the usable sentence that raises ``overlap.Agreement``'s worth (each report
    a reference for the others' sentences) the most, complete sentences before
    cut-off ones; ties go to the earlier sentence, then the better report.
    """
    references = [Grams()] * (1 + max((c.report for c in pool), default=-1))
    for c in pool:
        references[c.report] = references[c.report] + c.grams
    agreement = Agreement(references)
    for p in picked:
        agreement.add(p.report, p.grams)
    chosen = list(picked)
    added: list[Candidate] = []
    while True:
        best: Candidate | None = None
        best_key: tuple[bool, float, int, int] | None = None
        for c in pool:
            if not budget.fits(chosen, c) or not _usable(c, chosen, told):
                continue
            key = (not c.cut_off, agreement.gain(c.report, c.grams), -c.index, -c.report)
            if best_key is None or key > best_key:
                best, best_key = c, key
        if best is None:
            return added
        chosen.append(best)
        added.append(best)
        agreement.add(best.report, best.grams)


def agreement(per_report: Sequence[frozenset[str]], at_least: int) -> Counter[str]:
    """Concept weights: how many reports mention each, for those at least ``at_least`` do."""
    counts: Counter[str] = Counter()
    for report in per_report:
        counts.update(report)
    return Counter({k: n for k, n in counts.items() if n >= at_least})


def _reading_order(chosen: Sequence[Candidate]) -> tuple[str, ...]:
    """Report by report, the report of the first pick (what most outlets agree on) first;
    sentence order within a report (so an antecedent stays before its pronoun)."""
    first_pick: dict[int, int] = {}
    for rank_no, c in enumerate(chosen):
        first_pick.setdefault(c.report, rank_no)
    ordered = sorted(chosen, key=lambda c: (first_pick[c.report], c.index))
    return tuple(c.text for c in ordered)


def summarise_story(
    articles: Sequence[Article],
    sentences: int,
    method: str = "news",
    *,
    words: int | None = None,
    new_ids: Collection[str] = frozenset(),
    told: Sequence[str] = (),
) -> tuple[str, ...]:
    """The story summary (see the module docstring); ``articles`` best report first.

    ``new_ids`` are the reports that are new since the story was last briefed and
    ``told`` the sentences briefed then; with both, the summary is an update that
    opens with what is new.
    """
    budget = Length(sentences, words)
    if not articles:
        return ()
    if len(articles) == 1 and not told:
        summary = rank(articles[0], method, sentences=None if words else sentences, words=words)
        return summary.texts
    pool = candidates(articles, method)
    told_items = [_told(t) for t in told]
    new = {pos for pos, a in enumerate(articles) if a.id in new_ids}
    if new and len(new) < len(articles):
        return _update(pool, report_concepts(articles, pool), budget, new, told_items)
    return _reading_order(agree(pool, budget, told=told_items))


def _update(
    pool: Sequence[Candidate],
    per_report: Sequence[frozenset[str]],
    budget: Length,
    new: Collection[int],
    told: Sequence[Candidate],
) -> tuple[str, ...]:
    """New reports' sentences that tell something new first, then the rest of the story."""
    covered = frozenset().union(*(t.concepts for t in told))
    fresh = [c for c in pool if c.report in new]
    lead = cover(fresh, agreement(per_report, 1), budget, covered=covered, told=told)
    rest = agree(pool, budget, picked=lead, told=told)
    return _reading_order(lead) + _reading_order(rest)


def _told(text: str) -> Candidate:
    """A sentence briefed before, as a candidate (only its words matter)."""
    return Candidate(
        report=-1,
        index=-1,
        text=text,
        words=word_count(text),
        content=frozenset(content_words(text)),
        numbers=frozenset(_NUMBER.findall(text)),
        dangling=False,
        cut_off=False,
        grams=grams(text),
    )
