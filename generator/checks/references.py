"""What a report, response or briefing makes the PDF renderer fetch, checked before it renders.

WeasyPrint fetches images, stylesheets and fonts by URL while it renders; a report that names
``file:///etc/passwd``, a path outside the repository or a network URL would pull that into a
published PDF (or make the build reach the network). Every reference in the Markdown and raw
HTML is found here with its line, so the author sees where; the renderer's own URL fetcher
(``generator.pdf.RepositoryFetcher``) refuses the same things again if anything slips past.
Messages never repeat the reference itself: a file name can carry a real name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.markdown import code_lines
from generator.models import Finding, Position, Source
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.site import Site

register(
    Rule("PDF-FILE-URL", "error", "A report, response or briefing uses a file: URL, which would read from (or link to) the computer that builds the PDF."),  # noqa: E501
    Rule("PDF-OUTSIDE-REPO", "error", "An image, stylesheet or link points to a path outside the site's repository."),  # noqa: E501
    Rule("PDF-NETWORK-RESOURCE", "error", "An image, stylesheet or font would be loaded from the network; PDFs use only the repository's own files."),  # noqa: E501
    Rule("PDF-RESOURCE-MISSING", "error", "An image or other file the text uses does not exist in the repository."),  # noqa: E501
    Rule("PDF-IMAGE-NO-ALT", "error", "An image has no alt text, so the page and the tagged PDF would not describe it."),  # noqa: E501
    Rule("PDF-FETCH-REFUSED", "error", "While rendering a PDF, the renderer asked for something other than a file inside the repository; nothing was fetched."),  # noqa: E501
    Rule("PDF-RENDER", "error", "The PDF renderer failed or warned while rendering a document."),
)

MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]*)")
MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]+)")
MD_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<url>[^\s>]+)")
HTML_ATTRIBUTE = re.compile(
    r"\b(?P<name>src|href|srcset|data|poster|background|xlink:href|longdesc)\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>\"']+))", re.IGNORECASE)
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*'|[^\s>\"']+)",
                      re.IGNORECASE)
AUTOLINK = re.compile(r"<(?P<url>[a-zA-Z][a-zA-Z0-9.+-]*:[^>\s]+)>")
FETCHING_TAGS = ("link", "image", "use", "feimage")
"""Tags whose ``href`` is fetched, not followed."""
CSS_URL = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<url>[^'\")]+)(?P=q)\s*\)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+(?P<q>['\"])(?P<url>[^'\"]+)(?P=q)", re.IGNORECASE)
SCHEME = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9.+-]*):")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")



@dataclass(frozen=True)
class Reference:
    """A URL in a source: where, what it is for (``resource`` is fetched, ``link`` is not)."""

    url: str
    kind: str
    line: int
    column: int
    what: str


def check(site: Site) -> list[Finding]:
    """Every unsafe or broken reference in every review's texts and every briefing."""
    found: list[Finding] = []
    for review in site.each_review():
        for source in (review.report, review.response):
            if source is not None:
                found += check_source(source, site.root)
    for briefing in site.each_briefing():
        found += check_source(briefing.source, site.root)
    return found


def check_source(source: Source, root: Path) -> list[Finding]:
    """Findings for one Markdown source whose path is relative to the repository ``root``."""
    root = root.resolve()
    folder = (root / source.path).parent
    found = []
    for ref in references(source):
        problem = classify(ref, folder, root)
        if problem is not None:
            rule, message, hint = problem
            found.append(finding(rule, source.path, Position(ref.line, ref.column), message,
                                 hint))
    return found


def references(source: Source) -> Iterator[Reference]:
    """Every URL in the body, with its file line and column; code is skipped (never fetched)."""
    lines = source.body.splitlines()
    for index, (raw, code) in enumerate(zip(lines, code_lines(lines), strict=True)):
        line = source.body_line + index
        if code:
            continue
        if "[" not in raw and "<" not in raw and "=" not in raw:
            continue  # every reference pattern needs one of these: most prose lines are skipped
        text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw)
        yield from _line_references(text, line)


def _line_references(text: str, line: int) -> Iterator[Reference]:
    for match in MD_IMAGE.finditer(text):
        yield Reference(match["url"], "resource", line, match.start("url") + 1, "an image")
        if not match["alt"].strip():
            yield Reference("", "no-alt", line, match.start() + 1, "an image")
    for match in MD_LINK.finditer(text):
        yield Reference(match["url"], "link", line, match.start("url") + 1, "a link")
    for match in AUTOLINK.finditer(text):
        yield Reference(match["url"], "link", line, match.start("url") + 1, "a link")
    for match in MD_DEFINITION.finditer(text):
        yield Reference(match["url"], "link", line, match.start("url") + 1, "a link")
    for match in HTML_ATTRIBUTE.finditer(text):
        group = next(g for g in ("dq", "sq", "bare") if match[g] is not None)
        name = match["name"].lower()
        kind = "link" if name == "href" and not _fetched_href(text, match.start()) else "resource"
        what = "a link" if kind == "link" else f"an HTML {name} attribute"
        urls = match[group].split(",") if name == "srcset" else [match[group]]
        for url in urls:
            yield Reference(url.strip().split(" ")[0], kind, line, match.start(group) + 1, what)
    for match in HTML_IMG.finditer(text):
        if not HTML_ALT.search(match.group(0)):
            yield Reference("", "no-alt", line, match.start() + 1, "an image")
    for pattern in (CSS_URL, CSS_IMPORT):
        for match in pattern.finditer(text):
            yield Reference(match["url"], "resource", line, match.start("url") + 1,
                            "a stylesheet")


def _fetched_href(text: str, at: int) -> bool:
    """True when an ``href`` belongs to a tag that fetches it (``<link>``, SVG ``<image>``)."""
    start = text.rfind("<", 0, at)
    name = re.match(r"[\w:-]+", text[start + 1:at]) if start >= 0 else None
    return name is not None and name[0].lower().split(":")[-1] in FETCHING_TAGS


def classify(ref: Reference, folder: Path, root: Path) -> tuple[str, str, str] | None:
    """The (rule, message, hint) a reference breaks, or None when it is safe."""
    if ref.kind == "no-alt":
        return ("PDF-IMAGE-NO-ALT", f"{ref.what} has no alt text.",
                "Describe what the image shows in its alt text (![description](path)).")
    url = ref.url.strip()
    if not url or url.startswith("#"):
        return None
    scheme_match = SCHEME.match(url)
    scheme = scheme_match["scheme"].lower() if scheme_match else ""
    if scheme == "file":
        return ("PDF-FILE-URL", f"{ref.what} uses a file: URL, which would read from the "
                "computer that builds the site; nothing was fetched.",
                "Put the file in the review's folder and use a relative path.")
    if ref.kind == "link":
        if scheme or url.startswith("//"):
            return None
    elif scheme == "data":
        return None
    elif scheme or url.startswith("//"):
        return ("PDF-NETWORK-RESOURCE", f"{ref.what} would be loaded from the network; "
                "nothing was fetched.",
                "Save the file in the repository and use a relative path.")
    target = _resolve(url, folder)
    if not target.is_relative_to(root):
        return ("PDF-OUTSIDE-REPO", f"{ref.what} points to a path outside the site's "
                "repository; nothing was fetched.",
                "Keep every file the text uses inside the repository, next to the text.")
    if ref.kind == "resource" and not target.is_file():
        return ("PDF-RESOURCE-MISSING", f"{ref.what} uses a file that does not exist in the "
                "repository.", "Check the path, relative to this file.")
    return None


def _resolve(url: str, folder: Path) -> Path:
    """Where a relative or absolute path in a URL points on disk (symbolic links followed)."""
    from urllib.parse import unquote

    path = unquote(url.split("#")[0].split("?")[0])
    return (Path(path) if path.startswith("/") else folder / path).resolve()
