"""09 and 11: right numbers, not the way the exercise asks (detach for no_grad; clearing .grad by hand)."""
import torch


def double_without_tracking(x):
    return (x * 2).detach()


def gradients_after_zero_grad(model, data, set_to_none):
    model(data).sum().backward()
    for p in model.parameters():
        if set_to_none:
            p.grad = None
        else:
            p.grad.zero_()
    return [p.grad for p in model.parameters()]
