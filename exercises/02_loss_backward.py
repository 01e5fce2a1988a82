"""Exercise 02 - the loss and backward().

Training compares the prediction with the truth. The tutorial's *loss* is
simply the sum of the differences:

    loss = (prediction - labels).sum()

The loss is one number (a scalar tensor). Calling `loss.backward()` starts
*backpropagation*: autograd walks back through every operation of the forward
pass and, by the chain rule, stores d(loss)/d(parameter) in each parameter's
`.grad` attribute. Before backward(), `.grad` is None; afterwards every
parameter has a `.grad` of its own shape.

Run `python grader.py 02` to check your work.
"""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    # TODO: one line, a scalar tensor.
    raise NotImplementedError("02_loss_backward: compute_loss() is not written yet")


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss.

    Afterwards every parameter of `model` must hold its gradient in `.grad`.
    """
    # TODO: forward pass, loss, backward.
    raise NotImplementedError("02_loss_backward: backward_pass() is not written yet")
