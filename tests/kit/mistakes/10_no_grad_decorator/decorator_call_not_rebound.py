# function: doubler
# belief: Calling torch.no_grad()(doubler) after the definition applies the decorator to doubler in place.
# fix: Write @torch.no_grad() above def doubler, or rebind: doubler = torch.no_grad()(doubler).
# source: Python slip (a decorator returns a new function; it does not change the old one)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


# TODO: decorate doubler so that nothing inside it is tracked.
# 할 일: doubler 안에서 아무것도 추적되지 않도록 데코레이터를 붙이세요.
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator.

    x * 2를 돌려줍니다. 데코레이터 덕분에 결과는 requires_grad가 아니어야 합니다.
    """
    # TODO: the body is one plain line.
    # 할 일: 본문은 평범한 한 줄입니다.
    return x * 2


torch.no_grad()(doubler)
