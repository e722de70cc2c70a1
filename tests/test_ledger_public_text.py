"""The permanent record stays clean: free text and slugs are checked before the ledger is
written, a reason is corrected with `lif ledger redact`, and the ledger records when."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit

TODAY = "2026-11-23"
KEY = {"LIF_PROTECT_KEY": "test-only key, never a real one", "CI": None}
IDENTIFIERS = {
    "phone": ("Call the father on 07700 900123.", "ID-PHONE a phone number ('0**** 9*****')"),
    "postcode": ("The family moved to LS1 4AP last year.", "ID-POSTCODE"),
    "nhs": ("NHS number 943 476 5919 was on the file.", "ID-NHS-NUMBER"),
    "email": ("Write to dad@example.com about it.", "ID-EMAIL"),
    "name": ("The father Jane Ashworth asked for this.", "PROTECTED-TERM"),
}


def lif(kit: SiteKit, *args: str, today: str = TODAY) -> Result:
    return run_lif(*args, "--today", today, cwd=kit.root, env=KEY)


def ledger_bytes(kit: SiteKit) -> bytes:
    path = kit.root / "ledger.yml"
    return path.read_bytes() if path.exists() else b""


def protected_site(kit: SiteKit) -> None:
    kit.review("child-t")
    assert run_lif("protect", "child-t", input_text="Jane Ashworth\n", cwd=kit.root,
                   env=KEY).exit_code == 0


def refused_lines(kit: SiteKit, *args: str, today: str = TODAY) -> list[str]:
    """Run a command that must be refused with the ledger's bytes unchanged; its findings."""
    before = ledger_bytes(kit)
    result = lif(kit, *args, today=today)
    assert result.exit_code == 1, result.output
    assert ledger_bytes(kit) == before
    return result.stdout.splitlines()


COMMANDS = {
    "withhold": lambda text: ("withhold", "child-t", "--reason", text,
                              "--panel-informed", "2026-11-20"),
    "delay": lambda text: ("delay", "child-t", "--reason", text),
    "approve-late": lambda text: ("approve", "child-t", "--on", "2026-11-20",
                                  "--recorded-late", text),
    "publish-late": lambda text: ("publish", "child-t", "--on", "2026-11-20",
                                  "--recorded-late", text),
    "panel-copy-replace": lambda text: ("panel-copy", "child-t", "--replace", "--reason", text),
    "redact": lambda text: ("ledger", "redact", "3", "reason", "--reason", text),
}


@pytest.mark.parametrize("kind", sorted(IDENTIFIERS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_identifying_free_text_is_refused_with_nothing_written(
        kit: SiteKit, command: str, kind: str) -> None:
    """Every ledger command's free text goes through every detector (protected names
    included): a finding at the option refuses the command, the ledger's bytes unchanged."""
    protected_site(kit)
    kit.event("approved", "child-t", "2026-11-01")
    if command in ("redact", "panel-copy-replace"):
        kit.event("panel-copy-sent", "child-t", "2026-11-02", recipients=["Ofsted"])
        kit.event("delayed", "child-t", "2026-11-03", reason="Held up by proceedings.")
    text, expected = IDENTIFIERS[kind]
    lines = refused_lines(kit, *COMMANDS[command](text))
    option = "--recorded-late" if command.endswith("-late") else "--reason"
    assert any(line.startswith(f"{option}:1:") and expected in line for line in lines), lines
    assert not any("Ashworth" in line or "900123" in line for line in lines)


@pytest.mark.parametrize("slug", ["child-07700900123", "jane-ashworth"])
def test_identifying_slug_is_refused_before_the_ledger_is_written(kit: SiteKit,
                                                                  slug: str) -> None:
    """A slug is in every URL and the ledger: an identifier in it refuses approval."""
    protected_site(kit)
    kit.review(slug)
    lines = refused_lines(kit, "approve", slug)
    assert any(line.startswith("SLUG:1:") for line in lines), lines


def test_plain_reason_and_slug_are_recorded(kit: SiteKit) -> None:
    """The near miss: a plain reason passes the same checks and is appended."""
    protected_site(kit)
    kit.event("approved", "child-t", "2026-11-01")
    result = lif(kit, "delay", "child-t", "--reason", "Delayed by criminal proceedings.")
    assert (result.exit_code, result.stdout) == (
        0, "lif: recorded 'delayed' for child-t on 2026-11-23 in ledger.yml (entry 2).\n")


def test_markup_in_a_reason_is_refused(kit: SiteKit) -> None:
    """A reason is printed by a template: markup in it is a finding at the option."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    assert refused_lines(kit, "delay", "child-t", "--reason", "Delayed <b>again</b>.") == [
        "--reason:1:9: PUBLIC-MARKUP markup ('<b') in the reason: a template prints it as it "
        "is. Write plain text: no HTML tags, angle brackets or character references."]


def test_future_approval_and_panel_copy_are_refused(kit: SiteKit) -> None:
    """The ledger records what happened: approval and a panel copy cannot be dated ahead."""
    kit.review("child-t")
    message = ("reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED --on 2026-11-24 is after today "
               "(2026-11-23): the ledger records what has happened. Record it on the day it "
               "happens.")
    assert message in refused_lines(kit, "approve", "child-t", "--on", "2026-11-24")
    kit.event("approved", "child-t", "2026-11-01")
    assert message in refused_lines(kit, "panel-copy", "child-t", "--on", "2026-11-24")


def test_back_dated_event_needs_recorded_late_and_is_marked(kit: SiteKit) -> None:
    """An event dated before today needs --recorded-late; it is marked in ledger.yml and
    ledger.json, and the notice runs from the day it was recorded."""
    kit.review("child-t")
    assert refused_lines(kit, "approve", "child-t", "--on", "2026-11-01") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED --on 2026-11-01 is before today "
        "(2026-11-23). Say why it is recorded only now with --recorded-late \"...\" (published "
        "with the event); notice runs from today."]
    assert lif(kit, "approve", "child-t", "--on", "2026-11-01", "--recorded-late",
               "The minute of the meeting arrived late.").exit_code == 0
    copied = lif(kit, "panel-copy", "child-t", "--on", "2026-11-02", "--recorded-late",
                 "Sent by post; recorded on return.")
    assert copied.exit_code == 0, copied.output
    entries = yaml.safe_load((kit.root / "ledger.yml").read_text())
    assert (str(entries[1]["date"]), str(entries[1]["recorded"]), entries[1]["recorded_late"]) == (
        "2026-11-02", "2026-11-23", "Sent by post; recorded on return.")
    assert "child-t may be published from 2026-11-30" in copied.stdout
    early = refused_lines(kit, "publish", "child-t", "--on", "2026-11-27")
    assert any("LIFECYCLE-NOTICE published 2026-11-27 but the panel copy was sent 2026-11-23"
               in line for line in early), early
    assert lif(kit, "publish", "child-t", "--on", "2026-11-30").exit_code == 0
    assert lif(kit, "build", today="2026-11-30").exit_code == 0
    public = json.loads((kit.root / "site/ledger.json").read_text())["entries"]
    assert {k: public[1][k] for k in ("event", "recorded", "recorded_late")} == {
        "event": "panel-copy-sent", "recorded": "2026-11-23",
        "recorded_late": "Sent by post; recorded on return."}


def test_recorded_late_is_refused_for_a_day_that_is_today(kit: SiteKit) -> None:
    """The near miss: --recorded-late on today's event is a mistake, refused."""
    kit.review("child-t")
    assert refused_lines(kit, "approve", "child-t", "--recorded-late", "No reason.") == [
        "reviews/child-t/review.yml:1:1: LIFECYCLE-REFUSED --recorded-late given, but --on "
        "2026-11-23 is not before today (2026-11-23). Leave out --recorded-late."]


def redacted_site(kit: SiteKit) -> None:
    """A delayed review whose reason names someone a protected term added later catches."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    kit.event("panel-copy-sent", "child-t", "2026-11-02", recipients=["Ofsted"])
    kit.event("delayed", "child-t", "2026-11-03", reason="Delayed: Jane Ashworth objected.")


def test_ledger_redact_replaces_the_text_and_the_chain_verifies(kit: SiteKit) -> None:
    """`lif ledger redact` replaces a reason with the placeholder, appends a 'redacted' event
    (never the removed words), and the build passes with the placeholder in ledger.json and the
    listing."""
    redacted_site(kit)
    assert run_lif("protect", "child-t", input_text="Jane Ashworth\n", cwd=kit.root,
                   env=KEY).exit_code == 0
    assert lif(kit, "check").exit_code == 1  # the reason is public and names her
    done = lif(kit, "ledger", "redact", "3", "reason", "--reason",
               "The reason named a family member.")
    assert done.stdout.splitlines()[0] == (
        "lif: replaced the reason of entry 3 (delayed child-t 2026-11-03) with '(removed from "
        "the public record)' and recorded 'redacted' on 2026-11-23 in ledger.yml (entry 4).")
    text = (kit.root / "ledger.yml").read_text()
    assert "Ashworth" not in text
    entries = yaml.safe_load(text)
    assert entries[2]["reason"] == "(removed from the public record)"
    assert {k: str(entries[3][k]) for k in ("event", "review", "date", "entry", "field",
                                             "reason")} == {
        "event": "redacted", "review": "child-t", "date": "2026-11-23", "entry": "3",
        "field": "reason", "reason": "The reason named a family member."}
    built = lif(kit, "build")
    assert built.exit_code == 0, built.output
    public = json.loads((kit.root / "site/ledger.json").read_text())["entries"]
    assert [(e["event"], e.get("reason")) for e in public] == [
        ("delayed", "(removed from the public record)"),
        ("redacted", "The reason named a family member.")]
    assert "(removed from the public record)" in (kit.root / "site/reviews/index.html").read_text()


def test_an_edit_to_any_other_entry_is_still_caught(kit: SiteKit) -> None:
    """After a redaction, editing another entry's reason, or a placeholder without a
    'redacted' event, still breaks the chain."""
    redacted_site(kit)
    kit.event("withheld", "child-t", "2026-11-04", reason="Not published to protect the child.",
              panel_informed="2026-11-04")
    assert lif(kit, "ledger", "redact", "3", "reason", "--reason", "Named someone.").exit_code == 0
    assert lif(kit, "check").exit_code == 0
    path = kit.root / "ledger.yml"
    clean = path.read_text()
    path.write_text(clean.replace("Not published to protect the child.", "Edited."))
    result = lif(kit, "check")
    assert result.exit_code == 1
    assert "LEDGER-CHAIN entry 4 (withheld child-t 2026-11-04) does not match" in result.stdout
    digest = yaml.safe_load(clean)[2]["digests"]["reason"]
    path.write_text(clean.replace(
        "reason: Not published to protect the child.",
        f"reason: (removed from the public record)\n  digests:\n    reason: {digest}"))
    assert "LEDGER-CHAIN entry 4 (withheld child-t 2026-11-04) does not match" in \
        lif(kit, "check").stdout


def test_redact_refuses_an_entry_without_that_text(kit: SiteKit) -> None:
    """The near miss: an entry with no reason, or one already redacted, is refused."""
    redacted_site(kit)
    assert refused_lines(kit, "ledger", "redact", "1", "reason", "--reason", "Tidy.") == [
        "ledger.yml:4:1: LIFECYCLE-REFUSED entry 1 (approved) has no reason. Choose the entry "
        "and field to redact (reason, recorded_late)."]


def test_panel_copy_is_replaced_never_edited(kit: SiteKit) -> None:
    """A second copy on the same day is refused; --replace records why, starts the notice
    again and removes the earlier copy from the outbox."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    assert lif(kit, "panel-copy", "child-t", today="2026-11-20").exit_code == 0
    assert (kit.root / "outbox/child-t/2026-11-20").is_dir()
    assert any("already holds a panel copy" in line for line in
               refused_lines(kit, "panel-copy", "child-t", today="2026-11-20"))
    replaced = lif(kit, "panel-copy", "child-t", "--replace", "--reason",
                   "The covering note named the wrong team.")
    assert replaced.exit_code == 0, replaced.output
    assert "lif: withdrew the earlier copy outbox/child-t/2026-11-20/ (removed)." in \
        replaced.stdout
    assert "child-t may be published from 2026-11-30" in replaced.stdout
    assert sorted(p.name for p in (kit.root / "outbox/child-t").iterdir()) == ["2026-11-23"]
    last = yaml.safe_load((kit.root / "ledger.yml").read_text())[-1]
    assert (str(last["replaces"]), last["reason"]) == ("2026-11-20",
                                                 "The covering note named the wrong team.")


def test_digest_finding_names_the_file_that_changed(kit: SiteKit) -> None:
    """A change to response.md after the panel copy is reported at response.md, naming it, and
    an added attachment is named too; the report is not blamed."""
    kit.review("child-t")
    kit.event("approved", "child-t", "2026-11-01")
    assert lif(kit, "panel-copy", "child-t", today="2026-11-20").exit_code == 0
    response = kit.root / "reviews/child-t/response.md"
    response.write_text(response.read_text() + "\nOne more sentence.\n")
    lines = lif(kit, "check").stdout.splitlines()
    assert lines[0].startswith(
        "reviews/child-t/response.md:1:1: LIFECYCLE-DIGEST response.md of child-t changed after "
        "the panel copy sent 2026-11-20."), lines
    (kit.root / "reviews/child-t/files").mkdir()
    (kit.root / "reviews/child-t/files/plan.txt").write_text("A plan.\n")
    assert lif(kit, "check").stdout.startswith(
        "reviews/child-t/files/plan.txt:1:1: LIFECYCLE-DIGEST files/plan.txt, response.md of "
        "child-t changed after the panel copy sent 2026-11-20.")


def test_previous_deployment_accepts_a_redacted_field_and_nothing_else(kit: SiteKit) -> None:
    """The deployed ledger.json had the words; after `lif ledger redact` the ledger still
    extends it, while another changed field is still refused."""
    redacted_site(kit)
    assert lif(kit, "build").exit_code == 0
    deployed = kit.root / "deployed-ledger.json"
    deployed.write_bytes((kit.root / "site/ledger.json").read_bytes())
    assert lif(kit, "ledger", "redact", "3", "reason", "--reason", "Named someone.").exit_code == 0
    assert lif(kit, "check", "--previous", str(deployed)).exit_code == 0
    data = json.loads(deployed.read_text())
    data["entries"][0]["review"] = "child-x"
    deployed.write_text(json.dumps(data))
    result = lif(kit, "check", "--previous", str(deployed))
    assert "LEDGER-PREVIOUS entry 3 (delayed child-t 2026-11-03) shows review other than the " \
        "previous deployment's ledger did" in result.stdout, result.stdout
