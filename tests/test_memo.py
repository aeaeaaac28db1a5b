"""The bounded text memos: computed once per text, long texts kept apart."""

from __future__ import annotations

from cscoach.memo import LONG_ENTRIES, SHORT_TEXT_CHARS, memo_text


def _counting() -> tuple[list[str], object]:
    calls: list[str] = []

    @memo_text(4)
    def length(text: str, extra: int = 0) -> int:
        calls.append(text)
        return len(text) + extra

    return calls, length


def test_short_texts_are_computed_once_and_evicted_least_recently_used() -> None:
    calls, length = _counting()
    assert [length("ab"), length("ab"), length("ab", 1)] == [2, 2, 3]
    assert calls == ["ab", "ab"]  # other arguments are part of the key
    for text in ("c", "d", "e", "f"):
        length(text)
    length("ab")
    assert calls.count("ab") == 3  # pushed out by four newer texts


def test_long_texts_have_their_own_small_memo() -> None:
    calls, length = _counting()
    long_text = "x" * (SHORT_TEXT_CHARS + 1)
    assert length(long_text) == SHORT_TEXT_CHARS + 1
    for n in range(10):
        length(str(n))  # short texts do not push the long one out
    length(long_text)
    assert calls.count(long_text) == 1
    for n in range(LONG_ENTRIES):
        length(long_text + str(n))
    length(long_text)
    assert calls.count(long_text) == 2
