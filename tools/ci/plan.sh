#!/usr/bin/env bash
# Plan stacks and keep each plan for review and apply:
#   tools/ci/plan.sh <plan dir> <stack>...
#   tools/ci/plan.sh <plan dir>              the stacks of $STACKS_JSON (a JSON list, as the deploy workflow passes them)
# For each stack (cdktf.out/stacks/<stack>, or $CDKTF_OUT): terraform init and plan, then
#   <plan dir>/<stack>/tfplan        the saved plan (the deploy workflow's apply job checks it against its own)
#   <plan dir>/<stack>/result.json   {stack, outcome: planned|failed, changed, changes: [{address, actions}], digest}
# and a table of adds, changes and destroys (with the synth diff's danger for the stack, from $DIFF_REPORT) in
# the job summary. Read-only when the workflow sets them (pull requests, drift, the deploy's plan jobs):
#   PLAN_ROLE_NAME   the provider assumes this role (TF_VAR_aws_role_name) instead of the Terraform role
#   PLAN_STATE_ROLE  the backend reads the state through this role; it cannot lock, so the plan runs -lock=false
# Exit 0 when every stack planned (with or without changes), 1 when any init or plan failed (its result says
# failed; the other stacks are still planned).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "$#" -lt 1 ]; then echo "usage: tools/ci/plan.sh <plan dir> <stack>..." >&2; exit 64; fi
plans=$(realpath -m "$1")
shift
if [ "$#" -eq 0 ] && [ -n "${STACKS_JSON:-}" ]; then mapfile -t stacks < <(jq -r '.[]' <<< "$STACKS_JSON"); set -- "${stacks[@]}"; fi
outdir=$(realpath -m "${CDKTF_OUT:-cdktf.out}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

summary "| Stack | Plan | Add | Change | Destroy |" "| --- | --- | ---: | ---: | ---: |"
failed=0
danger_lines=()
for stack in "$@"; do
  out="$plans/$stack"
  mkdir -p "$out"
  if ! [ -f "$outdir/stacks/$stack/cdk.tf.json" ]; then
    error "$stack: $outdir/stacks/$stack/cdk.tf.json does not exist: is $stack a stack of this synth?"
    jq -n --arg stack "$stack" '{stack: $stack, outcome: "failed", reason: "not synthesized"}' > "$out/result.json"
    summary "| $stack | ❌ not synthesized | | | |"
    failed=1
    continue
  fi
  init=(-input=false)
  lock=(-lock-timeout=10m)
  if [ -n "${PLAN_STATE_ROLE:-}" ]; then
    jq -n --arg arn "$PLAN_STATE_ROLE" --arg session "plan-$stack" \
      '{assume_role: {role_arn: $arn, session_name: $session}}' > "$work/$stack.tfbackend.json"
    init+=(-backend-config="$work/$stack.tfbackend.json")
    lock=(-lock=false)
  fi
  set +e
  (
    cd "$outdir/stacks/$stack"
    if [ -n "${PLAN_ROLE_NAME:-}" ]; then export TF_VAR_aws_role_name="$PLAN_ROLE_NAME"; fi
    terraform init "${init[@]}" >&2 || exit 1
    terraform plan -input=false "${lock[@]}" -detailed-exitcode -out="$out/tfplan" >&2
  )
  code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
    error "$stack: terraform init or plan failed (exit $code); its log is above"
    jq -n --arg stack "$stack" --argjson code "$code" '{stack: $stack, outcome: "failed", reason: "terraform init or plan exited \($code)"}' > "$out/result.json"
    summary "| $stack | ❌ failed | | | |"
    failed=1
    continue
  fi
  (cd "$outdir/stacks/$stack" && terraform show -json "$out/tfplan") > "$work/$stack.plan.json"
  changes=$(plan_changes < "$work/$stack.plan.json")
  digest=$(plan_digest < "$work/$stack.plan.json")
  jq -n --arg stack "$stack" --argjson changes "$changes" --arg digest "$digest" --argjson changed "$([ "$code" -eq 2 ] && echo true || echo false)" \
    '{stack: $stack, outcome: "planned", changed: $changed, changes: $changes, digest: $digest}' > "$out/result.json"
  summary "$(jq -r '"| \(.stack) | \(if .changed then "📝 changes" else "✅ no changes" end) | \([.changes[] | select(.actions | index("create"))] | length) | \([.changes[] | select(.actions | index("update"))] | length) | \([.changes[] | select(.actions | index("delete"))] | length) |"' "$out/result.json")"
  if [ -n "${DIFF_REPORT:-}" ] && [ -f "$DIFF_REPORT" ]; then
    mapfile -t found < <(jq -r --arg stack "$stack" '.danger[] | select(.stack == $stack) | "- 🛑 **\(.stack)** \(.category): \(.message)"' "$DIFF_REPORT")
    danger_lines+=("${found[@]}")
  fi
done
if [ "${#danger_lines[@]}" -gt 0 ]; then summary "" "**Synth diff: needs a second look**" "" "${danger_lines[@]}"; fi
# for the workflow: whether any stack's plan changes something (nothing to apply otherwise)
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  changed=false
  for stack in "$@"; do
    if [ -f "$plans/$stack/result.json" ] && jq -e '.changed == true' "$plans/$stack/result.json" > /dev/null; then changed=true; fi
  done
  echo "changed=$changed" >> "$GITHUB_OUTPUT"
fi
exit "$failed"
