"""The ledger's history: the public copy every deployment publishes, and that each ledger extends
the one before it (the deployed ``ledger.json`` and the ``ledger.yml`` committed at git HEAD).

Every entry's hash covers every entry before it, so one equal hash at the same place proves the
whole prefix is unchanged. ``ledger.json`` lists only events of reviews that are listed on the
build day, with their public fields and hashes; nothing of an embargoed, draft or merely approved
review appears in it, not even a hash (a hash of guessable fields could be guessed). An event
recorded after its day shows when and why (``recorded``, ``recorded_late``); a ``redacted``
event shows the entry and field it replaced and why, and the entry shows the placeholder.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.ledger import redactions
from generator.models import Finding, LedgerEntry, LedgerEvent, Position
from generator.publication import public_fields
from generator.rules import finding

if TYPE_CHECKING:
    from generator.site import Site

FORMAT = "lif-ledger/2"
FETCH_TIMEOUT = 10.0
RESTORE = ("Restore ledger.yml from the previous deployment or from git (git checkout -- "
           "ledger.yml) and record changes only with lif commands.")


def public_events(site: Site) -> Iterator[LedgerEvent]:
    """The events ``ledger.json`` publishes on the build day, in ledger order: the one answer
    to which events are public (the yearly learning report counts only these)."""
    for entry in site.sources.ledger:
        event = entry.event
        status = site.statuses.get(event.review)
        if status is None or not status.is_listed or event.date > site.today:
            continue
        if event.event == "withheld" and not site.options.list_withheld:
            continue
        shown_by_state = {
            "withheld": ("withheld", "redacted"), "delayed": ("delayed", "redacted"),
        }.get(status.state.value)
        if shown_by_state is not None and event.event not in shown_by_state:
            continue
        yield event


def public_ledger(site: Site) -> dict[str, Any]:
    """The public copy of the ledger on the build day (written to ``site/ledger.json``)."""
    entries = [published_entry(event) for event in public_events(site)]
    return {"format": FORMAT, "partnership": site.options.partnership,
            "date": site.today.isoformat(), "entries": entries}


def published_entry(event: LedgerEvent) -> dict[str, Any]:
    """One event as ledger.json shows it: its public fields, how it was recorded, its hash."""
    shown = public_fields(event)
    if event.recorded is not None:
        shown["recorded"] = event.recorded.isoformat()
        shown["recorded_late"] = event.recorded_late
    if event.event == "redacted":
        shown.update(date=event.date.isoformat(), entry=event.entry, field=event.field,
                     reason=event.reason)
    elif event.event == "panel-copy-sent" and event.replaces is not None:
        shown.update(replaces=event.replaces.isoformat(), reason=event.reason)
    return {**shown, "hash": event.hash}


def write_public_ledger(site: Site, site_dir: Path) -> Path:
    path = site_dir / "ledger.json"
    path.write_text(json.dumps(public_ledger(site), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the previous ledgers


def read_previous(location: str, root: Path) -> tuple[list[dict[str, Any]] | None, str]:
    """The entries of a deployed ledger.json (a path or an http(s) URL), or why it can't be read."""
    try:
        if location.startswith(("http://", "https://")):
            with urllib.request.urlopen(location, timeout=FETCH_TIMEOUT) as response:
                data = response.read()
        else:
            path = Path(location)
            data = (path if path.is_absolute() else root / path).read_bytes()
        parsed = json.loads(data)
    except urllib.error.HTTPError as exc:
        return None, f"HTTP {exc.code} {exc.reason}"
    except (OSError, urllib.error.URLError, TimeoutError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {getattr(exc, 'reason', None) or exc}"
    entries = parsed.get("entries") if isinstance(parsed, dict) else None
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("hash"), str) for e in entries):
        return None, "it is not a lif ledger.json (no list of entries with hashes)"
    return entries, ""


def check_previous(entries: Sequence[LedgerEntry], path: str, location: str,
                   root: Path) -> list[Finding]:
    """The ledger must hold every entry of the deployed ledger.json, at the same hashes."""
    previous, error = read_previous(location, root)
    if previous is None:
        return [finding("LEDGER-PREVIOUS", path, Position(),
                        f"cannot read the previous deployment's ledger at {location} ({error}).",
                        "Check the --previous path or URL; the build cannot prove the ledger "
                        "was only appended to without it.")]
    where = {entry.event.hash: i for i, entry in enumerate(entries)}
    last = -1
    for number, item in enumerate(previous, start=1):
        index = where.get(item["hash"], -1)
        if index <= last:
            described = " ".join(str(item.get(k, "")) for k in ("event", "review", "date")).strip()
            line = entries[last + 1].line if last + 1 < len(entries) else (
                entries[-1].line if entries else 1)
            return [finding(
                "LEDGER-PREVIOUS", path, Position(line, 1),
                f"entry {number} of the previous deployment's ledger ({described}) is missing "
                f"or changed here: the ledger must extend {location}.", RESTORE)]
        last = index
        changed = _changed_fields(item, entries, index)
        if changed:
            event = entries[index].event
            return [finding(
                "LEDGER-PREVIOUS", path, Position(entries[index].line, 1),
                f"entry {index + 1} ({event.event} {event.review} {event.date}) shows "
                f"{', '.join(changed)} other than the previous deployment's ledger did, and no "
                "later 'redacted' event records the change.", RESTORE)]
    return []


def _changed_fields(item: dict[str, Any], entries: Sequence[LedgerEntry], index: int
                    ) -> list[str]:
    """The public fields of entry ``index`` that differ from the deployed copy ``item``, but
    those replaced under a later ``redacted`` event (the only correction the ledger allows)."""
    now = published_entry(entries[index].event)
    done = redactions(entries)
    return sorted(key for key in set(now) | set(item)
                  if key != "hash" and now.get(key) != item.get(key)
                  and done.get((index + 1, key), 0) <= index + 1)


def head_ledger(root: Path, ledger_path: Path) -> list[str] | None:
    """The hashes of the ledger committed at git HEAD, or None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(ledger_path.parent), "show", f"HEAD:./{ledger_path.name}"],
            capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    try:
        data = yaml.safe_load(done.stdout.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(data, list):
        return None
    return [str(item.get("hash", "")) if isinstance(item, dict) else "" for item in data]


def check_head(entries: Sequence[LedgerEntry], path: str, root: Path,
               ledger_path: Path) -> list[Finding]:
    """The ledger must start with every entry committed at git HEAD, unchanged and in order."""
    committed = head_ledger(root, ledger_path)
    if committed is None:
        return []
    for index, digest in enumerate(committed):
        if index >= len(entries):
            line = entries[-1].line if entries else 1
            return [finding("LEDGER-HEAD", path, Position(line, 1),
                            f"the ledger has {len(entries)} entries but the one committed at git "
                            f"HEAD has {len(committed)}: entries were removed.", RESTORE)]
        if entries[index].event.hash != digest:
            event = entries[index].event
            return [finding("LEDGER-HEAD", path, Position(entries[index].line, 1),
                            f"entry {index + 1} ({event.event} {event.review} {event.date}) "
                            "differs from the ledger committed at git HEAD: committed entries "
                            "may not be edited, reordered or removed.", RESTORE)]
    return []
