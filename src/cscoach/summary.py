"""Many results -> team-level tables (pandas): per agent, team, tag and dimension, the worst
conversations, what customers complain about, and what moved since a baseline run.

Each result is reduced to a small record as it streams by, so a night's worth of conversations
fits in memory; complaint themes are counted incrementally (NLTK collocations over customer turns).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd
from nltk import FreqDist
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from .limits import MAX_TURN_CHARS
from .model import AGENT_TAGS
from .scoring import DIMENSIONS
from .scripts import ScriptCounter
from .text import STOPWORDS, mask_noise, words

SCORES = ("overall", *DIMENSIONS)
BINS = (0, 20, 40, 60, 80, 101)
SPARK = "▁▂▃▄▅▆▇█"
WORST = 5
THEMES = 10
MIN_THEME_COUNT = 3
MIN_CHANGE_N = 30
"""Below this many conversations on either side, a change in a mean score is marked "small n":
with scores spread over tens of points, smaller samples move the mean by several points alone."""


def is_results_file(path: Path) -> bool:
    """Does this file hold result JSON lines (saved from --format jsonl) rather than transcripts?"""
    try:
        with path.open(encoding="utf-8") as fh:
            first = fh.readline()
        data = json.loads(first)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(data, dict) and "schema_version" in data and "scores" in data


def read_results(path: Path, problems: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The result lines of a saved --format jsonl file; a line that is not a cscoach result is
    named in ``problems`` (raised, without a list) and skipped."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                result = json.loads(line)
                problem = _result_problem(result)
            except (ValueError, RecursionError) as exc:
                problem = f"invalid JSON ({type(exc).__name__})"
            if problem is None:
                yield result
            elif problems is None:
                raise ValueError(f"line {number}: {problem}")
            else:
                problems.append(f"{path}:{number}: {problem}")


def _result_problem(result: Any) -> str | None:
    """Why a parsed line is not a result a summary can use (None when it is)."""
    if not isinstance(result, dict):
        return "not a result object"
    shapes = {"scores": dict, "turns": list, "tips": list}
    for key, kind in shapes.items():
        if key in result and not isinstance(result[key], kind):
            return f"'{key}' must be a {'JSON object' if kind is dict else 'list'}"
    scores = result.get("scores") or {}
    if any(v is not None and not isinstance(v, int | float) for v in scores.values()):
        return "scores must be numbers or null"
    turns = result.get("turns") or []
    if not all(isinstance(t, dict) and isinstance(t.get("tags", []), list) for t in turns):
        return "each turn must be an object with a list of tags"
    return None


@dataclass
class Collector:
    """Reduces result dicts (the result JSON) to what the tables need."""

    records: list[dict[str, Any]] = field(default_factory=list)
    tag_counts: Counter[str] = field(default_factory=Counter)
    agent_turns: int = 0
    word_fd: FreqDist = field(default_factory=FreqDist)
    bigram_fd: FreqDist = field(default_factory=FreqDist)
    scripts: ScriptCounter = field(default_factory=ScriptCounter)

    def add(self, result: Mapping[str, Any]) -> None:
        self.scripts.add_conversation(result.get("turns", []))
        agent_turns = [t for t in result.get("turns", []) if t.get("role") == "agent"]
        self.agent_turns += len(agent_turns)
        for turn in agent_turns:
            self.tag_counts.update({tag["tag"] for tag in turn.get("tags", [])})
        for turn in result.get("turns", []):
            if turn.get("role") == "customer":
                self._theme_words(str(turn.get("text") or "")[:MAX_TURN_CHARS])
        tips = result.get("tips") or []
        metadata = result.get("metadata") or {}
        self.records.append(
            {
                "id": result.get("id"),
                "agent": result.get("agent") or "unknown",
                "team": metadata.get("team") or "unknown",
                "source": result.get("source"),
                **{dim: (result.get("scores") or {}).get(dim) for dim in SCORES},
                "agent_turns": len(agent_turns),
                "critical": len(result.get("critical") or []),
                "tips": len(tips),
                "top_tip": tips[0]["tip"] if tips else "",
            }
        )

    def _theme_words(self, text: str) -> None:
        tokens = [
            w for w in words(mask_noise(text)) if len(w) > 2 and w not in STOPWORDS and w.isalpha()
        ]
        self.word_fd.update(tokens)
        self.bigram_fd.update(pairwise(tokens))


@dataclass
class Summary:
    conversations: int
    agents: pd.DataFrame
    teams: pd.DataFrame
    tags: pd.DataFrame
    dimensions: pd.DataFrame
    worst: pd.DataFrame
    themes: list[tuple[str, int]]
    changes: pd.DataFrame | None = None
    scripts: list[tuple[str, int, int]] = field(default_factory=list)
    """Agent messages sent verbatim in many conversations whatever the customer said:
    (message, conversations, distinct customer messages)."""

    def to_dict(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame | None) -> list[dict[str, Any]] | None:
            if frame is None:
                return None
            return json.loads(frame.reset_index().to_json(orient="records"))

        return {
            "conversations": self.conversations,
            "agents": records(self.agents),
            "teams": records(self.teams),
            "tags": records(self.tags),
            "dimensions": records(self.dimensions),
            "worst": records(self.worst),
            "themes": [{"phrase": p, "count": n} for p, n in self.themes],
            "scripted_replies": [
                {"message": m, "conversations": n, "distinct_customer_messages": c}
                for m, n, c in self.scripts
            ],
            "changes": records(self.changes),
        }


def summarize(
    results: Iterable[Mapping[str, Any]], baseline: Iterable[Mapping[str, Any]] | None = None
) -> Summary:
    collector = Collector()
    for result in results:
        collector.add(result)
    frame = pd.DataFrame.from_records(collector.records, columns=_columns())
    summary = Summary(
        conversations=len(frame),
        agents=_by(frame, "agent"),
        teams=_by(frame, "team"),
        tags=_tags(collector),
        dimensions=_dimensions(frame),
        worst=frame.sort_values(["overall", "id"], na_position="last")
        .head(WORST)[["id", "agent", "overall", "top_tip"]]
        .set_index("id"),
        themes=_themes(collector),
        scripts=collector.scripts.top(),
    )
    if baseline is not None:
        before = Collector()
        for result in baseline:
            before.add(result)
        summary.changes = _changes(
            frame, pd.DataFrame.from_records(before.records, columns=_columns())
        )
    return summary


def _columns() -> list[str]:
    return ["id", "agent", "team", "source", *SCORES, "agent_turns", "critical", "tips", "top_tip"]


def _by(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = frame.groupby(key, sort=True)
    table = grouped[list(SCORES)].mean().round(1)
    table.insert(0, "conversations", grouped.size())
    table["critical"] = grouped["critical"].sum()
    return table


def _tags(collector: Collector) -> pd.DataFrame:
    turns = max(1, collector.agent_turns)
    rows = [
        {
            "tag": tag,
            "turns": collector.tag_counts.get(tag, 0),
            "per_100_turns": round(100 * collector.tag_counts.get(tag, 0) / turns, 1),
        }
        for tag in AGENT_TAGS
    ]
    return pd.DataFrame(rows).set_index("tag")


def _dimensions(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for dim in SCORES:
        values = frame[dim].dropna()
        counts = (
            pd.cut(values, bins=list(BINS), right=False).value_counts(sort=False).tolist()
            if len(values)
            else []
        )
        peak = max(counts) if counts and max(counts) else 1
        spark = "".join(
            SPARK[min(len(SPARK) - 1, round(c / peak * (len(SPARK) - 1)))] for c in counts
        )
        rows.append(
            {
                "dimension": dim,
                "scored": len(values),
                "mean": round(float(values.mean()), 1) if len(values) else None,
                "p10": round(float(values.quantile(0.1)), 1) if len(values) else None,
                "distribution": spark,
            }
        )
    return pd.DataFrame(rows).set_index("dimension")


def _themes(collector: Collector) -> list[tuple[str, int]]:
    finder = BigramCollocationFinder(collector.word_fd, collector.bigram_fd)
    finder.apply_freq_filter(MIN_THEME_COUNT)
    best = finder.nbest(BigramAssocMeasures.likelihood_ratio, THEMES)
    themes = [(" ".join(pair), int(collector.bigram_fd[pair])) for pair in best]
    return sorted(themes, key=lambda theme: (-theme[1], theme[0]))


def _changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Mean scores now and in the baseline, with how many conversations each mean rests on.
    A change where either side has fewer than MIN_CHANGE_N is marked "small n"."""
    scopes = [("all", now, before, list(SCORES))]
    for agent in sorted(set(now["agent"]) | set(before["agent"])):
        scopes.append(
            (
                f"agent {agent}",
                now[now["agent"] == agent],
                before[before["agent"] == agent],
                ["overall"],
            )
        )
    rows = []
    for scope, current, previous, measures in scopes:
        for dim in measures:
            n_now, n_before = int(current[dim].count()), int(previous[dim].count())
            rows.append(
                {
                    "scope": scope,
                    "measure": dim,
                    "baseline": previous[dim].mean(),
                    "current": current[dim].mean(),
                    "n_before": n_before,
                    "n_now": n_now,
                    "note": "small n" if min(n_now, n_before) < MIN_CHANGE_N else "",
                }
            )
    table = pd.DataFrame(rows)
    table.insert(4, "change", table["current"] - table["baseline"])
    return table.round(1).set_index(["scope", "measure"])
