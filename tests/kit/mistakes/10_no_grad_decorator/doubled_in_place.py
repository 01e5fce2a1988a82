# function: doubler
# belief: Under no_grad nothing is recorded, so doubling x in place is safe and saves memory.
# fix: Return a new tensor, x * 2: x *= 2 changes the caller's x and returns it, and it still requires grad.
# source: memory-saving habit (in-place under no_grad)
"""Exercise 10 - @torch.no_grad() as a decorator.

torch.no_grad() also works as a decorator: every call of the decorated
function runs as if its whole body were inside `with torch.no_grad():`.
It is the tidy way to mark functions that must never build a graph, such as
an evaluation loop.

    @torch.no_grad()
    def doubler(x):
        return x * 2

The function body stays ordinary code; the decorator does the work.

Run `python grader.py 10` to check your work.

----- 한국어 -----
연습 10 - 데코레이터로 쓰는 @torch.no_grad().

torch.no_grad()는 데코레이터로도 쓸 수 있습니다: 데코레이터를 붙인 함수는 호출될
때마다 본문 전체가 `with torch.no_grad():` 안에 있는 것처럼 실행됩니다. 평가
반복문처럼 절대 그래프를 만들면 안 되는 함수를 깔끔하게 표시하는 방법입니다.

    @torch.no_grad()
    def doubler(x):
        return x * 2

함수 본문은 평범한 코드로 두고, 일은 데코레이터가 합니다.

`python grader.py 10`으로 확인하세요.
"""

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
    x *= 2
    return x
