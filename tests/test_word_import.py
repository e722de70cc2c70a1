"""``lif import``: a Word report in, a report out that keeps its shape and is checked at once."""

from __future__ import annotations

from pathlib import Path

from tests import wordkit
from tests.clirun import run_lif
from tests.sitekit import SiteKit

DAY = "2026-11-23"


def new_review(kit: SiteKit, slug: str = "child-w") -> Path:
    made = run_lif("new", "review", slug, "--today", DAY, cwd=kit.root)
    assert made.exit_code == 0, made.output
    return kit.root / "reviews" / slug


def test_word_report_imports_into_a_fresh_scaffold_and_passes_check(
        kit: SiteKit, tmp_path: Path) -> None:
    """Headings, numbers, lists, tables, a footnote and a picture import with no --force into
    an untouched scaffold, the title goes to review.yml, and lif check passes."""
    folder = new_review(kit)
    source = tmp_path / "report.docx"
    source.write_bytes(wordkit.report())
    result = run_lif("import", str(source), "child-w", "--today", DAY, cwd=kit.root)
    assert (result.exit_code, result.output.splitlines()) == (0, [
        "lif: report.docx: the heading 'Level six' is deeper than Markdown allows (six levels, "
        "the first used by the page's title); it was made a level-6 heading.",
        "lif: report.docx: the Word title 'Child W: a local child safeguarding practice review' "
        "is now review.yml's title.",
        "lif: wrote reviews/child-w/report.md and 1 picture(s) under files/ (0 error(s), "
        "0 warning(s)).",
    ])
    assert (folder / "report.md").read_text() == wordkit.GOLDEN.read_text()
    assert (folder / "files/word-image-1.png").read_bytes() == wordkit.png()
    checked = run_lif("check", "--today", DAY, cwd=kit.root)
    assert checked.exit_code == 0, checked.output


def test_word_title_replaces_only_the_scaffold_title(kit: SiteKit, tmp_path: Path) -> None:
    """A review.yml title someone wrote is kept and the Word title dropped with a message."""
    folder = new_review(kit)
    review = folder / "review.yml"
    review.write_text(review.read_text().replace(
        '"Child W: a local child safeguarding practice review"', '"Child W: learning"', 1))
    source = tmp_path / "report.docx"
    source.write_bytes(wordkit.report())
    result = run_lif("import", str(source), "child-w", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    assert ("lif: report.docx: the Word title 'Child W: a local child safeguarding practice "
            "review' was dropped: review.yml already has the title 'Child W: learning'."
            in result.output.splitlines())
    assert review.read_text().splitlines()[0] == 'title: "Child W: learning"'


def test_word_title_fills_a_review_without_one(kit: SiteKit, tmp_path: Path) -> None:
    """A review.yml with no title line gets the Word title as its first line."""
    folder = new_review(kit)
    review = folder / "review.yml"
    review.write_text("\n".join(review.read_text().splitlines()[1:]) + "\n")
    source = tmp_path / "report.docx"
    source.write_bytes(wordkit.report())
    result = run_lif("import", str(source), "child-w", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    assert review.read_text().splitlines()[0] == (
        'title: "Child W: a local child safeguarding practice review"')
    assert review.read_text().splitlines()[1].startswith("type: lcspr  # one of: ")


def test_picture_without_alt_text_is_an_error_naming_it(kit: SiteKit, tmp_path: Path) -> None:
    """A picture with no alt text is named (number, file, Word paragraph) and the import exits 1;
    the picture with alt text beside it is not."""
    new_review(kit)
    source = tmp_path / "pictures.docx"
    source.write_bytes(wordkit.with_images("A map of the services", ""))
    result = run_lif("import", str(source), "child-w", "--today", DAY, cwd=kit.root)
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "pictures.docx:4:1: IMPORT-IMAGE-NO-ALT picture 2 (written to "
        "files/word-image-2.png) has no alt text. In Word, right-click the picture, choose View "
        "Alt Text, describe what it shows, save and import again.",
        "reviews/child-w/report.md:7:1: PDF-IMAGE-NO-ALT an image has no alt text. Describe "
        "what the image shows in its alt text (![description](path)).",
        "lif: wrote reviews/child-w/report.md and 2 picture(s) under files/, but the checks "
        "found 2 error(s), 0 warning(s): fix them in the Word file and import again with "
        "--force, or edit report.md.",
    ])


def test_edited_report_needs_force(kit: SiteKit, tmp_path: Path) -> None:
    """A report.md someone has edited is not replaced without --force; with it, it is."""
    folder = new_review(kit)
    (folder / "report.md").write_text("## Introduction\n\n1. Our own words.\n")
    source = tmp_path / "report.docx"
    source.write_bytes(wordkit.report())
    refused = run_lif("import", str(source), "child-w", "--today", DAY, cwd=kit.root)
    assert (refused.exit_code, refused.output) == (1, (
        "lif: reviews/child-w/report.md exists and has been edited; pass --force to replace "
        "it.\n"))
    assert (folder / "report.md").read_text() == "## Introduction\n\n1. Our own words.\n"
    forced = run_lif("import", str(source), "child-w", "--force", "--today", DAY, cwd=kit.root)
    assert forced.exit_code == 0, forced.output
    assert (folder / "report.md").read_text() == wordkit.GOLDEN.read_text()


def test_table_with_a_list_in_a_cell_becomes_a_plain_html_table() -> None:
    """A cell holding a list cannot be a pipe-table cell: the table is written as the plain
    HTML table the HTML check allows (no styles), with the list kept."""
    from generator.word_markdown import to_markdown

    html = ("<table><tr><td><p>Agency</p></td><td><p>Actions</p></td></tr>"
            "<tr><td><p>Health</p></td><td><ul><li>Train</li><li>Audit</li></ul></td></tr>"
            "</table>")
    assert to_markdown(html, [])[0] == (
        "<table>\n<tr>\n<th scope=\"col\">Agency</th>\n<th scope=\"col\">Actions</th>\n"
        "</tr>\n<tr>\n<td>Health</td>\n<td><ul><li>Train</li><li>Audit</li></ul></td>\n"
        "</tr>\n</table>\n")


def test_text_that_looks_like_markdown_stays_text() -> None:
    """A paragraph starting '2020.' or '#', a '|' in a table cell, and '*' or '<' in prose are
    escaped, so Word's words are not turned into lists, headings, columns or HTML."""
    from generator.word_markdown import to_markdown

    html = ("<p>2020. A year of change.</p><p>#1 priority</p><p>a*b &lt;c&gt;</p>"
            "<table><tr><td><p>A|B</p></td><td><p>C</p></td></tr></table>")
    assert to_markdown(html, [])[0] == (
        "2020\\. A year of change.\n\n\\#1 priority\n\na\\*b \\<c\\>\n\n"
        "| A\\|B | C |\n|---|---|\n")


def test_word_numbering_restarts_where_the_document_restarts_it() -> None:
    """Numbers continue across headings within one Word list, and start again where the
    document restarts a list (a numbering instance with a start override)."""
    from generator.word_import import paragraph_numbers

    assert paragraph_numbers(wordkit.report()) == [1, 2, 3]
    assert paragraph_numbers(wordkit.restarted_numbers()) == [1, 2, 1, 2]


def test_reimport_removes_pictures_the_report_no_longer_has(kit: SiteKit, tmp_path: Path) -> None:
    """Importing again with fewer pictures removes the earlier import's extra picture files
    (an unreferenced picture would otherwise be published beside the report)."""
    folder = new_review(kit)
    source = tmp_path / "pictures.docx"
    source.write_bytes(wordkit.with_images("A map of the services", "A chart of contacts"))
    assert run_lif("import", str(source), "child-w", "--today", DAY,
                   cwd=kit.root).exit_code == 0
    source.write_bytes(wordkit.with_images("A map of the services"))
    again = run_lif("import", str(source), "child-w", "--force", "--today", DAY, cwd=kit.root)
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (folder / "files").iterdir()) == ["word-image-1.png"]


def test_html_table_keeps_pictures_emphasis_and_footnote_numbers() -> None:
    """In a table written as HTML (a merged cell), bold stays bold, a footnote mark keeps its
    number and a picture moves after the table (raw HTML addresses are not adjusted by the
    site), each with a message saying why."""
    from generator.word_markdown import to_markdown

    html = ('<table><tr><td colspan="2"><p>Plan<sup><a href="#footnote-1" '
            'id="footnote-ref-1">[1]</a></sup></p></td></tr><tr><td><p><strong>Map'
            '</strong></p></td><td><p><img alt="A map" src="files/word-image-1.png" /></p></td>'
            '</tr></table>')
    markdown, _, messages = to_markdown(html, [])
    assert markdown == (
        '<table>\n<tr>\n<th scope="col" colspan="2">Plan[1]</th>\n</tr>\n<tr>\n'
        '<td><strong>Map</strong></td>\n<td>(picture below: A map)</td>\n</tr>\n</table>\n\n'
        '![A map](files/word-image-1.png)\n')
    assert messages == [
        "footnote 1 is marked in a table written as HTML, where it cannot link to its note; its "
        "number is kept.",
        "the picture files/word-image-1.png is in a table written as HTML, whose addresses the "
        "site does not adjust; it was placed after the table."]
