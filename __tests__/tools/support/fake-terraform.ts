import * as fs from 'fs';
import * as path from 'path';

/**
 * A fake `terraform` for the workflow scripts (tools/ci/*.sh), put first on PATH. It records every call
 * (working directory, arguments, TF_VAR_aws_role_name) in `log`, and plays a stack's plan from
 * `<plans>/<stack>.json` (a `terraform show -json` document; the stack is the working directory's name):
 * - `init -backend-config=F` keeps a copy of F as `<plans>/<stack>.backend.json`.
 * - `plan -out=F` copies it to F (the "plan file") and exits 2 under -detailed-exitcode when it changes
 *   anything; `<plans>/<stack>.fail` makes plan print an error and exit 1.
 * - `show -json F` prints F.
 * - `apply F` records and exits 0.
 * Change `<plans>/<stack>.json` between two calls to make the world move (a stale plan).
 */
export interface FakeTerraform {
  /** Directory to put first on PATH. */
  readonly bin: string;
  /** Where each stack's plan is read from. */
  readonly plans: string;
  /** Set the plan `stack` produces from now on. */
  plan(stack: string, changes: readonly { address: string; actions: string[]; after?: unknown }[]): void;
  /** Make the plan of `stack` fail. */
  fail(stack: string): void;
  /** Every call so far: [stack (working directory name), arguments, TF_VAR_aws_role_name]. */
  calls(): { stack: string; args: string[]; roleVar: string }[];
  /** The environment to run a script with. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
}

const SCRIPT = `#!/usr/bin/env bash
set -u
stack=$(basename "$PWD")
printf '%s\\t%s\\t%s\\n' "$stack" "$(printf '%s\\x1f' "$@")" "\${TF_VAR_aws_role_name:-}" >> "$FAKE_TF_LOG"
case "$1" in
  init)
    for a in "$@"; do case "$a" in -backend-config=*) cp "\${a#-backend-config=}" "$FAKE_TF_PLANS/$stack.backend.json" ;; esac; done
    exit 0 ;;
  plan)
    if [ -f "$FAKE_TF_PLANS/$stack.fail" ]; then echo "Error: fake plan failure of $stack" >&2; exit 1; fi
    out=""; detailed=0
    for a in "$@"; do
      case "$a" in -out=*) out="\${a#-out=}" ;; -detailed-exitcode) detailed=1 ;; esac
    done
    src="$FAKE_TF_PLANS/$stack.json"
    [ -f "$src" ] || { echo '{"resource_changes":[]}' > "$FAKE_TF_PLANS/$stack.json"; }
    cp "$src" "$out"
    if [ "$detailed" = 1 ] && jq -e '[.resource_changes[] | select(.change.actions != ["no-op"])] | length > 0' "$src" > /dev/null; then exit 2; fi
    exit 0 ;;
  show) cat "\${!#}" ;;
  apply) exit 0 ;;
  *) echo "fake terraform: unexpected command $1" >&2; exit 64 ;;
esac
`;

export function fakeTerraform(dir: string): FakeTerraform {
  const bin = path.join(dir, 'bin');
  const plans = path.join(dir, 'plans');
  const log = path.join(dir, 'terraform.log');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(plans, { recursive: true });
  fs.writeFileSync(path.join(bin, 'terraform'), SCRIPT, { mode: 0o755 });
  fs.writeFileSync(log, '');
  return {
    bin,
    plans,
    plan(stack, changes) {
      fs.rmSync(path.join(plans, `${stack}.fail`), { force: true });
      const doc = {
        resource_changes: changes.map((c) => ({
          address: c.address,
          change: { actions: c.actions, after: c.after ?? {}, after_unknown: {} },
        })),
      };
      fs.writeFileSync(path.join(plans, `${stack}.json`), JSON.stringify(doc));
    },
    fail(stack) {
      fs.writeFileSync(path.join(plans, `${stack}.fail`), '');
    },
    calls() {
      return fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [stack, args, roleVar] = line.split('\t');
          return { stack, args: args.split('\x1f').filter(Boolean), roleVar };
        });
    },
    env(extra = {}) {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_TF_LOG: log, FAKE_TF_PLANS: plans };
      delete env.GITHUB_STEP_SUMMARY;
      delete env.PLAN_ROLE_NAME;
      delete env.PLAN_STATE_ROLE;
      return { ...env, ...extra };
    },
  };
}
