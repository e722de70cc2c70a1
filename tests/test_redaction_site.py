"""Redaction checks over every public word of a site, before and after the build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator.build import prepare_site
from generator.options import load_site_config
from generator.plugin import plugin_of
from generator.site import Site
from tests import documentkit
from tests.clirun import Result, run_lif
from tests.conftest import ROOT
from tests.sitekit import REPORT, SiteKit

KEY = "test-only key, never a real one"
WITH_KEY = {"LIF_PROTECT_KEY": KEY, "CI": None}
NO_KEY_LOCAL = {"LIF_PROTECT_KEY": None, "CI": None}
NO_KEY_CI = {"LIF_PROTECT_KEY": None, "CI": "true"}


def published(kit: SiteKit, report: str = REPORT.format(subject="Child T"),
              files: dict[str, bytes] | None = None, **meta: object) -> Path:
    """Child T, published with its attachments (added before the panel copy's digest)."""
    folder = kit.review("child-t", report=report, **meta)
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    kit.publish("child-t", "2025-05-20")
    return folder


def protect(kit: SiteKit, *terms: str) -> Result:
    result = run_lif("protect", "child-t", input_text="\n".join(terms) + "\n", cwd=kit.root,
                     env=WITH_KEY)
    assert result.exit_code == 0, result.output
    return result


def check(kit: SiteKit, env: dict[str, str | None] | None = None) -> tuple[int, list[str]]:
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root, env=env or WITH_KEY)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


LEAKY_REPORT = REPORT + """
4. Jane's school was contacted. <!-- check with Jane Ashworth before sending -->

5. See the [chronology](files/jane-ashworth-chronology.pdf) and the photo
   ![Jane at Oakwood Primary School](images/oakwood_visit.png).
"""


def test_protected_terms_in_comment_link_and_alt_text(kit: SiteKit) -> None:
    """A protected name is found in prose, an HTML comment, a link target and image alt text."""
    published(kit, report=LEAKY_REPORT)
    protect(kit, "Jane Ashworth", "Oakwood Primary School")
    code, lines = check(kit)
    hint = "Replace it with the pseudonym or a role (Mother, the school), or remove it."
    at = "reviews/child-t/report.md"
    assert (code, lines) == (1, [
        f"{at}:15:4: PROTECTED-TERM a protected name or place of a review ('J*****'). {hint}",
        f"{at}:15:49: PROTECTED-TERM a protected name or place of a review ('J*** A*******'). "
        f"{hint}",
        f"{at}:17:25: LINK-BROKEN this link leads to no file in the review's files/ folder. "
        "Put the file in the review's files/ folder, or correct the path: it is relative to the "
        "report, so write files/NAME.",
        f"{at}:17:31: PROTECTED-TERM a protected name or place of a review ('j***-a*******'). "
        f"{hint}",
        f"{at}:18:6: PROTECTED-TERM a protected name or place of a review ('J***'). {hint}",
        f"{at}:18:14: PROTECTED-TERM a protected name or place of a review "
        f"('O****** P****** S*****'). {hint}",
        f"{at}:18:38: PDF-RESOURCE-MISSING an image uses a file that does not exist in the "
        "repository. Check the path, relative to this file.",
        f"{at}:18:45: PROTECTED-TERM a protected name or place of a review ('o******'). {hint}",
        "lif: check failed: 8 error(s), 0 warning(s).",
    ])


def test_percent_encoded_link_target_is_decoded(kit: SiteKit) -> None:
    """A link to 'jane%20ashworth.pdf' is the same leak as the plain name."""
    published(kit, report=REPORT + "\n4. See [the notes](files/notes%20Ashworth.pdf).\n")
    protect(kit, "Jane Ashworth")
    code, lines = check(kit)
    assert code == 1
    assert [line for line in lines if "PROTECTED-TERM" in line] == [
        "reviews/child-t/report.md:15:20: PROTECTED-TERM a protected name or place of a review "
        "('A*******') in a link target. Replace it with the pseudonym or a role (Mother, the "
        "school), or remove it."]


def test_identifiers_in_review_yml_and_briefing(kit: SiteKit) -> None:
    """Public review.yml fields and a public briefing are scanned; positions point at them."""
    published(kit, summary="The family lived at 12 Oak Tree Road.")
    kit.briefing("sleep", "2026-01-10", body=(
        "---\ntitle: Sleep\ndate: 2026-01-10\nthemes: [safer-sleep]\nsource: lcspr\n"
        "format: free\n---\nCall the team on 07700 900123.\n"))
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "briefings/sleep.md:8:18: ID-PHONE a phone number ('0**** 9*****'). Remove it; a "
        "published helpline belongs in the site's allow list.",
        "reviews/child-t/review.yml:4:1: ID-STREET-ADDRESS a street address "
        "('1* O** T*** R***'). Remove it, or describe the place ('a privately rented flat').",
        "lif: check failed: 2 error(s), 0 warning(s).",
    ])


def test_content_page_and_attachment_are_scanned(kit: SiteKit) -> None:
    """A content page and a PDF attachment under files/ are both scanned."""
    published(kit, files={"files/summary.pdf": documentkit.pdf(
        ["Learning summary for Child T."], boxed="NHS 943 476 5919")})
    (kit.root / "content" / "contact.md").write_text("# Contact\n\nE-mail jo@example.test\n")
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "content/contact.md:3:8: ID-EMAIL an e-mail address ('j*@e******.t***'). Remove it; a "
        "published team address belongs in the site's allow list.",
        "reviews/child-t/files/summary.pdf:1:1: ID-NHS-NUMBER an NHS number ('9** 4** 5***') "
        "on page 1. Remove it; a report never needs one.",
        "reviews/child-t/files/summary.pdf:1:1: PDF-HIDDEN-TEXT text on page 1 is hidden under "
        "a box or in the colour behind it, but is still in the file ('N** 9** 4** 5***'). "
        "Redact by removing the text from the source and making the PDF again; a box drawn "
        "over text does not remove it.",
        "lif: check failed: 3 error(s), 0 warning(s).",
    ])


def test_allowances_are_used_and_listed(kit: SiteKit) -> None:
    """A review's allowance and a site allowance each suppress one finding and are listed."""
    kit = SiteKit(kit.root, extra_config=(
        "allow:\n  - rule: ID-PHONE\n    text: 0800 1111 000\n"
        "    reason: the partnership's published helpline\n"))
    published(kit, report=REPORT + "\n4. Mrs Okafor, the head teacher, rang 0800 1111 000.\n",
              allow=[{"rule": "ID-TITLE-SURNAME", "text": "Mrs Okafor",
                      "reason": "the head teacher agreed to be named"}])
    code, lines = check(kit)
    assert (code, lines) == (0, [
        "mkdocs.yml:20:9: REDACTION-ALLOWED allowed ID-PHONE '0*** 1*** 0**' 1 time(s): the "
        "partnership's published helpline [note]",
        "reviews/child-t/review.yml:16:3: REDACTION-ALLOWED allowed ID-TITLE-SURNAME "
        "'M** O*****' 1 time(s): the head teacher agreed to be named [note]",
        "lif: check passed for 2026-11-23: 0 error(s), 0 warning(s).",
    ])


def test_embargoed_review_is_not_scanned_but_its_terms_are(kit: SiteKit) -> None:
    """A draft's text is not public (not scanned); its protected terms still guard public text."""
    kit.review("child-t", report=REPORT + "\n4. Call 07700 900123.\n", draft=True)
    kit.review("child-a", subject="Child A", summary="Agencies met Jane at home.")
    kit.publish("child-a", "2025-05-20")
    protect(kit, "Jane Ashworth")
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "reviews/child-a/review.yml:4:1: PROTECTED-TERM a protected name or place of a review "
        "('J***'). Replace it with the pseudonym or a role (Mother, the school), or remove it.",
        "lif: check failed: 1 error(s), 0 warning(s).",
    ])


@pytest.mark.parametrize(("env", "code", "suffix"), [
    (NO_KEY_LOCAL, 0, " [warning]"), (NO_KEY_CI, 1, "")])
def test_missing_key_is_an_error_in_ci_and_a_warning_locally(
        kit: SiteKit, env: dict[str, str | None], code: int, suffix: str) -> None:
    """Without LIF_PROTECT_KEY protected terms cannot be checked: error in CI, else warning."""
    published(kit)
    protect(kit, "Jane Ashworth")
    got, lines = check(kit, env)
    assert (got, lines[0]) == (code, (
        "reviews/child-t/protected.hmac:1:1: PROTECT-KEY-MISSING LIF_PROTECT_KEY is not set, so "
        "this review's protected names and places cannot be checked. Set LIF_PROTECT_KEY (in "
        f"CI, as a secret) to the partnership's key.{suffix}"))


def test_wrong_key_is_an_error(kit: SiteKit) -> None:
    """A key other than the one the store was written with cannot silently check nothing."""
    published(kit)
    protect(kit, "Jane Ashworth")
    code, lines = check(kit, {"LIF_PROTECT_KEY": "another key", "CI": None})
    assert (code, lines[0]) == (1, (
        "reviews/child-t/protected.hmac:1:1: PROTECT-KEY-WRONG LIF_PROTECT_KEY is not the key "
        "these digests were written with, so protected terms cannot be checked. Use the "
        "partnership's key (the CI secret), or re-create the file with 'lif protect SLUG'."))


def test_store_that_is_not_utf8_or_not_digests_is_a_finding(kit: SiteKit) -> None:
    """A protected.hmac with a Latin-1 line or a plain-text line gives PROTECT-FILE-INVALID at
    each line (never a traceback, never the line's text), and the check fails."""
    published(kit)
    protect(kit, "Jane Ashworth")
    store = kit.root / "reviews/child-t/protected.hmac"
    store.write_bytes(store.read_bytes() + b"words Jos\xe9\nZqPlainCanary Garcia\n")
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "reviews/child-t/protected.hmac:9:10: PROTECT-FILE-INVALID this line is not UTF-8 text, "
        "so it cannot be checked. Delete the line at once and add the term with 'lif protect "
        "SLUG'.",
        "reviews/child-t/protected.hmac:10:1: PROTECT-FILE-INVALID this line is not a digest, so "
        "it may be a protected term in plain text. Delete the line at once and add the term "
        "with 'lif protect SLUG'.",
        "lif: check failed: 2 error(s), 0 warning(s).",
    ])
    extended = run_lif("protect", "child-t", input_text="Kyle\n", cwd=kit.root, env=WITH_KEY)
    assert extended.exit_code == 1
    assert extended.stderr == ("lif: the existing store cannot be extended (2 error(s), 0 "
                               "warning(s))\n")
    assert "ZqPlainCanary" not in extended.output


def test_site_without_protected_files_needs_no_key(kit: SiteKit) -> None:
    """A site whose reviews have no protected.hmac checks clean in CI without a key."""
    published(kit)
    assert check(kit, NO_KEY_CI) == (
        0, ["lif: check passed for 2026-11-23: 0 error(s), 0 warning(s)."])


def test_built_site_is_scanned_after_the_build(kit: SiteKit) -> None:
    """A leak only a rendered template shows (the override's own text is checked before the
    build) is caught in the written site/, and the build fails."""
    published(kit)
    overrides = kit.root / "theme" / "main.html"
    overrides.write_text('{% extends "base.html" %}{% block footer %}'
                         '<!-- call {{ "07700 9" ~ "00123" }} -->{{ super() }}{% endblock %}')
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root, env=WITH_KEY)
    assert result.exit_code == 1
    *found, last = result.output.splitlines()
    assert last == (f"lif: {len(found)} redaction finding(s) in the built site; the build "
                    f"failed. ({len(found)} error(s), 0 warning(s))")
    assert "site/reviews/child-t/report/index.html" in {line.split(":")[0] for line in found}
    assert {line.split(":", 3)[3] for line in found} == {
        " ID-PHONE a phone number ('0**** 9*****') in an HTML comment. Remove it; a published "
        "helpline belongs in the site's allow list."}


def test_example_site_has_no_redaction_error(tmp_path: Path) -> None:
    """The example content checks without a redaction finding; its two allowances are listed
    (the telephone number 5 times: the tel: address of a link is the number too)."""
    site = tmp_path / "example"
    site.mkdir()
    for name in ("mkdocs.yml", "ledger.yml", "content", "reviews", "briefings", "theme"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, site / name)
        elif (ROOT / name).is_file():
            shutil.copy(ROOT / name, site / name)
    result = run_lif("check", cwd=site, env=NO_KEY_CI)
    redaction = [line for line in result.output.splitlines()
                 if any(rule in line for rule in ("ID-", "PROTECT", "REDACTION", "PDF-", "DOCX"))]
    assert redaction == [
        "mkdocs.yml:61:9: REDACTION-ALLOWED allowed ID-EMAIL 'l*******@h*********-s**.e******' 6 "
        "time(s): the Business Unit's published address [note]",
        "mkdocs.yml:64:9: REDACTION-ALLOWED allowed ID-PHONE '0**** 9** 1**' 5 time(s): the "
        "Business Unit's published telephone number [note]",
    ]


def test_attachment_and_image_file_names_are_scanned(kit: SiteKit) -> None:
    """'jane-ashworth-chronology.pdf' leaks by its name; an image's name is checked too."""
    published(kit, files={"files/jane-ashworth-chronology.pdf": b"not a PDF at all"})
    (kit.root / "content" / "images").mkdir()
    Image.new("RGB", (2, 2)).save(kit.root / "content" / "images" / "oakwood_visit.png")
    protect(kit, "Jane Ashworth", "Oakwood Primary School", "Oakwood")
    code, lines = check(kit)
    hint = "Replace it with the pseudonym or a role (Mother, the school), or remove it."
    assert (code, lines) == (1, [
        "content/images/oakwood_visit.png:1:1: PROTECTED-TERM a protected name or place of a "
        f"review ('o******') in the file name. {hint}",
        "reviews/child-t/files/jane-ashworth-chronology.pdf:1:1: FILE-UNREADABLE could not be "
        "read to check it for identifying information (PdfminerException). Replace it with a "
        "valid file, or remove it; nothing unchecked is published.",
        "reviews/child-t/files/jane-ashworth-chronology.pdf:1:1: PROTECTED-TERM a protected "
        f"name or place of a review ('j***-a*******') in the file name. {hint}",
        "lif: check failed: 3 error(s), 0 warning(s).",
    ])


def test_allowance_with_a_misspelt_rule_is_an_error(kit: SiteKit) -> None:
    """An allowance for a rule that does not exist allows nothing, so it is reported."""
    published(kit, allow=[{"rule": "ID-PHONES", "text": "0800 1111 000", "reason": "helpline"}])
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "reviews/child-t/review.yml:16:3: FIELD-INVALID 'allow[1].rule' names 'ID-PHONES', "
        "which is not a rule, so it allows nothing. Did you mean 'ID-PHONE'?",
        "lif: check failed: 1 error(s), 0 warning(s).",
    ])


def test_a_misspelt_rule_in_the_sites_allow_list_points_at_its_entry(kit: SiteKit) -> None:
    """The second entry of the plugin's allow list names no rule: the finding is at its '- '."""
    kit = SiteKit(kit.root, extra_config=(
        "allow:\n  - rule: ID-PHONE\n    text: 0800 1111 000\n    reason: helpline\n"
        "  - rule: ID-EMAILS\n    text: team@testshire.example\n    reason: our address\n"))
    published(kit)
    code, lines = check(kit)
    assert (code, lines) == (1, [
        "mkdocs.yml:23:9: CONFIG-INVALID the plugin's allow list names 'ID-EMAILS', which is "
        "not a rule, so it allows nothing. Did you mean 'ID-EMAIL'?",
        "lif: check failed: 1 error(s), 0 warning(s).",
    ])


def test_written_site_scan_finds_the_same_across_worker_processes(tmp_path: Path) -> None:
    """The scan of a big written site, spread over worker processes, reports exactly what a scan
    in one process does, in the same order, protected terms included."""
    from generator.checks.public_text import ScanJob, run_jobs
    from generator.redaction.protected import Protected
    from generator.workers import BATCH_SIZE

    protected = Protected(b"test-only key")
    protected.add_term("Jane Ashworth")
    plants = {3: "<p>Call 07700 900123 today.</p>", 2 * BATCH_SIZE + 1: "<p>Jane Ashworth</p>",
              3 * BATCH_SIZE - 1: "<p>Post to AB1 0AA.</p>"}
    jobs = []
    for number in range(3 * BATCH_SIZE):
        path = tmp_path / "site" / f"page-{number:03}.html"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"<html><body>\n<p>Page {number}.</p>\n{plants.get(number, '')}\n"
                        "</body></html>\n", encoding="utf-8")
        jobs.append(ScanJob(f"site/{path.name}", path=path))
    alone = run_jobs(jobs, protected, tmp_path / "cache", workers=0)
    spread = run_jobs(jobs, protected, tmp_path / "cache", workers=2)
    assert spread == alone
    assert [(m.path, m.rule_id, m.line, m.column) for ms in spread for m in ms] == [
        ("site/page-003.html", "ID-PHONE", 3, 9),
        ("site/page-081.html", "PROTECTED-TERM", 3, 4),
        ("site/page-119.html", "ID-POSTCODE", 3, 12),
    ]


def test_protected_terms_reach_a_spawned_worker_intact() -> None:
    """A worker process gets the key and digests (an HMAC object cannot be pickled)."""
    import pickle

    from generator.redaction.protected import Protected

    protected = Protected(b"test-only key")
    protected.add_term("Jane Ashworth")
    copy = pickle.loads(pickle.dumps(protected))
    assert copy.find("Ask Jane Ashworth's school.") == protected.find(
        "Ask Jane Ashworth's school.") == [(4, 19)]
    assert copy.fingerprint() == protected.fingerprint()


def _site_of(kit: SiteKit) -> Site:
    config = load_site_config(str(kit.root / "mkdocs.yml"))
    return prepare_site(kit.root, plugin_of(config).config, dt.date(2026, 11, 23),
                        docs_dir=Path(config.docs_dir))


def test_a_page_changed_after_its_early_scan_is_scanned_again(kit: SiteKit) -> None:
    """A page scanned while MkDocs rendered the rest is only taken as scanned if the file
    written is byte for byte what was scanned: changed afterwards, it is scanned again."""
    from generator.checks import page_scan, public_text

    published(kit)
    site = _site_of(kit)
    written = kit.root / "site" / "about" / "index.html"
    written.parent.mkdir(parents=True)
    scanner = page_scan.PageScanner(None)
    scanner.page("site/about/index.html", "<p>Call us.</p>\n")
    matches, _ = scanner.results()
    written.write_text("<p>Call us.</p>\n", encoding="utf-8")
    assert public_text.scan_built_site(site, kit.root / "site", done=matches) == []
    written.write_text("<p>Call 07700 900123.</p>\n", encoding="utf-8")
    assert [f.format() for f in public_text.scan_built_site(site, kit.root / "site",
                                                           done=matches)] == [
        "site/about/index.html:1:9: ID-PHONE a phone number ('0**** 9*****'). Remove it; a "
        "published helpline belongs in the site's allow list."]


def test_an_unchanged_page_keeps_its_early_scan(kit: SiteKit) -> None:
    """What the early scan found in a page is what the scan of the written site reports for
    it, without reading the page again, when its bytes are the ones scanned."""
    from generator.checks import page_scan, public_text

    published(kit)
    site = _site_of(kit)
    page = "<p>Ask for flat 4, 12 Acacia Avenue.</p>\n"
    written = kit.root / "site" / "index.html"
    written.parent.mkdir(parents=True)
    written.write_text(page, encoding="utf-8")
    scanner = page_scan.PageScanner(None)
    scanner.page("site/index.html", page)
    matches, _ = scanner.results()
    assert list(matches) == ["site/index.html"]  # scanned in a worker, as during a build
    early = [f.format() for f in public_text.scan_built_site(site, kit.root / "site",
                                                            done=matches)]
    late = [f.format() for f in public_text.scan_built_site(site, kit.root / "site", workers=0)]
    assert early == late == [
        "site/index.html:1:20: ID-STREET-ADDRESS a street address ('1* A***** A*****'). Remove "
        "it, or describe the place ('a privately rented flat')."]


def test_a_finding_in_the_outbox_names_the_source_line_that_holds_its_text(
        kit: SiteKit) -> None:
    """A panel-copy file whose text holds an identifier is reported at the review's source line
    that holds the same text, naming the outbox file; text no source holds stays at the file."""
    from generator.checks import public_text

    kit.review("child-t", report="## 1. Introduction\n\n1. The family was called on "
                                 "07700 900123 by the school.\n")
    site = _site_of(kit)
    folder = kit.root / "outbox/child-t/2026-11-23"
    folder.mkdir(parents=True)
    (folder / "copy.txt").write_text("The family was called on 07700 900123 by the school.\n"
                                     "A note: ring 07700 900999.\n")
    found = public_text.outbox_findings(site, site.sources.reviews["child-t"], folder,
                                        "outbox/child-t/2026-11-23")
    assert [(f.path, f.line, f.column) for f in found if f.rule_id == "ID-PHONE"] == [
        ("outbox/child-t/2026-11-23/copy.txt", 2, 14), ("reviews/child-t/report.md", 3, 29)]


def test_pages_taken_back_from_a_busy_worker_are_scanned_as_the_worker_scans_them(
        kit: SiteKit) -> None:
    """When MkDocs has written its last page, the batches the worker has not started are taken
    back: their redaction scan is done in this process and their leak verdicts in the worker,
    and every page comes back with what scanning it alone finds."""
    from generator.checks import leaks, page_scan

    published(kit)
    secret = ("The family moved three times in the year before the review and no agency "
              "knew where the children slept.")
    kit.review("child-b", subject="Child B", report=f"## 1. Introduction\n\n1. {secret}\n")
    site = _site_of(kit)
    pages = {f"site/p{n}/index.html": (f"<p>Call 07700 900{n:03d}.</p>" if n % 7 == 0 else
                                       f"<p>{secret}</p>" if n % 11 == 0 else
                                       f"<p>Page {n} of the site.</p>") for n in range(400)}
    scanner = page_scan.PageScanner(None, site)
    for display, html in pages.items():
        scanner.page(display, html)
    matches, verdicts = scanner.results()
    prints = leaks.fingerprints(site)
    assert sorted(matches) == sorted(verdicts) == sorted(pages)
    assert {d for d, (_, found) in matches.items() if found} == {
        d for n, d in enumerate(pages) if n % 7 == 0}
    assert {d for d, (_, leaked) in verdicts.items() if leaked} == {
        d for d, html in pages.items() if prints.found_in(html)} == {
        d for n, d in enumerate(pages) if n % 11 == 0 and n % 7}


def test_warming_the_workers_up_sends_no_fingerprints_back(kit: SiteKit) -> None:
    """Each worker makes the fingerprints of the text that is not public before the first page
    comes, and keeps them: what a warm-up sends back to the build is nothing (the fingerprints
    of a large site were 24 MB pickled, read back and dropped)."""
    from generator.checks import page_scan

    kit.review("child-b", subject="Child B", report="## 1. Introduction\n\n1. "
               "The family moved to a flat above the bakery on the corner of the square.\n")
    scanner = page_scan.PageScanner(None, _site_of(kit))
    assert scanner._pool is not None
    sent: list[object] = []
    submit = scanner._pool.submit
    scanner._pool.submit = lambda task, *args: sent.append(submit(task, *args)) or sent[-1]
    try:
        scanner.warm_up()
        assert [future.result(timeout=60) for future in sent] == [None] * scanner._count
    finally:
        scanner.close()


def test_a_page_handed_by_its_file_is_scanned_as_written_once_the_file_is_there(
        kit: SiteKit) -> None:
    """A page handed over by the file MkDocs writes it to is read from that file (after it is
    written, with a later page or at the end): its matches and digest are those of the bytes
    written; a page whose file was never written gets no early result."""
    import hashlib

    from generator.checks import page_scan

    published(kit)
    folder = kit.root / "site"
    pages = {f"site/p{n}/index.html": (f"<p>Call 07700 900{n:03d}.</p>\n" if n % 7 == 0 else
                                       f"<p>Page {n} of the site.</p>\n") for n in range(40)}
    scanner = page_scan.PageScanner(None)
    for display, html in pages.items():
        written = folder / display.removeprefix("site/")
        scanner.page(display, html, written)
        if display != "site/p39/index.html":  # as MkDocs writes it after the hook
            written.parent.mkdir(parents=True)
            written.write_text(html, encoding="utf-8")
    matches, _ = scanner.results()
    assert sorted(matches) == sorted(d for d in pages if d != "site/p39/index.html")
    assert {d for d, (_, found) in matches.items() if found} == {
        d for n, d in enumerate(pages) if n % 7 == 0}
    assert all(digest == hashlib.sha256(pages[d].encode()).hexdigest()
               for d, (digest, _) in matches.items())
