"""MISTAKE: The student thinks torch.no_grad() switches the model into a no-grad mode, like model.eval(), so only wraps model.eval() and calls the model after the block.
FUNCTION: evaluate

Exercise 09 - torch.no_grad() as a context manager.

Sometimes you want results without a graph: evaluating a model, updating
weights by hand, logging. Inside `with torch.no_grad():` autograd records
nothing, so every result has requires_grad=False, even when the inputs
require grad. Leaving the block turns tracking back on; the inputs themselves
are not changed.

    x = torch.tensor([1.], requires_grad=True)
    with torch.no_grad():
        y = x * 2
    y.requires_grad   # False

Run `python grader.py 09` to check your work.

----- 한국어 -----
연습 09 - 컨텍스트 매니저로 쓰는 torch.no_grad().

그래프 없이 결과만 필요할 때가 있습니다: 모델 평가, 손으로 하는 가중치 갱신,
로그 기록. `with torch.no_grad():` 안에서는 autograd가 아무것도 기록하지 않으므로,
입력이 requires_grad여도 모든 결과는 requires_grad=False입니다. 블록을 나가면
추적이 다시 켜지고, 입력 자체는 바뀌지 않습니다.

    x = torch.tensor([1.], requires_grad=True)
    with torch.no_grad():
        y = x * 2
    y.requires_grad   # False

`python grader.py 09`로 확인하세요.
"""

import torch


def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
    """Return x * 2 computed inside a torch.no_grad() block.

    torch.no_grad() 블록 안에서 계산한 x * 2를 돌려줍니다.
    """
    # TODO: a with-block around the multiplication.
    # 할 일: 곱셈을 with 블록으로 감싸세요.
    with torch.no_grad():
        y = x * 2
    return y


def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Return model(data) without recording a graph.

    그래프를 기록하지 않고 model(data)를 돌려줍니다.
    """
    # TODO: the forward pass inside torch.no_grad().
    # 할 일: torch.no_grad() 안에서 순전파.
    with torch.no_grad():
        model.eval()
    return model(data)
