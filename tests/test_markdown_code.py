"""One rule for what is Markdown code, shared by every check that must skip code."""

from __future__ import annotations

from generator.markdown import code_lines, mask_code


def test_a_fence_closes_only_on_the_same_character_at_least_as_long() -> None:
    """```` opens; ``` and ~~~ inside do not close it; ```` does."""
    lines = ["# A", "````", "```", "~~~", "````", "# B"]
    assert code_lines(lines) == [False, True, True, True, True, False]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    """A fence never closed makes the rest of the text code (as Markdown renders it)."""
    assert code_lines(["text", "~~~", "# not a heading"]) == [False, True, True]


def test_indented_four_spaces_is_not_a_fence() -> None:
    """Near miss: a fence indented four spaces is not one (it is an indented line)."""
    assert code_lines(["    ```", "# heading"]) == [False, False]


def test_a_backtick_fence_info_string_cannot_hold_a_backtick() -> None:
    """Near miss: ```a`b on a line is inline code, not a fence."""
    assert code_lines(["```a`b", "# heading"]) == [False, False]


def test_masking_keeps_offsets_and_blanks_code() -> None:
    """Fenced blocks and code spans become spaces; lines and columns stay where they were."""
    text = "see `<b>x</b>` here\n```\n<script>\n```\nafter"
    masked = mask_code(text)
    assert masked == "see            here\n   \n        \n   \nafter"
    assert len(masked) == len(text)
