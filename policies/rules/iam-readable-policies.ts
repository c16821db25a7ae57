import type { PolicyRule } from '../rule';
import { documentBehind, isExpression, literalPolicyStatements } from './helpers';

/** Attributes holding an IAM policy, by resource type. */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_codeartifact_domain_permissions_policy: ['policy_document'],
  aws_codeartifact_repository_permissions_policy: ['policy_document'],
};

export const iamReadablePolicies: PolicyRule = {
  id: 'PLAT-IAM-006',
  counterpart: 'CKV_AWS_62, CKV_AWS_63 (inline JSON)',
  level: 'error',
  description:
    'IAM, key and resource policies come from an aws_iam_policy_document of the stack or literal JSON, and grant no wildcard action',
  reason: 'A policy hidden in an expression escapes every other IAM rule of the pack',
  appliesTo: Object.keys(POLICY_ATTRIBUTES),
  check(resource, stack) {
    const problems: string[] = [];
    for (const attribute of POLICY_ATTRIBUTES[resource.type] ?? []) {
      const value = resource.config[attribute];
      if (value === undefined || documentBehind(stack, value) !== undefined) continue;
      const statements = literalPolicyStatements(value);
      if (statements === undefined) {
        problems.push(
          isExpression(value)
            ? `${attribute} is an expression the policy pack cannot read; build it with DataAwsIamPolicyDocument`
            : `${attribute} is not valid policy JSON`,
        );
        continue;
      }
      for (const s of statements) {
        if ((s.Effect ?? 'Allow') !== 'Allow') continue;
        if (s.NotAction !== undefined) problems.push(`${attribute} allows NotAction, which grants everything else`);
        const actions = [s.Action].flat().filter((a): a is string => typeof a === 'string');
        const wild = actions.filter((a) => a.includes('*'));
        if (wild.length > 0) problems.push(`${attribute} allows wildcard actions: ${wild.join(', ')}`);
      }
    }
    return problems;
  },
};
