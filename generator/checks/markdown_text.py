"""A Markdown source read as the rendered page will read, each character mapped to its line.

The checks before the build must find what the page will show at the line that wrote it:
``LS1 **4AP**`` renders as "LS1 4AP", ``Kay*den*`` as "Kayden", ``&#52;`` as "4". Each block
of the source (lines up to a blank line) becomes a ``Run`` with inline markup left out
(emphasis, strike, mark and code delimiters, a link's brackets and target, attribute lists,
inline HTML tags and comments, backslash escapes; an underscore inside a word and a bracket
that opens no link stay, as Python-Markdown prints them), character references decoded, and a
blockquote's ``>`` markers dropped, so a block reads as its rendered paragraph.

Why strip the source rather than render it with Python-Markdown and map the HTML back:
Python-Markdown keeps no source positions (its preprocessors and block parser rewrite the
text before any tree exists), so a rendered element can only be matched back to its block
approximately, while stripping keeps the exact line and column of every character for the
finding. Over-joining is the safe side of any difference (a delimiter Python-Markdown would
print literally is still dropped here: more is found, never less), and the decisive check reads
the written page itself with ``html_text``. The raw source is scanned as well (comments, link
targets, image paths), so this only adds what the split text hides.
"""

from __future__ import annotations

import re

from generator.checks.reader_text import Run, breaks_as_spaces, has_digit_break

BLOCK_RE = re.compile(r"^(?:[ \t]*\S[^\n]*(?:\n|\Z))+", re.MULTILINE)
LINE_START_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
"""A blockquote's markers, which the rendered paragraph does not show."""
INLINE_RE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|<!--.*?(?:-->|\Z)"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z][\w-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|\]\([^)\n]*\)|\]\[[^\]\n]*\]"
    r"|\{:?[ \t]*[#.:][^}\n]*\}"
    r"|==|\^\^|\+\+|~~|[*`]|(?P<under>_+)|!?\[(?=[^\]\n]*\][(\[])"
    r"|(?P<entity>&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});?)",
    re.DOTALL)
UNDERSCORE_EMPHASIS_RE = re.compile(
    r"(?<![\w_])(?P<open>_{1,3})(?=[^\s_])(?:(?!(?P=open)).)+?(?<=[^\s_])(?P<close>(?P=open))"
    r"(?![\w_])", re.DOTALL)
"""Underscores that emphasise: Python-Markdown leaves one inside a word (``jane_ashworth``)
as it is, so only a pair around a stretch of text is markup."""
MAY_CHANGE_RE = re.compile(r"[\\<>\]\[{}=^+~*`_&]")
"""A character that ``INLINE_RE`` or ``LINE_START_RE`` could start at: a block with none
(and no invisible character: it is ASCII) reads exactly as written."""
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"})


def runs(text: str) -> list[Run]:
    """Every block of ``text`` as read, with offsets into ``text``."""
    found: list[Run] = []
    for block in BLOCK_RE.finditer(text):
        found += _block_runs(text, block.start(), block.end())
    return found


def changed_runs(text: str) -> list[Run]:
    """The runs that read differently from the source as written: only they can hide what a
    scan of the raw text does not find. A paragraph's line breaks read as spaces; where one
    touches a digit (an identifier could run across it), the run is read with them as spaces."""
    found = []
    for block in BLOCK_RE.finditer(text):
        if not MAY_CHANGE_RE.search(text, block.start(), block.end()) and (
                block.group().isascii() and not has_digit_break(block.group())):
            continue  # read as written: one verbatim run (the usual paragraph, cheaply)
        for run in _block_runs(text, block.start(), block.end()):
            if has_digit_break(run.text):
                found.append(breaks_as_spaces(run))
            elif not _verbatim(run, text):
                found.append(run)
    return found


def _verbatim(run: Run, text: str) -> bool:
    if len(run.pieces) != 1 or not run.pieces[0][2]:
        return False
    start = run.pieces[0][1]
    return text[start:start + run.length] == run.text


def _block_runs(text: str, start: int, end: int) -> list[Run]:
    found: list[Run] = []
    current = Run()
    position = start
    block = text[start:end]
    block = LINE_START_RE.sub(lambda m: " " * len(m.group()), block)  # offsets kept
    emphasis = {m.start(name) for m in UNDERSCORE_EMPHASIS_RE.finditer(block)
                for name in ("open", "close")}
    for token in INLINE_RE.finditer(block):
        if token.start() > position - start:
            current.add(block[position - start:token.start()], position)
        position = start + token.end()
        if token.group("under") is not None and token.start() not in emphasis:
            current.add(token.group(), start + token.start())
        elif token.group("escaped") is not None:
            current.add(token.group("escaped"), start + token.start("escaped"))
        elif token.group("entity") is not None:
            current.add_decoded(token.group("entity"), start + token.start())
        elif token.group("tag") is not None and token.group("tag").lower() in BLOCK_TAGS:
            if current:
                found.append(current)
            current = Run()
    if position < end:
        current.add(block[position - start:], position)
    if current:
        found.append(current)
    return found


def field_runs(value: str) -> list[Run]:
    """A review.yml field (already decoded by YAML) as the page will read it: offsets are into
    ``value``; the caller reports every match at the field's position."""
    return runs(value)
