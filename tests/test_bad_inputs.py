# ruff: noqa: E501
"""Every malformed input is answered with one positioned line, exit 1 (2 for usage), no traceback
and the previous site/ left exactly as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clirun import run_lif
from tests.sitekit import SiteKit

Mutation = Callable[[SiteKit], None]
OUTSIDE = Path("/etc/hostname")
"""A file outside every test repository for symbolic links to point at."""


def site_snapshot(root: Path) -> dict[str, str]:
    """Every file and link under the site/ folder with a digest of its bytes."""
    site = root / "site"
    snap = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        snap[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return snap


def repo_snapshot(root: Path) -> dict[str, str]:
    """Every path in the site's repository (links unfollowed), except the build lock file and
    the PDF cache (rendered PDFs are kept for the next build even when this one fails)."""
    snap = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == ".site-build.lock" or rel.split("/")[0] == ".lif-cache":
            continue
        if path.is_symlink():
            snap[rel] = "link"
        elif path.is_dir():
            snap[rel] = "dir"
        else:
            snap[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snap


def previous_site(root: Path) -> None:
    """A stand-in for yesterday's published site, which a failed build must not touch."""
    (root / "site" / "reviews").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<p>Yesterday's site.</p>\n")
    (root / "site" / "reviews" / "index.html").write_text("<p>Reviews.</p>\n")


# --------------------------------------------------------------------------- helpers for mutations


def review_file(name: str, text: str | bytes, slug: str = "child-t") -> Mutation:
    def mutate(kit: SiteKit) -> None:
        path = kit.root / "reviews" / slug / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return mutate


def edit(rel: str, old: str, new: str) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        path = kit.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def edit_bytes(rel: str, old: bytes, new: bytes) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        path = kit.root / rel
        path.write_bytes(path.read_bytes().replace(old, new, 1))
    return mutate


def write(rel: str, content: str | bytes) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        path = kit.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return mutate


def remove(rel: str) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        (kit.root / rel).unlink()
    return mutate


def symlink_outside(rel: str) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        path = kit.root / rel
        path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(OUTSIDE)
    return mutate


def enormous(rel: str) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        path = kit.root / rel
        with path.open("a", encoding="utf-8") as handle:
            handle.write(("1. A very long paragraph. " * 40 + "\n\n") * 2100)
    return mutate


def ledger_append(text: str) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        with (kit.root / "ledger.yml").open("a", encoding="utf-8") as handle:
            handle.write(text)
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(kit: SiteKit) -> None:
        for m in mutations:
            m(kit)
    return mutate


R = "reviews/child-t/"
B = "briefings/safer-sleep.md"

CASES: list[tuple[str, Mutation, int, str]] = [
    # review.yml
    ("review-yaml-syntax", edit(R + "review.yml", "type: lcspr", "type: [lcspr"), 1, "reviews/child-t/review.yml:2:7: YAML-SYNTAX cannot be read as YAML: the [ ] opened here is not closed properly. Check the brackets [ ] and the commas between items."),
    ("review-tab-indent", edit(R + "review.yml", "- information-sharing", "\t- information-sharing"), 1, "reviews/child-t/review.yml:8:1: YAML-SYNTAX cannot be read as YAML: a tab character is used where YAML needs spaces. Replace the tab with spaces: YAML does not allow tabs for indentation."),
    ("review-colon-in-value", edit(R + "review.yml", "subject: Child T", "subject: Child T: the review"), 1, "reviews/child-t/review.yml:3:17: YAML-SYNTAX cannot be read as YAML: a colon appears where YAML does not expect one. Put the value in quotes if it contains ': ' (title: \"Child T: a review\"), or check the indentation."),
    ("review-unclosed-quote", edit(R + "review.yml", "type: lcspr", "type: 'lcspr"), 1, "reviews/child-t/review.yml:2:7: YAML-SYNTAX cannot be read as YAML: a quotation mark is opened but never closed. Close the quotes on this value."),
    ("review-duplicate-key", edit(R + "review.yml", "type: lcspr", "type: lcspr\ntype: scr"), 1, "reviews/child-t/review.yml:3:1: YAML-DUPLICATE-KEY the key 'type' appears twice in the same block (first at line 2). Delete one of them so only the intended value counts."),
    ("review-wrong-type-list", edit(R + "review.yml", "age_band: under-1", "age_band: [under-1]"), 1, "reviews/child-t/review.yml:9:1: FIELD-INVALID 'age_band' must be one of: 'unborn', 'under-1', '1-4', '5-10', '11-15' or '16-17'. Use one of these values exactly."),
    ("review-wrong-type-bool", edit(R + "review.yml", "type: lcspr", "type: lcspr\ndraft: maybe"), 1, "reviews/child-t/review.yml:3:1: FIELD-INVALID 'draft' must be true or false. Correct the value."),
    ("review-wrong-type-number", edit(R + "review.yml", "methodology: SCIE Learning Together", "methodology: 12"), 1, "reviews/child-t/review.yml:11:1: FIELD-INVALID 'methodology' must be text. Correct the value."),
    ("review-unknown-field", edit(R + "review.yml", "type: lcspr", "type: lcspr\nsumary: typo"), 1, "reviews/child-t/review.yml:3:1: FIELD-UNKNOWN unknown field 'sumary'. Check the spelling; known fields: title, type, subject, summary, key_learning, themes, age_band, outcome, methodology, lead_reviewer, agencies, started, draft, allow."),
    ("review-missing-field", edit(R + "review.yml", "type: lcspr\n", ""), 1, "reviews/child-t/review.yml:1:1: FIELD-MISSING required field 'type' is missing. Add it; see the example files for its form."),
    ("review-bad-literal", edit(R + "review.yml", "outcome: serious-harm", "outcome: injured"), 1, "reviews/child-t/review.yml:10:1: FIELD-INVALID 'outcome' must be one of: 'death' or 'serious-harm'. Use one of these values exactly."),
    ("review-unknown-theme", edit(R + "review.yml", "- information-sharing", "- sleep"), 1, "reviews/child-t/review.yml:8:3: THEME-UNKNOWN 'sleep' is not a theme in the site's vocabulary. Did you mean 'safer-sleep'?"),
    ("review-empty", review_file("review.yml", ""), 1, "reviews/child-t/review.yml:1:1: FILE-EMPTY is empty. Fill it in from the example, or delete it."),
    ("review-not-a-mapping", review_file("review.yml", "- title\n- type\n"), 1, "reviews/child-t/review.yml:1:1: FIELD-INVALID must be a block of 'field: value' lines. See the example files in the documentation."),
    ("review-invalid-utf8", review_file("review.yml", b"title: Caf\xe9\n"), 1, "reviews/child-t/review.yml:1:11: FILE-ENCODING is not valid UTF-8 text. Save the file with UTF-8 encoding in your editor."),
    ("review-binary", review_file("review.yml", b"\x89PNG\r\n\x1a\n\x00\x00"), 1, "reviews/child-t/review.yml:1:1: FILE-BINARY contains binary data, not text. Save it as plain UTF-8 text (Markdown or YAML)."),
    ("review-symlink-outside", symlink_outside(R + "review.yml"), 1, "reviews/child-t/review.yml:1:1: FILE-OUTSIDE-REPO points outside the site's repository. Copy the file into the repository instead of linking to it."),
    ("review-missing", remove(R + "review.yml"), 1, "reviews/child-t/review.yml:1:1: FILE-MISSING every review folder needs a review.yml. Create it with 'lif new review SLUG', or remove the folder."),
    ("review-empty-list", edit(R + "review.yml", "themes:\n- information-sharing", "themes: []"), 1, "reviews/child-t/review.yml:7:1: FIELD-INVALID 'themes' must not be empty. Correct the value."),
    # report.md and response.md
    ("report-missing", remove(R + "report.md"), 1, "reviews/child-t/report.md:1:1: FILE-MISSING the review has no report.md. Add the final report as Markdown (lif import can convert Word)."),
    ("report-empty", review_file("report.md", ""), 1, "reviews/child-t/report.md:1:1: FILE-EMPTY is empty. Write the text, or delete the file."),
    ("report-invalid-utf8", review_file("report.md", b"## Intro\n\n1. Caf\xe9\n"), 1, "reviews/child-t/report.md:3:7: FILE-ENCODING is not valid UTF-8 text. Save the file with UTF-8 encoding in your editor."),
    ("report-binary", review_file("report.md", b"PK\x03\x04\x00\x00word/document.xml"), 1, "reviews/child-t/report.md:1:1: FILE-BINARY contains binary data, not text. Save it as plain UTF-8 text (Markdown or YAML)."),
    ("report-enormous", enormous(R + "report.md"), 1, "reviews/child-t/report.md:1:1: FILE-TOO-LARGE is 2,188,604 bytes; sources may be at most 2,000,000. Check that it is the right file; split very long reports."),
    ("report-symlink-outside", symlink_outside(R + "report.md"), 1, "reviews/child-t/report.md:1:1: FILE-OUTSIDE-REPO points outside the site's repository. Copy the file into the repository instead of linking to it."),
    ("report-front-matter-syntax", review_file("report.md", "---\ntitle: [x\n---\n## 1. Text\n"), 1, "reviews/child-t/report.md:2:8: YAML-SYNTAX cannot be read as YAML: the [ ] opened here is not closed properly. Check the brackets [ ] and the commas between items."),
    ("report-only-front-matter", review_file("report.md", "---\ntitle: x\n---\n"), 1, "reviews/child-t/report.md:4:1: REPORT-NO-TEXT the report has no text after its front matter. Write the report, or mark the review draft: true."),
    ("response-missing", remove(R + "response.md"), 1, "reviews/child-t/response.md:1:1: FILE-MISSING the review has no response.md. Add the partnership's response with its actions."),
    ("response-unclosed-front-matter", edit(R + "response.md", "---\n## Actions", "## Actions"), 1, "reviews/child-t/response.md:1:1: FRONT-MATTER front matter is not closed. Add a line '---' after the last field."),
    ("response-duplicate-key", edit(R + "response.md", "    status: complete", "    status: complete\n    status: planned"), 1, "reviews/child-t/response.md:7:5: YAML-DUPLICATE-KEY the key 'status' appears twice in the same block (first at line 6). Delete one of them so only the intended value counts."),
    ("response-impossible-date", edit(R + "response.md", "due: 2025-03-31", "due: 2026-02-30"), 1, "reviews/child-t/response.md:8:5: FIELD-INVALID 'actions[1].due' must be a real date written as YYYY-MM-DD. Correct the value."),
    ("response-wrong-type", edit(R + "response.md", "actions:\n", "actions: none\nx:\n"), 1, "reviews/child-t/response.md:2:1: FIELD-INVALID 'actions' must be a list (one '- item' per line, or [a, b]). Correct the value."),
    ("response-bad-status", edit(R + "response.md", "status: complete", "status: done"), 1, "reviews/child-t/response.md:6:5: FIELD-INVALID 'actions[1].status' must be one of: 'planned', 'in-progress' or 'complete'. Use one of these values exactly."),
    # review folders
    ("review-extra-file", write(R + "notes.docx", b"PK\x03\x04"), 1, "reviews/child-t/notes.docx:1:1: FILE-UNEXPECTED is not a file lif uses in a review folder. Move attachments into the review's files/ folder, or delete it."),
    ("review-folder-bad-slug", write("reviews/Child_T/review.yml", "title: x\n"), 1, "reviews/Child_T:1:1: SLUG-INVALID 'Child_T' is not a valid review slug. Rename the folder to lower-case words joined by hyphens."),
    ("reviews-stray-file", write("reviews/readme.txt", "notes\n"), 1, "reviews/readme.txt:1:1: FILE-UNEXPECTED only review folders belong in reviews/. Move the file into a review folder, or delete it."),
    ("review-attachment-outside", symlink_outside(R + "files/chronology.pdf"), 1, "reviews/child-t/files/chronology.pdf:1:1: FILE-OUTSIDE-REPO points outside the site's repository. Copy the file into the repository instead."),
    # briefings
    ("briefing-no-front-matter", write(B, "# Safer sleep\n\nText.\n"), 1, "briefings/safer-sleep.md:1:1: FRONT-MATTER has no front matter. Start the file with a line '---', the fields, and '---'."),
    ("briefing-duplicate-date", edit(B, "date: 2026-01-10", "date: 2026-01-10\ndate: 2027-01-01"), 1, "briefings/safer-sleep.md:4:1: YAML-DUPLICATE-KEY the key 'date' appears twice in the same block (first at line 3). Delete one of them so only the intended value counts."),
    ("briefing-impossible-date", edit(B, "date: 2026-01-10", "date: 2026-02-30"), 1, "briefings/safer-sleep.md:3:1: FIELD-INVALID 'date' must be a real date written as YYYY-MM-DD. Correct the value."),
    ("briefing-date-number", edit(B, "date: 2026-01-10", "date: 20260110"), 1, "briefings/safer-sleep.md:3:1: FIELD-INVALID 'date' must be a date written as YYYY-MM-DD. Correct the value."),
    ("briefing-unknown-review", edit(B, "reviews: [child-t]", "reviews: [child-x]"), 1, "briefings/safer-sleep.md:7:11: BRIEFING-UNKNOWN-REVIEW the briefing draws on 'child-x', but there is no review folder of that name. Check the slug against the folders in reviews/."),
    ("briefing-tab", edit(B, "source: lcspr", "source:\tlcspr\n\tx: 1"), 1, "briefings/safer-sleep.md:6:8: YAML-SYNTAX cannot be read as YAML: a tab character is used where YAML needs spaces. Replace the tab with spaces: YAML does not allow tabs for indentation."),
    ("briefing-front-matter-list", write(B, "---\n- a\n- b\n---\nText.\n"), 1, "briefings/safer-sleep.md:2:1: FRONT-MATTER front matter must be a list of 'field: value' lines. Write each field on its own line as 'name: value'."),
    ("briefing-empty", write(B, ""), 1, "briefings/safer-sleep.md:1:1: FILE-EMPTY is empty. Write the text, or delete the file."),
    ("briefing-bad-slug", write("briefings/Safer_Sleep.md", "---\ntitle: x\n---\n"), 1, "briefings/Safer_Sleep.md:1:1: SLUG-INVALID 'Safer_Sleep' is not a valid briefing slug. Rename the file to lower-case words joined by hyphens."),
    ("briefing-unknown-theme", edit(B, "themes: [safer-sleep]", "themes: [safer-sleeping]"), 1, "briefings/safer-sleep.md:4:10: THEME-UNKNOWN 'safer-sleeping' is not a theme in the site's vocabulary. Did you mean 'safer-sleep'?"),
    ("briefing-unknown-source", edit(B, "source: lcspr", "source: newspaper"), 1, "briefings/safer-sleep.md:6:1: FIELD-INVALID 'source' must be one of: 'lcspr', 'rapid-review', 'audit', 'national-review', 'thematic-review' or 'multi-agency-audit'. Use one of these values exactly."),
    ("briefing-not-markdown", write("briefings/notes.txt", "notes\n"), 1, "briefings/notes.txt:1:1: FILE-UNEXPECTED only Markdown briefings (.md) belong here. Move or delete it."),
    ("briefing-seven-sections", edit(B, "## 4. Key findings", "## Key findings"), 1, "briefings/safer-sleep.md:25:1: BRIEFING-SEVEN-SECTIONS a 7-minute briefing needs sections numbered 1 to 7 in order; found 1, 2, 3, 5, 6, 7. Use headings '## 1. Background' ... '## 7. What to do', or set 'format: free' in the front matter."),
    ("briefing-invalid-utf8", write(B, b"---\ntitle: Caf\xe9\n---\n"), 1, "briefings/safer-sleep.md:2:11: FILE-ENCODING is not valid UTF-8 text. Save the file with UTF-8 encoding in your editor."),
    # ledger
    ("ledger-unknown-kind", ledger_append("- event: archived\n  review: child-t\n  date: 2026-01-01\n  hash: x\n"), 1, "ledger.yml:19:3: FIELD-INVALID 'event' must be one of: 'approved', 'panel-copy-sent', 'published', 'withdrawn', 'withheld', 'delayed' or 'redacted'. Use one of these values exactly."),
    ("ledger-duplicate-key", ledger_append("- event: withdrawn\n  review: child-t\n  date: 2026-01-01\n  date: 2026-01-02\n"), 1, "ledger.yml:22:3: YAML-DUPLICATE-KEY the key 'date' appears twice in the same block (first at line 21). Delete one of them so only the intended value counts."),
    ("review-alias-bomb", review_file("review.yml", "title: Child T\nx: &a [l, l, l, l, l, l, l, l, l]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"), 1, "reviews/child-t/review.yml:3:8: YAML-ALIAS uses the alias '*a'. Write the value out in full instead of '&name' and '*name'."),
    ("review-nested-20000-deep", review_file("review.yml", "title: Child T\nagencies: " + "[" * 20000 + "]" * 20000 + "\n"), 1, "reviews/child-t/review.yml:2:50: YAML-TOO-DEEP nests lists or mappings more than 40 deep. Flatten the structure; no lif source nests this deep."),
    ("ledger-alias", ledger_append("- &e\n  event: withdrawn\n  review: child-t\n  date: 2026-01-01\n- *e\n"), 1, "ledger.yml:23:3: YAML-ALIAS uses the alias '*e'. Write the value out in full instead of '&name' and '*name'."),
    ("briefing-front-matter-alias", write("briefings/safer-sleep.md", "---\ntitle: &t Safer sleep\nsummary: *t\n---\n# Safer sleep\n"), 1, "briefings/safer-sleep.md:3:10: YAML-ALIAS uses the alias '*t'. Write the value out in full instead of '&name' and '*name'."),
    ("ledger-impossible-date", ledger_append("- event: withdrawn\n  review: child-t\n  date: 2026-02-30\n  hash: x\n"), 1, "ledger.yml:21:3: FIELD-INVALID 'date' must be a real date written as YYYY-MM-DD. Correct the value."),
    ("ledger-unknown-review", ledger_append("- event: withdrawn\n  review: child-q\n  date: 2026-01-01\n  hash: x\n"), 1, "ledger.yml:19:1: LEDGER-UNKNOWN-REVIEW 'withdrawn' names the review 'child-q', which has no folder in reviews/. Restore the review's folder: a review in the ledger may not be deleted."),
    ("ledger-edited", edit("ledger.yml", "date: 2025-05-20", "date: 2025-05-21"), 1, "ledger.yml:15:1: LEDGER-CHAIN entry 3 (published child-t 2025-05-21) does not match the ledger's hash chain: an entry at or before it was edited, reordered or removed. Restore ledger.yml from git (git checkout -- ledger.yml); record changes only with lif commands."),
    ("ledger-not-a-list", write("ledger.yml", "event: published\n"), 1, "ledger.yml:1:1: FIELD-INVALID the ledger must be a list of events ('- event: ...'). Restore ledger.yml from git: it is written only by lif commands."),
    ("ledger-syntax", ledger_append("- event: [withdrawn\n"), 1, "ledger.yml:19:10: YAML-SYNTAX cannot be read as YAML: the [ ] opened here is not closed properly. Check the brackets [ ] and the commas between items."),
    ("ledger-binary", write("ledger.yml", b"\x00\x01\x02"), 1, "ledger.yml:1:1: FILE-BINARY contains binary data, not text. Save it as plain UTF-8 text (Markdown or YAML)."),
    # content pages and theme overrides (read by MkDocs itself)
    ("page-invalid-utf8", write("content/about.md", b"# About\n\nCaf\xe9\n"), 1, "content/about.md:3:4: FILE-ENCODING is not valid UTF-8 text. Save the file with UTF-8 encoding in your editor."),
    ("page-binary", write("content/about.md", b"\x00\x01"), 1, "content/about.md:1:1: FILE-BINARY contains binary data, not text. Save it as plain UTF-8 text (Markdown or YAML)."),
    ("page-front-matter-duplicate", write("content/about.md", "---\ntitle: About\ntitle: Us\n---\n# About\n"), 1, "content/about.md:3:1: YAML-DUPLICATE-KEY the key 'title' appears twice in the same block (first at line 2). Delete one of them so only the intended value counts."),
    ("page-symlink-outside", symlink_outside("content/about.md"), 1, "content/about.md:1:1: FILE-OUTSIDE-REPO points outside the site's repository. Copy the file into the repository instead of linking to it."),
    ("page-clashes-with-listing", write("content/reviews/index.md", "# Our reviews\n"), 1, "content/reviews/index.md:1:1: PAGE-CLASH this page has the same address as 'reviews/index.md', a page lif generates, so one of them would be lost from the site. Move or rename this page: reviews/, briefings/, themes/, actions and search are lif's own addresses."),
    ("page-clashes-with-review", write("content/reviews/child-t.md", "# Child T\n"), 1, "content/reviews/child-t.md:1:1: PAGE-CLASH this page has the same address as 'reviews/child-t/index.md', a page lif generates, so one of them would be lost from the site. Move or rename this page: reviews/, briefings/, themes/, actions and search are lif's own addresses."),
    ("template-syntax", write("theme/main.html", '{% extends "base.html" %}\n{% block content %\n'), 1, "theme/main.html:2:1: TEMPLATE-INVALID the template cannot be used: expected token 'end of statement block', got '%'. Fix the template override (see the MkDocs Material documentation on overrides), or remove it to use the standard one."),
    ("template-undefined", write("theme/main.html", '{% extends "base.html" %}\n{% block content %}\n{{ page.nothing.here }}\n{% endblock %}\n'), 1, "theme/main.html:3:1: TEMPLATE-INVALID the template cannot be used: 'mkdocs.structure.pages.Page object' has no attribute 'nothing'. Fix the template override (see the MkDocs Material documentation on overrides), or remove it to use the standard one."),
    # mkdocs.yml
    ("config-plugin-option-type", edit("mkdocs.yml", "      partnership:", "      min_listing_months: twelve\n      partnership:"), 1, "mkdocs.yml:18:7: CONFIG-INVALID plugin 'lif' option 'min_listing_months' must be a whole number, not text. Fix mkdocs.yml and run again."),
    ("config-plugin-option-unknown", edit("mkdocs.yml", "      partnership:", "      min_listing_month: 12\n      partnership:"), 1, "mkdocs.yml:18:7: CONFIG-INVALID plugin 'lif' option 'min_listing_month' is not a known option; check its spelling. Fix mkdocs.yml and run again."),
    ("config-unknown-theme", edit("mkdocs.yml", "name: material", "name: materiel"), 1, "mkdocs.yml:5:1: CONFIG-INVALID 'theme': Unrecognised theme name: 'materiel'. The available installed themes are: mkdocs, readthedocs, material. Fix mkdocs.yml and run again."),
    ("config-duplicate-key", edit("mkdocs.yml", "site_dir: site", "site_dir: site\nsite_dir: public"), 1, "mkdocs.yml:5:1: YAML-DUPLICATE-KEY the key 'site_dir' appears twice in the same block (first at line 4). Delete one of them so only the intended value counts."),
    ("config-duplicate-plugin-option", edit("mkdocs.yml", "      partnership:", "      notice_days: 7\n      notice_days: 3\n      partnership:"), 1, "mkdocs.yml:19:7: YAML-DUPLICATE-KEY the key 'notice_days' appears twice in the same block (first at line 18). Delete one of them so only the intended value counts."),
    ("config-plugin-list-type", edit("mkdocs.yml", "      partnership:", "      allow: none\n      partnership:"), 1, "mkdocs.yml:18:7: CONFIG-INVALID plugin 'lif' option 'allow' must be a list, not text. Fix mkdocs.yml and run again."),
    ("config-yaml-syntax", edit("mkdocs.yml", "site_dir: site", "site_dir: [site"), 1, "mkdocs.yml:4:11: YAML-SYNTAX cannot be read as YAML: the [ ] opened here is not closed properly. Check the brackets [ ] and the commas between items."),
    ("config-tab", edit("mkdocs.yml", "  name: material", "\tname: material"), 1, "mkdocs.yml:6:1: YAML-SYNTAX cannot be read as YAML: a tab character is used where YAML needs spaces. Replace the tab with spaces: YAML does not allow tabs for indentation."),
    ("config-invalid-utf8", edit_bytes("mkdocs.yml", b"site_name: Testshire", b"site_name: Caf\xe9"), 1, "mkdocs.yml:1:15: FILE-ENCODING is not valid UTF-8 text. Save the file with UTF-8 encoding in your editor."),
    ("config-today-unquoted", edit("mkdocs.yml", "      partnership:", "      today: 2026-11-23\n      partnership:"), 1, "mkdocs.yml:18:7: CONFIG-INVALID plugin 'lif' option 'today' must be a date in quotes (today: '2026-11-23'), so YAML reads it as text. Fix mkdocs.yml and run again."),
    ("config-missing", remove("mkdocs.yml"), 1, "mkdocs.yml:1:1: FILE-MISSING no such file. Run lif in the site's folder, or pass -f path/to/mkdocs.yml."),
    ("config-empty", write("mkdocs.yml", "\n"), 1, "mkdocs.yml:1:1: FILE-EMPTY is empty. Start from the mkdocs.yml that 'lif init' writes."),
    ("config-no-lif-plugin", edit("mkdocs.yml", "  - lif:\n      partnership: Testshire Safeguarding Children Partnership", "  - search"), 1, "mkdocs.yml:16:1: CONFIG-INVALID the 'lif' plugin is not enabled. Add '- lif' under 'plugins:' in mkdocs.yml."),
    ("config-missing-docs-dir", edit("mkdocs.yml", "docs_dir: content", "docs_dir: contents"), 1, "mkdocs.yml:3:1: CONFIG-INVALID 'docs_dir': The path 'contents' isn't an existing directory. Fix mkdocs.yml and run again."),
    ("config-today-option", edit("mkdocs.yml", "      partnership:", "      today: 2026-13-01\n      partnership:"), 1, "mkdocs.yml:18:14: CONFIG-INVALID '2026-13-01' is not a real date (month must be in 1..12). Write a real date as YYYY-MM-DD."),
]


def make_site(kit: SiteKit) -> None:
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    kit.briefing("safer-sleep", "2026-01-10", reviews="child-t")


@pytest.mark.parametrize(("mutation", "code", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_is_answered(kit: SiteKit, mutation: Mutation, code: int,
                               expected: str) -> None:
    """The malformed input gives its exact positioned line, the exit code, and no new site."""
    make_site(kit)
    previous_site(kit.root)
    mutation(kit)
    before = repo_snapshot(kit.root)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert expected in result.output.splitlines(), result.output
    assert result.exit_code == code
    assert repo_snapshot(kit.root) == before  # site/ and every source exactly as they were


USAGE_CASES: list[tuple[str, list[str], str]] = [
    ("impossible-today", ["build", "--today", "2026-02-30"],
     "lif: --today must be a date written as YYYY-MM-DD, not '2026-02-30'."),
    ("words-today", ["build", "--today", "tomorrow"],
     "lif: --today must be a date written as YYYY-MM-DD, not 'tomorrow'."),
    ("unknown-option", ["build", "--fast"], "Error: No such option '--fast'."),
    ("unknown-command", ["publsh"], "Error: No such command 'publsh'. Did you mean 'publish'?"),
]


@pytest.mark.parametrize(("args", "expected"), [c[1:] for c in USAGE_CASES],
                         ids=[c[0] for c in USAGE_CASES])
def test_usage_error_exits_2(kit: SiteKit, args: list[str], expected: str) -> None:
    """A command line used wrongly exits 2 with one clear line and builds nothing."""
    make_site(kit)
    previous_site(kit.root)
    before = site_snapshot(kit.root)
    result = run_lif(*args, cwd=kit.root)
    assert "Traceback" not in result.output
    assert expected in result.output.splitlines(), result.output
    assert result.exit_code == 2
    assert site_snapshot(kit.root) == before


def test_the_table_covers_every_kind_of_source() -> None:
    """At least 40 malformed inputs, touching every file type lif reads."""
    assert len(CASES) >= 40
    touched = {expected.split(":", 1)[0].rsplit("/", 1)[-1].rsplit(".", 1)[-1]
               for _, _, _, expected in CASES}
    assert {"yml", "md", "docx", "pdf", "txt"} <= touched


@pytest.mark.parametrize("epoch", ["abc", "-5", "99999999999999999999", "4294967296", "1.5e9",
                                   " 1795392000"])
@pytest.mark.parametrize("command", ["build", "check", "status"])
def test_bad_source_date_epoch_is_a_usage_error(kit: SiteKit, command: str, epoch: str) -> None:
    """SOURCE_DATE_EPOCH that is not whole seconds (or past what a build can write) exits 2
    with one line saying what to set, and builds nothing."""
    make_site(kit)
    previous_site(kit.root)
    before = site_snapshot(kit.root)
    result = run_lif(command, cwd=kit.root, env={"SOURCE_DATE_EPOCH": epoch})
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", (
        "lif: SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (as 'date +%s' "
        f"prints them, at most 4294967295), not '{epoch}': set it to such a number, or unset "
        "it.\n"))
    assert site_snapshot(kit.root) == before
