import type { PolicyRule } from '../rule';
import { firstBlock } from './helpers';

export const secretsManagerRotation: PolicyRule = {
  id: 'PLAT-SM-002',
  counterpart: 'CKV2_AWS_57',
  level: 'error',
  description: 'Secrets Manager secrets rotate automatically, or carry a suppression that says why they cannot',
  reason: 'A credential that never changes stays valid for whoever copied it; an exemption must be a written decision',
  appliesTo: ['aws_secretsmanager_secret'],
  check(secret, stack) {
    const rotations = stack.referencing('aws_secretsmanager_secret_rotation', secret);
    if (rotations.length === 0) return ['has no rotation (aws_secretsmanager_secret_rotation); rotate it or suppress with the reason'];
    const rules = firstBlock(rotations[0].config.rotation_rules);
    const scheduled = rules?.automatically_after_days !== undefined || rules?.schedule_expression !== undefined;
    return scheduled ? [] : ['its rotation has no schedule (rotation_rules.automatically_after_days or schedule_expression)'];
  },
};
