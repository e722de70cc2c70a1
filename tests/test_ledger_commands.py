"""The ledger commands: a review's way from approval to withdrawal, the panel copy's outbox,
`lif status`, and every refusal (nothing written, exit 1, the rule and what to do)."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest
import yaml

from generator.config import THEMES
from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit
from tests.test_embargo import listing_site, site_text

OUTBOX = "outbox/child-t/2026-05-16"


def lif(kit: SiteKit, today: str, *args: str) -> Result:
    return run_lif(*args, "--today", today, cwd=kit.root)


def refused(kit: SiteKit, command: str, *args: str) -> list[str]:
    """Run a command that must be refused; return its stdout lines (the reasons)."""
    path = kit.root / "ledger.yml"
    before = path.read_bytes() if path.exists() else b""
    result = lif(kit, "2026-11-23", command, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"lif: {command} refused: nothing was written to ledger.yml (")
    assert (path.read_bytes() if path.exists() else b"") == before
    return result.stdout.splitlines()


@pytest.mark.slow
def test_workflow_from_approval_to_withdrawal(kit: SiteKit) -> None:
    """approve, panel-copy, publish, build and withdraw, each telling the officer what is next."""
    kit.review("child-t")
    assert lif(kit, "2026-05-01", "approve", "child-t").stdout == (
        "lif: recorded 'approved' for child-t on 2026-05-01 in ledger.yml (entry 1).\n"
        "lif: next, send the panel copy (lif panel-copy child-t).\n")
    copied = lif(kit, "2026-05-16", "panel-copy", "child-t")
    assert (copied.exit_code, copied.stdout) == (0, (
        "lif: recorded 'panel-copy-sent' for child-t on 2026-05-16 in ledger.yml (entry 2).\n"
        f"lif: wrote {OUTBOX}/: child-t.pdf, 3 covering note(s) and "
        "manifest.json. Send them to: Child Safeguarding Practice Review Panel; Secretary of "
        "State for Education (Department for Education); Ofsted.\n"
        "lif: child-t may be published from 2026-05-23 (lif publish child-t --on 2026-05-23).\n"))
    outbox = kit.root / OUTBOX
    assert sorted(p.name for p in outbox.iterdir()) == [
        "child-t.pdf", "manifest.json", "note-child-safeguarding-practice-review-panel.txt",
        "note-ofsted.txt", "note-secretary-of-state-for-education-department-for-education.txt"]
    manifest = json.loads((outbox / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((outbox / name).read_bytes()).hexdigest() == digest
    text = subprocess.run(["pdftotext", str(outbox / "child-t.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    text = " ".join(text.split())
    assert "which meant the picture was incomplete" in text  # the report, parsed back
    assert "The partnership revised its protocol." in text  # then the response
    entries = yaml.safe_load((kit.root / "ledger.yml").read_text())
    assert entries[1]["digest"] == manifest["sources_digest"]
    assert entries[1]["recipients"] == manifest["recipients"]
    note = (outbox / "note-ofsted.txt").read_text()
    assert note.startswith("To: Ofsted\nFrom: Testshire Safeguarding Children Partnership\n"
                           "Date: 16 May 2026\n")
    assert "We will publish them no earlier than 23 May 2026 (7 days' notice after" in note
    title = yaml.safe_load((kit.root / "reviews/child-t/review.yml").read_text())["title"]
    assert (f'we enclose the final report\n"{title}"' in note
            and "\nand the partnership's response, in the form" in note)  # words apart

    assert lif(kit, "2026-05-16", "publish", "child-t", "--on", "2026-05-23").stdout == (
        "lif: recorded 'published' for child-t on 2026-05-23 in ledger.yml (entry 3).\n"
        "lif: child-t is embargoed until 2026-05-23: the nightly build publishes it on that "
        "day.\n"
        "lif: wrote outbox/child-t/national-repository-2026-05-23/: message.txt, message.json, "
        "child-t.pdf. Send message.txt with the PDF to the national case review repository on "
        "or after 2026-05-23.\n")
    assert lif(kit, "2026-05-16", "status").stdout == (
        "Reviews on 16 May 2026:\n"
        "REVIEW   STATE      NEXT\n"
        "child-t  scheduled  embargoed until 2026-05-23; listed until at least 2027-05-23\n")

    built = lif(kit, "2026-05-23", "build")
    assert built.exit_code == 0, built.output
    files = site_text(kit.root / "site")
    page = files["reviews/child-t/index.html"]
    for step, day in (("Approved by the partnership", "1 May 2026"),
                      ("Copy sent to the Child Safeguarding Practice Review Panel", "16 May 2026"),
                      ("Published", "23 May 2026"),
                      ("Listed on this site until at least", "23 May 2027")):
        assert (f'<td data-label="Step">{step}</td>\n<td data-label="Date">{day}</td>'
                in page)
    assert not any(name.startswith("outbox") for name in files)
    published = (kit.root / "site/reviews/child-t/child-t.pdf").read_bytes()
    assert published == (outbox / "child-t.pdf").read_bytes()  # what the Panel received

    assert lif(kit, "2027-05-23", "withdraw", "child-t", "--on", "2027-05-23").stdout == (
        "lif: recorded 'withdrawn' for child-t on 2027-05-23 in ledger.yml (entry 4).\n")
    assert lif(kit, "2027-06-01", "status").stdout == (
        "Reviews on 1 June 2027:\n"
        "REVIEW   STATE      NEXT\n"
        "child-t  withdrawn  available on request since 2027-05-23\n")


def test_recipients_are_a_site_option(kit: SiteKit) -> None:
    """panel_copy_recipients replaces the default recipients of the covering notes."""
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "      panel_copy_recipients: [Ofsted, "
                      "'Local Authority Designated Officer']\n")
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    assert lif(kit, "2026-11-23", "panel-copy", "child-t").exit_code == 0
    folder = kit.root / "outbox/child-t/2026-11-23"
    assert sorted(p.name for p in folder.glob("note-*")) == [
        "note-local-authority-designated-officer.txt", "note-ofsted.txt"]


def test_status_shows_what_each_review_waits_for(kit: SiteKit) -> None:
    """lif status: each state, what it waits for and the first day the next step is allowed."""
    listing_site(kit)
    kit.review("child-c", subject="Child C")
    kit.event("approved", "child-c", "2026-11-01")
    kit.event("panel-copy-sent", "child-c", "2026-11-20")
    kit.review("child-e", subject="Child E")
    kit.event("approved", "child-e", "2026-11-01")
    kit.review("child-f", subject="Child F")
    kit.publish("child-f", "2026-05-20")
    result = lif(kit, "2026-11-23", "status")
    assert (result.exit_code, result.stdout.splitlines()) == (0, [
        "Reviews on 23 November 2026:",
        "REVIEW            STATE      NEXT",
        "child-c           approved   panel copy sent 2026-11-20; may publish from 2026-11-27",
        "child-e           approved   waits for the panel copy (lif panel-copy child-e)",
        "child-f           published  listed until at least 2027-05-20; may be withdrawn from "
        "2027-05-20",
        "review-delayed    delayed    delayed (Proceedings are ongoing.); waits for the panel "
        "copy (lif panel-copy review-delayed)",
        "review-draft      draft      draft: waits for 'draft: true' to be removed, then approval "
        "(lif approve)",
        "review-published  published  minimum listing ended 2026-05-20; may be withdrawn (lif "
        "withdraw review-published --on DATE)",
        "review-scheduled  scheduled  embargoed until 2026-12-09; listed until at least "
        "2027-12-09",
        "review-withdrawn  withdrawn  available on request since 2025-09-01",
        "review-withheld   withheld   not published (the Panel was informed 2026-03-02)",
    ])


def test_status_says_when_the_sources_changed(kit: SiteKit) -> None:
    """An edit after the panel copy shows in status as a new copy to send."""
    kit.review("child-c", subject="Child C")
    kit.event("approved", "child-c", "2026-11-01")
    kit.event("panel-copy-sent", "child-c", "2026-11-20")
    report = kit.root / "reviews/child-c/report.md"
    report.write_text(report.read_text() + "\nA late paragraph.\n")
    assert lif(kit, "2026-11-23", "status").stdout.splitlines()[2] == (
        "child-c  approved  changed since the panel copy of 2026-11-20: send a new copy (lif "
        "panel-copy child-c)")


# --------------------------------------------------------------------------- refusals


def test_approve_unknown_review_is_refused(kit: SiteKit) -> None:
    """Approving a slug with no folder names the rule and what to check."""
    assert refused(kit, "approve", "child-x") == [
        "reviews/child-x/review.yml:1:1: LIFECYCLE-REFUSED there is no review 'child-x'. Check "
        "the slug against the folders in reviews/."]


def test_approve_lists_every_problem_of_the_review(kit: SiteKit) -> None:
    """A review that fails a check cannot be approved; every finding is printed."""
    kit.review("child-t", themes=["sleep"])
    assert refused(kit, "approve", "child-t") == [
        "reviews/child-t/review.yml:8:3: THEME-UNKNOWN 'sleep' is not a theme in the site's "
        "vocabulary. Did you mean 'safer-sleep'?"]


def test_approve_a_draft_or_twice_is_refused(kit: SiteKit) -> None:
    """A draft is not approved; nor is a review already approved."""
    kit.review("child-t", draft=True)
    assert refused(kit, "approve", "child-t") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED child-t is marked 'draft: true'. "
        "Remove 'draft: true' from review.yml when the report is final, then approve it."]
    kit.review("child-u", subject="Child U")
    kit.event("approved", "child-u", "2026-11-01")
    assert refused(kit, "approve", "child-u") == [
        "reviews/child-u/review.yml:1:1: LIFECYCLE-REFUSED child-u was already approved on "
        "2026-11-01. Nothing to do; the next step is the panel copy (lif panel-copy child-u)."]


def test_panel_copy_of_an_unapproved_review_is_refused(kit: SiteKit) -> None:
    """No panel copy before approval, and no outbox folder is written."""
    kit.review("child-t")
    assert refused(kit, "panel-copy", "child-t") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-ORDER panel copy sent 2026-11-23 but the "
        "review was not approved. Approve it first (lif approve child-t), then send the copy."]
    assert not (kit.root / "outbox").exists()


def test_publish_twice_is_refused(kit: SiteKit) -> None:
    """A published review cannot be published again."""
    kit.review("child-t")
    kit.publish("child-t", "2026-05-20")
    assert refused(kit, "publish", "child-t", "--on", "2026-12-01") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED child-t is already published on "
        "2026-05-20. Nothing to do."]


def test_withhold_and_delay_refusals(kit: SiteKit) -> None:
    """Withholding needs an approval; a delay needs a reason; neither is recorded twice."""
    kit.review("child-t")
    assert refused(kit, "withhold", "child-t", "--reason", "To protect the child.",
                   "--panel-informed", "2026-11-20") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-ORDER withheld 2026-11-23 but the review was "
        "not approved. Approve it first (lif approve child-t)."]
    kit.event("approved", "child-t", "2026-11-01")
    assert refused(kit, "delay", "child-t", "--reason", " ") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED the reason is empty. Give the public "
        "reason with --reason \"...\"."]
    assert lif(kit, "2026-11-23", "withhold", "child-t", "--reason", "To protect the child.",
               "--panel-informed", "2026-11-20").exit_code == 0
    assert refused(kit, "withhold", "child-t", "--reason", "Again.", "--panel-informed",
                   "2026-11-20") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED child-t is already withheld. Nothing "
        "to do."]
    entry = yaml.safe_load((kit.root / "ledger.yml").read_text())[-1]
    assert (entry["event"], entry["reason"], entry["panel_informed"]) == (
        "withheld", "To protect the child.", __import__("datetime").date(2026, 11, 20))


def test_broken_ledger_refuses_every_command(kit: SiteKit) -> None:
    """Nothing is appended to a ledger whose chain is broken."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    path = kit.root / "ledger.yml"
    path.write_text(path.read_text().replace("2026-11-01", "2026-10-01"))
    assert refused(kit, "panel-copy", "child-t") == [
        "ledger.yml:4:1: LEDGER-CHAIN entry 1 (approved child-t 2026-10-01) does not match the "
        "ledger's hash chain: an entry at or before it was edited, reordered or removed. Restore "
        "ledger.yml from git (git checkout -- ledger.yml); record changes only with lif "
        "commands."]


def test_bad_on_date_is_a_usage_error(kit: SiteKit) -> None:
    """A malformed --on is a usage error, exit 2."""
    kit.review("child-t")
    result = lif(kit, "2026-11-23", "approve", "child-t", "--on", "1/5/2026")
    assert (result.exit_code, result.stderr) == (
        2, "lif: --on must be a date written as YYYY-MM-DD, not '1/5/2026'.\n")


def test_status_themes_lists_the_vocabulary_with_the_sites_own(kit: SiteKit) -> None:
    """lif status --themes: every theme a review may name, the site's extra themes last."""
    kit = SiteKit(kit.root, extra_config="extra_themes: {online-gaming: Online gaming}\n")
    result = run_lif("status", "--themes", cwd=kit.root)
    lines = result.stdout.splitlines()
    assert (result.exit_code, lines[0], lines[-1], len(lines)) == (
        0, "neglect                          Neglect",
        "online-gaming                    Online gaming", len(THEMES) + 1)


# --------------------------------------------------------------------------- redaction

PHONE_REPORT = "## 1. Introduction\n\n1. The family could be called on 07700 900123.\n"
PHONE_FINDING = ("reviews/child-t/report.md:3:34: ID-PHONE a phone number ('0**** 9*****'). "
                 "Remove it; a published helpline belongs in the site's allow list.")


@pytest.mark.parametrize(("events", "command", "args"), [
    ((), "approve", ()),
    (("approved",), "panel-copy", ()),
    (("approved", "panel-copy-sent"), "publish", ("--on", "2026-12-01")),
])
def test_review_text_must_pass_redaction_whatever_its_state(
        kit: SiteKit, events: tuple[str, ...], command: str, args: tuple[str, ...]) -> None:
    """A review not yet public, so never scanned by the site's checks, is scanned before each
    step that vouches for it: a finding refuses it, with nothing written anywhere."""
    kit.review("child-t", report=PHONE_REPORT)
    for event in events:
        fields = {"recipients": ["Ofsted"]} if event == "panel-copy-sent" else {}
        kit.event(event, "child-t", "2026-11-01", **fields)
    assert refused(kit, command, "child-t", *args) == [PHONE_FINDING]
    assert not (kit.root / "outbox").exists()


def test_protected_name_in_an_approved_review_refuses_publication(kit: SiteKit) -> None:
    """A protected name in the summary of a review that is only approved stops publication."""
    key = {"LIF_PROTECT_KEY": "test-only key, never a real one", "CI": None}
    kit.review("child-t", summary="Agencies met Jane at home.")
    assert run_lif("protect", "child-t", input_text="Jane Ashworth\n", cwd=kit.root,
                   env=key).exit_code == 0
    kit.event("approved", "child-t", "2026-11-01")
    kit.event("panel-copy-sent", "child-t", "2026-11-02", recipients=["Ofsted"])
    before = (kit.root / "ledger.yml").read_bytes()
    result = run_lif("publish", "child-t", "--on", "2026-12-01", "--today", "2026-11-23",
                     cwd=kit.root, env=key)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        "reviews/child-t/review.yml:4:1: PROTECTED-TERM a protected name or place of a review "
        "('J***'). Replace it with the pseudonym or a role (Mother, the school), or remove it."])
    assert (kit.root / "ledger.yml").read_bytes() == before


def test_ledger_commands_need_the_key_to_check_protected_names(kit: SiteKit) -> None:
    """Without LIF_PROTECT_KEY a review's protected names cannot be checked: outside CI the
    build warns, but approving (sending, scheduling) unchecked text is refused."""
    kit.review("child-t")
    (kit.root / "reviews/child-t/protected.hmac").write_text("# digests\n")
    result = run_lif("approve", "child-t", "--today", "2026-11-23", cwd=kit.root,
                     env={"LIF_PROTECT_KEY": None, "CI": None})
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        "reviews/child-t/protected.hmac:1:1: PROTECT-KEY-MISSING LIF_PROTECT_KEY is not set, so "
        "this review's protected names and places cannot be checked. Set LIF_PROTECT_KEY (in "
        "CI, as a secret) to the partnership's key."])
    assert not (kit.root / "ledger.yml").exists()


def test_panel_copy_pdf_is_scanned_before_it_reaches_the_outbox(kit: SiteKit) -> None:
    """What only the rendered text shows (a character reference becomes a digit) is found at
    the source line before the outbox is written: refused, no outbox, no ledger event."""
    kit.review("child-t", report="## 1. Introduction\n\n1. The family could be called on "
                                 "&#48;7700 900123.\n")
    kit.event("approved", "child-t", "2026-11-01")
    found = ["reviews/child-t/report.md:3:34: ID-PHONE a phone number ('0**** 9*****'). Remove "
             "it; a published helpline belongs in the site's allow list."]
    checked = lif(kit, "2026-11-23", "check")  # check runs the next step's checks: it agrees
    assert (checked.exit_code, checked.stdout.splitlines()) == (1, found)
    assert refused(kit, "panel-copy", "child-t") == found  # the reader's text, at the source
    assert not (kit.root / "outbox").exists()
