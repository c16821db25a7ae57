import type { PolicyRule } from '../rule';

const VALUE_FIELDS = ['secret_string', 'secret_binary', 'secret_string_wo'] as const;

export const secretsManagerNoValue: PolicyRule = {
  id: 'PLAT-SM-003',
  level: 'error',
  description: 'No secret value is written in code: secret versions carry no secret_string or secret_binary',
  reason: 'A value in code ends up in Git, in the synthesized JSON, in plans and in state; values are set outside Terraform',
  appliesTo: ['aws_secretsmanager_secret_version'],
  check(version) {
    const set = VALUE_FIELDS.filter((field) => version.config[field] !== undefined);
    return set.length === 0 ? [] : [`sets ${set.join(', ')}: store the value in Secrets Manager outside Terraform, never in code`];
  },
};
