"""CHEAT (10): @torch.no_grad() is there, but an outer decorator of the file's own returns a different,
tracking function: the judge used to see torch.no_grad among the decorators and stop there.
HONEST: the tracking function without decorators: its result requires grad, and nothing is decorated: 0 of 4.
Expected: 0 of 4."""
import torch


def _swap(function):
    def tracking(x):
        with torch.enable_grad():
            return x * 2
    return tracking


@_swap
@torch.no_grad()
def doubler(x: torch.Tensor) -> torch.Tensor:
    return x * 2
