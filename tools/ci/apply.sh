#!/usr/bin/env bash
# Apply the reviewed plans, in order, never anything else:
#   tools/ci/apply.sh <plan dir> <stack>...
#   tools/ci/apply.sh <plan dir>             the stacks of $STACKS_JSON (a JSON list, as the deploy workflow passes them)
# <plan dir>/<stack>/tfplan is the plan the plan job saved (and the reviewer saw in its summary). That job
# planned with read-only credentials, and a saved plan carries its backend settings and variables, so it cannot
# be applied with the write credentials as it is. This job therefore plans again with the write credentials,
# compares the two plans (tools/ci/lib.sh plan_digest: every address, action and planned value) and applies its
# own plan only when both are the same. When they differ, the state or the code moved since the review: nothing
# is applied, and the job fails asking for a new plan (exit 3). Terraform itself refuses a saved plan whose
# state moved between this job's plan and apply (also exit 3).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STALE=3

if [ "$#" -lt 1 ]; then echo "usage: tools/ci/apply.sh <plan dir> <stack>..." >&2; exit 64; fi
plans=$(realpath -m "$1")
shift
if [ "$#" -eq 0 ] && [ -n "${STACKS_JSON:-}" ]; then mapfile -t stacks < <(jq -r '.[]' <<< "$STACKS_JSON"); set -- "${stacks[@]}"; fi
outdir=$(realpath -m "${CDKTF_OUT:-cdktf.out}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stale() {
  error "$1: the reviewed plan is stale ($2). Nothing was applied to $1. Re-run this workflow to plan again, and review the new plan before approving."
  summary "| $1 | ⛔ stale: $2 |"
  exit "$STALE"
}

summary "| Stack | Apply |" "| --- | --- |"
for stack in "$@"; do
  reviewed="$plans/$stack/tfplan"
  if ! [ -f "$reviewed" ]; then
    error "$stack: no reviewed plan at $reviewed: the plan job did not plan $stack"
    exit 1
  fi
  cd "$outdir/stacks/$stack"
  terraform init -input=false >&2
  reviewed_digest=$(terraform show -json "$reviewed" | plan_digest)
  terraform plan -input=false -lock-timeout=10m -out="$work/$stack.tfplan" >&2
  current_digest=$(terraform show -json "$work/$stack.tfplan" | plan_digest)
  if [ "$reviewed_digest" != "$current_digest" ]; then
    echo "reviewed:" >&2
    terraform show -json "$reviewed" | plan_changes >&2
    echo "now:" >&2
    terraform show -json "$work/$stack.tfplan" | plan_changes >&2
    stale "$stack" "the plan now differs from the reviewed one"
  fi
  set +e
  terraform apply -input=false -lock-timeout=10m "$work/$stack.tfplan" 2> "$work/$stack.apply.err" >&2
  code=$?
  set -e
  cat "$work/$stack.apply.err" >&2
  if [ "$code" -ne 0 ]; then
    if grep -qi 'saved plan is stale' "$work/$stack.apply.err"; then stale "$stack" "the state changed while applying"; fi
    error "$stack: terraform apply failed (exit $code); its log is above"
    summary "| $stack | ❌ failed |"
    exit "$code"
  fi
  summary "| $stack | ✅ applied the reviewed plan (${current_digest:0:12}) |"
  cd - > /dev/null
done
