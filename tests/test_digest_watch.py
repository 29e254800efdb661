"""Watchlists (``[[watch]]``, ``digest --watch NAME``): alerts over loopback feeds and SMTP,
sent once per story, nothing sent when nothing new matched, the daily digest untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest_fixtures.configs import outlet_config
from digest_fixtures.loopback import Site
from newsbrief.digest.config import load_config
from newsbrief.digest.rules import term_pattern
from newsbrief.errors import ConfigError
from newsbrief.state import State
from test_mail import ENV, Server, _invoke, smtp_server  # noqa: F401

DAY1, DAY2 = "2026-11-16", "2026-11-17"
pytestmark = [
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
    pytest.mark.usefixtures("rule_based_ner"),
]


WATCHES = """\
[[watch]]
name = "Fires"
terms = ["wildfire", "brush fire"]

[[watch]]
name = "zoo"
pattern = "red pandas?"
match = ["title"]
"""


def email_table(port: int) -> str:
    return (
        f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\n'
        'sender = "briefing@example.org"\nto = ["reader@example.org"]\n'
        "retries = 1\nbackoff = 0.01\ntimeout = 5\n"
    )


def watch_run(config: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = _invoke(["digest", "--config", str(config), "--json", *args], ENV)
    data = json.loads(result.stdout) if result.returncode == 0 else {}
    return result.returncode, data, result.stderr


def test_an_alert_is_sent_once_and_not_again_for_the_same_story(
    tmp_path: Path,
    site: Site,
    smtp_server: Server,  # noqa: F811
) -> None:
    config = outlet_config(tmp_path, site, WATCHES + email_table(smtp_server.port))
    code, data, err = watch_run(config, "--watch", "fires", "--email", "--date", DAY1)
    assert code == 0, err
    heads = [str(s["headline"]) for s in data["stories"]]  # type: ignore[union-attr]
    assert len(heads) == 2
    assert any("Mirabel" in h for h in heads) and any("Darrow" in h for h in heads)
    assert data["title"] == "Morning briefing: Fires"
    assert data["written"] == [
        str(tmp_path / "out" / f"{DAY1}-morning-briefing-watch-fires.{fmt}")
        for fmt in ("md", "json")
    ]
    (message,) = smtp_server.inbox.parsed()
    assert message["Subject"] == f"Morning briefing: Fires — {DAY1}"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "Mirabel" in body.get_content()

    for feed_day, day in ((1, DAY1), (2, DAY2)):  # the same stories again: no second alert
        site.day = feed_day
        code, data, err = watch_run(config, "--watch", "Fires", "--email", "--date", day)
        assert code == 0 and data["stories"] == [] and data["written"] == []
        assert "no new story matched; nothing written or mailed" in err
    assert len(smtp_server.inbox.messages) == 1

    site.day = 1
    code, data, err = watch_run(config, "--watch", "zoo", "--email", "--date", DAY1)
    assert data["stories"] == [] and len(smtp_server.inbox.messages) == 1  # nothing matched
    site.day = 2
    code, data, err = watch_run(config, "--watch", "zoo", "--email", "--date", DAY2)
    heads = [str(s["headline"]) for s in data["stories"]]  # type: ignore[union-attr]
    assert heads == ["Port Elden zoo welcomes twin red pandas"]
    assert len(smtp_server.inbox.messages) == 2

    with State(tmp_path / "state" / "news.sqlite", create=False) as state:
        assert state.seen_on(DAY1) == [] and state.runs() == []  # the digest's record untouched
        assert len(state.alerted("Fires")) >= 2
    site.day = 1
    code, digest, err = watch_run(config, "--date", DAY1, "--dry-run")
    assert code == 0, err
    assert any("Mirabel" in str(s["headline"]) for s in digest["stories"])  # type: ignore[union-attr]


def test_without_email_the_alert_is_written_and_nothing_is_marked(
    tmp_path: Path, site: Site
) -> None:
    config = outlet_config(tmp_path, site, WATCHES)
    for _ in range(2):
        code, data, err = watch_run(config, "--watch", "fires", "--date", DAY1)
        assert code == 0, err
        assert len(data["stories"]) == 2  # type: ignore[arg-type]


def test_unknown_watch_is_a_usage_error_naming_the_watchlists(tmp_path: Path, site: Site) -> None:
    config = outlet_config(tmp_path, site, WATCHES)
    code, _, err = watch_run(config, "--watch", "sport", "--date", DAY1)
    assert code == 2
    assert "no [[watch]] named 'sport' (watchlists: 'Fires', 'zoo')" in err


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('[[watch]]\nname = "x"\n', "give terms or a pattern for this watch"),
        ('[[watch]]\nterms = ["a"]\n', "name: missing"),
        ('[[watch]]\nname = "x"\npattern = "(a"\n', "watch[0] ('x').pattern: bad regular"),
        ('[[watch]]\nname = "x"\nterms = "a"\n[[watch]]\nname = "X"\nterms = "b"\n', "duplicate"),
        # checked as a rule's are (rules._check_where): a watch that can never match
        ('[[watch]]\nname = "x"\nterms = "a"\nmatch = []\n', "match: name at least one of"),
        ('[[watch]]\nname = "x"\nterms = "a"\nmatch = ["body"]\n', "unknown field 'body'"),
        ('[[watch]]\nname = "x"\nterms = "a"\nsources = ["B"]\n', "no [[sources]] entry"),
    ],
)
def test_watch_config_errors(tmp_path: Path, table: str, expected: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[[sources]]\nname = "A"\npath = "."\n' + table, "utf-8")
    with pytest.raises(ConfigError, match=None) as caught:
        load_config(config)
    assert expected in str(caught.value)


def test_terms_match_whole_words_across_whitespace() -> None:
    pattern = term_pattern("brush fire")
    assert pattern.search("A BRUSH\n  fire near town")
    assert not pattern.search("a brushfire") and not pattern.search("brush fires")


def test_the_schedule_runs_each_watch_after_the_digest(tmp_path: Path) -> None:
    from datetime import date

    from newsbrief.schedule import digest_job

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Council approves new riverside park\n\nThe city council on Monday approved plans for "
        "a new riverside park. The park will cover 12 hectares of former industrial land.\n",
        encoding="utf-8",
    )
    config = tmp_path / "digest.toml"
    config.write_text(
        'state = "state.sqlite"\noutput_dir = "out"\nformats = ["md"]\nworkers = 0\n'
        '[[sources]]\nname = "Desk"\npath = "articles"\n'
        '[[watch]]\nname = "Parks"\nterms = ["riverside park"]\n'
        '[[watch]]\nname = "Zoo"\nterms = ["red panda"]\n',
        encoding="utf-8",
    )
    summary = digest_job(config, email=False)(date(2026, 11, 16))
    assert summary == "1 file(s) written, watch 'Parks': 1 new, watch 'Zoo': 0 new"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "2026-11-16-daily-briefing-watch-parks.md",
        "2026-11-16-daily-briefing.md",
    ]
