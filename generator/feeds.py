"""Feeds and open data: an Atom feed of publications and ``publications.json`` for harvesting.

Both are written into the built site at the end of the build and hold only what is public on the
build day: reviews whose report is published, and briefings whose date has come. Dates are the
public record's days (never the build's clock), so two builds for one day write the same bytes.
``publications.json`` follows ``generator/schemas/publications.schema.json`` (schema.org
``Report`` fields plus lif's own), which is published beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import visibility
from generator.models import AGE_BAND_LABELS, REVIEW_TYPE_LABELS, Briefing, Review, State
from generator.site import Site
from generator.state import ReviewStatus

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
DATA_FILE = "publications.json"
SCHEMA_FILE = "publications.schema.json"
SCHEMA_SOURCE = Path(__file__).resolve().parent / "schemas" / SCHEMA_FILE


@dataclass(frozen=True)
class Urls:
    """How the built site names its pages: the site's base address and its URL style."""

    base: str
    directory_urls: bool = True

    def page(self, src_uri: str) -> str:
        """The address of the page built from ``src_uri`` (``reviews/x/index.md``)."""
        stem = src_uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            path = stem[: -len("index")]
        else:
            path = stem + "/" if self.directory_urls else stem + ".html"
        if not self.directory_urls and path.endswith("/"):
            path += "index.html"
        return self.base + path

    def file(self, path: str) -> str:
        return self.base + path


def pdf_href(review: Review) -> str:
    """Where a review's report PDF is in the site (the one place feeds name it); the same path
    as ``generator.pdf.review_document`` writes, which a test holds them to."""
    return visibility.review_pdf(review.slug)


def public_reviews(site: Site) -> list[tuple[Review, ReviewStatus]]:
    """Reviews whose text is public on the build day, newest first."""
    return [(review, status) for review, status in site.listed_reviews()
            if status.state is State.PUBLISHED and status.first_published_on is not None]


def modified_on(site: Site, review: Review, status: ReviewStatus) -> dt.date:
    """The last public-record day of a review up to the build day (publication or later)."""
    assert status.first_published_on is not None
    days = [event.date for event in site.events_by_review.get(review.slug, [])
            if status.first_published_on <= event.date <= site.today]
    return max([status.first_published_on, *days])


def review_record(site: Site, review: Review, status: ReviewStatus, urls: Urls) -> dict[str, Any]:
    """One ``publications.json`` record: schema.org Report fields, then lif's own."""
    assert status.first_published_on is not None
    meta = review.meta
    labels = [site.vocabulary.get(theme, theme) for theme in meta.themes]
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "identifier": review.slug,
        "name": meta.title,
        "abstract": meta.summary,
        "datePublished": status.first_published_on.isoformat(),
        "dateModified": modified_on(site, review, status).isoformat(),
        "publisher": {"@type": "Organization", "name": site.options.partnership},
        "url": urls.page(f"reviews/{review.slug}/index.md"),
        "inLanguage": "en-GB",
        "keywords": labels,
        "about": [{"@type": "DefinedTerm", "termCode": theme, "name": label}
                  for theme, label in zip(meta.themes, labels, strict=True)],
    }
    if review.report is not None and site.options.pdf:
        record["encoding"] = [{"@type": "MediaObject", "encodingFormat": "application/pdf",
                               "contentUrl": urls.file(pdf_href(review))}]
    record.update({
        "type": meta.type,
        "typeLabel": REVIEW_TYPE_LABELS[meta.type],
        "themes": list(meta.themes),
        "status": status.state.value,
        "ageBand": meta.age_band,
        "ageBandLabel": AGE_BAND_LABELS[meta.age_band],
        "outcome": meta.outcome,
        "keyLearning": list(meta.key_learning),
        "dates": {
            "approved": _iso(status.approved_on),
            "panelCopySent": _iso(status.panel_copy_on),
            "published": status.first_published_on.isoformat(),
            "listedUntil": _iso(status.listed_until),
        },
    })
    return record


def publications(site: Site, urls: Urls) -> dict[str, Any]:
    """The whole ``publications.json`` document."""
    return {
        "$schema": urls.file(SCHEMA_FILE),
        "publisher": site.options.partnership,
        "asOf": site.today.isoformat(),
        "reviews": [review_record(site, review, status, urls)
                    for review, status in public_reviews(site)],
    }


def atom_feed(site: Site, urls: Urls, title: str) -> bytes:
    """The Atom feed of public reviews and briefings, newest first."""
    entries: list[tuple[dt.date, dt.date, str, str, str, str, str]] = []
    for review, status in public_reviews(site):
        assert status.first_published_on is not None
        entries.append((status.first_published_on, modified_on(site, review, status),
                        f"review:{review.slug}", review.meta.title,
                        urls.page(f"reviews/{review.slug}/index.md"), review.meta.summary,
                        REVIEW_TYPE_LABELS[review.meta.type]))
    for briefing in site.public_briefings():
        entries.append((briefing.meta.date, briefing.meta.date, f"briefing:{briefing.slug}",
                        briefing.meta.title, urls.page(f"briefings/{briefing.slug}.md"),
                        _briefing_summary(briefing, site), "7-minute briefing"))
    entries.sort(key=lambda e: (-e[0].toordinal(), e[2]))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"{urls.base or 'urn:lif:'}{FEED_FILE}")
    _sub(feed, "title", title)
    _sub(feed, "subtitle", "Case reviews and 7-minute briefings published by "
         f"{site.options.partnership or title}.")
    _sub(feed, "updated", _stamp(max((e[1] for e in entries), default=site.today)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urls.file(FEED_FILE))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=urls.base or "./")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", site.options.partnership or title)
    for published, updated, key, name, link, summary, kind in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "id", f"{urls.base}#{key}" if urls.base else f"urn:lif:{key}")
        _sub(entry, "title", name)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        _sub(entry, "published", _stamp(published))
        _sub(entry, "updated", _stamp(updated))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=kind)
        _sub(entry, "summary", summary)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"


def write_feeds(site: Site, site_dir: Path, *, site_url: str, title: str,
                directory_urls: bool = True) -> list[Path]:
    """Write ``feed.xml``, ``publications.json`` and its schema into the built site."""
    urls = Urls(_base(site_url), directory_urls)
    feed = site_dir / FEED_FILE
    feed.write_bytes(atom_feed(site, urls, title))
    data = site_dir / DATA_FILE
    data.write_text(json.dumps(publications(site, urls), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    schema = site_dir / SCHEMA_FILE
    shutil.copyfile(SCHEMA_SOURCE, schema)
    return [feed, data, schema]


def _briefing_summary(briefing: Briefing, site: Site) -> str:
    themes = ", ".join(site.vocabulary.get(theme, theme) for theme in briefing.meta.themes)
    return f"7-minute briefing on {themes}."


def _base(site_url: str) -> str:
    return site_url if not site_url or site_url.endswith("/") else site_url + "/"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element
