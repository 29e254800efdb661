"""Digest helper processes: real forked helpers, the same digest with and without them."""

from __future__ import annotations

import json
import os
import signal
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from digest_fixtures.loopback import Site, build_site, serve, stories
from newsbrief.digest.config import load_config
from newsbrief.digest.merge import MergeItem, cluster, merge_words
from newsbrief.digest.run import DigestResult, clean_gathered, run_digest
from newsbrief.digest.workers import Helpers, can_fork
from newsbrief.errors import ConfigError
from newsbrief.facts.ner import _load_spacy, model_name
from newsbrief.types import RawArticle

needs_fork = pytest.mark.skipif(not can_fork(), reason="helpers need fork (Linux)")
DAY = "2026-11-16"
CALLS: list[str] = []


def record_call(value: str) -> str:
    """A job that leaves a trace in the process that runs it."""
    CALLS.append(value)
    return value


def pid_unless_helper(parent: int) -> int:
    """Dies when run on a helper (a crash); returns the pid when run in the parent."""
    if os.getpid() != parent:
        os._exit(3)
    return os.getpid()


# --- the helper pool ------------------------------------------------------------------------


def test_without_helpers_a_job_runs_here_only_when_asked() -> None:
    CALLS.clear()
    with Helpers(0) as helpers:
        assert not helpers.active
        job = helpers.submit(record_call, "now")
        assert CALLS == []
        assert job.result() == "now" and job.result() == "now"
        assert CALLS == ["now"]
        assert helpers.submit(os.getpid).result() == os.getpid()


@needs_fork
def test_a_job_runs_on_a_helper_process() -> None:
    CALLS.clear()
    with Helpers(1) as helpers:
        assert helpers.active
        assert helpers.submit(os.getpid).result() != os.getpid()
        assert helpers.submit(record_call, "there").result() == "there"
        assert CALLS == []  # it ran in the helper, not here


@needs_fork
def test_cleaning_on_a_helper_gives_the_same_article() -> None:
    html = (
        "<html><head><title>Dam Opens</title></head><body><nav>Home</nav><article>"
        "<h1>Dam Opens</h1><p>The new dam opened on Friday after four years of work, "
        "officials said.</p><p>It will supply water to 200,000 homes across the valley.</p>"
        "</article><footer>Copyright</footer></body></html>"
    )
    raw = RawArticle(location="https://x.example/dam", body=html, body_type="html")
    args = (raw, None, "key", "Outlet", "https://x.example/dam", "Dam opens")
    here = clean_gathered(*args)
    with Helpers(1) as helpers:
        there = helpers.submit(clean_gathered, *args).result()
    assert there == here
    assert here.article is not None and "200,000 homes" in here.article.text
    assert here.words == merge_words(here.article.title, here.article.text, "Outlet")


@needs_fork
def test_a_helper_that_dies_means_the_job_runs_here() -> None:
    with Helpers(1, stall=0.5) as helpers:
        assert helpers.submit(pid_unless_helper, os.getpid()).result() == os.getpid()
        assert not helpers.active  # given up: later jobs run here
        assert helpers.submit(os.getpid).result() == os.getpid()


@needs_fork
def test_an_error_in_a_job_is_raised_here() -> None:
    with Helpers(1) as helpers:
        with pytest.raises(ValueError):
            helpers.submit(int, "not a number").result()
        assert helpers.active  # a failing job is not a failing helper
        assert helpers.submit(int, "7").result() == 7


@needs_fork
def test_helpers_stop_even_when_the_parent_ignores_sigterm() -> None:
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # as a scheduler would catch it
    try:
        helpers = Helpers(1)
        helpers.submit(os.getpid).result()
        helpers.submit(time.sleep, 120)  # busy when told to stop
        time.sleep(0.3)
        closing = threading.Thread(target=helpers.close, daemon=True)
        closing.start()
        closing.join(30)
        assert not closing.is_alive(), "a busy helper kept the parent's SIGTERM handler"
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.parametrize(("value", "ok"), [("0", True), ("2", True), ("-1", False), ("99", False)])
def test_workers_key(tmp_path: Path, value: str, ok: bool) -> None:
    path = tmp_path / "digest.toml"
    path.write_text(f'workers = {value}\n[[sources]]\nname = "a"\npath = "x"\n', encoding="utf-8")
    if ok:
        assert load_config(path).workers == int(value)
    else:
        with pytest.raises(ConfigError, match="workers"):
            load_config(path)
    path.write_text('[[sources]]\nname = "a"\npath = "x"\n', encoding="utf-8")
    assert load_config(path).workers is None  # automatic


def test_precomputed_merge_words_give_the_same_clusters() -> None:
    rows = stories()
    plain = [
        MergeItem(title=str(r["title"]), text=str(r["text"]), outlet=str(r["outlet"])) for r in rows
    ]
    with_words = [
        MergeItem(i.title, i.text, i.outlet, words=merge_words(i.title, i.text, i.outlet))
        for i in plain
    ]
    assert cluster(with_words) == cluster(plain)


# --- a whole digest with and without helpers --------------------------------------------------


@pytest.fixture
def site() -> Iterator[Site]:
    site = build_site(1)  # the private-link feed is not configured here
    with serve(site):
        yield site


def digest(tmp_path: Path, site: Site, workers: int) -> DigestResult:
    folder = tmp_path / f"workers{workers}"
    folder.mkdir()
    config = folder / "digest.toml"
    outlets = ["ledger", "harbour", "metro", "coastal"]
    sources = "".join(
        f'[[sources]]\nname = "{slug}"\nfeed = "{site.base}/{slug}/feed.xml"\n' for slug in outlets
    )
    config.write_text(
        textwrap.dedent(f"""\
        title = "Morning briefing"
        formats = ["json"]
        state = "news.sqlite"
        max_stories = 5
        teaser_words = 40
        workers = {workers}
        """)
        + sources,
        encoding="utf-8",
    )
    return run_digest(load_config(config), date=date.fromisoformat(DAY))


def content(result: DigestResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.json)
    data.pop("generated_at", None)
    return data


@needs_fork
@pytest.mark.parametrize("engine", ["rules", "spacy"])
def test_a_digest_built_on_a_helper_is_the_same_digest(
    tmp_path: Path, site: Site, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine == "spacy" and _load_spacy(model_name()) is None:
        pytest.skip("spaCy model not installed")
    monkeypatch.setenv("NEWSBRIEF_NER", engine)
    alone = digest(tmp_path, site, 0)
    helped = digest(tmp_path, site, 1)
    assert alone.timings["workers"] == 0
    assert helped.timings["workers"] == 1 and helped.timings["workers_cpu"] > 0
    assert content(helped) == content(alone)
    assert len(alone.briefing.stories) == 5 and alone.briefing.stories[0].facts.ner
    assert [x.reason for x in helped.left_out] == [x.reason for x in alone.left_out]
