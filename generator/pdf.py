"""Stage 5: accessible PDFs of public reports (with their responses) and briefings.

Each PDF is an HTML document built from ``templates/pdf`` and the same Markdown the site
renders, turned into a tagged PDF/UA-1 file by WeasyPrint (``generator.pdf_render``) in a pool
of worker processes. A document's cache key is a digest of everything that affects its bytes:
the HTML (so the sources and templates), the print CSS, the files it uses, the fonts, the
WeasyPrint and pydyf versions and the render options. Rendered files are kept in
``.lif-cache/pdf/<key>.pdf``, so an unchanged document is never rendered twice, and the bytes
do not depend on the clock: dates come from the content, the PDF identifier from the key.

``review_pdf`` and ``briefing_pdf`` give the exact bytes the site publishes; the panel copy
uses them. Nothing here prints: callers pass a ``progress`` callback.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import html as html_lib
import os
import posixpath
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import markdown  # type: ignore[import-untyped]
from markupsafe import Markup

from generator import pages, visibility, yearly_report
from generator.errors import FindingsError
from generator.models import (
    ACTION_STATUS_LABELS,
    BRIEFING_SOURCE_LABELS,
    REVIEW_TYPE_LABELS,
    Briefing,
    Finding,
    Position,
    Review,
    Source,
)
from generator.pages import long_date
from generator.rules import finding
from generator.site import Site
from generator.visibility import has_page, shows_text
from generator.workers import process_pool

TEMPLATES = Path(__file__).resolve().parent / "templates" / "pdf"
CACHE_DIR = Path(".lif-cache") / "pdf"
FORMAT = "lif-pdf-1"
"""Bump when something outside the digest's inputs changes the bytes (this code, the
templates and the stylesheet are already in it)."""
LANG = "en-GB"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
DROPPED_TAGS = re.compile(r"<(meta|base|link)\b[^>]*>", re.IGNORECASE)
"""Tags in author HTML that would add an author, change the base URL or attach a file.

(The document's own ``<title>`` comes first, and WeasyPrint takes the first.)"""
HREF = re.compile(r"(<a\b[^>]*?\bhref=)\"([^\"]*)\"", re.IGNORECASE)
SRC = re.compile(r"\bsrc=\"([^\"]+)\"", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9.+-]*:")

TASKS_PER_WORKER = 25
"""Documents a worker renders before it is replaced (its memory returned)."""

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: called after each document is ready."""


@dataclass(frozen=True)
class PdfDocument:
    """One PDF to produce: where it goes in the site, its HTML, and its cache key."""

    dest: str
    source: str
    html: str
    base_url: str
    root: str
    key: str


@dataclass
class PdfRun:
    """What ``render_documents`` did: a cached file per destination, counts and findings."""

    files: dict[str, Path] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


# --------------------------------------------------------------------------- documents


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["long_date"] = long_date
    env.globals.update(action_statuses=ACTION_STATUS_LABELS)
    return env


@cache
def stylesheet() -> str:
    return (TEMPLATES / "print.css").read_text(encoding="utf-8")


def markdown_html(body: str, prefix: str, baselevel: int = 1) -> tuple[str, list[dict[str, Any]]]:
    """HTML and heading tokens for a Markdown body, with the site's extensions.

    Heading ids get ``prefix`` so the report's and the response's never collide.
    """
    from markdown.extensions.toc import slugify  # type: ignore[import-untyped]

    from generator.markdown import MARKDOWN_EXTENSIONS

    def prefixed(value: str, separator: str) -> str:
        return f"{prefix}-{slugify(value, separator)}"

    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs={
        "toc": {"slugify": prefixed, "baselevel": baselevel}})
    text = md.convert(body)
    return DROPPED_TAGS.sub("", text), list(getattr(md, "toc_tokens", []))


def _flatten(tokens: list[dict[str, Any]], deepest: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        if token["level"] <= deepest:
            out.append({"level": token["level"], "id": token["id"],
                        "name": html_lib.unescape(token["name"])})
        out += _flatten(token["children"], deepest)
    return out


def _public_links(html: str, page: str, site_url: str) -> str:
    """Relative links point at the published site (or are dropped), never at a file path."""
    def fix(match: re.Match[str]) -> str:
        href = html_lib.unescape(match[2])
        if href.lower().startswith("file:"):
            return match[1][:-len("href=")] + 'data-href=""'
        if href.startswith("#") or SCHEME.match(href) or href.startswith("//"):
            return match.group(0)
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if target.endswith(".md"):
            target = target[:-3]
            target = target[:-len("index")] if target.endswith("index") else target + "/"
        if not site_url or target.startswith(".."):
            return match[1][:-len("href=")] + 'data-href=""'
        url = site_url.rstrip("/") + "/" + target.lstrip("./")
        return f'{match[1]}"{html_lib.escape(url + ("#" + fragment if fragment else ""))}"'
    return HREF.sub(fix, html)


def _document(site: Site, dest: str, source: Source, html: str) -> PdfDocument:
    root = site.root.resolve()
    folder = (root / source.path).parent
    base_url = folder.as_uri() + "/"
    return PdfDocument(dest, source.path, html, base_url, str(root),
                       document_key(html, folder, root))


def review_document(site: Site, review: Review, *, site_url: str = "",
                    approved_on: dt.date | None = None) -> PdfDocument:
    """The report PDF of a review: cover, contents, the report, then the response.

    The cover carries the partnership's approval date, not the publication date: the Panel's
    copy is made before publication, and it must be byte for byte the PDF the site publishes.
    """
    if review.report is None:
        raise FindingsError([finding("FILE-MISSING", f"{review.meta_source.path}",
                                     Position(), "the review has no report.md.")])
    status = site.statuses.get(review.slug)
    if approved_on is None and status is not None:
        approved_on = status.approved_on
    page = f"reviews/{review.slug}/report.md"
    report_html, report_toc = markdown_html(review.report.body, "report")
    response_html, response_toc = "", list[dict[str, Any]]()
    if review.response is not None and review.response.body.strip():
        response_html, response_toc = markdown_html(review.response.body, "response", 2)
    actions = review.response_meta.actions if review.response_meta else []
    headings = _flatten(report_toc, 3)
    if response_html or actions:
        headings.append({"level": 2, "id": "response", "name": "The partnership's response"})
        headings += _flatten(response_toc, 3)
    if actions:
        headings.append({"level": 3, "id": "response-action-plan", "name": "Action plan"})
    html = _environment().get_template("report.html.j2").render(
        lang=LANG, review=review, partnership=site.options.partnership,
        themes=[site.vocabulary.get(t, t) for t in review.meta.themes],
        review_type=REVIEW_TYPE_LABELS[review.meta.type], approved_on=approved_on,
        headings=headings, actions=actions,
        report_html=Markup(_public_links(report_html, page, site_url)),
        response_html=Markup(_public_links(response_html, page, site_url)))
    return _document(site, visibility.review_pdf(review.slug), review.report, html)


def briefing_document(site: Site, briefing: Briefing, *, site_url: str = "") -> PdfDocument:
    """The one-to-two page 7-minute briefing handout."""
    page = f"briefings/{briefing.slug}.md"
    body, _ = markdown_html(briefing.source.body, "briefing")
    body = _public_links(body, page, site_url)
    steps = []
    for part in re.split(r"(?=<h2\b)", body):
        if part.strip():
            number = re.match(r"<h2[^>]*>\s*(\d+)[.)]", part)
            steps.append({"number": number[1] if number else "", "html": Markup(part)})
    titles = [site.sources.reviews[s].meta.title for s in briefing.meta.reviews
              if s in site.sources.reviews and site.statuses[s].is_listed]
    html = _environment().get_template("briefing.html.j2").render(
        lang=LANG, briefing=briefing, partnership=site.options.partnership,
        themes=[site.vocabulary.get(t, t) for t in briefing.meta.themes],
        source=BRIEFING_SOURCE_LABELS[briefing.meta.source], reviews=titles, steps=steps)
    return _document(site, visibility.briefing_pdf(briefing.slug), briefing.source, html)


def yearly_report_document(site: Site, year: int, *, site_url: str = "") -> PdfDocument:
    """The yearly learning report of ``year`` (its page's Markdown, links to the public site);
    findings about it point at the ledger, which its figures come from."""
    report = yearly_report.yearly_report(site, year)
    page = visibility.yearly_report_page(year)
    body = pages.yearly_report_markdown(report, site, pages.report_links("../../"),
                                        heading=False)
    body_html, _ = markdown_html(body, "yearly")
    html = _environment().get_template("yearly-report.html.j2").render(
        lang=LANG, report=report, partnership=site.options.partnership,
        body_html=Markup(_public_links(body_html, page, site_url)))
    root = site.root.resolve()
    return PdfDocument(visibility.yearly_report_pdf(year), site.options.ledger, html,
                       root.as_uri() + "/", str(root), document_key(html, root, root))


def site_documents(site: Site, site_url: str = "") -> list[PdfDocument]:
    """Every PDF the site publishes on its build day: public reports and briefings, and the
    yearly learning reports."""
    docs = []
    for review, status in site.listed_reviews():
        if has_page(status, False) and shows_text(status, False) and review.report:
            docs.append(review_document(site, review, site_url=site_url))
    for briefing in site.public_briefings():
        if site.is_public_briefing(briefing):
            docs.append(briefing_document(site, briefing, site_url=site_url))
    docs += [yearly_report_document(site, year, site_url=site_url)
             for year in yearly_report.reporting_years(site)]
    return docs


# --------------------------------------------------------------------------- cache key


@cache
def _engine() -> str:
    """What else shapes the bytes: versions, options, stylesheet and font files."""
    from generator.pdf_render import PDF_OPTIONS

    digest = hashlib.sha256()
    for part in (FORMAT, metadata.version("weasyprint"), metadata.version("pydyf"),
                 metadata.version("pikepdf"),
                 repr(sorted(PDF_OPTIONS.items())), stylesheet(), LANG):
        digest.update(part.encode() + b"\0")
    for code in (Path(__file__), Path(__file__).with_name("pdf_render.py"),
                 *sorted(TEMPLATES.iterdir())):
        digest.update(code.name.encode() + b"\0" + code.read_bytes())
    for font in font_files():
        digest.update(font.name.encode() + b"\0" + hashlib.sha256(font.read_bytes()).digest())
    return digest.hexdigest()


@cache
def font_files() -> list[Path]:
    """The font files the print stylesheet names, as fontconfig would find them."""
    found = []
    for directory in FONT_DIRS:
        if directory.is_dir():
            found += [p for p in directory.rglob("DejaVu*.ttf") if p.name in FONT_FILES]
    return sorted(found)


def document_key(html: str, folder: Path, root: Path) -> str:
    """Digest of the HTML, the files it uses and the engine."""
    digest = hashlib.sha256(_engine().encode() + b"\0" + html.encode())
    for src in sorted(set(SRC.findall(html))):
        url = html_lib.unescape(src)
        if SCHEME.match(url) or url.startswith("//"):
            continue
        path = (folder / url.split("?")[0].split("#")[0]).resolve()
        if path.is_relative_to(root) and path.is_file():
            digest.update(src.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --------------------------------------------------------------------------- rendering


def _render_one(doc: PdfDocument) -> tuple[Any, list[Finding]]:
    """The rendered PDF and, in the same worker, PDF-TEXT-INCOMPLETE if its text cannot all be
    read back (``checks.pdf_text``): such a PDF is never written."""
    from generator.checks import pdf_text
    from generator.pdf_render import render

    result = render(doc.html, doc.base_url, stylesheet(), doc.root, doc.key[:32])
    if result.pdf is None:
        return result, []
    return result, pdf_text.check_pdf(doc.html, result.pdf, doc.dest, doc.source)


def render_documents(docs: Sequence[PdfDocument], cache_dir: Path, *, workers: int | None = None,
                     progress: Progress | None = None) -> PdfRun:
    """Every document from the cache or freshly rendered; ``workers=0`` renders in-process."""
    run = PdfRun()
    todo: dict[str, list[PdfDocument]] = {}
    done = 0
    for doc in docs:
        cached = cache_dir / f"{doc.key}.pdf"
        if cached.is_file():
            run.files[doc.dest] = cached
            run.reused += 1
            done += 1
            if progress:
                progress(done, len(docs), doc.dest)
        else:
            todo.setdefault(doc.key, []).append(doc)
    if not todo:
        return run
    cache_dir.mkdir(parents=True, exist_ok=True)
    firsts = sorted((group[0] for group in todo.values()), key=lambda d: -len(d.html))
    # longest first, so no worker is left with one big report at the end
    for doc, (result, unread) in _results(firsts, workers):
        run.rendered += 1
        found = _findings(doc, result) + unread
        run.findings += found
        if result.pdf is not None and not any(f.severity == "error" for f in found):
            cached = cache_dir / f"{doc.key}.pdf"
            _write_atomic(cached, result.pdf)
            for same in todo[doc.key]:
                run.files[same.dest] = cached
        done += len(todo[doc.key])
        if progress:
            progress(done, len(docs), doc.dest)
    run.findings.sort(key=lambda f: f.sort_key)
    return run


def _results(docs: list[PdfDocument], workers: int | None) -> Any:
    if workers == 0:
        for doc in docs:
            yield doc, _render_one(doc)
        return
    count = min(len(docs), workers or os.cpu_count() or 1)
    batch = TASKS_PER_WORKER * count
    for start in range(0, len(docs), batch):
        # a fresh pool per batch hands WeasyPrint's memory back to the system
        with process_pool(count, preload="generator.pdf_render") as pool:
            futures = {pool.submit(_render_one, doc): doc for doc in docs[start:start + batch]}
            for future in cf.as_completed(futures):
                doc = futures[future]
                try:
                    yield doc, future.result()
                except cf.process.BrokenProcessPool:
                    from generator.pdf_render import RenderResult

                    yield doc, (RenderResult(None, ["the PDF worker process stopped"]), [])


def _findings(doc: PdfDocument, result: Any) -> list[Finding]:
    where = Position()
    found = [finding("PDF-FETCH-REFUSED", doc.source, where,
                     f"rendering {doc.dest} asked for {reason}; nothing was fetched.",
                     "Use only files inside the repository, with relative paths.")
             for reason in result.refused]
    found += [finding("PDF-RENDER", doc.source, where,
                      f"rendering {doc.dest} failed: {message}") for message in result.errors]
    found += [finding("PDF-RENDER", doc.source, where,
                      f"rendering {doc.dest} warned: {message}", severity="warning")
              for message in result.warnings]
    return found


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temp, 0o644)
    os.replace(temp, path)


# --------------------------------------------------------------------------- one document


def _bytes(site: Site, doc: PdfDocument) -> bytes:
    run = render_documents([doc], site.root / CACHE_DIR, workers=1)
    if run.errors or doc.dest not in run.files:
        raise FindingsError(run.findings, f"the PDF {doc.dest} could not be made")
    return run.files[doc.dest].read_bytes()


def review_pdf(site: Site, review: Review, *, site_url: str = "",
               approved_on: dt.date | None = None) -> bytes:
    """The exact bytes of a review's published PDF (the panel copy sends these).

    ``site_url`` is MkDocs' ``site_url`` (relative links point there) and ``approved_on`` the
    date on the cover (default: the ledger's approval); pass the same ``site_url`` as the
    build does and the bytes are the same.
    """
    from generator.checks import references

    problems = [f for source in (review.report, review.response) if source is not None
                for f in references.check_source(source, site.root) if f.severity == "error"]
    if problems:
        raise FindingsError(problems, f"the PDF of {review.slug} was not made")
    return _bytes(site, review_document(site, review, site_url=site_url,
                                        approved_on=approved_on))


def briefing_pdf(site: Site, briefing: Briefing, *, site_url: str = "") -> bytes:
    """The exact bytes of a briefing's published PDF."""
    from generator.checks import references

    problems = [f for f in references.check_source(briefing.source, site.root)
                if f.severity == "error"]
    if problems:
        raise FindingsError(problems, f"the PDF of {briefing.slug} was not made")
    return _bytes(site, briefing_document(site, briefing, site_url=site_url))
