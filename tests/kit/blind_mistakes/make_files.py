"""Builds the blind mistake files: each is a correct solution with ONE function swapped for a wrong one.

Written blind (only the exercise stubs were read). Run: python make_files.py [--correct DIR]
"""
import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))

EX = {}  # name -> (header, [(func_name, source)])


def ex(name, header, *funcs):
    EX[name] = (textwrap.dedent(header).strip() + "\n", [(f, textwrap.dedent(s).strip() + "\n") for f, s in funcs])


ex("01_forward_pass", "import torch\nimport torchvision",
   ("build_model", """
    def build_model() -> torch.nn.Module:
        return torchvision.models.resnet18(weights=None)
    """),
   ("make_batch", """
    def make_batch() -> tuple[torch.Tensor, torch.Tensor]:
        data = torch.rand(1, 3, 64, 64)
        labels = torch.rand(1, 1000)
        return data, labels
    """),
   ("forward", """
    def forward(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
        return model(data)
    """))

ex("02_loss_backward", "import torch",
   ("compute_loss", """
    def compute_loss(prediction: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return (prediction - labels).sum()
    """),
   ("backward_pass", """
    def backward_pass(model: torch.nn.Module, data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        prediction = model(data)
        loss = compute_loss(prediction, labels)
        loss.backward()
        return loss
    """))

ex("03_optimizer_step", "import torch",
   ("make_optimizer", """
    def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
        return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    """),
   ("train_step", """
    def train_step(model: torch.nn.Module, optimizer: torch.optim.Optimizer,
                   data: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        optimizer.zero_grad()
        prediction = model(data)
        loss = (prediction - labels).sum()
        loss.backward()
        optimizer.step()
        return loss
    """))

ex("04_gradients_by_hand", "import torch",
   ("q_function", """
    def q_function(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return 3 * a**3 - b**2
    """),
   ("dq_da", """
    def dq_da(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return 9 * a**2
    """),
   ("dq_db", """
    def dq_db(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return -2 * b
    """))

ex("05_vector_backward", "import torch",
   ("tutorial_gradients", """
    def tutorial_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        Q = 3 * a**3 - b**2
        Q.backward(gradient=torch.ones_like(Q))
        return a.grad, b.grad
    """),
   ("vector_jacobian_product", """
    def vector_jacobian_product(f, a: torch.Tensor, b: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        y = f(a, b)
        y.backward(gradient=v)
        return a.grad, b.grad
    """))

ex("06_the_graph", "import torch",
   ("describe_q", """
    def describe_q(a: torch.Tensor, b: torch.Tensor) -> dict:
        Q = 3 * a**3 - b**2
        return {
            "a.is_leaf": a.is_leaf,
            "b.is_leaf": b.is_leaf,
            "Q.is_leaf": Q.is_leaf,
            "Q.grad_fn": Q.grad_fn.name() if Q.grad_fn is not None else None,
        }
    """),
   ("graph_nodes", """
    def graph_nodes(f, a: torch.Tensor, b: torch.Tensor) -> list[str]:
        y = f(a, b)
        seen = set()
        names = []
        stack = [y.grad_fn] if y.grad_fn is not None else []
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            names.append(node.name())
            for nxt, _ in node.next_functions:
                if nxt is not None and nxt not in seen:
                    stack.append(nxt)
        return names
    """),
   ("accumulated_grad", """
    def accumulated_grad(a: torch.Tensor, b: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
        for _ in range(k):
            Q = 3 * a**3 - b**2
            Q.sum().backward()
        return a.grad, b.grad
    """),
   ("doubling_gradient", """
    def doubling_gradient(x: torch.Tensor) -> torch.Tensor:
        y = x
        while y.norm() < 1000:
            y = y * 2
        y.sum().backward()
        return x.grad
    """))

ex("07_requires_grad", "import torch",
   ("tutorial_sums", """
    def tutorial_sums(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x + y, x + z
    """),
   ("predict_requires_grad", """
    def predict_requires_grad(flags: list[bool]) -> bool:
        return any(flags)
    """),
   ("count_trainable", """
    def count_trainable(model: torch.nn.Module) -> int:
        return sum(p.numel() for p in model.parameters() if p.requires_grad)
    """))

ex("08_freezing", "import torch\nfrom torch import nn",
   ("prepare_finetuning", """
    def prepare_finetuning(model: nn.Module, num_classes: int) -> torch.optim.Optimizer:
        for p in model.parameters():
            p.requires_grad = False
        model.fc = nn.Linear(512, num_classes)
        return torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    """))

ex("09_no_grad_context", "import torch",
   ("double_without_tracking", """
    def double_without_tracking(x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            y = x * 2
        return y
    """),
   ("evaluate", """
    def evaluate(model: torch.nn.Module, data: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return model(data)
    """))

ex("10_no_grad_decorator", "import torch",
   ("doubler", """
    @torch.no_grad()
    def doubler(x: torch.Tensor) -> torch.Tensor:
        return x * 2
    """))

ex("11_zero_grad", "import torch",
   ("gradients_per_step", """
    def gradients_per_step(model: torch.nn.Linear, batches: list[tuple[torch.Tensor, torch.Tensor]]) -> list[torch.Tensor]:
        grads = []
        for data, labels in batches:
            model.zero_grad()
            loss = ((model(data) - labels) ** 2).mean()
            loss.backward()
            grads.append(model.weight.grad.clone())
        return grads
    """),
   ("gradients_after_zero_grad", """
    def gradients_after_zero_grad(model: torch.nn.Module, data: torch.Tensor, set_to_none: bool) -> list:
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model(data).sum().backward()
        optimizer.zero_grad(set_to_none=set_to_none)
        return [p.grad for p in model.parameters()]
    """))

ex("12_retain_graph", "import torch",
   ("gradient_after_two_backwards", """
    def gradient_after_two_backwards(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        q = (3 * a**3 - b**2).sum()
        q.backward(retain_graph=True)
        q.backward()
        return a.grad, b.grad
    """),
   ("two_losses_one_graph", """
    def two_losses_one_graph(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        h = torch.tanh(x @ w)
        loss_a = (h ** 2).sum()
        loss_b = h.sum()
        loss_a.backward(retain_graph=True)
        loss_b.backward()
        return w.grad
    """))

ex("13_detach", "import torch",
   ("gradient_through_detached", """
    def gradient_through_detached(x: torch.Tensor) -> torch.Tensor:
        y = x ** 2
        z = y.detach() * x
        z.sum().backward()
        return x.grad
    """),
   ("detached_facts", """
    def detached_facts(x: torch.Tensor) -> dict:
        y = x * 3
        d = y.detach()
        d.add_(1)
        return {
            "d": d,
            "y_after": y.detach(),
            "d_requires_grad": d.requires_grad,
            "shares_storage": d.data_ptr() == y.data_ptr(),
        }
    """))

ex("14_autograd_grad", "import torch",
   ("q_gradients", """
    def q_gradients(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        q = (3 * a**3 - b**2).sum()
        da, db = torch.autograd.grad(q, (a, b))
        return da, db
    """),
   ("gradients_with_unused", """
    def gradients_with_unused(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> tuple:
        q = (3 * a**3 - b**2).sum()
        return torch.autograd.grad(q, (a, b, c), materialize_grads=True)
    """))

ex("15_leaf_tensors", "import warnings\n\nimport torch",
   ("intermediate_gradient", """
    def intermediate_gradient(x: torch.Tensor) -> torch.Tensor:
        h = x * 2
        h.retain_grad()
        y = (h ** 2).sum()
        y.backward()
        return h.grad
    """),
   ("non_leaf_grad_warning", """
    def non_leaf_grad_warning(x: torch.Tensor) -> dict:
        h = x * 2
        (h * x).sum().backward()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            h_grad = h.grad
        return {"h_grad": h_grad, "x_grad": x.grad, "warning": caught[0].category.__name__}
    """),
   ("weight_gradient", """
    def weight_gradient(values: list[float], x: torch.Tensor) -> torch.Tensor:
        w = torch.tensor(values, requires_grad=True)
        ((w * x).sum() ** 2).backward()
        return w.grad
    """),
   ("elementwise_backward", """
    def elementwise_backward(x: torch.Tensor) -> torch.Tensor:
        y = x ** 3
        y.backward(gradient=torch.ones_like(y))
        return x.grad
    """))

ex("16_inference_mode", "import torch",
   ("predict_no_grad", """
    def predict_no_grad(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return model(x)
    """),
   ("predict_inference", """
    def predict_inference(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():
            return model(x)
    """),
   ("train_head_on_features", """
    def train_head_on_features(model: torch.nn.Module, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():
            features = model(x)
        features = features.clone()
        ((features @ w) ** 2).sum().backward()
        return w.grad
    """),
   ("shifted_features", """
    def shifted_features(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():
            features = model(x)
        features = features.clone()
        features += 1
        return features
    """))

ex("17_inplace", "import torch",
   ("doubled_sigmoid_gradient", """
    def doubled_sigmoid_gradient(x: torch.Tensor) -> torch.Tensor:
        y = torch.sigmoid(x)
        y = y * 2
        y.sum().backward()
        return x.grad
    """),
   ("manual_sgd_step", """
    def manual_sgd_step(w: torch.Tensor, grad: torch.Tensor, lr: float) -> torch.Tensor:
        with torch.no_grad():
            w -= lr * grad
        return w
    """))

ex("18_custom_function", "import torch",
   ("Cube", """
    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x: torch.Tensor) -> torch.Tensor:
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
            (x,) = ctx.saved_tensors
            return grad_output * 3 * x ** 2
    """),
   ("cube", """
    def cube(x: torch.Tensor) -> torch.Tensor:
        return Cube.apply(x)
    """))

ex("19_higher_order", "import torch",
   ("second_derivatives", """
    def second_derivatives(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        q = (3 * a**3 - b**2).sum()
        dq_da, dq_db = torch.autograd.grad(q, (a, b), create_graph=True)
        (d2a,) = torch.autograd.grad(dq_da.sum(), a)
        (d2b,) = torch.autograd.grad(dq_db.sum(), b)
        return d2a, d2b
    """),
   ("gradient_penalty", """
    def gradient_penalty(w: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        out = torch.tanh(x @ w).sum()
        (g,) = torch.autograd.grad(out, x, create_graph=True)
        penalty = (g ** 2).sum()
        (dw,) = torch.autograd.grad(penalty, w)
        return dw
    """))

ex("20_hooks_and_func", "import torch",
   ("clipped_gradient", """
    def clipped_gradient(x: torch.Tensor, limit: float) -> torch.Tensor:
        h = x * 3
        h.register_hook(lambda g: g.clamp(-limit, limit))
        y = (h ** 2).sum()
        y.backward()
        return x.grad
    """),
   ("func_derivatives", """
    def func_derivatives(a: torch.Tensor, v: torch.Tensor) -> dict:
        def f(t):
            return 3 * t**3 - t.sin()

        def s(t):
            return f(t).sum()

        grad = torch.func.grad(s)(a)
        _, vjp_fn = torch.func.vjp(f, a)
        (vjp,) = vjp_fn(v)
        jacobian = torch.func.jacrev(f)(a)
        return {"grad": grad, "vjp": vjp, "jacobian": jacobian}
    """))

from mistakes_src import MISTAKES  # noqa: E402


def render(name, swap=None, doc=None):
    header, funcs = EX[name]
    parts = []
    if doc:
        parts.append('"""' + doc + '\n"""\n')
    parts.append(header)
    for fname, src in funcs:
        if swap and swap[0] == fname:
            src = textwrap.dedent(swap[1]).strip() + "\n"
        parts.append("\n" + src)
    return "\n".join(parts)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--correct":
        out = sys.argv[2]
        os.makedirs(out, exist_ok=True)
        for name in EX:
            with open(os.path.join(out, name + ".py"), "w") as fh:
                fh.write(render(name))
        return
    for (name, short, func, belief, src) in MISTAKES:
        assert name in EX, name
        assert func in [f for f, _ in EX[name][1]] or func in ("forward", "backward"), (name, func)
        swap_key = "Cube" if name == "18_custom_function" and func in ("forward", "backward") else func
        doc = f"MISTAKE: {belief}\nFUNCTION: {func}"
        d = os.path.join(HERE, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, short + ".py"), "w") as fh:
            fh.write(render(name, (swap_key, src), doc))


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
