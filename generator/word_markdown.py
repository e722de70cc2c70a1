"""mammoth's HTML of a Word report, written as the Markdown lif reports are written in.

mammoth's own Markdown writer is deprecated and drops tables, so lif asks mammoth for HTML (which
keeps the document's structure: headings, lists, tables, footnotes, images) and writes it out
here: headings shifted so the report starts at ``##``, numbered paragraphs keeping Word's numbers
across headings, nested lists indented four spaces, plain tables as pipe tables, tables with
merged cells or lists in their cells as the plain HTML table the HTML check allows, and
footnotes as Markdown footnotes. Everything this cannot keep is said in ``messages``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from xml.etree import ElementTree

HEADINGS = {f"h{n}": n for n in range(1, 7)}
TOP_HEADING = 2
"""A report's page has its title as ``#``; the report's own headings start one level down."""
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
LINE_START_SPECIAL = re.compile(r"^(#|>|[-+](?=\s))")
LINE_START_NUMBER = re.compile(r"^(\d+)([.)])(?=\s)")
FOOTNOTE_REF = re.compile(r"#footnote-(\d+)$")
BLOCK_TAGS = {"p", "ol", "ul", "table", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Writer:
    """The state of one conversion: Word's paragraph numbers still to give out, the title."""

    numbers: Iterator[int]
    title: str | None = None
    messages: list[str] = field(default_factory=list)
    shift: int = 0
    last_number: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)
    moved: list[ElementTree.Element] = field(default_factory=list)
    """Pictures taken out of an HTML table, written after it."""

    def next_number(self) -> int:
        self.last_number = next(self.numbers, self.last_number + 1)
        return self.last_number


def to_markdown(html: str, numbers: list[int]) -> tuple[str, str | None, list[str]]:
    """(Markdown, the Word title or None, messages) for mammoth's HTML; ``numbers`` are the
    numbers Word shows on the document's top-level numbered paragraphs, in order."""
    root = ElementTree.fromstring(f"<body>{html}</body>")
    writer = Writer(iter(numbers))
    headings = [HEADINGS[e.tag] for e in root if e.tag in HEADINGS and e.get("class") != "title"]
    writer.shift = TOP_HEADING - min(headings) if headings else 0
    blocks = []
    for element in root:
        if element.tag == "ol" and _is_footnote_list(element):
            _collect_notes(writer, element)
            continue
        block = _block(writer, element)
        if block:
            blocks.append(block)
    for number, text in writer.notes:
        blocks.append(f"[^{number}]: {text}")
    return "\n\n".join(blocks).strip() + "\n", writer.title, writer.messages


def _block(writer: Writer, element: ElementTree.Element) -> str:
    tag = element.tag
    if tag in HEADINGS:
        text = _inline(writer, element).strip()
        if element.get("class") == "title":
            if writer.title is None:
                writer.title = text
                return ""
            writer.messages.append(f"a second Title paragraph ('{text[:40]}') was kept as a "
                                   "heading; give it a Heading style in Word.")
        level = HEADINGS[tag] + writer.shift
        if level > 6:
            writer.messages.append(f"the heading '{text[:40]}' is deeper than Markdown allows "
                                   "(six levels, the first used by the page's title); it was "
                                   "made a level-6 heading.")
            level = 6
        return f"{'#' * max(level, TOP_HEADING)} {text}"
    if tag == "p":
        return _line_start_escape(_inline(writer, element).strip())
    if tag in ("ol", "ul"):
        return _list(writer, element, depth=0)
    if tag == "table":
        return _table(writer, element)
    return _line_start_escape(_inline(writer, element).strip())


def _list(writer: Writer, element: ElementTree.Element, depth: int) -> str:
    """A list; a top-level ordered list takes Word's paragraph numbers, items apart from one
    another (as the report's numbered paragraphs are written) when any holds more than a line."""
    lines = []
    for index, item in enumerate(element.findall("li"), start=1):
        if element.tag == "ol":
            number = writer.next_number() if depth == 0 else index
            marker = f"{number}."
        else:
            marker = "-"
        text, nested = _item(writer, item, depth)
        indent = "    " * depth
        lines.append(f"{indent}{marker} {text}".rstrip())
        lines += nested
    separator = "\n\n" if element.tag == "ol" and depth == 0 else "\n"
    if separator == "\n\n" and any(line.startswith(" ") for line in lines):
        separator = "\n"
    return separator.join(lines)


def _item(writer: Writer, item: ElementTree.Element, depth: int) -> tuple[str, list[str]]:
    """An item's own text (paragraphs joined by a space) and its nested lists."""
    text, nested = _escape(item.text or ""), []
    for child in item:
        if child.tag in ("ol", "ul"):
            nested.append(_list(writer, child, depth + 1))
        elif child.tag == "p":
            text += " " + _inline(writer, child).strip() + " "
        else:
            text += _inline_element(writer, child)
        text += _escape(child.tail or "")
    return re.sub(r" {2,}", " ", text).strip(), nested


def _table(writer: Writer, table: ElementTree.Element) -> str:
    rows = [row for row in table.iter("tr")]
    cells = [[cell for cell in row if cell.tag in ("td", "th")] for row in rows]
    merged = any(c.get("colspan") or c.get("rowspan") for row in cells for c in row)
    structured = any(c.find("ol") is not None or c.find("ul") is not None
                     or len(c.findall("p")) > 1 for row in cells for c in row)
    widths = {len(row) for row in cells}
    if merged or structured or len(widths) != 1 or not cells:
        return _html_table(writer, cells)
    text = [[_cell_text(writer, c).replace("|", "\\|") for c in row] for row in cells]
    lines = ["| " + " | ".join(text[0]) + " |", "|" + "---|" * len(text[0])]
    lines += ["| " + " | ".join(row) + " |" for row in text[1:]]
    return "\n".join(lines)


def _html_table(writer: Writer, cells: list[list[ElementTree.Element]]) -> str:
    """The restricted HTML table (no styles, only span attributes); the first row as headers."""
    lines = ["<table>"]
    for number, row in enumerate(cells):
        tag = "th" if number == 0 else "td"
        lines.append("<tr>")
        for cell in row:
            spans = "".join(f' {name}="{int(cell.get(name, "1"))}"'
                            for name in ("colspan", "rowspan") if cell.get(name))
            scope = ' scope="col"' if tag == "th" else ""
            lines.append(f"<{tag}{scope}{spans}>{_cell_html(writer, cell)}</{tag}>")
        lines.append("</tr>")
    lines.append("</table>")
    pictures = [_inline_element(writer, image) for image in writer.moved]
    writer.moved.clear()
    return "\n\n".join(["\n".join(lines), *pictures])


def _cell_text(writer: Writer, cell: ElementTree.Element) -> str:
    return " ".join(_inline(writer, p).strip() for p in cell if p.tag == "p").strip()


def _cell_html(writer: Writer, cell: ElementTree.Element) -> str:
    """A cell's content as HTML: paragraphs joined by line breaks, lists as lists."""
    parts = []
    for child in cell:
        if child.tag in ("ol", "ul"):
            items = "".join(f"<li>{_html_inline(writer, li)}</li>" for li in child.findall("li"))
            parts.append(f"<{child.tag}>{items}</{child.tag}>")
        else:
            parts.append(_html_inline(writer, child).strip())
    return "<br>".join(p for p in parts if p)


def _html_inline(writer: Writer, element: ElementTree.Element) -> str:
    """Text inside a raw HTML table, where Markdown is not read: emphasis and links as HTML; a
    footnote mark as its number (Markdown footnotes cannot be linked from there); a picture
    moved after the table (MkDocs does not adjust addresses in raw HTML, so it would break)."""
    out = [escape(element.text or "")]
    for child in element:
        if child.tag == "img":
            writer.moved.append(child)
            writer.messages.append(f"the picture {child.get('src', '')} is in a table written "
                                   "as HTML, whose addresses the site does not adjust; it was "
                                   "placed after the table.")
            out.append(escape(f"(picture below: {child.get('alt', '')})"))
        elif child.tag in ("strong", "em"):
            out.append(f"<{child.tag}>{_html_inline(writer, child)}</{child.tag}>")
        elif child.tag == "a" and (number := FOOTNOTE_REF.search(child.get("href", ""))):
            writer.messages.append(f"footnote {number.group(1)} is marked in a table written as "
                                   "HTML, where it cannot link to its note; its number is kept.")
            out.append(f"[{number.group(1)}]")
        elif child.tag == "a" and child.get("href"):
            out.append(f'<a href="{escape(child.get("href", ""))}">'
                       f"{_html_inline(writer, child)}</a>")
        else:
            out.append(_html_inline(writer, child))
        out.append(escape(child.tail or ""))
    return "".join(out)


def _inline(writer: Writer, element: ElementTree.Element) -> str:
    out = [_escape(element.text or "")]
    for child in element:
        out.append(_inline_element(writer, child))
        out.append(_escape(child.tail or ""))
    return "".join(out)


def _inline_element(writer: Writer, child: ElementTree.Element) -> str:
    tag = child.tag
    if tag in ("strong", "b"):
        return _wrap("**", _inline(writer, child))
    if tag in ("em", "i"):
        return _wrap("*", _inline(writer, child))
    if tag == "br":
        return "<br>"
    if tag == "img":
        return f"![{_escape(child.get('alt', ''))}]({child.get('src', '')})"
    if tag in ("sup", "a"):
        anchor = child if tag == "a" else child.find(".//a")
        match = FOOTNOTE_REF.search(anchor.get("href", "")) if anchor is not None else None
        if match:
            return f"[^{match.group(1)}]"
        if tag == "a" and child.get("href"):
            return f"[{_inline(writer, child)}]({child.get('href')})"
        if tag == "sup":
            return f"<sup>{escape(''.join(child.itertext()))}</sup>"
    if tag in BLOCK_TAGS:
        return _block(writer, child)
    return _inline(writer, child)


def _wrap(mark: str, text: str) -> str:
    """Emphasis around the text, with the spaces Word often puts inside it moved outside."""
    stripped = text.strip()
    if not stripped:
        return text
    before = text[: len(text) - len(text.lstrip())]
    after = text[len(text.rstrip()):]
    return f"{before}{mark}{stripped}{mark}{after}"


def _is_footnote_list(element: ElementTree.Element) -> bool:
    items = element.findall("li")
    return bool(items) and all((li.get("id") or "").startswith("footnote-") for li in items)


def _collect_notes(writer: Writer, element: ElementTree.Element) -> None:
    for item in element.findall("li"):
        for back in item.iter("a"):
            if (back.get("href") or "").startswith("#footnote-ref-"):
                back.text, back.attrib["href"] = "", ""
        text = " ".join(_inline(writer, p).strip() for p in item if p.tag == "p")
        text = text.replace("[]()", "").strip()
        writer.notes.append((item.get("id", "").removeprefix("footnote-"), text))


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _line_start_escape(text: str) -> str:
    """Escape what would start a heading, quote or list at the start of a paragraph."""
    text = LINE_START_NUMBER.sub(r"\1\\\2", text, count=1)
    return LINE_START_SPECIAL.sub(r"\\\1", text, count=1)
