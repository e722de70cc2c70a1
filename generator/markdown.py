"""What lif treats as Markdown: the extensions every page is converted with, and which text is
code (fenced, indented or inline), so every Markdown check skips or scans the same spans.
"""

from __future__ import annotations

MARKDOWN_EXTENSIONS = ("sane_lists", "tables", "admonition", "attr_list", "toc")
"""Always on: ``sane_lists`` keeps a report's paragraph numbers (``<ol start>``)."""
