"""Check helpers name mistakes; statuses follow from check outcomes."""

import pytest
import torch

from autograd_kit.checks import catalogue, expect
from autograd_kit.checks.expect import CheckFailed, Mistake
from autograd_kit.grading.results import CheckKind, CheckResult, Status
from autograd_kit.grading.score import exercise_status


def test_close_accepts_the_truth():
    expect.close(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0]), "x")


def test_close_names_a_listed_mistake_and_shows_both_values():
    a = torch.tensor([2.0, 3.0])
    catalogue.start_check("04_gradients_by_hand")
    with pytest.raises(CheckFailed) as failure:
        expect.close(3 * a**2, 9 * a**2, "dq_da(a, b)", [Mistake(3 * a**2, "3a-2-derivative-3")])
    text = str(failure.value)
    assert "expected: tensor([36., 81.])" in text
    assert "got:      tensor([12., 27.])" in text
    assert "Mistake: this is 3a^2, the derivative of a^3 alone" in text
    assert catalogue.named_in_check() == ["04_gradients_by_hand/3a-2-derivative-3"]


def test_an_answer_that_fits_two_mistakes_says_probably_and_names_both():
    a = torch.tensor([1.0, 2.0])
    catalogue.start_check("05_vector_backward")
    # With v = all ones, "J^T times ones" and "the gradient of y.sum() times v" are the same numbers.
    with pytest.raises(CheckFailed) as failure:
        expect.close(a, 2 * a, "a.grad",
                     [Mistake(a, "j-t-times-ones"), Mistake(a.clone(), "gradient-y-sum-multiplied")])
    text = str(failure.value)
    assert "Probably one of these mistakes" in text and "Mistake:" not in text
    assert "J^T times ones" in text and "multiplied by v element by element" in text
    assert catalogue.named_in_check() == ["05_vector_backward/j-t-times-ones",
                                          "05_vector_backward/gradient-y-sum-multiplied"]


def test_an_exercise_entry_replaces_the_common_one_under_the_same_key():
    catalogue.start_check("12_retain_graph")
    assert "run each backward() once" in expect.named("accumulated-k-times", k=2)
    catalogue.start_check("06_the_graph")
    assert "Clear .grad (or zero_grad()) between passes" in expect.named("accumulated-k-times", k=2)
    assert catalogue.named_in_check() == ["common/accumulated-k-times"]


@pytest.mark.parametrize("k", [2, 3, 5])
def test_close_recognises_accumulated_gradients(k):
    want = torch.tensor([1.0, -2.0, 3.0])
    with pytest.raises(CheckFailed, match=f"exactly {k} times"):
        expect.close(k * want, want, "a.grad", scaled=True)


def test_close_recognises_a_flipped_sign():
    want = torch.tensor([1.0, -2.0])
    with pytest.raises(CheckFailed, match="sign is flipped"):
        expect.close(-want, want, "b.grad", scaled=True)


@pytest.mark.parametrize("got, fragment", [
    (None, "forget to return"), ([1.0, 2.0], "should be a tensor"), (torch.ones(3), "shape (2,)"),
    (torch.ones(2, dtype=torch.long), "floating-point"),
])
def test_close_explains_the_wrong_kind_of_value(got, fragment):
    with pytest.raises(CheckFailed, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        expect.close(got, torch.ones(2), "f()")


def _checks(*kinds):
    return [CheckResult("01", f"c{i}", "d", 1, kind) for i, kind in enumerate(kinds)]


@pytest.mark.parametrize("kinds, status", [
    ((CheckKind.PASSED, CheckKind.PASSED), Status.PASSED),
    ((CheckKind.NOT_STARTED, CheckKind.NOT_STARTED), Status.NOT_STARTED),
    ((CheckKind.PASSED, CheckKind.NOT_STARTED), Status.FAILED),
    ((CheckKind.PASSED, CheckKind.WRONG), Status.FAILED),
    ((CheckKind.SYNTAX_ERROR, CheckKind.SYNTAX_ERROR), Status.ERROR),
    ((CheckKind.PASSED, CheckKind.TIMEOUT), Status.TIMEOUT),
    ((CheckKind.PASSED, CheckKind.CRASHED, CheckKind.TIMEOUT), Status.CRASHED),
    ((CheckKind.EXITED,), Status.CRASHED),
    ((CheckKind.PASSED, CheckKind.RAISED), Status.ERROR),
    ((CheckKind.PASSED, CheckKind.DID_NOT_REPORT), Status.FAILED),
])
def test_exercise_status(kinds, status):
    assert exercise_status(_checks(*kinds)) is status


def test_a_check_that_never_reported_earns_nothing():
    (check,) = _checks(CheckKind.DID_NOT_REPORT)
    assert check.points == 0 and "did not report" in check.message
