"""The per-agent and per-team tables as every summary format shows them: each cell a mean score
(or pass rate) with its 95% interval and n, and a mark saying whether the group differs from
everyone beyond chance. One place decides the marks and the wording; renderers only style."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..summary import SCORES, Summary

ALL_ROW = "(everyone)"
MARKS = {"above": "▲", "below": "▼", "within": "≈", "": ""}


def legend(summary: Summary) -> str:
    """How to read a group table's cells; the pass column is there only with a threshold."""
    what = (
        "the mean score (in the pass column, the pass rate in %)"
        if summary.gated
        else ("the mean score")
    )
    return (
        f"Each cell: {what}, its 95% interval, and n, the conversations it rests on. "
        "▲/▼: above/below everyone's beyond chance (the two intervals do not overlap); "
        "≈: the data cannot tell it from everyone's (the intervals overlap, or n < 5)."
    )


UNKNOWN_AGENTS = (
    "No conversation names its agent, so there is no per-agent table. cscoach reads the agent "
    "from the metadata fields agent, agent_name, assignee, owner, responder (or their _id), else "
    "the first agent who spoke; the team from team, group, department, queue or mailbox."
)


@dataclass(frozen=True, slots=True)
class Cell:
    n: int
    value: float | None
    low: float | None
    high: float | None
    vs_all: str
    percent: bool

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, float) and math.isnan(self.value))

    @property
    def mark(self) -> str:
        return MARKS.get(self.vs_all, "")

    def value_text(self) -> str:
        return "-" if self.empty else f"{self.value:.0f}{'%' if self.percent else ''}"

    def interval_text(self) -> str:
        if self.empty or self.low is None or self.high is None:
            return ""
        return f"{self.low:.0f}–{self.high:.0f}"

    def inline(self) -> str:
        """One line: ``62 ▼ (57–67, n=41)``; ``-`` where the score never applied."""
        if self.empty:
            return "-"
        mark = f" {self.mark}" if self.mark else ""
        return f"{self.value_text()}{mark} ({self.interval_text()}, n={self.n})"


def measures(summary: Summary) -> tuple[str, ...]:
    return ("pass_rate", *SCORES) if summary.gated else SCORES


def group_rows(summary: Summary, key: str) -> list[tuple[str, int, dict[str, Cell]]]:
    """(name, conversations, cell per measure) for everyone, then each agent or team."""
    estimates = summary.agent_estimates if key == "agent" else summary.team_estimates
    table = summary.agents if key == "agent" else summary.teams
    rows = [(ALL_ROW, summary.conversations, _cells(summary.all_estimates, "all", summary))]
    if estimates is None:
        return rows
    for name in table.index:
        rows.append(
            (str(name), int(table.loc[name, "conversations"]), _cells(estimates, name, summary))
        )
    return rows


def _cells(frame: pd.DataFrame | None, name: Any, summary: Summary) -> dict[str, Cell]:
    cells = {}
    for measure in measures(summary):
        if frame is None or (name, measure) not in frame.index:
            cells[measure] = Cell(0, None, None, None, "", measure == "pass_rate")
            continue
        row = frame.loc[(name, measure)]
        cells[measure] = Cell(
            int(row["n"]),
            _number(row["value"]),
            _number(row["low"]),
            _number(row["high"]),
            str(row["vs_all"] or ""),
            measure == "pass_rate",
        )
    return cells


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def work_frame(summary: Summary, key: str) -> pd.DataFrame:
    """What each agent or team handled beside the scores: conversations, critical rule hits,
    requests and how many went unanswered or were redirected, and (agents) their top tips."""
    table = summary.agents if key == "agent" else summary.teams
    columns = ["conversations", "critical", "requests", "unanswered_pct", "redirected_pct"]
    if "top_tips" in table:
        columns.append("top_tips")
    return table[columns]
