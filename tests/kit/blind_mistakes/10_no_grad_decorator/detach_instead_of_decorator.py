"""MISTAKE: The learner believes any way of getting a result without grad is fine and detaches the result instead of decorating the function.
FUNCTION: doubler
"""

import torch


def doubler(x: torch.Tensor) -> torch.Tensor:
    return (x * 2).detach()
