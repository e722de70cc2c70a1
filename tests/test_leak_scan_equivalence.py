"""The fast post-build leak scan finds exactly what the plain set-of-shingles scan found."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks import leaks
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
        public_text = " " + " ".join(" ".join(ref_words(t)) for t in public) + " "
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
