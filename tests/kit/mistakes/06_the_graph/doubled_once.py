# function: doubling_gradient
# belief: "Double y while its norm is below 1000" is a condition to test, so an if statement does it.
# fix: Repeat the doubling with a while loop: an if runs its body at most once.
# source: Python slip (if for while)
"""Exercise 06 - the graph autograd records.

While the forward pass runs, autograd records every operation in a directed
acyclic graph (DAG). The inputs you created are the *leaves*; each result
points to the *Function* that made it through `.grad_fn` (for example
`SubBackward0` for a subtraction). Leaves have `grad_fn = None` and
`is_leaf = True`. Each node's `next_functions` lists the nodes that fed it;
a leaf that requires grad shows up there as an `AccumulateGrad` node.

backward() walks this graph from the root and, with the chain rule, *adds*
each leaf's gradient into its `.grad`. It accumulates, it does not overwrite:
two backward passes leave twice the gradient.

The graph is thrown away after backward() and built again, from scratch, by
the next forward pass. That is why ordinary Python control flow (if, while)
works: each pass records only what actually ran.

Run `python grader.py 06` to check your work.

----- 한국어 -----
연습 06 - autograd가 기록하는 그래프.

순전파가 실행되는 동안 autograd는 모든 연산을 방향성 비순환 그래프(DAG)에
기록합니다. 여러분이 만든 입력이 *잎(leaf)*이고, 각 결과는 `.grad_fn`으로 자기를
만든 *Function*을 가리킵니다 (예: 뺄셈이면 `SubBackward0`). 잎은 `grad_fn = None`,
`is_leaf = True`입니다. 각 노드의 `next_functions`에는 그 노드에 값을 준 노드들이
있고, requires_grad인 잎은 그곳에 `AccumulateGrad` 노드로 나타납니다.

backward()는 루트에서 이 그래프를 따라가며 연쇄 법칙으로 각 잎의 기울기를 `.grad`에
*더합니다*. 덮어쓰지 않고 누적하므로 backward를 두 번 하면 기울기가 두 배입니다.

그래프는 backward() 뒤에 버려지고, 다음 순전파가 처음부터 다시 만듭니다. 그래서
보통의 파이썬 제어 흐름(if, while)이 동작합니다: 매번 실제로 실행된 것만 기록됩니다.

`python grader.py 06`으로 확인하세요.
"""

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
    for _ in range(k):
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
    if y.norm() < 1000:
        y = y * 2
    y.sum().backward()
    return x.grad
