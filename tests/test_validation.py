"""Every field is validated with its position; all problems are reported before exit 1."""

from __future__ import annotations

from tests.clirun import run_lif
from tests.sitekit import SiteKit


def check(kit: SiteKit) -> tuple[int, list[str]]:
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def test_clean_site_passes(kit: SiteKit) -> None:
    """A valid site checks clean with exit 0 and says so."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    code, lines = check(kit)
    assert (code, lines) == (0, ["lif: check passed for 2026-11-23: 0 error(s), 0 warning(s)."])


def test_unknown_key_wrong_type_and_bad_date_are_all_reported(kit: SiteKit) -> None:
    """Several problems in one file are each reported at their own line, then exit 1."""
    folder = kit.review("child-t")
    text = (folder / "review.yml").read_text()
    text = text.replace("outcome: serious-harm", "outcome: injured\nsumary: typo")
    text = text.replace("age_band: under-1", "age_band: [under-1]")
    (folder / "review.yml").write_text(text)
    (folder / "response.md").write_text(
        (folder / "response.md").read_text().replace("due: 2025-03-31", "due: 2025-02-30"))
    code, lines = check(kit)
    assert code == 1
    assert lines == [
        "reviews/child-t/response.md:8:5: FIELD-INVALID 'actions[1].due' must be a real date "
        "written as YYYY-MM-DD. Correct the value.",
        "reviews/child-t/review.yml:9:1: FIELD-INVALID 'age_band' must be one of: 'unborn', "
        "'under-1', '1-4', '5-10', '11-15' or '16-17'. Use one of these values exactly.",
        "reviews/child-t/review.yml:10:1: FIELD-INVALID 'outcome' must be one of: 'death' or "
        "'serious-harm'. Use one of these values exactly.",
        "reviews/child-t/review.yml:11:1: FIELD-UNKNOWN unknown field 'sumary'. Check the "
        "spelling; known fields: title, type, subject, summary, key_learning, themes, age_band, "
        "outcome, methodology, lead_reviewer, agencies, started, draft, allow.",
        "lif: check failed: 4 error(s), 0 warning(s).",
    ]


def test_malformed_yaml_points_at_the_line(kit: SiteKit) -> None:
    """A YAML syntax error names its line and column and never builds without metadata."""
    folder = kit.review("child-t")
    (folder / "review.yml").write_text("title: Child T\ntype: lcspr\nsummary: [unclosed\n")
    code, lines = check(kit)
    assert code == 1
    assert lines[0] == (
        "reviews/child-t/review.yml:3:10: YAML-SYNTAX cannot be read as YAML: the [ ] opened "
        "here is not closed properly. Check the brackets [ ] and the commas between items.")


def test_duplicate_key_is_an_error(kit: SiteKit) -> None:
    """A second 'date:' in front matter is refused rather than silently winning."""
    kit.briefing("safer-sleep", "2026-01-10")
    path = kit.root / "briefings" / "safer-sleep.md"
    text = path.read_text().replace("date: 2026-01-10", "date: 2026-01-10\ndate: 2027-01-01")
    path.write_text(text)
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "briefings/safer-sleep.md:4:1: YAML-DUPLICATE-KEY the key 'date' appears twice in the "
        "same block (first at line 3). Delete one of them so only the intended value counts."))


def test_unknown_theme_suggests_the_vocabulary(kit: SiteKit) -> None:
    """A theme outside the vocabulary is an error at its list item, with a suggestion."""
    kit.review("child-t", themes=["information-sharing", "sleep"])
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "reviews/child-t/review.yml:9:3: THEME-UNKNOWN 'sleep' is not a theme in the site's "
        "vocabulary. Did you mean 'safer-sleep'?"))


def test_missing_report_and_response(kit: SiteKit) -> None:
    """A review folder without its report and response says which file to add."""
    folder = kit.review("child-t")
    (folder / "report.md").unlink()
    (folder / "response.md").unlink()
    code, lines = check(kit)
    assert code == 1
    assert lines[:2] == [
        "reviews/child-t/report.md:1:1: FILE-MISSING the review has no report.md. Add the final "
        "report as Markdown (lif import can convert Word).",
        "reviews/child-t/response.md:1:1: FILE-MISSING the review has no response.md. Add the "
        "partnership's response with its actions.",
    ]


def test_briefing_naming_an_unknown_review(kit: SiteKit) -> None:
    """A briefing that draws on a review slug with no folder is an error at that slug."""
    kit.briefing("safer-sleep", "2026-01-10", reviews="child-x")
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "briefings/safer-sleep.md:7:11: BRIEFING-UNKNOWN-REVIEW the briefing draws on "
        "'child-x', but there is no review folder of that name. Check the slug against the "
        "folders in reviews/."))


def test_briefing_citing_an_embargoed_review(kit: SiteKit) -> None:
    """A public briefing may not point at a review that is not yet published on its date."""
    kit.review("baby-l", subject="Baby L")
    kit.event("approved", "baby-l", "2026-11-01")
    kit.event("published", "baby-l", "2026-12-09")
    kit.briefing("safer-sleep", "2026-11-20", reviews="baby-l")
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "briefings/safer-sleep.md:7:11: BRIEFING-REVIEW-NOT-PUBLIC the briefing (dated "
        "2026-11-20) draws on 'baby-l', which is not published by that date, so it would point "
        "at an embargoed review. Move the briefing's date to on or after the review's "
        "publication, or remove the review from its list."))


def test_seven_minute_briefing_needs_seven_sections(kit: SiteKit) -> None:
    """A 7-minute briefing with a section missing is reported at the first wrong heading."""
    path = kit.briefing("safer-sleep", "2026-01-10")
    path.write_text(path.read_text().replace("## 4. Key findings", "## Key findings"))
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "briefings/safer-sleep.md:25:1: BRIEFING-SEVEN-SECTIONS a 7-minute briefing needs "
        "sections numbered 1 to 7 in order; found 1, 2, 3, 5, 6, 7. Use headings "
        "'## 1. Background' ... '## 7. What to do', or set 'format: free' in the front matter."))


def test_invalid_utf8_is_reported_at_the_byte(kit: SiteKit) -> None:
    """A file that is not UTF-8 is an error with the line and column of the bad byte."""
    folder = kit.review("child-t")
    (folder / "report.md").write_bytes(b"## Intro\n\n1. Caf\xe9 text\n")
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "reviews/child-t/report.md:3:7: FILE-ENCODING is not valid UTF-8 text. Save the file "
        "with UTF-8 encoding in your editor."))


def test_ledger_event_for_a_missing_review(kit: SiteKit) -> None:
    """A ledger event naming a review with no folder says the folder must be restored."""
    kit.event("approved", "child-q", "2026-01-01")
    code, lines = check(kit)
    assert (code, lines[0]) == (1, (
        "ledger.yml:4:1: LEDGER-UNKNOWN-REVIEW 'approved' names the review 'child-q', which has "
        "no folder in reviews/. Restore the review's folder: a review in the ledger may not be "
        "deleted."))


def test_bad_today_is_a_usage_error(kit: SiteKit) -> None:
    """A malformed --today is a usage error, exit 2."""
    result = run_lif("check", "--today", "23/11/2026", cwd=kit.root)
    assert (result.exit_code, result.stderr) == (
        2, "lif: --today must be a date written as YYYY-MM-DD, not '23/11/2026'.\n")


def test_check_reports_a_content_page_at_a_generated_address(kit: SiteKit) -> None:
    """A content page where a scheduled review's page will be is an error in `lif check` too."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    (kit.root / "content" / "reviews" / "child-t").mkdir(parents=True)
    (kit.root / "content" / "reviews" / "child-t" / "report.md").write_text("# Mine\n")
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "content/reviews/child-t/report.md:1:1: PAGE-CLASH this page has the same address as "
        "'reviews/child-t/report.md', a page lif generates, so one of them would be lost from "
        "the site. Move or rename this page: reviews/, briefings/, themes/, actions and search "
        "are lif's own addresses.",
        "lif: check failed: 1 error(s), 0 warning(s)."])
