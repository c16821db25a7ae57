import type { PolicyRule } from '../rule';
import { isTrue } from './helpers';

export const kmsRotation: PolicyRule = {
  id: 'PLAT-KMS-001',
  counterpart: 'CKV_AWS_7',
  level: 'error',
  description: 'Customer managed KMS keys rotate automatically',
  reason: 'Rotation limits how much data one key version protects',
  appliesTo: ['aws_kms_key'],
  check(key) {
    if (key.config.customer_master_key_spec !== undefined && key.config.customer_master_key_spec !== 'SYMMETRIC_DEFAULT') return [];
    return isTrue(key.config.enable_key_rotation) ? [] : ['automatic key rotation is off (enable_key_rotation)'];
  },
};
