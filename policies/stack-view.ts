import type { ResourceView, StackView } from './rule';
import type { StackTraits } from './stack-traits';

interface Metadata {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
}

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.[^}]*)?\}$/;

/** Build the view of a stack from its synthesized Terraform JSON (`stack.toTerraform()`). */
export function buildStackView(stackName: string, terraform: Readonly<Record<string, unknown>>, traits: StackTraits = {}): StackView {
  const resources: ResourceView[] = [];
  const byAddress = new Map<string, ResourceView>();
  const byType = new Map<string, ResourceView[]>();
  const text = new Map<ResourceView, string>();

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

  const textOf = (view: ResourceView): string => {
    let cached = text.get(view);
    if (cached === undefined) {
      cached = JSON.stringify(view.config);
      text.set(view, cached);
    }
    return cached;
  };

  return {
    stackName,
    production: traits.production ?? false,
    protectsState: traits.protectsState ?? false,
    productionEnvironment: traits.productionEnvironment,
    resources,
    terraform,
    ofType: (type) => byType.get(type) ?? [],
    referencing: (type, target) => {
      const needle = `\${${target.address}.`;
      return (byType.get(type) ?? []).filter((candidate) => textOf(candidate).includes(needle));
    },
    resolveReference: (value) => {
      if (typeof value !== 'string') return undefined;
      const match = REFERENCE.exec(value);
      if (!match) return undefined;
      return byAddress.get(`${match[1] ?? ''}${match[2]}.${match[3]}`);
    },
  };
}
