# function: gradient_through_detached
# belief: y.detach() detaches y itself, so after calling it y can be used as a constant.
# fix: Use the returned tensor, z = y.detach() * x: detach() returns a new tensor and leaves y in the graph.
# source: Python slip (out-of-place method called for its side effect)
"""Exercise 13 - detach(): a value without its history."""

import torch


def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
    """y = x ** 2, z = y.detach() * x; backward through z.sum() and return x.grad.

    x requires grad and starts with no .grad.

    y = x ** 2, z = y.detach() * x; z.sum()으로 backward하고
    x.grad를 돌려줍니다.
    """
    # TODO: detach y before multiplying, then backward.
    # 할 일: 곱하기 전에 y를 detach하고, 그다음 backward.
    y = x**2
    y.detach()
    z = y * x
    z.sum().backward()
    return x.grad


def detached_facts(x: torch.Tensor) -> dict:
    """y = x * 3 (x requires grad). d = y.detach(). Then add 1 to d in place.

    Return {"d": d, "y_after": y.detach() after d was changed,
    "d_requires_grad": d.requires_grad, "shares_storage": d.data_ptr() == y.data_ptr()}.

    y = x * 3 (x는 requires_grad). d = y.detach(). 그다음 d에 제자리로
    1을 더합니다.
    """
    # TODO: detach (no clone), change d in place, and report.
    # 할 일: detach(clone 없이), d를 제자리로 바꾸고, 결과를 알려 주세요.
    y = x * 3
    d = y.detach()
    d.add_(1)
    return {"d": d, "y_after": y.detach(), "d_requires_grad": d.requires_grad,
            "shares_storage": d.data_ptr() == y.data_ptr()}
