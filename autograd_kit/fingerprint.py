"""Compact, cheat-resistant summaries of big tensors.

resnet18 has 11.7 million parameters. Sending them all between processes would
dominate the grading time, so each tensor is summarised by its shape, its norm
and a handful of elements at positions drawn from a seed that the judge picks.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch

SAMPLES = 24


def of_tensor(tensor: torch.Tensor | None, seed: int) -> dict | None:
    if tensor is None:
        return None
    flat = tensor.detach().reshape(-1).to(torch.float64)
    g = torch.Generator().manual_seed(seed)
    index = torch.randint(0, max(flat.numel(), 1), (SAMPLES,), generator=g) if flat.numel() else torch.zeros(0, dtype=torch.long)
    return {
        "shape": tuple(tensor.shape),
        "norm": float(flat.norm()) if flat.numel() else 0.0,
        "sample": flat[index].clone(),
    }


def of_named(tensors: Iterable[tuple[str, torch.Tensor | None]], seed: int) -> dict[str, dict | None]:
    return {name: of_tensor(t, seed + i) for i, (name, t) in enumerate(tensors)}


def mismatch(expected: dict | None, got: object, rtol: float = 1e-3, atol: float = 1e-6) -> str | None:
    """Why `got` does not match `expected`, or None when it does."""
    if expected is None:
        return None if got is None else "expected None"
    if not isinstance(got, dict) or got is None:
        return "missing" if got is None else "not a fingerprint"
    if tuple(got.get("shape", ())) != tuple(expected["shape"]):
        return f"shape {tuple(got.get('shape', ()))} instead of {tuple(expected['shape'])}"
    numel = max(int(torch.tensor(expected["shape"]).prod()), 1) if expected["shape"] else 1
    rms = expected["norm"] / numel**0.5
    tol = atol + rtol * rms
    if abs(got["norm"] - expected["norm"]) > rtol * expected["norm"] + atol:
        return f"norm {got['norm']:.6g} instead of {expected['norm']:.6g}"
    sample = got.get("sample")
    if not isinstance(sample, torch.Tensor) or sample.shape != expected["sample"].shape:
        return "malformed sample"
    if not torch.allclose(sample, expected["sample"], rtol=rtol, atol=tol):
        return "values differ"
    return None
