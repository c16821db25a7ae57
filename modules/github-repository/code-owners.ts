/** One CODEOWNERS rule: a path pattern and who owns it. */
export interface CodeOwnersRule {
  /** A gitignore-style pattern, e.g. `*` or `/infra/`. */
  readonly pattern: string;
  /** Owners: `@org/team-slug` or `@user`. */
  readonly owners: readonly string[];
}

const OWNER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[a-z0-9][a-z0-9_-]*)?$/;
const PATTERN = /^[^\s#!][^\s]*$/;

/**
 * Serialize CODEOWNERS rules into the file GitHub reads: a header, then one `pattern owner...` line per
 * rule. Patterns and owners are validated (no spaces, no comment or negation markers, well-formed
 * owners), so a rule can never spill into another line.
 */
export function formatCodeOwners(rules: readonly CodeOwnersRule[], header = 'Managed by the CI/CD platform repository.'): string {
  if (rules.length === 0) throw new Error('CODEOWNERS needs at least one rule');
  const lines = header.split('\n').map((line) => `# ${line}`.trimEnd());
  for (const rule of rules) {
    if (!PATTERN.test(rule.pattern)) throw new Error(`CODEOWNERS pattern "${rule.pattern}" must be one path pattern without spaces`);
    if (rule.owners.length === 0) throw new Error(`CODEOWNERS rule "${rule.pattern}" needs at least one owner`);
    const bad = rule.owners.find((owner) => !OWNER.test(owner));
    if (bad !== undefined) throw new Error(`CODEOWNERS owner "${bad}" must be @user or @org/team-slug`);
    lines.push([rule.pattern, ...rule.owners].join(' '));
  }
  return `${lines.join('\n')}\n`;
}
