/**
 * The resources and data sources a stack's Terraform JSON refers to that it does not declare.
 *
 * The platform's stacks never refer to each other (a split-out stack finds the shared key, bucket and topic by
 * their deterministic names), so cdktf's cross-stack wiring is not used: a token of another stack's resource
 * would resolve to an address that does not exist in this one. This finds such addresses, and typos in raw
 * expressions, before Terraform would.
 */
export function undeclaredReferences(terraform: Readonly<Record<string, unknown>>): string[] {
  const declared = new Set<string>();
  for (const [kind, prefix] of [
    ['resource', ''],
    ['data', 'data.'],
  ] as const) {
    const blocks = terraform[kind];
    if (blocks === undefined || blocks === null || typeof blocks !== 'object') continue;
    for (const [type, instances] of Object.entries(blocks as Record<string, Record<string, unknown>>)) {
      for (const name of Object.keys(instances)) declared.add(`${prefix}${type}.${name}`);
    }
  }
  const missing = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.includes('${')) for (const address of referencesIn(value)) if (!declared.has(address)) missing.add(address);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) if (key !== '//') visit(item);
    }
  };
  for (const [key, value] of Object.entries(terraform)) if (key !== '//' && key !== 'terraform') visit(value);
  return [...missing].sort();
}

/** `type.name` or `data.type.name`: a resource type always has a provider prefix (`aws_`, `github_`). */
const ADDRESS = /(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g;
/** A string literal inside an expression ("..." with escapes): its text is not a reference. */
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/** The resource addresses referred to by the `${...}` interpolations of one string (`$${` is a literal). */
export function referencesIn(text: string): string[] {
  const found: string[] = [];
  let start = text.indexOf('${');
  while (start >= 0) {
    if (start > 0 && text[start - 1] === '$') {
      start = text.indexOf('${', start + 2);
      continue;
    }
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end += 1) {
      const c = text[end];
      if (c === '{') depth += 1;
      else if (c === '}' && --depth === 0) break;
    }
    const expression = text.slice(start + 2, end).replace(STRING_LITERAL, '""');
    for (const match of expression.matchAll(ADDRESS)) found.push(`${match[1] ?? ''}${match[2]}.${match[3]}`);
    start = text.indexOf('${', end);
  }
  return found;
}
