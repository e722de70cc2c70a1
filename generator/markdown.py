"""What lif treats as Markdown: the extensions every page is converted with, and which text is
code (fenced, indented or inline), so every Markdown check skips or scans the same spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MARKDOWN_EXTENSIONS = ("sane_lists", "tables", "admonition", "attr_list", "toc", "footnotes",
                       "generator.tables")
"""Always on: ``sane_lists`` keeps a report's paragraph numbers (``<ol start>``);
``generator.tables`` labels table cells for the narrow-screen cards."""

FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
"""A code fence opens with three or more backticks or tildes, indented at most three spaces; a
backtick fence's info string may not hold a backtick (CommonMark 4.5)."""
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
"""An inline code span: a run of backticks up to the next run of exactly as many."""


def code_lines(lines: Sequence[str]) -> list[bool]:
    """For each of ``lines``: whether it is part of a fenced code block (its fence lines
    included). The one fence rule of lif: a fence is closed only by a fence of the same
    character, at least as long, with nothing after it; an unclosed fence runs to the end."""
    inside: list[bool] = []
    fence = ""
    for line in lines:
        if fence:
            inside.append(True)
            stripped = line.strip()
            if (not line.startswith("    ") and stripped
                    and set(stripped) == {fence[0]} and len(stripped) >= len(fence)):
                fence = ""
            continue
        opened = FENCE_OPEN.match(line)
        if opened:
            fence = opened["fence"]
        inside.append(bool(opened))
    return inside


def mask_code(text: str) -> str:
    """``text`` with fenced code blocks and inline code spans blanked to spaces, line breaks and
    offsets kept: what a Markdown check that must ignore code (headings, links, raw HTML) reads.
    Code is still public text: the redaction detectors read it unmasked."""
    lines = text.split("\n")
    fenced = code_lines(lines)
    kept = "\n".join(" " * len(line) if code else line
                     for line, code in zip(lines, fenced, strict=True))
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), kept)
