"""MISTAKE: The student thinks torchvision.models.resnet18 already is the model and returns the builder function itself instead of calling it with weights=None.
FUNCTION: build_model

Exercise 01 - the forward pass.

A neural network is a nest of functions. Each layer (a convolution, a batch
norm, a linear layer) is a function with parameters: weights and biases.
Running data through all of them, from the input to the output, is the
*forward pass*: the network's best guess for the answer.

We use resnet18, an image classifier with 1000 output classes (the classes of
ImageNet). The kit runs offline, so build it with `weights=None`: its weights
are random, which is all we need to study autograd. (The tutorial asks for
`pretrained=True`; that downloads weights, and the kit never downloads.)

Run `python grader.py 01` to check your work.

----- 한국어 -----
연습 01 - 순전파.

신경망은 함수들의 중첩입니다. 각 층(합성곱, 배치 정규화, 선형 층)은 가중치와
편향이라는 매개변수를 가진 함수입니다. 데이터를 입력부터 출력까지 모든 층에
통과시키는 것이 *순전파*이고, 그 결과가 신경망이 내놓는 최선의 추측입니다.

여기서는 출력 클래스가 1000개(ImageNet의 클래스)인 이미지 분류기 resnet18을
씁니다. 이 키트는 오프라인으로 동작하므로 `weights=None`으로 만드세요. 가중치는
무작위이지만 autograd를 공부하기에는 충분합니다. (튜토리얼은 `pretrained=True`를
쓰는데, 그러면 가중치를 내려받게 되고 이 키트는 절대 내려받지 않습니다.)

`python grader.py 01`로 확인하세요.
"""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None).

    무작위 가중치(weights=None)의 resnet18을 돌려줍니다.
    """
    # TODO: build torchvision's resnet18 without pretrained weights.
    # 할 일: torchvision의 resnet18을 사전 학습 가중치 없이 만드세요.
    model = torchvision.models.resnet18
    return model


def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """Return (data, labels): one random 64x64 RGB image and random targets.

    data has shape (1, 3, 64, 64): batch, channels, height, width.
    labels has shape (1, 1000): one target value per class.
    Both hold random numbers in [0, 1), as torch.rand gives.

    (data, labels)를 돌려줍니다: 64x64 RGB 무작위 이미지 한 장과 무작위 목표값.
    data는 (1, 3, 64, 64), labels는 (1, 1000) 모양이고, 둘 다
    torch.rand처럼 [0, 1) 범위의 수입니다.
    """
    # TODO: create both tensors with torch.rand.
    # 할 일: 두 텐서를 torch.rand로 만드세요.
    data = torch.rand(1, 3, 64, 64)
    labels = torch.rand(1, 1000)
    return data, labels


def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
    """Run the forward pass and return the prediction, of shape (1, 1000).

    순전파를 실행하고 (1, 1000) 모양의 예측을 돌려줍니다.
    """
    # TODO: call the model on the data.
    # 할 일: 모델에 데이터를 넣어 호출하세요.
    prediction = model(data)
    return prediction
