"""The lif plugin's options that reach pages (the partnership's name, the safeguarding panel,
the footer's links, theme labels, the logo) and mkdocs.yml's addresses are public strings:
identifiers, markup and script addresses in them are findings at their mkdocs.yml line."""

from __future__ import annotations

from pathlib import Path

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


def test_theme_overrides_with_inline_script_handlers_or_script_files_are_refused(
        kit: SiteKit) -> None:
    """A custom_dir template with an inline script, an event handler, a javascript: address or
    a script from another site, and a script file among the overrides, are HTML-UNSAFE at
    their line: the Content Security Policy lists only lif's and Material's theme files."""
    (kit.root / "theme/main.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block footer %}\n"
        "  <script>alert(1)</script>\n"
        '  <p ONCLICK="x()">Hi</p> <a href=" JavaScript:y()">y</a>\n'
        '  <script src="https://cdn.example/x.js"></script>\n'
        "{% endblock %}\n")
    (kit.root / "theme/assets").mkdir()
    (kit.root / "theme/assets/extra.js").write_text("alert(2)\n")
    lines = check(kit).stdout.splitlines()
    assert "theme/main.html:3:3: HTML-UNSAFE an inline <script> in the theme's overrides: " \
        "the site's Content Security Policy allows only lif's and Material's own scripts. " \
        "Remove it; a site's theme overrides may change markup and text, never add " \
        "scripts." in lines, lines
    assert "theme/main.html:4:6: HTML-UNSAFE event handler 'onclick' in the theme's " \
        "overrides: it would run code in readers' browsers. Remove it; a site's theme " \
        "overrides may change markup and text, never add scripts." in lines, lines
    assert "theme/main.html:4:37: HTML-UNSAFE 'javascript:' address in the theme's " \
        "overrides: it would run code in readers' browsers. Remove it; a site's theme " \
        "overrides may change markup and text, never add scripts." in lines, lines
    assert "theme/main.html:5:3: HTML-UNSAFE a <script> from another site in the theme's " \
        "overrides: no page asks another host for anything. Remove it; a site's theme " \
        "overrides may change markup and text, never add scripts." in lines, lines
    assert "theme/assets/extra.js:1:1: HTML-UNSAFE a script file in the theme's overrides " \
        "would be published and could be run by any page. Remove it; a site's theme " \
        "overrides may change markup and text, never add scripts." in lines, lines


def test_script_and_page_files_in_the_docs_folder_and_extra_javascript_are_refused(
        kit: SiteKit) -> None:
    """An HTML page, script file, XML with a stylesheet or binary file in the docs folder is
    published as it is (no check, no policy): ATTACHMENT-TYPE; a text file of any other kind is
    read as text; a script added with extra_javascript is HTML-UNSAFE at its line."""
    (kit.root / "content/x.html").write_text("<script>alert(1)</script>\n")
    (kit.root / "content/x.js").write_text("alert(1)\n")
    (kit.root / "content/feed.xml").write_text('<?xml-stylesheet href="x.xsl"?><rss/>\n')
    (kit.root / "content/data.bin").write_bytes(b"\x00\x01Kayden\xff")
    (kit.root / "content/notes.rss").write_text("<rss>Ring 07700 900123</rss>\n")
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra_javascript:\n  - x.js\n")
    lines = check(kit).stdout.splitlines()
    for name in ("feed.xml", "data.bin"):
        assert any(line.startswith(f"content/{name}:1:1: ATTACHMENT-TYPE ")
                   for line in lines), lines
    assert any(line.startswith("content/notes.rss:1:11: ID-PHONE ") for line in lines), lines
    count = len(config.read_text().splitlines())
    assert "content/x.html:1:1: ATTACHMENT-TYPE lif publishes the docs folder's files as they " \
        "are, and cannot check a '.html' file (it could hold scripts or names lif cannot " \
        "read). Write the page in Markdown, or remove the file." in lines, lines
    assert any(line.startswith("content/x.js:1:1: ATTACHMENT-TYPE ") for line in lines), lines
    assert f"mkdocs.yml:{count}:5: HTML-UNSAFE extra_javascript adds a script to every page: " \
        "the site's Content Security Policy allows only lif's and Material's own scripts. " \
        "Remove it from mkdocs.yml." in lines, lines


def test_plain_theme_overrides_and_stylesheets_pass(kit: SiteKit) -> None:
    """Near miss: an override with text, a script file of lif's theme by address, and a
    stylesheet in the docs folder added with extra_css are no finding."""
    (kit.root / "theme/main.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block footer %}<p>Javascript: not needed. onclick=no</p>\n"
        "<script src=\"{{ 'assets/lif.js' | url }}\"></script>{% endblock %}\n")
    (kit.root / "content/extra.css").write_text("body { color: #111; }\n")
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra_css:\n  - extra.css\n")
    result = check(kit)
    assert result.stdout.splitlines() == [
        f"lif: check passed for {TODAY}: 0 error(s), 0 warning(s)."], result.stdout


def test_a_markdown_extension_that_brings_in_unread_text_is_refused(kit: SiteKit) -> None:
    """pymdownx.snippets (pages made from other files: an embargoed report, the ledger) and
    pymdownx.b64 (pictures inlined as data: addresses) put into pages what lif never read:
    HTML-UNSAFE at their mkdocs.yml line; the common extensions pass."""
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "markdown_extensions:\n  - sane_lists\n"
                      "  - toc:\n      permalink: false\n  - pymdownx.snippets\n"
                      "  - pymdownx.b64:\n      base_path: content\n  - pymdownx.details\n")
    count = len(config.read_text().splitlines())
    lines = check(kit).stdout.splitlines()
    says = ("is not one lif reads pages with: it can put into a page text or files lif never "
            "read. Remove it from markdown_extensions (lif allows the Python-Markdown "
            "extensions and the pymdownx ones that only change how text is marked up).")
    assert [line for line in lines if "HTML-UNSAFE" in line] == [
        f"mkdocs.yml:{count - 3}:5: HTML-UNSAFE the Markdown extension 'pymdownx.snippets' "
        f"{says}",
        f"mkdocs.yml:{count - 2}:5: HTML-UNSAFE the Markdown extension 'pymdownx.b64' {says}",
    ], lines


def test_an_override_copying_materials_base_template_keeps_its_own_scripts(
        kit: SiteKit) -> None:
    """Near miss: a custom_dir base.html copied from Material (its JSON config block and inline
    snippets, which the policy allows as Material's) is no finding."""
    import material

    base = Path(material.__file__).parent / "templates" / "base.html"
    (kit.root / "theme/base.html").write_text(base.read_text(encoding="utf-8"))
    result = check(kit)
    assert [line for line in result.stdout.splitlines() if "theme/" in line] == [], \
        result.stdout
