"""What a platform's package installs and holds: the torch the kit is tested with, and the kit's own files.

tests/kit checks the pins against the installed torch. CPU builds: no platform we package for has a GPU,
and they are a tenth of the download.
"""

TORCH = "torch==2.14.1"
TORCHVISION = "torchvision==0.29.1"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# The grader and the checks; never solutions/ (a submission cannot read what is not there), nor the kit's tests
PACKAGED = ["grader.py", "pyproject.toml", "README.md", "autograd_kit", "tests/checks"]
