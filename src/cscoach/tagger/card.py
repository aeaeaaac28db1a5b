"""Writing a model directory: the weights (model.json) and a model card a person reads first."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .weights import FILES, TaggerModel


def write_model(directory: Path, model: TaggerModel) -> None:
    """Write the model file and its card (model.json and MODEL_CARD.md for the tagger,
    requests.json and REQUESTS_CARD.md for the request model, upset.json and UPSET_CARD.md for
    the upset model) into ``directory``, atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    model_file, card_file = FILES[model.task]
    _write_atomic(directory / model_file, model.to_json())
    card = model_card(model.training, INTROS[model.task])
    _write_atomic(directory / card_file, card)


def _write_atomic(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


TAGGER_INTRO = (
    "# cscoach tagger model card",
    "A per-tag logistic regression over each agent turn's features: the phrase rules' hits "
    "(one feature per rule id), words and word pairs, overlap with the customer's last "
    "turn, question form, position, length and the customer's negativity. Weights are in "
    "`model.json`, largest first. Made by `cscoach train`.",
)
REQUESTS_INTRO = (
    "# cscoach request model card",
    "Logistic regressions over customer requests and their replies. `request`: does a customer "
    "turn ask for something (its question and request forms, fault reports, words, and whether "
    "it answers the agent's own question)? One label per handling (answered, partial, clarify, "
    "deferred, redirect, missed): the reply's cues (an answer form, steps, a question for "
    "details, a promise to follow up, a pointer elsewhere and its reason), its words and tags, "
    "its overlap with the request, and what the customer said next; the most probable handling "
    "wins. `no_reply` needs no model. Weights are in `requests.json`, largest first. Made by "
    "`cscoach train --requests`. In the tables, a 'turn' is a labelled customer turn (request) "
    "or a labelled request with a reply (handling).",
)


UPSET_INTRO = (
    "# cscoach upset model card",
    "A logistic regression over customer turns: is the customer upset (frustration, anger, "
    "worry, sarcasm, a complaint about the service), or writing neutrally (a question, a detail, "
    "a plain fault report)? Features: the turn's words and word pairs, VADER-lexicon valence "
    "with negation, question form, exclamation (not length), the customer rules that fired and "
    "VADER's reading of the turn and of its worst sentence. It adds upset only where no rule "
    "found it, and learns from those turns only. Weights are in `upset.json`, largest first. Made by "
    "`cscoach train --upset`. In the tables, a 'turn' is a labelled customer turn.",
)
INTROS = {"tags": TAGGER_INTRO, "requests": REQUESTS_INTRO, "upset": UPSET_INTRO}


def requests_card(training: Mapping[str, Any]) -> str:
    return model_card(training, REQUESTS_INTRO)


def model_card(training: Mapping[str, Any], intro: tuple[str, str] = TAGGER_INTRO) -> str:
    """The card: what the model was trained on, how it was chosen, and how well it did."""
    lines = [
        intro[0],
        "",
        intro[1],
        "",
        f"- cscoach version: {training.get('cscoach_version')}",
        f"- seed: {training.get('seed')}, folds: {training.get('folds')}",
        f"- a tag needs at least {training.get('min_positives')} positive turns to be learned; "
        f"a feature must occur in at least {training.get('min_document_frequency')} turns",
        "",
        "## Training data",
        "",
        f"| file | sha256 | conversations | {training.get('counted', 'labelled agent turns')} |",
        "|---|---|---|---|",
    ]
    files = training.get("files", [])
    for f in files:
        lines.append(
            f"| {f['name']} | `{f['sha256']}` | {f['conversations']} | {f['labelled_agent_turns']} |"
        )
    about = [line for f in files for line in f.get("about", [])]
    if about:
        lines += ["", "What the data's README says of it (origin and licence):", ""]
        lines += [f"> {line}" for line in about]
    sources = training.get("sources", {})
    if sources:
        lines += ["", "Conversations by `metadata.source`: "]
        lines[-1] += ", ".join(f"{name} {count}" for name, count in sources.items())
    lines += [
        "",
        "## Per tag",
        "",
        "Each learned tag has two thresholds, chosen together by cross-validation: one for turns "
        "where no rule for the tag fired (how sure the model must be to add the tag) and one for "
        "turns where a rule did (below it, the model overrules the rule). Cross-validated figures "
        "use the chosen setting and thresholds on a fresh split of the folds (the thresholds are "
        "not judged on the predictions they were chosen from). Rules: the "
        "phrase rules alone on the same turns. Below the third threshold, which 95% of the "
        "tag's turns reach out of fold, the tag counts as absent; between it and the first, "
        "as possible, and no tip says the turn lacks it.",
        "",
        "| tag | judged | positives | decided by | rules P / R / F1 | model P / R / F1 "
        "(cross-validated) | thresholds: no rule / rule hit / absent below | setting |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for tag, facts in training.get("tags", {}).items():
        rules = facts["rules"]
        cv = facts.get("cross_validated")
        setting = facts.get("setting")
        lines.append(
            f"| {tag} | {facts['judged']} | {facts['positives']} | {facts['decided_by']} | "
            f"{_prf(rules)} | {_prf(cv) if cv else '-'} | {_thresholds(facts)} | "
            f"{_setting(setting) if setting else '-'} |"
        )
    by_file = [
        (tag, name, figures)
        for tag, facts in training.get("tags", {}).items()
        for name, figures in facts.get("cross_validated_by_file", {}).items()
    ]
    if by_file:
        lines += [
            "",
            "Cross-validated by training file (a file used for training has no held-out figures "
            "of its own: these are they):",
            "",
            "| tag | file | model P / R / F1 |",
            "|---|---|---|",
        ]
        lines += [f"| {tag} | {name} | {_prf(figures)} |" for tag, name, figures in by_file]
    reasons = [(t, f["reason"]) for t, f in training.get("tags", {}).items() if f.get("reason")]
    if reasons:
        lines += ["", "Tags left to the rules:", ""]
        lines += [f"- {tag}: {reason}" for tag, reason in reasons]
    return "\n".join(lines) + "\n"


def _thresholds(facts: Mapping[str, Any]) -> str:
    if facts.get("threshold_with_rule") is None:
        return "-"
    plain = facts.get("threshold")
    absent = facts.get("absent_below")
    return (
        f"{'never' if plain is None else plain} / {facts['threshold_with_rule']} / "
        f"{'-' if absent is None else absent}"
    )


def _prf(figures: Mapping[str, float]) -> str:
    return f"{figures['precision']:.2f} / {figures['recall']:.2f} / {figures['f1']:.2f}"


def _setting(setting: Mapping[str, Any]) -> str:
    weight = setting.get("class_weight") or "none"
    return (
        f"C={setting['C']}, class weight {weight}, rule scale {setting['rule_scale']}, "
        f"split votes: {setting['votes']}"
    )
