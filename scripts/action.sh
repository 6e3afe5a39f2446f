#!/usr/bin/env bash
# The GitHub Action's step: install the tool and refresh the model data as the radar's step
# does (scripts/action-setup.sh), then lint in ONE run that writes the annotations (stdout), the
# job summary ($GITHUB_STEP_SUMMARY) and SARIF; the step's outputs (findings, errors, warnings,
# fixable, sarif-file) are counted from that SARIF, and only when this run wrote it.
set -euo pipefail
source "$GITHUB_ACTION_PATH/scripts/action-setup.sh"  # install, refresh: sets bin, exe
# `args` may span lines and quote paths: split it as a shell would (shlex), without running it
split="$(mktemp)"
trap 'rm -f -- "$split"' EXIT
if ! "$bin/python$exe" - "${INPUT_ARGS:-.}" > "$split" <<'EOF'; then
import re, shlex, sys
try:
    text = re.sub(r"\\\r?\n", "", sys.argv[1])  # a backslash line continuation, as a shell reads it
    sys.stdout.write("".join(a + "\0" for a in shlex.split(text)))
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
# in a pull request, judge only what it changes (the rest is counted): its base commit must be here
base="${INPUT_DIFF_BASE:-auto}"
if [[ "$base" == "auto" ]]; then
  base=""
  if [[ "${GITHUB_EVENT_NAME:-}" == pull_request* && -f "${GITHUB_EVENT_PATH:-}" ]]; then
    base="$("$bin/python$exe" -c 'import json, sys
event = json.load(open(sys.argv[1], encoding="utf-8"))
print(((event.get("pull_request") or {}).get("base") or {}).get("sha") or "")' "$GITHUB_EVENT_PATH")"
    if [[ -n "$base" && ! "$base" =~ ^([0-9a-f]{40}|[0-9a-f]{64})$ ]]; then
      # the event is input: a "sha" such as --upload-pack=... would be an option to git fetch
      echo "::notice title=claude-model-lint::the pull request's base is not a commit id; judging every file"
      base=""
    fi
    if [[ -n "$base" ]] && ! git cat-file -e "$base^{commit}" 2>/dev/null; then
      git fetch --quiet --no-tags --depth=100 origin "$base" 2>/dev/null \
        || echo "::notice title=claude-model-lint::could not fetch the pull request's base $base; check out with fetch-depth: 0"
    fi
  fi
fi
gate=()
[[ -n "$base" && "$base" != "false" ]] && gate=(--diff-base "$base")
sarif="${INPUT_SARIF_FILE:-}"
if [[ "$sarif" == *$'\n'* || "$sarif" == *$'\r'* ]]; then
  # $GITHUB_OUTPUT is one name=value a line: a newline would forge outputs such as errors=0
  echo "::error title=claude-model-lint::the sarif-file input holds a line break; give one path"
  exit 2
fi
[[ -n "$sarif" ]] || sarif="${RUNNER_TEMP:-/tmp}/claude-model-lint.sarif"
mkdir -p -- "$(dirname -- "$sarif")"
# the outputs come only from a SARIF file this run wrote: a committed or earlier one left at
# that path (the tool stopped with exit 2 before writing) would report its stale counts
stamp() {
  "$bin/python$exe" -c 'import os, sys
try:
    s = os.stat(sys.argv[1])
    print(s.st_ino, s.st_ctime_ns, s.st_mtime_ns, s.st_size)
except OSError:
    print("absent")' "$1"
}
before="$(stamp "$sarif")"
status=0
summary=()  # with --output-format github the tool writes $GITHUB_STEP_SUMMARY unasked
if [[ "${INPUT_JOB_SUMMARY:-true}" == "false" ]]; then
  summary=(env GITHUB_STEP_SUMMARY=)
elif [[ -n "${refresh_failed:-}" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  echo "> **Note:** the model data could not be refreshed (see the log); judged by the data the tool ships." >> "$GITHUB_STEP_SUMMARY"
fi
${summary[@]+"${summary[@]}"} "$bin/claude-model-lint$exe" --no-cache --as-of "${INPUT_AS_OF:-today}" --fail-on "${INPUT_FAIL_ON:-warning}" \
  --output-format github --sarif-file "$sarif" ${gate[@]+"${gate[@]}"} "${args[@]}" || status=$?
if [[ -s "$sarif" && "$(stamp "$sarif")" == "$before" ]]; then
  echo "::warning title=claude-model-lint::this run wrote no SARIF (exit $status): no outputs from the file already at $sarif"
elif [[ -n "${GITHUB_OUTPUT:-}" && -s "$sarif" ]]; then
  "$bin/python$exe" - "$sarif" >> "$GITHUB_OUTPUT" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]["results"]
levels = [r["level"] for r in results]
print(f"findings={len(results)}")
print(f"errors={levels.count('error')}")
print(f"warnings={levels.count('warning')}")
safe = [r for r in results if any(f["properties"]["safety"] == "safe" for f in r.get("fixes", []))]
print(f"fixable={len(safe)}")  # what --fix would rewrite: unsafe fixes are not counted
print(f"sarif-file={sys.argv[1]}")
EOF
fi
exit "$status"
