"""Benchmark: ``lif build`` against plain mkdocs-material on the same pages, at several sizes.

For each N (reviews; the site also has 5N briefings) it writes the synthetic site of
``bench/synth.py``, then builds, each in a fresh process:

- **lif**: ``lif build --today 2026-06-01`` on the synthetic site (load, state, every check,
  generated pages, MkDocs, the post-build leak scan);
- **plain**: ``mkdocs build --strict`` of a plain mkdocs-material project holding the very
  Markdown pages lif generates for that site (``generator.pages.build_pages`` plus the content
  pages, the home page with its latest publications), with the same theme features, Markdown
  extensions and stylesheet, and reviews, briefings and theme pages out of the navigation
  (``not_in_nav``), as lif keeps them.

Search is on in both (Material's search plugin in the plain build, lif's Pagefind index in
lif's), or off in both with ``--no-search``. PDFs are off unless
``--pdf`` is given (through the lif plugin's ``pdf`` option where lif has one; where it has
none the flag changes nothing). It prints wall time, peak memory (maximum resident set of the
build process, from ``wait4``), output size and time per page, with the ratios lif/plain and
the time per page at the largest N against the second largest (linearity).

Run from the repository: ``.venv/bin/python -m bench.run --sizes 20,100,400``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import synth

OUT = Path(__file__).resolve().parent / "out"
BIN = Path(sys.executable).parent
PDF_OPTIONS = ("pdf", "pdfs")
"""Names the lif plugin's PDF switch may have; the first one lif knows is used."""


@dataclass
class Result:
    size: int
    tool: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    output_mb: float

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages


# --------------------------------------------------------------------------- running builds


def run_measured(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident memory (MB) of one build, fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stderr.write(output.decode("utf-8", "replace")[-4000:])
        raise SystemExit(f"bench: {' '.join(command)} failed with exit code "
                         f"{process.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def tree_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def pdf_options(pdf: bool) -> dict[str, Any]:
    """The lif plugin option that switches PDFs, if this version of lif has one."""
    from generator.config import LifConfig

    known = {name for name, _ in LifConfig._schema}
    for name in PDF_OPTIONS:
        if name in known:
            return {name: pdf}
    return {}


# --------------------------------------------------------------------------- the plain twin


PLAIN_YML = """\
site_name: {site_name}
site_url: https://learning.greyhaven-scp.example/
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.sections
    - navigation.prune
    - navigation.top
    - content.action.none
extra_css:
  - assets/lif.css
not_in_nav: |
  /reviews/*/
  /briefings/*.md
  /themes/*.md
nav:
  - Home: index.md
  - Case reviews: reviews/index.md
  - 7-minute briefings: briefings/index.md
  - Themes: themes/index.md
  - Action tracker: actions.md
  - About us: about.md
  - Request a report: request-a-report.md
plugins:
{search}markdown_extensions:
  - sane_lists
  - tables
  - admonition
  - attr_list
  - toc:
      permalink: false
"""


def write_plain_twin(site_root: Path, plain_root: Path, search: bool) -> int:
    """A plain MkDocs project with exactly the pages lif generates; returns the page count."""
    from generator import pages
    from generator.build import prepare_site
    from generator.options import load_site_config
    from generator.plugin import THEME_DIR, plugin_of

    config = load_site_config(str(site_root / "mkdocs.yml"))
    site = prepare_site(site_root, plugin_of(config).config, synth.TODAY,
                        docs_dir=Path(config.docs_dir))
    if site.errors:
        raise SystemExit("bench: the synthetic site has errors:\n"
                         + "\n".join(f.format() for f in site.errors))
    if plain_root.exists():
        shutil.rmtree(plain_root)
    docs = plain_root / "docs"
    shutil.copytree(site_root / "content", docs)
    (docs / "index.md").write_text(
        (docs / "index.md").read_text(encoding="utf-8") + pages.latest_publications(site),
        encoding="utf-8")
    generated = pages.build_pages(site)
    for page in generated:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    (docs / "assets").mkdir(exist_ok=True)
    shutil.copy(THEME_DIR / "assets" / "lif.css", docs / "assets" / "lif.css")
    (plain_root / "mkdocs.yml").write_text(PLAIN_YML.format(
        site_name=synth.PARTNERSHIP, search="  - search\n" if search else "  []\n"),
        encoding="utf-8")
    return len(list(docs.rglob("*.md")))


# --------------------------------------------------------------------------- one size


def bench_size(size: int, search: bool, pdf: bool, repeat: int, seed: int) -> list[Result]:
    site_root = OUT / f"lif-{size}"
    plain_root = OUT / f"plain-{size}"
    started = time.perf_counter()
    synth.generate(site_root, size, seed=seed, search=search, lif_extra=pdf_options(pdf))
    pages = write_plain_twin(site_root, plain_root, search)
    print(f"# N={size}: generated {pages} pages in {time.perf_counter() - started:.1f} s",
          file=sys.stderr, flush=True)
    commands = {
        "plain": ([str(BIN / "mkdocs"), "build", "--strict", "-q"], plain_root),
        "lif": ([str(BIN / "lif"), "build", "--today", synth.TODAY.isoformat()], site_root),
    }
    measured: dict[str, list[tuple[float, float, float]]] = {tool: [] for tool in commands}
    for _ in range(repeat):  # alternate, so a busy moment on the machine hits both alike
        for tool, (command, cwd) in commands.items():
            seconds, cpu, peak = run_measured(command, cwd)
            print(f"#   {tool}: {seconds:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MB",
                  file=sys.stderr, flush=True)
            measured[tool].append((seconds, cpu, peak))
    return [Result(size, tool, pages, min(r[0] for r in runs), min(r[1] for r in runs),
                   max(r[2] for r in runs), tree_mb(commands[tool][1] / "site"))
            for tool, runs in measured.items()]


# --------------------------------------------------------------------------- the table


def table(results: list[Result], search: bool, pdf: bool) -> str:
    lines = [
        f"search plugin {'on' if search else 'off'} in both; PDFs "
        f"{'on' if pdf else 'off'}{'' if pdf_options(pdf) else ' (lif has no PDF option)'}",
        "",
        "| N | pages | build | wall s | CPU s | ms/page | peak MB | output MB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    by_size: dict[int, dict[str, Result]] = {}
    for r in results:
        by_size.setdefault(r.size, {})[r.tool] = r
        lines.append(f"| {r.size} | {r.pages} | {r.tool} | {r.seconds:.2f} | "
                     f"{r.cpu_seconds:.2f} | {r.ms_per_page:.1f} | {r.peak_mb:.0f} | "
                     f"{r.output_mb:.1f} |")
    for size, pair in sorted(by_size.items()):
        if "lif" in pair and "plain" in pair:
            lif, plain = pair["lif"], pair["plain"]
            lines.append(f"| {size} | | lif/plain | {lif.seconds / plain.seconds:.2f}x | "
                         f"{lif.cpu_seconds / plain.cpu_seconds:.2f}x | "
                         f"{lif.ms_per_page / plain.ms_per_page:.2f}x | "
                         f"{lif.peak_mb / plain.peak_mb:.2f}x | "
                         f"{lif.output_mb / plain.output_mb:.2f}x |")
    sizes = sorted(by_size)
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        lines.append("")
        for tool in ("lif", "plain"):
            a, b = by_size[small].get(tool), by_size[large].get(tool)
            if a and b:
                lines.append(f"{tool}: time per page at N={large} is "
                             f"{b.ms_per_page / a.ms_per_page:.2f}x that at N={small}")
    return "\n".join(lines + targets(by_size))


WALL_TARGET = 1.25
MEMORY_TARGET = 2.0


def targets(by_size: dict[int, dict[str, Result]]) -> list[str]:
    """The scale issue's targets, each with its figure and whether it holds in this run."""
    ratios = {size: (pair["lif"].seconds / pair["plain"].seconds,
                     pair["lif"].peak_mb / pair["plain"].peak_mb)
              for size, pair in sorted(by_size.items()) if {"lif", "plain"} <= pair.keys()}
    if not ratios:
        return []
    largest = max(ratios)
    wall, memory = ratios[largest]

    def verdict(ok: bool) -> str:
        return "holds" if ok else "NOT MET"

    lines = ["", "targets (lif/plain, this run):",
             f"- wall time at N={largest}: {wall:.2f}x, at most {WALL_TARGET}x: "
             f"{verdict(wall <= WALL_TARGET)}",
             f"- peak memory at N={largest}: {memory:.2f}x, at most {MEMORY_TARGET}x: "
             f"{verdict(memory <= MEMORY_TARGET)}"]
    if len(ratios) >= 2:
        smallest = min(ratios)
        lines.append(f"- wall ratio not growing: {ratios[smallest][0]:.2f}x at N={smallest}, "
                     f"{wall:.2f}x at N={largest}: {verdict(wall <= ratios[smallest][0])}")
    return lines


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    return f"{platform.machine()}, {cores} cores{memory}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark lif build against plain MkDocs.")
    parser.add_argument("--sizes", default="20,100,400",
                        help="numbers of reviews, comma-separated (each site has 5N briefings)")
    parser.add_argument("--no-search", action="store_true",
                        help="turn the search plugin off in both builds")
    parser.add_argument("--pdf", action="store_true",
                        help="render PDFs in the lif build (no-op if lif has no PDF option)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per tool, alternating; the fastest counts")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    search = not args.no_search
    OUT.mkdir(exist_ok=True)
    results: list[Result] = []
    for size in sizes:
        results += bench_size(size, search, args.pdf, args.repeat, args.seed)
    print(f"lif benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    print(table(results, search, args.pdf))
    (OUT / "results.json").write_text(json.dumps(
        {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine(),
         "search": search, "pdf": args.pdf, "results": [asdict(r) for r in results]},
        indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
