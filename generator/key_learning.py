"""The key learning of a review or a briefing, read one way wherever it is gathered.

A review states its key learning in ``review.yml`` (``key_learning``). A 7-minute briefing has
no such field: its sixth section, "Things to note and remember", is where the format puts the
points a team should keep, so that section's list items (or, without a list, its paragraphs)
are the briefing's key learning. A free-format briefing has no fixed place for it, so it gives
none, and the theme page links the briefing instead of guessing at its words.
"""

from __future__ import annotations

import re

from generator.markdown import code_lines, mask_code
from generator.models import Briefing

SECTION = re.compile(r"^##\s+(\d+)[.)]\s", re.MULTILINE)
NEXT_HEADING = re.compile(r"^#{1,2}\s", re.MULTILINE)
ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
REMEMBER_SECTION = "6"


def briefing_points(briefing: Briefing) -> list[str]:
    """The Markdown of each key point of a 7-minute briefing (its section 6), in order: each
    top-level list item, or each paragraph of a section without a list, joined to one line."""
    if briefing.meta.format != "seven-minute":
        return []
    body = briefing.source.body
    masked = mask_code(body)  # a heading inside a code block is not a section
    heading = next((m for m in SECTION.finditer(masked) if m[1] == REMEMBER_SECTION), None)
    if heading is None:
        return []
    start = masked.find("\n", heading.end())
    if start < 0:
        return []
    following = NEXT_HEADING.search(masked, start)
    lines = body[start:following.start() if following else len(body)].split("\n")
    section = "\n".join("" if code else line  # a code block is an example, not a point
                        for line, code in zip(lines, code_lines(lines), strict=True))
    points: list[str] = []
    for block in re.split(r"\n\s*\n", section.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if not ITEM.match(lines[0]):  # a paragraph
            points.append(" ".join(line.strip() for line in lines))
            continue
        for line in lines:
            if ITEM.match(line):  # a new item (top level: no indent)
                points.append(ITEM.sub("", line, count=1).strip())
            else:  # its continuation, or a nested item: part of the same point
                points[-1] += " " + line.strip()
    return points
