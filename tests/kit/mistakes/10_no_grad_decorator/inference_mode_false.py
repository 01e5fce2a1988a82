# function: doubler
# belief: inference_mode(False) means 'not training', that is, no gradients inside the function.
# fix: Use @torch.no_grad(); inference_mode(False) turns inference mode off and leaves tracking on.
# source: torch.inference_mode(mode=True) docs (the argument enables the mode)
"""Exercise 10 - @torch.no_grad() as a decorator."""

import torch


# TODO: decorate doubler so that nothing inside it is tracked.
# 할 일: doubler 안에서 아무것도 추적되지 않도록 데코레이터를 붙이세요.
@torch.inference_mode(False)
def doubler(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2. Its result must not require grad, thanks to the decorator.

    x * 2를 돌려줍니다. 데코레이터 덕분에 결과는 requires_grad가 아니어야 합니다.
    """
    # TODO: the body is one plain line.
    # 할 일: 본문은 평범한 한 줄입니다.
    return x * 2
