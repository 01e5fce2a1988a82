"""The 60 blind mistakes: (exercise, file name, wrong function, belief, wrong source)."""

MISTAKES = [
    # ---------------------------------------------------------------- 01
    ("01_forward_pass", "model_not_called", "build_model",
     "The learner believes torchvision.models.resnet18 is the model itself and returns the builder function without calling it.",
     """
     def build_model() -> torch.nn.Module:
         model = torchvision.models.resnet18
         return model
     """),
    ("01_forward_pass", "channels_last_batch", "make_batch",
     "The learner uses the image-library (PIL/numpy) habit of height x width x channels and builds the batch as (1, 64, 64, 3).",
     """
     def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
         data = torch.rand(1, 64, 64, 3)
         labels = torch.rand(1, 1000)
         return data, labels
     """),
    ("01_forward_pass", "argmax_prediction", "forward",
     "The learner believes 'the prediction' means the predicted class, so returns the argmax index instead of the (1, 1000) output.",
     """
     def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
         output = model(data)
         return output.argmax(dim=1)
     """),
    # ---------------------------------------------------------------- 02
    ("02_loss_backward", "mean_instead_of_sum", "compute_loss",
     "The learner believes a loss is always an average and uses .mean() instead of the tutorial's .sum().",
     """
     def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
         return (prediction - labels).mean()
     """),
    ("02_loss_backward", "backward_not_called", "backward_pass",
     "The learner writes loss.backward without parentheses, believing the attribute access runs backpropagation.",
     """
     def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
         prediction = model(data)
         loss = compute_loss(prediction, labels)
         loss.backward
         return loss
     """),
    ("02_loss_backward", "zero_grad_after_backward", "backward_pass",
     "The learner believes gradients must be cleaned up right after backward() and calls model.zero_grad() before returning, wiping the gradients just computed.",
     """
     def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
         prediction = model(data)
         loss = compute_loss(prediction, labels)
         loss.backward()
         model.zero_grad()
         return loss
     """),
    # ---------------------------------------------------------------- 03
    ("03_optimizer_step", "module_not_parameters", "make_optimizer",
     "The learner passes the model itself to SGD, believing the optimizer takes a module rather than an iterable of parameters.",
     """
     def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
         return torch.optim.SGD(model, lr=1e-2, momentum=0.9)
     """),
    ("03_optimizer_step", "zero_grad_before_step", "train_step",
     "The learner believes zero_grad() is a cleanup after backward() and calls it between backward() and step(), so step() sees no gradients.",
     """
     def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                    data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
         prediction = model(data)
         loss = (prediction - labels).sum()
         loss.backward()
         optimizer.zero_grad()
         optimizer.step()
         return loss
     """),
    ("03_optimizer_step", "zero_grad_not_called", "train_step",
     "The learner writes optimizer.zero_grad without parentheses, so gradients are never cleared and accumulate across steps.",
     """
     def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                    data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
         optimizer.zero_grad
         prediction = model(data)
         loss = (prediction - labels).sum()
         loss.backward()
         optimizer.step()
         return loss
     """),
    # ---------------------------------------------------------------- 04
    ("04_gradients_by_hand", "math_pow_on_tensor", "q_function",
     "The learner reaches for math.pow as for Python numbers, believing math functions work element-wise on tensors.",
     """
     def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
         import math
         return 3 * math.pow(a, 3) - math.pow(b, 2)
     """),
    ("04_gradients_by_hand", "exponent_not_lowered", "dq_da",
     "The learner multiplies by the exponent but forgets to lower it, writing 9a^3 instead of 9a^2.",
     """
     def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
         return 9 * a**3
     """),
    ("04_gradients_by_hand", "sign_dropped", "dq_db",
     "The learner differentiates b^2 and forgets the minus sign in front of it, returning 2b.",
     """
     def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
         return 2 * b
     """),
    # ---------------------------------------------------------------- 05
    ("05_vector_backward", "hardcoded_ones_shape", "tutorial_gradients",
     "The learner copies the tutorial's external gradient torch.tensor([1., 1.]), believing Q always has two elements.",
     """
     def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         Q = 3 * a**3 - b**2
         external_grad = torch.tensor([1., 1.])
         Q.backward(gradient=external_grad)
         return a.grad, b.grad
     """),
    ("05_vector_backward", "jacobian_times_v", "vector_jacobian_product",
     "The learner believes the vector-Jacobian product is J @ v and builds the Jacobian explicitly, computing J v instead of J^T v.",
     """
     def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         ja, jb = torch.autograd.functional.jacobian(f, (a, b))
         return ja @ v, jb @ v
     """),
    ("05_vector_backward", "weights_by_v_twice", "vector_jacobian_product",
     "The learner believes backward(gradient=v) only seeds autograd and that the result must still be weighted by v, so multiplies the gradients by v again.",
     """
     def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         y = f(a, b)
         y.backward(gradient=v)
         return a.grad * v, b.grad * v
     """),
    # ---------------------------------------------------------------- 06
    ("06_the_graph", "grad_fn_name_not_called", "describe_q",
     "The learner reads Q.grad_fn.name as an attribute (like .shape) and stores the bound method instead of calling it.",
     """
     def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
         Q = 3 * a**3 - b**2
         return {
             "a.is_leaf": a.is_leaf,
             "b.is_leaf": b.is_leaf,
             "Q.is_leaf": Q.is_leaf,
             "Q.grad_fn": Q.grad_fn.name if Q.grad_fn is not None else None,
         }
     """),
    ("06_the_graph", "graph_built_once", "accumulated_grad",
     "The learner believes one graph can be reused, builds Q once before the loop and calls backward() on it k times.",
     """
     def accumulated_grad(a: torch.Tensor, b: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
         Q = 3 * a**3 - b**2
         for _ in range(k):
             Q.sum().backward()
         return a.grad, b.grad
     """),
    ("06_the_graph", "inplace_doubling_of_leaf", "doubling_gradient",
     "The learner believes y = x makes a copy and doubles with y *= 2, which is an in-place operation on the leaf x.",
     """
     def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
         y = x
         while y.norm() < 1000:
             y *= 2
         y.sum().backward()
         return x.grad
     """),
    # ---------------------------------------------------------------- 07
    ("07_requires_grad", "all_instead_of_any", "predict_requires_grad",
     "The learner believes an output requires grad only if every input does, using all() instead of any().",
     """
     def predict_requires_grad(flags: list[bool]) -> bool:
         return all(flags)
     """),
    ("07_requires_grad", "counts_tensors_not_elements", "count_trainable",
     "The learner counts the trainable parameter tensors instead of the numbers inside them.",
     """
     def count_trainable(model: torch.nn.Module) -> int:
         return len([p for p in model.parameters() if p.requires_grad])
     """),
    ("07_requires_grad", "numpy_size_attribute", "count_trainable",
     "The learner uses numpy's p.size attribute for the element count, but on a tensor .size is a method.",
     """
     def count_trainable(model: torch.nn.Module) -> int:
         return sum(p.size for p in model.parameters() if p.requires_grad)
     """),
    # ---------------------------------------------------------------- 08
    ("08_freezing", "optimizer_before_swap", "prepare_finetuning",
     "The learner builds the optimizer right after freezing, before replacing fc, believing the optimizer looks up the model's parameters when it steps.",
     """
     def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
         for p in model.parameters():
             p.requires_grad = False
         optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
         model.fc = nn.Linear(512, num_classes)
         return optimizer
     """),
    ("08_freezing", "module_requires_grad_attribute", "prepare_finetuning",
     "The learner believes setting model.requires_grad = False on the module freezes all its parameters (it only sets a plain attribute).",
     """
     def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
         model.requires_grad = False
         model.fc = nn.Linear(512, num_classes)
         return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
     """),
    ("08_freezing", "fc_in_features_1000", "prepare_finetuning",
     "The learner believes the new head takes the old head's 1000 outputs as input and builds nn.Linear(1000, num_classes) instead of Linear(512, ...).",
     """
     def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
         for p in model.parameters():
             p.requires_grad = False
         model.fc = nn.Linear(1000, num_classes)
         return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
     """),
    # ---------------------------------------------------------------- 09
    ("09_no_grad_context", "computed_before_block", "double_without_tracking",
     "The learner believes no_grad() strips tracking from a result that already exists, computes x * 2 first and only returns it inside the block.",
     """
     def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
         y = x * 2
         with torch.no_grad():
             return y
     """),
    ("09_no_grad_context", "flip_input_requires_grad", "double_without_tracking",
     "The learner believes turning off tracking means switching off the input's requires_grad flag, and mutates x instead of using no_grad().",
     """
     def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
         x.requires_grad_(False)
         return x * 2
     """),
    ("09_no_grad_context", "eval_instead_of_no_grad", "evaluate",
     "The learner believes model.eval() turns off gradient tracking, and calls it instead of using torch.no_grad().",
     """
     def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
         model.eval()
         return model(data)
     """),
    # ---------------------------------------------------------------- 10
    ("10_no_grad_decorator", "no_grad_as_statement", "doubler",
     "The learner believes calling torch.no_grad() on its own line inside the body switches tracking off for the rest of the function.",
     """
     def doubler(x: torch.Tensor) -> torch.Tensor:
         torch.no_grad()
         return x * 2
     """),
    ("10_no_grad_decorator", "detach_instead_of_decorator", "doubler",
     "The learner believes any way of getting a result without grad is fine and detaches the result instead of decorating the function.",
     """
     def doubler(x: torch.Tensor) -> torch.Tensor:
         return (x * 2).detach()
     """),
    ("10_no_grad_decorator", "set_grad_enabled_global", "doubler",
     "The learner believes torch.set_grad_enabled(False) is a local switch for the function, but it turns autograd off globally and never turns it back on.",
     """
     def doubler(x: torch.Tensor) -> torch.Tensor:
         torch.set_grad_enabled(False)
         return x * 2
     """),
    # ---------------------------------------------------------------- 11
    ("11_zero_grad", "grad_not_cloned", "gradients_per_step",
     "The learner believes appending model.weight.grad stores a snapshot, but it stores the same tensor that later steps change.",
     """
     def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
         grads = []
         for data, labels in batches:
             model.zero_grad(set_to_none=False)
             loss = ((model(data) - labels) ** 2).mean()
             loss.backward()
             grads.append(model.weight.grad)
         return grads
     """),
    ("11_zero_grad", "zero_grad_before_record", "gradients_per_step",
     "The learner believes gradients should be cleared right after backward(), and zeroes them before recording the copy, so only zeros are recorded.",
     """
     def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
         grads = []
         for data, labels in batches:
             loss = ((model(data) - labels) ** 2).mean()
             loss.backward()
             model.zero_grad(set_to_none=False)
             grads.append(model.weight.grad.clone())
         return grads
     """),
    ("11_zero_grad", "set_to_none_not_passed", "gradients_after_zero_grad",
     "The learner believes zero_grad() fills gradients with zeros and calls it without passing set_to_none, so the flag is ignored (always None).",
     """
     def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
         optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
         model(data).sum().backward()
         optimizer.zero_grad()
         return [p.grad for p in model.parameters()]
     """),
    # ---------------------------------------------------------------- 12
    ("12_retain_graph", "retain_on_second_call", "gradient_after_two_backwards",
     "The learner believes retain_graph=True is needed on the backward() that goes through the graph again, and puts it on the second call instead of the first.",
     """
     def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         q = (3 * a**3 - b**2).sum()
         q.backward()
         q.backward(retain_graph=True)
         return a.grad, b.grad
     """),
    ("12_retain_graph", "forward_recomputed", "gradient_after_two_backwards",
     "The learner avoids the error by rebuilding q before the second backward(), believing retain_graph is only a workaround, so two graphs are built instead of one.",
     """
     def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         q = (3 * a**3 - b**2).sum()
         q.backward()
         q = (3 * a**3 - b**2).sum()
         q.backward()
         return a.grad, b.grad
     """),
    ("12_retain_graph", "manual_sum_double_counts", "two_losses_one_graph",
     "The learner believes each backward() overwrites w.grad, saves loss_a's gradient and adds it to w.grad after loss_b, counting loss_a twice.",
     """
     def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
         h = torch.tanh(x @ w)
         loss_a = (h ** 2).sum()
         loss_b = h.sum()
         loss_a.backward(retain_graph=True)
         grad_a = w.grad.clone()
         loss_b.backward()
         return grad_a + w.grad
     """),
    # ---------------------------------------------------------------- 13
    ("13_detach", "detached_wrong_factor", "gradient_through_detached",
     "The learner detaches x (the other factor) instead of y, believing it does not matter which factor of the product is cut.",
     """
     def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
         y = x ** 2
         z = y * x.detach()
         z.sum().backward()
         return x.grad
     """),
    ("13_detach", "clone_after_detach", "detached_facts",
     "The learner believes detach() should always be followed by clone() and makes a copy, so d no longer shares storage with y.",
     """
     def detached_facts(x: torch.Tensor) -> dict:
         y = x * 3
         d = y.detach().clone()
         d.add_(1)
         return {
             "d": d,
             "y_after": y.detach(),
             "d_requires_grad": d.requires_grad,
             "shares_storage": d.data_ptr() == y.data_ptr(),
         }
     """),
    ("13_detach", "out_of_place_add", "detached_facts",
     "The learner believes d = d + 1 changes d in place, but it rebinds d to a new tensor, so y is untouched and storage is no longer shared.",
     """
     def detached_facts(x: torch.Tensor) -> dict:
         y = x * 3
         d = y.detach()
         d = d + 1
         return {
             "d": d,
             "y_after": y.detach(),
             "d_requires_grad": d.requires_grad,
             "shares_storage": d.data_ptr() == y.data_ptr(),
         }
     """),
    # ---------------------------------------------------------------- 14
    ("14_autograd_grad", "backward_instead_of_grad", "q_gradients",
     "The learner believes torch.autograd.grad and backward() are interchangeable, calls q.backward() and returns a.grad, b.grad, touching .grad.",
     """
     def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         q = (3 * a**3 - b**2).sum()
         q.backward()
         return a.grad, b.grad
     """),
    ("14_autograd_grad", "q_not_summed", "q_gradients",
     "The learner forgets the .sum(), believing torch.autograd.grad can differentiate the vector 3a^3 - b^2 without grad_outputs.",
     """
     def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         q = 3 * a**3 - b**2
         da, db = torch.autograd.grad(q, (a, b))
         return da, db
     """),
    ("14_autograd_grad", "allow_unused_only", "gradients_with_unused",
     "The learner believes allow_unused=True is enough to get a usable gradient for c, but it returns None instead of zeros.",
     """
     def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
         q = (3 * a**3 - b**2).sum()
         return torch.autograd.grad(q, (a, b, c), allow_unused=True)
     """),
    # ---------------------------------------------------------------- 15
    ("15_leaf_tensors", "retain_grad_after_backward", "intermediate_gradient",
     "The learner believes retain_grad() fetches a gradient afterwards, and calls it after backward() instead of before.",
     """
     def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
         h = x * 2
         y = (h ** 2).sum()
         y.backward()
         h.retain_grad()
         return h.grad
     """),
    ("15_leaf_tensors", "requires_grad_on_loss", "weight_gradient",
     "The learner 'fixes' the does-not-require-grad error by setting requires_grad on the loss (the StackOverflow fix), so w never gets a gradient.",
     """
     def weight_gradient(values: list[float], x: torch.Tensor) -> torch.Tensor:
         w = torch.tensor(values)
         loss = (w * x).sum() ** 2
         loss.requires_grad_(True)
         loss.backward()
         return w.grad
     """),
    ("15_leaf_tensors", "mean_instead_of_sum", "elementwise_backward",
     "The learner reduces y to a scalar with .mean() instead of .sum(), believing any reduction gives the element-wise gradient 3x^2.",
     """
     def elementwise_backward(x: torch.Tensor) -> torch.Tensor:
         y = x ** 3
         y.mean().backward()
         return x.grad
     """),
    # ---------------------------------------------------------------- 16
    ("16_inference_mode", "detach_not_clone", "train_head_on_features",
     "The learner believes detach() turns the inference tensor into an ordinary one, but a detached inference tensor is still an inference tensor.",
     """
     def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
         with torch.inference_mode():
             features = model(x)
         features = features.detach()
         ((features @ w) ** 2).sum().backward()
         return w.grad
     """),
    ("16_inference_mode", "no_grad_allows_inplace", "shifted_features",
     "The learner believes wrapping the in-place update in torch.no_grad() makes it allowed on an inference tensor.",
     """
     def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
         with torch.inference_mode():
             features = model(x)
         with torch.no_grad():
             features += 1
         return features
     """),
    ("16_inference_mode", "inference_mode_for_no_grad", "predict_no_grad",
     "The learner believes inference_mode is just a faster no_grad and uses it where no_grad was asked for, returning an inference tensor.",
     """
     def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
         with torch.inference_mode():
             return model(x)
     """),
    # ---------------------------------------------------------------- 17
    ("17_inplace", "augmented_assignment_inplace", "doubled_sigmoid_gradient",
     "The learner believes y *= 2 is the out-of-place version of y.mul_(2), but augmented assignment on a tensor is in place.",
     """
     def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
         y = torch.sigmoid(x)
         y *= 2
         y.sum().backward()
         return x.grad
     """),
    ("17_inplace", "rebind_not_inplace", "manual_sgd_step",
     "The learner avoids the in-place error with w = w - lr * grad, believing it updates w, but it builds a new non-leaf tensor and leaves the original w unchanged.",
     """
     def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
         w = w - lr * grad
         return w
     """),
    ("17_inplace", "no_grad_but_rebind", "manual_sgd_step",
     "The learner uses torch.no_grad() but writes w = w - lr * grad, believing it is the same as w -= lr * grad; the result is a new tensor that no longer requires grad.",
     """
     def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
         with torch.no_grad():
             w = w - lr * grad
         return w
     """),
    # ---------------------------------------------------------------- 18
    ("18_custom_function", "backward_ignores_grad_output", "backward",
     "The learner returns the local derivative 3x^2 from backward(), believing autograd multiplies by the upstream gradient itself.",
     """
     class Cube(torch.autograd.Function):
         @staticmethod
         def forward(ctx, x: torch.Tensor) -> torch.Tensor:
             ctx.save_for_backward(x)
             return x ** 3

         @staticmethod
         def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
             (x,) = ctx.saved_tensors
             return 3 * x ** 2
     """),
    ("18_custom_function", "save_output_not_input", "forward",
     "The learner saves the output y = x^3 for backward instead of the input, while backward treats the saved tensor as x.",
     """
     class Cube(torch.autograd.Function):
         @staticmethod
         def forward(ctx, x: torch.Tensor) -> torch.Tensor:
             y = x ** 3
             ctx.save_for_backward(y)
             return y

         @staticmethod
         def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
             (x,) = ctx.saved_tensors
             return grad_output * 3 * x ** 2
     """),
    ("18_custom_function", "module_style_call", "cube",
     "The learner treats the autograd.Function like an nn.Module and instantiates and calls it, Cube()(x), instead of Cube.apply(x).",
     """
     def cube(x: torch.Tensor) -> torch.Tensor:
         return Cube()(x)
     """),
    # ---------------------------------------------------------------- 19
    ("19_higher_order", "vector_second_grad", "second_derivatives",
     "The learner differentiates the first gradient directly, believing autograd.grad accepts the vector dq_da without summing it or passing grad_outputs.",
     """
     def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
         q = (3 * a**3 - b**2).sum()
         dq_da, dq_db = torch.autograd.grad(q, (a, b), create_graph=True)
         (d2a,) = torch.autograd.grad(dq_da, a)
         (d2b,) = torch.autograd.grad(dq_db, b)
         return d2a, d2b
     """),
    ("19_higher_order", "create_graph_missing", "gradient_penalty",
     "The learner believes create_graph=True belongs on the final gradient call, omits it on the first, so g has no graph back to w.",
     """
     def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
         out = torch.tanh(x @ w).sum()
         (g,) = torch.autograd.grad(out, x)
         penalty = (g ** 2).sum()
         (dw,) = torch.autograd.grad(penalty, w, create_graph=True)
         return dw
     """),
    ("19_higher_order", "penalty_of_w_gradient", "gradient_penalty",
     "The learner takes the gradient of out with respect to w (the usual 'weights' gradient) instead of x, so the penalty is on the wrong gradient.",
     """
     def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
         out = torch.tanh(x @ w).sum()
         (g,) = torch.autograd.grad(out, w, create_graph=True)
         penalty = (g ** 2).sum()
         (dw,) = torch.autograd.grad(penalty, w)
         return dw
     """),
    # ---------------------------------------------------------------- 20
    ("20_hooks_and_func", "hook_after_backward", "clipped_gradient",
     "The learner believes a hook can be attached after backward() to clip the stored gradient, so the hook never runs.",
     """
     def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
         h = x * 3
         y = (h ** 2).sum()
         y.backward()
         h.register_hook(lambda g: g.clamp(-limit, limit))
         return x.grad
     """),
    ("20_hooks_and_func", "hook_returns_nothing", "clipped_gradient",
     "The learner writes a hook that reassigns its argument g = g.clamp(...) without returning it, believing the rebinding changes the gradient.",
     """
     def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
         h = x * 3

         def clip(g):
             g = g.clamp(-limit, limit)

         h.register_hook(clip)
         y = (h ** 2).sum()
         y.backward()
         return x.grad
     """),
    ("20_hooks_and_func", "vjp_tuple_not_unpacked", "func_derivatives",
     "The learner believes vjp_fn(v) returns the tensor itself and returns the one-element tuple it gives.",
     """
     def func_derivatives(a: torch.Tensor, v: torch.Tensor) -> dict:
         def f(t):
             return 3 * t**3 - t.sin()

         def s(t):
             return f(t).sum()

         grad = torch.func.grad(s)(a)
         _, vjp_fn = torch.func.vjp(f, a)
         vjp = vjp_fn(v)
         jacobian = torch.func.jacrev(f)(a)
         return {"grad": grad, "vjp": vjp, "jacobian": jacobian}
     """),
]
