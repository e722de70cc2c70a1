"""HTML read as a browser renders it, for the redaction detectors and the leak scan.

A page is read block by block: the text of a paragraph, heading, list item or table cell is one
``Run`` with its inline elements joined (``LS1 <strong>4AP</strong>`` reads "LS1 4AP",
``Kay<em>den</em>`` "Kayden") and character references decoded. The ``<head>`` is read like
the body (the title, and every ``content`` of a meta element: description, Open Graph tags),
so is every attribute a reader or a crawler is shown (alt, title, href, aria-*, data-* ...),
each as a run of its own reported at its tag, and every comment (view-source shows it). Raw
text elements are read as what they are: a title or textarea as text, a script or style by its
string literals (a JSON script by its strings), which is where text of ours can sit in code.

Comments end as a browser ends them: ``<!-->`` and ``<!--->`` are empty comments, so the text
after them is read, and a comment never closed runs to the end of the file.

A regular-expression tokenizer rather than html.parser: the whole written site is read after
every build, and this is several times faster on Material's pages; it follows the HTML
standard's tokenizer where a difference would hide text (comments, raw text elements, quoted
attribute values holding ``>``).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterable, Iterator

from generator.checks.reader_text import ENTITY_RE, INVISIBLE_RE, Run

TOKEN_RE = re.compile(
    r"<!--(?:-?>|(?P<comment>.*?)(?:--!?>|\Z))"
    r"|<(?P<raw>script|style|title|textarea|xmp)\b(?P<rawattrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"(?P<body>.*?)(?:</(?P=raw)\s*>|\Z)"
    r"|<(?P<close>/)?(?P<tag>[a-zA-Z][\w:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<[/!?][^>]*>",
    re.DOTALL | re.IGNORECASE)
ATTRIBUTE_RE = re.compile(r"([^\s\"'>/=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")
READ_ATTRIBUTES = frozenset({
    "alt", "title", "href", "src", "srcset", "content", "placeholder", "value", "label",
    "summary", "abbr", "download", "cite", "poster", "action", "formaction", "longdesc", "id",
    "srcdoc", "data"})
"""Attributes whose values reach a reader, a crawler or a URL (besides aria-* and data-*)."""
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "cite", "poster", "action", "formaction",
                            "longdesc", "data", "data-src"})
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "optgroup", "option", "p", "pre", "section", "select",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "img", "input",
    "button", "textarea", "meta", "link", "iframe", "object", "video", "audio", "svg"})
"""Elements a browser lays out apart from the text around them: a run ends at each."""
STRING_RE = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`",
                       re.DOTALL)
JSON_TYPES = ("application/json", "application/ld+json", "importmap")


def runs(text: str) -> list[Run]:
    """Every run of text a reader of this HTML can see or find, in order."""
    found: list[Run] = []
    current = Run()
    last = 0

    def end_block() -> None:
        nonlocal current
        if current.parts:
            if current:
                found.append(current)
            current = Run()

    for token in TOKEN_RE.finditer(text):
        if token.start() > last:
            current.add_decoded(text[last:token.start()], last)
        last = token.end()
        comment = token.group("comment")
        raw = token.group("raw")
        tag = token.group("tag")
        if comment is not None:
            run = Run(where="in an HTML comment")
            run.add(comment, token.start("comment"))
            found.append(run)
        elif raw is not None:
            name = raw.lower()
            end_block()
            found += _attribute_runs(name, token.group("rawattrs"), token.start())
            found += _raw_runs(name, token.group("rawattrs"), token.group("body"),
                               token.start("body"))
        elif tag is not None:
            name = tag.lower()
            if name in BLOCKS:
                end_block()
            if not token.group("close") and token.group("attrs"):
                found += _attribute_runs(name, token.group("attrs"), token.start())
    if last < len(text):
        current.add_decoded(text[last:], last)
    end_block()
    return found


def _attribute_runs(tag: str, attrs: str, at: int) -> Iterator[Run]:
    """A run for each read attribute value, decoded (URLs percent-decoded too), at the tag."""
    for attribute in ATTRIBUTE_RE.finditer(attrs):
        name = attribute.group(1).lower()
        if not (name in READ_ATTRIBUTES or name.startswith(("aria-", "data-"))):
            continue
        value = next(g for g in attribute.groups()[1:] if g is not None)
        run = Run(where=f"in the {name} attribute of <{tag}>")
        shown = value
        if "&" in value:
            decoded = Run()
            decoded.add_decoded(value, at)
            shown = decoded.text
        if name in URL_ATTRIBUTES:
            shown = urllib.parse.unquote(shown)
        run.add_at(shown, at)
        if run:
            yield run


def _raw_runs(tag: str, attrs: str, body: str, at: int) -> list[Run]:
    """A title or textarea as text; a script or style by its strings (a JSON script by its
    values), each string a run at the place it was written."""
    if tag in ("title", "textarea"):
        run = Run()
        run.add_decoded(body, at)
        return [run] if run else []
    if tag == "xmp":  # shown as written, markup and references included
        run = Run()
        run.add(body, at)
        return [run] if run else []
    kind = next((m.group(1) or m.group(2) or m.group(3) for m in ATTRIBUTE_RE.finditer(attrs)
                 if m.group(1).lower() == "type"), "") or ""
    if kind.strip().lower() in JSON_TYPES:
        try:
            strings = list(json_strings(json.loads(body)))
        except ValueError:
            strings = None
        if strings is not None:
            return [_fixed(s, at, f"in a <{tag}>") for s in strings if s.strip()]
    found = []
    for literal in STRING_RE.finditer(body):
        group = next(i for i in (1, 2, 3) if literal.group(i) is not None)
        value = literal.group(group)
        if value.strip():
            run = Run(where=f"in a <{tag}>")
            run.add(value, at + literal.start(group))
            found.append(run)
    return found


def _fixed(text: str, at: int, where: str) -> Run:
    run = Run(where=where)
    run.add_at(text, at)
    return run


def json_strings(value: object) -> Iterator[str]:
    """Every string of a JSON (or CBOR) value, keys included (a key can be text too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, tuple):  # a CBOR map's (key, value) pairs
                for part in item:
                    yield from json_strings(part)
            else:
                yield from json_strings(item)


def reader_text(text: str) -> str:
    """The page as read, one run a line."""
    return "\n".join(run.text for run in runs(text))


def texts(text: str) -> list[tuple[str, bool]]:
    """The text of every run ``runs`` reads, in the same order, without the map back to the
    source: ``(text, flagged)``, flagged for a run outside the page's flow (a comment, an
    attribute, a script's string). Equal to
    ``[(r.text, r.where != "") for r in runs(text) if r.text.strip()]``, at about a third of
    the cost, for the scan of the written site, which needs the source position only of the
    rare page that holds an error (``documents.scan_html`` reads that page again with ``runs``).
    A tag's meaning (whether it ends a block, the text of its attributes) is remembered by its
    whole text: a site's pages repeat the same navigation and footer tags thousands of times."""
    found: list[tuple[str, bool]] = []
    pending: list[str] = []
    last = 0
    for token in TOKEN_RE.finditer(text):
        start = token.start()
        if start > last:
            pending.append(_decoded(text[last:start]))
        last = token.end()
        whole = token.group()
        meaning = _TAGS.get(whole)
        if meaning is not None:
            if meaning[0] and pending:
                _end_block(pending, found)
            if meaning[1]:
                found += meaning[1]
            continue
        if whole[1] == "!" and whole.startswith("<!--"):
            comment = token.group("comment")
            if comment:
                found += _visible([(_invisible_dropped(comment), True)])
            continue
        raw = token.group("raw")
        if raw is not None:
            if pending:
                _end_block(pending, found)
            name = raw.lower()
            attrs = token.group("rawattrs")
            found += _visible((r.text, True) for r in _attribute_runs(name, attrs, 0))
            found += _visible((r.text, bool(r.where))
                              for r in _raw_runs(name, attrs, token.group("body"), 0))
            continue
        meaning = _tag_meaning(token)
        if len(_TAGS) < TAG_MEMORY:
            _TAGS[whole] = meaning
        if meaning[0] and pending:
            _end_block(pending, found)
        if meaning[1]:
            found += meaning[1]
    if last < len(text):
        pending.append(_decoded(text[last:]))
    if pending:
        _end_block(pending, found)
    return found


TAG_MEMORY = 50_000
"""How many distinct tags ``texts`` remembers (a page of unique tags must not fill memory)."""
_TAGS: dict[str, tuple[bool, list[tuple[str, bool]]]] = {}


def _tag_meaning(token: re.Match[str]) -> tuple[bool, list[tuple[str, bool]]]:
    """Whether a tag ends a block, and the texts of its read attributes."""
    tag = token.group("tag")
    if tag is None:  # <!DOCTYPE>, </ >, <?...>, <!-->: no text, no block
        return False, []
    name = tag.lower()
    attrs = token.group("attrs")
    read = [] if token.group("close") or not attrs else list(_visible(
        (r.text, True) for r in _attribute_runs(name, attrs, 0)))
    return name in BLOCKS, read


def _decoded(text: str) -> str:
    """Text between tags as ``Run.add_decoded`` reads it (references decoded, invisible
    characters dropped), without the map."""
    if "&" in text:
        text = ENTITY_RE.sub(_unescaped, text)
    return text if text.isascii() else INVISIBLE_RE.sub("", text)


def _unescaped(entity: re.Match[str]) -> str:
    return html.unescape(entity.group())


def _invisible_dropped(text: str) -> str:
    return text if text.isascii() else INVISIBLE_RE.sub("", text)


def _visible(items: Iterable[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [item for item in items if item[0].strip()]


def _end_block(pending: list[str], found: list[tuple[str, bool]]) -> None:
    joined = "".join(pending)
    pending.clear()
    if joined.strip():
        found.append((joined, False))


def words_text(text: str, reading: list[tuple[str, bool]] | None = None) -> str:
    """The page's words in the order a reader meets them, for the leak fingerprints (which
    compare words, not positions): every run of ``texts`` (given as ``reading`` when the
    caller has it), one a line, then the whole body of every raw text element (a script or
    style as written, not only its strings: the fingerprints look for words anywhere)."""
    if reading is None:
        reading = texts(text)
    return "\n".join([*(item[0] for item in reading), *raw_bodies(text)])


def raw_bodies(text: str) -> list[str]:
    """The whole body of every script and style element, as written."""
    return [m.group(1) for m in RAW_BODY_RE.finditer(text)]


RAW_BODY_RE = re.compile(
    r"<(?:script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>(.*?)(?:</(?:script|style)\s*>|\Z)",
    re.DOTALL | re.IGNORECASE)
