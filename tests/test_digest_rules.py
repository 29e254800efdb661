"""Keyword rules (``[[rules]]``): checked at load, time-bounded, block and keep on loopback."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest_fixtures.configs import outlet_config
from digest_fixtures.loopback import Site
from newsbrief.configfile import Table
from newsbrief.digest.config import load_config
from newsbrief.digest.rules import Patterns, Rule, judge
from newsbrief.errors import ConfigError
from newsbrief.types import Article

runner = CliRunner()
DAY1 = "2026-11-16"


pytestmark = pytest.mark.usefixtures("rule_based_ner")


def digest(config: Path, *args: str) -> tuple[int, dict[str, object], str]:
    from newsbrief.cli import app

    result = runner.invoke(app, ["digest", "--config", str(config), "--json", *args])
    data = json.loads(result.stdout) if result.exit_code == 0 else {}
    return result.exit_code, data, result.stderr


def article(title: str, text: str = "Some text.", source: str = "Metro Wire") -> Article:
    return Article(
        id=title, location=title, title=title, text=text, sentences=(), source_name=source
    )


def config_error(tmp_path: Path, rules: str) -> str:
    config = tmp_path / "bad.toml"
    config.write_text('[[sources]]\nname = "A"\npath = "."\n' + textwrap.dedent(rules), "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    return str(caught.value)


def test_bad_pattern_is_one_error_naming_the_rule(tmp_path: Path) -> None:
    message = config_error(tmp_path, '[[rules]]\nname = "no sport"\nblock = "(football"\n')
    assert "rules[0] ('no sport').block" in message
    assert "bad regular expression '(football'" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ('[[rules]]\nname = "x"\nblock = "a"\nkeep = "b"\n', "exactly one of block or keep"),
        ('[[rules]]\nname = "x"\n', "exactly one of block or keep"),
        ('[[rules]]\nname = "x"\nblock = "a"\nsources = ["B"]\n', "no [[sources]] entry"),
        ('[[rules]]\nname = "x"\nblock = "a"\nmatch = ["body"]\n', "unknown field 'body'"),
        ('[[rules]]\nname = "x"\nblock = ""\n', "must not be empty"),
        ('[[rules]]\nname = "x"\nblock = "a"\nwhen = 1\n', "when: unknown key"),
        ('[[rules]]\nname = "x"\nblock = "a"\n[[rules]]\nname = "x"\nkeep = "b"\n', "duplicate"),
    ],
)
def test_rule_config_errors(tmp_path: Path, rules: str, expected: str) -> None:
    assert expected in config_error(tmp_path, rules)


def rule(action: str, *patterns: str, sensitive: bool = False, **kw: object) -> Rule:
    table = Table("t.toml", {"p": list(patterns)})
    compiled = table.patterns("p", case_sensitive=sensitive) or ()
    return Rule(name=f"{action} rule", action=action, patterns=Patterns(compiled), **kw)  # type: ignore[arg-type]


def test_judge_case_fields_sources_and_keep_over_block() -> None:
    cup = article("Redhaven win the CUP final", source="Coastal Post")
    assert judge([rule("block", r"\bcup\b")], cup).blocked_by == "block rule"
    assert judge([rule("block", r"\bcup\b", sensitive=True)], cup).blocked_by is None
    only_text = rule("block", "cup", fields=("text",))
    assert judge([only_text], cup).blocked_by is None
    other_source = rule("block", "cup", sources=frozenset({"Metro Wire"}))
    assert judge([other_source], cup).blocked_by is None
    by_source = rule("block", "^coastal post$", fields=("source",))
    assert judge([by_source], cup).blocked_by == "block rule"
    both = judge([rule("block", "cup"), rule("keep", "redhaven")], cup)
    assert both.kept_by == "keep rule" and both.blocked_by is None


def test_slow_pattern_is_cut_off_and_counts_as_no_match() -> None:
    slow = rule("block", r"^(([a-z])+.)+[A-Z]([a-z])+$", fields=("text",))
    text = ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" * 200) + "\n"
    with pytest.raises(TimeoutError):  # the pattern really is slow on this text
        slow.patterns.compiled[0].search(text, timeout=0.01)
    assert judge([slow], article("t", text)).blocked_by is None  # gave up, did not hang


def test_block_rule_removes_a_story_and_says_so_keep_rule_lifts_one(
    tmp_path: Path, site: Site
) -> None:
    plain = outlet_config(tmp_path, site, "")
    code, before, _ = digest(plain, "--date", DAY1, "--dry-run")
    assert code == 0
    heads = [str(s["headline"]) for s in before["stories"]]  # type: ignore[union-attr]
    assert any("Northern Cup" in h or "Redhaven" in h for h in heads)
    assert "Darrow" not in heads[0]
    ruled = outlet_config(
        tmp_path,
        site,
        """\
        [[rules]]
        name = "no football"
        block = ["northern cup", "redhaven united"]
        match = ["title"]

        [[rules]]
        name = "fires near me"
        keep = "darrow hills"
        """,
    )
    code, after, _ = digest(ruled, "--date", DAY1, "--dry-run")
    assert code == 0
    heads = [str(s["headline"]) for s in after["stories"]]  # type: ignore[union-attr]
    assert not any("Northern Cup" in h or "Redhaven" in h for h in heads)
    assert "Darrow Hills" in heads[0]
    blocked = [x for x in after["left_out"] if x["rule"] == "no football"]  # type: ignore[union-attr,index]
    assert len(blocked) == 2
    assert {x["source"] for x in blocked} == {"Coastal Post", "The Daily Ledger"}
    assert all(x["reason"] == "blocked by rule 'no football'" for x in blocked)
