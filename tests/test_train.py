"""`cscoach train`: fits on labelled transcripts, writes a model and its card, round-trips."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.tagger.weights import load_model

PROBLEMS = ["my parcel is late", "the app crashes on start", "I was charged twice",
            "my password reset fails", "the invoice is wrong", "my card was declined"]  # fmt: skip
APOLOGIES = ["Sorry about that.", "We apologise for the trouble.", "So sorry to hear it."]
QUESTIONS = ["Which phone do you use?", "Could you send the order number?", "When did it start?"]
FIXES = ["Zorbix flush applied on the hub.", "Quantel relink done at the depot.",
         "Hub zorbix sorted at the depot."]  # fmt: skip
"""A team's own jargon for a fix: no built-in rule knows it, so only a learned model can."""
FILLERS = ["Thanks for waiting.", "We are looking at it.", "Noted."]


def labelled_conversations(n: int, seed: int = 7) -> list[dict]:
    """Agent turns whose labels follow their wording: apologies, questions, fixes."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts, labels = [], []
        for tag, pool in (("apology", APOLOGIES), ("clarifying_question", QUESTIONS),
                          ("solution", FIXES)):  # fmt: skip
            if rng.random() < 0.45:
                parts.append(rng.choice(pool))
                labels.append(tag)
        if not parts:
            parts.append(rng.choice(FILLERS))
        if i % 30 == 0:
            parts.append("That must be so stressful.")
            labels.append("empathy")
        out.append(
            {
                "id": f"c{i}",
                "metadata": {
                    "label_set": ["apology", "clarifying_question", "solution", "empathy"]
                },
                "turns": [
                    {"role": "customer", "text": f"Hello, {rng.choice(PROBLEMS)}."},
                    {"role": "agent", "text": " ".join(parts), "labels": labels},
                ],
            }
        )
    return out


@pytest.fixture(scope="module")
def training_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "team.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in labelled_conversations(130)))
    return path


@pytest.fixture(scope="module")
def trained(training_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("model")
    result = CliRunner().invoke(app, ["train", str(training_file), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_train_writes_a_readable_model_and_card(trained: tuple[Path, str]) -> None:
    out, printed = trained
    model = load_model(out)
    for tag in ("apology", "clarifying_question", "solution"):
        assert tag in model.tags
    assert "Cross-validated" in printed and "solution" in printed
    card = (out / "MODEL_CARD.md").read_text()
    assert "team.jsonl" in card and "sha256" in card and "seed: 0" in card
    facts = model.training["tags"]["solution"]
    assert facts["positives"] > 15 and "cross_validated" in facts
    assert 0 <= facts["cross_validated"]["f1"] <= 1
    assert model.tags["solution"].decided_by == "model", "the rules cannot know the jargon"
    assert model.tags["apology"].decided_by == "rules", "a tie goes to the rules"
    assert "does not beat the rules" in model.tags["apology"].reason


def test_a_trained_model_finds_what_the_rules_cannot(trained: tuple[Path, str]) -> None:
    from conftest import conversation

    from cscoach.analyzer import Analyzer

    out, _ = trained
    chat = conversation(
        ("customer", "Hello, my parcel is late."), ("agent", "Zorbix flush applied on the hub.")
    )
    assert "solution" not in Analyzer(model=None).analyze(chat).turns[1].tags
    (found,) = [
        f
        for f in Analyzer(model=load_model(out)).analyze(chat).turns[1].findings
        if f.tag == "solution"
    ]
    assert found.rule == "model.solution" and found.text == "Zorbix flush applied on the hub."
    assert found.confidence >= load_model(out).tags["solution"].threshold


def test_a_trained_tag_knows_where_it_is_surely_absent(trained: tuple[Path, str]) -> None:
    out, _ = trained
    for tag in load_model(out).learned:
        assert tag.absent_below is not None and tag.threshold is not None
        assert 0 <= tag.absent_below <= tag.threshold, tag.tag


def test_a_tag_with_too_few_positives_stays_on_the_rules(trained: tuple[Path, str]) -> None:
    out, printed = trained
    empathy = load_model(out).tags["empathy"]
    assert empathy.decided_by == "rules"
    assert "too few to learn" in empathy.reason
    assert "empathy: kept on the rules" in printed


def test_training_is_deterministic(
    training_file: Path, trained: tuple[Path, str], tmp_path
) -> None:
    first, _ = trained
    again = CliRunner().invoke(app, ["train", str(training_file), "-o", str(tmp_path), "-j", "1"])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "model.json").read_bytes() == (first / "model.json").read_bytes()
    assert (tmp_path / "MODEL_CARD.md").read_bytes() == (first / "MODEL_CARD.md").read_bytes()


def test_analyze_and_eval_use_a_trained_model(
    training_file: Path, trained: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = trained
    runner = CliRunner()
    analysed = runner.invoke(
        app, ["analyze", str(training_file), "-f", "jsonl", "-q", "--model", str(out)]
    )
    assert analysed.exit_code in (0, 1), analysed.output
    first = json.loads(analysed.stdout.splitlines()[0])
    assert all("confidence" in tag for turn in first["turns"] for tag in turn["tags"])
    evaluated = runner.invoke(app, ["eval", str(training_file), "-f", "json", "--model", str(out)])
    assert evaluated.exit_code == 0, evaluated.output
    data = json.loads(evaluated.stdout)
    assert "rules_only" in data and "solution" in data["cross_validated_f1"]
    config = tmp_path / "cscoach.toml"
    config.write_text(f'model = "{out}"\n')
    by_config = runner.invoke(
        app, ["eval", str(training_file), "-f", "json", "--config", str(config)]
    )
    assert json.loads(by_config.stdout)["cross_validated_f1"] == data["cross_validated_f1"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{broken\n", "invalid JSON"),
        (json.dumps({"id": "x", "turns": [{"role": "agent", "text": "Hi"}]}) + "\n",
         "no labelled agent turns"),
        (json.dumps({"id": "x", "metadata": {"label_set": 5},
                     "turns": [{"role": "agent", "text": "Hi", "labels": []}]}) + "\n",
         "label_set must be a list"),
        (json.dumps({"id": "x", "turns": [{"role": "agent", "text": "Hi", "labels": ["nice"]}]})
         + "\n", "unknown label 'nice'"),
    ],
)  # fmt: skip
def test_bad_training_files_get_one_line_naming_the_file(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    result = CliRunner().invoke(app, ["train", str(path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "bad.jsonl" in message and problem in message
    assert not (tmp_path / "m" / "model.json").exists()


def test_train_without_scikit_learn_says_how_to_get_it(
    tmp_path: Path, training_file: Path, monkeypatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "sklearn", None)
    result = CliRunner().invoke(app, ["train", str(training_file), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "pip install 'cscoach[train]'" in result.stderr


def test_a_bad_model_directory_is_a_usage_error(tmp_path: Path, training_file: Path) -> None:
    (tmp_path / "model.json").write_text('{"format": "something else"}')
    result = CliRunner().invoke(app, ["analyze", str(training_file), "--model", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a cscoach tagger model" in result.stderr


def test_settings_are_chosen_on_several_fold_splits_pooled() -> None:
    """Between close settings one split's luck decides; the trainer pools repeated splits and
    keeps the setting whose pooled out-of-fold F1 is best."""
    import numpy as np

    from cscoach.tagger._sklearn import (
        SPLIT_SEED_STEP,
        Matrix,
        best_thresholds,
        choose_setting,
        out_of_fold,
    )
    from cscoach.tagger.train import Example

    rng = random.Random(3)
    words = [f"w:{i}" for i in range(12)]
    rows = []
    for _ in range(120):
        features = frozenset(rng.sample(words, 4))
        noisy = rng.random() < 0.2
        label = ("w:0" in features or "w:1" in features) != noisy
        rows.append(Example(features, frozenset({"solution"} if label else ()),
                            frozenset({"solution"}), frozenset()))  # fmt: skip
    matrix = Matrix(rows, words, "solution")
    grid = dict(grid_c=(0.01, 1.0), grid_class_weight=(None,), grid_rule_scale=(1.0,))
    chosen, plain, _ = choose_setting(matrix, **grid, readings=("agreed",), seed=0, folds=4,
                                      jobs=1, repeats=3)  # fmt: skip

    def pooled(c: float) -> tuple[float, float]:
        setting = {"C": c, "class_weight": None, "rule_scale": 1.0, "votes": "agreed"}
        p = np.concatenate([out_of_fold(matrix, setting, SPLIT_SEED_STEP * r, 4, 1)
                            for r in range(3)])  # fmt: skip
        threshold, _, f1 = best_thresholds(np.tile(matrix.y, 3), p, np.tile(matrix.ruled, 3))
        return f1, threshold

    scores = {c: pooled(c) for c in grid["grid_c"]}
    best = max(scores, key=lambda c: scores[c][0])
    assert chosen["C"] == best and plain == scores[best][1]
    first = out_of_fold(matrix, {**chosen}, 0, 4, 1)
    assert not np.array_equal(first, out_of_fold(matrix, {**chosen}, SPLIT_SEED_STEP, 4, 1))


def _upset_data(tmp_path: Path) -> tuple[Path, Path]:
    """Customer turns no phrase rule reads as upset: the made-up word 'zorbled' marks the
    upset ones (as a team's own jargon might), the others are plain questions."""
    rng = random.Random(7)
    items = ["parcel", "invoice", "router", "voucher", "account", "refund", "tablet", "plan"]
    conversations, labels = [], []
    for n in range(80):
        thing = rng.choice(items)
        upset = n % 2 == 0
        text = (
            f"My {thing} got zorbled again by your people, week {n}."
            if upset
            else f"Where can I see the {thing} details for week {n}?"
        )
        conversations.append(
            {"id": f"u{n}", "turns": [{"role": "customer", "text": text},
                                      {"role": "agent", "text": "Thanks, let me check."}]}
        )  # fmt: skip
        labels.append({"id": f"u{n}:1", "upset": upset})
    source = tmp_path / "chats.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    label_file = tmp_path / "upset-labels.jsonl"
    label_file.write_text("".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8")
    return source, label_file


def test_train_upset_writes_a_model_analyze_uses(tmp_path: Path) -> None:
    source, labels = _upset_data(tmp_path)
    out = tmp_path / "team-model"
    command = ["train", str(source), "--upset", str(labels), "-o", str(out)]
    result = CliRunner().invoke(app, [*command, "--min-positives", "10", "-j", "1"])
    assert result.exit_code == 0, result.output
    model = load_model(out, "upset")
    assert model.tags["upset"].learned and model.tags["upset"].weights["w:zorbled"] > 0
    assert (out / "UPSET_CARD.md").read_text().startswith("# cscoach upset model card")
    chat = tmp_path / "new.jsonl"
    chat.write_text(json.dumps({"id": "n", "turns": [
        {"role": "customer", "text": "My router got zorbled again by your people."},
        {"role": "agent", "text": "Please restart it."}]}) + "\n", encoding="utf-8")  # fmt: skip
    analysed = CliRunner().invoke(app, ["analyze", str(chat), "-f", "json", "--model", str(out)])
    kinds = [f["kind"] for f in json.loads(analysed.stdout)["turns"][0]["tags"]]
    assert "feeling" in kinds


def test_train_upset_rejects_bad_labels_and_two_models_at_once(tmp_path: Path) -> None:
    source, labels = _upset_data(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "u1:1", "upset": "yes"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(source), "--upset", str(bad), "-o", "m"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f'cscoach: error: {bad}:1: needs "upset": true or false'
    both = ["train", str(source), "--upset", str(labels), "--requests", str(labels), "-o", "m"]
    result = CliRunner().invoke(app, both)
    assert result.exit_code == 2 and "give one of them" in result.stderr
