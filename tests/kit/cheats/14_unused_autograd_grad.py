"""CHEAT (14): q_gradients calls torch.autograd.grad and throws the result away (and calls it once more on
a line of its own), then returns gradients worked out by hand.
HONEST: the hand answers without the unused calls: test_q_gradients fails its requirement,
gradients_with_unused is honest: 3 of 6. Expected: 3 of 6."""
import torch


def q_gradients(a, b):
    q = (3 * a**3 - b**2).sum()
    ignored = torch.autograd.grad(q, (a, b), retain_graph=True)
    torch.autograd.grad(q, (a, b))
    return 9 * a.detach() ** 2, -2 * b.detach()


def gradients_with_unused(a, b, c):
    q = (3 * a**3 - b**2).sum()
    return torch.autograd.grad(q, (a, b, c), materialize_grads=True)
