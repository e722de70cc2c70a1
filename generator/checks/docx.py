"""Word files: text, tracked changes, comments and core properties, read from the XML itself.

A reviewer's draft carries more than its visible text: deleted words stay in tracked changes
(``w:del``) until accepted, comments name people, and the core properties keep the author and
whoever saved it last. python-docx shows none of the first two, so the package's XML is read
directly; paragraphs are numbered from 1 and used as the line of a finding.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from generator.redaction.detectors import mask
from generator.redaction.protected import Protected
from generator.redaction.scanner import Chunk, Match, scan_chunks
from generator.rules import Rule, register

register(
    Rule("DOCX-TRACKED-CHANGE", "error",
         "A Word file still holds tracked changes (deleted text stays in the file)."),
    Rule("DOCX-COMMENT", "error", "A Word file holds comments."),
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
CORE_FIELDS = {
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy":
        "last modified by",
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://purl.org/dc/elements/1.1/}description": "description",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords":
        "keywords",
}


@dataclass
class WordFile:
    """What a .docx holds, paragraph by paragraph."""

    paragraphs: list[tuple[str, str, int]] = field(default_factory=list)
    """(part, visible text, paragraph number)"""
    changes: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(kind 'insertion' or 'deletion', text, paragraph number, author)"""
    comments: list[tuple[str, str]] = field(default_factory=list)
    """(author, text)"""
    properties: list[tuple[str, str]] = field(default_factory=list)


def _text(element: ElementTree.Element, tags: tuple[str, ...]) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag in tags)


def read_word(data: bytes) -> WordFile:
    """Parse the parts of a .docx that can hold text."""
    word = WordFile()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        parts = [p for p in TEXT_PARTS if p in names]
        parts += sorted(n for n in names if n.startswith(("word/header", "word/footer"))
                        and n.endswith(".xml"))
        number = 0
        for part in parts:
            root = ElementTree.fromstring(package.read(part))
            for paragraph in root.iter(f"{W}p"):
                number += 1
                visible = _text(paragraph, (f"{W}t",))
                word.paragraphs.append((part, visible, number))
                for kind, tag in (("insertion", "ins"), ("deletion", "del")):
                    for change in paragraph.iter(f"{W}{tag}"):
                        text = _text(change, (f"{W}t", f"{W}delText"))
                        word.changes.append((kind, text, number, change.get(f"{W}author", "")))
        if "word/comments.xml" in names:
            root = ElementTree.fromstring(package.read("word/comments.xml"))
            for comment in root.iter(f"{W}comment"):
                word.comments.append((comment.get(f"{W}author", ""),
                                      _text(comment, (f"{W}t",))))
        if "docProps/core.xml" in names:
            root = ElementTree.fromstring(package.read("docProps/core.xml"))
            for node in root:
                label = CORE_FIELDS.get(node.tag)
                if label and (node.text or "").strip():
                    word.properties.append((label, node.text.strip()))  # type: ignore[union-attr]
    return word


def structure_matches(word: WordFile, display: str) -> list[Match]:
    """A finding for each tracked change and comment (lif import refuses the same)."""
    found = []
    for kind, text, number, _ in word.changes:
        found.append(Match(
            "DOCX-TRACKED-CHANGE", display, number, 1, text,
            message=f"paragraph {number} has a tracked {kind} ('{mask(text[:40])}').",
            hint="Accept or reject every tracked change in Word, then save again."))
    for index, (_, text) in enumerate(word.comments, 1):
        found.append(Match(
            "DOCX-COMMENT", display, 1, 1, text,
            message=f"comment {index} is still in the document ('{mask(text[:40])}').",
            hint="Delete every comment in Word (Review, Delete all comments), then save again."))
    for label, value in word.properties:
        if label in ("author", "last modified by"):
            found.append(Match(
                "FILE-AUTHOR", display, 1, 1, value,
                message=f"the document's '{label}' property names someone ('{mask(value)}').",
                hint="Clear it (File, Info, Inspect document) or allow it in review.yml if it "
                     "is meant to be public."))
    return found


def scan_docx(data: bytes, display: str, protected: Protected | None) -> list[Match]:
    """Every match in a .docx: visible text, tracked changes, comments and core properties."""
    word = read_word(data)
    chunks = [Chunk(text, number, 1, False) for _, text, number in word.paragraphs]
    chunks += [Chunk(f"{text} {author}", number, 1, False, f"in a tracked {kind}")
               for kind, text, number, author in word.changes]
    chunks += [Chunk(f"{text} {author}", 1, 1, False, "in a comment")
               for author, text in word.comments]
    chunks += [Chunk(value, 1, 1, False, f"in the '{label}' property")
               for label, value in word.properties]
    found = structure_matches(word, display)
    seen = set()
    for match in scan_chunks(chunks, display, protected):
        key = (match.rule_id, match.line, match.text)
        if key not in seen:
            seen.add(key)
            found.append(match)
    return found
