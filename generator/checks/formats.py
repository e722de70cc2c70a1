"""Findings as plain lines, JSON or SARIF 2.1.0 (for GitHub code scanning and editors).

Every format is built from ``Finding`` objects, whose messages are already masked, so no
format can repeat a matched name or number in clear.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator import __version__
from generator.models import Finding
from generator.rules import rule_of

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/lif-publishing/lif"


def as_text(findings: Sequence[Finding]) -> str:
    return "".join(f"{item.format()}\n" for item in findings)


def as_json(findings: Sequence[Finding]) -> str:
    rows = [{"rule": f.rule_id, "severity": f.severity, "path": f.path, "line": f.line,
             "column": f.column, "message": f.message, "hint": f.hint} for f in findings]
    return json.dumps({"findings": rows}, indent=2, ensure_ascii=False) + "\n"


def as_sarif(findings: Sequence[Finding]) -> str:
    """One SARIF run: the rules used (with their documentation) and one result per finding."""
    used = sorted({f.rule_id for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    rules = [{
        "id": rule_id,
        "name": rule_id.title().replace("-", ""),
        "shortDescription": {"text": rule_of(rule_id).doc},
        "fullDescription": {"text": rule_of(rule_id).doc},
        "defaultConfiguration": {"level": rule_of(rule_id).severity},
    } for rule_id in used]
    results = [{
        "ruleId": f.rule_id,
        "ruleIndex": index[f.rule_id],
        "level": f.severity,
        "message": {"text": f"{f.message} {f.hint}".strip()},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": f.path},
            "region": {"startLine": max(1, f.line), "startColumn": max(1, f.column)},
        }}],
    } for f in findings]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lif", "version": __version__,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": as_text, "json": as_json, "sarif": as_sarif}
