"""Front matter (a response's actions, a briefing's fields) is read as YAML reads it, escapes
decoded, as well as as written: an identifier hidden by a YAML escape is found at its field."""

from __future__ import annotations

from tests.clirun import run_lif
from tests.sitekit import BRIEFING, RESPONSE, SiteKit

TODAY = "2026-11-23"


def lines_of(kit: SiteKit) -> list[str]:
    result = run_lif("check", "--today", TODAY, cwd=kit.root, env={"CI": None})
    return [line for line in result.stdout.splitlines() if "REDACTION-ALLOWED" not in line]


def test_yaml_escapes_in_a_response_and_a_briefing_hide_no_identifier(kit: SiteKit) -> None:
    """A phone number split by an escaped zero-width space in an action's agency, one spelt
    with an escaped digit in a briefing's audience, and a postcode with an escaped space in a
    content page's title are each one finding at the field."""
    kit.review("child-t", response=RESPONSE.replace(
        "agency: Testshire County Council",
        'agency: "Testshire County Council \\u200b07700\\u200b900123"'))
    kit.publish("child-t", "2025-05-20")
    kit.briefing("sleep", "2026-01-10", body=BRIEFING.format(
        title="Sleep", date="2026-01-10", themes="safer-sleep", reviews="").replace(
        "audience: [health visitors]", 'audience: ["ring 0\\x37700 900124"]'))
    (kit.root / "content/about.md").write_text(
        '---\ntitle: "Moved to LS1\\u00204AP"\n---\n# About\n\nText.\n')
    phone = ("ID-PHONE a phone number ('0**********'). Remove it; a published helpline belongs "
             "in the site's allow list.")
    lines = lines_of(kit)
    assert f"reviews/child-t/response.md:5:14: {phone}" in lines, lines
    assert any(line.startswith("briefings/sleep.md:5:") and "ID-PHONE" in line
               for line in lines), lines
    assert any(line.startswith("content/about.md:2:9: ID-POSTCODE ") for line in lines), lines


def test_an_identifier_written_plainly_in_front_matter_is_reported_once(kit: SiteKit) -> None:
    """Near miss: a number written as it reads is found once, at its column, not again as
    YAML reads it; plain front matter with escapes that hide nothing passes."""
    kit.review("child-t", response=RESPONSE.replace(
        "agency: Testshire County Council", "agency: Testshire County Council 07700 900125"))
    kit.publish("child-t", "2025-05-20")
    kit.briefing("sleep", "2026-01-10", body=BRIEFING.format(
        title="Sleep", date="2026-01-10", themes="safer-sleep", reviews="").replace(
        "audience: [health visitors]", 'audience: ["health\\u0020visitors"]'))
    lines = lines_of(kit)
    assert [line for line in lines if "ID-" in line] == [
        "reviews/child-t/response.md:5:38: ID-PHONE a phone number ('0**** 9*****'). Remove "
        "it; a published helpline belongs in the site's allow list."], lines


def test_svg_text_split_by_inline_elements_is_read_whole() -> None:
    """A phone number split by <tspan> in one line of SVG text is found, once, at its first
    piece; two separate <text> elements are not run together (near miss)."""
    from generator.checks.documents import scan_text

    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><text>ring 07700 <tspan>900</tspan>123'
           '</text><text>07700 900124</text><text>LS1</text><text>4AP</text></svg>')
    assert [(m.rule_id, m.line, m.column) for m in scan_text(".svg", svg, "x.svg", None)] == [
        ("ID-PHONE", 1, 92), ("ID-PHONE", 1, 52)]
