"""Public strings that are not page text (names in URLs, mkdocs.yml's printed settings, the
ledger's words, the names `lif new` makes) are findings at their source."""

from __future__ import annotations

from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit

TODAY = "2026-11-23"


def check(kit: SiteKit) -> Result:
    return run_lif("check", "--today", TODAY, cwd=kit.root, env={"CI": None})


def published(kit: SiteKit, slug: str) -> None:
    kit.review(slug)
    kit.event("approved", slug, "2026-10-01")
    kit.event("panel-copy-sent", slug, "2026-10-02", recipients=["Ofsted"])
    kit.event("published", slug, "2026-10-20")


def test_identifier_in_a_listed_slug_is_a_finding_at_its_folder(kit: SiteKit) -> None:
    """A published review's folder name is its URL: a phone number in it is a finding there."""
    published(kit, "child-07700900123")
    assert check(kit).stdout.splitlines()[0] == (
        "reviews/child-07700900123:1:7: ID-PHONE a phone number ('0**********') in the review's "
        "folder name (its slug, in every URL). Remove it; a published helpline belongs in the "
        "site's allow list.")


def test_identifier_in_an_attachment_folder_and_content_file_name(kit: SiteKit) -> None:
    """A files/ subfolder and a content page's file name are URLs: e-mail and postcode in them
    are findings at their paths; a plain name is not."""
    published(kit, "child-t")
    (kit.root / "reviews/child-t/files/mum.t@example.com").mkdir(parents=True)
    (kit.root / "reviews/child-t/files/mum.t@example.com/plan.txt").write_text("A plan.\n")
    (kit.root / "content/moved-to-ls1-4ap.md").write_text("# Moved\n\nText.\n")
    (kit.root / "content/about-us.md").write_text("# About us\n\nText.\n")
    lines = check(kit).stdout.splitlines()
    assert any(line.startswith("reviews/child-t/files/mum.t@example.com:1:1: ID-EMAIL")
               for line in lines), lines
    assert any(line.startswith("content/moved-to-ls1-4ap.md:1:10: ID-POSTCODE")
               for line in lines), lines
    assert not any("about-us" in line for line in lines)


def test_config_strings_with_identifiers_or_markup_are_findings_at_their_line(
        kit: SiteKit) -> None:
    """site_description, copyright and extra values are printed on every page: a phone and
    markup there are findings at the mkdocs.yml line."""
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  helpline: Ring 07700 900456\n"
                      "copyright: <script>x()</script> Testshire\n")
    lines = check(kit).stdout.splitlines()
    count = len(config.read_text().splitlines())
    assert f"mkdocs.yml:{count - 1}:18: ID-PHONE a phone number ('0**** 9*****') in an 'extra' " \
        "value. Remove it; a published helpline belongs in the site's allow list." in lines
    assert f"mkdocs.yml:{count}:12: PUBLIC-MARKUP markup ('<s') in copyright: a template prints " \
        "it as it is. Write plain text: no HTML tags, angle brackets or character references." \
        in lines


def test_plain_config_strings_pass(kit: SiteKit) -> None:
    """The near miss: plain settings and names give no finding."""
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  helpline: Ring the business unit\n")
    published(kit, "child-t")
    assert check(kit).exit_code == 0


def test_lif_new_refuses_an_identifying_slug_before_creating_anything(kit: SiteKit) -> None:
    """`lif new review` with a phone number in the slug creates nothing and exits 1."""
    result = run_lif("new", "review", "child-07700900123", cwd=kit.root)
    assert (result.exit_code, result.stdout) == (1, (
        "SLUG:1:7: ID-PHONE a phone number ('0**********') in the review's slug. Remove it; a "
        "published helpline belongs in the site's allow list.\n"))
    assert not (kit.root / "reviews/child-07700900123").exists()


def test_lif_new_refuses_a_briefing_title_with_a_protected_name(kit: SiteKit) -> None:
    """A protected name of any review in a briefing's title is refused; a plain title is not."""
    key = {"LIF_PROTECT_KEY": "test-only key, never a real one", "CI": None}
    kit.review("child-t")
    assert run_lif("protect", "child-t", input_text="Jane Ashworth\n", cwd=kit.root,
                   env=key).exit_code == 0
    result = run_lif("new", "briefing", "Learning from Jane Ashworth", cwd=kit.root, env=key)
    assert (result.exit_code, result.stdout) == (1, (
        "TITLE:1:15: PROTECTED-TERM a protected name or place of a review ('J*** A*******') in "
        "the briefing's title. Replace it with the pseudonym or a role (Mother, the school), or "
        "remove it.\n"))
    assert list((kit.root / "briefings").iterdir()) == []
    assert run_lif("new", "briefing", "Learning about safer sleep", cwd=kit.root,
                   env=key).exit_code == 0


def test_a_name_is_reported_once(kit: SiteKit) -> None:
    """A content file name the page scan also reads gives one finding, not two."""
    (kit.root / "content/call-07700900123.md").write_text("# Call\n\nText.\n")
    lines = [line for line in check(kit).stdout.splitlines() if "ID-PHONE" in line]
    assert len(lines) == 1, lines
