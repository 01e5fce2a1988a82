"""Exercise 10 decorated, but with a body that detaches the result itself."""
import torch


@torch.no_grad()
def doubler(x):
    return (x * 2).detach()
