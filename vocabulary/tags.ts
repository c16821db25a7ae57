/**
 * Tag on every pipeline saying whether it changes production (the model's production environment,
 * model/platform-model.ts); the policy pack requires approval and validation of pipelines that carry its production value.
 */
export const PIPELINE_TIER_TAG = { key: 'cicd-tier', production: 'production', preProduction: 'pre-production' } as const;
