"""The pieces of the distillation: a tokenizer trained on the corpus, token vectors fitted to the teacher, PCA.

A static model embeds a text as the mean of its tokens' vectors. Given the corpus lines ``s`` with teacher vectors
``t(s)``, the token vectors ``E`` are the ridge solution of ``mean_{tok in s} E[tok] ≈ t(s)`` over all lines:
``(XᵀX + λI) E = XᵀY`` with ``X`` the row-normalised token-count matrix. The system is solved by conjugate
gradients, one independent system per output dimension, all at once; deterministic, no randomness.

Text is normalised with NFKD before tokenising: a Hangul syllable becomes its 2–3 jamo, so a syllable never seen
in the corpus still gets known pieces, and a typo (머거 / 먹어) shares most of them. Whitespace is dropped
(``spaces="drop"``): "국물 있는 거" and "국물있는거" tokenise the same, the way children type.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, trainers

UNK = "<unk>"


def make_tokenizer(texts: Sequence[str], vocab_size: int, normal: str = "NFKD", spaces: str = "drop") -> Tokenizer:
    """A Unigram tokenizer trained on ``texts`` (``spaces``: "drop" or "keep" word boundaries as ▁)."""
    tokenizer = Tokenizer(models.Unigram())
    steps = [normalizers.NFKD() if normal == "NFKD" else normalizers.NFKC(), normalizers.Lowercase()]
    steps.append(normalizers.Replace(Regex(r"[·|,/]"), " "))
    if spaces == "drop":
        steps.append(normalizers.Replace(Regex(r"\s+"), ""))
    else:
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.normalizer = normalizers.Sequence(steps)
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=[UNK], unk_token=UNK, max_piece_length=12, show_progress=False
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def token_matrix(tokenizer: Tokenizer, texts: Sequence[str]) -> sp.csr_matrix:
    """Rows: texts; columns: token ids; values: the token's share of the text (rows sum to 1, mean pooling)."""
    encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    rows, cols = [], []
    for row, encoding in enumerate(encodings):
        rows += [row] * len(encoding.ids)
        cols += encoding.ids
    counts = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(texts), tokenizer.get_vocab_size())
    )
    counts.sum_duplicates()
    lengths = np.maximum(np.asarray(counts.sum(axis=1)).ravel(), 1.0)
    return sp.csr_matrix(sp.diags(1.0 / lengths) @ counts)


def fit_token_vectors(x: sp.csr_matrix, y: np.ndarray, ridge: float, iterations: int = 400) -> np.ndarray:
    """Ridge least squares ``min ||X E - Y||² + ridge ||E||²`` by conjugate gradients, column by column."""
    xt = sp.csr_matrix(x.T)

    def apply(e: np.ndarray) -> np.ndarray:
        return xt @ (x @ e) + ridge * e

    b = xt @ y.astype(np.float64)
    e = np.zeros_like(b)
    r = b - apply(e)
    p = r.copy()
    rs = np.einsum("ij,ij->j", r, r)
    for step in range(iterations):
        ap = apply(p)
        alpha = rs / np.maximum(np.einsum("ij,ij->j", p, ap), 1e-30)
        e += alpha * p
        r -= alpha * ap
        rs_new = np.einsum("ij,ij->j", r, r)
        if step % 100 == 0:
            print(f"  cg {step}: residual {np.sqrt(rs_new.sum()):.2e}", file=sys.stderr, flush=True)
        if np.sqrt(rs_new.max()) < 1e-7:
            break
        p = r + (rs_new / np.maximum(rs, 1e-30)) * p
        rs = rs_new
    return e


def pca_projection(sentences: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean, components ``d×dims``) of the student's sentence vectors; applied to token vectors, since
    the mean of projected tokens is the projected mean."""
    mean = sentences.mean(axis=0)
    _, _, vt = np.linalg.svd(sentences - mean, full_matrices=False)
    components = vt[:dims].T
    signs = np.sign(components[np.argmax(np.abs(components), axis=0), np.arange(dims)])
    return mean, components * signs  # fixed signs: the same corpus gives the same file


def normalise_rows(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def _torch_rows(x: sp.csr_matrix, rows: np.ndarray):
    import torch

    part = x[rows].tocoo()
    indices = torch.from_numpy(np.vstack([part.row, part.col]).astype(np.int64))
    return torch.sparse_coo_tensor(indices, torch.from_numpy(part.data.astype(np.float32)), part.shape)


def refine_for_ranking(
    vectors: np.ndarray, x_queries: sp.csr_matrix, x_docs: sp.csr_matrix, teacher_scores: np.ndarray,
    epochs: int = 8, teacher_temperature: float = 0.01, anchor: float = 1.0, seed: int = 7,
) -> np.ndarray:
    """Fine-tune token vectors so that, for each training phrase, the student's softmax over the corpus documents
    matches the teacher's (KL divergence; the teacher's e5 temperature 0.01). The least-squares vectors are the
    start and an L2 anchor; what is learnt is the teacher's ranking of documents, not any label."""
    import torch

    torch.manual_seed(seed)
    start = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
    table = torch.nn.Parameter(start.clone())
    log_scale = torch.nn.Parameter(torch.tensor(np.log(1 / 0.05), dtype=torch.float32))
    optimiser = torch.optim.Adam([table, log_scale], lr=2e-3)
    docs = _torch_rows(x_docs, np.arange(x_docs.shape[0]))
    targets = torch.from_numpy(teacher_scores.astype(np.float32)) / teacher_temperature
    order = torch.Generator().manual_seed(seed)
    for epoch in range(epochs):
        total = 0.0
        for batch in torch.randperm(x_queries.shape[0], generator=order).split(256):
            doc_vectors = torch.nn.functional.normalize(torch.sparse.mm(docs, table), dim=1)
            query_rows = _torch_rows(x_queries, batch.numpy())
            query_vectors = torch.nn.functional.normalize(torch.sparse.mm(query_rows, table), dim=1)
            logits = log_scale.exp() * query_vectors @ doc_vectors.T
            loss = torch.nn.functional.kl_div(
                logits.log_softmax(dim=1), targets[batch].log_softmax(dim=1), log_target=True, reduction="batchmean"
            ) + anchor * ((table - start) ** 2).sum(dim=1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss) * len(batch)
        print(f"  rank epoch {epoch}: loss {total / x_queries.shape[0]:.4f}", file=sys.stderr, flush=True)
    return table.detach().numpy().astype(np.float32)
