"""Benchmark the PDF stage: pages per second, cold and warm times, and the pool's speed-up.

    .venv/bin/python bench/pdf_bench.py [--reviews 40] [--briefings 80] [--words 6000]

Two corpora: the example site in this repository (copied to a temporary folder; a small
synthetic one stands in while the example has no public reviews) and a larger synthetic corpus.
For each: a cold run with the process pool (every CPU), a warm run (everything from
.lif-cache/pdf), and a cold run with one worker, whose ratio to the pooled run is the speed-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import pdf  # noqa: E402
from generator.build import prepare_site  # noqa: E402
from generator.options import load_site_config  # noqa: E402
from generator.plugin import plugin_of  # noqa: E402
from generator.site import Site  # noqa: E402
from tests.sitekit import SiteKit  # noqa: E402

WORD_LIST = ("agency practitioner family support visit assessment health school record referral "
             "plan risk child parent contact meeting concern information shared review partner "
             "service worker safeguarding response decision outcome evidence week month home")
WORDS = WORD_LIST.split(" ")
EXAMPLE_PARTS = ("mkdocs.yml", "content", "reviews", "briefings", "ledger.yml", "theme")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
    return " ".join(words).capitalize() + "."


def synthetic_report(rng: random.Random, words: int) -> str:
    """Sections of numbered paragraphs (~90 words each) with a table every few sections."""
    lines, number, written, section = [], 1, 0, 1
    while written < words:
        lines.append(f"## {section}. Section {section}\n")
        for _ in range(6):
            text = " ".join(sentence(rng) for _ in range(5))
            lines.append(f"{number}. {text}\n")
            number += 1
            written += len(text.split())
        if section % 3 == 0:
            lines.append("| Date | Agency | Event |\n|---|---|---|\n" + "".join(
                f"| Week {i} | Health | {sentence(rng)} |\n" for i in range(12)))
        section += 1
    return "\n".join(lines)


def synthetic_site(root: Path, reviews: int, briefings: int, words: int) -> Path:
    rng = random.Random(2026)
    kit = SiteKit(root)
    start = dt.date(2024, 1, 1)
    for i in range(reviews):
        slug = f"review-{i:04d}"
        kit.review(slug, subject=f"Child {chr(65 + i % 26)}{i}",
                   report=synthetic_report(rng, words))
        kit.publish(slug, (start + dt.timedelta(days=3 * i)).isoformat())
    for i in range(briefings):
        kit.briefing(f"briefing-{i:04d}", (start + dt.timedelta(days=2 * i)).isoformat())
    return root


def example_site(root: Path, example: Path) -> tuple[Path, str]:
    """A copy of the example site, or a small synthetic one while it has no public reviews."""
    if (example / "mkdocs.yml").is_file() and any((example / "reviews").glob("*/review.yml")):
        root.mkdir(parents=True)
        for part in EXAMPLE_PARTS:
            source = example / part
            if source.is_dir():
                shutil.copytree(source, root / part)
            elif source.is_file():
                shutil.copy2(source, root / part)
        try:
            site = load(root)
            if not site.errors and pdf.site_documents(site):
                return root, "example site"
            print(f"(example site not usable: {len(site.errors)} error(s), "
                  f"{len(pdf.site_documents(site)) if not site.errors else 0} PDF(s))")
        except Exception as exc:  # the example is being written by someone else
            print(f"(example site not usable: {type(exc).__name__}: {exc})")
        shutil.rmtree(root)
    small = synthetic_site(root, 6, 12, 4000)
    return small, "example-sized synthetic site (6 reviews, 12 briefings)"


def load(root: Path) -> Site:
    config = load_site_config(str(root / "mkdocs.yml"))
    options = plugin_of(config).config
    today = dt.date.fromisoformat(os.environ.get("LIF_BENCH_DAY", "2026-11-23"))
    return prepare_site(root, options, today, docs_dir=Path(config.docs_dir))


def timed_run(root: Path, workers: int | None, clear: bool) -> tuple[float, pdf.PdfRun]:
    cache = root / pdf.CACHE_DIR
    if clear and cache.exists():
        shutil.rmtree(cache)
    began = time.perf_counter()
    site = load(root)
    run = pdf.render_documents(pdf.site_documents(site, "https://example.test/"), cache,
                               workers=workers)
    return time.perf_counter() - began, run


def site_build(root: Path) -> str:
    """Seconds for a whole ``lif build`` (pages and PDFs) with an empty PDF cache, then warm."""
    shutil.rmtree(root / pdf.CACHE_DIR, ignore_errors=True)
    lif = Path(sys.executable).with_name("lif")
    times = []
    for _ in ("cold", "warm"):
        began = time.perf_counter()
        done = subprocess.run([str(lif), "build", "--today", "2026-11-23"], cwd=root,
                              capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - began)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            return f"lif build failed (exit {done.returncode}: {last})"
    return f"lif build: cold {times[0]:.2f} s, warm {times[1]:.2f} s"


def measure(root: Path, label: str) -> None:
    cold, run = timed_run(root, None, clear=True)
    if run.errors:
        raise SystemExit("\n".join(f.format() for f in run.errors))
    pages = sum(len(pypdf.PdfReader(io.BytesIO(p.read_bytes())).pages)
                for p in run.files.values())
    warm, again = timed_run(root, None, clear=False)
    serial, _ = timed_run(root, 1, clear=True)
    workers = os.cpu_count() or 1
    print(f"{label}: {len(run.files)} PDFs, {pages} pages")
    print(f"  cold, pool of {workers}: {cold:7.2f} s  ({pages / cold:6.1f} pages/s, "
          f"{run.rendered} rendered)")
    print(f"  warm (cached):     {warm:7.2f} s  ({again.rendered} rendered, "
          f"{again.reused} reused)")
    print(f"  cold, 1 worker:    {serial:7.2f} s  ({pages / serial:6.1f} pages/s)")
    print(f"  pool speed-up:     {serial / cold:7.2f}x on {workers} CPUs")
    print(f"  whole site, {site_build(root)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=40)
    parser.add_argument("--briefings", type=int, default=80)
    parser.add_argument("--words", type=int, default=6000, help="words per synthetic report")
    parser.add_argument("--example", type=Path, default=ROOT, help="the example site's folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lif-pdf-bench-") as temp:
        root, label = example_site(Path(temp) / "example", args.example)
        measure(root, label)
        large = synthetic_site(Path(temp) / "large", args.reviews, args.briefings, args.words)
        measure(large, f"synthetic corpus ({args.reviews} reviews of ~{args.words} words, "
                       f"{args.briefings} briefings)")


if __name__ == "__main__":
    main()
