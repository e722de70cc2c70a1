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
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator import pages, schemas
from generator.errors import LifError, UsageError
from generator.models import SLUG_RE, Action, BriefingMeta, ReviewMeta
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
PLACEHOLDER_PACKAGE = "lif @ git+https://example.invalid/set-lif-source-repository.git"
"""What the generated CI installs when lif cannot tell where it came from: a direct reference
on a reserved domain that never resolves, so CI fails loudly until it is set, and never falls
back to PyPI, whose ``lif`` is an unrelated project."""


def package_spec(given: str | None) -> tuple[str, bool]:
    """What the site's CI installs, and whether it is the placeholder still to be set.

    An explicit ``--package`` must be a direct reference (``lif @ URL``): a bare name or version
    would be fetched from PyPI, whose ``lif`` is someone else's package. Otherwise the running
    lif's own source, when it was installed from a git or archive URL (PEP 610)."""
    if given is not None:
        spec = given.strip()
        if not DIRECT_REFERENCE_RE.match(spec):
            raise UsageError(
                f"--package '{given}' is not a direct reference to lif's source. PyPI's 'lif' "
                "is an unrelated project, so name the source repository and a release, e.g. "
                "--package 'lif @ git+https://github.com/ORG/lif@v0.1.0'.")
        return spec, False
    found = spec_from_direct_url(_installed_direct_url())
    return (found, False) if found else (PLACEHOLDER_PACKAGE, True)


DIRECT_REFERENCE_RE = re.compile(r"^lif\s*@\s*(git\+)?https://\S+$")


def spec_from_direct_url(origin: Mapping[str, Any] | None) -> str | None:
    """``lif @ git+URL@COMMIT`` (or ``lif @ URL`` of an archive) from a PEP 610 record; None
    for a local folder or wheel, which CI cannot reach."""
    if not origin or not str(origin.get("url", "")).startswith("https://"):
        return None
    url = str(origin["url"])
    vcs = origin.get("vcs_info")
    if isinstance(vcs, Mapping):
        if vcs.get("vcs") != "git" or not vcs.get("commit_id"):
            return None
        return f"lif @ git+{url}@{vcs['commit_id']}"
    if isinstance(origin.get("archive_info"), Mapping):
        return f"lif @ {url}"
    return None


def _installed_direct_url() -> dict[str, Any] | None:
    try:
        text = metadata.distribution("lif").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        record = json.loads(text) if text else None
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def slugify(title: str) -> str:
    """'Safer sleep: what we learned' -> 'safer-sleep-what-we-learned'."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-")


BRIEFING_SUFFIX = ": 7-minute briefing"
"""The site's convention for a 7-minute briefing's title ('Safer sleep: 7-minute briefing'), so
listings read alike."""

ENUMERATED: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "review": (ReviewMeta, ("type", "age_band", "outcome")),
    "briefing": (BriefingMeta, ("source", "format")),
    "action": (Action, ("status",)),
}
"""The fields of each scaffold whose value comes from a fixed list; each gets a comment listing
that list, read from the model the validator uses (a test checks every such field is here)."""


def allowed_values(model: type[BaseModel], name: str) -> list[str]:
    """The values the validator accepts for an enumerated field, in the model's order."""
    schema = model.model_json_schema()
    field = schema["properties"][name]
    if "$ref" in field:
        field = schema["$defs"][field["$ref"].rsplit("/", 1)[-1]]
    values = field.get("enum")
    if values is None:
        raise ValueError(f"{model.__name__}.{name} is not an enumerated field")
    return [str(v) for v in values]


def choices_comments(scaffold: str) -> dict[str, str]:
    """'# one of: a, b, c' for each enumerated field of a scaffold, by field name."""
    model, names = ENUMERATED[scaffold]
    return {name: "# one of: " + ", ".join(allowed_values(model, name)) for name in names}


def briefing_title(title: str) -> str:
    """'Safer sleep' -> 'Safer sleep: 7-minute briefing'; a title with its own subtitle (a
    colon) or that already says '7-minute briefing' is kept as written."""
    title = title.strip()
    if ":" in title or "7-minute briefing" in title.lower():
        return title
    return title + BRIEFING_SUFFIX


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
    text = pages.render("scaffold/briefing.md.j2", title=briefing_title(title), today=today,
                        review_by=add_months(today, 12), first_theme=next(iter(vocabulary)),
                        theme_lines=theme_comment(vocabulary),
                        choices=choices_comments("briefing"))
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
    context = review_context(slug, today, vocabulary)
    return [
        _write_new(folder / "review.yml", pages.render("scaffold/review.yml.j2", **context)),
        _write_new(folder / "report.md", pages.render("scaffold/report.md.j2", **context)),
        _write_new(folder / "response.md", pages.render("scaffold/response.md.j2", **context)),
    ]


def subject_of(slug: str) -> str:
    """'child-t' -> 'Child T': the pseudonym a review's slug stands for."""
    return " ".join(w.upper() if len(w) == 1 else w.capitalize() for w in slug.split("-"))


def default_review_title(slug: str) -> str:
    """The title ``lif new review`` gives; ``lif import`` replaces it with the Word title."""
    return f"{subject_of(slug)}: a local child safeguarding practice review"


def review_context(slug: str, today: dt.date, vocabulary: Mapping[str, str]) -> dict[str, Any]:
    return dict(subject=subject_of(slug), title=default_review_title(slug),
                first_theme=next(iter(vocabulary)), theme_lines=theme_comment(vocabulary),
                due=add_months(today, 6), choices=choices_comments("review"),
                action_choices=choices_comments("action"))


def is_untouched_report(text: str) -> bool:
    """True when report.md is still exactly what ``lif new review`` wrote, so ``lif import``
    may replace it without --force (nothing anyone wrote is lost)."""
    return text == pages.render("scaffold/report.md.j2")


@dataclass(frozen=True)
class SafeguardingContact:
    """A number the public calls about a child (the plugin option ``safeguarding_contacts``)."""

    label: str
    phone: str


@dataclass(frozen=True)
class SiteDetails:
    """What only the partnership knows, asked by ``lif init``; what is missing stays a
    ``Fill in:`` placeholder, which ``lif build`` refuses to publish."""

    partnership: str
    contact: str = ""
    site_url: str = ""
    safeguarding: tuple[SafeguardingContact, ...] = ()

    def allowances(self) -> list[dict[str, str]]:
        """Site-wide allowances for the published contact details, which the redaction
        checks would otherwise flag on every page they appear on."""
        found = [{"rule": "ID-EMAIL", "text": self.contact,
                  "reason": "the business unit's published address"}] if self.contact else []
        return found + [{"rule": "ID-PHONE", "text": item.phone,
                         "reason": f"published safeguarding number ({item.label})"}
                        for item in self.safeguarding]


def parse_safeguarding(value: str) -> SafeguardingContact:
    """'Children's services=01632 960000' -> a contact; a usage error otherwise."""
    label, sep, phone = value.rpartition("=")
    if not sep or not label.strip() or not re.fullmatch(r"\+?[\d ()-]{3,}", phone.strip()):
        raise UsageError(f"--safeguarding '{value}' is not LABEL=PHONE, e.g. --safeguarding "
                         "\"Children's services=01632 960000\".")
    return SafeguardingContact(label.strip(), phone.strip())


def yaml_string(value: str) -> str:
    """A YAML double-quoted string (JSON's, which YAML reads), apostrophes left readable."""
    return json.dumps(value, ensure_ascii=False)


def check_site_url(value: str) -> str:
    if value and not re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(/\S*)?", value):
        raise UsageError(f"--site-url '{value}' is not a web address, e.g. "
                         "https://learning.example-scp.org.uk/.")
    return value if not value or value.endswith("/") else value + "/"


def init_site(target: Path, details: SiteDetails, vocabulary: Mapping[str, str],
              package: str = PLACEHOLDER_PACKAGE, today: dt.date | None = None) -> list[Path]:
    """Create a new partnership site that builds with ``lif build`` once every detail is given
    (else the build names each placeholder left); its CI installs ``package``."""
    if target.exists() and any(target.iterdir()):
        raise LifError(f"{target}: is not empty; lif init only creates a new site in an empty "
                       "or new folder.")
    day = today or dt.date.today()
    context = dict(partnership=details.partnership, package=package, contact=details.contact,
                   site_url=details.site_url, safeguarding=details.safeguarding,
                   allowances=details.allowances(), today=f"{day.day} {day:%B %Y}",
                   q=yaml_string)
    written = []
    for name, template in SITE_TEMPLATES.items():
        text = pages.render(template, **context)
        written.append(_write_new(target / name, text))
    for folder in ("reviews", "briefings"):
        written.append(_write_new(target / folder / ".gitkeep", ""))
    from generator.ledger import HEADER

    written.append(_write_new(target / "ledger.yml", HEADER))
    written += schemas.write_schemas(target / "schemas", vocabulary)
    written.append(_write_new(target / ".vscode" / "settings.json",
                              schemas.render_editor_settings("schemas")))
    return written
