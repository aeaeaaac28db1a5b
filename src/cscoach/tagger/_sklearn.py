"""The scikit-learn side of training, kept apart so analysis never imports it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .features import is_rule_feature
from .train import Example

MAX_ITER = 5000


class Matrix:
    """One tag's training rows as a sparse 0/1 matrix, with agreed and split labels."""

    def __init__(self, rows: Sequence[Example], vocabulary: list[str], tag: str) -> None:
        column = {f: i for i, f in enumerate(vocabulary)}
        indices, indptr = [], [0]
        for e in rows:
            indices.extend(sorted(column[f] for f in e.features if f in column))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float64)
        self.x = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))
        self.is_rule = np.array([is_rule_feature(f) for f in vocabulary])
        self.y = np.array([tag in e.labels for e in rows], dtype=np.int8)
        self.split = np.array([tag in e.split for e in rows], dtype=bool)
        self.ruled = np.array([tag in e.rule_tags for e in rows], dtype=bool)
        self.vocabulary = vocabulary

    def scaled(self, rule_scale: float) -> Any:
        """The matrix with rule features scaled: a larger value costs the rules' weights less
        regularisation, so a tag with few examples leans on its rules."""
        if rule_scale == 1:
            return self.x
        return (self.x @ sparse.diags(np.where(self.is_rule, rule_scale, 1.0))).tocsr()

    def training_set(
        self, index: np.ndarray, reading: str, rule_scale: float = 1
    ) -> tuple[Any, np.ndarray, np.ndarray]:
        """Rows ``index`` as the learner sees them under a vote reading."""
        x, y, split = self.scaled(rule_scale)[index], self.y[index], self.split[index]
        weight = np.ones(len(index))
        if reading == "drop":
            keep = ~split
            return x[keep], y[keep], weight[keep]
        if reading == "soft" and split.any():
            x = sparse.vstack([x, x[split]]).tocsr()
            y = np.concatenate([y, np.ones(int(split.sum()), dtype=np.int8)])
            weight = np.concatenate([np.where(split, 0.5, 1.0), np.full(int(split.sum()), 0.5)])
        return x, y, weight


def _learner(setting: dict[str, Any]) -> LogisticRegression:
    return LogisticRegression(
        C=setting["C"], class_weight=setting["class_weight"], max_iter=MAX_ITER
    )


def _fold(matrix: Matrix, setting: dict[str, Any], train: np.ndarray, test: np.ndarray):
    scale = setting["rule_scale"]
    x, y, weight = matrix.training_set(train, setting["votes"], scale)
    model = _learner(setting).fit(x, y, sample_weight=weight)
    return test, model.predict_proba(matrix.scaled(scale)[test])[:, 1]


def out_of_fold(
    matrix: Matrix, setting: dict[str, Any], seed: int, folds: int, jobs: int
) -> np.ndarray:
    """Each row's probability from a model that did not see it."""
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    parts = Parallel(n_jobs=jobs)(
        delayed(_fold)(matrix, setting, train, test)
        for train, test in splitter.split(matrix.x, matrix.y)
    )
    p = np.zeros(len(matrix.y))
    for test, probabilities in parts:
        p[test] = probabilities
    return p


NEVER = 1.001
"""A threshold no probability reaches: the group is never tagged."""
THRESHOLD_CANDIDATES = 200
"""Candidate thresholds per group: quantiles of the predicted probabilities."""


def best_thresholds(
    y: np.ndarray, p: np.ndarray, ruled: np.ndarray, beta: float = 1.0
) -> tuple[float, float, float]:
    """The pair of thresholds (turns with no rule hit for the tag, turns with one) with the best
    F-beta on these predictions (F1 by default; beta 0.5 weighs precision twice), and that
    score. Chosen jointly, since the score counts both groups."""
    plain, plain_tp, plain_fp = _counts(y[~ruled], p[~ruled])
    with_rule, rule_tp, rule_fp = _counts(y[ruled], p[ruled])
    tp = plain_tp[:, None] + rule_tp[None, :]
    fp = plain_fp[:, None] + rule_fp[None, :]
    positives = int(y.sum())
    b2 = beta * beta
    score = (1 + b2) * tp / np.maximum((1 + b2) * tp + fp + b2 * (positives - tp), 1)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    return float(plain[i]), float(with_rule[j]), float(score[i, j])


def _counts(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate thresholds (highest first, with one above every probability: tag nothing), and
    the true and false positives each gives."""
    if len(p):
        quantiles = np.quantile(p, np.linspace(0, 1, THRESHOLD_CANDIDATES))
        candidates = np.unique(np.round(quantiles, 3))[::-1]
    else:
        candidates = np.array([])
    candidates = np.concatenate([[NEVER], candidates])
    order = np.sort(p)
    positives = np.sort(p[y == 1])
    tp = len(positives) - np.searchsorted(positives, candidates, side="left")
    fp = (len(order) - np.searchsorted(order, candidates, side="left")) - tp
    return candidates, tp, fp


SPLIT_SEED_STEP = 1000
"""Seeds of repeated splits lie this far apart, clear of the reporting split's ``seed + 1``."""


def choose_setting(
    matrix: Matrix,
    grid_c: Sequence[float],
    grid_class_weight: Sequence[str | None],
    grid_rule_scale: Sequence[float],
    readings: Sequence[str],
    seed: int,
    folds: int,
    jobs: int,
    repeats: int = 1,
    beta: float = 1.0,
) -> tuple[dict[str, Any], float, float]:
    """The setting, and its thresholds without and with a rule hit, with the best out-of-fold
    F-beta over ``repeats`` different fold splits pooled; the first wins a tie. One split's
    luck decides between close settings; pooling several makes the choice steadier."""
    best: tuple[float, dict[str, Any], float, float] | None = None
    settings = [
        {"C": c, "class_weight": weight, "rule_scale": scale, "votes": votes}
        for votes in readings
        for scale in grid_rule_scale
        for weight in grid_class_weight
        for c in grid_c
    ]
    y = np.tile(matrix.y, repeats)
    ruled = np.tile(matrix.ruled, repeats)
    for setting in settings:
        p = np.concatenate(
            [
                out_of_fold(matrix, setting, seed + SPLIT_SEED_STEP * r, folds, jobs)
                for r in range(repeats)
            ]
        )
        plain, with_rule, f1 = best_thresholds(y, p, ruled, beta)
        if best is None or f1 > best[0] + 1e-9:
            best = (f1, setting, plain, with_rule)
    assert best is not None
    return best[1], best[2], best[3]


def final_fit(matrix: Matrix, setting: dict[str, Any]) -> tuple[float, dict[str, float]]:
    """Bias and per-feature weights of the setting fitted on every row."""
    scale = setting["rule_scale"]
    x, y, weight = matrix.training_set(np.arange(len(matrix.y)), setting["votes"], scale)
    model = _learner(setting).fit(x, y, sample_weight=weight)
    coefficients = model.coef_[0] * np.where(matrix.is_rule, scale, 1.0)  # back to 0/1 inputs
    return float(model.intercept_[0]), {
        f: float(w) for f, w in zip(matrix.vocabulary, coefficients, strict=True) if w != 0.0
    }
