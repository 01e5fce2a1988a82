# function: doubler
# belief: x.double() is the tensor method that doubles x.
# fix: Return x * 2: x.double() converts x to float64 and leaves the values unchanged.
# source: Python/API name slip (Tensor.double is a dtype cast)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


# TODO: decorate doubler so that nothing inside it is tracked.
# 할 일: doubler 안에서 아무것도 추적되지 않도록 데코레이터를 붙이세요.
@torch.no_grad()
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator.

    x * 2를 돌려줍니다. 데코레이터 덕분에 결과는 requires_grad가 아니어야 합니다.
    """
    # TODO: the body is one plain line.
    # 할 일: 본문은 평범한 한 줄입니다.
    return x.double()
