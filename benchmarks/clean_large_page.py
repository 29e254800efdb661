"""Speed of cleaning one large HTML page (past ``limits.MAX_HTML_TAGS``), before and after.

The page: the first page of ``../shared/eval/html/`` (a plain one without the data) with
12,000 paragraphs added, each with a bold word and a link (about 2 MB, 74,000 tags). Times
``clean._extract_html`` (parse, text, link labels) and the whole ``clean()``, CPU time,
best of ``--repeat``. With ``--old SRC`` the ``clean/`` package of another checkout is
loaded beside this one's (the rest of ``newsbrief`` is this checkout's) and the two are
timed alternately in this one process, so the ratio holds on a loaded machine; their
outputs are checked equal first.

    .venv/bin/python benchmarks/clean_large_page.py [--old /tmp/base/src] [--repeat 10]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from newsbrief.types import RawArticle

HTML = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "html"


def large_page(rows: int = 12_000) -> str:
    pages = sorted(HTML.glob("*.html"))
    page = pages[0].read_text("utf-8", "replace") if pages else "<html><body></body></html>"
    extra = "".join(
        f"<p>Paragraph {i} of the long report says that the <b>council</b> met again on day "
        f'{i} and <a href="/s/{i}">voted</a>.</p>'
        for i in range(rows)
    )
    return page.replace("<body", f"<body><div>{extra}</div><div", 1)


def old_clean(src: Path) -> ModuleType:
    """The ``clean`` package of another checkout, as ``newsbrief._clean_old``."""
    folder = src / "newsbrief" / "clean"
    spec = importlib.util.spec_from_file_location(
        "newsbrief._clean_old", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def best(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best CPU seconds of each call, the calls taken in turn ``repeat`` times."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.process_time()
            call()
            times[name].append(time.process_time() - start)
    return {name: min(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="src/ folder of the checkout to compare with")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    new = importlib.import_module("newsbrief.clean")
    modules = {"new": new} if args.old is None else {"old": old_clean(args.old), "new": new}
    page = large_page()
    raw = RawArticle(location="large.html", body=page, body_type="html")
    print(f"page: {len(page) / 1e6:.1f} MB, {page.count('<')} tags")
    if "old" in modules:
        a, b = (modules[k]._extract_html(raw) for k in ("old", "new"))
        assert (a[0], a[2]) == (b[0], b[2]), "old and new extract different text or links"
        assert modules["old"].clean(raw) == new.clean(raw), "old and new clean differently"
    for what, call in (
        ("_extract_html", lambda m: m._extract_html(raw)),
        ("clean()", lambda m: m.clean(raw, language=False)),
    ):
        result = best({k: (lambda m=m, c=call: c(m)) for k, m in modules.items()}, args.repeat)
        line = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.items())
        ratio = f"; old/new {result['old'] / result['new']:.2f}x" if "old" in result else ""
        print(f"{what}: {line} (CPU, best of {args.repeat}){ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
