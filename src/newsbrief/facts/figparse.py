"""Labels of amounts and percentages from spaCy's dependency parse (spaCy engine only).

The rule reader (``labels.py``) reads what an amount is of from the words after it; it
cannot tell a noun from a verb ("of its total oil consumption" stops at three words, "of
the total collection held in the Bodleian" at "collection"). When the spaCy engine runs,
the sentences that hold such a figure are parsed (tok2vec and the parser of the NER engine's
own model, on those sentences only; docs/facts.md) and the label becomes the object of the
preposition that hangs on the figure: its noun chunk, or its whole phrase when that is
short ("the total collection held in the Bodleian"). A relative clause or participle
that hangs on the object and is too long to show keeps the figure out of the box, as the
rules do. When the parse does not attach the preposition to the figure (PP attachment:
"paid $64m for new firefighters"), the rules' label stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..blas import one_blas_thread
from ..types import Figure
from .labels import LabelRead
from .ner import _load_spacy, model_name
from .spans import TextMap

#: The longest object phrase shown whole (tokens); longer ones are cut to their noun chunk.
MAX_PHRASE = 7
_RESTRICTING = frozenset({"relcl", "acl"})
#: Longer "sentences" (unsplit text, hostile input) keep the rules' label.
MAX_SENTENCE = 1_500
_LONG_RUN = re.compile(r"\S{60,}")


@dataclass
class LabelParser:
    """Parses the sentences of one article on demand, each once."""

    pipes: tuple[Any, ...]  # make_doc, then the components to run
    tmap: TextMap
    _docs: dict[int, Any] = field(default_factory=dict)

    def read(self, start: int, end: int, figure: Figure, rules: LabelRead) -> LabelRead:
        """The label of the figure at ``text[start:end]``; ``rules`` is what the words say."""
        if rules.label is None or not self.tmap.starts:
            return rules  # no label (or a time, a place, an idiom): nothing to refine
        index = figure.sentence_index
        offset = self.tmap.starts[index]
        if self.tmap.ends[index] - offset > MAX_SENTENCE or _LONG_RUN.search(
            self.tmap.text, offset, self.tmap.ends[index]
        ):
            return rules  # a run-on "sentence" or a huge token (spaCy's tokenizer is quadratic)
        doc = self._doc(index)
        tokens = [t for t in doc if t.idx < end - offset and t.idx + len(t) > start - offset]
        if not tokens:
            return rules
        head = _object(tokens)
        if head is None:
            return rules
        chunk = doc[head.left_edge.i : head.i + 1]
        if not chunk.text or chunk.start_char < tokens[-1].idx + len(tokens[-1]):
            return rules
        whole = doc[head.left_edge.i : head.right_edge.i + 1]
        rule_end = _rule_label_end(doc.text, rules.label, end - offset)
        if len(whole) <= MAX_PHRASE and not any(t.is_punct for t in whole):
            covers = rule_end is not None and whole.end_char > rule_end  # took the clause in
            return LabelRead(whole.text, rules.well_formed or covers)
        restricted = any(c.dep_ in _RESTRICTING for c in head.rights)
        return LabelRead(chunk.text, rules.well_formed and not restricted)

    def _doc(self, index: int) -> Any:
        if index not in self._docs:
            start, stop = self.tmap.starts[index], self.tmap.ends[index]
            make_doc, *pipes = self.pipes
            with one_blas_thread():
                doc = make_doc(self.tmap.text[start:stop])
                for pipe in pipes:
                    doc = pipe(doc)
            self._docs[index] = doc
        return self._docs[index]


def _object(tokens: list[Any]) -> Any | None:
    """The object of "of / for / on / in" hanging on the figure's last tokens."""
    last = tokens[-1].i
    for token in reversed(tokens):
        for child in token.children:
            if (
                child.dep_ == "prep"
                and child.i > last
                and child.lower_ in ("of", "for", "on", "in")
            ):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
    return None


def _rule_label_end(sentence: str, label: str, after: int) -> int | None:
    found = sentence.find(label, max(0, after))
    return None if found < 0 else found + len(label)


def label_parser(engine_name: str, tmap: TextMap) -> LabelParser | None:
    """A parser for this article's figure labels when the spaCy engine runs, else None."""
    if not engine_name.startswith("spaCy"):
        return None
    pipes = _parse_pipes(model_name())
    return None if pipes is None else LabelParser(pipes, tmap)


@cache
def _parse_pipes(model: str) -> tuple[Any, ...] | None:
    """The NER engine's own model (loaded once, ``ner._load_spacy``): its tokenizer, tok2vec
    and the parser it keeps disabled; no second copy is loaded and no tagger runs (the
    labels use the dependency arcs only)."""
    nlp = _load_spacy(model)
    if nlp is None or "parser" not in nlp.component_names:
        return None
    return (nlp.make_doc, nlp.get_pipe("tok2vec"), nlp.get_pipe("parser"))
