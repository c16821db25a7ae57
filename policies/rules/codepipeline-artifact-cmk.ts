import type { PolicyRule } from '../rule';
import { blocksOf, firstBlock, isSet } from './helpers';

export const codepipelineArtifactCustomerKey: PolicyRule = {
  id: 'PLAT-CP-101',
  counterpart: 'CKV_AWS_219',
  level: 'error',
  description: 'CodePipeline artifact stores are encrypted with a customer managed KMS key',
  reason: 'Pipeline artifacts are what gets deployed; the AWS managed key cannot be shared across accounts or audited',
  appliesTo: ['aws_codepipeline'],
  check(pipeline) {
    const stores = blocksOf(pipeline.config.artifact_store);
    if (stores.length === 0) return ['has no artifact store'];
    return stores
      .filter((store) => !isSet(firstBlock(store.encryption_key)?.id))
      .map((store) => `artifact store ${String(store.location ?? '')} has no customer managed key (encryption_key)`);
  },
};
