# function: two_losses_one_graph
# belief: Gradients must be cleared before every backward(), so each loss starts from a clean .grad.
# fix: Clear .grad between steps, not between the losses of one step: their gradients add up.
# source: over-applied zero_grad habit (exercise 11)
"""Exercise 12 - retain_graph: going backward through one graph twice.

To save memory, backward() frees the graph's saved tensors as it goes. A
second backward() through the same graph then fails:

    q = (3 * a**3 - b**2).sum()
    q.backward()
    q.backward()   # RuntimeError: Trying to backward through the graph a second time

`q.backward(retain_graph=True)` keeps the graph, so a later backward() can use
it again. Since gradients accumulate (exercise 06), two passes leave twice the
gradient in `.grad`. The everyday use is two losses that share part of a graph:

    h = torch.tanh(x @ w)          # shared
    loss_a = (h ** 2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)   # keep h's graph for the next call
    loss_b.backward()                    # w.grad = d(loss_a)/dw + d(loss_b)/dw

Run `python grader.py 12` to check your work.

----- 한국어 -----
연습 12 - retain_graph: 한 그래프로 두 번 역전파하기.

메모리를 아끼려고 backward()는 진행하면서 그래프에 저장된 텐서를 해제합니다. 그래서
같은 그래프로 두 번째 backward()를 하면 실패합니다:

    q = (3 * a**3 - b**2).sum()
    q.backward()
    q.backward()   # RuntimeError: Trying to backward through the graph a second time

`q.backward(retain_graph=True)`는 그래프를 남겨서 나중의 backward()가 다시 쓸 수
있게 합니다. 기울기는 누적되므로(연습 06) 두 번 하면 `.grad`에 기울기의 두 배가
남습니다. 흔한 쓰임은 그래프 일부를 공유하는 두 손실입니다:

    h = torch.tanh(x @ w)          # 공유
    loss_a = (h ** 2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)   # 다음 호출을 위해 h의 그래프를 남김
    loss_b.backward()                    # w.grad = d(loss_a)/dw + d(loss_b)/dw

`python grader.py 12`로 확인하세요.
"""

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
    loss_a = (h**2).sum()
    loss_b = h.sum()
    loss_a.backward(retain_graph=True)
    w.grad.zero_()
    loss_b.backward()
    return w.grad
