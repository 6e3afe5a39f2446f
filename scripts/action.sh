#!/usr/bin/env bash
# The GitHub Action's step: install the tool from the action's own checkout (once per job), then
# annotate the findings; the job summary goes to $GITHUB_STEP_SUMMARY, SARIF to INPUT_SARIF_FILE.
set -euo pipefail
venv="${RUNNER_TEMP:-/tmp}/claude-model-lint-venv"
if [[ ! -x "$venv/bin/claude-model-lint" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet "$GITHUB_ACTION_PATH"
fi
if [[ "${INPUT_REFRESH_DATA:-true}" == "true" ]]; then
  # the model data changes between releases of the tool: read the page first, as of today
  url=()
  [[ -n "${INPUT_REGISTRY_URL:-}" ]] && url=(--url "$INPUT_REGISTRY_URL")
  if ! "$venv/bin/claude-model-lint-registry" update ${url[@]+"${url[@]}"} --timeout 15; then
    echo "::warning title=claude-model-lint::could not refresh the model data (see the log); using the data the tool ships"
  fi
fi
read -r -a args <<< "${INPUT_ARGS:-.}"
common=(--no-cache --as-of "${INPUT_AS_OF:-today}" --fail-on "${INPUT_FAIL_ON:-warning}")
status=0
"$venv/bin/claude-model-lint" "${common[@]}" --format github "${args[@]}" || status=$?
if [[ -n "${INPUT_SARIF_FILE:-}" ]]; then
  GITHUB_STEP_SUMMARY='' "$venv/bin/claude-model-lint" "${common[@]}" --format sarif \
    --output-file "$INPUT_SARIF_FILE" --exit-zero "${args[@]}" || status=$((status > 1 ? status : 2))
fi
exit "$status"
