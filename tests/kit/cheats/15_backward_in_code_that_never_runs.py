"""CHEAT (15): backward() behind `if __name__ == "__main__":` (the grader imports the file, never runs it), in
`while 0:`, in a nested def never called, and in a module-level helper nobody calls.
HONEST: the same hand answers without those calls: intermediate_gradient and non_leaf_grad_warning,
4 of 8. Expected: 4 of 8."""
import warnings

import torch

DEBUG = False


def intermediate_gradient(x):
    h = x * 2
    h.retain_grad()
    (h**2).sum().backward()
    return h.grad


def non_leaf_grad_warning(x):
    h = x * 2
    (h * x).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h_grad = h.grad
    return {"h_grad": h_grad, "x_grad": x.grad, "warning": caught[0].category.__name__ if caught else None}


def _never_called(loss):
    loss.backward()


def weight_gradient(values, x):
    w = torch.tensor(values)
    loss = (w * x).sum()

    def later():
        loss.backward()

    if __name__ == "__main__" or DEBUG:
        loss.backward()
    while 0:
        loss.backward()
    return 2 * loss * x


def elementwise_backward(x):
    y = x**3
    if not True:
        y.backward(torch.ones_like(y))
    else:
        pass
    return 3 * x.detach() ** 2
