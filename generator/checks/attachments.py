"""A review's attachments (``files/``): only kinds lif can check, images without metadata.

A public review's files are published beside its report, so each one is a public document.
The redaction checks read PDF, Word, text and SVG files word by word; a spreadsheet, an archive
or a video they cannot open, so such a file is refused rather than published unread. Photographs
and screenshots carry metadata no one sees on the page: a phone photo's GPS position puts a
family's home on a map, and the author, description and comment fields hold whatever the camera
or editor put there. An SVG is a program as much as a picture: opened from the site it runs its
scripts and follows its links with the site's address, outside every page's security policy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.checks import image_structure, svg
from generator.filetypes import IMAGE_SUFFIXES
from generator.load import relpath
from generator.models import Finding, Position, Review, State
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.site import Site

register(
    Rule("ATTACHMENT-TYPE", "error",
         "A review attachment or docs-folder file is of a kind lif cannot check for names, "
         "hidden text, metadata or scripts (PDF, Word .docx, plain text, CSV and PNG, JPEG, "
         "GIF, WebP, TIFF, BMP or SVG images are published; the docs folder may also hold "
         "pages, stylesheets and UTF-8 text without script)."),
    Rule("ATTACHMENT-METADATA", "error",
         "An image attachment or content image carries metadata that can identify a person "
         "or place (GPS position, author, camera owner, description, comments, IPTC, XMP)."),
    Rule("ATTACHMENT-UNREAD", "error",
         "An attachment holds a part or feature lif does not read (an embedded document, "
         "form fields, custom properties, scripts, an image-only page, data after an image's "
         "end, a hidden file), so it would be published unchecked."),
    Rule("ATTACHMENT-ACTIVE", "error",
         "An SVG attachment has scripts, event handlers, embedded content or links to other "
         "sites, which would run with the site's address."),
)

DOCUMENTS = {".pdf", ".docx", ".txt", ".csv"}
RASTER = IMAGE_SUFFIXES
UNREADABLE_IMAGES = {".heic", ".heif", ".avif", ".jxl", ".psd", ".raw", ".dng", ".cr2", ".nef"}
"""Image kinds a browser or viewer may show but lif cannot read metadata from."""
VECTOR = {".svg"}
PUBLISHABLE = DOCUMENTS | RASTER | VECTOR

EXIF_FIELDS = {0x010E: "description", 0x013B: "author", 0x9C9B: "title", 0x9C9C: "comment",
               0x9C9D: "author", 0x9C9E: "keywords", 0x9C9F: "subject", 0x8298: "copyright",
               0x010D: "document name", 0x011D: "page name", 0x013C: "host computer",
               0x83BB: "IPTC"}
"""EXIF and TIFF tags a person, a computer or an editor fills with names (camera make,
exposure and size are left alone)."""
EXIF_IFD, GPS_IFD, USER_COMMENT, THUMBNAIL_IFD = 0x8769, 0x8825, 0x9286, -1
EXIF_IFD_FIELDS = {USER_COMMENT: "comment", 0xA430: "camera owner",
                   0xA431: "camera serial number", 0xA435: "lens serial number",
                   0xA420: "image unique ID"}
MAX_FRAMES = 1000
"""Frames of an animation or pages of a TIFF read for metadata (each may carry its own)."""
TEXT_KEYS = {"comment", "xmp", "xml:com.adobe.xmp", "description", "author", "title",
             "copyright", "source", "disclaimer", "warning"}
"""Keys Pillow reports for PNG text chunks, JPEG comments and XMP (lower case)."""

ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler",
                   "listener"}
"""SVG elements that run code or embed another document."""
SCRIPT_ADDRESS_RE = re.compile(r"(?:java|vb)script:")
CSS_OUTSIDE_RE = re.compile(r"url\((?!['\"]?#)|@import|image-set\(|\\")
"""CSS that fetches from elsewhere: any url() but a fragment (#gradient), @import, image-set,
and any escape (which could spell either)."""
ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform"}


def check(site: Site) -> list[Finding]:
    """The attachments of every review that is or will be published (not drafts, not
    withdrawn or withheld ones, whose files never reach the site again), and the images of the
    content pages, which are published as they are."""
    findings: list[Finding] = []
    for review in site.each_review():
        if site.statuses[review.slug].state in (State.DRAFT, State.WITHDRAWN, State.WITHHELD):
            continue
        findings += check_review(site.root, review)
    content = site.docs_dir
    if content.is_dir():
        inside = site.root.resolve()
        for path in sorted(content.rglob("*")):
            if path.is_file() and path.resolve().is_relative_to(inside):  # MkDocs follows links
                findings += content_file(path, relpath(site.root, path), content)
    return findings


CODE_KINDS = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".cjs", ".xsl",
              ".xslt", ".wasm", ".swf"}
"""Kinds a browser runs or renders as a page of its own: MkDocs copies them as they are,
outside every check and without the site's Content Security Policy."""
MARKUP_CODE_RE = re.compile(rb"<\s*(?:[\w-]+:)?script|xml-stylesheet|<\s*(?:[\w-]+:)?html\b",
                            re.IGNORECASE)
"""What makes a text file served as XML (``.xml``, ``.rss``...) run script or a stylesheet."""


def content_file(path: Path, display: str, content: Path) -> list[Finding]:
    """A docs-folder file lif can check (hidden files MkDocs leaves out): a page, a kind an
    attachment may be, or UTF-8 text without script (read by the redaction checks as text);
    an image's metadata or an SVG's active content."""
    suffix = path.suffix.lower()
    hidden = any(part.startswith(".") for part in path.relative_to(content).parts)
    if hidden or suffix == ".md" or suffix in PUBLISHABLE or suffix in UNREADABLE_IMAGES:
        return check_image(path, display)
    if suffix not in CODE_KINDS:
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        else:
            if not CONTROL_RE.search(text) and not MARKUP_CODE_RE.search(data):
                return []
    return [finding(
        "ATTACHMENT-TYPE", display, Position(1, 1),
        f"lif publishes the docs folder's files as they are, and cannot check a "
        f"'{suffix or path.name}' file (it could hold scripts or names lif cannot read).",
        "Write the page in Markdown, or remove the file.")]


def check_review(root: Path, review: Review) -> list[Finding]:
    """Each attachment of one review: its kind, and an image's metadata or active content."""
    findings: list[Finding] = []
    for path in review.attachments:
        display = relpath(root, path)
        suffix = path.suffix.lower()
        hidden = [part for part in path.relative_to(review.folder).parts if part.startswith(".")]
        if hidden:
            findings.append(finding(
                "ATTACHMENT-UNREAD", display, Position(1, 1),
                f"'{hidden[0]}' is a hidden file or folder: the site would publish it or skip it "
                "without anyone seeing it in the list of files.",
                "Remove it from files/ (publish only what readers can see listed)."))
        elif suffix not in PUBLISHABLE:
            findings.append(finding(
                "ATTACHMENT-TYPE", display, Position(1, 1),
                f"lif cannot check a '{suffix or path.name}' file for names and hidden text, so "
                "it would be published unread.",
                "Convert it to PDF (or an image to PNG), or remove it from files/."))
        elif suffix in TEXT:
            findings += text_unread(path, display)
        else:
            findings += check_image(path, display)
    return findings


TEXT = {".txt", ".csv"}
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control characters: a text file holding them is binary data or UTF-16 read as UTF-8, whose
words the detectors would not see."""


def text_unread(path: Path, display: str) -> list[Finding]:
    """A text attachment must be UTF-8 text throughout, or the detectors read garbage."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"bytes that are not UTF-8 text (at byte {exc.start})"
    except OSError:
        return []  # FILE-UNREADABLE from the redaction scan, which reads it too
    else:
        control = CONTROL_RE.search(text)
        if control is None:
            return []
        problem = f"a control character (U+{ord(control.group()):04X}) that text never holds"
    return [finding(
        "ATTACHMENT-UNREAD", display, Position(1, 1),
        f"the text file holds {problem}, so lif cannot read its words to check them.",
        "Save it again as UTF-8 text, or as PDF, then check it here again.")]


def check_image(path: Path, display: str) -> list[Finding]:
    """An image's metadata or an SVG's active content; nothing for other files."""
    suffix = path.suffix.lower()
    if suffix in RASTER:
        return image_metadata(path, display)
    if suffix in VECTOR:
        return svg_active(path, display)
    if suffix in UNREADABLE_IMAGES:
        return [finding(
            "ATTACHMENT-TYPE", display, Position(1, 1),
            f"lif cannot read the metadata of a '{suffix}' image (its location, camera, "
            "author), so it would be published unread.",
            "Export it as PNG or JPEG without metadata.")]
    return []


def image_metadata(path: Path, display: str) -> list[Finding]:
    """Findings naming the identifying metadata fields of an image (never their values), the
    parts of its file lif does not read, and a picture that is a scanned page."""
    try:
        fields, unread, page = image_facts(path.read_bytes())
    except Exception:  # FILE-UNREADABLE from the redaction scan, which reads it too
        return []
    found = [finding(
        "ATTACHMENT-UNREAD", display, Position(1, 1),
        f"the image file holds {', '.join(unread)}, which lif does not read, so it would be "
        "published unseen.",
        "Export the picture again as a new PNG or JPEG (most editors: 'export for web'), then "
        "check it here again.")] if unread else []
    if page:
        found.append(finding(
            "ATTACHMENT-UNREAD", display, Position(1, 1),
            "the image looks like a scanned page (page-shaped, legible, mostly white paper "
            "without colour): its words are pixels lif cannot check, and a screen reader cannot "
            "read them.",
            "Publish the document as text (a PDF made from the source), or crop the picture "
            "to what it shows, then check it here again."))
    if not fields:
        return found
    return [*found, finding(
        "ATTACHMENT-METADATA", display, Position(1, 1),
        f"the image carries metadata ({', '.join(fields)}) that readers can see in any image "
        "viewer.",
        "Save it again without metadata (most editors have 'export for web' or 'remove "
        "location and personal information'), then check it here again.")]


def image_facts(data: bytes) -> tuple[list[str], list[str], bool]:
    """An image's identifying metadata fields, the parts of its file lif does not read (see
    ``image_structure``) and whether it looks like a scanned page; raises when the image
    cannot be opened."""
    import io
    import warnings

    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Image.MAX_IMAGE_PIXELS = None  # headers are read; pixels only within bounds
            with Image.open(io.BytesIO(data)) as image:
                fields = metadata_fields(image, data)
                unread = image_structure.unread_parts(data, image.format or "")
                try:
                    page = image_structure.looks_like_a_page(image)
                except Exception:  # page-shaped, but its pixels cannot be decoded: refused
                    page = True
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return fields, unread, page


def metadata_fields(image: object, data: bytes = b"") -> list[str]:
    """Names of the identifying metadata fields an image (a Pillow image) has in any of its
    frames or pages, sorted. Only headers are read: a PNG's text and EXIF chunks are walked
    directly, as Pillow would decode every pixel to reach those after the image data."""
    from PIL import Image, ImageSequence

    assert isinstance(image, Image.Image)
    if image.format == "PNG":
        texts, exif = png_chunks(data or _image_bytes(image))
        found = _exif_fields(exif, "PNG") | _info_fields(image.info)
        found |= {key.lower() for key, value in texts
                  if key.lower() != "software" and value.strip()}
        return sorted(found)
    found = set()
    for number, frame in enumerate(ImageSequence.Iterator(image)):
        if number == MAX_FRAMES:
            found.add(f"more than {MAX_FRAMES} frames, not all read")
            break
        found |= _exif_fields(frame.getexif(), frame.format) | _info_fields(frame.info)
    return sorted(found)


def _image_bytes(image: object) -> bytes:
    filename = getattr(image, "filename", "")
    return Path(filename).read_bytes() if filename else b""


def _exif_fields(exif: object, image_format: str | None) -> set[str]:
    from PIL import Image

    assert isinstance(exif, Image.Exif)
    found: set[str] = set()
    if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
        found.add("GPS position")
    for tag, name in EXIF_FIELDS.items():
        if _has_text(exif.get(tag)):
            found.add(name)
    details = exif.get_ifd(EXIF_IFD)
    for tag, name in EXIF_IFD_FIELDS.items():
        if _has_text(details.get(tag)):
            found.add(name)
    if image_format in ("JPEG", "MPO", "WEBP") and exif.get_ifd(THUMBNAIL_IFD):
        # a thumbnail keeps the picture as taken, before any crop or blur (in a TIFF the
        # second directory is the next page, read as a frame of its own)
        found.add("thumbnail")
    return found


def _info_fields(info: Mapping[Any, Any]) -> set[str]:
    found: set[str] = set()
    if "photoshop" in info:  # IPTC: by-line, city, caption and keywords live here
        found.add("IPTC")
    for key, value in info.items():
        if str(key).lower() in TEXT_KEYS and _has_text(value):
            found.add("XMP" if "xmp" in str(key).lower() else str(key).lower())
    return found


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TEXT = 1 << 20
"""Bytes of one compressed PNG text chunk read (a zip bomb stops here)."""


def png_chunks(data: bytes) -> tuple[list[tuple[str, str]], object]:
    """The text chunks (tEXt, zTXt, iTXt) of a PNG as (key, value), and its EXIF (eXIf), read
    from the file's chunks without decoding the image."""
    import zlib

    from PIL import Image

    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    texts: list[tuple[str, str]] = []
    exif = Image.Exif()
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        key, _, rest = body.partition(b"\0")
        if kind == b"tEXt":
            texts.append((key.decode("latin-1"), rest.decode("latin-1")))
        elif kind == b"zTXt":
            value = zlib.decompressobj().decompress(rest[1:], MAX_TEXT)
            texts.append((key.decode("latin-1"), value.decode("latin-1")))
        elif kind == b"iTXt" and len(rest) >= 2:
            compressed = rest[0] == 1
            _language, _, rest = rest[2:].partition(b"\0")
            _translated, _, value = rest.partition(b"\0")
            if compressed:
                value = zlib.decompressobj().decompress(value, MAX_TEXT)
            texts.append((key.decode("latin-1"), value.decode("utf-8", errors="replace")))
        elif kind == b"eXIf":
            exif.load(body)
        elif kind == b"IEND":
            break
    return texts, exif


def metadata_texts(path: Path) -> list[str]:
    """Every text value in an image's metadata, of any frame (the editor's name in a PNG's
    Software field among them), for the redaction checks to read."""
    import warnings

    from PIL import Image, ImageSequence

    texts: list[str] = []
    limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Image.MAX_IMAGE_PIXELS = None  # only headers are read, never the pixels
            with Image.open(path) as image:
                profile = image.info.get("icc_profile")
                if isinstance(profile, bytes):
                    texts += image_structure.icc_texts(profile)
                if image.format == "PNG":
                    chunks, exif = png_chunks(path.read_bytes())
                    assert isinstance(exif, Image.Exif)
                    values = [*_info_texts(image.info), *(v for _, v in chunks), *exif.values(),
                              *exif.get_ifd(EXIF_IFD).values()]
                    texts += [_as_text(v) for v in values if isinstance(v, (str, bytes))]
                else:
                    for number, frame in enumerate(ImageSequence.Iterator(image)):
                        if number == MAX_FRAMES:
                            break
                        exif = frame.getexif()
                        values = [*_info_texts(frame.info), *exif.values(),
                                  *exif.get_ifd(EXIF_IFD).values()]
                        texts += [_as_text(v) for v in values if isinstance(v, (str, bytes))]
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return [t for t in dict.fromkeys(texts) if t.strip()]


def _info_texts(info: Mapping[Any, Any]) -> list[object]:
    """What Pillow reports of an image beside its pixels, less the raw EXIF and colour
    profile (binary, and the EXIF is read field by field)."""
    return [value for key, value in info.items() if key not in ("exif", "icc_profile")]


def _as_text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return value.replace(b"\x00", b"").decode("utf-8", errors="replace")
    return value


def _has_text(value: object) -> bool:
    if isinstance(value, bytes):
        value = value.replace(b"\x00", b"").decode("utf-8", errors="replace")
    return bool(str(value).strip()) if value is not None else False


def svg_active(path: Path, display: str) -> list[Finding]:
    """Scripts, event handlers, embedded documents, script addresses and links to other sites
    in an SVG, each at its element's line (see ``svg``: parsed as a browser reads it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [finding("FILE-UNREADABLE", display, Position(1, 1),
                        f"the SVG could not be read as UTF-8 text ({type(exc).__name__}).",
                        "Save it again as UTF-8, or as PNG.")]
    try:
        parsed = svg.nodes(text)
    except svg.SvgError as exc:
        if exc.active:
            return [finding(
                "ATTACHMENT-ACTIVE", display, Position(exc.line, exc.column),
                f"{exc} in an SVG can define text and markup that only a browser expands.",
                "Export the image again without it, or as PNG.")]
        return [finding("FILE-UNREADABLE", display, Position(exc.line, exc.column),
                        f"the SVG could not be read: {exc}.",
                        "Export the image again, or as PNG.")]
    findings = []
    for node in parsed:
        what = _active(node)
        if what:
            findings.append(finding(
                "ATTACHMENT-ACTIVE", display, Position(node.line, node.column),
                f"{what} in an SVG would run, or reach another site, when a reader opens it.",
                "Remove it (a chart needs only shapes and text), or export the image as PNG."))
    return findings


def _active(node: svg.Node) -> str:
    """What in one node would run or reach elsewhere ('' for nothing)."""
    if node.kind == "element":
        return f"a <{node.element}> element" if node.element in ACTIVE_ELEMENTS else ""
    if node.kind == "comment":
        return ""
    value = re.sub(r"\s+", "", node.value).lower()
    place = node.name or f"<{node.element}>"
    if node.kind == "attribute" and node.name.startswith("on"):
        return f"an event handler ({node.name})"
    if SCRIPT_ADDRESS_RE.search(value):
        return f"a script address in {place}"
    if node.kind == "attribute" and value.startswith("data:"):
        return f"an embedded file, unchecked, in {node.name} (a data: address)"
    if node.kind == "attribute" and node.name in ("href", "src") and not value.startswith("#"):
        return f"a link out of the image in {node.name}"
    if node.element in ANIMATIONS and node.name == "attributename" and value.endswith("href"):
        return "an animation that changes a link"
    if (node.kind == "attribute" or node.element == "style") and CSS_OUTSIDE_RE.search(value):
        return f"a style that loads from elsewhere in {place}"
    return ""
