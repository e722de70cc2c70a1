"""The safety net after the build: no text of anything not public may be in the written site.

Pages are only generated for public items, so this should never fire; it exists because a
template bug, a search index or a feed could still carry embargoed text. Every run of eight
words of non-public text is fingerprinted (less any run that also occurs in public sources,
which may legitimately share boilerplate), along with short fields such as titles, and every
file written under ``site/`` is searched for them.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from generator.models import Finding, Position, State
from generator.rules import finding
from generator.site import Site

SHINGLE = 8
WORD_RE = re.compile(r"[a-z0-9]+")
TAG_RE = re.compile(r"<[^>]*>")
TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".js", ".css", ".atom", ".md", ".gz", ".csv"}


def words(text: str) -> list[str]:
    return WORD_RE.findall(html.unescape(text).lower())


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1))}


class Fingerprints:
    """What must not appear: long runs of words, and short fields matched whole."""

    def __init__(self, secret: Iterable[str], short: Iterable[str], public: Iterable[str]) -> None:
        allowed: set[tuple[str, ...]] = set()
        for text in public:
            allowed |= shingles(words(text))
        self.runs: set[tuple[str, ...]] = set()
        for text in secret:
            self.runs |= shingles(words(text)) - allowed
        public_text = " " + " ".join(" ".join(words(t)) for t in public) + " "
        self.phrases = {
            " ".join(tokens) for tokens in (words(t) for t in short)
            if len(tokens) >= 3 and f" {' '.join(tokens)} " not in public_text
        }

    def __bool__(self) -> bool:
        return bool(self.runs or self.phrases)

    def found_in(self, text: str) -> bool:
        tokens = words(text)
        if self.runs and not self.runs.isdisjoint(shingles(tokens)):
            return True
        joined = " " + " ".join(tokens) + " "
        return any(f" {phrase} " in joined for phrase in self.phrases)


def template_texts() -> list[str]:
    """The literal text of lif's own page templates: shared wording, never a leak."""
    folder = Path(__file__).resolve().parent.parent / "templates"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.j2"))]


def fingerprints(site: Site, extra_public: Iterable[str] = ()) -> Fingerprints:
    """Fingerprints of every review and briefing text that is not public on the build day.

    Hand-written content pages are deliberately not counted as public sources: text copied
    from an embargoed report into a content page is exactly the leak this looks for.
    """
    secret: list[str] = []
    short: list[str] = []
    public: list[str] = [*template_texts(), *extra_public]
    for slug, review in site.sources.reviews.items():
        status = site.statuses[slug]
        bodies = [s.body for s in (review.report, review.response) if s is not None]
        meta = review.meta
        described = [meta.summary, *meta.key_learning]
        if status.state is State.PUBLISHED:
            public += bodies + described + [meta.title]
        elif status.state is State.WITHDRAWN:
            secret += bodies
            public += [*described, meta.title]
        elif status.state is State.DELAYED or (
                status.state is State.WITHHELD and site.options.list_withheld):
            secret += bodies + described
            public.append(meta.title)
        else:
            secret += bodies + described
            short.append(meta.title)
    for briefing in site.sources.briefings.values():
        if site.is_public_briefing(briefing):
            public += [briefing.source.body, briefing.meta.title]
        else:
            secret.append(briefing.source.body)
            short.append(briefing.meta.title)
    return Fingerprints(secret, short, public)


def site_texts(site_dir: Path) -> Iterator[tuple[Path, str]]:
    """The text of every file written under the site (decompressed, JSON strings joined)."""
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            with contextlib.suppress(json.JSONDecodeError):
                text = " ".join(_strings(json.loads(text)))
        yield path, TAG_RE.sub(" ", text)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def scan_site(site: Site, site_dir: Path, extra_public: Iterable[str] = ()) -> list[Finding]:
    """A SITE-LEAK finding for each written file holding text that is not public."""
    prints = fingerprints(site, extra_public)
    if not prints:
        return []
    found = []
    for path, text in site_texts(site_dir):
        if prints.found_in(text):
            found.append(finding(
                "SITE-LEAK", f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}",
                Position(), "contains text of a review or briefing that is not public today.",
                "Nothing was published. Remove the text from the content page or template "
                "that carried it (if neither did, report it as a bug in lif)."))
    return found
