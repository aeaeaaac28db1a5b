"""Per-agent and per-team tables a lead can trust: n and a 95% interval per cell, differences
claimed only where the intervals part, agents and teams read from common export fields, and no
pass or fail anywhere without a threshold."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from browser import dump_dom, title_of, with_probe
from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.gate import Thresholds
from cscoach.ingest import ReadOptions
from cscoach.ingest.csvlog import read_csv
from cscoach.intervals import bootstrap_mean, wilson
from cscoach.people import agent_of, team_of
from cscoach.render.summaryout import render_html, render_markdown, render_terminal
from cscoach.summary import summarize


def saved(conv_id: str, overall: int | None, metadata: dict | None = None, **scores) -> dict:
    """A result as ``--format jsonl`` saves it, with the scores given."""
    return {
        "schema_version": 1, "id": conv_id, "agent": None, "metadata": metadata or {},
        "scores": {"overall": overall, **scores}, "tips": [], "critical": [],
        "turns": [{"index": 1, "role": "customer", "text": "my parcel is late", "tags": []},
                  {"index": 2, "role": "agent", "text": "Checking now.", "tags": []}],
    }  # fmt: skip


def team_of_three() -> list[dict]:
    """Ana scores high in 20 conversations, Bo low in 20, Cy perfect in 2 (too few to say)."""
    ana = [saved(f"a{i}", 80 + i % 10, {"assignee": "Ana"}) for i in range(20)]
    bo = [saved(f"b{i}", 40 + i % 10, {"assignee": "Bo"}) for i in range(20)]
    cy = [saved(f"c{i}", 100, {"assignee": "Cy"}) for i in range(2)]
    return ana + bo + cy


def test_wilson_interval_matches_the_textbook_figures() -> None:
    half = wilson(5, 10)
    assert half.value == 50 and round(half.low, 1) == 23.7 and round(half.high, 1) == 76.3
    none = wilson(0, 20)
    assert none.low == 0 and round(none.high, 1) == 16.1  # not the normal interval's 0-0
    assert wilson(0, 0).value is None


def test_bootstrap_interval_is_deterministic_and_narrows_with_n() -> None:
    few = bootstrap_mean([40, 60, 80, 55, 70])
    assert few == bootstrap_mean([40, 60, 80, 55, 70])  # the same bytes on every run
    assert few.low < few.value < few.high and few.n == 5
    many = bootstrap_mean([40, 60, 80, 55, 70] * 200)  # the multinomial path, same mean
    assert many.value == few.value and many.high - many.low < (few.high - few.low) / 5
    assert bootstrap_mean([None, 50]).n == 1 and bootstrap_mean([]).value is None


def test_per_agent_cells_carry_n_interval_and_only_supported_differences() -> None:
    s = summarize(team_of_three())
    est = s.agent_estimates
    assert est is not None and s.all_estimates is not None
    assert est.loc[("Ana", "overall"), "n"] == 20 and est.loc[("Cy", "overall"), "n"] == 2
    ana = est.loc[("Ana", "overall")]
    assert ana["low"] < ana["value"] < ana["high"]
    assert est.loc[("Ana", "overall"), "vs_all"] == "above"
    assert est.loc[("Bo", "overall"), "vs_all"] == "below"
    assert est.loc[("Cy", "overall"), "vs_all"] == "within"  # 100 twice proves nothing
    assert est.loc[("Ana", "empathy"), "n"] == 0  # never applied: no mean, no claim
    assert "pass_rate" not in set(est.index.get_level_values("measure"))  # no threshold


def test_an_agent_like_the_rest_is_not_called_different() -> None:
    rows = [saved(f"x{i}", 50 + (i * 7) % 30, {"agent": ["Kim", "Lee"][i % 2]}) for i in range(60)]
    est = summarize(rows).agent_estimates
    assert est is not None and set(est.xs("overall", level="measure")["vs_all"]) == {"within"}


def test_pass_rate_gets_a_wilson_interval_with_a_threshold() -> None:
    s = summarize(team_of_three(), thresholds=Thresholds(70))
    est = s.agent_estimates
    assert est is not None and est.loc[("Ana", "pass_rate"), "value"] == 100
    assert est.loc[("Ana", "pass_rate"), "low"] == pytest.approx(83.9, abs=0.1)
    assert est.loc[("Bo", "pass_rate"), "vs_all"] == "below"


def test_the_tables_show_n_intervals_and_marks_in_every_format() -> None:
    s = summarize(team_of_three())
    terminal = io.StringIO()
    render_terminal(s, terminal)
    text = terminal.getvalue()
    assert "n=20" in text and "n=2" in text and "▲" in text and "▼" in text and "≈" in text
    markdown = io.StringIO()
    render_markdown(s, markdown)
    row = next(line for line in markdown.getvalue().splitlines() if line.startswith("| Ana |"))
    assert "84 ▲ \\(83–86, n=20\\)" in row  # parentheses escaped for Markdown
    page = io.StringIO()
    render_html(s, page)
    assert 'class="differs" data-v="' in page.getvalue() and "· n=20</small>" in page.getvalue()


@pytest.mark.parametrize(
    ("metadata", "agent", "team"),
    [
        ({"assignee": "Ana", "group": "Returns"}, "Ana", "Returns"),
        ({"Agent Name": "Bo", "department": "Billing"}, "Bo", "Billing"),
        ({"assignee": {"type": "admin", "id": "25"}, "team_assignee_id": 7}, "25", "7"),
        ({"owner": {"firstName": "Jack", "lastName": "Sprout"}, "mailbox": {"name": "Help"}},
         "Jack Sprout", "Help"),
        ({"assignee_id": 1159307768, "group_id": 25983618}, "1159307768", "25983618"),
        ({}, "unknown", "unknown"),
    ],
)  # fmt: skip
def test_agent_and_team_come_from_common_export_fields(
    metadata: dict, agent: str, team: str
) -> None:
    assert (agent_of({"metadata": metadata}), team_of({"metadata": metadata})) == (agent, team)


def test_a_named_speaker_wins_over_an_assignee_id_but_not_over_a_name() -> None:
    assert agent_of({"agent": "Sam", "metadata": {"assignee_id": 5}}) == "Sam"
    assert agent_of({"agent": "Sam", "metadata": {"assignee": "Priya"}}) == "Priya"


def test_csv_agent_and_team_columns_reach_the_metadata() -> None:
    csv_text = (
        "ticket_id,role,message,assignee,team\n"
        "T1,customer,Where is my parcel?,,\n"
        "T1,agent,Checking now.,Priya,Returns\n"
    )
    (conv,) = read_csv(io.StringIO(csv_text), "x.csv", ReadOptions())
    assert conv.metadata == {"assignee": "Priya", "team": "Returns"}


def test_every_agent_unknown_is_said_once_instead_of_a_table() -> None:
    s = summarize([saved("a", 60), saved("b", 70)])
    assert s.agents_unknown and len(s.warnings()) == 1 and "assignee" in s.warnings()[0]
    out = io.StringIO()
    render_terminal(s, out)
    assert "No conversation names its agent" in out.getvalue()
    assert "Per agent (mean" not in out.getvalue()
    assert summarize(team_of_three()).warnings() == []


def test_no_threshold_means_no_pass_or_fail_anywhere_only_scores() -> None:
    rows = [saved("low", 28, {"agent": "Sam"}), saved("high", 90, {"agent": "Sam"})]
    s = summarize(rows)
    assert not s.gated and "pass_rate" not in s.agents
    outputs = {}
    for name, render in (("terminal", render_terminal), ("markdown", render_markdown),
                         ("html", render_html)):  # fmt: skip
        stream = io.StringIO()
        render(s, stream)
        outputs[name] = stream.getvalue().lower()
    for name, text in outputs.items():
        assert "passed" not in text and "failed" not in text, name
    assert "no threshold set" in outputs["terminal"]
    gated = io.StringIO()
    render_terminal(summarize(rows, thresholds=Thresholds(50)), gated)
    assert "2 conversations, 1 passed, 1 failed" in gated.getvalue()


def test_pass_rate_at_several_thresholds_and_the_gates_own() -> None:
    rows = [saved(str(i), score) for i, score in enumerate([45, 55, 65, 75, 85, None])]
    rates = summarize(rows, thresholds=Thresholds(65)).pass_rates
    assert rates is not None and list(rates.index) == [50, 60, 65, 70, 80]
    assert list(rates["at_or_above"]) == [4, 3, 3, 2, 1] and set(rates["scored"]) == {5}
    assert rates.loc[65, "gate"] == "yours" and rates.loc[50, "pass_rate"] == 80
    assert rates.loc[50, "low"] < 80 < rates.loc[50, "high"]


def _transcripts(tmp_path: Path) -> Path:
    convs = [
        {"id": "calm", "metadata": {"agent": "Sam"}, "turns": [
            {"role": "customer", "text": "My parcel arrived broken."},
            {"role": "agent", "text": "Calm down, it happens."}]},
        {"id": "kind", "metadata": {"agent": "Sam"}, "turns": [
            {"role": "customer", "text": "My parcel arrived broken."},
            {"role": "agent", "text": "I'm so sorry! I've sent a replacement today."}]},
    ]  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in convs), encoding="utf-8")
    return source


def test_markdown_report_names_a_critical_hit_without_calling_it_a_fail(tmp_path: Path) -> None:
    source = _transcripts(tmp_path)
    out = CliRunner().invoke(app, ["analyze", str(source), "-f", "markdown", "-q", "-j", "1"])
    assert "**Critical rule hit:** critical rule negative.dismissive" in out.stdout
    assert "**Failed:**" not in out.stdout
    gated = CliRunner().invoke(
        app, ["analyze", str(source), "-f", "markdown", "-q", "-j", "1", "--fail-under", "50"]
    )
    assert "**Failed:**" in gated.stdout


def test_html_list_shows_no_pass_badge_without_a_threshold_and_na_sorts_last(
    tmp_path: Path,
) -> None:
    source = _transcripts(tmp_path)
    page = tmp_path / "r.html"
    CliRunner().invoke(app, ["analyze", str(source), "-f", "html", "-o", str(page), "-q"])
    probe = """
    const head = document.querySelector('#list th[data-key=empathy]');
    function column() { return Array.from(document.querySelectorAll('#list tr.row')).map(
        r => r.children[Array.from(head.parentNode.children).indexOf(head)].textContent); }
    const out = {pills: Array.from(document.querySelectorAll('#list .pill')).map(p => p.textContent),
                 result: document.querySelector('#list th[data-key=result]').textContent};
    head.click(); out.up = column(); head.click(); out.down = column();
    out.errors = window.__errors;
    document.title = JSON.stringify(out);
    """
    out = json.loads(title_of(dump_dom(with_probe(page, probe), tmp_path)).replace("&amp;", "&"))
    assert out["errors"] == [] and out["result"] == "critical" and out["pills"] == ["critical"]
    assert "pass" not in out["pills"] and "fail" not in out["pills"]
    for order in (out["up"], out["down"]):  # n/a apart, after the scores, both ways
        assert order[-1] == "n/a" or "n/a" not in order


def test_examples_suggest_no_critical_rule_measured_below_095() -> None:
    """The README and `cscoach init` name only critical rules precise enough to fail a
    conversation on their own: a team's own rule, or a built-in one measured at 0.95 or more."""
    import re

    from cscoach.rules.precision import critical_warning

    root = Path(__file__).resolve().parents[1]
    texts = [(root / "README.md").read_text("utf-8"),
             (root / "src" / "cscoach" / "starter.toml").read_text("utf-8")]  # fmt: skip
    named = {
        rule
        for text in texts
        for listed in re.findall(r"critical = \[([^\]]*)\]", text)
        for rule in re.findall(r'"([\w.]+)"', listed)
    } | {rule for text in texts for rule in re.findall(r"--critical ([\w.]+)", text)}
    from cscoach.rules.engine import builtin_rules

    builtin = named & set(builtin_rules().by_id)  # the rest are a team's own example rules
    assert named and "negative.policy" not in named and builtin
    assert [rule for rule in builtin if critical_warning(rule)] == []
