"""Sources are read by libyaml for speed, yet every verdict is the one PyYAML's own parser gives."""

from __future__ import annotations

import pytest
import yaml

from generator import load
from generator.models import Finding

DIFFERING = [
    "summary: notice). \tPublish on or after the date\n",
    "themes: [information-sharing, multi-agncy-workin?, supervision]\n",
    "title: x\n >#\n",
    "\ufefftitle: x\nda\ufeffe: 2027-01-01\n",
    "---\ntitle: x\n",
    "title: !\n",
]
"""Texts found by a differential fuzz where libyaml and PyYAML's pure-Python parser disagree."""


def pure_python(text: str) -> tuple[object, list[str]]:
    """What parse_yaml gives when only the pure-Python parser is used."""
    findings: list[Finding] = []
    original = load._FastComposer
    load._FastComposer = None
    try:
        parsed = load.parse_yaml(text, "x.yml", findings)
    finally:
        load._FastComposer = original
    return parsed, [f.format() for f in findings]


@pytest.mark.parametrize("text", DIFFERING)
def test_texts_libyaml_reads_differently_get_pure_python_verdict(text: str) -> None:
    """Where the parsers disagree, the value, positions and findings are PyYAML's own."""
    findings: list[Finding] = []
    parsed = load.parse_yaml(text, "x.yml", findings)
    assert (parsed, [f.format() for f in findings]) == pure_python(text)


def test_libyaml_is_used_for_ordinary_sources() -> None:
    """An ordinary source is composed by libyaml, with the same value and positions."""
    text = ("# header\ntitle: \"Child T: a review\"\nthemes: [neglect, hidden-men]\n"
            "date: 2025-05-20\n")
    assert yaml.__with_libyaml__ and not load._LIBYAML_DIFFERS.search(text)
    findings: list[Finding] = []
    assert load.parse_yaml(text, "x.yml", findings) == pure_python(text)[0]
    assert findings == []
