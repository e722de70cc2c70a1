"""The publication rules at their boundaries: notice to the Panel, minimum listing, the digest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.publication import Terms, earliest_publication, first_withdrawal
from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit

D = dt.date.fromisoformat
SUMMARY = "lif: {} refused: nothing was written to ledger.yml (1 error(s), 0 warning(s))\n"


def lif(kit: SiteKit, *args: str, today: str = "") -> Result:
    """Run lif on ``today``; by default on the day the event happens (--on), as an officer
    records it, and on 2026-11-23 for a later or undated one."""
    if not today:
        on = args[args.index("--on") + 1] if "--on" in args else "9999-12-31"
        today = min(on, "2026-11-23")
    return run_lif(*args, "--today", today, cwd=kit.root)


def ledger_bytes(kit: SiteKit) -> bytes:
    path = kit.root / "ledger.yml"
    return path.read_bytes() if path.exists() else b""


def refused(kit: SiteKit, command: str, *args: str, today: str = "") -> str:
    """Run a command that must be refused; the ledger is untouched; return stdout."""
    before = ledger_bytes(kit)
    result = lif(kit, command, *args, today=today)
    assert (result.exit_code, result.stderr) == (1, SUMMARY.format(command)), result.output
    assert ledger_bytes(kit) == before
    return result.stdout


def approved_with_copy(kit: SiteKit, copy_on: str, extra: str = "") -> None:
    if extra:
        (kit.root / "mkdocs.yml").write_text(
            (kit.root / "mkdocs.yml").read_text() + f"      {extra}\n")
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-01-05")
    kit.event("panel-copy-sent", "child-t", copy_on)


# --------------------------------------------------------------------------- notice


def test_six_days_notice_is_refused_with_the_earliest_date(kit: SiteKit) -> None:
    """Publishing 6 days after the panel copy is refused, naming the earliest allowed date."""
    approved_with_copy(kit, "2026-05-16")
    assert refused(kit, "publish", "child-t", "--on", "2026-05-22") == (
        "reviews/child-t/review.yml:1:1: LIFECYCLE-NOTICE published 2026-05-22 but the panel copy "
        "was sent 2026-05-16; the earliest allowed date is 2026-05-23 (7 days' notice). Publish "
        "on or after 2026-05-23 (lif publish child-t --on 2026-05-23).\n")


def test_seven_days_notice_is_accepted(kit: SiteKit) -> None:
    """Publishing exactly 7 days after the panel copy is recorded."""
    approved_with_copy(kit, "2026-05-16")
    result = lif(kit, "publish", "child-t", "--on", "2026-05-23")
    assert (result.exit_code, result.stdout) == (0, (
        "lif: recorded 'published' for child-t on 2026-05-23 in ledger.yml (entry 3).\n"
        "lif: wrote outbox/child-t/national-repository-2026-05-23/: message.txt, message.json, "
        "child-t.pdf. Send message.txt with the PDF to the national case review repository "
        "now.\n"))


def test_working_days_skip_weekends() -> None:
    """Seven working days from Monday 1 June 2026 end on Wednesday 10 June."""
    terms = Terms(working_days=True)
    assert earliest_publication(D("2026-06-01"), terms) == D("2026-06-10")
    assert earliest_publication(D("2026-06-01"), Terms()) == D("2026-06-08")


def test_working_days_skip_a_bank_holiday() -> None:
    """The spring bank holiday (25 May 2026) moves the earliest date by one day."""
    terms = Terms(working_days=True)
    assert earliest_publication(D("2026-05-18"), terms) == D("2026-05-28")
    assert earliest_publication(D("2026-05-11"), terms) == D("2026-05-20")


@pytest.mark.parametrize(("copy_on", "early", "earliest"), [
    ("2026-06-01", "2026-06-09", "2026-06-10"),  # no bank holiday in between
    ("2026-05-18", "2026-05-27", "2026-05-28"),  # spring bank holiday 25 May in between
])
def test_working_day_notice_boundary(kit: SiteKit, copy_on: str, early: str,
                                     earliest: str) -> None:
    """Under notice_working_days, the day before the 7th working day is refused; it is not."""
    approved_with_copy(kit, copy_on, extra="notice_working_days: true")
    assert refused(kit, "publish", "child-t", "--on", early) == (
        f"reviews/child-t/review.yml:1:1: LIFECYCLE-NOTICE published {early} but the panel copy "
        f"was sent {copy_on}; the earliest allowed date is {earliest} (7 working days' notice). "
        f"Publish on or after {earliest} (lif publish child-t --on {earliest}).\n")
    assert lif(kit, "publish", "child-t", "--on", earliest).exit_code == 0


def test_publish_without_panel_copy_is_refused(kit: SiteKit) -> None:
    """A review with no panel copy cannot be published, and the message says to send one."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-05-01")
    assert refused(kit, "publish", "child-t", "--on", "2026-12-01") == (
        "reviews/child-t/review.yml:1:1: LIFECYCLE-NOTICE published 2026-12-01 but no panel copy "
        "was sent. Send the panel copy first (lif panel-copy child-t); publication may follow "
        "after 7 days' notice.\n")


def test_hand_sealed_early_publication_fails_the_check(kit: SiteKit) -> None:
    """A correctly chained but too-early publication in the ledger fails every check at its line."""
    approved_with_copy(kit, "2026-05-16")
    kit.event("published", "child-t", "2026-05-20")
    result = lif(kit, "check")
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:13:1: LIFECYCLE-NOTICE child-t: published 2026-05-20 but the panel copy was "
        "sent 2026-05-16; the earliest allowed date is 2026-05-23 (7 days' notice). Publish on "
        "or after 2026-05-23 (lif publish child-t --on 2026-05-23).\n"))


def test_panel_copy_before_approval_fails_the_check(kit: SiteKit) -> None:
    """Dates in order: a panel copy dated before the approval is reported at its line."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-05-10")
    kit.event("panel-copy-sent", "child-t", "2026-05-09")
    result = lif(kit, "check")
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:8:1: LIFECYCLE-ORDER child-t: panel copy sent 2026-05-09 but the review was "
        "approved on 2026-05-10, later. Approve it first (lif approve child-t), then send the "
        "copy.\n"))


# --------------------------------------------------------------------------- minimum listing


def test_first_withdrawal_of_a_29_february_publication() -> None:
    """Published 29 February 2024: may be withdrawn from 28 February 2025 (29 Feb in 2028)."""
    assert first_withdrawal(D("2024-02-29"), Terms()) == D("2025-02-28")
    assert first_withdrawal(D("2024-02-29"), Terms(min_listing_months=48)) == D("2028-02-29")


@pytest.mark.parametrize(("published", "day_before", "anniversary"), [
    ("2025-05-20", "2026-05-19", "2026-05-20"),
    ("2024-02-29", "2025-02-27", "2025-02-28"),
])
def test_withdrawal_day_before_and_on_the_anniversary(
        kit: SiteKit, published: str, day_before: str, anniversary: str) -> None:
    """Withdrawal the day before the end of the minimum listing is refused; on it, recorded."""
    kit.review("child-t")
    kit.publish("child-t", published)
    assert refused(kit, "withdraw", "child-t", "--on", day_before) == (
        f"reviews/child-t/review.yml:1:1: LIFECYCLE-MIN-LISTING withdrawn {day_before} but it "
        f"was first published {published} and must stay listed until at least {anniversary}, "
        f"the first day it may be withdrawn. Withdraw it on or after {anniversary} (lif "
        f"withdraw child-t --on {anniversary}).\n")
    result = lif(kit, "withdraw", "child-t", "--on", anniversary)
    assert (result.exit_code, result.stdout) == (0, (
        f"lif: recorded 'withdrawn' for child-t on {anniversary} in ledger.yml (entry 4).\n"))


def test_withdrawing_an_unpublished_review_is_refused(kit: SiteKit) -> None:
    """Only a published review can be withdrawn."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-05-01")
    assert refused(kit, "withdraw", "child-t", "--on", "2026-11-23") == (
        "reviews/child-t/review.yml:1:1: LIFECYCLE-ORDER withdrawn 2026-11-23 but it was never "
        "published by then. Only a published review can be withdrawn.\n")


def test_delay_inside_the_minimum_listing_is_refused(kit: SiteKit) -> None:
    """A published review cannot be hidden by a delay before its minimum listing ends."""
    kit.review("child-t")
    kit.publish("child-t", "2026-05-20")
    assert refused(kit, "delay", "child-t", "--reason", "Proceedings.") == (
        "reviews/child-t/review.yml:1:1: LIFECYCLE-MIN-LISTING delayed 2026-11-23 but it was "
        "first published 2026-05-20 and must stay listed until at least 2027-05-20, the first "
        "day it may be withdrawn. It must stay published; from 2027-05-20 it may be withdrawn "
        "(lif withdraw child-t --on 2027-05-20).\n")


def _published_inside_listing(kit: SiteKit) -> Path:
    folder = kit.review("child-t")
    kit.publish("child-t", "2026-05-20")
    return folder


HIDDEN = ("child-t was first published 2026-05-20 and must stay listed until at least "
          "2027-05-20, the first day it may be withdrawn (lif withdraw child-t --on 2027-05-20).")


def test_marking_a_listed_review_draft_is_an_error(kit: SiteKit) -> None:
    """draft: true on a review inside its minimum listing is an error at the draft line."""
    folder = _published_inside_listing(kit)
    (folder / "review.yml").write_text((folder / "review.yml").read_text() + "draft: true\n")
    result = lif(kit, "check")
    assert (result.exit_code, result.stdout) == (1, (
        f"reviews/child-t/review.yml:15:1: LIFECYCLE-HIDDEN the review is marked draft, but "
        f"{HIDDEN} Remove 'draft: true' from review.yml.\n"))


def test_deleting_a_listed_review_is_an_error(kit: SiteKit) -> None:
    """Deleting the folder of a review inside its minimum listing names the withdrawal date."""
    folder = _published_inside_listing(kit)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    result = lif(kit, "check")
    assert (result.exit_code, result.stdout) == (1, (
        f"ledger.yml:15:1: LIFECYCLE-HIDDEN the folder reviews/child-t was deleted, but "
        f"{HIDDEN} Restore the folder from git.\n"))


def test_emptying_a_listed_report_is_an_error(kit: SiteKit) -> None:
    """An emptied report of a listed review is reported with the first withdrawal date."""
    folder = _published_inside_listing(kit)
    (folder / "report.md").write_text("\n")
    result = lif(kit, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "reviews/child-t/report.md:1:1: FILE-EMPTY is empty. Write the text, or delete the file.",
        "reviews/child-t/report.md:1:1: LIFECYCLE-DIGEST the report, response, public metadata "
        "or attachments of child-t changed after the panel copy sent 2026-05-06. Send a new copy "
        "(lif panel-copy child-t), which moves the earliest publication date to 7 days' notice "
        "after it (2026-11-30 if sent today), or undo the change.",
        f"reviews/child-t/report.md:1:1: LIFECYCLE-HIDDEN the report is missing or empty, but "
        f"{HIDDEN} Restore the report from git.",
    ]


def test_draft_after_the_minimum_listing_is_allowed(kit: SiteKit) -> None:
    """After the minimum listing, a review may leave the site without an error."""
    folder = _published_inside_listing(kit)
    (folder / "review.yml").write_text((folder / "review.yml").read_text() + "draft: true\n")
    assert lif(kit, "check", today="2027-05-20").exit_code == 0


# --------------------------------------------------------------------------- digest


def test_one_character_edit_after_the_panel_copy_blocks_publication(kit: SiteKit) -> None:
    """Editing one character of the report after its panel copy refuses the publication."""
    approved_with_copy(kit, "2026-11-02")
    report = kit.root / "reviews/child-t/report.md"
    report.write_text(report.read_text().replace("Testshire.", "Testshire!"))
    assert refused(kit, "publish", "child-t", "--on", "2026-12-01") == (
        "reviews/child-t/review.yml:1:1: LIFECYCLE-DIGEST the report, response, public metadata "
        "or attachments of child-t changed after the panel copy sent 2026-11-02. Send a new copy "
        "(lif panel-copy child-t); publication may then follow after 7 days' notice.\n")
    checked = lif(kit, "check")
    assert (checked.exit_code, checked.stdout) == (1, (
        "reviews/child-t/report.md:1:1: LIFECYCLE-DIGEST the report, response, public metadata "
        "or attachments of child-t changed after the panel copy sent 2026-11-02. Send a new copy "
        "(lif panel-copy child-t), which moves the earliest publication date to 7 days' notice "
        "after it (2026-11-30 if sent today), or undo the change.\n"))


def test_a_new_panel_copy_clears_an_edit_and_moves_the_earliest_date(kit: SiteKit) -> None:
    """The edit that fails the check does not block its remedy: a new copy is accepted, the
    check passes, and publication must then wait the notice from the new copy."""
    approved_with_copy(kit, "2026-11-02")
    report = kit.root / "reviews/child-t/report.md"
    report.write_text(report.read_text().replace("Testshire.", "Testshire!"))
    assert lif(kit, "check").exit_code == 1
    sent = lif(kit, "panel-copy", "child-t", "--on", "2026-11-23")
    assert sent.exit_code == 0, sent.output
    assert lif(kit, "check").stdout == (
        "lif: check passed for 2026-11-23: 0 error(s), 0 warning(s).\n")
    assert refused(kit, "publish", "child-t", "--on", "2026-11-29") == (
        "reviews/child-t/review.yml:1:1: LIFECYCLE-NOTICE published 2026-11-29 but the panel "
        "copy was sent 2026-11-23; the earliest allowed date is 2026-11-30 (7 days' notice). "
        "Publish on or after 2026-11-30 (lif publish child-t --on 2026-11-30).\n")
    assert lif(kit, "publish", "child-t", "--on", "2026-11-30").exit_code == 0


def test_edit_of_a_scheduled_review_fails_the_build(kit: SiteKit) -> None:
    """A scheduled review edited after its panel copy is an error naming the copy's date."""
    approved_with_copy(kit, "2026-11-02")
    kit.event("published", "child-t", "2026-12-01")
    report = kit.root / "reviews/child-t/report.md"
    report.write_text(report.read_text().replace("Testshire.", "Testshire!"))
    result = lif(kit, "check")
    assert (result.exit_code, result.stdout) == (1, (
        "reviews/child-t/report.md:1:1: LIFECYCLE-DIGEST the report, response, public metadata "
        "or attachments of child-t changed after the panel copy sent 2026-11-02. Send a new copy "
        "(lif panel-copy child-t), which moves the earliest publication date to 7 days' notice "
        "after it (2026-11-30 if sent today), or undo the change.\n"))
    report.write_text(report.read_text().replace("Testshire!", "Testshire."))
    assert lif(kit, "check").exit_code == 0


def test_public_metadata_is_part_of_the_digest(kit: SiteKit) -> None:
    """Changing the public summary after the panel copy is caught; an allowance is not."""
    approved_with_copy(kit, "2026-11-02")
    meta = kit.root / "reviews/child-t/review.yml"
    original = meta.read_text()
    meta.write_text(original + "allow: []\n")
    assert lif(kit, "check").stdout == "lif: check passed for 2026-11-23: 0 error(s), 0 " \
        "warning(s).\n"
    meta.write_text(original.replace("help given", "the help given"))
    assert "LIFECYCLE-DIGEST" in lif(kit, "check").stdout


def test_panel_copy_without_a_digest_fails_closed(kit: SiteKit) -> None:
    """A panel copy that records no digest cannot show what the Panel saw: an error."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    kit.event("panel-copy-sent", "child-t", "2026-11-02", digest="")
    kit.event("published", "child-t", "2026-12-01")
    result = lif(kit, "check")
    assert (result.exit_code, result.stdout) == (1, (
        "reviews/child-t/report.md:1:1: LIFECYCLE-DIGEST the panel copy of child-t sent "
        "2026-11-02 records no digest of its sources, so nothing shows the Panel saw this "
        "version. Send a new copy (lif panel-copy child-t), which moves the earliest publication "
        "date to 7 days' notice after it (2026-11-30 if sent today), or undo the change.\n"))


def test_every_publication_rule_is_documented_in_the_readme() -> None:
    """Each ledger and lifecycle rule ID appears in README.md with its one-line documentation."""
    from generator.rules import RULES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    ids = [i for i in RULES if i.startswith(("LEDGER-", "LIFECYCLE-"))]
    assert len(ids) == 10
    assert [i for i in ids if f"| `{i}` | {RULES[i].doc} |" not in readme] == []
