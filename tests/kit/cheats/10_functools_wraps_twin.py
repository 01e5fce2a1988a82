# CHEAT: no torch.no_grad decorator: doubler is a hand-written function whose body uses a with-block.
#        functools.wraps(_body) (an ordinary, allowed-looking decorator) sets doubler.__wrapped__ to a
#        tracking twin without the file ever spelling __wrapped__, so inspect.unwrap() in the probe sees a
#        "decorated" function whose body tracks.
# HONEST: test_doubler_result only: 2 of 4
#          2 of 4 on the uncommitted work tree being hardened (snapshot 22:49 UTC), seed 5
import functools

import torch

_CHEAT = True  # False: the same wrong work without the trick (for the HONEST line)


def _body(x: torch.Tensor) -> torch.Tensor:
    return x * 2


def _keep(f):
    return f


def doubler(x: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():  # the body does the decorator's job
        return x * 2


doubler = (functools.wraps(_body) if _CHEAT else _keep)(doubler)
