"""The per-article function of batch mode: one JSONL line in, one JSON-able dict out.

Pure (no I/O, no globals written) and picklable, so the in-process loop, the
worker processes and Dask workers all run exactly this code. It never raises
for bad input: an unusable line becomes an error record naming its line.
"""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass, replace
from typing import Any

from ..errors import LoadError
from ..limits import MAX_INPUT_BYTES
from ..load import from_object
from ..pipeline import StoryOptions, process_article, run_stages
from ..types import Facts, Failure, RawArticle, to_dict

#: One input line as shipped to a worker: its 1-based number and its bytes
#: (``None`` when the line was longer than the cap and was skipped unread).
Item = tuple[int, bytes | None]
#: One output line as a worker returns it: whether it succeeded, and its JSON text.
Result = tuple[bool, str]

#: Longest error message kept in an output line.
MAX_ERROR_CHARS = 300
_WARM_UP = {
    "title": "Warm-up",
    "text": "The council met on Monday in Leeds. It approved a budget of 5 million pounds.\n\n"
    '"We are pleased," said Jane Smith, the council leader. The plan starts in April.',
}


@dataclass(frozen=True)
class BatchOptions:
    """What every article of a batch run gets; picklable, shared by all backends."""

    method: str = "news"
    sentences: int | None = 3
    words: int | None = None
    facts: bool = True
    input_name: str = "<stdin>"
    max_line_bytes: int = MAX_INPUT_BYTES

    def story_options(self) -> StoryOptions:
        return StoryOptions(self.method, self.sentences, self.words, self.facts)


def record_id(record: object, line: int) -> str:
    """The id of a record: its ``id`` field (string or integer), else ``line:N``."""
    if isinstance(record, dict):
        value = record.get("id")
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return f"line:{line}"


def error_record(ident: str, line: int, message: str) -> dict[str, Any]:
    """The output line of an unusable input line."""
    text = " ".join(message.split())
    if len(text) > MAX_ERROR_CHARS:
        text = text[: MAX_ERROR_CHARS - 1] + "…"
    return {"id": ident, "line": line, "error": text}


def _raw_article(record: dict[str, Any], location: str, ident: str) -> RawArticle:
    """The same JSON reading as ``brief`` (``load.from_object``), with the batch's id."""
    return replace(from_object(record, location), id=ident)


def _facts_dict(facts: Facts) -> dict[str, Any]:
    return {key: value for key, value in to_dict(facts).items() if key != "ner"}


def process_record(
    record: dict[str, Any], options: BatchOptions = BatchOptions(), *, line: int = 0
) -> dict[str, Any]:
    """Summary and key facts of one JSON record, or an error record; never raises.

    The article goes through ``pipeline.process_article``, the path ``brief`` uses;
    ``summary`` is the ranker's choice as asked, verbatim.

    ``line`` is the record's 1-based line number, used for the default id
    (``line:N``) and in error messages.
    """
    ident = record_id(record, line)
    location = f"{options.input_name}:{line}"
    raw = run_stages(location, lambda _: _raw_article(record, location, ident), stage_name="load")
    result = raw if isinstance(raw, Failure) else process_article(raw, options.story_options())
    if isinstance(result, Failure):
        return error_record(ident, line, f"{result.source}: {result.error}")
    article = result.article
    return {
        "id": ident,
        "title": article.title,
        "published": article.published,
        "url": article.url,
        "source": article.source_name,
        "language": article.language,
        "summary": list(result.summary.texts),
        "facts": None if result.facts is None else _facts_dict(result.facts),
    }


def _parse(data: bytes | None, location: str, max_bytes: int) -> dict[str, Any]:
    if data is None:
        raise LoadError(location, f"line is longer than {max_bytes} bytes; skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(location, f"not valid UTF-8 (byte {exc.start + 1}); binary data?") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(location, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise LoadError(location, "invalid JSON (nested too deeply)") from exc
    if not isinstance(value, dict):
        raise LoadError(location, f"expected a JSON object, got {type(value).__name__}")
    return value


def process_line(
    line: int, data: bytes | None, options: BatchOptions = BatchOptions()
) -> dict[str, Any]:
    """Parse one raw JSONL line and process it; a bad line gives an error record."""
    try:
        record = _parse(data, f"{options.input_name}:{line}", options.max_line_bytes)
    except LoadError as exc:
        return error_record(f"line:{line}", line, str(exc))
    return process_record(record, options, line=line)


def encode(result: dict[str, Any]) -> str:
    """One JSON line (no newline); U+2028/U+2029 escaped so line splitters cannot break it."""
    text = json.dumps(result, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def process_chunk(items: list[Item], options: BatchOptions) -> list[Result]:
    """Process a chunk of lines in order; what a worker runs for each task."""
    results: list[Result] = []
    for line, data in items:
        result = process_line(line, data, options)
        results.append(("error" not in result, encode(result)))
    return results


def warm_up(options: BatchOptions) -> None:
    """Load the sentence splitter, ranker and NER models once, before real work."""
    process_record(dict(_WARM_UP), options, line=0)


def init_worker(options: BatchOptions) -> None:
    """Initializer of a worker process: leave Ctrl-C to the parent, then warm up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up(options)
