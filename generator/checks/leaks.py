"""The safety net after the build: no text of anything not public may be in the written site.

Pages are only generated for public items, so this should never fire; it exists because a
template bug, a search index or a feed could still carry embargoed text. Every run of eight
words of non-public text is fingerprinted (less any run that also occurs in public sources,
which may legitimately share boilerplate), along with short fields such as titles, and every
file written under ``site/`` is searched for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from generator.checks import documents, written_text
from generator.checks.documents import display_of, file_digest
from generator.checks.written_text import normalised
from generator.models import Finding, Position, State
from generator.rules import finding
from generator.site import Site
from generator.workers import map_batches

SHINGLE = 8
WORD_RE = re.compile(r"[a-z0-9]+")
TAG_RE = re.compile(r"<[^>]*>")
NOT_TEXT_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tif", ".tiff",
                     ".avif", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".wasm", ".pagefind",
                     ".zip"}
"""Kinds that hold no text of ours: images and fonts (read by the redaction scan), and
Pagefind's WebAssembly. Its index and fragments, and every PDF, are read here."""


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_SEPARATE = bytes(
    c if c in _WORD_BYTES else c + 32 if 65 <= c <= 90 else 0x20 for c in range(256))
"""Upper-case ASCII letters become lower-case, every other byte that is not an ASCII letter
or digit (UTF-8 multi-byte sequences too) a space."""
LOWER_TO_ASCII = ("\u0130", "\u212a")
"""The only characters outside ASCII whose lower case holds an ASCII letter or digit (dotted
capital I, Kelvin sign): text with one is lower-cased by ``str.lower`` first."""

Token = bytes
Run = tuple[Token, ...]


def words(text: str) -> list[str]:
    return WORD_RE.findall(normalised(html.unescape(text)).lower())


def tokens(text: str) -> list[Token]:
    """``words`` as bytes, by a byte translation table: the same words, three times faster.
    Full-width letters and invisible characters are normalised first, in secret and written
    text alike, so ``Ｋayden`` or a zero-width space inside a word hides nothing."""
    text = normalised(html.unescape(text))
    if any(char in text for char in LOWER_TO_ASCII):
        text = text.lower()
    return text.encode("utf-8", "surrogatepass").translate(_SEPARATE).split()


def shingles(tokens: list[Token]) -> set[Run]:
    return set(_runs(tokens, SHINGLE))


def _runs(tokens: list[Token], length: int) -> Iterator[Run]:
    """Every run of ``length`` consecutive tokens, made by zip in C rather than a Python loop
    (over iterators, not slices, so a file's tokens are never copied)."""
    return zip(*(itertools.islice(tokens, i, None) for i in range(length)), strict=False)


def _runs_hashed_in(found: list[Token], hashes: set[int]) -> Iterator[Run]:
    """The runs of eight words in ``found`` whose hash is in ``hashes`` (filtered in C)."""
    runs, again = itertools.tee(_runs(found, SHINGLE))
    return itertools.compress(runs, map(hashes.__contains__, map(hash, again)))


def _joined(tokens: list[Token]) -> bytes:
    return b" " + b" ".join(tokens) + b" "


class Fingerprints:
    """What must not appear: long runs of words, and short fields matched whole.

    Only the (few) non-public texts are fingerprinted, and a run is kept as its hash, not as
    its eight words: public texts and written files are streamed against the hashes with set
    operations that run in C, so time is linear in the text and memory small. A hash that
    matches is confirmed against the words themselves, so the verdicts are exact.
    """

    def __init__(self, secret: Iterable[str], short: Iterable[str], public: Iterable[str]) -> None:
        self._secret = list(secret)
        """The secret texts, read again only to confirm a hash that matched (never kept as
        tokens: a large site's unpublished texts are millions of words)."""
        self.verbatim: frozenset[documents.RunKey] = frozenset()
        """Public runs a page may copy verbatim (by ``documents.run_key``), which
        ``page_verdict`` reads only the ends of."""
        short, public = list(short), list(public)
        self.identity = _identity(self._secret, short, public)
        """A digest of what was fingerprinted (Python's hashes differ from run to run)."""
        self.hashes: set[int] = set()
        for text in self._secret:
            self.hashes.update(map(hash, _runs(tokens(text), SHINGLE)))
        self._exact: dict[int, set[Run]] = {}
        """Secret runs of the hashes matched so far (computed only for those hashes)."""
        self.phrases = {b" ".join(found) for found in map(tokens, short) if len(found) >= 3}
        shared, said = self._read_public(public)
        self._confirm(set(shared))
        for h, runs in shared.items():  # runs that public text also has are not secret
            self._exact[h] -= runs
        self.hashes -= {h for h in shared if not self._exact[h]}
        self._exact = {h: runs for h, runs in self._exact.items() if runs}
        self.phrases -= said  # a short field that also occurs in public text is not secret
        self.by_head = _by_head(self.phrases)
        self.heads = set(self.by_head)
        self._reach = max([SHINGLE - 1, *(p.count(b" ") for p in self.phrases)])

    def _read_public(self, public: Iterable[str]) -> tuple[dict[int, set[Run]], set[bytes]]:
        """(the runs of public text whose hash is a secret run's, by hash; the short fields
        public text holds), each text read once and let go: only its matching runs are kept.

        The public texts are read as one text for the short fields, as if joined: the last
        words of the texts before are carried into the next, as many as a field can reach
        back (a field of two-word texts spans several)."""
        shared: dict[int, set[Run]] = {}
        said: set[bytes] = set()
        by_head = _by_head(self.phrases)
        heads = set(by_head)
        back = max((p.count(b" ") for p in self.phrases), default=0)
        carry: list[Token] = []
        for text in public:
            found = tokens(text)
            if self.hashes:
                hashed = list(map(hash, _runs(found, SHINGLE)))
                hits = self.hashes.intersection(hashed)
                if hits:
                    for run in itertools.compress(_runs(found, SHINGLE),
                                                  map(hits.__contains__, hashed)):
                        shared.setdefault(hash(run), set()).add(run)
            if heads:
                window = carry + found if carry else found
                seen = heads.intersection(_runs(window, 3))
                if seen:
                    said.update(_phrases_in(_joined(window), by_head, seen))
                carry = window[-back:]
        return shared, said

    @property
    def runs(self) -> set[Run]:
        """Every secret run of words (for tests and reports; the scan uses the hashes)."""
        self._confirm(self.hashes)
        return {run for h in self.hashes for run in self._exact[h]}

    def _confirm(self, hashes: set[int]) -> None:
        """Find the secret runs behind ``hashes`` not looked up yet."""
        missing = hashes - self._exact.keys()
        if not missing:
            return
        for h in missing:
            self._exact[h] = set()
        for text in self._secret:
            for run in _runs_hashed_in(tokens(text), missing):
                self._exact[hash(run)].add(run)

    def _secret_runs_in(self, found: list[Token]) -> set[Run]:
        """The secret runs that occur in ``found``, exactly (hash hits are checked word by word)."""
        hits = self.hashes.intersection(map(hash, _runs(found, SHINGLE)))
        if not hits:
            return set()
        self._confirm(hits)
        return {run for run in _runs_hashed_in(found, hits) if run in self._exact[hash(run)]}

    def __bool__(self) -> bool:
        return bool(self.hashes or self.phrases)

    @property
    def reach(self) -> int:
        """How many words of a text either side of a point a match across it can take: a run
        of eight takes seven, a short field one fewer than its words."""
        return self._reach

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds a secret run or short field (long texts are read in parts)."""
        carry: list[Token] = []
        keep = self.reach
        for part in _parts(text):
            found = carry + tokens(part)
            if self.found_in_tokens(found):
                return True
            carry = found[-keep:]
        return False

    def found_in_tokens(self, found: list[Token]) -> bool:
        """Whether a text's ``tokens`` hold a secret run or short field (the hashes are read
        until the first that matches; only then are its words compared)."""
        if not self.hashes.isdisjoint(map(hash, _runs(found, SHINGLE))) and \
                self._secret_runs_in(found):
            return True
        if self.phrases:
            heads = self.heads.intersection(_runs(found, 3))
            if next(_phrases_in(_joined(found), self.by_head, heads), None) is not None:
                return True
        return False


def _identity(*groups: list[str]) -> str:
    digest = hashlib.sha256()
    for group in groups:
        for text in group:
            digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()


PART = 1 << 20
"""Characters of a written file tokenised at a time: the search index is the whole corpus."""


def _parts(text: str) -> Iterator[str]:
    """``text`` in parts of about ``PART`` characters, each cut at a space (words and
    character references never hold one, so tokens are the same as the whole text's)."""
    start = 0
    while start < len(text):
        end = text.find(" ", start + PART)
        if end == -1:
            end = len(text)
        yield text[start:end]
        start = end


def _by_head(phrases: Iterable[bytes]) -> dict[Run, list[bytes]]:
    """Short fields by their first three words: a cheap filter before a text search."""
    grouped: dict[Run, list[bytes]] = {}
    for phrase in sorted(phrases):
        grouped.setdefault(tuple(phrase.split(b" ", 3)[:3]), []).append(phrase)
    return grouped


def _phrases_in(
    joined: bytes, by_head: dict[Run, list[bytes]], heads: Iterable[Run]
) -> Iterator[bytes]:
    """The short fields that occur as whole words in ``joined`` (words, spaces around each).

    Only where a field's first three words occur is the whole field compared, so the text is
    searched once per distinct head, not once per field.
    """
    for head in heads:
        needle = b" " + b" ".join(head) + b" "
        wanted = {phrase: b" " + phrase + b" " for phrase in by_head[head]}
        at = joined.find(needle)
        while at != -1 and wanted:
            for phrase, whole in list(wanted.items()):
                if joined.startswith(whole, at):
                    del wanted[phrase]
                    yield phrase
            at = joined.find(needle, at + 1)


def template_texts() -> list[str]:
    """The literal text of lif's own page templates: shared wording, never a leak."""
    folder = Path(__file__).resolve().parent.parent / "templates"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.j2"))]


def fingerprints(site: Site, extra_public: Iterable[str] = (),
                 verbatim_among: frozenset[documents.RunKey] = frozenset()) -> Fingerprints:
    """Fingerprints of every review and briefing text that is not public on the build day.

    Hand-written content pages are deliberately not counted as public sources: text copied
    from an embargoed report into a content page is exactly the leak this looks for.
    ``verbatim_among``: runs of text a page may copy verbatim (``Fingerprints.verbatim``
    keeps those that a public text holds and that are long enough for ``page_verdict`` to
    read by their ends: a shorter run is read in full, whatever the set holds).
    """
    secret, short, public = _texts_by_visibility(site)
    prints = Fingerprints(secret, short, [*template_texts(), *extra_public, *public])
    if verbatim_among:  # only a run longer than both edges is ever looked up
        keys = (documents.run_key(run) for text in public
                for run in documents.verbatim_runs(text) if len(run) > 2 * EDGE)
        prints.verbatim = frozenset(key for key in keys if key in verbatim_among)
    return prints


def _texts_by_visibility(site: Site) -> tuple[list[str], list[str], list[str]]:
    """(secret texts, secret short fields, public texts) of the reviews and briefings."""
    secret: list[str] = []
    short: list[str] = []
    public: list[str] = []
    for slug, review in site.sources.reviews.items():
        status = site.statuses[slug]
        bodies = [s.body for s in (review.report, review.response) if s is not None]
        meta = review.meta
        described = [meta.summary, *meta.key_learning]
        if status.state is State.PUBLISHED:
            public += bodies + described + [meta.title]
        elif status.state is State.WITHDRAWN:
            secret += bodies
            public += [*described, meta.title]
        elif status.state is State.DELAYED or (
                status.state is State.WITHHELD and site.options.list_withheld):
            secret += bodies + described
            public.append(meta.title)
        else:
            secret += bodies + described
            short.append(meta.title)
    for briefing in site.sources.briefings.values():
        if site.is_public_briefing(briefing):
            public += [briefing.source.body, briefing.meta.title]
        else:
            secret.append(briefing.source.body)
            short.append(briefing.meta.title)
    return secret, short, public


SEPARATOR: Token = b"\0"
"""A token no text has (tokens are letters and digits): no run or field matches across it."""
EDGE = 200
"""Characters read at each end of a public run left out of ``page_verdict``."""


def page_verdict(prints: Fingerprints, text: str, reading: list[tuple[str, bool]]) -> bool:
    """``prints.found_in(html_text.words_text(text, reading))``, with less to read.

    Most of a page is paragraphs copied verbatim from a public review or briefing
    (``Fingerprints.verbatim``). Every run of eight words inside such a paragraph occurs in a
    public text, so none is secret, and neither is a short field inside it: only the words at
    its two ends can join the text around them in a match. Such a paragraph is read as its
    first and last ``reach`` words with a separator between them, which nothing matches
    across; everything else on the page is read in full, in the same order."""
    from generator.checks import html_text

    keep = prints.reach
    found: list[Token] = []
    pending: list[str] = []  # read together: the words of texts joined by a line break are
    for run, flagged in reading:  # the words of each text, one after the other
        edges = (_edges(run, keep) if not flagged and prints.verbatim
                 and len(run) > 2 * EDGE and documents.run_key(run) in prints.verbatim else None)
        if edges is None:
            pending.append(run)
            continue
        found += tokens("\n".join(pending))
        pending.clear()
        found += edges[0]
        found.append(SEPARATOR)
        found += edges[1]
    found += tokens("\n".join([*pending, *html_text.raw_bodies(text)]))
    return prints.found_in_tokens(found)


def _edges(run: str, keep: int) -> tuple[list[Token], list[Token]] | None:
    """The first and last ``keep`` words of a long run, read from its ends only (a word cut
    by the slice is never among them); None when its ends hold too few words."""
    head, tail = tokens(run[:EDGE]), tokens(run[-EDGE:])
    if len(head) < keep + 2 or len(tail) < keep + 2:
        return None
    return head[:keep], tail[-keep:]


def site_text(path: Path) -> str:
    """The text of one written file as its reader gets it (``written_text``)."""
    return text_of(path.suffix, path.read_bytes())


def text_of(suffix: str, data: bytes) -> str:
    """The text of a written file's bytes, as the leak scan reads it (raises
    ``written_text.Unreadable`` for a file that cannot be read in full)."""
    return written_text.text_of(suffix, data)


def verdict(prints: Fingerprints, suffix: str, data: bytes,
            own: Sequence[str] = ()) -> bool | None:
    """Whether a written file holds text that is not public; None when it cannot be read.

    ``own``: the fields of the one item a file is made for (the panel copy's review), each
    occurrence of which is cut out of the text before it is searched (``without_own``).

    A PDF found clean is remembered (as an empty file in ``documents.CLEAN_DIR`` named after
    the PDF's digest and the fingerprinted texts, holding no text): extracting its text costs
    more than making it, and the PDFs of one build are mostly those of the last."""
    marker = _clean_marker(prints, data) if suffix.lower() == ".pdf" and not own else None
    if marker is not None and marker.exists():
        return False
    try:
        leaked = prints.found_in(without_own(text_of(suffix, data), own))
    except written_text.Unreadable:
        return None
    if marker is not None and not leaked:
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    return leaked


OWN_CUT = " lifowntextcut "
"""What an own field is replaced with: a word no text holds, so no run of eight words goes
across it."""


def without_own(text: str, own: Sequence[str]) -> str:
    """``text`` with every occurrence of each ``own`` field (as words, in any case or
    spacing) replaced by a word that occurs nowhere else.

    A file made for one review puts that review's title and fields beside lif's own wording
    ("... safeguarding practice review" then "and the partnership's response"), and eight
    words across that join can also be in another review's unpublished text: a false leak
    that would refuse every panel copy of such a title. The field itself is public to this
    file's readers, and text from anywhere else is still found whole."""
    fields = sorted({" ".join(words(field)) for field in own if len(words(field)) >= 2},
                    key=len, reverse=True)
    if not fields:
        return text
    pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(
        r"[^a-z0-9]+".join(map(re.escape, field.split())) for field in fields)
        + r")(?![a-z0-9])", re.IGNORECASE)
    return pattern.sub(OWN_CUT, normalised(html.unescape(text)))


def _clean_marker(prints: Fingerprints, data: bytes) -> Path | None:
    if not documents.CLEAN_DIR:
        return None
    name = hashlib.sha256("\0".join((
        "leak", hashlib.sha256(data).hexdigest(), prints.identity,
        documents._scanner_version())).encode()).hexdigest()
    return documents.CLEAN_DIR[0] / name


_PRINTS: list[Fingerprints] = []
"""The fingerprints of this scan, for the forked workers to inherit rather than be sent (the
hash set of a large site's unpublished texts is big, and Python's hashes are only the same in
a forked process)."""


def scan_site(site: Site, site_dir: Path, extra_public: Iterable[str] = (),
              workers: int | None = None, done: Mapping[str, tuple[str, bool | None]] | None = None,
              prints: Fingerprints | None = None) -> list[Finding]:
    """A SITE-LEAK finding for each written file holding text that is not public (the files
    are read on every core; ``workers=0``: in this process). ``done`` holds verdicts on pages
    already read while MkDocs wrote the rest, by display path: (digest of the bytes read,
    leaked); a file whose bytes differ now is read again. ``prints``: the fingerprints, if
    already made."""
    paths = leak_scanned_files(site_dir)
    verdicts: dict[Path, bool | None] = {}
    for path in paths:
        known = (done or {}).get(display_of(site_dir, path))
        if known is not None and known[0] == file_digest(path):
            verdicts[path] = known[1]
    todo = [path for path in paths if path not in verdicts]
    if todo:  # the fingerprints are made here only when some file was not read already
        prints = prints if prints is not None else fingerprints(site, extra_public)
        if not prints:
            verdicts.update(dict.fromkeys(todo, False))
        else:
            _PRINTS[:] = [prints]
            try:
                verdicts.update(zip(todo, map_batches(_leaks_in, todo, workers=workers),
                                    strict=True))
            finally:
                _PRINTS.clear()
    return [finding(
        "SITE-LEAK", display_of(site_dir, path),
        Position(), "contains text of a review or briefing that is not public today.",
        "Nothing was published. Remove the text from the content page or template "
        "that carried it (if neither did, report it as a bug in lif).")
        if verdicts[path] else finding(
        "FILE-UNREADABLE", display_of(site_dir, path), Position(),
        "could not be read in full, so it could not be checked for text that is not public.",
        "Nothing was published. Report it as a bug in lif: lif wrote a file it cannot read.")
        for path in paths if verdicts[path] is not False]


def leak_scanned_files(site_dir: Path) -> list[Path]:
    """Every written file the leak scan reads: all but the kinds that hold no text of ours
    (images, fonts and Pagefind's compressed index, which is made from the pages), whatever
    a file's name says, in any case. PDFs are read by the redaction scan of the written site."""
    return [path for path in sorted(site_dir.rglob("*"))
            if path.is_file() and path.suffix.lower() not in NOT_TEXT_SUFFIXES]


def _leaks_in(batch: list[Path]) -> list[bool | None]:
    return [verdict(_PRINTS[0], path.suffix, path.read_bytes()) for path in batch]
