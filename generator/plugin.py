"""MkDocs wiring: each event calls one pipeline stage; error findings become ``PluginError``.

No rule lives here. ``mkdocs build --strict`` hides warnings with ``-q`` and only counts
warnings of ``mkdocs.*`` loggers, so a failed check always raises rather than warns.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from generator import pages, pdf, progress
from generator.checks import leaks
from generator.config import LifConfig
from generator.models import Finding
from generator.site import Site, prepare_site
from generator.state import resolve_today

log = logging.getLogger("mkdocs.plugins.lif")

MARKDOWN_EXTENSIONS = ("sane_lists", "tables", "admonition", "attr_list", "toc")
"""Always on: ``sane_lists`` keeps a report's paragraph numbers (``<ol start>``)."""


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
        self.pdf_run: pdf.PdfRun | None = None
        """The last build's PDF rendering (counts of rendered and reused documents)."""

    # ------------------------------------------------------------------ events

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if os.environ.get("LIF_PREVIEW") == "1":
            self.config.preview = True
        as_of = os.environ.get("LIF_AS_OF") or self.config.today
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            today = resolve_today(as_of)
        except ValueError as exc:
            raise PluginError(f"lif: 'today' must be a date written as YYYY-MM-DD ({exc})") from exc
        self.site = prepare_site(root, self.config, today)
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
        for page in pages.build_pages(site):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown,
                                        inclusion=inclusion))
        if not site.preview:
            self._add_pdfs(site, files, config)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri == "index.md":
            return markdown + pages.latest_publications(self._site())
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = self._site()
        if site.preview:
            return
        found = leaks.scan_site(site, Path(config.site_dir))
        self.findings += found
        self._report(found)
        if found:
            self._fail(f"{len(found)} file(s) in the built site hold text that is not public; "
                       "the build failed.")

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


THEME_STYLESHEETS = ("assets/lif.css",)


def plugin_of(config: MkDocsConfig) -> LifPlugin:
    """The lif plugin instance in a loaded MkDocs config."""
    plugin: Any = config.plugins.get("lif")
    if not isinstance(plugin, LifPlugin):
        from generator.errors import SiteError

        raise SiteError(f"{config.config_file_path}: the 'lif' plugin is not enabled; add "
                        "'- lif' under 'plugins:' in mkdocs.yml.")
    return plugin
