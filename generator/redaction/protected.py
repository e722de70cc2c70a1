"""Protected terms: keyed digests of a review's real names and places, and the matcher.

A review's real names and places are never stored in the repository: ``lif protect`` writes
only HMAC-SHA256 digests keyed by ``LIF_PROTECT_KEY`` (a CI secret) into ``protected.hmac``,
and the check hashes every word of the public text with the same key to compare. Without the
key nothing can be compared; that is an error in CI and a warning on an author's machine.

Everything found is reported with the matched text masked (``J*** A*****``): CI logs and SARIF
files can be public, and a finding must never become the leak it reports.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.models import Finding, Position
from generator.redaction.text import fold
from generator.rules import Rule, finding, register

register(
    Rule("PROTECTED-TERM", "error",
         "A protected name or place of a review (kept as a keyed digest in protected.hmac)."),
    Rule("PROTECT-KEY-MISSING", "error",
         "LIF_PROTECT_KEY is not set, so protected terms cannot be checked (warning outside CI)."),
    Rule("PROTECT-KEY-WRONG", "error",
         "LIF_PROTECT_KEY is not the key protected.hmac was written with."),
    Rule("PROTECT-FILE-INVALID", "error",
         "A protected-names file (protected.hmac, or a terms file for lif protect or lif scan) "
         "is not UTF-8 text, or protected.hmac has a line that is not a digest (plain-text "
         "terms must never be stored)."),
)

KEY_VARIABLE = "LIF_PROTECT_KEY"
CHECK_LABEL = b"lif protected terms key check"
HEADER = ("# lif protected terms (fold 1): HMAC-SHA256 digests keyed by LIF_PROTECT_KEY, one a "
          "line.\n"
          "# Never write a term here in plain text: add terms with 'lif protect SLUG'.\n")
DIGEST_RE = re.compile(r"^(?:(check|start|words) )?([0-9a-f]{64}|\d{1,2})$")
FOLD_MARK = "(fold 1)"
"""In the header of a store whose terms were folded (accents, look-alikes) before hashing. A
store without it may hold digests of accented terms as typed, so the text is also matched
unfolded (see Protected.legacy). It is in the header comment so that line numbers of findings in
a store stay as they were."""
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*['’]?")
GENERIC_WORDS = frozenset({
    "the", "of", "and", "a", "an", "in", "on", "at", "to", "for", "st", "saint", "street",
    "road", "lane", "avenue", "close", "drive", "way", "crescent", "court", "gardens", "grove",
    "place", "terrace", "walk", "hill", "mews", "row", "square", "parade", "view", "rise",
    "vale", "green", "park", "house", "flat", "flats", "farm", "school", "primary", "secondary",
    "junior", "infant", "infants", "nursery", "academy", "college", "university", "hospital",
    "ward", "surgery", "practice", "medical", "centre", "center", "clinic", "church", "estate",
    "north", "south", "east", "west", "upper", "lower", "new", "old", "great", "little", "city",
    "town", "village", "county", "council", "mr", "mrs", "ms", "miss", "dr", "children",
    "child", "family", "families", "young", "people", "youth", "community", "services",
    "service", "team", "unit", "home", "homes", "care", "health", "social", "club", "group",
    "high", "middle", "first", "free", "grammar", "catholic", "methodist", "baptist", "trust",
    "foundation", "project", "mill", "station", "bridge", "market", "royal", "general", "kings",
    "queens", "saints", "all", "our", "lady", "holy"
})
"""Words of a multi-word term that are not stored alone: flagging every 'school' or 'road'
would bury the real findings. The whole term is still stored and matched."""


def normal_word(word: str, folded: bool = True) -> str:
    """Case-folded, accents and look-alikes folded (unless ``folded`` is False: old stores),
    curly apostrophe straightened, possessive ('s, s') removed.

    An ASCII word is only case-folded, so digests of ASCII terms are the same as before folding
    existed."""
    if word.isascii() and "&" not in word:
        word = word.casefold()  # what fold gives an ASCII word without entities, at once
    else:
        word = (fold(word) if folded else word.casefold()).replace("’", "'")
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


def term_words(term: str) -> list[str]:
    return [normal_word(w) for w in WORD_RE.findall(fold(term))]


def variants(word: str) -> tuple[str, ...]:
    """A word and the singular it may be a plural of ('ashworths' -> 'ashworth')."""
    if len(word) > 3 and word.endswith("s"):
        if word.endswith("es") and len(word) > 4:
            return word, word[:-1], word[:-2]
        return word, word[:-1]
    return (word,)


class Protected:
    """A set of keyed digests of protected terms, and the matcher over text."""

    def __init__(self, key: bytes, digests: Iterable[str] = (), starts: Iterable[str] = (),
                 max_words: int = 1, legacy: bool = False) -> None:
        self._key = key
        self._mac = hmac.new(key, digestmod="sha256")  # by name: its copy() is twice as fast
        self.digests = set(digests)
        self.starts = set(starts)
        self.max_words = max_words
        self.legacy = legacy
        """Read from a store written before folding: digests of accented terms as typed."""
        self._cache: dict[str, str] = {}
        self._tokens: dict[tuple[str, bool], tuple[str, bool, bool]] = {}
        self._misses: set[str] = set()
        self._cold: set[str] = set()
        """Whitespace-separated tokens (lower case) holding no protected word at all."""
        """Raw words known to be neither a protected word nor a term's first (folded form):
        a set difference in C skips them, so only new words are hashed."""

    def __reduce__(self) -> tuple[type[Protected], tuple[bytes, set[str], set[str], int, bool]]:
        """Sent to a scanning worker process as key and digests (an HMAC object cannot be)."""
        return (Protected, (self._key, self.digests, self.starts, self.max_words, self.legacy))

    def digest(self, text: str) -> str:
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) > 500_000:  # a long 'lif serve' session: start again
                self._cache.clear()
            mac = self._mac.copy()
            mac.update(text.encode("utf-8"))
            cached = self._cache[text] = mac.hexdigest()
        return cached

    def add_term(self, term: str) -> None:
        """Store a term: the whole term, the first word's start mark, and each specific word."""
        words = term_words(term)
        self._tokens.clear()
        self._misses.clear()
        self._cold.clear()
        if not words:
            return
        self.digests.add(self.digest(" ".join(words)))
        if len(words) > 1:
            self.starts.add(self.digest("^" + words[0]))
            self.max_words = max(self.max_words, len(words))
            for word in words:
                if word not in GENERIC_WORDS and len(word) > 1:
                    self.digests.add(self.digest(word))

    def fingerprint(self) -> str:
        """Identifies this set of digests and its key (for caching scans of unchanged files)."""
        mac = self._mac.copy()
        mac.update("\n".join([*sorted(self.digests), *sorted(self.starts)]).encode())
        return mac.hexdigest()

    def merge(self, other: Protected) -> None:
        self._tokens.clear()
        self._misses.clear()
        self._cold.clear()
        self.digests |= other.digests
        self.starts |= other.starts
        self.max_words = max(self.max_words, other.max_words)
        self.legacy = self.legacy or other.legacy

    def _hits(self, raw: str, folded: bool = True) -> tuple[str, bool, bool]:
        """A raw token's normal form, whether it (or its singular) is a protected word, whether
        a term starts with it."""
        cached = self._tokens.get((raw, folded))
        if cached is None:
            if len(self._tokens) > 500_000:
                self._tokens.clear()
            word = normal_word(raw, folded)
            forms = variants(word)
            starts = self.max_words > 1 and any(
                self.digest("^" + form) in self.starts for form in forms)
            hit = any(self.digest(form) in self.digests for form in forms)
            cached = self._tokens[(raw, folded)] = (word, hit, starts)
        return cached

    def _add_misses(self, raws: Iterable[str]) -> None:
        """Remember words (as found in the folded reading) that are not protected words nor a
        term's first, within a bound (a long 'lif serve' session starts again)."""
        if len(self._misses) > 500_000:
            self._misses.clear()
        self._misses.update(raws)

    def find(self, text: str, folded: bool = True,
             lowered: str | None = None) -> list[tuple[int, int]]:
        """Spans of protected terms in text (case-insensitive, possessives, plurals, inside
        file names). ``text`` is the reader's text (normalised); ``folded=False`` matches the
        input as typed, for digests of accented terms in a store written before folding.
        ``lowered`` is ``text.lower()`` when the caller has it already.

        Distinct words are hashed once; only a text holding a protected word or the first word
        of a protected term is walked word by word.
        """
        if not self.digests:
            return []
        if folded:
            split = (text.lower() if lowered is None else lowered).split()
            if self._cold.issuperset(split):
                return []  # every word known cold: no set of the text's words to build
            tokens = set(split) - self._cold
            # the new tokens' words, found by one pass over the tokens joined (no word holds a
            # space), less the words known to be misses: each new word is looked up once,
            # without a pattern call and a generator for every token
            raws = set(WORD_RE.findall(" ".join(tokens))) - self._misses
            hot = {raw for raw in raws if any(self._hits(raw)[1:])}
            self._add_misses(raws - hot if hot else raws)
            if len(self._cold) < 500_000:
                self._cold.update(tokens if not hot else (
                    t for t in tokens if hot.isdisjoint(WORD_RE.findall(t))))
            if not hot:
                return []
        words = set(WORD_RE.findall(text))
        if folded:
            words -= self._misses
        wanted = set()
        for raw in words:
            if any(self._hits(raw, folded)[1:]):
                wanted.add(raw)
            elif folded:
                self._add_misses((raw,))
        if not wanted:
            return []
        spans: list[tuple[int, int]] = []
        done = 0
        for match in WORD_RE.finditer(text):
            raw = match.group()
            if raw not in wanted or match.start() < done:
                continue
            word, hit, starts = self._hits(raw, folded)
            end = match.end() if hit else -1
            if starts:
                following = [word]
                for other in WORD_RE.finditer(text, match.end()):
                    if len(following) == self.max_words:
                        break
                    following.append(self._hits(other.group(), folded)[0])
                    if self.digest(" ".join(following)) in self.digests:
                        end = other.end()
            if end >= 0:
                spans.append((match.start(), end))
                done = end
        return spans


def key_from_environment() -> bytes | None:
    value = os.environ.get(KEY_VARIABLE, "")
    return value.encode("utf-8") if value else None


def key_check(key: bytes) -> str:
    return hmac.new(key, CHECK_LABEL, hashlib.sha256).hexdigest()


def write_store(path: Path, protected: Protected, key: bytes) -> None:
    """Write only digests, sorted so the file says nothing about the order of terms."""
    header = HEADER if not protected.legacy else HEADER.replace(f" {FOLD_MARK}", "")
    lines = [header, f"check {key_check(key)}\n", f"words {protected.max_words}\n"]
    lines += [f"start {d}\n" for d in sorted(protected.starts)]
    lines += [f"{d}\n" for d in sorted(protected.digests)]
    path.write_text("".join(lines), encoding="utf-8")


def file_lines(path: Path, display: str, hint: str) -> tuple[list[tuple[int, str]], list[Finding]]:
    """The numbered lines of a protected-names file, and a PROTECT-FILE-INVALID finding for the
    file if it cannot be read and for each line that is not UTF-8 (at its first bad character).

    Decoded line by line, so one bad byte neither crashes the check nor hides the other lines'
    problems; a bad line is never shown, as it may be a name."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [finding("PROTECT-FILE-INVALID", display, Position(),
                            f"cannot be read ({exc.strerror or type(exc).__name__}).", hint)]
    lines: list[tuple[int, str]] = []
    findings: list[Finding] = []
    for number, raw in enumerate(data.splitlines(), 1):
        try:
            lines.append((number, raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            column = len(raw[:exc.start].decode("utf-8")) + 1
            findings.append(finding(
                "PROTECT-FILE-INVALID", display, Position(number, column),
                "this line is not UTF-8 text, so it cannot be checked.", hint))
    return lines, findings


def read_store(path: Path, key: bytes, display: str) -> tuple[Protected, list[Finding]]:
    """Digests from a protected.hmac file; a line that is not a digest is an error (unshown)."""
    protected = Protected(key, legacy=True)
    hint = "Delete the line at once and add the term with 'lif protect SLUG'."
    lines, findings = file_lines(path, display, hint)
    check = ""
    for number, line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            if FOLD_MARK in line:
                protected.legacy = False
            continue
        match = DIGEST_RE.match(line)
        if match is None:
            findings.append(finding(
                "PROTECT-FILE-INVALID", display, Position(number, 1),
                "this line is not a digest, so it may be a protected term in plain text.",
                hint))
            continue
        kind, value = match.groups()
        if kind == "check":
            check = value
        elif kind == "words":
            protected.max_words = max(protected.max_words, int(value))
        elif kind == "start":
            protected.starts.add(value)
        elif not value.isdigit():
            protected.digests.add(value)
    if check and not hmac.compare_digest(check, key_check(key)):
        findings.append(finding(
            "PROTECT-KEY-WRONG", display, Position(),
            f"{KEY_VARIABLE} is not the key these digests were written with, so protected "
            "terms cannot be checked.",
            "Use the partnership's key (the CI secret), or re-create the file with "
            "'lif protect SLUG'."))
    return protected, findings


def missing_key_finding(display: str) -> Finding:
    in_ci = os.environ.get("CI", "").lower() == "true"
    return finding(
        "PROTECT-KEY-MISSING", display, Position(),
        f"{KEY_VARIABLE} is not set, so this review's protected names and places cannot be "
        "checked.",
        f"Set {KEY_VARIABLE} (in CI, as a secret) to the partnership's key.",
        severity="error" if in_ci else "warning")


