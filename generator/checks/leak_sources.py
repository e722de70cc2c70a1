"""A SITE-LEAK found in a written file, reported at the source that carried the text there.

The leak scan (``leaks``) finds text of a review or briefing that is not public in a page, a
feed or a search fragment; the author can only act on the source that put it there: a content
page that copied a paragraph of an embargoed report, a setting in ``mkdocs.yml``, a ledger
reason, a theme override. Every public source the build read (``public_text.source_texts``,
the printed strings of ``public_strings``) is searched for the same fingerprinted text, and
each one that holds it becomes the finding, at the first line of the copied run, naming the
written files. Only when no source holds it (a template, or a bug in lif) does the finding
stay at the written file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from generator.checks import public_strings, public_text
from generator.checks.leaks import Fingerprints, fingerprints
from generator.checks.source_map import SourceText
from generator.models import Finding
from generator.site import Site


def candidate_sources(site: Site) -> Iterator[SourceText]:
    """Every public source of the build, and every printed string of the site's config, the
    ledger and the theme overrides."""
    yield from public_text.source_texts(site)
    found: list[Finding] = []
    items = public_strings.ledger_strings(site)
    if site.config_file.is_file():
        items += public_strings.config_strings(site.config_file, site.config_file.name,
                                               site.root, found)
    for item in items:  # a partial is a whole file; any other string sits at its line
        whole = item.describe == "in the theme's partial"
        yield SourceText(item.path, item.text, [], line=item.where.line,
                         at=None if whole else (item.where.line, item.where.column))


def first_run(prints: Fingerprints, text: str) -> tuple[int, int] | None:
    """(line, column) where the first run of non-public text in ``text`` starts, or None:
    the fewest lines that hold it, found by halving (the text is read O(log n) times)."""
    lines = text.split("\n")
    if not prints.found_in(text):
        return None
    low, high = 1, len(lines)
    while low < high:  # the first line by which a run has been seen
        middle = (low + high) // 2
        if prints.found_in("\n".join(lines[:middle])):
            high = middle
        else:
            low = middle + 1
    end, first, last = low, 1, low
    while first < last:  # the latest start from which that run is still whole
        middle = (first + last + 1) // 2
        if prints.found_in("\n".join(lines[middle - 1:end])):
            first = middle
        else:
            last = middle - 1
    line = lines[first - 1]
    return first, len(line) - len(line.lstrip()) + 1


def locate(site: Site, found: list[Finding], sources: Iterable[SourceText] | None = None,
           prints: Fingerprints | None = None) -> list[Finding]:
    """The SITE-LEAK findings of ``found`` at the sources that hold the text (one finding per
    source line, naming the written files); other findings, and leaks no source holds, as
    they are."""
    leaked = [f for f in found if f.rule_id == "SITE-LEAK"]
    if not leaked:
        return found
    prints = prints if prints is not None else fingerprints(site)
    written = sorted({f.path for f in leaked})
    shown = written[0] + (f" and {len(written) - 1} other file(s)" if len(written) > 1 else "")
    at_sources: list[Finding] = []
    for source in sources if sources is not None else candidate_sources(site):
        where = first_run(prints, source.source)
        if where is None:
            continue
        line, column = source.at if source.at is not None else (
            where[0] + source.line - 1, where[1])
        at_sources.append(dataclasses.replace(
            leaked[0], path=source.path, line=line, column=column,
            message=leaked[0].message.rstrip(".") + f" (written to {shown})."))
    if not at_sources:
        return found
    unique = sorted({(f.path, f.line, f.column): f for f in at_sources}.values(),
                    key=lambda f: f.sort_key)
    return [f for f in found if f.rule_id != "SITE-LEAK"] + unique
