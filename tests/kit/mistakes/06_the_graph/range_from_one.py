# function: accumulated_grad
# belief: range(1, k) runs the loop k times, counting passes from 1.
# fix: Use range(k): range(1, k) runs k - 1 times.
# source: Python off-by-one slip with range
"""Exercise 06 - the graph autograd records."""

import torch


def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
    """Build Q = 3a^3 - b^2 and report on the graph.

    Return a dict with these keys:
      "a.is_leaf", "b.is_leaf", "Q.is_leaf": the tensors' is_leaf (bools)
      "Q.grad_fn": the name of Q's grad_fn (Q.grad_fn.name()), or None if it has none
    a and b may or may not require grad: read the answers off the tensors.

    Q = 3a^3 - b^2를 만들고 그래프에 대해 알려 주는 dict를 돌려줍니다:
    "a.is_leaf", "b.is_leaf", "Q.is_leaf"(bool),
    "Q.grad_fn"(Q.grad_fn.name(), 없으면 None). a와 b는
    requires_grad일 수도 아닐 수도 있으니 텐서에서 직접 읽으세요.
    """
    # TODO: build Q, then read is_leaf and grad_fn.
    # 할 일: Q를 만들고 is_leaf와 grad_fn을 읽으세요.
    Q = 3 * a**3 - b**2
    return {
        "a.is_leaf": a.is_leaf,
        "b.is_leaf": b.is_leaf,
        "Q.is_leaf": Q.is_leaf,
        "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None,
    }


def graph_nodes(f, a: torch.Tensor, b: torch.Tensor) -> list[str]:
    """Compute y = f(a, b) and return the names of every node in its graph.

    Start at y.grad_fn and follow next_functions (pairs of (node, index); the
    node can be None). Visit each node once, even if several nodes point to it,
    and collect node.name(). The order does not matter.

    y = f(a, b)를 계산하고 그래프의 모든 노드 이름을 돌려줍니다. y.grad_fn에서 시작해
    next_functions((노드, 인덱스) 쌍, 노드는 None일 수 있음)를 따라가세요. 여러 노드가
    가리키는 노드도 한 번만 방문하고 node.name()을 모으세요. 순서는 상관없습니다.
    """
    # TODO: a walk over the graph, with a set of nodes already seen.
    # 할 일: 이미 본 노드의 집합을 두고 그래프를 도세요.
    y = f(a, b)
    names, seen, todo = [], set(), [y.grad_fn]
    while todo:
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        names.append(node.name())
        todo.extend(child for child, _ in node.next_functions)
    return names


def accumulated_grad(a: torch.Tensor, b: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Run k backward passes of Q = 3a^3 - b^2 and return (a.grad, b.grad).

    Build Q afresh in every pass (the graph is freed after backward) and do
    not clear .grad between passes: the result is k times one pass's gradient.
    a and b require grad.

    Q = 3a^3 - b^2로 backward를 k번 하고 (a.grad, b.grad)를 돌려줍니다.
    매번 Q를 새로 만들고(backward 뒤에 그래프가 해제됨) 사이에 .grad를 지우지 마세요. 결과는
    한 번의 기울기의 k배입니다.
    """
    # TODO: a loop of k forward + backward passes.
    # 할 일: 순전파 + backward를 k번 하는 반복문.
    for _ in range(1, k):
        Q = 3 * a**3 - b**2
        Q.backward(gradient=torch.ones_like(Q))
    return a.grad, b.grad


def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
    """Double y (starting from y = x) while y.norm() < 1000, then return the
    gradient of y.sum() with respect to x.

    How many doublings happen depends on x, so each call records a different
    graph. x requires grad.

    y = x에서 시작해 y.norm() < 1000인 동안 y를 두 배로 하고, x에 대한 y.sum()의
    기울기를 돌려줍니다. 두 배를 몇 번 하는지는 x에 따라 달라서, 호출마다 다른 그래프가 기록됩니다.
    """
    # TODO: a while loop, then backward.
    # 할 일: while 반복문, 그다음 backward.
    y = x
    while y.norm() < 1000:
        y = y * 2
    y.sum().backward()
    return x.grad
