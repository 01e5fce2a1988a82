"""Compact, cheat-resistant summaries of big tensors.

resnet18 has 11.7 million parameters. Sending them all between processes would
dominate the grading time, so each tensor is summarised by its shape, its norm
and a handful of elements at positions drawn from a seed that the judge picks
per call.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import torch

SAMPLES = 24
EPS32 = float(torch.finfo(torch.float32).eps)


@lru_cache(maxsize=4096)
def positions(numel: int, seed: int) -> torch.Tensor:
    """Where to sample a tensor of NUMEL elements: the same for the judge and the worker, for one seed."""
    if not numel:
        return torch.zeros(0, dtype=torch.long)
    return torch.randint(0, numel, (SAMPLES,), generator=torch.Generator().manual_seed(seed))


def of_tensor(tensor: torch.Tensor | None, seed: int) -> dict | None:
    if tensor is None:
        return None
    flat = tensor.detach().reshape(-1)
    return {
        "shape": tuple(tensor.shape),
        # summed in float64 without copying the tensor to float64 first
        "norm": float(torch.linalg.vector_norm(flat, dtype=torch.float64)) if flat.numel() else 0.0,
        "sample": flat[positions(flat.numel(), seed)].to(torch.float64),
    }


def of_named(tensors: Iterable[tuple[str, torch.Tensor | None]], seed: int) -> dict[str, dict | None]:
    return {name: of_tensor(t, seed + i) for i, (name, t) in enumerate(tensors)}


def rounding_floors(tensors: Iterable[tuple[str, torch.Tensor]], seed: int, ulps: float = 4) -> dict[str, tuple]:
    """How far float32 rounding of each tensor's elements can move a difference taken from them.

    A step measured as p_after - p_before carries the rounding of p_after, up to
    half an ulp of |p|, however small the step: the floor for each sampled element
    is ULPS * EPS32 * |p| there, and for the norm ULPS * EPS32 * ||p||. Seeds match of_named().
    """
    floors = {}
    for i, (name, tensor) in enumerate(tensors):
        flat = tensor.detach().reshape(-1)
        sample = flat[positions(flat.numel(), seed + i)].to(torch.float64).abs()
        norm = float(torch.linalg.vector_norm(flat, dtype=torch.float64))
        floors[name] = (ulps * EPS32 * sample, ulps * EPS32 * norm)
    return floors


def mismatch(expected: dict | None, got: object, rtol: float = 1e-3, atol: float = 1e-6,
             floor: tuple[torch.Tensor, float] | None = None) -> str | None:
    """Why `got` does not match `expected`, or None when it does (FLOOR: see rounding_floors)."""
    if expected is None:
        return None if got is None else "expected None"
    if not isinstance(got, dict) or got is None:
        return "missing" if got is None else "not a fingerprint"
    if tuple(got.get("shape", ())) != tuple(expected["shape"]):
        return f"shape {tuple(got.get('shape', ()))} instead of {tuple(expected['shape'])}"
    numel = max(int(torch.tensor(expected["shape"]).prod()), 1) if expected["shape"] else 1
    rms = expected["norm"] / numel**0.5
    sample_floor, norm_floor = floor if floor is not None else (torch.zeros(()), 0.0)
    norm = got.get("norm")
    if not isinstance(norm, float) or abs(norm - expected["norm"]) > rtol * expected["norm"] + atol + norm_floor:
        return f"norm {norm} instead of {expected['norm']:.6g}"
    sample = got.get("sample")
    if not isinstance(sample, torch.Tensor) or sample.shape != expected["sample"].shape:
        return "malformed sample"
    allowed = rtol * expected["sample"].abs() + atol + rtol * rms + sample_floor
    if not bool(((sample.to(torch.float64) - expected["sample"]).abs() <= allowed).all()):
        return "values differ"
    return None
