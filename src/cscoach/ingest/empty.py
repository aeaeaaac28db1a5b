"""Nothing silently empty: an input that yields no conversation is named, with the reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Conversation
from .source import EmptyInput, InputNote

STDIN_NAME = "<stdin>"

_VENDOR_EMPTY = {
    "zendesk": "no comments in this Zendesk export",
    "intercom": "no messages in this Intercom export",
    "freshdesk": "no conversations in this Freshdesk export",
    "helpscout": "no threads in this Help Scout export",
    "front": "no messages in this Front export",
    "livechat": "no chat events in this LiveChat export",
    "voice": "no utterances in this call transcript",
    "slack": "no messages in this Slack export",
    "twitter": "no tweets in this Twitter export",
    "webvtt": "no captions in this WebVTT file",
}


def blank_reason(name: str, head: str) -> str:
    """Why an input holding only whitespace (or a byte-order mark) has no conversation."""
    what = "stdin is empty" if name == STDIN_NAME else "the file is empty"
    return what + (" (only a byte-order mark)" if "\ufeff" in head else "")


def reason(fmt: str, head: str = "") -> str:
    """Why an input read as ``fmt`` gave no conversation (``head``: its first characters)."""
    if fmt == "csv":
        rows = [line for line in head.splitlines() if line.strip(" ,;\t")]
        return "CSV has a header and no rows" if len(rows) <= 1 else "no CSV row has text"
    if fmt in _VENDOR_EMPTY:
        return _VENDOR_EMPTY[fmt]
    return f"no conversation in it (read as {fmt})"


def named_if_empty(items: Iterable[Any], name: str, why: str) -> Iterator[Any]:
    """``items`` without conversations that have no turns; where nothing else came out, an
    EmptyInput saying ``why``, and where some did, one note per conversation skipped."""
    found = False
    skipped: list[str] = []
    for item in items:
        if isinstance(item, Conversation) and not item.turns:
            skipped.append(item.id)
            continue
        found = found or isinstance(item, EmptyInput) or not isinstance(item, InputNote)
        yield item  # an EmptyInput has named its part already
    if not found:
        yield EmptyInput(name, why)
    else:
        for conv_id in skipped:
            yield EmptyInput(name, f"conversation {conv_id!r} has no messages: skipped")
