"""Files to text chunks: Markdown, HTML, plain text, PDF and Word, for the redaction detectors.

Markdown is scanned as written, so HTML comments, link targets, image paths and alt text are
all covered (they all reach the browser); link targets are also scanned percent-decoded, since
``kyle%20smith.pdf`` is the same leak. HTML is parsed so that scripts, styles and inline SVG
(path data full of digits) are skipped while comments and attribute values are kept.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from generator.checks import html_text, markdown_text, written_text
from generator.checks.reader_text import (
    Run,
    has_digit_break,
    merged,
    scan_runs,
    soft_breaks,
)
from generator.redaction.protected import Protected
from generator.redaction.scanner import Chunk, Match, scan_chunks, scanner_for
from generator.rules import Rule, register, rule_of

register(
    Rule("FILE-UNREADABLE", "error",
         "An attachment or scanned file could not be read, so it could not be checked."),
)

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".csv", ".yml", ".yaml", ".json", ".xml", ".atom",
                 ".svg"}
HTML_SUFFIXES = {".html", ".htm"}
from generator.filetypes import IMAGE_SUFFIXES  # noqa: E402  (moved: shared with attachments)

SCANNABLE = (TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".docx"}
             | written_text.PAGEFIND_SUFFIXES | {".gz"})
LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:href|src)\s*=\s*[\"']([^\"']+)")


def markdown_chunks(text: str, line: int = 1) -> list[Chunk]:
    """The whole Markdown source, plus each percent-encoded link target decoded."""
    chunks = [Chunk(text, line)]
    if "%" not in text:  # no target decodes differently (the usual text: one fast search)
        return chunks
    for match in LINK_TARGET_RE.finditer(text):
        target = match.group(1) or match.group(2)
        decoded = urllib.parse.unquote(target)
        if decoded != target:
            start = match.start(1) if match.group(1) else match.start(2)
            before = text.count("\n", 0, start)
            column = start - text.rfind("\n", 0, start)
            chunks.append(Chunk(decoded, line + before, column, flow=False,
                                where="in a link target"))
    return chunks


def scan_file(path: Path, display: str, protected: Protected | None,
              errors_only: bool = False) -> list[Match]:
    """Every match in one file, chosen by its suffix; an unreadable file is itself a finding.

    With ``errors_only`` the caller keeps only error-level matches, so a document remembered as
    having none need not be parsed again."""
    suffix = path.suffix.lower()
    named = name_matches(path, display, protected)
    if suffix not in SCANNABLE:
        try:  # a docs-folder file of another kind is published as it is: read if it is text
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return named  # not text: refused by the attachment checks (ATTACHMENT-TYPE)
        return named + scan_text(".txt", text, display, protected)
    try:
        if suffix in (".pdf", ".docx"):
            return named + scan_document(path.read_bytes(), suffix, display, protected,
                                         errors_only)
        if suffix in IMAGE_SUFFIXES:
            return named + image_matches(path, display, protected)
        if suffix in written_text.PAGEFIND_SUFFIXES or suffix == ".gz":
            return named + scan_chunks(
                [Chunk(written_text.text_of(suffix, path.read_bytes()), 1, 1, False,
                       "in the search index" if suffix != ".gz" else "decompressed")],
                display, protected)
        text = path.read_text(encoding="utf-8", errors="replace")
    except Exception as exc:  # a damaged attachment must not stop the other checks
        return [*named, unreadable(display, exc)]
    return named + scan_text(suffix, text, display, protected, errors_only)


RunKey = bytes


def run_key(text: str) -> RunKey:
    """A run of text as its sets of runs keep it: a 128-bit digest of its stripped text, so a
    site's every paragraph is held in a few bytes (the set holds tens of megabytes of text on a
    large site otherwise), with no chance worth counting that another text shares it."""
    return hashlib.blake2b(text.strip().encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


_CHECKED: list[frozenset[RunKey]] = []
"""Runs of text that this build's sources hold verbatim and that were checked there (see
``checked_sources``); a list so that forked workers inherit it rather than be sent it."""


@contextmanager
def checked_sources(runs: frozenset[RunKey]) -> Iterator[None]:
    """While scanning the written site, skip a page's text run that equals one of ``runs``
    (by ``run_key``).

    ``runs`` are paragraphs and lines copied verbatim from the sources the checks before the
    build scanned with the same detectors and protected terms (``public_text.checked_runs``),
    and a build only gets this far when every error in them was allowed, an allowance that the
    scan of the written site applies everywhere. Every lookbehind and lookahead of the detectors
    treats the start or end of a text like the space or line break around the run in its source,
    so scanning the copy again finds the same matches, and a report's paragraphs are most of a
    site's words. Their severity was decided in the source's context (a service named on the line
    before a landline makes it a warning there), which the page shows too but a paragraph read
    alone would not. Everything else on a page (templates, listings, anything a Markdown
    extension or another plugin changed, and every attribute) is still scanned.
    """
    _CHECKED[:] = [runs]
    try:
        yield
    finally:
        _CHECKED.clear()


@contextmanager
def sources_in_full() -> Iterator[None]:
    """While scanning the sources themselves (``checks.run_scans``), skip no run: those scans
    are what checks the runs that the scan of the written site may skip, and a docs-folder
    HTML file holding a copy of one is a source of its own (``lif check`` reads it in full)."""
    kept = list(_CHECKED)
    _CHECKED.clear()
    try:
        yield
    finally:
        _CHECKED[:] = kept


MARKER_RE = re.compile(r"(?:#{1,6}|\d{1,9}[.)]|[-*+>]) (?=\S)")
"""A heading's hashes, a list item's number or bullet, or a quote's '>' and its one space."""
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def verbatim_runs(text: str) -> Iterator[str]:
    """Each paragraph and each line of a Markdown text, stripped, and each again without a
    leading marker: all of them stretches of the text exactly as written, so a page that shows
    one of them shows what the detectors read in the source."""
    for block in BLANK_LINE_RE.split(text):
        for run in (block, *block.split("\n")):
            run = run.strip()
            if run:
                yield run
                marker = MARKER_RE.match(run)
                if marker:
                    yield run[marker.end():]


def unchecked(runs: list[Run]) -> list[Run]:
    """The runs of a written page that are not a run already checked in a source."""
    if not _CHECKED:
        return runs
    checked = _CHECKED[0]
    return [r for r in runs if r.where or run_key(r.text) not in checked]


def scan_html(text: str, display: str, protected: Protected | None,
              reading: list[tuple[str, bool]] | None = None,
              errors_only: bool = False) -> list[Match]:
    """Matches in a page as a browser renders it (``html_text``), at its lines and columns.

    With ``errors_only`` (the scan of the written site, which reports errors alone) the page's
    texts (``html_text.texts``, or ``reading`` when the caller has them) are screened first,
    and a page without an error-level match returns none: the positions, the costly part,
    are worked out only for a page that holds an error, which a build that got this far rarely
    has. The screen reads the same texts with the same scanner, so it finds what the full path
    finds; only warnings, which the caller drops, go unreported."""
    if errors_only and not _needs_full_scan(
            html_text.texts(text) if reading is None else reading, protected):
        return []
    return scan_runs(soft_breaks(unchecked(html_text.runs(text))), text, display, protected)


def _needs_full_scan(reading: list[tuple[str, bool]], protected: Protected | None) -> bool:
    """Whether any text of a page not checked in a source has an error-level match, or a line
    break beside a digit (read as a space where the source wrapped it, ``soft_breaks``, which
    only the full reading, knowing where each character came from, can do exactly)."""
    spans = scanner_for(protected).spans
    checked = _CHECKED[0] if _CHECKED else frozenset()
    for text, flagged in reading:
        if not flagged and checked and run_key(text) in checked:
            continue
        if has_digit_break(text):
            return True
        if any(rule_of(span.rule_id).severity == "error" for span in spans(text)):
            return True
    return False


def scan_markdown(text: str, display: str, protected: Protected | None,
                  line: int = 1) -> list[Match]:
    """Matches in a Markdown text as written (comments, link targets) and as read (inline
    markup joined, references decoded: ``markdown_text``), each at its source line."""
    found = merged(scan_chunks(markdown_chunks(text, line), display, protected),
                   scan_runs(markdown_text.changed_runs(text), text, display, protected, line))
    return found + front_matter_matches(text, display, protected, found, line)


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _squeezed(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def front_matter_matches(text: str, display: str, protected: Protected | None,
                         raw: list[Match], line: int = 1) -> list[Match]:
    """A Markdown file's front matter strings as YAML reads them (escapes such as ``\\u200b``
    or ``\\x37`` decoded, folded lines joined) and as a page shows them (inline markup
    joined), each match at its field; what the reading as written found is not repeated."""
    import yaml

    from generator.load import compose_yaml

    head = FRONT_MATTER_RE.match(text)
    if head is None:
        return []
    try:
        tree = compose_yaml(head.group(1))
    except yaml.YAMLError:
        return []  # the loader reports it
    seen = {(m.rule_id, _squeezed(m.text)) for m in raw}
    found: list[Match] = []
    for node in _string_nodes(tree):
        mark = node.start_mark
        at = (line + mark.line + 1, mark.column + 1 + (node.style in ("'", '"')))
        value = node.value
        read = scan_runs(markdown_text.changed_runs(value), value, display, protected)
        for match in merged(scan_chunks([Chunk(value, 1, 1, False)], display, protected), read):
            key = (match.rule_id, _squeezed(match.text))
            if key not in seen:
                seen.add(key)
                found.append(dataclasses.replace(match, line=at[0], column=at[1]))
    return found


def _string_nodes(node: object) -> Iterator[Any]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":str") and node.value.strip():
            yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _string_nodes(key)
            yield from _string_nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _string_nodes(item)


def scan_text(suffix: str, text: str, display: str, protected: Protected | None,
              errors_only: bool = False) -> list[Match]:
    """Matches in the text of an HTML, Markdown or other text file (not its name;
    ``errors_only``: the caller keeps error-level matches only)."""
    if suffix in HTML_SUFFIXES:
        return scan_html(text, display, protected, errors_only=errors_only)
    if suffix in {".md", ".markdown"}:
        return scan_markdown(text, display, protected)
    if suffix == ".svg":
        found = scan_chunks(svg_chunks(text), display, protected)
        seen = {(m.rule_id, _squeezed(m.text)) for m in found}
        return found + [m for m in scan_chunks(svg_text_runs(text), display, protected)
                        if (m.rule_id, _squeezed(m.text)) not in seen]
    found = scan_chunks([Chunk(text)], display, protected)
    if suffix in READ_AS_MARKUP:
        return found + _only_as_read(found, suffix, text, display, protected)
    return found


READ_AS_MARKUP = frozenset({".json", ".xml", ".atom", ".rss"})
"""Written kinds whose text a reader gets decoded (JSON escapes, entities, escaped HTML)."""


def _only_as_read(found: list[Match], suffix: str, text: str, display: str,
                  protected: Protected | None) -> list[Match]:
    """Matches in a JSON or XML file's text as read (``written_text``) that the text as
    written did not show, reported at the file's start (its feeds and indexes are one line)."""
    seen = {(m.rule_id, " ".join(m.text.split())) for m in found}
    read = written_text.text_of(suffix, text.encode("utf-8", "surrogatepass"))
    return [m for m in scan_chunks([Chunk(read, 1, 1, False)], display, protected)
            if (m.rule_id, " ".join(m.text.split())) not in seen]


def svg_chunks(text: str) -> list[Chunk]:
    """An SVG's text and attribute values as a browser shows them (references decoded); the
    raw file when it cannot be parsed (the attachment checks refuse such a file)."""
    from generator.checks import svg

    try:
        parsed = svg.nodes(text)
    except svg.SvgError:
        return [Chunk(text)]
    where = {"text": "", "comment": "in an SVG comment"}
    return [Chunk(n.value, n.line, n.column, where=where[n.kind]) if n.kind in where else
            Chunk(n.value, n.line, n.column, False, f"in the {n.name} attribute of <{n.element}>")
            for n in parsed if n.kind != "element" and n.value.strip()]


SVG_INLINE = {"tspan", "a", "textpath"}
"""Elements inside one line of SVG text: a reader sees their text run together."""


def svg_text_runs(text: str) -> list[Chunk]:
    """Each run of SVG text split only by inline elements (``07700 <tspan>900</tspan>123``),
    joined as a reader sees it, at its first piece (a file that cannot be parsed: none)."""
    from generator.checks import svg

    try:
        parsed = svg.nodes(text)
    except svg.SvgError:
        return []
    runs: list[Chunk] = []
    group: list[svg.Node] = []

    def close() -> None:
        if len(group) > 1:
            runs.append(Chunk("".join(n.value for n in group), group[0].line, group[0].column,
                              where="in SVG text"))
        group.clear()

    for node in parsed:
        if node.kind == "text":
            group.append(node)
        elif (node.kind == "element" and node.element in SVG_INLINE) or node.kind == "attribute":
            continue
        else:
            close()
    close()
    return runs


def image_matches(path: Path, display: str, protected: Protected | None) -> list[Match]:
    """The text of an image's metadata; an image that cannot be opened is a finding."""
    from generator.checks.attachments import metadata_texts

    try:
        texts = metadata_texts(path)
    except Exception as exc:  # a damaged image must not stop the other checks
        return [unreadable(display, exc)]
    return scan_chunks([Chunk(t, 1, 1, False, "in the image's metadata") for t in texts],
                       display, protected)


def name_matches(path: PurePath, display: str, protected: Protected | None) -> list[Match]:
    """The file's own name: 'kyle-smith-chronology.pdf' leaks before anyone opens it."""
    return scan_chunks([Chunk(path.name, 1, 1, False, "in the file name")], display, protected)


def scan_bytes(data: bytes, name: str, display: str, protected: Protected | None) -> list[Match]:
    """Scan a file held in memory (a PDF's embedded file), by the suffix of its name."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".pdf", ".docx"):
            return scan_document(data, suffix, display, protected)
    except Exception as exc:
        return [unreadable(display, exc)]
    text = data.decode("utf-8", errors="replace")
    if suffix in HTML_SUFFIXES:
        return scan_html(text, display, protected)
    return scan_chunks([Chunk(text)], display, protected)


_DOCUMENTS: dict[tuple[str, str, str], list[Match]] = {}
"""Matches of PDFs and Word files by content: an attachment is scanned before the build and
again, unchanged, in the written site; parsing a long PDF twice would double the cost."""

CLEAN_DIR: list[Path] = []
"""Where documents without errors are remembered between builds (``.lif-cache/scan``), if set.

Parsing PDFs is most of the scan of a written site, and the PDFs lif makes are the same from
one build to the next. Only "no error here" is kept, as an empty file named after a digest of
the document, the protected terms' fingerprint and the scanner's own code and libraries: a
cache that holds no text cannot leak any. Only the scan of the written site, which wants errors
alone, reads it; a document with an error is always parsed again.
"""


def remember_clean_documents(folder: Path | None) -> None:
    """Keep clean scan results of documents in ``folder`` (None: keep nothing on disk)."""
    CLEAN_DIR[:] = [folder] if folder is not None else []


@functools.cache
def _scanner_version() -> str:
    from importlib import metadata

    digest = hashlib.sha256()
    for package in ("pdfplumber", "pdfminer.six", "pypdf", "python-stdnum"):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    for code in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(code.name.encode() + b"\0" + code.read_bytes())
    return digest.hexdigest()


def _clean_marker(key: tuple[str, str, str]) -> Path | None:
    if not CLEAN_DIR:
        return None
    name = hashlib.sha256("\0".join((*key, _scanner_version())).encode()).hexdigest()
    return CLEAN_DIR[0] / name


def scan_document(data: bytes, suffix: str, display: str,
                  protected: Protected | None, errors_only: bool = False) -> list[Match]:
    """Matches in a PDF or Word file (``errors_only``: the caller keeps error-level ones only)."""
    terms = protected.fingerprint() if protected is not None else ""
    key = (hashlib.sha256(data).hexdigest(), suffix, terms)
    marker = _clean_marker(key)
    if errors_only and key not in _DOCUMENTS and marker is not None and marker.exists():
        return []
    if key not in _DOCUMENTS:
        if suffix == ".pdf":
            from generator.checks import pdf

            found = pdf.scan_pdf(data, "", protected)
        else:
            from generator.checks import docx

            found = docx.scan_docx(data, "", protected)
        if len(_DOCUMENTS) > 256:
            _DOCUMENTS.clear()
        _DOCUMENTS[key] = found
    found = _DOCUMENTS[key]
    if (marker is not None and not any(rule_of(m.rule_id).severity == "error" for m in found)
            and not marker.exists()):
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only cache only costs time
    return [dataclasses.replace(m, path=display + m.path) for m in _DOCUMENTS[key]]


def unreadable(display: str, exc: Exception) -> Match:
    return Match("FILE-UNREADABLE", display, 1, 1, "",
                 message=f"could not be read to check it for identifying information "
                         f"({type(exc).__name__}).",
                 hint="Replace it with a valid file, or remove it; nothing unchecked is "
                      "published.")


def display_of(site_dir: Path, path: Path) -> str:
    """How a written file is named in findings: the site folder's name and its path in it."""
    return f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(paths: list[Path], every: bool = False) -> list[Path]:
    """Every scannable file (or, with ``every``, every file) in the given files and folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and (every or p.suffix.lower() in SCANNABLE)
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    return found
