"""Story summaries (digest.summary): agreement across reports, no repeats, budgets, updates."""

from __future__ import annotations

from collections import Counter

from newsbrief.digest import summary as summary_module
from newsbrief.digest.overlap import Agreement, Grams, worth
from newsbrief.digest.stories import multi_summary, order_reports
from newsbrief.digest.summary import concepts, grams
from newsbrief.types import Article, Sentence


def report(ident: str, outlet: str, title: str, sentences: list[str]) -> Article:
    return Article(
        id=ident,
        location=ident,
        title=title,
        text=" ".join(sentences),
        sentences=tuple(Sentence(i, 0, s) for i, s in enumerate(sentences)),
        source_name=outlet,
    )


QUAKE_A = report(
    "a",
    "Alpha News",
    "Earthquake shakes Vellmar",
    [
        "A magnitude 6.1 earthquake struck the port city of Vellmar early on Tuesday.",
        "The mayor, Ilse Borodin, said twelve people were injured.",
        "Local bakers handed out free bread to the crowds on the seafront promenade.",
    ],
)
QUAKE_B = report(
    "b",
    "Beta Post",
    "Vellmar hit by 6.1 earthquake",
    [
        "Rescue teams searched collapsed buildings in Vellmar after Tuesday's earthquake.",
        "The 6.1 magnitude quake injured twelve people, Mayor Ilse Borodin said.",
        "A jazz festival planned for the weekend has been postponed.",
    ],
)
QUAKE_C = report(
    "c",
    "Gamma Daily",
    "Twelve hurt as quake hits Vellmar",
    [
        "Twelve people were hurt when an earthquake of magnitude 6.1 hit Vellmar on Tuesday.",
        "Rescue teams searched collapsed buildings in the old town through the night.",
        "The regional train line was closed for inspection.",
    ],
)


def test_concepts_are_stems_and_pairs() -> None:
    got = concepts("Rescue teams searched the buildings")
    assert {"rescu", "team", "search", "build"} <= got
    assert "rescu team" in got and "search the" in got and "the build" in got
    assert "the" not in got  # a stop word alone is no concept


def test_what_several_outlets_agree_on_beats_a_one_outlet_detail() -> None:
    stories = order_reports([QUAKE_A, QUAKE_B, QUAKE_C])
    two = " ".join(multi_summary(stories, 2))
    assert "6.1" in two and ("Rescue teams" in two or "Borodin" in two)  # facts two outlets tell
    three = " ".join(multi_summary(stories, 3))
    assert "6.1" in three and "Rescue teams" in three and "Borodin" in three
    for joined in (two, three):
        assert "bread" not in joined and "jazz" not in joined and "train" not in joined


def test_word_budget_is_kept_with_whole_sentences() -> None:
    stories = order_reports([QUAKE_A, QUAKE_B, QUAKE_C])
    for budget in (14, 30, 45):
        summary = multi_summary(stories, 10, words=budget)
        words = sum(len(s.split()) for s in summary)
        assert summary and words <= budget
        every = {s.text for a in stories for s in a.sentences}
        assert set(summary) <= every  # whole sentences only
    assert len(" ".join(multi_summary(stories, 10, words=45)).split()) > 30  # budget used


def test_a_pronoun_opener_needs_its_sentence_before() -> None:
    a = report(
        "a",
        "A",
        "Minister resigns",
        [
            "Transport minister Ola Dunmore resigned on Friday after the rail tender inquiry.",
            "The inquiry found the tender broke procurement rules.",
            "She said the rail tender inquiry had been unfair to her staff.",
        ],
    )
    b = report(
        "b",
        "B",
        "Dunmore quits over rail tender",
        [
            "Ola Dunmore quit as transport minister on Friday over the rail tender inquiry.",
            "She said the rail tender inquiry had been unfair, and thanked her staff.",
        ],
    )
    for summary in (multi_summary([a, b], 2), multi_summary([b, a], 2)):
        for i, text in enumerate(summary):
            if text.startswith("She "):
                assert i > 0 and "Dunmore" in summary[i - 1]


def test_complete_sentences_before_cut_off_ones() -> None:
    a = report(
        "a",
        "A",
        "Dam opens",
        [
            "The Rell dam opened on Monday and will power 80,000 homes.",
            "Its reservoir flooded the Tarn valley, where 300 farms were bought out by the state"
            " over four years of talks that left many of the farmers...",
        ],
    )
    b = report(
        "b",
        "B",
        "Rell dam opens",
        [
            "Officials opened the Rell dam on Monday; it will power 80,000 homes.",
            "The reservoir flooded the Tarn valley and 300 farms.",
        ],
    )
    summary = multi_summary([a, b], 2)
    assert "The reservoir flooded the Tarn valley and 300 farms." in summary
    assert not any(s.endswith("...") for s in summary)
    c = report("c", "C", "Rell dam opens", [a.sentences[0].text, "Farmers downstream worry..."])
    d = report("d", "D", "Dam opens", [b.sentences[0].text, "The river's flow will halve..."])
    # with no complete sentence left, a cut-off one still fills the budget
    assert len(multi_summary([c, d], 2)) == 2


def test_order_reports_news_before_opinion_and_longer_first() -> None:
    short = report("s", "S", "Port strike ends", ["Dockers ended their strike on Monday."])
    opinion = report("o", "O", "Opinion: the strike was a mistake", ["x " * 40 + "end."])
    longer = report(
        "l", "L", "Dock strike over", ["Dockers ended a nine-day strike on Monday at noon."]
    )
    assert [a.id for a in order_reports([opinion, short, longer])] == ["l", "s", "o"]
    assert [a.id for a in order_reports([opinion, short, longer], briefed={"l"})] == [
        "s",
        "o",
        "l",
    ]


DAY1_A = report(
    "d1a",
    "Alpha News",
    "Storm Ingrid cuts power",
    [
        "Storm Ingrid cut power to 40,000 homes along the Harlow coast on Sunday.",
        "Winds of 120 km/h brought down trees and power lines.",
        "The coastguard rescued two sailors off Harlow Point.",
    ],
)
DAY1_B = report(
    "d1b",
    "Beta Post",
    "40,000 homes without power after Storm Ingrid",
    [
        "About 40,000 homes on the Harlow coast were without power after Storm Ingrid on Sunday.",
        "Trees and power lines came down in winds of 120 km/h.",
    ],
)
DAY2_C = report(
    "d2c",
    "Gamma Daily",
    "Ingrid: power back, but one death confirmed",
    [
        "Storm Ingrid cut power to 40,000 homes along the Harlow coast on Sunday.",
        "Police confirmed on Monday that a 61-year-old man died when a tree fell on his car.",
        "The utility said power had been restored to 35,000 homes by Monday evening.",
    ],
)


def test_update_opens_with_what_is_new_and_does_not_repeat_what_was_told() -> None:
    told = multi_summary(order_reports([DAY1_A, DAY1_B]), 3)
    assert any("40,000" in s for s in told)
    stories = order_reports([DAY1_A, DAY1_B, DAY2_C], briefed={"d1a", "d1b"})
    update = multi_summary(stories, 3, new_ids={"d2c"}, told=told)
    assert update[0] in DAY2_C.text and "40,000 homes along" not in update[0]
    assert {s for s in update if s in DAY2_C.text} >= {
        "Police confirmed on Monday that a 61-year-old man died when a tree fell on his car.",
        "The utility said power had been restored to 35,000 homes by Monday evening.",
    }
    assert not set(update) & set(told)
    # the same story without the update information leads with the old news
    plain = multi_summary(stories, 3)
    assert plain[0] not in DAY2_C.text or "40,000 homes along" in plain[0]


def test_a_sentence_is_worth_only_what_the_other_reports_tell() -> None:
    a, b = grams("Rescue teams searched the ruins"), grams("Rescue teams searched the ruins")
    assert worth([(0, a)], [a, Grams()]) == 0.0  # its own report is no evidence
    assert worth([(0, a)], [a, b]) == 2.0  # the other report tells the same, word for word
    partial = worth([(0, grams("Rescue teams searched a harbour"))], [a, b])
    assert 0.0 < partial < 2.0


def test_incremental_agreement_equals_f1_computed_afresh() -> None:
    def f1(summary: Counter[object], reference: Counter[object]) -> float:
        matched = sum((summary & reference).values())
        return 2 * matched / (summary.total() + reference.total()) if matched else 0.0

    texts = [s.text for a in (QUAKE_A, QUAKE_B, QUAKE_C) for s in a.sentences]
    reports = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    refs = [Grams(), Grams(), Grams()]
    for r, text in zip(reports, texts, strict=True):
        refs[r] = refs[r] + grams(text)
    agreement = Agreement(refs)
    chosen: list[tuple[int, Grams]] = []
    for pick in (4, 0, 8, 3):  # a report's second sentence, then others
        before = agreement.worth()
        gain = agreement.gain(reports[pick], grams(texts[pick]))
        agreement.add(reports[pick], grams(texts[pick]))
        chosen.append((reports[pick], grams(texts[pick])))
        afresh = 0.0
        for r, ref in enumerate(refs):
            mine = [g for source, g in chosen if source != r]
            if mine:
                total = mine[0]
                for g in mine[1:]:
                    total = total + g
                afresh += f1(total.words, ref.words) + f1(total.pairs, ref.pairs)
        assert abs(agreement.worth() - afresh) < 1e-9
        assert abs(before + gain - afresh) < 1e-9


def test_concepts_are_computed_only_for_updates() -> None:
    stories = order_reports([QUAKE_A, QUAKE_B, QUAKE_C])
    pool = summary_module.candidates(stories)
    summary_module.agree(pool, summary_module.Length(3))
    assert all("concepts" not in vars(c) for c in pool)  # a plain summary never needs them
    first = summary_module.candidates(stories)[0]
    assert first.concepts == concepts(first.text)  # asked for, computed on the spot
