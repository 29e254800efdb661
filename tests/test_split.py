"""Sentence splitting works offline and respects paragraphs and length caps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.limits import MAX_SENTENCE_CHARS
from newsbrief.split import fast_tokenizer, split_paragraph, split_sentences, tokenizer


def test_tokenizer_is_nltk_punkt() -> None:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    assert isinstance(tokenizer(), PunktSentenceTokenizer)


def test_fast_tokenizer_is_punkt_with_stdlib_regexes() -> None:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    fast = fast_tokenizer()
    assert isinstance(fast, PunktSentenceTokenizer)
    assert fast is not tokenizer()  # with this NLTK, the stdlib-regex variant is in use
    assert fast._params is tokenizer()._params


_PUNKT_ALPHABET = st.sampled_from(
    [*"aAbZ19 .?!,;:-\"'()[]$%“”’—\n", "Mr.", "U.S.", "p.m.", "...", " "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PUNKT_ALPHABET, max_size=80).map("".join))
def test_fast_tokenizer_finds_the_sentences_nltk_finds(text: str) -> None:
    assert fast_tokenizer().tokenize(text) == tokenizer().tokenize(text)


def test_fast_tokenizer_on_pathological_text() -> None:
    """Degenerate runs split as NLTK's guarded tokenizer splits them (a catastrophic
    backtrack would hang here: the stdlib has no timer)."""
    units = ("Mr. ", ". ", "...", "a.", '"', "(", "1.", "A. B. ", "?!", "--.")
    for unit in units:
        text = unit * (4_000 // len(unit))
        assert fast_tokenizer().tokenize(text) == tokenizer().tokenize(text), unit


def test_abbreviations_do_not_split() -> None:
    text = "Mr. Smith met Dr. Jones in Washington on Monday. They spoke for an hour."
    assert split_paragraph(text) == [
        "Mr. Smith met Dr. Jones in Washington on Monday.",
        "They spoke for an hour.",
    ]


def test_a_clock_times_zone_stays_with_its_time() -> None:
    text = (
        "He will speak at 11 a.m. ET alongside two leaders. The vote was at 9:15 p.m. "
        "GMT. Nobody came."
    )
    assert split_paragraph(text) == [
        "He will speak at 11 a.m. ET alongside two leaders.",
        "The vote was at 9:15 p.m. GMT.",
        "Nobody came.",
    ]


def test_paragraph_end_is_a_hard_boundary() -> None:
    text = "Storm warning for the coast\n\nThe storm hit the coast at dawn. Power failed."
    assert split_sentences(text) == [
        "Storm warning for the coast",
        "The storm hit the coast at dawn.",
        "Power failed.",
    ]


def test_unpunctuated_run_is_cut_into_bounded_pieces() -> None:
    pieces = split_paragraph("word " * 5000)
    assert len(pieces) > 1
    assert max(len(p) for p in pieces) <= MAX_SENTENCE_CHARS


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_sentences_are_words_of_the_text(text: str) -> None:
    joined = " ".join(text.split())
    for sentence in split_sentences(text):
        assert sentence
        assert len(sentence) <= MAX_SENTENCE_CHARS
        for word in sentence.split():
            assert word in joined


# --- scripts Punkt does not know -----------------------------------------------------------


def test_chinese_splits_at_full_stop_exclamation_and_question_marks() -> None:
    text = "市政府宣布新馆周六开放。馆长说：“欢迎大家！”首日有活动吗？有的，下午有讲座。"
    assert split_paragraph(text) == [
        "市政府宣布新馆周六开放。",
        "馆长说：“欢迎大家！”",
        "首日有活动吗？",
        "有的，下午有讲座。",
    ]


def test_japanese_quotation_followed_by_a_particle_stays_in_its_sentence() -> None:
    text = "住民は「二十年ぶりだ！」と話した。学校は休みだろうか？委員会が今夜決める｡"
    assert split_paragraph(text) == [
        "住民は「二十年ぶりだ！」と話した。",
        "学校は休みだろうか？",
        "委員会が今夜決める｡",
    ]


def test_devanagari_splits_at_danda_and_double_danda() -> None:
    text = "आज नई लाइन शुरू हुई। यह बारह स्टेशन जोड़ती है॥ किराया आधा रहेगा।"
    assert split_paragraph(text) == [
        "आज नई लाइन शुरू हुई।",
        "यह बारह स्टेशन जोड़ती है॥",
        "किराया आधा रहेगा।",
    ]


def test_ascii_marks_after_cjk_and_latin_sentences_inside_cjk_text() -> None:
    assert split_paragraph("你好!今天下雨? 是的。") == ["你好!", "今天下雨?", "是的。"]
    assert split_paragraph("Dr. Smith arrived. 他到了。") == ["Dr. Smith arrived.", "他到了。"]
