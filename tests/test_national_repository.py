"""`lif publish` writes the message the national case review repository asks for: the catalogue
record as an e-mail body and as JSON (a stable schema), with the publication PDF; checked like
the panel copy, so a finding refuses the publication and nothing is written."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

from generator import national_repository
from generator.checks import written_text
from generator.panel_copy import earlier_copies
from generator.schemas import SCHEMA_DIR
from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit
from tests.test_embargo import CANARY_STATES, canary, plant

MESSAGE = "outbox/child-t/national-repository-2026-11-30"
SCHEMA = SCHEMA_DIR / "repository-message.schema.json"


def lif(kit: SiteKit, *args: str) -> Result:
    return run_lif(*args, "--today", "2026-11-23", cwd=kit.root)


def copied_review(kit: SiteKit) -> None:
    """child-t approved and its panel copy written (by the real command) on 2026-11-23."""
    kit.review("child-t", title="Child T: *a* local child safeguarding practice review",
               themes=["information-sharing", "domestic-abuse"], age_band="1-4",
               key_learning=["Share what you know **before** a baby is born.",
                             "Ask about every adult in the household."])
    kit.event("approved", "child-t", "2026-11-20")
    assert lif(kit, "panel-copy", "child-t").exit_code == 0


def message_json(kit: SiteKit) -> dict[str, object]:
    data: dict[str, object] = json.loads((kit.root / MESSAGE / "message.json").read_text())
    return data


@pytest.mark.slow
def test_publish_writes_the_repository_message(kit: SiteKit) -> None:
    """A scheduled publication writes message.txt, message.json and the PDF, and says when to
    send them; the text is the catalogue record as an e-mail a business unit can send."""
    copied_review(kit)
    result = lif(kit, "publish", "child-t", "--on", "2026-11-30")
    assert (result.exit_code, result.stdout) == (0, (
        "lif: recorded 'published' for child-t on 2026-11-30 in ledger.yml (entry 3).\n"
        "lif: child-t is embargoed until 2026-11-30: the nightly build publishes it on that "
        "day.\n"
        f"lif: wrote {MESSAGE}/: message.txt, message.json, child-t.pdf. Send message.txt with "
        "the PDF to the national case review repository on or after 2026-11-30.\n"))
    folder = kit.root / MESSAGE
    assert sorted(p.name for p in folder.iterdir()) == ["child-t.pdf", "message.json",
                                                        "message.txt"]
    pdf = (folder / "child-t.pdf").read_bytes()
    assert pdf == (kit.root / "outbox/child-t/2026-11-23/child-t.pdf").read_bytes()
    digest = hashlib.sha256(pdf).hexdigest()
    assert (folder / "message.txt").read_text() == (
        "To: NSPCC national case review repository\n"
        "From: Testshire Safeguarding Children Partnership\n"
        "Subject: Newly published case review: Child T: a local child\n"
        "  safeguarding practice review\n"
        "\n"
        "Dear colleagues,\n"
        "\n"
        "Testshire Safeguarding Children Partnership has published the case\n"
        "review below. Please add it to the national case review repository. The\n"
        "report is attached as a PDF.\n"
        "\n"
        "Title: Child T: a local child safeguarding practice review\n"
        "Partnership: Testshire Safeguarding Children Partnership\n"
        "Publication date: 30 November 2026\n"
        "Type of review: Local child safeguarding practice review\n"
        "Summary: The review looked at help given to Child T.\n"
        "Themes: Information sharing; Domestic abuse\n"
        "Methodology: SCIE Learning Together\n"
        "Age band: 1 to 4\n"
        "Key learning:\n"
        "- Share what you know before a baby is born.\n"
        "- Ask about every adult in the household.\n"
        "Report page: https://example.test/reviews/child-t/\n"
        f"PDF: child-t.pdf ({len(pdf)} bytes), attached\n"
        f"PDF SHA-256: {digest}\n"
        "\n"
        "Yours faithfully,\n"
        "\n"
        "The business unit\n"
        "Testshire Safeguarding Children Partnership\n")
    assert message_json(kit) == {
        "schemaVersion": 1,
        "repository": "NSPCC national case review repository",
        "identifier": "child-t",
        "title": "Child T: a local child safeguarding practice review",
        "partnership": "Testshire Safeguarding Children Partnership",
        "publicationDate": "2026-11-30",
        "summary": "The review looked at help given to Child T.",
        "themes": [{"code": "information-sharing", "label": "Information sharing"},
                   {"code": "domestic-abuse", "label": "Domestic abuse"}],
        "methodology": "SCIE Learning Together",
        "ageBand": {"code": "1-4", "label": "1 to 4"},
        "reviewType": {"code": "lcspr", "label": "Local child safeguarding practice review"},
        "keyLearning": ["Share what you know before a baby is born.",
                        "Ask about every adult in the household."],
        "url": "https://example.test/reviews/child-t/",
        "pdf": {"file": "child-t.pdf", "path": f"{MESSAGE}/child-t.pdf", "sha256": digest,
                "bytes": len(pdf)},
    }


@pytest.mark.slow
def test_repository_message_follows_its_schema(kit: SiteKit) -> None:
    """message.json validates against generator/schemas/repository-message.schema.json, a
    valid JSON Schema (2020-12) that refuses a record with a key it does not define."""
    copied_review(kit)
    assert lif(kit, "publish", "child-t", "--on", "2026-11-30").exit_code == 0
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    record = message_json(kit)
    validator.validate(record)
    assert [e.message for e in validator.iter_errors({**record, "extra": 1})] == [
        "Additional properties are not allowed ('extra' was unexpected)"]


@pytest.mark.slow
def test_a_finding_in_the_message_refuses_the_publication(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text in the message that the checks refuse (here a phone number a template bug put
    there) stops lif publish: the finding is printed, no ledger entry, no outbox folder."""
    copied_review(kit)
    ledger = (kit.root / "ledger.yml").read_bytes()
    real = national_repository.message_text
    monkeypatch.setattr(national_repository, "message_text",
                        lambda record, day: real(record, day) + "Call 07700 900123.\n")
    result = lif(kit, "publish", "child-t", "--on", "2026-11-30")
    assert (result.exit_code, result.stdout, result.stderr) == (1, (
        f"{MESSAGE}/message.txt:31:6: ID-PHONE a phone number ('0**** 9*****'). Remove it; a "
        "published helpline belongs in the site's allow list.\n"),
        "lif: publish refused: nothing was written to ledger.yml (1 error(s), 0 warning(s))\n")
    assert (kit.root / "ledger.yml").read_bytes() == ledger
    assert sorted(p.name for p in (kit.root / "outbox/child-t").iterdir()) == ["2026-11-23"]


def test_the_repository_message_is_not_a_panel_copy(kit: SiteKit) -> None:
    """Only the dated folders in outbox/SLUG/ are panel copies (a replaced copy never takes
    the repository message with it)."""
    kit.review("child-t")
    for name in ("2026-11-10", "2026-11-23", "national-repository-2026-11-30"):
        (kit.root / "outbox/child-t" / name).mkdir(parents=True)
    from generator.build import check_site

    _, site = check_site(str(kit.root / "mkdocs.yml"), "2026-11-23")
    assert earlier_copies(site, "child-t") == ["2026-11-10", "2026-11-23"]


@pytest.mark.slow
def test_repository_message_holds_nothing_else_not_public(kit: SiteKit) -> None:
    """Publishing one review writes its own canaries into the message and nothing of any
    other review or briefing that is not public (every file read as its reader gets it)."""
    for state in CANARY_STATES:
        plant(kit, f"review-{state}", state)
    kit.publish("review-published", "2025-05-20")
    kit.event("approved", "review-withheld", "2026-02-10")
    kit.event("withheld", "review-withheld", "2026-03-02", reason="Not published to protect "
              "the child.", panel_informed="2026-03-02")
    kit.event("approved", "review-delayed", "2026-06-01")
    kit.event("delayed", "review-delayed", "2026-07-01", reason="Proceedings are ongoing.")
    kit.publish("review-withdrawn", "2024-06-12")
    kit.event("withdrawn", "review-withdrawn", "2025-09-01")
    kit.briefing("future-briefing", "2026-12-20", title=f"Future {canary('scheduled', 'brief')}")
    kit.event("approved", "review-scheduled", "2026-11-01")
    kit.event("panel-copy-sent", "review-scheduled", "2026-11-10")
    result = lif(kit, "publish", "review-scheduled", "--on", "2026-12-09")
    assert result.exit_code == 0, result.output
    folder = kit.root / "outbox/review-scheduled/national-repository-2026-12-09"
    read = {p.name: written_text.text_of(p.suffix, p.read_bytes()) for p in folder.iterdir()}
    everything = "\n".join(read.values())
    for where in ("summary", "learning"):
        assert canary("scheduled", where) in read["message.txt"]
        assert canary("scheduled", where) in read["message.json"]
    assert canary("scheduled", "report") in read["review-scheduled.pdf"]
    for state in ("withheld", "delayed", "draft", "withdrawn", "published"):
        for where in ("report", "response", "summary", "learning", "attachment", "file"):
            assert canary(state, where) not in everything, (state, where)
    assert canary("scheduled", "brief") not in everything


def test_plain_reads_author_text_as_the_page_does() -> None:
    """Inline Markdown and character references in a field read as the page shows them."""
    assert national_repository.plain("Kay**den** &amp; *the*   [school](x.md)") == \
        "Kayden & the school"

