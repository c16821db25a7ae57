/**
 * Plan results as the workflows hand them over: `terraform show -json` reduced (by jq, in the job) to the
 * address and actions of each resource change, so no attribute value leaves the runner.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface PlannedChange {
  readonly address: string;
  /** Terraform's actions: ["create"], ["update"], ["delete"], ["delete","create"], ["no-op"], ["read"]. */
  readonly actions: readonly string[];
}

/** `<plan dir>/<stack>/result.json`, written by tools/ci/plan.sh. */
export interface PlanResult {
  readonly stack: string;
  /** `planned`, or `failed` when init or plan failed (the job's log says why). */
  readonly outcome: 'planned' | 'failed';
  /** Whether the plan changes anything (terraform plan -detailed-exitcode 2): drift, for the drift workflow. */
  readonly changed?: boolean;
  readonly changes?: readonly PlannedChange[];
  /** What failed, when `outcome` is `failed`. */
  readonly reason?: string;
  /** tools/ci/lib.sh plan_digest of the saved plan. */
  readonly digest?: string;
}

/** Every `<dir>/<stack>/result.json` (as the plan artifacts download), sorted by stack. */
export function readPlanResults(dir: string): PlanResult[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'result.json')))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name, 'result.json'), 'utf8')) as PlanResult)
    .sort((a, b) => a.stack.localeCompare(b.stack));
}

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Addresses destroyed, alone or as part of a replacement, with how. */
  readonly destructive: readonly { readonly address: string; readonly how: 'destroy' | 'replace' }[];
}

/** Count as `terraform plan` does: a replacement is one add and one destroy. */
export function countPlan(changes: readonly PlannedChange[]): PlanCounts {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const destructive: { address: string; how: 'destroy' | 'replace' }[] = [];
  for (const c of changes) {
    const creates = c.actions.includes('create');
    const deletes = c.actions.includes('delete');
    if (creates) add++;
    if (deletes) destroy++;
    if (c.actions.includes('update')) change++;
    if (deletes) destructive.push({ address: c.address, how: creates ? 'replace' : 'destroy' });
  }
  return { add, change, destroy, destructive: destructive.sort((a, b) => a.address.localeCompare(b.address)) };
}
