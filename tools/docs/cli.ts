/** `npm run docs`: regenerate `docs/pipelines/` from the config (PLATFORM_CONFIG_DIR or environments/). */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../model';
import { DOCS_DIR, generateDocs } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const files = generateDocs(loadConfig(process.env.PLATFORM_CONFIG_DIR));
  const dir = path.join(ROOT, DOCS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  for (const stale of fs.readdirSync(dir).filter((f) => f.endsWith('.md') && !files.has(f))) fs.rmSync(path.join(dir, stale));
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  process.stdout.write(`Wrote ${[...files.keys()].map((f) => path.join(DOCS_DIR, f)).join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`docs failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
