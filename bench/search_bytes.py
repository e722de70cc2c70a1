"""Search at scale: index size and bytes a reader transfers for one query, Material vs Pagefind.

Generates a deterministic plain-Markdown site (default 2,400 pages of about 700 words of
fictional safeguarding prose from ``bench.synth.Writer``), builds it with MkDocs and Material
twice: once with Material's built-in search plugin, once without it and with lif's Pagefind step
(``generator.search.index_site``) over the built pages. Then it reports:

* the search index on disk: Material's ``search/search_index.json``; Pagefind's whole
  ``pagefind/`` bundle (all chunks, fragments, filters, wasm and UI files);
* the bytes one query transfers, measured in Debian's chromium through Playwright when both
  are installed (every response body while the page loads and one query runs), and computed
  from the files. Material: the index and its search worker script, always all of it.
  Pagefind, computed from the files its loader fetches:
  ``pagefind.js``, ``pagefind-entry.json``, the ``.pf_meta`` file, the language wasm, every
  filter chunk (the UI loads them to show the filters), the index chunk(s) holding the query
  word, five result fragments (the UI's first page of results), and the UI script and CSS.

Run ``python -m bench.search_bytes OUT [--pages N] [--query WORD]``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from bench.synth import Writer
from generator import search

MKDOCS_YML = """\
site_name: Search benchmark
site_url: https://bench.example/
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
  font: false
nav:
  - Home: index.md
not_in_nav: |
  /pages/**
plugins:
{plugins}
"""


def generate(root: Path, pages: int, seed: int = 2400) -> None:
    """Write ``pages`` Markdown pages (plus a home page) into ``root/docs``."""
    writer = Writer(random.Random(seed))
    docs = root / "docs" / "pages"
    docs.mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Search benchmark\n", encoding="utf-8")
    for index in range(pages):
        body = "\n\n".join(writer.words(700))
        (docs / f"page-{index:04d}.md").write_text(
            f"# Learning page {index}\n\n## What happened\n\n{body}\n", encoding="utf-8")


def build(root: Path, name: str, plugins: str) -> Path:
    config = root / f"mkdocs-{name}.yml"
    config.write_text(MKDOCS_YML.format(site_dir=f"site-{name}", plugins=plugins),
                      encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                   check=True, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return root / f"site-{name}"


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def material_query_bytes(site: Path) -> tuple[int, int]:
    index = site / "search" / "search_index.json"
    worker = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return size(index), size(index) + sum(size(p) for p in worker)


def pagefind_query_bytes(bundle: Path, query: str) -> tuple[int, dict[str, int]]:
    """Bytes of the files Pagefind's loader and UI fetch for ``query`` (see module docs)."""
    parts: dict[str, int] = {}
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-ui.js", "pagefind-ui.css"):
        parts[name] = size(bundle / name)
    parts["meta"] = sum(size(p) for p in bundle.glob("pagefind.*.pf_meta"))
    parts["wasm"] = sum(size(p) for p in bundle.glob("wasm.en.pagefind"))
    parts["filters"] = sum(size(p) for p in (bundle / "filter").glob("*"))
    word = query.lower().encode()
    texts = {p: gzip.decompress(p.read_bytes()) for p in (bundle / "index").glob("*.pf_index")}
    stem = word
    while len(stem) > 4 and not any(stem in text for text in texts.values()):
        stem = stem[:-1]  # Pagefind indexes stemmed words ('supervis')
    chunks = [p for p, text in texts.items() if stem in text]
    parts["index chunks"] = sum(size(p) for p in chunks)
    hits = sorted(p for p in (bundle / "fragment").glob("*.pf_fragment")
                  if word in gzip.decompress(p.read_bytes()).lower())
    parts["5 fragments"] = sum(size(p) for p in hits[:5])
    return sum(parts.values()), parts


SEARCH_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title>
<link rel="stylesheet" href="/pagefind/pagefind-ui.css"><script src="/pagefind/pagefind-ui.js">
</script></head><body><div id="search"></div><script>
new PagefindUI({element: "#search", showSubResults: true, showImages: false});
</script></body></html>
"""


def browser_bytes(site: Path, page: str, query: str, selector: str,
                  results: str) -> tuple[int, int] | None:
    """Bytes of every response while Debian's chromium loads ``page`` and runs one query.

    Returns (bytes, requests), or None when Playwright or chromium is not installed. Pages are
    served uncompressed by a local server, so these are body sizes, not gzip transfer sizes.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: list[int] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            tab = browser.new_page()
            tab.on("requestfinished", lambda request: sizes.append(
                request.sizes()["responseBodySize"]))
            tab.goto(f"http://127.0.0.1:{server.server_port}/{page}")
            tab.wait_for_load_state("networkidle")
            tab.fill(selector, query)
            tab.wait_for_selector(results, timeout=60_000)
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(1000)
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes), len(sizes)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """http.server's file handler without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=2400)
    parser.add_argument("--query", default="supervision")
    parser.add_argument("--no-browser", action="store_true",
                        help="only compute from the files; do not drive chromium")
    args = parser.parse_args(argv)
    root: Path = args.out
    if root.exists():
        shutil.rmtree(root)
    generate(root, args.pages)
    material = build(root, "material", "  - search")
    pagefind_site = build(root, "pagefind", "  []")
    _, findings = search.index_site(pagefind_site)
    if findings:
        print("\n".join(f.format() for f in findings))
        return 1
    index_size, material_bytes = material_query_bytes(material)
    bundle = pagefind_site / search.BUNDLE_DIR
    pagefind_bytes, parts = pagefind_query_bytes(bundle, args.query)
    print(f"pages: {args.pages} (+ home), query: {args.query!r}")
    print(f"Material search index on disk: {index_size:,} bytes (search_index.json)")
    print(f"Pagefind bundle on disk:       {size(bundle):,} bytes "
          f"({sum(1 for p in bundle.rglob('*') if p.is_file())} files)")
    print(f"Material bytes for one query:  {material_bytes:,} (index + search worker)")
    print(f"Pagefind bytes for one query:  {pagefind_bytes:,} (computed from the files its "
          "loader fetches, not measured in a browser)")
    for name, value in parts.items():
        print(f"  {name:<20} {value:>10,}")
    if args.no_browser:
        return 0
    (pagefind_site / "pagefind-search.html").write_text(SEARCH_PAGE, encoding="utf-8")
    measured_material = browser_bytes(material, "", args.query, "input.md-search__input",
                                      ".md-search-result__item")
    measured_pagefind = browser_bytes(pagefind_site, "pagefind-search.html", args.query,
                                      ".pagefind-ui__search-input", ".pagefind-ui__result")
    if measured_material is None or measured_pagefind is None:
        print("Playwright or chromium is not installed: no browser measurement.")
        return 0
    print("Measured in Debian's chromium (page load + one query, uncompressed bodies):")
    print(f"  Material: {measured_material[0]:,} bytes in {measured_material[1]} requests "
          "(home page, theme assets, search worker and index)")
    print(f"  Pagefind: {measured_pagefind[0]:,} bytes in {measured_pagefind[1]} requests "
          "(a bare search page, Pagefind's UI, wasm, meta, filters, chunks, fragments)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
