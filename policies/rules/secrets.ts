/**
 * Recognisers of secret-like values: credentials that must never appear in configuration or synthesized
 * output. Shared by the policy rule PLAT-SEC-001 and the test that scans every synthesized file.
 */

/** A secret-like value found in a text, with the recogniser that matched and a redacted excerpt. */
export interface SecretMatch {
  readonly kind: string;
  /** The match with its middle masked, safe to print. */
  readonly excerpt: string;
}

const PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  { kind: 'AWS secret access key', pattern: /aws_?secret_?access_?key["'\s:=]+[A-Za-z0-9/+=]{40}\b/gi },
  { kind: 'GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b/g },
  { kind: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,}\b/g },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'Slack webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g },
];

/** Keys whose literal value is a credential (`password`, `client_secret`, `api_token`, ...). */
const SECRET_KEY = /(?:^|[_-])(?:password|passwd|secret|token|api_?key|private_?key|credentials?|secret_string|plaintext_value)$/i;
/** Keys that merely name or point at a secret (an ARN, an id, a name) rather than hold one. */
const POINTER_KEY = /(?:_arn|_id|_ids|_name|_names|_type|_version_stage|_length|_days|_ttl|_enabled)$/i;

function mask(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}****${value.slice(-2)}`;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** A literal value that looks random enough to be a credential (not a reference, a path or a word). */
function looksLikeCredential(value: string): boolean {
  if (value.includes('${') || value.length < 16 || /\s/.test(value)) return false;
  if (/^(arn:|https?:\/\/|\/|alias\/)/.test(value)) return false;
  return entropy(value) >= 3.5 && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** Any of PATTERNS, case-insensitive: one pass that rules out almost every string before the patterns run one by one. */
const ANY_PATTERN = new RegExp(PATTERNS.map(({ pattern }) => `(?:${pattern.source})`).join('|'), 'i');

/** Secret-like values anywhere in `text` (tokens, keys, private keys). */
export function findSecretsInText(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  if (!ANY_PATTERN.test(text)) return found;
  for (const { kind, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push({ kind, excerpt: mask(match[0]) });
  }
  return found;
}

/**
 * Secret-like values in a parsed JSON value: every string is searched for known token formats, and a
 * key named like a credential (`password`, `secret`, `token`, ...) may not hold a literal random value.
 */
export function findSecretsInValue(value: unknown, key = '', found: SecretMatch[] = []): SecretMatch[] {
  if (typeof value === 'string') {
    found.push(...findSecretsInText(value));
    if (SECRET_KEY.test(key) && !POINTER_KEY.test(key) && looksLikeCredential(value)) {
      found.push({ kind: `literal value of "${key}"`, excerpt: mask(value) });
    }
  } else if (Array.isArray(value)) {
    for (const item of value) findSecretsInValue(item, key, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) findSecretsInValue(v, k, found);
  }
  return found;
}
