"""The message to the national case review repository, written by ``lif publish``.

The NSPCC's national case review repository asks partnerships to send each newly published
report with its catalogue record: title, partnership, publication date, summary, themes,
methodology, age band, and the PDF. ``lif publish`` writes that message into the review's
outbox folder (``outbox/SLUG/national-repository-DATE/``, git-ignored, never part of the site)
as an e-mail body the business unit can send (``message.txt``), as JSON for whoever automates
the hand-over (``message.json``, following ``generator/schemas/repository-message.schema.json``)
and with the publication PDF itself, named in both with its SHA-256 so the copy sent can be
compared with the one published.

The message leaves the partnership like the panel copy, before any build has scanned it, so it
goes through the same checks: the PDF through the redaction scan of the site's PDFs, then every
file of the folder through the detectors and the leak fingerprints of everything not public
(``public_text.outbox_findings``), all in a staging folder. A finding stops it and nothing is
written. Author text is given as the page reads it (inline Markdown left out, references
decoded: ``markdown_text``), never as markup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.checks import markdown_text, public_text
from generator.errors import FindingsError
from generator.feeds import Urls
from generator.models import AGE_BAND_LABELS, REVIEW_TYPE_LABELS, Review
from generator.site import Site

REPOSITORY = "NSPCC national case review repository"
FOLDER_PREFIX = "national-repository-"
TEXT_FILE = "message.txt"
JSON_FILE = "message.json"
SCHEMA_FILE = "repository-message.schema.json"
SCHEMA_VERSION = 1
WIDTH = 72
"""Plain-text e-mail lines wrap at 72 characters (addresses are never broken)."""


@dataclass(frozen=True)
class RepositoryMessage:
    """What was written to the outbox for the national repository."""

    folder: Path
    files: list[str]


def plain(value: str) -> str:
    """Author text as the page reads it, on one line: 'Kay**den**' is 'Kayden'."""
    return " ".join(" ".join(run.text for run in markdown_text.runs(value)).split())


def folder_for(site: Site, slug: str, day: dt.date) -> Path:
    """``outbox/SLUG/national-repository-DATE/``: beside the panel copies, never one of them."""
    return site.root / "outbox" / slug / f"{FOLDER_PREFIX}{day.isoformat()}"


def message_record(site: Site, review: Review, day: dt.date, pdf: dict[str, Any],
                   site_url: str = "", directory_urls: bool = True) -> dict[str, Any]:
    """The catalogue record (``message.json``): stable keys, values as the reader sees them."""
    meta = review.meta
    url = (Urls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)
           .page(f"reviews/{review.slug}/index.md") if site_url else None)
    return {
        "schemaVersion": SCHEMA_VERSION,
        "repository": REPOSITORY,
        "identifier": review.slug,
        "title": plain(meta.title),
        "partnership": site.options.partnership,
        "publicationDate": day.isoformat(),
        "summary": plain(meta.summary),
        "themes": [{"code": theme, "label": site.vocabulary.get(theme, theme)}
                   for theme in meta.themes],
        "methodology": plain(meta.methodology),
        "ageBand": {"code": meta.age_band, "label": AGE_BAND_LABELS[meta.age_band]},
        "reviewType": {"code": meta.type, "label": REVIEW_TYPE_LABELS[meta.type]},
        "keyLearning": [plain(point) for point in meta.key_learning],
        "url": url,
        "pdf": pdf,
    }


def message_text(record: dict[str, Any], long_day: str) -> str:
    """The e-mail body (``message.txt``) of a catalogue record, wrapped for plain-text mail."""
    def field(label: str, value: str) -> list[str]:
        return textwrap.wrap(f"{label}: {value}", WIDTH, subsequent_indent="  ",
                             break_long_words=False, break_on_hyphens=False)

    pdf = record["pdf"]
    lines = [f"To: {record['repository']}", f"From: {record['partnership']}",
             *field("Subject", f"Newly published case review: {record['title']}"), "",
             "Dear colleagues,", "",
             *textwrap.wrap(f"{record['partnership']} has published the case review below. "
                            "Please add it to the national case review repository. The report "
                            "is attached as a PDF.", WIDTH), "",
             *field("Title", record["title"]),
             *field("Partnership", record["partnership"]),
             *field("Publication date", long_day),
             *field("Type of review", record["reviewType"]["label"]),
             *field("Summary", record["summary"]),
             *field("Themes", "; ".join(t["label"] for t in record["themes"])),
             *field("Methodology", record["methodology"]),
             *field("Age band", record["ageBand"]["label"]),
             "Key learning:"]
    for point in record["keyLearning"]:
        lines += textwrap.wrap(point, WIDTH, initial_indent="- ", subsequent_indent="  ",
                               break_long_words=False, break_on_hyphens=False)
    if record["url"]:
        lines += [f"Report page: {record['url']}"]
    lines += [f"PDF: {pdf['file']} ({pdf['bytes']} bytes), attached",
              f"PDF SHA-256: {pdf['sha256']}", "",
              "Yours faithfully,", "", "The business unit", record["partnership"]]
    return "\n".join(lines) + "\n"


def write_message(site: Site, review: Review, day: dt.date, site_url: str = "",
                  directory_urls: bool = True) -> RepositoryMessage:
    """Write the message (text, JSON, PDF) into the review's outbox folder, all files or none.

    Raises ``FindingsError`` (nothing written) when the PDF cannot be made or any file of the
    message does not pass the checks of what leaves the partnership."""
    from generator.pages import long_date
    from generator.pdf import review_pdf

    target = folder_for(site, review.slug, day)
    display = target.relative_to(site.root).as_posix()
    pdf_name = f"{review.slug}.pdf"
    data = review_pdf(site, review, site_url=site_url)
    found = public_text.pdf_findings(site, review, f"{display}/{pdf_name}", data)
    if found:
        raise FindingsError(found, "the PDF for the national repository did not pass the "
                                   "redaction checks")
    pdf = {"file": pdf_name, "path": f"{display}/{pdf_name}",
           "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    record = message_record(site, review, day, pdf, site_url, directory_urls)
    made = _first_missing(site.root, target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".national-repository-", dir=target.parent))
    try:
        (staging / pdf_name).write_bytes(data)
        (staging / TEXT_FILE).write_text(message_text(record, long_date(day)), encoding="utf-8")
        (staging / JSON_FILE).write_text(
            json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        unsafe = public_text.outbox_findings(site, review, staging, display)
        if unsafe:  # every file read in full before it is sent
            raise FindingsError(unsafe, "the message to the national repository did not pass "
                                        "the checks of what it holds")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if made is not None:  # refused: not even an empty folder is left behind
            shutil.rmtree(made, ignore_errors=True)
        raise
    return RepositoryMessage(target, [TEXT_FILE, JSON_FILE, pdf_name])


def _first_missing(root: Path, folder: Path) -> Path | None:
    """The outermost folder between ``root`` and ``folder`` that does not exist yet."""
    missing = None
    while folder != root and not folder.exists():
        missing, folder = folder, folder.parent
    return missing


def remove(message: RepositoryMessage) -> None:
    """Take back a message whose publication was not recorded after all."""
    shutil.rmtree(message.folder, ignore_errors=True)
