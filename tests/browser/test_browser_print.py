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


LINKS = """() => {
  const p = document.querySelector("article.md-typeset p");
  p.insertAdjacentHTML("beforeend", ' <a id="ext" href="https://www.gov.uk/">GOV.UK</a>');
  return [getComputedStyle(document.querySelector("#ext"), "::after").content,
          getComputedStyle(document.querySelector("article a[href^='../']"), "::after").content];
}"""


def test_print_hides_the_chrome_and_shows_link_addresses(browser: kit.Browser) -> None:
    """Printed, a page loses header, navigation, table of contents and footer, and a link that
    leaves the site shows its address after its text (a link within the site does not)."""
    browser.visit(kit.PAGE_TYPES["review"])
    on_screen = browser.page.evaluate(DISPLAY, CHROME[:4])
    screen_links = browser.page.evaluate(LINKS)
    browser.page.emulate_media(media="print")
    try:
        printed = browser.page.evaluate(DISPLAY, CHROME)
        print_links = browser.page.evaluate(
            "[getComputedStyle(document.querySelector('#ext'), '::after').content,"
            " getComputedStyle(document.querySelector(\"article a[href^='../']\"), '::after')"
            ".content]")
    finally:
        browser.page.emulate_media(media="screen")
    assert on_screen == [f"{s}: block" for s in CHROME[:4]]
    assert printed == [f"{s}: none" for s in CHROME]
    assert screen_links == ["none", "none"]
    assert print_links == ['" (https://www.gov.uk/)"', "none"]


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
