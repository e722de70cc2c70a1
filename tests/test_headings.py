"""Heading order: the title is a page's only level 1, and no level is skipped going down."""

from __future__ import annotations

from generator.checks.headings import check_source
from generator.models import Source
from tests.clirun import run_lif
from tests.sitekit import SiteKit


def lines(body: str, body_line: int = 1) -> list[str]:
    source = Source("reviews/child-t/report.md", body, body, body_line)
    return [f.format() for f in check_source(source)]


def test_a_level_one_heading_in_the_body_is_an_error() -> None:
    """'# Title' in a report would be a second H1 beside the page's title."""
    assert lines("# Child T\n\n## 1. Introduction\n\nText.\n") == [
        "reviews/child-t/report.md:1:1: HEADING-ORDER a level-1 heading in the text: the "
        "page's title is already its only level-1 heading. Remove this heading if it repeats "
        "the title, or make it '## ...' and move the headings under it down one level."]


def test_a_skipped_level_going_down_is_an_error_at_its_line() -> None:
    """## then #### leaves level 3 out; the finding points at the #### line (body offset kept)."""
    assert lines("## Findings\n\nText.\n\n#### Deep\n", body_line=4) == [
        "reviews/child-t/report.md:8:1: HEADING-ORDER a level-4 heading follows a level-2 "
        "heading: level 3 is skipped. Make it a level-3 heading ('### ...'), so the contents, "
        "the PDF's bookmarks and screen readers show the structure."]


def test_a_first_heading_below_level_two_skips_a_level() -> None:
    """A body starting at ### skips level 2 under the title."""
    assert [line.split(" HEADING-ORDER ")[1][:40] for line in lines("### Start\n")] == [
        "a level-3 heading follows a level-1 head"]


def test_going_back_up_and_code_and_underlines_are_read_as_markdown_does() -> None:
    """Rising by any number of levels is fine; # in fenced code is not a heading; a
    '====' underline is a level-1 heading, a '---' rule after a blank line is not one."""
    body = ("## A\n\n### B\n\n#### C\n\n## D\n\n```sh\n# a comment\n```\n\n---\n\n"
            "Setext title\n====\n")
    assert [line.split(":")[1] for line in lines(body)] == ["15"]


def test_check_and_build_refuse_a_report_with_a_deep_first_heading(kit: SiteKit) -> None:
    """A report starting '# Title' then '#### Deep' fails `lif check` with both findings."""
    kit.review("child-t", report="# Child T\n\n#### Deep\n\n1. Text.\n")
    kit.publish("child-t", "2025-05-20")
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 1
    assert [line.split(" HEADING-ORDER ")[0] for line in result.output.splitlines()
            if "HEADING-ORDER" in line] == ["reviews/child-t/report.md:1:1:",
                                            "reviews/child-t/report.md:3:1:"]
    assert result.output.splitlines()[-1] == "lif: check failed: 2 error(s), 0 warning(s)."


def test_a_fence_of_another_kind_does_not_close_a_code_block() -> None:
    """``` inside a ~~~ block is code, and so is the # line after it."""
    assert lines("## A\n\n~~~\n```\n# not a heading\n~~~\n\n### B\n") == []
