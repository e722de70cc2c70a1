"""The public-service layer: the safeguarding panel and footer links come from plugin options,
and the numbers they show pass the redaction checks only through the site's allow list."""

from __future__ import annotations

import re
from pathlib import Path

from tests.clirun import run_lif
from tests.sitekit import SiteKit

CONTACTS = """\
safeguarding_contacts:
  - label: Children's Front Door
    phone: 01632 960 555
    note: weekdays
  - label: Report a concern online
    url: https://www.testshire.example/concern
footer_links:
  Accessibility: accessibility.md
  Guide for staff: guide.md
"""
ALLOWED = """\
allow:
  - rule: ID-PHONE
    text: 01632 960 555
    reason: the Front Door's published number
"""
ENV = {"LIF_PROTECT_KEY": None, "CI": None}


def build(kit: SiteKit) -> tuple[int, str]:
    """`lif build` of the kit's site into out/: exit code and output."""
    result = run_lif("build", "--today", "2026-11-23", "--site-dir", str(kit.root / "out"),
                     cwd=kit.root, env=ENV)
    return result.exit_code, result.output


def text_of(html: str) -> str:
    """The page's words, tags taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_safeguarding_panel_shows_the_configured_numbers_on_home_and_footer(
        tmp_path: Path) -> None:
    """With its number in the allow list, the panel is on the home page (once, after the
    introduction and the search box) and in the footer of other pages, with tel: links, and
    the footer links the configured pages."""
    kit = SiteKit(tmp_path / "site", extra_config=CONTACTS + ALLOWED)
    code, output = build(kit)
    assert code == 0, output
    home = (kit.root / "out" / "index.html").read_text(encoding="utf-8")
    request = (kit.root / "out" / "request-a-report" / "index.html").read_text(encoding="utf-8")
    assert home.count("Worried about a child?") == 1
    assert home.index("Welcome.") < home.index('action="search/"') < home.index(
        "Worried about a child?") < home.index('id="latest-publications"')
    assert request.count("Worried about a child?") == 1
    assert 'href="tel:01632960555">01632 960 555</a>' in request
    assert '<a href="https://www.testshire.example/concern">Report a concern online</a>' in home
    assert re.findall(r'<li><a href="([^"]+)">(Accessibility|Guide for staff)</a>', request) == [
        ("../accessibility/", "Accessibility"), ("../guide/", "Guide for staff")]
    assert "Made with" not in text_of(request)


def test_safeguarding_number_outside_the_allow_list_stops_the_build(tmp_path: Path) -> None:
    """The panel's number is public text like any other: a mobile number not in the allow list
    is an ID-PHONE error at its mkdocs.yml line, before anything is built (no service word
    excuses a mobile), and nothing is published."""
    kit = SiteKit(tmp_path / "site",
                  extra_config=CONTACTS.replace("01632 960 555", "07700 900 555"))
    code, output = build(kit)
    assert (code, output.splitlines()) == (1, [
        "mkdocs.yml:21:18: ID-PHONE a phone number ('0**** 9** 5**') in a safeguarding "
        "contact's phone. Remove it; a published helpline belongs in the site's allow list.",
        "lif: 1 error(s) found by the checks; nothing was built. (1 error(s), 0 warning(s))"])
    assert not (kit.root / "out").exists()

