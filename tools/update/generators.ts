/**
 * Every file derived from the configuration, by the generator that writes it. `npm run update` regenerates
 * them all, `npm run update -- --check` (and the jest test `__tests__/live/derived-files.test.ts`) fails when
 * one is stale. To derive a new kind of file from the config, add one entry to GENERATORS: nothing else
 * changes (the CLI, the check and the test read this list).
 */
import * as path from 'path';
import type { PlatformConfig } from '../../model';
import type { SynthOutput } from '../diff/diff';
import { DOCS_DIR, renderDocs } from '../docs/generate';
import { renderWorkflows, workflowSettings } from '../ci/workflows';
import { INVENTORY_DIR, renderInventories } from './inventory';

/** What a generator derives from: the validated configuration and its synthesized stacks. */
export interface DerivedContext {
  readonly config: PlatformConfig;
  /** Every synthesized stack (with cdktf's metadata), by name. */
  readonly stacks: SynthOutput;
}

export interface Generator {
  /** Short name, for `--only <name>` and the report. */
  readonly name: string;
  /** What it writes, one line. */
  readonly description: string;
  /**
   * A folder the generator owns: a file in it with this extension that `generate` no longer returns is stale
   * (`npm run update` removes it).
   * @default none: the generator owns exactly the files it returns
   */
  readonly folder?: { readonly dir: string; readonly extension: string };
  /** Every file it derives: path relative to the repository root (POSIX or native separators) to full text. */
  generate(context: DerivedContext): ReadonlyMap<string, string>;
}

export const GENERATORS: readonly Generator[] = [
  {
    name: 'docs',
    description: `${DOCS_DIR}/*.md: the promotion chain and each environment's pipelines (Mermaid)`,
    folder: { dir: DOCS_DIR, extension: '.md' },
    generate: ({ config, stacks }) => new Map([...renderDocs(config, stacks)].map(([file, text]) => [path.join(DOCS_DIR, file), text])),
  },
  {
    name: 'inventories',
    description: `${INVENTORY_DIR}/<stack>.txt: every block of each synthesized stack with a short hash of its body`,
    folder: { dir: INVENTORY_DIR, extension: '.txt' },
    generate: ({ stacks }) => renderInventories(stacks),
  },
  {
    name: 'workflows',
    description:
      '.github/workflows/*.yml: the PR, deploy (one plan and apply job pair per environment of promotionOrder) and drift workflows',
    generate: ({ config }) =>
      new Map(
        Object.entries(renderWorkflows(workflowSettings(config))).map(([file, text]) => [path.join('.github', 'workflows', file), text]),
      ),
  },
];
