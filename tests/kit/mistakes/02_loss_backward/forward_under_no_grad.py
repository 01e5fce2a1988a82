# function: backward_pass
# belief: The forward pass can run under torch.no_grad() to save memory, and backward() still works.
# fix: Run the forward pass with tracking on; under no_grad the loss has no graph to backpropagate through.
# source: forum confusion (element 0 of tensors does not require grad and does not have a grad_fn)
"""Exercise 02 - the loss and backward()."""

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Return the tutorial's loss: the sum of (prediction - labels)."""
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Run forward, compute the loss with compute_loss, call backward(), return the loss."""
    with torch.no_grad():
        prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    return loss
