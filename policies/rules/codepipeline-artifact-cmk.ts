import type { PolicyRule } from '../rule';
import { firstBlock } from './helpers';

export const codepipelineArtifactCmk: PolicyRule = {
  id: 'PLAT-PIPE-003',
  counterpart: 'CKV_AWS_219',
  level: 'error',
  description: 'CodePipeline artifact stores are encrypted with a customer managed KMS key',
  reason: 'Artifacts carry code and configuration; a customer key controls who can read them, and is audited',
  appliesTo: ['aws_codepipeline'],
  check(pipeline) {
    const stores = Array.isArray(pipeline.config.artifact_store) ? (pipeline.config.artifact_store as Record<string, unknown>[]) : [];
    if (stores.length === 0) return ['has no artifact store'];
    return stores.flatMap((store) => {
      const key = firstBlock(store.encryption_key);
      if (key === undefined || key.type !== 'KMS' || typeof key.id !== 'string' || key.id.length === 0) {
        return [`artifact store ${String(store.location)} has no customer KMS key (encryption_key)`];
      }
      if (/alias\/aws\//.test(key.id)) return [`artifact store ${String(store.location)} uses the AWS managed key ${key.id}`];
      return [];
    });
  },
};
