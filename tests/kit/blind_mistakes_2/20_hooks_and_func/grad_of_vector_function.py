"""MISTAKE: The student passes the element-wise f to torch.func.grad, believing grad works like backward on any output.
FUNCTION: func_derivatives

Exercise 20 - gradient hooks, and torch.func.

A hook is a function autograd calls with a gradient as it flows backward. A
tensor hook, `h.register_hook(fn)`, receives the gradient of h; if fn returns
a tensor, that tensor replaces the gradient from then on. Hooks let you look
at, scale or clip gradients inside a model without changing its forward pass:

    h = x * 3
    h.register_hook(lambda g: g.clamp(-1, 1))   # register before backward()

torch.func offers the same derivatives as functions that transform functions
(the JAX style), with no `.grad` involved:

    torch.func.grad(f)(x)          # the gradient of a scalar function f at x
    torch.func.vjp(f, x)           # (f(x), a function v -> v^T J)
    torch.func.jacrev(f)(x)        # the whole Jacobian, by reverse mode

They agree with backward(gradient=v) and torch.autograd.functional.jacobian.

Run `python grader.py 20` to check your work.

----- 한국어 -----
연습 20 - 기울기 훅, 그리고 torch.func.

훅은 기울기가 거꾸로 흐를 때 autograd가 그 기울기를 넣어 부르는 함수입니다. 텐서 훅
`h.register_hook(fn)`은 h의 기울기를 받고, fn이 텐서를 돌려주면 그 뒤로는 그 텐서가
기울기를 대신합니다. 훅을 쓰면 순전파를 바꾸지 않고 모델 안의 기울기를 보거나,
크기를 바꾸거나, 자를 수 있습니다:

    h = x * 3
    h.register_hook(lambda g: g.clamp(-1, 1))   # backward() 전에 등록

torch.func는 같은 도함수를 함수를 변환하는 함수로 제공합니다 (JAX 방식), `.grad`는
쓰지 않습니다:

    torch.func.grad(f)(x)          # 스칼라 함수 f의 x에서의 기울기
    torch.func.vjp(f, x)           # (f(x), v -> v^T J 함수)
    torch.func.jacrev(f)(x)        # 역방향 모드로 구한 야코비안 전체

이것들은 backward(gradient=v), torch.autograd.functional.jacobian과 일치합니다.

`python grader.py 20`으로 확인하세요.
"""

import torch


def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
    """h = x * 3, y = (h ** 2).sum(). Clip h's gradient to [-limit, limit] with a hook; backward; return x.grad.

    h = x * 3, y = (h ** 2).sum(). 훅으로 h의 기울기를 [-limit,
    limit]로 자르고, backward 후 x.grad를 돌려줍니다.
    """
    # TODO: register a hook on h before backward().
    # 할 일: backward() 전에 h에 훅을 등록하세요.
    h = x * 3
    h.register_hook(lambda g: g.clamp(-limit, limit))
    y = (h ** 2).sum()
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
    def f(t):
        return 3 * t ** 3 - t.sin()

    def s(t):
        return f(t).sum()

    _, vjp_fn = torch.func.vjp(f, a)
    (vjp,) = vjp_fn(v)
    return {
        "grad": torch.func.grad(f)(a),
        "vjp": vjp,
        "jacobian": torch.func.jacrev(f)(a),
    }
