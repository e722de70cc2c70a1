"""The fast post-build leak scan finds exactly what the plain set-of-shingles scan found."""

from __future__ import annotations

import html
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.checks import documents, html_text, leaks
from generator.checks.written_text import normalised

WORD_RE = re.compile(r"[a-z0-9]+")


def ref_words(text: str) -> list[str]:
    """The words of a text as read: references decoded, compatibility forms folded,
    invisible characters dropped."""
    return WORD_RE.findall(normalised(html.unescape(text)).lower())


def ref_shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + 8]) for i in range(max(0, len(tokens) - 8 + 1))}


class Reference:
    """The scan as first written: every public shingle in one set, phrases in joined text."""

    def __init__(self, secret: list[str], short: list[str], public: list[str]) -> None:
        allowed: set[tuple[str, ...]] = set()
        for text in public:
            allowed |= ref_shingles(ref_words(text))
        self.runs: set[tuple[str, ...]] = set()
        for text in secret:
            self.runs |= ref_shingles(ref_words(text)) - allowed
        public_text = " " + " ".join(word for t in public for word in ref_words(t)) + " "
        self.phrases = {
            " ".join(tokens) for tokens in (ref_words(t) for t in short)
            if len(tokens) >= 3 and f" {' '.join(tokens)} " not in public_text
        }

    def found_in(self, text: str) -> bool:
        tokens = ref_words(text)
        if self.runs and not self.runs.isdisjoint(ref_shingles(tokens)):
            return True
        joined = " " + " ".join(tokens) + " "
        return any(f" {phrase} " in joined for phrase in self.phrases)


WORDS = ["a", "b", "c", "d", "Child", "T", "&amp;", "<p>", "é", "İ", "1", "2", "-", ".", "\n"]
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(["a", "B", "a<br>"]), max_size=24).map(" ".join),
)
"""Rich texts for tokenising; texts of two words, which share runs of eight often."""


@settings(max_examples=300, deadline=None)
@example(secret=[], short=["a a<br>"], public=["a", "", "a<br>"], files=[""])  # an empty text
@given(secret=st.lists(texts, max_size=3), short=st.lists(texts, max_size=3),
       public=st.lists(texts, max_size=4), files=st.lists(texts, min_size=1, max_size=4))
def test_fast_scan_agrees_with_reference(
    secret: list[str], short: list[str], public: list[str], files: list[str]
) -> None:
    """Same fingerprints and the same verdict on every file, for any texts."""
    fast, slow = leaks.Fingerprints(secret, short, public), Reference(secret, short, public)
    assert {tuple(t.decode() for t in run) for run in fast.runs} == slow.runs
    assert {p.decode() for p in fast.phrases} == slow.phrases
    assert bool(fast) == bool(slow.runs or slow.phrases)
    expected = [slow.found_in(f) for f in files]
    assert [fast.found_in(f) for f in files] == expected
    part, leaks.PART = leaks.PART, 3  # long files are read in parts: the same verdicts
    try:
        assert [fast.found_in(f) for f in files] == expected
    finally:
        leaks.PART = part


def test_phrase_across_two_public_texts_is_public() -> None:
    """A short field split across the end of one public text and the next is not secret."""
    prints = leaks.Fingerprints([], ["one two three four"], ["x one", "two", "three four y"])
    assert not prints


def test_run_shared_with_public_text_is_not_secret() -> None:
    """Eight words a public text also has are allowed; a file with only those is no leak."""
    shared = "one two three four five six seven eight"
    prints = leaks.Fingerprints([f"{shared} nine"], [], [f"zero {shared}"])
    assert (prints.found_in(f"x {shared} y"), prints.found_in(f"{shared} nine")) == (False, True)


@settings(max_examples=500, deadline=None)
@given(st.text() | st.lists(st.sampled_from(["&#304;", "İ", "K", "&amp;", "Ab", " ", "é"]))
       .map("".join))
def test_byte_tokens_are_the_words(text: str) -> None:
    """Tokens made by the byte table are exactly the words of the regular expression."""
    assert [t.decode() for t in leaks.tokens(text)] == ref_words(text)


def test_every_character_lowering_to_ascii_is_known() -> None:
    """No other character's lower case holds an ASCII letter or digit."""
    wanted = set("abcdefghijklmnopqrstuvwxyz0123456789")
    found = tuple(c for c in map(chr, range(128, 0x110000)) if wanted & set(c.lower()))
    assert found == leaks.LOWER_TO_ASCII


TREES = ["alder", "birch", "cedar", "damson", "elder", "fir", "gorse", "hazel", "ivy"]


@st.composite
def pages_with_secrets(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], str]:
    """Public paragraphs long enough to be read by their ends and copied verbatim; secret
    texts, some made of a paragraph's last or first words and new ones, so a run crosses the
    paragraph's edge on the page; short secret fields; and a page that may open or close with
    a secret run, with no tag before or after it."""
    tree = st.sampled_from(TREES)
    public = [" ".join(draw(st.lists(tree, min_size=70, max_size=110)))
              for _ in range(draw(st.integers(1, 3)))]
    secret: list[str] = []
    pairs: list[list[str]] = []  # a paragraph and the new words of a secret beside it
    for _ in range(draw(st.integers(0, 3))):
        paragraph = draw(st.sampled_from(public))
        edge = paragraph.split()
        cut = draw(st.sampled_from([0, 1, 5, 6, 7, 7, 8, 9]))  # words from the paragraph
        size = draw(st.sampled_from([1, 1, 2, 4, 7]))  # too few for a run of its own
        extra = " ".join(draw(st.lists(tree, min_size=size, max_size=size)))
        after = draw(st.booleans())
        secret.append(" ".join([*edge[-cut:], extra] if after else [extra, *edge[:cut]])
                      if cut else extra)
        pairs.append([paragraph, extra] if after else [extra, paragraph])
    short = [" ".join(draw(st.lists(tree, min_size=1, max_size=5)))
             for _ in range(draw(st.integers(0, 3)))]
    pieces = [[text] for text in [*public, *secret, *short,
                                  *(" ".join(draw(st.lists(tree, max_size=9))) for _ in "ab")]]
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        for text in draw(st.sampled_from(pieces + pairs * 3)):
            blocks.append(draw(st.sampled_from(
                ["{}", "<p>{}</p>", "<li>{}</li>", "<p><b>{}</b></p>", "<img alt='{}'>",
                 "<script>x='{}'</script>"])).format(text))
    return public, secret, short, "\n".join(blocks)


@settings(max_examples=600, deadline=None)
@given(pages_with_secrets())
def test_compact_fingerprints_give_the_reference_verdict_on_pages(
        case: tuple[list[str], list[str], list[str], str]) -> None:
    """Every way of reading a written page (page_verdict reading verbatim paragraphs by their
    ends, found_in, found_in_tokens, verdict) gives the verdict of the plain set of shingles."""
    public, secret, short, page = case
    reference = Reference(secret, short, public)
    prints = leaks.Fingerprints(secret, short, public)
    prints.verbatim = frozenset(documents.run_key(run) for text in public
                                for run in documents.verbatim_runs(text))
    expected = reference.found_in(html_text.words_text(page))
    assert leaks.page_verdict(prints, page, html_text.texts(page)) == expected
    assert prints.found_in(html_text.words_text(page)) == expected
    assert prints.found_in_tokens(leaks.tokens(html_text.words_text(page))) == expected
    assert leaks.verdict(prints, ".html", page.encode()) == expected
    assert {tuple(t.decode() for t in run) for run in prints.runs} == reference.runs


def test_a_secret_run_crossing_a_verbatim_paragraphs_end_at_the_page_end_is_found() -> None:
    """Eight words made of a public paragraph's last five and three more that end the page
    are a leak, and the same paragraph without them is not."""
    public = " ".join(TREES * 9)
    secret = "elder fir gorse hazel ivy ash beech oak"
    prints = leaks.Fingerprints([secret], [], [public])
    prints.verbatim = frozenset({documents.run_key(public)})
    leaked, clean = f"<p>{public}</p>ash beech oak", f"<p>{public}</p>ash beech"
    assert [leaks.page_verdict(prints, page, html_text.texts(page))
            for page in (leaked, clean)] == [True, False]
