#!/usr/bin/env bash
# The GitHub Action's radar step (mode: radar): install the tool and refresh the model data as
# the check step does (scripts/action-setup.sh), then run claude-model-lint-radar on the
# workflow's checkout. The token reaches the radar as RADAR_TOKEN only; the radar keeps it out of
# the verify command's environment.
set -euo pipefail
source "$GITHUB_ACTION_PATH/scripts/action-setup.sh"  # install, refresh: sets bin, exe
verify=()
[[ -n "${INPUT_VERIFY:-}" ]] && verify=(--verify "$INPUT_VERIFY")
exec "$bin/claude-model-lint-radar$exe" --repo-dir . --token-env RADAR_TOKEN \
  --as-of "${INPUT_LOOK_AHEAD:-+60d}" --group "${INPUT_GROUP:-model}" \
  --max-new "${INPUT_MAX_PULL_REQUESTS:-5}" ${verify[@]+"${verify[@]}"}
