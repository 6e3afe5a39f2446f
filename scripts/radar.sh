#!/usr/bin/env bash
# The GitHub Action's radar step (mode: radar): install the tool as the check step does, refresh
# the model data, then run claude-model-lint-radar on the workflow's checkout. The token reaches
# the radar as RADAR_TOKEN only; the radar keeps it out of the verify command's environment.
set -euo pipefail
venv="${RUNNER_TEMP:-/tmp}/claude-model-lint-venv"
if [[ "${RUNNER_OS:-}" == "Windows" ]]; then
  bin="$venv/Scripts" exe=".exe" python=python  # a Windows venv has no bin/, and no python3
else
  bin="$venv/bin" exe="" python=python3
fi
if [[ ! -x "$bin/claude-model-lint-radar$exe" ]]; then
  "$python" -m venv "$venv"
  "$bin/python$exe" -m pip install --quiet \
    --constraint "$GITHUB_ACTION_PATH/scripts/action-constraints.txt" "$GITHUB_ACTION_PATH"
fi
if [[ "${INPUT_REFRESH_DATA:-true}" == "true" ]]; then
  url=()
  [[ -n "${INPUT_REGISTRY_URL:-}" ]] && url=(--url "$INPUT_REGISTRY_URL")
  if ! "$bin/claude-model-lint-registry$exe" update ${url[@]+"${url[@]}"} --timeout 15; then
    echo "::warning title=claude-model-lint::could not refresh the model data (see the log); using the data the tool ships"
  fi
fi
verify=()
[[ -n "${INPUT_VERIFY:-}" ]] && verify=(--verify "$INPUT_VERIFY")
exec "$bin/claude-model-lint-radar$exe" --repo-dir . --token-env RADAR_TOKEN \
  --as-of "${INPUT_LOOK_AHEAD:-+60d}" --group "${INPUT_GROUP:-model}" \
  --max-new "${INPUT_MAX_PULL_REQUESTS:-5}" ${verify[@]+"${verify[@]}"}
