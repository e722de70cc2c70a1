"""The panel copy: the exact publication PDFs, a covering note to each recipient and a manifest,
written to ``outbox/SLUG/DATE/`` (git-ignored, never part of the site) for the business unit
to send. The ledger records the digest of the sources the PDFs were made from, so any later edit
is caught before publication. The PDFs leave the partnership before any build has scanned them,
so each goes through the redaction scan of the site's PDFs before anything is written.

A copy is never edited in place: one written with identifying text is withdrawn and replaced
(``lif panel-copy SLUG --replace --reason ...``), which records a new ``panel-copy-sent`` event
naming the copy it replaces, so the notice period starts again, and removes the earlier folders.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import publication
from generator.checks import public_text
from generator.errors import FindingsError
from generator.models import Review
from generator.pdf import review_pdf
from generator.site import Site

COPY_FOLDER_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""A panel copy's folder is named after the day it was sent."""


@dataclass(frozen=True)
class PanelCopy:
    """What was written to the outbox for one panel copy."""

    folder: Path
    pdfs: list[str]
    notes: list[str]
    digest: str


def recipient_file(recipient: str) -> str:
    """'note-ofsted.txt' for 'Ofsted': a file name for one recipient's covering note."""
    stem = re.sub(r"[^a-z0-9]+", "-", recipient.lower()).strip("-")[:60] or "recipient"
    return f"note-{stem}.txt"


def write_panel_copy(
    site: Site, review: Review, day: dt.date, recipients: Sequence[str],
    terms: publication.Terms, site_url: str = "",
) -> PanelCopy:
    """Write the panel copy into ``outbox/SLUG/DATE/`` atomically (all files or none).

    The PDF is put through the redaction scan of the site's PDFs first; a finding raises
    ``FindingsError`` before anything is written."""
    from generator.pages import long_date, render

    partnership, contact = site.options.partnership, site.options.request_contact
    target = site.root / "outbox" / review.slug / day.isoformat()
    pdfs = [f"{review.slug}.pdf"]
    data = review_pdf(site, review, site_url=site_url)
    found = public_text.pdf_findings(
        site, review, f"{target.relative_to(site.root).as_posix()}/{pdfs[0]}", data)
    if found:
        raise FindingsError(found, "the panel copy's PDF did not pass the redaction checks")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".panel-copy-", dir=target.parent))
    try:
        (staging / pdfs[0]).write_bytes(data)
        earliest = publication.earliest_publication(day, terms)
        notes = []
        for recipient in recipients:
            name = recipient_file(recipient)
            (staging / name).write_text(render(
                "panel-copy-note.txt.j2", recipient=recipient, review=review, day=long_date(day),
                earliest=long_date(earliest), notice=terms.notice_words, pdfs=pdfs,
                partnership=partnership, contact=contact), encoding="utf-8")
            notes.append(name)
        digest = publication.sources_digest(review)
        manifest = {
            "review": review.slug, "title": review.meta.title, "date": day.isoformat(),
            "earliest_publication": earliest.isoformat(), "recipients": list(recipients),
            "sources_digest": digest, "sources": publication.source_digests(review),
            "files": {name: publication.file_sha256(staging / name) for name in pdfs + notes},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                               encoding="utf-8")
        unsafe = public_text.outbox_findings(site, review, staging,
                                             target.relative_to(site.root).as_posix())
        if unsafe:  # every file of the copy read in full before it is sent
            raise FindingsError(unsafe, "the panel copy did not pass the checks of what it holds")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PanelCopy(target, pdfs, notes, digest)


def earlier_copies(site: Site, slug: str) -> list[str]:
    """The dated folders of the review's copies in ``outbox/`` (oldest first); other folders
    there (the message to the national repository) are not panel copies."""
    folder = site.root / "outbox" / slug
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and COPY_FOLDER_RE.match(p.name))


def withdraw_copies(site: Site, slug: str, keep: Path) -> list[str]:
    """Remove every earlier copy of the review from ``outbox/`` but ``keep`` (the new one): a
    withdrawn copy must not be sent by mistake. Returns the removed folders' names."""
    removed = []
    for name in earlier_copies(site, slug):
        path = site.root / "outbox" / slug / name
        if path.resolve() != keep.resolve():
            shutil.rmtree(path)
            removed.append(name)
    return removed
