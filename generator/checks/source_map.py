"""A finding in a written file, pointed back at the source line that produced its text.

The scan of the written site reads pages, feeds, search fragments and PDFs; a match there is
in text some source put there, and the author can only act on the source. So each match is
looked up in the public sources the build rendered (every listed review's public review.yml
fields, report and response, every public briefing, every Markdown page of the docs folder),
each read as it renders (``markdown_text``: inline markup joined, references decoded, every
character mapped to its line and column), and reported at the first source that holds the same
text, with the written file named after it. A match no source holds (a template's text, or a
bug in lif) stays at the written file.

Why match text rather than carry positions through the renderer: Python-Markdown keeps no
source positions (preprocessors rewrite the text before any tree exists), and templates, feeds,
Pagefind and WeasyPrint each copy the text again; the text itself is the one thing all of them
keep. Sources that share a path prefix with the written file (``reviews/SLUG/`` for
``site/reviews/SLUG/index.html``) are searched first, so a name in two reviews points at the
one whose page showed it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.checks.reader_text import Lines, Run
from generator.redaction.scanner import Match


@dataclass
class SourceText:
    """One source text as read: its path, its runs, and (for a review.yml field) the fixed
    position every match in it is reported at."""

    path: str
    source: str
    runs: list[Run]
    line: int = 1
    at: tuple[int, int] | None = None


class SourceMap:
    """The public sources of a build (``public_text.source_texts``), read once, for locating
    matches in written files."""

    def __init__(self, texts: Iterable[SourceText]) -> None:
        self._texts = list(texts)

    def locate(self, match: Match, written: str) -> Match:
        """``match`` (found in the written file ``written``) at the source that holds its text,
        naming the written file; unchanged when no source holds it."""
        words = match.text.split()
        if not words:
            return match
        pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
        for text in sorted(self._texts, key=lambda t: _distance(t.path, written)):
            for run in text.runs:
                found = pattern.search(run.text)
                if found is None:
                    continue
                if text.at is not None:
                    line, column = text.at
                else:
                    line, column = Lines(text.source).position(run.source_offset(found.start()))
                    line += text.line - 1
                where = f"{match.where} (written to {written})".strip()
                return dataclasses.replace(match, path=text.path, line=line, column=column,
                                           where=where)
        return match


def _distance(source: str, written: str) -> int:
    """0 when the written file's folder (less the site folder) starts with the source's
    folder, else 1: the likeliest source first, the order otherwise kept."""
    folder = PurePosixPath(*PurePosixPath(written).parts[1:]).parent.as_posix()
    return 0 if folder.startswith(PurePosixPath(source).parent.as_posix()) else 1
