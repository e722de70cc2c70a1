"""Golden copies of the pages generated for the example site.

Regenerate after an intended change with ``make golden`` (``python -m tests.golden``) and review
the diff of ``tests/golden/`` like code: it is exactly what changed for readers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config import load_config

from generator.build import prepare_site
from generator.pages import build_pages, latest_publications
from generator.plugin import plugin_of
from generator.state import resolve_today

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_DAY = "2026-11-23"


def generated_pages() -> dict[str, str]:
    """Every generated page of the example site on the golden day, by path."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    options = plugin_of(config).config
    site = prepare_site(ROOT, options, resolve_today(GOLDEN_DAY),
                        docs_dir=Path(config.docs_dir))
    assert not site.errors, [f.format() for f in site.errors]
    pages = {page.src_uri: page.markdown for page in build_pages(site)}
    pages["index.latest.md"] = latest_publications(site)
    return pages


def main() -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for name, text in sorted(generated_pages().items()):
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {sum(1 for _ in GOLDEN.rglob('*.md'))} golden pages into {GOLDEN}")


if __name__ == "__main__":
    main()
