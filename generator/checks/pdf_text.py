"""A PDF lif made must yield all the text it was made from, or it is refused.

The scan of the written site reads a PDF by extracting its text. When the fonts lack a glyph
(an emoji, a full-width letter), WeasyPrint can write text that extraction cannot map back to
characters, and extraction may stop there: "no finding in the PDF" would then mean "most of
the PDF was never read", and the Panel's copy and the published report would go out unchecked.
So every PDF lif renders is compared with the HTML it was rendered from: each word the reader
of that HTML sees must come out of the PDF's extracted text as often as it went in. A shortfall
is PDF-TEXT-INCOMPLETE, an error: the PDF is not written, the build fails.

Words are compared as multisets, not in order: a PDF's reading order can differ from the
HTML's (running headers, table cells, footnotes), and what matters is whether any text is
beyond the extractor's reach. Words the PDF adds (page numbers, list numbers drawn by CSS) are
no shortfall. Both sides are folded the same way (NFKC, case, invisible characters dropped),
so a ligature or a full-width letter that extracts as its plain form counts as found.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from generator.checks import html_text
from generator.checks.reader_text import INVISIBLE_RE
from generator.checks.written_text import Unreadable, pdf_text
from generator.models import Finding, Position
from generator.rules import Rule, finding, register

register(
    Rule("PDF-TEXT-INCOMPLETE", "error",
         "Text extraction from a PDF lif made yields less than the text it was made from, so "
         "the PDF cannot be checked in full (a glyph the fonts lack, such as an emoji)."),
)

WORD_RE = re.compile(r"[^\W_]+")
HIDDEN_BLOCK_RE = re.compile(r"<(head|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def words(text: str) -> list[str]:
    """The words of a text, folded as the comparison folds them."""
    folded = INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return WORD_RE.findall(folded)


def source_words(html: str) -> list[str]:
    """The words a reader of the HTML sees on the page: its body's text, not its head,
    scripts, styles, attributes or comments (none of which a PDF draws as text)."""
    body = HIDDEN_BLOCK_RE.sub(" ", html)
    return [w for run in html_text.runs(body) if not run.where for w in words(run.text)]


def shortfall(html: str, pdf: bytes) -> tuple[int, int, int] | None:
    """(words missing, words in the source, position of the first missing word from 1), or
    None when the PDF's extracted text (as the scans of written files read it) holds every
    word of the source."""
    return _shortfall(source_words(html), words(pdf_text(pdf)))


def _shortfall(wanted: list[str], found: list[str]) -> tuple[int, int, int] | None:
    missing = Counter(wanted) - Counter(found)
    if not missing:
        return None
    remaining = Counter(missing)
    seen: Counter[str] = Counter()
    first = len(wanted)
    available = Counter(wanted) - missing  # how many of each word the PDF does hold
    for index, word in enumerate(wanted, 1):
        seen[word] += 1
        if seen[word] > available[word]:
            first = index
            break
    return sum(remaining.values()), len(wanted), first


def check_pdf(html: str, pdf: bytes, dest: str, source: str) -> list[Finding]:
    """PDF-TEXT-INCOMPLETE at ``source`` when the PDF written to ``dest`` yields less text than
    ``html``, the document it was rendered from (a PDF that cannot be read at all included)."""
    hint = ("Nothing was written. Remove or replace the characters the PDF fonts cannot show "
            "(emoji, full-width or other unusual letters) around that word, and build again.")
    try:
        short = shortfall(html, pdf)
    except Unreadable as exc:
        return [finding("PDF-TEXT-INCOMPLETE", source, Position(),
                        f"{dest}: {exc}, so it cannot be checked.", hint)]
    if short is None:
        return []
    missing, total, first = short
    return [finding(
        "PDF-TEXT-INCOMPLETE", source, Position(),
        f"{dest}: text extraction yields {total - missing} of the {total} words it was made "
        f"from; {missing} cannot be read back, from word {first} on, so the PDF cannot be "
        "checked in full.", hint)]
