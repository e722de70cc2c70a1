"""A Markdown extension that labels every table cell with its column's heading.

On a narrow screen (WCAG 1.4.10, reflow at 320 CSS px) the theme shows each table row as a card
of labelled fields instead of a grid that runs off the screen: CSS can only print the label if
the cell carries it, so each body cell gets ``data-label`` with the text of its column's header
cell, and each header cell ``scope="col"`` (so the HTML, and the PDF made from it, say which
cells a heading governs). Used by the site (``markdown_extensions: [generator.tables]``) and by
the PDFs (generator/pdf.py), which convert the same Markdown.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]


def label_table(table: etree.Element) -> None:
    """Give each body cell its column's heading as data-label, and each heading its scope."""
    head = table.find("thead")
    if head is None:
        return
    labels: list[str] = []
    for row in head.iter("tr"):
        labels = []
        for cell in row:
            if cell.tag == "th":
                cell.set("scope", "col")
            labels.append(" ".join("".join(cell.itertext()).split()))
    body = table.find("tbody")
    if body is None:
        return
    for row in body.iter("tr"):
        for label, cell in zip(labels, row, strict=False):
            if label and cell.get("data-label") is None:
                cell.set("data-label", label)


class TableLabels(Treeprocessor):  # type: ignore[misc]
    """Label the cells of every table the Markdown made."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            label_table(table)


class TableLabelsExtension(Extension):  # type: ignore[misc]
    """``generator.tables``: runs after the tables extension has built its tables."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TableLabels(md), "lif_table_labels", 5)


def makeExtension(**kwargs: object) -> TableLabelsExtension:
    return TableLabelsExtension(**kwargs)
