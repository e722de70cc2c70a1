"""The browser suite fails, never skips, when chromium or playwright is missing."""

from __future__ import annotations

import pytest

from tests.browser import kit


def test_missing_chromium_is_named_with_the_command_that_installs_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without chromium the suite's reason names the path and `scripts/system-deps test`."""
    monkeypatch.setattr(kit, "CHROMIUM", "/nonexistent/chromium")
    assert kit.missing_browser() == (
        "the browser tests need Debian's chromium (/nonexistent/chromium) and the Python package"
        " 'playwright' (/nonexistent/chromium is missing). Run `scripts/system-deps test` as "
        "root (or `make test`) to install chromium, and `.venv/bin/pip install -e '.[test]'` "
        "for playwright; never `playwright install`.")


def test_this_machine_has_what_the_browser_suite_needs() -> None:
    """Here (as in CI after `make test`) chromium and playwright are both present."""
    assert kit.missing_browser() == ""
