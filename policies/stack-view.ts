import type { ResourceView, StackView } from './rule';
import type { StackTraits } from '../vocabulary/stack-traits';

interface Metadata {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
}

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.[^}]*)?\}$/;

/** Types of the blocks that are neither resources nor data sources (`view.ofType` finds them; `view.resources` does not). */
export const OTHER_BLOCK_TYPES = ['provider', 'backend', 'terraform', 'variable', 'output', 'locals'] as const;

/**
 * Every block of the stack besides resources and data sources, each as a view: providers (`provider.aws`, one
 * per instance), the backend (`terraform.backend.s3`), the rest of the `terraform` block, variables, outputs
 * and locals. Their `kind` is 'resource' for the rules' sake; `type` says what they are.
 */
function otherBlocks(stackName: string, terraform: Readonly<Record<string, unknown>>): ResourceView[] {
  const views: ResourceView[] = [];
  const add = (type: string, name: string, address: string, config: unknown) =>
    views.push({
      kind: 'resource',
      type,
      name,
      address,
      path: `${stackName}/${name}`,
      config:
        config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : { value: config },
    });
  const providers = (terraform.provider ?? {}) as Record<string, unknown[]>;
  for (const [name, instances] of Object.entries(providers)) {
    (Array.isArray(instances) ? instances : [instances]).forEach((config, i) =>
      add('provider', name, i === 0 ? `provider.${name}` : `provider.${name}[${i}]`, config),
    );
  }
  const { backend, ...settings } = (terraform.terraform ?? {}) as Record<string, unknown>;
  for (const [name, config] of Object.entries((backend ?? {}) as Record<string, unknown>)) {
    add('backend', name, `terraform.backend.${name}`, config);
  }
  if (Object.keys(settings).length > 0) add('terraform', 'terraform', 'terraform', settings);
  for (const [name, config] of Object.entries((terraform.variable ?? {}) as Record<string, unknown>))
    add('variable', name, `var.${name}`, config);
  for (const [name, config] of Object.entries((terraform.output ?? {}) as Record<string, unknown>))
    add('output', name, `output.${name}`, config);
  for (const [name, config] of Object.entries((terraform.locals ?? {}) as Record<string, unknown>))
    add('locals', name, `local.${name}`, config);
  return views;
}

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
  for (const block of otherBlocks(stackName, terraform)) {
    const list = byType.get(block.type) ?? [];
    list.push(block);
    byType.set(block.type, list);
  }

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
    sharedBoundary: traits.sharedBoundary,
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
