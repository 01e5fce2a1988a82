# function: backward_pass
# belief: The learner believes gradients must be cleaned up right after backward() and calls model.zero_grad() before returning, wiping the gradients just computed.
# fix: Leave the gradients for the caller: clear them before backward(), never right after it.
# source: blind mistakes of issue 26 (written from the exercise text)

import torch


def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return (prediction - labels).sum()


def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    prediction = model(data)
    loss = compute_loss(prediction, labels)
    loss.backward()
    model.zero_grad()
    return loss
