"""HTML-UNSAFE as the browser reads it: each Markdown source rendered, then parsed per HTML5.

The source reading in ``html`` finds raw tags with patterns, and patterns can be fooled: a
code span that seems to run across paragraphs (Markdown ends it at the blank line, so the
``<script>`` between is live), ``<!-->`` (an empty comment to a browser, the start of a long one
to a pattern), a ``javascript:`` address in a Markdown link or reference definition, written
with character references or a tab, or an ``{: onclick=... }`` attribute list. Here the source is
rendered with the Markdown extensions MkDocs sites use, and the result parsed by an HTML5 parser
(tinyhtml5, the one WeasyPrint uses) exactly as a browser parses it; every element, attribute
and address is then held to the same safe list. Anything found that the source reading did not
report is mapped back to its source line by rendering ever longer beginnings of the source
until the problem appears.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

import markdown  # type: ignore[import-untyped]
import tinyhtml5  # type: ignore[import-untyped]

from generator.models import Finding, Position, Source
from generator.rules import finding

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition", "sane_lists",
              "md_in_html", "footnotes", "def_list", "abbr"]
"""MkDocs' own (toc, tables, fenced_code) and the common extensions that change what HTML a
page gets; attr_list is here whether or not a site enables it, so its tricks are always seen."""

DOCUMENT_TAGS = {"html", "head", "body"}
"""Elements the parser adds around any fragment."""
TABLE_ALIGN = re.compile(r"text-align: (left|right|center);")
"""The one style attribute Markdown writes itself (aligned table columns)."""

MAY_HIDE_MARKUP = re.compile(r"[<&{\\]")
"""Raw HTML, character references, attribute lists and backslash escapes: without any of them
Markdown writes only its own elements and attributes."""

Problem = tuple[tuple[str, ...], str, str]
"""(what to look for on the source line, message, hint)."""


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS)


def render(text: str) -> str:
    """The HTML the Markdown text becomes."""
    converter = _markdown()
    converter.reset()
    return str(converter.convert(text))


def problems(text: str) -> list[Problem]:
    """Each element, attribute or address off the safe list in the rendered text, in order
    (nothing inside an element that runs code or embeds content: one finding for the whole)."""
    found: list[Problem] = []
    _walk(tinyhtml5.parse(render(text)), found)
    return found


def _walk(element: Any, found: list[Problem]) -> None:
    from generator.checks import html

    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment: text to the browser
        tag = child.tag.rsplit("}", 1)[-1].lower()
        if tag not in DOCUMENT_TAGS:
            if tag not in html.SAFE_TAGS:
                made = html._element("", Position(1, 1), tag)
                found.append(((f"<{tag}",), made.message, made.hint))
                if tag in html.RUNS_CODE:
                    continue
            attributes = {} if tag not in html.SAFE_TAGS else child.attrib
            for raw_name, value in attributes.items():
                name = str(raw_name).rsplit("}", 1)[-1].lower()
                if name == "style" and tag in ("th", "td") and TABLE_ALIGN.fullmatch(str(value)):
                    continue
                if name in html.URL_ATTRIBUTES and _other_scheme(str(value)):
                    continue  # runs no code; file: and the like are the PDF rules' to name
                wrong = html._attribute(tag, name, str(value))
                if wrong:
                    found.append(((name, str(value)[:4], "](", "]:"), *wrong))
        _walk(child, found)


def _other_scheme(value: str) -> bool:
    """Whether an address has a scheme that is neither safe nor one that runs code."""
    from generator.checks import html

    address = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = html._SCHEME_RE.match(address)
    return scheme is not None and scheme.group(1) not in html.SAFE_SCHEMES | html.CODE_SCHEMES


def needs_rendering(text: str) -> bool:
    """Whether the rendered text could hold anything off the safe list.

    Rendering and parsing cost about 2 ms a kilobyte, so a text that cannot produce unsafe
    HTML is not rendered: one with no raw HTML, character reference, attribute list or
    backslash escape, and no ``javascript:``, ``vbscript:`` or ``data:`` anywhere (read as the
    browser reads an address, with whitespace and control characters removed).
    """
    if MAY_HIDE_MARKUP.search(text):
        return True
    from generator.checks import html

    squeezed = re.sub(r"[\x00-\x20]", "", text).lower()
    return any(f"{scheme}:" in squeezed for scheme in html.CODE_SCHEMES)


def missed(source: Source, reported: list[Finding]) -> list[Finding]:
    """Findings for problems in the rendered source beyond those the source reading reported
    (compared by message and count), each at the first line that brings it about."""
    if not needs_rendering(source.body):
        return []
    seen = Counter(f.message for f in reported)
    wanted = Counter[str]()
    extra: list[Finding] = []
    lines = source.body.split("\n")
    for needles, message, hint in problems(source.body):
        wanted[message] += 1
        if wanted[message] <= seen[message]:
            continue
        line = _first_line(lines, message, wanted[message])
        column = _column(lines[line - 1], needles)
        extra.append(finding("HTML-UNSAFE", source.path,
                             Position(source.body_line + line - 1, column), message, hint))
    return sorted(extra, key=lambda f: (f.line, f.column))


def _first_line(lines: list[str], message: str, count: int) -> int:
    """The fewest lines (1-based) whose rendering shows ``message`` ``count`` times."""
    def shows(n: int) -> bool:
        return sum(p[1] == message for p in problems("\n".join(lines[:n]))) >= count

    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if shows(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _column(line: str, needles: tuple[str, ...]) -> int:
    """Where on its line a problem starts: its tag, attribute name, address or link, else the
    line's first text."""
    for needle in needles:
        at = line.lower().find(needle.lower()) if needle else -1
        if at >= 0:
            return at + 1
    return len(line) - len(line.lstrip()) + 1


