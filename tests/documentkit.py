"""Make small real PDFs (reportlab, pypdf) and Word files (raw OOXML) that leak in known ways."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pypdf
from pypdf.annotations import Link, Text
from pypdf.generic import DecodedStreamObject, NameObject
from reportlab.lib.colors import Color, black, white
from reportlab.pdfgen.canvas import Canvas


def pdf(lines: list[str], *, boxed: str = "", white_text: str = "", author: str = "",
        title: str = "") -> bytes:
    """A one-page PDF with visible lines, text under a black box, or white text."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    if author:
        canvas.setAuthor(author)
    if title:
        canvas.setTitle(title)
    y = 750
    for line in lines:
        canvas.drawString(72, y, line)
        y -= 20
    if boxed:
        canvas.setFillColor(black)
        canvas.drawString(72, y, boxed)
        canvas.rect(70, y - 4, 8 * len(boxed), 16, stroke=0, fill=1)
        y -= 20
    if white_text:
        canvas.setFillColor(white)
        canvas.drawString(72, y, white_text)
        y -= 20
    canvas.setFillColor(Color(0.1, 0.2, 0.5))
    canvas.rect(70, 100, 300, 30, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.drawString(80, 110, "A readable banner")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def with_xmp(data: bytes, creator: str) -> bytes:
    """The PDF with an XMP packet naming a creator (as Word's PDF export writes)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>")
    stream = DecodedStreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def incremental_redaction(original: bytes, redacted: bytes) -> bytes:
    """``original`` saved again incrementally with the page of ``redacted``: both revisions stay."""
    writer = pypdf.PdfWriter(io.BytesIO(original), incremental=True)
    new_page = pypdf.PdfReader(io.BytesIO(redacted)).pages[0]
    writer.pages[0].replace_contents(new_page.get_contents())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_attachment(data: bytes, name: str, contents: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.add_attachment(name, contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_annotations(data: bytes, comment: str = "", url: str = "") -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    if comment:
        writer.add_annotation(0, Text(rect=(50, 550, 200, 650), text=comment))
    if url:
        writer.add_annotation(0, Link(rect=(50, 500, 200, 520), url=url))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- Word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OOXML = "http://schemas.openxmlformats.org"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
RELS = f"{OOXML}/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Types xmlns="{OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WORD_TYPE}.document.main+xml"/>'
    f'<Override PartName="/word/comments.xml" ContentType="{WORD_TYPE}.comments+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{OOXML}/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>')
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId9" Type="{RELS}/comments" Target="comments.xml"/></Relationships>')


def paragraph(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def deletion(before: str, deleted: str, after: str) -> str:
    """A paragraph with a tracked deletion by a named author."""
    return ('<w:p><w:r><w:t xml:space="preserve">' + escape(before) + "</w:t></w:r>"
            '<w:del w:id="1" w:author="Sam Editor" w:date="2026-01-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(deleted)}</w:delText></w:r></w:del>'
            f'<w:r><w:t xml:space="preserve">{escape(after)}</w:t></w:r></w:p>')


Part = tuple[str, str, str | bytes]
"""(part name, content type, contents) of a part added to a Word package."""
Relation = tuple[str, str, str, bool]
"""(relationship id, type's last word, target, external) added to the document's relationships."""


def docx(paragraphs: list[str], comments: list[str] = (), creator: str = "",  # type: ignore[assignment]
         title: str = "", *, parts: list[Part] = (),  # type: ignore[assignment]
         links: list[Relation] = (), package_links: list[Relation] = (),  # type: ignore[assignment]
         core: str = "") -> bytes:
    """A minimal .docx with the given paragraph XML, comments and core properties, and any
    further parts (with their content types) and relationships of the document or package."""
    body = "".join(paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}" xmlns:wp="{WP_NS}" xmlns:r="{RELS}">'
                f"<w:body>{body}</w:body></w:document>")
    core_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
                f"{core}</cp:coreProperties>")
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                        for name, kind, _ in parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.replace("</Types>",
                                                                      overrides + "</Types>"))
        package.writestr("_rels/.rels", PACKAGE_RELS.replace(
            "</Relationships>", _relationships(package_links) + "</Relationships>"))
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS.replace(
            "</Relationships>", _relationships(links) + "</Relationships>"))
        package.writestr("word/document.xml", document)
        package.writestr("docProps/core.xml", core_xml)
        if comments:
            items = "".join(
                f'<w:comment w:id="{i}" w:author="Sam Editor">{paragraph(text)}</w:comment>'
                for i, text in enumerate(comments))
            package.writestr("word/comments.xml",
                             f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             f'<w:comments xmlns:w="{W_NS}">{items}</w:comments>')
        for name, _, contents in parts:
            package.writestr(name, contents)
    return out.getvalue()


WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _relationships(links: list[Relation]) -> str:
    return "".join(
        f'<Relationship Id="{rid}" Type="{RELS}/{kind}" Target="{escape(target)}"'
        + (' TargetMode="External"' if external else "") + "/>"
        for rid, kind, target, external in links)


def xml_part(root: str, body: str, namespace: str = W_NS) -> str:
    """An XML part with one root element in a namespace (prefix ``w``)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:{root} xmlns:w="{namespace}">{body}</w:{root}>')
