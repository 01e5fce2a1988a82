"""Typical wrong answers get zero points for the check and a message that names the mistake.
"""

import pytest
from conftest import checks, exercise, grade_json, grading_limit_s

CASES = [
    # (exercise, learner file, check, fragment of the message)
    ("01_forward_pass", "softmax_output.py", "test_forward_prediction", "Mistake: this is softmax(prediction)"),
    ("01_forward_pass", "wrong_model.py", "test_build_model_is_resnet18", "is it resnet34 or resnet50?"),
    ("01_forward_pass", "wrong_model.py", "test_make_batch", "[0, 1), as torch.rand gives"),
    ("05_vector_backward", "vjp_mistakes.py", "test_tutorial_gradients", "this is Q, not a gradient"),
    ("05_vector_backward", "vjp_mistakes.py", "test_vector_jacobian_product", "J^T times ones"),
    ("05_vector_backward", "backward_twice.py", "test_tutorial_gradients", "exactly 2 times the right gradient"),
    ("06_the_graph", "graph_mistakes.py", "test_accumulated_grad", ".grad accumulates over passes"),
    ("06_the_graph", "graph_mistakes.py", "test_graph_nodes", "some nodes are listed twice"),
    ("06_the_graph", "graph_mistakes.py", "test_doubling_gradient", "with no doublings"),
    ("07_requires_grad", "counting_mistakes.py", "test_predict_requires_grad", "one input that requires grad is enough"),
    ("07_requires_grad", "counting_mistakes.py", "test_count_trainable", "counts parameter tensors"),
    ("10_no_grad_decorator", "no_decorator.py", "test_doubler_result", "its multiplication was recorded"),
    ("10_no_grad_decorator", "no_decorator.py", "test_doubler_is_decorated", "Mistake: doubler is not decorated"),
    ("10_no_grad_decorator", "body_turns_off_tracking.py", "test_doubler_is_decorated", "turns tracking off itself"),
    ("04_gradients_by_hand", "mistakes.py", "test_dq_da", "Mistake: this is 3a^2"),
    ("04_gradients_by_hand", "mistakes.py", "test_dq_db", "Mistake: the sign was dropped"),
    ("02_loss_backward", "mean_loss.py", "test_compute_loss", "Mistake: this is the mean"),
    ("02_loss_backward", "mean_backward_pass.py", "test_gradients_match_autograd", "mean() instead of sum()"),
    ("03_optimizer_step", "no_zero_grad.py", "test_second_step_uses_momentum", "optimizer.zero_grad()"),
    ("03_optimizer_step", "no_momentum.py", "test_optimizer_settings", "the second step ignored momentum"),
    ("03_optimizer_step", "no_momentum.py", "test_optimizer_settings", "momentum is 0, not 0.9"),
    ("08_freezing", "frozen_head.py", "test_only_head_trainable", "Mistake: nothing is trainable"),
    ("08_freezing", "frozen_head.py", "test_step_moves_only_head", "it is frozen"),
    ("08_freezing", "stale_optimizer.py", "test_optimizer_settings", "does not hold the new fc"),
    ("08_freezing", "stale_optimizer.py", "test_step_moves_only_head", "build it after replacing fc"),
    ("09_no_grad_context", "wrong_no_grad.py", "test_double_without_tracking", "Mistake: the result still requires grad"),
    ("09_no_grad_context", "wrong_no_grad.py", "test_evaluate", "the forward pass ran outside torch.no_grad()"),
    ("11_zero_grad", "forgets_zero_grad.py", "test_same_batch_three_times", "sum of the gradients of every step"),
    ("11_zero_grad", "forgets_zero_grad.py", "test_zero_grad_leaves[set_to_none]", "sets .grad to None by default"),
    ("11_zero_grad", "records_grad_itself.py", "test_different_batches", "append a copy"),
    ("11_zero_grad", "records_grad_itself.py", "test_zero_grad_leaves[zeros]", "still hold the gradients"),
    ("12_retain_graph", "single_backward.py", "test_two_backwards", "one pass's gradient"),
    ("12_retain_graph", "single_backward.py", "test_two_losses_share_a_graph", "loss_b's gradient alone"),
    ("13_detach", "no_detach.py", "test_gradient_through_detached", "y was not detached"),
    ("13_detach", "no_detach.py", "test_detached_facts", "d does not share y's storage"),
    ("14_autograd_grad", "grad_via_backward.py", "test_q_gradients", "leaves .grad alone"),
    ("14_autograd_grad", "grad_via_backward.py", "test_gradients_with_unused", "materialize_grads=True gives zeros"),
    ("15_leaf_tensors", "leaf_mistakes.py", "test_intermediate_gradient", "h.retain_grad()"),
    ("15_leaf_tensors", "leaf_mistakes.py", "test_non_leaf_grad_warning", "should be None"),
    ("15_leaf_tensors", "leaf_mistakes.py", "test_weight_gradient", "requires_grad=True, set before"),
    ("15_leaf_tensors", "leaf_mistakes.py", "test_elementwise_backward", "This output has several elements"),
    ("16_inference_mode", "inference_mixups.py", "test_prediction[no_grad]", "use torch.no_grad() here"),
    ("16_inference_mode", "inference_mixups.py", "test_prediction[inference]", "inference_mode() makes inference"),
    ("16_inference_mode", "inference_mixups.py", "test_train_head_on_features", "clone() it outside the mode"),
    ("16_inference_mode", "inference_mixups.py", "test_shifted_features", "clone() it first"),
    ("17_inplace", "inplace_mistakes.py", "test_doubled_sigmoid_gradient", "Write that step out of place"),
    ("17_inplace", "inplace_mistakes.py", "test_manual_sgd_step", "makes a new tensor and rebinds the name"),
    ("18_custom_function", "wrong_backward.py", "test_backward_matches_gradcheck", "the derivative of x^3 is 3x^2"),
    ("18_custom_function", "ignores_grad_output.py", "test_backward_matches_gradcheck", "ignores grad_output"),
    ("18_custom_function", "builtin_cube.py", "test_cube_applies_the_function", "did not come from Cube.apply(x)"),
    ("19_higher_order", "first_derivative_only.py", "test_second_derivatives", "the first derivative 9a^2"),
    ("19_higher_order", "first_derivative_only.py", "test_gradient_penalty", "create_graph=True"),
    ("20_hooks_and_func", "hook_too_late.py", "test_clipped_gradient", "nothing was clipped"),
    ("20_hooks_and_func", "hook_too_late.py", "test_func_derivatives", "the gradient with v = 1"),
    # Requirements that used to pass with full marks (issue 11), and "right numbers, another route".
    ("03_optimizer_step", "returns_none.py", "test_train_step_returns_loss",
     "but it is None (did the function forget to return?)"),
    ("12_retain_graph", "forward_twice.py", "test_two_backwards", "build q once and keep its graph"),
    ("12_retain_graph", "forward_twice.py", "test_two_losses_share_a_graph", "compute h = tanh(x @ w) once"),
    ("12_retain_graph", "sums_the_losses.py", "test_two_losses_share_a_graph", "call backward() on each loss separately"),
    ("17_inplace", "rebinds_w.py", "test_manual_sgd_step", "the caller's w did not move"),
    ("02_loss_backward", "other_routes_02_05.py", "test_backward_pass_returns_loss", "until loss.backward() runs"),
    ("05_vector_backward", "other_routes_02_05.py", "test_tutorial_gradients", "call Q.backward() with the external gradient"),
    ("05_vector_backward", "other_routes_02_05.py", "test_vector_jacobian_product", "call y.backward(gradient=v)"),
    ("06_the_graph", "other_routes_06_07.py", "test_accumulated_grad", "build Q afresh in every pass"),
    ("07_requires_grad", "other_routes_06_07.py", "test_predict_requires_grad", "without running torch"),
    ("09_no_grad_context", "other_routes_09_11.py", "test_double_without_tracking", "inside a `with torch.no_grad():`"),
    ("11_zero_grad", "other_routes_09_11.py", "test_zero_grad_leaves[zeros]", "the optimizer's zero_grad(set_to_none"),
    ("13_detach", "other_routes_13_14.py", "test_gradient_through_detached", "which only backward() fills"),
    ("13_detach", "other_routes_13_14.py", "test_detached_facts", "make d with y.detach()"),
    ("14_autograd_grad", "other_routes_13_14.py", "test_q_gradients", "backward() accumulates into .grad"),
    ("14_autograd_grad", "other_routes_13_14.py", "test_gradients_with_unused", "pass materialize_grads=True"),
    ("15_leaf_tensors", "other_routes_15_16.py", "test_elementwise_backward", "which only backward() fills"),
    ("16_inference_mode", "other_routes_15_16.py", "test_train_head_on_features", "keep inference_mode for the features"),
    ("16_inference_mode", "other_routes_15_16.py", "test_shifted_features", "add 1 to the features in place"),
    ("17_inplace", "other_routes_17_18.py", "test_manual_sgd_step", "update w inside `with torch.no_grad():`"),
    ("18_custom_function", "other_routes_17_18.py", "test_forward", "ctx.save_for_backward(x)"),
    ("19_higher_order", "other_routes_19_20.py", "test_second_derivatives", "differentiate with torch.autograd.grad"),
    ("20_hooks_and_func", "other_routes_19_20.py", "test_clipped_gradient", "which only backward() fills"),
    ("20_hooks_and_func", "other_routes_19_20.py", "test_func_derivatives", "torch.func.jacrev is not used"),
]


def _files_by_slot() -> dict[str, list[str]]:
    by_slot: dict[str, list[str]] = {}
    for slot, source, _, _ in CASES:
        if source not in by_slot.setdefault(slot, []):
            by_slot[slot].append(source)
    return by_slot


# The first test makes the shared grades: its limit grows with the number of folders graded.
pytestmark = pytest.mark.timeout(grading_limit_s(max(len(files) for files in _files_by_slot().values())))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade each (exercise, file) pair once, as few grades as possible: the i-th file of every
    exercise goes into the i-th folder, one file per exercise, and each folder is graded whole."""
    import shutil

    from conftest import LEARNERS

    by_slot = _files_by_slot()
    folders = []
    for index in range(max(len(files) for files in by_slot.values())):
        folder = tmp_path_factory.mktemp("mistakes")
        chosen = {slot: files[index] for slot, files in by_slot.items() if index < len(files)}
        for slot, source in chosen.items():
            shutil.copy(LEARNERS / source, folder / f"{slot}.py")
        folders.append((folder, chosen))
    cache: dict = {}
    for folder, chosen in folders:
        grade = grade_json(folder, "--seed", "21")
        cache.update({(slot, source): grade for slot, source in chosen.items()})
    return lambda slot, source: cache[slot, source]


@pytest.mark.parametrize("slot, source, check, fragment", CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_a_typical_mistake_is_named(graded, slot, source, check, fragment):
    result = checks(graded(slot, source), slot[:2])[check]
    assert result["points"] == 0
    assert fragment in result["message"]
    # "failed" for a wrong answer, "error" where the mistake is an exception torch raises
    assert exercise(graded(slot, source), slot[:2])["status"] in ("failed", "error")


def test_every_exercise_has_at_least_two_named_mistakes():
    from collections import Counter

    from autograd_kit.exercises.manifest import load_exercises

    named = Counter(slot for slot, _, _, _ in set(CASES))
    assert [e.name for e in load_exercises() if named[e.name] < 2] == []


def _solution_blocks(slot: str) -> list[list[str]]:
    from conftest import SOLUTIONS

    blocks, current = [], None
    for line in (SOLUTIONS / f"{slot}.py").read_text().splitlines():
        if line.strip() == "# BEGIN SOLUTION":
            current = []
        elif line.strip() == "# END SOLUTION":
            blocks.append(current)
            current = None
        elif current is not None and line.strip():
            current.append(line.strip())
    return blocks


@pytest.mark.parametrize("slot, source", sorted({(c[0], c[1]) for c in CASES}))
def test_no_message_gives_the_solution_away(graded, slot, source):
    """No feedback holds a whole solution block: every block has a line the message does not contain."""
    messages = "\n".join(c["message"] for c in checks(graded(slot, source), slot[:2]).values())
    for block in _solution_blocks(slot):
        assert not all(line in messages for line in block), block
