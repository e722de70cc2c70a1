"""The e-mail digest in Debian's chromium: it renders from its own file alone, reads in order,
and axe-core finds nothing wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import kit
from tests.browser.test_browser_accessibility import run_axe
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_digest import FOLDER, learning_site

pytestmark = pytest.mark.browser


def test_digest_renders_in_chromium(tmp_path: Path, browser: kit.Browser) -> None:
    """digest.html opened as a file makes no other request, logs no error, shows its heading,
    three items with absolute links, and passes axe-core's WCAG 2.2 AA rules (in the
    session's chromium: one Playwright per process)."""
    site = SiteKit(tmp_path / "site-src")
    learning_site(site)
    assert run_lif("digest", "--since", "2026-10-01", "--today", "2026-11-23",
                   cwd=site.root).exit_code == 0
    page_file = site.root / FOLDER / "digest.html"
    driver, base = browser, browser.base
    driver.base = page_file.parent.as_uri() + "/"
    try:
        visit = driver.visit(page_file.name)
        page = driver.page
        assert visit.requests == [page_file.as_uri()]
        assert (visit.errors, visit.console) == ([], [])
        assert page.locator("h1").inner_text() == "Learning digest, issued 23 November 2026"
        assert page.locator("h2").all_inner_texts() == [
            "Hidden men and fathers", "Information sharing",
            "Sudden unexpected death in infancy and safer sleep"]
        assert page.locator("h3 a").evaluate_all("links => links.map(a => a.href)") == [
            "https://example.test/briefings/hidden-men/", "https://example.test/reviews/child-t/",
            "https://example.test/briefings/safer-sleep/"]
        box = page.locator("h1").bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        result = run_axe(driver)
        assert ([v["id"] for v in result["violations"]], len(result["passes"]) > 10) == ([], True)
    finally:
        driver.base = base
