"""Report and briefing PDFs: tagged and accessible, safe to fetch, cached, reproducible."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import itertools
import logging
import shutil
import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdf
import pytest

from generator import pdf
from generator.build import prepare_site
from generator.options import load_site_config
from generator.pdf_render import render
from generator.plugin import plugin_of
from generator.site import Site
from tests.clirun import run_lif
from tests.sitekit import SiteKit

DAY = "2025-07-01"
TITLE = "Child T: a local child safeguarding practice review"
PARTNERSHIP = "Testshire Safeguarding Children Partnership"
IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" ' \
        'height="20" fill="#0b3d6b"/></svg>\n'
REPORT = """\
## 1. Introduction

1. This review considers the help given to Child T by agencies in Testshire.

2. The review was commissioned by the partnership after a rapid review.

## 2. Findings

3. Practitioners did not always share what they knew.

![A chart of contacts by month](files/chart.svg)

### Information sharing

See the [national guidance](https://www.example.org/guidance) and the
[partnership's response](response.md).

| Period | Agency | What happened |
|---|---|---|
{rows}"""


@pytest.fixture(autouse=True)
def no_weasyprint_warnings() -> Iterator[list[logging.LogRecord]]:
    """Fails the test on any WeasyPrint warning logged in this process."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == []


def report_site(kit: SiteKit, rows: int = 3) -> None:
    """One published review with an image, links and a table; one briefing drawing on it."""
    report = REPORT.format(rows="".join(
        f"| Month {i} | Health | Contact {i} took place. |\n" for i in range(1, rows + 1)))
    folder = kit.review("child-t", report=report)
    (folder / "files").mkdir()
    (folder / "files" / "chart.svg").write_text(IMAGE, encoding="utf-8")
    kit.publish("child-t", "2025-05-20")
    kit.briefing("safer-sleep", "2025-06-01", title="Safer sleep for babies",
                 reviews="child-t")


def load(kit: SiteKit, day: str = DAY) -> Site:
    config = load_site_config(str(kit.root / "mkdocs.yml"))
    site = prepare_site(kit.root, plugin_of(config).config, dt.date.fromisoformat(day),
                        docs_dir=Path(config.docs_dir))
    assert [f.format() for f in site.findings] == []
    return site


def rendered(site: Site, workers: int = 0) -> dict[str, bytes]:
    run = pdf.render_documents(pdf.site_documents(site, "https://example.test/"),
                               site.root / pdf.CACHE_DIR, workers=workers)
    assert [f.format() for f in run.findings] == []
    return {dest: path.read_bytes() for dest, path in run.files.items()}


def outline(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append("  " * depth + item.title)
    walk(reader.outline, 0)
    return titles


def struct_elements(reader: pypdf.PdfReader) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/Type") == "/StructElem" or "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node["/K"])
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_report_pdf_is_tagged_with_language_title_and_partnership(kit: SiteKit) -> None:
    """The report PDF is tagged (Marked, StructTreeRoot), in en-GB, titled, by the partnership."""
    report_site(kit)
    reader = pypdf.PdfReader(io.BytesIO(rendered(load(kit))["reviews/child-t/child-t.pdf"]))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author) == (TITLE, PARTNERSHIP)
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert f"<rdf:li>{PARTNERSHIP}</rdf:li>" in xmp


def test_no_person_or_path_in_pdf_metadata(kit: SiteKit) -> None:
    """Neither the info dictionary nor XMP names the reviewer, the user or a file path."""
    report_site(kit)
    for data in rendered(load(kit)).values():
        reader = pypdf.PdfReader(io.BytesIO(data))
        info = reader.metadata
        assert info is not None
        fields = " ".join(str(v) for v in info.values())
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        for text in (fields, xmp):
            for personal in ("Alex Reviewer", getpass.getuser(), str(kit.root), "file:"):
                assert personal not in text
        assert set(info) <= {"/Author", "/CreationDate", "/Keywords", "/ModDate", "/Producer",
                             "/Subject", "/Title"}


def test_report_pdf_has_cover_contents_outline_and_every_section(kit: SiteKit) -> None:
    """Cover, contents with page numbers, one bookmark per heading, header, footer, text."""
    report_site(kit)
    reader = pypdf.PdfReader(io.BytesIO(rendered(load(kit))["reviews/child-t/child-t.pdf"]))
    assert outline(reader) == [
        TITLE, "  Contents", "  1. Introduction", "  2. Findings", "    Information sharing",
        "  The partnership's response", "    Actions already taken", "    Action plan"]
    headings = [e["/S"] for e in struct_elements(reader) if e.get("/S", "")[:2] == "/H"]
    assert headings == ["/H1", "/H2", "/H2", "/H2", "/H3", "/H2", "/H3", "/H3"]
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 4
    assert pages[0].splitlines() == [PARTNERSHIP, "Child T: a local child",
                                     "safeguarding practice review",
                                     "Local child safeguarding practice review",
                                     "Approved by the partnership 29 April 2025",
                                     "Lead reviewer: Alex Reviewer"]
    contents = pages[1].splitlines()
    assert [line.split(" .")[0] + " " + line.rsplit(" ", 1)[1] for line in contents[1:6]] == [
        "1. Introduction 3", "2. Findings 3", "Information sharing 3",
        "The partnership's response 4", "Actions already taken 4"]
    assert contents[-2:] == [TITLE, "Page 2 of 4"]
    body = pages[2] + pages[3]
    for text in ("This review considers the help given to Child T",
                 "Practitioners did not always share what they knew.",
                 "Contact 3 took place.", "The partnership revised its protocol.",
                 "Revise the", "Audit found the"):
        assert text in body
    assert pages[3].splitlines()[-2:] == [TITLE, "Page 4 of 4"]
    assert "1. \n2. \n3." in pages[2], "paragraph numbers continue across lists (<ol start>)"


def test_long_tables_repeat_their_header_row(kit: SiteKit) -> None:
    """A table running over pages repeats its header row on the next page."""
    report_site(kit, rows=70)
    reader = pypdf.PdfReader(io.BytesIO(rendered(load(kit))["reviews/child-t/child-t.pdf"]))
    headed = [i for i, page in enumerate(reader.pages)
              if "Period Agency What happened" in page.extract_text()]
    assert len(headed) >= 2
    assert headed == list(range(headed[0], headed[0] + len(headed)))


def test_alt_text_and_live_links_reach_the_pdf(kit: SiteKit) -> None:
    """The image is a Figure with its alt text; links are URI annotations to public URLs."""
    report_site(kit)
    reader = pypdf.PdfReader(io.BytesIO(rendered(load(kit))["reviews/child-t/child-t.pdf"]))
    figures = [e for e in struct_elements(reader) if e.get("/S") == "/Figure"]
    assert [f["/Alt"] for f in figures] == ["A chart of contacts by month"]
    uris = [annot.get_object().get("/A", {}).get("/URI") for page in reader.pages
            for annot in page.get("/Annots", [])]
    assert "https://www.example.org/guidance" in uris
    assert "https://example.test/reviews/child-t/response/" in uris
    assert not [u for u in uris if u and u.startswith("file:")]


def test_briefing_pdf_is_a_seven_minute_handout(kit: SiteKit) -> None:
    """The briefing PDF is one to three pages with its seven sections as bookmarks."""
    report_site(kit)
    reader = pypdf.PdfReader(io.BytesIO(rendered(load(kit))["briefings/safer-sleep.pdf"]))
    assert 1 <= len(reader.pages) <= 3
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None and reader.metadata.author == PARTNERSHIP
    assert outline(reader) == [
        "Safer sleep for babies", "  1. Background", "  2. Why it matters",
        "  3. Key information", "  4. Key findings", "  5. What the review found",
        "  6. Things to remember", "  7. What to do", "  Questions for reflection"]
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"{PARTNERSHIP} · 7-minute briefing" in text
    assert "Draws on: Child T: a local child safeguarding practice review." in text


def test_briefing_text_is_at_least_ten_and_a_half_point(kit: SiteKit) -> None:
    """Every character of a briefing PDF's text is 10.5 pt or more; only the running header and
    footer (the top and bottom 15 mm of the page) are smaller."""
    report_site(kit)
    data = rendered(load(kit))["briefings/safer-sleep.pdf"]
    margin = 15 / 25.4 * 72
    with pdfplumber.open(io.BytesIO(data)) as document:
        sizes = Counter(round(c["size"], 1) for page in document.pages for c in page.chars
                        if c["text"].strip() and margin < c["top"] < page.height - margin)
    assert min(sizes) == 10.5
    assert sizes.most_common(1)[0][0] == 10.5


def pdf_ua_problems(data: bytes) -> list[str]:
    """What a PDF/UA-1 validator would report about the structure lif relies on: tagged,
    /Lang, a title shown in the window, headings in order from H1 with no level skipped, every
    Figure with /Alt, every TH with /Scope, every link annotation inside a /Link structure
    element (its ParentTree entry and an OBJR in the element), every font embedded."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked") or "/StructTreeRoot" not in root:
        return ["not tagged (MarkInfo /Marked, StructTreeRoot)"]
    if not str(root.get("/Lang", "")).strip():
        problems.append("no /Lang")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        problems.append("title not shown (DisplayDocTitle)")
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    if not (reader.metadata and (reader.metadata.title or "").strip()) or "<dc:title>" not in xmp:
        problems.append("no title (Info /Title and XMP dc:title)")
    elements = struct_elements(reader)
    levels = [int(e["/S"][2:]) for e in elements if e.get("/S", "")[:2] == "/H"
              and e["/S"][2:].isdigit()]
    if not levels or levels[0] != 1 or any(b > a + 1 for a, b in itertools.pairwise(levels)):
        problems.append(f"headings out of order: {levels}")
    problems += ["Figure without /Alt" for e in elements
                 if e.get("/S") == "/Figure" and not str(e.get("/Alt", "")).strip()]
    problems += ["TH without /Scope" for e in elements if e.get("/S") == "/TH"
                 and "/Scope" not in e.get("/A", {})]
    link_elements = {id(e) for e in elements if e.get("/S") == "/Link"}
    referenced = Counter(kid.raw_get("/Obj").idnum for e in elements if e.get("/S") == "/Link"
                         for kid in _kids(e) if kid.get("/Type") == "/OBJR")
    parents = root["/StructTreeRoot"]["/ParentTree"].get_object()
    numbers: dict[int, Any] = {}
    for tree in [parents, *[kid.get_object() for kid in parents.get("/Kids", [])]]:
        nums = tree.get("/Nums", [])
        numbers.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            parent = numbers.get(int(annot.get("/StructParent", -1)))
            if parent is None or id(parent.get_object()) not in link_elements:
                problems.append("link annotation outside the structure tree")
            if referenced[ref.idnum] != 1:
                problems.append(f"link annotation in {referenced[ref.idnum]} OBJR of /Link")
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            described = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for each in described:
                descriptor = each.get("/FontDescriptor", {})
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"font not embedded: {each.get('/BaseFont')}")
    return problems


def _kids(element: Any) -> list[Any]:
    """The structure element's /K entries that are dictionaries (elements, OBJR, MCR)."""
    kids = element.get("/K", [])
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    items = kids if isinstance(kids, list) else [kids]
    return [k.get_object() for k in items if isinstance(k.get_object(), dict)]


def test_report_and_briefing_pdfs_have_the_structure_pdf_ua_requires(kit: SiteKit) -> None:
    """Language, shown title, headings in order, alt text, TH scopes, tagged links, fonts."""
    report_site(kit)
    documents = rendered(load(kit))
    assert {name: pdf_ua_problems(documents[name]) for name in
            ("reviews/child-t/child-t.pdf", "briefings/safer-sleep.pdf")} == {
        "reviews/child-t/child-t.pdf": [], "briefings/safer-sleep.pdf": []}


def test_pdf_ua_check_names_each_missing_structure(kit: SiteKit) -> None:
    """The structure check is not a rubber stamp: a report PDF stripped of its language,
    window title, scopes, alt text and a link's OBJR, with a heading level skipped, is named
    for each."""
    report_site(kit)
    data = rendered(load(kit))["reviews/child-t/child-t.pdf"]
    with pikepdf.open(io.BytesIO(data)) as document:
        del document.Root.Lang
        del document.Root.ViewerPreferences.DisplayDocTitle
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            role = str(node.get("/S", ""))
            if role == "/TH":
                del node.A.Scope
            elif role == "/Figure":
                del node.Alt
            elif role == "/H3":
                node.S = pikepdf.Name.H4
            elif role == "/Link" and isinstance(node.K, pikepdf.Array):
                node.K = pikepdf.Array([k for k in node.K if not (
                    isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")])
            if role not in ("/Link", "/Figure") and "/K" in node:
                stack.append(node.K)
        out = io.BytesIO()
        document.save(out)
    problems = pdf_ua_problems(out.getvalue())
    assert sorted(set(problems)) == [
        "Figure without /Alt", "TH without /Scope", "headings out of order: "
        "[1, 2, 2, 2, 4, 2, 4, 4]", "link annotation in 0 OBJR of /Link", "no /Lang",
        "title not shown (DisplayDocTitle)"]


@pytest.mark.slow
def test_example_site_pdfs_have_the_structure_pdf_ua_requires(tmp_path: Path) -> None:
    """Every report and briefing PDF of the example site passes the structure check."""
    root = Path(__file__).resolve().parent.parent
    config = load_site_config(str(root / "mkdocs.yml"))
    site = prepare_site(root, plugin_of(config).config, dt.date.fromisoformat("2026-12-01"),
                        docs_dir=Path(config.docs_dir))
    run = pdf.render_documents(pdf.site_documents(site, "https://example.test/"),
                               tmp_path / "cache", workers=0)
    assert [f.format() for f in run.findings] == []
    assert len(run.files) >= 10
    assert {dest: pdf_ua_problems(path.read_bytes()) for dest, path in run.files.items()} == {
        dest: [] for dest in run.files}


def test_table_header_cells_get_column_and_row_scopes() -> None:
    """A header cell in a table's head governs its column, one in the body its row."""
    html = ("<html lang='en-GB'><head><title>T</title></head><body><table><thead><tr>"
            "<th>Area</th><th>Count</th></tr></thead><tbody><tr><th>North</th><td>3</td></tr>"
            "</tbody></table></body></html>")
    result = render(html, "file:///nonexistent/", "", "/nonexistent", "0" * 32)
    assert result.pdf is not None
    reader = pypdf.PdfReader(io.BytesIO(result.pdf))
    scopes = [e["/A"]["/Scope"] for e in struct_elements(reader) if e.get("/S") == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row"]


@pytest.mark.parametrize(("line", "expected"), [
    ("![Chronology](file:///etc/passwd)",
     "reviews/child-t/report.md:3:15: PDF-FILE-URL an image uses a file: URL, which would read "
     "from the computer that builds the site; nothing was fetched. Put the file in the "
     "review's folder and use a relative path."),
    ("![Map](../../../outside.png)",
     "reviews/child-t/report.md:3:8: PDF-OUTSIDE-REPO an image points to a path outside the "
     "site's repository; nothing was fetched. Keep every file the text uses inside the "
     "repository, next to the text."),
    ('<img src="/etc/passwd" alt="Chronology">',
     "reviews/child-t/report.md:3:11: PDF-OUTSIDE-REPO an HTML src attribute points to a path "
     "outside the site's repository; nothing was fetched. Keep every file the text uses "
     "inside the repository, next to the text."),
    ("![Logo](https://example.org/logo.png)",
     "reviews/child-t/report.md:3:9: PDF-NETWORK-RESOURCE an image would be loaded from the "
     "network; nothing was fetched. Save the file in the repository and use a relative path."),
    ("See [the file](file:///home/someone/notes.txt).",
     "reviews/child-t/report.md:3:16: PDF-FILE-URL a link uses a file: URL, which would read "
     "from the computer that builds the site; nothing was fetched. Put the file in the "
     "review's folder and use a relative path."),
    ("Notes: <file:///home/someone/notes.txt>",
     "reviews/child-t/report.md:3:9: PDF-FILE-URL a link uses a file: URL, which would read "
     "from the computer that builds the site; nothing was fetched. Put the file in the "
     "review's folder and use a relative path."),
    ('<svg><image href="https://example.org/x.png"/></svg>',
     "reviews/child-t/report.md:3:1: HTML-UNSAFE <svg> element: it can carry scripts and event "
     "handlers. Remove it. Published pages allow no scripts, frames, embedded objects or forms; "
     "link to the material instead.\n"
     "reviews/child-t/report.md:3:19: PDF-NETWORK-RESOURCE an HTML href attribute would be "
     "loaded from the network; nothing was fetched. Save the file in the repository and use "
     "a relative path."),
    ("![](files/missing.png)",
     "reviews/child-t/report.md:3:1: PDF-IMAGE-NO-ALT an image has no alt text. Describe what "
     "the image shows in its alt text (![description](path)).\n"
     "reviews/child-t/report.md:3:5: PDF-RESOURCE-MISSING an image uses a file that does not "
     "exist in the repository. Check the path, relative to this file."),
])
def test_unsafe_reference_is_an_error_at_its_line(kit: SiteKit, line: str, expected: str) -> None:
    """A file URL, a path outside the repository or a network resource fails the check."""
    kit.review("child-t", report=f"## 1. Introduction\n\n{line}\n")
    kit.publish("child-t", "2025-05-20")
    result = run_lif("check", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 1
    assert result.stdout.rstrip("\n") == expected


def test_reference_in_code_is_not_a_finding(kit: SiteKit) -> None:
    """A URL shown as code is text, never fetched, so it is not reported."""
    kit.review("child-t", report="## 1. Code\n\n`![x](file:///etc/passwd)`\n\n"
                                 "```\n<img src='https://example.org/x.png'>\n```\n")
    kit.publish("child-t", "2025-05-20")
    load(kit)


@pytest.mark.parametrize(("src", "reason"), [
    ("file:///etc/passwd", "a file outside the repository"),
    ("https://example.org/tracker.png", "a https URL"),
    ("../../../../../../etc/hostname", "a file outside the repository"),
])
def test_fetcher_refuses_and_fetches_nothing(
    kit: SiteKit, monkeypatch: pytest.MonkeyPatch, src: str, reason: str
) -> None:
    """Behind the check, the renderer's fetcher refuses outside files and URLs unopened."""
    def opened(*args: object, **kwargs: object) -> None:
        raise AssertionError("something was fetched")
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", opened)
    html = f'<html lang="en"><title>T</title><p>x</p><img src="{src}" alt="x"></html>'
    result = render(html, (kit.root / "reviews").as_uri() + "/", "", str(kit.root), "0" * 32)
    assert (result.pdf, result.refused) == (None, [reason])


def test_build_writes_pdfs_for_public_items_and_links_them(kit: SiteKit) -> None:
    """The build writes each public PDF beside its page and the pages link to it."""
    report_site(kit)
    kit.review("child-s", subject="Child S")
    kit.publish("child-s", "2025-09-01")
    result = run_lif("build", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    site = kit.root / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf")) == [
        "briefings/safer-sleep.pdf", "reports/2025/learning-report-2025.pdf",
        "reviews/child-t/child-t.pdf"]
    assert 'href="child-t.pdf"' in (site / "reviews/child-t/index.html").read_text("utf-8")
    assert 'href="../safer-sleep.pdf"' in (site / "briefings/safer-sleep/index.html").read_text(
        "utf-8")
    published = (site / "reviews/child-t/child-t.pdf").read_bytes()
    review = load(kit).sources.reviews["child-t"]
    assert pdf.review_pdf(load(kit), review, site_url="https://example.test/") == published


def test_second_build_renders_nothing(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged documents come from .lif-cache/pdf; an edited briefing alone is rendered again."""
    report_site(kit)
    site = load(kit)
    docs = pdf.site_documents(site, "https://example.test/")
    first = pdf.render_documents(docs, kit.root / pdf.CACHE_DIR, workers=2)
    assert (first.rendered, first.reused, first.findings) == (3, 0, [])  # the yearly report too
    again = pdf.render_documents(pdf.site_documents(load(kit), "https://example.test/"),
                                 kit.root / pdf.CACHE_DIR, workers=2)
    assert (again.rendered, again.reused) == (0, 3)
    briefing = kit.root / "briefings/safer-sleep.md"
    briefing.write_text(briefing.read_text("utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    edited = pdf.render_documents(pdf.site_documents(load(kit), "https://example.test/"),
                                  kit.root / pdf.CACHE_DIR, workers=2)
    assert (edited.rendered, edited.reused) == (1, 2)

    def no_render(doc: pdf.PdfDocument) -> None:
        raise AssertionError(f"{doc.dest} rendered again")
    monkeypatch.setattr(pdf, "_render_one", no_render)
    result = run_lif("build", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output


def test_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With SOURCE_DATE_EPOCH, two builds in different folders give byte-identical PDFs."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")
    outputs = []
    for name in ("one", "two"):
        kit = SiteKit(tmp_path / name)
        report_site(kit)
        result = run_lif("build", cwd=kit.root)
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in (kit.root / "site").rglob("*.pdf")})
        shutil.rmtree(kit.root / ".lif-cache")
    assert sorted(outputs[0]) == ["child-t.pdf", "learning-report-2025.pdf", "safer-sleep.pdf"]
    assert outputs[0] == outputs[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise() -> None:
    """A terminal gets one redrawn bar; a log gets a line per document (at most ~20)."""
    from generator.progress import reporter

    lines: list[str] = []
    plain = reporter(io.StringIO(), lines.append)
    for done in (1, 2):
        plain(done, 2, f"briefings/b{done}.pdf")
    assert lines == ["PDFs 1/2: briefings/b1.pdf", "PDFs 2/2: briefings/b2.pdf"]
    lines.clear()
    many = reporter(io.StringIO(), lines.append)
    for done in range(1, 101):
        many(done, 100, "x.pdf")
    assert len(lines) == 20
    screen = Terminal()
    bar = reporter(screen, lines.append)
    bar(1, 2, "a.pdf")
    bar(2, 2, "b.pdf")
    assert screen.getvalue() == ("\rPDFs [" + "#" * 15 + "." * 15 + "] 1/2"
                                 "\rPDFs [" + "#" * 30 + "] 2/2\n")


def test_without_site_url_relative_links_are_dropped_not_file_paths(kit: SiteKit) -> None:
    """With no site_url a relative link is kept as text; no link ever names a local file."""
    report_site(kit)
    site = load(kit)
    doc = pdf.review_document(site, site.sources.reviews["child-t"])
    run = pdf.render_documents([doc], kit.root / pdf.CACHE_DIR, workers=0)
    assert run.findings == []
    reader = pypdf.PdfReader(io.BytesIO(run.files[doc.dest].read_bytes()))
    uris = [annot.get_object().get("/A", {}).get("/URI") for page in reader.pages
            for annot in page.get("/Annots", [])]
    assert [u for u in uris if u] == ["https://www.example.org/guidance"]
    assert "partnership's response" in reader.pages[2].extract_text()


def test_spawned_workers_give_the_same_bytes(kit: SiteKit) -> None:
    """With other threads running (mkdocs serve), spawned workers render identical bytes."""
    report_site(kit)
    site = load(kit)
    docs = pdf.site_documents(site, "https://example.test/")
    in_process = pdf.render_documents(docs, kit.root / "one", workers=0)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        spawned = pdf.render_documents(docs, kit.root / "two", workers=2)
    finally:
        stop.set()
        thread.join()
    assert (spawned.rendered, spawned.findings) == (3, [])  # report, briefing, yearly report
    assert {d: p.read_bytes() for d, p in spawned.files.items()} == {
        d: p.read_bytes() for d, p in in_process.files.items()}


def test_rebuild_does_not_parse_published_pdfs_again(
    kit: SiteKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan of the written site remembers error-free PDFs by digest, keeping no text."""
    from generator.checks import documents
    from generator.checks import pdf as pdf_check

    report_site(kit)
    assert run_lif("build", "--today", DAY, cwd=kit.root).exit_code == 0
    markers = sorted((kit.root / ".lif-cache/scan").iterdir())
    assert [m.stat().st_size for m in markers] == [0, 0, 0]  # report, briefing, yearly report

    def no_parse(data: bytes, display: str, protected: object) -> list[Any]:
        raise AssertionError("a remembered PDF was parsed again")
    monkeypatch.setattr(documents, "_DOCUMENTS", {})
    monkeypatch.setattr(pdf_check, "scan_pdf", no_parse)
    result = run_lif("build", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output


def test_pdf_option_off_builds_html_only(kit: SiteKit) -> None:
    """With `pdf: false` the site has no PDF files and no links to them."""
    kit = SiteKit(kit.root, extra_config="pdf: false\n")
    report_site(kit)
    result = run_lif("build", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    site = kit.root / "site"
    assert sorted(p.name for p in site.rglob("*.pdf")) == []
    assert ".pdf" not in (site / "reviews/child-t/index.html").read_text()
    assert ".pdf" not in (site / "briefings/safer-sleep/index.html").read_text()
