"""An image's file read by allow-list: every chunk or segment is one lif reads, and nothing
follows the image's end.

A picture file is a list of chunks (PNG, WebP) or segments (JPEG) and blocks (GIF). Viewers show
the pixels and skip what they do not know, so a chunk of an unknown kind, or bytes appended
after the image's end (after PNG's IEND, JPEG's end-of-image marker, GIF's trailer), travels
with the published file unseen: a whole document can be appended to a photo. lif reads the
chunks on its lists (the metadata ones are read by ``attachments`` and scanned) and refuses
anything else, so a trick nobody has thought of yet fails closed.

The colour profile (ICC) is read too: its description, copyright and device names are text a
colour-managed viewer shows, so they are returned to be scanned like other metadata.
"""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
              b"sRGB", b"cICP", b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"eXIf",
              b"tIME", b"acTL", b"fcTL", b"fdAT", b"tEXt", b"zTXt", b"iTXt", b"iDOT"}
"""PNG chunks lif reads or that hold no text (iDOT: macOS screenshots' decoding offsets)."""
JPEG_STANDALONE = {0xD8, 0x01, *range(0xD0, 0xD8)}
JPEG_READ_APP = {0xE0: (b"JFIF\0", b"JFXX\0"),
                 0xE1: (b"Exif\0", b"http://ns.adobe.com/xap/1.0/\0"),
                 0xE2: (b"ICC_PROFILE\0", b"MPF\0"), 0xED: (b"Photoshop 3.0\0",),
                 0xEE: (b"Adobe",)}
"""JPEG application segments lif reads, by their identifier (EXIF, XMP, colour profile,
IPTC, Adobe colour transform); any other application segment is refused."""
JPEG_SEGMENT_NAMES = {0xE1: "an extended XMP or unknown APP1 segment"}
GIF_APPLICATIONS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}
"""GIF application extensions that only say how often to loop."""
WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP", b"EXIF", b"XMP "}
ICC_TEXT_TYPES = {b"desc", b"text", b"mluc"}


def unread_parts(data: bytes, image_format: str) -> list[str]:
    """What in the file lif does not read (empty when it reads all of it), described."""
    try:
        if image_format == "PNG":
            return _png(data)
        if image_format in ("JPEG", "MPO"):
            return _jpeg(data)
        if image_format == "GIF":
            return _gif(data)
        if image_format == "WEBP":
            return _webp(data)
        if image_format == "BMP":
            return _after_end(data, struct.unpack("<I", data[2:6])[0], "BMP file size")
        if image_format == "TIFF":
            return _tiff(data)
    except (IndexError, struct.error, ValueError):
        return ["a damaged structure lif cannot follow to the image's end"]
    return []


def _after_end(data: bytes, end: int, marker: str) -> list[str]:
    rest = data[end:]
    if rest.strip(b"\0"):
        return [f"{len(rest)} bytes after the image's end ({marker})"]
    return []


def _png(data: bytes) -> list[str]:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    found: list[str] = []
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        position += 12 + length
        if kind not in PNG_CHUNKS:
            found.append(f"a '{kind.decode('latin-1')}' chunk")
        if kind == b"IEND":
            return found + _after_end(data, position, "IEND")
    raise ValueError("no IEND")


def _jpeg(data: bytes) -> list[str]:
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    found: list[str] = []
    position = 2
    while True:
        if data[position] != 0xFF:
            raise ValueError("not a marker")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return found + _after_end(data, position + 2, "JPEG end of image")
        if marker in JPEG_STANDALONE:
            position += 2
            continue
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        body = data[position + 4:position + 2 + length]
        # a comment (COM) is read as metadata; application segments must be on the list
        if 0xE0 <= marker <= 0xEF and not body.startswith(JPEG_READ_APP.get(marker, ())):
            found.append(JPEG_SEGMENT_NAMES.get(marker, f"an APP{marker - 0xE0} segment"))
        position += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not a restart
            while not (data[position] == 0xFF and data[position + 1] not in
                       (0x00, *range(0xD0, 0xD8))):
                position += 1


def _sub_blocks(data: bytes, position: int) -> tuple[bytes, int]:
    body = b""
    while data[position]:
        body += data[position + 1:position + 1 + data[position]]
        position += 1 + data[position]
    return body, position + 1


def _gif(data: bytes) -> list[str]:
    if not data.startswith((b"GIF87a", b"GIF89a")):
        raise ValueError("not a GIF")
    found: list[str] = []
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while True:
        block = data[position]
        if block == 0x3B:
            return found + _after_end(data, position + 1, "GIF trailer")
        if block == 0x21:
            label = data[position + 1]
            body, position = _sub_blocks(data, position + 2)
            if label == 0xFF and body[:11] not in GIF_APPLICATIONS:
                found.append(f"a GIF application block ('{body[:11].decode('latin-1')}')")
            elif label not in (0xF9, 0xFE, 0x01, 0xFF):  # control, comment (read), plain text
                found.append(f"an unknown GIF extension ({label:#04x})")
            if label == 0x01:
                found.append("GIF plain text (text drawn by the viewer)")
        elif block == 0x2C:
            flags = data[position + 9]
            position += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            _, position = _sub_blocks(data, position + 1)
        else:
            raise ValueError("unknown GIF block")


def _webp(data: bytes) -> list[str]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    end = 8 + struct.unpack("<I", data[4:8])[0]
    found: list[str] = []
    position = 12
    while position + 8 <= end:
        kind, length = struct.unpack("<4sI", data[position:position + 8])
        if kind not in WEBP_CHUNKS:
            found.append(f"a '{kind.decode('latin-1')}' chunk")
        position += 8 + length + (length & 1)
    return found + _after_end(data, end, "WebP RIFF end")


TIFF_TAGS = {*range(254, 260), 262, 263, 264, 265, 266, 269, 270, 271, 272, *range(273, 300),
             305, 306, 315, 316, 317, 318, 319, 320, 321, 322, 323, 324, 325, 332, 338, 339,
             340, 341, 347, 530, 531, 532, 700, 33432, 33723, 34377, 34665, 34675, 34853}
"""TIFF tags lif reads (baseline layout and colour tags, and the metadata ones it reads as
such: description, author, copyright, XMP, IPTC, EXIF, GPS, colour profile); others (a
Photoshop layer stack, a private maker's block) are refused."""


def _tiff(data: bytes) -> list[str]:
    """Every tag of every page of a TIFF (its pages are directories of tags)."""
    import io

    from PIL import Image, ImageSequence

    unknown: set[int] = set()
    with Image.open(io.BytesIO(data)) as image:
        for number, frame in enumerate(ImageSequence.Iterator(image)):
            if number == 1000:
                return ["more than 1000 pages"]
            unknown |= set(frame.tag_v2) - TIFF_TAGS  # type: ignore[attr-defined]
    return [f"TIFF tag {tag}" for tag in sorted(unknown)]


def icc_texts(profile: bytes) -> list[str]:
    """The text of a colour profile's text tags (description, copyright, device maker and
    model): what a colour-managed viewer shows of it."""
    texts: list[str] = []
    if len(profile) < 132:
        return texts
    count = struct.unpack(">I", profile[128:132])[0]
    for index in range(min(count, 1000)):
        entry = profile[132 + 12 * index:144 + 12 * index]
        if len(entry) < 12:
            break
        _signature, offset, size = struct.unpack(">4sII", entry)
        tag = profile[offset:offset + size]
        kind = tag[:4]
        if kind == b"text":
            texts.append(tag[8:].decode("latin-1").rstrip("\0"))
        elif kind == b"desc" and len(tag) >= 12:
            length = struct.unpack(">I", tag[8:12])[0]
            texts.append(tag[12:12 + length].decode("latin-1").rstrip("\0"))
        elif kind == b"mluc" and len(tag) >= 16:
            records, record_size = struct.unpack(">II", tag[8:16])
            for record in range(min(records, 100)):
                at = 16 + record * record_size
                if at + 12 > len(tag):
                    break
                length, start = struct.unpack(">II", tag[at + 4:at + 12])
                texts.append(tag[start:start + length].decode("utf-16-be", errors="replace"))
    return [t for t in texts if t.strip()]


PAGE_RATIOS = (2 ** 0.5, 11 / 8.5)
"""Long side over short side of A-series paper and of US Letter."""
PAGE_MIN_SIDE = 600
"""Pixels on the short side from which a page's words are legible (about 70 dpi on A4)."""
PAGE_PIXELS = 60_000_000
PAPER_WHITE, PAPER_SHARE, GREY = 200, 0.7, 24


def looks_like_a_page(image: object) -> bool:
    """Is this picture a scanned or photographed page of a document: page-shaped, big enough
    to read, mostly white and without colour? Its words are pixels lif cannot check (and a
    screen reader cannot read). A photograph, a chart or a screenshot is none of these at once.
    A page-shaped picture too large to decode within bounds counts as a page (fail closed)."""
    from PIL import Image, ImageStat

    assert isinstance(image, Image.Image)
    width, height = image.size
    short, long = sorted((width, height))
    if short < PAGE_MIN_SIDE or not any(abs(long / short - r) <= 0.04 for r in PAGE_RATIOS):
        return False
    if width * height > PAGE_PIXELS:
        return True
    image.draft("RGB", (width // 8, height // 8))  # JPEG: decode at an eighth of the size
    small = image.convert("RGB")
    small.thumbnail((256, 256))
    saturation = ImageStat.Stat(small.convert("HSV").split()[1]).mean[0]
    histogram = small.convert("L").histogram()
    white = sum(histogram[PAPER_WHITE:]) / max(sum(histogram), 1)
    return saturation <= GREY and white >= PAPER_SHARE
