"""The reader's text: what a person reads, as one plain string, with a map back to the input.

Detectors must see what a reader sees, not the bytes an author typed: a zero-width space inside
a phone number, a full-width digit, a Cyrillic 'а' in a surname or a soft hyphen in a postcode
are invisible on the page and would each hide an identifier from a regular expression. So every
text goes through :func:`normalise` before any detector runs:

- HTML entities still in the text are decoded (``&#48;7700`` reads as ``07700``);
- NFKD compatibility forms are folded (full-width letters and digits, ligatures) and combining
  marks dropped, so accents are folded (``Siobhán`` and ``Zoe`` + U+0308 read ``Siobhan``,
  ``Zoe``);
- default-ignorable and invisible characters are removed (zero-width characters, soft hyphen,
  bidi controls, variation selectors, U+2060-206F, tag characters, other format controls);
- every space character (NBSP, thin space, ideographic space) becomes a plain space, and the
  hyphen look-alikes (U+2010-2012, U+2212) a hyphen-minus;
- Cyrillic and Greek letters that look like Latin ones are mapped to the Latin letter (a
  skeleton): a reader cannot tell ``Аshworth`` from ``Ashworth``.

The result keeps a compact map (segments) back to the input, so a finding in the normalised
text is reported at the input's own line and column, and shows the input's own characters.
An ASCII text without ``&`` is returned as it is, with no map: most text takes that path.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

CONFUSABLES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "к": "k", "м": "m",
    "н": "h", "т": "t", "ь": "b", "г": "r", "п": "n", "ё": "e", "ї": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "Ь": "b", "З": "3",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a", "ν": "v", "ρ": "p",
    "ι": "i", "κ": "k", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # Latin look-alikes that NFKD leaves alone
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ʟ": "L",
})
"""Look-alikes mapped to the Latin letter a reader takes them for (a subset of Unicode's
confusables: the letters of the Latin alphabet that Cyrillic and Greek reproduce)."""

INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u180b\u180c\u180d\u180e\u17b4"
                              "\u17b5")
"""Default-ignorable code points that are not format controls or combining marks."""
HYPHENS = frozenset("\u2010\u2011\u2012\u2212\ufe63\uff0d")
KEEP_CONTROLS = frozenset("\n\t\r")
SPECIAL_RE = re.compile(
    r"[^\x00-\x7f]+|&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_CHAR_CACHE: dict[str, str] = {}


def reader_char(char: str) -> str:
    """What one character reads as: '' (invisible), ' ', or its folded, skeleton form."""
    cached = _CHAR_CACHE.get(char)
    if cached is not None:
        return cached
    category = unicodedata.category(char)
    if char in KEEP_CONTROLS:
        result = char
    elif char in INVISIBLE_LETTERS or category in ("Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn") \
            or 0xE0000 <= ord(char) <= 0xE0FFF:
        result = ""
    elif category in ("Zs", "Zl", "Zp"):
        result = " "
    elif char in HYPHENS:
        result = "-"
    else:
        decomposed = unicodedata.normalize("NFKD", char)
        result = "".join(c for c in decomposed
                         if unicodedata.category(c) not in ("Mn", "Me")).translate(CONFUSABLES)
        if any(unicodedata.category(c) in ("Zs", "Cf") for c in result):
            result = "".join(reader_char(c) if c != char else c for c in result)
    if len(_CHAR_CACHE) < 100_000:
        _CHAR_CACHE[char] = result
    return result


@dataclass(frozen=True)
class Normalised:
    """A normalised text and its map back to the input it came from.

    ``segments`` is None when the text is the input unchanged; otherwise a sorted list of
    ``(start, source_start, source_end, same)``: from ``start`` in ``text``, either the input
    copied from ``source_start`` (``same``) or the reading of the input between
    ``source_start`` and ``source_end`` (one character or one entity).
    """

    text: str
    source: str
    segments: tuple[tuple[int, int, int, bool], ...] | None = None

    def _segment(self, index: int) -> tuple[int, int, int, bool]:
        assert self.segments is not None
        position = bisect.bisect_right(_Starts(self.segments), index) - 1
        return self.segments[max(position, 0)]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The input's span for the normalised text's span ``[start, end)``."""
        if self.segments is None:
            return start, end
        first = self._segment(start)
        source_start = first[1] + (start - first[0]) if first[3] else first[1]
        if end <= start:
            return source_start, source_start
        last = self._segment(end - 1)
        source_end = last[1] + (end - last[0]) if last[3] else last[2]
        return source_start, max(source_end, source_start)


class _Starts:
    """The starts of segments as a sequence, for bisect without copying them."""

    def __init__(self, segments: tuple[tuple[int, int, int, bool], ...]) -> None:
        self.segments = segments

    def __len__(self) -> int:
        return len(self.segments)

    def __getitem__(self, index: int) -> int:
        return self.segments[index][0]


def _decoded(special: str) -> str:
    if special.startswith("&"):
        decoded = html.unescape(special)
        if decoded == special:
            return special
        return "".join(reader_char(c) for c in decoded)
    return "".join(reader_char(c) for c in special)


def normalise(text: str) -> Normalised:
    """The reader's text of ``text``, with a map back to it (see the module's docstring)."""
    if text.isascii() and "&" not in text:
        return Normalised(text, text)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    out = 0
    copied = 0
    for match in SPECIAL_RE.finditer(text):
        start, end = match.span()
        if start > copied:
            pieces.append(text[copied:start])
            segments.append((out, copied, start, True))
            out += start - copied
        special = match.group()
        if special.startswith("&"):
            reading = _decoded(special)
            if reading == special:
                segments.append((out, start, end, True))
            else:
                segments.append((out, start, end, False))
            pieces.append(reading)
            out += len(reading)
        else:
            for offset, char in enumerate(special):
                reading = reader_char(char)
                if reading == char:
                    if segments and segments[-1][3] and segments[-1][2] == start + offset:
                        first = segments[-1]
                        segments[-1] = (first[0], first[1], start + offset + 1, True)
                    else:
                        segments.append((out, start + offset, start + offset + 1, True))
                elif reading:
                    segments.append((out, start + offset, start + offset + 1, False))
                pieces.append(reading)
                out += len(reading)
        copied = end
    if copied < len(text):
        pieces.append(text[copied:])
        segments.append((out, copied, len(text), True))
    if not segments:
        segments.append((0, 0, len(text), False))
    return Normalised("".join(pieces), text, tuple(segments))


def fold(text: str) -> str:
    """The normalised, case-folded text alone (protected terms are stored and matched so)."""
    return normalise(text).text.casefold()
