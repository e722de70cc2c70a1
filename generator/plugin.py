"""MkDocs wiring: each event hands one stage of ``generator.build.Build`` to MkDocs.

No rule and no stage lives here. Under ``lif build`` the pipeline (``generator.build.build``)
runs the stages itself and sets ``run``; the events then only give MkDocs the pages and files it
made. Under plain ``mkdocs build`` and ``mkdocs serve`` the events run the same stages.
``mkdocs build --strict`` hides warnings with ``-q`` and only counts warnings of ``mkdocs.*``
loggers, so a failed check always raises rather than warns.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import CountHandler

from generator import build, csp, load, output, page_meta, pages
from generator.build import Build
from generator.config import LifConfig
from generator.errors import SiteError
from generator.markdown import MARKDOWN_EXTENSIONS
from generator.options import site_options

THEME_DIR = Path(__file__).resolve().parent / "theme"
"""lif's own template overrides and CSS, between a site's custom_dir and Material."""
THEME_STYLESHEETS = ("assets/lif.css",)
THEME_SCRIPTS = ("assets/lif-search.js",)
"""Starts Pagefind's interface on the search page; does nothing on other pages."""


class LifPlugin(BasePlugin[LifConfig]):
    """The ``lif`` MkDocs plugin."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.run: Build | None = None
        """This build's stages: ``lif build``'s own run, or one the events make."""
        self.driven = False
        """True when ``generator.build.build`` runs the stages and MkDocs only writes."""
        self.csp = True
        """Write the Content Security Policy (not under ``mkdocs serve``: live reload is inline)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.run = build.running()
        self.driven = self.run is not None
        if self.run is None:
            self.run = Build(self.config)
            self.run.begin(config, os.environ.get("LIF_AS_OF") or self.config.today)
            self.run.load(config)
        self.csp = not output.is_serve_dir(Path(config.site_dir))
        use_theme(config)
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        run = self._run()
        if run.blocked:  # lif serve: the error page at every address lif makes
            for src_uri in ["index.md", *pages.reserved_paths(run.site_or_fail())]:
                _replace(files, File.generated(config, src_uri, content=run.error_page()))
            return files
        if not self.driven:
            run.render_pdfs(config)
        site = run.site_or_fail()
        for page in run.pages:
            _replace(files, File.generated(
                config, page.src_uri, content=page.markdown,
                inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV))
        run.pages = []  # the files hold the Markdown now, until MkDocs has read it
        for dest, path in [*pages.attachment_files(site), *sorted(run.pdf_files.items())]:
            _replace(files, File.generated(config, dest, abs_src_path=str(path),
                                           inclusion=InclusionLevel.NOT_IN_NAV))
        run.start_page_scan()
        return files

    @event_priority(-100)  # last: the files and the navigation are final
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._run().convert_ahead(config, files)
        return nav

    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        load.CURRENT_FILE.set(page.file.src_uri)
        return page

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._run().stop_converting()  # every page is converted
        load.CURRENT_FILE.set("")  # the theme's own templates (404, sitemap) come next
        return env

    def _page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        load.CURRENT_FILE.set(page.file.src_uri)
        if self._run().blocked:
            return self._run().error_page()  # every page says why the preview is not shown
        if page.file.src_uri == "index.md":
            return markdown + pages.latest_publications(self._run().site_or_fail())
        return markdown

    @event_priority(-100)  # last: the Markdown MkDocs converts next is final
    def _converted_ahead(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        self._run().take_converted(page, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_page_markdown, _converted_ahead)

    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        page_meta.harden(page)  # before any template: titles and front matter as text only
        return html

    def on_page_context(
        self, context: Any, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> Any:
        load.CURRENT_FILE.set(page.file.src_uri)
        return context

    @event_priority(-100)  # last: the policy hashes the page's final inline scripts
    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        written = csp.add_policy(output) if self.csp else output
        if self.run is not None:
            self.run.scan_page(f"{Path(config.site_dir).name}/{page.file.dest_uri}", written)
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
        if self.driven:
            return  # lif build verifies and swaps once MkDocs has finished writing
        run = self._run()
        run.verify(config)
        if not _strict_warnings(config):
            run.swap(config)
        run.close()

    def on_build_error(self, *, error: Exception) -> None:
        if self.run is not None and not self.driven:
            self.run.close()

    def _run(self) -> Build:
        if self.run is None:
            raise SiteError("lif: the plugin was used before MkDocs loaded its config")
        return self.run


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def _strict_warnings(config: MkDocsConfig) -> bool:
    """True when MkDocs will abort this strict build for its warnings, right after us."""
    if not config.strict:
        return False
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


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


def plugin_of(config: MkDocsConfig) -> LifPlugin:
    """The lif plugin instance in a loaded MkDocs config."""
    site_options(config)  # the same refusal when the plugin is missing
    plugin: Any = config.plugins.get("lif")
    assert isinstance(plugin, LifPlugin)
    return plugin
