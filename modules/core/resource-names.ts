/**
 * Vocabulary the modules and the policy pack share about pipelines and infrastructure builds. The physical
 * names of the platform's resources are derived in one place: model/names.ts.
 */

// defined in the shared vocabulary: the policy pack reads it too
export { PIPELINE_TIER_TAG } from '../../vocabulary/tags';

/** Purposes of the CodeBuild projects that plan and apply a service's own infrastructure. */
export const INFRASTRUCTURE_PURPOSES = ['iac-plan', 'iac-apply'] as const;
export type InfrastructurePurpose = (typeof INFRASTRUCTURE_PURPOSES)[number];
