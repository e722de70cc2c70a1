"""Raw HTML in Markdown: only the safe list is allowed; anything else is an error on its line."""

from __future__ import annotations

import random
import re

import pytest

from generator.checks import html
from generator.models import Source
from tests.clirun import run_lif
from tests.sitekit import SiteKit


def scan(body: str, body_line: int = 1) -> list[str]:
    return [f.format() for f in html.scan(Source("content/page.md", body, body, body_line))]


SAFE = """# Safe page

<details><summary>More <abbr title="Child Protection">CP</abbr></summary>

<p class="note" id="n1" aria-label="Note" role="note">Text with <a href="https://example.org/a">a
link</a>, <a href="mailto:team@example.org">mail</a>, <a href="../reviews/">relative</a> and
<img src="picture.png" alt="A picture" width="10">.</p>
</details>

Inline code is text: `<script>alert(1)</script>`, and so is ``<iframe src=x>``.

```html
<iframe src="https://example.org"></iframe>
<a onclick="x()">code sample</a>
```

<!-- <script>hidden in a comment</script> -->
<ol start="3"><li value="4">Three</li></ol> <time datetime="2026-01-01">New Year</time>
Autolinks are not tags: <https://example.org> and <team@example.org>.
"""


def test_safe_html_and_code_samples_pass() -> None:
    """Allowed elements and attributes, code spans, fenced code and comments give nothing."""
    assert scan(SAFE) == []


UNSAFE = """# Unsafe page

<script>alert(1)</script>
Text <a href="javascript:alert(1)" onclick="go()">link</a> and <span style="color:red">red</span>.
<iframe src="https://video.example.org/embed/1"></iframe>
<p data-track="1">Hi</p> <a href=" JaVa&#10;script:x">two</a> <a href="ftp://files.example.org/x">ftp</a>
<font color="red">old</font>
<form action="https://collect.example.org"><input name="q"></form>
<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="" onerror="x()">
"""


def test_each_unsafe_element_attribute_and_address_is_named_with_its_line() -> None:
    """Scripts, frames, forms, event handlers, styles, unsafe and unknown addresses and
    attributes are each an error at their own line and column, counted from the front matter;
    what is inside a rejected form is not reported again."""
    assert scan(UNSAFE, body_line=4) == [
        "content/page.md:6:1: HTML-UNSAFE <script> element: it would run code in readers' "
        "browsers. Remove it. Published pages allow no scripts, frames, embedded objects or "
        "forms; link to the material instead.",
        "content/page.md:7:9: HTML-UNSAFE 'javascript:' address in href on <a>: it would run "
        "code or hide content in the page. Link to an http(s), mailto: or tel: address, or to "
        "a page of the site.",
        "content/page.md:7:36: HTML-UNSAFE event handler 'onclick' on <a>: it would run code in "
        "readers' browsers. Remove the attribute; published pages run no scripts of their own.",
        "content/page.md:7:70: HTML-UNSAFE style attribute on <span>: inline styles are blocked "
        "by the site's Content Security Policy. Remove it, or use a class from the site's "
        "stylesheet.",
        "content/page.md:8:1: HTML-UNSAFE <iframe> element: it would embed another site in the "
        "page. Remove it. Published pages allow no scripts, frames, embedded objects or forms; "
        "link to the material instead.",
        "content/page.md:9:4: HTML-UNSAFE attribute 'data-track' on <p> is not on the list of "
        "HTML attributes lif allows. Remove it; class, id, title, lang, dir, role and aria-* "
        "are allowed on any element.",
        "content/page.md:9:29: HTML-UNSAFE 'javascript:' address in href on <a>: it would run "
        "code or hide content in the page. Link to an http(s), mailto: or tel: address, or to "
        "a page of the site.",
        "content/page.md:9:66: HTML-UNSAFE 'ftp:' address in href on <a> is not allowed. Link "
        "to an http(s), mailto: or tel: address, or to a page of the site.",
        "content/page.md:10:1: HTML-UNSAFE <font> is not on the list of HTML elements lif "
        "allows. Write it in Markdown instead (headings, lists, tables, links, images), or use "
        "an allowed element such as <div>, <span>, <details> or <abbr>.",
        "content/page.md:11:1: HTML-UNSAFE <form> element: it would send what readers type to "
        "another address. Remove it. Published pages allow no scripts, frames, embedded objects "
        "or forms; link to the material instead.",
        "content/page.md:12:6: HTML-UNSAFE 'data:' address in src on <img>: it would run code "
        "or hide content in the page. Link to an http(s), mailto: or tel: address, or to a page "
        "of the site.",
        "content/page.md:12:54: HTML-UNSAFE event handler 'onerror' on <img>: it would run code "
        "in readers' browsers. Remove the attribute; published pages run no scripts of their "
        "own.",
    ]


def unsafe_site(kit: SiteKit) -> None:
    kit.review("child-t", report="# Report\n\nThe review <iframe src=\"https://v.example.org\">"
               "</iframe> found gaps.\n")
    kit.publish("child-t", "2025-05-20")
    briefing = kit.briefing("safer-sleep", "2026-01-10", reviews="child-t")
    briefing.write_text(briefing.read_text("utf-8").replace(
        "Do this.", 'Do <a href="#" onclick="steal()">this</a>.'), encoding="utf-8")
    (kit.root / "content" / "about.md").write_text(
        "---\ntitle: About\n---\n# About\n\n<script src=\"https://t.example.org/a.js\"></script>\n",
        encoding="utf-8")


EXPECTED = [
    "briefings/safer-sleep.md:35:16: HTML-UNSAFE event handler 'onclick' on <a>: it would run "
    "code in readers' browsers. Remove the attribute; published pages run no scripts of their "
    "own.",
    "content/about.md:6:1: HTML-UNSAFE <script> element: it would run code in readers' "
    "browsers. Remove it. Published pages allow no scripts, frames, embedded objects or forms; "
    "link to the material instead.",
    "reviews/child-t/report.md:3:12: HTML-UNSAFE <iframe> element: it would embed another site "
    "in the page. Remove it. Published pages allow no scripts, frames, embedded objects or "
    "forms; link to the material instead.",
]


def test_lif_check_names_unsafe_html_in_pages_reports_and_briefings(kit: SiteKit) -> None:
    """`lif check` reports raw unsafe HTML in a content page, a report and a briefing, exit 1."""
    unsafe_site(kit)
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert [line for line in result.output.splitlines() if "HTML-UNSAFE" in line] == EXPECTED
    assert result.exit_code == 1


@pytest.mark.slow
def test_build_refuses_unsafe_html_and_writes_no_site(kit: SiteKit) -> None:
    """`lif build` stops on the same findings and publishes nothing."""
    unsafe_site(kit)
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert [line for line in result.output.splitlines() if "HTML-UNSAFE" in line] == EXPECTED
    assert result.exit_code == 1
    assert not (kit.root / "site").exists()


TRICKS = """# Tricks

A `code span that seems to run on

<script>window.x = 1</script>

into the next paragraph` is two paragraphs to Markdown.

<!--> <script>window.y = 1</script> -->

[a](java&#9;script:alert(1)) and [b][ref] and ![c](data:text/html,hi)

A paragraph with an attribute list.
{: onclick="alert(2)" }

[ref]: &#106;avascript:alert(3)
"""


def test_tricks_that_hide_html_from_the_source_reading_are_found_as_rendered() -> None:
    """Code spans across paragraphs, <!-->, obfuscated javascript: in links and reference
    definitions, data: images and attribute-list handlers are each an error at their line."""
    run = ("HTML-UNSAFE <script> element: it would run code in readers' browsers. Remove it. "
           "Published pages allow no scripts, frames, embedded objects or forms; link to the "
           "material instead.")
    address = ("address in {attr} on <{tag}>: it would run code or hide content in the page. "
               "Link to an http(s), mailto: or tel: address, or to a page of the site.")
    assert scan(TRICKS) == [
        f"content/page.md:5:1: {run}",
        f"content/page.md:9:7: {run}",
        "content/page.md:11:5: HTML-UNSAFE 'javascript:' " + address.format(attr="href", tag="a"),
        "content/page.md:11:52: HTML-UNSAFE 'data:' " + address.format(attr="src", tag="img"),
        "content/page.md:14:4: HTML-UNSAFE event handler 'onclick' on <p>: it would run code in "
        "readers' browsers. Remove the attribute; published pages run no scripts of their own.",
        "content/page.md:16:5: HTML-UNSAFE 'javascript:' " + address.format(attr="href", tag="a"),
    ]


SAFE_MARKDOWN = """# Safe Markdown

| Left | Right |
|:-----|------:|
| 1    | 2     |

A note.[^1] A paragraph with a class.
{: .lead #intro }

!!! note "Admonition"
    Text with [a link](https://example.org/ "Example") and [a reference][ok].

`<script>` in one code span, and *emphasis*.

[^1]: The footnote.

[ok]: ../reviews/
"""


def test_markdowns_own_html_passes_the_rendered_reading() -> None:
    """Aligned tables, footnotes, attribute lists with class and id, admonitions, titles,
    code spans and reference links give nothing."""
    assert scan(SAFE_MARKDOWN) == []


FIELD = ("HTML-UNSAFE markup in the text field '{key}': a '<' here starts an HTML tag. Write "
         "plain text: fields are shown as text, never as HTML (rephrase, or write 'less than').")


def test_markup_in_yaml_and_front_matter_fields_is_named_at_its_line(kit: SiteKit) -> None:
    """A tag in a review's title or key learning, a briefing's title or a content page's front
    matter is an error at the field's line; '<5' and 'a < b' are not markup."""
    kit.review("child-t", title="Child T x</title><script>", summary="Aged <5, and a < b.",
               key_learning=["Plain.", "Close <!-- a comment"])
    kit.publish("child-t", "2025-05-20")
    briefing = kit.briefing("safer-sleep", "2026-01-10")
    briefing.write_text(briefing.read_text("utf-8").replace(
        "title: Briefing safer-sleep", "title: Sleep <b onclick=x>safe</b>"), encoding="utf-8")
    (kit.root / "content" / "about.md").write_text(
        "---\ndescription: \"About</title><script>x()</script>\"\n---\n# About\n",
        encoding="utf-8")
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert [line for line in result.output.splitlines() if "HTML-UNSAFE" in line] == [
        "briefings/safer-sleep.md:2:1: " + FIELD.format(key="title"),
        "content/about.md:2:1: " + FIELD.format(key="description"),
        "reviews/child-t/review.yml:1:1: " + FIELD.format(key="title"),
        "reviews/child-t/review.yml:7:3: " + FIELD.format(key="key_learning.1"),
    ]
    assert result.exit_code == 1


def test_only_text_that_could_hold_unsafe_html_is_rendered() -> None:
    """Plain Markdown with safe links skips rendering; raw HTML, references, attribute lists,
    escapes and schemes that run code (however spaced) do not."""
    from generator.checks.html import needs_rendering

    quiet = ["# Title\n\nText (category: tools) and [a](https://example.org/) [b](../y/).\n",
             "[ref]: mailto:team@example.org\n\n*emphasis* | table |\n", "[a](ftp://x)"]
    loud = ["a <b>", "a &amp; b", "para\n{: .x }", "a \\* b", "[a](java\tscript:x)",
            "![i](DATA:image/png,x)", "[a]( vbscript:x)", "[r]: javascript:x"]
    assert [needs_rendering(text) for text in quiet] == [False, False, False]
    assert [needs_rendering(text) for text in loud] == [True] * len(loud)


def test_markdown_links_and_attribute_lists_in_fields_are_named_at_their_line(
        kit: SiteKit) -> None:
    """A javascript: link or an attribute-list handler written in Markdown in review.yml is an
    error at the field's line; a https link and emphasis in a field are not."""
    kit.review("child-t", summary="See [the guide](java script:alert(1)).",
               key_learning=["Read [this](https://example.org/) *now*.", "Go\n{: onclick=x }"])
    kit.publish("child-t", "2025-05-20")
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert [line for line in result.output.splitlines() if "HTML-UNSAFE" in line] == [
        "reviews/child-t/review.yml:4:1: HTML-UNSAFE in the text field 'summary': 'javascript:' "
        "address in href on <a>: it would run code or hide content in the page. Link to an "
        "http(s), mailto: or tel: address, or to a page of the site.",
        "reviews/child-t/review.yml:7:3: HTML-UNSAFE in the text field 'key_learning.1': event "
        "handler 'onclick' on <p>: it would run code in readers' browsers. Remove the "
        "attribute; published pages run no scripts of their own.",
    ]
    assert result.exit_code == 1


def test_a_trick_before_raw_html_of_the_same_kind_is_named_at_its_own_line() -> None:
    """A Markdown javascript: link the source reading misses, followed by a raw <a> with a
    javascript: address it finds, is two findings at their own lines (the missed one was
    reported at the raw link's line, twice, and its own line never named)."""
    address = ("HTML-UNSAFE 'javascript:' address in href on <a>: it would run code or hide "
               "content in the page. Link to an http(s), mailto: or tel: address, or to a page "
               "of the site.")
    assert scan("# Page\n\n[e](<javascript:alert(5)>)\n\n"
                '<a href="JAVASCRIPT:alert(6)">o</a>\n') == [
        f"content/page.md:5:4: {address}",
        f"content/page.md:3:6: {address}",
    ]


def test_a_content_page_choosing_its_own_template_is_refused(kit: SiteKit) -> None:
    """``template: redirect.html`` with a ``location`` would send readers elsewhere, and any
    template drops lif's layout: HTML-UNSAFE at the front matter line; other front matter
    passes."""
    (kit.root / "content/moved.md").write_text(
        '---\ntemplate: redirect.html\nlocation: "https://elsewhere.example/"\n---\n# Moved\n')
    (kit.root / "content/kept.md").write_text("---\ntitle: Kept\n---\n# Kept\n\nText.\n")
    result = run_lif("check", "--today", "2026-11-23", cwd=kit.root)
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "content/moved.md:2:1: HTML-UNSAFE the page chooses its own template ('redirect.html'): "
        "it would be laid out without lif's checks (Material's redirect.html sends readers to "
        "another address). Remove 'template:'; to move a page, leave a short page that links "
        "to the new one.",
        "lif: check failed: 1 error(s), 0 warning(s)."])


def test_code_addresses_are_found_however_their_letters_are_spaced_or_cased() -> None:
    """needs_rendering finds javascript:, vbscript: and data: wherever the text with its
    whitespace and control characters removed, lower-cased, holds one (how a browser reads an
    address), on random texts."""
    pieces = [*"javscriptbdJAVSCRIPTBD: \t\n\x0b\x01x", "java", "Script", "DATA", "vb"]
    rng = random.Random(20)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        squeezed = re.sub(r"[\x00-\x20]", "", text).lower()
        expected = any(f"{scheme}:" in squeezed for scheme in ("javascript", "vbscript", "data"))
        assert html.needs_rendering(text) is expected, repr(text)


def test_reading_back_from_each_colon_finds_what_the_code_address_pattern_finds() -> None:
    """The backwards reading from each colon agrees with ``_CODE_SCHEME_RE`` searched over the
    whole text, on random texts of the schemes' letters, their Unicode case look-alikes (long
    s, dotless i, dotted capital I), spaces, controls and colons."""
    pieces = [*"javscriptbdJAVSCRIPTBD: \t\n\x00\x1f:ſıİx", "java", "script:", "DATA"]
    rng = random.Random(21)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert html._has_code_scheme(text) is (html._CODE_SCHEME_RE.search(text) is not None), (
            repr(text))


def _blank_code_with_every_pattern(body: str) -> str:
    """``html._blank_code`` with each pattern run over every text (no quick search first)."""
    spans: list[tuple[int, int]] = []
    fence: str | None = None
    start = 0
    for match in html._FENCE_RE.finditer(body):
        if fence is None:
            fence, start = match.group(1), match.start()
        elif match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            end = body.find("\n", match.end())
            spans.append((start, len(body) if end < 0 else end))
            fence = None
    if fence is not None:
        spans.append((start, len(body)))
    text = html._blanked(body, spans)
    for pattern in (html._COMMENT_RE, html._CODE_SPAN_RE):
        text = html._blanked(text, [match.span() for match in pattern.finditer(text)])
    return text


def test_code_is_blanked_as_when_every_pattern_reads_every_text() -> None:
    """Skipping the fence, comment and code-span patterns for a text without their opening
    characters blanks exactly what running them all blanks, on random mixtures of fences,
    backticks, tildes, comments and line breaks."""
    pieces = [*"`~ \n<!->ax", "```", "~~~", "<!--", "-->", "    ```", "`code`"]
    rng = random.Random(22)
    for _ in range(20000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert html._blank_code(body) == _blank_code_with_every_pattern(body), repr(body)
