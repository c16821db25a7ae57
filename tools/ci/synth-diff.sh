#!/usr/bin/env bash
# The pull request's synth diff against its base: synth-diff.md (for the comment) and synth-diff.json (which
# stacks changed, and the danger; tools/diff/danger.ts). Danger is not this step's failure: the plan-review
# check decides on it. A diff that fails (the base no longer synthesizes) must not block the fix either: then
# neither file exists, every stack is planned and plan-review asks for a confirmation.
#   tools/ci/synth-diff.sh <base sha>      (after `npm run synth`, from the repository root)
set -uo pipefail
if [ "$#" -ne 1 ]; then echo "usage: tools/ci/synth-diff.sh <base sha>" >&2; exit 64; fi
npm run --silent diff -- --base "$1" --head-out "${CDKTF_OUT:-cdktf.out}" --markdown synth-diff.md --json synth-diff.json
code=$?
case "$code" in
  0 | 3) exit 0 ;;
  *)
    rm -f synth-diff.md synth-diff.json
    echo "::warning::the synth diff failed (exit $code): every stack is planned, and plan-review asks for a confirmation"
    exit 0
    ;;
esac
