# Shared by the plan and apply scripts (sourced, not run). Needs terraform and jq on PATH.

# Terraform never calls home from CI, and never asks a question.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# The resource changes of a `terraform show -json` plan (stdin): what a plan would do, without no-ops and reads.
CHANGES_FILTER='[.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])]'

# Address and actions of each change: what the review shows (no attribute value leaves the runner).
plan_changes() { jq -c "$CHANGES_FILTER | map({address, actions: .change.actions})"; }

# A digest of everything the plan would change (addresses, actions, planned values): two plans with the same
# digest do the same thing. Sorted keys, so the digest does not depend on Terraform's key order.
plan_digest() { jq -S -c "$CHANGES_FILTER | map({address, actions: .change.actions, after: .change.after, after_unknown: .change.after_unknown})" | sha256sum | cut -d' ' -f1; }

# Markdown to the job summary when there is one (GitHub Actions), else to stderr.
summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then printf '%s\n' "$@" >> "$GITHUB_STEP_SUMMARY"; else printf '%s\n' "$@" >&2; fi
}

# A GitHub Actions error annotation (plain text elsewhere).
error() { echo "::error::$*" >&2; }
