"""Word to Markdown for a review's report, keeping the document's shape.

A reviewer's .docx with tracked changes or comments still holds what was deleted and what
people said about it; converting it would hide that from the editor while keeping it in the
source history. Such a file is refused with a finding per change and comment.

A clean file is converted by mammoth to HTML (its Markdown writer is deprecated and drops
tables) and written as Markdown by ``word_markdown``. mammoth does not say which number Word
shows on a numbered paragraph, and starts a new list after every heading, so the numbers are
read here from the document's own numbering definitions. Pictures are kept, under the review's
``files/``, with Word's alt text; a picture without alt text is an error naming it, since the
page and the tagged PDF could not describe it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from generator import word_markdown
from generator.checks.docx import read_word, structure_matches
from generator.models import Finding, Position
from generator.rules import Rule, finding, register

register(Rule("IMPORT-IMAGE-NO-ALT", "error",
              "A picture in a Word file given to lif import has no alt text."))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DRAWING_ALT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
STYLE_MAP = "\n".join([
    "p[style-name='Title'] => h1.title:fresh",
    "p[style-name='Subtitle'] => p:fresh",
    "p[style-name='footnote text'] => p:fresh",
    "p[style-name='Footnote Text'] => p:fresh",
    "r[style-name='footnote reference'] =>",
])
"""Word's Title becomes the review's title; footnote styles are ordinary paragraphs (mammoth
knows where footnotes are without them)."""
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
              "image/svg+xml": "svg", "image/webp": "webp"}


@dataclass
class Picture:
    name: str
    data: bytes
    alt: str


@dataclass
class Imported:
    markdown: str
    title: str | None = None
    pictures: list[Picture] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def refusals(data: bytes, display: str) -> list[Finding]:
    """Tracked changes and comments that make a Word file unfit to import."""
    word = read_word(data)
    return [m.to_finding() for m in structure_matches(word, display)
            if m.rule_id in ("DOCX-TRACKED-CHANGE", "DOCX-COMMENT")]


def convert(data: bytes, display: str) -> Imported:
    """The document as Markdown, its title, its pictures (named ``word-image-N``), mammoth's
    messages and an error for each picture without alt text."""
    import mammoth

    pictures: list[Picture] = []

    def keep_picture(image: Any) -> dict[str, str]:
        with image.open() as stream:
            content = stream.read()
        extension = EXTENSIONS.get(image.content_type, "bin")
        picture = Picture(f"word-image-{len(pictures) + 1}.{extension}", content,
                          (image.alt_text or "").strip())
        pictures.append(picture)
        return {"src": f"files/{picture.name}", "alt": picture.alt}

    result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                     convert_image=mammoth.images.img_element(keep_picture))
    markdown, title, messages = word_markdown.to_markdown(result.value, paragraph_numbers(data))
    imported = Imported(markdown, title, pictures,
                        [str(m.message) for m in result.messages] + messages)
    where = picture_paragraphs(data)
    for number, picture in enumerate(pictures, start=1):
        if picture.alt:
            continue
        line = where[number - 1] if number <= len(where) else 1
        imported.problems.append(finding(
            "IMPORT-IMAGE-NO-ALT", display, Position(line, 1),
            f"picture {number} (written to files/{picture.name}) has no alt text.",
            "In Word, right-click the picture, choose View Alt Text, describe what it shows, "
            "save and import again."))
    return imported


def paragraph_numbers(data: bytes) -> list[int]:
    """The number Word shows on each top-level numbered paragraph of the body, in order.

    Word counts per abstract numbering (lists sharing one keep counting across headings) and
    restarts where a numbering instance overrides its start; bullets are not numbers."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        body = ElementTree.fromstring(package.read("word/document.xml"))
        numbering = (ElementTree.fromstring(package.read("word/numbering.xml"))
                     if "word/numbering.xml" in names else None)
        styles = (ElementTree.fromstring(package.read("word/styles.xml"))
                  if "word/styles.xml" in names else None)
    if numbering is None:
        return []
    abstract_of: dict[str | None, str | None] = {}
    overrides: dict[str | None, int] = {}
    for num in numbering.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is not None:
            abstract_of[num.get(f"{W}numId")] = ref.get(f"{W}val")
        override = num.find(f"{W}lvlOverride/{W}startOverride")
        if override is not None:
            overrides[num.get(f"{W}numId")] = int(override.get(f"{W}val", "1"))
    levels: dict[tuple[str | None, str | None], tuple[str, int]] = {}
    for abstract in numbering.iter(f"{W}abstractNum"):
        for level in abstract.iter(f"{W}lvl"):
            fmt = level.find(f"{W}numFmt")
            begin = level.find(f"{W}start")
            levels[(abstract.get(f"{W}abstractNumId"), level.get(f"{W}ilvl"))] = (
                fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                int(begin.get(f"{W}val", "1")) if begin is not None else 1)
    style_numbers: dict[str | None, ElementTree.Element] = {}
    for definition in (styles.iter(f"{W}style") if styles is not None else ()):
        style_pr = definition.find(f"{W}pPr/{W}numPr")
        if style_pr is not None:
            style_numbers[definition.get(f"{W}styleId")] = style_pr
    counters: dict[str | None, int] = {}
    started: set[str | None] = set()
    numbers = []
    for paragraph in body.iter(f"{W}p"):
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        from_style = style_numbers.get(style.get(f"{W}val")) if style is not None else None
        num_id = _value(num_pr, "numId") or _value(from_style, "numId")
        ilvl = _value(num_pr, "ilvl") or _value(from_style, "ilvl") or "0"
        if num_id is None or num_id == "0" or ilvl != "0":
            continue
        list_id = abstract_of.get(num_id)
        kind, first = levels.get((list_id, "0"), ("decimal", 1))
        if kind in ("bullet", "none"):
            continue
        if num_id in overrides and num_id not in started:
            counters[list_id] = overrides[num_id] - 1
        started.add(num_id)
        counters[list_id] = counters.get(list_id, first - 1) + 1
        numbers.append(counters[list_id])
    return numbers


def _value(num_pr: ElementTree.Element | None, name: str) -> str | None:
    node = num_pr.find(f"{W}{name}") if num_pr is not None else None
    return node.get(f"{W}val") if node is not None else None


def picture_paragraphs(data: bytes) -> list[int]:
    """The paragraph number (as DOCX findings count them) of each picture, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    found = []
    for number, paragraph in enumerate(body.iter(f"{W}p"), start=1):
        found += [number] * len(list(paragraph.iter(DRAWING_ALT)))
    return found


def write_report(folder: Path, imported: Imported) -> list[Path]:
    """report.md and the pictures under files/ (removing pictures an earlier import wrote that
    this one does not); the paths written."""
    written = []
    names = {picture.name for picture in imported.pictures}
    for stale in sorted((folder / "files").glob("word-image-*")):
        if stale.name not in names:  # an earlier import's picture this report no longer shows
            stale.unlink()
    if imported.pictures:
        (folder / "files").mkdir(exist_ok=True)
    for picture in imported.pictures:
        path = folder / "files" / picture.name
        path.write_bytes(picture.data)
        written.append(path)
    path = folder / "report.md"
    path.write_text(imported.markdown, encoding="utf-8")
    return [path, *written]

