/** Structural comparison of synthesized Terraform JSON values. */
import type { AttributeChange } from './model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON text with object keys sorted: equal values give equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const isObjectList = (value: unknown): value is Record<string, unknown>[] =>
  Array.isArray(value) && value.length > 0 && value.every(isObject);

/**
 * Every leaf that differs between `before` and `after`, as paths. Objects and lists of objects are
 * walked (also when one side is missing, so removing `lifecycle` reports `lifecycle.prevent_destroy`);
 * scalars and lists of scalars are compared whole. `ignore` names top-level keys to skip (metadata).
 */
export function diffValues(before: unknown, after: unknown, path = '', ignore: readonly string[] = []): AttributeChange[] {
  const out: AttributeChange[] = [];
  const walk = (b: unknown, a: unknown, at: string, top: boolean): void => {
    if (canonical(b) === canonical(a)) return;
    const bObj = isObject(b) || (b === undefined && isObject(a));
    const aObj = isObject(a) || (a === undefined && isObject(b));
    if (bObj && aObj) {
      const bo = (b ?? {}) as Record<string, unknown>;
      const ao = (a ?? {}) as Record<string, unknown>;
      for (const key of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) {
        if (top && ignore.includes(key)) continue;
        walk(bo[key], ao[key], join(at, key), false);
      }
      return;
    }
    const bList = isObjectList(b) || (b === undefined && isObjectList(a));
    const aList = isObjectList(a) || (a === undefined && isObjectList(b));
    if (bList && aList) {
      const bl = (b ?? []) as unknown[];
      const al = (a ?? []) as unknown[];
      for (let i = 0; i < Math.max(bl.length, al.length); i++) walk(bl[i], al[i], `${at}[${i}]`, false);
      return;
    }
    out.push({ path: at, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) });
  };
  walk(before, after, path, true);
  return out;
}

/** The last attribute name of a path: `stage[1].action[0].category` -> `category`. */
export function leafName(path: string): string {
  const last = path.split('.').pop() ?? '';
  return last.replace(/\[\d+\]$/g, '').replace(/\[\d+\]/g, '');
}

/** A short, single-line rendering of a value for reports. */
export function brief(value: unknown, max = 80): string {
  if (value === undefined) return '(unset)';
  const text = typeof value === 'string' ? JSON.stringify(value) : canonical(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Every resource and data source block of a synthesized stack, by address (`type.name`, `data.type.name`), in file order. */
export function terraformBlocks(
  tf: Record<string, unknown> | undefined,
): { address: string; kind: 'resource' | 'data'; type: string; name: string; body: Record<string, unknown> }[] {
  const out: { address: string; kind: 'resource' | 'data'; type: string; name: string; body: Record<string, unknown> }[] = [];
  for (const kind of ['resource', 'data'] as const) {
    const byType = tf?.[kind];
    if (!isObject(byType)) continue;
    for (const [type, instances] of Object.entries(byType)) {
      if (!isObject(instances)) continue;
      for (const [name, body] of Object.entries(instances)) {
        if (isObject(body)) out.push({ address: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, kind, type, name, body });
      }
    }
  }
  return out;
}
