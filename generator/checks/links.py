"""Links in hand-written pages must lead to pages that exist on the build day.

The message never repeats the link's target: it may hold a name that the redaction checks
report (masked) on the same line.

MkDocs finds a broken link only while it renders, and then prints a bare warning that aborts the
strict build without a file position. A link in ``content/`` to a review that is scheduled,
withheld or still a draft is also a slip worth catching early: the page does not exist yet, and
its address names the review. So every relative link to a page (``.md``) or a PDF in a content
page is resolved against the pages the build will have, and reported at its line and column.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

from generator.load import relpath
from generator.models import Finding, Position, Review
from generator.rules import Rule, finding, register

register(Rule("LINK-BROKEN", "error",
              "A link in a content page leads to a page or PDF that the site does not have on "
              "the build day, or a link in a report or response to a file in the review's "
              "files/ folder that does not exist."))

LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""An inline Markdown link or image: ``[text](target "title")``."""
CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
FENCE = re.compile(r"^\s*(```|~~~)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9.+-]*:")
CHECKED_SUFFIXES = (".md", ".pdf")
HINT = ("Check the path, relative to this page. A review's or briefing's page exists only while "
        "it is public: link to it from the day it is published.")


def links(text: str, images: bool = True) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of each inline link (and image, unless ``images`` is false)
    outside code, 1-based."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        visible = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in LINK.finditer(visible):
            if not images and match.group(0).startswith("!"):
                continue
            yield number, match.start(1) + 1, match.group(1)


def relative_path(target: str) -> str | None:
    """A link's path without its fragment and query, or None when it is not relative."""
    if not target or target.startswith(("#", "/")) or SCHEME.match(target):
        return None
    return unquote(target.split("#", 1)[0].split("?", 1)[0]) or None


def page_target(page: str, target: str) -> str | None:
    """The site path a relative link leads to, or None when it is not ours to check."""
    path = relative_path(target)
    if path is None or not path.lower().endswith(CHECKED_SUFFIXES):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def check_pages(root: Path, docs_dir: Path, known: Iterable[str]) -> list[Finding]:
    """Broken page and PDF links in every content page; ``known`` is every site path built."""
    site_paths = set(known)
    findings: list[Finding] = []
    if not docs_dir.is_dir():
        return findings
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in page.split("/")):
            continue
        site_paths.add(page)
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() == ".pdf":
            site_paths.add(path.relative_to(docs_dir).as_posix())
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        if path.is_dir() or path.is_symlink() or any(p.startswith(".") for p in page.split("/")):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the content page checks
        for line, column, target in links(text):
            resolved = page_target(page, target)
            if resolved is None or resolved in site_paths:
                continue
            findings.append(finding(
                "LINK-BROKEN", relpath(root, path), Position(line, column),
                "this link leads to no page or PDF of the site on this build day.",
                HINT))
    return findings


FILES_HINT = ("Put the file in the review's files/ folder, or correct the path: it is relative "
              "to the report, so write files/NAME.")


def check_review_files(review: Review) -> list[Finding]:
    """Links in a report or response that point into files/ at nothing there.

    The review's attachments are published beside its report page, so such a link is what
    MkDocs would stop the build for ('target not found') with no line number. A missing image
    is already PDF-RESOURCE-MISSING (the PDF would fetch it), so images are left to that rule.
    """
    have = {path.relative_to(review.folder).as_posix() for path in review.attachments}
    findings = []
    for source in (review.report, review.response):
        if source is None:
            continue
        for line, column, target in links(source.body, images=False):
            path = relative_path(target)
            path = posixpath.normpath(path) if path else ""
            if not path.startswith("files/") or path in have:
                continue
            findings.append(finding(
                "LINK-BROKEN", source.path, Position(source.body_line + line - 1, column),
                "this link leads to no file in the review's files/ folder.", FILES_HINT))
    return findings

