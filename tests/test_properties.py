"""Property-based tests: the lifecycle state function and the ledger's hash chain hold their
promises for every sequence of events hypothesis can think of, not only the ones we wrote; and
the redaction scanner finds an identifier however it is hidden from a naive scan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.redaction_classes import GAPS, INVISIBLE, LOOK_ALIKES, PLAIN, PROTECTED_TERMS
from generator import ledger
from generator.load import load_ledger
from generator.models import Finding, LedgerEntry, LedgerEvent, State
from generator.redaction.context import CONTEXT_RULES
from generator.redaction.protected import Protected
from generator.redaction.scanner import Scanner
from generator.state import review_status

KINDS = ["approved", "panel-copy-sent", "published", "withdrawn", "withheld", "delayed"]
START, END = dt.date(2024, 1, 1), dt.date(2028, 12, 31)

dates = st.dates(min_value=START, max_value=END)
days = st.dates(min_value=START, max_value=END)


@st.composite
def events(draw: st.DrawFn, slug: str = "child-t") -> LedgerEvent:
    kind = draw(st.sampled_from(KINDS))
    reason = draw(st.sampled_from(["", "Proceedings are ongoing.", "To protect the child."]))
    return LedgerEvent(event=kind, review=slug, date=draw(dates), reason=reason)


event_lists = st.lists(events(), max_size=12)


def published_dates(evs: list[LedgerEvent]) -> list[dt.date]:
    return [e.date for e in evs if e.event == "published"]


# --------------------------------------------------------------------------- review_status


@settings(deadline=None)
@given(event_lists, days)
def test_never_published_before_the_first_publication_date(
    evs: list[LedgerEvent], today: dt.date
) -> None:
    """No text is public on a day before every publication date in the ledger."""
    status = review_status(evs, today)
    if not [d for d in published_dates(evs) if d <= today]:
        assert status.state is not State.PUBLISHED
        assert not status.has_public_text
        assert status.first_published_on is None
    if status.has_public_text:
        assert status.first_published_on is not None
        assert status.first_published_on <= today


@settings(deadline=None)
@given(event_lists, days, st.data())
def test_a_future_publication_never_makes_text_public(
    evs: list[LedgerEvent], today: dt.date, data: st.DataObject
) -> None:
    """Inserting a publication dated after today, anywhere in the ledger, reveals no text."""
    future = data.draw(st.dates(min_value=today + dt.timedelta(days=1), max_value=END
                                + dt.timedelta(days=400)))
    where = data.draw(st.integers(0, len(evs)))
    changed = [*evs[:where], LedgerEvent(event="published", review="child-t", date=future),
               *evs[where:]]
    before = review_status(evs, today).has_public_text
    assert review_status(changed, today).has_public_text == before


@settings(deadline=None)
@given(event_lists, days, st.data())
def test_future_events_change_nothing_today_but_scheduling(
    evs: list[LedgerEvent], today: dt.date, data: st.DataObject
) -> None:
    """Events dated after today leave today's state alone, except that a publication schedules."""
    later = data.draw(st.lists(events(), min_size=1, max_size=4))
    later = [e.model_copy(update={"date": today + dt.timedelta(days=1 + i)})
             for i, e in enumerate(later)]
    before = review_status(evs, today)
    after = review_status(evs + later, today)
    same = {"state": before.state, "scheduled_for": before.scheduled_for}
    assert dataclasses.replace(after, **same) == before
    if after.state is not before.state:
        assert after.state is State.SCHEDULED
        assert "published" in {e.event for e in later}
        assert before.state not in (State.PUBLISHED, State.WITHDRAWN)


@st.composite
def command_ledgers(draw: st.DrawFn) -> list[LedgerEvent]:
    """Ledgers lif's commands can write: a withdrawal only follows a publication before it."""
    kept: list[LedgerEvent] = []
    for event in draw(event_lists):
        if event.event == "withdrawn" and not [
                d for d in published_dates(kept) if d <= event.date]:
            continue
        kept.append(event)
    return kept


@settings(deadline=None)
@given(command_ledgers(), days)
def test_withdrawn_implies_first_published(evs: list[LedgerEvent], today: dt.date) -> None:
    """A withdrawn review was published first, and its withdrawal is on or before today."""
    status = review_status(evs, today)
    if status.state is State.WITHDRAWN:
        assert status.first_published_on is not None
        assert status.withdrawn_on is not None
        assert status.first_published_on <= status.withdrawn_on <= today
        assert not status.has_public_text


@settings(deadline=None)
@given(event_lists, days)
def test_a_draft_is_always_a_draft(evs: list[LedgerEvent], today: dt.date) -> None:
    """Whatever the ledger says, a review marked draft has no public state."""
    assert review_status(evs, today, draft=True).state is State.DRAFT


# --------------------------------------------------------------------------- the ledger chain


def chain(evs: list[LedgerEvent]) -> list[LedgerEntry]:
    """Seal events one after another, as ``lif`` commands append them."""
    entries: list[LedgerEntry] = []
    for i, event in enumerate(evs):
        entries.append(LedgerEntry(ledger.sealed(event, entries), i + 1, {}))
    return entries


def unsealed(entry: LedgerEntry, **changes: object) -> LedgerEntry:
    """The entry edited in place, keeping its old hash (as a hand edit would)."""
    return dataclasses.replace(entry, event=entry.event.model_copy(update=changes))


ledgers = st.lists(events(), min_size=1, max_size=8).map(chain)


@settings(deadline=None)
@given(ledgers)
def test_a_sealed_chain_verifies(entries: list[LedgerEntry]) -> None:
    """Events appended through sealing always form a valid chain."""
    assert ledger.verify_chain(entries, "ledger.yml") == []


@settings(deadline=None)
@given(ledgers, st.data())
def test_any_single_edit_is_detected(entries: list[LedgerEntry], data: st.DataObject) -> None:
    """Changing any field of any one entry is reported at that entry."""
    i = data.draw(st.integers(0, len(entries) - 1))
    old = entries[i].event
    field = data.draw(st.sampled_from(["event", "date", "review", "reason", "hash"]))
    new_value: object = {
        "event": next(k for k in KINDS if k != old.event),
        "date": old.date + dt.timedelta(days=data.draw(st.sampled_from([-1, 1, 365]))),
        "review": "child-u",
        "reason": old.reason + " (edited)",
        "hash": "f" * 64 if old.hash != "f" * 64 else "0" * 64,
    }[field]
    edited = [*entries[:i], unsealed(entries[i], **{field: new_value}), *entries[i + 1:]]
    found = ledger.verify_chain(edited, "ledger.yml")
    assert [(f.rule_id, f.line) for f in found] == [("LEDGER-CHAIN", entries[i].line)]


@settings(deadline=None)
@given(ledgers, st.data())
def test_any_swap_is_detected(entries: list[LedgerEntry], data: st.DataObject) -> None:
    """Swapping any two entries breaks the chain, even two entries with equal events."""
    if len(entries) < 2:
        return
    i = data.draw(st.integers(0, len(entries) - 2))
    j = data.draw(st.integers(i + 1, len(entries) - 1))
    swapped = list(entries)
    swapped[i], swapped[j] = entries[j], entries[i]
    assert ledger.verify_chain(swapped, "ledger.yml") != []


@settings(deadline=None)
@given(ledgers, st.data())
def test_any_deletion_but_the_last_is_detected(
    entries: list[LedgerEntry], data: st.DataObject
) -> None:
    """Removing an entry breaks every hash after it. (Cutting off the newest entries leaves a
    shorter valid chain: that is caught by comparing with the previous deployment's ledger.)"""
    if len(entries) < 2:
        return
    i = data.draw(st.integers(0, len(entries) - 2))
    assert ledger.verify_chain(entries[:i] + entries[i + 1:], "ledger.yml") != []


@settings(max_examples=25, deadline=None)
@given(st.lists(events(), min_size=1, max_size=5), st.lists(events(), min_size=1, max_size=3))
def test_appending_to_the_file_keeps_the_chain_valid(
    first: list[LedgerEvent], more: list[LedgerEvent]
) -> None:
    """Appending events to ledger.yml, batch after batch, always reads back as a valid chain."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "ledger.yml"
        for batch in (first, more):
            for event in batch:
                entries, _ = load_ledger(root, path, [])
                ledger.append_event(path, event, entries)
            findings: list[Finding] = []
            entries, _ = load_ledger(root, path, findings)
            assert findings == []
            assert ledger.verify_chain(entries, "ledger.yml") == []
        assert [e.event.model_copy(update={"hash": ""}) for e in entries] == first + more


def test_a_publication_brought_forward_counts_from_its_own_day() -> None:
    """Found by hypothesis: a publication re-dated earlier was listed from the later date."""
    evs = [LedgerEvent(event="approved", review="child-t", date=dt.date(2026, 11, 1)),
           LedgerEvent(event="published", review="child-t", date=dt.date(2026, 12, 9)),
           LedgerEvent(event="published", review="child-t", date=dt.date(2026, 12, 5))]
    status = review_status(evs, dt.date(2026, 12, 10))
    assert (status.state, status.first_published_on, status.listed_until) == (
        State.PUBLISHED, dt.date(2026, 12, 5), dt.date(2027, 12, 5))


# --------------------------------------------------------------------------- redaction evasions


EXAMPLES = PLAIN + [e for group in GAPS.values() for e in group]
EVASION_STORE = Protected(b"property key")
for _term in PROTECTED_TERMS:
    EVASION_STORE.add_term(_term)
EVASION_SCANNER = Scanner(EVASION_STORE)


@st.composite
def hidden_examples(draw: st.DrawFn) -> tuple[str, str, str]:
    """An example with invisible characters inserted and letters swapped for look-alikes."""
    rule, text, value = draw(st.sampled_from(EXAMPLES))
    chars = list(value)
    swaps = draw(st.lists(st.booleans(), min_size=len(chars), max_size=len(chars)))
    chars = [LOOK_ALIKES.get(c, c) if swap else c for c, swap in zip(chars, swaps, strict=True)]
    for _ in range(draw(st.integers(0, 5))):
        where = draw(st.integers(1, max(1, len(chars) - 1)))
        chars.insert(where, draw(st.sampled_from(INVISIBLE)))
    hidden = "".join(chars)
    return rule, text.replace(value, hidden, 1), hidden


@settings(max_examples=300, deadline=None)
@given(hidden_examples())
def test_identifier_survives_invisible_characters_and_look_alikes(
        example: tuple[str, str, str]) -> None:
    """Any labelled identifier is still found under its rule after random insertion of invisible
    characters and substitution of Cyrillic or Greek look-alike letters."""
    rule, text, hidden = example
    start = text.find(hidden)
    end = start + len(hidden)
    found = {CONTEXT_RULES.get(s.rule_id, s.rule_id) for s in EVASION_SCANNER.spans(text)
             if s.start < end and s.end > start}
    assert rule in found
