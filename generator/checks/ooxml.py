"""A Word package read by allow-list: every part is accounted for, or the file is refused.

A .docx is a zip of parts tied together by relationships. Word shows only some of them; others
travel with the file unseen: a whole document pasted in as an ``altChunk``, custom properties,
customXml data, the glossary (building blocks), embedded spreadsheets and OLE objects, macros,
ActiveX controls, the people list of comment authors. lif reads the parts on ``READ`` (their
text goes through the redaction detectors) and refuses every other part, each named with what to
do, so a trick nobody has thought of yet fails closed instead of being published unread.
Sizes are bounded before anything is decompressed: a zip bomb is refused, never expanded.
"""

from __future__ import annotations

import io
import posixpath
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml."
OFFICE = "application/vnd.openxmlformats-officedocument."
READ = {
    MAIN + "document.main+xml": "text", MAIN + "template.main+xml": "text",
    MAIN + "header+xml": "text", MAIN + "footer+xml": "text",
    MAIN + "footnotes+xml": "text", MAIN + "endnotes+xml": "text",
    MAIN + "comments+xml": "comments",
    MAIN + "styles+xml": "style", MAIN + "stylesWithEffects+xml": "style",
    MAIN + "numbering+xml": "style", MAIN + "settings+xml": "style",
    MAIN + "webSettings+xml": "style", MAIN + "fontTable+xml": "style",
    OFFICE + "theme+xml": "style",
    "application/vnd.openxmlformats-package.core-properties+xml": "properties",
    OFFICE + "extended-properties+xml": "properties",
    "application/vnd.openxmlformats-package.relationships+xml": "relationships",
    OFFICE + "obfuscatedFont": "binary", "application/x-font-ttf": "binary",
    "application/vnd.ms-word.stylesWithEffects+xml": "style",
}
"""Content types lif reads, and how: text parts paragraph by paragraph, style parts and
properties for every text and name they hold, fonts and images as data."""
REFUSED = {
    "aFChunk": "an embedded document (altChunk) that Word merges in when it opens the file",
    "altChunk": "an embedded document (altChunk) that Word merges in when it opens the file",
    "customXml": "custom XML data",
    "custom-properties": "custom document properties",
    "glossary": "a glossary (building blocks and AutoText)",
    "oleObject": "an embedded object (OLE)", "package": "an embedded document",
    "vbaProject": "macros (VBA)", "activeX": "an ActiveX control",
    "people": "the list of people who commented", "attachedTemplate": "an attached template",
    "commentsExtended": "comment threads", "commentsIds": "comment threads",
    "commentsExtensible": "comment threads",
}
"""Kinds of part lif refuses, by a word of their relationship type or part name, described."""
HINTS = {
    "custom-properties": "remove the custom properties (File, Info, Properties, Advanced "
                         "properties, Custom)",
    "people": "delete every comment and save again",
    "commentsExtended": "delete every comment and save again",
    "commentsIds": "delete every comment and save again",
    "commentsExtensible": "delete every comment and save again",
    "vbaProject": "save it as a plain Word document (.docx), without macros",
    "activeX": "remove the form controls",
    "customXml": "remove the custom XML data (Inspect document, Custom XML data)",
}
EXTERNAL = {"hyperlink", "attachedTemplate"}
"""Relationships out of the package that Word does not load content from (a hyperlink opens
only when clicked; a template path is checked as a path)."""
MAX_PART = 32 << 20
"""Bytes of one part read decompressed; beyond it the file is refused (a zip bomb)."""
MAX_TOTAL = 256 << 20
MAX_PARTS = 5000
CONTENT_TYPES = "[Content_Types].xml"


@dataclass
class Package:
    """The parts of a .docx that lif reads, by kind, and those it refuses."""

    parts: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """part name: (how it is read, its bytes)"""
    external: list[tuple[str, str]] = field(default_factory=list)
    """(relationship type, target) of each link out of the package (hyperlinks, templates)"""
    refused: list[tuple[str, str, str]] = field(default_factory=list)
    """(part name, what it is, what to do)"""


class PackageError(ValueError):
    """The package cannot be read completely within the bounds (a zip bomb, a damaged zip)."""


def read_bounded(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, never more than MAX_PART whatever its header claims."""
    with package.open(info) as stream:
        data = stream.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise PackageError(f"part {info.filename} is larger than {MAX_PART >> 20} MB")
    return data


def parse(data: bytes) -> ElementTree.Element:
    """An XML part; a document type declaration (which Word never writes, and which could
    expand entities without bound) is refused."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise PackageError("a part declares a document type")
    return ElementTree.fromstring(data)


def _kind_of_name(name: str, relationship: str) -> str:
    """The refused kind a part is, by its relationship's type or a folder or file name that
    starts with the kind's word (``customXml/``, ``people.xml``, ``vbaProject.bin``)."""
    segments = [relationship.lower(), *name.lower().split("/")]
    for word in REFUSED:
        if any(segment.startswith(word.lower()) for segment in segments if segment):
            return word
    return ""


def open_package(data: bytes) -> Package:
    """Every part of a Word package, read or refused (``PackageError`` when it cannot be read
    whole within the bounds)."""
    result = Package()
    if not data.startswith(b"PK\x03\x04"):
        raise PackageError("the file has data before its first part")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = [i for i in package.infolist() if not i.is_dir()]
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_TOTAL:
            raise PackageError("the package is larger than lif reads")
        if package.comment:
            raise PackageError("the package has a comment after its parts")
        if len({i.filename.lower().lstrip("/") for i in infos}) != len(infos):
            raise PackageError("the package holds two parts of the same name")
        names = {"/" + i.filename.lstrip("/"): i for i in infos}
        if "/" + CONTENT_TYPES not in names:
            raise PackageError("the package has no list of content types")
        types = parse(read_bounded(package, names["/" + CONTENT_TYPES]))
        defaults, overrides = {}, {}
        for node in types:
            tag = node.tag.rsplit("}", 1)[-1]
            if tag == "Default":
                defaults[node.get("Extension", "").lower()] = node.get("ContentType", "")
            elif tag == "Override":
                overrides[node.get("PartName", "").lower()] = node.get("ContentType", "")
        reached: dict[str, str] = {}
        for name, info in names.items():
            if not name.endswith(".rels"):
                continue
            source_dir = posixpath.dirname(posixpath.dirname(name))
            for rel in parse(read_bounded(package, info)):
                rel_type = rel.get("Type", "").rsplit("/", 1)[-1]
                target = urllib.parse.unquote(rel.get("Target", ""))
                if rel.get("TargetMode", "").lower() == "external":
                    result.external.append((rel_type, target))
                    if rel_type not in EXTERNAL:
                        result.refused.append((
                            name.lstrip("/"), f"a link to an outside file that Word loads "
                            f"({rel_type})", "remove the linked file or object, or embed a "
                            "picture of it instead"))
                    continue
                part = posixpath.normpath(target if target.startswith("/")
                                          else posixpath.join(source_dir, target))
                reached.setdefault("/" + part.lstrip("/"), rel_type)
        for name, info in sorted(names.items()):
            if name == "/" + CONTENT_TYPES:
                continue
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            content_type = overrides.get(name.lower()) or defaults.get(extension, "")
            rel_type = reached.get(name, "relationships" if name.endswith(".rels") else "")
            kind = READ.get(content_type) or ("image" if content_type.startswith("image/")
                                              else "")
            refused = _kind_of_name(name, rel_type)
            part = name.lstrip("/")
            if refused:
                result.refused.append((part, REFUSED[refused], HINTS.get(
                    refused, "remove it (in Word: copy the visible text into a new document)")))
            elif not rel_type:
                result.refused.append((part, "a part nothing in the document refers to",
                                       "save the document again as a new file"))
            elif not kind:
                result.refused.append((part, f"a part of a kind lif does not read "
                                       f"({content_type or 'no content type'})",
                                       "remove it (in Word: copy the visible text into a new "
                                       "document)"))
            else:
                result.parts[part] = (kind, read_bounded(package, info))
    return result
