"""The print stylesheet: content only, with the addresses of links that leave the site."""

from __future__ import annotations

import pytest

from tests.browser import kit

pytestmark = pytest.mark.browser

DISPLAY = """(selectors) => selectors.map((s) => {
  const el = document.querySelector(s);
  return el === null ? `${s}: absent` : `${s}: ${getComputedStyle(el).display}`;
})"""
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".lif-skip"]


def test_print_hides_the_chrome_and_shows_link_addresses(browser: kit.Browser) -> None:
    """Printed, a briefing loses header, navigation, table of contents and footer, and an
    external link shows its address after its text."""
    browser.visit(kit.PAGE_TYPES["content page"])
    on_screen = browser.page.evaluate(DISPLAY, CHROME[:4])
    browser.page.emulate_media(media="print")
    try:
        printed = browser.page.evaluate(DISPLAY, CHROME)
        after = browser.page.evaluate(
            "(() => { const a = document.querySelector('.md-typeset a[href^=\"http\"]');"
            " return [a.getAttribute('href'), getComputedStyle(a, '::after').content]; })()")
        table = browser.page.evaluate(
            "getComputedStyle(document.querySelector('article')).breakInside")
    finally:
        browser.page.emulate_media(media="screen")
    assert all(not line.endswith(": none") for line in on_screen), on_screen
    assert printed == [f"{s}: none" for s in CHROME]
    assert after[1] == '" (" attr(href) ")"' or after[1] == f'" ({after[0]})"', after
    assert table == "auto"


def test_printed_review_response_keeps_table_rows_whole(browser: kit.Browser) -> None:
    """Printed, the action plan's rows and the table do not break across pages, and the page
    prints to a PDF."""
    browser.visit(kit.PAGE_TYPES["review response"])
    browser.page.emulate_media(media="print")
    try:
        rows = browser.page.evaluate(
            "[...document.querySelectorAll('.md-typeset tr')]"
            ".map((tr) => getComputedStyle(tr).breakInside)")
    finally:
        browser.page.emulate_media(media="screen")
    pdf = browser.page.pdf()
    assert rows and set(rows) == {"avoid"}
    assert pdf.startswith(b"%PDF-")
