# function: predict_inference
# belief: inference_mode's argument says whether gradients are enabled, like set_grad_enabled(False).
# fix: Call torch.inference_mode() with no argument: mode=True is the default.
# source: API confusion (set_grad_enabled analogy)
"""Exercise 16 - torch.inference_mode() versus torch.no_grad().

Both turn off recording, so results do not require grad. inference_mode goes
further: the tensors it creates are "inference tensors" (`t.is_inference()` is
True), with no version counter and no autograd bookkeeping at all, which makes
pure inference a little faster. The price: an inference tensor can never enter
autograd later.

- Using it in a computation that must be saved for backward raises
  "Inference tensors cannot be saved for backward".
- Changing it in place outside inference mode raises
  "Inplace update to inference tensor outside InferenceMode is not allowed".

In both cases, `t.clone()` (outside inference mode) makes an ordinary tensor
you can use, or compute it under no_grad() in the first place.

Run `python grader.py 16` to check your work.

----- 한국어 -----
연습 16 - torch.inference_mode()와 torch.no_grad() 비교.

둘 다 기록을 끄므로 결과는 requires_grad가 아닙니다. inference_mode는 한 걸음 더
나갑니다: 그 안에서 만든 텐서는 "추론 텐서"(`t.is_inference()`가 True)로, 버전
카운터도 autograd 관리 정보도 전혀 없어서 순수한 추론이 조금 더 빠릅니다. 대가는
추론 텐서가 나중에 절대 autograd에 들어갈 수 없다는 것입니다.

- 역전파를 위해 저장해야 하는 계산에 쓰면
  "Inference tensors cannot be saved for backward" 오류가 납니다.
- 추론 모드 밖에서 제자리(in-place)로 바꾸면
  "Inplace update to inference tensor outside InferenceMode is not allowed" 오류가 납니다.

두 경우 모두 (추론 모드 밖에서) `t.clone()`을 하면 쓸 수 있는 보통 텐서가 되고,
아니면 처음부터 no_grad()에서 계산하세요.

`python grader.py 16`으로 확인하세요.
"""

import torch


def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.no_grad().

    torch.no_grad()에서 계산한 model(x)를 돌려줍니다.
    """
    # TODO
    with torch.no_grad():
        return model(x)


def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Return model(x), computed under torch.inference_mode().

    torch.inference_mode()에서 계산한 model(x)를 돌려줍니다.
    """
    # TODO
    with torch.inference_mode(mode=False):
        return model(x)


def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Features come from model(x) under inference_mode; then loss = ((features @ w) ** 2).sum(). Return w.grad.

    w requires grad. The obvious code raises "Inference tensors cannot be saved for backward":
        with torch.inference_mode():
            features = model(x)
        ((features @ w) ** 2).sum().backward()
    Fix it, keeping inference_mode for the features.

    특징은 inference_mode에서 model(x)로 얻고, loss = ((features @ w)
    ** 2).sum(). w.grad를 돌려줍니다.
    """
    # TODO: turn the features into an ordinary tensor before autograd uses them.
    # 할 일: autograd가 쓰기 전에 특징을 보통 텐서로 바꾸세요.
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    ((features @ w) ** 2).sum().backward()
    return w.grad


def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Features from model(x) under inference_mode, then add 1 to them in place, outside the block. Return them.

    The obvious code raises "Inplace update to inference tensor outside InferenceMode is not allowed":
        with torch.inference_mode():
            features = model(x)
        features += 1
    Fix it.

    inference_mode에서 model(x)로 특징을 얻고, 블록 밖에서 제자리로 1을 더해
    돌려줍니다.
    """
    # TODO
    with torch.inference_mode():
        features = model(x)
    features = features.clone()
    features += 1
    return features
