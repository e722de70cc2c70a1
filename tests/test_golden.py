"""The example site's generated pages match their reviewed golden copies."""

from __future__ import annotations

from tests.golden import GOLDEN, generated_pages


def test_generated_pages_match_golden_copies() -> None:
    """Any change to what readers see shows up as a diff; regenerate with `make golden`."""
    pages = generated_pages()
    on_disk = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
               for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(on_disk)
    for name, text in pages.items():
        assert text == on_disk[name], f"{name} differs from tests/golden/{name}: run make golden"
