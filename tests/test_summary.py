from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.summary import summarize


def result(
    conv_id: str,
    agent: str,
    team: str,
    overall: int,
    empathy: int | None,
    tags: list[str],
    customer: str,
) -> dict:
    return {
        "schema_version": 1, "id": conv_id, "agent": agent, "metadata": {"team": team},
        "scores": {"overall": overall, "empathy": empathy},
        "turns": [
            {"index": 1, "role": "customer", "text": customer, "tags": []},
            {"index": 2, "role": "agent", "text": "x", "tags": [{"tag": t} for t in tags]},
        ],
        "tips": [{"tag": "empathy", "turn": 2, "quote": "x", "tip": f"tip for {conv_id}"}],
        "critical": [],
    }  # fmt: skip


RESULTS = [
    result(
        "a", "Sam", "billing", 90, 100, ["apology", "empathy"], "charged twice again for my invoice"
    ),
    result("b", "Sam", "billing", 70, None, ["apology"], "charged twice on my card, refund please"),
    result(
        "c", "Kim", "shipping", 30, 0, ["negative_language"], "parcel never arrived, charged twice"
    ),
    result("d", "Kim", "shipping", 50, 0, [], "parcel never arrived, where is it"),
]


def test_tables() -> None:
    s = summarize(RESULTS)
    assert s.conversations == 4
    assert s.agents.loc["Sam", "overall"] == 80 and s.agents.loc["Kim", "conversations"] == 2
    assert s.teams.loc["shipping", "overall"] == 40
    assert s.tags.loc["apology", "turns"] == 2 and s.tags.loc["apology", "per_100_turns"] == 50
    assert s.dimensions.loc["empathy", "scored"] == 3 and s.dimensions.loc["overall", "p10"] == 36
    assert list(s.worst.index[:2]) == ["c", "d"]
    assert [(t.phrase, t.conversations) for t in s.themes][:1] == [("charged twice", 3)]
    assert (
        s.themes[0].quote
        in {"charged twice again for my invoice", "parcel never arrived, charged twice"}
        or "charged twice" in s.themes[0].quote
    )


def test_baseline_changes() -> None:
    before = [result("old", "Sam", "billing", 60, 50, [], "hello there")]
    s = summarize(RESULTS, before)
    assert s.changes is not None
    assert s.changes.loc[("all", "overall"), "change"] == 0.0
    assert s.changes.loc[("agent Sam", "overall"), "change"] == 20.0
    assert s.changes.loc[("agent Sam", "overall"), "n_before"] == 1
    assert s.changes.loc[("agent Sam", "overall"), "n_now"] == 2
    assert s.changes.loc[("agent Kim", "overall"), "n_before"] == 0
    assert set(s.changes["note"]) == {"small n"}  # a handful of conversations proves nothing


def test_baseline_changes_on_enough_conversations_are_not_marked() -> None:
    now = [result(f"n{i}", "Sam", "billing", 80, 80, [], "late parcel") for i in range(30)]
    before = [result(f"b{i}", "Sam", "billing", 60, 60, [], "late parcel") for i in range(30)]
    changes = summarize(now, before).changes
    assert changes is not None
    assert changes.loc[("agent Sam", "overall"), "change"] == 20.0
    assert changes.loc[("agent Sam", "overall"), "note"] == ""


def test_themes_are_sorted_by_count() -> None:
    # By association alone "parcel vanished" (4, never apart) would rank above "charged twice" (6).
    texts = ["refund charged card", "card charged refund", "charged card"] * 3
    texts += ["parcel vanished"] * 4 + ["charged twice again"] * 6
    results = [result(str(i), "Sam", "t", 50, 50, [], text) for i, text in enumerate(texts)]
    themes = summarize(results).themes
    counts = [theme.conversations for theme in themes]
    assert counts == sorted(counts, reverse=True) and themes[0].phrase == "charged"
    assert counts[0] == 15 and "parcel vanished" in [t.phrase for t in themes]


def test_summary_command_over_saved_results_and_transcripts(tmp_path: Path) -> None:
    saved = tmp_path / "today.jsonl"
    saved.write_text("\n".join(json.dumps(r) for r in RESULTS) + "\n", encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(app, ["summary", str(saved), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["conversations"] == 4 and {a["agent"] for a in data["agents"]} == {"Sam", "Kim"}
    examples = Path(__file__).resolve().parents[1] / "transcripts_examples"
    table = runner.invoke(app, ["summary", str(examples), "--baseline", str(saved), "--jobs", "1"])
    assert table.exit_code == 0, table.output
    for title in (
        "Per agent",
        "Per team",
        "Tags",
        "Dimensions",
        "Lowest-scored conversations",
        "Changes against the baseline",
    ):
        assert title in table.stdout
    markdown = runner.invoke(app, ["summary", str(saved), "--format", "markdown"])
    assert markdown.stdout.startswith("# cscoach summary")


def test_init_writes_a_valid_starter(tmp_path: Path) -> None:
    import re

    from cscoach.config import load_settings

    target = tmp_path / "cscoach.toml"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    assert runner.invoke(app, ["init", str(target)]).exit_code == 2
    lines = target.read_text(encoding="utf-8").splitlines()
    uncommented = [
        line[2:]
        if re.match(r"# (\[|[a-z_]+ = |  ?'|\])", line) and not line.startswith("# fail_under = 50")
        else line
        for line in lines
    ]
    target.write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    settings = load_settings(target)
    assert settings.fail_under == 50 and settings.fail_under_dimensions["resolution"] == 40
    assert settings.scripts and settings.theme_options().ignore == ("acme", "premium plan")
    assert (
        settings.roles["HelpBot"] == "bot" and settings.jobs == 4 and settings.format == "terminal"
    )
    assert "acme.per_my_last" in settings.rule_set().by_id


def test_terminal_summary_folds_names_and_measures_instead_of_cutting(tmp_path: Path) -> None:
    agent = "Nadia Petrovna-Whitfield <nadia.petrovna@blendco.example>"
    saved = tmp_path / "r.jsonl"
    rows = [result(str(i), agent, "t", 40 + i, 50, [], "parcel late") for i in range(3)]
    saved.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = (
        CliRunner()
        .invoke(app, ["summary", str(saved), "--baseline", str(saved)], env={"COLUMNS": "80"})
        .stdout
    )
    assert "…" not in out.split("Lowest-scored conversations")[1]
    joined = "".join(line.strip() for line in out.splitlines())
    assert "nadia.petrovna@blendco.example>" in joined.replace(" ", "")


def conversation(conv_id: str, customer: list[str], agent: list[str], **fields: object) -> dict:
    """A result whose customer and agent turns alternate, for the theme tests."""
    turns = []
    for n, (c, a) in enumerate(zip(customer, agent, strict=True)):
        turns.append({"index": 2 * n + 1, "role": "customer", "text": c, "tags": []})
        turns.append({"index": 2 * n + 2, "role": "agent", "text": a, "tags": []})
    return {"id": conv_id, "scores": {"overall": 50}, "turns": turns, "tips": [], **fields}


def test_themes_leave_out_names_the_agents_vocabulary_and_quote_a_customer() -> None:
    """Customers of "Unicorn Mobile" complain about dropped calls. The brand is capitalised (a
    name), agents send every one of them to the service hall (their vocabulary: said in more
    than three times the conversations customers raise it in), and "dropped calls" is what
    customers raise: only that is a theme, with a customer's words."""
    complaints = [
        "Unicorn Mobile keeps giving me dropped calls at home. I went to the service hall twice.",
        "Constant dropped calls since Monday with Unicorn Mobile; the service hall was no help.",
        "Why do I get dropped calls near the station? Unicorn Mobile support is slow.",
        "My mother hears dropped calls every evening, Unicorn Mobile, fix it.",
        "Again dropped calls in the car and Unicorn Mobile ignores me.",
        "Three dropped calls today! The service hall told me to wait for Unicorn Mobile.",
    ] + [
        f"Dropped calls again at {place}, Unicorn Mobile."
        for place in ("work", "school", "church", "noon")
    ]
    results = [
        conversation(f"c{i}", [text], ["Please visit the service hall, we will check it."])
        for i, text in enumerate(complaints)
    ]
    themes = summarize(results).themes
    assert [t.phrase for t in themes] == ["dropped calls"]
    assert themes[0].conversations == 10
    assert themes[0].quote == "Unicorn Mobile keeps giving me dropped calls at home."


def test_a_theme_must_recur_in_several_conversations() -> None:
    rant = conversation("r", ["broken hinge, broken hinge, broken hinge again"], ["Sorry."])
    assert summarize([rant, rant | {"id": "r2"}]).themes == []


def test_shouting_does_not_turn_words_into_names() -> None:
    results = [
        conversation(f"s{i}", ["WHERE IS MY REFUND. refund missing again"], ["Checking."])
        for i in range(2)
    ] + [conversation("q", ["my refund missing since May"], ["Checking."])]
    assert [t.phrase for t in summarize(results).themes] == ["refund missing"]


def test_pass_rate_and_top_tips_per_agent_at_the_gates_thresholds() -> None:
    from cscoach.gate import Thresholds

    s = summarize(RESULTS, thresholds=Thresholds(60))
    assert s.agents.loc["Sam", "pass_rate"] == 100 and s.agents.loc["Kim", "pass_rate"] == 0
    assert s.agents.loc["Kim", "top_tips"] == "empathy (2)"
    assert list(s.failed.index) == ["c", "d"] and s.failed.loc["c", "failure"] == "overall 30 < 60"
    assert s.failed_positions == [3, 4]
    assert s.tips.loc["empathy", "conversations"] == 4
    lenient = summarize(RESULTS)  # no thresholds: no pass rate, only critical rules are listed
    assert "pass_rate" not in lenient.agents and lenient.failed.empty and not lenient.gated


def test_a_critical_hit_fails_a_saved_result_whatever_its_score() -> None:
    hit = result("x", "Sam", "t", 95, 100, [], "hi") | {
        "critical": [{"rule": "acme.banned", "text": "per my last email"}]
    }
    s = summarize([hit])
    assert s.failed.loc["x", "failure"] == "critical rule acme.banned hit: “per my last email”"


def _dated(conv_id: str, when: object, overall: int) -> dict:
    row = result(conv_id, "Sam", "t", overall, None, [], "late parcel")
    row["turns"][0]["timestamp"] = when
    return row


def test_trend_by_day_with_quiet_days_shown() -> None:
    rows = [_dated("a", "2026-05-01T09:00:00Z", 40), _dated("b", "2026-05-01T17:00:00+02:00", 60),
            _dated("c", "2026-05-03T10:00:00Z", 90), result("d", "Sam", "t", 10, None, [], "x")]  # fmt: skip
    trend = summarize(rows).trend
    assert trend is not None
    assert list(trend.index) == ["2026-05-01", "2026-05-02", "2026-05-03"]
    assert list(trend["conversations"]) == [2, 0, 1] and trend.loc["2026-05-01", "overall"] == 50


def test_trend_by_week_and_by_month_and_epoch_times() -> None:
    weeks = summarize([_dated("a", "2026-01-05", 40), _dated("b", 1772409600, 60)]).trend
    assert weeks is not None and weeks.index[0] == "2026-W02" and weeks.index[-1] == "2026-W10"
    assert len(weeks) == 9
    months = summarize([_dated("a", "2025-01-31", 40), _dated("b", 1767225600000, 60)]).trend
    assert months is not None and list(months.index)[:2] == ["2025-01", "2025-02"]
    assert months.index[-1] == "2026-01" and len(months) == 13


def test_no_trend_without_readable_timestamps() -> None:
    assert summarize([_dated("a", "yesterday-ish", 40), RESULTS[0]]).trend is None


def test_summary_gate_html_and_trend_from_the_command_line(tmp_path: Path) -> None:
    saved = tmp_path / "today.jsonl"
    rows = [_dated(str(i), f"2026-05-0{1 + i % 3}T10:00:00Z", 30 + 20 * i) for i in range(4)]
    saved.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    terminal = runner.invoke(app, ["summary", str(saved), "--fail-under", "60"]).stdout
    assert "4 conversations, 2 passed, 2 failed" in terminal
    assert "Trend" in terminal and "2026-05-03" in terminal and "top tips" in terminal
    page = runner.invoke(app, ["summary", str(saved), "-f", "html", "--fail-under", "60"]).stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for section in ("overview", "agents", "tips", "failed", "trend"):
        assert f'<section id="{section}">' in page
    assert 'class="chart trend"' in page and 'class="chart histogram"' in page
    assert "table.sortable" in page  # the sorting script came along
    data = json.loads(runner.invoke(app, ["summary", str(saved), "-f", "json"]).stdout)
    assert [row["conversations"] for row in data["trend"]] == [2, 1, 1]


def test_collectors_of_partitions_merge_into_the_whole() -> None:
    from cscoach.gate import Thresholds
    from cscoach.summary import Collector, summary_of

    results = RESULTS + [result(f"x{i}", "Ana", "retention", 20 + 10 * i, None, [], "charged twice")
                         for i in range(5)]  # fmt: skip
    first, second = Collector(Thresholds(60)), Collector(Thresholds(60))
    for row in results[:3]:
        first.add(row)
    for row in results[3:]:
        second.add(row)
    first.merge(second)
    merged, whole = summary_of(first), summarize(results, thresholds=Thresholds(60))
    assert merged.to_dict() == whole.to_dict()
    assert merged.failed_positions == whole.failed_positions


def test_a_theme_quotes_the_sentence_where_the_word_occurs() -> None:
    from cscoach.themes import ThemeCounter

    counter = ThemeCounter()
    turn = "My order was fine last year. This time the refund never arrived. Help!"
    counter.add({"turns": [{"role": "customer", "index": 1, "text": turn}]})
    assert counter.quotes["refund"] == "This time the refund never arrived."
    long_turn = "parcel late " + "word " * 5000
    counter.add({"turns": [{"role": "customer", "index": 1, "text": long_turn}]})
    assert counter.quotes["parcel"].endswith("…")
    assert len(counter.quotes["parcel"]) <= 160


def test_a_worst_conversation_with_no_tip_shows_why_it_scored_low() -> None:
    untipped = result("e", "Kim", "shipping", 20, None, [], "where is my parcel")
    untipped["tips"] = []
    untipped["reasons"] = [
        {"dimension": "active_listening", "score": 25, "why": "1 of 1 requests sent elsewhere"},
        {"dimension": "courtesy", "score": 33, "why": "no thanks, no closing"},
    ]
    s = summarize([*RESULTS, untipped])
    assert s.worst.loc["e", "top_tip"] == (
        "why: active listening 25, 1 of 1 requests sent elsewhere"
    )
    assert s.worst.loc["c", "top_tip"] == "tip for c"


def test_the_group_legend_names_a_pass_rate_only_where_there_is_a_threshold() -> None:
    from cscoach.gate import Thresholds
    from cscoach.render.groups import legend

    assert "pass rate" not in legend(summarize(RESULTS))
    assert legend(summarize(RESULTS)).startswith("Each cell: the mean score, its 95% interval")
    assert "pass rate in %" in legend(summarize(RESULTS, thresholds=Thresholds(60)))
