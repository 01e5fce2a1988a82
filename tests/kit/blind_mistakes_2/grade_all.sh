#!/bin/bash
# usage: grade_blind2.sh ROOT OUTDIR
ROOT=$1; OUT=$2
cd "$ROOT"
for f in /tmp/blind2/[0-9][0-9]_*/*.py; do
  ex=$(basename "$(dirname "$f")"); name=$(basename "$f" .py)
  mkdir -p "$OUT/$ex"; out="$OUT/$ex/$name.out.txt"
  [ -s "$out" ] && continue
  tmp=$(mktemp -d /tmp/blindgrade.XXXXXX)
  cp "$f" "$tmp/$ex.py"
  NO_COLOR=1 PYTHONPATH=$ROOT /work/main/.venv/bin/python grader.py "${ex:0:2}" --target "$tmp" --seed 1234 > "$out" 2>&1
  rm -rf "$tmp"
done
echo ALLDONE
