"""The upset model: what it adds to the rules' reading of customer turns, and how it is
chosen (F-beta thresholds)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import conversation

from cscoach.analyzer import Analyzer
from cscoach.config import Settings
from cscoach.doc import Doc
from cscoach.tagger._sklearn import best_thresholds
from cscoach.tagger.weights import TaggerModel, TagModel, builtin_model
from cscoach.upset import KIND, RULE, TIP_CONFIDENCE, UpsetReader

DEMANDS = TaggerModel(
    {"upset": TagModel("upset", "model", bias=-3.0, threshold=0.5, weights={"w:demand": 6.0})},
    task="upset",
)
"""A model the tests can reason about: "demand" makes a turn upset, nothing else does."""


def _customer(analyzer: Analyzer, text: str):
    result = analyzer.analyze(conversation(("customer", text), ("agent", "Please reinstall it.")))
    return result, result.turns[0]


def test_the_model_reads_upset_where_no_rule_does_and_quotes_the_worst_sentence() -> None:
    analyzer = Analyzer(model=None, upset_model=DEMANDS)
    result, customer = _customer(analyzer, "Order 5512 came. I demand a refund for the delay.")
    (finding,) = [f for f in customer.findings if f.tag == "customer_negative"]
    assert (finding.kind, finding.rule) == (KIND, RULE)
    assert finding.text == "I demand a refund for the delay."
    assert 0.5 <= finding.confidence <= 1
    assert customer.upset
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert "the customer was upset" in tip.tip and tip.context.quote == finding.text


@pytest.mark.parametrize(
    "text",
    [
        "@ Acme Customer Service I demand a refund for the delay.",
        "Order 5512 came. @ Acme Beijing Customer Service I demand a refund for the delay.",
        "@jo_plays @Acme_help I demand a refund for the delay.",
    ],
)
def test_the_finding_starts_at_the_customers_words_not_whom_they_address(text: str) -> None:
    _, customer = _customer(Analyzer(model=None, upset_model=DEMANDS), text)
    (finding,) = [f for f in customer.findings if f.rule == RULE]
    assert finding.text == "I demand a refund for the delay."
    assert text[finding.start : finding.end] == finding.text


def test_the_model_adds_nothing_to_a_calm_turn_or_without_a_model() -> None:
    _, calm = _customer(Analyzer(model=None, upset_model=DEMANDS), "Can I have a refund?")
    assert not calm.upset and not calm.findings
    _, plain = _customer(Analyzer(model=None, upset_model=None), "I demand a refund.")
    assert not any(f.rule == RULE for f in plain.findings)


def test_the_model_never_overrules_the_rules() -> None:
    """A turn a rule finds upset keeps that finding (the model reads only the others)."""
    never = TaggerModel(
        {"upset": TagModel("upset", "model", bias=-9.0, threshold=0.5, weights={})}, task="upset"
    )
    _, customer = _customer(Analyzer(model=None, upset_model=never), "This is ridiculous!")
    assert customer.upset and not any(f.rule == RULE for f in customer.findings)


def test_the_builtin_upset_model_is_learned_and_travels_with_the_analyzer() -> None:
    import pickle

    model = builtin_model("upset")
    assert model.task == "upset" and model.tags["upset"].learned
    assert model.training["tags"]["upset"]["decided_by"] == "model"
    copy = pickle.loads(pickle.dumps(Analyzer(upset_model=DEMANDS)))
    assert copy.upset_model is not None and copy.upset_model.tags["upset"].weights == {
        "w:demand": 6.0
    }


def test_a_model_directory_with_only_an_upset_model_keeps_the_builtin_tagger(
    tmp_path: Path,
) -> None:
    (tmp_path / "upset.json").write_text(DEMANDS.to_json(), encoding="utf-8")
    settings = Settings(model=tmp_path)
    assert settings.upset_model().tags["upset"].weights == {"w:demand": 6.0}
    assert settings.tagger_model() is builtin_model()
    (tmp_path / "upset.json").write_text(json.dumps({"format": "other"}), encoding="utf-8")
    try:
        settings.upset_model()
    except ValueError as exc:
        assert "upset.json" in str(exc) and "not a cscoach tagger model" in str(exc)
    else:
        raise AssertionError("a broken upset.json must be an error naming it")


def test_a_smaller_beta_chooses_a_threshold_at_least_as_precise() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    p = np.clip(y * 0.3 + rng.random(400) * 0.7, 0, 1)
    ruled = np.zeros(400, dtype=bool)

    def precision(threshold: float) -> float:
        chosen = p >= threshold
        return float(y[chosen].mean())

    f1_threshold, _, _ = best_thresholds(y, p, ruled)
    half_threshold, _, _ = best_thresholds(y, p, ruled, beta=0.5)
    assert half_threshold >= f1_threshold
    assert precision(half_threshold) >= precision(f1_threshold)


def test_the_quote_is_the_sentence_that_shows_the_feeling() -> None:
    """The sentence upset.QUOTE_WEIGHTS score highest: a short reproach, question or feeling
    over a long neutral fact; never a bare link or an @-mention alone."""
    analyzer = Analyzer(model=None, upset_model=DEMANDS)
    fact = "Order 5512 came on Monday in a brown box with the receipt and the charger inside"
    cases = {
        f"{fact}. Why do you never answer my demand?": "Why do you never answer my demand?",
        f"{fact}, and I demand a refund. You let me down!": "You let me down!",
        f"I demand a refund. {fact}.": "I demand a refund.",
        "https://example.com/x. Order 5512 came. I demand to know where it is.": (
            "I demand to know where it is."
        ),
        "Hey! I demand to know where my order is.": "I demand to know where my order is.",
        "I demand to know where my order is. @Acme Service Xiaodian· Taiyuan...": (
            "I demand to know where my order is."
        ),
        "I demand to know where my order is. @ Acme Customer Service": (
            "I demand to know where my order is."
        ),
        "@ Acme Demand Desk @Jo Smith. Order 5512 came, I demand a refund.": (
            "Order 5512 came, I demand a refund."
        ),
        "@ O'Neil Demand Desk @Jo Smith. Order 5512 came, I demand a refund.": (
            "Order 5512 came, I demand a refund."
        ),
        "I demand a fix, it restarts every hour! Thank you for your help!": (
            "I demand a fix, it restarts every hour!"  # a thank-you shows no upset
        ),
    }
    for text, expected in cases.items():
        _, customer = _customer(analyzer, text)
        (finding,) = [f for f in customer.findings if f.rule == RULE]
        assert finding.text == expected, text


def test_a_doubtful_model_reading_owes_no_empathy_in_score_or_tip() -> None:
    """Below TIP_CONFIDENCE the model's reading is kept on the turn, but neither the score nor
    a tip judges the reply on it: a "Why" block never shows an empathy 0 that no tip explains.
    A sure reading owes both."""
    doubtful = TaggerModel(
        {"upset": TagModel("upset", "model", bias=-3.0, threshold=0.5, weights={"w:demand": 3.6})},
        task="upset",
    )
    text = "Order 5512 came. I demand a refund for the delay."
    for model, tipped in ((doubtful, False), (DEMANDS, True)):
        result, customer = _customer(Analyzer(model=None, upset_model=model), text)
        (finding,) = [f for f in customer.findings if f.rule == RULE]
        assert (finding.confidence >= TIP_CONFIDENCE) is tipped
        assert customer.upset
        assert result.scores["empathy"] == (0 if tipped else None)
        assert bool([t for t in result.tips if t.tag == "empathy"]) is tipped


def test_vader_alone_owes_no_empathy_in_score_or_tip() -> None:
    """A bug report VADER reads as negative ("conflicts") owes no empathy: no score and no tip
    says the customer was upset; a phrase rule's reading ("ridiculous") owes both."""
    reply = ("agent", "Thanks, we have passed it to our developers.")
    report = "The search column conflicts with the status bar and the error icon blocks the menu."
    result = Analyzer().analyze(conversation(("customer", report), reply))
    assert {f.rule for f in result.turns[0].findings} == {"context.sentiment"}
    assert result.turns[0].upset and result.scores["empathy"] is None
    assert not [t for t in result.tips if t.tag == "empathy"]
    ruled = Analyzer().analyze(conversation(("customer", "This is ridiculous, fix it."), reply))
    assert [t.tag for t in ruled.tips if t.tag == "empathy"] == ["empathy"]
    assert ruled.scores["empathy"] == 0


def test_a_thank_you_is_no_quote_but_thanks_with_a_reproach_is() -> None:
    reader = UpsetReader(DEMANDS)
    text = (
        "I demand a fix. Thank you for your help! Thanks, but this is the third time I ask! "
        "Thanks for nothing!"
    )
    spans, _ = reader.quote_candidates(Doc(text))
    assert [text[s:e] for s, e in spans] == [
        "I demand a fix.",
        "Thanks, but this is the third time I ask!",
        "Thanks for nothing!",
    ]


@pytest.mark.parametrize(
    ("sentence", "addresses"),
    [
        ("@China Unicom Customer Service in Dalian, Liaoning @Peninsula Morning Paper", True),
        ("@ Acme Marketing @Jo Smith @Acme Support", True),
        ("@Acme fix this now, it is broken", False),
        ("@Acme WHY IS THIS BROKEN", False),
        ("@ UBOX @ Customer Service of the UBOX", True),
        ("@Acme the WORST", False),
        ("@ Acme Customer Service http://t.cn/zQqDu0h", True),
        ("@ Acme Customer Service www.acme.example/speed", True),
        ("@Acme http://t.cn/zQqDu0h is broken again", False),
    ],
)
def test_a_run_of_weibo_names_is_no_quote_but_the_customers_words_are(
    sentence: str, addresses: bool
) -> None:
    """A Weibo name runs on in capitalised words and small ones ("in Dalian, Liaoning"), and a
    link beside it adds no words of the customer's; a lowercase or shouted word after the
    @-name is the customer writing."""
    reader = UpsetReader(DEMANDS)
    text = f"The SIM sends messages I never wrote. Please explain that. {sentence}"
    spans, _ = reader.quote_candidates(Doc(text))
    assert (sentence not in [text[s:e] for s, e in spans]) is addresses
