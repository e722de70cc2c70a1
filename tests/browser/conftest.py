from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import kit

AXE_REPORT: dict[str, dict[str, Any]] = {}
"""Axe results per page type, filled by the accessibility tests, printed at the end."""


@pytest.fixture(scope="package")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once for the browser tests with `lif build` (package scope: the
    server thread and the browser end with them, so later tests run in a process without
    threads, where builds fork their scanning workers)."""
    missing = kit.missing_browser()
    if missing:
        pytest.fail(missing, pytrace=False)
    target = tmp_path_factory.mktemp("browser") / "site"
    kit.build_example(target)
    return target


@pytest.fixture(scope="package")
def browser(site_dir: Path) -> Iterator[kit.Browser]:
    """One chromium page over the example site served on 127.0.0.1."""
    with kit.serve(site_dir) as base:
        driver = kit.Browser(base)
        try:
            yield driver
        finally:
            driver.close()


SKIP_LINKS = ("[...document.querySelectorAll('a.md-skip')].filter(a => a.getClientRects().length)"
              ".map(a => a.getAttribute('href'))")


@pytest.fixture(scope="package")
def tour(browser: kit.Browser) -> dict[str, tuple[kit.Visit, list[str], int]]:
    """Each page type loaded once: what it requested, its skip links and skip targets."""
    seen = {}
    for page_type in kit.PAGE_TYPES:
        visit = browser.load_type(page_type)
        links = browser.page.evaluate(SKIP_LINKS)
        targets = browser.page.locator("#lif-main[tabindex='-1']").count()
        seen[page_type] = (visit, links, targets)
    return seen


@pytest.fixture(scope="package")
def axe_report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the per-page-type axe report (JSON) is written."""
    return tmp_path_factory.getbasetemp() / "axe-report.json"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not AXE_REPORT:
        return
    engine = next(iter(AXE_REPORT.values()))["engine"]
    terminalreporter.section(f"{engine} results per page type (WCAG 2.2 AA)")
    for page_type, result in AXE_REPORT.items():
        terminalreporter.write_line(
            f"{page_type:<18} {result['path'] or '/':<28} {result['passes']:>3} rules passed, "
            f"{len(result['violations'])} violation(s), {result['incomplete']} to review by hand")
    report = Path(next(iter(AXE_REPORT.values()))["report"])
    report.write_text(json.dumps(AXE_REPORT, indent=2) + "\n", encoding="utf-8")
    terminalreporter.write_line(f"full report: {report}")
