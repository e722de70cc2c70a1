"""Scaffolds: a new briefing, a new review, a new partnership site.

Comms staff start from a file that already passes ``lif check``: the 7-minute form with its
seven sections, front matter filled in, themes to choose from listed in a YAML comment (front
matter never reaches the site; the body has no comments, since HTML comments reach the browser).
New items start as ``draft: true`` so a half-written briefing is never published by a nightly
build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

from generator import pages, schemas
from generator.errors import LifError, UsageError
from generator.models import SLUG_RE
from generator.state import add_months

SITE_TEMPLATES = {
    "mkdocs.yml": "scaffold/site/mkdocs.yml.j2",
    ".gitignore": "scaffold/site/gitignore.j2",
    "content/index.md": "scaffold/site/content/index.md.j2",
    "content/about.md": "scaffold/site/content/about.md.j2",
    "content/accessibility.md": "scaffold/site/content/accessibility.md.j2",
    "content/request-a-report.md": "scaffold/site/content/request-a-report.md.j2",
    "content/privacy.md": "scaffold/site/content/privacy.md.j2",
    ".github/workflows/lif.yml": "scaffold/site/workflow.yml.j2",
}
PACKAGE_SPEC = "lif"
"""What the generated CI workflow installs."""


def slugify(title: str) -> str:
    """'Safer sleep: what we learned' -> 'safer-sleep-what-we-learned'."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-")


def theme_comment(vocabulary: Mapping[str, str]) -> list[str]:
    text = "Themes to choose from: " + ", ".join(vocabulary) + "."
    return textwrap.wrap(text, width=94, break_on_hyphens=False)


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise LifError(f"{path}: already exists; choose another name or edit the existing file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_briefing(
    root: Path, briefings_dir: str, title: str, today: dt.date, vocabulary: Mapping[str, str]
) -> Path:
    """Create ``briefings/<slug>.md`` from the 7-minute template, as a draft dated today."""
    slug = slugify(title)
    if not title.strip() or not slug:
        raise UsageError("the briefing needs a title with letters or digits, e.g. "
                         "lif new briefing \"Safer sleep\".")
    text = pages.render("scaffold/briefing.md.j2", title=title.strip(), today=today,
                        review_by=add_months(today, 12), first_theme=next(iter(vocabulary)),
                        theme_lines=theme_comment(vocabulary))
    return _write_new(root / briefings_dir / f"{slug}.md", text)


def new_review(
    root: Path, reviews_dir: str, slug: str, today: dt.date, vocabulary: Mapping[str, str]
) -> list[Path]:
    """Create ``reviews/<slug>/`` with review.yml, report.md and response.md, as a draft."""
    if not SLUG_RE.match(slug):
        raise UsageError(f"'{slug}' is not a valid review slug: use lower-case words joined by "
                         "hyphens, e.g. child-t.")
    folder = root / reviews_dir / slug
    if folder.exists():
        raise LifError(f"{reviews_dir}/{slug}: already exists; choose another slug.")
    words = slug.split("-")
    subject = " ".join(w.upper() if len(w) == 1 else w.capitalize() for w in words)
    context = dict(subject=subject, first_theme=next(iter(vocabulary)),
                   theme_lines=theme_comment(vocabulary), due=add_months(today, 6))
    return [
        _write_new(folder / "review.yml", pages.render("scaffold/review.yml.j2", **context)),
        _write_new(folder / "report.md", pages.render("scaffold/report.md.j2", **context)),
        _write_new(folder / "response.md", pages.render("scaffold/response.md.j2", **context)),
    ]


def init_site(target: Path, partnership: str, vocabulary: Mapping[str, str]) -> list[Path]:
    """Create a new, empty partnership site that builds at once with ``lif build``."""
    if target.exists() and any(target.iterdir()):
        raise LifError(f"{target}: is not empty; lif init only creates a new site in an empty "
                       "or new folder.")
    written = []
    for name, template in SITE_TEMPLATES.items():
        text = pages.render(template, partnership=partnership, package=PACKAGE_SPEC)
        written.append(_write_new(target / name, text))
    for folder in ("reviews", "briefings"):
        written.append(_write_new(target / folder / ".gitkeep", ""))
    from generator.ledger import HEADER

    written.append(_write_new(target / "ledger.yml", HEADER))
    written += schemas.write_schemas(target / "schemas", vocabulary)
    settings = json.dumps(schemas.editor_settings("schemas"), indent=2) + "\n"
    written.append(_write_new(target / ".vscode" / "settings.json", settings))
    return written
