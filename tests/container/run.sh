#!/usr/bin/env bash
# The Gradescope path inside a real container runtime, as Gradescope runs it: root in the container, the
# runtime's default seccomp profile and capabilities (no CAP_SYS_ADMIN, so no namespaces for the grader),
# no network. Each case is one submission in a fresh container (run_autograder), and its results.json is
# checked against what the policy (autograd_kit/sandbox/kernel/policy.py) promises.
#
#   tests/container/run.sh [ROOTFS]          (as root; ROOTFS defaults to /srv/rootfs)
#
# ROOTFS is a Debian root file system (debootstrap --variant=minbase bookworm /srv/rootfs, plus the shared
# libraries CPython and torch load: see docs). Python is not installed in it: the kit's virtual environment
# ($VENV, default: the one running this kit's tests) and its base interpreter are bound in read-only at the
# paths they have here. ENGINE picks podman or docker (default: whichever is installed, podman first);
# CASES, a space-separated list of case names, runs only those (default: all).
# Exit status 0 only if every case gave what it should; the last line says how many did.
set -uo pipefail

KIT=${KIT:-$(cd "$(dirname "$0")/../.." && pwd)}  # the checkout to package (set when running a copy of this script)
ROOTFS=${1:-${ROOTFS:-/srv/rootfs}}
VENV=${VENV:-$(dirname "$(dirname "$(command -v python3)")")}
ENGINE=${ENGINE:-$(command -v podman || command -v docker)}
WORK=$(mktemp -d /var/tmp/agkit-container-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

[ -n "$ENGINE" ] || { echo "neither podman nor docker is installed"; exit 2; }
[ -x "$ROOTFS/bin/sh" ] || { echo "no root file system at $ROOTFS"; exit 2; }
[ -f "$VENV/pyvenv.cfg" ] || { echo "no virtual environment at $VENV (set VENV)"; exit 2; }
BASE=$(sed -n 's/^home = //p' "$VENV/pyvenv.cfg")  # .../versions/3.11.7/bin: the base interpreter's prefix is above it
BASE=$(dirname "$BASE")
PYTHON="$VENV/bin/python"

engine_args=(run --rm --network none --memory 3g --cpus 2
             -v "$BASE:$BASE:ro" -v "$VENV:$VENV:ro" -e "AUTOGRADER_PYTHON=$PYTHON")
case "$(basename "$ENGINE")" in
  podman)
    # runc copes with hybrid cgroup hierarchies that crun refuses. podman asks for more open files and
    # processes than a host without CAP_SYS_RESOURCE may grant (and runc is refused far below this host's
    # hard limits): Docker's usual defaults instead.
    command -v runc >/dev/null && engine=("$ENGINE" --runtime runc) || engine=("$ENGINE")
    engine_args+=(--ulimit nofile=1024:4096 --ulimit nproc=4096:4096)
    rootfs_args=(--rootfs "$ROOTFS");;
  *)
    engine=("$ENGINE")
    # docker runs images, not folders: the root file system imported once as an image.
    docker image inspect agkit-rootfs >/dev/null 2>&1 || tar -C "$ROOTFS" -c . | docker import - agkit-rootfs >/dev/null
    rootfs_args=(agkit-rootfs);;
esac

# The package, built from this checkout: a course secret, each student's seed from it.
(cd "$KIT" && "$PYTHON" grader.py gradescope-package --seed-from-student --output "$WORK/autograder.zip" >/dev/null) \
  || { echo "could not build the package"; exit 2; }

passed=0
failed=0

# case NAME PYTHON_READABLE FILE... : a fresh /autograder, one submission of FILEs (name=path), run_autograder in
# a new container. PYTHON_READABLE=yes covers the rootfs's /root (0700) with an empty folder of mode 0755, so
# every user may reach Python as in an image with Python under /usr; no leaves it as it is.
wanted() { [ -z "${CASES:-}" ] || [[ " $CASES " == *" $1 "* ]]; }

run_case() {
  local name=$1 readable=$2
  shift 2
  wanted "$name" || return 0
  local root="$WORK/$name"
  mkdir -p "$root/source" "$root/submission" "$root/results"
  (cd "$root/source" && "$PYTHON" -m zipfile -e "$WORK/autograder.zip" .) && chmod 755 "$root/source/run_autograder"
  echo '{"id": 1, "users": [{"sid": "s123", "email": "a@b"}]}' > "$root/submission_metadata.json"
  for pair in "$@"; do cp "${pair#*=}" "$root/submission/${pair%%=*}"; done
  sha256sum "$root/source/autograd_kit/grading/results.py" > "$root/kit.sha256"
  local extra=()
  # An empty folder of mode 0755 bound over /root (a tmpfs there keeps the 0700 of the folder it covers).
  [ "$readable" = yes ] && mkdir -m 0755 "$root/open-root" && extra=(-v "$root/open-root:/root")
  "${engine[@]}" "${engine_args[@]}" "${extra[@]}" -v "$root:/autograder" "${rootfs_args[@]}" \
    /autograder/source/run_autograder > "$root/engine.log" 2>&1
  echo "engine exit status $? for $name" >> "$root/engine.log"
}

# expect NAME PYTHON_EXPRESSION...: each expression, on r (results.json), out (its output), kit_same, must hold.
expect() {
  local name=$1
  shift
  wanted "$name" || return 0
  local verdict
  verdict=$("$PYTHON" - "$WORK/$name" "$@" <<'EOF'
import hashlib, json, sys
from pathlib import Path
root = Path(sys.argv[1])
try:
    r = json.loads((root / "results" / "results.json").read_text())
except (OSError, ValueError) as problem:
    print(f"no results.json ({problem}); engine: {(root / 'engine.log').read_text()[-1500:]}")
    sys.exit(1)
out = r.get("output", "")
line = [l for l in out.splitlines() if l.startswith("Sandbox:")]
want = (root / "kit.sha256").read_text().split()[0]
kit_same = hashlib.sha256((root / "source/autograd_kit/grading/results.py").read_bytes()).hexdigest() == want
secret = (root / "source/course_secret").read_text().strip()  # what no student may ever see
failed = [e for e in sys.argv[2:] if not eval(e)]
print(f"score {r.get('score')}; {line[0][:400] if line else out[:600]}")
if failed:
    print("FAILED: " + " | ".join(failed))
    sys.exit(1)
EOF
)
  local status=$?
  if [ $status -eq 0 ]; then passed=$((passed + 1)); echo "ok   $name: $verdict"
  else failed=$((failed + 1)); echo "FAIL $name: $verdict"; fi
}

attack() {  # the attack file with its targets filled in: the outputs and the kit, at their container paths
  sed -e 's|^TARGETS = \[\]|TARGETS = ["/autograder/results/results.json", "/autograder/source/autograd_kit/grading/results.py"]|' \
      -e 's|^PEERS = \[\]|PEERS = ["/autograder"]|' "$KIT/tests/kit/attacks/$1.py" > "$WORK/$1.py"
  echo "$WORK/$1.py"
}

cat > "$WORK/reads_the_course_secret.py" <<'EOF'
"""ATTACK: read the package's course secret (root's, 0600, beside the grader) and print it."""
import os


def predict_requires_grad(flags):
    return any(flags)


def count_trainable(model):
    for name in ("/autograder/source/course_secret", "/proc/1/environ", "/proc/1/cmdline"):
        try:
            with open(name, "rb") as file:
                print("STOLEN", name, file.read()[:200])
        except OSError as problem:
            print("refused", name, type(problem).__name__)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
EOF

SOL=$KIT/solutions
run_case honest yes 04_gradients_by_hand.py="$SOL/04_gradients_by_hand.py" 09_no_grad_context.py="$SOL/09_no_grad_context.py"
expect honest 'r["score"] == 14' '"namespaces (unshare: Operation not permitted; accepted for one submission alone" in out' \
  '"user (a user of its own" in out' '"landlock (ABI" in out and "seccomp (allowlist" in out'

run_case python_unreachable no 04_gradients_by_hand.py="$SOL/04_gradients_by_hand.py"
expect python_unreachable 'r["score"] == 0' '"will not run untrusted code" in out' \
  '"user (stayed root: Python" in out and "the worker stays root" in out'

# Each attack alone in its container: its honest points (0 or 2 for exercise 07, attacks/_common.txt), the kit
# unchanged, results.json the grader's own (a rewrite or an appended line would change its score or break its
# JSON; its feedback may quote the attack's source), and nothing of the course secret in what the student sees.
for name in writes_outside leaves_a_daemon attacks_the_grader_process starts_a_process holds_memfd_memory \
            fills_tmp_and_shm reads_through_links_and_proc makes_a_socketpair reads_the_course_secret; do
  file=$([ "$name" = reads_the_course_secret ] && echo "$WORK/$name.py" || attack "$name")
  honest=0
  case $name in leaves_a_daemon|fills_tmp_and_shm|reads_the_course_secret) honest=2;; esac
  # the secret reader imports only os: its predict_requires_grad may be vouched for too (2 more points)
  score="r['score'] == $honest"
  [ "$name" = reads_the_course_secret ] && score="r['score'] in (2, 4)"
  run_case "$name" yes 07_requires_grad.py="$file"
  expect "$name" "$score" 'kit_same' '"tests" in r and r["score"] < 1000' \
    '"STOLEN" not in json.dumps(r) and secret not in json.dumps(r)' '"accepted for one submission alone" in out'
done

echo "container ($(basename "$ENGINE"), root file system $ROOTFS): $passed passed, $failed failed"
[ $failed -eq 0 ]
