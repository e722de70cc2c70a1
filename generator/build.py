"""The pipeline: load, state, check, pages, pdf, write, verify, swap. One home for every stage.

``build`` runs it for ``lif build`` and reads top to bottom. Plain ``mkdocs build`` and
``lif serve`` reach the same stages through the plugin's events (``generator.plugin``), which
call the methods of the same ``Build``; ``lif check``, ``status`` and the ledger commands call
``check_site``, which stops after the checks. So every command sees the same site and reports
the same findings.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import contextvars
import dataclasses
import datetime as dt
import gc
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from generator import (
    convert_ahead,
    feeds,
    ledger_history,
    output,
    pages,
    pdf,
    progress,
    search,
    sitefiles,
)
from generator.checks import (
    documents,
    leak_sources,
    leaks,
    lifecycle,
    page_scan,
    public_text,
    run_checks,
    run_scans,
)
from generator.config import LifConfig
from generator.errors import FindingsError, LifError, SiteError
from generator.load import CURRENT_FILE, load_site
from generator.models import Finding
from generator.options import load_site_config, parse_day, site_options, summary_line
from generator.redaction.scanner import Match
from generator.site import Site

log = logging.getLogger("mkdocs.plugins.lif")

_RUNNING: contextvars.ContextVar[Build | None] = contextvars.ContextVar("lif_build", default=None)
"""The build ``build`` is running, for the plugin's events (none under plain mkdocs)."""


def running() -> Build | None:
    """The build that ``lif build`` drives, if MkDocs' events are part of one."""
    return _RUNNING.get()


def prepare_site(root: Path, options: LifConfig, today: dt.date, *,
                 config_file: Path | None = None, docs_dir: Path | None = None,
                 scans: bool = True, loaded: Callable[[Site], None] | None = None) -> Site:
    """Stages load, state and check: findings are collected, never raised (``scans=False``:
    the scans of the sources' text are left to the caller, ``checks.run_scans``, which
    ``loaded`` can start on the site before the other checks run)."""
    sources = load_site(root, options.reviews_dir, options.briefings_dir, options.ledger)
    site = Site(root, options, today, sources,
                config_file=config_file or root / "mkdocs.yml", docs_dir=docs_dir or root / "docs")
    if loaded is not None:
        loaded(site)
    site.findings = sorted(sources.findings + run_checks(site, scans=scans),
                           key=lambda f: f.sort_key)
    return site


def checked_site(config: MkDocsConfig, options: LifConfig, today: dt.date, *,
                 scans: bool = True, loaded: Callable[[Site], None] | None = None
                 ) -> tuple[Site, list[pages.Page]]:
    """A site checked for ``today`` as the build will check it, with its pages (none when the
    checks found errors), the content pages (docs_dir) included."""
    config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
    site = prepare_site(config_file.parent, options, today, config_file=config_file,
                        docs_dir=Path(config.docs_dir).resolve(), scans=scans, loaded=loaded)
    built = pages.build_pages(site) if not site.errors else []
    sitefiles.check_content(site, site.docs_dir, built, config.use_directory_urls)
    return site, built


def check_site(config_file: str, today: str | None, previous: str | None = None, *,
               next_steps: bool = False) -> tuple[MkDocsConfig, Site]:
    """What ``lif check``, ``status`` and the ledger commands see: the build's first stages;
    with ``next_steps`` (``lif check``) also what each review's next ledger step will check."""
    config = load_site_config(config_file)
    options = site_options(config)
    if previous:
        options.previous_ledger = previous
    site = checked_site(config, options, parse_day(today or options.today))[0]
    if next_steps:
        site.findings = sorted(site.findings + lifecycle.next_steps(site),
                               key=lambda f: f.sort_key)
    return config, site


@dataclass
class BuildReport:
    """What a build did: the day, where the site went, every finding and the PDFs made."""

    site_dir: str
    today: dt.date
    findings: list[Finding]
    pdf_run: pdf.PdfRun | None = None


class BuildFailed(LifError):
    """A stage stopped the build: why, and every finding so far (printed before the why)."""

    def __init__(self, findings: list[Finding], message: str) -> None:
        super().__init__(message)
        self.findings = findings


def build(config_file: str, *, today: str | None = None, site_dir: str | None = None,
          previous: str | None = None) -> BuildReport:
    """``lif build``: every stage in order; the old site stays in place unless all pass."""
    from mkdocs.commands.build import build as mkdocs_write

    overrides: dict[str, Any] = {"strict": True}
    if site_dir:
        overrides["site_dir"] = site_dir
    config = load_site_config(config_file, **overrides)
    options = site_options(config)
    parse_day(today)  # with no --today, checks SOURCE_DATE_EPOCH before anything else
    if previous:
        options.previous_ledger = previous
    run = Build(options, log_findings=False)
    token = _RUNNING.set(run)
    try:
        run.begin(config, today or options.today)         # lock; write into a private folder
        run.load(config)                                  # load, state, check; pages
        gc.freeze()  # the site and its pages live to the end: no collection need walk them
        run.render_pdfs(config)                           # pdf
        mkdocs_write(config)                              # write (the plugin adds the files)
        run.verify(config)                                # ledger.json, feeds, search; scans
        run.swap(config)                                  # the new site replaces the old
    except (PluginError, Abort) as exc:
        raise run.failed(exc) from None
    except jinja2.TemplateError as exc:  # a theme override in the site, or a bug of ours
        found = sitefiles.template_finding(exc, Path(config.config_file_path).resolve().parent)
        if found is None:
            raise
        run.settle_scans()
        raise FindingsError([*run.findings, found], "a template failed: nothing was "
                            "published") from None
    except OSError as exc:  # out of disk, permissions: the previous site is still in place
        name = str(exc.filename2 or exc.filename or "")
        if run.output is not None:  # the build folder is an implementation detail
            name = name.replace(str(run.output.temp), Path(run.site_dir).name)
        where = f" {name}:" if name else ""
        raise LifError(f"cannot write the site:{where} {exc.strerror or exc}. Nothing was "
                       "published; the previous site was left as it was.") from None
    finally:
        gc.unfreeze()  # for the next build in this process (tests), which frees this one
        run.close()
        _RUNNING.reset(token)
        config.plugins.on_shutdown()
    return BuildReport(config.site_dir, run.site_or_fail().today, run.findings, run.pdf_run)


class Build:
    """One build's state, stage by stage (see ``build``). The plugin's events call these
    methods under plain ``mkdocs build`` and ``mkdocs serve``."""

    def __init__(self, options: LifConfig, *, log_findings: bool = True) -> None:
        self.options = options
        self.log_findings = log_findings
        """Under plain mkdocs findings are logged; ``lif build`` prints them itself."""
        self.site: Site | None = None
        self.pages: list[pages.Page] = []
        self.findings: list[Finding] = []
        self.failure = ""
        self.output: output.AtomicOutput | None = None
        self.site_dir = ""
        """The site_dir of the config, while MkDocs is pointed at the private build folder."""
        self.write_dir: Path | None = None
        """Where MkDocs writes the pages (the private build folder under ``lif build``)."""
        self.pdf_run: pdf.PdfRun | None = None
        self.pdf_files: dict[str, Path] = {}
        self.page_scan: page_scan.PageScanner | None = None
        self.converting: convert_ahead.ConvertAhead | None = None
        self.checked: frozenset[documents.RunKey] | None = None
        self._checked: cf.Future[frozenset[documents.RunKey]] | None = None
        """The runs ``checked``, as the page-scan worker read them."""
        self.today: dt.date | None = None
        self.scans_pending = False
        """The scans of the sources' text still to be collected (``lif build`` runs them in a
        page-scan worker while MkDocs converts the pages; see ``load``)."""
        self._scans: cf.Future[list[Finding]] | None = None
        self.loaded = False
        self.reported_checks = False
        self.serve_dir = False
        """Building into ``mkdocs serve``'s throw-away folder."""

    # ------------------------------------------------------------------ stages

    def begin(self, config: MkDocsConfig, day: str | None) -> None:
        """Resolve the day; refuse a site_dir that could overwrite sources; take the lock."""
        if os.environ.get("LIF_PREVIEW") == "1":  # set by lif serve
            self.options.preview = True
        try:
            self.today = parse_day(day, "today")
        except LifError as exc:
            self.fail(str(exc))
        self.serve_dir = output.is_serve_dir(Path(config.site_dir))
        self.write_dir = Path(config.site_dir)
        if self.serve_dir:
            return
        if self.options.preview:
            self.fail_preview(config)
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        self.refuse_overlap(Path(config.site_dir), config_file.parent, Path(config.docs_dir))
        try:
            self.output = output.AtomicOutput.begin(Path(config.site_dir))
        except SiteError as exc:
            self.fail(str(exc))
        assert self.output is not None
        self.site_dir, config.site_dir = config.site_dir, str(self.output.temp)
        self.write_dir = self.output.temp

    def load(self, config: MkDocsConfig) -> Site:
        """Load, state and check; then the generated pages. Stops on any error finding, except
        under ``lif serve``, which shows the findings in the browser instead (``blocked``).

        Under ``lif build`` the scans of the sources' text (``checks.run_scans``, most of the
        checks' time) are left to a page-scan worker, which runs them while MkDocs converts
        the pages and its own core is idle; their findings join the others before anything
        is published (``collect_scans``), so the build reports and refuses exactly what
        ``lif check`` does, only later. Should the other checks find an error, the scans run
        at once, so every finding is still reported in one go."""
        assert self.today is not None
        defer = not self.log_findings and not self.serve_dir and not self.options.preview
        self.site, self.pages = checked_site(config, self.options, self.today, scans=not defer,
                                             loaded=self.start_page_scan if defer else None)
        self.loaded = True
        self.scans_pending = defer
        if not defer or self.site.errors:
            self.collect_scans()
        return self.site

    def collect_scans(self) -> None:
        """Add the findings of the scans of the sources' text, once, and report the checks'
        findings; stop on any error (nothing is published)."""
        site = self.site_or_fail()
        if self.scans_pending:
            self.scans_pending = False
            found = None
            if self._scans is not None:
                try:
                    found = self._scans.result()
                except Exception:  # a lost worker: scan here, never pass unscanned
                    found = None
            if found is None:
                found = run_scans(site)  # which skips no verbatim run (sources_in_full)
            site.findings = sorted(site.findings + found, key=lambda f: f.sort_key)
            earlier, self.findings = self.findings, []
            self.report(site.findings)
            self.findings += earlier  # in the order lif check and an undeferred build give
        elif not self.reported_checks:
            self.report(site.findings)
        self.reported_checks = True
        if site.errors and not self.serving:
            self.fail(f"{len(site.errors)} error(s) found by the checks; nothing was built.")

    def checked_runs(self, site: Site) -> frozenset[documents.RunKey]:
        """The runs of text the checks before the build scanned (``public_text.checked_runs``):
        as the page-scan worker read them, or read here (no worker, or a lost one)."""
        if self.checked is None and self._checked is not None:
            with contextlib.suppress(Exception):
                self.checked = self._checked.result()
        if self.checked is None:
            self.checked = public_text.checked_runs(site)
        return self.checked

    def settle_scans(self) -> None:
        """Collect deferred scans before reporting a failure, so no finding goes unsaid."""
        if self.scans_pending and self.site is not None:
            with contextlib.suppress(PluginError):
                self.collect_scans()

    @property
    def serving(self) -> bool:
        """A preview for ``lif serve`` (a throw-away folder, never site_dir)."""
        return self.serve_dir and bool(self.options.preview)

    @property
    def blocked(self) -> list[Finding]:
        """The errors a preview shows instead of the site (none: show the site)."""
        return self.site.errors if self.site is not None and self.serving else []

    def error_page(self) -> str:
        """The page ``lif serve`` shows for every address while the checks find errors."""
        lines = "\n".join(f"    {item.format()}" for item in self.findings)
        return ("# The site has errors\n\n"
                "Nothing can be previewed until these are fixed; this page reloads when you "
                "save a file.\n\n" + lines + "\n")

    def render_pdfs(self, config: MkDocsConfig) -> None:
        """Render (or reuse) every public PDF, to be added beside its page."""
        site = self.site_or_fail()
        if site.preview or not self.options.pdf or self.pdf_run is not None:
            return
        run = pdf.render_documents(
            pdf.site_documents(site, config.site_url or ""), site.root / pdf.CACHE_DIR,
            progress=progress.reporter(sys.stderr, log.info))
        self.pdf_run, self.pdf_files = run, dict(run.files)
        self.report(run.findings)
        if run.errors:
            self.fail(f"{len(run.errors)} PDF(s) could not be made; the build failed.")

    def start_page_scan(self, loaded: Site | None = None) -> None:
        """Start the page-scan workers before MkDocs converts the pages, so they make the leak
        fingerprints while it does (MkDocs converts every page before it writes the first).
        Under ``lif build`` they start as soon as the site is ``loaded``, with the scans of the
        sources' text first, which they run while this process runs the other checks."""
        site = loaded or self.site_or_fail()
        if self.page_scan is None and not site.preview:
            self.page_scan = page_scan.PageScanner(
                public_text.protected_terms(site)[0], site, checked=None)
            self._checked = self.page_scan.checked_runs()
            if loaded is not None:
                self._scans = self.page_scan.source_scans()
            self.page_scan.warm_up()

    def convert_ahead(self, config: MkDocsConfig, files: Files) -> None:
        """Have a second core convert pages from the end of MkDocs' list while MkDocs converts
        from the start (not for ``mkdocs serve``, which rebuilds a page at a time)."""
        if self.converting is None and not self.serve_dir:
            self.converting = convert_ahead.ConvertAhead.start(config, files)

    def take_converted(self, page: MkDocsPage, markdown: str) -> None:
        """Let MkDocs take ``page``'s conversion from the second core, if it converted exactly
        ``markdown``; and let go of a generated page's source, which MkDocs has read (its
        ``page.markdown`` is its own): a large site's generated pages are tens of megabytes. A
        later read of the file's content fails (it has no source path) rather than find it
        empty."""
        if page.file.abs_src_path is None and page.file.generated_by is not None:
            page.file._content = None
        if self.converting is not None:
            self.converting.take(page, markdown)

    def stop_converting(self) -> None:
        if self.converting is not None:
            self.converting.close()
            self.converting = None

    def scan_page(self, dest: str, html: str) -> None:
        """Scan one written page (in the workers) while MkDocs writes the next: handed over
        by the file MkDocs writes it to (``dest`` is that file's path under the site folder's
        name), so its HTML is not kept here until a worker is free."""
        if self.page_scan is not None:
            folder = self.write_dir
            inside = folder is not None and dest.startswith(f"{folder.name}/")
            written = folder / dest[len(folder.name) + 1:] if folder and inside else None
            self.page_scan.page(dest, html, written)

    def verify(self, config: MkDocsConfig) -> None:
        """Write ledger.json, feeds and the search index, then scan every written file."""
        site = self.site_or_fail()
        self.collect_scans()
        folder = Path(config.site_dir)
        label = Path(self.site_dir or config.site_dir).name
        CURRENT_FILE.set(f"{label}/ (the scan of the written files)")
        if site.preview:
            if self.options.search and not self.blocked:  # the preview's search works too
                self.report(search.index_site(folder)[1])
            return
        ledger_history.write_public_ledger(site, folder)
        feeds.write_feeds(site, folder, site_url=config.site_url or "", title=config.site_name,
                          directory_urls=config.use_directory_urls)
        if self.options.search:
            _, problems = search.index_site(folder)
            self.report(problems)
            if problems:
                self.fail("the search index could not be written; the build failed.")
        checked = self.checked_runs(site)
        scanned: dict[str, tuple[str, list[Match]]] = {}
        with documents.checked_sources(checked):
            if self.page_scan is not None:
                self.page_scan.files(folder, leaks.leak_scanned_files(folder))
                # while the workers finish the pages
                scanned = public_text.scan_written_files(site, folder, self.page_scan.handed)
            page_matches, verdicts = self.page_scan.results() if self.page_scan else ({}, {})
        found = leaks.scan_site(site, folder, done=verdicts)
        with documents.checked_sources(checked):
            exposed = public_text.scan_built_site(site, folder, done={**scanned, **page_matches})
        if self.output is not None:
            found = [_relabel(f, self.output.temp.name, label) for f in found]
            exposed = [_relabel(f, self.output.temp.name, label) for f in exposed]
        found = leak_sources.locate(site, found)
        self.report(found + exposed)
        if found:
            self.fail(f"{len(found)} file(s) in the built site hold text that is not public; "
                      "the build failed.")
        if exposed:
            self.fail(f"{len(exposed)} redaction finding(s) in the built site; the build failed.")

    def swap(self, config: MkDocsConfig) -> None:
        """Put the finished build in place of the old site (atomically), and unlock."""
        if self.output is not None:
            self.output.commit()
            config.site_dir = self.site_dir

    def close(self) -> None:
        """Throw away an unfinished build; only unlocks after a swap. Stops the scan workers."""
        self.stop_converting()
        if self.page_scan is not None:
            self.page_scan.close()
            self.page_scan = None
        if self.output is not None:
            self.output.abort()
            self.output = None

    # ------------------------------------------------------------------ helpers

    def refuse_overlap(self, site_dir: Path, root: Path, docs_dir: Path) -> None:
        """Refuse, before anything is written, a site_dir whose clean-up would delete sources:
        the repository itself, a folder holding it, a source folder or file, or a link
        (``ln -s reviews site``: a link is refused wherever it points, since what it points at
        can change between the check and the swap; name the real folder instead)."""
        target = Path(os.path.abspath(site_dir))
        real = Path(os.path.realpath(target))
        sources = [root / self.options.reviews_dir, root / self.options.briefings_dir,
                   root / self.options.ledger, docs_dir.resolve(), root / ".git"]
        why = ""
        if root == real or root.is_relative_to(real):
            why = "is the site's repository or holds it; building would replace them"
        elif any(real == s.resolve() or real.is_relative_to(s.resolve())
                 or s.resolve().is_relative_to(real) for s in sources):
            why = "overlaps the site's sources; building would replace them"
        elif target.is_symlink():
            why = ("is a link; building through it would replace whatever it points at"
                   if not real.is_relative_to(root) else
                   "is a link to a folder inside the site's repository; building would replace "
                   "it")
        if why:
            name = os.path.relpath(target, root)
            self.fail(f"site_dir '{name}' {why}. Point site_dir "
                      "at a folder of its own (remove the link, or set site_dir in "
                      "mkdocs.yml). Nothing was written.")

    def fail_preview(self, config: MkDocsConfig) -> None:
        """Preview shows drafts and embargoed items: only lif serve's throw-away folder may
        receive it, never site_dir."""
        from generator import configfile
        from generator.rules import finding

        if os.environ.get("LIF_PREVIEW") == "1":
            self.fail("LIF_PREVIEW=1 (set by lif serve) shows drafts and embargoed items, so "
                      "it only builds into lif serve's temporary folder; unset LIF_PREVIEW and "
                      "build again. Nothing was built.")
        path = config.config_file_path or "mkdocs.yml"
        self.report([finding(
            "CONFIG-INVALID", Path(path).name,
            configfile.option_position(path, ("plugins", "lif", "preview")),
            "plugin 'lif' option 'preview' shows drafts and embargoed items, so it is only for "
            "lif serve (a temporary folder); a build into site_dir must not use it.",
            "Remove 'preview' from mkdocs.yml and preview with 'lif serve'.")])
        self.fail("'preview' is for lif serve only; nothing was built.")

    def site_or_fail(self) -> Site:
        if self.site is None:
            raise PluginError("lif: the plugin was used before MkDocs loaded its config")
        return self.site

    def fail(self, message: str) -> None:
        self.failure = message
        raise PluginError(f"lif: {message}")

    def failed(self, exc: Exception) -> LifError:
        """The error ``lif build`` reports for a stage that stopped the build."""
        self.settle_scans()
        if self.failure:
            counts = f" ({summary_line(self.findings)})" if self.findings else ""
            return BuildFailed(self.findings, f"{self.failure}{counts}")
        return BuildFailed(self.findings, f"MkDocs stopped the build: {exc} Fix the WARNING "
                           "lines above; nothing was published.")

    def report(self, found: list[Finding]) -> None:
        self.findings += found
        if self.serving:  # lif serve prints them as lif check does
            for item in found:
                click.echo(item.format())
            return
        if not self.log_findings:
            return
        for item in found:
            {"error": log.error, "warning": log.warning}.get(item.severity, log.info)(
                item.format())


def _relabel(item: Finding, build_folder: str, label: str) -> Finding:
    """Name a file found in the build folder by where it would have been published."""
    prefix = build_folder + "/"
    if item.path.startswith(prefix):
        return dataclasses.replace(item, path=label + "/" + item.path[len(prefix):])
    return item

