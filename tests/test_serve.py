"""`lif serve` as a user meets it: the address, the findings, an error page, and search."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import ROOT
from tests.sitekit import SiteKit

DEADLINE = 90.0
"""Seconds any one expectation may take (a first preview build renders every page)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """A running ``lif serve`` and everything it has printed so far."""

    def __init__(self, process: subprocess.Popen[str], address: str) -> None:
        self.process, self.address = process, address
        self.lines: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(target=lambda: self.lines.extend(iter(stream.readline, "")),
                         daemon=True).start()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.address + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return 0, ""

    def until(self, what: str, test: Callable[[], bool]) -> None:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if test():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        pytest.fail(f"lif serve: {what} did not happen; it printed:\n" + "".join(self.lines))


@pytest.fixture
def served(kit: SiteKit) -> Iterator[Served]:
    kit.review("child-t")
    kit.publish("child-t", "2026-05-20")
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    env.pop("LIF_PREVIEW", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--today", "2026-11-23", "-a",
         f"127.0.0.1:{port}"], cwd=kit.root, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        yield Served(process, f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def test_serve_prints_its_address_and_serves_the_site(served: Served) -> None:
    """The first line names the address; the home page and the review's page answer."""
    served.until("the address line", lambda: bool(served.lines))
    assert served.lines[0].startswith(f"lif: serving the preview at {served.address} ")
    served.until("the home page", lambda: served.get("")[0] == 200)
    assert served.get("reviews/child-t/")[0] == 200


def test_search_answers_under_serve(served: Served) -> None:
    """Pagefind's index is served (not 404) and holds the preview's pages."""
    served.until("the search index", lambda: served.get("pagefind/pagefind-entry.json")[0]
                 == 200)
    entry = json.loads(served.get("pagefind/pagefind-entry.json")[1])
    assert entry["languages"]["en"]["page_count"] >= 2
    assert served.get("pagefind/pagefind.js")[0] == 200


def test_an_edit_prints_its_finding_and_serves_the_error_page(served: Served,
                                                              kit: SiteKit) -> None:
    """A phone number saved into a report: printed as lif check prints it, and every page
    lif makes shows the findings instead of the site (the browser does not hang)."""
    served.until("the home page", lambda: served.get("")[0] == 200)
    report = kit.root / "reviews" / "child-t" / "report.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n4. Ring 07700 900123.\n",
                      encoding="utf-8")
    phone = ("reviews/child-t/report.md:15:9: ID-PHONE a phone number ('0**** 9*****'). "
             "Remove it; a published helpline belongs in the site's allow list.\n")
    served.until("the finding printed", lambda: phone in served.lines)
    served.until("the error page", lambda: "The site has errors" in served.get("")[1])
    status, page = served.get("reviews/child-t/")
    assert status == 200 and "ID-PHONE" in page and "The site has errors" in page


