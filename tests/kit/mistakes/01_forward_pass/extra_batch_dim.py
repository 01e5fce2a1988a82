# function: forward
# belief: A model always needs a batch dimension added in front of its input before it can be called, as for a single image.
# fix: Call model(data) as it is: data already has its batch dimension of 1.
# source: StackOverflow habit of unsqueeze(0) for single images (Humbatova et al.: wrong tensor shape)
"""Exercise 01 - the forward pass."""

import torch
import torchvision


def build_model() -> torch.nn.Module:
    """Return a resnet18 with random weights (weights=None).

    무작위 가중치(weights=None)의 resnet18을 돌려줍니다.
    """
    # TODO: build torchvision's resnet18 without pretrained weights.
    # 할 일: torchvision의 resnet18을 사전 학습 가중치 없이 만드세요.
    return torchvision.models.resnet18(weights=None)


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
    return model(data.unsqueeze(0))
