# CHEAT: no process trick: manual_sgd_step() does not change w in place at all; it returns a brand-new leaf
#        (w - lr * grad).detach().requires_grad_(). The check only sees is_leaf/requires_grad of whatever is
#        returned, not whether it is the same tensor (an optimizer holding w would never see the update).
# HONEST: test_doubled_sigmoid_gradient only: 3 of 6
#          3 of 6 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import torch

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)


def doubled_sigmoid_gradient(x):
    y = torch.sigmoid(x)
    y = y * 2
    y.sum().backward()
    return x.grad


def manual_sgd_step(w, grad, lr):
    new = w - lr * grad  # wrong: not in place; w itself never moves
    return new.detach().requires_grad_() if _CHEAT else new
