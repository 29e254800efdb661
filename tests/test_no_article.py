"""No article, no story: pages whose text is only a menu, link labels, an app shell or a
"please enable JavaScript" notice are refused as "no article text found", whatever
trafilatura returns for them; real articles with links in them are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.clean import clean
from newsbrief.cli import app
from newsbrief.errors import CleanError
from newsbrief.load import load, load_text
from newsbrief.substance import LinkCover, is_sentence, weigh

SECTIONS = ["Home", "World", "Politics", "Business", "Technology", "Sport", "Opinion"]
HEADLINES = [
    "Council approves new budget after a long debate on spending.",
    "Storm leaves thousands of homes without power along the coast.",
    "Local team wins the regional championship for the third time.",
    "Why the new tunnel will take two more years to finish, and what it costs.",
]
ARTICLE = [
    "The Marston council approved a budget of 41 million pounds on Tuesday after a debate "
    "that ran late into the night.",
    "Councillors voted 23 to 9 for the plan, which raises spending on schools and roads while "
    "cutting the cost of running the town hall.",
    "The leader of the council said the vote was a fair deal for residents, and the opposition "
    'promised to <a href="/x">review every line of it</a> next year.',
]


def page(body: str, title: str = "Example News") -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body>{body}</body></html>"
    )


def nav() -> str:
    items = "".join(f"<li><a href='/{s.lower()}'>{s}</a></li>" for s in SECTIONS)
    return f"<header><nav><ul>{items}</ul></nav></header>"


HOSTILE = {
    "menu-only": page(nav() + "<footer><a href='/about'>About us</a></footer>"),
    "two-letter menu": page(
        "<nav><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></nav>", title="A"
    ),
    "link list of headlines": page(
        nav()
        + "<main><ul>"
        + "".join(f"<li><a href='/n{i}'>{h}</a></li>" for i, h in enumerate(HEADLINES))
        + "</ul></main>"
    ),
    "link list in paragraphs": page(
        "".join(f"<p><a href='/n{i}'>{h}</a></p>" for i, h in enumerate(HEADLINES))
    ),
    "empty app shell": page(
        "<noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div>"
        "<script src='/static/app.js'></script>",
        title="News App",
    ),
    "app shell with loading label": page(
        "<div id='app'><div class='spinner'>Loading…</div></div><script>window.boot()</script>",
        title="Breaking: storm hits the coast",
    ),
    "JavaScript required": page(
        "<p>Please enable JavaScript to view this page.</p>"
        "<p>This site requires JavaScript to work properly.</p>",
        title="Breaking: Storm hits the coast",
    ),
    "menu and JS notice": page(
        nav() + "<main><p>JavaScript is disabled in your browser.</p></main>"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_are_refused(name: str) -> None:
    raw = load_text(HOSTILE[name], location=f"{name}.html")
    assert raw.body_type == "html"
    with pytest.raises(CleanError, match=r"no article text found"):
        clean(raw)


def test_link_lists_are_named_as_such() -> None:
    raw = load_text(HOSTILE["link list of headlines"], location="list.html")
    with pytest.raises(CleanError, match=r"only link labels"):
        clean(raw)


def test_article_with_links_and_a_menu_is_kept() -> None:
    body = nav() + "<article><h1>Council passes budget</h1>"
    body += "".join(f"<p>{p}</p>" for p in ARTICLE) + "</article>"
    body += "<aside><ul>" + "".join(f"<li><a href='/r'>{h}</a></li>" for h in HEADLINES)
    body += "</ul></aside>"
    article = clean(load_text(page(body), location="article.html"))
    assert "41 million pounds" in article.text
    assert "review every line of it" in article.text  # a link inside a sentence is text


def test_one_own_sentence_beside_links_is_an_article() -> None:
    body = "<p>The bridge reopened on Monday after three weeks of repairs.</p>" + "".join(
        f"<p><a href='/n{i}'>{h}</a></p>" for i, h in enumerate(HEADLINES)
    )
    article = clean(load_text(page(body), location="short.html"))
    assert article.sentences[0].text.startswith("The bridge reopened")


def test_markdown_link_list_is_refused_and_prose_kept() -> None:
    links = "\n".join(f"- [{h}](https://example.org/{i})" for i, h in enumerate(HEADLINES))
    with pytest.raises(CleanError, match=r"only link labels"):
        clean(load_text(f"# Latest news\n\n{links}\n", location="links.md"))
    prose = "The [bridge](https://example.org/b) reopened on Monday after three weeks of repairs."
    assert "bridge reopened" in clean(load_text(prose, location="one.md")).text


def test_plain_text_menu_and_bare_headline_are_refused() -> None:
    with pytest.raises(CleanError, match=r"no article text found"):
        clean(load_text("\n".join(SECTIONS), location="menu.txt"))
    with pytest.raises(CleanError, match=r"no article text found"):
        clean(load_text("Storm hits coast", location="headline.txt"))
    assert clean(load_text("Storm hits the coast.", location="one.txt")).sentences


def test_sentences_in_other_scripts_count() -> None:
    assert is_sentence("东京电力公司周二表示，核电站的冷却系统已经恢复正常。")
    assert is_sentence("सरकार ने मंगलवार को नई योजना की घोषणा की।")
    assert is_sentence("أعلنت الحكومة عن خطة جديدة يوم الثلاثاء؟")
    assert is_sentence("คณะรัฐมนตรีอนุมัติงบประมาณใหม่สำหรับโรงเรียนในวันอังคาร")  # no stop in Thai
    assert not is_sentence("Politics")
    assert not is_sentence("World News Sport Weather Travel Culture")


def test_link_cover_counts_words_inside_labels() -> None:
    cover = LinkCover(["Read the full report", "Home"])
    assert cover.share("Read the full report") == 1.0
    assert cover.share("Officials said on Monday that they will read the full report soon.") < 0.5
    assert cover.share("") == 0.0
    evidence = weigh([["Read the full report."], ["Home"]], cover)
    assert evidence.own_sentences == 0 and evidence.link_sentences == 1


def test_brief_with_only_a_menu_page_exits_non_zero(tmp_path: Path) -> None:
    menu = tmp_path / "menu.html"
    menu.write_text(HOSTILE["two-letter menu"], encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(menu)])
    assert result.exit_code == 1
    assert "menu.html: no article text found" in result.stderr
    assert "# A" not in result.stdout


def test_brief_goes_on_with_the_real_article(tmp_path: Path) -> None:
    menu = tmp_path / "menu.html"
    menu.write_text(HOSTILE["menu-only"], encoding="utf-8")
    good = tmp_path / "good.html"
    body = "<article><h1>Council passes budget</h1>" + "".join(f"<p>{p}</p>" for p in ARTICLE)
    good.write_text(page(body + "</article>"), encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(menu), str(good), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "menu.html: no article text found" in result.stderr
    assert "41 million pounds" in result.stdout


def test_real_pages_are_not_refused(shared_dir: Path) -> None:
    pages = sorted((shared_dir / "eval" / "html").glob("*.html"))
    if not pages:
        pytest.skip("../shared/eval/html is not present")
    refused = []
    for path in pages[::6]:  # a spread of the 90 pages; benchmarks/refusals.py reads all
        [raw] = load(str(path))
        try:
            clean(raw)
        except CleanError as exc:
            refused.append(str(exc))
    assert refused == []
