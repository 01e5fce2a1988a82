"""Exercise 03 - an optimizer step: SGD with momentum.

Gradients say which way each parameter should move to make the loss grow;
gradient descent moves it the other way. An optimizer does that for all
parameters at once. Plain SGD with learning rate lr does

    parameter = parameter - lr * parameter.grad

With momentum it keeps a running "velocity" per parameter:

    buffer = momentum * buffer + parameter.grad     (buffer = grad on the first step)
    parameter = parameter - lr * buffer

so consistent gradients build up speed. The tutorial uses lr=1e-2, momentum=0.9.

One more thing: backward() *adds* to `.grad` (see exercise 06). Before the next
backward, clear the old gradients with `optimizer.zero_grad()`, or the second
step uses the sum of both steps' gradients.

Run `python grader.py 03` to check your work.
"""

import torch


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """Return SGD over all of the model's parameters, lr=1e-2 and momentum=0.9."""
    # TODO: build torch.optim.SGD.
    raise NotImplementedError("03_optimizer_step: make_optimizer() is not written yet")


def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
               data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """One training step; return the loss (computed before the step).

    Clear old gradients, forward, loss = (prediction - labels).sum(), backward, step.
    """
    # TODO: the five lines of a training step.
    raise NotImplementedError("03_optimizer_step: train_step() is not written yet")
