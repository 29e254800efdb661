"""EPUB output: the sample inputs as an e-book read back (zip, OPF, nav, chapters), hostile
text kept inert, the digest's "epub" format, and `send` to an e-reader address (loopback SMTP)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from digest_fixtures.configs import outlet_config
from digest_fixtures.loopback import Site
from newsbrief.cli import app
from newsbrief.render.epub import render_epub
from newsbrief.types import Briefing, SourceLink, Story
from test_mail import ENV, Server, _config, _invoke, smtp_server  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
    pytest.mark.usefixtures("rule_based_ner"),
]


class Book:
    """An EPUB read back with zipfile and lxml, as an e-reader would open it."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        first = self.zip.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert self.zip.read("mimetype") == b"application/epub+zip"
        assert data[30:58] == b"mimetypeapplication/epub+zip"  # readers sniff these bytes
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        (self.opf_path,) = container.xpath("//c:rootfile/@full-path", namespaces=NS)
        self.base = self.opf_path.rpartition("/")[0]
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def meta(self, name: str) -> list[str]:
        return [str(v) for v in self.opf.xpath(f"//dc:{name}/text()", namespaces=NS)]

    def xhtml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(f"{self.base}/{href}"))  # well-formed XML

    def spine(self) -> list[str]:
        items = {i.get("id"): i for i in self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)}
        refs = self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)
        return [str(items[r].get("href")) for r in refs]

    def nav(self) -> list[tuple[str, str]]:
        (item,) = self.opf.xpath("//opf:item[@properties='nav']", namespaces=NS)
        links = self.xhtml(item.get("href")).xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
        return [(str(a.get("href")), "".join(a.itertext())) for a in links]


def text_of(element: etree._Element, path: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) for e in element.xpath(path, namespaces=NS)]


def test_sample_inputs_as_an_epub_open_with_chapters_toc_metadata_and_every_headline(
    tmp_path: Path,
) -> None:
    stem = tmp_path / "briefing"
    result = CliRunner().invoke(
        app,
        ["brief", str(REPO / "inputs"), "-f", "epub", "-f", "json", "-o", str(stem), "-q",
         "--title", "Sample briefing"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(stem.with_suffix(".json").read_text("utf-8"))
    headlines = [s["headline"] for s in data["stories"]]
    assert len(headlines) >= 5
    book = Book(stem.with_suffix(".epub").read_bytes())
    assert book.meta("title") == [f"Sample briefing — {data['date']}"]
    assert book.meta("date") == [data["date"]]
    assert book.meta("language") == ["en"]
    assert book.meta("identifier")[0].startswith("urn:uuid:")
    assert book.opf.get("version") == "3.0"
    nav = book.nav()
    assert [title for _, title in nav] == headlines  # the TOC: one entry per story, in order
    chapters = [href for href in book.spine() if href.startswith("story-")]
    assert chapters == [href for href, _ in nav]  # one chapter per story, in reading order
    for href, story in zip(chapters, data["stories"], strict=True):
        page = book.xhtml(href)
        assert text_of(page, "//x:h1") == [story["headline"]]
        bullets = text_of(page, "//x:ul[@class='summary']/x:li")
        assert bullets == [" ".join(s.split()) for s in story["summary"]]
        links = page.xpath("//x:ul[@class='sources']//x:a/@href", namespaces=NS)
        assert links == [s["url"] for s in story["sources"] if s["url"]]
        if any(story["facts"][k] for k in ("people", "places", "figures")):
            assert "Key facts" in text_of(page, "//x:h2")


def test_article_text_is_escaped_in_the_epub() -> None:
    hostile = Story(
        headline='<script>alert(1)</script> & "Quotes" ]]>',
        summary=("</li><img src=x onerror=alert(1)> <a href='javascript:x'>click</a>",),
        sources=(SourceLink("Evil <b>outlet</b>", url="javascript:alert(1)", title="<i>t</i>"),),
    )
    briefing = Briefing(title="T <x>", date="2026-11-16", generated_at="", stories=(hostile,))
    book = Book(render_epub(briefing))
    page = book.xhtml(book.spine()[1])
    assert not page.xpath("//x:script | //x:img | //x:b | //x:i | //x:a", namespaces=NS)
    assert text_of(page, "//x:h1") == ['<script>alert(1)</script> & "Quotes" ]]>']
    assert "<img src=x onerror=alert(1)>" in text_of(page, "//x:li")[0]
    assert book.meta("title") == ["T <x> — 2026-11-16"]


@pytest.mark.skipif(
    not (EPUBCHECK.exists() and shutil.which("java")), reason="epubcheck not installed"
)
def test_epubcheck_finds_no_error(tmp_path: Path) -> None:
    """W3C's EPUBCheck (Debian's epubcheck package), offline, on a briefing with a notes page."""
    from newsbrief.types import Failure, SourceFailing

    story = Story(headline="Storm closes bridge", summary=("The bridge shut.",), sources=())
    briefing = Briefing(
        title="Check",
        date="2026-11-16",
        generated_at="",
        stories=(story,),
        failures=(Failure("Dead feed", "HTTP 503"),),
        sources_failing=(SourceFailing("Dead feed", "2026-11-14", "HTTP 503", 3),),
    )
    book = tmp_path / "check.epub"
    book.write_bytes(render_epub(briefing))
    run = subprocess.run(
        # a quick-starting JVM: C1 compiler only, serial GC (about half the CPU time)
        ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), str(book)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 fatals / 0 errors / 0 warnings" in run.stdout


def test_digest_writes_an_epub_atomically_named_by_date(tmp_path: Path, site: Site) -> None:
    config = outlet_config(tmp_path, site, formats='["epub", "json"]')
    args = ["digest", "--config", str(config), "--date", "2026-11-16", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out" / "2026-11-16-morning-briefing"
    assert result.stdout.split() == [str(out.with_suffix(".epub")), str(out.with_suffix(".json"))]
    data = json.loads(out.with_suffix(".json").read_text("utf-8"))
    book = Book(out.with_suffix(".epub").read_bytes())
    assert [t for _, t in book.nav()] == [s["headline"] for s in data["stories"]]
    assert book.meta("date") == ["2026-11-16"]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp file left


def test_send_mails_an_epub_to_an_e_reader_address(
    smtp_server: Server,  # noqa: F811
    tmp_path: Path,
) -> None:
    story = Story(headline="Storm closes bridge", summary=("The bridge shut.",), sources=())
    epub = tmp_path / "briefing.epub"
    epub.write_bytes(render_epub(Briefing("Daily", "2026-11-16", "", (story,))))
    config = _config(tmp_path, smtp_server.port)
    sent = _invoke(["send", str(epub), "--config", str(config), "--to", "me@kindle.com"], ENV)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.split() == ["me@kindle.com"]
    (message,) = smtp_server.inbox.parsed()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/epub+zip"
    assert attachment.get_filename() == "briefing.epub"
    assert [t for _, t in Book(attachment.get_content()).nav()] == ["Storm closes bridge"]
    not_epub = tmp_path / "fake.epub"
    not_epub.write_bytes(b"PK\x03\x04 just a zip")
    bad = _invoke(["send", str(not_epub), "--config", str(config)], ENV)
    assert bad.returncode == 1 and "not a PDF or EPUB file" in bad.stderr
