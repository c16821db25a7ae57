import type { PolicyRule } from '../rule';
import { isSet } from './helpers';

export const sqsEncrypted: PolicyRule = {
  id: 'PLAT-SQS-001',
  counterpart: 'CKV_AWS_27',
  level: 'error',
  description: 'SQS queues are encrypted with a customer managed KMS key',
  reason: 'Queued events (dead letters included) hold payloads; a customer key puts reads behind its key policy',
  appliesTo: ['aws_sqs_queue'],
  check(queue) {
    return isSet(queue.config.kms_master_key_id) ? [] : ['has no customer managed key (kms_master_key_id)'];
  },
};
