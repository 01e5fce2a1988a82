"""Cheats that stay inside their own process earn nothing beyond their honest points.

Each file in tests/kit/cheats does wrong or forbidden work and tampers with its own process (the
kit's probes, wire or guard, torch's classes and properties, builtins, gc, frames, the reply pipe,
global grad modes and hooks, raw memory, __wrapped__, decoy code) so that kit code there reports
what the checks want. Many were written by a reviewer who could read the kit but not change it. The judge decides from values it recomputes and from the source it parses, and believes
what the learner's process says about itself only for files that leave the kit and torch alone.
"""

import shutil
from pathlib import Path

import pytest
from conftest import checks, exercise, grade_json

from autograd_kit.exercises.manifest import load_exercises

CHEATS = Path(__file__).with_name("cheats")
# One grade per folder of cheats, a folder per cheat of the exercise with the most (13 for 08): longer than one test's default.
pytestmark = pytest.mark.timeout(1500)
SLOTS = {e.number: e.name for e in load_exercises()}

# cheat file: points it gets (at most its honest points; see each file's header)
EXPECTED = {
    "01_fake_resnet_class.py": 3,  # a toy model named ResNet: make_batch and forward only
    "01_lying_parameters_method.py": 3,
    # 03 and 18 measure each function alone (issue 26): a cheat keeps the points of its correct functions, which the
    # same file without its trick earns too, and its trick earns nothing.
    "03_adam_named_sgd.py": 4,  # Adam named SGD: make_optimizer 0 (its steps are not SGD's); train_step is right
    "03_param_group_dict_lies_momentum.py": 4,  # make_optimizer 0 (no momentum in the second step); train_step is right
    "04_attribute_store_ops_mul.py": 1,
    "04_captures_autograd_grad.py": 1,
    "04_decorator_swaps_function.py": 1,
    "04_engine_and_nodes.py": 1,
    "04_exec_runtime_string.py": 1,
    "04_for_and_walrus_targets.py": 1,
    "04_forward_mode.py": 1,
    "04_functools_partial_rebinding.py": 1,
    "04_getattr_torch_autograd.py": 1,
    "04_global_from_class_body.py": 1,
    "04_jit_compilation_unit_string.py": 1,
    "04_own_name_on_module_alias.py": 1,
    "04_rebinds_after_decoy_def.py": 1,
    "04_reduce_getattr_global_alias.py": 1,
    "04_replaces_guard.py": 1,
    "04_sticky_module_class.py": 1,
    "04_torch_load_request_rewrite.py": 1,
    "04_tuple_alias_rebinding.py": 1,
    "07_fresh_leaf_requires_grad_.py": 4,  # x + z is a new leaf, not AddBackward0
    "07_gc_module_dict_patch.py": 2,  # below its honest 4: gc can rebind any name, so how predict_requires_grad is written cannot be read
    "07_requires_grad_property.py": 2,  # below its honest 4: it reaches torch._C (as above)
    "08_for_body_resnet_subclass_lies.py": 0,  # overrides torch's methods in a class body: its process's reports count for nothing
    "08_frame_walk_worker_globals.py": 0,  # these reach into the kit: nothing their process reports counts
    "08_hidden_backbone_in_a_list.py": 1,
    "08_hooks_zero_backbone_grads.py": 1,  # zero gradients are not frozen: the graph step's weight decay moves them
    "08_if_true_linear_on_logits_claims_512.py": 0,  # the head on the old logits is not Linear(512, n)
    "08_if_true_named_modules_lies.py": 0,  # overrides torch's methods in a class body: its process's reports count for nothing
    "08_if_true_parameter_properties.py": 0,  # overrides torch's methods in a class body: its process's reports count for nothing
    "08_parameter_subclass_class_body_properties.py": 0,
    "08_raw_pipe_frames.py": 0,
    "08_replaces_finetune_probe.py": 0,
    "08_try_body_adam_step_imitates_sgd.py": 0,  # overrides torch's methods in a class body: its process's reports count for nothing
    "08_try_body_requires_grad_says_frozen.py": 0,  # overrides torch's methods in a class body: its process's reports count for nothing
    "08_unfrozen_sgd_property_lies.py": 0,
    "09_exitstack_inference_mode_dead_with.py": 0,
    "09_global_forward_hook_and_requires_grad.py": 0,
    "09_grad_disabled_at_import.py": 0,
    "10_extra_decorator_swaps.py": 0,
    "10_fake_no_grad_decorator_helper_with.py": 2,  # the result is right; its decorator is not torch's
    "10_functools_wraps_twin.py": 2,
    "10_hand_set_wrapped.py": 0,  # it sets __wrapped__: not believed; and there is no decorator
    "10_rebinds_with_no_grad_call.py": 2,
    "14_getattr_backward_decoy_grad.py": 3,  # gradients_with_unused only
    "14_grad_property_hides_backward.py": 0,
    "14_unused_autograd_grad.py": 3,
    "15_backward_in_code_that_never_runs.py": 4,
    "15_backward_on_a_decoy_tensor.py": 4,
    "15_dead_backward_calls.py": 4,  # issue 23: intermediate_gradient and non_leaf_grad_warning
    "16_decoy_inference_blocks.py": 2,  # predict_no_grad only
    "16_patches_tensor_is_inference.py": 5,  # train_head_on_features and shifted_features
    "16_patches_wire_metadata.py": 0,  # below its honest 5: it imports the kit (as above), and both graded functions have source requirements
    "16_sys_modules_via_torch_sys.py": 0,
    "17_is_leaf_grad_fn_property.py": 3,  # doubled_sigmoid_gradient only
    "17_new_leaf_not_in_place.py": 3,
    "18_builtins_type_patch.py": 0,  # no Function of its own: neither check measures the learner's backward
    "18_gc_probe_code_swap.py": 0,
    # Cube.forward and Cube.backward are right (paired with the judge's other half they pass); cube applies no
    # torch.autograd.Function, so its point is lost: the decoy base class earns nothing.
    "18_numpy_memory_write_rename.py": 4,
    "18_own_function_base_class.py": 4,
    "18_rebinds_cube_after_def.py": 2,  # its honest 2 (Cube.forward); cube bound twice loses cube's point
    "18_renames_grad_fn.py": 0,
}


def _groups() -> list[list[str]]:
    """Cheats graded together: the i-th cheat of every exercise in the i-th folder (one file per exercise)."""
    by_exercise: dict[str, list[str]] = {}
    for name in sorted(EXPECTED):
        by_exercise.setdefault(name[:2], []).append(name)
    return [[names[i] for names in by_exercise.values() if i < len(names)]
            for i in range(max(len(names) for names in by_exercise.values()))]


class _Grades(dict):
    """Each group graded when a test first asks for one of its cheats (one grader run stays within a test's
    time limit however many groups there are)."""

    def __init__(self, root) -> None:
        super().__init__()
        self.root = root

    def __missing__(self, name: str) -> dict:
        index, group = next((i, g) for i, g in enumerate(_groups()) if name in g)
        folder = self.root.mktemp(f"cheats{index}")
        for member in group:
            shutil.copy(CHEATS / member, folder / f"{SLOTS[member[:2]]}.py")
        grade = grade_json(folder, "--seed", "31", "--timeout", "5")
        for member in group:
            self[member] = grade
        return grade


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return _Grades(tmp_path_factory)


def test_every_cheat_is_listed():
    assert sorted(p.name for p in CHEATS.glob("*.py")) == sorted(EXPECTED)
    assert sorted(name for group in _groups() for name in group) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_cheat_earns_only_its_honest_points(graded, name):
    result = exercise(graded[name], name[:2])
    messages = "\n".join(f'{c["name"]}: {c["message"]}' for c in result["checks"])
    assert result["points"] == EXPECTED[name], messages


def test_the_feedback_says_why_tampering_costs_the_points(graded):
    result = checks(graded["08_replaces_finetune_probe.py"], "08")
    message = result["test_only_head_trainable"]["message"]
    assert "reaches past its own objects" in message and "import autograd_kit.checks.probes as probes" in message
    by_hand = checks(graded["04_captures_autograd_grad.py"], "04")["test_dq_da"]["message"]
    # Said by the parse ("... uses torch.autograd.grad, which is autograd") or, first, by the worker's guard.
    assert ("works the derivative out by hand, and this uses" in by_hand and "which is autograd" in by_hand) or (
        "must not use autograd, but it called torch.autograd.grad" in by_hand)
    decorated = checks(graded["10_hand_set_wrapped.py"], "10")["test_doubler_is_decorated"]["message"]
    assert "can bind doubler to something else (line 16: doubler.__wrapped__ = _tracking)" in decorated
