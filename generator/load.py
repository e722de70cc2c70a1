"""Stage 1: read the site's sources into models, keeping the position of every field.

Nothing here is lenient. A YAML error, a duplicate key, bad UTF-8 or an unknown field is a
finding, never a silently skipped file: MkDocs' own front-matter reader swallows errors and
builds the page with no metadata, which for embargo metadata would publish what must not be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from generator.models import (
    SLUG_RE,
    Briefing,
    BriefingMeta,
    Finding,
    LedgerEntry,
    LedgerEvent,
    Position,
    PositionMap,
    ResponseMeta,
    Review,
    ReviewMeta,
    Source,
)
from generator.rules import Rule, finding, register

MAX_SOURCE_BYTES = 2_000_000
"""Larger sources are refused: a multi-megabyte report is almost always a pasted binary."""

M = TypeVar("M", bound=BaseModel)

CURRENT_FILE: ContextVar[str] = ContextVar("lif_current_file", default="")
"""The source (or page) the pipeline is working on, named by the command line if lif crashes."""


@dataclass
class SiteSources:
    """Everything loaded from a site's repository, and every problem found while loading."""

    root: Path
    reviews: dict[str, Review] = field(default_factory=dict)
    briefings: dict[str, Briefing] = field(default_factory=dict)
    ledger: list[LedgerEntry] = field(default_factory=list)
    ledger_source: Source | None = None
    findings: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------- files


def relpath(root: Path, path: Path) -> str:
    """The repository-relative POSIX path used in every finding."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(root: Path, path: Path, findings: list[Finding]) -> str | None:
    """Read a UTF-8 source, refusing binaries, huge files and links that leave the repository."""
    rel = relpath(root, path)
    CURRENT_FILE.set(rel)
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        findings.append(finding("FILE-OUTSIDE-REPO", rel, Position(),
                                "points outside the site's repository.",
                                "Copy the file into the repository instead of linking to it."))
        return None
    if not resolved.is_file():
        return None
    size = resolved.stat().st_size
    if size > MAX_SOURCE_BYTES:
        findings.append(finding("FILE-TOO-LARGE", rel, Position(),
                                f"is {size:,} bytes; sources may be at most {MAX_SOURCE_BYTES:,}.",
                                "Check that it is the right file; split very long reports."))
        return None
    data = resolved.read_bytes()
    if b"\x00" in data:
        findings.append(finding("FILE-BINARY", rel, Position(),
                                "contains binary data, not text.",
                                "Save it as plain UTF-8 text (Markdown or YAML)."))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        findings.append(finding("FILE-ENCODING", rel, Position(line, column),
                                "is not valid UTF-8 text.",
                                "Save the file with UTF-8 encoding in your editor."))
        return None
    return text.removeprefix("\ufeff")


# --------------------------------------------------------------------------- YAML with positions


MAX_DEPTH = 40
"""Deepest nesting of lists and mappings a source may have: a review.yml needs five or so. A
limit keeps a hostile file (a list nested 20,000 deep) a finding, not a RecursionError."""

register(
    Rule("YAML-ALIAS", "error", "A YAML file uses an alias (*name); sources may not repeat "
         "blocks by reference."),
    Rule("YAML-TOO-DEEP", "error", f"A YAML file nests lists or mappings more than {MAX_DEPTH} "
         "deep."),
)


class _Refused(yaml.MarkedYAMLError):
    """A YAML construct lif refuses to compose (an alias; nesting past ``MAX_DEPTH``)."""

    def __init__(self, rule_id: str, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.rule_id, self.message, self.hint = rule_id, message, hint


class _Loader(yaml.SafeLoader):
    """SafeLoader used only to compose nodes and construct scalars.

    Nodes are composed by libyaml when PyYAML has it (about ten times faster, with the same
    nodes and marks); a text libyaml refuses is composed again by the pure-Python parser, so
    every YAML-SYNTAX message and position stays the one PyYAML's own parser gives. Texts
    with what the two parsers are known to read differently (tabs, byte-order marks, control
    characters, '?', tags, anchors, directives, document markers, a '#' that does not follow a
    space) always go to the pure-Python parser: a differential fuzz of 200,000 mutated sources
    found no other difference.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._text = stream
        self._depth = 0

    def get_single_node(self) -> yaml.Node | None:
        if _FastComposer is not None and not _LIBYAML_DIFFERS.search(self._text):
            fast = _FastComposer(self._text)
            try:
                composed: yaml.Node | None = fast.get_single_node()
                if composed is None or _depth(composed) <= MAX_DEPTH:
                    return composed  # else composed again below, to say where it is too deep
            except yaml.YAMLError:
                pass
            finally:
                fast.dispose()
        node: yaml.Node | None = super().get_single_node()
        return node

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Refuse an alias where it is used: a few lines of aliases of aliases expand to
        billions of nodes (a "billion laughs"), and no source of lif needs one. Refuse nesting
        past ``MAX_DEPTH`` before Python's own recursion limit is reached."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused("YAML-ALIAS", event.start_mark,
                           f"uses the alias '*{getattr(event, 'anchor', '')}'",
                           "Write the value out in full instead of '&name' and '*name'.")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _Refused("YAML-TOO-DEEP", event.start_mark,
                               f"nests lists or mappings more than {MAX_DEPTH} deep",
                               "Flatten the structure; no lif source nests this deep.")
            node: yaml.Node = super().compose_node(parent, index)  # type: ignore[assignment]
            return node
        finally:
            self._depth -= 1


def _depth(root: yaml.Node) -> int:
    """How deep lists and mappings nest under ``root`` (walked without recursion)."""
    deepest, todo = 0, [(root, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(node, yaml.SequenceNode):
            todo += [(item, depth + 1) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            todo += [(part, depth + 1) for pair in node.value for part in pair]
    return deepest


_FastComposer: Any = getattr(yaml, "CSafeLoader", None)
_LIBYAML_DIFFERS = re.compile(
    r"[\t\ufeff?!%&*`@\x85\r\x0b\x0c\u2028\u2029\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    r"\ufffe\uffff]|^[ ]*(?:---|\.\.\.)|(?<=[^ \n])#", re.MULTILINE)


def compose_yaml(text: str) -> yaml.Node | None:
    """``text``'s YAML nodes as lif's loader composes them (libyaml where it reads the same,
    aliases and deep nesting refused), so a check reads the values the build loads, at their
    marks. Raises ``yaml.YAMLError`` where the loader would report a finding."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _mark(node: yaml.Node, line_offset: int) -> Position:
    return Position(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def parse_yaml(
    text: str, path: str, findings: list[Finding], line_offset: int = 0
) -> tuple[Any, PositionMap] | None:
    """Parse YAML into plain values plus the position of every key and list item.

    Duplicate keys are errors: PyYAML keeps the last value silently, so a second ``date:``
    would quietly change a publication date.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {(): Position(1 + line_offset, 1)}
        positions: PositionMap = {(): _mark(node, line_offset)}
        before = len(findings)
        value = _construct(loader, node, (), positions, path, findings, line_offset)
        if len(findings) > before:
            return None
        return value, positions
    except _Refused as exc:
        mark = exc.problem_mark
        where = Position(mark.line + 1 + line_offset, mark.column + 1) if mark else Position()
        findings.append(finding(exc.rule_id, path, where, f"{exc.message}.", exc.hint))
        return None
    except yaml.MarkedYAMLError as exc:
        findings.append(yaml_syntax_finding(exc, path, line_offset))
        return None
    except yaml.YAMLError as exc:
        findings.append(finding("YAML-SYNTAX", path, Position(1 + line_offset, 1),
                                f"cannot be read as YAML: {exc}.",
                                "Check the file's syntax."))
        return None
    finally:
        loader.dispose()


def yaml_syntax_finding(exc: yaml.MarkedYAMLError, path: str, line_offset: int = 0) -> Finding:
    """A YAML-SYNTAX finding at the error's position, in words an author can act on."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if exc.context_mark is not None and (
            "quoted scalar" in context or problem.startswith("expected ',' or ")):
        mark = exc.context_mark  # where the quote or bracket was opened, not the end of file
    where = Position(mark.line + 1 + line_offset, mark.column + 1) if mark else Position()
    hint = "Check the indentation, colons and quotes on this line."
    if "\t" in problem or "'\\t'" in problem:
        problem = "a tab character is used where YAML needs spaces"
        hint = "Replace the tab with spaces: YAML does not allow tabs for indentation."
    elif problem.startswith("mapping values are not allowed"):
        problem = "a colon appears where YAML does not expect one"
        hint = ("Put the value in quotes if it contains ': ' (title: \"Child T: a review\"), "
                "or check the indentation.")
    elif "quoted scalar" in context:
        problem = "a quotation mark is opened but never closed"
        hint = "Close the quotes on this value."
    elif problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        bracket = "[ ]" if "]" in problem else "{ }"
        problem = f"the {bracket} opened here is not closed properly"
        hint = f"Check the brackets {bracket} and the commas between items."
    return finding("YAML-SYNTAX", path, where, f"cannot be read as YAML: {problem}.", hint)


def _construct(
    loader: _Loader, node: yaml.Node, key: tuple[str | int, ...], positions: PositionMap,
    path: str, findings: list[Finding], line_offset: int,
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            k = loader.construct_object(key_node, deep=True)
            if not isinstance(k, str | int) or isinstance(k, bool):
                k = str(k)
            if k in result:
                findings.append(finding(
                    "YAML-DUPLICATE-KEY", path, _mark(key_node, line_offset),
                    f"the key '{k}' appears twice in the same block "
                    f"(first at line {positions[(*key, k)].line}).",
                    "Delete one of them so only the intended value counts."))
                continue
            positions[(*key, k)] = _mark(key_node, line_offset)
            result[k] = _construct(loader, value_node, (*key, k), positions, path, findings,
                                   line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            positions[(*key, i)] = _mark(item, line_offset)
            items.append(_construct(loader, item, (*key, i), positions, path, findings,
                                    line_offset))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # An impossible date such as 2026-02-30: keep the text so validation says so.
        return node.value


def split_front_matter(
    text: str, path: str, findings: list[Finding], required: bool
) -> tuple[Any, PositionMap, str, int] | None:
    """Split ``---`` front matter from a Markdown body: (meta, positions, body, body line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        if required:
            findings.append(finding("FRONT-MATTER", path, Position(),
                                    "has no front matter.",
                                    "Start the file with a line '---', the fields, and '---'."))
            return None
        return {}, {(): Position()}, text, 1
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        findings.append(finding("FRONT-MATTER", path, Position(),
                                "front matter is not closed.",
                                "Add a line '---' after the last field."))
        return None
    parsed = parse_yaml("".join(lines[1:end]), path, findings, line_offset=1)
    if parsed is None:
        return None
    meta, positions = parsed
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        findings.append(finding("FRONT-MATTER", path, Position(2, 1),
                                "front matter must be a list of 'field: value' lines.",
                                "Write each field on its own line as 'name: value'."))
        return None
    return meta, positions, "".join(lines[end + 1:]), end + 2


# --------------------------------------------------------------------------- validation

_TYPE_MESSAGES = {
    "string_type": "must be text",
    "list_type": "must be a list (one '- item' per line, or [a, b])",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a block of 'field: value' lines",
    "model_type": "must be a block of 'field: value' lines",
    "date_type": "must be a date written as YYYY-MM-DD",
    "date_parsing": "must be a real date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a real date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date without a time",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must be lower-case words joined by hyphens (child-t)",
    "value_error": "must be a date written as YYYY-MM-DD",
}


def _field_name(loc: tuple[str | int, ...]) -> str:
    name = ""
    for part in loc:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def validate(model: type[M], data: Any, source: Source, findings: list[Finding]) -> M | None:
    """Validate metadata against a model, turning each error into a positioned finding."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        findings.append(finding("FIELD-INVALID", source.path, source.position(),
                                "must be a block of 'field: value' lines.",
                                "See the example files in the documentation."))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            name = _field_name(loc)
            kind = err["type"]
            where = source.position(*loc)
            if kind == "extra_forbidden":
                parent = model
                allowed = ", ".join(parent.model_fields) if len(loc) == 1 else ""
                findings.append(finding(
                    "FIELD-UNKNOWN", source.path, where, f"unknown field '{name}'.",
                    "Check the spelling" + (f"; known fields: {allowed}." if allowed else ".")))
            elif kind == "missing":
                findings.append(finding("FIELD-MISSING", source.path, where,
                                        f"required field '{name}' is missing.",
                                        "Add it; see the example files for its form."))
            elif kind == "literal_error":
                expected = err.get("ctx", {}).get("expected", "")
                findings.append(finding("FIELD-INVALID", source.path, where,
                                        f"'{name}' must be one of: {expected}.",
                                        "Use one of these values exactly."))
            else:
                text = _TYPE_MESSAGES.get(kind, err["msg"].rstrip(".").lower())
                findings.append(finding("FIELD-INVALID", source.path, where,
                                        f"'{name}' {text}.", "Correct the value."))
        return None


# --------------------------------------------------------------------------- the site


def load_yaml_source(
    root: Path, path: Path, findings: list[Finding]
) -> tuple[Any, Source] | None:
    """Read and parse a whole-YAML file (review.yml, ledger.yml)."""
    rel = relpath(root, path)
    text = read_text(root, path, findings)
    if text is None:
        return None
    if not text.strip():
        findings.append(finding("FILE-EMPTY", rel, Position(), "is empty.",
                                "Fill it in from the example, or delete it."))
        return None
    parsed = parse_yaml(text, rel, findings)
    if parsed is None:
        return None
    data, positions = parsed
    return data, Source(rel, text, "", 1, positions)


def load_markdown(
    root: Path, path: Path, findings: list[Finding], front_matter_required: bool
) -> tuple[dict[str, Any], Source] | None:
    """Read a Markdown file with optional front matter."""
    rel = relpath(root, path)
    text = read_text(root, path, findings)
    if text is None:
        return None
    if not text.strip():
        findings.append(finding("FILE-EMPTY", rel, Position(), "is empty.",
                                "Write the text, or delete the file."))
        return None
    split = split_front_matter(text, rel, findings, front_matter_required)
    if split is None:
        return None
    meta, positions, body, body_line = split
    return meta, Source(rel, text, body, body_line, positions)


REVIEW_FILES = ("review.yml", "report.md", "response.md")
REVIEW_EXTRAS = ("protected.hmac", "files")


def load_review(root: Path, folder: Path, findings: list[Finding]) -> Review | None:
    """Load one review folder; every problem becomes a finding."""
    slug = folder.name
    meta_path = folder / "review.yml"
    rel_folder = relpath(root, folder)
    if not meta_path.exists():
        findings.append(finding("FILE-MISSING", f"{rel_folder}/review.yml", Position(),
                                "every review folder needs a review.yml.",
                                "Create it with 'lif new review SLUG', or remove the folder."))
        return None
    loaded = load_yaml_source(root, meta_path, findings)
    if loaded is None:
        return None
    data, meta_source = loaded
    meta = validate(ReviewMeta, data, meta_source, findings)
    report = response = None
    response_meta: ResponseMeta | None = None
    report_path = folder / "report.md"
    if report_path.exists():
        loaded_md = load_markdown(root, report_path, findings, front_matter_required=False)
        if loaded_md:
            report = loaded_md[1]
    elif meta is not None and not meta.draft:
        findings.append(finding("FILE-MISSING", f"{rel_folder}/report.md", Position(),
                                "the review has no report.md.",
                                "Add the final report as Markdown (lif import can convert Word)."))
    response_path = folder / "response.md"
    if response_path.exists():
        loaded_md = load_markdown(root, response_path, findings, front_matter_required=False)
        if loaded_md:
            response = loaded_md[1]
            response_meta = validate(ResponseMeta, loaded_md[0], response, findings)
    elif meta is not None and not meta.draft:
        findings.append(finding("FILE-MISSING", f"{rel_folder}/response.md", Position(),
                                "the review has no response.md.",
                                "Add the partnership's response with its actions."))
    for extra in sorted(folder.iterdir()):
        if extra.name not in REVIEW_FILES + REVIEW_EXTRAS and not extra.name.startswith("."):
            findings.append(finding(
                "FILE-UNEXPECTED", relpath(root, extra), Position(),
                "is not a file lif uses in a review folder.",
                "Move attachments into the review's files/ folder, or delete it."))
    attachments = []
    files_dir = folder / "files"
    if files_dir.is_dir():
        for attachment in sorted(files_dir.rglob("*")):
            if attachment.is_symlink() or attachment.is_file():
                if not attachment.resolve().is_relative_to(root.resolve()):
                    findings.append(finding("FILE-OUTSIDE-REPO", relpath(root, attachment),
                                            Position(), "points outside the site's repository.",
                                            "Copy the file into the repository instead."))
                    continue
                attachments.append(attachment)
    if meta is None:
        return None
    return Review(slug, folder, meta, meta_source, report, response, response_meta, attachments)


def load_briefing(root: Path, path: Path, findings: list[Finding]) -> Briefing | None:
    loaded = load_markdown(root, path, findings, front_matter_required=True)
    if loaded is None:
        return None
    data, source = loaded
    meta = validate(BriefingMeta, data, source, findings)
    if meta is None:
        return None
    return Briefing(path.stem, meta, source)


def load_ledger(
    root: Path, path: Path, findings: list[Finding]
) -> tuple[list[LedgerEntry], Source | None]:
    """Read the ledger: a YAML list of events, oldest first. A missing ledger is an empty one."""
    if not path.exists():
        return [], None
    rel = relpath(root, path)
    text = read_text(root, path, findings)
    if text is None:
        return [], None
    parsed = parse_yaml(text, rel, findings)
    if parsed is None:
        return [], None
    data, positions = parsed
    source = Source(rel, text, "", 1, positions)
    if data is None:
        return [], source
    if not isinstance(data, list):
        findings.append(finding("FIELD-INVALID", rel, Position(),
                                "the ledger must be a list of events ('- event: ...').",
                                "Restore ledger.yml from git: it is written only by lif commands."))
        return [], source
    entries = []
    for i, raw in enumerate(data):
        event = validate(LedgerEvent, raw, _Sub(source, i), findings)
        if event is not None:
            entries.append(LedgerEntry(event, source.position(i).line, raw))
    return entries, source


class _Sub(Source):
    """A view of a source whose positions are looked up under a prefix (a ledger entry)."""

    def __init__(self, parent: Source, *prefix: str | int) -> None:
        super().__init__(parent.path, parent.text, parent.body, parent.body_line, parent.positions)
        self.prefix = prefix

    def position(self, *key: str | int) -> Position:
        return super().position(*self.prefix, *key)


def _sorted_dirs(path: Path) -> Iterable[Path]:
    return sorted(p for p in path.iterdir() if not p.name.startswith(".")) if path.is_dir() else []


def load_site(root: Path, reviews_dir: str, briefings_dir: str, ledger_file: str) -> SiteSources:
    """Load every review, briefing and the ledger, collecting all findings (never stopping)."""
    site = SiteSources(root)
    findings = site.findings
    for folder in _sorted_dirs(root / reviews_dir):
        rel = relpath(root, folder)
        if not folder.is_dir():
            findings.append(finding("FILE-UNEXPECTED", rel, Position(),
                                    f"only review folders belong in {reviews_dir}/.",
                                    "Move the file into a review folder, or delete it."))
            continue
        if not SLUG_RE.match(folder.name):
            findings.append(finding("SLUG-INVALID", rel, Position(),
                                    f"'{folder.name}' is not a valid review slug.",
                                    "Rename the folder to lower-case words joined by hyphens."))
            continue
        review = load_review(root, folder, findings)
        if review is not None:
            site.reviews[review.slug] = review
    for path in _sorted_dirs(root / briefings_dir):
        rel = relpath(root, path)
        if path.suffix != ".md" or path.is_dir():
            findings.append(finding("FILE-UNEXPECTED", rel, Position(),
                                    "only Markdown briefings (.md) belong here.",
                                    "Move or delete it."))
            continue
        if not SLUG_RE.match(path.stem):
            findings.append(finding("SLUG-INVALID", rel, Position(),
                                    f"'{path.stem}' is not a valid briefing slug.",
                                    "Rename the file to lower-case words joined by hyphens."))
            continue
        briefing = load_briefing(root, path, findings)
        if briefing is not None:
            site.briefings[briefing.slug] = briefing
    site.ledger, site.ledger_source = load_ledger(root, root / ledger_file, findings)
    CURRENT_FILE.set("")
    return site
