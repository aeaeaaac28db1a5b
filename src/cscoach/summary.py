"""Many results -> team-level tables (pandas): per agent, team, tag and dimension, pass rates at
the gate's thresholds, the most frequent tips, the failed and worst conversations, a trend over
time, what customers complain about, and what moved since a baseline run.

Each result is reduced to a small record as it streams by, so a night's worth of conversations
fits in memory; complaint themes are counted incrementally (see ``themes``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .gate import Thresholds
from .intervals import Estimate, bootstrap_mean, wilson
from .macros import MacroCounter
from .model import AGENT_TAGS
from .people import AGENT_FIELDS, UNKNOWN, agent_of, team_of
from .scoring import DIMENSIONS
from .scripts import ScriptCounter
from .themes import Theme, ThemeCounter, ThemeOptions

SCORES = ("overall", *DIMENSIONS)
BINS = (0, 20, 40, 60, 80, 101)
BANDS = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 101)
"""Ten-point bands of the overall score, for choosing a threshold."""
SPARK = "▁▂▃▄▅▆▇█"
WORST = 10
PASS_THRESHOLDS = (50, 60, 70, 80)
"""``cscoach summary`` shows the share of conversations at or above each of these overall
scores (and the gate's own), so a lead can see what a threshold would fail before setting one."""
THEMES = 10
TOP_TIPS = 3
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


def result_parts(folder: Path) -> tuple[list[Path], list[str]]:
    """The part files a cluster run listed in ``folder/_SUCCESS``, in order, and a problem for
    each listed part that is missing or not result JSON Lines."""
    parts, problems = [], []
    for name in (folder / "_SUCCESS").read_text(encoding="utf-8").split():
        part = folder / name
        if not part.is_file():
            problems.append(f"{part}: listed in _SUCCESS but missing")
        elif part.stat().st_size and not is_results_file(part):
            problems.append(f"{part}: not result JSON Lines (summaries need -f jsonl parts)")
        else:
            parts.append(part)
    return parts, problems


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _without_lone_surrogates(result: Any) -> Any:
    """A result with each lone surrogate (half an emoji, escaped in the JSON) as U+FFFD, as the
    transcript readers do: no output can encode one."""
    text = json.dumps(result, ensure_ascii=False)
    return json.loads(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


def read_results(path: Path, problems: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The result lines of a saved --format jsonl file; a line that is not a cscoach result is
    named in ``problems`` (raised, without a list) and skipped."""
    with path.open(encoding="utf-8") as fh:
        yield from result_lines(str(path), fh, problems)


def result_lines(
    name: str, lines: Iterable[str], problems: list[str] | None = None, first: int = 1
) -> Iterator[dict[str, Any]]:
    """``read_results`` over lines already read (``first`` is the first one's number)."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            result = json.loads(line)
            if _ESCAPED_SURROGATE.search(line):
                result = _without_lone_surrogates(result)
            problem = _result_problem(result)
        except (ValueError, RecursionError) as exc:
            problem = f"invalid JSON ({type(exc).__name__})"
        if problem is None:
            yield result
        elif problems is None:
            raise ValueError(f"line {number}: {problem}")
        else:
            problems.append(f"{name}:{number}: {problem}")


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
    if not isinstance(result.get("critical") or [], list) or not all(
        isinstance(f, dict) for f in result.get("critical") or []
    ):
        return "'critical' must be a list of objects"
    turns = result.get("turns") or []
    if not all(isinstance(t, dict) and isinstance(t.get("tags", []), list) for t in turns):
        return "each turn must be an object with a list of tags"
    return None


MACROS_SHOWN = 10
"""Macro lines a report lists (the most sent)."""


@dataclass
class Collector:
    """Reduces result dicts (the result JSON) to what the tables need."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    records: list[dict[str, Any]] = field(default_factory=list)
    tag_counts: Counter[str] = field(default_factory=Counter)
    agent_turns: int = 0
    themes: ThemeCounter = field(default_factory=ThemeCounter)
    scripts: ScriptCounter = field(default_factory=ScriptCounter)
    macros: MacroCounter = field(default_factory=MacroCounter)
    tips: Counter[str] = field(default_factory=Counter)
    """Tip tag -> conversations with such a tip."""
    tip_examples: dict[str, str] = field(default_factory=dict)
    agent_tips: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, result: Mapping[str, Any]) -> None:
        turns = result.get("turns") or []
        self.scripts.add_conversation(turns)
        self.macros.add(turns)
        agent_turns = [t for t in turns if t.get("role") == "agent"]
        self.agent_turns += len(agent_turns)
        for turn in agent_turns:
            self.tag_counts.update({tag["tag"] for tag in turn.get("tags", [])})
        self.themes.add(result)
        tips = result.get("tips") or []
        agent = agent_of(result)
        tip_tags = {str(tip.get("tag")) for tip in tips}
        self.tips.update(tip_tags)
        self.agent_tips.setdefault(agent, Counter()).update(tip_tags)
        for tip in tips:
            self.tip_examples.setdefault(str(tip.get("tag")), str(tip.get("tip") or ""))
        failures = self.thresholds.failures_of_saved(result)
        asked, unanswered, redirected = _request_counts(result, agent_turns)
        self.records.append(
            {
                "n": len(self.records) + 1,
                "id": result.get("id"),
                "agent": agent,
                "team": team_of(result),
                "source": result.get("source"),
                **{dim: (result.get("scores") or {}).get(dim) for dim in SCORES},
                "agent_turns": len(agent_turns),
                "requests": asked,
                "unanswered": unanswered,
                "redirected": redirected,
                "critical": len(result.get("critical") or []),
                "tips": len(tips),
                "top_tip": tips[0]["tip"] if tips else _first_reason(result),
                "passed": not failures,
                "failure": "; ".join(failures),
                "started": started(turns),
            }
        )

    def merge(self, other: Collector) -> None:
        """Add a later partition's collector (``cscoach summary --engine dask``): its records
        follow these, renumbered, and its counts are added."""
        offset = len(self.records)
        self.records.extend({**record, "n": record["n"] + offset} for record in other.records)
        self.tag_counts.update(other.tag_counts)
        self.agent_turns += other.agent_turns
        self.themes.merge(other.themes)
        self.scripts = self.scripts.merge(other.scripts)
        self.macros.merge(other.macros)
        self.tips.update(other.tips)
        for tag, example in other.tip_examples.items():
            self.tip_examples.setdefault(tag, example)
        for agent, counts in other.agent_tips.items():
            self.agent_tips.setdefault(agent, Counter()).update(counts)


UNANSWERED = frozenset({"missed", "partial"})


def _request_counts(
    result: Mapping[str, Any], agent_turns: list[Mapping[str, Any]]
) -> tuple[int, int, int]:
    """The conversation's requests, how many were left unanswered (missed, partly answered, or
    the last message with no reply) and how many were redirected. A request the customer
    followed with another before the agent replied is answered with that one, so not counted."""
    entries = [r for r in result.get("requests") or [] if isinstance(r, Mapping)]
    last_agent = max((t.get("index") or 0 for t in agent_turns), default=0)
    counted = [
        r for r in entries if r.get("handling") != "no_reply" or (r.get("turn") or 0) > last_agent
    ]
    unanswered = sum(
        r.get("handling") in UNANSWERED or r.get("handling") == "no_reply" for r in counted
    )
    redirected = sum(r.get("handling") == "redirect" for r in counted)
    return len(counted), unanswered, redirected


def started(turns: Iterable[Mapping[str, Any]]) -> datetime | None:
    """When the conversation began: its first turn's timestamp that reads as a time (ISO 8601,
    or Unix seconds or milliseconds), in UTC."""
    for turn in turns:
        value = turn.get("timestamp")
        if value in (None, ""):
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        try:
            if number is not None:
                return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, UTC)
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except (ValueError, OverflowError, OSError):
            continue
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


@dataclass
class Summary:
    conversations: int
    agents: pd.DataFrame
    teams: pd.DataFrame
    tags: pd.DataFrame
    dimensions: pd.DataFrame
    worst: pd.DataFrame
    themes: list[Theme]
    tips: pd.DataFrame
    """Per tip tag: conversations given such a tip, their share, an example."""
    failed: pd.DataFrame
    """Every conversation that fails the gate, lowest score first, with why."""
    distributions: dict[str, list[int]] = field(default_factory=dict)
    """Per score: conversations in each bin of BINS (0-19, 20-39, ..., 80-100)."""
    failed_positions: list[int] = field(default_factory=list)
    """Where each row of ``failed`` came in the run (1-based), for links into a report."""
    trend: pd.DataFrame | None = None
    """Per day, week or month the conversations began in, when they carry timestamps."""
    changes: pd.DataFrame | None = None
    scripts: list[tuple[str, int, int]] = field(default_factory=list)
    """Agent messages sent verbatim in many conversations whatever the customer said:
    (message, conversations, distinct customer messages)."""
    macros: list[tuple[str, int]] = field(default_factory=list)
    """Agent sentences sent in many conversations (openers, closers, canned lines): (example,
    conversations), most sent first. Transcripts show them as "macro"; the reports list the
    first MACROS_SHOWN, the JSON all of them (``--save-scripts`` saves them all)."""
    gated: bool = False
    """Whether a threshold was set: without one nothing passes or fails on its score (critical
    rule hits are still listed), and no table shows a pass rate."""
    agent_estimates: pd.DataFrame | None = None
    """Per (agent, measure): n, mean or pass rate, its 95% interval, and whether it differs from
    the whole run beyond chance ("above", "below", or "within")."""
    team_estimates: pd.DataFrame | None = None
    all_estimates: pd.DataFrame | None = None
    """Per measure over every conversation: what each group is compared with."""
    pass_rates: pd.DataFrame | None = None
    """Per overall threshold (PASS_THRESHOLDS and the gate's): conversations at or above it,
    their share and its 95% interval."""
    overall_bands: list[int] = field(default_factory=list)
    """Conversations per ten-point band of BANDS of the overall score."""
    worst_positions: list[int] = field(default_factory=list)
    """Where each row of ``worst`` came in the run (1-based), for links into a report."""

    @property
    def agents_unknown(self) -> bool:
        """No conversation names its agent: the per-agent table has one row, "unknown"."""
        return self.conversations > 0 and list(self.agents.index) == [UNKNOWN]

    def warnings(self) -> list[str]:
        """One-line warnings for stderr (``cscoach summary`` prints each as it renders)."""
        if not self.agents_unknown:
            return []
        return [
            f"no conversation names its agent, so every one is 'unknown' (fields read: "
            f"{', '.join(AGENT_FIELDS[:8])}, ... or the first agent speaker; see README, "
            "'Agents and teams')"
        ]

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
            "themes": [
                {"phrase": t.phrase, "conversations": t.conversations, "quote": t.quote}
                for t in self.themes
            ],
            "tips": records(self.tips),
            "failed": records(self.failed),
            "trend": records(self.trend),
            "scripted_replies": [
                {"message": m, "conversations": n, "distinct_customer_messages": c}
                for m, n, c in self.scripts
            ],
            "changes": records(self.changes),
            "macro_lines": [{"sentence": s, "conversations": n} for s, n in self.macros],
            "gated": self.gated,
            "pass_rates": records(self.pass_rates),
            "agent_intervals": records(self.agent_estimates),
            "team_intervals": records(self.team_estimates),
            "all_intervals": records(self.all_estimates),
        }


def summarize(
    results: Iterable[Mapping[str, Any]],
    baseline: Iterable[Mapping[str, Any]] | None = None,
    thresholds: Thresholds | None = None,
    themes: ThemeOptions | None = None,
) -> Summary:
    """The tables over ``results``; pass rates are at ``thresholds`` (none without them: only
    critical rule hits are listed); ``themes`` holds a team's exclusions from cscoach.toml."""
    collector = Collector(thresholds or Thresholds(), themes=ThemeCounter(themes or ThemeOptions()))
    for result in results:
        collector.add(result)
    return summary_of(collector, baseline)


def summary_of(
    collector: Collector, baseline: Iterable[Mapping[str, Any]] | None = None
) -> Summary:
    frame = pd.DataFrame.from_records(collector.records, columns=_columns())
    gated = collector.thresholds.active
    agents = _by(frame, "agent", gated)
    agents["top_tips"] = [_top_tips(collector.agent_tips.get(str(a))) for a in agents.index]
    failed = frame[~frame["passed"].astype(bool)].sort_values(["overall", "n"], na_position="first")
    worst = frame.sort_values(["overall", "n"], na_position="last").head(WORST)
    whole = {measure: _estimate(frame, measure) for measure in _measures(gated)}
    summary = Summary(
        conversations=len(frame),
        agents=agents,
        teams=_by(frame, "team", gated),
        tags=_tags(collector),
        dimensions=_dimensions(frame),
        worst=worst[["id", "agent", "overall", "top_tip"]].set_index("id"),
        worst_positions=worst["n"].astype(int).tolist(),
        gated=gated,
        agent_estimates=_estimates(frame, "agent", whole),
        team_estimates=_estimates(frame, "team", whole),
        all_estimates=_estimate_table({"all": whole}, "scope"),
        pass_rates=_pass_rates(frame, collector.thresholds),
        overall_bands=_bin_counts(frame["overall"], BANDS),
        themes=collector.themes.top(THEMES),
        tips=_tip_table(collector, len(frame)),
        failed=failed[["id", "agent", "overall", "failure"]].set_index("id"),
        failed_positions=failed["n"].astype(int).tolist(),
        trend=_trend(frame, gated),
        distributions={dim: _bin_counts(frame[dim]) for dim in SCORES},
        scripts=collector.scripts.top(),
        macros=collector.macros.top(limit=None),
    )
    if baseline is not None:
        before = Collector(collector.thresholds)
        for result in baseline:
            before.add(result)
        summary.changes = _changes(
            frame, pd.DataFrame.from_records(before.records, columns=_columns())
        )
    return summary


def _columns() -> list[str]:
    return [
        "n", "id", "agent", "team", "source", *SCORES, "agent_turns", "requests", "unanswered",
        "redirected", "critical", "tips", "top_tip",
        "passed", "failure", "started",
    ]  # fmt: skip


def _by(frame: pd.DataFrame, key: str, gated: bool) -> pd.DataFrame:
    grouped = frame.groupby(key, sort=True)
    table = grouped[list(SCORES)].mean().round(1)
    table.insert(0, "conversations", grouped.size())
    if gated:
        table.insert(1, "pass_rate", (100 * grouped["passed"].mean()).round(0))
    table["critical"] = grouped["critical"].sum()
    asked = grouped["requests"].sum()
    table["requests"] = asked
    table["unanswered_pct"] = (100 * grouped["unanswered"].sum() / asked.where(asked > 0)).round(0)
    table["redirected_pct"] = (100 * grouped["redirected"].sum() / asked.where(asked > 0)).round(0)
    return table


def _measures(gated: bool) -> tuple[str, ...]:
    return ("pass_rate", *SCORES) if gated else SCORES


def _estimate(frame: pd.DataFrame, measure: str) -> Estimate:
    if measure == "pass_rate":
        return wilson(int(frame["passed"].astype(bool).sum()), len(frame))
    return bootstrap_mean(frame[measure].astype(float).tolist())


def _estimates(frame: pd.DataFrame, key: str, whole: Mapping[str, Estimate]) -> pd.DataFrame:
    """Per group of ``key`` and measure, the estimate and how it compares with ``whole``."""
    groups = {
        str(name): {measure: _estimate(rows, measure) for measure in whole}
        for name, rows in frame.groupby(key, sort=True)
    }
    return _estimate_table(groups, key, whole)


def _estimate_table(
    groups: Mapping[str, Mapping[str, Estimate]],
    key: str,
    whole: Mapping[str, Estimate] | None = None,
) -> pd.DataFrame:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    rows = [
        {
            key: name,
            "measure": measure,
            "n": e.n,
            "value": rounded(e.value),
            "low": rounded(e.low),
            "high": rounded(e.high),
            "vs_all": e.against(whole[measure]) if whole is not None else "",
        }
        for name, estimates in groups.items()
        for measure, e in estimates.items()
    ]
    columns = [key, "measure", "n", "value", "low", "high", "vs_all"]
    return pd.DataFrame(rows, columns=columns).set_index([key, "measure"])


def _pass_rates(frame: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """The share of scored conversations whose overall score is at or above each threshold."""
    scored = frame["overall"].dropna()
    levels = sorted({*PASS_THRESHOLDS, *([thresholds.overall] if thresholds.overall else [])})
    rows = []
    for level in levels:
        e = wilson(int((scored >= level).sum()), len(scored))
        rows.append(
            {
                "threshold": level,
                "at_or_above": int((scored >= level).sum()),
                "scored": len(scored),
                "pass_rate": None if e.value is None else round(e.value, 1),
                "low": None if e.low is None else round(e.low, 1),
                "high": None if e.high is None else round(e.high, 1),
                "gate": "yours" if level == thresholds.overall else "",
            }
        )
    columns = ["threshold", "at_or_above", "scored", "pass_rate", "low", "high", "gate"]
    return pd.DataFrame(rows, columns=columns).set_index("threshold")


def _top_tips(counts: Counter[str] | None) -> str:
    """The agent's most frequent tip tags, with how many conversations each came up in."""
    if not counts:
        return ""
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_TIPS]
    return ", ".join(f"{tag.replace('_', ' ')} ({n})" for tag, n in best)


def _tip_table(collector: Collector, conversations: int) -> pd.DataFrame:
    rows = [
        {
            "tip": tag,
            "conversations": n,
            "share": round(100 * n / max(1, conversations), 1),
            "example": collector.tip_examples.get(tag, ""),
        }
        for tag, n in sorted(collector.tips.items(), key=lambda item: (-item[1], item[0]))
    ]
    return pd.DataFrame(rows, columns=["tip", "conversations", "share", "example"]).set_index("tip")


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
        counts = _bin_counts(values) if len(values) else []
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


def _bin_counts(values: pd.Series, bins: tuple[int, ...] = BINS) -> list[int]:
    values = values.dropna()
    return pd.cut(values, bins=list(bins), right=False).value_counts(sort=False).tolist()


DAY_SPAN_DAYS = 31
WEEK_SPAN_DAYS = 26 * 7


def _trend(frame: pd.DataFrame, gated: bool) -> pd.DataFrame | None:
    """Conversations, pass rate (with a threshold) and mean overall per day (a month or less of data), ISO week (up
    to half a year) or month, quiet periods included; None when no conversation has a time."""
    dated = frame.dropna(subset=["started"])
    if dated.empty:
        return None
    times = pd.to_datetime(dated["started"], utc=True).dt.tz_localize(None)
    span = (times.max() - times.min()).days
    freq = "D" if span <= DAY_SPAN_DAYS else "W" if span <= WEEK_SPAN_DAYS else "M"
    periods = times.dt.to_period(freq)
    grouped = dated.assign(period=periods.to_numpy()).groupby("period", sort=True)
    table = pd.DataFrame(
        {
            "conversations": grouped.size(),
            "pass_rate": (100 * grouped["passed"].mean()).round(0),
            "overall": grouped["overall"].mean().round(1),
        }
    )
    every = pd.period_range(periods.min(), periods.max(), freq=freq)
    if not gated:
        table = table.drop(columns="pass_rate")
    table = table.reindex(every).fillna({"conversations": 0}).astype({"conversations": int})
    table.index = [_period_label(p, freq) for p in every]
    table.index.name = "period"
    return table


def _period_label(period: pd.Period, freq: str) -> str:
    if freq == "W":
        year, week, _ = period.start_time.isocalendar()
        return f"{year}-W{week:02d}"
    return str(period)


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


def _first_reason(result: Mapping[str, Any]) -> str:
    """Where a conversation has no tip, what pulled its score down most (the report's first
    "Why" line), so a low score in the worst list never stands unexplained."""
    reasons = result.get("reasons") or []
    if not reasons or not isinstance(reasons[0], Mapping):
        return ""
    first = reasons[0]
    dimension = str(first.get("dimension", "")).replace("_", " ")
    return f"why: {dimension} {first.get('score')}, {first.get('why', '')}"
