"""Word reports built in the tests with python-docx, holding every feature ``lif import`` keeps.

python-docx has no API for footnotes, so the footnotes part is added through its OPC layer:
the part, its relationship from the document, and a ``w:footnoteReference`` run.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def png(width: int = 240, height: int = 120) -> bytes:
    """A grey PNG with a darker band (big enough to see on the page), made here so no image
    file is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + (b"\x40\x40\x80" if height // 3 <= y < 2 * height // 3
                                else b"\xc0\xc0\xc0") * width for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                                             0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def add_footnotes(document: docx.document.Document, notes: list[str]) -> None:
    """Give the document a footnotes part holding ``notes`` (ids 1, 2, ...), in Word's own
    'footnote text' style."""
    style = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH).style_id
    items = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:footnotes xmlns:w="{W_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           '<w:continuationSeparator/></w:r></w:p></w:footnote>'
           f'{items}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode(),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def footnote_reference(paragraph: docx.text.paragraph.Paragraph, note_id: int) -> None:
    """A superscript footnote mark at the end of ``paragraph``."""
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


def bullets(document: docx.document.Document) -> str:
    """A three-level bulleted numbering (python-docx's template defines one level per list
    style); its numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="\u2022"/><w:pPr><w:ind w:left="{720 * (level + 1)}" '
        'w:hanging="360"/></w:pPr></w:lvl>' for level in range(3))
    first_num = numbering.find(f"{{{W_NS}}}num")
    first_num.addprevious(parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def bullet(document: docx.document.Document, text: str, level: int, num_id: str) -> None:
    """A bulleted paragraph at ``level`` (0 is the outer list)."""
    paragraph = document.add_paragraph(text, "List Paragraph")
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
        '</w:numPr>'))


def picture(document: docx.document.Document, alt: str) -> None:
    """An inline picture in its own paragraph, with ``alt`` as Word's alt text."""
    document.add_picture(io.BytesIO(png()))
    doc_pr = document.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    doc_pr.set("descr", alt)


def report() -> bytes:
    """A reviewer's report with a title, headings of every level, numbered paragraphs, nested
    lists, a table with a merged cell, a simple table, a footnote and an image with alt text."""
    document = docx.Document()
    document.core_properties.author = ""
    document.add_paragraph("Child W: a local child safeguarding practice review", "Title")
    document.add_heading("Introduction", 1)
    document.add_paragraph("The review looked at the help given to Child W and Mother.",
                           "List Number")
    note = document.add_paragraph("The rapid review met within fifteen working days.",
                                  "List Number")
    footnote_reference(note, 1)
    add_footnotes(document, ["Working Together to Safeguard Children 2023, chapter 5."])
    document.add_heading("Findings", 1)
    document.add_heading("Health services", 2)
    document.add_paragraph("Health visitors saw the family four times.", "List Number")
    document.add_heading("Home visits", 3)
    document.add_paragraph("Visits were made at the times below:")
    num_id = bullets(document)
    bullet(document, "Before the birth", 0, num_id)
    bullet(document, "One antenatal visit", 1, num_id)
    bullet(document, "At 36 weeks", 2, num_id)
    bullet(document, "After the birth", 0, num_id)
    document.add_heading("Records", 4)
    document.add_paragraph("Records were kept in two systems.")
    document.add_heading("Level five", 5)
    document.add_paragraph("A detail at the fifth level.")
    document.add_heading("Level six", 6)
    document.add_paragraph("A detail at the sixth level.")
    document.add_heading("Recommendations", 1)
    simple = document.add_table(rows=3, cols=2)
    for row, (first, second) in enumerate([("Recommendation", "Agency"),
                                           ("Record fathers' details", "Health visiting"),
                                           ("Share birth plans", "Midwifery")]):
        simple.cell(row, 0).text, simple.cell(row, 1).text = first, second
    document.add_paragraph("Who will act, by when:")
    merged = document.add_table(rows=3, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Actions agreed"
    merged.cell(1, 0).text, merged.cell(1, 1).text = "Training", "By June"
    merged.cell(2, 0).text, merged.cell(2, 1).text = "Audit", "By December"
    picture(document, "A chart of contacts with the family by month")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_images(*alts: str) -> bytes:
    """A short report holding one picture per alt text ('' for a picture with none)."""
    document = docx.Document()
    document.add_heading("Introduction", 1)
    document.add_paragraph("The review looked at the help given to Child W.")
    for alt in alts:
        picture(document, alt)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()




def restarted_numbers() -> bytes:
    """Two numbered paragraphs, a heading, then a second list restarted at 1 by its own
    numbering instance (what Word's 'Restart at 1' writes)."""
    document = docx.Document()
    for text in ("First.", "Second."):
        document.add_paragraph(text, "List Number")
    document.add_heading("Recommendations", 1)
    numbering = document.part.numbering_part.element
    style = document.styles["List Number"].element
    num_id = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')[0]
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="91"><w:abstractNumId w:val="{abstract}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for text in ("Restarted.", "Next."):
        paragraph = document.add_paragraph(text, "List Number")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


GOLDEN = Path(__file__).resolve().parent / "word" / "report.md"
"""What ``report()`` imports as; regenerate with ``python -m tests.wordkit`` and review the
diff like code."""


def main() -> None:
    from generator import word_import

    GOLDEN.write_text(word_import.convert(report(), "report.docx").markdown, encoding="utf-8")
    print(GOLDEN)


if __name__ == "__main__":  # pragma: no cover - ``python -m tests.wordkit``
    main()
