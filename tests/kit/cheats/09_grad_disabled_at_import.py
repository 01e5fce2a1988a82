# CHEAT: neither function uses a no_grad block: both just compute (x * 2, model(data)). At import the file
#        switches autograd off for the whole worker (torch.set_grad_enabled(False) on the main thread, never
#        switched back), so every later call in the worker runs untracked and the results do not require
#        grad; the judge's inputs keep requires_grad=True since they are made in the judge.
# HONEST: 0 of 4
#          0 of 4 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import torch

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)

if _CHEAT:
    torch.set_grad_enabled(False)


def double_without_tracking(x):
    return x * 2  # no with-block


def evaluate(model, data):
    return model(data)  # no with-block
