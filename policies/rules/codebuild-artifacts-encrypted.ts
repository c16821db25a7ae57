import type { PolicyRule } from '../rule';
import { blocksOf, isTrue } from './helpers';

export const codebuildArtifactsEncrypted: PolicyRule = {
  id: 'PLAT-CB-103',
  counterpart: 'CKV_AWS_78',
  level: 'error',
  description: 'CodeBuild artifacts never disable encryption',
  reason: 'An unencrypted artifact in S3 bypasses the key policy that guards every other artifact',
  appliesTo: ['aws_codebuild_project'],
  check(project) {
    const artifacts = [...blocksOf(project.config.artifacts), ...blocksOf(project.config.secondary_artifacts)];
    return artifacts
      .filter((a) => isTrue(a.encryption_disabled))
      .map((a) => `artifact ${String(a.artifact_identifier ?? '(primary)')} disables encryption (encryption_disabled)`);
  },
};
