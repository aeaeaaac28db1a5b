"""WebVTT captions with ``<v Speaker>`` voice tags (webvtt-py): consecutive cues of one voice
become one turn, timestamped with the first cue's start."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from ..model import Conversation
from .common import Row, build
from .options import ReadOptions
from .source import ReadError

NAME = "webvtt"
_TAGS = re.compile(r"</?[^>]*>|<[^>]*$")


def looks_like(head: str) -> bool:
    return head.lstrip("\ufeff").startswith("WEBVTT")


def read(stream: TextIO, name: str, options: ReadOptions) -> Iterator[Conversation]:
    import webvtt

    try:
        captions = webvtt.from_string(stream.read())
    except webvtt.errors.MalformedFileError as exc:
        raise ReadError(name, f"malformed WebVTT: {exc}") from None
    rows: list[Row] = []
    for caption in captions:
        text = " ".join(_TAGS.sub("", caption.text).split())
        speaker = caption.voice
        if not text:
            continue
        if rows and rows[-1].speaker == speaker:
            last = rows[-1]
            rows[-1] = Row(
                text=f"{last.text} {text}",
                speaker=speaker,
                timestamp=last.timestamp,
                line=last.line,
            )
        else:
            rows.append(Row(text=text, speaker=speaker or "unknown", timestamp=caption.start))
    if not rows:
        raise ReadError(name, "WebVTT file has no cue text")
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    yield build(stem, rows, name, options, channel="voice")
