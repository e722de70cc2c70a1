"""The reader's text: what a person sees, with a map back to the bytes that produced it.

A browser joins ``LS1 <strong>4AP</strong>`` into "LS1 4AP", shows ``&#52;`` as "4" and
``&shy;`` as nothing at all. Detectors run over the source as written miss every such split,
so each reader (``html_text`` for written pages, ``markdown_text`` for the sources) builds
``Run``s: the text as read, block by block, and for every character the offset in the source
it came from. A match in a run is then reported at the source line and column of its first
character, so the author is sent to the place to edit, not to a column of joined text.

Only markup is undone here (inline elements joined, entities decoded, and the few invisible
characters an entity or an editor leaves between letters). Character-level normalisation
(compatibility forms, confusables, accents) belongs to the redaction package's normaliser,
which runs after this on the same runs.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.redaction.context import CONTEXT_RULES
from generator.redaction.protected import Protected
from generator.redaction.scanner import Match, text_spans

INVISIBLE_RE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff]+")
"""Characters a reader never sees (soft hyphen, zero-width space and joiners, word joiner,
byte-order mark): dropped, so ``Kay&shy;den`` reads as the name it shows."""
ENTITY_RE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});?")
NEWLINE_RE = re.compile("\n")


@dataclass
class Run:
    """One block of text as read, and where each of its characters came from.

    ``pieces`` holds (offset in ``text``, offset in the source, linear): from that offset on,
    characters map one to one onto the source when ``linear``, or all to the one source offset
    otherwise (an entity's expansion, an attribute value reported at its tag).
    """

    where: str = ""
    parts: list[str] = field(default_factory=list)
    pieces: list[tuple[int, int, bool]] = field(default_factory=list)
    length: int = 0
    _text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.parts)
        return self._text

    def add(self, text: str, source: int) -> None:
        """Append ``text`` that stands at ``source`` in the source, character for character
        (invisible characters left out, each remaining character still mapped exactly)."""
        if not text:
            return
        if text.isascii():  # the usual case: no invisible character can be there
            self._append(text, source, True)
            return
        start = 0
        for gap in INVISIBLE_RE.finditer(text):
            self._append(text[start:gap.start()], source + start, True)
            start = gap.end()
        self._append(text[start:], source + start, True)

    def add_at(self, text: str, source: int) -> None:
        """Append ``text`` whose characters all come from the one place ``source``."""
        self._append(INVISIBLE_RE.sub("", text), source, False)

    def add_decoded(self, text: str, source: int) -> None:
        """Append text with character references (``&#52;``, ``&nbsp;``) decoded as a browser
        decodes them, each mapped to the reference it came from."""
        if "&" not in text:
            self.add(text, source)
            return
        start = 0
        for entity in ENTITY_RE.finditer(text):
            self.add(text[start:entity.start()], source + start)
            self.add_at(html.unescape(entity.group()), source + entity.start())
            start = entity.end()
        self.add(text[start:], source + start)

    def _append(self, text: str, source: int, linear: bool) -> None:
        if not text:
            return
        self.pieces.append((self.length, source, linear))
        self.parts.append(text)
        self.length += len(text)
        self._text = None

    def source_offset(self, index: int) -> int:
        """Where the character at ``index`` of the text came from in the source."""
        starts = [p[0] for p in self.pieces]
        at = max(bisect.bisect_right(starts, index) - 1, 0)
        text_start, source, linear = self.pieces[at]
        return source + (index - text_start) if linear else source

    def __bool__(self) -> bool:
        return bool(self.text.strip())


DIGIT_BREAK_RE = re.compile(r"\d[ \t]*\n[ \t]*\S|\S[ \t]*\n[ \t]*\d")
"""A line break inside a paragraph next to a digit: the page shows a space there, so
``07700`` at a line's end and ``900123`` at the next line's start read as one number."""
_BREAK_BESIDE_DIGIT_RE = re.compile(r"\n(?<=\d\n)[ \t]*\S|\n(?<=\S\n)[ \t]*\d")
"""``DIGIT_BREAK_RE`` where no blank ends the line: it starts at the line break, which the
regular expression engine finds by a fast character search, not by trying every character."""
_BLANK_BEFORE_BREAK_RE = re.compile(r"\n(?<=[ \t]\n)")


def has_digit_break(text: str) -> bool:
    """Whether ``DIGIT_BREAK_RE`` matches in ``text``, about thirty times faster on prose: a
    line with no blank before its break is decided by the fast pattern, and only a text with
    a blank before some break (rare: a Markdown hard break) is read with the full one."""
    if _BREAK_BESIDE_DIGIT_RE.search(text) is not None:
        return True
    if _BLANK_BEFORE_BREAK_RE.search(text) is None:
        return False
    return DIGIT_BREAK_RE.search(text) is not None


def breaks_as_spaces(run: Run) -> Run:
    """The run with each line break read as the space a browser shows (offsets kept)."""
    joined = Run(run.where)
    for part, (_, source, linear) in zip(run.parts, run.pieces, strict=True):
        joined._append(part.replace("\n", " ") if linear else part, source, linear)
    return joined


def soft_breaks(runs: list[Run]) -> list[Run]:
    """``runs`` with those whose line breaks touch a digit read with the breaks as spaces."""
    return [breaks_as_spaces(run) if has_digit_break(run.text) else run for run in runs]


class Lines:
    """Line and column (both from 1) of offsets in one source text."""

    def __init__(self, source: str) -> None:
        self._newlines = [m.start() for m in NEWLINE_RE.finditer(source)]

    def position(self, offset: int) -> tuple[int, int]:
        before = bisect.bisect_left(self._newlines, offset)
        return before + 1, offset - (self._newlines[before - 1] if before else -1)


def scan_runs(runs: Iterable[Run], source: str, path: str, protected: Protected | None,
              line: int = 1) -> list[Match]:
    """Every detector and the protected terms over the runs read from ``source``, each match
    at the source line and column of its first character (``line``: the source's first line,
    for a text that starts inside a file)."""
    lines: Lines | None = None
    found: list[Match] = []
    for run in runs:
        text = run.text
        for rule_id, start, end in text_spans(text, protected):
            lines = lines or Lines(source)
            at_line, column = lines.position(run.source_offset(start))
            found.append(Match(rule_id, path, at_line + line - 1, column, text[start:end],
                               run.where))
    return found


def merged(*groups: list[Match]) -> list[Match]:
    """Matches of several readings of one source, each place and rule reported once (a name
    written whole is found both as written and as read, at the same line and column). A
    context warning and its base rule at one place are one identifier read with more or less
    of the text around it: it is reported once, as the error if either reading made it one,
    so an allowance is not counted, nor a finding reported, twice."""
    at: dict[tuple[str, str, int, int], int] = {}
    found: list[Match] = []
    for group in groups:
        for match in group:
            key = (CONTEXT_RULES.get(match.rule_id, match.rule_id), match.path, match.line,
                   match.column)
            if key not in at:
                at[key] = len(found)
                found.append(match)
            elif found[at[key]].rule_id in CONTEXT_RULES and match.rule_id not in CONTEXT_RULES:
                found[at[key]] = match
    return found
