#!/bin/bash
# Grades every blind mistake file, one at a time, with --seed 1234; writes <name>.out.txt next to it.
cd "$(dirname "$0")/../../.." || exit 1
ROOT=$PWD
for f in tests/kit/blind_mistakes/[0-9][0-9]_*/*.py; do
  out="${f%.py}.out.txt"
  [ -s "$out" ] && [ -z "$FORCE" ] && continue
  ex=$(basename "$(dirname "$f")")
  tmp=$(mktemp -d /tmp/blindgrade.XXXXXX)
  cp "$f" "$tmp/$ex.py"
  NO_COLOR=1 PYTHONPATH=$ROOT /work/main/.venv/bin/python grader.py "${ex:0:2}" --target "$tmp" --seed 1234 > "$out" 2>&1
  rm -rf "$tmp"
  echo "done $f"
done
