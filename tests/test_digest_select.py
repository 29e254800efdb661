"""digest/select.py: each step returns what it decided (reasons, story keys), mutating nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from newsbrief.digest.fates import Fate, left_out, seen_rows
from newsbrief.digest.gather import GatheredItem
from newsbrief.digest.select import candidates, screen, story_key
from newsbrief.state import BriefedArticle
from newsbrief.types import Article, RawArticle

DAY = date(2026, 11, 16)
START, END = datetime(2026, 11, 15, tzinfo=UTC), datetime(2026, 11, 17, tzinfo=UTC)


def item(source: str, key: str, published: str | None, title: str = "T") -> GatheredItem:
    raw = RawArticle(location=f"{source}/{key}", body="text", body_type="text", id=key)
    return GatheredItem(source=source, key=key, title=title, url=None, published=published, raw=raw)


def article(key: str, title: str = "Headline") -> Article:
    return Article(
        id=key, location=key, title=title, text="Some text.", sentences=(), source_name="Outlet"
    )


def test_screen_returns_reasons_and_keeps_the_first_copy() -> None:
    first = item("A", "k1", "2026-11-16T08:00:00+00:00")
    copy = item("B", "k1", "2026-11-16T09:00:00+00:00")
    old = item("A", "k2", "2026-11-10T08:00:00+00:00")
    late = item("A", "k3", "2026-11-17T08:00:00+00:00")
    undated = item("A", "k4", None)
    usable, dropped = screen([first, copy, old, late, undated], START, END, 48, DAY)
    assert usable == [first, undated]
    assert dropped == {
        copy: "same article as from A",
        old: "older than the 48h window",
        late: "published after 2026-11-16",
    }
    # items compare by identity: the copy with the same key is another item
    assert copy != first and copy not in usable


def test_candidates_say_which_stories_were_briefed_before() -> None:
    a, b, c = article("a"), article("b"), article("c")
    prior = {"a": BriefedArticle(story_key="s-old", day="2026-11-15")}
    found, fates = candidates([[0], [1, 2]], [a, b, c], prior, END)
    assert fates == {"a": Fate("already briefed on 2026-11-15", "s-old")}
    assert [c.story.articles for c in found] == [(b, c)]
    assert found[0].key == story_key([b, c]) and not found[0].story.is_update
    # an old story with a new report is an update under its old key
    found, fates = candidates([[0, 1]], [a, b], prior, END)
    assert fates == {} and found[0].key == "s-old" and found[0].story.is_update
    assert found[0].story.new_ids == frozenset({"b"})


def test_rows_and_left_out_follow_the_fates() -> None:
    briefed, dropped, failed = item("A", "k1", None), item("A", "k2", None), item("B", "k3", None)
    fates = [Fate(story_key="s1"), Fate("older than the 48h window"), Fate("could not be cleaned")]
    articles = [article("k1", "Clean headline"), None, None]
    rows = seen_rows(DAY, [briefed, dropped, failed], fates, articles)
    assert [(r.article_key, r.status, r.story_key, r.reason) for r in rows] == [
        ("k1", "briefed", "s1", None),
        ("k2", "left_out", None, "older than the 48h window"),
        ("k3", "left_out", None, "could not be cleaned"),
    ]
    assert rows[0].title == "Clean headline" and rows[0].content_hash is not None
    out = left_out([briefed, dropped, failed], fates, articles)
    assert [(x.source, x.reason) for x in out] == [
        ("A", "older than the 48h window"),
        ("B", "could not be cleaned"),
    ]
