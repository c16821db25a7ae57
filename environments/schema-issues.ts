/**
 * One line per schema problem, for a person: the field, what is wrong, what is allowed, and the value found.
 * zod's own wording ("Invalid input: expected string, received undefined") says what the parser saw; these
 * lines say what to change.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** Longest structured value (object, list) quoted in full; strings are always quoted in full. */
const MAX_STRUCTURED = 60;

/** How the `expected` type of an issue reads in a sentence. */
const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** The value found, as it appears in the config: strings in full (a name's length matters), others shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (typeof value === 'string' || text.length <= MAX_STRUCTURED) return text;
  return `${text.slice(0, MAX_STRUCTURED - 3)}...`;
}

/** The value at `at` inside `data`, or undefined where the path leaves the data. */
export function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** `account.region`, `services[0].secrets[1].name`: the field as a person finds it in the file. */
export function formatPath(at: readonly PropertyKey[]): string {
  return at.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** What a missing field must hold, from the issue zod raised for it. */
function requiredKind(issue: Issue): string {
  if (issue.code === 'invalid_type') {
    const kind = EXPECTED[issue.expected];
    return kind === undefined ? '' : ` (${kind})`;
  }
  if (issue.code === 'invalid_value') return ` (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
  return '';
}

/**
 * `<field>: <what is wrong and what is allowed> (got <value>)` for one issue of `data`. A missing field says
 * "is required"; a string over its length limit gives the limit and its length; a field the schema forbids
 * (`z.never()`, e.g. a secret's value) never repeats the value.
 */
export function formatIssue(issue: Issue, data: unknown): string {
  const field = formatPath(issue.path) || '(the whole file)';
  if (issue.code === 'invalid_key') {
    // a record key failed its own schema: report that schema's message, and the key
    return `${field}: ${issue.issues[0]?.message ?? issue.message}`;
  }
  if (issue.code === 'unrecognized_keys') return `${field}: ${issue.message}`;
  if (issue.code === 'invalid_type' && issue.expected === 'never') return `${field}: ${issue.message}`;
  const value = valueAt(data, issue.path);
  const missing =
    value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union');
  if (missing) return `${field}: is required${requiredKind(issue)}`;
  if (issue.code === 'too_big' && issue.origin === 'string' && typeof value === 'string') {
    return `${field}: ${issue.message} (at most ${String(issue.maximum)} characters; this value has ${value.length}: ${describeValue(value)})`;
  }
  return `${field}: ${issue.message} (got ${describeValue(value)})`;
}
