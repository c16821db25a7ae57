// Generates the baseline program: a copy of the app that does the same work the way `cdktf init` sets a
// project up: root (namespace) imports of the provider packages, run through a TypeScript loader
// (baseline-register.js). Written to a temporary directory at bench time, never into the source tree
// (lint forbids root imports there).
'use strict';
const fs = require('fs');
const path = require('path');
require('../register');
const { scratchDir } = require('../scratch.ts');

const SKIP = new Set(['node_modules', '.git', '__tests__', 'docs', 'tools', 'coverage', '__snapshots__']);

/** `s3-bucket` -> `s3Bucket`: the name under which the provider package's root exports a resource's namespace. */
function namespaceOf(dir) {
  return dir.replace(/-([a-z0-9])/g, (_m, c) => c.toUpperCase());
}

const DEEP_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'(@cdktf\/provider-(?:aws|github))\/lib\/([a-z0-9-]+)';/g;

/**
 * Rewrite each deep provider import into a root import, keeping every imported name bound:
 * `import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket'` becomes
 * `import { s3Bucket as root_1 } from '@cdktf/provider-aws'; const S3Bucket = root_1.S3Bucket;`.
 * Type-only names need no runtime binding and are dropped (the loader does not type-check).
 */
function toRootImports(source) {
  let counter = 0;
  return source.replace(DEEP_IMPORT, (_all, typeOnly, names, pkg, dir) => {
    if (typeOnly) return '';
    const local = `root_${++counter}`;
    const bindings = names
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n.length > 0 && !n.startsWith('type '))
      .map((n) => {
        const [imported, alias] = n.split(/\s+as\s+/);
        return `const ${alias ?? imported} = ${local}.${imported};`;
      });
    return [`import { ${namespaceOf(dir)} as ${local} } from '${pkg}';`, ...bindings].join(' ');
  });
}

function copyTree(from, to, rewrites) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.') || entry.name.startsWith('cdktf.out')) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(source, target, rewrites);
    } else if (entry.name.endsWith('.ts')) {
      const text = fs.readFileSync(source, 'utf8');
      const rewritten = toRootImports(text);
      if (rewritten !== text) rewrites.push(path.relative(to, target) || entry.name);
      fs.writeFileSync(target, rewritten);
    } else if (entry.name.endsWith('.json')) {
      fs.copyFileSync(source, target);
    }
  }
}

/**
 * Write the baseline program for the project at `root` into a new temporary directory.
 * Returns its directory, the command that runs it, and how many files had their imports rewritten.
 */
function generateBaseline(root) {
  const dir = scratchDir('platform-bench-baseline-');
  const rewrites = [];
  copyTree(root, dir, rewrites);
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  fs.copyFileSync(path.join(__dirname, 'baseline-register.js'), path.join(dir, 'ts-register.js'));
  return { dir, command: ['node', '-r', './ts-register.js', 'main.ts'], rewrittenFiles: rewrites.length };
}

module.exports = { generateBaseline, toRootImports };
