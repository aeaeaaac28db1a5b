"""The Twitter customer-support CSV (tweet_id, author_id, inbound, created_at, text,
response_tweet_id, in_response_to_tweet_id): tweets threaded into conversations by reply links;
inbound tweets are the customer's."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from ..model import Conversation
from .common import Row, build
from .options import ReadOptions
from .source import ReadError

NAME = "twitter"
REQUIRED = {"tweet_id", "author_id", "inbound", "text", "in_response_to_tweet_id"}


def looks_like(head: str) -> bool:
    first = head.split("\n", 1)[0].lower().replace('"', "")
    return {c.strip() for c in first.split(",")} >= REQUIRED


def _id(value: str | None) -> str:
    value = (value or "").strip()
    return value[:-2] if value.endswith(".0") else value


def _when(value: str) -> tuple[float, str]:
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").timestamp(), value
    except ValueError:
        return 0.0, value


def read(stream: TextIO, name: str, options: ReadOptions) -> Iterator[Conversation]:
    reader = csv.DictReader(io.StringIO(stream.read()))
    missing = REQUIRED - set(reader.fieldnames or [])
    if missing:
        raise ReadError(name, f"not a Twitter support CSV: missing column {sorted(missing)[0]!r}")
    tweets = {}
    for row in reader:
        tweets[_id(row["tweet_id"])] = (row, reader.line_num)
    parent = {tid: _id(row["in_response_to_tweet_id"]) for tid, (row, _) in tweets.items()}

    def root(tid: str) -> str:
        seen = set()
        while parent.get(tid) in tweets and tid not in seen:
            seen.add(tid)
            tid = parent[tid]
        return tid

    threads: dict[str, list[str]] = defaultdict(list)
    for tid in tweets:
        threads[root(tid)].append(tid)
    for root_id, ids in threads.items():
        ids.sort(
            key=lambda t: (_when(tweets[t][0].get("created_at", "")), int(t) if t.isdigit() else 0)
        )
        rows = []
        for tid in ids:
            row, line = tweets[tid]
            inbound = row["inbound"].strip().lower() in ("true", "1", "yes")
            rows.append(Row(text=row["text"], speaker=row["author_id"], role="customer" if inbound else "agent",
                            timestamp=row.get("created_at"), line=line))  # fmt: skip
        yield build(f"tweet-{root_id}", rows, name, options, channel="twitter")
