#!/usr/bin/env bash
# Every row of the speed issue's target table, in one run (figures go in the issue note).
# Usage: bash bench/all.sh REPOS_DIR   (holding anthropic-cookbook, anthropic-sdk-python, aider, sympy,
# and for the shapes of other repositories: pydantic-ai (YAML cassettes), langchain-aws (tests))
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$here/../.venv/bin/python"
repos="${1:?usage: bash bench/all.sh REPOS_DIR}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python" "$here/synth.py" "$work/synth5k" --files 5000 --megabytes 75 --id-every 50 --seed 1
"$python" "$here/synth.py" "$work/synth20k" --files 20000 --megabytes 100 --id-every 50 --seed 2
"$python" "$here/synth.py" "$work/recordings" --files 400 --megabytes 60 --shape recordings --seed 3
"$python" "$here/synth.py" "$work/pytests" --files 100 --megabytes 4 --shape python-tests --seed 4
"$python" "$here/synth.py" "$work/notebooks" --files 300 --megabytes 30 --shape notebooks --seed 5
mkdir "$work/precommit" && for i in $(seq 1 10); do printf 'x = %d\n' "$i" > "$work/precommit/f$i.py"; done
four=("$repos/anthropic-cookbook" "$repos/anthropic-sdk-python" "$repos/aider" "$repos/sympy")
"$python" "$here/run.py" --label "four real repositories, cold" --repeat 9 "${four[@]}"
"$python" "$here/run.py" --label "four real repositories, warm cache" --warm --repeat 9 "${four[@]}"
"$python" "$here/run.py" --label "sympy alone" --repeat 9 "$repos/sympy"
"$python" "$here/run.py" --label "synthetic 5,000 files" --repeat 9 "$work/synth5k"
cp -r "$work/synth5k" "$work/synth5k-git"
git -C "$work/synth5k-git" init -q && git -C "$work/synth5k-git" add -A
"$python" "$here/run.py" --label "synthetic 5,000 files, a git work tree" --repeat 9 "$work/synth5k-git"
if [ -d "$repos/pydantic-ai" ] && [ -d "$repos/langchain-aws" ]; then
  "$python" "$here/run.py" --label "pydantic-ai + langchain-aws (cassettes, test modules), cold" --repeat 9 "$repos/pydantic-ai" "$repos/langchain-aws"
fi
"$python" "$here/run.py" --label "synthetic YAML recordings, 400 files" --repeat 9 "$work/recordings"
"$python" "$here/run.py" --label "synthetic Python test modules, 100 files" --repeat 9 "$work/pytests"
"$python" "$here/run.py" --label "synthetic notebooks, 300 files" --repeat 9 "$work/notebooks"
"$python" "$here/per_id.py"
"$python" "$here/run.py" --label "pre-commit shape: 10 small files" --startup --repeat 21 "$work/precommit"
"$python" "$here/run.py" --label "synthetic 20,000 files, --jobs 2" --jobs 2 --against-jobs 1 --repeat 5 "$work/synth20k"
