/**
 * Plan results as the workflows hand them over: `terraform show -json` reduced (by jq, in the job) to the
 * address and actions of each resource change, so no attribute value leaves the runner.
 */

export interface PlannedChange {
  readonly address: string;
  /** Terraform's actions: ["create"], ["update"], ["delete"], ["delete","create"], ["no-op"], ["read"]. */
  readonly actions: readonly string[];
}

export interface PlanResult {
  readonly stack: string;
  /** `planned`, or `failed` when init or plan failed (the job's log says why). */
  readonly outcome: 'planned' | 'failed';
  readonly changes?: readonly PlannedChange[];
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
