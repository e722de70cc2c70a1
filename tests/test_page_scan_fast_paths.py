"""The fast paths of the scan of written pages find exactly what the full paths find.

The page-scan workers read each page once without positions (``html_text.texts``), screen it
for error-level matches before working out positions (``documents.scan_html(errors_only)``),
and read only the ends of public paragraphs copied verbatim for the leak fingerprints
(``leaks.page_verdict``). Each is checked here against the path it stands in for.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.redaction_classes import PROTECTED_TERMS, labelled
from generator.checks import documents, html_text, leaks
from generator.redaction.protected import Protected
from generator.rules import rule_of

PIECES = ["<p>", "</p>", "<b>", "</b>", "<a href='x&amp;y%41'>", "</a>", "<!--", "-->", "<!-->",
          "<!--->", "<script>", "</script>", "'str'", '"dq"', "<style>", "<title>", "</title>",
          "<textarea>", "<xmp>", "</xmp>", "&#52;", "&nbsp;", "&shy;", "\u200b", "LS1 ", "4AP",
          "Kay", "den", " ", "\n", "<br>", "<img alt='Zoe'>", '<div data-x="a>b">', "</div>",
          "<script type='application/json'>", '{"k": "v"}', "&amp", "<", ">", "'", '"',
          "<?x?>", "<!DOCTYPE html>", "</ >", "<meta content='07700 900123'>", "\u00e9",
          "\ufeff", "<input value=a>", "<li>", "<td>", "<span aria-label='x'>", "&lt;b&gt;",
          "&#x200b;"]


def reference_texts(page: str) -> list[tuple[str, bool]]:
    return [(run.text, run.where != "") for run in html_text.runs(page) if run.text.strip()]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fast_reading_equals_the_reading_with_positions(page: str) -> None:
    """``texts`` reads the same texts, flagged the same, in the same order as ``runs``."""
    assert html_text.texts(page) == reference_texts(page)
    assert html_text.texts(page) == reference_texts(page)  # again, from remembered tags


def test_fast_reading_of_a_whole_page_equals_the_reading_with_positions() -> None:
    """A page with a head, navigation, a table, a form, scripts and comments reads the same."""
    page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Child T &amp; '
            'review</title><meta name="description" content="LS1&#32;4AP"><script>var s = '
            '"Kay" + \'den\';</script><script type="application/ld+json">{"name": "Zo\u00eb '
            'Marsh"}</script><style>.a::after{content:"07700 900123"}</style></head><body>'
            '<nav aria-label="Site"><ul><li><a href="/reviews/">Reviews</a></li></ul></nav>'
            '<main><h1 id="t">Review of <em>Child</em> T</h1><p>Seen at 12 <b>Acacia</b> '
            'Avenue<!-- old note: 07700 900456 --> in June.</p><table><tr><th>Agency</th>'
            '<td>Health&nbsp;visiting</td></tr></table><form action="/search/"><input '
            'name="q" placeholder="Search"></form><xmp><b>Jane</b> Ashworth</xmp>'
            '<textarea>QQ 12 34 56 A</textarea></main></body></html>')
    assert html_text.texts(page) == reference_texts(page)


def test_a_name_in_an_xmp_element_is_read_as_the_text_it_shows() -> None:
    """``<xmp>`` shows its body as written (tags and all), so its words are read as text, not
    only its quoted strings as in a script."""
    page = "<p>before</p><xmp>Kyle <b>Ashworth</b> &amp; sister</xmp>"
    assert html_text.texts(page) == [("before", False), ("Kyle <b>Ashworth</b> &amp; sister",
                                                          False)]


def protected() -> Protected:
    terms = Protected(b"test key")
    for term in PROTECTED_TERMS:
        terms.add_term(term)
    return terms


WRAPPERS = [
    "<!doctype html><html><head><title>Review</title></head><body><nav><a href='/'>Home</a>"
    "</nav><main><p>{}</p></main></body></html>",
    "<p>Intro.</p><ul><li>{}</li></ul>",
    "<p>See <img alt='{}' src='a.png'> here.</p>",
    "<p>Note<!-- {} --></p>",
    "<table><tr><td>{}</td></tr></table>",
]


def test_error_screen_finds_every_labelled_example_the_full_scan_finds() -> None:
    """On every labelled example of the redaction corpus, in the body, an attribute, a
    comment and a table, the screened scan returns exactly the full scan's matches when the
    full scan has an error, and nothing only when it has none."""
    terms = protected()
    checked = 0
    for _, _, text, _ in labelled(random.Random(3)):
        for wrapper in WRAPPERS:
            page = wrapper.format(text.replace("'", "&#39;"))
            full = documents.scan_html(page, "site/p.html", terms)
            fast = documents.scan_html(page, "site/p.html", terms, errors_only=True)
            errors = [m for m in full if rule_of(m.rule_id).severity == "error"]
            assert fast == (full if errors else []), page
            checked += bool(errors)
    assert checked > 500


def test_error_screen_skips_runs_checked_in_a_source_as_the_full_scan_does() -> None:
    """A paragraph copied verbatim from a checked source is skipped by both paths alike; the
    same words in an attribute are still scanned."""
    page = "<p>Mother's mobile is 07700 900123.</p><img alt=\"Mother's mobile is 07700 900123.\">"
    checked = frozenset({documents.run_key("Mother's mobile is 07700 900123.")})
    with documents.checked_sources(checked):
        full = documents.scan_html(page, "site/p.html", None)
        fast = documents.scan_html(page, "site/p.html", None, errors_only=True)
    assert [(m.rule_id, m.where) for m in full] == [("ID-PHONE", "in the alt attribute of <img>")]
    assert fast == full


VOCABULARY = ["alder", "birch", "cedar", "damson", "elder", "fir", "gorse", "hazel"]
words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map(" ".join)


@st.composite
def leak_cases(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], str]:
    """Public paragraphs long enough to be read by their ends, secret texts and short fields
    that share words with them (some across a paragraph's end), and a page mixing them."""
    rng = random.Random(draw(st.integers(0, 10_000)))
    public = [" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(60, 120)))
              for _ in range(draw(st.integers(1, 3)))]
    secret, short = [], []
    for _ in range(draw(st.integers(1, 3))):
        source = rng.choice(public).split()
        cut = rng.randint(1, 12)
        edge = source[-cut:] if rng.random() < 0.5 else source[:cut]
        extra = draw(words).split()
        secret.append(" ".join(edge + extra if rng.random() < 0.5 else extra + edge))
    for _ in range(draw(st.integers(0, 2))):
        short.append(" ".join(rng.choice(public).split()[-rng.randint(1, 3):]) + " "
                     + draw(words))
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = rng.random()
        if kind < 0.5:
            blocks.append(f"<p>{rng.choice(public)}</p>")
        elif kind < 0.7:
            blocks.append(f"<p>{rng.choice(secret)}</p>")
        elif kind < 0.85:
            blocks.append(f"<li>{draw(words)}</li>")
        else:
            blocks.append(f"<p><b>{rng.choice(public)}</b> {draw(words)}</p>")
    return public, secret, short, "<main>" + "\n".join(blocks) + "</main>"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(leak_cases())
def test_leak_verdict_reading_public_paragraphs_by_their_ends_equals_the_full_verdict(
        case: tuple[list[str], list[str], list[str], str]) -> None:
    """Reading a verbatim public paragraph by its ends gives the verdict of reading every
    word, matches across its ends included."""
    public, secret, short, page = case
    prints = leaks.Fingerprints(secret, short, public)
    prints.verbatim = frozenset(documents.run_key(run) for text in public
                                for run in documents.verbatim_runs(text))
    reading = html_text.texts(page)
    assert leaks.page_verdict(prints, page, reading) == prints.found_in(
        html_text.words_text(page))


def test_a_secret_run_across_a_public_paragraphs_end_is_found_by_the_fast_verdict() -> None:
    """Eight words that start in a public paragraph and end in the next block are found, though
    the paragraph's middle is not read."""
    public = " ".join(VOCABULARY * 10)
    secret = "fir gorse hazel and then the flat was cold"
    prints = leaks.Fingerprints([secret], [], [public])
    prints.verbatim = frozenset({documents.run_key(public)})
    page = f"<p>{public}</p><p>and then the flat was cold</p>"
    assert leaks.page_verdict(prints, page, html_text.texts(page)) is True
    page = f"<p>{public}</p><p>and so the flat was cold</p>"
    assert leaks.page_verdict(prints, page, html_text.texts(page)) is False
