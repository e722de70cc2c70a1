"""The content model: what reviews, responses, briefings, ledger events and findings are.

Metadata models are pydantic models because the same definitions validate authors' YAML (with
messages we map back to file positions) and generate the JSON Schemas editors use; writing the
rules twice would let them drift apart. Everything loaded keeps where it came from, so a finding
can point at ``path:line:col``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# --------------------------------------------------------------------------- positions, findings

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule, at a place in a file, with what to do about it."""

    rule_id: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def format(self) -> str:
        """The ``path:line:col: RULE-ID message`` line that editors and CI annotate."""
        text = f"{self.path}:{self.line}:{self.column}: {self.rule_id} {self.message}"
        if self.hint:
            text += f" {self.hint}"
        if self.severity != "error":
            text += f" [{self.severity}]"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule_id)


# --------------------------------------------------------------------------- vocabularies

ReviewType = Literal[
    "lcspr", "scr", "thematic", "rapid-review-learning", "multi-agency-learning-review",
    "joint-review",
]
REVIEW_TYPE_LABELS: dict[str, str] = {
    "lcspr": "Local child safeguarding practice review",
    "scr": "Serious case review",
    "thematic": "Thematic review",
    "rapid-review-learning": "Rapid review learning summary",
    "multi-agency-learning-review": "Multi-agency learning review",
    "joint-review": "Joint review",
}
AgeBand = Literal["unborn", "under-1", "1-4", "5-10", "11-15", "16-17"]
AGE_BAND_LABELS: dict[str, str] = {
    "unborn": "Unborn", "under-1": "Under 1", "1-4": "1 to 4", "5-10": "5 to 10",
    "11-15": "11 to 15", "16-17": "16 to 17",
}
Outcome = Literal["death", "serious-harm"]
OUTCOME_LABELS: dict[str, str] = {"death": "Death", "serious-harm": "Serious harm"}
ActionStatus = Literal["planned", "in-progress", "complete"]
ACTION_STATUS_LABELS: dict[str, str] = {
    "planned": "Planned", "in-progress": "In progress", "complete": "Complete",
}
BriefingSource = Literal[
    "lcspr", "rapid-review", "audit", "national-review", "thematic-review", "multi-agency-audit",
]
BRIEFING_SOURCE_LABELS: dict[str, str] = {
    "lcspr": "Local child safeguarding practice review", "rapid-review": "Rapid review",
    "audit": "Audit", "national-review": "National review", "thematic-review": "Thematic review",
    "multi-agency-audit": "Multi-agency audit",
}
BriefingFormat = Literal["seven-minute", "free"]
EventKind = Literal["approved", "panel-copy-sent", "published", "withdrawn", "withheld", "delayed",
                    "redacted"]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)


def _no_timestamp(value: Any) -> Any:
    """Refuse numbers for dates: pydantic would read 20260101 as seconds since 1970."""
    if isinstance(value, bool | int | float):
        raise ValueError("must be a date written as YYYY-MM-DD")
    if isinstance(value, dt.datetime):
        return value.date()
    return value


Date = Annotated[dt.date, BeforeValidator(_no_timestamp)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, description="lower-case words joined by hyphens")]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Allowance(_Strict):
    """One redaction finding an editor has checked and decided is safe to publish."""

    rule: Text = Field(description="the rule ID the allowance applies to")
    text: Text = Field(description="the exact text that is allowed")
    reason: Text = Field(description="why it is safe to publish (shown in the check summary)")


class ReviewMeta(_Strict):
    """``reviews/<slug>/review.yml``: what a review is (the ledger says what happened to it)."""

    title: Text = Field(description="public title, usually with the pseudonym")
    type: ReviewType = Field(description="kind of review")
    subject: Text = Field(description="the pseudonym of the child or group (Child T)")
    summary: Text = Field(description="a few sentences in plain English")
    key_learning: list[Text] = Field(min_length=1, description="the main learning points")
    themes: list[Text] = Field(min_length=1, description="theme slugs from the site vocabulary")
    age_band: AgeBand
    outcome: Outcome
    methodology: Text
    lead_reviewer: Text = Field(description="the independent reviewer (published)")
    agencies: list[Text] = Field(default_factory=list)
    started: Date | None = Field(
        default=None, description="the day the partnership decided to carry out the review "
        "(counted in the yearly learning report)")
    draft: bool = Field(default=False, description="true keeps the review out of every output")
    allow: list[Allowance] = Field(default_factory=list)


class Action(_Strict):
    """One action in the partnership's response, tracked until complete."""

    recommendation: Text
    action: Text
    agency: Text
    status: ActionStatus
    impact: str = ""
    due: Date
    updated: Date | None = Field(
        default=None, description="the day its status and impact were last confirmed")


class ResponseMeta(_Strict):
    """Front matter of ``reviews/<slug>/response.md``: the structured actions."""

    actions: list[Action] = Field(default_factory=list)


class BriefingMeta(_Strict):
    """Front matter of ``briefings/<slug>.md``."""

    title: Text
    date: Date = Field(description="publication date; a future date schedules the briefing")
    themes: list[Text] = Field(min_length=1)
    audience: list[Text] = Field(default_factory=list)
    source: BriefingSource
    reviews: list[Slug] = Field(default_factory=list, description="slugs of reviews it draws on")
    review_by: Date | None = None
    format: BriefingFormat = "seven-minute"
    draft: bool = False


class LedgerEvent(_Strict):
    """One entry of ``ledger.yml``: something that happened to a review, on a day."""

    event: EventKind
    review: Slug
    date: Date = Field(description="the day it happened (or, for published, will happen)")
    recipients: list[Text] = Field(default_factory=list)
    digest: str = ""
    sources: dict[str, str] = Field(
        default_factory=dict, description="panel copy: the digest of each source file")
    reason: str = Field(default="", description="public reason (withheld, delayed)")
    panel_informed: Date | None = None
    # the ledger's own record keeping (generator/ledger.py): late records, redaction, new copies
    recorded: Date | None = Field(default=None, description="the day a late event was recorded")
    recorded_late: str = Field(default="", description="why it was recorded after its day")
    replaces: Date | None = Field(default=None, description="the panel copy this one replaces")
    entry: int | None = Field(default=None, ge=1, description="redacted: the entry (1-based)")
    field: str = Field(default="", description="redacted: the free-text field replaced")
    digests: dict[str, str] = Field(
        default_factory=dict, description="chained digests of redacted free-text fields")
    hash: str = Field(default="", description="chain hash: sha256 of previous hash and this event")


# --------------------------------------------------------------------------- loaded content

PositionMap = dict[tuple[str | int, ...], Position]


@dataclass
class Source:
    """A text file as loaded: its repository-relative path, body, and where the body starts."""

    path: str
    text: str
    body: str
    body_line: int = 1
    positions: PositionMap = field(default_factory=dict)

    def position(self, *key: str | int) -> Position:
        """Best position for a metadata key path, falling back to its parents, then line 1."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), Position())


@dataclass
class Review:
    slug: str
    folder: Path
    meta: ReviewMeta
    meta_source: Source
    report: Source | None
    response: Source | None
    response_meta: ResponseMeta | None
    attachments: list[Path] = field(default_factory=list)


@dataclass
class Briefing:
    slug: str
    meta: BriefingMeta
    source: Source


@dataclass
class LedgerEntry:
    event: LedgerEvent
    line: int
    raw: dict[str, Any]


class State(StrEnum):
    """A review's state on a given day (see ``state.review_status``)."""

    DRAFT = "draft"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    WITHHELD = "withheld"
    DELAYED = "delayed"
