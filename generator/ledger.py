"""The publication ledger: an append-only, hash-chained record of what happened to each review.

Each entry's ``hash`` is SHA-256 over the previous entry's hash and this entry's canonical JSON,
so editing, reordering or removing an entry breaks every hash after it. The file is only ever
appended to (``append_event``): an audit trail that is rewritten is no audit trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.models import Finding, LedgerEntry, LedgerEvent, Position
from generator.rules import finding

GENESIS = "0" * 64
HEADER = (
    "# lif publication ledger: append-only and hash-chained.\n"
    "# Written only by lif commands (approve, panel-copy, publish, withdraw, withhold, delay).\n"
    "# Editing or removing an entry breaks the chain and fails every build.\n"
)


def canonical(event: LedgerEvent) -> str:
    """The exact JSON text hashed for an event: sorted keys, no defaults, no hash."""
    data = event.model_dump(mode="json", exclude={"hash"}, exclude_defaults=True)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(previous: str, event: LedgerEvent) -> str:
    return hashlib.sha256((previous + canonical(event)).encode("utf-8")).hexdigest()


def verify_chain(entries: Sequence[LedgerEntry], path: str) -> list[Finding]:
    """Report the first entry whose hash does not follow from the ones before it."""
    previous = GENESIS
    for index, entry in enumerate(entries, start=1):
        expected = chain_hash(previous, entry.event)
        if entry.event.hash != expected:
            return [finding(
                "LEDGER-CHAIN", path, Position(entry.line, 1),
                f"entry {index} ({entry.event.event} {entry.event.review} {entry.event.date}) "
                "does not match the ledger's hash chain: an entry at or before it was edited, "
                "reordered or removed.",
                "Restore ledger.yml from git (git checkout -- ledger.yml); record changes only "
                "with lif commands.")]
        previous = expected
    return []


def last_hash(entries: Sequence[LedgerEntry]) -> str:
    return entries[-1].event.hash if entries else GENESIS


def sealed(event: LedgerEvent, entries: Sequence[LedgerEntry]) -> LedgerEvent:
    """The event with its chain hash filled in, ready to append after ``entries``."""
    return event.model_copy(update={"hash": chain_hash(last_hash(entries), event)})


def entry_yaml(event: LedgerEvent) -> str:
    """One ledger entry as a YAML list item, fields in a stable, readable order."""
    data: dict[str, Any] = event.model_dump(mode="python", exclude_defaults=True)
    data["hash"] = event.hash
    text = yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=100)
    return text


def append_event(path: Path, event: LedgerEvent, entries: Sequence[LedgerEntry]) -> LedgerEvent:
    """Append one sealed event to the ledger file without rewriting a byte of what is there."""
    event = sealed(event, entries)
    existing = path.read_bytes() if path.exists() else b""
    with path.open("ab") as handle:
        if not existing:
            handle.write(HEADER.encode("utf-8"))
        elif not existing.endswith(b"\n"):
            handle.write(b"\n")
        handle.write(entry_yaml(event).encode("utf-8"))
        handle.flush()
    return event
