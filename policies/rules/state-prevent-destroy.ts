import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

/** Resource types whose loss loses data or access to data: protected wherever a stack protects state. */
export const STATEFUL_TYPES = ['aws_s3_bucket', 'aws_kms_key', 'aws_dynamodb_table', 'aws_codeartifact_domain'] as const;

export const statePreventDestroy: PolicyRule = {
  id: 'PLAT-STATE-001',
  level: 'error',
  description:
    'In stacks that protect state (bootstrap, platform, environments with protectStatefulResources), stateful resources set lifecycle.prevent_destroy; tables also deletion protection',
  reason: 'A rename or a bad plan must not destroy the state, the keys, the artifact stores or the package domain',
  appliesTo: [...STATEFUL_TYPES],
  check(resource, stack) {
    if (!stack.protectsState) return [];
    const problems: string[] = [];
    if (!isTrue(firstBlock(resource.config.lifecycle)?.prevent_destroy)) problems.push('lifecycle.prevent_destroy is not set');
    if (resource.type === 'aws_dynamodb_table' && !isTrue(resource.config.deletion_protection_enabled)) {
      problems.push('deletion_protection_enabled is not set');
    }
    return problems;
  },
};
