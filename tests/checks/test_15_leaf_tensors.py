"""Checks for exercise 15: retain_grad on a non-leaf, and two backward() errors fixed.

Requirements (from the exercise's docstrings and these checks' titles), and what measures each:
- intermediate_gradient: h = x * 2, y = (h ** 2).sum(), backward, return h.grad, kept with
  retain_grad() (test_intermediate_gradient): values; the source calls retain_grad() and backward().
- non_leaf_grad_warning: backward through (h * x).sum(), read h.grad without retain_grad(), return
  h.grad (None), x.grad and the class name of the warning reading h.grad gave
  (test_non_leaf_grad_warning): the returned values against torch in the judge.
- weight_gradient: the weight requires grad from the start, loss = (w * x).sum() ** 2, backward(),
  return w.grad (test_weight_gradient): values; the source calls backward().
- elementwise_backward: x.grad = 3x^2 for y = x ** 3, using backward() on the non-scalar y, fixed
  (test_elementwise_backward): values; the source calls backward().
"""

import warnings

import pytest
import torch

from autograd_kit.checks import expect, requirements
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.i18n import tr


@pytest.mark.points(2)
@pytest.mark.measures("intermediate_gradient")
def test_intermediate_gradient(learner, rng):
    """retain_grad() keeps the gradient of the non-leaf h"""
    x = torch.randn(4, generator=rng).requires_grad_()
    pending = learner.submit_watching_grads("intermediate_gradient", x)
    h = x * 2
    truth = torch.autograd.grad((h**2).sum(), h)[0]
    report = pending.result()
    got = report["result"]
    if got is None:
        raise CheckFailed(tr("h.grad is None.") + "\n" + expect.named(
            "h-x-2-leaf"))
    expect.close(got, truth, "h.grad", [Mistake(torch.autograd.grad((h**2).sum(), x)[0],
                                                "x-grad-h-grad")])
    expect.grad_left(report["grads"][0], torch.autograd.grad(((x * 2) ** 2).sum(), x)[0], "x",
                     "intermediate_gradient(x)")
    code = learner.code("intermediate_gradient")
    requirements.calls(code, "retain_grad", requirement=tr("keep h's gradient with h.retain_grad() before backward()"))
    requirements.calls(code, "backward", requirement=tr("fill h.grad with backward()"))


@pytest.mark.points(2)
@pytest.mark.measures("non_leaf_grad_warning")
def test_non_leaf_grad_warning(learner, rng):
    """reading .grad of a non-leaf gives None, with a warning; the leaf x gets its gradient"""
    x = torch.randn(3, generator=rng).requires_grad_()
    pending = learner.submit_call("non_leaf_grad_warning", x)
    h = x * 2
    x_grad = torch.autograd.grad((h * x).sum(), x)[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _ = (x * 2).grad
    warning = caught[0].category.__name__ if caught else None
    got = pending.result()
    expect.mapping(got, "non_leaf_grad_warning")
    if got.get("h_grad") is not None:
        retained = learner.code("non_leaf_grad_warning").api_calls("retain_grad")
        raise CheckFailed(tr('non_leaf_grad_warning(x)["h_grad"] should be None: h is not a leaf and retain_grad() '
                             "was not called, so backward() keeps no gradient for it.")
                          + ("\n" + expect.named("retain-grad-called") if retained else ""))
    expect.close(got.get("x_grad"), x_grad, tr('non_leaf_grad_warning(x)["x_grad"] (the leaf)'), scaled=True)
    if got.get("warning") == "WarningMessage":
        expect.equal(got.get("warning"), warning, 'non_leaf_grad_warning(x)["warning"]',
                     expect.named("warning-record-not-class"))
    expect.equal(got.get("warning"), warning, 'non_leaf_grad_warning(x)["warning"]',
                 expect.named("read-outside-catch") if got.get("warning") is None else
                 tr("Read h.grad inside warnings.catch_warnings(record=True), after warnings.simplefilter('always')."))


@pytest.mark.points(2)
@pytest.mark.measures("weight_gradient")
def test_weight_gradient(learner, rng):
    """the weight requires grad, so backward() runs and w.grad is right"""
    values = [round(v, 3) for v in torch.randn(3, generator=rng).tolist()]
    x = torch.randn(3, generator=rng)
    pending = learner.submit_call("weight_gradient", values, x)
    w = torch.tensor(values, requires_grad=True)
    truth = torch.autograd.grad((w * x).sum() ** 2, w)[0]
    got = pending.result()
    if got is None:
        raise CheckFailed(tr("weight_gradient returned None, which is what w.grad holds when backward() gave w no "
                             "gradient.") + "\n" + expect.named(
            "w-require-grad-when"))
    expect.close(got, truth, tr("w.grad for values={values}", values=values), scaled=True)
    requirements.calls(learner.code("weight_gradient"), "backward", requirement=tr("fill w.grad with backward()"))


@pytest.mark.points(2)
@pytest.mark.measures("elementwise_backward")
def test_elementwise_backward(learner, rng):
    """backward() on a non-scalar, fixed: x.grad = 3x^2"""
    x = torch.randn(5, generator=rng).requires_grad_()
    pending = learner.submit_watching_grads("elementwise_backward", x)
    truth = torch.autograd.grad((x**3).sum(), x)[0]
    report = pending.result()
    expect.close(report["result"], truth, tr("x.grad for y = x^3"), [
        Mistake(torch.ones_like(x) * truth.sum(), "gradient-summed-into-number"),
        Mistake(truth * x.detach(), "gradient-is-input"),
        Mistake(truth / x.numel(), "mean-reduces")],
        scaled=True)
    expect.grad_left(report["grads"][0], truth, "x", "elementwise_backward(x)", scaled=True)
    requirements.calls(learner.code("elementwise_backward"), "backward", requirement=tr(
        "fill x.grad with backward(), not a formula worked out by hand"))
