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
