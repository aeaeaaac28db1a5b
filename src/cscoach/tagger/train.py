"""Fitting the tagger to labelled transcripts: per tag, a logistic regression over the turn's
features, its settings and threshold chosen by cross-validation (needs the ``train`` extra).

For each tag the trainer tries a small grid (regularisation, class weighting, and how to read
split reviewer votes), keeps the setting whose out-of-fold F1, pooled over a few fold splits,
is best at its best threshold, then checks that choice on a fresh split of the folds: those are
the figures it reports, so the threshold is not judged on the predictions it was chosen from. A tag with too few positives,
or whose rules score higher than the model, stays on the rules.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..analyzer import Analyzer
from ..model import AGENT_TAGS, Conversation
from .features import agent_turns_in_context, turn_features
from .weights import TaggerModel, TagModel

MIN_POSITIVES = 50
"""Fewer positive turns than this and a tag is not learned: it stays on the rules. With 5
folds a fold then trains on 40 positives; below that the weights of thousands of word features
are noise (30 negative-language turns gave F1 0.28, and missed "you should have read the
manual")."""
MIN_GAIN = 0.02
"""The model takes a tag from the rules only if its cross-validated F1 beats theirs by this
much: rules are exact and explainable, so a tie goes to them."""
MIN_DOCUMENT_FREQUENCY = 3
"""A feature seen in fewer training turns than this is left out (noise, and a bigger file)."""
WEIGHT_DIGITS = 4
GRID_C = (0.1, 0.3, 1.0)
GRID_CLASS_WEIGHT = (None, "balanced")
GRID_RULE_SCALE = (1.0, 3.0)
"""How strongly the rules' features stand out to the learner (see _sklearn.Matrix.scaled)."""
SELECTION_REPEATS = 3
"""Fold splits pooled to choose a tag's setting and thresholds (see _sklearn.choose_setting)."""
ABSENT_RECALL = 0.95
"""A tip may say a turn lacks a learned tag only below the probability that this share of the
tag's turns reach, out of fold: "no turn offers a fix" must not be said of a turn the model
thinks may well offer one."""
VOTE_READINGS = ("agreed", "soft", "drop")
"""How a turn some reviewers tagged and others did not is read: as negative (only agreed
labels count), as half positive, or left out of that tag's training."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled agent turn, as the tagger sees it."""

    features: frozenset[str]
    labels: frozenset[str]
    judged: frozenset[str]
    rule_tags: frozenset[str]
    split: frozenset[str] = frozenset()
    """Tags some reviewers gave and others did not (from metadata.votes)."""
    origin: str = ""
    """The file the turn came from (its name), for per-file figures."""


@dataclass(slots=True)
class Figures:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0

    @classmethod
    def of(cls, truth: Sequence[bool], predicted: Sequence[bool]) -> Figures:
        tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
        fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(round(precision, 4), round(recall, 4), round(f1, 4))

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(slots=True)
class TagReport:
    """What training found for one tag: the choice made and the figures behind it."""

    tag: str
    judged: int
    positives: int
    rules: Figures
    decided_by: str = "rules"
    reason: str = ""
    cross_validated: Figures | None = None
    by_file: dict[str, Figures] = field(default_factory=dict)
    """Cross-validated figures on each training file's turns, where there are several."""
    setting: dict[str, Any] = field(default_factory=dict)
    threshold: float | None = None
    """None: the model never adds the tag where no rule fired."""
    threshold_with_rule: float | None = None
    absent_below: float | None = None
    """Below this probability a tip may say the tag is missing (see ABSENT_RECALL)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "judged": self.judged,
            "positives": self.positives,
            "decided_by": self.decided_by,
            "rules": self.rules.to_dict(),
        }
        if self.cross_validated is not None:
            data["cross_validated"] = self.cross_validated.to_dict()
            if self.by_file:
                data["cross_validated_by_file"] = {
                    name: figures.to_dict() for name, figures in self.by_file.items()
                }
            data["setting"] = self.setting
            data["threshold"] = self.threshold
            data["threshold_with_rule"] = self.threshold_with_rule
            data["absent_below"] = self.absent_below
        if self.reason:
            data["reason"] = self.reason
        return data


class TrainingError(ValueError):
    """Training cannot proceed; the message says why."""


def turn_label_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) of a JSON Lines file of labels naming customer turns, each with an
    ``"id": "CONVERSATION_ID:TURN"``; TrainingError naming the file and line on a bad one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise TrainingError(f"{path}: cannot read: {reason}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise TrainingError(f"{path}:{number}: invalid JSON: {exc}") from None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or ":" not in row["id"]:
            raise TrainingError(f'{path}:{number}: needs "id": "CONVERSATION_ID:TURN"')
        yield number, row


def examples_from(conversations: Iterable[Conversation], analyzer: Analyzer) -> list[Example]:
    """Every labelled agent turn, with its rule evidence and context, for training."""
    out = []
    for conversation in conversations:
        judged = _judged(conversation)
        split = _split_votes(conversation.metadata)
        for tr, context in agent_turns_in_context(analyzer.detect(conversation)):
            if tr.turn.labels is None:
                continue
            features = turn_features(tr.doc, tr.findings, context)
            labels = frozenset(tr.turn.labels)
            origin = Path(conversation.source or "-").name
            out.append(
                Example(frozenset(features), labels, judged, tr.tags, split - labels, origin)
            )
    return out


def _judged(conversation: Conversation) -> frozenset[str]:
    """The agent tags the conversation's labels speak for (metadata.label_set; default all)."""
    label_set = conversation.metadata.get("label_set")
    if label_set is None:
        return frozenset(AGENT_TAGS)
    if not isinstance(label_set, list) or not all(isinstance(t, str) for t in label_set):
        raise TrainingError(
            f"{conversation.source}: conversation {conversation.id!r}: "
            "metadata.label_set must be a list of tag ids"
        )
    unknown = sorted(set(label_set) - set(AGENT_TAGS))
    if unknown:
        raise TrainingError(
            f"{conversation.source}: conversation {conversation.id!r}: "
            f"metadata.label_set names {unknown[0]!r}, which is not an agent tag"
        )
    return frozenset(label_set)


def _split_votes(metadata: Mapping[str, Any]) -> frozenset[str]:
    """Tags that some but not all reviewers gave, where the file records votes."""
    votes = metadata.get("votes")
    if not isinstance(votes, Mapping):
        return frozenset()
    counts = [v for v in votes.values() if isinstance(v, int) and not isinstance(v, bool)]
    annotators = metadata.get("annotators")
    if not isinstance(annotators, int) or isinstance(annotators, bool):
        annotators = max(counts, default=0)
    return frozenset(
        tag
        for tag, v in votes.items()
        if isinstance(v, int) and not isinstance(v, bool) and 0 < v < annotators
    )


def fit(
    examples: Sequence[Example],
    *,
    seed: int = 0,
    folds: int = 5,
    jobs: int = 1,
    min_positives: int = MIN_POSITIVES,
    on_tag: Callable[[TagReport], None] | None = None,
    labels: Sequence[str] = AGENT_TAGS,
    beta: float = 1.0,
) -> tuple[dict[str, TagModel], list[TagReport]]:
    """Per-label models (the agent tags, or the request model's labels) and the report of how
    each was chosen. Settings and thresholds maximise out-of-fold F-beta (``beta`` < 1 where a
    wrong label costs more than a missed one)."""
    if not examples:
        raise TrainingError("no labelled turns (agent turns need a 'labels' list)")
    vocabulary = _vocabulary(examples)
    tags: dict[str, TagModel] = {}
    reports = []
    for tag in labels:
        rows = [e for e in examples if tag in e.judged]
        if not rows:
            continue
        report, model = _fit_tag(tag, rows, vocabulary, seed, folds, jobs, min_positives, beta)
        tags[tag] = model
        reports.append(report)
        if on_tag:
            on_tag(report)
    return tags, reports


def _vocabulary(examples: Sequence[Example]) -> list[str]:
    """Features in at least MIN_DOCUMENT_FREQUENCY turns but not in all of them: a feature
    every training turn has (every turn the first of its conversation, say) tells nothing,
    and would only move the bias of turns that lack it."""
    frequency = Counter(f for e in examples for f in e.features)
    n = len(examples)
    return sorted(f for f, df in frequency.items() if MIN_DOCUMENT_FREQUENCY <= df < n)


def _fit_tag(
    tag: str,
    rows: Sequence[Example],
    vocabulary: list[str],
    seed: int,
    folds: int,
    jobs: int,
    min_positives: int,
    beta: float = 1.0,
) -> tuple[TagReport, TagModel]:
    truth = [tag in e.labels for e in rows]
    rule_figures = Figures.of(truth, [tag in e.rule_tags for e in rows])
    report = TagReport(tag, len(rows), sum(truth), rule_figures)
    precision = rule_figures.precision if any(tag in e.rule_tags for e in rows) else None
    negatives = len(rows) - report.positives
    if report.positives < max(min_positives, folds) or negatives < folds:
        report.reason = (
            f"{report.positives} positive turns: too few to learn (needs {min_positives})"
            if report.positives < max(min_positives, folds)
            else f"{negatives} negative turns: too few to learn"
        )
        return report, TagModel(tag, "rules", rule_precision=precision, reason=report.reason)

    import numpy as np

    from ._sklearn import Matrix, choose_setting, final_fit, out_of_fold

    matrix = Matrix(rows, vocabulary, tag)
    setting, plain, with_rule = choose_setting(
        matrix,
        GRID_C,
        GRID_CLASS_WEIGHT,
        GRID_RULE_SCALE,
        _readings(rows, tag),
        seed,
        folds,
        jobs,
        SELECTION_REPEATS,
        beta,
    )
    report.setting = setting
    report.threshold = None if plain > 1 else round(plain, 3)
    report.threshold_with_rule = min(1.0, round(with_rule, 3))
    p = out_of_fold(matrix, setting, seed + 1, folds, jobs)
    predicted = np.where(matrix.ruled, p >= with_rule, p >= plain)
    report.absent_below = round(
        min(plain, float(np.quantile(p[matrix.y == 1], 1 - ABSENT_RECALL))), 3
    )
    report.cross_validated = Figures.of(truth, predicted.tolist())
    origins = sorted({e.origin for e in rows})
    if len(origins) > 1:
        for origin in origins:
            mine = [i for i, e in enumerate(rows) if e.origin == origin]
            report.by_file[origin] = Figures.of(
                [truth[i] for i in mine], [bool(predicted[i]) for i in mine]
            )
    if report.cross_validated.f1 < rule_figures.f1 + MIN_GAIN:
        report.reason = (
            f"the model does not beat the rules by {MIN_GAIN} (F1 {rule_figures.f1:.2f} rules, "
            f"{report.cross_validated.f1:.2f} model, cross-validated)"
        )
        return report, TagModel(tag, "rules", rule_precision=precision, reason=report.reason)
    report.decided_by = "model"
    bias, weights = final_fit(matrix, setting)
    rounded = {
        f: round(w, WEIGHT_DIGITS) for f, w in weights.items() if round(w, WEIGHT_DIGITS) != 0
    }
    ordered = dict(sorted(rounded.items(), key=lambda item: (-item[1], item[0])))
    return report, TagModel(
        tag,
        "model",
        round(bias, WEIGHT_DIGITS),
        report.threshold,
        ordered,
        precision,
        threshold_with_rule=report.threshold_with_rule,
        absent_below=report.absent_below,
    )


def _readings(rows: Sequence[Example], tag: str) -> tuple[str, ...]:
    return VOTE_READINGS if any(tag in e.split for e in rows) else VOTE_READINGS[:1]


def file_facts(paths: Sequence[Path], conversations: Sequence[Conversation]) -> dict[str, Any]:
    """What the model card says of the data: each file's name, hash and counts, the sources
    named in the conversations' metadata, and what a README beside a file says of it."""
    files = []
    for path in paths:
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        mine = [c for c in conversations if c.source == str(path)]
        labelled = sum(
            1 for c in mine for t in c.turns if t.role == "agent" and t.labels is not None
        )
        files.append(
            {
                "name": path.name,
                "sha256": digest,
                "conversations": len(mine),
                "labelled_agent_turns": labelled,
                "about": _readme_lines(path),
            }
        )
    sources = Counter(
        str(c.metadata["source"])
        for c in conversations
        if isinstance(c.metadata.get("source"), str)
    )
    return {"files": files, "sources": dict(sorted(sources.items()))}


def _readme_lines(path: Path) -> list[str]:
    """Lines of a README.md beside the file that name it: its origin and licence, usually."""
    readme = path.parent / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [" ".join(line.split()) for line in text.splitlines() if path.name in line][:5]


def build_model(
    tags: Mapping[str, TagModel],
    reports: Sequence[TagReport],
    facts: Mapping[str, Any],
    seed: int,
    folds: int,
    min_positives: int = MIN_POSITIVES,
    task: str = "tags",
) -> TaggerModel:
    training = {
        "cscoach_version": __version__,
        "seed": seed,
        "folds": folds,
        "min_positives": min_positives,
        "min_document_frequency": MIN_DOCUMENT_FREQUENCY,
        **facts,
        "tags": {r.tag: r.to_dict() for r in reports},
    }
    return TaggerModel(dict(tags), training, "trained", task)
