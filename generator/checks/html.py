"""Raw HTML written into Markdown (content pages, reports, responses, briefings).

Markdown lets an author type HTML, and MkDocs passes it through untouched. lif allows only a
safe list of elements, attributes and address schemes (the list nh3, the HTML sanitiser, is
given); anything else is an error naming its line, so the page is fixed at the source rather
than silently changed. Scripts, frames, embedded objects, event handlers and ``javascript:``
addresses would run code or pull in other sites in readers' browsers; inline ``style``
attributes would be refused by the site's Content Security Policy anyway. Code spans, fenced
code blocks and HTML comments are text, not HTML, and are skipped.

The same rules are also applied to each source as rendered and parsed per HTML5 (below), since
patterns over the source can be fooled: a code span that seems to run across paragraphs
(Markdown ends it at the blank line, so the ``<script>`` between is live), ``<!-->`` (an empty
comment to a browser, the start of a long one to a pattern), a ``javascript:`` address in a
Markdown link or reference definition, written with character references or a tab, or an ``{:
onclick=... }`` attribute list. Here the source is rendered with the Markdown extensions MkDocs
sites use, and the result parsed by an HTML5 parser (tinyhtml5, the one WeasyPrint uses)
exactly as a browser parses it; every element, attribute and address is then held to the same
safe list. Anything found that the source reading did not report is mapped back to its source
line by rendering ever longer beginnings of the source until the problem appears.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from html import unescape
from typing import TYPE_CHECKING, Any

import markdown  # type: ignore[import-untyped]
import nh3
import tinyhtml5  # type: ignore[import-untyped]

from generator.models import Finding, Position, Source
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.site import Site

register(Rule("HTML-UNSAFE", "error",
              "Raw HTML in Markdown that is not on lif's safe list: scripts, frames, embedded "
              "objects, forms, event handlers, style attributes or javascript: addresses; or a "
              "script a site's theme overrides, extra_javascript, a Markdown extension or an "
              "address in mkdocs.yml would add to its pages."))

SAFE_TAGS = frozenset(nh3.ALLOWED_TAGS)
"""nh3's default safe elements: text, lists, tables, figures, details, images, links."""

GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role"}
SAFE_ATTRIBUTES: dict[str, set[str]] = {
    tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag, _attrs in {"a": {"href", "hreflang"}, "img": {"src", "alt", "width", "height"},
                     "ol": {"start", "reversed", "type"}, "li": {"value"}, "time": {"datetime"},
                     "details": {"open"}, "data": {"value"}, "th": {"scope", "abbr"}}.items():
    SAFE_ATTRIBUTES.setdefault(_tag, set()).update(_attrs)
SAFE_ATTRIBUTES["*"] = GLOBAL_ATTRIBUTES
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "srcset", "cite", "action", "formaction", "poster",
                  "background", "data", "xlink:href", "longdesc", "usemap"}
CODE_SCHEMES = {"javascript", "vbscript", "data"}

RUNS_CODE = {"script": "it would run code in readers' browsers",
             "iframe": "it would embed another site in the page",
             "frame": "it would embed another site in the page",
             "frameset": "it would embed another site in the page",
             "object": "it would embed a plug-in or another document",
             "embed": "it would embed a plug-in or another document",
             "applet": "it would embed a plug-in or another document",
             "base": "it would change where every link on the page goes",
             "meta": "it would change how the browser treats the page",
             "link": "it would load files from elsewhere into the page",
             "style": "it would restyle the whole site (and the Content Security Policy blocks it)",
             "form": "it would send what readers type to another address",
             "svg": "it can carry scripts and event handlers",
             "math": "it can carry scripts and event handlers"}

_TAG_RE = re.compile(
    r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[^\s\"'<>/=]+"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTR_RE = re.compile(
    r"(?P<name>[^\s\"'<>/=]+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_NOT_LINE_BREAK_RE = re.compile(r"[^\n]")
_CODE_SCHEME_RE = re.compile("|".join(
    r"[\x00-\x20]*".join([*scheme, ":"]) for scheme in sorted(CODE_SCHEMES)), re.IGNORECASE)
"""``javascript:``, ``vbscript:`` or ``data:`` as the browser reads an address: with any
whitespace or control character between its letters (ignoring case is the wider match: it also
takes the letters' Unicode look-alikes that fold to them)."""
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):")


def check(site: Site) -> list[Finding]:
    """Raw HTML in every review's report and response and in every briefing, and markup in
    any text field of review.yml, a response's or a briefing's front matter."""
    findings: list[Finding] = []
    for review in site.each_review():
        findings += scan_fields(review.meta_source, review.meta.model_dump(mode="json"))
        if review.response is not None and review.response_meta is not None:
            findings += scan_fields(review.response,
                                    review.response_meta.model_dump(mode="json"))
        for source in (review.report, review.response):
            if source is not None:
                findings += scan(source)
    for briefing in site.each_briefing():
        findings += scan_fields(briefing.source, briefing.meta.model_dump(mode="json"))
        findings += scan(briefing.source)
    return findings


MARKUP = re.compile(r"<[A-Za-z/!?]")
"""What starts a tag, comment or declaration in HTML (``<5`` or ``a < b`` do not)."""


def scan_fields(source: Source, data: Any, key: tuple[str | int, ...] = ()) -> list[Finding]:
    """One finding for each metadata text that holds markup, at its YAML line.

    Titles, summaries and key learning are plain text: lif escapes them wherever it writes
    them (``page_meta``, the page templates), so markup would show as stray code, or, in a
    theme that did not escape, run. Refused at the source, where it is cheap to fix.
    """
    if isinstance(data, str):
        where, name = source.position(*key), ".".join(map(str, key))
        if MARKUP.search(data):
            return [finding("HTML-UNSAFE", source.path, where,
                            f"markup in the text field '{name}': a '<' here starts an HTML "
                            "tag.", "Write plain text: fields are shown as text, never as HTML "
                            "(rephrase, or write 'less than').")]
        # the templates write fields into Markdown with <, > and & escaped: what Markdown
        # itself makes of the rest (a javascript: link, an attribute list) must be safe too
        as_written = data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if not needs_rendering(as_written):
            return []
        return [finding("HTML-UNSAFE", source.path, where,
                        f"in the text field '{name}': {message}", hint)
                for _, message, hint in problems(as_written)]
    if isinstance(data, dict):
        return [f for name, item in data.items()
                for f in scan_fields(source, item, (*key, str(name)))]
    if isinstance(data, list):
        return [f for i, item in enumerate(data) for f in scan_fields(source, item, (*key, i))]
    return []


def page_template(source: Source, meta: Any) -> list[Finding]:
    """A content page's front matter choosing its own template (``template: redirect.html``):
    Material's redirect template sends readers to any address (``location:``) with a refresh
    lif never checks, and any other template drops lif's layout, its safeguarding panel and
    the checks made for it. Refused at its line."""
    if not isinstance(meta, dict) or "template" not in meta:
        return []
    return [finding("HTML-UNSAFE", source.path, source.position("template"),
                    f"the page chooses its own template ('{meta['template']}'): it would be "
                    "laid out without lif's checks (Material's redirect.html sends readers to "
                    "another address).", "Remove 'template:'; to move a page, leave a short "
                    "page that links to the new one.")]


def scan(source: Source) -> list[Finding]:
    """One finding for each element, attribute or address not on the safe list: first as the
    Markdown source reads (good columns), then as the browser will read the rendered page, so
    that a trick the source reading misses is still found (see ``rendered``)."""
    found = scan_source(source)
    return found + missed(source, found)


def scan_source(source: Source) -> list[Finding]:
    """The source reading: raw HTML tags outside code spans, code blocks and comments."""
    text = _blank_code(source.body)
    found: list[Finding] = []
    skip_to = 0
    for tag in _TAG_RE.finditer(text):
        if tag.start() < skip_to:
            continue  # inside an element already reported: one finding for the whole of it
        name = tag.group("name").lower()
        where = _position(source, tag.start())
        if name not in SAFE_TAGS:
            found.append(_element(source.path, where, name))
            if name in RUNS_CODE and not tag.group(0).endswith("/>"):
                close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, tag.end())
                skip_to = close.end() if close else len(text)
            continue
        base = tag.start("attrs")
        for attr in _ATTR_RE.finditer(tag.group("attrs")):
            problem = _attribute(name, attr.group("name").lower(), _value(attr.group("value")))
            if problem:
                message, hint = problem
                found.append(finding("HTML-UNSAFE", source.path,
                                     _position(source, base + attr.start()), message, hint))
    return found


def _element(path: str, where: Position, name: str) -> Finding:
    if name in RUNS_CODE:
        return finding("HTML-UNSAFE", path, where, f"<{name}> element: {RUNS_CODE[name]}.",
                       "Remove it. Published pages allow no scripts, frames, embedded objects "
                       "or forms; link to the material instead.")
    return finding("HTML-UNSAFE", path, where,
                   f"<{name}> is not on the list of HTML elements lif allows.",
                   "Write it in Markdown instead (headings, lists, tables, links, images), or "
                   "use an allowed element such as <div>, <span>, <details> or <abbr>.")


def _attribute(tag: str, name: str, value: str) -> tuple[str, str] | None:
    """What is wrong with one attribute of an allowed element, or None."""
    if name.startswith("on"):
        return (f"event handler '{name}' on <{tag}>: it would run code in readers' browsers.",
                "Remove the attribute; published pages run no scripts of their own.")
    if name == "style":
        return (f"style attribute on <{tag}>: inline styles are blocked by the site's Content "
                "Security Policy.", "Remove it, or use a class from the site's stylesheet.")
    if name in URL_ATTRIBUTES:
        # as the browser reads it: character references decoded, tabs and newlines dropped
        address = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
        scheme = _SCHEME_RE.match(address)
        if scheme and scheme.group(1) in CODE_SCHEMES:
            return (f"'{scheme.group(1)}:' address in {name} on <{tag}>: it would run code or "
                    "hide content in the page.",
                    "Link to an http(s), mailto: or tel: address, or to a page of the site.")
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            return (f"'{scheme.group(1)}:' address in {name} on <{tag}> is not allowed.",
                    "Link to an http(s), mailto: or tel: address, or to a page of the site.")
    fragment = _in_context(tag, f'<{tag} {name}="{_escape(value)}"></{tag}>')
    if f" {name}=" not in nh3.clean(fragment, tags=set(SAFE_TAGS), attributes=SAFE_ATTRIBUTES,
                                    url_schemes=SAFE_SCHEMES, link_rel=None,
                                    generic_attribute_prefixes={"aria-"}):
        return (f"attribute '{name}' on <{tag}> is not on the list of HTML attributes lif "
                "allows.", "Remove it; class, id, title, lang, dir, role and aria-* are "
                "allowed on any element.")
    return None


TABLE_CONTEXT = {"td": ("<table><tbody><tr>", "</tr></tbody></table>"),
                 "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
                 "tr": ("<table><tbody>", "</tbody></table>"),
                 "col": ("<table><colgroup>", "</colgroup></table>")}
"""Where a table part must stand for the HTML parser to keep it: a lone ``<th colspan>`` is
dropped by the parser, which made every attribute of a table cell look unsafe."""


def _in_context(tag: str, fragment: str) -> str:
    before, after = TABLE_CONTEXT.get(tag, ("", ""))
    return before + fragment + after


def _value(raw: str | None) -> str:
    if raw is None:
        return ""
    return raw[1:-1] if raw[:1] in "\"'" else raw


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _blank_code(body: str) -> str:
    """The body with code blocks, code spans and comments replaced by spaces (same offsets).

    Each span is blanked by slicing, not character by character: a 40 MB site of reports is
    read three times here, and a list of every character cost seconds."""
    spans: list[tuple[int, int]] = []
    fence: str | None = None
    fence_start = 0
    fenced = "```" in body or "~~~" in body  # else no fence: one fast search, not a regex
    for match in _FENCE_RE.finditer(body) if fenced else ():
        marker = match.group(1)
        if fence is None:
            fence, fence_start = marker, match.start()
        elif marker[0] == fence[0] and len(marker) >= len(fence):
            line_end = body.find("\n", match.end())
            spans.append((fence_start, len(body) if line_end < 0 else line_end))
            fence = None
    if fence is not None:
        spans.append((fence_start, len(body)))
    text = _blanked(body, spans)
    for pattern, opens in ((_COMMENT_RE, "<!--"), (_CODE_SPAN_RE, "`")):
        if opens in text:
            text = _blanked(text, [match.span() for match in pattern.finditer(text)])
    return text


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of ``spans`` (in order, not overlapping) but a line
    break replaced by a space."""
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += [text[last:start], _NOT_LINE_BREAK_RE.sub(" ", text[start:end])]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _position(source: Source, offset: int) -> Position:
    line_start = source.body.rfind("\n", 0, offset) + 1
    return Position(source.body_line + source.body.count("\n", 0, offset),
                    offset - line_start + 1)


# ------------------------------------------------- the source as the browser reads it

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition", "sane_lists",
              "md_in_html", "footnotes", "def_list", "abbr"]
"""MkDocs' own (toc, tables, fenced_code) and the common extensions that change what HTML a
page gets; attr_list is here whether or not a site enables it, so its tricks are always seen."""

DOCUMENT_TAGS = {"html", "head", "body"}
"""Elements the parser adds around any fragment."""
TABLE_ALIGN = re.compile(r"text-align: (left|right|center);")
"""The one style attribute Markdown writes itself (aligned table columns)."""

MAY_HIDE_MARKUP = re.compile(r"[<&{\\]")
"""Raw HTML, character references, attribute lists and backslash escapes: without any of them
Markdown writes only its own elements and attributes."""

Problem = tuple[tuple[str, ...], str, str]
"""(what to look for on the source line, message, hint)."""


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS)


def render(text: str) -> str:
    """The HTML the Markdown text becomes."""
    converter = _markdown()
    converter.reset()
    return str(converter.convert(text))


def problems(text: str) -> list[Problem]:
    """Each element, attribute or address off the safe list in the rendered text, in order
    (nothing inside an element that runs code or embeds content: one finding for the whole)."""
    found: list[Problem] = []
    _walk(tinyhtml5.parse(render(text)), found)
    return found


def _walk(element: Any, found: list[Problem]) -> None:

    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment: text to the browser
        tag = child.tag.rsplit("}", 1)[-1].lower()
        if tag not in DOCUMENT_TAGS:
            if tag not in SAFE_TAGS:
                made = _element("", Position(1, 1), tag)
                found.append(((f"<{tag}",), made.message, made.hint))
                if tag in RUNS_CODE:
                    continue
            attributes = {} if tag not in SAFE_TAGS else child.attrib
            for raw_name, value in attributes.items():
                name = str(raw_name).rsplit("}", 1)[-1].lower()
                if name == "style" and tag in ("th", "td") and TABLE_ALIGN.fullmatch(str(value)):
                    continue
                if name in URL_ATTRIBUTES and _other_scheme(str(value)):
                    continue  # runs no code; file: and the like are the PDF rules' to name
                wrong = _attribute(tag, name, str(value))
                if wrong:
                    found.append(((name, str(value)[:4], "](", "]:"), *wrong))
        _walk(child, found)


def _other_scheme(value: str) -> bool:
    """Whether an address has a scheme that is neither safe nor one that runs code."""

    address = re.sub(r"[\x00-\x20]", "", value).lower()
    scheme = _SCHEME_RE.match(address)
    return scheme is not None and scheme.group(1) not in SAFE_SCHEMES | CODE_SCHEMES


def needs_rendering(text: str) -> bool:
    """Whether the rendered text could hold anything off the safe list.

    Rendering and parsing cost about 2 ms a kilobyte, so a text that cannot produce unsafe
    HTML is not rendered: one with no raw HTML, character reference, attribute list or
    backslash escape, and no ``javascript:``, ``vbscript:`` or ``data:`` anywhere (read as the
    browser reads an address, with whitespace and control characters removed).
    """
    if MAY_HIDE_MARKUP.search(text):
        return True
    return _has_code_scheme(text)


_CODE_SCHEME_BACKWARDS_RE = re.compile("|".join(
    r"[\x00-\x20]*".join([":", *reversed(scheme)]) for scheme in sorted(CODE_SCHEMES)),
    re.IGNORECASE)
"""``_CODE_SCHEME_RE`` read from its colon back, for the reversed text."""


def _has_code_scheme(text: str) -> bool:
    """``_CODE_SCHEME_RE.search(text) is not None``, looking only behind each colon.

    Every match ends with a colon, so the text is read backwards from each colon instead of
    trying the pattern at every character (a 100 KB report with no address in it took 2.5 ms;
    most have a colon every few hundred characters at most)."""
    colon = text.find(":")
    if colon < 0:
        return False
    backwards = text[::-1]
    last = len(text) - 1
    while colon >= 0:
        if _CODE_SCHEME_BACKWARDS_RE.match(backwards, last - colon):
            return True
        colon = text.find(":", colon + 1)
    return False


def missed(source: Source, reported: list[Finding]) -> list[Finding]:
    """Findings for problems in the rendered source beyond those the source reading reported,
    each at the first line that brings it about (compared by message and line, so one missed
    early in the page is reported there, not at the last of its kind)."""
    if not needs_rendering(source.body):
        return []
    found = problems(source.body)
    if Counter(p[1] for p in found) == Counter(f.message for f in reported):
        return []  # the source reading saw every one (the usual case: no rendering by lines)
    seen = Counter((f.message, f.line) for f in reported)
    wanted = Counter[str]()
    extra: list[Finding] = []
    lines = source.body.split("\n")
    for needles, message, hint in found:
        wanted[message] += 1
        line = _first_line(lines, message, wanted[message])
        if seen[message, source.body_line + line - 1] > 0:  # reported there already
            seen[message, source.body_line + line - 1] -= 1
            continue
        column = _column(lines[line - 1], needles)
        extra.append(finding("HTML-UNSAFE", source.path,
                             Position(source.body_line + line - 1, column), message, hint))
    return sorted(extra, key=lambda f: (f.line, f.column))


def _first_line(lines: list[str], message: str, count: int) -> int:
    """The fewest lines (1-based) whose rendering shows ``message`` ``count`` times."""
    def shows(n: int) -> bool:
        return sum(p[1] == message for p in problems("\n".join(lines[:n]))) >= count

    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if shows(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _column(line: str, needles: tuple[str, ...]) -> int:
    """Where on its line a problem starts: its tag, attribute name, address or link, else the
    line's first text."""
    for needle in needles:
        at = line.lower().find(needle.lower()) if needle else -1
        if at >= 0:
            return at + 1
    return len(line) - len(line.lstrip()) + 1


