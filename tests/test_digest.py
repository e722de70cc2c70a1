"""`lif digest --since DATE`: an e-mail newsletter of what the public site published since a
day, as mail-safe HTML and plain text, checked like the site before anything is written."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest

from generator import digest
from generator.errors import FindingsError
from tests.clirun import Result, run_lif
from tests.sitekit import SiteKit
from tests.test_embargo import canary, listing_site

FOLDER = "outbox/digest/2026-10-01-to-2026-11-23"
SAFER_SLEEP = """\
---
title: "Safer sleep: 7-minute briefing"
date: 2026-11-04
themes: [safer-sleep, housing]
source: lcspr
---
## 1. Background

A background.

## 2. Why it matters

It matters.

## 3. Key information

Information.

## 4. Key findings

Findings.

## 5. What the review found

More findings.

## 6. Things to remember

- **Knowing** the advice is not the same as
  being able to follow it.
- If you have not seen where the baby sleeps, you do not know.

## 7. What to do

Do this.
"""


def learning_site(kit: SiteKit) -> None:
    """A review published in the period and one before it; two briefings in the period (one
    on its first day) and one the day before."""
    kit.review("child-t", themes=["information-sharing", "domestic-abuse"],
               key_learning=["Share what you know *before* a baby is born.",
                             "Ask about every adult in the household."])
    kit.publish("child-t", "2026-10-14")
    kit.review("baby-k", subject="Baby K", themes=["safer-sleep"])
    kit.publish("baby-k", "2025-05-20")
    (kit.root / "briefings" / "safer-sleep.md").write_text(SAFER_SLEEP, encoding="utf-8")
    kit.briefing("hidden-men", "2026-10-01", title="Hidden men and fathers", themes="hidden-men")
    kit.briefing("old-briefing", "2026-09-30", title="An older briefing", themes="neglect")


def lif_digest(kit: SiteKit, *args: str, since: str = "2026-10-01") -> Result:
    return run_lif("digest", "--since", since, "--today", "2026-11-23", *args, cwd=kit.root)


EXPECTED_TEXT = """\
Testshire Safeguarding Children Partnership: learning digest, issued 23
November 2026

Everything we have published 1 October 2026 or later: 1 case review and
2 briefings, grouped by theme. Each has its key learning and a link to
read it in full.

HIDDEN MEN AND FATHERS
======================

Hidden men and fathers
7-minute briefing, published 1 October 2026.
Key learning:
- Remember this.
Read it: https://example.test/briefings/hidden-men/

INFORMATION SHARING
===================

Child T: a local child safeguarding practice review
Case review, published 14 October 2026. Also about: Domestic abuse.
Key learning:
- Share what you know before a baby is born.
- Ask about every adult in the household.
Read it: https://example.test/reviews/child-t/

SUDDEN UNEXPECTED DEATH IN INFANCY AND SAFER SLEEP
==================================================

Safer sleep: 7-minute briefing
7-minute briefing, published 4 November 2026. Also about: Housing.
Key learning:
- Knowing the advice is not the same as being able to follow it.
- If you have not seen where the baby sleeps, you do not know.
Read it: https://example.test/briefings/safer-sleep/

Every review and briefing of Testshire Safeguarding Children
Partnership: https://example.test/
"""


def test_digest_lists_what_was_published_since_the_day(kit: SiteKit) -> None:
    """Items public on the day and published from --since on, grouped under their first
    theme, each with its key learning (a briefing's section 6) and an absolute link."""
    learning_site(kit)
    result = lif_digest(kit)
    assert (result.exit_code, result.stdout, result.stderr) == (0, (
        f"lif: wrote digest.html, digest.txt into {FOLDER}: 1 case review and 2 briefings "
        "published from 2026-10-01 to 2026-11-23.\n"), "")
    assert sorted(p.name for p in (kit.root / FOLDER).iterdir()) == ["digest.html",
                                                                     "digest.txt"]
    assert (kit.root / FOLDER / "digest.txt").read_text() == EXPECTED_TEXT


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())


def test_digest_html_is_what_mail_clients_accept(kit: SiteKit) -> None:
    """The HTML has no style block, script, stylesheet, image or any other fetched asset:
    tables for layout, inline styles, and only absolute links to the site; its text is the
    plain-text part's."""
    learning_site(kit)
    assert lif_digest(kit).exit_code == 0
    page = _Elements()
    page.feed((kit.root / FOLDER / "digest.html").read_text())
    assert sorted({tag for tag, _ in page.tags}) == [
        "a", "body", "h1", "h2", "h3", "head", "html", "li", "meta", "p", "table", "td",
        "title", "tr", "ul"]
    assert [attrs for _, attrs in page.tags if "src" in attrs or "srcset" in attrs] == []
    assert sorted({attrs["href"] or "" for tag, attrs in page.tags if tag == "a"}) == [
        "https://example.test/", "https://example.test/briefings/hidden-men/",
        "https://example.test/briefings/safer-sleep/", "https://example.test/reviews/child-t/"]
    styled = {"a", "body", "h1", "h2", "h3", "li", "p", "table", "td", "ul"}
    assert [tag for tag, attrs in page.tags if tag in styled and not attrs.get("style")] == []
    assert page.text[:4] == [
        "Testshire Safeguarding Children Partnership: learning digest, issued 23 November 2026",
        "Testshire Safeguarding Children Partnership",
        "Learning digest, issued 23 November 2026",
        "Everything we have published 1 October 2026 or later: 1 case review and 2 briefings, "
        "grouped by theme. Each has its key learning and a link to read it in full."]
    assert [t for t in page.text if t.startswith("Read ")] == [
        "Read Hidden men and fathers",
        "Read Child T: a local child safeguarding practice review",
        "Read Safer sleep: 7-minute briefing"]


def test_digest_passes_lif_scan(kit: SiteKit) -> None:
    """`lif scan` on the written digest.html and digest.txt finds nothing (exit 0)."""
    learning_site(kit)
    assert lif_digest(kit).exit_code == 0
    result = run_lif("scan", f"{FOLDER}/digest.html", f"{FOLDER}/digest.txt", cwd=kit.root)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "lif: scan passed: 0 error(s), 0 warning(s).\n")


def test_digest_output_option_chooses_the_folder(kit: SiteKit) -> None:
    """--output DIR writes the two files into DIR."""
    learning_site(kit)
    result = lif_digest(kit, "--output", "news")
    assert result.stdout == ("lif: wrote digest.html, digest.txt into news: 1 case review and "
                             "2 briefings published from 2026-10-01 to 2026-11-23.\n")
    assert (kit.root / "news/digest.txt").read_text() == EXPECTED_TEXT
    assert not (kit.root / "outbox").exists()


def test_digest_output_that_is_a_file_is_a_usage_error(kit: SiteKit) -> None:
    """--output naming a file, not a folder, is a usage error and the file is untouched."""
    learning_site(kit)
    (kit.root / "news.txt").write_text("mine\n")
    result = lif_digest(kit, "--output", "news.txt")
    assert (result.exit_code, result.stderr) == (
        2, "lif: --output news.txt is a file; give a folder for digest.html and digest.txt.\n")
    assert (kit.root / "news.txt").read_text() == "mine\n"


def test_digest_without_site_url_is_a_usage_error(kit: SiteKit) -> None:
    """Links in an e-mail must be absolute: without site_url, exit 2 saying what to add."""
    learning_site(kit)
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://example.test/\n", ""))
    result = lif_digest(kit)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", (
        f"lif: {config}: site_url is not set, and the digest's links must be absolute to work "
        "in an e-mail. Add 'site_url: https://...' (the published site's address) to "
        "mkdocs.yml.\n"))
    assert not (kit.root / "outbox").exists()


@pytest.mark.parametrize(("since", "message"), [
    ("2026-11-24", "--since 2026-11-24 is after the day of the digest (2026-11-23)."),
    ("1 October", "--since must be a date written as YYYY-MM-DD, not '1 October'."),
])
def test_digest_since_must_be_a_day_up_to_today(kit: SiteKit, since: str, message: str) -> None:
    """A --since after the build day, or not a date, is a usage error (exit 2)."""
    learning_site(kit)
    result = lif_digest(kit, since=since)
    assert (result.exit_code, result.stderr) == (2, f"lif: {message}\n")


def test_nothing_published_writes_no_digest(kit: SiteKit) -> None:
    """A period with no publication writes nothing and says so (exit 0)."""
    learning_site(kit)
    result = lif_digest(kit, since="2026-11-05")
    assert (result.exit_code, result.stdout) == (0, (
        "lif: nothing was published from 2026-11-05 to 2026-11-23; no digest was written.\n"))
    assert not (kit.root / "outbox").exists()


def test_a_finding_in_the_digest_writes_nothing(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text the checks refuse in what would be written (here a phone number a template bug
    put there) stops the digest: the finding is printed, exit 1, no file written."""
    learning_site(kit)
    real = digest.digest_text
    monkeypatch.setattr(digest, "digest_text",
                        lambda made: real(made) + "Call 07700 900123.\n")
    result = lif_digest(kit)
    assert (result.exit_code, result.stdout, result.stderr) == (1, (
        f"{FOLDER}/digest.txt:39:6: ID-PHONE a phone number ('0**** 9*****'). Remove it; a "
        "published helpline belongs in the site's allow list.\n"),
        "lif: the digest did not pass the redaction checks; nothing was written (1 error(s), 0 "
        "warning(s))\n")
    assert not (kit.root / "outbox").exists()


def test_a_site_with_errors_makes_no_digest(kit: SiteKit) -> None:
    """The digest vouches only for a site that passes its checks: an error anywhere stops it."""
    learning_site(kit)
    path = kit.root / "briefings/hidden-men.md"
    path.write_text(path.read_text().replace("Remember this.", "Call 07700 900123."))
    result = lif_digest(kit)
    assert (result.exit_code, result.stdout, result.stderr) == (1, (
        "briefings/hidden-men.md:31:6: ID-PHONE a phone number ('0**** 9*****'). Remove it; a "
        "published helpline belongs in the site's allow list.\n"),
        "lif: the site has errors, so no digest was written; fix them first (1 error(s), 0 "
        "warning(s))\n")
    assert not (kit.root / "outbox").exists()


@pytest.mark.slow
def test_digest_holds_nothing_that_is_not_public(kit: SiteKit) -> None:
    """Canaries of scheduled, withheld, delayed, withdrawn and draft reviews and of a future
    briefing are in neither file; the published review's and public briefing's are."""
    listing_site(kit)
    result = lif_digest(kit, "--output", "news", since="2024-01-01")
    assert result.exit_code == 0, result.output
    files = {p.name: p.read_text() for p in (kit.root / "news").iterdir()}
    assert sorted(files) == ["digest.html", "digest.txt"]
    for text in files.values():
        assert canary("published", "learning") in text
        assert "Public briefing" in text
        for state in ("scheduled", "withheld", "delayed", "withdrawn", "draft"):
            for where in ("report", "response", "summary", "learning", "file", "attachment"):
                assert canary(state, where) not in text, (state, where)
            assert f"review-{state}" not in text
        assert canary("scheduled", "brief") not in text


def test_digest_is_written_whole_or_not_at_all(kit: SiteKit) -> None:
    """write_digest checks both files before it creates the folder (a refusal leaves none)."""
    learning_site(kit)
    from generator.build import check_site

    _, site = check_site(str(kit.root / "mkdocs.yml"), "2026-11-23")
    made = digest.collect(site, site.today.replace(day=1), "https://example.test/")
    broken = digest.Digest(made.partnership, made.since, made.today, made.site_url,
                           [("Call 07700 900123", made.groups[0][1])])
    with pytest.raises(FindingsError):
        digest.write_digest(site, broken, kit.root / "out")
    assert not Path(kit.root / "out").exists()


def test_digest_lists_only_public_items_even_in_a_preview_config(kit: SiteKit) -> None:
    """With 'preview: true' (lif serve's setting) in mkdocs.yml, drafts and scheduled items
    are still left out: the digest lists what the public site shows."""
    kit = SiteKit(kit.root, extra_config="preview: true\n")
    learning_site(kit)
    kit.review("child-d", subject="Child D", draft=True, key_learning=["Draft learning."])
    kit.briefing("future", "2026-12-01", title="A future briefing", themes="neglect")
    kit.briefing("draft", "2026-11-01", body=(
        "---\ntitle: A draft briefing\ndate: 2026-11-01\nthemes: [neglect]\nsource: audit\n"
        "format: free\ndraft: true\n---\nDraft text.\n"))
    assert lif_digest(kit).exit_code == 0
    assert (kit.root / FOLDER / "digest.txt").read_text() == EXPECTED_TEXT


def test_free_briefing_learning_is_its_first_paragraph(kit: SiteKit) -> None:
    """A briefing in free format gives its first paragraph as its key learning."""
    kit.briefing("free", "2026-11-01", body=(
        "---\ntitle: Notes\ndate: 2026-11-01\nthemes: [neglect]\nsource: audit\nformat: free\n"
        "---\n# Notes\n\nNeglect is *cumulative*:\nlook at the whole history.\n\nMore.\n"))
    from generator.build import check_site

    _, site = check_site(str(kit.root / "mkdocs.yml"), "2026-11-23")
    assert digest.briefing_learning(site.sources.briefings["free"]) == [
        "Neglect is cumulative: look at the whole history."]


def test_digest_text_of_an_unpublished_review_is_a_leak(kit: SiteKit) -> None:
    """The leak fingerprints read the digest: a sentence of a scheduled review's report in it
    is SITE-LEAK, even beside the listed fields that are cut out first."""
    listing_site(kit)
    from generator.build import check_site

    _, site = check_site(str(kit.root / "mkdocs.yml"), "2026-11-23")
    sentence = f"The help given to the family was {canary('scheduled', 'report')} in several"
    found = digest.findings_in(site, {"digest.txt": f"Public briefing\n{sentence} places.\n"},
                               "news", listed=["Public briefing"])
    assert [f.format() for f in found] == [
        "news/digest.txt:1:1: SITE-LEAK holds text of a review or briefing that is not public "
        "today. Nothing was written. Report it as a bug in lif: the digest lists only what is "
        "public."]
