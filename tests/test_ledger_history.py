"""The ledger is append-only: tampering is reported at its line, and each ledger must extend the
one committed at git HEAD and the one the last deployment published (ledger.json)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import ledger
from generator.load import load_ledger
from generator.models import LedgerEvent
from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit
from tests.test_embargo import canary, listing_site, site_text

CHAIN = ("does not match the ledger's hash chain: an entry at or before it was edited, reordered "
         "or removed. Restore ledger.yml from git (git checkout -- ledger.yml); record changes "
         "only with lif commands.")
RESTORE = ("Restore ledger.yml from the previous deployment or from git (git checkout -- "
           "ledger.yml) and record changes only with lif commands.")


def check(kit: SiteKit, *args: str) -> Result:
    return run_lif("check", "--today", "2026-11-23", *args, cwd=kit.root)


def published_child_t(kit: SiteKit) -> str:
    """child-t approved, copied and published: ledger entries at lines 4, 8 and 15."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    return (kit.root / "ledger.yml").read_text()


def blocks(text: str) -> tuple[str, list[str]]:
    """The ledger's header and its entries as text blocks."""
    head, *entries = text.split("\n- ")
    return head + "\n", ["- " + e.rstrip("\n") + "\n" for e in entries]


def reseal(kit: SiteKit, events: list[LedgerEvent]) -> None:
    """Rewrite the whole ledger with a valid chain: tampering the chain alone cannot catch."""
    path = kit.root / "ledger.yml"
    path.unlink()
    for event in events:
        entries, _ = load_ledger(kit.root, path, [])
        ledger.append_event(path, event.model_copy(update={"hash": ""}), entries)


def events_of(kit: SiteKit) -> list[LedgerEvent]:
    entries, _ = load_ledger(kit.root, kit.root / "ledger.yml", [])
    return [entry.event for entry in entries]


# --------------------------------------------------------------------------- the hash chain


def test_edited_entry_is_reported_at_its_line(kit: SiteKit) -> None:
    """Changing the date of an entry breaks the chain at that entry."""
    text = published_child_t(kit)
    (kit.root / "ledger.yml").write_text(text.replace("date: 2025-05-20", "date: 2025-05-21"))
    result = check(kit)
    assert (result.exit_code, result.stdout) == (1, (
        f"ledger.yml:15:1: LEDGER-CHAIN entry 3 (published child-t 2025-05-21) {CHAIN}\n"))


def test_reordered_entries_are_reported_at_the_first_moved(kit: SiteKit) -> None:
    """Swapping two entries breaks the chain at the first one moved (and its rules too)."""
    head, entries = blocks(published_child_t(kit))
    (kit.root / "ledger.yml").write_text(head + entries[0] + entries[2] + entries[1])
    result = check(kit)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        f"ledger.yml:8:1: LEDGER-CHAIN entry 2 (published child-t 2025-05-20) {CHAIN}",
        "ledger.yml:8:1: LIFECYCLE-NOTICE child-t: published 2025-05-20 but no panel copy was "
        "sent. Send the panel copy first (lif panel-copy child-t); publication may follow after "
        "7 days' notice.",
    ])


def test_removed_entry_is_reported_at_the_next_line(kit: SiteKit) -> None:
    """Removing an entry breaks the chain at the entry that followed it."""
    head, entries = blocks(published_child_t(kit))
    (kit.root / "ledger.yml").write_text(head + entries[0] + entries[2])
    result = check(kit)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"ledger.yml:8:1: LEDGER-CHAIN entry 2 (published child-t 2025-05-20) {CHAIN}")


def test_entry_appended_by_hand_is_reported_at_its_line(kit: SiteKit) -> None:
    """An entry typed into the ledger, not written by a lif command, has no valid hash."""
    text = published_child_t(kit)
    (kit.root / "ledger.yml").write_text(
        text + "- event: withdrawn\n  review: child-t\n  date: 2026-06-01\n")
    result = check(kit)
    assert (result.exit_code, result.stdout) == (1, (
        f"ledger.yml:19:1: LEDGER-CHAIN entry 4 (withdrawn child-t 2026-06-01) {CHAIN}\n"))


# --------------------------------------------------------------------------- git HEAD


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c",
                    "user.email=test@example.test", *args], check=True, capture_output=True)


def committed(kit: SiteKit) -> None:
    git(kit.root, "init", "-q")
    git(kit.root, "add", "-A")
    git(kit.root, "commit", "-q", "-m", "site")


def test_appending_extends_the_ledger_at_git_head(kit: SiteKit) -> None:
    """A ledger that only appended to the committed one passes."""
    published_child_t(kit)
    committed(kit)
    kit.review("baby-k", subject="Baby K")
    assert run_lif("approve", "baby-k", "--today", "2026-11-23", cwd=kit.root).exit_code == 0
    assert check(kit).exit_code == 0


def test_resealed_edit_is_caught_by_git_head(kit: SiteKit) -> None:
    """Rewriting history with a valid chain still differs from the ledger committed at HEAD."""
    published_child_t(kit)
    committed(kit)
    events = events_of(kit)
    events[2] = events[2].model_copy(update={"date": events[2].date.replace(day=27)})
    reseal(kit, events)
    result = check(kit)
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:15:1: LEDGER-HEAD entry 3 (published child-t 2025-05-27) differs from the "
        "ledger committed at git HEAD: committed entries may not be edited, reordered or "
        f"removed. {RESTORE}\n"))


def test_resealed_removal_is_caught_by_git_head(kit: SiteKit) -> None:
    """Dropping the last committed entry and resealing is reported as removed entries."""
    published_child_t(kit)
    committed(kit)
    reseal(kit, events_of(kit)[:2])
    result = check(kit)
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:8:1: LEDGER-HEAD the ledger has 2 entries but the one committed at git HEAD "
        f"has 3: entries were removed. {RESTORE}\n"))


def test_deleted_ledger_is_caught_by_git_head(kit: SiteKit) -> None:
    """Deleting ledger.yml altogether does not escape the committed history."""
    published_child_t(kit)
    committed(kit)
    (kit.root / "ledger.yml").unlink()
    result = check(kit)
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:1:1: LEDGER-HEAD the ledger has 0 entries but the one committed at git HEAD "
        f"has 3: entries were removed. {RESTORE}\n"))


# --------------------------------------------------------------------------- the deployed ledger


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, as the last deployment would be."""
    folder = tmp_path / "deployed"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.slow
def test_ledger_must_extend_the_deployed_ledger_json(
        kit: SiteKit, served: tuple[Path, str]) -> None:
    """--previous URL: appending passes; a resealed rewrite of a deployed entry fails."""
    folder, base = served
    published_child_t(kit)
    built = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert built.exit_code == 0, built.output
    shutil.copy(kit.root / "site/ledger.json", folder / "ledger.json")
    url = f"{base}/ledger.json"
    kit.review("baby-k", subject="Baby K")
    assert run_lif("approve", "baby-k", "--today", "2026-11-23", cwd=kit.root).exit_code == 0
    assert check(kit, "--previous", url).exit_code == 0
    events = events_of(kit)
    events[0] = events[0].model_copy(update={"date": events[0].date.replace(day=2)})
    reseal(kit, events)
    result = check(kit, "--previous", url)
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:4:1: LEDGER-PREVIOUS entry 1 of the previous deployment's ledger (approved "
        f"child-t 2025-04-29) is missing or changed here: the ledger must extend {url}. "
        f"{RESTORE}\n"))
    again = run_lif("build", "--today", "2026-11-23", cwd=kit.root, env={"LIF_PREVIOUS": url})
    assert again.exit_code == 1
    assert again.stdout.startswith("ledger.yml:4:1: LEDGER-PREVIOUS entry 1 ")


def test_missing_deployed_ledger_fails_closed(kit: SiteKit, served: tuple[Path, str]) -> None:
    """A --previous URL that answers 404 is an error naming the URL and the HTTP reason."""
    _, base = served
    published_child_t(kit)
    result = check(kit, "--previous", f"{base}/ledger.json")
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:1:1: LEDGER-PREVIOUS cannot read the previous deployment's ledger at "
        f"{base}/ledger.json (HTTP 404 File not found). Check the --previous path or URL; the "
        "build cannot prove the ledger was only appended to without it.\n"))


def test_unreadable_previous_ledger_fails_closed(kit: SiteKit) -> None:
    """A --previous that cannot be read is an error: the history cannot be proved."""
    published_child_t(kit)
    result = check(kit, "--previous", "deployed/ledger.json")
    assert (result.exit_code, result.stdout) == (1, (
        "ledger.yml:1:1: LEDGER-PREVIOUS cannot read the previous deployment's ledger at "
        "deployed/ledger.json (FileNotFoundError: [Errno 2] No such file or directory: "
        f"'{kit.root}/deployed/ledger.json'). Check the --previous path or URL; the build cannot "
        "prove the ledger was only appended to without it.\n"))


# --------------------------------------------------------------------------- ledger.json, embargo


@pytest.mark.slow
def test_ledger_json_holds_public_events_only(kit: SiteKit) -> None:
    """ledger.json lists listed reviews' events: no scheduled slug, no withheld detail."""
    listing_site(kit)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 0, result.output
    data = json.loads((kit.root / "site/ledger.json").read_text())
    shown = [{k: v for k, v in e.items() if k != "hash"} for e in data["entries"]]
    assert shown == [
        {"event": "approved", "review": "review-published", "date": "2025-04-29"},
        {"event": "panel-copy-sent", "review": "review-published", "date": "2025-05-06"},
        {"event": "published", "review": "review-published", "date": "2025-05-20"},
        {"event": "withheld", "review": "review-withheld", "reason": "Not published to protect "
         "the child."},
        {"event": "delayed", "review": "review-delayed", "reason": "Proceedings are ongoing."},
        {"event": "approved", "review": "review-withdrawn", "date": "2024-05-22"},
        {"event": "panel-copy-sent", "review": "review-withdrawn", "date": "2024-05-29"},
        {"event": "published", "review": "review-withdrawn", "date": "2024-06-12"},
        {"event": "withdrawn", "review": "review-withdrawn", "date": "2025-09-01"},
    ]
    assert (data["format"], data["date"]) == ("lif-ledger/2", "2026-11-23")
    assert all(len(e["hash"]) == 64 for e in data["entries"])


@pytest.mark.slow
def test_embargoed_canary_absent_the_day_before_and_present_on_the_day(kit: SiteKit) -> None:
    """The day before its publication nothing of a scheduled review is in site/; on it, it is."""
    listing_site(kit)
    before = run_lif("build", "--today", "2026-12-08", cwd=kit.root)
    assert before.exit_code == 0, before.output
    files = site_text(kit.root / "site")
    assert "ledger.json" in files
    for text in ("review-scheduled", canary("scheduled", "report"),
                 canary("scheduled", "summary"), canary("scheduled", "learning"),
                 "Child S: a local child safeguarding practice review"):
        assert [name for name, body in files.items() if text in body] == [], text
    on_day = run_lif("build", "--today", "2026-12-09", cwd=kit.root)
    assert on_day.exit_code == 0, on_day.output
    files = site_text(kit.root / "site")
    assert canary("scheduled", "report") in files["reviews/review-scheduled/report/index.html"]
    assert canary("scheduled", "summary") in files["reviews/review-scheduled/index.html"]
    published = json.loads(files["ledger.json"])["entries"]
    assert {"event": "published", "review": "review-scheduled", "date": "2026-12-09"} in [
        {k: v for k, v in e.items() if k != "hash"} for e in published]
