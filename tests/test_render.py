"""Markdown, HTML, JSON and plain-text rendering: content, escaping, templates and overrides."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from newsbrief.errors import RenderError
from newsbrief.render import FORMATS, render, render_json, render_text
from newsbrief.render.templates import autoescape, builtin_dir
from newsbrief.render.text import clean, http_url, md_escape, md_url, sanitize
from newsbrief.types import Entity, Facts, Quote, SourceLink
from render_samples import briefing, digest_briefing, story

REPO = Path(__file__).resolve().parent.parent

#: Article text that must stay text in every format.
HOSTILE = (
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    '<a rel=attachment href="file:///etc/passwd">x</a>',
    "<style>body { display: none }</style>",
    "<!-- hidden --> <base href=file:///etc/>",
    "[click me](javascript:alert(1)) and [ref]: http://evil.example/",
    "![pixel](http://evil.example/p.png)",
    "# Fake heading",
    "```\nfenced code\n```",
    "    indented code",
    "| a | b |\n|---|---|\n| c | d |",
    "1. ordered\n- bullet\n+ plus",
    "*emphasis* and _more_ and **strong** ~~strike~~",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07osc link\x1b]8;;\x07",
    "\u202egnp.exe \u2066isolate\u2069 \u200fmark",
    "<https://evil.example/auto> https://evil.example/bare www.evil.example me@evil.example",
    "&lt;script&gt; &#x3C;b&#x3E;",
    "line one\r\n\r\n## second block\n> quote",
)


def hostile_story():  # type: ignore[no-untyped-def]
    return dataclasses.replace(
        story(1),
        headline="<b>Bold</b> # {{ 7*7 }} [x](javascript:alert(1)) \x1b[2J\u202e",
        summary=HOSTILE,
        sources=(
            SourceLink("<i>Evil</i> [outlet](http://evil.example)", "javascript:alert(1)"),
            SourceLink("Data", "data:text/html,<script>alert(1)</script>"),
            SourceLink("File", "file:///etc/passwd"),
            SourceLink("Fine", "https://ok.example/a?b=1&c=(2)"),
        ),
        facts=Facts(
            people=(Entity("<script>x</script>", "person", 0, role="[r](http://e.x)"),),
            quotes=(Quote("`code` <img src=x>", 0, speaker="# speaker"),),
        ),
    )


def hostile_briefing():  # type: ignore[no-untyped-def]
    return dataclasses.replace(
        briefing(1), title="# <h1>{{ 7*7 }}</h1>\n\x1b[31m", stories=(hostile_story(),)
    )


# --- HTML -------------------------------------------------------------------------------------


class TagCollector(HTMLParser):
    """Every start tag with its attributes, and the text outside <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def parse_html(html: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(html)
    return parser


def test_html_shows_every_story_part() -> None:
    html = str(render(digest_briefing(), "html"))
    page = parse_html(html)
    text = " ".join(" ".join(page.text).split())
    assert "Evening digest" in text
    assert "Monday 16 November 2026" in text
    assert "Port strike enters second week as talks stall" in text
    assert "Update" in text
    assert "reported by 3 outlets" in text
    assert "Anna Keller (Mayor)" in text
    assert "Tuesday (2026-11-10)" in text
    assert "“This is a turning point for our city” — Anna Keller" in text
    assert "4 more stories in the full digest" in text
    assert "https://dead.example.org/feed.xml" in text and "connection refused" in text
    assert "ranker news · NER spacy en_core_web_sm" in text
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert hrefs[:2] == [
        "https://harbour.example.com/strike",
        "http://coast.example.net/a?id=1&x=2",
    ]
    assert '<time datetime="2026-11-15">15 November 2026</time>' in html


def test_html_keeps_hostile_text_as_text() -> None:
    html = str(render(hostile_briefing(), "html"))
    page = parse_html(html)
    tags = {tag for tag, _ in page.tags}
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "p",
        "time",
        "span",
        "main",
        "article",
        "h2",
        "ul",
        "li",
        "a",
        "div",
        "table",
        "caption",
        "tr",
        "th",
        "td",
        "footer",
    }
    assert sum(1 for tag, _ in page.tags if tag == "style") == 1
    for tag, attrs in page.tags:
        assert attrs.get("rel") != "attachment"
        assert "src" not in attrs
        if tag == "a":
            assert re.match(r"https?://", attrs["href"] or "")
    assert [a["href"] for t, a in page.tags if t == "a"] == ["https://ok.example/a?b=1&c=(2)"]
    text = " ".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown, as text
    assert "{{ 7*7 }}" in text and "49" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", html)


def test_autoescape_is_by_name_not_last_suffix() -> None:
    assert autoescape("briefing.html.j2") and autoescape("_story.html.j2")
    assert autoescape("custom.j2") and autoescape("page.htm") and autoescape(None)
    assert not autoescape("briefing.md.j2") and not autoescape("email.txt.j2")
    assert not autoescape("notes.markdown")


# --- Markdown ---------------------------------------------------------------------------------


def markdown_parser() -> MarkdownIt:
    try:
        import linkify_it  # noqa: F401
    except ImportError:  # GFM-style bare-URL links checked only when linkify-it-py is there
        return MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])


def structure(markdown: str) -> list[str]:
    """Block and inline token types, without their text: the document's shape."""
    shape = []
    for token in markdown_parser().parse(markdown):
        shape.append(token.type)
        shape.extend(child.type for child in token.children or ())
    return shape


def test_markdown_shows_every_story_part() -> None:
    md = str(render(digest_briefing(), "md"))
    assert md.startswith("# Evening digest\n")
    assert "## **Update:** Port strike enters second week as talks stall" in md
    assert "[Harbour Daily](https://harbour.example.com/strike)" in md
    assert "reported by 3 outlets" in md
    assert "- Opponents said the plan would disrupt small businesses" in md
    assert "**People:** Anna Keller (Mayor); Jonas Brandt (council transport chair)" in md
    assert "4 more stories in the full digest." in md
    tokens = markdown_parser().parse(md)
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1", "h2", "h2", "h2"]  # title, two stories, failures


def test_markdown_hostile_text_cannot_change_structure() -> None:
    benign = dataclasses.replace(
        hostile_briefing(),
        title="Plain title",
        stories=(
            dataclasses.replace(
                hostile_story(),
                headline="Plain headline",
                summary=tuple(f"plain sentence {i}" for i in range(len(HOSTILE))),
                sources=tuple(
                    dataclasses.replace(s, name=f"Outlet {i}")
                    for i, s in enumerate(hostile_story().sources)
                ),
                facts=Facts(
                    people=(Entity("Someone", "person", 0, role="role"),),
                    quotes=(Quote("words", 0, speaker="speaker"),),
                ),
            ),
        ),
    )
    hostile_md = str(render(hostile_briefing(), "md"))
    assert structure(hostile_md) == structure(str(render(benign, "md")))
    links = [t for t in markdown_parser().parse(hostile_md) for t in (t.children or [])]
    hrefs = [t.attrs.get("href") for t in links if t.type == "link_open"]
    assert hrefs == ["https://ok.example/a?b=1&c=%282%29"]
    assert "\x1b" not in hostile_md and "\u202e" not in hostile_md


#: Pieces that make Markdown structure or links, for texts that hit them often.
MARKUP_PIECES = (
    *("www", ".", "io", "A", "AL", "com", "xn--p1ai", "@", "://", "http", "mailto:", "ftp"),
    *("<", ">", "[", "]", "(", ")", "!", "*", "_", "`", "~", "|", "#", "&", ";", "amp"),
    *("\\", ":", "/", "-", "+", "=", "1", "2.", "x", " ", "  ", "\t", "é", "д", "\u00a0"),
)
markup_text = st.lists(st.sampled_from(MARKUP_PIECES), max_size=24).map("".join)
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=500)
@given(st.one_of(markup_text, any_text))
def test_md_escape_round_trips_to_plain_text(text: str) -> None:
    """Whatever the text, Markdown (CommonMark + GFM tables, strikethrough and linkify) reads
    it back as exactly that text and nothing else: no link, image, heading, list or HTML."""
    tokens = markdown_parser().parse(md_escape(text))
    assert [t.type for t in tokens] in (
        [],
        ["paragraph_open", "inline", "paragraph_close"],
    ), tokens
    children = (tokens[1].children or []) if tokens else []
    assert {t.type for t in children} <= {"text", "text_special"}
    assert "".join(t.content for t in children) == clean(text).strip()


@pytest.mark.parametrize(
    "text", ["A.AL", "x.io", "see x.io now", "www.x", "a@b.co", "<http://x.y>", "foo.com/bar"]
)
def test_md_escape_stops_fuzzy_links(text: str) -> None:
    tokens = markdown_parser().parseInline(md_escape(text))
    assert {t.type for t in tokens[0].children or []} <= {"text", "text_special"}


def test_md_escape_neutralises_line_starts() -> None:
    for text in ("# h", "1. one", "2) two", "- dash", "+ plus", "> quote", "=== ", "---"):
        assert structure(md_escape(text)) == [
            "paragraph_open",
            "inline",
            "text",
            "paragraph_close",
        ], text


def test_links_are_http_only() -> None:
    assert http_url("https://example.org/a") == "https://example.org/a"
    assert http_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "file:///etc/passwd",
        "//example.org",
        "/relative",
        "http://",
        "http://exa mple.org",
        "ftp://x.org",
        None,
        "",
    ):
        assert http_url(bad) is None, bad
    assert md_url("https://e.org/a b)") is None
    assert md_url("https://e.org/a(b)") == "https://e.org/a%28b%29"


def test_sanitize_clips_titles_and_strips_controls() -> None:
    b = dataclasses.replace(briefing(1), title="T\x07itle " + "word " * 100)
    clean_b = sanitize(b)
    assert len(clean_b.title) <= 200 and clean_b.title.endswith("…")
    assert clean_b.title.startswith("Title word")


# --- JSON and text ----------------------------------------------------------------------------


def test_json_has_the_documented_shape() -> None:
    data = json.loads(str(render(digest_briefing(), "json")))
    assert {"title", "date", "generated_at", "stories", "failures", "more_stories"} <= set(data)
    first = data["stories"][0]
    assert {"headline", "summary", "sources", "facts", "published", "is_update"} <= set(first)
    assert first["is_update"] is True
    assert first["sources"][0] == {
        "name": "Harbour Daily",
        "url": "https://harbour.example.com/strike",
        "title": None,
        "has_text": True,
    }
    assert first["facts"]["quotes"][0]["speaker"] == "Anna Keller"
    assert data["failures"] == [
        {
            "source": "https://dead.example.org/feed.xml",
            "error": "connection refused",
            "stage": "fetch",
        }
    ]


def test_json_strips_terminal_controls() -> None:
    out = str(render(hostile_briefing(), "json"))
    assert "\x1b" not in out and "\u202e" not in out and "\\u001b" not in out
    assert json.loads(out)["stories"][0]["summary"][0] == "<script>alert(1)</script>"


def test_plain_text_for_email() -> None:
    out = render_text(digest_briefing())
    assert out.startswith("EVENING DIGEST\nMonday 16 November 2026\n")
    assert "1. [Update] Port strike enters second week as talks stall" in out
    assert "Harbour Daily <https://harbour.example.com/strike>" in out
    assert "4 more stories in the full digest." in out
    hostile = render_text(hostile_briefing())
    assert "<javascript:" not in hostile and "<data:" not in hostile and "<file:" not in hostile
    assert "<https://ok.example/a?b=1&c=(2)>" in hostile and "\x1b" not in hostile


def test_unknown_format_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="unknown format"):
        render(briefing(1), "docx")
    assert FORMATS == ("md", "html", "json", "pdf", "epub")


# --- templates: override and packaging ---------------------------------------------------------


def test_user_templates_override_only_what_they_hold(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text("CUSTOM {{ briefing.title|md }} {{ '<b>' }}\n")
    (tmp_path / "_story.html.j2").write_text(
        "{% macro story_block(story, index) %}<p class=mine>{{ story.headline }}</p>{% endmacro %}"
    )
    b = dataclasses.replace(briefing(2), title="Mine *bold*")
    assert render(b, "md", templates_dir=tmp_path) == "CUSTOM Mine \\*bold\\* <b>\n"
    html = str(render(b, "html", templates_dir=tmp_path))
    assert html.count("<p class=mine>") == 2 and ">Mine *bold*</h1>" in html
    assert str(render(b, "md")).startswith("# Mine \\*bold\\*")  # built-ins untouched


def test_template_problems_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="templates folder not found"):
        render(briefing(1), "md", templates_dir=tmp_path / "missing")
    (tmp_path / "briefing.md.j2").write_text("line one\n{% for x in %}\n")
    with pytest.raises(RenderError, match=r"briefing\.md\.j2, line 2: template syntax error"):
        render(briefing(1), "md", templates_dir=tmp_path)
    (tmp_path / "briefing.md.j2").write_text("{{ briefing.no_such_field }}")
    with pytest.raises(RenderError, match="no_such_field"):
        render(briefing(1), "md", templates_dir=tmp_path)
    (tmp_path / "briefing.css").write_text("p { color: red } </style><script>x</script>")
    with pytest.raises(RenderError, match="stylesheet must not contain"):
        render(briefing(1), "html", templates_dir=tmp_path)


def test_article_text_is_never_compiled_as_a_template() -> None:
    b = dataclasses.replace(
        briefing(1),
        title="{{ 7*7 }}",
        stories=(dataclasses.replace(story(1), summary=("{{ 7*7 }}",)),),
    )
    for fmt in ("md", "html"):
        out = str(render(b, fmt))
        assert "49" not in out
    assert "{{ 7*7 }}" in str(render(b, "html"))
    assert "\\{\\{ 7\\*7 \\}\\}" in str(render(b, "md"))


def test_builtin_templates_are_the_repository_folder() -> None:
    assert builtin_dir() in (REPO / "templates", REPO / "src" / "newsbrief" / "templates")
    for name in (
        "briefing.md.j2",
        "briefing.html.j2",
        "_story.html.j2",
        "_facts.html.j2",
        "briefing.css",
        "email.txt.j2",
    ):
        assert (REPO / "templates" / name).is_file(), name


@pytest.mark.slow
def test_wheel_ships_templates_and_finds_them(tmp_path: Path) -> None:
    """Build the non-editable wheel, check the templates are inside, render from an install."""
    wheels = tmp_path / "whl"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip()[-200:]}")
    wheel = next(wheels.glob("newsbrief-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "newsbrief/templates/briefing.html.j2",
        "newsbrief/templates/briefing.css",
        "newsbrief/templates/briefing.md.j2",
        "newsbrief/templates/email.txt.j2",
    } <= names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from newsbrief.render.templates import builtin_dir; from newsbrief.render import render;"
        "from newsbrief.types import Briefing;"
        "print(builtin_dir());"
        "print(render(Briefing('Wheel title', '2026-11-16', 'now', ()), 'md'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(target / "newsbrief" / "templates")
    assert "# Wheel title" in run.stdout


def test_a_story_without_summary_is_listed_under_also_in_the_news() -> None:
    """Headline-only stories are part of the data model: every page format lists them."""
    b = briefing(3)
    headline_only = dataclasses.replace(b.stories[1], summary=(), facts=Facts())
    b = dataclasses.replace(b, stories=(b.stories[0], headline_only, b.stories[2]))
    md = str(render(b, "md"))
    assert "## Also in the news" in md
    assert f"- {md_escape(headline_only.headline)} — [Outlet 2](https://news.example.org/2)" in md
    assert md.index("Story 3") < md.index("## Also in the news") < md.index("Story 2")
    html = str(render(b, "html"))
    assert 'id="also-1"' in html and 'id="story-1"' not in html and 'id="story-2"' in html
    text = render_text(b)
    assert "ALSO IN THE NEWS" in text and f"- {headline_only.headline} (Outlet 2)" in text
    assert json.loads(render_json(b))["stories"][1]["summary"] == []


@pytest.mark.parametrize(
    ("text", "iso", "shown"),
    [
        ("on Sunday", "2026-11-15", "on Sunday (2026-11-15)"),
        ("in September", "2026-09", "in September (2026-09)"),
        ("in 2014", "2014", "in 2014"),
        ("December 2032", "2032-12", "December 2032"),
        ("2027", "2027", "2027"),
    ],
)
def test_a_date_shows_its_iso_form_only_where_the_words_lack_the_year(
    text: str, iso: str, shown: str
) -> None:
    from newsbrief.render.text import fact_label
    from newsbrief.types import DateFact

    assert fact_label(DateFact(text, iso, 0)) == shown
