"""Language and direction detection (``newsbrief.language``) on articles we wrote ourselves.

``tests/script_samples/`` holds one short news article per script (title line, blank
line, paragraphs), written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrief import clean, load
from newsbrief.language import (
    detect_language,
    dominant_script,
    main_language,
    text_direction,
)

SAMPLES = Path(__file__).parent / "script_samples"
EXPECTED = {
    "zh": "zh",
    "ja": "ja",
    "hi": "hi",
    "th": "th",
    "ar": "ar",
    "he": "he",
    "ru": "ru",
    "el": "el",
    "emoji": "en",
}
LATIN = {
    "fr": "Le conseil municipal a voté mardi soir un budget de douze millions d'euros pour "
    "rénover les écoles de la ville et agrandir la bibliothèque du quartier nord.",
    "de": "Der Stadtrat hat am Dienstagabend beschlossen, die alte Brücke über den Fluss bis "
    "zum Sommer zu sanieren und einen neuen Radweg am Ufer anzulegen.",
    "es": "El ayuntamiento aprobó el martes un plan para plantar diez mil árboles en los "
    "barrios del sur de la ciudad antes de que llegue el verano.",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_article_gets_its_language(name: str) -> None:
    article = clean(load(str(SAMPLES / f"{name}.txt"))[0])
    assert article.language == EXPECTED[name]


@pytest.mark.parametrize("name", ["zh", "ja", "th", "ar", "he", "el", "hi"])
def test_a_headline_alone_is_enough_where_the_script_decides(name: str) -> None:
    headline = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
    assert detect_language([headline]) == EXPECTED[name]


@pytest.mark.parametrize("code", sorted(LATIN))
def test_latin_script_languages_come_from_the_model(code: str) -> None:
    assert detect_language([LATIN[code]]) == code


def test_short_latin_text_stays_unknown_rather_than_wrong() -> None:
    # A headline-only item: under MIN_MODEL_LETTERS letters the model guesses wildly.
    assert detect_language(["Miley Cyrus fan arrested"]) is None
    assert detect_language(["Royal romance made official", "Royal romance made official"]) is None
    assert detect_language(["12345 -- !!!"]) is None


def test_kana_makes_han_text_japanese() -> None:
    assert dominant_script("東京で大雪が降った")[0] == "kana"
    assert dominant_script("北京今天下大雪")[0] == "han"


def test_direction_and_main_language() -> None:
    assert text_direction("ar") == "rtl" and text_direction("he") == "rtl"
    assert text_direction("fa") == "rtl" and text_direction("en") == "ltr"
    assert text_direction(None) == "ltr"
    assert main_language(["zh", None, "zh", "en"]) == "zh"
    assert main_language([None, None]) == "en"


def test_language_is_in_the_json_outputs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsbrief.cli import app

    runner = CliRunner()
    extracted = runner.invoke(app, ["extract", str(SAMPLES / "he.txt"), "--json"])
    assert extracted.exit_code == 0, extracted.output
    assert json.loads(extracted.stdout)["language"] == "he"
    briefing = runner.invoke(app, ["brief", str(SAMPLES / "ar.txt"), "-f", "json", "-o", "-"])
    assert briefing.exit_code == 0, briefing.output
    assert json.loads(briefing.stdout)["stories"][0]["language"] == "ar"
