"""Rankers: the METHODS registry, rank() contract, the news ranker's guards, and the CLI path."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsbrief.clean import clean
from newsbrief.cli import app
from newsbrief.errors import RankError
from newsbrief.evaluate import is_dangling
from newsbrief.rank import METHODS, dangling_opener, rank
from newsbrief.rank.base import Budget
from newsbrief.rank.news import (
    NewsParams,
    NewsRanker,
    NewsRanking,
    directed_overlap,
    layout_weight,
    length_normalised_degree,
    position_distance,
    skip_reason,
    term_entries,
)
from newsbrief.split import split_paragraph
from newsbrief.types import Article, RawArticle, Sentence

PARAGRAPHS = [
    (
        "The city council of Norbury voted on Tuesday to close the old river bridge to all "
        "traffic after engineers found deep cracks in its main supports."
    ),
    (
        "Engineers from the regional transport agency inspected the bridge last week and said the "
        "cracks had grown since a survey in the spring. The council said the river bridge would "
        "stay closed until repairs are finished, which could take two years. It will cost about 4 "
        "million pounds."
    ),
    ("Photo: Getty Images"),
    (
        "Local shop owners said the closure of the bridge would cut them off from customers on "
        "the other bank of the river. But the council said safety had to come first. Buses will "
        "be diverted over the new ring road bridge, adding ten minutes to journeys."
    ),
    ("Will the repairs be finished in time?"),
    (
        "The mayor said the council would ask the government for money to repair the bridge and "
        "to build a temporary footbridge for pedestrians. He added that a public meeting on the "
        "closure would be held next month."
    ),
]
ARTICLE = "\n\n".join(PARAGRAPHS)

TITLE = "Norbury council closes cracked river bridge"


def make_article(text: str, title: str = "") -> Article:
    """An Article built with our own splitter (independent of the cleaning stage)."""
    sentences: list[Sentence] = []
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs):
        for piece in split_paragraph(paragraph):
            sentences.append(Sentence(index=len(sentences), paragraph=number, text=piece))
    return Article(
        id="t",
        location="test",
        title=title,
        text="\n\n".join(paragraphs),
        sentences=tuple(sentences),
    )


@pytest.fixture()
def article() -> Article:
    return make_article(ARTICLE, TITLE)


def _is_ordered_subset(article: Article, picked: tuple[Sentence, ...]) -> bool:
    positions = [article.sentences.index(s) for s in picked]
    return positions == sorted(set(positions))


def test_registry_order_and_descriptions() -> None:
    names = list(METHODS)
    assert names[0] == "news"
    expected = {
        "lead",
        "lex-rank",
        "text-rank",
        "lsa",
        "luhn",
        "edmundson",
        "kl",
        "sum-basic",
        "reduction",
    }
    assert expected <= set(names)
    for name, ranker in METHODS.items():
        assert ranker.name == name
        assert ranker.description and "\n" not in ranker.description


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_returns_an_ordered_subset(article: Article, method: str) -> None:
    summary = rank(article, method, sentences=3)
    assert summary.method == method
    assert len(summary.sentences) == 3
    assert _is_ordered_subset(article, summary.sentences)
    assert all(s in article.sentences for s in summary.sentences)


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_explains_every_sentence(article: Article, method: str) -> None:
    summary = rank(article, method, sentences=2, explain=True)
    assert [e.index for e in summary.explanation] == [s.index for s in article.sentences]
    selected = [e.text for e in summary.explanation if e.selected]
    assert tuple(selected) == summary.texts
    first = summary.explanation[0]
    assert f"position 1 of {len(article.sentences)}" in first.reasons
    assert any("picked (rank 1)" in r for e in summary.explanation for r in e.reasons)


@pytest.mark.parametrize("method", list(METHODS))
def test_short_input_returns_everything(method: str) -> None:
    one = make_article("Only one sentence is in this very short article about rain.")
    assert rank(one, method, sentences=3).texts == (one.sentences[0].text,)
    two = make_article("Heavy rain flooded the valley on Monday. Roads were closed for hours.")
    assert len(rank(two, method, sentences=3).sentences) == 2


@pytest.mark.parametrize("method", list(METHODS))
def test_no_paragraph_input(method: str) -> None:
    block = " ".join(ARTICLE.replace("Photo: Getty Images", "").split())
    flat = make_article(block)
    assert len({s.paragraph for s in flat.sentences}) == 1
    summary = rank(flat, method, sentences=3)
    assert len(summary.sentences) == 3 and _is_ordered_subset(flat, summary.sentences)


@pytest.mark.parametrize("method", ["news", "lead", "text-rank"])
def test_word_budget(article: Article, method: str) -> None:
    summary = rank(article, method, words=45)
    total = sum(len(t.split()) for t in summary.texts)
    assert summary.sentences
    assert total <= 45 or len(summary.sentences) == 1
    tiny = rank(article, method, words=1)
    assert len(tiny.sentences) == 1  # at least one sentence, however long


def test_word_budget_grows_with_words(article: Article) -> None:
    short = rank(article, "news", words=30)
    long = rank(article, "news", words=120)
    assert len(long.sentences) > len(short.sentences)


def test_deterministic(article: Article) -> None:
    runs = {rank(article, m, sentences=3).texts for m in ("news",) for _ in range(3)}
    assert len(runs) == 1


def test_unknown_method_and_bad_length(article: Article) -> None:
    with pytest.raises(RankError, match="unknown method"):
        rank(article, "nope")
    with pytest.raises(RankError):
        rank(article, "news", sentences=0)
    with pytest.raises(RankError):
        rank(article, "news", words=-5)


def test_news_skips_captions_and_teasers(article: Article) -> None:
    summary = rank(article, "news", sentences=6, explain=True)
    assert "Photo: Getty Images" not in summary.texts
    assert "Will the repairs be finished in time?" not in summary.texts
    rows = {e.text: e for e in summary.explanation}
    assert any("skipped" in r for r in rows["Photo: Getty Images"].reasons)
    assert any("question" in r for r in rows["Will the repairs be finished in time?"].reasons)


def test_skip_reason_classes() -> None:
    assert skip_reason("By . Daily Mail Reporter . PUBLISHED: . 10:01 EST") is not None
    assert skip_reason("Image copyright Reuters") is not None
    assert skip_reason("Too short.") is not None
    assert skip_reason("The council voted to close the bridge on Tuesday night.") is None


def test_dangling_opener() -> None:
    assert dangling_opener("He added that it was fine.") == "He"
    assert dangling_opener('"But we never agreed," she said.') == "But"
    assert dangling_opener("Henry added that it was fine.") is None
    assert dangling_opener("The mayor said so.") is None


def test_news_never_dangles_on_its_own_summaries(article: Article) -> None:
    for n in range(1, 7):
        summary = rank(article, "news", sentences=n)
        assert not is_dangling(article, summary)


def test_dangling_sentence_brings_its_antecedent() -> None:
    text = (
        "A storm hit the coast of Brittany on Sunday morning. "
        "Fishermen kept their boats in the harbour all day. "
        "The prefect said the storm damaged hundreds of storm barriers along the coast road. "
        "He said storm barriers on the coast road would be rebuilt with storm money."
    )
    art = make_article(text, "Storm damages coast barriers")
    summary = rank(art, "news", sentences=3, explain=True)
    last = art.sentences[3]
    if last in summary.sentences:
        assert art.sentences[2] in summary.sentences
    assert not is_dangling(art, summary)


def test_directed_overlap_matches_brute_force(article: Article) -> None:
    terms = term_entries([s.text for s in article.sentences], TITLE)
    for values in (terms.counts, terms.tfidf):
        dense = np.zeros((terms.n, terms.width))
        dense[terms.rows, terms.cols] = values
        sims = dense @ dense.T
        earlier, later, self_sim = directed_overlap(terms.n, terms.rows, terms.cols, values)
        n = terms.n
        np.testing.assert_allclose(earlier, [sims[i, :i].sum() for i in range(n)], atol=1e-9)
        np.testing.assert_allclose(later, [sims[i, i + 1 :].sum() for i in range(n)], atol=1e-9)
        np.testing.assert_allclose(self_sim, np.diag(sims), atol=1e-9)
    np.testing.assert_allclose(terms.similarity_to(0), (dense @ dense[0]), atol=1e-9)


def test_position_distance_counts_paragraphs_and_sentences() -> None:
    wall = np.zeros(5, dtype=np.int64)  # no paragraph breaks: the sentence index
    np.testing.assert_array_equal(position_distance(wall, 1.0), [0, 1, 2, 3, 4])
    single = np.arange(5)  # one-sentence paragraphs: the sentence index again (x step)
    np.testing.assert_array_equal(position_distance(single, 2.0), [0, 2, 4, 6, 8])
    blocks = np.array([0, 0, 0, 2, 2, 5])  # gaps in paragraph numbers do not matter
    np.testing.assert_array_equal(position_distance(blocks, 1.0), [0, 1, 2, 1, 2, 2])
    assert position_distance(np.zeros(0, dtype=np.int64), 1.0).size == 0


def _prior(reasons: tuple[str, ...]) -> float:
    return float(next(r for r in reasons if r.startswith("position prior")).split()[-1])


def test_paragraph_openers_sit_closer_to_the_lead_than_in_a_wall_of_text() -> None:
    sentences = [
        "The council closed the river bridge after engineers found deep cracks on Monday.",
        "Engineers said the cracks had grown quickly over the past winter months.",
        "Traffic was diverted through the town centre for the rest of the week.",
        "Repairs to the river bridge will cost the council about two million pounds.",
    ]
    walled = make_article(" ".join(sentences), TITLE)
    split = make_article(" ".join(sentences[:3]) + "\n\n" + sentences[3], TITLE)
    wall_rows = rank(walled, "news", sentences=1, explain=True).explanation
    split_rows = rank(split, "news", sentences=1, explain=True).explanation
    assert _prior(split_rows[3].reasons) > _prior(wall_rows[3].reasons)  # a topic sentence
    assert _prior(split_rows[2].reasons) == pytest.approx(_prior(wall_rows[2].reasons))
    assert "opens paragraph 2" in split_rows[3].reasons
    assert not any("opens paragraph" in r for r in wall_rows[3].reasons)


def test_layout_weight_reads_paragraph_length() -> None:
    low, high = NewsParams().layout_low, NewsParams().layout_high
    assert layout_weight(np.zeros(30, dtype=np.int64), low, high) == 0.0  # no breaks at all
    assert layout_weight(np.arange(20), low, high) == 0.0  # one sentence per paragraph
    blocks = np.repeat(np.arange(5), 4)  # paragraphs of four sentences
    assert layout_weight(blocks, low, high) == 1.0
    mixed = np.array([0, 1, 1, 2, 2, 3, 3, 3])  # two sentences per paragraph on average
    assert 0.0 < layout_weight(mixed, low, high) < 1.0
    assert layout_weight(np.zeros(0, dtype=np.int64), low, high) == 0.0


_LATE_GIST = [
    "Residents of Norbury woke to thick fog across the whole valley early on Tuesday.",
    "The council closed the river bridge after engineers found cracks in its supports.",
    "Engineers said the cracks in the bridge supports had grown over the winter.",
    "Traffic from the bridge was diverted through the town centre by the council.",
    "Shop owners said the traffic diversion had cut their takings in the town centre.",
    "Repairs to the bridge supports will be paid from the council's winter budget.",
    "The council said engineers will finish repairs to the cracked river bridge supports "
    "and end the town centre traffic diversion before the winter budget runs out.",
]


def _laid_out(sizes: list[int]) -> Article:
    chunks, k = [], 0
    for size in sizes:
        chunks.append(" ".join(_LATE_GIST[k : k + size]))
        k += size
    return make_article("\n\n".join(chunks), "Norbury valley fog")


def test_layout_moves_the_weight_from_position_to_centrality() -> None:
    one_line = rank(_laid_out([1] * 7), "news", sentences=1, explain=True)
    blocks = rank(_laid_out([1, 6]), "news", sentences=1, explain=True)
    assert not any("spread-out" in r for row in one_line.explanation for r in row.reasons)
    assert all(any("weight 1.00" in r for r in row.reasons) for row in blocks.explanation)
    # one-sentence paragraphs: the lead wins; long paragraphs: the most central sentence
    assert one_line.texts == (_LATE_GIST[0],)
    assert blocks.texts == (_LATE_GIST[-1],)


def test_clean_marks_a_title_taken_from_the_first_sentence() -> None:
    untitled = clean(RawArticle(location="t", body=ARTICLE))
    titled = clean(RawArticle(location="t", body=ARTICLE, title=TITLE))
    assert untitled.title_derived and untitled.title == untitled.sentences[0].text
    assert not titled.title_derived and titled.title == TITLE
    # a headline line at the top of a plain text is the article's own title
    headed = clean(RawArticle(location="t", body=f"{TITLE}\n\n{ARTICLE}"))
    assert headed.title == TITLE and not headed.title_derived


def test_a_derived_title_scores_as_no_title() -> None:
    """Without a title of its own an article gets its first sentence as headline (clean);
    that must not boost sentences for resembling the lead, while a real title does count."""
    ranker = NewsRanker()
    untitled = clean(RawArticle(location="t", body=ARTICLE))
    assert ranker.headline(untitled) == ""
    as_titled = replace(untitled, title_derived=False)  # the same words, as a title of its own
    assert ranker.headline(as_titled) == untitled.title
    explained = ranker.summarize(untitled, Budget(3, None), explain=True).explanation
    assert not any("similar to headline" in r for row in explained for r in row.reasons)
    titled = ranker.summarize(as_titled, Budget(3, None), explain=True).explanation
    assert any("similar to headline" in r for row in titled for r in row.reasons)
    no_title = ranker.score(untitled.sentences, "")
    assert [row.score for row in explained] == [round(x, 4) for x in no_title.scores]


def test_length_normalised_degree_matches_brute_force(article: Article) -> None:
    terms = term_entries([s.text for s in article.sentences], TITLE)
    dense = np.zeros((terms.n, terms.width))
    dense[terms.rows, terms.cols] = terms.counts
    logs = np.log(np.maximum(dense.sum(axis=1), 1.0))
    expected = [
        sum(
            dense[i] @ dense[j] / (logs[i] + logs[j])
            for j in range(terms.n)
            if j != i and logs[i] + logs[j] > 0
        )
        for i in range(terms.n)
    ]
    np.testing.assert_allclose(length_normalised_degree(terms, logs), expected, atol=1e-9)


def _best_valid_set_brute_force(art: Article, k: int) -> set[int]:
    ranker = NewsRanker()
    ranked = art.sentences
    ranking = ranker.score(ranked, art.title)
    assert isinstance(ranking, NewsRanking)
    p = ranker.params
    scores = np.asarray(ranking.scores)
    usable = list(ranking.order)
    cos = ranking.terms.similarity_block(list(range(len(ranked))))
    best, best_value = set(), -np.inf
    for combo in itertools.combinations(usable, k):
        if any(cos[a, b] >= p.redundant_cut for a, b in itertools.combinations(combo, 2)):
            continue
        if any(dangling_opener(ranked[i].text) and (i - 1) not in combo for i in combo):
            continue
        value = scores[list(combo)].sum() - p.redundancy * sum(
            cos[a, b] for a, b in itertools.combinations(combo, 2)
        )
        if value > best_value + 1e-12:
            best, best_value = set(combo), value
    return best


def test_news_picks_the_best_valid_set(article: Article) -> None:
    for k in (2, 3, 4):
        summary = rank(article, "news", sentences=k)
        got = {article.sentences.index(s) for s in summary.sentences}
        assert got == _best_valid_set_brute_force(article, k)


def test_large_budgets_fall_back_to_a_greedy_pick_with_the_same_rules() -> None:
    lines = [
        ("He said " if k % 5 == 4 else "The ")
        + " ".join(f"w{(k * 7 + j * 13) % 400}" for j in range(9))
        + " were reported."
        for k in range(60)
    ]
    art = make_article(" ".join(lines), "w7 w20 report")
    summary = rank(art, "news", sentences=40)  # C(44, 40) sets: too many to score
    assert len(summary.sentences) == 40
    assert not is_dangling(art, summary)


@pytest.mark.parametrize("method", ["text-rank", "kl", "sum-basic", "lsa"])
def test_sumy_handles_repeated_sentences(method: str) -> None:
    text = "The vote was close. The vote was close. Turnout was high in the north. Turnout was low."
    art = make_article(text)
    summary = rank(art, method, sentences=2)
    assert len(summary.sentences) == 2 and _is_ordered_subset(art, summary.sentences)


WORDS = ["council", "bridge", "river", "vote", "storm", "mayor", "the", "said", "money", "road"]
sentence_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(sentence_text, min_size=1, max_size=25),
    n=st.integers(min_value=1, max_value=6),
    method=st.sampled_from(["news", "lead", "lex-rank", "luhn"]),
)
def test_invariants(texts: list[str], n: int, method: str) -> None:
    art = Article(
        id="h",
        location="h",
        title="Council vote on bridge",
        text=" ".join(texts),
        sentences=tuple(Sentence(i, i // 4, t) for i, t in enumerate(texts)),
    )
    summary = rank(art, method, sentences=n)
    assert 1 <= len(summary.sentences) <= min(n, len(texts))
    assert _is_ordered_subset(art, summary.sentences)
    assert summary.sentences == rank(art, method, sentences=n).sentences


@pytest.fixture()
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(f"{TITLE}\n\n{ARTICLE}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("method", list(METHODS))
def test_cli_summarize_every_method(article_file: Path, method: str) -> None:
    result = CliRunner().invoke(
        app, ["summarize", str(article_file), "--method", method, "--json", "-n", "2"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == method
    assert len(data["summary"]) == 2
    body = " ".join(ARTICLE.split())
    assert all(" ".join(s.split()) in body for s in data["summary"])


def test_cli_explain(article_file: Path) -> None:
    result = CliRunner().invoke(app, ["summarize", str(article_file), "--explain"])
    assert result.exit_code == 0, result.output
    assert "picked (rank 1)" in result.stdout
    assert "position 1 of" in result.stdout


def test_tight_word_budget_never_leaves_a_dangling_sentence() -> None:
    texts = [
        "The regional boxing board confirmed on Monday that the title fight will go ahead.",
        "The champion, who is unbeaten in nine fights, trained in Sheffield for the bout.",
        "He has won eight and drawn one.",  # the only sentence within 8 words: dangles
        "Tickets for the fight at the city arena sold out within two hours of going on sale.",
    ]
    sentences = tuple(Sentence(i, 0, t) for i, t in enumerate(texts))
    scores = (0.5, 0.4, 0.9, 0.3)  # the dangling sentence scores best
    ranking = NewsRanking((2, 0, 1, 3), scores, ((),) * 4, term_entries(texts))
    picked = NewsRanker().select(sentences, ranking, Budget(sentences=None, words=8)).picked
    assert picked == (0,)  # the best sentence that does not dangle, though over the budget


def test_a_lede_longer_than_a_tight_word_budget_beats_a_weak_short_sentence() -> None:
    """At least one sentence, however long: the best sentence competes even when it alone
    is over the budget, as every other ranker's first pick does."""
    texts = [
        "The regional boxing board confirmed on Monday that the title fight between the two "
        "unbeaten champions will go ahead at the city arena next month as planned.",
        "The champion, who is unbeaten in nine fights, trained in Sheffield for the bout.",
        "Tickets went on sale last week.",  # fits 8 words, but scores low
        "Tickets for the fight at the city arena sold out within two hours of going on sale.",
    ]
    sentences = tuple(Sentence(i, 0, t) for i, t in enumerate(texts))
    ranking = NewsRanking((0, 1, 3, 2), (1.0, 0.6, 0.2, 0.4), ((),) * 4, term_entries(texts))
    picked = NewsRanker().select(sentences, ranking, Budget(sentences=None, words=8)).picked
    assert picked == (0,)
    # a budget the lede fits with room to spare still adds what fits
    roomy = NewsRanker().select(sentences, ranking, Budget(sentences=None, words=45)).picked
    assert set(roomy) == {0, 1}  # 41 words


def test_term_entries_do_not_depend_on_the_stem_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full cache is emptied mid-article and the entries come out the same."""
    from newsbrief.rank import terms as terms_module

    texts = [
        "The council voted to close the bridge on Tuesday night.",
        "Engineers said the bridge's cables were corroded.",
        "Drivers will use the ferry while the bridge is repaired.",
    ]
    before = term_entries(texts, "Bridge closed")
    monkeypatch.setattr(terms_module, "STEM_CACHE_LIMIT", 5)
    terms_module._STEMS.clear()
    after = term_entries(texts, "Bridge closed")
    assert len(terms_module._STEMS) <= 30
    for name in ("rows", "cols", "counts", "tfidf", "query"):
        assert np.array_equal(getattr(before, name), getattr(after, name)), name
    assert (before.n, before.width) == (after.n, after.width)


def test_explain_reasons_are_worded_on_demand() -> None:
    text = (
        "The council voted to close the bridge on Tuesday night. Engineers said its cables "
        "were corroded after years of salt spray. He said repairs would take a year. "
        "Drivers will use the ferry while the bridge is repaired, the council said."
    )
    article = Article("x", "x", "Bridge closed", text, tuple(
        Sentence(i, 0, s) for i, s in enumerate(split_paragraph(text))
    ))  # fmt: skip
    ranking = METHODS["news"].score(article.sentences, article.title)
    assert len(ranking.reasons) == len(article.sentences)
    assert all(r[0].startswith("position prior") for r in ranking.reasons)
    assert ranking.reasons[-1] == ranking.reasons[len(article.sentences) - 1]
    assert list(ranking.reasons[1:3]) == [ranking.reasons[1], ranking.reasons[2]]


def test_news_ranker_runs_on_one_blas_thread_and_restores_it() -> None:
    from threadpoolctl import threadpool_info

    from newsbrief.blas import one_blas_thread

    def blas_threads() -> list[int]:
        return [int(p["num_threads"]) for p in threadpool_info() if p["user_api"] == "blas"]

    np.dot(np.ones((4, 4)), np.ones((4, 4)))  # numpy's BLAS is loaded
    before = blas_threads()
    if not before:
        pytest.skip("no BLAS thread pool in this environment")
    with one_blas_thread():
        assert set(blas_threads()) == {1}
    assert blas_threads() == before
