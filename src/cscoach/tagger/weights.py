"""The tagger's model file: per-tag logistic weights in readable JSON, and inference without
scikit-learn (one product of a batch's sparse binary features with the weights, and a sigmoid).

``model.json`` holds, per agent tag, either ``"decided_by": "model"`` with a bias, a threshold
and ``weights`` (feature name -> weight, largest first), or ``"decided_by": "rules"`` with the
reason the model was not trusted for it. ``training`` records how the model was made (the model
card's facts). No pickle: a model file is data that can be read, diffed and reviewed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import accumulate, chain
from pathlib import Path
from typing import Any

import numpy as np

from ..model import AGENT_TAGS, REQUEST_LABELS, UPSET_LABELS

FORMAT = "cscoach-tagger"
FORMAT_VERSION = 1
MODEL_FILE = "model.json"
CARD_FILE = "MODEL_CARD.md"
REQUESTS_FILE = "requests.json"
REQUESTS_CARD_FILE = "REQUESTS_CARD.md"
UPSET_FILE = "upset.json"
UPSET_CARD_FILE = "UPSET_CARD.md"
TASKS: Mapping[str, tuple[str, ...]] = {
    "tags": AGENT_TAGS,
    "requests": REQUEST_LABELS,
    "upset": UPSET_LABELS,
}
"""What a model file decides: agent turns' tags, or customer requests and their handling (one
binary label per handling value, plus ``request`` itself), or whether a customer is upset. All
use the same trainer and file format."""
FILES = {
    "tags": (MODEL_FILE, CARD_FILE),
    "requests": (REQUESTS_FILE, REQUESTS_CARD_FILE),
    "upset": (UPSET_FILE, UPSET_CARD_FILE),
}
BUILTIN_NAMES = {
    "tags": "built-in model",
    "requests": "built-in request model",
    "upset": "built-in upset model",
}


class ModelError(ValueError):
    """A model directory or file cannot be used; the message names it and the problem."""


@dataclass(frozen=True, slots=True)
class TagModel:
    """How one tag is decided: by learned weights, or by the rules alone."""

    tag: str
    decided_by: str
    """"model" or "rules"."""
    bias: float = 0.0
    threshold: float | None = 0.5
    """The threshold where no rule for the tag fired; None: the model never adds the tag on
    its own, it only overrules rule hits."""
    weights: Mapping[str, float] = field(default_factory=dict)
    rule_precision: float | None = None
    """Measured precision of the rules for this tag in training: the confidence of a rule hit
    for a tag the model does not decide."""
    reason: str = ""
    threshold_with_rule: float | None = None
    """The threshold where a rule for the tag fired (the model must be this unsure to overrule
    it); ``threshold`` applies to turns where none did. Both chosen by cross-validation."""
    absent_below: float | None = None
    """Below this probability the model is sure the tag is absent; between it and the tag's
    threshold the tag is only *possible*. A tip that says a turn lacks the tag speaks only when
    it is absent (chosen in training so that 95% of the tag's turns reach it, out of fold)."""

    def accepts(self, probability: float, ruled: bool) -> bool:
        if ruled and self.threshold_with_rule is not None:
            return probability >= self.threshold_with_rule
        return self.threshold is not None and probability >= self.threshold

    def possible(self, probability: float, ruled: bool) -> bool:
        """Not accepted, yet too likely for a tip to say the tag is missing."""
        return (
            self.absent_below is not None
            and probability >= self.absent_below
            and not self.accepts(probability, ruled)
        )

    @property
    def learned(self) -> bool:
        return self.decided_by == "model"


@dataclass(frozen=True)
class TaggerModel:
    tags: Mapping[str, TagModel]
    training: Mapping[str, Any] = field(default_factory=dict)
    source: str = "built-in"
    task: str = "tags"

    def __post_init__(self) -> None:
        learned = tuple(t for t in self.tags.values() if t.learned)
        names = sorted({f for t in learned for f in t.weights})
        column = {f: i for i, f in enumerate(names)}
        weights = np.zeros((len(names) + 1, len(learned)))  # the last row: no feature
        for position, tag in enumerate(learned):
            for feature, weight in tag.weights.items():
                weights[column[feature], position] = weight
        object.__setattr__(self, "_learned", learned)
        object.__setattr__(self, "_column", column)
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_biases", np.array([t.bias for t in learned]))

    @property
    def learned(self) -> tuple[TagModel, ...]:
        return self._learned  # type: ignore[attr-defined]

    def probability_table(self, batch: Sequence[Iterable[str]]) -> list[dict[str, float]]:
        """P(tag) for every learned tag, for each item of a batch of feature sets.

        The batch's features are a sparse binary matrix (items x features, in CSR form: the
        column indices of each row); its product with the weights is each row's weight rows
        gathered and summed segment by segment (``np.add.reduceat``) in numpy: building a
        scipy sparse matrix costs more per conversation than the product itself. Each item's
        columns are sorted, so the sums run in the same order whatever the order of
        ``features`` (a set's order changes with each process's string hashing); every row
        ends with the all-zero row, so no segment is empty."""
        column: dict[str, int] = self._column  # type: ignore[attr-defined]
        none = len(column)
        rows = [[*_columns(features, column), none] for features in batch]
        starts = np.fromiter(accumulate(map(len, rows[:-1]), initial=0), np.int64, len(rows))
        indices = np.fromiter(chain.from_iterable(rows), np.int64)
        sums = np.add.reduceat(self._weights[indices], starts, axis=0)  # type: ignore[attr-defined]
        table = _sigmoid(sums + self._biases).tolist()  # type: ignore[attr-defined]
        tags = [t.tag for t in self._learned]  # type: ignore[attr-defined]
        return [dict(zip(tags, row, strict=True)) for row in table]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """P(tag) for every learned tag, given one item's features."""
        return self.probability_table([features])[0]

    def to_json(self) -> str:
        tags = {}
        for tag in TASKS[self.task]:
            if tag not in self.tags:
                continue
            t = self.tags[tag]
            entry: dict[str, Any] = {"decided_by": t.decided_by}
            if t.learned:
                entry |= {"bias": t.bias, "threshold": t.threshold}
                if t.threshold_with_rule is not None:
                    entry["threshold_with_rule"] = t.threshold_with_rule
                if t.absent_below is not None:
                    entry["absent_below"] = t.absent_below
            if t.rule_precision is not None:
                entry["rule_precision"] = t.rule_precision
            if t.reason:
                entry["reason"] = t.reason
            if t.learned:
                entry["weights"] = dict(t.weights)
            tags[tag] = entry
        data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
        if self.task != "tags":
            data["task"] = self.task  # a tagger file stays as it always was
        data |= {"tags": tags, "training": dict(self.training)}
        return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _columns(features: Iterable[str], column: Mapping[str, int]) -> list[int]:
    """The columns of the features the model has weights for, in order, each once."""
    found = set(map(column.get, features))
    found.discard(None)
    return sorted(found)  # type: ignore[arg-type]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), without overflow for large |z|."""
    return np.exp(-np.logaddexp(0.0, -z))


def parse_model(text: str, where: str, task: str = "tags") -> TaggerModel:
    """A TaggerModel from model.json text; ModelError naming ``where`` on any problem."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ModelError(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f'{where}: not a cscoach tagger model (no "format": "{FORMAT}")')
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{where}: model format version {data.get('format_version')!r} is not supported "
            f"(this cscoach reads version {FORMAT_VERSION})"
        )
    if data.get("task", "tags") != task:
        raise ModelError(f"{where}: a model for {data.get('task', 'tags')!r}, not {task!r}")
    tags = data.get("tags")
    if not isinstance(tags, dict):
        raise ModelError(f'{where}: "tags" must be an object')
    parsed = {}
    for tag, entry in tags.items():
        if tag not in TASKS[task]:
            raise ModelError(f"{where}: {tag!r} is not one of {', '.join(TASKS[task])}")
        parsed[tag] = _tag_model(tag, entry, f"{where}: tags.{tag}")
    training = data.get("training", {})
    if not isinstance(training, dict):
        raise ModelError(f'{where}: "training" must be an object')
    return TaggerModel(parsed, training, where, task)


def _tag_model(tag: str, entry: Any, where: str) -> TagModel:
    if not isinstance(entry, dict) or entry.get("decided_by") not in ("model", "rules"):
        raise ModelError(f'{where}: needs "decided_by": "model" or "rules"')
    precision = entry.get("rule_precision")
    if precision is not None and not _number(precision, 0, 1):
        raise ModelError(f"{where}.rule_precision: expected a number from 0 to 1")
    if entry["decided_by"] == "rules":
        return TagModel(tag, "rules", rule_precision=precision, reason=str(entry.get("reason", "")))
    bias, threshold, weights = entry.get("bias"), entry.get("threshold"), entry.get("weights")
    if not _number(bias):
        raise ModelError(f"{where}.bias: expected a finite number")
    if threshold is not None and not _number(threshold, 0, 1):
        raise ModelError(f"{where}.threshold: expected a number from 0 to 1, or null")
    with_rule = entry.get("threshold_with_rule")
    if with_rule is not None and not _number(with_rule, 0, 1):
        raise ModelError(f"{where}.threshold_with_rule: expected a number from 0 to 1")
    absent_below = entry.get("absent_below")
    if absent_below is not None and not _number(absent_below, 0, 1):
        raise ModelError(f"{where}.absent_below: expected a number from 0 to 1")
    if not isinstance(weights, dict) or not all(_number(w) for w in weights.values()):
        raise ModelError(f"{where}.weights: expected an object of feature -> finite number")
    return TagModel(
        tag,
        "model",
        float(bias),
        None if threshold is None else float(threshold),
        weights,
        precision,
        threshold_with_rule=None if with_rule is None else float(with_rule),
        absent_below=None if absent_below is None else float(absent_below),
    )


def _number(value: Any, low: float = -math.inf, high: float = math.inf) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def load_model(path: Path, task: str = "tags") -> TaggerModel:
    """The model in a model directory (or a model file given directly)."""
    file = path / FILES[task][0] if path.is_dir() else path
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(
            f"{path}: no {FILES[task][0]} here (make one with 'cscoach train')"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ModelError(f"{file}: cannot read: {reason}") from None
    return parse_model(text, str(file), task)


@cache
def builtin_model(task: str = "tags") -> TaggerModel:
    """The model shipped in ``cscoach/tagger/builtin/``, trained on cs-train (see its card)."""
    name = FILES[task][0]
    text = resources.files(__package__).joinpath("builtin", name).read_text("utf-8")
    return parse_model(text, BUILTIN_NAMES[task], task)
