"""Every file lif writes under ``site/`` and ``outbox/``, read in full as its reader gets it.

One home for "what text does this written file hold", for the leak scan and the redaction scan
of the written site alike: a page as a browser renders it (``html_text``), a feed or sitemap
with its escaped HTML read as HTML, JSON by its decoded strings (``\\u004b`` is a "K"), a
gzip file decompressed, Pagefind's index and fragments decompressed and decoded (fragments are
JSON holding each page's whole text; index, meta and filter files CBOR holding its words), and
a PDF by its extracted text and metadata. A file that cannot be read this way raises
``Unreadable``: the caller refuses it, never passes it unread.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import unicodedata
import warnings
import zlib

from generator.checks import html_text
from generator.checks.reader_text import INVISIBLE_RE

PAGEFIND_SUFFIXES = frozenset({".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"})
PAGEFIND_SIGNATURE = b"pagefind_dcd"
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKUP_SUFFIXES = frozenset({".xml", ".atom", ".rss", ".svg"})
ESCAPED_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*[^<>]*>")


class Unreadable(ValueError):
    """A written file whose text cannot be read in full."""


def normalised(text: str) -> str:
    """Compatibility forms folded (full-width letters, ligatures) and invisible characters
    dropped: the character-level reading the leak fingerprints compare."""
    if text.isascii():
        return text
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text))


def text_of(suffix: str, data: bytes) -> str:
    """The text a reader of a written file gets, one run a line (``suffix`` names its kind)."""
    suffix = suffix.lower()
    if suffix in PAGEFIND_SUFFIXES:
        return pagefind_text(data)
    if suffix == ".pdf":
        return pdf_text(data)
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise Unreadable(f"not valid gzip ({type(exc).__name__})") from exc
        suffix = ""
    text = data.decode("utf-8", errors="replace")
    if suffix in HTML_SUFFIXES:
        return html_text.words_text(text)
    if suffix == ".json" or (not suffix and text.lstrip()[:1] in ("{", "[")):
        with contextlib.suppress(ValueError):
            return _markup("\n".join(html_text.json_strings(json.loads(text))))
    if suffix in MARKUP_SUFFIXES:
        return _markup(html_text.reader_text(text))
    return _markup(text)


def _markup(text: str) -> str:
    """Text that holds HTML escaped once more (a feed's content, a JSON field of page HTML)
    read as HTML again, so tags split nothing there either."""
    if ESCAPED_TAG_RE.search(text) is None and "&" not in text:
        return text
    return html_text.reader_text(text)


def pagefind_text(data: bytes) -> str:
    """A Pagefind file's text: decompressed, past its signature, decoded (JSON fragments by
    their strings, page content HTML-decoded; CBOR index files by their strings)."""
    from generator import pagefind_order

    try:
        body = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise Unreadable(f"a Pagefind file that is not valid gzip ({type(exc).__name__})") \
            from exc
    if body.startswith(PAGEFIND_SIGNATURE):
        body = body[len(PAGEFIND_SIGNATURE):]
    with contextlib.suppress(ValueError):
        return _markup("\n".join(html_text.json_strings(json.loads(body.decode("utf-8")))))
    with contextlib.suppress(ValueError, UnicodeDecodeError, RecursionError):
        return "\n".join(html_text.json_strings(pagefind_order.decode(body)))
    # Neither JSON nor the CBOR Pagefind writes: every byte sequence that is text is read.
    return body.decode("utf-8", errors="replace")


def pdf_text(data: bytes) -> str:
    """A PDF's document information (title, author, subject, keywords) and its text page by
    page, extracted as the redaction scan extracts it (pdfplumber), so the leak scan, the
    redaction scan and the completeness check (``pdf_text``) read the same words."""
    import pypdf

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            values = [str(value) for value in (reader.metadata or {}).values()]
        pages = pdf_pages(data)
    except Exception as exc:  # pypdf and pdfminer raise many kinds on a damaged file
        raise Unreadable(f"a PDF whose text cannot be extracted ({type(exc).__name__})") \
            from exc
    return "\n".join([*values, *pages])


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text as pdfplumber extracts it (the extraction ``checks.pdf`` scans)."""
    import pdfplumber

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pdfplumber.open(io.BytesIO(data)) as document:
            return [page.extract_text() or "" for page in document.pages]
