"""lif protect and lif scan: digests only, exit codes, and masked text, JSON and SARIF output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from generator.redaction.protected import Protected
from tests import documentkit
from tests.clirun import run_lif
from tests.sitekit import SiteKit

KEY = {"LIF_PROTECT_KEY": "test-only key, never a real one", "CI": None}
SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0-subset.schema.json"
TERMS = ["Jane Ashworth", "Oakwood Primary School", "Kyle"]


def test_protect_stores_only_digests(kit: SiteKit) -> None:
    """The store holds digests and a header; no term, word or lower-cased word appears."""
    kit.review("child-t")
    result = run_lif("protect", "child-t", input_text="\n".join(TERMS) + "\n", cwd=kit.root,
                     env=KEY)
    assert (result.exit_code, result.output) == (0, (
        "lif: reviews/child-t/protected.hmac: 3 term(s) stored as digests (6 new); no term was "
        "written in plain text.\n"))
    store = (kit.root / "reviews/child-t/protected.hmac").read_text()
    lowered = store.lower()
    for word in ("jane", "ashworth", "oakwood", "kyle"):
        assert word not in lowered
    body = [line for line in store.splitlines() if not line.startswith("#")]
    assert all(len(line.split()[-1]) == 64 or line in ("words 3", "fold 1") for line in body)
    again = run_lif("protect", "child-t", input_text="Kyle\n", cwd=kit.root, env=KEY)
    assert again.output == ("lif: reviews/child-t/protected.hmac: 1 term(s) stored as digests "
                            "(0 new); no term was written in plain text.\n")


def test_protect_refuses_a_terms_file_inside_the_repository(kit: SiteKit) -> None:
    """Terms kept in the repository would be the leak: --from inside it is a usage error."""
    kit.review("child-t")
    (kit.root / "terms.txt").write_text("Jane Ashworth\n")
    result = run_lif("protect", "child-t", "--from", "terms.txt", cwd=kit.root, env=KEY)
    assert (result.exit_code, result.output) == (2, (
        "lif: --from terms.txt: the file is inside the site's repository, where plain-text "
        "terms must never be. Move it outside, and delete it from the repository and its "
        "history.\n"))
    assert not (kit.root / "reviews/child-t/protected.hmac").exists()


def test_protect_without_key_writes_nothing(kit: SiteKit, tmp_path: Path) -> None:
    """Without LIF_PROTECT_KEY nothing can be stored; exit 1 and no file."""
    kit.review("child-t")
    terms = tmp_path / "terms.txt"
    terms.write_text("Jane Ashworth\n")
    result = run_lif("protect", "child-t", "--from", str(terms), cwd=kit.root,
                     env={"LIF_PROTECT_KEY": None})
    assert (result.exit_code, result.output) == (1, (
        "lif: LIF_PROTECT_KEY is not set; set it to the partnership's key (the CI secret) so "
        "the digests can be checked later.\n"))
    assert not (kit.root / "reviews/child-t/protected.hmac").exists()


def test_terms_file_that_is_not_utf8_is_a_finding(kit: SiteKit, tmp_path: Path) -> None:
    """A terms file saved as Latin-1 is refused by lif protect and lif scan with the line and
    column of the bad byte: no traceback, nothing stored."""
    kit.review("child-t")
    terms = tmp_path / "terms.txt"
    terms.write_bytes(b"Kyle\nJos\xe9 Garcia\n")
    expected = (f"{terms}:2:4: PROTECT-FILE-INVALID this line is not UTF-8 text, so it cannot "
                "be checked. Save the file as UTF-8 text and run again.\n")
    summary = (f"lif: {terms} cannot be read: nothing was stored or scanned (1 error(s), 0 "
               "warning(s))\n")
    for args in (("protect", "child-t", "--from", str(terms)),
                 ("scan", "reviews", "--protect", str(terms))):
        result = run_lif(*args, cwd=kit.root, env=KEY)
        assert (result.exit_code, result.stdout, result.stderr) == (1, expected, summary)
    assert not (kit.root / "reviews/child-t/protected.hmac").exists()


def test_store_round_trip_matches_what_was_protected(kit: SiteKit) -> None:
    """Digests written by lif protect find the same terms when read back with the key."""
    from generator.redaction.protected import read_store

    kit.review("child-t")
    run_lif("protect", "child-t", input_text="\n".join(TERMS), cwd=kit.root, env=KEY)
    store, problems = read_store(kit.root / "reviews/child-t/protected.hmac",
                                 KEY["LIF_PROTECT_KEY"].encode(), "x")  # type: ignore[union-attr]
    text = "Kyle's sister went to Oakwood Primary School with ASHWORTH."
    assert problems == []
    assert [text[s:e] for s, e in store.find(text)] == [
        "Kyle's", "Oakwood Primary School", "ASHWORTH"]


def draft(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "report.md").write_text(
        "# Draft\n\nJane was seen.\n\n<!-- NHS 943 476 5919 -->\nMrs Okafor rang.\n")
    (folder / "summary.pdf").write_bytes(documentkit.pdf(["Clean."], boxed="Jane Ashworth"))
    terms = tmp_path / "terms.txt"
    terms.write_text("# one a line\nJane Ashworth\n")
    return folder, terms


TEXT_LINES = [
    "drafts/report.md:3:1: PROTECTED-TERM a protected name or place of a review ('J***'). "
    "Replace it with the pseudonym or a role (Mother, the school), or remove it.",
    "drafts/report.md:5:10: ID-NHS-NUMBER an NHS number ('9** 4** 5***'). Remove it; a report "
    "never needs one.",
    "drafts/report.md:6:1: ID-TITLE-SURNAME a title with a surname ('M** O*****'). Use the "
    "pseudonym or role (Mother, the health visitor); allow it in review.yml if it names a "
    "professional meant to be named. [warning]",
    "drafts/summary.pdf:1:1: PDF-HIDDEN-TEXT text on page 1 is hidden under a box or in the "
    "colour behind it, but is still in the file ('J*** A*******'). Redact by removing the text "
    "from the source and making the PDF again; a box drawn over text does not remove it.",
    "drafts/summary.pdf:1:1: PROTECTED-TERM a protected name or place of a review "
    "('J*** A*******') on page 1. Replace it with the pseudonym or a role (Mother, the "
    "school), or remove it.",
    "lif: scan found 4 error(s), 1 warning(s).",
]


def test_scan_text_output_is_masked(tmp_path: Path) -> None:
    """lif scan over a folder prints masked findings and exits 1 on an error."""
    _, terms = draft(tmp_path)
    result = run_lif("scan", "drafts", "--protect", str(terms), cwd=tmp_path)
    assert (result.exit_code, result.output.splitlines()) == (1, TEXT_LINES)
    assert "Jane" not in result.output and "5919" not in result.output


def test_scan_json_output_is_masked(tmp_path: Path) -> None:
    """JSON output carries the same masked findings, one object each."""
    _, terms = draft(tmp_path)
    result = run_lif("scan", "drafts", "--protect", str(terms), "--format", "json",
                     cwd=tmp_path)
    assert result.exit_code == 1
    rows = json.loads(result.stdout)["findings"]
    assert [(r["rule"], r["severity"], r["path"], r["line"], r["column"]) for r in rows] == [
        ("PROTECTED-TERM", "error", "drafts/report.md", 3, 1),
        ("ID-NHS-NUMBER", "error", "drafts/report.md", 5, 10),
        ("ID-TITLE-SURNAME", "warning", "drafts/report.md", 6, 1),
        ("PDF-HIDDEN-TEXT", "error", "drafts/summary.pdf", 1, 1),
        ("PROTECTED-TERM", "error", "drafts/summary.pdf", 1, 1),
    ]
    assert rows[1]["message"] == "an NHS number ('9** 4** 5***')."
    assert "Jane" not in result.stdout and "5919" not in result.stdout


def test_scan_sarif_is_valid_and_masked(tmp_path: Path) -> None:
    """SARIF output validates against the SARIF 2.1.0 schema and never holds the clear text."""
    _, terms = draft(tmp_path)
    result = run_lif("scan", "drafts", "--protect", str(terms), "--format", "sarif",
                     cwd=tmp_path)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()),
                        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "ID-NHS-NUMBER", "ID-TITLE-SURNAME", "PDF-HIDDEN-TEXT", "PROTECTED-TERM"]
    assert run["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == (
        "An NHS number (ten digits passing the mod-11 check).")
    first = run["results"][1]
    assert (first["ruleId"], first["level"], first["locations"]) == (
        "ID-NHS-NUMBER", "error", [{"physicalLocation": {
            "artifactLocation": {"uri": "drafts/report.md"},
            "region": {"startLine": 5, "startColumn": 10}}}])
    assert [r["level"] for r in run["results"]] == [
        "error", "error", "warning", "error", "error"]
    assert "Jane" not in result.stdout and "5919" not in result.stdout


def test_scan_clean_file_exits_0(tmp_path: Path) -> None:
    """A clean file exits 0; warnings alone do not fail a scan."""
    (tmp_path / "ok.md").write_text("Child T lived with Mother. Mrs Okafor visited in 2024.\n")
    result = run_lif("scan", "ok.md", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "lif: scan passed: 0 error(s), 1 warning(s).\n")


def test_scan_usage_errors_exit_2(tmp_path: Path) -> None:
    """A missing path or an unknown format is a usage error: exit 2."""
    missing = run_lif("scan", "nowhere.md", cwd=tmp_path)
    assert (missing.exit_code, missing.output) == (
        2, "lif: no such file or folder: nowhere.md.\n")
    bad = run_lif("scan", ".", "--format", "xml", cwd=tmp_path)
    assert bad.exit_code == 2


def test_digest_of_a_term_is_keyed() -> None:
    """The same term under two keys gives two unrelated digests (no plain hash to guess)."""
    one, two = Protected(b"key one"), Protected(b"key two")
    one.add_term("Jane")
    two.add_term("Jane")
    assert one.digests.isdisjoint(two.digests)


def test_check_can_write_sarif(kit: SiteKit) -> None:
    """lif check --format sarif prints a valid SARIF log of the site's findings (for CI)."""
    kit.review("child-t", summary="Seen at 12 Oak Tree Road.")
    kit.publish("child-t", "2025-05-20")
    result = run_lif("check", "--today", "2026-11-23", "--format", "sarif", cwd=kit.root,
                     env=KEY)
    assert (result.exit_code, result.stderr) == (
        1, "lif: check failed: 1 error(s), 0 warning(s).\n")
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"])
            for r in document["runs"][0]["results"]] == [
        ("ID-STREET-ADDRESS", {"startLine": 4, "startColumn": 1})]
    assert "Oak Tree" not in result.stdout


def test_scan_reads_word_files(tmp_path: Path) -> None:
    """lif scan opens a .docx: its tracked deletion and the date of birth in it are found."""
    (tmp_path / "draft.docx").write_bytes(documentkit.docx(
        [documentkit.paragraph("Child T, DOB 3 March 2019."),
         documentkit.deletion("Seen by ", "the uncle", ".")]))
    result = run_lif("scan", "draft.docx", cwd=tmp_path)
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "draft.docx:1:1: ID-DATE-OF-BIRTH a date of birth ('D** 3 M**** 2***'). Give an age or "
        "age band instead ('aged 3').",
        "draft.docx:2:1: DOCX-TRACKED-CHANGE paragraph 2 has a tracked deletion ('t** u****'). "
        "Accept or reject every tracked change in Word, then save again.",
        "lif: scan found 2 error(s), 0 warning(s).",
    ])


CONTACTS = ("Contact the MASH on 01632 960123.\n"
            "Mother rang the MASH from 07700 900123.\n"
            "Call the front door on (01632) 960 124.\n")


def test_scan_counts_context_warnings_and_strict_context_makes_them_errors(
        tmp_path: Path) -> None:
    """Service numbers are warnings that say why, counted in the summary; --strict-context
    reports them as errors, and a family's mobile is an error either way."""
    (tmp_path / "d.md").write_text(CONTACTS)
    relaxed = run_lif("scan", "d.md", cwd=tmp_path)
    strict = run_lif("scan", "d.md", "--strict-context", cwd=tmp_path)
    assert (relaxed.exit_code, relaxed.stderr.splitlines()[-1]) == (
        1, "lif: scan found 1 error(s), 2 warning(s), 2 warnings by context; --strict-context "
           "makes them errors.")
    assert relaxed.stdout.splitlines()[0] == (
        "d.md:1:21: ID-PHONE-SERVICE a service phone number ('0**** 9*****'), a warning by "
        "context: next to 'MASH'. If it is a service's published number, add it to the site's "
        "allow list; if it is a person's, remove it. [warning]")
    assert (strict.exit_code, strict.stderr.splitlines()[-1]) == (
        1, "lif: scan found 3 error(s), 0 warning(s), 2 made errors by --strict-context.")


def test_scan_allow_file_matches_digits_in_any_layout(tmp_path: Path) -> None:
    """An --allow file's phone allowance covers the same number written another way."""
    (tmp_path / "d.md").write_text(CONTACTS)
    (tmp_path / "allow.yml").write_text(
        "- rule: ID-PHONE\n  text: '01632960124'\n  reason: the front door's published number\n"
        "- rule: ID-PHONE\n  text: +44 1632 960123\n  reason: the MASH's published number\n")
    result = run_lif("scan", "d.md", "--allow", "allow.yml", cwd=tmp_path)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1, "lif: scan found 1 error(s), 0 warning(s), 2 allowed.")


def test_scan_bad_allow_file_is_a_usage_error(tmp_path: Path) -> None:
    """An allow file without rule, text and reason is refused with exit 2, not a traceback."""
    (tmp_path / "d.md").write_text("Clean.\n")
    (tmp_path / "allow.yml").write_text("- rule: ID-PHONE\n")
    result = run_lif("scan", "d.md", "--allow", "allow.yml", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        2, "lif: --allow allow.yml: an allowance needs rule, text and reason (2 problem(s)).\n")


def test_scan_reads_the_sites_allow_list(tmp_path: Path) -> None:
    """lif scan -f mkdocs.yml applies the site's allow list, as lif check does."""
    kit = SiteKit(tmp_path / "site", extra_config=(
        "allow:\n  - rule: ID-EMAIL\n    text: Help@Testshire.example\n"
        "    reason: the partnership's published mailbox\n"))
    (kit.root / "draft.md").write_text("Write to help@testshire.example for a copy.\n")
    without = run_lif("scan", "draft.md", cwd=kit.root)
    with_site = run_lif("scan", "draft.md", "-f", "mkdocs.yml", cwd=kit.root)
    assert (without.exit_code, with_site.exit_code, with_site.stderr.splitlines()[-1]) == (
        1, 0, "lif: scan passed: 0 error(s), 0 warning(s), 1 allowed.")
