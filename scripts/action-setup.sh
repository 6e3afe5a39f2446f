# Sourced by both of the Action's steps (scripts/action.sh, scripts/radar.sh): install the tool
# from the action's own checkout (once per job, its dependencies pinned by
# scripts/action-constraints.txt), then refresh the model data unless refresh-data is false.
# Sets: bin, exe, python; refresh_failed=1 when the refresh failed (never a failure: issue 29).
venv="${RUNNER_TEMP:-/tmp}/claude-model-lint-venv"
if [[ "${RUNNER_OS:-}" == "Windows" ]]; then
  bin="$venv/Scripts" exe=".exe" python=python  # a Windows venv has no bin/, and no python3
else
  bin="$venv/bin" exe="" python=python3
fi
if [[ ! -x "$bin/claude-model-lint-registry$exe" ]]; then  # one install brings every command
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
    refresh_failed=1
  fi
fi
