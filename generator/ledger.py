"""The publication ledger: an append-only, hash-chained record of what happened to each review.

Each entry's ``hash`` is SHA-256 over the previous entry's hash and this entry's canonical JSON,
so editing, reordering or removing an entry breaks every hash after it. The file is only ever
appended to (``append_event``): an audit trail that is rewritten is no audit trail.

Free text (a reason) is chained by its digest, not its words, and the words are kept beside it.
So a reason that turns out to identify someone can be corrected without breaking the chain:
``redact`` replaces the words with a placeholder, keeps the digest the chain was made with, and
appends a ``redacted`` event (day, entry, field, reason; never the removed words). Verification
accepts a placeholder only where a later ``redacted`` event names that entry and field, so every
other edit is still caught.
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
    "# Editing an entry breaks the chain and fails every build; correct text: lif ledger redact.\n"
)


FREE_TEXT = ("reason", "recorded_late")
"""The fields written in an officer's own words: chained by digest, so they can be redacted."""
PLACEHOLDER = "(removed from the public record)"
"""What a redacted field shows; not a redaction marker such as '[redacted]', which the
detectors rightly take for a document redacted by hand."""


def text_digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(event: LedgerEvent) -> str:
    """The exact JSON text hashed for an event: sorted keys, no defaults, no hash, and each free
    text field as its digest (the one kept when it was redacted)."""
    data = event.model_dump(mode="json", exclude={"hash", "digests"}, exclude_defaults=True)
    for name in FREE_TEXT:
        if name in data or name in event.digests:
            data[name] = event.digests.get(name) or text_digest(data[name])
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
    return redaction_findings(entries, path)


def redactions(entries: Sequence[LedgerEntry]) -> dict[tuple[int, str], int]:
    """(entry number, field) of every recorded redaction, with the number of its own entry."""
    return {(e.event.entry, e.event.field): number
            for number, e in enumerate(entries, start=1)
            if e.event.event == "redacted" and e.event.entry is not None}


def redaction_findings(entries: Sequence[LedgerEntry], path: str) -> list[Finding]:
    """A placeholder stands only where a later ``redacted`` event names that entry and field;
    a ``redacted`` event names an earlier entry's free text that was replaced."""
    done = redactions(entries)
    found = []
    hint = ("Restore ledger.yml from git (git checkout -- ledger.yml); correct a reason only "
            "with lif ledger redact.")
    for number, entry in enumerate(entries, start=1):
        event = entry.event
        for name in event.digests:
            later = done.get((number, name), 0)
            if name not in FREE_TEXT or later <= number or getattr(event, name) != PLACEHOLDER:
                found.append(finding(
                    "LEDGER-CHAIN", path, Position(entry.line, 1),
                    f"entry {number} ({event.event} {event.review} {event.date}) has its "
                    f"'{name}' replaced without a later 'redacted' event that records it.", hint))
        if event.event == "redacted":
            target = entries[event.entry - 1].event if (
                event.entry is not None and event.entry < number) else None
            if target is None or event.field not in FREE_TEXT or target.review != event.review \
                    or event.field not in target.digests:
                found.append(finding(
                    "LEDGER-CHAIN", path, Position(entry.line, 1),
                    f"entry {number} records the redaction of '{event.field}' of entry "
                    f"{event.entry}, but that entry has no such replaced text.", hint))
    return found


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


def redact(path: Path, entries: Sequence[LedgerEntry], number: int, name: str,
           record: LedgerEvent) -> LedgerEvent:
    """Replace the words of free-text field ``name`` of entry ``number`` with the placeholder and
    append ``record`` (a ``redacted`` event), in one atomic replacement of the file.

    Only the lines of that entry change: its digest and hash stay as they were chained."""
    target = entries[number - 1].event
    digest = target.digests.get(name) or text_digest(getattr(target, name))
    replaced = target.model_copy(update={name: PLACEHOLDER,
                                         "digests": {**target.digests, name: digest}})
    if chain_hash(last_hash(entries[:number - 1]), replaced) != target.hash:
        raise ValueError(f"entry {number} does not verify; the ledger must be restored first")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = entries[number - 1].line - 1
    end = entries[number].line - 1 if number < len(entries) else len(lines)
    while end > start + 1 and lines[end - 1].lstrip().startswith("#"):
        end -= 1
    sealed_record = sealed(record, entries)
    text = "".join(lines[:start]) + entry_yaml(replaced) + "".join(lines[end:])
    if not text.endswith("\n"):
        text += "\n"
    text += entry_yaml(sealed_record)
    staging = path.with_name(f".{path.name}.redact")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
    return sealed_record


def changed_sources(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """The source files (as the panel copy named them: 'report.md', 'response.md', 'review.yml
    (public metadata)', 'files/...') changed, added or removed since the copy recorded their
    digests; empty when the copy recorded none (an older entry)."""
    if not recorded:
        return []
    return sorted(name for name in set(recorded) | set(now)
                  if recorded.get(name) != now.get(name))


def changed_source_path(folder: str, files: Sequence[str]) -> str:
    """Where a finding about changed sources points: the first changed file (its review.yml
    for the public metadata), else the report."""
    name = files[0].split(" ")[0] if files else "report.md"
    return f"{folder}/{name}"
