"""The only module that imports WeasyPrint: one HTML document in, one tagged PDF out.

It runs inside the PDF worker processes (``generator.pdf`` sends it jobs), so WeasyPrint's
whole-document memory goes away with the worker. Every URL WeasyPrint asks for goes through
``RepositoryFetcher``: only ``data:`` URLs and files inside the site's repository are read;
anything else stops the render and is reported, and nothing is fetched.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pikepdf
from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

PDF_OPTIONS: dict[str, Any] = {
    "pdf_variant": "pdf/ua-1",
    "presentational_hints": True,
    "optimize_images": False,
}
"""WeasyPrint options for every lif PDF (part of the cache digest).

``presentational_hints`` keeps a report's paragraph numbers (``<ol start>``); ``pdf/ua-1``
tags the structure (headings, lists, tables, figures with alt text) and sets PDF 1.7.
"""


class RefusedFetch(FatalURLFetchingError):  # type: ignore[misc]
    """A URL the repository fetcher will not read; it stops the render."""


class RepositoryFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint's URL fetcher, limited to ``data:`` URLs and files inside ``root``."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True,
                         allow_redirects=False, timeout=1)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            path = Path(url2pathname(parts.path)).resolve()
            if parts.netloc in ("", "localhost") and path.is_relative_to(self.root) \
                    and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            reason = "a file outside the repository" if not path.is_relative_to(self.root) \
                else "a file that does not exist"
        else:
            reason = f"a {scheme or 'relative'} URL"
        self.refused.append(reason)
        raise RefusedFetch(f"refused to fetch {reason}")


@dataclass
class RenderResult:
    """What one render produced: the PDF (None if it failed) and what went wrong."""

    pdf: bytes | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's log messages (format strings only: arguments can hold paths)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        target = self.errors if record.levelno >= logging.ERROR else self.warnings
        target.append(str(record.msg).replace("%s", "…").replace("%r", "…"))


def render(html: str, base_url: str, css: str, root: str, identifier: str) -> RenderResult:
    """Render one document; never raises for a problem in the document itself."""
    fetcher = RepositoryFetcher(Path(root))
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(
            stylesheets=[CSS(string=css, url_fetcher=fetcher)],
            pdf_identifier=identifier.encode("ascii"), **PDF_OPTIONS)
    except FatalURLFetchingError:
        return RenderResult(None, collect.errors, collect.warnings, fetcher.refused or
                            ["a URL"])
    except Exception as exc:  # WeasyPrint's own failures become a finding, not a traceback
        return RenderResult(None, [*collect.errors, f"{type(exc).__name__}"], collect.warnings)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return RenderResult(with_table_scopes(pdf), collect.errors, collect.warnings)


def with_table_scopes(pdf: bytes) -> bytes:
    """The PDF with a /Scope on every table header cell (TH) of its structure tree.

    PDF/UA-1 requires it of a table without Headers/IDs, and WeasyPrint 70 writes only
    ``/O /Table``: a header cell in the table's head governs its column, one in the body its
    row. The file is rewritten whole (no incremental update keeps the old bytes) with an ID
    from its content, so the same sources still give the same bytes.
    """
    import io

    with pikepdf.open(io.BytesIO(pdf)) as document:
        changed = _scope_cells(document.Root.get("/StructTreeRoot"), in_head=False)
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def _scope_cells(element: Any, in_head: bool) -> int:
    if isinstance(element, pikepdf.Array):
        return sum(_scope_cells(kid, in_head) for kid in element)
    if not isinstance(element, pikepdf.Dictionary):
        return 0
    role = str(element.get("/S", ""))
    changed = 0
    if role == "/TH":
        attributes = element.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
            element.A = attributes
        if "/Scope" not in attributes:
            attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
            changed = 1
    kids = element.get("/K")
    if kids is None or role in ("/Link", "/Figure"):
        return changed
    head = in_head or role == "/THead"
    if role in ("/TBody", "/TFoot"):
        head = False
    return changed + _scope_cells(kids, head)
