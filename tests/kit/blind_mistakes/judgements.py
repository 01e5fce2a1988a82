"""Hand judgements of the grader's feedback on each blind mistake (seed 1234).

file -> (category, collateral checks [list of check titles of OTHER functions that lost points], key quote, note)
"""

J = {}


def j(path, category, quote, collateral=(), note=""):
    J[path] = (category, list(collateral), quote, note)


j("01_forward_pass/model_not_called.py", "named",
  "Mistake: this is the function that builds resnet18, not the network: call it, resnet18(weights=None).")
j("01_forward_pass/channels_last_batch.py", "named",
  "Mistake: PyTorch images are channels first: (batch, channels, height, width) ... (64, 64, 3) is how image files and NumPy lay pixels out.")
j("02_loss_backward/mean_instead_of_sum.py", "named",
  "Mistake: this is the mean; the tutorial's loss is the sum.",
  ["backward_pass() returns the loss of the forward pass (0/1)",
   "every parameter's .grad equals d(loss)/d(parameter) (0/2)"],
  "Collateral is a cascade: backward_pass() must call compute_loss(), and its gradient check explains it (\"the loss used mean() instead of sum()\").")
j("02_loss_backward/backward_not_called.py", "named",
  "Mistake: a method named without parentheses (optimizer.zero_grad, loss.backward) is never called ... line 15: loss.backward")
j("02_loss_backward/zero_grad_after_backward.py", "named",
  "no parameter has a .grad after backward_pass(). Mistake: zero_grad() at line 16 ran after backward() at line 15 and before anything used the gradients, so it wiped the gradients backward() had just filled.",
  note="Issue 26: named from what the code did (trace rule zero-grad-wiped); the advice 'call loss.backward()' is refuted by the backward() the trace saw. Before: misleading ('call loss.backward() after computing the loss').")
j("03_optimizer_step/module_not_parameters.py", "named",
  "make_optimizer() / train_step() raised TypeError: 'ResNet' object is not iterable ... Mistake: an optimizer takes the tensors it will train, not the module: pass model.parameters() ... line 9: return torch.optim.SGD(model, lr=1e-2, momentum=0.9)",
  ["the first step moves every parameter by -lr * grad, and train_step returns the loss before it (0/2)",
   "the second step follows the momentum rule (buffer = 0.9 * buffer + grad) and returns the loss before it (0/2)"],
  "Issue 26: named from the error and its line (common slip module-as-parameters). Before: unnamed. Collateral unchanged: train_step's checks use the learner's make_optimizer() (isolating points per function is issue 26 part 1, another branch).")
j("03_optimizer_step/zero_grad_before_step.py", "named",
  "Mistake: zero_grad() runs after backward(), so step() finds no gradients. Clear the old gradients at the start of the step, before backward().",
  ["make_optimizer() returns SGD over all parameters with lr=1e-2 and momentum=0.9 (0/1)"],
  "The correct make_optimizer() loses its point with 'The optimizer describes itself as SGD with lr=0.01 and momentum=0.9, but the steps it takes are not SGD's with those settings', which blames the optimizer for train_step's bug.")
j("03_optimizer_step/zero_grad_not_called.py", "named",
  "Mistake: a method named without parentheses (optimizer.zero_grad, loss.backward) is never called ... line 14: optimizer.zero_grad")
j("04_gradients_by_hand/math_pow_on_tensor.py", "named",
  "Mistake: Python's math functions (math.pow, math.exp, math.sqrt...) work on one plain number, not on tensors ... Use the tensor versions: a ** 3 or torch.pow(a, 3) ... line 10: return 3 * math.pow(a, 3) - math.pow(b, 2)",
  note="Issue 26: a common slip named from the error and its line (math-on-tensor). Before: unnamed.")
j("04_gradients_by_hand/exponent_not_lowered.py", "named",
  "Mistake: the exponent did not go down: the power rule gives n * a^(n-1).")
j("04_gradients_by_hand/sign_dropped.py", "named",
  "Mistake: the sign was dropped: Q subtracts b^2, so its derivative keeps the minus sign.")
j("05_vector_backward/hardcoded_ones_shape.py", "named",
  "Mistake: ... A tensor written out by hand (torch.tensor([1., 1.])) fits only outputs of that one size: build it from the output itself.")
j("05_vector_backward/jacobian_times_v.py", "generic",
  "a.grad is None after vector_jacobian_product(f, a, b, v): this exercise reads the gradient from a.grad, which only backward() fills",
  note="True and actionable (use backward()), but says nothing about J v versus J^T v, the misunderstanding; a learner who switches to backward() never learns why J @ v was wrong.")
j("05_vector_backward/weights_by_v_twice.py", "generic",
  "a.grad for f = tutorial_q is wrong. expected: tensor([0.311949, ...]) got: tensor([0.545837, ...])",
  note="Only expected/got; the result is J^T v multiplied by v a second time, which a by-value check could recognise.")
j("06_the_graph/grad_fn_name_not_called.py", "named",
  "Mistake: a method was used without being called: p.size, t.numel and grad_fn.name are functions, and their values are p.size(), t.numel() and grad_fn.name() ... line 14: \"Q.grad_fn\": Q.grad_fn.name if ...",
  note="Issue 26: common slip method-not-called, from the non-plain return and the source. Before: generic.")
j("06_the_graph/graph_built_once.py", "named",
  "Mistake: backward() frees the graph it ran through ... Either run the forward pass again before the second backward(), or keep the graph with retain_graph=True")
j("06_the_graph/inplace_doubling_of_leaf.py", "named",
  "Mistake: an in-place operation (x *= 2, x.add_(...)) on a leaf that requires grad is refused ... write it out of place (y = x * 2)")
j("07_requires_grad/all_instead_of_any.py", "named",
  "Mistake: one input that requires grad is enough; not all of them need to.")
j("07_requires_grad/counts_tensors_not_elements.py", "named",
  "Mistake: this counts parameter tensors; count their elements with p.numel().")
j("07_requires_grad/numpy_size_attribute.py", "named",
  "Mistake: a method was used without being called ... (NumPy's .size is a number; a tensor's element count is t.numel().) line 17: return sum(p.size for p in ...)",
  note="Issue 26: common slip method-not-called, named from the error and its line. Before: unnamed.")
j("08_freezing/fc_in_features_1000.py", "named",
  "Mistake: model.fc replaces resnet18's last layer, so it takes the 512 features that fed the old fc, not the old 1000 scores: nn.Linear(512, num_classes).")
j("08_freezing/module_requires_grad_attribute.py", "named",
  "Mistake: model.requires_grad = False only adds an attribute to the Module object: the flag lives on each parameter. ... or call model.requires_grad_(False).")
j("08_freezing/optimizer_before_swap.py", "named",
  "Mistake: the optimizer does not hold the new fc's parameters. Build it after replacing fc.")
j("09_no_grad_context/computed_before_block.py", "named",
  "Mistake: the result still requires grad, so the multiplication was recorded. Do it inside the `with torch.no_grad():` block (the block may have ended too early).")
j("09_no_grad_context/eval_instead_of_no_grad.py", "named",
  "Mistake: evaluate's result requires grad: the forward pass ran outside torch.no_grad(). Mistake: model.eval() (line 15) does not stop autograd from recording: the computation at line 16 was still recorded.",
  note="Issue 26: the model.eval() line is now named from what the code did (trace rule eval-for-no-grad: eval() in the function, and its computation ran recorded). Before: named through the fix only.")
j("09_no_grad_context/flip_input_requires_grad.py", "named",
  "Mistake: x itself no longer requires grad. no_grad() leaves inputs alone; do not call x.requires_grad_(False) or change x.")
j("10_no_grad_decorator/detach_instead_of_decorator.py", "named",
  "Mistake: doubler is not decorated: the decorator goes on the line above `def doubler`, with an @, and the body needs no no_grad of its own.")
j("10_no_grad_decorator/no_grad_as_statement.py", "named",
  "Mistake: torch.no_grad() on a line of its own makes a context manager and throws it away, so nothing changes. (line 9: torch.no_grad())")
j("10_no_grad_decorator/set_grad_enabled_global.py", "named",
  "Mistake: torch.set_grad_enabled(False) on a line of its own switches recording off for everything that runs afterwards in this thread, not just in this function.")
j("11_zero_grad/grad_not_cloned.py", "named",
  "Mistake: this is the last step's gradient: append a copy (model.weight.grad.clone()), not .grad itself, which later steps change.",
  note="The file clears with model.zero_grad(set_to_none=False); with the default set_to_none=True each backward() makes a fresh .grad and the missing clone() does no harm.")
j("11_zero_grad/set_to_none_not_passed.py", "named",
  "Mistake: with set_to_none=False, zero_grad() keeps each .grad tensor and fills it with zeros; pass set_to_none through to zero_grad().")
j("11_zero_grad/zero_grad_before_record.py", "named",
  "Mistake: zero_grad() at line 13 ran after backward() at line 12 and before the gradient was recorded, so the copy holds the cleared gradient. Record (clone) the gradient first, and clear it at the start of the next step, before its backward().",
  note="Issue 26: named from what the code did (11's zero-grad-wiped, limited to gradients_per_step: in gradients_after_zero_grad, zero_grad after backward is the task). Before: generic (expected/got only).")
j("12_retain_graph/forward_recomputed.py", "named",
  "gradient_after_two_backwards() gives the right values, but not the way this exercise asks: build q once and keep its graph for the second backward() with retain_graph=True")
j("12_retain_graph/manual_sum_double_counts.py", "named",
  "Mistake: loss_a's gradient is counted twice. backward() on loss_b adds into the w.grad that loss_a's backward() already filled, so w.grad holds the sum by itself")
j("12_retain_graph/retain_on_second_call.py", "named",
  "Mistake: retain_graph=True is on a later backward() but not on the first. ... it belongs on the first call (line 10: q.backward())")
j("13_detach/clone_after_detach.py", "named",
  "Mistake: d does not share y's storage: clone(), or an out-of-place step such as d = d + 1, made a new tensor ... detach() by itself shares y's storage")
j("13_detach/detached_wrong_factor.py", "named",
  "Mistake: this is 2x^2: the factor x was detached instead of y, so the gradient flowed through y = x^2. Detach y")
j("13_detach/out_of_place_add.py", "named",
  "Mistake: d does not share y's storage: clone(), or an out-of-place step such as d = d + 1, made a new tensor ... d.add_(1) (or d += 1) changes d in place.")
j("14_autograd_grad/allow_unused_only.py", "named",
  "Mistake: allow_unused=True alone gives None for an unused input; materialize_grads=True gives zeros shaped like it.")
j("14_autograd_grad/backward_instead_of_grad.py", "named",
  "Mistake: this is the gradient added to what a.grad already held: backward() accumulates into .grad. torch.autograd.grad returns the gradients and leaves .grad alone.")
j("14_autograd_grad/q_not_summed.py", "named",
  "Mistake: backward() and torch.autograd.grad start from a scalar unless they are given the output's gradient ... reduce it to one number first (.sum()), or pass ... grad_outputs=")
j("15_leaf_tensors/mean_instead_of_sum.py", "named",
  "Mistake: this is 3x^2 divided by the number of elements: y.mean() divides every gradient by it. Reduce with y.sum()")
j("15_leaf_tensors/requires_grad_on_loss.py", "named",
  "Mistake: w did not require grad when the loss was computed. Create it with requires_grad=True ...; marking the loss itself as requiring grad only hides the error.")
j("15_leaf_tensors/retain_grad_after_backward.py", "named",
  "h.grad is None. Mistake: h = x * 2 is not a leaf ... Call h.retain_grad() before backward(). Mistake: retain_grad() at line 14 ran after backward() at line 13: too late.",
  note="Issue 26: the late call is now named from what the code did (trace rule retain-grad-too-late). Before: named through the fix only.")
j("16_inference_mode/detach_not_clone.py", "named",
  "Mistake: a tensor made under torch.inference_mode() can never enter autograd. clone() it outside the mode ... Mistake: detach() at line 21 of an inference tensor gives another inference tensor.",
  note="Issue 26: the detach() the learner wrote is now named (trace rule detach-of-inference-tensor). Before: named through the fix only.")
j("16_inference_mode/inference_mode_for_no_grad.py", "named",
  "Mistake: this is an inference tensor: use torch.no_grad() here, not inference_mode().")
j("16_inference_mode/no_grad_allows_inplace.py", "named",
  "Mistake: the in-place change at line 30 ran under torch.no_grad(), which does not allow it: no_grad() only stops recording, and an inference tensor can be changed in place only inside torch.inference_mode(). clone() it first and change the copy.",
  note="Issue 26: the no_grad() block the learner wrapped around it is now named (trace rule in-place-on-inference-under-no-grad). Before: named through the fix only.")
j("17_inplace/augmented_assignment_inplace.py", "named",
  "Mistake: a tensor that autograd saved for backward was changed in place afterwards. Write that step out of place (y = y * 2, not y *= 2 or y.mul_(2))")
j("17_inplace/no_grad_but_rebind.py", "named",
  "Mistake: the caller's w did not move: `w = w - lr * grad` makes a new tensor and rebinds the name, leaving the caller's w as it was. Change w in place under torch.no_grad().")
j("17_inplace/rebind_not_inplace.py", "named",
  "Mistake: the caller's w did not move: `w = w - lr * grad` makes a new tensor and rebinds the name, leaving the caller's w as it was. Change w in place under torch.no_grad().")
j("18_custom_function/backward_ignores_grad_output.py", "named",
  "Mistake: backward ignores grad_output: multiply the local derivative by it.")
j("18_custom_function/module_style_call.py", "named",
  "Mistake: a torch.autograd.Function is not instantiated and called like a Module: apply it to the input, Cube.apply(x).",
  ["backward agrees with finite differences in float64 (gradcheck) and with autograd on x ** 3 (0/3)"],
  "Cube.forward/backward are correct, but the gradcheck check goes through the learner's cube() and fails '(the same as above)'.")
j("18_custom_function/save_output_not_input.py", "named",
  "Mistake: backward used the saved output y = x^3 where the formula needs x: 3x^2 is a formula in the input. Save the input in forward, ctx.save_for_backward(x).")
j("19_higher_order/create_graph_missing.py", "named",
  "Mistake: the gradient being differentiated again has no history. The first torch.autograd.grad (or backward) must be called with create_graph=True")
j("19_higher_order/penalty_of_w_gradient.py", "named",
  "Mistake: the penalty was built from d(out)/dw: a gradient penalty is on the gradient with respect to the input x, g = d(out)/dx")
j("19_higher_order/vector_second_grad.py", "named",
  "Mistake: backward() and torch.autograd.grad start from a scalar unless they are given the output's gradient ... reduce it to one number first (.sum()), or pass ... grad_outputs=")
j("20_hooks_and_func/hook_after_backward.py", "named",
  "Mistake: nothing was clipped: register the hook on h before backward(), and return the clipped gradient from it (a hook that returns None changes nothing).",
  note="One message covers both causes (late registration, no return); the first half fits this file.")
j("20_hooks_and_func/hook_returns_nothing.py", "named",
  "Mistake: nothing was clipped: register the hook on h before backward(), and return the clipped gradient from it (a hook that returns None changes nothing).",
  note="One message covers both causes; the parenthesis fits this file.")
j("20_hooks_and_func/vjp_tuple_not_unpacked.py", "named",
  "Mistake: the function torch.func.vjp returns gives a tuple, one gradient per input of f: take its first item.")
j("01_forward_pass/argmax_prediction.py", "named",
  "Mistake: this is the index of the largest score (an argmax): forward returns the scores themselves, one per class, shape (1, 1000).")
