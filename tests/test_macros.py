"""Macros: agent lines a batch sends over and over, and a team's required scripts, are found,
shown as "macro" in the transcript, and located for scoring (so they can earn no credit)."""

from __future__ import annotations

import json
from pathlib import Path

from browser import dump_dom, title_of, with_probe
from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.config import load_settings
from cscoach.macros import MacroCounter, Macros, in_macro, sentence_key
from cscoach.summary import summarize

CLOSER = "I hope you have a great day!"
CUSTOMERS = [
    "My sofa arrived with a broken leg.", "Where is my refund for order 5521?",
    "The lamp I ordered is the wrong colour.", "Can I change my delivery address?",
    "My voucher code does not work.", "The parcel never came.", "I was charged twice.",
]  # fmt: skip


def batch() -> list[dict]:
    """Seven chats, each agent greeting the customer by name and closing with the same line."""
    names = ["Dana", "Sam", "Priya", "Lee", "Kim", "Ola", "Ana"]
    return [
        {"id": f"c{n}", "metadata": {"agent": "Jo"}, "turns": [
            {"role": "customer", "text": text},
            {"role": "agent", "text": f"Hi {name}, thanks for contacting Acme Support today. "
                                      f"Let me look into order {4000 + n} for you now."},
            {"role": "agent", "text": CLOSER}]}
        for n, (name, text) in enumerate(zip(names, CUSTOMERS, strict=True))
    ]  # fmt: skip


def saved(conversations: list[dict]) -> list[dict]:
    return [
        {"id": c["id"], "scores": {"overall": 50}, "tips": [], "critical": [],
         "turns": [{"index": i, **t, "tags": []} for i, t in enumerate(c["turns"], start=1)]}
        for c in conversations
    ]  # fmt: skip


def test_a_sentence_key_masks_names_numbers_and_placeholders() -> None:
    assert sentence_key("Hi Dana, thanks for contacting Acme.") == sentence_key(
        "Hi #NAME#, thanks for contacting Acme."
    )
    assert sentence_key("Order 5521 ships today, I'm told.") == sentence_key(
        "Order 77 ships today, I'm told."
    )
    assert sentence_key("Thanks!") is None  # courtesy, too short to be a macro


def test_sentences_recurring_across_the_batch_are_macros_and_rare_ones_are_not() -> None:
    counter = MacroCounter()
    for result in saved(batch()):
        counter.add(result["turns"])
    macros = counter.macros()
    assert macros.is_macro(sentence_key(CLOSER))
    assert macros.is_macro(sentence_key("Hi Bo, thanks for contacting Acme Support today."))
    assert not macros.is_macro(sentence_key("Your new sofa ships on Monday morning."))
    assert [n for _, n in counter.top()] == [7, 7, 7]  # greeting, "let me look", closer
    few = MacroCounter()
    for result in saved(batch())[:4]:  # four conversations are not yet "many"
        few.add(result["turns"])
    assert few.macros().keys == frozenset()


def test_scripted_spans_say_which_agent_turns_and_findings_are_macro() -> None:
    counter = MacroCounter()
    results = saved(batch())
    for result in results:
        counter.add(result["turns"])
    macros = counter.macros()
    turns = [(t["index"], t["role"], t["text"]) for t in results[0]["turns"]]
    spans = macros.scripted_spans(turns)
    assert set(spans) == {2, 3} and spans[3] == [(0, len(CLOSER))]
    assert macros.scripted_turns(turns) == {2, 3}  # every sentence of both is a macro
    start = CLOSER.index("hope")  # an "empathy" finding inside the closer earns nothing
    assert in_macro(start, start + 4, spans[3]) and not in_macro(0, 5, [])


def test_a_teams_required_script_is_a_macro_even_once() -> None:
    macros = Macros.from_scripts(["Thank you for choosing Acme. Is there anything else?"])
    text = "Hi Dana, thank you for choosing Acme! The refund is on its way."
    assert macros.spans(text) == [(0, len("Hi Dana, thank you for choosing Acme!"))]
    assert macros.spans("Is there anything else?") == [(0, 23)]
    assert macros.spans("The refund is on its way.") == []


def test_required_scripts_come_from_cscoach_toml(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text('scripts = ["Thank you for choosing Acme."]\n', encoding="utf-8")
    assert load_settings(config).scripts == ("Thank you for choosing Acme.",)


def test_the_summary_lists_macro_lines() -> None:
    summary = summarize(saved(batch()))
    assert (CLOSER, 7) in summary.macros
    assert summary.to_dict()["macro_lines"][0]["conversations"] == 7


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "batch.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in batch()), encoding="utf-8")
    return source


def test_the_terminal_transcript_marks_macro_turns(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["analyze", str(_source(tmp_path)), "-q", "-j", "1"]).stdout
    assert out.count(" macro ") == 14  # the greeting and the closer of each of the 7 chats
    single = tmp_path / "one.jsonl"
    single.write_text(json.dumps(batch()[0]) + "\n", encoding="utf-8")
    alone = CliRunner().invoke(app, ["analyze", str(single), "-q"]).stdout
    assert " macro " not in alone  # one chat: nothing recurs


def test_the_html_transcript_marks_macro_turns(tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    CliRunner().invoke(app, ["analyze", str(_source(tmp_path)), "-f", "html", "-o", str(page)])
    probe = """
    document.querySelector('#c1').click();
    const out = {badges: document.querySelectorAll('#list td.detail .badge.macro').length,
                 note: (document.querySelector('#list td.detail .macro-line') || {}).textContent,
                 errors: window.__errors};
    document.title = JSON.stringify(out);
    """
    out = json.loads(title_of(dump_dom(with_probe(page, probe), tmp_path)).replace("&amp;", "&"))
    assert out["errors"] == [] and out["badges"] == 2
    assert "thanks for contacting Acme Support today." in out["note"]


def test_a_required_script_earns_no_behaviour_credit_but_keeps_its_courtesy() -> None:
    from cscoach.analyzer import Analyzer
    from cscoach.model import Conversation, Turn

    script = "We apologise for any inconvenience caused."
    conversation = Conversation(
        "c",
        (
            Turn("customer", "My parcel is two weeks late and I am really annoyed."),
            Turn("agent", f"Hello! {script} Your parcel ships today."),
        ),
    )
    plain = Analyzer().analyze(conversation)
    scripted = Analyzer(scripts=[script]).analyze(conversation)
    assert plain.scores["apology"] == 100 and scripted.scores["apology"] == 0
    assert scripted.scores["courtesy"] == plain.scores["courtesy"] > 0
    assert [f.tag for f in scripted.turns[1].findings] == [f.tag for f in plain.turns[1].findings]


def test_save_scripts_adds_the_runs_macro_lines_to_the_config_and_keeps_its_comments(
    tmp_path: Path,
) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text('# our team\ncritical = ["negative.dismissive"]  # reviewed\n')
    command = ["summary", str(_source(tmp_path)), "--save-scripts", str(config)]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    text = config.read_text()
    assert text.startswith('# our team\ncritical = ["negative.dismissive"]  # reviewed\n')
    assert set(load_settings(config).scripts) == {
        CLOSER,
        "Hi Dana, thanks for contacting Acme Support today.",
        "Let me look into order 4000 for you now.",
    }
    assert "saved 3 macro lines" in first.stderr
    again = CliRunner().invoke(app, command)
    assert "saved 0 macro lines" in again.stderr and "(3 already there)" in again.stderr
    assert config.read_text() == text


def test_saved_scripts_earn_no_credit_in_the_next_run(tmp_path: Path) -> None:
    from cscoach.analyzer import Analyzer
    from cscoach.model import Conversation, Turn

    line = "We are so sorry for the inconvenience this has caused you."
    chats = [
        {"id": f"c{n}", "turns": [
            {"role": "customer", "text": f"{text} This is really annoying."},
            {"role": "agent", "text": f"{line} Order {5000 + n} ships today."}]}
        for n, text in enumerate(CUSTOMERS)
    ]  # fmt: skip
    source = tmp_path / "chats.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in chats), encoding="utf-8")
    config = tmp_path / "cscoach.toml"
    CliRunner().invoke(app, ["summary", str(source), "--save-scripts", str(config)])
    settings = load_settings(config)
    assert line in settings.scripts
    conversation = Conversation(
        "new", (Turn("customer", "My order is late, this is annoying."), Turn("agent", line))
    )
    assert Analyzer().analyze(conversation).scores["apology"] == 100
    assert Analyzer(scripts=settings.scripts).analyze(conversation).scores["apology"] == 0


def test_save_scripts_into_a_broken_config_is_a_one_line_error(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text("scripts = [unclosed\n")
    result = CliRunner().invoke(
        app, ["summary", str(_source(tmp_path)), "--save-scripts", str(config)]
    )
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"cscoach: error: --save-scripts {config}:")
    assert config.read_text() == "scripts = [unclosed\n"
    assert "Traceback" not in result.output


def test_saved_scripts_are_valid_toml_whatever_the_transcript_held(tmp_path: Path) -> None:
    import tomllib

    from cscoach.scriptfile import save_scripts

    hostile = [
        'He said "stop" \\ then\x7f left \x1b[31m today.',
        "Line\u2028break \ud800 here now.",
    ]
    config = tmp_path / "cscoach.toml"
    saved = save_scripts(config, hostile)
    assert len(saved.added) == 2
    assert tomllib.loads(config.read_text(encoding="utf-8"))["scripts"][0] == hostile[0]
