"""Word to Markdown for a review's report, refusing drafts that still carry their history.

A reviewer's .docx with tracked changes or comments still holds what was deleted and what
people said about it; converting it would hide that from the editor while keeping it in the
source history. Such a file is refused with a finding per change and comment.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.docx import read_word, structure_matches
from generator.models import Finding

UNNEEDED_ESCAPE_RE = re.compile(r"(?<!^)(?<!^\d)(?<!^\d\d)\\([.()!\-])", re.MULTILINE)
"""mammoth escapes every full stop and bracket; only one after a line's leading number (which
would start a list) or at the start of a line is needed."""


@dataclass
class Imported:
    markdown: str
    images: int = 0
    messages: list[str] = field(default_factory=list)


def refusals(data: bytes, display: str) -> list[Finding]:
    """Tracked changes and comments that make a Word file unfit to import."""
    word = read_word(data)
    return [m.to_finding() for m in structure_matches(word, display)
            if m.rule_id in ("DOCX-TRACKED-CHANGE", "DOCX-COMMENT")]


def convert(data: bytes) -> Imported:
    """The document as Markdown (mammoth); images are left out and counted."""
    import mammoth

    images = 0

    def drop_image(image: object) -> dict[str, str]:
        nonlocal images
        images += 1
        return {"src": ""}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = mammoth.convert_to_markdown(
            io.BytesIO(data), convert_image=mammoth.images.img_element(drop_image))
    markdown = re.sub(r"!\[[^\]]*\]\(\)\s*", "", result.value)
    markdown = UNNEEDED_ESCAPE_RE.sub(r"\1", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Imported(markdown, images, [str(m.message) for m in result.messages])


def write_report(folder: Path, imported: Imported) -> Path:
    path = folder / "report.md"
    path.write_text(imported.markdown, encoding="utf-8")
    return path
