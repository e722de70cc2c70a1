"""Every rule lif enforces: a stable ID, a default severity and one line of documentation.

A finding may only use an ID listed here; ``tests/test_docs.py`` keeps ``docs`` (the rule list
published in the README) in step with this table. Rules are grouped by the stage that runs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.models import Finding, Position, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    doc: str


_RULES = [
    # loading: files and YAML
    Rule("FILE-MISSING", "error", "A file every review needs (review.yml, report.md, response.md) is missing."),
    Rule("FILE-EMPTY", "error", "A source file is empty."),
    Rule("FILE-ENCODING", "error", "A text file is not valid UTF-8."),
    Rule("FILE-BINARY", "error", "A file that should be text contains binary data."),
    Rule("FILE-TOO-LARGE", "error", "A source file is larger than the configured limit."),
    Rule("FILE-OUTSIDE-REPO", "error", "A file or symbolic link points outside the site's repository."),
    Rule("FILE-UNEXPECTED", "error", "A file in a review or briefing folder that lif does not know what to do with."),
    Rule("YAML-SYNTAX", "error", "A YAML file or front matter block cannot be parsed."),
    Rule("YAML-DUPLICATE-KEY", "error", "A YAML key appears twice in one mapping; only one value may count."),
    Rule("FRONT-MATTER", "error", "Front matter is missing, not closed with '---', or not a mapping."),
    Rule("FIELD-UNKNOWN", "error", "A metadata field that lif does not know (often a misspelling)."),
    Rule("FIELD-MISSING", "error", "A required metadata field is missing."),
    Rule("FIELD-INVALID", "error", "A metadata field has the wrong type or value."),
    Rule("SLUG-INVALID", "error", "A review folder or briefing file name is not lower-case words joined by hyphens."),
    Rule("THEME-UNKNOWN", "error", "A theme that is not in the site's theme vocabulary."),
    Rule("CONFIG-INVALID", "error", "mkdocs.yml or the lif plugin options are invalid."),
    # content
    Rule("BRIEFING-UNKNOWN-REVIEW", "error", "A briefing names a review slug that does not exist."),
    Rule("BRIEFING-REVIEW-NOT-PUBLIC", "error", "A briefing draws on a review that is not public by the briefing's date."),
    Rule("BRIEFING-SEVEN-SECTIONS", "error", "A 7-minute briefing lacks its seven numbered sections in order."),
    Rule("REPORT-NO-TEXT", "error", "A report or response has no text."),
    # ledger and lifecycle
    Rule("LEDGER-UNKNOWN-REVIEW", "error", "A ledger event names a review folder that does not exist."),
    Rule("LEDGER-CHAIN", "error", "A ledger entry's hash does not match: an entry was edited, reordered or removed."),
    # safety net after the build
    Rule("SITE-LEAK", "error", "Text of a review or briefing that is not public was found in the built site."),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def register(*rules: Rule) -> None:
    """Add a rule family's rules (called at import by each ``checks`` module)."""
    for rule in rules:
        if rule.id in RULES and RULES[rule.id] != rule:
            raise ValueError(f"rule {rule.id} registered twice with different definitions")
        RULES[rule.id] = rule


def rule_of(rule_id: str) -> Rule:
    """The rule with this ID, registered or not yet.

    A rule family registers when its module is imported, and a scan in a worker process may
    import one (the PDF checks) that this process never did: its matches still need their rule.
    """
    if rule_id not in RULES:
        all_rules()
    return RULES[rule_id]


def finding(
    rule_id: str, path: str, where: Position, message: str, hint: str = "",
    severity: Severity | None = None,
) -> Finding:
    """A finding for a registered rule, with its default severity unless told otherwise."""
    rule = rule_of(rule_id)
    return Finding(
        rule_id, severity or rule.severity, path, where.line, where.column, message, hint
    )


RULE_MODULES = (
    "generator.checks", "generator.checks.placeholders", "generator.checks.attachments",
    "generator.redaction.scanner", "generator.redaction.detectors",
    "generator.redaction.protected", "generator.redaction.context", "generator.checks.documents",
    "generator.checks.pdf", "generator.checks.docx", "generator.checks.references", "generator.checks.links", "generator.publication",
    "generator.sitefiles", "generator.search",
    "generator.checks.pdf_text", "generator.checks.actions",
    "generator.word_import",
)
"""Modules that register rule families at import: importing them all completes the table."""


def all_rules() -> list[Rule]:
    """Every rule lif can report, sorted by ID (for ``lif rules`` and the published list)."""
    import importlib

    for name in RULE_MODULES:
        importlib.import_module(name)
    return sorted(RULES.values(), key=lambda rule: rule.id)


def reference_markdown() -> str:
    """The rule reference as a Markdown table (docs-spec/RULES.md is this, kept in step)."""
    lines = ["# Rules", "",
             "Every finding lif reports names one of these rules: "
             "`path:line:col: RULE-ID message` and what to do next.",
             "`lif rules` prints this list. Severity is the default; `warning` findings do not",
             "fail a build.", "", "| rule | severity | what it means |", "|---|---|---|"]
    lines += [f"| `{rule.id}` | {rule.severity} | {rule.doc.replace('|', '/')} |"
              for rule in all_rules()]
    return "\n".join(lines) + "\n"
