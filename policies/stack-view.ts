import type { ResourceView, StackView } from './rule';
import type { StackTraits } from '../vocabulary/stack-traits';

interface Metadata {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
}

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.[^}]*)?\}$/;

/** Build the view of a stack from its synthesized Terraform JSON (`stack.toTerraform()`). */
export function buildStackView(stackName: string, terraform: Readonly<Record<string, unknown>>, traits: StackTraits = {}): StackView {
  const resources: ResourceView[] = [];
  const byAddress = new Map<string, ResourceView>();
  const byType = new Map<string, ResourceView[]>();

  const collect = (kind: 'resource' | 'data', blocks: unknown) => {
    if (blocks === undefined || blocks === null || typeof blocks !== 'object') return;
    for (const [type, instances] of Object.entries(blocks as Record<string, Record<string, Metadata & Record<string, unknown>>>)) {
      for (const [name, config] of Object.entries(instances)) {
        const key = kind === 'data' ? `data.${type}` : type;
        const view: ResourceView = {
          kind,
          type,
          name,
          address: `${key}.${name}`,
          path: config['//']?.metadata?.path ?? `${stackName}/${name}`,
          config,
        };
        resources.push(view);
        byAddress.set(view.address, view);
        const list = byType.get(key) ?? [];
        list.push(view);
        byType.set(key, list);
      }
    }
  };
  collect('resource', terraform.resource);
  collect('data', terraform.data);

  // `${<address>.`: where an attribute of a resource is interpolated (as `referencing` promises)
  const INTERPOLATED = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\./g;
  const referrers = new Map<string, Map<string, ResourceView[]>>();
  /** Per type: the resources of that type by each address they interpolate, built on first use. */
  const referrersOf = (type: string): Map<string, ResourceView[]> => {
    let index = referrers.get(type);
    if (index === undefined) {
      index = new Map();
      for (const candidate of byType.get(type) ?? []) {
        const targets = new Set([...JSON.stringify(candidate.config).matchAll(INTERPOLATED)].map((m) => m[1]));
        for (const target of targets) {
          const list = index.get(target) ?? [];
          list.push(candidate);
          index.set(target, list);
        }
      }
      referrers.set(type, index);
    }
    return index;
  };
  const memos = new Map<string, unknown>();

  return {
    stackName,
    production: traits.production ?? false,
    protectsState: traits.protectsState ?? false,
    productionEnvironment: traits.productionEnvironment,
    resources,
    terraform,
    ofType: (type) => byType.get(type) ?? [],
    referencing: (type, target) => referrersOf(type).get(target.address) ?? [],
    resolveReference: (value) => {
      if (typeof value !== 'string') return undefined;
      const match = REFERENCE.exec(value);
      if (!match) return undefined;
      return byAddress.get(`${match[1] ?? ''}${match[2]}.${match[3]}`);
    },
    memo: <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
}
