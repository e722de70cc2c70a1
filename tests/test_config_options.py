"""The lif plugin's options that reach pages (the partnership's name, the safeguarding panel,
the footer's links, theme labels, the logo) and mkdocs.yml's addresses are public strings:
identifiers, markup and script addresses in them are findings at their mkdocs.yml line."""

from __future__ import annotations

from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit

TODAY = "2026-11-23"


def check(kit: SiteKit) -> Result:
    return run_lif("check", "--today", TODAY, cwd=kit.root, env={"CI": None})


def line_of(kit: SiteKit, needle: str) -> int:
    lines = (kit.root / "mkdocs.yml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_safeguarding_contact_markup_phone_and_script_address_are_findings_at_their_line(
        tmp_path) -> None:
    """A contact's label with a script, a note with a phone number not allowed and a
    javascript: url are findings at their lines in mkdocs.yml, before any build."""
    kit = SiteKit(tmp_path / "s", "safeguarding_contacts:\n"
                  "  - label: Front door <script>alert(1)</script>\n"
                  "    url: javascript:alert(1)\n"
                  "    note: or ring 07700 900123\n")
    lines = check(kit).stdout.splitlines()
    label, url, note = (line_of(kit, "label:"), line_of(kit, "    url:"), line_of(kit, "note:"))
    assert f"mkdocs.yml:{label}:29: PUBLIC-MARKUP markup ('<s') in a safeguarding contact's " \
        "label: a template prints it as it is. Write plain text: no HTML tags, angle brackets " \
        "or character references." in lines, lines
    assert f"mkdocs.yml:{url}:16: HTML-UNSAFE 'javascript:' address in a safeguarding " \
        "contact's url: it would run code in readers' browsers. Give an http(s), mailto: or " \
        "tel: address, or a page of the site." in lines, lines
    assert f"mkdocs.yml:{note}:25: ID-PHONE a phone number ('0**** 9*****') in a safeguarding " \
        "contact's note. Remove it; a published helpline belongs in the site's allow list." \
        in lines, lines


def test_footer_link_and_theme_label_tricks_are_findings_at_their_line(tmp_path) -> None:
    """A footer link to a javascript: address, a footer label with an event handler, and a theme
    label holding a Markdown javascript: link or a protected-looking e-mail are found."""
    kit = SiteKit(tmp_path / "s", "footer_links:\n"
                  "  Help <b onmouseover=x()>me</b>: request-a-report.md\n"
                  "  Evil: \"JaVa\\tScRiPt:alert(2)//x\"\n"
                  "extra_themes:\n"
                  "  evil: Evil [click](javascript:alert(3)) theme\n"
                  "  mail: Write to jo.bloggs@example.com\n")
    lines = check(kit).stdout.splitlines()
    assert f"mkdocs.yml:{line_of(kit, 'Help <b')}:14: PUBLIC-MARKUP markup ('<b') in a footer " \
        "link's label: a template prints it as it is. Write plain text: no HTML tags, angle " \
        "brackets or character references." in lines, lines
    assert f"mkdocs.yml:{line_of(kit, 'Evil:')}:16: HTML-UNSAFE 'javascript:' address in a " \
        "footer link: it would run code in readers' browsers. Give a content page of the " \
        "site (such as privacy.md)." in lines, lines
    theme = line_of(kit, "evil:")
    assert any(line.startswith(f"mkdocs.yml:{theme}:15: HTML-UNSAFE in a theme's label: ")
               for line in lines), lines
    assert any(line.startswith(f"mkdocs.yml:{line_of(kit, 'mail:')}:24: ID-EMAIL ")
               for line in lines), lines


def test_partnership_logo_and_extra_addresses_are_checked(tmp_path) -> None:
    """The partnership's name with an e-mail address, a logo path that breaks out of its
    attribute, an ``extra`` address with a data: URL and a description with a double quote
    (printed inside Material's attributes) are all findings at their lines."""
    kit = SiteKit(tmp_path / "s", "logo: 'x.png\" onerror=\"alert(4)'\n")
    config = kit.root / "mkdocs.yml"
    text = config.read_text().replace(
        "partnership: Testshire Safeguarding Children Partnership",
        "partnership: Testshire SCP (ask pat.jones@example.com)")
    config.write_text(text + "site_description: 'Reviews 0;url=https://x\" http-equiv=\"refresh'\n"
                      "extra:\n  homepage: ' data:text/html,<b>x</b>'\n")
    lines = check(kit).stdout.splitlines()
    assert any(line.startswith(f"mkdocs.yml:{line_of(kit, 'partnership:')}:39: ID-EMAIL ")
               for line in lines), lines
    assert f"mkdocs.yml:{line_of(kit, 'logo:')}:14: HTML-UNSAFE the logo: '\"' ends the " \
        "attribute it is printed in. Give the path of an image under the docs folder " \
        "(such as images/logo.png)." in lines, lines
    assert f"mkdocs.yml:{line_of(kit, 'site_description:')}:43: PUBLIC-MARKUP markup ('\"') " \
        "in site_description: a template prints it as it is. Write plain text: no HTML " \
        "tags, angle brackets or character references." in lines, lines
    assert f"mkdocs.yml:{line_of(kit, 'homepage:')}:14: HTML-UNSAFE 'data:' address in an " \
        "'extra' value: it would run code in readers' browsers. Give an http(s), mailto: or " \
        "tel: address, or a page of the site." in lines, lines


def test_plain_options_with_ordinary_addresses_pass(tmp_path) -> None:
    """Near miss: https, mailto and tel addresses, a relative footer link, a logo path,
    apostrophes and ampersands in labels, and an allowed helpline are no finding."""
    kit = SiteKit(tmp_path / "s", "safeguarding_contacts:\n"
                  "  - label: Children's Services & Front Door\n"
                  "    phone: 01632 960 200\n"
                  "    note: Monday to Friday, 9am to 5pm\n"
                  "  - label: Report a concern online\n"
                  "    url: https://www.testshire.example/report\n"
                  "  - label: Write to us\n"
                  "    url: mailto:learning@testshire.example\n"
                  "footer_links:\n"
                  "  Request a report: request-a-report.md\n"
                  "extra_themes:\n"
                  "  county-lines: County lines & exploitation\n"
                  "allow:\n"
                  "  - rule: ID-PHONE\n"
                  "    text: 01632 960 200\n"
                  "    reason: the front door\n"
                  "  - rule: ID-EMAIL\n"
                  "    text: learning@testshire.example\n"
                  "    reason: the business unit\n")
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  homepage: https://www.testshire.example/\n")
    result = check(kit)
    assert [line for line in result.stdout.splitlines() if "REDACTION-ALLOWED" not in line] \
        == [f"lif: check passed for {TODAY}: 0 error(s), 0 warning(s)."], result.stdout
    assert result.exit_code == 0
