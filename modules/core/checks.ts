/**
 * Status check names: the contract between what reports a status to GitHub (CodeBuild PR builds, this
 * repository's workflows) and what branch protection requires. Both sides call these functions, so a
 * rename changes both at once.
 */

/** Purposes a service's pull-request builds report under. */
export type PrCheckPurpose = 'build' | 'unit-test' | 'security-scan';

/** The check a service's CodeBuild PR build reports for `purpose`, e.g. `ci/orders-api/build`. */
export function serviceCheckName(service: string, purpose: PrCheckPurpose): string {
  return `ci/${service}/${purpose}`;
}

/**
 * Checks this GitOps repository's own pull-request workflow reports: the job ids of .github/workflows/pr.yml,
 * which tools/ci/workflows.ts generates from this list. `plan-review` fails on a failed plan and on danger no
 * reviewer other than the author confirmed (tools/ci/gate.ts).
 */
export const PLATFORM_REPOSITORY_CHECKS = ['lint-test', 'synth', 'plan-review'] as const;
