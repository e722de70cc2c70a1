"""Page titles and front matter reach the theme's ``<head>`` as text, never as markup.

Material writes ``page.meta`` values (title, description, author) into the ``<head>`` without
escaping, and writes ``page.title | striptags`` into ``<title>``: ``striptags`` decodes
character references, so a heading ``x&lt;/title&gt;&lt;script&gt;`` that Markdown escaped
correctly becomes a live ``</title><script>`` there. Escaping at this one boundary, where a
page's strings are handed to the theme, makes every template that prints them safe, whatever
the theme (a site's own ``custom_dir`` included) does with them: each string is decoded once and
escaped once, and the page's title is always set in ``page.meta`` so that Material never takes
the ``striptags`` path.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping
from typing import Any, Protocol


class ThemePage(Protocol):
    """What this module needs of an MkDocs page (kept structural: no MkDocs import here)."""

    @property
    def meta(self) -> MutableMapping[str, Any]: ...

    @property
    def is_homepage(self) -> bool: ...

    @property
    def title(self) -> str | None: ...


def as_text(value: str) -> str:
    """A string as HTML text: character references decoded once, then everything escaped.

    Idempotent, so a title that already passed through here (or through Markdown's escaping)
    is not escaped twice, and ``&amp;`` written by an author still shows as ``&``.
    """
    return html.escape(html.unescape(value), quote=True)


def escape_strings(value: Any) -> Any:
    """Every string in front matter, at any depth, as HTML text; other values unchanged."""
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, dict):
        return {key: escape_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escape_strings(item) for item in value]
    return value


def harden(page: ThemePage) -> None:
    """Make the page's title and front matter safe for the theme to print anywhere.

    Call after the page's Markdown is rendered and before its template (MkDocs'
    ``on_page_context``): the title from the first heading is known then.
    """
    title = page.title
    meta = escape_strings(dict(page.meta))
    if title is not None and ("title" in meta or not page.is_homepage):
        meta["title"] = as_text(title)  # the home page keeps Material's site-name title
    page.meta.clear()
    page.meta.update(meta)
