"""Build small fictional sites in a temporary folder, for tests that need a whole site.

Each helper writes real files in the same formats authors use, so tests exercise the loader
rather than constructing models by hand.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import yaml

from generator import ledger, publication
from generator.load import load_ledger, load_review
from generator.models import LedgerEvent

MKDOCS_YML = """\
site_name: Testshire Safeguarding Children Partnership
site_url: https://example.test/
docs_dir: content
site_dir: site
theme:
  name: material
  custom_dir: {theme}
  font: false
nav:
  - Home: index.md
  - Case reviews: reviews/index.md
  - 7-minute briefings: briefings/index.md
  - Themes: themes/index.md
  - Action tracker: actions.md
  - Request a report: request-a-report.md
plugins:
  - lif:
      partnership: Testshire Safeguarding Children Partnership
{extra}
"""

REPORT = """\
## 1. Introduction

1. This review considers the help given to {subject} and the family by agencies in Testshire.

2. The review was commissioned by the partnership after a rapid review.

## 2. Findings

3. Practitioners did not always share what they knew, which meant the picture was incomplete.

| Period | Agency | What happened |
|---|---|---|
| Spring 2024 | Health | A routine contact took place. |
"""

RESPONSE = """\
---
actions:
  - recommendation: "Recommendation 1: information sharing"
    action: Revise the information sharing protocol.
    agency: Testshire County Council
    status: complete
    impact: Audit found the protocol used in most cases.
    due: 2025-03-31
---
## Actions already taken

The partnership revised its protocol.
"""

BRIEFING = """\
---
title: {title}
date: {date}
themes: [{themes}]
audience: [health visitors]
source: lcspr
reviews: [{reviews}]
---
## 1. Background

Background text for {title}.

## 2. Why it matters

It matters.

## 3. Key information

Information.

## 4. Key findings

Findings.

## 5. What the review found

More findings.

## 6. Things to remember

Remember this.

## 7. What to do

Do this.

## Questions for reflection

- What are your key thoughts?
"""


class SiteKit:
    """A site under construction in ``root``."""

    def __init__(self, root: Path, extra_config: str = "") -> None:
        self.root = root
        theme = root / "theme"
        theme.mkdir(parents=True, exist_ok=True)
        (root / "mkdocs.yml").write_text(
            MKDOCS_YML.format(theme="theme", extra=textwrap.indent(extra_config, "      ")),
            encoding="utf-8")
        content = root / "content"
        content.mkdir(exist_ok=True)
        (content / "index.md").write_text("# Testshire\n\nWelcome.\n", encoding="utf-8")
        (content / "request-a-report.md").write_text(
            "# Request a report\n\nWrite to the business unit.\n", encoding="utf-8")
        (root / "reviews").mkdir(exist_ok=True)
        (root / "briefings").mkdir(exist_ok=True)

    def review(self, slug: str, subject: str = "Child T", report: str | None = None,
               response: str | None = None, **meta: Any) -> Path:
        folder = self.root / "reviews" / slug
        folder.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = {
            "title": f"{subject}: a local child safeguarding practice review",
            "type": "lcspr", "subject": subject,
            "summary": f"The review looked at help given to {subject}.",
            "key_learning": [f"Agencies working with {subject} need to share information."],
            "themes": ["information-sharing"], "age_band": "under-1",
            "outcome": "serious-harm", "methodology": "SCIE Learning Together",
            "lead_reviewer": "Alex Reviewer", "agencies": ["Testshire County Council"],
        }
        data.update(meta)
        (folder / "review.yml").write_text(yaml.safe_dump(data, sort_keys=False),
                                           encoding="utf-8")
        (folder / "report.md").write_text(
            report if report is not None else REPORT.format(subject=subject), encoding="utf-8")
        (folder / "response.md").write_text(response if response is not None else RESPONSE,
                                             encoding="utf-8")
        return folder

    def briefing(self, slug: str, date: str, title: str = "", themes: str = "safer-sleep",
                 reviews: str = "", body: str | None = None) -> Path:
        path = self.root / "briefings" / f"{slug}.md"
        text = body if body is not None else BRIEFING.format(
            title=title or f"Briefing {slug}", date=date, themes=themes, reviews=reviews)
        path.write_text(text, encoding="utf-8")
        return path

    def event(self, event: str, review: str, on: str | dt.date, **fields: Any) -> None:
        """Append a sealed event to the ledger, as the lif commands do."""
        path = self.root / "ledger.yml"
        entries, _ = load_ledger(self.root, path, [])
        folder = self.root / "reviews" / review
        if event == "panel-copy-sent" and "digest" not in fields and folder.is_dir():
            loaded = load_review(self.root, folder, [])
            if loaded is not None:  # the digest lif panel-copy records for the sources
                fields["digest"] = publication.sources_digest(loaded)
        day = dt.date.fromisoformat(on) if isinstance(on, str) else on
        ledger.append_event(path, LedgerEvent(event=event, review=review, date=day, **fields),
                            entries)

    def publish(self, review: str, on: str) -> None:
        """approved, panel copy and published events for a review published on ``on``."""
        day = dt.date.fromisoformat(on)
        self.event("approved", review, day - dt.timedelta(days=21))
        self.event("panel-copy-sent", review, day - dt.timedelta(days=14),
                   recipients=["Child Safeguarding Practice Review Panel"])
        self.event("published", review, day)
