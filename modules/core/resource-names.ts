/**
 * Vocabulary the modules and the policy pack share about pipelines and infrastructure builds. The physical
 * names of the platform's resources are derived in one place: model/names.ts.
 */

/**
 * Tag on every pipeline saying whether it changes production (the model's production environment,
 * model/platform-model.ts); the policy pack requires approval and validation of pipelines that carry its production value.
 */
export const PIPELINE_TIER_TAG = { key: 'cicd-tier', production: 'production', preProduction: 'pre-production' } as const;

/** Purposes of the CodeBuild projects that plan and apply a service's own infrastructure. */
export const INFRASTRUCTURE_PURPOSES = ['iac-plan', 'iac-apply'] as const;
export type InfrastructurePurpose = (typeof INFRASTRUCTURE_PURPOSES)[number];
