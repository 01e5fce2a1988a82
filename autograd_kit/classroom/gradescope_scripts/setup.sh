#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: a Python 3.11 or newer, a
# virtual environment in /autograder/venv with the CPU builds of the torch the kit is tested with, and
# the kit. `setup.sh --choose-python` only finds (or installs) the Python and prints its path.
set -uo pipefail
root=${AUTOGRADER_ROOT:-/autograder}

say() { printf 'setup.sh: %s\n' "$*" >&2; }

# The course secret (or seed) is root's alone, whatever mode the unzip gave it (run_autograder checks again).
for kept in "$root/source/@SECRET_FILE@" "$root/source/@SEED_FILE@"; do
  if [ -e "$kept" ] && [ "${1:-}" != --choose-python ]; then
    if ! { chown 0:0 "$kept" && chmod 600 "$kept"; }; then say "could not make $kept root's alone"; exit 1; fi
  fi
done

# A Python 3.11+ that can make a virtual environment (Debian ships venv and ensurepip apart).
usable() {
  "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

on_path() {
  local name path
  for name in python3 python3.13 python3.12 python3.11; do
    path=$(command -v "$name") || continue
    if usable "$path"; then echo "$path"; return 0; fi
  done
  return 1
}

from_apt() {
  command -v apt-get >/dev/null || return 1
  say "no Python 3.11+ with venv on PATH: trying the distribution's python3.12, then python3.11"
  apt-get update >&2 || say "apt-get update failed; trying what apt already knows"
  local version path
  for version in 3.12 3.11; do
    if ! apt-cache show "python$version" >/dev/null 2>&1 || ! apt-cache show "python$version-venv" >/dev/null 2>&1; then
      continue
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "python$version" "python$version-venv" >&2 || continue
    path=$(command -v "python$version") && usable "$path" && { echo "$path"; return 0; }
  done
  return 1
}

get_uv() {
  local uv tool
  if uv=$(command -v uv); then echo "$uv"; return 0; fi
  # pip with whatever Python there is (--target: allowed even where the system Python is "externally managed")
  for tool in python3 pip3 pip; do
    command -v "$tool" >/dev/null || continue
    if [ "$tool" = python3 ]; then set -- "$tool" -m pip; else set -- "$tool"; fi
    "$@" install --quiet --target "$root/uv" uv >&2 && [ -x "$root/uv/bin/uv" ] && { echo "$root/uv/bin/uv"; return 0; }
  done
  # Astral's standalone installer
  if command -v curl >/dev/null; then set -- curl -LsSf; elif command -v wget >/dev/null; then set -- wget -qO-;
  else return 1; fi
  "$@" https://astral.sh/uv/install.sh | UV_INSTALL_DIR="$root/uv/bin" UV_NO_MODIFY_PATH=1 sh >&2 &&
    [ -x "$root/uv/bin/uv" ] && { echo "$root/uv/bin/uv"; return 0; }
  return 1
}

from_uv() {
  local uv path
  say "no Python 3.11+ from apt either: trying a Python managed by uv"
  uv=$(get_uv) || { say "could not install uv (no uv, pip failed, no curl or wget, or the download failed)"; return 1; }
  UV_PYTHON_INSTALL_DIR="$root/python" "$uv" python install 3.11 >&2 || return 1
  path=$(UV_PYTHON_INSTALL_DIR="$root/python" UV_PYTHON_PREFERENCE=only-managed "$uv" python find 3.11) || return 1
  usable "$path" && { echo "$path"; return 0; }
  return 1
}

python=$(on_path || from_apt || from_uv) || {
  say "found no Python 3.11 or newer that can make a virtual environment:"
  say "  on PATH: python3, python3.13, python3.12, python3.11 are missing, older than 3.11, or lack venv/ensurepip;"
  say "  apt: not there, or it has no python3.12/python3.11 with its -venv package;"
  say "  uv: could not be installed, or could not install Python 3.11."
  say "Choose a newer base image for the autograder on Gradescope (Ubuntu 22.04 or newer has python3.11 in apt)."
  exit 1
}
if [ "${1:-}" = --choose-python ]; then echo "$python"; exit 0; fi
say "using $python"
set -e
"$python" -m venv "$root/venv"
"$root/venv/bin/pip" install --index-url @CPU_INDEX@ "@TORCH@" "@TORCHVISION@"
# The kit and the rest of its dependencies; naming the pins again keeps pip from swapping torch for another build.
"$root/venv/bin/pip" install -e "$root/source" "@TORCH@" "@TORCHVISION@"
