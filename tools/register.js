// How the app runs (`npm run synth`, cdktf.json's `node -r ./tools/register.js main.ts`): a require hook for
// `.ts` that transpiles with sucrase (no type-check: that is `npm run typecheck`, once) and keeps the output in
// a content-addressed cache, so a warm start neither loads sucrase nor transpiles. It also defers two
// dependencies cdktf loads eagerly but this app never calls (archiver: zipping assets; semver: checking a
// terraform binary's version), which are a third of cdktf's start-up. (cdktf's per-token stack traces are
// turned off in vocabulary/cdktf.ts, for every way the app runs, tests included.) Measured in docs/benchmark.md.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** PLATFORM_TS_CACHE=off disables the cache; any other value is the cache directory. */
const CACHE_SETTING = process.env.PLATFORM_TS_CACHE;
const CACHE_DIR =
  CACHE_SETTING && CACHE_SETTING !== 'off' ? path.resolve(CACHE_SETTING) : path.join(ROOT, 'node_modules', '.cache', 'platform-ts');
const SUCRASE_OPTIONS = { transforms: ['typescript', 'imports'] };

let sucrase;
let cacheKey;
function keyPrefix() {
  // the cache is only valid for one sucrase version and one set of options
  cacheKey ??= `${require('sucrase/package.json').version}\0${JSON.stringify(SUCRASE_OPTIONS)}\0`;
  return cacheKey;
}

function transpile(source, filename) {
  sucrase ??= require('sucrase');
  // sucrase keeps line numbers, so stack traces point at the right line of the .ts file without a source map
  return sucrase.transform(source, { ...SUCRASE_OPTIONS, filePath: filename }).code;
}

function cachedTranspile(source, filename) {
  if (CACHE_SETTING === 'off') return transpile(source, filename);
  const hash = crypto.createHash('sha256').update(keyPrefix()).update(filename).update('\0').update(source).digest('hex');
  const file = path.join(CACHE_DIR, hash.slice(0, 2), `${hash}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const code = transpile(source, filename);
    try {
      // write then rename: concurrent runs never see a half-written entry
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, file);
    } catch {
      // a read-only or full disk only costs the cache, never the run
    }
    return code;
  }
}

require.extensions['.ts'] = function loadTs(module, filename) {
  module._compile(cachedTranspile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

/** A stand-in that loads the real module on first use (a call or a property read). */
function deferred(load) {
  let real;
  const target = () => (real ??= load());
  return new Proxy(function deferredModule() {}, {
    apply: (_f, self, args) => Reflect.apply(target(), self, args),
    construct: (_f, args) => Reflect.construct(target(), args),
    get: (_f, key) => Reflect.get(target(), key),
    has: (_f, key) => Reflect.has(target(), key),
  });
}

// Only for requests from cdktf's own files, which use them inside functions, never at load.
const DEFERRED = new Set(['archiver', 'semver']);
const CDKTF_LIB = `${path.sep}node_modules${path.sep}cdktf${path.sep}lib${path.sep}`;
const load = Module._load;
Module._load = function loadDeferred(request, parent, isMain) {
  const fromCdktf = parent?.filename?.includes(CDKTF_LIB) ?? false;
  if (fromCdktf && DEFERRED.has(request)) {
    return deferred(() => load.call(Module, request, parent, false));
  }
  return load.call(this, request, parent, isMain);
};
