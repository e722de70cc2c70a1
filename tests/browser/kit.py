"""Build the example site, serve it on 127.0.0.1 and drive Debian's chromium over it.

Shared by the browser tests and scripts/screenshots. Nothing is downloaded: the browser is the
system's /usr/bin/chromium (``scripts/system-deps test`` installs it) and axe-core comes inside
the axe-playwright-python wheel.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-23"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
MISSING = ("the browser tests need Debian's chromium ({path}) and the Python package "
           "'playwright' ({problem}). Run `scripts/system-deps test` as root (or `make test`) to "
           "install chromium, and `.venv/bin/pip install -e '.[test]'` for playwright; never "
           "`playwright install`.")

PAGE_TYPES = {
    "home": "",
    "reviews listing": "reviews/",
    "review": "reviews/baby-k/",
    "review report": "reviews/baby-k/report/",
    "review response": "reviews/baby-k/response/",
    "briefings listing": "briefings/",
    "briefing": "briefings/safer-sleep/",
    "themes listing": "themes/",
    "theme": "themes/safer-sleep/",
    "action tracker": "actions/",
    "yearly reports listing": "reports/",
    "yearly report": "reports/2026/",
    "content page": "accessibility/",
    "404": "no-such-page/",
    "search": "search/",
}
"""Every kind of page the example site has, and one address of each (search: with a query)."""

SEARCH_QUERY = "sleep"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing_browser() -> str:
    """Why the browser cannot run here, or '' when chromium and playwright are both present."""
    problems = []
    if shutil.which(CHROMIUM) is None:
        problems.append(f"{CHROMIUM} is missing")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed")
    if not problems:
        return ""
    return MISSING.format(path=CHROMIUM, problem="; ".join(problems))


def build_example(site_dir: Path) -> None:
    """Build the example site in this repository into site_dir, as `lif build` does."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", TODAY, "--site-dir",
         str(site_dir)], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the example site did not build:\n{result.stdout}{result.stderr}")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the site's own 404 page for a missing address (as a host serves)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 (a free port) in a thread; yields the base address."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


RECORD_CSP = """
window.__lifCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__lifCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@dataclass
class Visit:
    """What one page load did: every request the browser made, and what the policy blocked."""

    url: str
    requests: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    """Errors the browser logged to its console (the policy's refusals among them)."""

    def foreign(self) -> list[str]:
        """Requests to any host other than 127.0.0.1."""
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob")
                and urlsplit(u).hostname != "127.0.0.1"]


class Browser:
    """One chromium and one page for the whole session, recording each visit."""

    def __init__(self, base: str) -> None:
        from playwright.sync_api import sync_playwright

        self.base = base
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.page: Any = self._browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.add_init_script(RECORD_CSP)
        self.current = Visit("")
        self.page.on("request", lambda request: self.current.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.current.errors.append(str(exc)))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.current.console.append(message.text)

    def visit(self, path: str) -> Visit:
        """Load base + path, wait for it to settle, and return what it requested."""
        self.current = Visit(self.base + path)
        self.page.goto(self.current.url, wait_until="networkidle")
        return self.settle()

    def settle(self) -> Visit:
        """Wait for the network to go quiet, then collect the page's policy violations."""
        self.page.wait_for_load_state("networkidle")
        self.current.csp += self.page.evaluate("window.__lifCsp.splice(0)")
        return self.current

    def open_search(self, query: str = SEARCH_QUERY) -> Visit:
        """On the search page, Tab to the search box and type a query; wait for results."""
        box = self.page.locator("#lif-search input[type=search]")
        box.wait_for(state="visible")
        for _ in range(80):
            if self.page.evaluate(
                    "document.activeElement.matches('#lif-search input[type=search]')"):
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError("Tab never reached the search box")
        self.page.keyboard.type(query)
        self.page.wait_for_function(  # the results of the whole query, not of its first letters
            "(q) => (document.querySelector('.lif-search__status') || {}).textContent"
            " ?.endsWith(' for \u201c' + q + '\u201d')", arg=query)
        self.page.locator(".pagefind-ui__result-link").first.wait_for(state="visible")
        return self.settle()

    def follow_first_result(self) -> str:
        """From the search box, Tab to the first result and follow it, by keyboard only;
        returns the result's address."""
        first = self.page.locator(".pagefind-ui__result-link").first
        href: str = first.evaluate("a => a.href")
        for _ in range(80):
            if first.evaluate("a => a === document.activeElement"):
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError("Tab never reached the first search result")
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(href)
        return href

    def load_type(self, page_type: str) -> Visit:
        """Load one page type (search: the search page with a query typed)."""
        visit = self.visit(PAGE_TYPES[page_type])
        if page_type == "search":
            visit = self.open_search()
        return visit

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()
