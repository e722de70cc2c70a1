"""No script from content runs in chromium, on any page type, even past the HTML check.

The planted scripts are findings (HTML-UNSAFE) or are escaped as text, so a normal build never
publishes one. To show that the Content Security Policy alone stops them, this site is built
with the HTML check switched off at the function level: every planted script is in the written
pages, and none of them runs, while Material's own inline scripts still do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.checks import html
from tests.browser import kit
from tests.clirun import run_lif
from tests.sitekit import BRIEFING, REPORT, SiteKit

pytestmark = pytest.mark.browser

TITLE = 'x</title><script>window.__lifRan.push("title")</script>'


def planted(where: str) -> str:
    """Raw HTML that would record ``where`` in window.__lifRan if any of it ran."""
    return (f'<script>window.__lifRan.push("{where}-inline")</script>\n\n'
            '<img src="data:image/png;base64,AAAA" alt="x" '
            f'onerror="window.__lifRan.push(\'{where}-handler\')">'
            f'\n\n<a id="{where}-link" '
            f'href="javascript:window.__lifRan.push(\'{where}-href\')">a link</a>\n')


PAGES = {
    "review": "reviews/child-t/",
    "review report": "reviews/child-t/report/",
    "review response": "reviews/child-t/response/",
    "reviews listing": "reviews/",
    "briefing": "briefings/b-one/",
    "briefings listing": "briefings/",
    "theme": "themes/information-sharing/",
    "home": "",
    "content page": "about/",
    "404": "no-such-page/",
}


@pytest.fixture(scope="module")
def unsafe_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fixture site with script planted in a review's title, summary, key learning, report
    and response, a briefing's title and body and a content page, built with the HTML check
    bypassed."""
    missing = kit.missing_browser()
    if missing:
        pytest.fail(missing, pytrace=False)
    site = SiteKit(tmp_path_factory.mktemp("unsafe") / "src", extra_config="pdf: false\n")
    site.review("child-t", title="Child T " + TITLE, summary="Summary " + TITLE,
                key_learning=["Learning " + TITLE],
                report=REPORT.format(subject="Child T") + "\n" + planted("report"),
                response="## Actions\n\nDone.\n\n" + planted("response"))
    site.publish("child-t", "2026-01-10")
    body = BRIEFING.format(title="Briefing", date="2026-02-01", themes="information-sharing",
                           reviews="child-t").replace("Remember this.", planted("briefing"))
    site.briefing("b-one", "2026-02-01", body=body.replace(
        "title: Briefing", "title: '" + TITLE.replace("'", "''") + "'"))
    (site.root / "content" / "about.md").write_text(
        "# About\n\nText.\n\n" + planted("content"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html, "check", lambda *args: [])
        patch.setattr(html, "scan", lambda *args: [])
        patch.setattr(html, "scan_fields", lambda *args: [])
        result = run_lif("build", "--today", "2026-11-23", cwd=site.root)
    assert result.exit_code == 0, result.output
    yield site.root / "site"


def test_planted_scripts_are_in_the_pages_and_none_of_them_runs(
        unsafe_site: Path, browser: kit.Browser) -> None:
    """Inline scripts, handlers and javascript: links from content are written (the check is
    off) but chromium runs none of them on any page type; Material's own scripts do run."""
    report = (unsafe_site / "reviews/child-t/report/index.html").read_text(encoding="utf-8")
    assert '<script>window.__lifRan.push("report-inline")</script>' in report
    ran: dict[str, list[str]] = {}
    theme_ran: dict[str, bool] = {}
    browser.page.add_init_script("window.__lifRan = [];")
    example = browser.base  # the session's one chromium page, pointed at this site a while
    with kit.serve(unsafe_site) as base:
        browser.base = base
        try:
            for page_type, path in PAGES.items():
                browser.visit(path)
                for link in browser.page.locator("a[id$='-link']").all():
                    link.click()
                browser.settle()
                ran[page_type] = browser.page.evaluate("window.__lifRan")
                theme_ran[page_type] = browser.page.evaluate("typeof __md_get === 'function'")
        finally:
            browser.base = example
    assert ran == {page_type: [] for page_type in PAGES}
    assert theme_ran == {page_type: True for page_type in PAGES}
