import type { PolicyRule } from '../rule';
import { firstBlock, isTrue } from './helpers';

export const dynamodbCustomerKey: PolicyRule = {
  id: 'PLAT-DDB-002',
  counterpart: 'CKV_AWS_119',
  level: 'error',
  description: 'DynamoDB tables are encrypted with a customer managed KMS key',
  reason: 'The default AWS owned key cannot be audited or revoked by us',
  appliesTo: ['aws_dynamodb_table'],
  check(table) {
    const sse = firstBlock(table.config.server_side_encryption);
    if (!isTrue(sse?.enabled)) return ['server-side encryption with a customer key is off'];
    return typeof sse?.kms_key_arn === 'string' && sse.kms_key_arn.length > 0 ? [] : ['no customer key named (kms_key_arn)'];
  },
};
