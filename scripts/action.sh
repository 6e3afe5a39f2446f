#!/usr/bin/env bash
# The GitHub Action's step: install the tool from the action's own checkout (once per job, its
# dependencies pinned by scripts/action-constraints.txt), then lint in ONE run that writes the
# annotations (stdout), the job summary ($GITHUB_STEP_SUMMARY) and SARIF; the step's outputs
# (findings, errors, warnings, fixable, sarif-file) are counted from that SARIF.
set -euo pipefail
venv="${RUNNER_TEMP:-/tmp}/claude-model-lint-venv"
if [[ "${RUNNER_OS:-}" == "Windows" ]]; then
  bin="$venv/Scripts" exe=".exe" python=python  # a Windows venv has no bin/, and no python3
else
  bin="$venv/bin" exe="" python=python3
fi
if [[ ! -x "$bin/claude-model-lint$exe" ]]; then
  "$python" -m venv "$venv"
  "$bin/python$exe" -m pip install --quiet \
    --constraint "$GITHUB_ACTION_PATH/scripts/action-constraints.txt" "$GITHUB_ACTION_PATH"
fi
if [[ "${INPUT_REFRESH_DATA:-true}" == "true" ]]; then
  # the model data changes between releases of the tool: read Anthropic's page and Python SDK
  # first (one 15 s budget for both); an older source than the data the tool ships is refused
  url=()
  [[ -n "${INPUT_REGISTRY_URL:-}" ]] && url=(--url "$INPUT_REGISTRY_URL")
  if ! "$bin/claude-model-lint-registry$exe" update ${url[@]+"${url[@]}"} --timeout 15; then
    echo "::notice title=claude-model-lint::could not refresh the model data (see the log); using the data it has"
  fi
fi
# `args` may span lines and quote paths: split it as a shell would (shlex), without running it
split="$(mktemp)"
trap 'rm -f -- "$split"' EXIT
if ! "$bin/python$exe" - "${INPUT_ARGS:-.}" > "$split" <<'EOF'; then
import shlex, sys
try:
    sys.stdout.write("".join(a + "\0" for a in shlex.split(sys.argv[1])))
except ValueError as exc:
    sys.exit(f"claude-model-lint: the args input: {exc}")
EOF
  echo "::error title=claude-model-lint::the args input cannot be split as a shell would (see the log)"
  exit 2
fi
args=()
while IFS= read -r -d '' arg; do
  args+=("$arg")
done < "$split"
[[ ${#args[@]} -gt 0 ]] || args=(.)
sarif="${INPUT_SARIF_FILE:-}"
[[ -n "$sarif" ]] || sarif="${RUNNER_TEMP:-/tmp}/claude-model-lint.sarif"
mkdir -p -- "$(dirname -- "$sarif")"
status=0
"$bin/claude-model-lint$exe" --no-cache --as-of "${INPUT_AS_OF:-today}" --fail-on "${INPUT_FAIL_ON:-warning}" \
  --output-format github --sarif-file "$sarif" "${args[@]}" || status=$?
if [[ -n "${GITHUB_OUTPUT:-}" && -s "$sarif" ]]; then
  "$bin/python$exe" - "$sarif" >> "$GITHUB_OUTPUT" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]["results"]
levels = [r["level"] for r in results]
print(f"findings={len(results)}")
print(f"errors={levels.count('error')}")
print(f"warnings={levels.count('warning')}")
print(f"fixable={sum(1 for r in results if r.get('fixes'))}")
print(f"sarif-file={sys.argv[1]}")
EOF
fi
exit "$status"
