# function: two_losses_one_graph
# belief: Squaring and summing can be done in either order, so (h ** 2).sum() is h.sum() ** 2.
# fix: Square each element first, then sum: (h ** 2).sum().
# source: algebra slip (sum of squares vs square of sum)
"""Exercise 12 - retain_graph: going backward through one graph twice."""

import torch


def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Build q = (3a^3 - b^2).sum() once, call backward() on it twice, return (a.grad, b.grad).

    a and b require grad and start with no .grad. The code in the docstring
    above raises on the second backward(): fix it so both passes run.

    q = (3a^3 - b^2).sum()을 한 번 만들고 backward()를 두 번 부른 뒤
    (a.grad, b.grad)를 돌려줍니다.
    """
    # TODO: one forward pass, two backward passes through the same graph.
    # 할 일: 순전파 한 번, 같은 그래프로 backward 두 번.
    q = (3 * a**3 - b**2).sum()
    q.backward(retain_graph=True)
    q.backward()
    return a.grad, b.grad


def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """h = tanh(x @ w); loss_a = (h ** 2).sum(); loss_b = h.sum(). Backward both, return w.grad.

    Compute h once and call backward() on each loss separately (w requires
    grad and starts with no .grad), so w.grad holds the sum of both gradients.

    h = tanh(x @ w); loss_a = (h ** 2).sum(); loss_b =
    h.sum(). 둘 다 backward하고 w.grad를 돌려줍니다.
    """
    # TODO: one forward pass for h, then backward() on each loss.
    # 할 일: h를 위한 순전파 한 번, 그다음 손실마다 backward().
    h = torch.tanh(x @ w)
    loss_a = h.sum() ** 2
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)
    loss_b.backward()
    return w.grad
