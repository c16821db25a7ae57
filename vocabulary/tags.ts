/**
 * Tag on every pipeline saying whether it changes production (the last environment of the promotion
 * order); the policy pack requires approval and validation of pipelines that carry its production value.
 */
export const PIPELINE_TIER_TAG = { key: 'cicd-tier', production: 'production', preProduction: 'pre-production' } as const;
