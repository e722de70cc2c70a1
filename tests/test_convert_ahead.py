"""Pages converted on the second core are MkDocs' own conversions: the written site is byte for
byte the site MkDocs makes converting every page itself, and what a conversion logs reaches
the build just as if MkDocs had converted the page."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import convert_ahead
from generator.convert_ahead import ConvertAhead
from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit
from tests.test_bad_inputs import site_snapshot

TODAY = "2026-11-23"

RICH_PAGE = """\
# Working together

[TOC]

## Who we are { #who }

A partnership of three agencies.[^1] Read [about us](about.md#our-work) or the
[review](reviews/child-t/index.md).

!!! note "Remember"
    Ask the family first.

| Agency | Role |
|---|---|
| Council | Lead |

1. First
2. Second

[^1]: Set up in 2019.
"""

ABOUT = "# About us\n\n## Our work\n\nWe publish what we learn.\n"


def rich_site(kit: SiteKit) -> None:
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    kit.briefing("safer-sleep", "2026-01-10", reviews="child-t")
    kit.briefing("water-safety", "2026-02-10", title="Water safety", reviews="child-t")
    (kit.root / "content" / "about.md").write_text(ABOUT, encoding="utf-8")
    (kit.root / "content" / "working-together.md").write_text(RICH_PAGE, encoding="utf-8")


def converted_ahead(monkeypatch: pytest.MonkeyPatch) -> list[ConvertAhead]:
    """Have each build wait, at its first page, until the second core has converted every
    page it may (all but the first), so which pages MkDocs takes is certain; returns the
    builds' ConvertAhead, for their ``taken``."""
    made: list[ConvertAhead] = []
    take: Callable[[ConvertAhead, object, str], None] = ConvertAhead.take  # type: ignore[assignment]

    def waiting_take(self: ConvertAhead, page: object, markdown: str) -> None:
        if self not in made:
            made.append(self)
            self.wait()
        take(self, page, markdown)

    monkeypatch.setattr(ConvertAhead, "take", waiting_take)
    return made


@contextlib.contextmanager
def logged(name: str) -> Iterator[list[str]]:
    """The records logged under logger ``name`` meanwhile, as ``LEVEL message`` lines."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(f"{record.levelname} {record.getMessage()}")

    handler = Keep(logging.INFO)
    logging.getLogger(name).addHandler(handler)
    try:
        yield lines
    finally:
        logging.getLogger(name).removeHandler(handler)


def with_hook(kit: SiteKit, decorator: str, sentence: str) -> None:
    """The rich site with a hook (under ``decorator``) adding ``sentence`` to about.md."""
    rich_site(kit)
    (kit.root / "hooks.py").write_text(
        "from mkdocs.plugins import event_priority\n\n\n" + decorator +
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'about.md':\n"
        f"        return markdown + '\\n{sentence}\\n'\n"
        "    return markdown\n", encoding="utf-8")
    with (kit.root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hooks.py\n")


def build(kit: SiteKit) -> Result:
    return run_lif("build", "--today", TODAY, cwd=kit.root)


def test_a_site_built_with_pages_converted_on_a_second_core_is_the_site_mkdocs_converts_alone(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every written file is byte for byte the same, and MkDocs converted only the first page
    and the home page (whose Markdown lif extends with the latest publications)."""
    rich_site(kit)
    with monkeypatch.context() as patch:
        made = converted_ahead(patch)
        assert build(kit).exit_code == 0
        ahead = site_snapshot(kit.root)
    [converting] = made
    assert sorted(set(converting.pages) - set(converting.taken)) == sorted(
        {converting.pages[0], "index.md"})
    assert len(converting.pages) == 23
    monkeypatch.setattr(ConvertAhead, "start", classmethod(lambda cls, config, files: None))
    assert build(kit).exit_code == 0
    assert site_snapshot(kit.root) == ahead


def test_what_a_conversion_on_the_second_core_logs_is_reported_and_fails_a_strict_build(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs' warnings about a page converted ahead (an absolute link, a missing anchor) are
    printed once, as when MkDocs converts the page, and stop the build."""
    rich_site(kit)
    (kit.root / "content" / "working-together.md").write_text(
        "# Working together\n\nRead [about us](about.md#no-such-part) or [our work](/about/).\n",
        encoding="utf-8")
    with (kit.root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  anchors: warn\n  absolute_links: warn\n")
    with monkeypatch.context() as patch, logged("mkdocs") as warned_ahead:
        made = converted_ahead(patch)
        ahead = build(kit)
    assert "working-together.md" in made[0].taken
    monkeypatch.setattr(ConvertAhead, "start", classmethod(lambda cls, config, files: None))
    with logged("mkdocs") as warned_alone:
        alone = build(kit)
    assert (ahead.exit_code, ahead.output) == (alone.exit_code, alone.output)
    assert ahead.exit_code == 1
    assert warned_ahead == warned_alone
    assert [line for line in warned_ahead if line.startswith("WARNING")] == [
        "WARNING Doc file 'working-together.md' contains an absolute link '/about/', it was "
        "left as is. Did you mean 'about.md'?",
        "WARNING Doc file 'working-together.md' contains a link 'about.md#no-such-part', but "
        "the doc 'about.md' does not contain an anchor '#no-such-part'."]


def test_a_page_whose_markdown_a_plugin_changed_is_converted_by_mkdocs_itself(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion ahead is of the page's source; when a plugin's ``on_page_markdown`` changes
    the text, MkDocs converts the changed text, and the page shows the change."""
    with_hook(kit, "", "Added by a hook.")
    made = converted_ahead(monkeypatch)
    assert build(kit).exit_code == 0
    assert "about.md" not in made[0].taken
    about = Path(kit.root / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<p>Added by a hook.</p>" in about


def test_a_page_whose_markdown_a_later_plugin_changed_is_converted_by_mkdocs_itself(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook that runs after lif's last ``on_page_markdown`` and changes the text still gets
    the changed text converted: the conversion is taken only if the text MkDocs renders is
    the one converted."""
    with_hook(kit, "@event_priority(-200)\n", "Added last.")
    made = converted_ahead(monkeypatch)
    assert build(kit).exit_code == 0
    assert "about.md" in made[0].taken  # taken when lif looked, then the hook changed the text
    about = Path(kit.root / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<p>Added last.</p>" in about


def _dying_in_mid_message(config: object, files: object, documents: object, reached: object,
                          results: Any, build_pid: int) -> None:
    """A converting process killed while it writes: half a message, then gone."""
    os.write(results._writer.fileno(), struct.pack("!i", 1 << 20) + b"half a message")
    os._exit(1)


def test_a_build_whose_converting_process_dies_in_mid_message_converts_every_page_itself(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build reads an end of file where the rest of the message would be, and MkDocs
    converts every page: the site is the one MkDocs makes alone, and the build does not hang
    (an alarm stops the test after 60 seconds)."""
    rich_site(kit)
    monkeypatch.setattr(convert_ahead, "_convert_from_the_end", _dying_in_mid_message)

    class Hung(Exception):
        """Not an OSError, which the build takes for a process that died."""

    def hung(signum: int, frame: object) -> None:
        raise Hung("the build waited for the rest of a message from a dead process")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with monkeypatch.context() as patch:
            made = converted_ahead(patch)
            assert build(kit).exit_code == 0
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert made[0].taken == []
    died = site_snapshot(kit.root)
    monkeypatch.setattr(ConvertAhead, "start", classmethod(lambda cls, config, files: None))
    assert build(kit).exit_code == 0
    assert site_snapshot(kit.root) == died
