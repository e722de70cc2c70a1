"""The yearly learning report: every figure of a reporting year counted from what is public on
the build day, as a page and a PDF in every build and as Markdown from lif report; and theme
pages that gather the key learning of their reviews and briefings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest

from generator import pdf
from generator.build import prepare_site
from generator.options import load_site_config
from generator.pages import build_pages
from generator.plugin import plugin_of
from generator.site import Site
from generator.yearly_report import ReportingYear, reporting_years, year_of, yearly_report
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_pdf import outline, pdf_ua_problems

DAY = "2026-06-01"
"""The build day: reporting year 2025 (1 April 2025 to 31 March 2026) has ended."""

RESPONSE_A = """\
---
actions:
  - recommendation: "Recommendation 1: supervision"
    action: Audit supervision records.
    agency: Agency One
    status: complete
    impact: Supervision records now name the child in every case.
    due: 2025-12-31
    updated: 2025-09-01
  - recommendation: "Recommendation 2: escalation"
    action: Publish an escalation policy.
    agency: Agency Two
    status: in-progress
    due: 2026-01-31
  - recommendation: "Recommendation 3: training"
    action: Train staff in whole-family assessment.
    agency: Agency Three
    status: planned
    impact: Training was booked for the autumn.
    due: 2027-01-31
    updated: 2026-05-01
---
## Actions already taken

The partnership audited supervision.
"""


def known_site(kit: SiteKit, canaries: bool = False) -> None:
    """Reviews in every state and briefings in and out of reporting year 2025, with known
    counts (and, with ``canaries``, a unique word in every text that must not be reported)."""
    def hidden(state: str) -> dict[str, object]:
        if not canaries:
            return {}
        return {"summary": f"Summary Zq{state}SummaryCanary.",
                "key_learning": [f"Learning Zq{state}LearningCanary."]}

    kit.review("pub-a", subject="Child A", response=RESPONSE_A, started="2025-04-10")
    kit.event("approved", "pub-a", "2025-05-01")
    kit.event("panel-copy-sent", "pub-a", "2025-05-10", recipients=["Panel"])
    kit.event("published", "pub-a", "2025-05-20")
    kit.review("pub-b", subject="Child B", started="2024-12-01",
               themes=["neglect", "information-sharing"])
    kit.event("approved", "pub-b", "2025-12-01")
    kit.event("panel-copy-sent", "pub-b", "2026-01-10", recipients=["Panel"])
    kit.event("published", "pub-b", "2026-01-20")
    kit.review("pub-old", subject="Child O", response=canary_response("Withdrawn", canaries))
    kit.publish("pub-old", "2024-05-20")
    kit.event("withdrawn", "pub-old", "2025-06-01")
    kit.review("zq-withheld", subject="Child Zqwithheldtitlecanary", started="2025-06-01",
               response=canary_response("Withheld", canaries), **hidden("Withheld"))
    kit.event("approved", "zq-withheld", "2025-07-01")
    kit.event("withheld", "zq-withheld", "2025-08-01", reason="Zqwithheldreasoncanary.",
              panel_informed="2025-08-01")
    kit.review("delayed-one", subject="Child D", response=canary_response("Delayed", canaries),
               **hidden("Delayed"))
    kit.event("approved", "delayed-one", "2025-08-01")
    kit.event("panel-copy-sent", "delayed-one", "2025-08-10", recipients=["Panel"])
    kit.event("delayed", "delayed-one", "2025-09-01", reason="Proceedings are ongoing.")
    kit.review("zq-scheduled", subject="Child Zqscheduledtitlecanary", started="2025-05-01",
               response=canary_response("Scheduled", canaries), **hidden("Scheduled"))
    kit.event("approved", "zq-scheduled", "2025-06-01")
    kit.event("panel-copy-sent", "zq-scheduled", "2025-06-10", recipients=["Panel"])
    kit.event("published", "zq-scheduled", "2026-07-01")
    kit.review("zq-approved", subject="Child Zqapprovedtitlecanary",
               response=canary_response("Approved", canaries), **hidden("Approved"))
    kit.event("approved", "zq-approved", "2025-10-01")
    kit.review("zq-draft", subject="Child Zqdrafttitlecanary", started="2025-05-01", draft=True,
               response=canary_response("Draft", canaries), **hidden("Draft"))
    kit.briefing("b-one", "2025-06-01", title="Briefing one", themes="safer-sleep")
    kit.briefing("b-next", "2026-04-15", title="Briefing next year", themes="neglect")
    kit.briefing("zq-future", "2026-08-01", title="Future Zqfuturebriefingcanary",
                 themes="neglect")


def canary_response(state: str, canaries: bool) -> str | None:
    """A response whose action, agency and impact carry a canary (None: the kit's default)."""
    if not canaries:
        return None
    return (f"---\nactions:\n  - recommendation: Zq{state}RecommendationCanary\n"
            f"    action: Zq{state}ActionCanary\n    agency: Zq{state}AgencyCanary\n"
            f"    status: complete\n    impact: Zq{state}ImpactCanary\n    due: 2025-06-30\n"
            f"    updated: 2025-07-01\n---\n## Actions already taken\n\nWe did "
            f"Zq{state}ResponseCanary work.\n")


CANARY_STATES = ("Withheld", "Delayed", "Scheduled", "Approved", "Draft", "Withdrawn")
CANARIES = ["Zqwithheldtitlecanary", "zq-withheld", "Zqwithheldreasoncanary",
            "Zqscheduledtitlecanary", "zq-scheduled", "Zqapprovedtitlecanary", "zq-approved",
            "Zqdrafttitlecanary", "zq-draft", "Zqfuturebriefingcanary", "zq-future",
            *[f"Zq{state}{where}Canary" for state in CANARY_STATES
              for where in ("Summary", "Learning", "Recommendation", "Action", "Agency",
                            "Impact", "Response")]]


def load(kit: SiteKit, day: str = DAY) -> Site:
    config = load_site_config(str(kit.root / "mkdocs.yml"))
    site = prepare_site(kit.root, plugin_of(config).config, dt.date.fromisoformat(day),
                        docs_dir=Path(config.docs_dir))
    assert [f.format() for f in site.errors] == []
    return site


def figures(site: Site, year: int) -> dict[str, object]:
    """Every figure of a year's report, as plain values."""
    report = yearly_report(site, year)
    return {
        "started": report.started,
        "approved": [(r.slug, r.day) for r in report.approved],
        "published": [(r.slug, r.panel_copy_on, r.published_on, r.notice_days, r.notice_kept,
                       r.listed_until, r.withdrawn_on, r.listing_kept) for r in report.published],
        "withdrawn": [(r.slug, r.withdrawn_on, r.listing_kept) for r in report.withdrawn],
        "delayed": [(r.slug, r.title, r.reason) for r in report.delayed],
        "withheld": report.withheld,
        "agencies": [dataclasses.astuple(a) for a in report.agencies],
        "total": dataclasses.astuple(report.actions_total),
        "impacts": [(i.review_slug, i.agency, i.recorded_on) for i in report.impacts],
        "themes": [dataclasses.astuple(t) for t in report.themes],
        "briefings": [b.slug for b in report.briefings],
    }


D = dt.date


def test_every_figure_of_a_finished_year_is_counted_from_what_is_public(kit: SiteKit) -> None:
    """Year 2025 counts only public steps: nothing of the scheduled, approved-only or draft
    review; the withheld review once, the delayed one by name; actions from public responses."""
    known_site(kit)
    assert figures(load(kit), 2025) == {
        "started": 2,  # pub-a and the withheld review; not the scheduled or draft one
        "approved": [("pub-a", D(2025, 5, 1)), ("pub-b", D(2025, 12, 1))],
        "published": [
            ("pub-a", D(2025, 5, 10), D(2025, 5, 20), 10, True, D(2026, 5, 20), None, True),
            ("pub-b", D(2026, 1, 10), D(2026, 1, 20), 10, True, D(2027, 1, 20), None, None)],
        "withdrawn": [("pub-old", D(2025, 6, 1), True)],
        "delayed": [("delayed-one", "Child D: a local child safeguarding practice review",
                     "Proceedings are ongoing.")],
        "withheld": 1,
        "agencies": [("Agency One", 1, 1, 0), ("Agency Three", 1, 0, 0), ("Agency Two", 1, 0, 1),
                     ("Testshire County Council", 1, 1, 0)],
        "total": ("All agencies", 4, 2, 1),
        "impacts": [("pub-a", "Agency One", D(2025, 9, 1)),
                    ("pub-b", "Testshire County Council", D(2026, 1, 10))],
        "themes": [("information-sharing", "Information sharing", 2, 0),
                   ("neglect", "Neglect", 1, 0),
                   ("safer-sleep", "Sudden unexpected death in infancy and safer sleep", 0, 1)],
        "briefings": ["b-one"],
    }


def test_a_running_year_counts_to_the_build_day(kit: SiteKit) -> None:
    """Year 2026 on 1 June 2026: one briefing so far; pub-a's impact confirmed in May counts."""
    known_site(kit)
    report = yearly_report(load(kit), 2026)
    assert report.so_far is True
    assert figures(load(kit), 2026) == {
        "started": 0, "approved": [], "published": [], "withdrawn": [], "delayed": [],
        "withheld": 0, "agencies": [("Agency Two", 0, 0, 1)],
        "total": ("All agencies", 0, 0, 1),
        "impacts": [("pub-a", "Agency Three", D(2026, 5, 1))],
        "themes": [("neglect", "Neglect", 0, 1)], "briefings": ["b-next"],
    }


def test_the_scheduled_review_counts_once_it_is_published(kit: SiteKit) -> None:
    """On its publication day the scheduled review's approval (2025) and start are counted."""
    known_site(kit)
    found = figures(load(kit, "2026-07-01"), 2025)
    assert found["started"] == 3
    assert [slug for slug, _ in found["approved"]] == ["pub-a", "zq-scheduled", "pub-b"]  # type: ignore[attr-defined]


def test_years_with_public_activity_are_listed_newest_first(kit: SiteKit) -> None:
    """2024 (pub-old), 2025 and 2026 have public steps; the scheduled 2026 publication adds
    no year of its own before its day."""
    known_site(kit)
    assert reporting_years(load(kit)) == [2026, 2025, 2024]


@pytest.mark.parametrize(("start", "year", "first", "last", "label"), [
    (4, 2026, D(2026, 4, 1), D(2027, 3, 31), "2026 to 2027"),
    (1, 2026, D(2026, 1, 1), D(2026, 12, 31), "2026"),
    (9, 2023, D(2023, 9, 1), D(2024, 8, 31), "2023 to 2024"),
])
def test_a_reporting_year_is_named_by_the_year_it_starts_in(
        start: int, year: int, first: dt.date, last: dt.date, label: str) -> None:
    """With April, 2026 runs 1 April 2026 to 31 March 2027; with January, the calendar year."""
    period = ReportingYear(year, start)
    assert (period.first_day, period.last_day, period.label) == (first, last, label)
    assert (year_of(first, start), year_of(last, start)) == (year, year)
    assert year_of(first - dt.timedelta(days=1), start) == year - 1


def test_report_year_start_option_moves_the_year(tmp_path: Path) -> None:
    """report_year_start: 1 makes year 2025 the calendar year: pub-b (January 2026) leaves it."""
    kit = SiteKit(tmp_path, "report_year_start: 1")
    known_site(kit)
    found = figures(load(kit), 2025)
    assert [row[0] for row in found["published"]] == ["pub-a"]  # type: ignore[attr-defined]
    assert found["started"] == 2


def test_report_year_start_must_be_a_month(tmp_path: Path) -> None:
    """report_year_start: 13 is a configuration error (exit 1), not a year of 13 months."""
    kit = SiteKit(tmp_path, "report_year_start: 13")
    result = run_lif("report", "--year", "2025", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 1
    assert "report_year_start" in result.output


MARKDOWN_PUBLISHED = (
    "| [Child A: a local child safeguarding practice review](https://example.test/reviews/"
    "pub-a/) | 10 May 2025 | 20 May 2025 | 10 days (7 required) | Yes: still listed |\n"
    "| [Child B: a local child safeguarding practice review](https://example.test/reviews/"
    "pub-b/) | 10 January 2026 | 20 January 2026 | 10 days (7 required) | Listed; the minimum "
    "runs until 20 January 2027 |\n")


def test_lif_report_writes_the_markdown_file(kit: SiteKit) -> None:
    """lif report --year 2025 writes learning-report-2025.md with the figures and public links."""
    known_site(kit)
    result = run_lif("report", "--year", "2025", "--today", DAY, cwd=kit.root)
    assert (result.exit_code, result.stdout) == (0, (
        "Wrote learning-report-2025.md: the yearly learning report for 1 April 2025 to 31 "
        "March 2026 (the whole year), as public on 2026-06-01.\n"))
    text = (kit.root / "learning-report-2025.md").read_text(encoding="utf-8")
    assert text.startswith(
        "# Yearly learning report 2025 to 2026\n\nTestshire Safeguarding Children Partnership. "
        "Reporting year 1 April 2025 to 31 March 2026.\n\n")
    summary = text.split("## Reviews in the year\n\n", 1)[1].split("\n\n", 1)[0]
    assert summary.splitlines() == [
        "- Started (the partnership decided to carry out the review): **2**",
        "- Approved by the partnership: **2**",
        "- Published: **2**",
        "- Delayed in publication: **1**",
        "- Withheld, not published: **1**",
        "- No longer published (withdrawn after the minimum listing): **1**"]
    assert MARKDOWN_PUBLISHED in text
    assert ("| Agency Two | 1 | 0 | 1 |\n| Testshire County Council | 1 | 1 | 0 |\n"
            "| **All agencies** | **4** | **2** | **1** |\n") in text
    assert ("1 review was not published; the partnership told the Panel of its decision. To "
            "protect the child\nand family, the review is not named here.\n") in text
    assert ("- Child D: a local child safeguarding practice review: Proceedings are ongoing.\n"
            in text)


def test_lif_report_prints_with_output_dash(kit: SiteKit) -> None:
    """--output - prints the Markdown and writes no file."""
    known_site(kit)
    result = run_lif("report", "--year", "2025", "--today", DAY, "-o", "-", cwd=kit.root)
    assert result.exit_code == 0
    assert result.stdout.startswith("# Yearly learning report 2025 to 2026\n")
    assert MARKDOWN_PUBLISHED in result.stdout
    assert not (kit.root / "learning-report-2025.md").exists()


def test_lif_report_refuses_a_year_after_the_build_day(kit: SiteKit) -> None:
    """A year that starts after the build day is a usage error (exit 2) naming the latest."""
    known_site(kit)
    result = run_lif("report", "--year", "2027", "--today", DAY, cwd=kit.root)
    assert (result.exit_code, result.stderr) == (2, (
        "lif: --year 2027 is the reporting year from 1 April 2027, after the build day "
        "(1 June 2026); choose 2026 or earlier.\n"))


def test_lif_report_writes_nothing_for_a_site_with_errors(kit: SiteKit) -> None:
    """A site whose checks fail gets no report (exit 1), as it gets no build."""
    known_site(kit)
    kit.event("published", "zq-approved", "2025-10-02")  # no panel copy: LIFECYCLE-NOTICE
    result = run_lif("report", "--year", "2025", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 1
    assert "LIFECYCLE-NOTICE" in result.stdout
    assert result.stderr.startswith("lif: the site has errors, so no report was written: ")
    assert not (kit.root / "learning-report-2025.md").exists()


def test_build_pages_hold_a_report_per_year_and_their_listing(kit: SiteKit) -> None:
    """reports/ lists each year with public activity, newest first, the running one 'to date'."""
    known_site(kit)
    pages = {page.src_uri: page.markdown for page in build_pages(load(kit))}
    assert sorted(uri for uri in pages if uri.startswith("reports/")) == [
        "reports/2024/index.md", "reports/2025/index.md", "reports/2026/index.md",
        "reports/index.md"]
    listed = [line for line in pages["reports/index.md"].splitlines() if line.startswith("- ")]
    assert listed == [
        "- [Yearly learning report 2026 to 2027](2026/index.md) (the year to date)",
        "- [Yearly learning report 2025 to 2026](2025/index.md)",
        "- [Yearly learning report 2024 to 2025](2024/index.md)"]
    page = pages["reports/2025/index.md"]
    assert "[Download this report as a PDF](learning-report-2025.pdf)" in page
    assert ("| [Child A: a local child safeguarding practice review](../../reviews/pub-a/"
            "index.md) | 10 May 2025 |") in page


def test_theme_page_gathers_the_learning_of_its_reviews_and_briefings(kit: SiteKit) -> None:
    """The theme page's 'Learning across reviews' holds each public review's key learning and
    each public briefing's 'Things to remember', and nothing of what is not public."""
    known_site(kit, canaries=True)
    page = {p.src_uri: p.markdown for p in build_pages(load(kit))}["themes/neglect.md"]
    section = page.split("## Learning across reviews\n", 1)[1]
    assert section == (
        "\nThe key learning of every published review and briefing on this theme, in one place: "
        "a starting\npoint for a thematic presentation or a team discussion.\n\n"
        "### [Child B: a local child safeguarding practice review](../reviews/pub-b/index.md)\n\n"
        "- Agencies working with Child B need to share information.\n\n"
        "### [Briefing next year](../briefings/b-next.md)\n\n"
        "- Remember this.\n\n")


def written_text(site_dir: Path) -> dict[str, str]:
    """Every written file as the reader gets it (a PDF's extracted text)."""
    found = {}
    for path in site_dir.rglob("*"):
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(path)
            found[str(path)] = "\n".join(page.extract_text() for page in reader.pages)
        elif path.is_file():
            found[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return found


@pytest.mark.slow
def test_nothing_hidden_reaches_the_report_page_pdf_or_markdown(kit: SiteKit) -> None:
    """No canary of a withheld, scheduled, approved-only, draft or withdrawn review (nor the
    future briefing) is in the report pages, their PDFs or lif report's Markdown."""
    known_site(kit, canaries=True)
    result = run_lif("build", "--today", DAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    for year in ("2024", "2025", "2026"):
        assert run_lif("report", "--year", year, "--today", DAY, cwd=kit.root).exit_code == 0
    reports = {name: text for name, text in written_text(kit.root / "site").items()
               if "/reports/" in name}
    reports.update({str(p): p.read_text(encoding="utf-8")
                    for p in kit.root.glob("learning-report-*.md")})
    assert sorted(Path(name).relative_to(kit.root).as_posix() for name in reports) == [
        "learning-report-2024.md", "learning-report-2025.md", "learning-report-2026.md",
        "site/reports/2024/index.html", "site/reports/2024/learning-report-2024.pdf",
        "site/reports/2025/index.html", "site/reports/2025/learning-report-2025.pdf",
        "site/reports/2026/index.html", "site/reports/2026/learning-report-2026.pdf",
        "site/reports/index.html"]
    leaked = {canary: [name for name, text in reports.items() if canary in text]
              for canary in CANARIES}
    assert {canary: names for canary, names in leaked.items() if names} == {}
    assert "Child D: a local child safeguarding practice review" in reports[
        str(kit.root / "learning-report-2025.md")]


def test_yearly_report_pdf_passes_the_pdf_checks(kit: SiteKit) -> None:
    """The report's PDF is tagged, titled, in en-GB, with headings in order, scoped table
    headers, tagged links and embedded fonts; its text reads back whole."""
    known_site(kit)
    site = load(kit)
    doc = pdf.yearly_report_document(site, 2025, site_url="https://example.test/")
    run = pdf.render_documents([doc], site.root / pdf.CACHE_DIR, workers=0)
    assert [f.format() for f in run.findings] == []
    data = run.files["reports/2025/learning-report-2025.pdf"].read_bytes()
    assert pdf_ua_problems(data) == []
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author) == (
        "Yearly learning report 2025 to 2026", "Testshire Safeguarding Children Partnership")
    assert outline(reader) == [
        "Yearly learning report 2025 to 2026", "  Reviews in the year", "    Approved",
        "    Published", "    Delayed in publication", "    Not published",
        "    No longer published", "  Actions", "  Impact recorded in the year", "  Themes",
        "  Briefings published", "  How these figures are counted"]


SEVEN = """\
## 5. Findings

- Not this one.

## 6. Things to remember

- First point, which runs
  on to a second line.
- Second point with [a link](../reviews/pub-a/index.md).
  - a nested detail

A closing paragraph.

```
## 7. Not a heading inside code
```

## 7. What to do

1. Not this one either.
"""


@pytest.mark.parametrize(("body", "form", "expected"), [
    (SEVEN, "seven-minute", [
        "First point, which runs on to a second line.",
        "Second point with [a link](../reviews/pub-a/index.md). - a nested detail",
        "A closing paragraph."]),
    ("## 6. Things to remember\n\nOne paragraph\nover two lines.\n", "seven-minute",
     ["One paragraph over two lines."]),
    ("## 1. Background\n\nNo sixth section.\n", "seven-minute", []),
    (SEVEN, "free", []),
])
def test_a_briefings_key_learning_is_its_things_to_remember(
        body: str, form: str, expected: list[str]) -> None:
    """Section 6's list items (continuations joined) and paragraphs are the briefing's points,
    never its code blocks; a free-format briefing has none."""
    from generator.key_learning import briefing_points
    from generator.models import Briefing, BriefingMeta, Source

    meta = BriefingMeta(title="T", date=D(2025, 6, 1), themes=["neglect"], source="audit",
                        format=form)
    briefing = Briefing("t", meta, Source("briefings/t.md", body, body))
    assert briefing_points(briefing) == expected


def test_working_day_notice_is_counted_in_working_days(tmp_path: Path) -> None:
    """With notice_working_days, a copy sent on Saturday 10 May 2025 and a publication on
    Tuesday 20 May give 7 working days' notice, so reported."""
    kit = SiteKit(tmp_path, "notice_working_days: true")
    known_site(kit)
    site = load(kit)
    assert [(r.slug, r.notice_days, r.notice_kept) for r in yearly_report(site, 2025).published
            ] == [("pub-a", 7, True), ("pub-b", 7, True)]
    result = run_lif("report", "--year", "2025", "--today", DAY, "-o", "-", cwd=kit.root)
    assert "| 10 May 2025 | 20 May 2025 | 7 working days (7 required) |" in result.stdout


def test_withheld_reviews_are_not_counted_when_not_listed(tmp_path: Path) -> None:
    """With list_withheld: false the site says nothing of a withheld review, nor does the
    report: neither its withholding nor its start is counted."""
    kit = SiteKit(tmp_path, "list_withheld: false")
    known_site(kit)
    found = figures(load(kit), 2025)
    assert (found["withheld"], found["started"]) == (0, 1)
