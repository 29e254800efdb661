"""Every script on the page: PDFs of Chinese, Japanese, Hindi, Thai, Arabic, Hebrew, Russian,
Greek and emoji articles (``tests/script_samples/``, written for these tests) read back.

- the text extracts back to the original characters (pypdf; for right-to-left pages
  PDFium, whose extraction returns logical order);
- every character is drawn with a real glyph of an embedded font (``pdf_fonts``), since
  extraction alone succeeds even for a ``.notdef`` box; one test removes the fonts
  (a fontconfig set of DejaVu only, in a child process) to show that this check and the
  CLI's warning both catch it;
- Arabic and Hebrew lines run right to left (PDFium's per-character boxes);
- a 200-character URL headline and text stay inside the page box.

The fonts come from Debian (``setup.sh``); without them these tests skip, saying so.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from newsbrief import build_briefing, clean, load_text
from newsbrief.compose import compose_briefing
from newsbrief.pipeline import article_to_story
from newsbrief.render import PdfResult, render_pdf
from pdf_fonts import glyph_report

pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (dev extra) is not installed")

SAMPLES = Path(__file__).parent / "script_samples"
NAMES = ("zh", "ja", "hi", "th", "ar", "he", "ru", "el", "emoji")
RTL = ("ar", "he")
SHAPED = ("ar", "hi", "th")  # ligatures and context forms: see test_text_extracts_back...
#: Font families setup.sh installs (fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji).
FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
    "Noto Color Emoji",
)
A4_WIDTH_PT = 210 / 25.4 * 72
MARGIN_PT = 14 / 25.4 * 72  # left and right page margins of briefing.css


@cache
def _missing_families() -> tuple[str, ...]:
    if shutil.which("fc-list") is None:
        return FAMILIES
    listed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    return tuple(f for f in FAMILIES if f not in listed)


@pytest.fixture(scope="module", autouse=True)
def _fonts_installed() -> None:
    missing = _missing_families()
    if missing:
        pytest.skip(
            f"fonts not installed ({', '.join(missing)}): ./setup.sh installs Debian's "
            "fonts-noto-core, fonts-noto-cjk and fonts-noto-color-emoji"
        )


@cache
def _render(name: str) -> PdfResult:
    briefing = build_briefing([str(SAMPLES / f"{name}.txt")])
    return render_pdf(briefing)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _shown_texts(result: PdfResult) -> list[str]:
    story = result.briefing.stories[0]
    return [story.headline, *story.summary]


def _pdfium_chars(data: bytes) -> tuple[str, list[tuple[float, float, float, float]], float]:
    """Page 1's text in PDFium's (logical) order, each character's box, the page width."""
    document = pdfium.PdfDocument(data)
    page = document[0]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    boxes = [textpage.get_charbox(i) for i in range(count)]
    width = page.get_width()
    document.close()
    return text, boxes, width


def _extracted(name: str, data: bytes) -> str:
    if name in RTL:  # PDFium reorders right-to-left runs into logical order
        return _pdfium_chars(data)[0]
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", NAMES)
def test_text_extracts_back_to_the_original_characters(name: str) -> None:
    """Headline and summary come back from the PDF's text layer.

    Exactly (whitespace aside) where a glyph always stands for the same text. Arabic,
    Devanagari and Thai shape characters into ligatures and context forms, and
    WeasyPrint writes one ToUnicode entry per glyph (the text it first drew it for), so
    copying from the PDF can swap or drop a vowel sign there (``إلى`` → ``إىل``): for
    them every character must come back, but not in order (docs/render.md). What the
    page shows is checked glyph by glyph below.
    """
    result = _render(name)
    extracted = _extracted(name, result.data)
    shown = _shown_texts(result)
    assert len(shown) >= 2, shown
    original = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    for text in shown:
        assert _squeeze(text) in _squeeze(original)
        if name in SHAPED:
            assert set(_squeeze(text)) <= set(extracted), set(_squeeze(text)) - set(extracted)
        else:
            assert _squeeze(text) in _squeeze(extracted), (text, extracted[:600])


@pytest.mark.parametrize("name", NAMES)
def test_every_character_is_drawn_with_a_real_glyph(name: str) -> None:
    result = _render(name)
    report = glyph_report(result.data)
    needed = {ch for text in _shown_texts(result) for ch in text if not ch.isspace()}
    assert not report.boxes, f"drawn as empty boxes: {sorted(report.boxes)}"
    assert needed <= report.drawn, f"not drawn: {sorted(needed - report.drawn)}"
    assert result.missing_glyphs == ()


def test_emoji_sequences_are_single_glyphs_in_the_pdf() -> None:
    report = glyph_report(_render("emoji").data)
    assert any("Emoji" in font for font in report.fonts), report.fonts
    extracted = "".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(_render("emoji").data)).pages
    )
    for sequence in (
        "🏃\u200d♀\ufe0f",
        "🏃🏽\u200d♂\ufe0f",
        "👨\u200d👩\u200d👧",
        "🏳\ufe0f\u200d🌈",
        "🇰🇪",
    ):
        assert sequence in extracted


def _line_xs(
    text: str, boxes: list[tuple[float, float, float, float]], sentence: str
) -> list[float]:
    """x centres of the letters of the first line of ``sentence`` on the page, in logical order."""
    plain = re.split(r"[^\w\s,.:;'\"-]+", sentence)  # PDFium's text has no emoji
    key = next((part.strip()[:12] for part in plain if len(part.strip()) >= 8), sentence[:12])
    start = text.find(key)
    assert start >= 0, (key, text[:300])
    baseline = boxes[start][1]
    xs = []
    for i in range(start, min(len(text), start + len(sentence))):
        left, bottom, right, _ = boxes[i]
        if text[i].isalpha() and abs(bottom - baseline) < 4:
            xs.append((left + right) / 2)
    return xs


@cache
def _mixed() -> PdfResult:
    """Arabic, Hebrew and Russian stories among English ones: the page itself is English."""
    inputs = [SAMPLES / "ar.txt", SAMPLES / "he.txt", SAMPLES / "ru.txt", SAMPLES / "emoji.txt"]
    return render_pdf(build_briefing([str(path) for path in inputs]))


def test_a_mixed_page_is_english_with_right_to_left_stories() -> None:
    from newsbrief.render.templates import page_language

    result = _mixed()
    assert page_language(result.briefing) == "en"
    languages = [story.language for story in result.briefing.stories]
    assert {"ar", "he", "ru", "en"} <= set(languages), languages


@pytest.mark.parametrize("language", ["ar", "he", "ru", "en"])
def test_right_to_left_lines_run_right_to_left(language: str) -> None:
    result = _mixed()
    story = next(s for s in result.briefing.stories if s.language == language)
    text, boxes, width = _pdfium_chars(result.data)
    for sentence in [story.headline, *story.summary]:
        xs = _line_xs(text, boxes, sentence)
        assert len(xs) >= 8, sentence
        steps = [b - a for a, b in itertools.pairwise(xs)]
        backwards = sum(1 for step in steps if step < 0) / len(steps)
        if language in RTL:  # each next letter is left of the one before
            assert backwards > 0.9, (sentence, xs[:10])
            assert xs[0] > width / 2, "an RTL line starts at the right margin"
        else:
            assert backwards < 0.1, (sentence, xs[:10])
    if language in RTL and story.summary:  # bullets on the right of their lines
        lines = [_line_xs(text, boxes, s) for s in story.summary]
        rights = [max(xs) for xs in lines]
        bullets = [
            boxes[i][0] for i, ch in enumerate(text) if ch == "•" and boxes[i][0] > width / 2
        ]
        assert len(bullets) >= len(lines) and min(bullets) > max(rights), (bullets, rights)


def _url_briefing(length: int = 200) -> PdfResult:
    url = "https://example.org/" + "".join(chr(ord("a") + i % 26) for i in range(length - 20))
    text = (
        "The council published its full report on the harbour project on Monday morning.\n\n"
        f"The report can be read at {url} and runs to four hundred pages.\n\n"
        "Officials said the work would start in the spring and last three years."
    )
    article = clean(load_text(text, title=url))
    briefing = compose_briefing("Briefing", [article_to_story(article, sentences=3)])
    return render_pdf(briefing)


def test_a_200_character_url_headline_and_text_stay_inside_the_page() -> None:
    result = _url_briefing()
    story = result.briefing.stories[0]
    assert "".join(story.headline.split())[:40] == "https://example.org/abcdefghijklmnopqrst"
    assert any("https://example.org/" in s for s in story.summary)
    text, boxes, width = _pdfium_chars(result.data)
    assert width == pytest.approx(A4_WIDTH_PT, abs=1)
    outside = [
        (ch, round(box[0]), round(box[2]))
        for ch, box in zip(text, boxes, strict=True)
        if not ch.isspace() and (box[0] < MARGIN_PT - 1 or box[2] > width - MARGIN_PT + 1)
    ]
    assert not outside, outside[:10]
    start = text.find("https://example.org/")
    headline_rows = {round(boxes[i][1]) for i in range(start, start + 150) if text[i].isalpha()}
    assert len(headline_rows) >= 2, "the headline URL wraps onto several lines"


def _dejavu_only_fontconfig(tmp_path: Path) -> Path:
    listed = subprocess.run(
        ["fc-list", "DejaVu Sans:style=Book", "file"], capture_output=True, text=True, check=True
    ).stdout
    folder = Path(listed.split(":")[0].strip()).parent
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


def test_a_missing_font_is_caught_by_the_glyph_check_and_named_on_stderr(tmp_path: Path) -> None:
    """Remove the CJK font from the stack: extraction still finds the characters, but the
    glyph check sees boxes, and the CLI names the characters and the story."""
    out = tmp_path / "zh.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(_dejavu_only_fontconfig(tmp_path))}
    run = subprocess.run(
        [sys.executable, "-m", "newsbrief", "brief", str(SAMPLES / "zh.txt"), "-f", "pdf",
         "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=240, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "no installed font has" in run.stderr and "河畔新图书馆本周六开放" in run.stderr
    assert "U+56FE" in run.stderr  # 图
    data = out.read_bytes()
    report = glyph_report(data)
    assert {"河", "图", "书", "馆"} <= report.boxes
    assert "河畔新图书馆" in _pdfium_chars(data)[0]  # why extraction alone is no proof


def test_the_digest_names_missing_glyphs_on_stderr_too(tmp_path: Path) -> None:
    """The digest's PDF goes through the same glyph check, and its CLI says what is missing."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "zh.txt").write_text((SAMPLES / "zh.txt").read_text(encoding="utf-8"), "utf-8")
    config = tmp_path / "digest.toml"
    config.write_text(
        'title = "Glyphs"\noutput_dir = "out"\nformats = ["pdf"]\nstate = "state.sqlite"\n'
        'window_hours = 1000000\n[[sources]]\nname = "local"\npath = "articles"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(_dejavu_only_fontconfig(tmp_path))}
    run = subprocess.run(
        [sys.executable, "-m", "newsbrief", "digest", "--config", str(config)],
        capture_output=True, text=True, env=env, timeout=240, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "no installed font has" in run.stderr and "U+56FE" in run.stderr  # 图
