"""bench/search_bytes.py builds both sites and reports sizes and bytes for one query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import search_bytes


def test_synthetic_pages_are_deterministic(tmp_path: Path) -> None:
    """The same seed writes byte-identical pages, each a heading and about 700 words."""
    search_bytes.generate(tmp_path / "a", 3)
    search_bytes.generate(tmp_path / "b", 3)
    names = sorted(p.relative_to(tmp_path / "a").as_posix()
                   for p in (tmp_path / "a").rglob("*.md"))
    assert names == ["docs/index.md", "docs/pages/page-0000.md", "docs/pages/page-0001.md",
                     "docs/pages/page-0002.md"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    text = (tmp_path / "a" / "docs/pages/page-0001.md").read_text(encoding="utf-8")
    assert text.startswith("# Learning page 1\n\n## What happened\n\n")
    assert 700 <= len(text.split()) <= 800


@pytest.mark.slow
def test_benchmark_reports_both_searches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A small run (files only, no browser) prints index sizes and bytes for both searches."""
    assert search_bytes.main([str(tmp_path / "out"), "--pages", "5",
                              "--query", "practitioners", "--no-browser"]) == 0
    lines = capsys.readouterr().out.splitlines()
    patterns = [
        r"pages: 5 \(\+ home\), query: 'practitioners'",
        r"Material search index on disk: [\d,]+ bytes \(search_index.json\)",
        r"Pagefind bundle on disk: +[\d,]+ bytes \(\d+ files\)",
        r"Material bytes for one query: +[\d,]+ \(index \+ search worker\)",
        r"Pagefind bytes for one query: +[\d,]+ \(computed from the files its loader fetches, "
        r"not measured in a browser\)",
    ] + [rf"  {re.escape(name)} +[\d,]+" for name in (
        "pagefind.js", "pagefind-entry.json", "pagefind-ui.js", "pagefind-ui.css", "meta",
        "wasm", "filters", "index chunks", "5 fragments")]
    assert len(lines) == len(patterns), lines
    for line, pattern in zip(lines, patterns, strict=True):
        assert re.fullmatch(pattern, line), (line, pattern)
