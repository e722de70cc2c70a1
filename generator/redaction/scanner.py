"""The scanner: the redaction package's single entry point, from texts to masked matches.

A :class:`Scanner` holds what a scan needs (the review's protected terms, the allowances in
force, whether context warnings count as errors) and a cache of texts already scanned; it is
picklable, so a worker process receives it whole instead of reading module-level state.

Every text goes through :func:`generator.redaction.text.normalise` first (what a reader sees:
no invisible characters, no full-width digits, no look-alike letters, accents folded), then the
detectors (:mod:`generator.redaction.detectors`) and the protected terms run over the
normalised text, context (:mod:`generator.redaction.context`) decides each match's rule, and
every span is mapped back to the input, so a match is reported at the input's own line and
column and keeps the input's own characters (for allowances and the masked message).

API, kept stable for the callers that read pages, PDFs and Word files:

- ``Scanner(protected=None, allowances=None, strict_context=False)``
- ``Scanner.spans(text) -> list[Span]``: ``Span(rule_id, start, end, reason)`` in ``text``'s
  own offsets, cached per distinct text;
- ``Scanner.scan(chunks, path) -> list[Match]`` and ``Scanner.scan_chunk(chunk, path)``;
- ``Scanner.findings(matches, scope=None) -> list[Finding]``: allowances applied (their uses
  counted for the summary), context warnings made errors under ``strict_context``;
- ``scan_chunks(chunks, path, protected)`` and ``text_spans(text, protected)``: the functions
  older callers use, on a shared Scanner per protected set.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.models import Allowance, Finding, Position, Severity
from generator.redaction.context import (
    CONTEXT_HINTS,
    CONTEXT_NOUNS,
    CONTEXT_RULES,
    adjust,
    phone_digits,
)
from generator.redaction.detectors import DETECTOR_BY_RULE, find_identifiers, mask
from generator.redaction.protected import Protected
from generator.redaction.text import normalise
from generator.rules import Rule, finding, register

register(
    Rule("REDACTION-ALLOWED", "note",
         "An allowance in review.yml or mkdocs.yml was used (listed in every check summary)."),
)

NEWLINE_RE = re.compile("\n")


class Span(NamedTuple):
    """One match in a text: its rule, where it starts and ends, what context made it so."""

    rule_id: str
    start: int
    end: int
    reason: str = ""


def identifier_key(rule_id: str, text: str) -> str:
    """The identifier a text stands for, for comparing allowances with matches."""
    reading = " ".join(normalise(text).text.split())
    if rule_id == "ID-PHONE":
        return phone_digits(reading)
    if rule_id == "ID-EMAIL":
        return reading.casefold()
    if rule_id in ("ID-POSTCODE", "ID-NI-NUMBER", "ID-NHS-NUMBER", "ID-UPN"):
        return re.sub(r"[\s-]", "", reading).upper()
    if rule_id == "ID-STREET-ADDRESS":
        return reading.casefold()
    return reading


@dataclass(frozen=True)
class Chunk:
    """Text to scan and where it came from.

    With ``flow`` the line and column of a match are computed from its offset; otherwise every
    match is reported at ``line``/``column`` (a page of a PDF, a YAML field, an attribute).
    """

    text: str
    line: int = 1
    column: int = 1
    flow: bool = True
    where: str = ""


@dataclass(frozen=True)
class Match:
    """A rule matched some text at a place. The text is only kept to compare with allowances."""

    rule_id: str
    path: str
    line: int
    column: int
    text: str
    where: str = ""
    message: str = ""
    hint: str = ""
    reason: str = ""
    """What made a context rule a warning ("next to 'MASH'"), for the message."""

    def to_finding(self, strict_context: bool = False) -> Finding:
        """The masked finding; ``strict_context`` reports a context warning as an error."""
        where = f" {self.where}" if self.where else ""
        shown = mask(normalise(self.text).text)
        reason = f", a warning by context: {self.reason}" if self.reason else ""
        if self.message:
            message = self.message
        elif self.rule_id == "PROTECTED-TERM":
            message = f"a protected name or place of a review ('{shown}'){where}."
        elif self.rule_id in CONTEXT_RULES:
            message = (f"{CONTEXT_NOUNS[self.rule_id]} ('{shown}'){where}{reason}.")
        else:
            message = f"{DETECTOR_BY_RULE[self.rule_id].noun} ('{shown}'){where}."
        if self.hint:
            hint = self.hint
        elif self.rule_id == "PROTECTED-TERM":
            hint = "Replace it with the pseudonym or a role (Mother, the school), or remove it."
        elif self.rule_id in CONTEXT_HINTS:
            hint = CONTEXT_HINTS[self.rule_id]
        else:
            hint = DETECTOR_BY_RULE[self.rule_id].hint
        strict = strict_context and self.rule_id in CONTEXT_RULES
        severity: Severity | None = "error" if strict else None
        return finding(self.rule_id, self.path, Position(self.line, self.column), message, hint,
                       severity=severity)


class Scanner:
    """Protected terms, allowances and caches: everything a scan of public text needs."""

    CACHE_LIMIT = 32768
    CACHE_CHARS = 4_000_000
    """The cache keeps the texts it was given as keys: bounded in characters too, it holds a
    site's repeated navigation, footers and titles, never thousands of whole pages (4096 pages
    of 30,000 characters would be 120 MB). Two generations of at most this size each (see
    ``spans``): a site of 400 reviews shows about 41,000 distinct texts that no source holds
    (3 MB), and 4,096 of them held too few of those seen again on later pages."""

    def __init__(self, protected: Protected | None = None,
                 allowances: Allowances | None = None, strict_context: bool = False) -> None:
        self.protected = protected
        self.allowances = allowances if allowances is not None else Allowances()
        self.strict_context = strict_context
        self._cache: dict[str, list[Span]] = {}
        self._older: dict[str, list[Span]] = {}
        self._cached_chars = 0

    def __getstate__(self) -> dict[str, Any]:
        """Sent to a worker without its cache."""
        return {"protected": self.protected, "allowances": self.allowances,
                "strict_context": self.strict_context}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def spans(self, text: str) -> list[Span]:
        """Every match in ``text``, in ``text``'s own offsets; a built site repeats its
        navigation and footer on every page, so each distinct text is scanned once.

        A full cache becomes the older generation and a new one starts; a text found in the
        older is carried into the new. A site's pages hold tens of thousands of texts seen once
        (summaries, dates), which filled a single cache every hundred pages or so: emptying it
        then scanned the navigation and footer again each time, and they were half the work."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self._older.get(text)
            if cached is None:
                cached = self._scan_text(text)
            if len(self._cache) >= self.CACHE_LIMIT or self._cached_chars > self.CACHE_CHARS:
                self._older, self._cache = self._cache, {}
                self._cached_chars = 0
            self._cache[text] = cached
            self._cached_chars += len(text)
        return cached

    def _scan_text(self, text: str) -> list[Span]:
        reading = normalise(text)
        plain = reading.text
        found: list[Span] = []
        lowered = plain.lower()  # read by the detectors' triggers and the protected terms
        for hit in find_identifiers(plain, lowered=lowered):
            decided = adjust(plain, hit.rule_id, hit.start, hit.end)
            if decided is None:
                continue
            start, end = reading.source_span(hit.start, hit.end)
            found.append(Span(decided[0], start, end, decided[1]))
        if self.protected is not None:
            for start, end in self.protected.find(plain, lowered=lowered):
                found.append(Span("PROTECTED-TERM", *reading.source_span(start, end)))
            if self.protected.legacy and not text.isascii():
                known = {(s.start, s.end) for s in found if s.rule_id == "PROTECTED-TERM"}
                found += [Span("PROTECTED-TERM", s, e)
                          for s, e in self.protected.find(text, folded=False)
                          if (s, e) not in known]
        return found

    def scan_chunk(self, chunk: Chunk, path: str) -> list[Match]:
        """Every detector and the protected terms over one chunk of text."""
        text = chunk.text
        spans = self.spans(text)
        matches = []
        newlines = [m.start() for m in NEWLINE_RE.finditer(text)] if chunk.flow and spans else []
        for rule_id, start, end, reason in spans:
            line, column = chunk.line, chunk.column
            if chunk.flow:
                before = bisect.bisect_left(newlines, start)
                line += before
                column = (start - newlines[before - 1]) if before else column + start
            matches.append(Match(rule_id, path, line, column, text[start:end], chunk.where,
                                 reason=reason))
        return matches

    def scan(self, chunks: Iterable[Chunk], path: str) -> list[Match]:
        found: list[Match] = []
        for chunk in chunks:
            found += self.scan_chunk(chunk, path)
        return found

    def findings(self, matches: Iterable[Match], scope: str | None = None) -> list[Finding]:
        """Findings for the matches no allowance covers."""
        return self.allowances.apply(matches, scope, self.strict_context)


@functools.lru_cache(maxsize=8)
def scanner_for(protected: Protected | None) -> Scanner:
    """The shared Scanner of a protected set (None: detectors only). A build reads its
    protected terms afresh for each scan, and ``lif serve`` for each build, so the oldest
    are let go: eight caches of at most twice ``Scanner.CACHE_CHARS`` characters."""
    return Scanner(protected)


def text_spans(text: str, protected: Protected | None) -> list[tuple[str, int, int]]:
    """Rule and span of every match in a text (a Scanner's spans without their reasons)."""
    return [(s.rule_id, s.start, s.end) for s in scanner_for(protected).spans(text)]


def scan_chunk(chunk: Chunk, path: str, protected: Protected | None) -> list[Match]:
    return scanner_for(protected).scan_chunk(chunk, path)


def scan_chunks(chunks: Iterable[Chunk], path: str, protected: Protected | None) -> list[Match]:
    return scanner_for(protected).scan(chunks, path)


# --------------------------------------------------------------------------- allowances


@dataclass
class Allowances:
    """Allowances in force, each with where it was written and the review it covers (None for
    the whole site), counting their uses for the check summary."""

    entries: list[tuple[Allowance, str, Position, str | None]] = field(default_factory=list)
    used: dict[int, int] = field(default_factory=dict)

    def add(self, items: Sequence[Allowance], path: str, positions: Sequence[Position],
            scope: str | None = None) -> None:
        self.entries += [(a, path, p, scope) for a, p in zip(items, positions, strict=True)]

    def allows(self, match: Match, scope: str | None = None) -> bool:
        """Whether an allowance covers the match: the same identifier under the same rule (a
        phone number's digits in any layout, an e-mail address in any case, a postcode with or
        without its space); an allowance of the base rule covers its context warning."""
        base = CONTEXT_RULES.get(match.rule_id, match.rule_id)
        text = identifier_key(base, match.text)
        for index, (allowance, _, _, only) in enumerate(self.entries):
            if only is not None and only != scope:
                continue
            rule = allowance.rule
            if rule not in (match.rule_id, base) and not (
                    base == "ID-POSTCODE" and rule == "ID-STREET-ADDRESS"):
                continue
            if identifier_key(base, allowance.text) == text:
                self.used[index] = self.used.get(index, 0) + 1
                return True
        return False

    def apply(self, matches: Iterable[Match], scope: str | None = None,
              strict_context: bool = False) -> list[Finding]:
        return [m.to_finding(strict_context) for m in matches if not self.allows(m, scope)]

    def summary(self) -> list[Finding]:
        """A note for every allowance that was used: the check summary lists them all."""
        notes = []
        for index, count in sorted(self.used.items()):
            allowance, path, where, _ = self.entries[index]
            notes.append(finding(
                "REDACTION-ALLOWED", path, where,
                f"allowed {allowance.rule} '{mask(allowance.text)}' {count} time(s): "
                f"{allowance.reason}"))
        return notes


def site_allowances(options_allow: Iterable[object]) -> list[Allowance]:
    """The plugin's ``allow`` option as Allowance models (rule and exact text, never a rule)."""
    found = []
    for item in options_allow:
        rule, text, reason = (str(getattr(item, k, "") or "") for k in ("rule", "text", "reason"))
        if rule and text:
            found.append(Allowance(rule=rule, text=text, reason=reason or "site allow list"))
    return found
