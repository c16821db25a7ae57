/**
 * Naming helpers shared by every module. Physical names are derived from stable inputs (the
 * organisation prefix, the environment, the service) so that two synths of the same config are
 * byte-identical and a rename is always a deliberate config change.
 */

/** Join parts into a lower-case, dash-separated physical name, trimmed to `maxLength`. */
export function physicalName(parts: readonly string[], maxLength = 63): string {
  const name = parts
    .filter((p) => p.length > 0)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (name.length > maxLength) {
    throw new Error(
      `name "${name}" is ${name.length} characters long; the limit for this resource is ${maxLength}. ` +
        'Shorten the organisation prefix or the service name.',
    );
  }
  return name;
}

/** ARN of an account's root principal, used where a resource policy must name "this account". */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** Name of the permissions boundary policy every role of the platform carries (one per account). */
export function permissionsBoundaryName(prefix: string): string {
  return physicalName([prefix, 'cicd', 'permissions-boundary'], 128);
}

/** ARN of the permissions boundary policy of `accountId`, known before the policy exists. */
export function permissionsBoundaryArn(partition: string, accountId: string, prefix: string): string {
  return `arn:${partition}:iam::${accountId}:policy/${permissionsBoundaryName(prefix)}`;
}

/**
 * Name of the boundary of the Terraform roles (one per account): what caps the role that creates the platform's
 * roles, so that it can never change, delete or detach a boundary, nor create a role without the platform's.
 */
export function terraformBoundaryName(prefix: string): string {
  return physicalName([prefix, 'cicd', 'terraform-boundary'], 128);
}

/** Secrets Manager name of a service's secret in one environment: `<prefix>/<environment>/<service>/<secret>`. */
export function secretName(prefix: string, environment: string, service: string, secret: string): string {
  return [prefix, environment, service, secret].join('/');
}
