"""Exercise 08 - freezing a backbone and training a new head.

To fine-tune a model for a new task, keep what it learned and retrain only
the classifier: freeze every parameter (requires_grad = False), then replace
the last layer. resnet18's classifier is `model.fc`, a Linear(512, 1000); a
new `nn.Linear(512, 10)` gives 10 classes. A freshly created layer's
parameters require grad, so after the swap only fc is trainable.

The order matters:
  1. freeze first: freezing after the swap would freeze the new fc too;
  2. build the optimizer last: it keeps references to the parameters it is
     given, so an optimizer built before the swap would train the old fc.

The optimizer can be given all of model.parameters(): frozen parameters get
no .grad, and SGD skips parameters whose .grad is None.

Run `python grader.py 08` to check your work.
"""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze all of model's parameters, replace model.fc with a new
    nn.Linear(512, num_classes), and return SGD over model.parameters()
    with lr=1e-2 and momentum=0.9. Change `model` in place."""
    # TODO: freeze, replace fc, build the optimizer - in that order.
    raise NotImplementedError("08_freezing: prepare_finetuning() is not written yet")
