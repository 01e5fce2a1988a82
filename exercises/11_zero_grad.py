"""Exercise 11 - zero_grad and accumulation in a training loop.

backward() does not overwrite `.grad`: it adds the new gradient to whatever is
already there (exercise 06). That is useful when you want to sum gradients over
several small batches, and a bug in an ordinary training loop. Without
clearing, a loop that runs backward() three times on the same batch records

    step 1: g        step 2: 2g        step 3: 3g

instead of g every time, and with different batches each step sees the sum of
all the gradients so far.

`optimizer.zero_grad()` clears the gradients of every parameter the optimizer
holds. Since PyTorch 2.0 it does so by setting `.grad` to None
(`set_to_none=True`, the default): no memory is held, and the next backward()
writes a fresh tensor instead of adding. With `set_to_none=False` it keeps the
tensors and fills them with zeros, which is what older code expects.

Run `python grader.py 11` to check your work.
"""

import torch


def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
    """Run one backward pass per (data, labels) batch; return model.weight.grad after each.

    The loss of a batch is ((model(data) - labels) ** 2).mean(). Do not update
    the parameters (no optimizer.step()): this is about the gradients alone.
    Each recorded gradient must be the gradient of that batch's loss only, so
    clear the old gradients before each backward(), and record a copy
    (`.clone()`), not `.grad` itself, which the next step changes.
    """
    # TODO: a loop over the batches: clear, forward, loss, backward, record a copy of model.weight.grad.
    raise NotImplementedError("11_zero_grad: gradients_per_step() is not written yet")


def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
    """Backward through model(data).sum(), then clear with an SGD optimizer's zero_grad(set_to_none=...).

    Return [p.grad for p in model.parameters()] after clearing: every entry is
    None when set_to_none is True, and a tensor of zeros when it is False.
    """
    # TODO: build torch.optim.SGD over model.parameters(), backward, then optimizer.zero_grad(set_to_none=set_to_none).
    raise NotImplementedError("11_zero_grad: gradients_after_zero_grad() is not written yet")
