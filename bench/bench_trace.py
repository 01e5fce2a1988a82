"""CPU cost of recording what the learner's calls do (sandbox/trace.py): 02's backward_pass on resnet18, with and
without the recorder. Run from the repository root: PYTHONPATH=$PWD python bench/bench_trace.py"""
import time, torch, pathlib, importlib.util, sys
from autograd_kit.sandbox import trace
from autograd_kit.checks import recipes
torch.set_num_threads(1)
path = pathlib.Path("solutions/02_loss_backward.py").resolve()
spec = importlib.util.spec_from_file_location("sol02", path); mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
model = recipes.ResNet18(1).build(); data, labels = recipes.Batch(1).build()
def once(record):
    model.zero_grad()
    t = time.process_time()
    if record:
        with trace.Recorder(str(path)) as r:
            mod.backward_pass(model, data, labels)
    else:
        mod.backward_pass(model, data, labels)
    return time.process_time() - t
once(False); once(True)
plain, rec = [], []
for _ in range(5):
    plain.append(once(False)); rec.append(once(True))
print(f"backward_pass on resnet18 (CPU s, min of 5): plain {min(plain):.4f}  recorded {min(rec):.4f}  ratio {min(rec)/min(plain):.2f}")
