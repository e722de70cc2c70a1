"""PDFs: text, text hidden under boxes or in the page's colour, metadata, revisions, attachments.

The way PDFs leak is well known: a black box drawn over text that is still in the file; white
text on a white page; the author and template path in the document information or XMP; the
unredacted draft kept as an earlier revision by an incremental save; a spreadsheet embedded as
an attachment; a reviewer's comment annotation. Hidden text is found the way Free Law Project's
x-ray does it (characters whose centre lies inside a filled rectangle), with pdfplumber, and a
character the same colour as what is behind it counts as hidden too.
"""

from __future__ import annotations

import importlib
import io
import logging
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pdfplumber
import pypdf

from generator.checks import pdf_structure
from generator.redaction.detectors import mask
from generator.redaction.protected import Protected
from generator.redaction.scanner import Chunk, Match, scan_chunks
from generator.rules import Rule, register

register(
    Rule("PDF-HIDDEN-TEXT", "error",
         "Text in a PDF hidden under a filled box, in the colour behind it, or too small to see."),
    Rule("PDF-EARLIER-REVISION", "error",
         "A PDF keeps an earlier revision (incremental save) with text the final version removed."),
    Rule("PDF-EMBEDDED-FILE", "error",
         "A PDF carries an embedded file, which is published unseen."),
    Rule("PDF-ANNOTATION", "warning", "A PDF has a comment annotation, which readers can open."),
    Rule("FILE-AUTHOR", "warning",
         "A PDF or Word file names an author or a template path in its metadata."),
)

Color = tuple[float, float, float]
DARK = 0.35
"""A box whose colour is at most this bright hides dark text drawn under it."""
CLOSE = 0.12
"""Colours this close (per channel, 0-1) cannot be told apart by a reader."""
TINY = 1.5
"""Text smaller than this (points) is invisible in print and on screen."""
PLACEHOLDER_AUTHORS = {"", "anonymous", "(anonymous)", "unknown", "unspecified"}
"""What PDF libraries write when nobody set an author: not a name."""
PATH_RE = re.compile(r"(?:[A-Za-z]:\\|\\\\|/home/|/Users/)\S*")

for _name in ("pdfminer", "pypdf"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def to_rgb(color: Any) -> Color:
    """pdfplumber's colour (None, grey, RGB or CMYK tuple) as RGB in 0-1; None is black."""
    if color is None:
        return (0.0, 0.0, 0.0)
    if isinstance(color, int | float):
        color = (color,)
    values = [float(v) for v in color if isinstance(v, int | float)]
    if len(values) == 1:
        return (values[0], values[0], values[0])
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return (0.0, 0.0, 0.0)


def brightness(color: Color) -> float:
    return sum(color) / 3


def close(a: Color, b: Color) -> bool:
    return all(abs(x - y) <= CLOSE for x, y in zip(a, b, strict=True))


def hidden_by(char: dict[str, Any], rects: list[dict[str, Any]]) -> bool:
    """Is this character unreadable: under a dark box, or the colour of what is behind it?

    Light text on a dark box (a banner) is readable and not flagged; a highlight (a light box)
    over dark text is readable too.
    """
    if char.get("size", 10) < TINY:
        return True
    color = to_rgb(char.get("non_stroking_color"))
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    behind: Color = (1.0, 1.0, 1.0)
    for box in covering(rects, cx, cy):
        if brightness(box) <= DARK and brightness(color) <= DARK:
            return True
        behind = box
    return close(color, behind)


def covering(rects: list[dict[str, Any]], x: float, y: float) -> list[Color]:
    """Colours of the filled boxes that paint the point (x, y), in drawing order.

    A box filled with the even-odd rule paints a point only when an odd number of its
    rectangles hold it: that is how a border is drawn (an outer rectangle with an inner one
    cut out), and the text inside a border is not under it.
    """
    painted: list[Color] = []
    evenodd: dict[Color, int] = {}
    for rect in rects:
        if rect["x0"] <= x <= rect["x1"] and rect["top"] <= y <= rect["bottom"]:
            box = to_rgb(rect.get("non_stroking_color"))
            if rect.get("evenodd"):
                evenodd[box] = evenodd.get(box, 0) + 1
            else:
                painted.append(box)
    return painted + [box for box, count in evenodd.items() if count % 2]


def filled_rects(page: Any) -> list[dict[str, Any]]:
    return [r for r in page.rects if r.get("fill")]


def hidden_runs(page: Any) -> list[str]:
    """Runs of hidden characters on a page, as text (one run per line of hidden text)."""
    rects = filled_rects(page)
    runs: list[str] = []
    current: list[str] = []
    last_top = None
    for char in page.chars:
        if hidden_by(char, rects):
            if last_top is not None and abs(char["top"] - last_top) > 2 and current:
                runs.append("".join(current))
                current = []
            current.append(char["text"])
            last_top = char["top"]
        elif current:
            runs.append("".join(current))
            current, last_top = [], None
    if current:
        runs.append("".join(current))
    return [run for run in runs if run.strip()]


def page_texts(data: bytes) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pdfplumber.open(io.BytesIO(data)) as document:
            return [page.extract_text() or "" for page in document.pages]


def earlier_revisions(data: bytes) -> Iterator[bytes]:
    """Each earlier revision of an incrementally saved PDF (the bytes up to each %%EOF)."""
    ends = [m.end() for m in re.finditer(rb"%%EOF", data)]
    final = len(data.rstrip())
    for end in ends:
        if end < final - 2:
            yield data[:end]


def scan_pdf(data: bytes, display: str, protected: Protected | None) -> list[Match]:
    """Every match in a PDF's text, hidden text, metadata, revisions, attachments, comments."""
    found: list[Match] = []
    chunks: list[Chunk] = []
    pictures: list[int] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pdfplumber.open(io.BytesIO(data)) as document:
            for number, page in enumerate(document.pages, 1):
                text = page.extract_text() or ""
                chunks.append(Chunk(text, number, 1, flow=False, where=f"on page {number}"))
                if pdf_structure.unreadable_pages(page):
                    pictures.append(number)
                for run in hidden_runs(page):
                    found.append(Match(
                        "PDF-HIDDEN-TEXT", display, number, 1, run,
                        message=f"text on page {number} is hidden under a box or in the colour "
                                f"behind it, but is still in the file ('{mask(run)}').",
                        hint="Redact by removing the text from the source and making the PDF "
                             "again; a box drawn over text does not remove it."))
                for annot in page.annots:
                    found += _annotation(annot, number, display, protected)
        reader = pypdf.PdfReader(io.BytesIO(data))
        chunks += _metadata_chunks(reader)
        chunks += pdf_structure.side_panel_chunks(reader)
        found += pdf_structure.unread_features(reader, display)
        found += pdf_structure.pixel_pages(display, pictures)
        found += pdf_structure.scanned_pages(display, [
            n for n in pdf_structure.page_pictures(reader) if n not in pictures])
        found += _authors(reader, display)
        found += _attachments(reader, display, protected)
        found += _revisions(data, chunks, display, protected)
    return found + scan_chunks(chunks, display, protected)


def _annotation(annot: dict[str, Any], page: int, display: str,
                protected: Protected | None) -> list[Match]:
    raw = annot.get("data") or {}
    subtype = str(raw.get("Subtype", "")).strip("/'")
    texts = [str(annot.get(k) or "") for k in ("contents", "title", "uri")]
    where = f"in an annotation on page {page}"
    found = scan_chunks([Chunk(t, page, 1, False, where) for t in texts if t], display, protected)
    if "Link" not in subtype and (texts[0] or texts[1]):
        found.append(Match(
            "PDF-ANNOTATION", display, page, 1, texts[0],
            message=f"page {page} has a comment annotation ('{mask(texts[0][:40])}').",
            hint="Remove comments before publishing (they open in every PDF reader)."))
    return found


def _metadata_values(reader: pypdf.PdfReader) -> list[tuple[str, str]]:
    values = [(str(k).lstrip("/"), str(v)) for k, v in (reader.metadata or {}).items()]
    root = reader.trailer["/Root"]
    stream = root.get("/Metadata") if hasattr(root, "get") else None
    if stream is not None:
        xml = stream.get_object().get_data().decode("utf-8", errors="replace")
        for tag, text in re.findall(r"<([\w:]+)[^<>]*>([^<>]+)<", xml):
            if text.strip():
                values.append((f"XMP {tag}", text.strip()))
    return values


def _metadata_chunks(reader: pypdf.PdfReader) -> list[Chunk]:
    return [Chunk(value, 1, 1, False, f"in the PDF's {key} metadata")
            for key, value in _metadata_values(reader)]


def _authors(reader: pypdf.PdfReader, display: str) -> list[Match]:
    found = []
    for key, value in _metadata_values(reader):
        named = (key in ("Author", "XMP dc:creator", "XMP rdf:li")
                 and value.strip().casefold() not in PLACEHOLDER_AUTHORS)
        if named or PATH_RE.search(value):
            found.append(Match(
                "FILE-AUTHOR", display, 1, 1, value,
                message=f"the PDF's {key} metadata names a person or a path "
                        f"('{mask(value)}').",
                hint="Clear the author and template path before publishing, or allow it in "
                     "review.yml if it is meant to be public."))
    return found


def _scan_embedded(data: bytes, name: str, display: str,
                   protected: Protected | None) -> list[Match]:
    """An embedded file, scanned as any file is (``documents.scan_bytes``, which dispatches
    PDFs here: looked up at run time rather than imported, so the two modules do not import
    each other)."""
    documents: Any = importlib.import_module("generator.checks.documents")
    found: list[Match] = documents.scan_bytes(data, name, display, protected)
    return found


EMBEDDED_SCAN: Callable[[bytes, str, str, Protected | None], list[Match]] = _scan_embedded


def _attachments(reader: pypdf.PdfReader, display: str,
                 protected: Protected | None) -> list[Match]:
    scan_bytes = EMBEDDED_SCAN
    found = []
    for name, contents in reader.attachments.items():
        found.append(Match(
            "PDF-EMBEDDED-FILE", display, 1, 1, name,
            message=f"the PDF carries an embedded file ('{mask(name)}').",
            hint="Remove the attachment; publish what is meant to be public as its own page."))
        for data in contents:
            found += scan_bytes(data, name, f"{display}#{mask(name)}", protected)
    return found


def _revisions(data: bytes, final_chunks: list[Chunk], display: str,
               protected: Protected | None) -> list[Match]:
    final_text = "\n".join(c.text for c in final_chunks)
    final_words = set(final_text.split())
    found: list[Match] = []
    for number, revision in enumerate(earlier_revisions(data), 1):
        try:
            texts = page_texts(revision)
        except Exception:  # a linearised file's first part is not a whole document
            continue
        removed = [w for t in texts for w in t.split() if w not in final_words]
        if not removed:
            continue
        found.append(Match(
            "PDF-EARLIER-REVISION", display, 1, 1, " ".join(removed),
            message=f"earlier revision {number}, kept by an incremental save, holds "
                    f"{len(removed)} word(s) the final version removed "
                    f"('{mask(' '.join(removed[:6]))}').",
            hint="Save the PDF again as a new file (not 'save' over the old one), or make it "
                 "again from the source."))
        chunks = [Chunk(t, page, 1, False, f"in earlier revision {number}, page {page}")
                  for page, t in enumerate(texts, 1)]
        found += [m for m in scan_chunks(chunks, display, protected)
                  if m.text not in final_text]
    return found
