"""PTB-tokenised corpus text and datelines: undone and taken off by the clean stage."""

from __future__ import annotations

import pytest

from newsbrief.clean import clean
from newsbrief.rank import rank
from newsbrief.types import RawArticle
from newsbrief.wire import is_tokenised, split_dateline, untokenize, untokenize_line

PTB = (
    "WASHINGTON ( CNN ) -- The senator , who was n't at the vote , said `` we 're fine . '' "
    "Aides said the bill 's cost -LRB- $ 5 billion -RRB- rose 12 % this year . "
    "The drivers ' union backed it ; others did not ."
)


def test_tokenised_text_is_recognised_and_prose_is_not() -> None:
    assert is_tokenised(PTB)
    assert not is_tokenised("The senator, who was not there, said so. Aides agreed, mostly.")
    assert not is_tokenised("One stray , comma in prose. The rest is written normally, as usual.")


def test_untokenize_restores_prose() -> None:
    out = untokenize(PTB)
    assert out.startswith("WASHINGTON (CNN) -- The senator, who wasn't at the vote, said")
    assert '"we\'re fine."' in out
    assert "the bill's cost ($5 billion) rose 12% this year." in out
    assert "The drivers' union backed it; others did not." in out


def test_untokenize_leaves_prose_alone() -> None:
    prose = 'He said "no" -- twice (at 5 p.m.), then left.'
    assert untokenize(prose) == prose


def test_abbreviation_full_stop_is_not_doubled() -> None:
    assert untokenize_line("He left at 5 p.m. .") == "He left at 5 p.m."


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        ("WASHINGTON (CNN) -- The president spoke today.", "WASHINGTON (CNN)", "The president"),
        ("(CNN)A trip to a mansion was on the list.", "(CNN)", "A trip"),
        ("(CNN) -- A trip to a mansion was on the list.", "(CNN)", "A trip"),
        ("LONDON (Reuters) - Shares fell on Monday.", "LONDON (Reuters)", "Shares fell"),
        ("ATLANTA, Georgia (CNN) -- A man was held.", "ATLANTA, Georgia (CNN)", "A man"),
        ("BAGHDAD, Iraq -- Five soldiers died on Sunday.", "BAGHDAD, Iraq", "Five soldiers"),
        ("WASHINGTON — For more than a week, he waited.", "WASHINGTON", "For more"),
        ("Rio de Janeiro (AP) - The police said on Monday.", "Rio de Janeiro (AP)", "The police"),
    ],
)
def test_datelines_split_off(text: str, dateline: str, rest: str) -> None:
    found, remainder = split_dateline(text)
    assert found == dateline
    assert remainder.startswith(rest)


@pytest.mark.parametrize(
    "text",
    [
        "NASA -- a history of the agency",
        "The man said hello to all of them.",
        "UK (CNN) -- Hi",
        "COVID-19 cases and hospitalizations in the United States are declining.",
        "NYMEX-US crude dips on China data, supply concerns cap fall",
        "Senator John Smith (R) Thursday said the vote was fair.",
    ],
)
def test_no_dateline_no_change(text: str) -> None:
    assert split_dateline(text) == (None, text)


def test_clean_reads_tokenised_corpus_text_as_prose() -> None:
    body = PTB + " `` It is a good day , '' he said . The vote is due on Friday ."
    article = clean(RawArticle(location="ptb.txt", body=body))
    assert article.dateline == "WASHINGTON (CNN)"
    first = article.sentences[0].text
    assert first.startswith("The senator, who wasn't at the vote")
    assert not any(s.text.startswith(("''", '"')) and len(s.text) < 3 for s in article.sentences)
    assert '"It is a good day," he said.' in article.text
    assert " ," not in article.text and "``" not in article.text
    summary = rank(article, "news", sentences=2)
    assert all(" ." not in text for text in summary.texts)


def test_glued_page_furniture_is_cut_from_prose() -> None:
    body = (
        "Scroll down for video A judge has ruled that the plate was a deliberate reference. "
        "The team fled the country after the convoy was attacked by angry villagers."
    )
    article = clean(RawArticle(location="dm.txt", body=body))
    assert article.sentences[0].text.startswith("A judge has ruled")


def test_one_sentence_per_line_corpus_text_reads_as_the_same_sentences() -> None:
    """Tokenised corpora also ship one sentence a line: same dateline, sentences and summary."""
    sentences = [
        "LONDON , England ( CNN ) -- The prime minister 's plan was rejected on Tuesday by 300 "
        "votes to 250 , officials said .",
        "`` It 's a good day for democracy , '' said opposition leader John Smith .",
        "The vote follows weeks of debate -LRB- and two failed deals -RRB- in parliament .",
        "Ministers said they would not resign , and a new plan is due in March .",
    ]
    joined = clean(RawArticle(location="a.txt", body=" ".join(sentences)))
    lines = clean(RawArticle(location="b.txt", body="\n".join(sentences)))
    assert joined.dateline == lines.dateline == "LONDON, England (CNN)"
    assert [s.text for s in joined.sentences] == [s.text for s in lines.sentences]
    assert (
        joined.sentences[1].text
        == '"It\'s a good day for democracy," said opposition leader John Smith.'
    )
    assert joined.title_derived and lines.title_derived
    assert rank(joined, "news", sentences=2).texts == rank(lines, "news", sentences=2).texts
