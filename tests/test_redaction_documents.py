"""PDF and Word leaks: hidden text, metadata, revisions, attachments, comments, tracked changes."""

from __future__ import annotations

from pathlib import Path

from generator.checks import docx, pdf
from generator.redaction.protected import Protected
from tests import documentkit
from tests.clirun import run_lif
from tests.sitekit import SiteKit

NAME = "Jane Ashworth"
PROTECTED_HINT = "Replace it with the pseudonym or a role (Mother, the school), or remove it."


def protected() -> Protected:
    terms = Protected(b"test key")
    terms.add_term(NAME)
    return terms


def pdf_lines(data: bytes) -> list[str]:
    return [m.to_finding().format() for m in pdf.scan_pdf(data, "x.pdf", protected())]


def docx_lines(data: bytes) -> list[str]:
    return [m.to_finding().format() for m in docx.scan_docx(data, "x.docx", protected())]


HIDDEN = ("x.pdf:1:1: PDF-HIDDEN-TEXT text on page 1 is hidden under a box or in the colour "
          "behind it, but is still in the file ('{}'). Redact by removing the text from the "
          "source and making the PDF again; a box drawn over text does not remove it.")


def test_clean_pdf_with_banner_has_no_finding() -> None:
    """Visible text and white text on a dark banner are not hidden text."""
    assert pdf_lines(documentkit.pdf(["The review of Child T.", "Mother met Sibling 1."])) == []


def test_text_inside_a_border_of_its_own_colour_is_not_hidden() -> None:
    """A border is a box with a hole (even-odd fill): the text inside it is readable."""
    from weasyprint import HTML

    data = HTML(string='<p style="border: 2pt solid #0b3d6b; color: #0b3d6b; padding: 1em">'
                       "Hallowmere Safeguarding Children Partnership</p>").write_pdf()
    assert pdf_lines(data) == []
    boxed = HTML(string='<p style="background: #0b3d6b; color: #0b3d6b">Child T was seen.</p>'
                 ).write_pdf()
    assert pdf_lines(boxed) == [HIDDEN.format("C**** T w** s***.")]


def test_text_under_a_black_box_is_found() -> None:
    """Text drawn under a filled black rectangle is still in the file: an error, masked."""
    lines = pdf_lines(documentkit.pdf(["Child T was seen."], boxed=NAME))
    assert lines == [
        HIDDEN.format("J*** A*******"),
        f"x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') "
        f"on page 1. {PROTECTED_HINT}",
    ]


def test_white_text_is_found() -> None:
    """White text on a white page is hidden text, and the identifier in it is found too."""
    lines = pdf_lines(documentkit.pdf(["Child T was seen."], white_text="Ring 07700 900123"))
    assert lines == [
        HIDDEN.format("R*** 0**** 9*****"),
        "x.pdf:1:1: ID-PHONE a phone number ('0**** 9*****') on page 1. Remove it; a "
        "published helpline belongs in the site's allow list.",
    ]


def test_pdf_info_and_xmp_metadata() -> None:
    """The author in the document information and the creator in XMP are both found."""
    data = documentkit.with_xmp(documentkit.pdf(["Clean."], author=NAME), NAME)
    author = ("x.pdf:1:1: FILE-AUTHOR the PDF's {} metadata names a person or a path "
              "('J*** A*******'). Clear the author and template path before publishing, or "
              "allow it in review.yml if it is meant to be public. [warning]")
    assert pdf_lines(data) == [
        author.format("Author"),
        author.format("XMP rdf:li"),
        "x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') in "
        f"the PDF's Author metadata. {PROTECTED_HINT}",
        "x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') in "
        f"the PDF's XMP rdf:li metadata. {PROTECTED_HINT}",
    ]


def test_incremental_save_keeps_the_unredacted_revision() -> None:
    """A name removed by an incremental save is still in the earlier revision: an error."""
    data = documentkit.incremental_redaction(
        documentkit.pdf([f"{NAME} was seen at home."]), documentkit.pdf(["Child T was seen."]))
    assert pdf_lines(data) == [
        "x.pdf:1:1: PDF-EARLIER-REVISION earlier revision 1, kept by an incremental save, holds "
        "5 word(s) the final version removed ('J*** A******* s*** a* h***.'). Save the PDF again "
        "as a new file (not 'save' over the old one), or make it again from the source.",
        "x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') in "
        f"earlier revision 1, page 1. {PROTECTED_HINT}",
    ]


def test_embedded_file_and_annotations() -> None:
    """An embedded file is an error and is scanned; a comment and a link target are scanned."""
    data = documentkit.with_annotations(
        documentkit.with_attachment(documentkit.pdf(["Clean."]), "notes.txt",
                                    b"NHS 943 476 5919"),
        comment="Ask Jane first", url="https://example.test/files/jane-ashworth.pdf")
    assert pdf_lines(data) == [
        f"x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('J***') in an "
        f"annotation on page 1. {PROTECTED_HINT}",
        "x.pdf:1:1: PDF-ANNOTATION page 1 has a comment annotation ('A** J*** f****'). Remove "
        "comments before publishing (they open in every PDF reader). [warning]",
        f"x.pdf:1:1: PROTECTED-TERM a protected name or place of a review ('j***-a*******') in "
        f"an annotation on page 1. {PROTECTED_HINT}",
        "x.pdf:1:1: PDF-EMBEDDED-FILE the PDF carries an embedded file ('n****.t**'). Remove "
        "the attachment; publish what is meant to be public as its own page.",
        "x.pdf#n****.t**:1:5: ID-NHS-NUMBER an NHS number ('9** 4** 5***'). Remove it; a "
        "report never needs one.",
    ]


def test_docx_tracked_change_comment_and_author() -> None:
    """Deleted text in a tracked change, a comment and the author property are all found."""
    data = documentkit.docx(
        [documentkit.paragraph("Child T was seen."),
         documentkit.deletion("Seen by ", NAME, " at home.")],
        comments=["Is 07700 900123 right?"], creator="Sam Editor")
    assert docx_lines(data) == [
        "x.docx:2:1: DOCX-TRACKED-CHANGE paragraph 2 has a tracked deletion ('J*** A*******'). "
        "Accept or reject every tracked change in Word, then save again.",
        "x.docx:1:1: DOCX-COMMENT comment 1 is still in the document ('I* 0**** 9***** "
        "r****?'). Delete every comment in Word (Review, Delete all comments), then save again.",
        "x.docx:1:1: FILE-AUTHOR the document's 'author' property names someone ('S** E*****'). "
        "Clear it (File, Info, Inspect document) or allow it in review.yml if it is meant to be "
        "public. [warning]",
        "x.docx:2:1: PROTECTED-TERM a protected name or place of a review ('J*** A*******') in "
        f"a tracked deletion. {PROTECTED_HINT}",
        "x.docx:1:1: ID-PHONE a phone number ('0**** 9*****') in a comment. Remove it; a "
        "published helpline belongs in the site's allow list.",
    ]


def test_import_refuses_tracked_changes_and_comments(kit: SiteKit, tmp_path: Path) -> None:
    """lif import names every tracked change and comment, writes nothing, and exits 1."""
    kit.review("child-t")
    before = (kit.root / "reviews/child-t/report.md").read_text()
    source = tmp_path / "draft.docx"
    source.write_bytes(documentkit.docx(
        [documentkit.deletion("Seen by ", "the uncle", " at home.")], comments=["Check this"]))
    result = run_lif("import", str(source), "child-t", "--force", cwd=kit.root)
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "draft.docx:1:1: DOCX-TRACKED-CHANGE paragraph 1 has a tracked deletion "
        "('t** u****'). Accept or reject every tracked change in Word, then save again.",
        "draft.docx:1:1: DOCX-COMMENT comment 1 is still in the document ('C**** t***'). "
        "Delete every comment in Word (Review, Delete all comments), then save again.",
        "lif: draft.docx was not imported: accept or reject its tracked changes and delete its "
        "comments first (2 error(s), 0 warning(s))",
    ])
    assert (kit.root / "reviews/child-t/report.md").read_text() == before


def test_import_converts_a_clean_document(kit: SiteKit, tmp_path: Path) -> None:
    """A clean Word file becomes report.md, and the result is scanned at once."""
    kit.review("child-t")
    source = tmp_path / "final.docx"
    source.write_bytes(documentkit.docx(
        [documentkit.paragraph("Introduction", "Heading1"),
         documentkit.paragraph("Child T lived with Mother. Mrs Okafor was the teacher.")]))
    result = run_lif("import", str(source), "child-t", "--force", cwd=kit.root)
    assert (result.exit_code, result.output.splitlines()) == (0, [
        "reviews/child-t/report.md:3:28: ID-TITLE-SURNAME a title with a surname "
        "('M** O*****'). Use the pseudonym or role (Mother, the health visitor); allow it in "
        "review.yml if it names a professional meant to be named. [warning]",
        "lif: final.docx: Paragraph style with ID Heading1 was referenced but not defined in "
        "the document",
        "lif: wrote reviews/child-t/report.md (0 error(s), 1 warning(s)).",
    ])
    assert (kit.root / "reviews/child-t/report.md").read_text() == (
        "## Introduction\n\nChild T lived with Mother. Mrs Okafor was the teacher.\n")
