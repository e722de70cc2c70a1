"""A PDF read by allow-list: features lif does not read are refused, each named.

Page text is not all a PDF holds. Form fields keep the values typed into them, bookmarks and
page labels are text a reader's side panel shows, scripts run when the file opens (``/OpenAction``,
``/AA``, the JavaScript name tree) and can write text no extraction sees, an XFA form is a second
document, and objects nothing refers to are text that no page shows but anyone can read with a
text editor. Bookmarks and page labels are read and scanned; the rest is refused
(ATTACHMENT-UNREAD), so a trick nobody has thought of yet fails closed. A page with pictures or
drawn shapes but no text at all is refused too: it is a scan or text drawn as pixels, whose words
cannot be checked (and which a screen reader cannot read either).
"""

from __future__ import annotations

from typing import Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from generator.redaction.scanner import Chunk, Match

SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread"}
"""Actions that only move within the document or open a web address (scanned as text)."""
UNREAD_ANNOTATIONS = {
    "/Widget": "form fields", "/FileAttachment": "an attached file",
    "/Sound": "a sound", "/Movie": "a movie", "/Screen": "embedded media",
    "/RichMedia": "embedded media", "/3D": "a 3D model",
}
MAX_OBJECTS = 500_000
"""Objects walked; a file with more is refused rather than read in part."""
DRAWN_TEXT = 100
"""Curves on a page with no text above which the page is taken to be text drawn as shapes."""
HINTS = {
    "form": "Flatten the form (print it to PDF) or remove the form fields",
    "script": "Remove the scripts and actions (print it to PDF, or make it again from the "
              "source)",
    "media": "Remove the embedded file or media and publish it, if it is meant to be public, as "
             "its own attachment",
    "orphans": "Save it as a new file (not 'save' over the old one), or make it again from the "
               "source",
    "pixels": "Publish the document as text (make the PDF from the source, or run OCR and "
              "check the result), or describe the picture in the report",
}


def unread_features(reader: pypdf.PdfReader, display: str) -> list[Match]:
    """One finding per kind of feature lif does not read, naming where it first is."""
    features: dict[str, tuple[str, str]] = {}
    root: Any = reader.trailer["/Root"]
    form: Any = root.get("/AcroForm")
    if form is not None:
        form = form.get_object()
        if form.get("/XFA") is not None:
            features["xfa"] = ("an XFA form (a second document inside the PDF)", "form")
        if form.get("/Fields"):
            features["fields"] = ("form fields, whose values are kept in the file", "form")
    names = root.get("/Names")
    if names is not None and names.get_object().get("/JavaScript") is not None:
        features["javascript"] = ("document JavaScript (the /JavaScript name tree)", "script")
    seen = walk(reader, features)
    orphans = unreferenced(reader, seen)
    if orphans:
        features["orphans"] = (
            f"{len(orphans)} object(s) that nothing in the document uses (object "
            f"{orphans[0]}): their text is never shown or extracted, but is in the file",
            "orphans")
    return [Match("ATTACHMENT-UNREAD", display, 1, 1, key,
                  message=f"the PDF holds {what}, which lif does not read, so it would be "
                          "published unchecked.",
                  hint=HINTS[hint] + ", then check it here again.")
            for key, (what, hint) in features.items()]


def walk(reader: pypdf.PdfReader, features: dict[str, tuple[str, str]]) -> set[int]:
    """Every object reachable from the trailer (their numbers), noting scripts, actions other
    than moving or opening a link, additional actions and unread annotations on the way."""
    seen: set[int] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            if len(seen) > MAX_OBJECTS:
                raise ValueError(f"more than {MAX_OBJECTS} objects")
            try:
                item = item.get_object()
            except Exception:  # a dangling reference holds nothing
                continue
        if isinstance(item, DictionaryObject):
            _note(item, features)
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return seen


def _note(item: DictionaryObject, features: dict[str, tuple[str, str]]) -> None:
    if "/JS" in item:
        features.setdefault("javascript", ("JavaScript (/JS)", "script"))
    for key in ("/A", "/OpenAction"):
        _action(dict.get(item, key), features)
    if "/AA" in item:
        features.setdefault("aa", ("actions that run when the file or a page opens (/AA)",
                                   "script"))
    subtype = str(dict.get(item, "/Subtype", ""))
    if str(dict.get(item, "/Type", "/Annot")) == "/Annot" and subtype in UNREAD_ANNOTATIONS:
        if subtype == "/Widget":
            features.setdefault("fields", ("form fields, whose values are kept in the file",
                                           "form"))
        else:
            features.setdefault(subtype, (UNREAD_ANNOTATIONS[subtype], "media"))


def _action(value: Any, features: dict[str, tuple[str, str]], depth: int = 0) -> None:
    """An action (a link's, a bookmark's, the document's opening one) and the actions chained
    after it (``/Next``): anything but moving or opening a web address is noted. A structure
    element's attributes (also ``/A``) have no ``/S`` and are left alone."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, ArrayObject):
        if any(isinstance(v, DictionaryObject | IndirectObject) for v in value) and depth:
            for step in value:
                _action(step, features, depth + 1)
        return  # a destination: a page and a position
    if not isinstance(value, DictionaryObject) or depth > 50:
        return
    kind = dict.get(value, "/S")
    if kind is not None and str(kind) not in SAFE_ACTIONS:
        features.setdefault("action", (f"an action that runs or opens something "
                                       f"({str(kind).lstrip('/')})", "script"))
    if "/Next" in value:
        _action(dict.get(value, "/Next"), features, depth + 1)


def unreferenced(reader: pypdf.PdfReader, seen: set[int]) -> list[int]:
    """Numbers of objects in the cross-reference table that nothing reachable refers to, less
    the file's own bookkeeping (cross-reference and object streams, linearisation)."""
    numbers = {n for table in reader.xref.values() for n in table}
    numbers |= set(getattr(reader, "xref_objStm", {}))
    orphans = []
    for number in sorted(numbers - seen):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if obj is None or type(obj).__name__ == "NullObject":
            continue
        if isinstance(obj, DictionaryObject) and (
                str(obj.get("/Type", "")) in ("/XRef", "/ObjStm") or "/Linearized" in obj):
            continue
        orphans.append(number)
    return orphans


def side_panel_chunks(reader: pypdf.PdfReader) -> list[Chunk]:
    """Bookmark titles and page labels: text a reader sees beside the pages."""
    chunks: list[Chunk] = []
    stack: list[Any] = list(reader.outline)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif getattr(item, "title", None):
            chunks.append(Chunk(str(item.title), 1, 1, False, "in a bookmark"))
    for number, label in enumerate(reader.page_labels, 1):
        if label != str(number):
            chunks.append(Chunk(label, number, 1, False, f"in the label of page {number}"))
    return chunks


def unreadable_pages(page: Any) -> bool:
    """Is this page a picture of text: no characters, but images or many drawn curves?"""
    if page.chars:
        return False
    return bool(page.images) or len(page.curves) >= DRAWN_TEXT


def pixel_pages(display: str, pages: list[int]) -> list[Match]:
    if not pages:
        return []
    listed = ", ".join(str(p) for p in pages[:10]) + (" ..." if len(pages) > 10 else "")
    return [Match("ATTACHMENT-UNREAD", display, pages[0], 1, "pixels",
                  message=f"page(s) {listed} hold pictures or drawn shapes but no text: a scan "
                          "or text drawn as pixels, whose words lif cannot check (and a screen "
                          "reader cannot read).",
                  hint=HINTS["pixels"] + ", then check it here again.")]


def page_pictures(reader: pypdf.PdfReader) -> list[int]:
    """The pages that hold a picture of a page (``image_structure.looks_like_a_page``: a scan),
    whatever text sits beside it (a page number added over a scan hides nothing). Only images
    whose stated size is page-shaped and legible are decoded, so charts and photos cost
    nothing; one too damaged to decode counts as a scan (fail closed)."""
    from generator.checks import image_structure

    pages = []
    for number, page in enumerate(reader.pages, 1):
        resources = page.get("/Resources")
        objects = resources.get_object().get("/XObject") if resources is not None else None
        if objects is None:
            continue
        for name, item in objects.get_object().items():
            image = item.get_object()
            if image.get("/Subtype") != "/Image" or not _page_shaped(image):
                continue
            try:
                picture = page.images[name].image
                scanned = picture is not None and image_structure.looks_like_a_page(picture)
            except Exception:  # a page-shaped picture lif cannot decode: refused
                scanned = True
            if scanned:
                pages.append(number)
                break
    return pages


def _page_shaped(image: DictionaryObject) -> bool:
    from generator.checks.image_structure import PAGE_MIN_SIDE, PAGE_RATIOS

    try:
        short, long = sorted((int(image.get("/Width", 0)), int(image.get("/Height", 0))))
    except (TypeError, ValueError):
        return True
    return short >= PAGE_MIN_SIDE and any(abs(long / short - r) <= 0.04 for r in PAGE_RATIOS)


def scanned_pages(display: str, pages: list[int]) -> list[Match]:
    if not pages:
        return []
    listed = ", ".join(str(p) for p in pages[:10]) + (" ..." if len(pages) > 10 else "")
    return [Match("ATTACHMENT-UNREAD", display, pages[0], 1, "scan",
                  message=f"page(s) {listed} hold a picture of a page (page-shaped, legible, "
                          "mostly white paper without colour): a scan, whose words lif cannot "
                          "check (and a screen reader cannot read).",
                  hint=HINTS["pixels"] + ", then check it here again.")]
