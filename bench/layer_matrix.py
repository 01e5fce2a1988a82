"""Which attacks each kernel layer stops: the adversarial class graded with one layer left out at a time.

The class of tests/kit/test_sandbox_attacks.py (and, with --suites, the older one of
test_batch_adversarial.py) is graded in one batch with every layer, then again with
AUTOGRAD_KIT_WITHOUT_LAYERS set to each layer in turn (namespaces, landlock, seccomp,
cgroup, and namespaces with the cgroup, as in a Docker container), as root and as an ordinary user (tests/kit/as_user.py). Root runs see Python
where any user may read it (as_user.py --stay-root), as in a container image, so a worker
without namespaces still becomes a user of its own; every run grades a copy of the kit.

An attack holds when it earns exactly its honest points and leaves nothing behind: no
connection to the test's servers, no daemon, no file in /tmp, /dev/shm or the home folder,
the kit and the grader's outputs unchanged, the honest students' points intact.

    python bench/layer_matrix.py [--modes root,user] [--without 'all;namespaces;landlock;seccomp;cgroup;namespaces,cgroup']
                                 [--suites attacks,adversarial] [--json out.json] [--markdown out.md]

The Markdown table is what docs/security.md shows; the policy built from it is
autograd_kit/sandbox/kernel/policy.py, and tests/kit/test_layer_policy.py reruns one column.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "kit"))
sys.path.insert(0, str(ROOT))

import test_sandbox_attacks as attacks  # noqa: E402  (tests/kit, on the path above)

WITHOUT = "AUTOGRAD_KIT_WITHOUT_LAYERS"
COLUMNS = {"all": "all layers", "namespaces": "without namespaces", "landlock": "without Landlock",
           "seccomp": "without seccomp", "cgroup": "without cgroups",
           "namespaces,cgroup": "without namespaces and cgroups (Docker's default, Gradescope)"}
# An ordinary user has no cgroup on these machines (no systemd to delegate one): leaving it out changes nothing.
ROOT_ONLY = ("cgroup", "namespaces,cgroup")
LEFTOVERS = ("agkit-fill", "agkit-escape", "agkit.txt")
# Where the class and the kit's copy go: not /tmp, which a worker's mount namespace covers, so the
# namespaces column is not the only thing hiding the kit from the other columns' attacks.
UNDER = "/var/tmp"
LIMIT_S = 3600  # one batch of the class; a shared machine under load can take a quarter of an hour


@dataclass
class Outcome:
    """One attack in one run: whether it held, and if not, what got through."""
    held: bool
    points: float | None
    escaped: list[str] = field(default_factory=list)


@dataclass
class Run:
    suite: str
    without: str
    mode: str  # "root" or "user"
    seconds: float
    finished: bool
    layers: dict[str, str]
    outcomes: dict[str, Outcome]
    honest_kept: bool


def _daemons() -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "agkit-daemon":
                found.append(int(pid))
        except OSError:
            continue
    return found


def _leftovers() -> list[str]:
    left = []
    for folder in ("/tmp", "/dev/shm", os.path.expanduser("~")):
        left += [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(LEFTOVERS)]
    return left


def _clean_up(daemons: list[int], files: list[str]) -> None:
    """What an attack that got through left: its daemons (by their PIDs, found above) and its files."""
    for pid in daemons:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for path in files:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def run_attacks(without: str, as_root: bool) -> Run:
    env = {WITHOUT: "" if without == "all" else without}
    started = time.monotonic()
    graded = attacks._grade_class(as_root, env=env, extra=("--accept-weak-sandbox",), copy_kit=True, under=UNDER,
                                  limit_s=LIMIT_S)
    seconds = time.monotonic() - started
    out, result = graded.out, graded.result
    finished = result.returncode == 0 and f"Graded {len(attacks.EXPECTED) + 2} of" in result.stdout
    daemons, files = _daemons(), _leftovers()
    gradebook = (out / "gradebook.csv").read_text() if (out / "gradebook.csv").exists() else ""
    results = {p.stem: p.read_text() for p in (out / "results").glob("*.json")} if (out / "results").exists() else {}
    kit_changed = hashlib.sha256(graded.kit_file.read_bytes()).hexdigest() != graded.kit_before
    outputs_rewritten = "1000" in gradebook or any("POINTS_FOR_EVERYONE" in t or '"score": 1000' in t
                                                    for t in results.values())
    side_effects = {
        "uses_the_network": ["a TCP connection to 127.0.0.1"] if graded.server.connections else [],
        "connects_to_unix_sockets": ["a UNIX socket connection"] if graded.unix_servers.connections else [],
        "leaves_a_daemon": (["a daemon still running"] if daemons else [])
                           + (["the grader's outputs rewritten"] if outputs_rewritten else []),
        "writes_outside": (["the kit's code changed"] if kit_changed else [])
                          + [f"left {f}" for f in files if "agkit-escape" in f or "agkit.txt" in f],
        "fills_tmp_and_shm": [f"left {f}" for f in files if "agkit-fill" in f][:2],
    }
    layers: dict[str, str] = {}
    outcomes = {}
    for attack in attacks.EXPECTED:
        name = attack.removesuffix(".py")
        escaped = list(side_effects.get(name, []))
        points = None
        if name in results:
            answer = json.loads(results[name])
            layers = layers or answer["grade"]["isolation"]
            points = answer["grade"]["points"]
            printed = "\n".join(c["output"] for e in answer["grade"]["exercises"] for c in e["checks"])
            if points != attacks.EXPECTED[attack]:
                escaped.append(f"scored {points} (honest: {attacks.EXPECTED[attack]})")
            if name == "fills_tmp_and_shm" and "root:" in printed:
                escaped.append("a planted link was followed")
        else:
            escaped.append("no result")
        outcomes[name] = Outcome(not escaped, points, escaped)
    rows = {row["student"]: row for row in csv.DictReader(gradebook.splitlines())} if gradebook else {}
    honest_kept = all(float(rows.get(s, {}).get("total") or -1) == sum(attacks.HONEST.values())
                      for s in ("honest", "honest_too"))
    _clean_up(daemons, files)
    shutil.rmtree(out.parent, ignore_errors=True)
    return Run("attacks", without, "root" if as_root else "user", round(seconds, 1), finished, layers, outcomes,
               honest_kept)


def run_adversarial(without: str, as_root: bool) -> Run:
    """test_batch_adversarial.py's class (exits, hangs, memory and fork bombs, segfaults, lies), as root only."""
    import tempfile

    import test_batch_adversarial as adversarial
    from conftest import run_grader

    root = Path(tempfile.mkdtemp(prefix="agkit-adversarial-", dir=UNDER))
    out = root / "grades"
    folder = adversarial.build_class(root, out)
    started = time.monotonic()
    result = run_grader("batch", str(folder), "--out", str(out), "--jobs", "2", "--seed", "17", "--timeout", "3",
                        "--memory-mb", "512", "--accept-weak-sandbox",
                        env={WITHOUT: "" if without == "all" else without}, limit_s=LIMIT_S)
    seconds = time.monotonic() - started
    finished = result.returncode == 0
    outcomes, layers = {}, {}
    for student, (_, expected) in adversarial.CLASS.items():
        path = out / "results" / f"{student}.json"
        if not path.exists():
            outcomes[student] = Outcome(False, None, ["no result"])
            continue
        grade = json.loads(path.read_text())["grade"]
        layers = layers or grade["isolation"]
        got = {e["name"][:2]: e["points"] for e in grade["exercises"] if e["points"]}
        wanted = {k: v for k, v in expected.items() if v}
        outcomes[student] = Outcome(got == wanted, grade["points"], [] if got == wanted else [f"points {got}, honest {wanted}"])
    shutil.rmtree(root, ignore_errors=True)
    return Run("adversarial", without, "root", round(seconds, 1), finished, layers, outcomes,
               outcomes.get("honest", Outcome(False, None)).held)


def markdown(runs: list[Run]) -> str:
    """One row per attack; a column per layer left out; root and user in one cell where they differ."""
    columns = [w for w in COLUMNS if any(r.without == w for r in runs)]
    lines = ["| attack class | " + " | ".join(COLUMNS[c] for c in columns) + " |",
             "|---|" + "---|" * len(columns)]
    by_key = {(r.suite, r.without, r.mode): r for r in runs}
    names = list(dict.fromkeys(n for r in runs for n in r.outcomes))
    for name in names:
        suite = next(r.suite for r in runs if name in r.outcomes)
        cells = []
        for column in columns:
            found = {mode: by_key[(suite, column, mode)].outcomes.get(name) for mode in ("root", "user")
                     if (suite, column, mode) in by_key}
            only = f" ({'root' if 'root' in found else 'ordinary user'} only)" \
                if len(found) == 1 and column not in ROOT_ONLY else ""
            cells.append(_cell(found) + only)
        lines.append(f"| {name.replace('_', ' ')} | " + " | ".join(cells) + " |")
    for label, check in (("batch finishes", lambda r: r.finished), ("honest students keep their points",
                                                                    lambda r: r.honest_kept)):
        cells = []
        for column in columns:
            found = {r.mode: check(r) for r in runs if r.without == column and r.suite == "attacks"}
            cells.append(" / ".join(f"{'yes' if v else '**no**'} ({m})" for m, v in found.items())
                         if len(set(found.values())) > 1 else ("yes" if all(found.values()) else "**no**"))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(found: dict[str, Outcome | None]) -> str:
    def word(outcome: Outcome | None) -> str:
        if outcome is None:
            return "?"
        return "holds" if outcome.held else "**open**: " + "; ".join(outcome.escaped)

    words = {mode: word(o) for mode, o in found.items()}
    if len(set(words.values())) == 1:
        return next(iter(words.values()))
    return " / ".join(f"{w} (as {'root' if m == 'root' else 'an ordinary user'})" for m, w in words.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modes", default="root,user")
    parser.add_argument("--without", default=";".join(COLUMNS), help="columns, separated by ';'")
    parser.add_argument("--suites", default="attacks")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--from-json", type=Path, nargs="*", default=[],
                        help="only write the table, from the runs these --json files recorded")
    args = parser.parse_args()
    if args.from_json:
        runs = [Run(**{**r, "outcomes": {n: Outcome(**o) for n, o in r["outcomes"].items()}})
                for path in args.from_json for r in json.loads(path.read_text())]
        latest = {(r.suite, r.without, r.mode): r for r in runs}  # a later file's run replaces an earlier one's
        table = markdown(list(latest.values()))
        print(table)
        if args.markdown:
            args.markdown.write_text(table)
        return
    if os.geteuid() != 0:
        parser.error("run it as root: it grades as root and, through as_user.py, as an ordinary user")
    runs = []
    for without in args.without.split(";"):
        for suite in args.suites.split(","):
            modes = ["root"] if suite == "adversarial" or without in ROOT_ONLY else args.modes.split(",")
            for mode in modes:
                run = (run_attacks if suite == "attacks" else run_adversarial)(without, mode == "root")
                runs.append(run)
                opened = [n for n, o in run.outcomes.items() if not o.held]
                print(f"{suite} {COLUMNS[without]} as {mode}: {run.seconds:.0f} s, finished={run.finished}, "
                      f"open: {opened or 'none'}", flush=True)
                if args.json:
                    args.json.write_text(json.dumps([asdict(r) for r in runs], indent=1))
    table = markdown(runs)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)


if __name__ == "__main__":
    main()
