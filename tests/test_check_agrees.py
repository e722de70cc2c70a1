"""`lif check` says what the next ledger step will say: for every review whose next step is
approval, check reports an error exactly when `lif approve` would refuse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.rules import rule_of
from tests.clirun import run_lif
from tests.sitekit import REPORT, SiteKit

DAY = "2026-11-23"
CLEAN = REPORT.format(subject="Child A")
FIXTURES = {
    "child-a": {},
    "child-b": {"report": CLEAN + "\n4. The family lived at 14 Acacia Avenue and could be "
                "reached on 07700 900123.\n"},
    "child-c": {"response": "---\nactions: []\n---\n# Response\n\nHer NI number is "
                "QQ 12 34 56 A.\n"},
    "child-d": {"report": CLEAN + "\n4. Mrs Okafor visited the family twice.\n"},
    "child-e": {"lead_reviewer": "Dr Ann Example"},
}


@pytest.fixture
def site(kit: SiteKit) -> SiteKit:
    for slug, meta in FIXTURES.items():
        kit.review(slug, subject=f"Child {slug[-1].upper()}", **meta)
    return kit


def review_lines(output: str, slug: str, severity: str = "") -> list[str]:
    """The finding lines about one review's files (of one severity's rules, if given)."""
    return [line for line in output.splitlines()
            if line.startswith(f"reviews/{slug}/") and severity in line]


def approve_in_a_copy(kit: SiteKit, slug: str, tmp: Path) -> tuple[int, str]:
    """`lif approve SLUG` on a copy of the site (approval writes the ledger)."""
    copy = tmp / f"copy-{slug}"
    shutil.copytree(kit.root, copy, symlinks=True)
    result = run_lif("approve", slug, "--today", DAY, cwd=copy)
    return result.exit_code, result.output


def test_check_errors_exactly_when_approve_refuses(site: SiteKit, tmp_path: Path) -> None:
    """For every fixture review: a check error about it <=> approve refuses it."""
    check = run_lif("check", "--today", DAY, cwd=site.root)
    errors = {slug: [line for line in review_lines(check.stdout, slug)
                     if rule_of(line.split(" ", 2)[1]).severity == "error"]
              for slug in FIXTURES}
    refused = {slug: approve_in_a_copy(site, slug, tmp_path)[0] != 0 for slug in FIXTURES}
    assert {slug: bool(found) for slug, found in errors.items()} == refused
    assert refused == {"child-a": False, "child-b": True, "child-c": True, "child-d": False,
                       "child-e": False}
    assert check.exit_code == 1


def test_warnings_show_before_the_panel_copy(site: SiteKit, tmp_path: Path) -> None:
    """A title with a surname is shown by check and by approve, while it is cheap to fix."""
    check = run_lif("check", "--today", DAY, cwd=site.root)
    code, approved = approve_in_a_copy(site, "child-d", tmp_path)
    warning = review_lines(check.stdout, "child-d", "ID-TITLE-SURNAME")
    assert warning == review_lines(approved, "child-d", "ID-TITLE-SURNAME")
    assert len(warning) == 1 and code == 0
    assert review_lines(check.stdout, "child-e", "ID-TITLE-SURNAME") != []


def test_a_draft_is_not_checked_for_approval(kit: SiteKit) -> None:
    """Near miss: a draft's text is not put through the approval checks (it is not ready)."""
    kit.review("child-b", draft=True, **{k: v for k, v in FIXTURES["child-b"].items()})
    check = run_lif("check", "--today", DAY, cwd=kit.root)
    assert (check.exit_code, review_lines(check.stdout, "child-b")) == (0, [])

