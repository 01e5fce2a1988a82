"""MISTAKE: The student copies the tutorial line model.fc = nn.Linear(512, 10) and ignores num_classes.
FUNCTION: prepare_finetuning

Exercise 08 - freezing a backbone and training a new head.

To fine-tune a model for a new task, keep what it learned and retrain only
the classifier: freeze every parameter (requires_grad = False), then replace
the last layer. resnet18's classifier is `model.fc`, a Linear(512, 1000); a
new `nn.Linear(512, 10)` gives 10 classes. A freshly created layer's
parameters require grad, so after the swap only fc is trainable.

The order matters:
  1. freeze first: freezing after the swap would freeze the new fc too;
  2. build the optimizer last: it keeps references to the parameters it is
     given, so an optimizer built before the swap would train the old fc.

The optimizer can be given all of model.parameters(): frozen parameters get
no .grad, and SGD skips parameters whose .grad is None.

Run `python grader.py 08` to check your work.

----- 한국어 -----
연습 08 - 백본을 고정하고 새 헤드 학습하기.

모델을 새 작업에 맞게 미세 조정하려면 배운 것은 그대로 두고 분류기만 다시
학습합니다: 모든 매개변수를 고정(requires_grad = False)한 다음 마지막 층을
바꿉니다. resnet18의 분류기는 Linear(512, 1000)인 `model.fc`이고, 새
`nn.Linear(512, 10)`이면 클래스가 10개가 됩니다. 새로 만든 층의 매개변수는
requires_grad이므로 바꾼 뒤에는 fc만 학습됩니다.

순서가 중요합니다:
  1. 먼저 고정하세요: 바꾼 뒤에 고정하면 새 fc까지 고정됩니다.
  2. 옵티마이저는 마지막에 만드세요: 옵티마이저는 받은 매개변수의 참조를 가지고
     있으므로, 바꾸기 전에 만든 옵티마이저는 옛 fc를 학습합니다.

옵티마이저에는 model.parameters() 전체를 줘도 됩니다: 고정된 매개변수는 .grad를
받지 않고, SGD는 .grad가 None인 매개변수를 건너뜁니다.

`python grader.py 08`로 확인하세요.
"""

import torch
from torch import nn


def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
    """Freeze all of model's parameters, replace model.fc with a new
    nn.Linear(512, num_classes), and return SGD over model.parameters()
    with lr=1e-2 and momentum=0.9. Change `model` in place.

    model의 모든 매개변수를 고정하고, model.fc를 새 nn.Linear(512,
    num_classes)로 바꾼 뒤, model.parameters()에 대한 SGD(lr=1e-2,
    momentum=0.9)를 돌려줍니다. model은 제자리에서 바꾸세요.
    """
    # TODO: freeze, replace fc, build the optimizer - in that order.
    # 할 일: 고정, fc 바꾸기, 옵티마이저 만들기 - 이 순서로.
    for param in model.parameters():
        param.requires_grad = False
    model.fc = nn.Linear(512, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    return optimizer
