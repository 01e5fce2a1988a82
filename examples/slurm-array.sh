#!/bin/bash
# Grade a class on a Slurm cluster: a job array, one task per shard of the class.
# Each task grades the students that a stable hash of the student id assigns to
# its shard; `grader.py merge` then joins the shards into one gradebook.
#
# What to edit (or pass without editing: sbatch --export=ALL,SUBMISSIONS=...,OUT=...):
#   SUBMISSIONS  the folder with one subfolder or .zip per student (on storage every node sees)
#   OUT          where the shards go: OUT/shard-0, OUT/shard-1, ...
#   SEED         the seed for the random inputs; every shard must use the same one. For inputs of each
#                student's own, replace `--seed "$SEED"` below with `--seed-from-student --course-secret-file
#                FILE`, FILE made once with `(umask 077; python -c "import secrets; print(secrets.token_hex(32))"
#                > FILE)` on storage every node sees: never the secret itself on a command line (sbatch's
#                --export included), where every user of the node can read it.
#   N            the number of shards; must equal the number of tasks in --array below
#   KIT          this kit's folder (default: the folder you ran sbatch from)
#   VENV         the virtual environment with the kit and torch (default: KIT/.venv)
# and the #SBATCH lines: --array (0-3 is 4 tasks: N=4), --cpus-per-task (submissions a
# task grades at once), --mem (about 2 GiB per submission graded at once), --time, and
# a --partition or --account if your site needs one.
#
# Submit from the kit's folder:
#   jobid=$(sbatch --parsable examples/slurm-array.sh)
# then merge the shards as a job that waits for the whole array:
#   sbatch --dependency=afterok:$jobid --kill-on-invalid-dep=yes --mem=2G --output=slurm-merge-%j.out \
#       --wrap '.venv/bin/python grader.py merge /path/to/grades/shard-* --out /path/to/grades/merged'
# (or run that `grader.py merge ...` line yourself once squeue shows the array gone).
#
# afterok, not afterany: a task exits 0 when its shard is graded, including when some
# of its students could not be graded (grader.py batch exits 3; this script turns that
# into 0, so the merge runs and its gradebook names those students). A task that
# fails for real (timed out, out of memory, a usage error, exit 2) has no complete
# shard, so with afterok and --kill-on-invalid-dep=yes the merge job is cancelled at
# once instead of running and refusing the missing shard (afterany would start it
# anyway; merge would then exit 2 naming the missing shard). Grade that shard again,
# e.g. shard 2 of 4 with a 0-based array:
#   sbatch --array=2 --export=ALL,SHARD=2 examples/slurm-array.sh
# (SHARD names it: --shard auto reads the index from the array, and a one-task array
# would make it shard 0 of 1, which grader.py refuses since N=4), then merge by hand.
#
#SBATCH --job-name=autograd-kit-grade
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=slurm-grade-%A_%a.out
set -euo pipefail

SUBMISSIONS=${SUBMISSIONS:-/path/to/submissions}
OUT=${OUT:-/path/to/grades}
SEED=${SEED:-2024}
N=${N:-4}
SHARD=${SHARD:-auto}
KIT=${KIT:-${SLURM_SUBMIT_DIR:-$PWD}}
VENV=${VENV:-$KIT/.venv}

cd "$KIT"
echo "task ${SLURM_ARRAY_TASK_ID:-?} of array ${SLURM_ARRAY_JOB_ID:-?} on $(hostname): shard $SHARD/$N, ${SLURM_CPUS_PER_TASK:-1} at once"
status=0
"$VENV/bin/python" grader.py batch "$SUBMISSIONS" --out "$OUT/shard-${SLURM_ARRAY_TASK_ID}" --seed "$SEED" \
    --shard "$SHARD/$N" --jobs "${SLURM_CPUS_PER_TASK:-1}" || status=$?
echo "task ${SLURM_ARRAY_TASK_ID:-?}: grader.py batch exited $status after $SECONDS s"
if [[ $status -eq 3 ]]; then
    echo "some students in this shard could not be graded; the merged gradebook names them"
    status=0
fi
exit "$status"
