// The baseline's TypeScript loader, copied into the generated baseline program by tools/bench/baseline.js.
// A `cdktf init` project runs `npx ts-node main.ts`. ts-node is not installed in this repository, so this
// is the closest equivalent we have: TypeScript's own compiler (`transpileModule`, per file, on every run,
// no cache), which is what ts-node does in its transpile-only mode. Default ts-node also type-checks each
// file, so the real `cdktf init` baseline is slower than this one.
'use strict';
const fs = require('fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = function loadTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  module._compile(ts.transpileModule(source, { fileName: filename, compilerOptions }).outputText, filename);
};
