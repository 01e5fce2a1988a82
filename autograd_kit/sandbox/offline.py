"""Keep learner code offline: asking for pretrained weights gets a clear error.

The kit never downloads anything. torchvision fetches weights through
torch.hub.load_state_dict_from_url; in the learner's child process that
function is replaced by one that explains what to do instead.
"""

from __future__ import annotations

from typing import Any, NoReturn

from autograd_kit.i18n import tr, tr_later

MESSAGE = tr_later(
    "The kit runs offline and never downloads pretrained weights. "
    "Build the model with weights=None (for example torchvision.models.resnet18(weights=None)); "
    "the checks compare against a randomly initialised resnet18."
)


class OfflineError(RuntimeError):
    pass


def refuse_download(*args: Any, **kwargs: Any) -> NoReturn:
    raise OfflineError(tr(MESSAGE))


def install() -> None:
    import torch.hub

    torch.hub.load_state_dict_from_url = refuse_download
    try:
        import torchvision.models._api as api
    except ImportError:
        return
    if hasattr(api, "load_state_dict_from_url"):
        api.load_state_dict_from_url = refuse_download
