#!/usr/bin/env bash
# Issue 35's whole table in one run: ten real repositories (ours cold against ruff E9, rg and
# semgrep; warm against cold; peak memory of every command), the pre-commit shape, the cost per
# id on real dense files, and the language server. About 15 minutes on 2 busy cores.
# Usage: bash bench/peers.sh REPOS_DIR [LABEL]
#   REPOS_DIR holds clones (at any commit; read only) named as below; a missing one is skipped.
#   Peers come from PATH (rg, ruff, semgrep); REPEAT (5) rounds per repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$here/../.venv/bin/python"
repos="$(cd "${1:?usage: bash bench/peers.sh REPOS_DIR [LABEL]}" && pwd)"
label="${2:-$(git -C "$here" rev-parse --short HEAD)}"
repeat="${REPEAT:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
names=(anthropic-cookbook anthropic-sdk-python aider pydantic-ai langchain-aws llm-anthropic
       tokencost claude-quickstarts instructor llm-claude-3)

echo "# Issue 35's speed table: $label"
echo
echo "- started $(date -u '+%F %T') UTC; $(nproc) cores; load $(uptime | sed "s/.*load average: //")"
echo "- claude-model-lint $(git -C "$here" describe --always --dirty) ($("$python" -c 'import sys; print(sys.version.split()[0])'));" \
  "$(rg --version | head -1); $(ruff --version); semgrep $(semgrep --version 2>/dev/null || echo absent)"
echo "- $repeat rounds, each command once per round in turn, after a warm-up round; medians." \
  "semgrep: one round, killed at 60 s. Ratios are ours / peer (warm: warm / cold)."
echo
echo "## Real repositories"
for name in "${names[@]}"; do
  dir="$repos/$name"
  if [ ! -d "$dir" ]; then echo; echo "$name: not in $repos, skipped"; continue; fi
  "$python" "$here/run.py" --label "$name @ $(git -C "$dir" rev-parse --short HEAD)" --with-warm \
    --repeat "$repeat" --record "$work/record.jsonl" "$dir"
done
[ -s "$work/record.jsonl" ] && "$python" "$here/peers_table.py" "$work/record.jsonl"

echo
echo "## Hook: the pre-commit shape (10 small files named)"
mkdir "$work/precommit" && for i in $(seq 1 10); do printf 'x = %d\n' "$i" > "$work/precommit/f$i.py"; done
"$python" "$here/run.py" --label "pre-commit shape: 10 small files" --startup --repeat 21 "$work/precommit"
echo
echo "Its floor, layer by layer (CPU time):"
"$python" "$here/startup_floor.py" --repeat 9

echo
echo "## Per id: synthetic shapes and real dense files (CPU, best of 5)"
real=()
add() {  # LABEL PATH...: a row of real files, if they are there
  local row="$1"; shift
  local found=()
  for path in "$@"; do for match in $path; do [ -e "$match" ] && found+=("$match"); done; done
  if [ ${#found[@]} -gt 0 ]; then real+=(--real "$row=$(IFS=,; echo "${found[*]}")"); fi
}
add "Python: pydantic-ai tests/models/test_anthropic.py" "$repos/pydantic-ai/tests/models/test_anthropic.py"
add "Python: pydantic-ai tests/models/test_bedrock.py" "$repos/pydantic-ai/tests/models/test_bedrock.py"
add "Python: langchain-aws test_bedrock_converse.py" "$repos/langchain-aws/libs/aws/tests/unit_tests/chat_models/test_bedrock_converse.py"
add "Python: anthropic-sdk-python tests/test_middleware.py" "$repos/anthropic-sdk-python/tests/test_middleware.py"
add "Python: llm-anthropic llm_anthropic.py" "$repos/llm-anthropic/llm_anthropic.py"
add "YAML: pydantic-ai cassettes of test_anthropic (84)" "$repos/pydantic-ai/tests/models/cassettes/test_anthropic/*.yaml"
add "YAML: pydantic-ai's biggest cassette with ids (2.2 MB, 2 ids)" "$repos/pydantic-ai/tests/models/cassettes/test_multimodal_tool_returns/test_multimodal_tool_return_matrix?direct-url-video-bedrock_claude?.yaml"
add "YAML: aider model-settings.yml" "$repos/aider/aider/resources/model-settings.yml"
add "JSON: cookbook retrieval_results.json" "$repos/anthropic-cookbook/skills/retrieval_augmented_generation/data/retrieval_results.json"
add "JSON: tokencost model_prices.json" "$repos/tokencost/tokencost/model_prices.json"
add "Markdown: aider tests/fixtures/chat-history.md" "$repos/aider/tests/fixtures/chat-history.md"
add "notebook: cookbook retrieval guide.ipynb" "$repos/anthropic-cookbook/skills/retrieval_augmented_generation/guide.ipynb"
"$python" "$here/per_id.py" --files 30 --megabytes 3 --repeat 5 "${real[@]}"

echo
echo "## Editor: the language server, a 3,000-line module holding 100 ids"
"$python" "$here/lsp.py" --lines 3000 --ids 100 --repeat 20

echo
echo "- ended $(date -u '+%F %T') UTC; load $(uptime | sed "s/.*load average: //")"
