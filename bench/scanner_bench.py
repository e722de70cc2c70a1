"""Scanner benchmark: recall per class, false alarms on public prose, and MB/s on one core.

    .venv/bin/python -m bench.scanner_bench [--megabytes N] [--seed N]

- Recall per class: the labelled examples of bench/redaction_classes.py (plain identifiers,
  the written forms the detectors learned, and every evasion applied to each).
- False alarms: the public partnership prose in bench/public_prose (help pages, procedures, an
  annual report, a briefing, a report's opening, with service numbers, office addresses, team
  mailboxes and datelines), scanned as lif scan does with no allow list. Error-level findings
  there are false alarms; they are printed per 10,000 words, with the warnings context made.
- Throughput (CPU seconds of this process, so other load on the machine does not count): the
  Scanner over a corpus of DISTINCT documents (lines of the example site and
  the prose corpus sampled and varied per document, so the per-text cache never helps), fast
  path and slow path, printed as MB/s of normalised text on one core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

from bench.redaction_classes import MUST_STAY_ERRORS, PROTECTED_TERMS, labelled
from generator.checks.documents import markdown_chunks
from generator.redaction import detectors
from generator.redaction.context import CONTEXT_RULES
from generator.redaction.protected import Protected
from generator.redaction.scanner import Scanner, Span

ROOT = Path(__file__).resolve().parent.parent
PROSE = ROOT / "bench" / "public_prose"


def protected() -> Protected:
    terms = Protected(b"bench key")
    for term in PROTECTED_TERMS:
        terms.add_term(term)
    return terms


def found(scanner: Scanner, rule: str, text: str, value: str, exact: bool = False) -> bool:
    """Whether a match of the rule (or, unless ``exact``, its context warning) overlaps the
    planted value."""
    start = text.find(value)
    end = start + len(value)
    return any((span.rule_id == rule or (not exact and CONTEXT_RULES.get(span.rule_id) == rule))
               and span.start < end and span.end > start for span in scanner.spans(text))


def recall(seed: int) -> dict[str, tuple[int, int, list[str]]]:
    scanner = Scanner(protected())
    rows: dict[str, tuple[int, int, list[str]]] = {}
    for name, rule, text, value in labelled(random.Random(seed)):
        total, hits, misses = rows.get(name, (0, 0, []))
        ok = found(scanner, rule, text, value, exact=name == MUST_STAY_ERRORS)
        rows[name] = (total + 1, hits + ok, misses if ok else [*misses, f"{rule}: {text!r}"])
    return rows


def false_alarms() -> tuple[int, Counter[str], Counter[str], list[str]]:
    """Words, error-level findings per rule, warnings per rule, and the errors' places."""
    scanner = Scanner(protected())
    words, errors, warnings, places = 0, Counter[str](), Counter[str](), []
    for path in sorted(PROSE.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for item in scanner.findings(scanner.scan(markdown_chunks(text), path.name)):
            if item.severity == "error":
                errors[item.rule_id] += 1
                places.append(item.format())
            else:
                warnings[item.rule_id] += 1
    return words, errors, warnings, places


def distinct_documents(megabytes: float, seed: int) -> list[str]:
    """Documents made of sampled lines of real-looking prose, each varied so none repeats."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for pattern in (
        "reviews/*/report.md", "reviews/*/response.md", "briefings/*.md", "content/**/*.md",
        "bench/public_prose/*.md") for p in sorted(ROOT.glob(pattern))]
    lines = [line for text in sources for line in text.splitlines()]
    vocabulary = sorted({w for line in lines for w in line.split() if w.isalpha()})
    documents, size = [], 0
    while size < megabytes * 1_000_000:
        body = [f"{line} {' '.join(rng.choices(vocabulary, k=4))}" if line and rng.random() < 0.3
                else line for line in rng.choices(lines, k=150)]
        document = "\n".join(body)
        documents.append(document)
        size += len(document.encode("utf-8"))
    return documents


def throughput(documents: list[str], fast: bool) -> tuple[float, float, list[list[Span]]]:
    """MB scanned, seconds, and the spans found in each document by a fresh Scanner (empty
    caches)."""
    scanner = Scanner(protected())
    if not fast:
        original = detectors.find_identifiers
        scanner_module = sys.modules["generator.redaction.scanner"]
        scanner_module.find_identifiers = (  # type: ignore[attr-defined]
            lambda text, lowered=None: original(text, fast=False, lowered=lowered))
    try:
        start = time.process_time()
        spans = [scanner.spans(document) for document in documents]
        seconds = time.process_time() - start
    finally:
        if not fast:
            scanner_module.find_identifiers = original  # type: ignore[attr-defined]
    size = sum(len(d.encode("utf-8")) for d in documents) / 1_000_000
    return size, seconds, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args(sys.argv[1:])

    print("Recall per class (labelled fictional identifiers)")
    print(f"{'class':<38} {'examples':>8} {'found':>6} {'recall':>7}")
    for name, (total, hits, misses) in recall(args.seed).items():
        print(f"{name:<38} {total:>8} {hits:>6} {hits / total:>7.1%}")
        for miss in misses[:3]:
            print(f"    missed {miss}")

    words, errors, warnings, places = false_alarms()
    count = sum(errors.values())
    print(f"\nPublic prose ({words} words in {PROSE.relative_to(ROOT)}): "
          f"{count} error-level false alarm(s) = {count * 10_000 / words:.2f} per 10,000 words")
    for place in places[:10]:
        print(f"    {place}")
    print("warnings: " + ", ".join(f"{rule} {n}" for rule, n in sorted(warnings.items())))

    documents = distinct_documents(args.megabytes, args.seed)
    print(f"\nThroughput on {len(documents)} distinct documents (one core)")
    results: dict[str, list[list[Span]]] = {}
    for label, fast in (("fast path", True), ("slow path", False)):
        size, seconds, spans = throughput(documents, fast)
        results[label] = spans
        print(f"{label}: {size:.2f} MB in {seconds:.2f} s = {size / seconds:.1f} MB/s "
              f"({sum(map(len, spans))} spans)")
    print("fast and slow paths agree (the same spans in every document)"
          if results["fast path"] == results["slow path"] else "FAST AND SLOW PATHS DISAGREE")


if __name__ == "__main__":
    main()
