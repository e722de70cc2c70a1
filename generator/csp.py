"""The Content Security Policy written into every HTML page of a built site.

The policy allows nothing from another host. Material inlines two small scripts in every page
(their text depends on the page's depth), so each page gets the SHA-256 hashes of its own
inline scripts and ``<style>`` elements, computed from the finished HTML; nothing inline can run
unless it was in the page when it was built. ``'wasm-unsafe-eval'`` lets Pagefind's search
compile its WebAssembly (it allows no JavaScript ``eval``).
"""

from __future__ import annotations

import base64
import hashlib
import re

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

_HEAD_RE = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_CHARSET_RE = re.compile(r"\s*<meta\s+charset=[^>]*>", re.IGNORECASE)
_INLINE_RE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC_RE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
META_NAME = 'http-equiv="Content-Security-Policy"'


def source_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script or style text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy_for(html: str) -> str:
    """The policy for one page: the base directives plus its inline scripts' and styles' hashes."""
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    for match in _INLINE_RE.finditer(html):
        element, attrs, body = match.group(1).lower(), match.group(2) or "", match.group(3)
        if element == "script":
            kind = _TYPE_RE.search(attrs)
            if _SRC_RE.search(attrs) or (kind and kind.group(1).lower() not in _JS_TYPES):
                continue  # an external script, or data such as Material's JSON config
            target = directives["script-src"]
        else:
            target = directives["style-src"]
        expression = source_hash(body)
        if expression not in target:
            target.append(expression)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


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
