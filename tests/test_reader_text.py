"""The reader's text: pages and Markdown sources read as they render, mapped to their source."""

from __future__ import annotations

import gzip
import json
import random

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import redaction_corpus
from generator.checks import html_text, markdown_text, reader_text, written_text
from generator.checks.documents import scan_html, scan_markdown
from generator.redaction.protected import Protected

SITE_EXTENSIONS = ["sane_lists", "tables", "admonition", "attr_list", "toc", "md_in_html"]


def terms(*protected: str) -> Protected:
    found = Protected(b"test-only key")
    for term in protected:
        found.add_term(term)
    return found


def found(matches: list) -> list[tuple[str, int, int, str]]:
    return [(m.rule_id, m.line, m.column, m.where) for m in matches]


def test_inline_elements_are_joined_within_a_block() -> None:
    """A postcode split by <strong> and a name split by <em> read whole; blocks stay apart."""
    page = "<p>LS1 <strong>4AP</strong> and Kay<em>den</em></p><p>next</p>"
    assert [r.text for r in html_text.runs(page)] == ["LS1 4AP and Kayden", "next"]


def test_character_references_are_decoded_and_soft_hyphens_dropped() -> None:
    """&#52;, &nbsp; and &shy; read as a browser shows them."""
    page = "<p>LS1&nbsp;&#52;AP, Kay&shy;den</p>"
    assert [r.text for r in html_text.runs(page)] == ["LS1\xa04AP, Kayden"]


def test_head_attributes_comments_and_script_strings_are_read() -> None:
    """Title, meta content, alt text, aria-label, data-*, comments and script strings each
    give a run, named by where they are (a block's text once the block ends)."""
    page = ('<head><title>A &amp; B</title><meta property="og:title" content="Kay&#100;en">'
            '</head><body><img alt="LS1 4AP" src="a.png"><a aria-label="x y" data-note="z" '
            'href="files/jane%20ashworth.pdf">go</a><!-- note --><script>var a = "said so";'
            '</script><script type="application/ld+json">{"name": "Jo"}</script></body>')
    assert [(r.text, r.where) for r in html_text.runs(page)] == [
        ("A & B", ""),
        ("Kayden", "in the content attribute of <meta>"),
        ("LS1 4AP", "in the alt attribute of <img>"),
        ("a.png", "in the src attribute of <img>"),
        ("x y", "in the aria-label attribute of <a>"),
        ("z", "in the data-note attribute of <a>"),
        ("files/jane ashworth.pdf", "in the href attribute of <a>"),
        (" note ", "in an HTML comment"),
        ("go", ""),
        ("said so", "in a <script>"),
        ("name", "in a <script>"),
        ("Jo", "in a <script>"),
    ]


def test_abruptly_closed_comment_hides_nothing() -> None:
    """'<!-->' is an empty comment in a browser: the text after it is read."""
    page = "<p>a</p><!--><p>Call 07700 900123</p><!-- x -->"
    assert [r.text for r in html_text.runs(page)] == ["a", "Call 07700 900123", " x "]


def test_split_postcode_in_a_page_is_found_at_its_first_character() -> None:
    """The match is reported at the line and column of the first character, in the page."""
    page = "<html>\n<body>\n<p>Lived at LS1 <strong>4AP</strong>.</p>\n</body></html>\n"
    assert found(scan_html(page, "site/x.html", None)) == [("ID-POSTCODE", 3, 13, "")]


def test_split_text_in_markdown_is_found_at_the_source_line() -> None:
    """Markup, references and soft hyphens splitting identifiers in Markdown are found at the
    line and column where the identifier starts."""
    source = ("# Report\n\n1. The family lived at LS1 **4AP** for a year.\n\n"
              "2. Kay*den*'s school, and Kay&shy;den again.\n\n3. Call 07700&#32;900&#49;23.\n")
    matches = scan_markdown(source, "report.md", terms("Kayden"))
    assert sorted(found(matches)) == [
        ("ID-PHONE", 7, 9, ""),
        ("ID-POSTCODE", 3, 24, ""),
        ("PROTECTED-TERM", 5, 4, ""),
        ("PROTECTED-TERM", 5, 27, ""),
    ]


def test_identifier_written_whole_is_reported_once() -> None:
    """Read as written and as rendered, an unsplit identifier is one finding, not two."""
    source = "Lived at **home** in LS1 4AP.\n"
    assert found(scan_markdown(source, "report.md", None)) == [("ID-POSTCODE", 1, 22, "")]


def test_markup_between_separate_words_is_no_finding() -> None:
    """Near miss: emphasis between ordinary words joins nothing that is an identifier."""
    source = "The **school** was told in *spring* 2024; see section 47 of the Act.\n"
    assert scan_markdown(source, "report.md", terms("Kayden")) == []


def test_pagefind_fragment_is_read_decompressed() -> None:
    """A gzip Pagefind fragment yields its page text, HTML-decoded."""
    body = json.dumps({"url": "/x/", "content": "Lived at LS1 4AP.", "meta": {"title": "T"}})
    data = gzip.compress(written_text.PAGEFIND_SIGNATURE + body.encode())
    assert written_text.text_of(".pf_fragment", data).splitlines() == [
        "url", "/x/", "content", "Lived at LS1 4AP.", "meta", "title", "T"]


def test_json_escapes_and_feed_html_are_decoded() -> None:
    """\\u escapes in JSON and escaped HTML in a feed read as the words they spell."""
    assert written_text.text_of(".json", b'{"a": "Kay\\u0064en"}').splitlines() == [
        "a", "Kayden"]
    feed = (b"<feed><content type='html'>&lt;p&gt;Kay&lt;em&gt;den&lt;/em&gt;&lt;/p&gt;"
            b"</content></feed>")
    assert "Kayden" in written_text.text_of(".xml", feed).splitlines()


# ------------------------------------------------------------------- the property


PAIRS = [("**", "**"), ("*", "*"), ("`", "`"), ("<span>", "</span>"), ("<b>", "</b>")]
INVISIBLE = ["&shy;", "<!-- -->", "<span></span>"]


def split(value: str, rng: random.Random) -> str:
    """``value`` split as it would still render whole: a stretch of it wrapped in an inline
    element (emphasis, code, a span), empty markup and soft hyphens between characters, and
    characters written as numeric references."""
    start = rng.randrange(len(value))
    end = rng.randrange(start, len(value)) + 1
    while start < end and value[start] == " ":
        start += 1
    while end > start and value[end - 1] == " ":
        end -= 1
    opening, closing = rng.choice(PAIRS)
    out = []
    for index, char in enumerate(value):
        if index == start and start < end:
            out.append(opening)
        if index and rng.random() < 0.1 and not start <= index < end:
            out.append(rng.choice(INVISIBLE))
        code = start <= index < end and opening == "`"
        if char != " " and not code and rng.random() < 0.15:
            out.append(rng.choice([f"&#{ord(char)};", f"&#x{ord(char):x};"]))
        else:
            out.append(char)
        if index == end - 1 and start < end:
            out.append(closing)
    return "".join(out)


SPLIT_RULES = [rule for rule in redaction_corpus.PLANTERS if rule != "ID-EXACT-DATE"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SPLIT_RULES), st.integers(0, 2**32), st.integers(0, 2**32))
def test_corpus_identifier_survives_random_splitting(rule: str, seed: int, cut: int) -> None:
    """Any identifier of the labelled corpus, split at random by inline markup and character
    references, is found by its rule at the source and in the page Python-Markdown renders."""
    redaction_corpus.RNG.seed(seed)
    value = redaction_corpus.PLANTERS[rule]()
    if "/" in value or "*" in value or "_" in value:
        return  # file names and URLs (markup there is no longer prose), markers made of markup
    sentence = redaction_corpus.CONTEXTS[seed % len(redaction_corpus.CONTEXTS)]
    source = "Intro.\n\n" + sentence.format(split(value, random.Random(cut))) + "\n"
    protected = redaction_corpus.protected()
    in_source = {m.rule_id for m in scan_markdown(source, "report.md", protected)}
    page = markdown.markdown(source, extensions=SITE_EXTENSIONS)
    in_page = {m.rule_id for m in scan_html(page, "site/x.html", protected)}
    assert (rule in in_source, rule in in_page) == (True, True), (value, source)


def test_field_runs_read_a_yaml_value_as_the_page_shows_it() -> None:
    """A review.yml title with markup reads joined (its YAML escapes decoded by YAML)."""
    assert [r.text for r in markdown_text.field_runs("Kay**den**'s review")] == [
        "Kayden's review"]


def test_leak_reading_of_a_page_has_the_words_of_the_reader_text() -> None:
    """The fast reading the leak fingerprints tokenise holds every word of the page as read,
    inline elements joined (so 'Kay<em>den</em>' is one word there too)."""
    from generator.checks import leaks

    page = ('<head><title>A &amp; B</title><meta name="description" content="Kay&#100;en">'
            '</head><body><p>LS1 <strong>4AP</strong> and Kay<em>den</em></p><!--> '
            '<p>after</p><li>x&shy;y</li><img alt="the alt text"><script>var a="said so";'
            '</script></body>')
    fast = leaks.tokens(html_text.words_text(page))
    assert set(leaks.tokens(html_text.reader_text(page))) <= set(fast)
    assert b"kayden" in fast and b"xy" in fast


def test_a_number_across_a_paragraphs_line_break_is_found_at_its_first_line() -> None:
    """A paragraph's line break reads as a space: a phone number or postcode wrapped across two
    source lines is found at its first line; a number in a table cell next to another is not
    run together (near miss)."""
    text = ("# T\n\nRing 07700\n900123 today.\n\nAt LS1\n4AP now.\n\n| a | b |\n|---|---|\n"
            "| 07700 | 900124 |\n")
    assert [(m.rule_id, m.line, m.column) for m in scan_markdown(text, "x.md", None)] == [
        ("ID-PHONE", 3, 6), ("ID-POSTCODE", 6, 4)]


def test_a_written_page_reads_a_line_break_in_a_paragraph_as_a_space() -> None:
    """The written page shows a space where its HTML breaks a line: a phone number wrapped in a
    paragraph is found in site/ too, at its first line."""
    page = "<html><body><p>Ring 07700\n900123 x</p>\n<p>07700</p><p>900124</p></body></html>"
    assert [(m.rule_id, m.line, m.column) for m in scan_html(page, "x.html", None)] == [
        ("ID-PHONE", 1, 21)]


_MARKUP_PIECES = [*"ab 07\n\n\t>*_`[]()<!-->&{#}\\~=^+é.", "\u200b", "```\n", "~~~\n", "<b>",
                  "</p>", "&#52;", "java\tscript:", "DaTa :", "&amp;", "01632 960\n123"]


def _reference_changed_runs(text: str) -> list[tuple[str, list[tuple[int, int, bool]]]]:
    """changed_runs as its docstring states it, over every run of the text."""
    found = []
    for run in markdown_text.runs(text):
        if reader_text.DIGIT_BREAK_RE.search(run.text):
            run = markdown_text.breaks_as_spaces(run)
        elif markdown_text._verbatim(run, text):
            continue
        found.append((run.text, run.pieces))
    return found


def test_changed_runs_skipping_plain_blocks_finds_every_run_taking_each_apart_finds() -> None:
    """The shortcut for blocks with no markup character gives exactly the runs of reading
    every block, on random mixtures of markup, entities, invisible characters and digits."""
    rng = random.Random(20)
    for _ in range(3000):
        text = "".join(rng.choice(_MARKUP_PIECES) for _ in range(rng.randint(0, 40)))
        assert [(run.text, run.pieces) for run in markdown_text.changed_runs(text)] == \
            _reference_changed_runs(text), text


@given(st.text(alphabet=st.sampled_from([*"a1 \t\n\r.", "\u00a0", "\u0663", "\u2028", "\x0b"]),
               max_size=16))
@settings(max_examples=3000)
def test_has_digit_break_answers_as_the_full_pattern_on_any_text(text: str) -> None:
    """The fast reading of a line break beside a digit (started at the break) agrees with
    ``DIGIT_BREAK_RE`` on blanks, other spaces, non-ASCII digits and breaks in any order."""
    assert reader_text.has_digit_break(text) == \
        (reader_text.DIGIT_BREAK_RE.search(text) is not None)
