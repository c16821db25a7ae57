import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const dynamodbPitr: PolicyRule = {
  id: 'PLAT-DDB-001',
  counterpart: 'CKV_AWS_28',
  level: 'error',
  description: 'DynamoDB tables have point-in-time recovery',
  reason: 'A lock table or any table of the platform must be restorable to a moment before a mistake',
  appliesTo: ['aws_dynamodb_table'],
  check(table) {
    return isTrue(firstBlock(table.config.point_in_time_recovery)?.enabled) ? [] : ['point-in-time recovery is off'];
  },
};
