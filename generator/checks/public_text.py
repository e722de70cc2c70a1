"""Every public word of the site through the redaction detectors, before and after the build.

Before the build: for each review the build lists, its public review.yml fields, and when its
text is public the report, the response (with its actions) and every attachment under
``files/``; every briefing public on the build day; every page under the docs folder. After
the build, every written HTML, text and PDF file under ``site/`` is scanned again, and any
error there fails the build (templates, feeds and search indexes could carry what the sources
checks did not see).

Protected terms from every review's ``protected.hmac`` are checked everywhere: a child's name
from one review is just as harmful in a briefing or another review.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from generator.checks import markdown_text
from generator.checks.documents import (
    RunKey,
    display_of,
    file_digest,
    files_under,
    name_matches,
    remember_clean_documents,
    run_key,
    scan_document,
    scan_file,
    scan_markdown,
    verbatim_runs,
)
from generator.checks.reader_text import merged, scan_runs
from generator.checks.source_map import SourceMap, SourceText
from generator.models import Finding, Position, Review, Source
from generator.redaction.protected import (
    Protected,
    key_from_environment,
    missing_key_finding,
    read_store,
)
from generator.redaction.scanner import Allowances, Chunk, Match, scan_chunks, site_allowances
from generator.rules import RULES, finding, rule_of
from generator.workers import map_batches

SCAN_CACHE_DIR = Path(".lif-cache") / "scan"
"""Clean scan results of documents, by digest (see ``documents.CLEAN_DIR``)."""

if TYPE_CHECKING:
    from generator.site import Site

PUBLIC_FIELDS = ("title", "subject", "summary", "methodology", "lead_reviewer")
PUBLIC_LISTS = ("key_learning", "agencies")
STORE = "protected.hmac"


def protected_terms(site: Site) -> tuple[Protected | None, list[Finding]]:
    """The union of every review's protected digests, and findings about keys and stores."""
    key = key_from_environment()
    findings: list[Finding] = []
    union = Protected(key or b"")
    stores = 0
    for slug, review in site.sources.reviews.items():
        path = review.folder / STORE
        if not path.is_file():
            continue
        display = f"{site.options.reviews_dir}/{slug}/{STORE}"
        if key is None:
            findings.append(missing_key_finding(display))
            continue
        protected, problems = read_store(path, key, display)
        findings += problems
        union.merge(protected)
        stores += 1
    return (union if stores else None), findings


ALLOW_KEY_RE = re.compile(r"^(?P<indent>[ \t]*)allow:")
LIF_ENTRY_RE = re.compile(r"^[ \t]*-[ \t]*lif[ \t]*:")


def allow_positions(site: Site, count: int) -> list[Position]:
    """Where each entry of the lif plugin's ``allow`` list starts in mkdocs.yml (its '- '), so
    a finding about one points at it; the 'allow:' line for a list written another way."""
    config = site.config_file
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [Position()] * count
    plugin = next((i for i, line in enumerate(lines) if LIF_ENTRY_RE.match(line)), None)
    if plugin is None:
        return [Position()] * count
    plugin_depth = len(lines[plugin]) - len(lines[plugin].lstrip())
    for index, line in enumerate(lines[plugin + 1:], start=plugin + 1):
        if line.strip() and not line.lstrip().startswith("#") and (
                len(line) - len(line.lstrip()) <= plugin_depth):
            break  # past the lif plugin's options
        key = ALLOW_KEY_RE.match(line)
        if key is None:
            continue
        items: list[Position] = []
        depth = len(key.group("indent"))
        for number, item in enumerate(lines[index + 1:], start=index + 2):
            stripped = item.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(item) - len(stripped)
            if indent < depth or (indent == depth and not stripped.startswith("- ")):
                break
            if stripped.startswith("- ") and (not items or indent + 1 == items[0].column):
                items.append(Position(number, indent + 1))
        if len(items) == count:
            return items
        return [Position(index + 1, depth + 1)] * count
    return [Position()] * count


def allowances(site: Site) -> Allowances:
    allowed = Allowances()
    items = site_allowances(site.options.allow)
    allowed.add(items, site.config_file.name, allow_positions(site, len(items)))
    for slug, review in site.sources.reviews.items():
        allowed.add(review.meta.allow, review.meta_source.path,
                    [review.meta_source.position("allow", i)
                     for i in range(len(review.meta.allow))], scope=slug)
    return allowed


def unknown_allowance_rules(site: Site) -> list[Finding]:
    """An allowance naming a rule that does not exist would silently allow nothing."""
    found = []
    items = site_allowances(site.options.allow)
    entries = [(a, site.config_file.name, where, "CONFIG-INVALID", "the plugin's allow list")
               for a, where in zip(items, allow_positions(site, len(items)), strict=True)]
    for review in site.sources.reviews.values():
        entries += [(a, review.meta_source.path, review.meta_source.position("allow", i, "rule"),
                     "FIELD-INVALID", f"'allow[{i + 1}].rule'")
                    for i, a in enumerate(review.meta.allow)]
    for allowance, path, where, rule_id, field_name in entries:
        if allowance.rule not in RULES:
            close = difflib.get_close_matches(allowance.rule, list(RULES), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else "Use a rule ID from a finding."
            found.append(finding(rule_id, path, where, f"{field_name} names '{allowance.rule}', "
                                 "which is not a rule, so it allows nothing.", hint))
    return found


def source_matches(source: Source, protected: Protected | None,
                   chronology: bool = False) -> list[Match]:
    """A Markdown source with its front matter.

    Exact dates are only warned about in a chronology's body (a report): elsewhere they are
    publication dates, due dates and examples in guidance.
    """
    matches = scan_markdown(source.text, source.path, protected)
    return [m for m in matches if m.rule_id != "ID-EXACT-DATE"
            or (chronology and m.line >= source.body_line)]


def without_dates(matches: list[Match]) -> list[Match]:
    return [m for m in matches if m.rule_id != "ID-EXACT-DATE"]


@dataclass(frozen=True)
class ScanJob:
    """One Markdown source or file to scan, and the review whose allowances apply to it.

    Jobs rather than direct calls so the big texts of a large site can be scanned on every
    core before MkDocs starts."""

    display: str
    source: Source | None = None
    path: Path | None = None
    chronology: bool = False
    dates: bool = True
    """Keep exact-date warnings (a content page's dates are publication dates: dropped)."""
    scope: str | None = None


def run_job(job: ScanJob, protected: Protected | None) -> list[Match]:
    if job.source is not None:
        return source_matches(job.source, protected, job.chronology)
    assert job.path is not None
    matches = scan_file(job.path, job.display, protected)
    return matches if job.dates else without_dates(matches)


def field_matches(review: Review, protected: Protected | None) -> list[Match]:
    """The public fields of review.yml as written and as a page reads them (inline markup
    joined, references decoded: a title ``Kay**den**`` shows a name), each match at its field
    (its dates are the review's own, never a finding)."""
    where = review.meta_source
    chunks = []
    read: list[Match] = []
    for name, index, value in _public_values(review):
        at = where.position(name) if index is None else where.position(name, index)
        chunks.append(Chunk(value, at.line, at.column, False))
        read += [dataclasses.replace(m, line=at.line, column=at.column) for m in
                 scan_runs(markdown_text.changed_runs(value), value, where.path, protected)]
    return without_dates(merged(scan_chunks(chunks, where.path, protected), read))


def _public_values(review: Review) -> Iterator[tuple[str, int | None, str]]:
    """Each public field of review.yml: its name, its index in a list, its text."""
    meta = review.meta
    for name in PUBLIC_FIELDS:
        yield name, None, str(getattr(meta, name))
    for name in PUBLIC_LISTS:
        for index, item in enumerate(getattr(meta, name)):
            yield name, index, str(item)


def review_jobs(site: Site, review: Review, every: bool = False) -> list[ScanJob]:
    """The report, response and attachments of a review, when its text is public (``every``:
    whatever its state)."""
    status = site.statuses[review.slug]
    if not (every or status.has_public_text or site.preview):
        return []
    slug = review.slug
    jobs = [ScanJob(source.path, source=source, chronology=source is review.report, scope=slug)
            for source in (review.report, review.response) if source is not None]
    for attachment in review.attachments:
        jobs.append(ScanJob(attachment.relative_to(site.root).as_posix(), path=attachment,
                            scope=slug))
    return jobs


def docs_dir(site: Site) -> Path:
    """The MkDocs docs folder of the config actually loaded (``lif -f site.yml`` too)."""
    return site.docs_dir


def source_jobs(site: Site) -> list[ScanJob]:
    """Every source file the checks before the build scan: the text of each listed review
    that is public, each public briefing, every file of the docs folder."""
    jobs: list[ScanJob] = []
    for review, _ in site.listed_reviews():
        jobs += review_jobs(site, review)
    jobs += [ScanJob(b.source.path, source=b.source) for b in site.public_briefings()]
    folder = docs_dir(site)
    if folder.is_dir():
        jobs += [ScanJob(path.relative_to(site.root).as_posix(), path=path, dates=False)
                 for path in files_under([folder], every=True)]
    return jobs


def check(site: Site, workers: int | None = None) -> list[Finding]:
    """Redaction findings for everything public on the build day (and listed by the build)."""
    protected, findings = protected_terms(site)
    remember_clean_documents(site.root / SCAN_CACHE_DIR)
    findings += unknown_allowance_rules(site)
    allowed = allowances(site)
    for review, _ in site.listed_reviews():
        findings += allowed.apply(field_matches(review, protected), review.slug)
    jobs = source_jobs(site)
    for job, matches in zip(jobs, run_jobs(jobs, protected, site.root / SCAN_CACHE_DIR,
                                           workers), strict=True):
        findings += allowed.apply(matches, job.scope)
    return findings + allowed.summary()


def source_texts(site: Site) -> Iterator[SourceText]:
    """Every public source of the build as read, for pointing a finding in a written file at
    the source that produced it (``source_map``)."""
    for review, _ in site.listed_reviews():
        status = site.statuses[review.slug]
        yield from review_texts(review, status.has_public_text or site.preview)
    for briefing in site.public_briefings():
        source = briefing.source
        yield SourceText(source.path, source.text, markdown_text.runs(source.text))
    folder = docs_dir(site)
    if folder.is_dir():
        for path in sorted(folder.rglob("*.md")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the checks before the build report it
            yield SourceText(path.relative_to(site.root).as_posix(), text, markdown_text.runs(text))


def review_texts(review: Review, text: bool = True) -> Iterator[SourceText]:
    """A review's public review.yml fields and (with ``text``) its report and response, as
    read, for ``source_map``."""
    where = review.meta_source
    for name, index, value in _public_values(review):
        at = where.position(name) if index is None else where.position(name, index)
        yield SourceText(where.path, value, markdown_text.runs(value), at=(at.line, at.column))
    if text:
        for source in (review.report, review.response):
            if source is not None:
                yield SourceText(source.path, source.text, markdown_text.runs(source.text))


def checked_runs(site: Site) -> frozenset[RunKey]:
    """The runs of text the checks before the build scanned (``documents.checked_sources``),
    by ``run_key``: the paragraphs and lines of every review and briefing text they read, as
    loaded before the build, and each public field of the listed reviews as a whole. Content
    pages are left out: the checks read them from disk, so a copy read here later might not be
    what was checked."""
    runs: set[str] = set()
    for job in source_jobs(site):
        if job.source is not None:
            runs.update(verbatim_runs(job.source.text))
    for review, _ in site.listed_reviews():
        runs.update(str(getattr(review.meta, name)).strip() for name in PUBLIC_FIELDS)
        for name in PUBLIC_LISTS:
            runs.update(str(item).strip() for item in getattr(review.meta, name))
    runs.discard("")
    return frozenset(map(run_key, runs))


def review_findings(site: Site, review: Review, errors_only: bool = True) -> list[Finding]:
    """Error findings in one review's public fields, report, response and attachments, whatever
    its state.

    ``check`` scans a review's text only once the build lists it, so a review that is only
    approved or scheduled has never been through the detectors: ``lif approve``, ``panel-copy``
    and ``publish`` call this before they vouch for it. A protected-names store that cannot be
    read with the key is an error here even outside CI: these commands send and schedule the
    text, so unchecked names must stop them.
    """
    protected, findings = protected_terms(site)
    findings = [dataclasses.replace(f, severity="error") for f in findings]
    allowed = allowances(site)
    findings += allowed.apply(field_matches(review, protected), review.slug)
    jobs = review_jobs(site, review, every=True)
    for job, matches in zip(jobs, run_jobs(jobs, protected, site.root / SCAN_CACHE_DIR),
                            strict=True):
        findings += allowed.apply(matches, job.scope)
    return sorted((f for f in findings if f.severity == "error" or not errors_only),
                  key=lambda f: f.sort_key)


def pdf_findings(site: Site, review: Review, display: str, data: bytes) -> list[Finding]:
    """Error findings in a PDF made for one review outside a build (the panel copy), by the
    detectors the scan of the written site puts its PDFs through: the Panel's copy leaves the
    partnership before any build has scanned it, and rendering can reveal what the sources
    hide (a character reference such as ``&#48;`` becomes a digit)."""
    protected, _ = protected_terms(site)
    matches = (name_matches(PurePath(display), display, protected)
               + scan_document(data, ".pdf", display, protected))
    found = allowances(site).apply(matches, review.slug)
    return [f for f in found if f.severity == "error"]


def outbox_findings(site: Site, review: Review, folder: Path, display: str) -> list[Finding]:
    """Error findings in every file of a panel copy about to be sent (``folder``, shown as
    ``display``): each read in full by the detectors (the review's allowances apply), and by
    the leak fingerprints of everything else not public (this review's own text is the copy's
    purpose). A file that cannot be read is FILE-UNREADABLE."""
    from generator.checks import leaks

    protected, _ = protected_terms(site)
    allowed = allowances(site)
    own = [s.body for s in (review.report, review.response) if s is not None]
    meta = review.meta
    fields = [meta.title, meta.summary, *meta.key_learning, meta.subject, meta.methodology,
              meta.lead_reviewer, site.options.partnership]
    prints = leaks.fingerprints(site, [*own, meta.title, meta.summary, *meta.key_learning])
    found: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        shown = f"{display}/{path.relative_to(folder).as_posix()}"
        matches = scan_file(path, shown, protected, errors_only=True)
        if matches:  # each at the review's source that holds its text, where one does
            located = SourceMap(review_texts(review))
            matches = [located.locate(m, shown) for m in matches]
        found += allowed.apply(matches, review.slug)
        leaked = leaks.verdict(prints, path.suffix, path.read_bytes(), own=fields) \
            if prints else False
        if leaked is not False:
            found.append(finding(
                "SITE-LEAK" if leaked else "FILE-UNREADABLE", shown, Position(),
                "holds text of another review or briefing that is not public today."
                if leaked else "could not be read in full, so it could not be checked.",
                "Nothing was sent. Report it as a bug in lif: the panel copy holds only its "
                "own review."))
    return sorted((f for f in found if f.severity == "error"), key=lambda f: f.sort_key)


def scan_written_files(site: Site, site_dir: Path, skip: set[str],
                       workers: int | None = None) -> dict[str, tuple[str, list[Match]]]:
    """The matches (and digest) of each written file not in ``skip`` (pages the workers
    scan), by display path, for ``scan_built_site``'s ``done``: the feeds, the public ledger
    and the search index are scanned here while the workers finish the last pages."""
    protected, _ = protected_terms(site)
    jobs = [ScanJob(display_of(site_dir, path), path=path) for path in files_under([site_dir])]
    jobs = [job for job in jobs if job.display not in skip]
    digests = [file_digest(job.path) for job in jobs if job.path is not None]
    found = run_jobs(jobs, protected, site.root / SCAN_CACHE_DIR, workers, errors_only=True)
    return {job.display: (digest, matches)
            for job, digest, matches in zip(jobs, digests, found, strict=True)}


def scan_built_site(site: Site, site_dir: Path, workers: int | None = None,
                    done: Mapping[str, tuple[str, list[Match]]] | None = None) -> list[Finding]:
    """Error findings in the files written under ``site/`` (every allowance applies).

    The files are scanned on every core (``workers=0``: in this process). ``done`` holds the
    matches of pages already scanned while MkDocs wrote the rest, by display path, with the
    digest of the bytes scanned; a file whose bytes differ now is scanned again."""
    protected, _ = protected_terms(site)
    allowed = Allowances(entries=[(a, p, w, None) for a, p, w, _ in allowances(site).entries])
    jobs = [ScanJob(display_of(site_dir, path), path=path) for path in files_under([site_dir])]
    results: dict[str, list[Match]] = {}
    for job in jobs:
        known = (done or {}).get(job.display)
        if known is not None and job.path is not None and known[0] == file_digest(job.path):
            results[job.display] = known[1]
    todo = [job for job in jobs if job.display not in results]
    results.update(zip((job.display for job in todo),
                       run_jobs(todo, protected, site.root / SCAN_CACHE_DIR, workers,
                                errors_only=True), strict=True))
    found = []
    located: SourceMap | None = None
    for job in jobs:
        matches = results[job.display]
        if any(rule_of(m.rule_id).severity == "error" for m in matches):
            located = located or SourceMap(source_texts(site))
            matches = [located.locate(m, job.display) for m in matches]
        found += allowed.apply(matches)
    return [f for f in found if f.severity == "error"]


def run_jobs(jobs: list[ScanJob], protected: Protected | None, clean_dir: Path,
             workers: int | None = None, errors_only: bool = False) -> list[list[Match]]:
    """Each job's matches, in the order given, across worker processes (``errors_only``: a
    caller that keeps only errors, so a document remembered as error-free is not parsed
    again)."""
    return map_batches(_run_batch, jobs, protected, clean_dir, errors_only, workers=workers)


def _run_batch(batch: list[ScanJob], protected: Protected | None, clean_dir: Path,
               errors_only: bool) -> list[list[Match]]:
    remember_clean_documents(clean_dir)
    if errors_only:
        return [scan_file(job.path, job.display, protected, errors_only=True)
                if job.path is not None else run_job(job, protected) for job in batch]
    return [run_job(job, protected) for job in batch]
