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
from generator.models import Finding, Position
from generator.rules import Rule, finding, register

register(Rule("LINK-BROKEN", "error",
              "A link in a content page leads to a page or PDF that the site does not have on "
              "the build day."))

LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""An inline Markdown link or image: ``[text](target "title")``."""
CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
FENCE = re.compile(r"^\s*(```|~~~)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9.+-]*:")
CHECKED_SUFFIXES = (".md", ".pdf")
HINT = ("Check the path, relative to this page. A review's or briefing's page exists only while "
        "it is public: link to it from the day it is published.")


def links(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of each inline link outside code, 1-based."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        visible = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in LINK.finditer(visible):
            yield number, match.start(1) + 1, match.group(1)


def page_target(page: str, target: str) -> str | None:
    """The site path a relative link leads to, or None when it is not ours to check."""
    if not target or target.startswith(("#", "/")) or SCHEME.match(target):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path.lower().endswith(CHECKED_SUFFIXES):
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
