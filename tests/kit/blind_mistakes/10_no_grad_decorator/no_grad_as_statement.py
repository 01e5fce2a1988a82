"""MISTAKE: The learner believes calling torch.no_grad() on its own line inside the body switches tracking off for the rest of the function.
FUNCTION: doubler
"""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    torch.no_grad()
    return x * 2
