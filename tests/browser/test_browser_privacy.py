"""No request leaves the site, and the Content Security Policy blocks nothing the site needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import kit

pytestmark = pytest.mark.browser


Tour = dict[str, tuple[kit.Visit, list[str], int]]


def test_no_page_type_requests_another_host(tour: Tour) -> None:
    """Loading each page type (and searching) requests only 127.0.0.1: no fonts, scripts or
    images from third parties."""
    foreign = {}
    counts = {}
    for page_type, (visit, _, _) in tour.items():
        counts[page_type] = len(visit.requests)
        if visit.foreign():
            foreign[page_type] = visit.foreign()
    assert foreign == {}
    assert all(n >= 5 for n in counts.values()), counts  # the page, CSS and scripts were seen


def test_policy_blocks_nothing_on_any_page_type(tour: Tour) -> None:
    """No page type (search included) trips its Content Security Policy or throws an error."""
    blocked = {}
    for page_type, (visit, _, _) in tour.items():
        console = [line for line in visit.console if not (page_type == "404" and line == (
            "Failed to load resource: the server responded with a status of 404 (Not Found)"))]
        if visit.csp or visit.errors or console:
            blocked[page_type] = visit.csp + visit.errors + console
    assert blocked == {}


def test_policy_blocks_an_injected_inline_script(browser: kit.Browser) -> None:
    """The policy is in force: an inline script added to a page is refused and recorded."""
    browser.visit(kit.PAGE_TYPES["briefing"])
    browser.page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }")
    visit = browser.settle()
    assert browser.page.evaluate("window.__ran === undefined")
    assert [line.split(" at ")[0] for line in visit.csp] == ["script-src-elem blocked inline"]
    assert [line.split("'")[0] for line in visit.console] == [
        "Executing inline script violates the following Content Security Policy directive "]


def test_every_built_page_carries_the_policy(site_dir: Path) -> None:
    """Every HTML file of the built site, 404.html included, has the policy meta element."""
    pages = sorted(site_dir.rglob("*.html"))
    without = [str(p.relative_to(site_dir)) for p in pages
               if '<meta http-equiv="Content-Security-Policy"' not in p.read_text("utf-8")]
    assert len(pages) > 40
    assert without == []
