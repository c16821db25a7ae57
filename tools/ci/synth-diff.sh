#!/usr/bin/env bash
# The synth diff of the synthesized output against a base commit, into synth-diff/ (the workflows upload it):
#   synth-diff/synth-diff.md    for the pull-request comment
#   synth-diff/synth-diff.json  which stacks changed, and the danger (tools/diff/danger.ts)
#   synth-diff/exit-code        what `npm run diff` exited with (0, 3 = danger, anything else = the diff failed)
# Danger is not this step's failure: plan-review decides on it. A diff that fails (the base no longer
# synthesizes, or there is no base: a new branch) must not block the fix either: then only exit-code exists,
# every stack is planned, and plan-review asks for a confirmation.
#   tools/ci/synth-diff.sh <base sha>      (after `npm run synth`, from the repository root)
set -uo pipefail
if [ "$#" -ne 1 ]; then echo "usage: tools/ci/synth-diff.sh <base sha>" >&2; exit 64; fi
mkdir -p synth-diff
npm run --silent diff -- --base "$1" --head-out "${CDKTF_OUT:-cdktf.out}" --markdown synth-diff/synth-diff.md --json synth-diff/synth-diff.json
code=$?
echo "$code" > synth-diff/exit-code
case "$code" in
  0 | 3) exit 0 ;;
  *)
    rm -f synth-diff/synth-diff.md synth-diff/synth-diff.json
    echo "::warning::the synth diff failed (exit $code): every stack is planned, and plan-review asks for a confirmation"
    exit 0
    ;;
esac
