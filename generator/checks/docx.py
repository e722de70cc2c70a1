"""Word files: text, tracked changes, comments and core properties, read from the XML itself.

A reviewer's draft carries more than its visible text: deleted words stay in tracked changes
(``w:del``) until accepted, comments name people, and the core properties keep the author and
whoever saved it last. python-docx shows none of the first two, so the package's XML is read
directly; paragraphs are numbered from 1 and used as the line of a finding.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from xml.etree import ElementTree

from generator.checks import ooxml
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
    """What a .docx holds, paragraph by paragraph, and the parts lif refuses."""

    paragraphs: list[tuple[str, str, int]] = field(default_factory=list)
    """(part, visible text, paragraph number)"""
    changes: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(kind 'insertion' or 'deletion', text, paragraph number, author)"""
    comments: list[tuple[str, str]] = field(default_factory=list)
    """(author, text)"""
    properties: list[tuple[str, str]] = field(default_factory=list)
    hidden: list[tuple[str, int, str]] = field(default_factory=list)
    """(text, paragraph number, where) read beside the visible text: alt text, field codes,
    link targets, style names, document variables, extended properties"""
    refused: list[tuple[str, str, str]] = field(default_factory=list)
    """(part, what it is, what to do): parts lif does not read (see ``ooxml``)"""
    templates: list[tuple[str, str]] = field(default_factory=list)
    """(relationship type, target) of links out that are paths on someone's computer"""
    images: dict[str, bytes] = field(default_factory=dict)
    """part name: bytes of each picture in the document"""


def _text(element: ElementTree.Element, tags: tuple[str, ...]) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag in tags)


HIDDEN_ATTRIBUTES = {"descr": "in an image's alt text", "title": "in a title",
                     "alt": "in an image's alt text", f"{W}instr": "in a field code",
                     f"{W}tooltip": "in a link's tooltip"}
"""Attributes whose values a reader can see (alt text, tooltips) or that compute visible text
(a simple field's code), in any element of a part that is read."""
NAMED_VALUES = {f"{W}name", f"{W}docVar", f"{W}alias", f"{W}tag", f"{W}aliases"}
"""Elements whose ``w:val`` is a name a person typed: a style's or list's name, a document
variable, a content control's title and tag."""
TEXT_TAGS = (f"{W}t", f"{W}delText")


def _hidden_texts(root: ElementTree.Element, first: int) -> list[tuple[str, int, str]]:
    """Text in a part beside its runs: attributes above, field codes (``w:instrText``) and any
    element text that is not a run's (a text box's fallback, an unknown element), each at the
    paragraph it is in (paragraphs numbered from ``first`` in document order)."""
    found = []
    number = first - 1
    for node in root.iter():
        if node.tag == f"{W}p":
            number += 1
        at = max(number, 1)
        for name, where in HIDDEN_ATTRIBUTES.items():
            value = node.get(name)
            if value and value.strip():
                found.append((value, at, where))
        if node.tag in NAMED_VALUES and (node.get(f"{W}val") or "").strip():
            found.append((node.get(f"{W}val") or "", at, "in a name or document variable"))
        if node.tag == f"{W}instrText" and (node.text or "").strip():
            found.append((node.text or "", at, "in a field code"))
        elif node.tag not in TEXT_TAGS and not NUMBERS_RE.fullmatch(node.text or ""):
            found.append((node.text or "", at, "in the document's XML"))
        if not NUMBERS_RE.fullmatch(node.tail or ""):
            found.append((node.tail or "", at, "in the document's XML"))
    return found


URL_PUNCTUATION_RE = re.compile(r"[:/?#=&+;]+")
NUMBERS_RE = re.compile(r"[\s\d.,+-]*")
"""Element text that is only a measure (an offset in EMUs, a percentage): not words."""


def read_word(data: bytes) -> WordFile:
    """Parse every part of a .docx that lif reads and list those it refuses."""
    word = WordFile()
    package = ooxml.open_package(data)
    word.refused = package.refused
    number = 0
    for part, (kind, raw) in sorted(package.parts.items(), key=_reading_order):
        if kind == "text":
            root = ooxml.parse(raw)
            word.hidden += _hidden_texts(root, number + 1)
            for paragraph in root.iter(f"{W}p"):
                number += 1
                visible = _text(paragraph, (f"{W}t",))
                word.paragraphs.append((part, visible, number))
                for change_kind, tag in (("insertion", "ins"), ("deletion", "del")):
                    for change in paragraph.iter(f"{W}{tag}"):
                        text = _text(change, TEXT_TAGS)
                        word.changes.append((change_kind, text, number,
                                             change.get(f"{W}author", "")))
        elif kind == "comments":
            root = ooxml.parse(raw)
            for comment in root.iter(f"{W}comment"):
                word.comments.append((comment.get(f"{W}author", ""),
                                      _text(comment, (f"{W}t",))))
        elif kind == "style":
            word.hidden += _hidden_texts(ooxml.parse(raw), 1)
        elif kind == "properties":
            for node in ooxml.parse(raw).iter():
                label = CORE_FIELDS.get(node.tag)
                value = (node.text or "").strip()
                if label and value:
                    word.properties.append((label, value))
                elif value:
                    local = node.tag.rsplit("}", 1)[-1]
                    word.hidden.append((value, 1, f"in the '{local}' property"))
    word.images = {part: raw for part, (kind, raw) in package.parts.items() if kind == "image"}
    from generator.checks.pdf import PATH_RE

    for rel_type, target in package.external:
        if rel_type in ooxml.EXTERNAL and (PATH_RE.search(target)
                                           or target.lower().startswith("file:")):
            word.templates.append((rel_type, target))
        # the address's punctuation as spaces, so that 'tel:' or '?phone=' do not hide a number
        decoded = URL_PUNCTUATION_RE.sub(" ", urllib.parse.unquote(target))
        word.hidden.append((decoded, 1, f"in a {rel_type} link target"))
    return word


def _reading_order(item: tuple[str, tuple[str, bytes]]) -> tuple[int, str]:
    """The document first (its paragraphs are numbered from 1), then the other parts by name."""
    return (0 if item[0] == "word/document.xml" else 1, item[0])


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
    for part, what, todo in word.refused:
        found.append(Match(
            "ATTACHMENT-UNREAD", display, 1, 1, part,
            message=f"the Word file holds {what} ({part}), which lif does not read, so it "
                    "would be published unchecked.",
            hint=f"{todo[0].upper()}{todo[1:]}, then check it here again."))
    found += image_matches(word, display)
    for kind, target in word.templates:
        found.append(Match(
            "FILE-AUTHOR", display, 1, 1, target,
            message=f"the Word file's {kind} link names a path on someone's computer "
                    f"('{mask(target)}').",
            hint="Remove the link, or attach the Normal template (Developer, Document "
                 "template), then save again."))
    for label, value in word.properties:
        if label in ("author", "last modified by"):
            found.append(Match(
                "FILE-AUTHOR", display, 1, 1, value,
                message=f"the document's '{label}' property names someone ('{mask(value)}').",
                hint="Clear it (File, Info, Inspect document) or allow it in review.yml if it "
                     "is meant to be public."))
    return found


def image_matches(word: WordFile, display: str) -> list[Match]:
    """A picture in a Word file is published with it: its metadata, the parts of its file lif
    does not read, and a scanned page are found as in an image attachment."""
    from generator.checks.attachments import image_facts

    found = []
    for part, data in sorted(word.images.items()):
        try:
            fields, unread, page = image_facts(data)
        except Exception:
            fields, unread, page = [], ["a picture lif cannot open"], False
        if page:
            unread.append("a picture that looks like a scanned page (its words cannot be "
                          "checked)")
        if unread:
            found.append(Match(
                "ATTACHMENT-UNREAD", display, 1, 1, part,
                message=f"the Word file's picture {part} holds {', '.join(unread)}, which lif "
                        "does not read, so it would be published unchecked.",
                hint="Insert the picture again from a new PNG or JPEG export, or remove it, "
                     "then check it here again."))
        if fields:
            found.append(Match(
                "ATTACHMENT-METADATA", display, 1, 1, part,
                message=f"the Word file's picture {part} carries metadata "
                        f"({', '.join(fields)}) that anyone can read from the file.",
                hint="Insert the picture again from an export without metadata, then check it "
                     "here again."))
    return found


def scan_docx(data: bytes, display: str, protected: Protected | None) -> list[Match]:
    """Every match in a .docx: visible text, tracked changes, comments, properties, alt text,
    field codes and link targets, and each part lif does not read."""
    try:
        word = read_word(data)
    except ooxml.PackageError as exc:
        return [Match("ATTACHMENT-UNREAD", display, 1, 1, "",
                      message=f"the Word file cannot be read completely: {exc}.",
                      hint="Save it again from Word as a new .docx, or as PDF.")]
    chunks = [Chunk(text, number, 1, False) for _, text, number in word.paragraphs]
    chunks += [Chunk(f"{text} {author}", number, 1, False, f"in a tracked {kind}")
               for kind, text, number, author in word.changes]
    chunks += [Chunk(f"{text} {author}", 1, 1, False, "in a comment")
               for author, text in word.comments]
    chunks += [Chunk(value, 1, 1, False, f"in the '{label}' property")
               for label, value in word.properties]
    chunks += [Chunk(text, number, 1, False, where) for text, number, where in word.hidden]
    chunks += [Chunk(part, 1, 1, False, "in the name of a part") for part, _, _ in word.refused]
    found = structure_matches(word, display)
    seen = set()
    for match in scan_chunks(chunks, display, protected):
        key = (match.rule_id, match.line, match.text)
        if key not in seen:
            seen.add(key)
            found.append(match)
    return found
