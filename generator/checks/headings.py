"""Heading order in reports, responses and briefings: the page's title is the only level 1.

The page template and the PDF both put the item's title in the one ``<h1>``, so a ``#`` heading
in the body makes a second H1, and a jump from ``##`` to ``####`` leaves a level out. Screen
readers list headings by level to let a reader move about a long report, and the PDF's
bookmarks and PDF/UA tags are built from the same levels: both go wrong in ways an author
cannot see on the page. Going back up by any number of levels is normal and allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.markdown import code_lines
from generator.models import Finding, Position, Source
from generator.rules import Rule, finding, register

register(Rule("HEADING-ORDER", "error",
              "A report, response or briefing has a level-1 heading (the title is the page's "
              "only one) or skips a heading level going down (## then ####)."))

ATX = re.compile(r"^(#{1,6})(?!#)")
"""Python-Markdown's rule: a heading starts the line, with or without a space after the #s."""
SETEXT = re.compile(r"^(=+|-+)[ \t]*$")


def headings(source: Source) -> Iterator[tuple[int, int]]:
    """(level, line) of each heading in the body, outside fenced code, in order."""
    previous = ""
    lines = source.body.splitlines()
    for offset, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True)):
        number = source.body_line + offset
        if code:
            previous = ""
            continue
        atx = ATX.match(line)
        setext = SETEXT.match(line)
        if atx:
            yield len(atx.group(1)), number
        elif setext and _paragraph_line(previous):
            yield (1 if line.startswith("=") else 2), number - 1
        previous = line


def _paragraph_line(line: str) -> bool:
    """A line that an underline of = or - turns into a heading (not blank, a list or a rule)."""
    stripped = line.strip()
    return bool(stripped) and not line.startswith(("    ", "\t", "#", ">")) \
        and not re.match(r"^([-*+]|\d+[.)])\s", stripped) and not SETEXT.match(stripped)


def check_source(source: Source) -> list[Finding]:
    """Every level-1 heading and every skipped level in one body, at its line."""
    found = []
    level = 1  # the title
    for current, line in headings(source):
        if current == 1:
            found.append(finding(
                "HEADING-ORDER", source.path, Position(line, 1),
                "a level-1 heading in the text: the page's title is already its only level-1 "
                "heading.",
                "Remove this heading if it repeats the title, or make it '## ...' and move "
                "the headings under it down one level."))
        elif current > level + 1:
            found.append(finding(
                "HEADING-ORDER", source.path, Position(line, 1),
                f"a level-{current} heading follows a level-{level} heading: level "
                f"{level + 1} is skipped.",
                f"Make it a level-{level + 1} heading ('{'#' * (level + 1)} ...'), so the "
                "contents, the PDF's bookmarks and screen readers show the structure."))
        level = current
    return found
