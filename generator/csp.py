"""The Content Security Policy written into every HTML page of a built site.

The policy allows nothing from another host, and no inline script or style except the few that
the theme itself ships: Material's small inline scripts (their text depends on the page's depth)
and any in lif's own theme files. Each inline ``<script>`` or ``<style>`` in a finished page is
hashed only when its text is one of those theme snippets, with the template's ``{{ ... }}``
values standing for a short run of address characters (never a quote, bracket or semicolon, so
a value cannot close the string it sits in). Nothing is ever hashed because it is in the page:
a script that reached a page from content (a review's title, a report's raw HTML) is not in the
theme's files, so the policy names no hash for it and the browser refuses to run it.
``'wasm-unsafe-eval'`` lets Pagefind's search compile its WebAssembly (it allows no JavaScript
``eval``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
"""Directives before the per-page hashes (a meta policy cannot set frame-ancestors)."""

THEME_DIR = Path(__file__).parent / "theme"
"""lif's own theme layer (generator/theme), whose templates may ship inline snippets."""

_HEAD_RE = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_CHARSET_RE = re.compile(r"\s*<meta\s+charset=[^>]*>", re.IGNORECASE)
_INLINE_RE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC_RE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_OTHER = re.compile(r"\{%|\{#")
VALUE_CHARS = {"script": r"[A-Za-z0-9_./:-]{0,200}",
               "style": r"[A-Za-z0-9_./: -]{0,200}"}
"""What a template value may expand to inside a theme snippet: a base address, a path or a font
name; never a character that could end a string, start a statement or assign (``=``)."""
NOT_LIFS = {"redirect.html"}
"""Material templates lif never renders, whose snippets put page metadata into code (the
redirect page writes ``page.meta.location`` into a script): their hashes are never allowed."""
META_NAME = 'http-equiv="Content-Security-Policy"'


def source_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script or style text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _template_dirs() -> list[Path]:
    import material

    return [Path(material.__file__).parent / "templates", THEME_DIR]


def snippet_pattern(element: str, body: str) -> re.Pattern[str] | None:
    """The texts one theme snippet can render to, or None when it has template logic inside
    (a ``{% %}`` block could expand to anything, so such a snippet is never allowed)."""
    if _JINJA_OTHER.search(body):
        return None
    parts = _JINJA_VALUE.split(body)
    return re.compile(VALUE_CHARS[element].join(re.escape(part) for part in parts), re.DOTALL)


@cache
def theme_snippets() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Every inline script and style in the theme's template files, as patterns by element."""
    found: dict[str, list[re.Pattern[str]]] = {"script": [], "style": []}
    for folder in _template_dirs():
        for path in sorted(folder.rglob("*.html")):
            if path.name in NOT_LIFS:
                continue
            text = path.read_text(encoding="utf-8")
            for match in _INLINE_RE.finditer(text):
                element, attrs = match.group(1).lower(), match.group(2) or ""
                if element == "script" and not _runs(attrs):
                    continue
                pattern = snippet_pattern(element, match.group(3))
                if pattern is not None:
                    found[element].append(pattern)
    return {element: tuple(patterns) for element, patterns in found.items()}


def is_theme_snippet(element: str, body: str) -> bool:
    """Whether this inline script or style text is one the theme ships (not from content)."""
    return any(pattern.fullmatch(body) for pattern in theme_snippets()[element])


def _runs(attrs: str) -> bool:
    """Whether a <script> with these attributes is inline JavaScript (not src=, not data)."""
    kind = _TYPE_RE.search(attrs)
    return not _SRC_RE.search(attrs) and not (kind and kind.group(1).lower() not in _JS_TYPES)


def policy_for(html: str) -> str:
    """The policy for one page: the base directives plus the hashes of the theme's own inline
    scripts and styles that this page carries (never of any other inline code it holds)."""
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    for match in _INLINE_RE.finditer(html):
        element, attrs, body = match.group(1).lower(), match.group(2) or "", match.group(3)
        if element == "script" and not _runs(attrs):
            continue  # an external script, or data such as Material's JSON config
        expression = _theme_hash(element, body)
        if expression is None:
            continue  # not the theme's: the browser must refuse it
        target = directives["script-src" if element == "script" else "style-src"]
        if expression not in target:
            target.append(expression)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


_THEME_HASHES: dict[tuple[str, str], str | None] = {}
"""The verdict on each inline body seen: every page carries the same few theme snippets."""


def _theme_hash(element: str, body: str) -> str | None:
    """The hash expression of a theme snippet, None for inline code that is not the theme's."""
    key = (element, body)
    if key not in _THEME_HASHES:
        if len(_THEME_HASHES) > 4096:  # content's own inline code varies page by page
            _THEME_HASHES.clear()
        _THEME_HASHES[key] = source_hash(body) if is_theme_snippet(element, body) else None
    return _THEME_HASHES[key]


def add_policy(html: str) -> str:
    """Put the page's policy at the top of its ``<head>`` (after the charset), before anything
    it governs."""
    if META_NAME in html:
        return html
    head = _HEAD_RE.search(html)
    if head is None:
        return html
    at = head.end()
    charset = _CHARSET_RE.match(html, at)
    if charset is not None:
        at = charset.end()
    meta = f'\n    <meta {META_NAME} content="{policy_for(html)}">'
    return html[:at] + meta + html[at:]
