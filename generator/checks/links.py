"""Links must lead to pages and files that are public on the build day.

The message never repeats the link's target: it may hold a name that the redaction checks
report (masked) on the same line.

MkDocs finds a broken link only while it renders, and then prints a bare warning without a file
position; and it checks only links to files, not folder addresses (``../reviews/x/``), absolute
ones or raw ``<a href>``. A link to a review that is scheduled, withheld or still a draft is
worse than broken: the page does not exist yet, and the link publishes its address (which names
the review) before its day. So every link (inline, image, reference definition, raw HTML
``href``/``src``; relative, folder or absolute) in content pages, briefings, reports and
responses is resolved against what is public on the build day (``public_paths``: the one place
to point at the pipeline's visibility model), and one that is not is reported at its line and
column, with the day it becomes public when it is scheduled. A scheduled briefing is checked as
on its own day.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.load import relpath
from generator.models import Finding, Position, Review, Source
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.pages import Page
    from generator.site import Site

register(Rule("LINK-BROKEN", "error",
              "A link (inline, reference definition or raw HTML; relative or absolute) in a "
              "content page, briefing, report or response leads to a page or file that is not "
              "public on the build day (naming the day it will be, if scheduled), or a link in a "
              "report or response to a file in the review's files/ folder that does not exist."))

LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
"""An inline Markdown link or image: ``[text](target "title")``."""
REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:\s*<?([^\s>]+)>?")
"""A reference definition: ``[label]: target "title"`` (``[^label]:`` is a footnote, whose text
is no target: the footnotes extension is always on)."""
RAW_URL = re.compile(r"""<(?:a|img|area|link|source)\b[^>]*?\s(?:href|src)\s*=\s*"""
                     r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
"""A raw HTML ``href`` or ``src`` address."""
CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
FENCE = re.compile(r"^\s*(```|~~~)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9.+-]*:")
BUILT_FILES = frozenset({"feed.xml", "publications.json", "publications.schema.json",
                         "sitemap.xml", "sitemap.xml.gz", "404.html"})
"""Files every build writes beside the pages (feeds, open data, the sitemap)."""
BUILT_FOLDERS = ("assets/", "pagefind/", "search/")
"""Folders of the theme's and the search's own files."""
HINT = ("Check the path, relative to this page. A review's or briefing's page exists only while "
        "it is public: link to it from the day it is published.")


def links(text: str, images: bool = True) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of each inline link (and image, unless ``images`` is false)
    outside code, 1-based."""
    if "[" not in text and "<" not in text:
        return  # every address below starts at one or the other
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if "[" not in line and "<" not in line:  # no address: only a fence matters
            if ("`" in line or "~" in line) and FENCE.match(line):
                fenced = not fenced
            continue
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        yield from line_links(number, line, images)


def line_links(number: int, line: str, images: bool = True) -> Iterator[tuple[int, int, str]]:
    """``links`` of one line outside a fence (``number`` is the line's)."""
    visible = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    for match in LINK.finditer(visible):
        if not images and match.group(0).startswith("!"):
            continue
        yield number, match.start(1) + 1, html_lib.unescape(match.group(1))
    reference = REFERENCE.match(visible)
    if reference:  # character references are decoded in an address, as the browser reads it
        yield number, reference.start(1) + 1, html_lib.unescape(reference.group(1))
    for match in RAW_URL.finditer(visible):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        if images or not match.group(0).lower().startswith(("<img", "<source")):
            yield number, match.start(group) + 1, html_lib.unescape(match.group(group))


def site_url_of(config_file: Path) -> str:
    """The site's own address (``site_url`` in mkdocs.yml), '' when none can be read."""
    import yaml

    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def own_address(target: str, site_url: str) -> str:
    """A link written with the site's own full address (``https://site/reviews/x/``, either
    scheme, any case of host) as the absolute path it names (``/reviews/x/``): it publishes
    the same address as the short form."""
    if not site_url or not SCHEME.match(target):
        return target
    base = re.sub(r"^https?://", "", site_url.strip(), flags=re.IGNORECASE).rstrip("/") + "/"
    bare = re.sub(r"^https?://", "", target.strip(), flags=re.IGNORECASE)
    if bare.lower().startswith(base.lower()):
        return "/" + bare[len(base):]
    if bare.lower() == base[:-1].lower():
        return "/"
    return target


def relative_path(target: str) -> str | None:
    """A link's path without its fragment and query, or None when it is not relative."""
    if not target or target.startswith(("#", "/")) or SCHEME.match(target):
        return None
    return unquote(target.split("#", 1)[0].split("?", 1)[0]) or None


def site_targets(page: str, target: str) -> list[str] | None:
    """The site paths (in source form: ``x/index.md``, ``x.md``, a file) that a link from
    ``page`` may lead to, or None when it leads off the site or nowhere in particular.

    Absolute links (``/reviews/x/``) start at the site's root; a link to a folder address
    (``../reviews/x/``) is read from the page's own address, as the browser reads it (with
    directory addresses, ``about.md`` is served at ``about/``); a link to a file is read from the
    page's source folder, as MkDocs rewrites it.
    """
    path = _link_path(target)
    if path is None:
        return None
    if path.startswith("/") or not _is_folder_address(path):
        return _candidates(path, posixpath.dirname(page))
    stem = page[:-3] if page.endswith(".md") else page
    base = posixpath.dirname(stem) if stem == "index" or stem.endswith("/index") else stem
    return _candidates(path, base)


def named_targets(page: str, target: str) -> list[str]:
    """Every site path a link's address names, read from the page's address or from its
    source folder: a link that leads nowhere still publishes the address it names."""
    path = _link_path(target)
    if path is None:
        return []
    return (site_targets(page, target) or []) + _candidates(path, posixpath.dirname(page))


def _link_path(target: str) -> str | None:
    if not target or target.startswith(("#", "//")) or SCHEME.match(target):
        return None
    return unquote(target.split("#", 1)[0].split("?", 1)[0]) or None


def _is_folder_address(path: str) -> bool:
    return path.endswith("/") or not posixpath.splitext(path.rstrip("/"))[1]


def _candidates(path: str, base: str) -> list[str]:
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
    norm = posixpath.normpath(joined) if joined else "."
    norm = "" if norm == "." else norm
    if norm.endswith(".html"):  # the built address of a page: its source is x.md or x/index.md
        stem = norm[:-5]
        pages = [stem + ".md"] + ([stem[:-6] + ".md"] if stem.endswith("/index") else [])
        return [*pages, norm]
    if _is_folder_address(path):
        return [posixpath.join(norm, "index.md")] + ([norm + ".md", norm] if norm else [])
    return [norm]


def public_paths(site: Site, built: list[Page]) -> set[str]:
    """Every page and file public on the build day. The one place this check asks what is
    public: point it at the pipeline's visibility model when there is one."""
    from generator import pages  # stage 4 imports the checks' package: import it late

    return set(pages.site_paths(site, built))


def pending_paths(site: Site) -> dict[str, dt.date | None]:
    """Each page and file lif publishes on some day but maybe not this one, with the day it is
    scheduled to become public (None: a draft, withheld, withdrawn or undated item)."""
    found: dict[str, dt.date | None] = {}
    for slug, review in site.sources.reviews.items():
        status = site.statuses.get(slug)
        day = status.scheduled_for if status is not None else None
        for name in ("index", "report", "response"):
            found[f"reviews/{slug}/{name}.md"] = day
        found[f"reviews/{slug}/{slug}.pdf"] = day
        files_dir = review.folder / "files"
        for attachment in review.attachments:
            found[f"reviews/{slug}/files/{attachment.relative_to(files_dir).as_posix()}"] = day
    for slug, briefing in site.sources.briefings.items():
        day = None if briefing.meta.draft else briefing.meta.date
        found[f"briefings/{slug}.md"] = found[f"briefings/{slug}.pdf"] = day
    return found


def problem(candidates: list[str], have: set[str], pending: dict[str, dt.date | None],
            today: dt.date | None, named: list[str] | None = None) -> tuple[str, str] | None:
    """(message, hint) for a link whose every candidate is missing on the build day, or None;
    ``named``: every path its address names (a not-public one is reported as such)."""
    if any(candidate in have or candidate in BUILT_FILES
           or candidate.startswith(BUILT_FOLDERS) for candidate in candidates):
        return None
    def public_by_then(candidate: str) -> bool:  # a scheduled briefing's own day
        day = pending.get(candidate)
        return day is not None and today is not None and day <= today

    if any(public_by_then(candidate) for candidate in candidates):
        return None
    for candidate in named or candidates:
        if candidate in pending and not public_by_then(candidate):
            day = pending[candidate]
            if day is not None:
                return (f"this link leads to a page or file that is not public until "
                        f"{day.isoformat()}.", "Link to it from that day (add the link when it "
                        "is published), or remove the link: its address names the review.")
            return ("this link leads to a page or file that is not public (a draft, withheld or "
                    "withdrawn item).", "Remove the link: the page does not exist on the "
                    "public site and its address names the review.")
    return "this link leads to no page or file of the site on this build day.", HINT


def check_sources(site: Site, have: set[str],
                  pending: dict[str, dt.date | None]) -> list[Finding]:
    """Links in every public briefing, report and response that lead to what is not public on
    the build day, and in every scheduled briefing to what will not be public on its day."""
    found: list[Finding] = []
    sources: list[tuple[str, Source, bool]] = []
    for briefing in site.public_briefings():
        sources.append((f"briefings/{briefing.slug}.md", briefing.source, False))
    for review, _ in site.listed_reviews():
        for name, source in (("report", review.report), ("response", review.response)):
            page = f"reviews/{review.slug}/{name}.md"
            if source is not None and page in have:
                sources.append((page, source, True))
    days = {page: site.today for page, _, _ in sources}
    for briefing in site.each_briefing():
        if not briefing.meta.draft and not site.is_public_briefing(briefing):
            page = f"briefings/{briefing.slug}.md"  # scheduled: checked as on its own day
            sources.append((page, briefing.source, False))
            days[page] = briefing.meta.date
    site_url = site_url_of(site.config_file)
    for page, source, in_review in sources:
        for line, column, written in links(source.body):
            target = own_address(written, site_url)
            if in_review and (relative_path(target) or "").startswith("files/"):
                continue  # check_review_files names these with the files/ hint
            candidates = site_targets(page, target)
            wrong = candidates and problem(candidates, have, pending, days[page],
                                           named_targets(page, target))
            if wrong:
                found.append(finding("LINK-BROKEN", source.path,
                                     Position(source.body_line + line - 1, column), *wrong))
    fields: list[tuple[str, Source, object]] = []
    for review, _ in site.listed_reviews():
        fields.append((f"reviews/{review.slug}/index.md", review.meta_source,
                       review.meta.model_dump(mode="json")))
        if review.response is not None and review.response_meta is not None:
            fields.append((f"reviews/{review.slug}/response.md", review.response,
                           review.response_meta.model_dump(mode="json")))
    for briefing in site.public_briefings():
        fields.append((f"briefings/{briefing.slug}.md", briefing.source,
                       briefing.meta.model_dump(mode="json")))
    for page, source, data in fields:
        for key, value in _field_strings(data, ()):
            for _, _, written in links(value):
                target = own_address(written, site_url)
                candidates = site_targets(page, target)
                wrong = candidates and problem(candidates, have, pending, site.today,
                                               named_targets(page, target))
                if wrong and wrong[1] != HINT:  # a field is shown on several pages: only an
                    found.append(finding(       # address of what is not public is certain
                        "LINK-BROKEN", source.path, source.position(*key), *wrong))
    return found


def _field_strings(data: object, key: tuple[str | int, ...],
                   ) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each text field of review.yml or front matter with its key path: the templates write
    them into Markdown, so a link in a title, summary or action is a live link on the page."""
    if isinstance(data, str):
        if "](" in data or "]:" in data or "<" in data or "][" in data:
            yield key, data
    elif isinstance(data, dict):
        for name, item in data.items():
            yield from _field_strings(item, (*key, str(name)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _field_strings(item, (*key, index))


def check_pages(root: Path, docs_dir: Path, known: Iterable[str],
                pending: dict[str, dt.date | None] | None = None,
                today: dt.date | None = None, site_url: str = "",
                config_file: Path | None = None) -> list[Finding]:
    """Links that lead to nothing public in every content page; ``known`` is every site path
    built, ``pending`` what is public on another day (or never); ``site_url``: the site's own
    address, whose links are read as absolute paths."""
    site_paths = set(known)
    findings: list[Finding] = []
    if not docs_dir.is_dir():
        return findings
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            site_paths.add(rel)
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        if path.is_dir() or path.is_symlink() or any(p.startswith(".") for p in page.split("/")):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the content page checks
        for line, column, written in links(text):
            target = own_address(written, site_url)
            candidates = site_targets(page, target)
            wrong = candidates and problem(candidates, site_paths, pending or {}, today,
                                           named_targets(page, target))
            if wrong:
                findings.append(finding("LINK-BROKEN", relpath(root, path),
                                        Position(line, column), *wrong))
    return findings + footer_links(root, config_file, site_paths, pending or {}, today)


def _nav_targets(node: object) -> list[Any]:
    """The page or address of every ``nav:`` entry (``- Title: target``, or a bare target)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [t for item in node.value for t in _nav_targets(item)]
    if isinstance(node, yaml.MappingNode):
        return [t for _, value in node.value for t in _nav_targets(value)]
    return []


def footer_links(root: Path, config_file: Path | None, site_paths: set[str],
                 pending: dict[str, dt.date | None], today: dt.date | None) -> list[Finding]:
    """The lif plugin's ``footer_links`` (label: page) and the ``nav:`` entries, printed on
    every page: one that leads to a review or briefing not public on the build day publishes
    its address, and is LINK-BROKEN at its mkdocs.yml line (read from the site's root)."""
    import yaml

    from generator.checks import config_options

    if config_file is None or not config_file.is_file():
        return []
    try:
        tree = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # the config checks report it
    links_node = config_options.value_of(config_options.lif_options(tree), "footer_links")
    nodes = [v for _, v in links_node.value] if isinstance(links_node, yaml.MappingNode) else []
    nodes += _nav_targets(config_options.value_of(tree, "nav"))
    site_url = config_options.value_of(tree, "site_url")
    own = site_url.value if isinstance(site_url, yaml.ScalarNode) else ""
    found = []
    for node in nodes:
        read = config_options.scalar(node)
        if read is None:
            continue
        target = own_address(read[0].strip(), own)
        if not target or SCHEME.match(target) or target.startswith("//"):
            continue  # an address off the site: the config checks name it
        candidates = site_targets("index.md", target)
        wrong = candidates and problem(candidates, site_paths, pending, today,
                                       named_targets("index.md", target))
        if wrong and wrong[1] != HINT:  # the address of what is not public yet
            found.append(finding("LINK-BROKEN", relpath(root, config_file), read[1], *wrong))
    return found


FILES_HINT = ("Put the file in the review's files/ folder, or correct the path: it is relative "
              "to the report, so write files/NAME.")


def check_review_files(review: Review) -> list[Finding]:
    """Links in a report or response that point into files/ at nothing there.

    The review's attachments are published beside its report page, so such a link is what
    MkDocs would stop the build for ('target not found') with no line number. A missing image
    is already PDF-RESOURCE-MISSING (the PDF would fetch it), so images are left to that rule.
    """
    have = {path.relative_to(review.folder).as_posix() for path in review.attachments}
    findings = []
    for source in (review.report, review.response):
        if source is None:
            continue
        for line, column, target in links(source.body, images=False):
            path = relative_path(target)
            path = posixpath.normpath(path) if path else ""
            if not path.startswith("files/") or path in have:
                continue
            findings.append(finding(
                "LINK-BROKEN", source.path, Position(source.body_line + line - 1, column),
                "this link leads to no file in the review's files/ folder.", FILES_HINT))
    return findings

