"""A class graded on many machines: the GitHub Actions matrix, the Kubernetes Indexed Job and the image recipe
in examples/. The workflow is linted with actionlint and its grading and merge steps are replayed with bash as
runners would run them, each shard in its own workspace, the artifacts passed on as upload-artifact and
download-artifact pass them; the Job's commands are replayed as the kubelet expands them, one completion index
after another. Both must give the gradebook that one `grader.py batch` of the class gives, byte for byte. The
Slurm job array's script runs as one task would: its shard from the array's index, its exit code as Slurm sees it
(bench/bench_slurm.py runs a real array on a one-node cluster)."""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ENGLISH, KIT_ROOT, LEARNERS, SOLUTIONS, run_grader
from github_expressions import expand

from autograd_kit.classroom.gradescope import CPU_INDEX, PACKAGED, TORCH, TORCHVISION
from autograd_kit.exercises import stubs

EXAMPLES = KIT_ROOT / "examples"
WORKFLOW = EXAMPLES / "github-actions-matrix.yml"
JOBS = EXAMPLES / "k8s-indexed-job.yaml"
CONTAINERFILE = EXAMPLES / "Containerfile"
TOOLS = KIT_ROOT / "tests" / "tools"
COURSE_SEED = "4711"  # the Slurm example's one seed for the class
# The course secret of --seed-from-student (64 hex digits, as secrets.token_hex(32) makes)
COURSE_SECRET = "9c1f4e2ab7d03856e1f0a9b4c27d58e3" "06b1d9f4a3c8e257b0d6f19a84ce3b72"
# Variables that choose a shard for `--shard auto/N`: the replays set the one they mean, nothing else leaks in.
SHARD_VARIABLES = ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT")


# --- the GitHub Actions matrix -----------------------------------------------------------------------------

def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def step(job: dict, name: str) -> dict:
    return next(s for s in job["steps"] if s.get("name") == name)


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(TOOLS / "actionlint.cjs"), str(path)], capture_output=True, text=True,
                          timeout=120)


def shard_count_in_workflow() -> int:
    """N, from the grading step's `--shard "$SHARD/N"`."""
    found = re.search(r'--shard "\$SHARD/(\d+)"', step(workflow()["jobs"]["grade"], "Grade this shard")["run"])
    assert found, "the grading step has no --shard \"$SHARD/N\""
    return int(found.group(1))


def test_actionlint_finds_nothing_in_the_matrix_workflow_and_does_find_a_broken_one(tmp_path):
    clean = lint(WORKFLOW)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("${{ matrix.shard }}", "${{ matrix.shards }}"))
    found = lint(broken)
    assert found.returncode == 1 and "shards" in found.stdout, found.stdout + found.stderr


def test_the_matrix_covers_every_shard_and_the_merge_waits_for_all_of_them():
    flow = workflow()
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads a bare `on` as true
    assert triggers["workflow_dispatch"]["inputs"]["submissions"]["required"] is True
    grade, merge = flow["jobs"]["grade"], flow["jobs"]["merge"]
    count = shard_count_in_workflow()
    assert grade["strategy"]["matrix"]["shard"] == list(range(count))
    assert grade["strategy"]["fail-fast"] is False
    # The course secret comes from the secret, through the environment (masked in the log, never inlined, never
    # on the grader's command line).
    grading = step(grade, "Grade this shard")
    assert grading["env"]["AUTOGRAD_KIT_COURSE_SECRET"] == "${{ secrets.COURSE_SECRET }}"
    command = grading["run"][grading["run"].index("python kit/grader.py"):]
    assert "secrets." not in grading["run"] and "--seed " not in command and "SECRET" not in command
    assert '--out "grades-shard-$SHARD"' in grading["run"] and "--seed-from-student" in grading["run"]
    # Each shard is uploaded, even when it could not grade everyone, and kept briefly (it holds the seed).
    upload = step(grade, "Upload this shard")
    assert upload["if"] == "always()" and upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["name"] == "grades-shard-${{ matrix.shard }}"
    assert upload["with"]["path"].rstrip("/") == "grades-shard-${{ matrix.shard }}"
    assert upload["with"]["retention-days"] <= 7
    # The merge runs after every shard, failed ones included, and merges exactly the N of them.
    assert merge["needs"] == "grade" and merge["if"] in ("${{ !cancelled() }}", "always()")
    download = step(merge, "Download the shards")
    assert download["uses"] == "actions/download-artifact@v4" and not download["with"].get("merge-multiple")
    names = [expand(upload["with"]["name"], {"matrix": {"shard": k}}) for k in range(count)]
    assert all(fnmatch.fnmatchcase(name, download["with"]["pattern"]) for name in names)
    assert f"shards/grades-shard-{{0..{count - 1}}}" in step(merge, "Merge the shards")["run"]
    # Installs as the Classroom workflow does: the tested torch, CPU builds, pip cached.
    for job in (grade, merge):
        assert f"--index-url {CPU_INDEX} {TORCH} {TORCHVISION}" in step(job, "Install the kit")["run"]
        assert step(job, "Set up Python")["with"]["cache"] == "pip"
    # Grades and the seed must not be public: the file says so before anything else.
    header = WORKFLOW.read_text().split("\nname:")[0]
    assert "PRIVATE" in header and "public" in header


# --- the Kubernetes Indexed Job ----------------------------------------------------------------------------

def manifests() -> list[dict]:
    return [doc for doc in yaml.safe_load_all(JOBS.read_text()) if doc]


def job(component: str) -> dict:
    return next(d for d in manifests() if d["kind"] == "Job"
                and d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"] == component)


def container(component: str) -> dict:
    (only,) = job(component)["spec"]["template"]["spec"]["containers"]
    return only


def argument(args: list[str], option: str) -> str:
    return args[args.index(option) + 1]


def test_the_indexed_job_gives_each_index_its_shard_and_the_merge_every_shard():
    grade = job("grade")
    spec = grade["spec"]
    assert grade["apiVersion"] == "batch/v1" and spec["completionMode"] == "Indexed"
    args = container("grade")["args"]
    assert args[:2] == ["batch", "/data/submissions"]
    count = int(re.fullmatch(r"auto/(\d+)", argument(args, "--shard")).group(1))
    assert spec["completions"] == count and 1 <= spec["parallelism"] <= count
    out = argument(args, "--out")
    assert out == "/data/grades/shard-$(JOB_COMPLETION_INDEX)"
    merge = container("merge")["args"]
    assert merge[0] == "merge" and argument(merge, "--out") == "/data/grades/merged"
    assert merge[1:merge.index("--out")] == [out.replace("$(JOB_COMPLETION_INDEX)", str(k)) for k in range(count)]
    # The merge is started by hand once grading is done, so applying the file cannot merge half a class.
    assert job("merge")["spec"]["suspend"] is True


def test_exit_code_3_fails_its_index_without_retrying_and_2_stops_the_job():
    spec = job("grade")["spec"]
    assert spec["template"]["spec"]["restartPolicy"] == "Never" and spec["backoffLimitPerIndex"] >= 1
    actions = {}
    for rule in spec["podFailurePolicy"]["rules"]:
        codes = rule.get("onExitCodes")
        if codes:
            assert codes["operator"] == "In" and codes["containerName"] == "grader"
            for code in codes["values"]:
                actions.setdefault(code, rule["action"])  # the first rule that matches decides
    assert actions == {3: "FailIndex", 2: "FailJob"}
    assert "--resume" in container("grade")["args"]  # a retried pod skips the students already graded


def test_the_seed_comes_from_a_secret_and_every_pod_has_its_resources():
    docs = manifests()
    assert not [d for d in docs if d["kind"] == "Secret"]
    grader = container("grade")
    # The secret reaches the grader through its environment, never its command line (readable in /proc).
    assert "--seed" not in grader["args"] and "--seed-from-student" in grader["args"]
    assert not [word for word in grader["command"] + grader["args"] if "$(" in word and "INDEX" not in word]
    (secret,) = [e for e in grader["env"] if e["name"] == "AUTOGRAD_KIT_COURSE_SECRET"]
    assert "value" not in secret and set(secret["valueFrom"]["secretKeyRef"]) == {"name", "key"}
    # ...made from a file, not a command line's literal, and not a small number
    assert "--from-literal" not in JOBS.read_text() and "token_hex(32)" in JOBS.read_text()
    for component in ("grade", "merge"):
        resources = container(component)["resources"]
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources[kind]), (component, kind)
    assert container("grade")["resources"]["limits"]["memory"] == "4Gi"


def test_both_jobs_share_one_read_write_many_volume_and_only_the_grader_gets_the_sandbox_rights():
    docs = manifests()
    claims = {d["metadata"]["name"]: d for d in docs if d["kind"] == "PersistentVolumeClaim"}
    for component in ("grade", "merge"):
        pod = job(component)["spec"]["template"]["spec"]
        (volume,) = pod["volumes"]
        assert "ReadWriteMany" in claims[volume["persistentVolumeClaim"]["claimName"]]["spec"]["accessModes"]
        assert container(component)["volumeMounts"] == [{"name": volume["name"], "mountPath": "/data"}]
        assert pod.get("automountServiceAccountToken") is False
    assert container("grade")["image"] == container("merge")["image"]
    grader = container("grade")["securityContext"]
    assert "SYS_ADMIN" in grader["capabilities"]["add"] and not grader.get("privileged")
    assert grader["appArmorProfile"]["type"] == "Unconfined" and grader["runAsUser"] == 0
    merger = container("merge")["securityContext"]
    assert merger["capabilities"] == {"drop": ["ALL"]} and merger["allowPrivilegeEscalation"] is False
    # No traffic in or out of the grading pods.
    (policy,) = [d for d in docs if d["kind"] == "NetworkPolicy"]
    labels = job("grade")["spec"]["template"]["metadata"]["labels"]
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in policy["spec"] and "egress" not in policy["spec"]


# --- the image ---------------------------------------------------------------------------------------------

def instructions() -> list[tuple[str, str]]:
    """The Containerfile as (INSTRUCTION, arguments), continuation lines joined and comments left out."""
    lines = [line for line in CONTAINERFILE.read_text().splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(word.upper(), rest.strip()) for word, _, rest in
            (line.strip().partition(" ") for line in joined.splitlines() if line.strip())]


def test_the_image_pins_the_tested_torch_and_installs_nothing_when_it_runs():
    steps = instructions()
    assert steps[0][0] == "FROM" and steps[0][1].startswith("python:3.11-")
    text = " ".join(rest for _, rest in steps)
    assert set(re.findall(r"\btorch==\S+", text)) == {TORCH}
    assert set(re.findall(r"\btorchvision==\S+", text)) == {TORCHVISION}
    assert f"--index-url {CPU_INDEX} {TORCH} {TORCHVISION}" in text
    assert "libseccomp2" in text  # the seccomp layer loads it
    for instruction, rest in steps:
        if instruction in ("CMD", "ENTRYPOINT"):
            assert not re.search(r"pip|install|curl|wget|uv\b", rest), rest
    assert ("ENV", "PIP_NO_INDEX=1") in steps
    # Every pip install comes before the command: none is left for run time.
    last_install = max(i for i, (kind, rest) in enumerate(steps) if kind == "RUN" and "pip install" in rest)
    assert all(kind not in ("RUN", "COPY", "ADD") for kind, _ in steps[last_install + 1:])


def test_the_image_holds_what_the_gradescope_package_holds_and_never_the_solutions():
    copied = []
    for instruction, rest in instructions():
        assert instruction != "ADD"
        if instruction == "COPY":
            *sources, _destination = shlex.split(rest)
            copied += [source.rstrip("/") for source in sources]
    assert sorted(copied) == sorted(PACKAGED)
    # The Jobs run the grader where the image put it, through the init the image installed.
    workdir = [rest for kind, rest in instructions() if kind == "WORKDIR"][-1]
    for component in ("grade", "merge"):
        assert container(component)["workingDir"] == workdir
        assert container(component)["command"] == ["tini", "--", "python", "grader.py"]
    assert "tini" in [rest for kind, rest in instructions() if kind == "RUN"][0]


# --- replays on a small class ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """Four students: reference solutions, untouched stubs, a partial answer with a typical mistake, and a zip
    (GitHub's "Download ZIP" layout) with one exercise done. A few exercises each: what is measured is where
    each student's grade is made, not the grading itself (test_grading.py grades the whole course)."""
    root = tmp_path_factory.mktemp("class") / "submissions"
    alice = root / "alice" / "exercises"
    alice.mkdir(parents=True)
    for name in ("01_forward_pass.py", "09_no_grad_context.py", "12_retain_graph.py"):
        shutil.copy(SOLUTIONS / name, alice)
    bob = tmp_path_factory.mktemp("bob")
    stubs.generate(SOLUTIONS, bob)
    (root / "bob" / "exercises").mkdir(parents=True)
    for name in ("04_gradients_by_hand.py", "13_detach.py"):
        shutil.copy(bob / name, root / "bob" / "exercises")
    carol = root / "carol" / "exercises"
    carol.mkdir(parents=True)
    (carol / "04_gradients_by_hand.py").write_text((LEARNERS / "mistakes.py").read_text())
    shutil.copy(SOLUTIONS / "05_vector_backward.py", carol)
    dave = tmp_path_factory.mktemp("dave")
    stubs.generate(SOLUTIONS, dave)
    shutil.copy(SOLUTIONS / "13_detach.py", dave)
    with zipfile.ZipFile(root / "dave.zip", "w") as archive:
        for file in sorted(dave.iterdir()):
            archive.write(file, f"lab-dave-main/exercises/{file.name}")
    return root


@pytest.fixture(scope="module")
def one_machine(klass, tmp_path_factory) -> bytes:
    """The gradebook of the whole class graded by one `grader.py batch`, with the course seed."""
    out = tmp_path_factory.mktemp("one-machine") / "grades"
    ran = run_grader("batch", str(klass), "--out", str(out), "--seed-from-student",
                     env={"AUTOGRAD_KIT_COURSE_SECRET": COURSE_SECRET}, limit_s=600)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    gradebook = (out / "gradebook.csv").read_bytes()
    assert gradebook.count(b"\n") == 5  # the header and four students
    return gradebook


def _environment(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SHARD_VARIABLES}
    return {**env, **ENGLISH, "COLUMNS": "200", **extra}


def run_step(action: dict, context: dict, workspace: Path, extra: dict[str, str]) -> subprocess.CompletedProcess:
    """One `run:` step, as GitHub's runner runs a bash step: expressions expanded, its env set."""
    env = {name: expand(value, context) for name, value in action.get("env", {}).items()}
    script = workspace.parent / f"{workspace.name}-{re.sub(r'[^a-z]+', '-', action['name'].lower())}.sh"
    script.write_text(expand(action["run"], context))
    path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                          env=_environment({**env, **extra, "PATH": path}), capture_output=True, text=True,
                          timeout=600)


def as_artifact(folder: Path, destination: Path) -> None:
    """What upload-artifact then download-artifact make of FOLDER: its files (no hidden ones, no empty folders),
    with the modes of new files rather than their own."""
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if file.is_file() and not any(part.startswith(".") for part in relative.parts):
            (destination / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, destination / relative)


def students_in(gradebook: Path) -> list[str]:
    return [line.split(",")[0] for line in gradebook.read_text().splitlines()[1:]]


@pytest.mark.slow
def test_the_matrix_workflow_grades_the_class_as_one_machine_does(tmp_path, klass, one_machine):
    flow = workflow()
    grade, merge = flow["jobs"]["grade"], flow["jobs"]["merge"]
    secrets = {"COURSE_SECRET": COURSE_SECRET}
    github = {"repository": "course-staff/grading", "token": "ghs_x"}
    upload = step(grade, "Upload this shard")
    artifacts: dict[str, Path] = {}
    spread = []
    for shard in grade["strategy"]["matrix"]["shard"]:
        workspace = tmp_path / f"grade-{shard}"  # each shard's own runner, its checkouts laid out as the steps do
        workspace.mkdir()
        (workspace / "kit").symlink_to(KIT_ROOT)
        shutil.copytree(klass, workspace / "submissions")
        context = {"matrix": {"shard": shard}, "secrets": secrets, "inputs": {"submissions": "submissions"},
                   "github": github}
        ran = run_step(step(grade, "Grade this shard"), context, workspace, {})
        assert ran.returncode == 0, f"shard {shard}:\n{ran.stdout}\n{ran.stderr}"
        folder = workspace / expand(upload["with"]["path"], context)
        spread.append(students_in(folder / "gradebook.csv"))
        artifacts[expand(upload["with"]["name"], context)] = folder
    assert sorted(sum(spread, [])) == ["alice", "bob", "carol", "dave"]
    assert sum(1 for students in spread if students) >= 2  # the shards really split the class

    workspace = tmp_path / "merge"
    workspace.mkdir()
    (workspace / "kit").symlink_to(KIT_ROOT)
    download = step(merge, "Download the shards")
    for name, folder in artifacts.items():
        if fnmatch.fnmatchcase(name, download["with"]["pattern"]):
            as_artifact(folder, workspace / download["with"]["path"] / name)
    context = {"secrets": secrets, "github": github}
    summary = tmp_path / "step_summary"
    summary.touch()
    ran = run_step(step(merge, "Merge the shards"), context, workspace, {})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    grades = workspace / step(merge, "Upload the gradebook")["with"]["path"]
    assert (grades / "gradebook.csv").read_bytes() == one_machine
    assert {"gradebook.csv", "summary.json", "report.html", "mistakes.csv", "results"} <= {
        p.name for p in grades.iterdir()}
    assert sorted(p.stem for p in (grades / "results").iterdir()) == ["alice", "bob", "carol", "dave"]
    ran = run_step(step(merge, "Summary"), context, workspace, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "## Grades" in summary.read_text() and "4 of 4 students graded" in summary.read_text()

    # A shard that did not arrive: the merge refuses and names it.
    shutil.rmtree(workspace / "grades")
    missing = next(name for name in sorted(artifacts) if students_in(artifacts[name] / "gradebook.csv"))
    shutil.rmtree(workspace / download["with"]["path"] / missing)
    ran = run_step(step(merge, "Merge the shards"), context, workspace, {})
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert missing in ran.stdout + ran.stderr
    assert not (workspace / "grades" / "gradebook.csv").exists()


def kubelet_expand(text: str, env: dict[str, str]) -> str:
    """$(VAR) in a container's command and args, as the kubelet expands it: defined variables only, $$ escapes."""
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                  lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), text)


def run_container(component: str, env: dict[str, str], data: Path) -> subprocess.CompletedProcess:
    """The Job's container, here: /data is DATA, the image's /opt/autograd-kit is this kit, tini is left out."""
    spec = container(component)
    argv = [kubelet_expand(word, env) for word in spec["command"] + spec["args"]]
    assert argv[:3] == ["tini", "--", "python"]
    argv = [sys.executable] + [str(data) + word[len("/data"):] if word.startswith("/data/") else word
                               for word in argv[3:]]
    return subprocess.run(argv, cwd=KIT_ROOT, env=_environment(env), capture_output=True, text=True, timeout=600)


def test_kubelet_expansion_is_what_the_replay_relies_on():
    env = {"JOB_COMPLETION_INDEX": "3", "COURSE_SEED": "4711"}
    assert kubelet_expand("/data/grades/shard-$(JOB_COMPLETION_INDEX)", env) == "/data/grades/shard-3"
    assert kubelet_expand("$(COURSE_SEED)", env) == "4711"
    assert kubelet_expand("$(UNSET) $$(COURSE_SEED)", env) == "$(UNSET) $(COURSE_SEED)"


@pytest.mark.slow
def test_the_indexed_job_grades_the_class_as_one_machine_does(tmp_path, klass, one_machine):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copytree(klass, data / "submissions")
    spec = container("grade")
    # from the Secret that `kubectl create secret` made
    assert [e["name"] for e in spec["env"]] == ["AUTOGRAD_KIT_COURSE_SECRET"]
    spread = []
    for index in range(job("grade")["spec"]["completions"]):
        # What the Job controller and the Secret put in each pod's environment
        env = {"JOB_COMPLETION_INDEX": str(index), "AUTOGRAD_KIT_COURSE_SECRET": COURSE_SECRET}
        ran = run_container("grade", env, data)
        assert ran.returncode == 0, f"index {index}:\n{ran.stdout}\n{ran.stderr}"
        spread.append(students_in(data / "grades" / f"shard-{index}" / "gradebook.csv"))
    assert sorted(sum(spread, [])) == ["alice", "bob", "carol", "dave"]
    assert sum(1 for students in spread if students) >= 2
    ran = run_container("merge", {}, data)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (data / "grades" / "merged" / "gradebook.csv").read_bytes() == one_machine


# --- the Slurm job array -----------------------------------------------------------------------------------

SLURM_SCRIPT = EXAMPLES / "slurm-array.sh"


def run_slurm_task(tmp_path: Path, env: dict[str, str], venv: Path | None = None) -> subprocess.CompletedProcess:
    """examples/slurm-array.sh as one task of a job array runs it: Slurm's variables set, the kit as KIT."""
    submissions = tmp_path / "submissions"
    submissions.mkdir(exist_ok=True)
    base = {"SUBMISSIONS": str(submissions), "OUT": str(tmp_path / "grades"), "SEED": "4711", "N": "4",
            "KIT": str(KIT_ROOT), "VENV": str(venv or Path(sys.executable).parent.parent),
            "SLURM_ARRAY_JOB_ID": "77", "SLURM_CPUS_PER_TASK": "1"}
    return subprocess.run(["bash", str(SLURM_SCRIPT)], env=_environment({**base, **env}), capture_output=True,
                          text=True, timeout=300)


def test_each_slurm_task_grades_the_shard_its_array_index_names(tmp_path):
    """`--array=1-4` numbers the tasks from 1: task 3 is shard 2 of 4, and its output folder is named by the task."""
    ran = run_slurm_task(tmp_path, {"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1",
                                    "SLURM_ARRAY_TASK_COUNT": "4"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    header = yaml.safe_load((tmp_path / "grades" / "shard-3" / "batch.json").read_text())
    assert header["shard"] == {"index": 2, "count": 4} and header["seed"] == 4711


def test_a_slurm_array_of_the_wrong_size_fails_its_task(tmp_path):
    ran = run_slurm_task(tmp_path, {"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0",
                                    "SLURM_ARRAY_TASK_COUNT": "3"})
    assert ran.returncode == 2 and "has 3 tasks but --shard says N=4" in ran.stdout + ran.stderr


def test_a_slurm_task_whose_students_could_not_all_be_graded_still_counts_as_done(tmp_path):
    """grader.py batch exits 3 when some students could not be graded: the shard is complete (their rows say why),
    so the task exits 0 and the merge that waits on `afterok` runs. Any other failure fails the task."""
    for code, expected in ((3, 0), (1, 1)):
        venv = tmp_path / f"venv-{code}"
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").write_text(f"#!/bin/sh\nexit {code}\n")
        (venv / "bin" / "python").chmod(0o755)
        ran = run_slurm_task(tmp_path, {"SLURM_ARRAY_TASK_ID": "1"}, venv=venv)
        assert ran.returncode == expected, (code, ran.stdout + ran.stderr)
