"""SVG files read as a browser reads them: elements by their local name, text and attribute
values with character references decoded.

A regular expression over the raw file misses ``<s:script>`` (a script in a prefixed
namespace), ``&#106;avascript:`` and a phone number written with ``&#48;`` for a zero; a
browser runs and shows all three. So an SVG is parsed (expat, which decodes only XML's own
references) and the checks look at what the parser reports. A document type declaration is
refused before parsing: its entities can expand to any text or markup, and the redaction checks
could only see them by expanding them as the browser does.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass

DECLARATION_RE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Node:
    """An element (``value`` empty), one of its attributes, or a run of text, where it starts."""

    kind: str  # "element", "attribute", "text" or "comment"
    element: str  # local name of the element, lower case
    name: str  # local name of the attribute, lower case ("" for elements and text)
    value: str
    line: int
    column: int


class SvgError(ValueError):
    """The file is not an SVG that can be read safely; ``line`` and ``column`` say where, and
    ``active`` whether it holds something a browser would act on (a declaration, a processing
    instruction) rather than being damaged."""

    def __init__(self, message: str, line: int, column: int, active: bool = False) -> None:
        super().__init__(message)
        self.line, self.column, self.active = line, column, active


def nodes(text: str) -> list[Node]:
    """Every element, attribute and text run of an SVG, in document order."""
    declared = DECLARATION_RE.search(text)
    if declared:
        line = text.count("\n", 0, declared.start()) + 1
        column = declared.start() - (text.rfind("\n", 0, declared.start()) + 1) + 1
        raise SvgError(f"a <!{declared.group(1).upper()} declaration", line, column, True)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[Node] = []
    open_elements: list[str] = []

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    pending: list[tuple[str, int, int]] = []
    """Pieces of one text run: expat splits text at every character reference."""

    def flush() -> None:
        value = "".join(piece for piece, _, _ in pending)
        if value.strip():
            element = open_elements[-1] if open_elements else ""
            found.append(Node("text", element, "", value, pending[0][1], pending[0][2]))
        pending.clear()

    def start(name: str, attributes: dict[str, str]) -> None:
        flush()
        element = _local(name)
        line, column = where()
        open_elements.append(element)
        found.append(Node("element", element, "", "", line, column))
        for attribute, value in attributes.items():
            found.append(Node("attribute", element, _local(attribute), value, line, column))

    def end(name: str) -> None:
        flush()
        open_elements.pop()

    def data(value: str) -> None:
        pending.append((value, *where()))

    def comment(value: str) -> None:
        flush()
        line, column = where()
        element = open_elements[-1] if open_elements else ""
        found.append(Node("comment", element, "", value, line, column))

    def instruction(target: str, value: str) -> None:
        # xml-stylesheet loads CSS or XSLT (which can write scripts) from anywhere
        raise SvgError(f"a <?{target} processing instruction", *where(), True)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.CommentHandler = comment
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(text, True)
    except SvgError:
        raise
    except xml.parsers.expat.ExpatError as exc:
        raise SvgError(f"not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)})",
                       exc.lineno, exc.offset + 1) from None
    return found


def _local(name: str) -> str:
    """'http://www.w3.org/2000/svg script' (expat's namespaced form) to 'script'."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1].lower()
