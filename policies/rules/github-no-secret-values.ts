import type { PolicyRule } from '../rule';

/** Secret resources of the GitHub provider: a value in their configuration ends up in the code and the state. */
const SECRET_TYPES = [
  'github_actions_secret',
  'github_actions_environment_secret',
  'github_actions_organization_secret',
  'github_codespaces_secret',
  'github_codespaces_organization_secret',
  'github_dependabot_secret',
  'github_dependabot_organization_secret',
] as const;
const VALUE_FIELDS = ['plaintext_value', 'encrypted_value'] as const;
const SECRET_LIKE = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIAL/i;

export const githubNoSecretValues: PolicyRule = {
  id: 'PLAT-GIT-006',
  level: 'error',
  description: 'No secret value is written into GitHub from this code: no secret resources with values, no secret-like variables',
  reason: 'Synthesized JSON and Terraform state are read by many; secrets come from Secrets Manager or the CI environment',
  appliesTo: [...SECRET_TYPES, 'github_actions_variable', 'github_actions_environment_variable', 'github_actions_organization_variable'],
  check(resource) {
    if ((SECRET_TYPES as readonly string[]).includes(resource.type)) {
      const set = VALUE_FIELDS.filter((f) => resource.config[f] !== undefined);
      return set.length === 0 ? [] : [`sets ${set.join(', ')}: a secret value in code and state`];
    }
    const name = String(resource.config.variable_name ?? '');
    return SECRET_LIKE.test(name) ? [`variable "${name}" looks like a secret; variables are plain text`] : [];
  },
};
