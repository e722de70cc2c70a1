"""MkDocs wiring: each event calls one pipeline stage; error findings become ``PluginError``.

No rule lives here. ``mkdocs build --strict`` hides warnings with ``-q`` and only counts
warnings of ``mkdocs.*`` loggers, so a failed check always raises rather than warns.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import CountHandler

from generator import (
    configfile,
    csp,
    feeds,
    ledger_history,
    load,
    output,
    pages,
    pdf,
    progress,
    search,
    sitefiles,
)
from generator.checks import documents, leaks, page_scan, public_text
from generator.config import LifConfig
from generator.models import Finding
from generator.rules import finding
from generator.site import Site, prepare_site
from generator.state import EpochError, resolve_today

log = logging.getLogger("mkdocs.plugins.lif")

MARKDOWN_EXTENSIONS = ("sane_lists", "tables", "admonition", "attr_list", "toc",
                       "generator.tables")
"""Always on: ``sane_lists`` keeps a report's paragraph numbers (``<ol start>``);
``generator.tables`` labels table cells for the narrow-screen cards."""


class LifPlugin(BasePlugin[LifConfig]):
    """The ``lif`` MkDocs plugin."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.findings: list[Finding] = []
        self.failure = ""
        """Why the build failed, for the command line (MkDocs replaces it with 'Aborted')."""
        self.log_findings = True
        """The command line prints findings itself; under plain mkdocs they are logged."""
        self.output: output.AtomicOutput | None = None
        """Where this build writes until it is swapped in (none under ``mkdocs serve``)."""
        self.site_dir = ""
        """The site_dir of mkdocs.yml, while MkDocs is pointed at the build folder instead."""
        self.pages: list[pages.Page] = []
        """The generated pages of this build (made once, before the link checks need them)."""
        self.pdf_run: pdf.PdfRun | None = None
        """The last build's PDF rendering (counts of rendered and reused documents)."""
        self.page_scan: page_scan.PageScanner | None = None
        """Scans each written page in worker processes while MkDocs renders the rest."""
        self.checked: frozenset[str] = frozenset()
        """Runs of source text the checks before the build scanned (made once per build)."""
        self.csp = True
        """Write the Content Security Policy (not under ``mkdocs serve``: live reload is inline)."""

    # ------------------------------------------------------------------ events

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.page_scan, self.checked = None, frozenset()
        from_serve = os.environ.get("LIF_PREVIEW") == "1"
        if from_serve:
            self.config.preview = True
        as_of = os.environ.get("LIF_AS_OF") or self.config.today
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            today = resolve_today(as_of)
        except EpochError as exc:
            self._fail(str(exc))
        except ValueError as exc:
            raise PluginError(f"lif: 'today' must be a date written as YYYY-MM-DD ({exc})") from exc
        if self.config.preview and not output.is_serve_dir(Path(config.site_dir)):
            self._refuse_preview(config, from_serve)
        if not output.is_serve_dir(Path(config.site_dir)):
            try:
                self.output = output.AtomicOutput.begin(Path(config.site_dir))
            except output.BuildLocked as exc:
                self._fail(str(exc))
            assert self.output is not None
            self.site_dir = config.site_dir
            config.site_dir = str(self.output.temp)
        self.csp = not output.is_serve_dir(Path(config.site_dir))
        self.site = prepare_site(root, self.config, today)
        self.pages = pages.build_pages(self.site) if not self.site.errors else []
        sitefiles.check_content(self.site, Path(config.docs_dir), self.pages,
                                config.use_directory_urls)
        self.findings = list(self.site.findings)
        self._report(self.site.findings)
        if self.site.errors:
            self._fail(f"{len(self.site.errors)} error(s) found by the checks; nothing was built.")
        use_theme(config)
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self._site()
        for page in self.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown,
                                        inclusion=inclusion))
        for dest, path in pages.attachment_files(site):
            files.append(File.generated(config, dest, abs_src_path=str(path),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        if not site.preview and self.config.pdf:
            self._add_pdfs(site, files, config)
        if not site.preview:
            self._start_page_scan(site)
        return files

    def _start_page_scan(self, site: Site) -> None:
        """Start the page-scan workers before MkDocs converts the pages, so they make the leak
        fingerprints while it does (MkDocs converts every page before it writes the first)."""
        if self.page_scan is None:
            self.checked = public_text.checked_runs(site)
            self.page_scan = page_scan.PageScanner(
                public_text.protected_terms(site)[0], site, self.checked)
            self.page_scan.warm_up()

    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        load.CURRENT_FILE.set(page.file.src_uri)
        return page

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        load.CURRENT_FILE.set("")  # the theme's own templates (404, sitemap) come next
        return env

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        load.CURRENT_FILE.set(page.file.src_uri)
        if page.file.src_uri == "index.md":
            return markdown + pages.latest_publications(self._site())
        return markdown

    def on_page_context(
        self, context: Any, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> Any:
        load.CURRENT_FILE.set(page.file.src_uri)
        return context

    @event_priority(-100)  # last: the policy hashes the page's final inline scripts
    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        written = csp.add_policy(output) if self.csp else output
        site = self.site
        if site is not None and not site.preview:
            self._start_page_scan(site)
            assert self.page_scan is not None
            self.page_scan.page(f"{Path(config.site_dir).name}/{page.file.dest_uri}", written)
        return written

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if self.csp and template_name.endswith(".html"):  # 404.html, not sitemap.xml
            return csp.add_policy(output_content)
        return output_content

    @event_priority(-100)  # last: after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = self._site()
        label = Path(self.site_dir or config.site_dir).name
        load.CURRENT_FILE.set(f"{label}/ (the scan of the written files)")
        if site.preview:
            return
        ledger_history.write_public_ledger(site, Path(config.site_dir))
        feeds.write_feeds(site, Path(config.site_dir), site_url=config.site_url or "",
                          title=config.site_name, directory_urls=config.use_directory_urls)
        if self.config.search:
            self._index_for_search(Path(config.site_dir))
        if self.page_scan is not None:
            self.page_scan.files(Path(config.site_dir),
                                 leaks.leak_scanned_files(Path(config.site_dir)))
        scanned, verdicts = self.page_scan.results() if self.page_scan else ({}, {})
        found = leaks.scan_site(site, Path(config.site_dir), done=verdicts)
        with documents.checked_sources(self.checked or public_text.checked_runs(site)):
            exposed = public_text.scan_built_site(site, Path(config.site_dir), done=scanned)
        if self.output is not None:
            found = [_relabel(f, self.output.temp.name, label) for f in found]
            exposed = [_relabel(f, self.output.temp.name, label) for f in exposed]
        self.findings += found + exposed
        self._report(found + exposed)
        if found:
            self._fail(f"{len(found)} file(s) in the built site hold text that is not public; "
                       "the build failed.")
        if exposed:
            self._fail(f"{len(exposed)} redaction finding(s) in the built site; the build "
                       "failed.")
        if self.output is not None and not _strict_warnings(config):
            self.output.commit()
            config.site_dir = self.site_dir

    def on_build_error(self, *, error: Exception) -> None:
        if self.page_scan is not None:
            self.page_scan.close()
        if self.output is not None:
            self.output.abort()

    def close_output(self) -> None:
        """Throw away an unfinished build (after an interrupt); only unlocks after a swap.

        Not ``on_shutdown``: defining that would make MkDocs reuse one plugin instance, and its
        state, across every build in a process.
        """
        if self.page_scan is not None:
            self.page_scan.close()
        if self.output is not None:
            self.output.abort()
            self.output = None

    # ------------------------------------------------------------------ helpers

    def _add_pdfs(self, site: Site, files: Files, config: MkDocsConfig) -> None:
        """Render (or reuse) every public PDF and add it to the site beside its page."""
        run = pdf.render_documents(
            pdf.site_documents(site, config.site_url or ""), site.root / pdf.CACHE_DIR,
            progress=progress.reporter(sys.stderr, log.info))
        self.pdf_run = run
        self.findings += run.findings
        self._report(run.findings)
        if run.errors:
            self._fail(f"{len(run.errors)} PDF(s) could not be made; the build failed.")
        for dest, path in sorted(run.files.items()):
            existing = files.get_file_from_path(dest)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, dest, abs_src_path=str(path),
                                        inclusion=InclusionLevel.NOT_IN_NAV))

    def _index_for_search(self, site_dir: Path) -> None:
        """Write the Pagefind search bundle over the rendered (so public) pages."""
        _, problems = search.index_site(site_dir)
        self.findings += problems
        self._report(problems)
        if problems:
            self._fail("the search index could not be written; the build failed.")

    def _refuse_preview(self, config: MkDocsConfig, from_serve: bool) -> None:
        """Preview shows drafts and embargoed items with banners, and skips the scans of the
        written site: only ``mkdocs serve``'s throw-away folder may receive it, never site_dir."""
        if from_serve:
            self._fail("LIF_PREVIEW=1 (set by lif serve) shows drafts and embargoed items, so "
                       "it only builds into lif serve's temporary folder; unset LIF_PREVIEW and "
                       "build again. Nothing was built.")
        path = config.config_file_path or "mkdocs.yml"
        found = finding(
            "CONFIG-INVALID", Path(path).name,
            configfile.option_position(path, ("plugins", "lif", "preview")),
            "plugin 'lif' option 'preview' shows drafts and embargoed items, so it is only for "
            "lif serve (a temporary folder); a build into site_dir must not use it.",
            "Remove 'preview' from mkdocs.yml and preview with 'lif serve'.")
        self.findings = [found]
        self._report([found])
        self._fail("'preview' is for lif serve only; nothing was built.")

    def _site(self) -> Site:
        if self.site is None:
            raise PluginError("lif: the plugin was used before MkDocs loaded its config")
        return self.site

    def _fail(self, message: str) -> None:
        self.failure = message
        raise PluginError(f"lif: {message}")

    def _report(self, findings: list[Finding]) -> None:
        if not self.log_findings:
            return
        for item in findings:
            {"error": log.error, "warning": log.warning}.get(item.severity, log.info)(
                item.format())


def _relabel(item: Finding, build_folder: str, label: str) -> Finding:
    """Name a file found in the build folder by where it would have been published."""
    prefix = build_folder + "/"
    if item.path.startswith(prefix):
        return dataclasses.replace(item, path=label + "/" + item.path[len(prefix):])
    return item


def _strict_warnings(config: MkDocsConfig) -> bool:
    """True when MkDocs will abort this strict build for its warnings, right after us."""
    if not config.strict:
        return False
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler) and handler.get_counts():
            return True
    return False


THEME_DIR = Path(__file__).resolve().parent / "theme"
"""lif's own template overrides and CSS, between a site's custom_dir and Material."""


def use_theme(config: MkDocsConfig) -> None:
    """Put lif's theme overrides under the site's own, so every site gets them unasked."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for stylesheet in THEME_STYLESHEETS:
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    for script in THEME_SCRIPTS:
        if script not in [str(item) for item in config.extra_javascript]:
            config.extra_javascript.append(script)


THEME_STYLESHEETS = ("assets/lif.css",)
THEME_SCRIPTS = ("assets/lif-search.js",)
"""Starts Pagefind's interface on the search page; does nothing on other pages."""


def plugin_of(config: MkDocsConfig) -> LifPlugin:
    """The lif plugin instance in a loaded MkDocs config."""
    plugin: Any = config.plugins.get("lif")
    if not isinstance(plugin, LifPlugin):
        from generator.errors import SiteError

        raise SiteError(f"{config.config_file_path}: the 'lif' plugin is not enabled; add "
                        "'- lif' under 'plugins:' in mkdocs.yml.")
    return plugin
