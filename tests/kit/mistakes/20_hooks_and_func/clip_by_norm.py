# function: clipped_gradient
# belief: Clipping a gradient to a limit means rescaling it so its norm equals the limit.
# fix: Clamp each element to [-limit, limit] with grad.clamp(-limit, limit); rescaling by the norm is clip_grad_norm_, a different clipping.
# source: clip_grad_value_ vs clip_grad_norm_ confusion (torch.nn.utils docs)
"""Exercise 20 - gradient hooks, and torch.func."""

import torch


def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
    """h = x * 3, y = (h ** 2).sum(). Clip h's gradient to [-limit, limit] with a hook; backward; return x.grad.

    h = x * 3, y = (h ** 2).sum(). 훅으로 h의 기울기를 [-limit,
    limit]로 자르고, backward 후 x.grad를 돌려줍니다.
    """
    # TODO: register a hook on h before backward().
    # 할 일: backward() 전에 h에 훅을 등록하세요.
    h = x * 3
    h.register_hook(lambda grad: grad * limit / grad.norm())
    y = (h**2).sum()
    y.backward()
    return x.grad


def func_derivatives(a: torch.Tensor, v: torch.Tensor) -> dict:
    """With torch.func, for f(a) = 3a^3 - a.sin() (element-wise) and s(a) = f(a).sum(), return

    {"grad": torch.func.grad(s)(a), "vjp": v^T J from torch.func.vjp(f, a), "jacobian": torch.func.jacrev(f)(a)}.

    torch.func로, f(a) = 3a^3 - a.sin()(원소별)과 s(a) =
    f(a).sum()에 대해 "grad", "vjp", "jacobian"이 있는 dict를 돌려줍니다.
    """
    # TODO: one torch.func transform per entry.
    # 할 일: 항목마다 torch.func 변환 하나씩.
    def f(t: torch.Tensor) -> torch.Tensor:
        return 3 * t**3 - t.sin()

    _, vjp_fn = torch.func.vjp(f, a)
    return {"grad": torch.func.grad(lambda t: f(t).sum())(a), "vjp": vjp_fn(v)[0], "jacobian": torch.func.jacrev(f)(a)}
