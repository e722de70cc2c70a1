"""Attachments by allow-list: a part or feature lif does not read is ATTACHMENT-UNREAD naming
it; text in the parts it reads (alt text, field codes, link targets, properties, bookmarks,
colour profiles) goes through the redaction detectors; clean near-misses pass."""

from __future__ import annotations

import io
import struct
import zipfile

import pypdf
import pytest
from PIL import Image
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tests import documentkit
from tests.documentkit import W_NS, docx, paragraph, xml_part
from tests.sitekit import SiteKit
from tests.test_attachments import check, files_of
from tests.test_redaction_documents import docx_lines, pdf_lines

DOC = "application/vnd.openxmlformats-officedocument."
UNREAD_WORD = ("x.docx:1:1: ATTACHMENT-UNREAD the Word file holds {} ({}), which lif does not "
               "read, so it would be published unchecked. {}, then check it here again.")
COPY = "Remove it (in Word: copy the visible text into a new document)"
PHONE = "a phone number ('0**** 9*****')"
PHONE_HINT = "Remove it; a published helpline belongs in the site's allow list."


# --------------------------------------------------------------------------- Word


def test_an_alt_chunk_in_a_word_file_is_refused_at_the_attachment(kit: SiteKit) -> None:
    """A document pasted in as an altChunk is merged by Word when opened but never read by
    lif: refused, naming the part, with exit 1."""
    data = docx([paragraph("The review of Child T.")],
                parts=[("word/afchunk.mht", "message/rfc822", "Ring 07700 900123")],
                links=[("rId20", "aFChunk", "afchunk.mht", False)])
    (files_of(kit) / "report.docx").write_bytes(data)
    assert check(kit) == (1, [
        "reviews/child-t/files/report.docx:1:1: ATTACHMENT-UNREAD the Word file holds an "
        "embedded document (altChunk) that Word merges in when it opens the file "
        f"(word/afchunk.mht), which lif does not read, so it would be published unchecked. "
        f"{COPY}, then check it here again."])


CUSTOM = (f'<Properties xmlns="{DOC}custom-properties" xmlns:vt="{DOC}docPropsVTypes">'
          '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Client">'
          "<vt:lpwstr>Fictional</vt:lpwstr></property></Properties>")


@pytest.mark.parametrize(("part", "content_type", "relation", "what", "hint"), [
    ("docProps/custom.xml", f"{DOC}custom-properties+xml", "custom-properties",
     "custom document properties",
     "Remove the custom properties (File, Info, Properties, Advanced properties, Custom)"),
    ("customXml/item1.xml", "application/xml", "customXml", "custom XML data",
     "Remove the custom XML data (Inspect document, Custom XML data)"),
    ("word/glossary/document.xml", f"{DOC}wordprocessingml.document.glossary+xml",
     "glossaryDocument", "a glossary (building blocks and AutoText)", COPY),
    ("word/embeddings/Document1.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "package",
     "an embedded document", COPY),
    ("word/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument."
     "oleObject", "oleObject", "an embedded object (OLE)", COPY),
    ("word/people.xml", f"{DOC}wordprocessingml.people+xml", "people",
     "the list of people who commented", "Delete every comment and save again"),
    ("word/vbaProject.bin", "application/vnd.ms-office.vbaProject", "vbaProject",
     "macros (VBA)", "Save it as a plain Word document (.docx), without macros"),
    ("word/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml", "control",
     "an ActiveX control", "Remove the form controls"),
    ("word/notes.bin", "application/octet-stream", "unknownThing",
     "a part of a kind lif does not read (application/octet-stream)", COPY),
])
def test_each_part_lif_does_not_read_is_refused_by_name(
        part: str, content_type: str, relation: str, what: str, hint: str) -> None:
    """Custom properties, customXml, glossary, embedded documents and objects, the people
    list, macros, ActiveX and any unknown kind: each is named, never passed unread."""
    target = part.removeprefix("word/") if part.startswith("word/") else f"../{part}"
    data = docx([paragraph("The review of Child T.")],
                parts=[(part, content_type, CUSTOM if part.endswith("custom.xml") else "x")],
                links=[("rId20", relation, target, False)])
    assert docx_lines(data) == [UNREAD_WORD.format(what, part, hint)]


def test_a_part_nothing_refers_to_is_refused() -> None:
    """A part no relationship reaches is never shown by Word but is in the file."""
    data = docx([paragraph("Child T.")],
                parts=[("word/media/image9.png", "image/png", b"\x89PNG\r\n\x1a\n")])
    assert docx_lines(data) == [UNREAD_WORD.format(
        "a part nothing in the document refers to", "word/media/image9.png",
        "Save the document again as a new file")]


def test_alt_text_field_codes_and_link_targets_are_scanned_at_their_paragraph() -> None:
    """An image's description, a field's code and a hyperlink's address are read like the
    visible text, each at the paragraph that holds it."""
    picture = ('<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" '
               'descr="Ring 07700 900123"/></wp:inline></w:drawing></w:r></w:p>')
    field = ('<w:p><w:r><w:instrText xml:space="preserve"> QUOTE "07700 900124" '
             '</w:instrText></w:r><w:r><w:t>Child T.</w:t></w:r></w:p>')
    link = ('<w:p><w:hyperlink r:id="rId30"><w:r><w:t>the leaflet</w:t></w:r></w:hyperlink>'
            "</w:p>")
    data = docx([paragraph("The review."), picture, field, link],
                links=[("rId30", "hyperlink", "tel:07700%20900125", True)])
    assert docx_lines(data) == [
        f"x.docx:2:1: ID-PHONE {PHONE} in an image's alt text. {PHONE_HINT}",
        f"x.docx:3:1: ID-PHONE {PHONE} in a field code. {PHONE_HINT}",
        f"x.docx:1:1: ID-PHONE {PHONE} in a hyperlink link target. {PHONE_HINT}"]


def test_extended_and_all_core_properties_are_scanned() -> None:
    """Company, Manager (docProps/app.xml) and category (core.xml) are read and scanned."""
    app = (f'<Properties xmlns="{DOC}extended-properties"><Company>Hallowmere Council'
           "</Company><Manager>Jane Ashworth</Manager></Properties>")
    data = docx([paragraph("Child T.")], core="<cp:category>07700 900123</cp:category>",
                parts=[("docProps/app.xml", f"{DOC}extended-properties+xml", app)],
                package_links=[("rId5", "extended-properties", "docProps/app.xml", False)])
    assert docx_lines(data) == [
        "x.docx:1:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') "
        "in the 'Manager' property. Replace it with the pseudonym or a role (Mother, the "
        "school), or remove it.",
        f"x.docx:1:1: ID-PHONE {PHONE} in the 'category' property. {PHONE_HINT}"]


def test_a_clean_word_file_with_the_usual_parts_passes() -> None:
    """Styles, settings, a header, extended properties and a referenced image are read
    and, holding nothing identifying, pass."""
    main = f"{DOC}wordprocessingml."
    styles = xml_part("styles", '<w:style w:styleId="Heading1"><w:name w:val="heading 1"/>'
                      "</w:style>")
    app = (f'<Properties xmlns="{DOC}extended-properties"><Application>Microsoft Office Word'
           "</Application><Pages>3</Pages><Company></Company></Properties>")
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, "PNG")
    data = docx(
        [paragraph("The review of Child T.")],
        parts=[("word/styles.xml", f"{main}styles+xml", styles),
               ("word/settings.xml", f"{main}settings+xml", xml_part("settings", "")),
               ("word/header1.xml", f"{main}header+xml",
                xml_part("hdr", "<w:p><w:r><w:t>Hallowmere review</w:t></w:r></w:p>")),
               ("word/media/image1.png", "image/png", png.getvalue()),
               ("docProps/app.xml", f"{DOC}extended-properties+xml", app)],
        links=[("rId20", "styles", "styles.xml", False),
               ("rId21", "settings", "settings.xml", False),
               ("rId22", "header", "header1.xml", False),
               ("rId23", "image", "media/image1.png", False),
               ("rId24", "hyperlink", "https://example.org/leaflet", True)],
        package_links=[("rId5", "extended-properties", "docProps/app.xml", False)])
    assert docx_lines(data) == []


def test_a_zip_bomb_or_an_entity_declaration_is_refused_not_expanded() -> None:
    """A part larger than lif reads, whatever its header claims, and a DOCTYPE (entity
    expansion) make the file unreadable: refused, never read in part."""
    out = io.BytesIO()
    referenced = docx([paragraph("Child T.")],
                      parts=[("word/media/big.png", "image/png", b"\0" * (33 << 20))],
                      links=[("rId20", "image", "media/big.png", False)])
    with zipfile.ZipFile(io.BytesIO(referenced)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():  # compressed: 33 MB of zeros take 33 kB
            bomb.writestr(item.filename, source.read(item))
    doctype = docx([paragraph("Child T.")])
    with zipfile.ZipFile(io.BytesIO(doctype)) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
                                  + f'<w:document xmlns:w="{W_NS}"/>'.encode())
    entity = io.BytesIO()
    with zipfile.ZipFile(entity, "w") as package:
        for name, contents in parts.items():
            package.writestr(name, contents)
    says = ("x.docx:1:1: ATTACHMENT-UNREAD the Word file cannot be read completely: {}. Save "
            "it again from Word as a new .docx, or as PDF.")
    assert docx_lines(out.getvalue()) == [says.format(
        "part word/media/big.png is larger than 32 MB")]
    assert docx_lines(entity.getvalue()) == [says.format("a part declares a document type")]


# --------------------------------------------------------------------------- PDF

UNREAD_PDF = ("x.pdf:1:1: ATTACHMENT-UNREAD the PDF holds {}, which lif does not read, so it "
              "would be published unchecked. {}, then check it here again.")
SCRIPTS = ("Remove the scripts and actions (print it to PDF, or make it again from the "
           "source)")


def _edited(data: bytes, edit: object) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    edit(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_form_field_is_refused_at_the_attachment(kit: SiteKit) -> None:
    """Form fields keep typed values lif does not read: refused with exit 1."""
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 750, "Referral form")
    canvas.acroForm.textfield(name="caller", value="07700 900123", x=72, y=600)
    canvas.save()
    (files_of(kit) / "form.pdf").write_bytes(out.getvalue())
    code, lines = check(kit)
    assert (code, lines[:1]) == (1, [
        "reviews/child-t/files/form.pdf:1:1: ATTACHMENT-UNREAD the PDF holds form fields, "
        "whose values are kept in the file, which lif does not read, so it would be published "
        "unchecked. Flatten the form (print it to PDF) or remove the form fields, then check "
        "it here again."])


def _with_javascript(writer: pypdf.PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hello');")})
    tree = DictionaryObject({NameObject("/Names"): ArrayObject(
        [TextStringObject("open"), writer._add_object(action)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)})


def _with_launching_link(writer: pypdf.PdfWriter) -> None:
    from pypdf.annotations import Link

    link = Link(rect=(50, 500, 200, 520), url="https://example.org/")
    link[NameObject("/A")] = DictionaryObject({
        NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x"),
        NameObject("/Next"): DictionaryObject({NameObject("/S"): NameObject("/Launch")})})
    writer.add_annotation(0, link)


def test_javascript_and_an_open_action_are_refused() -> None:
    """Document JavaScript, an /OpenAction that launches and a link whose chained action
    launches are each named."""
    plain = documentkit.pdf(["The review of Child T."])
    script = _edited(plain, _with_javascript)
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): TextStringObject("notes.exe")})
    opens = _edited(plain, lambda w: w._root_object.__setitem__(NameObject("/OpenAction"),
                                                                  launch))
    linked = _edited(plain, _with_launching_link)
    assert pdf_lines(linked) == [UNREAD_PDF.format(
        "an action that runs or opens something (Launch)", SCRIPTS)]
    assert pdf_lines(script) == [UNREAD_PDF.format(
        "document JavaScript (the /JavaScript name tree)", SCRIPTS)]
    assert pdf_lines(opens) == [UNREAD_PDF.format(
        "an action that runs or opens something (Launch)", SCRIPTS)]


def test_bookmarks_are_scanned_and_a_plain_bookmark_passes() -> None:
    """A bookmark's title is text in the reader's side panel: scanned like the page."""
    plain = documentkit.pdf(["The review of Child T."])
    named = _edited(plain, lambda w: w.add_outline_item(title="Jane Ashworth", page_number=0))
    clean = _edited(plain, lambda w: w.add_outline_item(title="Findings", page_number=0))
    assert pdf_lines(named) == [
        "x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') in "
        "a bookmark. Replace it with the pseudonym or a role (Mother, the school), or remove "
        "it."]
    assert pdf_lines(clean) == []


def test_an_object_nothing_refers_to_is_refused() -> None:
    """Text in an object no page or part uses is never extracted, but is in the file."""
    def orphan(writer: pypdf.PdfWriter) -> None:
        stream = DecodedStreamObject()
        stream.set_data(b"BT (Jane Ashworth) Tj ET")
        writer._add_object(stream)

    data = _edited(documentkit.pdf(["The review of Child T."]), orphan)
    number = max(pypdf.PdfReader(io.BytesIO(data)).xref[0])
    assert pdf_lines(data) == [UNREAD_PDF.format(
        f"1 object(s) that nothing in the document uses (object {number}): their text is "
        "never shown or extracted, but is in the file",
        "Save it as a new file (not 'save' over the old one), or make it again from the "
        "source")]


def _picture_pdf(caption: str) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(image, "PNG")
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.drawImage(ImageReader(io.BytesIO(image.getvalue())), 72, 300, 300, 400)
    if caption:
        canvas.drawString(72, 250, caption)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_an_image_only_pdf_is_refused_and_a_captioned_picture_passes() -> None:
    """A scanned page has no text to check (and a screen reader reads nothing): refused; a
    page with a picture and text passes."""
    assert pdf_lines(_picture_pdf("")) == [
        "x.pdf:1:1: ATTACHMENT-UNREAD page(s) 1 hold pictures or drawn shapes but no text: a "
        "scan or text drawn as pixels, whose words lif cannot check (and a screen reader "
        "cannot read). Publish the document as text (make the PDF from the source, or run OCR "
        "and check the result), or describe the picture in the report, then check it here "
        "again."]
    assert pdf_lines(_picture_pdf("Figure 1: the timeline.")) == []


def test_a_weasyprint_pdf_with_bookmarks_links_and_an_image_passes() -> None:
    """lif's own kind of PDF (headings as bookmarks, links, a figure) holds nothing unread."""
    import base64

    from weasyprint import HTML

    png = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(png, "PNG")
    source = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    data = HTML(string=f'<h1>Review</h1><p>See <a href="https://example.org/">the site</a> '
                       f'and <a href="#two">below</a>.</p><img src="{source}">'
                       '<h2 id="two">Findings</h2><p>Text.</p>').write_pdf()
    assert pdf_lines(data) == []


# --------------------------------------------------------------------------- images

IMAGE_UNREAD = ("reviews/child-t/files/{}:1:1: ATTACHMENT-UNREAD the image file holds {}, "
                "which lif does not read, so it would be published unseen. Export the picture "
                "again as a new PNG or JPEG (most editors: 'export for web'), then check it "
                "here again.")


def _image(kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, kind, **options)
    return out.getvalue()


def test_bytes_after_an_images_end_and_unknown_chunks_are_refused(kit: SiteKit) -> None:
    """A document appended after PNG's IEND, JPEG's end or GIF's trailer, a PNG chunk of an
    unknown kind and an unknown JPEG segment travel unseen: each file is refused; the same
    pictures without them pass."""
    files = files_of(kit)
    png = _image("PNG")
    (files / "after.png").write_bytes(png + b"Ring 07700 900123")
    (files / "after.jpg").write_bytes(_image("JPEG") + b"PK\x03\x04 a document")
    (files / "after.gif").write_bytes(_image("GIF") + b"hidden")
    chunk = b"prVW" + b"hidden"
    (files / "chunk.png").write_bytes(png[:33] + struct.pack(">I", 6) + chunk
                                      + struct.pack(">I", 0) + png[33:])
    jpeg = _image("JPEG")
    (files / "app9.jpg").write_bytes(jpeg[:2] + b"\xff\xe9" + struct.pack(">H", 8) + b"hidden"
                                     + jpeg[2:])
    for name, data in (("plain.png", png), ("plain.jpg", jpeg), ("plain.gif", _image("GIF")),
                       ("plain.webp", _image("WEBP"))):
        (files / name).write_bytes(data)
    code, lines = check(kit)
    assert (code, [line for line in lines if "ATTACHMENT-UNREAD" in line]) == (1, [
        IMAGE_UNREAD.format("after.gif", "6 bytes after the image's end (GIF trailer)"),
        IMAGE_UNREAD.format("after.jpg", "15 bytes after the image's end (JPEG end of image)"),
        IMAGE_UNREAD.format("after.png", "17 bytes after the image's end (IEND)"),
        IMAGE_UNREAD.format("app9.jpg", "an APP9 segment"),
        IMAGE_UNREAD.format("chunk.png", "a 'prVW' chunk")])


def _icc(description: str) -> bytes:
    """A minimal colour profile with one description tag."""
    text = description.encode("latin-1") + b"\0"
    tag = b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text
    header = struct.pack(">I", 144 + len(tag)) + b"\0" * 124
    return header + struct.pack(">I", 1) + struct.pack(">4sII", b"desc", 144, len(tag)) + tag


def test_the_text_of_a_colour_profile_is_scanned(tmp_path: object) -> None:
    """A colour profile's description is shown by colour-managed viewers: read and scanned;
    the usual 'sRGB' description is not a finding."""
    from pathlib import Path

    from generator.checks.documents import scan_file

    folder = Path(str(tmp_path))
    Image.new("RGB", (4, 4)).save(folder / "named.png", icc_profile=_icc("Ring 07700 900123"))
    Image.new("RGB", (4, 4)).save(folder / "plain.png", icc_profile=_icc("sRGB IEC61966-2.1"))
    assert [(m.rule_id, m.where) for m in scan_file(folder / "named.png", "named.png", None)] \
        == [("ID-PHONE", "in the image's metadata")]
    assert scan_file(folder / "plain.png", "plain.png", None) == []


# --------------------------------------------------------------------------- files/


def test_hidden_files_in_files_are_refused(kit: SiteKit) -> None:
    """A dotfile is published or skipped without anyone seeing it listed: refused, whatever
    its kind; a visible text file beside it passes."""
    files = files_of(kit)
    (files / ".hidden.txt").write_text("Notes.\n", encoding="utf-8")
    (files / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (files / "notes.txt").write_text("Notes.\n", encoding="utf-8")
    says = ("is a hidden file or folder: the site would publish it or skip it without anyone "
            "seeing it in the list of files. Remove it from files/ (publish only what readers "
            "can see listed).")
    assert check(kit) == (1, [
        f"reviews/child-t/files/.DS_Store:1:1: ATTACHMENT-UNREAD '.DS_Store' {says}",
        f"reviews/child-t/files/.hidden.txt:1:1: ATTACHMENT-UNREAD '.hidden.txt' {says}"])


def test_a_scanned_page_is_refused_and_a_photo_or_chart_is_not(kit: SiteKit) -> None:
    """A page-shaped, legible, mostly white picture without colour is a scan of a document,
    whose words lif cannot check; a small copy, a coloured photo and a wide chart pass."""
    from PIL import ImageDraw

    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    for y in range(100, 1600, 30):
        draw.text((100, y), "The review of Child T. " * 4, fill="black")
    files = files_of(kit)
    page.save(files / "scan.jpg")
    page.resize((400, 566)).save(files / "thumbnail.png")
    Image.new("RGB", (1240, 1754), (40, 120, 60)).save(files / "photo.jpg")
    Image.new("RGB", (1920, 1080), "white").save(files / "chart.png")
    assert check(kit) == (1, [
        "reviews/child-t/files/scan.jpg:1:1: ATTACHMENT-UNREAD the image looks like a scanned "
        "page (page-shaped, legible, mostly white paper without colour): its words are pixels "
        "lif cannot check, and a screen reader cannot read them. Publish the document as text "
        "(a PDF made from the source), or crop the picture to what it shows, then check it "
        "here again."])


def test_a_tiff_tag_lif_does_not_read_and_bytes_after_a_bmp_are_refused(kit: SiteKit) -> None:
    """A TIFF's private tags (a Photoshop layer stack keeps the picture before any crop) and
    bytes past a BMP's stated size are refused; a plain TIFF and BMP pass."""
    files = files_of(kit)
    Image.new("RGB", (8, 8)).save(files / "layers.tif", tiffinfo={37724: b"layers"})
    Image.new("RGB", (8, 8)).save(files / "plain.tif")
    (files / "after.bmp").write_bytes(_image("BMP") + b"hidden")
    (files / "plain.bmp").write_bytes(_image("BMP"))
    assert check(kit) == (1, [
        IMAGE_UNREAD.format("after.bmp", "6 bytes after the image's end (BMP file size)"),
        IMAGE_UNREAD.format("layers.tif", "TIFF tag 37724")])


def test_a_picture_in_a_word_file_is_checked_like_an_image_attachment() -> None:
    """A photo with a GPS position or bytes after its end inside a .docx is found; the same
    photo without them passes."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    located = _image("JPEG", exif=exif)
    plain = _image("JPEG")

    def word(picture: bytes) -> bytes:
        return docx([paragraph("Child T.")],
                    parts=[("word/media/image1.jpeg", "image/jpeg", picture)],
                    links=[("rId20", "image", "media/image1.jpeg", False)])

    assert docx_lines(word(located + b"tail")) == [
        "x.docx:1:1: ATTACHMENT-UNREAD the Word file's picture word/media/image1.jpeg holds 4 "
        "bytes after the image's end (JPEG end of image), which lif does not read, so it would "
        "be published unchecked. Insert the picture again from a new PNG or JPEG export, or "
        "remove it, then check it here again.",
        "x.docx:1:1: ATTACHMENT-METADATA the Word file's picture word/media/image1.jpeg "
        "carries metadata (GPS position) that anyone can read from the file. Insert the "
        "picture again from an export without metadata, then check it here again."]
    assert docx_lines(word(plain)) == []


def test_a_linked_outside_file_is_refused_and_a_template_path_is_named() -> None:
    """Word loads a linked object from outside the file when it opens (refused); an attached
    template's path names someone's computer (a warning, masked); a web link is neither."""
    data = docx([paragraph("Child T.")], links=[
        ("rId20", "oleObject", "file:///C:/Shared/notes.xlsx", True),
        ("rId21", "attachedTemplate", "file:///C:/Users/jashworth/Templates/Review.dotm", True),
        ("rId22", "hyperlink", "https://example.org/", True)])
    assert docx_lines(data) == [
        UNREAD_WORD.format("a link to an outside file that Word loads (oleObject)",
                           "word/_rels/document.xml.rels",
                           "Remove the linked file or object, or embed a picture of it "
                           "instead"),
        "x.docx:1:1: FILE-AUTHOR the Word file's attachedTemplate link names a path on "
        "someone's computer ('f***:///C:/U****/j********/T********/R*****.d***'). Remove the "
        "link, or attach the Normal template (Developer, Document template), then save again. "
        "[warning]"]


def test_data_before_a_word_package_or_two_parts_of_one_name_are_refused() -> None:
    """A file that is also something else (data before the zip) or whose part names repeat
    cannot be read as Word reads it."""
    clean = docx([paragraph("Child T.")])
    twice = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(clean)) as source, zipfile.ZipFile(twice, "w") as copy:
        for item in source.infolist():
            copy.writestr(item.filename, source.read(item))
        copy.writestr("WORD/document.xml", source.read("word/document.xml"))
    says = ("x.docx:1:1: ATTACHMENT-UNREAD the Word file cannot be read completely: {}. Save "
            "it again from Word as a new .docx, or as PDF.")
    assert docx_lines(b"%PDF-1.7\n" + clean) == [says.format(
        "the file has data before its first part")]
    assert docx_lines(twice.getvalue()) == [says.format(
        "the package holds two parts of the same name")]


def test_a_text_file_that_is_not_utf8_text_is_refused(kit: SiteKit) -> None:
    """UTF-16 (a NUL between letters hides every number from the detectors) and bytes that
    are not UTF-8 are refused; UTF-8 text with accents and tabs passes."""
    files = files_of(kit)
    (files / "wide.txt").write_bytes("Ring 07700 900123".encode("utf-16-le"))
    (files / "latin.csv").write_bytes("name,town\nZo\xeb,Leeds\n".encode("latin-1"))
    (files / "plain.csv").write_text("name\tplace\nZoë\tthe school\n", encoding="utf-8")
    says = ("so lif cannot read its words to check them. Save it again as UTF-8 text, or as PDF, "
            "then check it here again.")
    assert check(kit) == (1, [
        "reviews/child-t/files/latin.csv:1:1: ATTACHMENT-UNREAD the text file holds bytes that "
        f"are not UTF-8 text (at byte 12), {says}",
        "reviews/child-t/files/wide.txt:1:1: ATTACHMENT-UNREAD the text file holds a control "
        f"character (U+0000) that text never holds, {says}"])


def _scan_with_page_number() -> bytes:
    """A PDF page holding a scanned page (page-shaped, legible, mostly white, grey) and only a
    page number as text."""
    from PIL import ImageDraw

    scan = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(scan)
    for y in range(100, 1600, 30):
        draw.text((100, y), "The review of Child T. " * 4, fill=0)
    image = io.BytesIO()
    scan.save(image, "PNG")
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.drawImage(ImageReader(io.BytesIO(image.getvalue())), 20, 40, 555, 785)
    canvas.drawString(290, 20, "1")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_scanned_page_in_a_pdf_is_refused_even_with_a_page_number() -> None:
    """A page-shaped picture of a page inside a PDF is a scan whatever text sits beside it
    (a page number, an OCR-less footer): refused as an image file would be; the captioned
    small picture still passes (see above)."""
    assert pdf_lines(_scan_with_page_number()) == [
        "x.pdf:1:1: ATTACHMENT-UNREAD page(s) 1 hold a picture of a page (page-shaped, legible, "
        "mostly white paper without colour): a scan, whose words lif cannot check (and a "
        "screen reader cannot read). Publish the document as text (make the PDF from the "
        "source, or run OCR and check the result), or describe the picture in the report, "
        "then check it here again."]
