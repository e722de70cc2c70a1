"""Build the example site and take PNG screenshots of it in Debian's chromium.

Usage: scripts/screenshots [FOLDER]   (default: ./screenshots, which git ignores)

For a person to look at: every page type of the example site (tests/browser/kit.py's
PAGE_TYPES; search with a query typed) at desktop width (1280 px) and phone width (390 px),
as `<page-type>-<width>.png`. Nothing is downloaded; see tests/browser/kit.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import kit  # noqa: E402

WIDTHS = (1280, 390)
"""Desktop, and a common phone (the browser tests use the same two)."""


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: scripts/screenshots [FOLDER]", file=sys.stderr)
        return 2
    missing = kit.missing_browser()
    if missing:
        print(f"screenshots: {missing}", file=sys.stderr)
        return 1
    folder = Path(argv[0] if argv else "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lif-screenshots-") as tmp:
        site = Path(tmp) / "site"
        print(f"Building the example site for {kit.TODAY} ...", file=sys.stderr)
        kit.build_example(site)
        with kit.serve(site) as base:
            browser = kit.Browser(base)
            try:
                for width in WIDTHS:
                    browser.page.set_viewport_size({"width": width, "height": 844})
                    for page_type in kit.PAGE_TYPES:
                        browser.load_type(page_type)
                        name = page_type.replace(" ", "-")
                        target = folder / f"{name}-{width}.png"
                        browser.page.screenshot(path=str(target), full_page=True)
                        print(f"{target}  ({page_type}, {width} px wide)")
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
