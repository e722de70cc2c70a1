"""Links in content pages lead to pages the site has on the build day, or are reported."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.checks.links import FENCE, line_links, links, site_targets
from tests.clirun import run_lif
from tests.sitekit import BRIEFING, RESPONSE, SiteKit

HINT = ("Check the path, relative to this page. A review's or briefing's page exists only while "
        "it is public: link to it from the day it is published.")


SCHEDULED_HINT = ("Link to it from that day (add the link when it is published), or remove the "
                  "link: its address names the review.")
NEVER_HINT = ("Remove the link: the page does not exist on the public site and its address names "
              "the review.")


def check(kit: SiteKit, today: str = "2026-11-23") -> tuple[int, list[str]]:
    result = run_lif("check", "--today", today, cwd=kit.root)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def test_links_to_public_pages_and_pdfs_pass(kit: SiteKit) -> None:
    """Links to a published review, its report, its PDF, a briefing and a content page pass."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    kit.briefing("safer-sleep", "2025-06-01")
    (kit.root / "content/about.md").write_text("# About\n")
    (kit.root / "content/index.md").write_text(
        "# Home\n\nRead [Child T](reviews/child-t/index.md), [its report]"
        "(reviews/child-t/report.md#summary), [the PDF](reviews/child-t/child-t.pdf), "
        "[a briefing](briefings/safer-sleep.md), [us](about.md) and "
        "[the Panel](https://www.gov.uk/).\n")
    assert check(kit) == (0, ["lif: check passed for 2026-11-23: 0 error(s), 0 warning(s)."])


def test_a_footnote_definition_is_not_read_as_a_link(kit: SiteKit) -> None:
    """``[^1]: Set up in 2019.`` is a footnote's text (the footnotes extension is always on),
    not a reference definition whose target is ``Set``; a real one beside it is still read."""
    (kit.root / "content/index.md").write_text(
        "# Home\n\nWe began in 2019.[^1] See [us][about].\n\n[^1]: Set up in 2019.\n"
        "[about]: abuot.md\n")
    assert check(kit) == (1, [
        "content/index.md:6:10: LINK-BROKEN this link leads to no page or file of the site on "
        "this build day. Check the path, relative to this page. A review's or briefing's page "
        "exists only while it is public: link to it from the day it is published.",
        "lif: check failed: 1 error(s), 0 warning(s).",
    ])


def test_link_to_a_scheduled_review_is_broken_until_its_day(kit: SiteKit) -> None:
    """A link to a review scheduled for later is an error naming the line, and fine on the day."""
    kit.review("child-t")
    kit.publish("child-t", "2026-12-09")
    (kit.root / "content/index.md").write_text(
        "# Home\n\nComing soon:\n\n- [Child T](reviews/child-t/index.md)\n")
    assert check(kit) == (1, [
        "content/index.md:5:13: LINK-BROKEN this link leads to a page or file that is not public "
        f"until 2026-12-09. {SCHEDULED_HINT}",
        "lif: check failed: 1 error(s), 0 warning(s).",
    ])
    assert check(kit, "2026-12-09")[0] == 0


def test_misspelt_page_link_is_reported_and_the_build_keeps_nothing(kit: SiteKit) -> None:
    """`lif build` stops on a misspelt link with the same finding, before MkDocs runs."""
    (kit.root / "content/index.md").write_text("# Home\n\nSee [about us](abuot.md).\n")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        f"content/index.md:3:16: LINK-BROKEN this link leads to no page or file of the site on "
        f"this build day. {HINT}"])
    assert not (kit.root / "site").exists()


def test_links_in_code_are_not_links_and_targets_resolve_as_the_browser_reads_them() -> None:
    """Code spans and fenced blocks hold no links; anchors and external links lead off the
    site; files resolve from the source folder, folder addresses from the page's address,
    absolute ones from the root; reference definitions and raw href/src are links too."""
    text = ("`[a](x.md)` [b](y.md)\n```\n[c](z.md)\n```\n[d](#top) [e](/abs.md) "
            "[f](mailto:a@b.example) ![g](pic.png)\n[r]: ../r/\n<a href=\"q&amp;.md\">q</a>\n")
    assert [(line, col, target) for line, col, target in links(text)] == [
        (1, 17, "y.md"), (5, 5, "#top"), (5, 15, "/abs.md"), (5, 28, "mailto:a@b.example"),
        (5, 53, "pic.png"), (6, 6, "../r/"), (7, 10, "q&.md")]
    assert [site_targets("guide/index.md", t) for t in
            ("#top", "/abs.md", "mailto:a@b.example", "pic.png", "../about.md", "a%20b.md",
             "../reviews/x/", "//cdn.example/x.js")] == [
        None, ["abs.md"], None, ["guide/pic.png"], ["about.md"], ["guide/a b.md"],
        ["reviews/x/index.md", "reviews/x.md", "reviews/x"], None]
    assert site_targets("guide/faq.md", "../reviews/x/") == [
        "guide/reviews/x/index.md", "guide/reviews/x.md", "guide/reviews/x"]


FILES_HINT = ("Put the file in the review's files/ folder, or correct the path: it is relative "
              "to the report, so write files/NAME.")


def test_link_to_a_missing_attachment_is_broken(kit: SiteKit) -> None:
    """A report's link into files/ at a file that is not there is an error at its line."""
    folder = kit.review("child-t", report="## 1. Introduction\n\n1. See [the chronology]"
                        "(files/chronology.pdf) and [the notes](files/notes.txt#part-2).\n")
    (folder / "files").mkdir()
    (folder / "files" / "notes.txt").write_text("Notes.\n")
    kit.publish("child-t", "2025-05-20")
    assert check(kit) == (1, [
        "reviews/child-t/report.md:3:25: LINK-BROKEN this link leads to no file in the review's "
        f"files/ folder. {FILES_HINT}",
        "lif: check failed: 1 error(s), 0 warning(s).",
    ])


@pytest.mark.slow
def test_a_public_reports_attachments_are_published_beside_it(kit: SiteKit) -> None:
    """The image and link in a report lead to the review's files, copied into the site."""
    folder = kit.review("child-t", report="## 1. Introduction\n\n![A chart of contacts]"
                        "(files/chart.svg)\n\n1. See [the notes](files/notes.txt).\n")
    (folder / "files").mkdir()
    (folder / "files" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"></svg>\n')
    (folder / "files" / "notes.txt").write_text("Notes.\n")
    kit.publish("child-t", "2025-05-20")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 0, result.output
    site = kit.root / "site" / "reviews" / "child-t"
    assert sorted(p.name for p in (site / "files").iterdir()) == ["chart.svg", "notes.txt"]
    page = (site / "report" / "index.html").read_text()
    assert '<img alt="A chart of contacts" src="../files/chart.svg" />' in page
    assert '<a href="../files/notes.txt">the notes</a>' in page


def test_every_link_form_to_a_scheduled_review_names_its_day(kit: SiteKit) -> None:
    """Folder, absolute, reference, raw <a href> and PDF links from a content page and a
    briefing to a scheduled review are each an error at their line naming the day."""
    kit.review("child-t")
    kit.publish("child-t", "2026-12-09")
    (kit.root / "content/about.md").write_text(
        "# About\n\n[a](../reviews/child-t/)\n[b](/reviews/child-t/report/)\n[c][ref]\n"
        '<a href="/reviews/child-t/child-t.pdf">d</a>\n\n[ref]: ../reviews/child-t/response/\n')
    body = BRIEFING.format(title="B", date="2026-06-01", themes="safer-sleep", reviews="")
    kit.briefing("b-one", "2026-06-01", body=body.replace(
        "Remember this.", "See [the review](../reviews/child-t/index.md)."))
    code, lines = check(kit)
    assert code == 1
    until = "LINK-BROKEN this link leads to a page or file that is not public until 2026-12-09. "
    assert [line for line in lines if "LINK-BROKEN" in line] == [
        f"briefings/b-one.md:31:18: {until}{SCHEDULED_HINT}",
        f"content/about.md:3:5: {until}{SCHEDULED_HINT}",
        f"content/about.md:4:5: {until}{SCHEDULED_HINT}",
        f"content/about.md:6:10: {until}{SCHEDULED_HINT}",
        f"content/about.md:8:8: {until}{SCHEDULED_HINT}",
    ]


def test_link_to_a_withheld_review_is_never_public(kit: SiteKit) -> None:
    """A link to a review that is withheld names no day: it is not public at all."""
    kit.review("child-t")
    (kit.root / "content/about.md").write_text("# About\n\n[a](../reviews/child-t/)\n")
    code, lines = check(kit)
    assert code == 1
    assert [line for line in lines if "LINK-BROKEN" in line] == [
        "content/about.md:3:5: LINK-BROKEN this link leads to a page or file that is not public "
        f"(a draft, withheld or withdrawn item). {NEVER_HINT}"]


def test_links_to_public_folders_images_and_listings_pass(kit: SiteKit) -> None:
    """Folder and absolute addresses of public pages, listings and a content file pass."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    (kit.root / "content/notes.txt").write_text("Opening hours.\n")
    (kit.root / "content/about.md").write_text(
        "# About\n\n[a](../reviews/child-t/) [b](/reviews/) [c](../briefings/) "
        "[d](../) [e](notes.txt) [f](/reviews/child-t/report/#top)\n")
    assert check(kit) == (0, ["lif: check passed for 2026-11-23: 0 error(s), 0 warning(s)."])


def test_links_to_built_addresses_and_site_files_pass_and_near_misses_do_not(
        kit: SiteKit) -> None:
    """Built .html addresses, the feed, open data and theme assets pass; a misspelt folder
    address and a missing .html page are reported."""
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    (kit.root / "content/about.md").write_text(
        "# About\n\n[a](/reviews/child-t/index.html) [b](/request-a-report/index.html) "
        "[c](/feed.xml) [d](/publications.json) [e](/assets/lif.css)\n\n"
        "[f](../reviews/child-x/) [g](/reviews/child-t/summary.html)\n")
    code, lines = check(kit)
    assert code == 1
    assert [line for line in lines if "LINK-BROKEN" in line] == [
        "content/about.md:5:5: LINK-BROKEN this link leads to no page or file of the site on "
        f"this build day. {HINT}",
        "content/about.md:5:30: LINK-BROKEN this link leads to no page or file of the site on "
        f"this build day. {HINT}",
    ]


def test_a_scheduled_briefing_may_link_to_what_is_public_by_its_own_day(kit: SiteKit) -> None:
    """A briefing scheduled for 10 December may link to a review published on 9 December, not
    to one published on 11 December (named with its day, even where the link, read from the
    briefing's address, would lead nowhere: it still publishes the review's address)."""
    for slug, day in (("child-t", "2026-12-09"), ("child-u", "2026-12-11")):
        kit.review(slug, subject=f"Child {slug[-1].upper()}")
        kit.publish(slug, day)
    body = BRIEFING.format(title="B", date="2026-12-10", themes="safer-sleep", reviews="")
    kit.briefing("b-one", "2026-12-10", body=body.replace(
        "Remember this.", "See [T](../reviews/child-t/index.md) and [U](../reviews/child-u/)."))
    code, lines = check(kit)
    assert code == 1
    assert [line for line in lines if "LINK-BROKEN" in line] == [
        "briefings/b-one.md:31:46: LINK-BROKEN this link leads to a page or file that is not "
        f"public until 2026-12-11. {SCHEDULED_HINT}"]


def test_a_link_with_the_sites_own_full_address_is_read_as_a_site_link(kit: SiteKit) -> None:
    """A link written with the site's own address (site_url, either scheme, any case of host)
    to a scheduled review publishes the same address: an error naming its day, from a content
    page and a briefing; the same address to a public page, and another site, pass."""
    kit.review("child-t")
    kit.publish("child-t", "2026-12-09")
    (kit.root / "content/about.md").write_text(
        "# About\n\n[a](https://EXAMPLE.test/reviews/child-t/)\n"
        '<a href="http://example.test/reviews/child-t/child-t.pdf">b</a>\n'
        "[c](https://example.test/request-a-report/) [d](https://example.org/reviews/x/)\n")
    body = BRIEFING.format(title="B", date="2026-06-01", themes="safer-sleep", reviews="")
    kit.briefing("b-one", "2026-06-01", body=body.replace(
        "Remember this.", "See [it](https://example.test/reviews/child-t/report/)."))
    code, lines = check(kit)
    until = "LINK-BROKEN this link leads to a page or file that is not public until 2026-12-09. "
    assert (code, [line for line in lines if "LINK-BROKEN" in line]) == (1, [
        f"briefings/b-one.md:31:10: {until}{SCHEDULED_HINT}",
        f"content/about.md:3:5: {until}{SCHEDULED_HINT}",
        f"content/about.md:4:10: {until}{SCHEDULED_HINT}",
    ])
    assert check(kit, "2026-12-09")[0] == 0


def test_a_link_in_a_field_to_a_scheduled_review_names_its_day(kit: SiteKit) -> None:
    """review.yml fields, a response's actions and a briefing's title are written into pages
    as Markdown: a link there to a scheduled review is an error at the field naming the day;
    a link in a field to a public page passes."""
    kit.review("child-t")
    kit.publish("child-t", "2026-12-09")
    kit.review("child-p", key_learning=["See [the next review](/reviews/child-t/)."],
               summary="See [the guide](../../request-a-report/) for more.",
               response=RESPONSE.replace(
                   "action: Revise the information sharing protocol.",
                   'action: "Revise it (see [this](../child-t/report/))."'))
    kit.publish("child-p", "2025-05-20")
    body = BRIEFING.format(title="B [x](../reviews/child-t/)", date="2026-06-01",
                           themes="safer-sleep", reviews="")
    kit.briefing("b-one", "2026-06-01", body=body)
    code, lines = check(kit)
    until = "LINK-BROKEN this link leads to a page or file that is not public until 2026-12-09. "
    assert (code, [line for line in lines if "LINK-BROKEN" in line]) == (1, [
        f"briefings/b-one.md:2:1: {until}{SCHEDULED_HINT}",
        f"briefings/b-one.md:11:27: {until}{SCHEDULED_HINT}",
        f"reviews/child-p/response.md:4:5: {until}{SCHEDULED_HINT}",
        f"reviews/child-p/review.yml:6:3: {until}{SCHEDULED_HINT}",
    ])


def test_a_link_spelt_with_character_references_names_the_day(kit: SiteKit) -> None:
    """An address written with character references (``baby&#45;l``), inline or in a
    reference definition, is read as the browser reads it: the scheduled review's day."""
    kit.review("child-t")
    kit.publish("child-t", "2026-12-09")
    (kit.root / "content/about.md").write_text(
        "# About\n\n[a](/reviews/child&#45;t/) [b][r]\n\n[r]: ../reviews/child&#x2d;t/report/\n")
    code, lines = check(kit)
    until = "LINK-BROKEN this link leads to a page or file that is not public until 2026-12-09. "
    assert (code, [line for line in lines if "LINK-BROKEN" in line]) == (1, [
        f"content/about.md:3:5: {until}{SCHEDULED_HINT}",
        f"content/about.md:5:6: {until}{SCHEDULED_HINT}",
    ])


def test_a_footer_link_to_a_scheduled_review_or_no_page_is_broken_at_its_line(
        tmp_path: Path) -> None:
    """footer_links and nav entries are printed on every page: one to a scheduled review (by
    path, absolute address or the site's own full address) names its day at its mkdocs.yml
    line; ones to content pages pass."""
    kit = SiteKit(tmp_path / "s", "footer_links:\n  Request: request-a-report.md\n"
                  "  Next: reviews/child-t/index.md\n")
    config = kit.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - Request a report: request-a-report.md\n",
        "  - Request a report: request-a-report.md\n  - Soon: /reviews/child-t/\n"
        "  - Later: https://example.test/reviews/child-t/report/\n"))
    kit.review("child-t")
    kit.publish("child-t", "2026-12-09")
    code, lines = check(kit)
    assert (code, [line.split(" this link")[0] for line in lines if "LINK-BROKEN" in line]) == (
        1, ["mkdocs.yml:16:11: LINK-BROKEN", "mkdocs.yml:17:12: LINK-BROKEN",
            "mkdocs.yml:23:15: LINK-BROKEN"])
    assert "not public until 2026-12-09" in next(line for line in lines if ":23:15:" in line)


def _links_line_by_line(text: str, images: bool = True) -> list[tuple[int, int, str]]:
    """``links`` as first written: every line outside a fence matched against every pattern."""
    found = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            found += line_links(number, line, images)
    return found


def test_links_skipping_lines_without_a_bracket_finds_what_matching_every_line_finds() -> None:
    """On random Markdown of links, images, raw HTML addresses, reference definitions, code
    spans and fences (backticks and tildes, indented or not), ``links`` finds exactly what
    matching every pattern on every line finds."""
    pieces = ["[a](b.md)", "![i](p.png)", "<a href='x.md'>", "<img src=q.png>", "```", "~~~",
              "  ```", "`[c](d.md)`", "[r]: z.md", "[^1]: Note", "text ", "\n", "\n", "\n",
              "`", "~", "<", "[", "]", "(", ")", "&amp;"]
    rng = random.Random(22)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        for images in (True, False):
            assert list(links(text, images)) == _links_line_by_line(text, images), repr(text)
