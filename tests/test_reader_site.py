"""What the reader receives is what is checked: split text at its source line, every written
file read in every encoding, and PDFs whose text cannot all be read back refused."""

from __future__ import annotations

import codecs
import gzip
import html
import re
import zlib
from pathlib import Path

import pytest

from generator.checks import public_text
from tests.clirun import run_lif
from tests.sitekit import REPORT, SiteKit
from tests.test_embargo import canary, listing_site
from tests.test_redaction_site import _site_of, published

PHONE_HINT = "Remove it; a published helpline belongs in the site's allow list."
SPLIT_PHONE = "07700 9001**23**"


def phone_at(path: str, line: int, column: int, where: str = "") -> str:
    return f"{path}:{line}:{column}: ID-PHONE a phone number ('0**** 9*****'){where}. {PHONE_HINT}"


def split_in_every_source(kit: SiteKit) -> None:
    """A published review and a briefing, each source holding a phone number split by
    emphasis: review.yml title and summary, report, response, briefing, content page."""
    published(kit, report=REPORT.format(subject="Child T") + f"\n4. Call {SPLIT_PHONE}.\n",
              title="Child T: call 07700 *900*124", summary="Call 07700&#32;900125.")
    response = (kit.root / "reviews/child-t/response.md").read_text(encoding="utf-8")
    (kit.root / "reviews/child-t/response.md").write_text(
        response + "\nOr call 07700 9001<!-- -->26.\n", encoding="utf-8")
    kit.briefing("sleep", "2026-01-10", body=(
        "---\ntitle: Sleep\ndate: 2026-01-10\nthemes: [safer-sleep]\nsource: lcspr\n"
        "format: free\n---\nCall the team on 07700 __900127__.\n"))
    (kit.root / "content/contact.md").write_text(
        "# Contact\n\nCall 07700 900&#49;28.\n", encoding="utf-8")


EXPECTED = [
    phone_at("briefings/sleep.md", 8, 18),
    phone_at("content/contact.md", 3, 6),
    phone_at("reviews/child-t/report.md", 15, 9),
    phone_at("reviews/child-t/response.md", 14, 9),
    phone_at("reviews/child-t/review.yml", 1, 1),
    phone_at("reviews/child-t/review.yml", 4, 1),
]


def error_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if ": ID-PHONE " in line)


def test_split_text_in_every_source_kind_is_found_by_check_at_the_source_line(
        kit: SiteKit) -> None:
    """lif check finds a phone number split by markup, a comment or a reference in each kind
    of source, at the line and column where it starts."""
    split_in_every_source(kit)
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, error_lines(result.output)) == (1, EXPECTED)


@pytest.mark.slow
def test_split_text_in_every_source_kind_fails_the_build_at_the_source_line(
        kit: SiteKit) -> None:
    """lif build refuses the same sources with the same findings, before anything is written."""
    split_in_every_source(kit)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, error_lines(result.output)) == (1, EXPECTED)
    assert not (kit.root / "site").exists()


def test_finding_in_a_written_page_points_at_the_source_line(kit: SiteKit) -> None:
    """A match in site/...html is reported at the report line whose text the page shows,
    naming the page it was written to."""
    published(kit, report=REPORT.format(subject="Child T") + "\n4. Call 07700 *900*123.\n")
    site = _site_of(kit)
    page = kit.root / "site" / "reviews" / "child-t" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html>\n<body>\n<p>Call 07700 <em>900</em>123.</p>\n</body>\n</html>\n",
                    encoding="utf-8")
    found = [f.format() for f in public_text.scan_built_site(site, kit.root / "site")]
    assert found == [phone_at("reviews/child-t/report.md", 15, 9,
                              " (written to site/reviews/child-t/index.html)")]


def test_finding_from_a_template_stays_at_the_written_file(kit: SiteKit) -> None:
    """Near miss: text no source holds (a template's) is reported where it was written."""
    published(kit)
    site = _site_of(kit)
    page = kit.root / "site" / "about" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>Call 07700 <b>900</b>321.</p>\n", encoding="utf-8")
    found = [f.format() for f in public_text.scan_built_site(site, kit.root / "site")]
    assert found == [phone_at("site/about/index.html", 1, 9)]


# ------------------------------------------------------------------- every file, every encoding


def readings(data: bytes) -> list[str]:
    """Every way a reader or a tool could get text out of a written file's bytes: as UTF-8 and
    UTF-16, gzip decompressed, each PDF stream inflated, references and JSON escapes decoded."""
    raw = [data]
    if data[:2] == b"\x1f\x8b":
        raw.append(gzip.decompress(data))
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            raw.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            raw.append(stream.group(1))
    texts: list[str] = []
    for blob in raw:
        for encoding in ("utf-8", "utf-16-be", "latin-1"):
            text = blob.decode(encoding, errors="ignore")
            texts += [text, html.unescape(text), html.unescape(html.unescape(text))]
            if "\\u" in text:
                texts.append(codecs.decode(re.sub(r"\\(?!u[0-9a-fA-F]{4})", "", text),
                                           "unicode_escape", errors="ignore"))
    return texts


@pytest.mark.slow
def test_no_canary_of_anything_not_public_in_any_written_file_in_any_encoding(
        kit: SiteKit) -> None:
    """The canaries of scheduled, withheld, delayed and draft reviews and of a draft briefing
    are in no file under site/ or outbox/, read in every encoding; public ones are found the
    same way (so the search would see them)."""
    listing_site(kit)
    kit.briefing("draft-briefing", "2026-01-10", body=(
        "---\ntitle: Draft notes\ndate: 2026-01-10\nthemes: [safer-sleep]\nsource: lcspr\n"
        "format: free\ndraft: true\n---\nThe team saw ZqDraftBriefingCanary at work.\n"))
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 0, result.output
    assert run_lif("panel-copy", "review-scheduled", "--today", "2026-11-23",
                   cwd=kit.root).exit_code == 0
    files = [p for folder in ("site", "outbox") for p in sorted((kit.root / folder).rglob("*"))
             if p.is_file()]
    fragments = [p for p in files if p.suffix == ".pf_fragment"]
    panel_copy = kit.root / "outbox/review-scheduled/2026-11-23/review-scheduled.pdf"
    assert fragments and panel_copy in files
    secret = [canary(state, where) for state in ("withheld", "delayed", "draft")
              for where in ("report", "response", "summary", "learning")]
    secret += ["ZqDraftBriefingCanary"]
    text_of = {p: "\n".join(readings(p.read_bytes())).lower() for p in files}
    leaked = sorted((p.relative_to(kit.root).as_posix(), word) for p, text in text_of.items()
                    for word in secret if word.lower() in text)
    assert leaked == []
    in_search = "\n".join(text_of[p] for p in fragments)
    assert canary("published", "report").lower() in in_search


# ------------------------------------------------------------------- PDFs read back in full


GLYPHS_REPORT = REPORT.format(subject="Child T") + (
    "\n4. The child drew a \U0001F642 and wrote \uff2b\uff21\uff39 on the card.\n\n"
    + "".join(f"{n}. Practitioners met again and shared what they knew.\n\n"
              for n in range(5, 25)))


@pytest.mark.slow
def test_pdf_whose_text_stops_at_a_missing_glyph_fails_the_build(kit: SiteKit) -> None:
    """A report with an emoji and full-width letters makes a real WeasyPrint PDF whose text
    cannot all be extracted: PDF-TEXT-INCOMPLETE at the report, and no site is written."""
    published(kit, report=GLYPHS_REPORT)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    lines = [line for line in result.output.splitlines() if "PDF-TEXT-INCOMPLETE" in line]
    assert result.exit_code == 1
    assert len(lines) == 1
    assert re.fullmatch(
        r"reviews/child-t/report\.md:1:1: PDF-TEXT-INCOMPLETE reviews/child-t/child-t\.pdf: "
        r"text extraction yields \d+ of the \d+ words it was made from; \d+ cannot be read "
        r"back, from word \d+ on, so the PDF cannot be checked in full\. Nothing was written\. "
        r"Remove or replace the characters the PDF fonts cannot show \(emoji, full-width or "
        r"other unusual letters\) around that word, and build again\.", lines[0]), lines[0]
    assert not (kit.root / "site").exists()


@pytest.mark.slow
def test_pdf_of_plain_text_passes_the_read_back(kit: SiteKit) -> None:
    """Near miss: the same report without the odd glyphs builds, its PDF read back in full."""
    published(kit, report=GLYPHS_REPORT.replace("\U0001F642", "smiley face").replace(
        "\uff2b\uff21\uff39", "KAY"))
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert "PDF-TEXT-INCOMPLETE" not in result.output
    assert (kit.root / "site/reviews/child-t/child-t.pdf").is_file()


@pytest.mark.slow
def test_panel_copy_whose_text_cannot_be_read_back_is_not_sent(kit: SiteKit) -> None:
    """lif panel-copy refuses a PDF whose text stops at a missing glyph: nothing in outbox/."""
    kit.review("child-t", report=GLYPHS_REPORT)
    kit.event("approved", "child-t", "2026-11-01")
    result = run_lif("panel-copy", "child-t", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 1
    assert [line.split(": PDF-TEXT-INCOMPLETE ")[0] for line in result.output.splitlines()
            if "PDF-TEXT-INCOMPLETE" in line] == ["reviews/child-t/report.md:1:1"]
    assert not (kit.root / "outbox").exists()


def test_readings_find_text_in_a_compressed_stream() -> None:
    """The test's own reader finds a word inside an inflated PDF stream (so an absent canary
    means absent, not unread)."""
    data = b"1 0 obj\nstream\n" + zlib.compress(b"BT (ZqHidden) Tj ET") + b"\nendstream\n"
    assert any("ZqHidden" in text for text in readings(data))


def test_written_site_reads_pagefind_files(tmp_path: Path) -> None:
    """Pagefind's fragments are among the files the leak scan and the redaction scan read."""
    from generator.checks import documents, leaks

    fragment = tmp_path / "pagefind" / "fragment" / "en_1.pf_fragment"
    fragment.parent.mkdir(parents=True)
    fragment.write_bytes(gzip.compress(b'pagefind_dcd{"content": "Call 07700 900123."}'))
    assert leaks.leak_scanned_files(tmp_path) == [fragment]
    assert [(m.rule_id, m.where) for m in documents.scan_file(fragment, "x", None)] == [
        ("ID-PHONE", "in the search index")]


def test_every_file_of_a_panel_copy_is_read_before_it_is_sent(kit: SiteKit) -> None:
    """A covering note holding another item's unpublished text, or a phone number split by
    markup, is refused by name; the review's own text in its copy is no leak."""
    published(kit)
    secret = "The team saw the family every week and wrote down what each visit found."
    kit.briefing("draft-briefing", "2026-01-10", body=(
        "---\ntitle: Draft notes\ndate: 2026-01-10\nthemes: [safer-sleep]\nsource: lcspr\n"
        f"format: free\ndraft: true\n---\n{secret}\n"))
    site = _site_of(kit)
    folder = kit.root / "staging"
    folder.mkdir()
    own = (kit.root / "reviews/child-t/report.md").read_text(encoding="utf-8")
    (folder / "note-own.txt").write_text(own, encoding="utf-8")
    (folder / "note-panel.txt").write_text(f"Dear Panel,\n\n{secret}\n", encoding="utf-8")
    (folder / "manifest.json").write_text('{"contact": "07700 <b>900</b>123"}\n')
    found = [f.format() for f in public_text.outbox_findings(
        site, site.sources.reviews["child-t"], folder, "outbox/child-t/2026-11-23")]
    assert found == [
        phone_at("outbox/child-t/2026-11-23/manifest.json", 1, 1),
        "outbox/child-t/2026-11-23/note-panel.txt:1:1: SITE-LEAK holds text of another review "
        "or briefing that is not public today. Nothing was sent. Report it as a bug in lif: "
        "the panel copy holds only its own review.",
    ]


def test_own_fields_beside_lifs_wording_are_no_leak(kit: SiteKit) -> None:
    """A panel copy's note puts the review's title before lif's words ("... practice review"
    "and the partnership's response"); another unpublished review that happens to hold those
    eight words is no reason to refuse the copy, while its own sentences still are."""
    published(kit)
    secret = ("It was a local child safeguarding practice review and the partnership's "
              "response was agreed by every agency that took part in it.")
    kit.review("child-b", subject="Child B", report=f"## 1. Introduction\n\n1. {secret}\n")
    site = _site_of(kit)
    folder = kit.root / "staging"
    folder.mkdir()
    title = site.sources.reviews["child-t"].meta.title
    (folder / "note.txt").write_text(
        f'We enclose the final report "{title}" and the partnership\'s response.\n')
    review = site.sources.reviews["child-t"]
    assert public_text.outbox_findings(site, review, folder, "outbox/child-t/x") == []
    (folder / "note.txt").write_text(f"Dear Panel,\n\n{secret}\n")
    assert [f.rule_id for f in public_text.outbox_findings(
        site, review, folder, "outbox/child-t/x")] == ["SITE-LEAK"]


def test_without_own_cuts_each_field_in_any_case_or_spacing() -> None:
    """Each own field of two words or more is cut out as words (case, spacing and
    punctuation between its words aside); a one-word field and other text stay."""
    from generator.checks.leaks import OWN_CUT, without_own

    text = "Report: CHILD T:  a local\nreview, and the Panel. Child"
    assert without_own(text, ["Child T: a local review", "Child"]) == (
        f"Report: {OWN_CUT}, and the Panel. Child")
