"""Page titles and front matter reach the theme's <head> as escaped text, never as markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import pytest

from generator import page_meta
from generator.checks import html
from tests.clirun import run_lif
from tests.sitekit import SiteKit

EVIL = 'x</title><script>alert(1)</script>"><b onmouseover=alert(2)>'


@dataclass
class FakePage:
    """The two things page_meta reads of an MkDocs page."""

    title: str | None
    meta: dict[str, Any] = field(default_factory=dict)
    is_homepage: bool = False


def test_heading_title_is_set_in_meta_as_text_so_striptags_is_never_used() -> None:
    """A title from the first heading (HTML with references) becomes meta title, escaped once."""
    page = FakePage("Child T x&lt;/title&gt;&lt;script&gt;")
    page_meta.harden(page)
    assert page.meta == {"title": "Child T x&lt;/title&gt;&lt;script&gt;"}


def test_front_matter_strings_are_escaped_at_any_depth() -> None:
    """Front matter title, description and nested strings are escaped; numbers are kept."""
    page = FakePage(EVIL, {"title": EVIL, "description": "A & B \"q\"", "tags": ["<i>"], "n": 3})
    page_meta.harden(page)
    assert page.meta == {
        "title": "x&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;b "
                 "onmouseover=alert(2)&gt;",
        "description": "A &amp; B &quot;q&quot;", "tags": ["&lt;i&gt;"], "n": 3}


def test_hardening_twice_changes_nothing_and_the_home_page_keeps_its_title() -> None:
    """Escaping is idempotent; the home page gets no meta title (Material shows the site name)."""
    page = FakePage("A &amp; B", {"description": "A &amp; B"}, is_homepage=True)
    page_meta.harden(page)
    page_meta.harden(page)
    assert page.meta == {"description": "A &amp; B"}


@pytest.mark.slow
def test_markup_in_titles_and_front_matter_reaches_no_page_as_markup(kit: SiteKit) -> None:
    """A review title, summary and key learning and a content page's front matter holding
    </title><script> are built as text (with the HTML check off): no page carries the script
    or the handler as markup, and the feed holds them as plain text."""
    kit.review("child-t", title="Child T " + EVIL, summary="Summary " + EVIL,
               key_learning=["Learning " + EVIL])
    kit.publish("child-t", "2026-01-10")
    plain = EVIL.replace('"', "'")
    (kit.root / "content" / "about.md").write_text(
        f'---\ntitle: "About {plain}"\ndescription: "About {plain}"\n---\n# About\n\nText.\n',
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:  # the fields are HTML-UNSAFE: prove the
        patch.setattr(html, "check", lambda *args: [])  # escaping holds without the check
        patch.setattr(html, "scan_fields", lambda *args: [])
        result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 0, result.output
    pages = sorted((kit.root / "site").rglob("*.html"))
    assert len(pages) > 5
    live = [p.relative_to(kit.root).as_posix() for p in pages
            if "<script>alert" in (t := p.read_text(encoding="utf-8")) or "<b onmouseover" in t]
    assert live == []
    head = (kit.root / "site/reviews/child-t/index.html").read_text(encoding="utf-8")
    assert ("<title>Child T x&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;b "
            "onmouseover=alert(2)&gt; - Testshire Safeguarding Children Partnership</title>") \
        in head
    feed = ElementTree.parse(kit.root / "site/feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = feed.find(f"{atom}entry")
    assert entry is not None
    title = entry.find(f"{atom}title")
    assert title is not None and title.text == "Child T " + EVIL and "type" not in title.attrib
