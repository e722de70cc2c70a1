"""A site's own theme overrides (``theme.custom_dir``) and scripts: markup and text, never code.

The Content Security Policy (``generator.csp``) allows the inline scripts of lif's and
Material's template files and scripts served by the site itself. A site's overrides are
neither: an inline ``<script>`` there is refused by the policy (so the page breaks quietly),
while an event handler or ``javascript:`` address would be blocked too, and a script *file*
among the overrides, or one added with ``extra_javascript``, is served by the site itself and
so would run on every page. Each is refused at its line, where an author can see why, rather
than published and left to the browser. Templates are read as text (Jinja is not HTML): every
``<script`` tag, every ``on...=`` attribute inside a tag and every address with a code scheme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from generator import csp
from generator.checks.reader_text import Lines
from generator.csp import THEME_DIR
from generator.models import Finding, Position
from generator.rules import finding

HINT = "Remove it; a site's theme overrides may change markup and text, never add scripts."
SCRIPT_FILES = {".js", ".mjs", ".cjs"}
TEMPLATE_SUFFIXES = {".html", ".htm", ".j2", ".jinja", ".xml", ".svg"}
_TAG_RE = re.compile(
    r"<(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", re.DOTALL)
_HANDLER_RE = re.compile(r"(?:^|[\s\"'/])(?P<name>on[a-z]+)\s*=", re.IGNORECASE)
_URL_RE = re.compile(r"(?:^|[\s\"'/])(?:href|src|action|formaction|xlink:href|data|poster)"
                     r"\s*=\s*(?P<quote>[\"']?)(?P<value>[^\"'>]*)", re.IGNORECASE)
_SRC_RE = re.compile(r"(?:^|\s)src\s*=\s*[\"']?(?P<value>[^\"'\s>]*)", re.IGNORECASE)
_CODE_RE = re.compile(r"(java|vb)script:|data:", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)


def check(folder: Path, root: Path) -> list[Finding]:
    """HTML-UNSAFE for every script a site's theme overrides would add to its pages."""
    if not folder.is_dir() or folder.resolve() == THEME_DIR.resolve():
        return []
    found: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        display = _display(path, root)
        if path.suffix.lower() in SCRIPT_FILES:
            found.append(finding("HTML-UNSAFE", display, Position(1, 1),
                                 "a script file in the theme's overrides would be published and "
                                 "could be run by any page.", HINT))
        elif path.suffix.lower() in TEMPLATE_SUFFIXES:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                found.append(finding("HTML-UNSAFE", display, Position(1, 1),
                                     "a template of the theme's overrides is not UTF-8 text, so "
                                     "lif cannot check it for scripts.", HINT))
                continue
            found += template_findings(text, display)
    return found


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def template_findings(text: str, display: str) -> list[Finding]:
    """Inline scripts, scripts from other hosts, event handlers and code addresses in one
    template's text, each at its line and column."""
    lines = Lines(text)
    found: list[Finding] = []

    def add(offset: int, message: str) -> None:
        line, column = lines.position(offset)
        found.append(finding("HTML-UNSAFE", display, Position(line, column), message, HINT))

    for tag in _TAG_RE.finditer(text):
        name, attrs, base = tag.group("name").lower(), tag.group("attrs"), tag.start("attrs")
        if name == "script":
            src = _SRC_RE.search(attrs)
            end = _SCRIPT_END.search(text, tag.end())
            body = text[tag.end():end.start()] if end else text[tag.end():]
            if src is None and body.strip() and csp._runs(attrs) and not _theme_body(body):
                add(tag.start(), "an inline <script> in the theme's overrides: the site's "
                    "Content Security Policy allows only lif's and Material's own scripts.")
            elif src is not None and re.match(r"\s*(?:[a-z][a-z0-9+.-]*:|//)", src.group(
                    "value"), re.IGNORECASE):
                add(tag.start(), "a <script> from another site in the theme's overrides: no "
                    "page asks another host for anything.")
        for handler in _HANDLER_RE.finditer(attrs):
            add(base + handler.start("name"), f"event handler '{handler.group('name').lower()}'"
                " in the theme's overrides: it would run code in readers' browsers.")
        for url in _URL_RE.finditer(attrs):
            squeezed = re.sub(r"[\x00-\x20]", "", url.group("value"))
            code = _CODE_RE.match(squeezed)
            if code:
                add(base + url.start("value") + len(url.group("value")) - len(
                    url.group("value").lstrip()), f"'{code.group(0).lower()}' address in the "
                    "theme's overrides: it would run code in readers' browsers.")
    return found


@cache
def _theme_bodies() -> frozenset[str]:
    """The inline script bodies of Material's and lif's own templates, as written."""
    bodies = set()
    for folder in csp._template_dirs():
        for path in folder.rglob("*.html"):
            for match in csp._INLINE_RE.finditer(path.read_text(encoding="utf-8")):
                bodies.add(match.group(3).strip())
    return frozenset(bodies)


def _theme_body(body: str) -> bool:
    """A script copied as it is from Material's or lif's templates (an override of a whole
    template keeps them): the policy allows what it renders to, as for the original."""
    return body.strip() in _theme_bodies()


def extra_javascript(entries: Iterable[tuple[str, Position]], display: str,
                     folders: Iterable[Path]) -> list[Finding]:
    """HTML-UNSAFE for each ``extra_javascript`` entry that is not one of lif's own theme
    scripts (one lif adds itself may be named again, unless a site file shadows it)."""
    shadows = list(folders)
    found = []
    for entry, where in entries:
        own = (THEME_DIR / entry).is_file() and not any((f / entry).exists() for f in shadows)
        if not own:
            found.append(finding(
                "HTML-UNSAFE", display, where, "extra_javascript adds a script to every page: "
                "the site's Content Security Policy allows only lif's and Material's own "
                "scripts.", "Remove it from mkdocs.yml."))
    return found
