"""The HTML briefing and the HTML email body, opened where people read them: headless Chromium.

Debian's ``chromium`` and ``chromium-driver`` (installed by ``setup.sh``), driven by
selenium with the driver path given (Selenium Manager never downloads anything). Each
page is loaded from a file at 390 px (a phone, mobile emulation) and 1280 px wide:

- no horizontal overflow: ``scrollWidth`` <= the viewport, and no element sticks out;
- every headline and every source link is there and visible;
- the narrow-screen rules apply at 390 px only;
- a screenshot that is not blank.

The briefing mixes every script sample, an article whose headline and text hold a
200-character URL without a break point, and the repository's sample inputs.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from newsbrief import build_briefing, clean, load_text
from newsbrief.compose import compose_briefing
from newsbrief.mail import EmailSettings, build_message
from newsbrief.pipeline import article_to_story
from newsbrief.render import render_html, render_text
from newsbrief.render.text import clean as clean_text
from newsbrief.render.text import http_url
from newsbrief.types import Briefing, SourceLink

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (dev extra) not installed")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = Path(__file__).parent / "script_samples"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WIDTHS = (390, 1280)
LONG_URL = "https://example.org/" + "".join(chr(ord("a") + i % 26) for i in range(180))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip(
            "Chromium and chromedriver are not installed: ./setup.sh installs Debian's "
            "chromium and chromium-driver"
        )
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",  # the tests may run as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _url_story_briefing() -> Briefing:
    text = (
        "The council published its full report on the harbour project on Monday morning.\n\n"
        f"The report can be read at {LONG_URL} and runs to four hundred pages.\n\n"
        "Officials said the work would start in the spring and last three years."
    )
    article = clean(load_text(text, title=LONG_URL))
    return compose_briefing("x", [article_to_story(article, sentences=3)])


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    """Every script sample, the sample inputs, and a story made of one long URL."""
    paths = [str(p) for p in sorted(SAMPLES.glob("*.txt"))] + [str(REPO / "inputs")]
    base = build_briefing(paths, title="Every script, every screen")
    url_story = _url_story_briefing().stories[0]
    url_story = type(url_story)(
        **{**url_story.__dict__, "sources": (SourceLink(name=LONG_URL[:120], url=LONG_URL),)}
    )
    stories = (url_story, *base.stories)
    return compose_briefing(base.title, stories, date=base.date)


@pytest.fixture(scope="module")
def pages(briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    html = render_html(briefing)
    page = folder / "briefing.html"
    page.write_text(html, encoding="utf-8")
    message = build_message(
        EmailSettings(smtp_host="127.0.0.1", sender="briefing@example.org"),
        to="reader@example.org",
        subject=briefing.title,
        html=html,
        text=render_text(briefing),
        pdf=None,
        pdf_name="briefing.pdf",
    )
    received = message_from_bytes(message.as_bytes(), policy=policy.default)
    body = received.get_body(preferencelist=("html",))  # type: ignore[attr-defined]
    email_page = folder / "email.html"
    email_page.write_text(body.get_content(), encoding="utf-8")
    return {"briefing": page, "email": email_page}


def _open(driver: Any, path: Path, width: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get(path.as_uri())
    driver.execute_script("return document.fonts.ready")


_OVERFLOW = """
const vw = document.documentElement.clientWidth;
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) {
    out.push(el.tagName + '#' + el.id + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
}
return {vw: vw, inner: window.innerWidth, doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth, out: out.slice(0, 10)};
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["briefing", "email"])
def test_no_horizontal_overflow(
    browser: Any, pages: dict[str, Path], kind: str, width: int
) -> None:
    _open(browser, pages[kind], width)
    seen = browser.execute_script(_OVERFLOW)
    assert seen["inner"] == width, seen
    assert seen["doc"] <= seen["vw"] and seen["body"] <= seen["vw"], seen
    assert not seen["out"], seen["out"]


_HEADLINES_AND_LINKS = """
const h2 = [...document.querySelectorAll('article.story h2')].map(e => {
  const r = e.getBoundingClientRect();
  return {text: e.textContent.replace(/\\s+/g, ' ').trim(), visible: r.width > 0 && r.height > 0};
});
const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
return {h2: h2, links: links, title: document.querySelector('h1').textContent.trim()};
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["briefing", "email"])
def test_every_headline_and_link_is_there(
    browser: Any, pages: dict[str, Path], briefing: Briefing, kind: str, width: int
) -> None:
    _open(browser, pages[kind], width)
    seen = browser.execute_script(_HEADLINES_AND_LINKS)
    shown = [h["text"] for h in seen["h2"]]
    expected = [clean_text(story.headline) for story in briefing.stories]
    assert len(expected) >= 12
    assert shown == expected
    assert all(h["visible"] for h in seen["h2"])
    urls = {http_url(s.url) for story in briefing.stories for s in story.sources[:5]} - {None}
    assert LONG_URL in urls
    assert urls <= set(seen["links"]), urls - set(seen["links"])
    assert seen["title"] == briefing.title


def test_narrow_screen_rules_apply_only_on_narrow_screens(
    browser: Any, pages: dict[str, Path]
) -> None:
    script = (
        "const th = document.querySelector('.facts th');"
        "return [getComputedStyle(th).display, getComputedStyle(document.body).boxShadow];"
    )
    _open(browser, pages["briefing"], 390)
    narrow = browser.execute_script(script)
    _open(browser, pages["briefing"], 1280)
    wide = browser.execute_script(script)
    assert narrow == ["block", "none"], narrow
    assert wide[0] == "table-cell" and wide[1] != "none", wide


def test_right_to_left_stories_are_right_to_left_in_the_browser(
    browser: Any, pages: dict[str, Path]
) -> None:
    _open(browser, pages["briefing"], 1280)
    seen = browser.execute_script(
        "const dir = e => getComputedStyle(e).direction;"
        "return [...document.querySelectorAll('article.story')]"
        ".map(a => [a.lang, dir(a), dir(a.querySelector('li'))])"
    )
    by_lang = {lang: (story_dir, li_dir) for lang, story_dir, li_dir in seen if lang}
    assert by_lang["ar"] == ("rtl", "rtl") and by_lang["he"] == ("rtl", "rtl"), seen
    assert by_lang["zh"] == ("ltr", "ltr"), seen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["briefing", "email"])
def test_screenshot_is_not_blank(
    browser: Any, pages: dict[str, Path], kind: str, width: int, tmp_path: Path
) -> None:
    from PIL import Image

    _open(browser, pages[kind], width)
    png = browser.get_screenshot_as_png()
    (tmp_path / f"{kind}-{width}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size[0] == width
    pixels = image.resize((image.size[0] // 2, image.size[1] // 2))
    colours = pixels.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[0] if colours else 0
    inked = 1 - background / (pixels.size[0] * pixels.size[1])
    assert len(colours) > 50, "a page of text has many shades (antialiasing)"
    assert inked > 0.03, f"only {inked:.1%} of the screenshot differs from the background"
